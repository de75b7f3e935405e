package mapping

import (
	"testing"

	"github.com/quarry-kql/quarry/source"
	"github.com/quarry-kql/quarry/source/winevent"
)

func TestSecurityEventProcessColumn(t *testing.T) {
	cases := []struct {
		id     int
		fields []winevent.Field
		want   string
	}{
		{4688, []winevent.Field{{Name: "NewProcessName", Value: `C:\Windows\System32\rundll32.exe`}, {Name: "ParentProcessName", Value: `C:\Windows\explorer.exe`}}, "rundll32.exe"},
		{4624, []winevent.Field{{Name: "ProcessName", Value: `C:\Windows\System32\svchost.exe`}}, "svchost.exe"},
		{4624, []winevent.Field{{Name: "ProcessName", Value: "-"}}, ""},
		{1102, nil, ""},
	}
	for _, c := range cases {
		e := &winevent.Event{Provider: "Microsoft-Windows-Security-Auditing", Channel: "Security", EventID: c.id, Computer: "h1", Data: c.fields}
		rows := NewMapper().Map(&source.Record{Event: e})
		row := rowOf(t, rows, "SecurityEvent")
		if got, _ := row.Get("Process"); got != c.want {
			t.Errorf("event %d: Process = %q, want %q", c.id, got, c.want)
		}
	}
}

func TestSysmonParentPlaceholder(t *testing.T) {
	e := &winevent.Event{Provider: "Microsoft-Windows-Sysmon", Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Computer: "h1",
		Data: []winevent.Field{{Name: "Image", Value: `C:\Windows\System32\smss.exe`}, {Name: "ParentImage", Value: "-"}}}
	row := rowOf(t, NewMapper().Map(&source.Record{Event: e}), "DeviceProcessEvents")
	for _, col := range []string{"InitiatingProcessFileName", "InitiatingProcessFolderPath"} {
		if got, _ := row.Get(col); got != "" {
			t.Errorf("%s = %q, want empty for the placeholder -", col, got)
		}
	}
}
