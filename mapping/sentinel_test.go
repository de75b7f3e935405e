package mapping

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/source"
)

func TestSecurityEventFromProcessCreate(t *testing.T) {
	rows := eventRows(t, 102)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want DeviceProcessEvents and SecurityEvent", len(rows))
	}
	row := rowOf(t, rows, "SecurityEvent")
	expectColumns(t, row, map[string]any{
		"TimeGenerated":     utc("2026-03-02T10:00:00.2Z"),
		"Computer":          "ws01.lab.local",
		"EventID":           int64(4688),
		"Channel":           "Security",
		"EventSourceName":   "Microsoft-Windows-Security-Auditing",
		"Level":             "8",
		"Task":              int64(13312),
		"EventRecordId":     "102",
		"SystemProcessId":   int64(2212),
		"Activity":          "4688 - A new process has been created.",
		"Account":           `LAB\alice`,
		"AccountType":       "User",
		"SubjectAccount":    `LAB\alice`,
		"TargetAccount":     `-\-`,
		"CommandLine":       `sc.exe create evil binPath= "cmd.exe /c type %TEMP%\a.txt"`,
		"NewProcessName":    `C:\Windows\System32\sc.exe`,
		"NewProcessId":      "0x1f40",
		"ParentProcessName": `C:\Windows\System32\cmd.exe`,
		"ProcessId":         "0x0fa0",
		"MandatoryLabel":    "S-1-16-12288",
		"Type":              "SecurityEvent",
	})
	data, _ := row.Get("EventData")
	if !strings.Contains(data.(string), `<Data Name="CommandLine">sc.exe create evil binPath= &#34;cmd.exe`) {
		t.Errorf("EventData = %s, want escaped Data elements", data)
	}
}

func TestSecurityEventServiceColumns(t *testing.T) {
	row := rowOf(t, eventRows(t, 111), "SecurityEvent")
	expectColumns(t, row, map[string]any{
		"ServiceName":      "Agent",
		"ServiceFileName":  `"C:\Program Files\Contoso Agent\agent.exe" -service`,
		"ServiceStartType": int64(2),
		"ServiceType":      "0x10",
		"ServiceAccount":   "LocalSystem",
		"Account":          `LAB\WS01$`,
		"AccountType":      "Machine",
	})
}

func TestSecurityEventLogon(t *testing.T) {
	row := rowOf(t, eventRows(t, 115), "SecurityEvent")
	expectColumns(t, row, map[string]any{
		"LogonType":     int64(3),
		"LogonTypeName": "3 - Network",
		"Account":       `LAB\bob`,
		"IpAddress":     "10.0.0.9",
	})
}

func TestSecurityEventBadValue(t *testing.T) {
	var rec *source.Record
	for _, r := range readRecords(t, "events.jsonl") {
		if r.Event.RecordID == 117 {
			rec = r
		}
	}
	m := NewMapper()
	row := rowOf(t, m.Map(rec), "SecurityEvent")
	expectColumns(t, row, map[string]any{"LogonType": nil, "Account": `LAB\carol`})
	problems, n := m.Problems()
	if n != 1 || !strings.Contains(problems[0].Detail, `LogonType "network"`) || problems[0].Origin.Line != 17 {
		t.Errorf("problems = %v (%d), want one for LogonType on line 17", problems, n)
	}
}

func TestEventTableFromSysmon(t *testing.T) {
	rows := eventRows(t, 114)
	if len(rows) != 1 {
		t.Fatalf("%d rows, want the Event row only", len(rows))
	}
	expectColumns(t, rows[0], map[string]any{
		"TimeGenerated":       utc("2026-03-02T10:07:00Z"),
		"Source":              "Microsoft-Windows-Sysmon",
		"EventLog":            "Microsoft-Windows-Sysmon/Operational",
		"Computer":            "ws01.lab.local",
		"EventID":             int64(3),
		"EventLevel":          int64(4),
		"EventLevelName":      "Information",
		"EventCategory":       int64(3),
		"UserName":            `NT AUTHORITY\SYSTEM`,
		"RenderedDescription": "Network connection detected",
		"Type":                "Event",
		"ParameterXml":        "<Param>-</Param><Param>2026-03-02 10:07:00.000</Param><Param>5000</Param><Param>C:\\Windows\\System32\\curl.exe</Param><Param>tcp</Param><Param>10.0.0.8</Param><Param>443</Param>",
	})
}

