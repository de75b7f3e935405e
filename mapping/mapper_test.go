package mapping

import (
	"strings"
	"testing"
)

func TestMapperStats(t *testing.T) {
	m, _ := mapAll(t, "events.jsonl")
	stats := map[string]Stat{}
	for _, s := range m.Stats() {
		stats[s.Key.String()] = s
	}

	sysmonRegistry := stats["Microsoft-Windows-Sysmon/Operational (Microsoft-Windows-Sysmon) 12"]
	if sysmonRegistry.Records != 3 || sysmonRegistry.Rows["DeviceRegistryEvents"] != 2 || sysmonRegistry.Rows["Event"] != 3 {
		t.Errorf("Sysmon 12 stat = %+v, want 3 records, 2 registry rows, 3 Event rows", sysmonRegistry)
	}
	if sysmonRegistry.SentinelOnly != 1 || sysmonRegistry.Reasons[`Sysmon registry EventType "Weird" has no Defender action`] != 1 {
		t.Errorf("Sysmon 12 unmapped = %d %v, want 1 with the EventType reason", sysmonRegistry.SentinelOnly, sysmonRegistry.Reasons)
	}

	network := stats["Microsoft-Windows-Sysmon/Operational (Microsoft-Windows-Sysmon) 3"]
	if network.Records != 1 || network.SentinelOnly != 1 || len(network.Reasons) != 0 {
		t.Errorf("Sysmon 3 stat = %+v, want one event only in Sentinel tables", network)
	}

	logon := stats["Security (Microsoft-Windows-Security-Auditing) 4624"]
	if logon.Records != 2 || logon.Rows["SecurityEvent"] != 2 || logon.SentinelOnly != 2 {
		t.Errorf("4624 stat = %+v, want 2 SecurityEvent rows only", logon)
	}

	process := stats["Security (Microsoft-Windows-Security-Auditing) 4688"]
	if process.Records != 2 || process.Rows["DeviceProcessEvents"] != 2 || process.SentinelOnly != 0 {
		t.Errorf("4688 stat = %+v, want 2 DeviceProcessEvents rows", process)
	}

	// Stats list Windows events by channel, provider and event ID.
	all := m.Stats()
	for i := 1; i < len(all); i++ {
		a, b := all[i-1].Key, all[i].Key
		if a.Channel > b.Channel || a.Channel == b.Channel && a.Provider == b.Provider && a.EventID > b.EventID {
			t.Errorf("stats out of order: %s before %s", a, b)
		}
	}

	text := m.StatsString()
	want := "Microsoft-Windows-Sysmon/Operational (Microsoft-Windows-Sysmon) 3: 1 records; Event 1; 1 only in Sentinel tables\n"
	if !strings.Contains(text, want) {
		t.Errorf("StatsString lacks %q:\n%s", want, text)
	}
}

func TestMapperBadNumberProblem(t *testing.T) {
	m, rows := mapAll(t, "events.jsonl")
	var whoami *Row
	for i, r := range rows {
		if v, _ := r.Get("FileName"); v == "whoami.exe" {
			whoami = &rows[i]
		}
	}
	if whoami == nil {
		t.Fatal("no row for whoami.exe")
	}
	expectColumns(t, *whoami, map[string]any{"ProcessId": nil, "InitiatingProcessId": int64(4000)})

	problems, n := m.Problems()
	found := false
	for _, p := range problems {
		if p.Origin.Line == 16 && strings.Contains(p.Detail, `ProcessId "abc"`) {
			found = true
		}
	}
	if n != 2 || !found {
		t.Errorf("problems = %v (%d), want ProcessId \"abc\" on line 16 and LogonType on line 17", problems, n)
	}
}