func TestEventTableFromSystem7045(t *testing.T) {
	row := rowOf(t, eventRows(t, 110), "Event")
	expectColumns(t, row, map[string]any{
		"Source":              "Service Control Manager",
		"EventLog":            "System",
		"EventID":             int64(7045),
		"UserName":            "S-1-5-21-1111111111-2222222222-3333333333-1104",
		"RenderedDescription": "A service was installed in the system.",
	})
}

func mapAll(t *testing.T, name string) (*Mapper, []Row) {
	t.Helper()
	m := NewMapper()
	var rows []Row
	for _, rec := range readRecords(t, name) {
		for _, row := range m.Map(rec) {
			checkContract(t, row)
			rows = append(rows, row)
		}
	}
	return m, rows
}

func TestPassThroughJSONRows(t *testing.T) {
	m, rows := mapAll(t, "rows.jsonl")
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	// The CloudAppEvents row has no schema; its columns are all extras.
	cloud := rows[4]
	if cloud.Table != "CloudAppEvents" || len(cloud.Values) != 0 || len(cloud.Extra) == 0 {
		t.Errorf("fifth row = %+v, want a CloudAppEvents row of extra columns", cloud)
	}

	sec := rows[0]
	expectColumns(t, sec, map[string]any{
		"TimeGenerated":    utc("2026-03-02T11:00:00.5Z"),
		"EventID":          int64(4697),
		"ServiceStartType": int64(2),
		"LogonType":        nil,
		"TenantId":         "00000000-0000-0000-0000-000000000000",
		"Type":             "SecurityEvent",
	})
	if len(sec.Extra) != 2 || sec.Extra[0].Name != "MG" || sec.Extra[0].Type != types.String {
		t.Errorf("extra columns = %+v, want MG and EventOriginId as strings", sec.Extra)
	}

	event := rows[1]
	expectColumns(t, event, map[string]any{"EventData": "<DataItem/>", "EventLevel": int64(4), "Source": "Service Control Manager"})

	// A Sentinel export of a Device table: Defender columns, TimeGenerated
	// copied into Timestamp, the Sentinel-only columns kept as extras.
	proc := rows[2]
	expectColumns(t, proc, map[string]any{
		"Timestamp":        utc("2026-03-02T11:00:02Z"),
		"FileName":         "sc.exe",
		"ReportId":         int64(42),
		"AdditionalFields": `{"ProcessStartKey":"1"}`,
	})
	extras := map[string]Extra{}
	for _, e := range proc.Extra {
		extras[e.Name] = e
	}
	if e := extras["TimeGenerated"]; e.Type != types.DateTime || e.Value != utc("2026-03-02T11:00:02Z") {
		t.Errorf("TimeGenerated extra = %+v, want datetime 2026-03-02T11:00:02Z", e)
	}
	if e := extras["_BilledSize"]; e.Type != types.Real || e.Value != 1.5 {
		t.Errorf("_BilledSize extra = %+v, want real 1.5", e)
	}
	if e := extras["Type"]; e.Value != "DeviceProcessEvents" {
		t.Errorf("Type extra = %+v", e)
	}

	def := rows[3]
	expectColumns(t, def, map[string]any{
		"Timestamp":                        utc("2026-03-02T11:00:03.1234567Z"),
		"ReportId":                         int64(9007199254740993),
		"InitiatingProcessFileSize":        int64(450560),
		"IsInitiatingProcessRemoteSession": true,
		"ProcessCreationTime":              utc("2026-03-02T11:00:03Z"),
	})
	extras = map[string]Extra{}
	for _, e := range def.Extra {
		extras[e.Name] = e
	}
	if e := extras["NewColumn"]; e.Type != types.Long || e.Value != int64(5) {
		t.Errorf("NewColumn extra = %+v, want long 5", e)
	}
	if e := extras["Ratio"]; e.Type != types.Real || e.Value != 0.5 {
		t.Errorf("Ratio extra = %+v, want real 0.5", e)
	}
	if e := extras["Nested"]; e.Type != types.Dynamic || e.Value.(map[string]any)["a"] != 1.0 {
		t.Errorf("Nested extra = %+v, want dynamic {a:1}", e)
	}
	if _, ok := extras["Empty"]; ok {
		t.Errorf("empty extra column kept")
	}
	if _, ok := extras["Nothing"]; ok {
		t.Errorf("null extra column kept")
	}

	bad := rows[5]
	expectColumns(t, bad, map[string]any{"Timestamp": nil, "ProcessId": nil, "FileName": "a.exe"})
	problems, n := m.Problems()
	if n != 3 {
		t.Fatalf("%d problems, want LogonType, Timestamp and ProcessId: %v", n, problems)
	}
	if problems[1].Origin.Line != 6 || !strings.Contains(problems[1].Detail, "Timestamp") {
		t.Errorf("problem = %s, want Timestamp on line 6", problems[1])
	}

	var cloudStat *Stat
	for _, s := range m.Stats() {
		if s.Key.Table == "CloudAppEvents" {
			s := s
			cloudStat = &s
		}
	}
	if cloudStat == nil || cloudStat.Unmapped != 0 || cloudStat.Rows["CloudAppEvents"] != 1 {
		t.Errorf("CloudAppEvents stat = %+v, want one row kept without a schema", cloudStat)
	}
}

func TestPassThroughCSVRows(t *testing.T) {
	_, rows := mapAll(t, "rows.csv")
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	expectColumns(t, rows[0], map[string]any{
		"Timestamp":              utc("2026-03-02T11:00:05.0000001Z"),
		"FileSize":               nil,
		"ProcessId":              int64(16),
		"IsProcessRemoteSession": true,
		"ReportId":               int64(15566),
		"AdditionalFields":       `{"a":1}`,
	})
	if len(rows[0].Extra) != 0 {
		t.Errorf("extras = %+v, want none: the only extra cell is empty", rows[0].Extra)
	}
	expectColumns(t, rows[1], map[string]any{
		"ActionType":  "RegistryValueSet",
		"RegistryKey": `HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\x`,
	})
	if rows[1].Table != "DeviceRegistryEvents" {
		t.Errorf("table = %s, want DeviceRegistryEvents", rows[1].Table)
	}
}

func TestConvertKinds(t *testing.T) {
	cases := []struct {
		in   any
		kind types.Kind
		want any
		fail bool
	}{
		{json.Number("12"), types.Long, int64(12), false},
		{"0x1F", types.Long, int64(31), false},
		{"3.0", types.Int, int64(3), false},
		{"3.5", types.Long, nil, true},
		{"", types.Long, nil, false},
		{true, types.Long, nil, true},
		{"1.25", types.Real, 1.25, false},
		{"True", types.Bool, true, false},
		{json.Number("0"), types.Bool, false, false},
		{"yes", types.Bool, nil, true},
		{nil, types.String, "", false},
		{json.Number("7"), types.String, "7", false},
		{map[string]any{"a": "b"}, types.String, `{"a":"b"}`, false},
		{"{A1B2C3D4-0000-0000-0000-000000000000}", types.Guid, "A1B2C3D4-0000-0000-0000-000000000000", false},
		{"1.02:03:04.5", types.TimeSpan, nil, false},
		{"x", types.DateTime, nil, true},
	}
	for _, c := range cases {
		got, err := convert(c.in, c.kind)
		if (err != nil) != c.fail {
			t.Errorf("convert(%#v, %s) error = %v, want failure %v", c.in, c.kind, err, c.fail)
			continue
		}
		if c.kind == types.TimeSpan {
			continue
		}
		if got != c.want {
			t.Errorf("convert(%#v, %s) = %#v, want %#v", c.in, c.kind, got, c.want)
		}
	}

	d, err := convert("1.02:03:04.5", types.TimeSpan)
	want := 26*time.Hour + 3*time.Minute + 4500*time.Millisecond
	if err != nil || d != want {
		t.Errorf("timespan = %v, %v; want %v", d, err, want)
	}
	dyn, err := convert(`["a",1]`, types.Dynamic)
	if list, ok := dyn.([]any); err != nil || !ok || list[0] != "a" || list[1] != 1.0 {
		t.Errorf("dynamic from JSON text = %#v, %v", dyn, err)
	}
}

func TestWidenKind(t *testing.T) {
	cases := []struct{ a, b, want types.Kind }{
		{types.Long, types.Long, types.Long},
		{types.Int, types.Long, types.Long},
		{types.Long, types.Real, types.Real},
		{types.String, types.Long, types.Dynamic},
		{types.Unknown, types.Bool, types.Bool},
	}
	for _, c := range cases {
		if got := WidenKind(c.a, c.b); got != c.want {
			t.Errorf("WidenKind(%s, %s) = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}
