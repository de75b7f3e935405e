package source

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/source/winevent"
)

// readFile reads one testdata file and fails the test on any problem.
func readFile(t *testing.T, name string) ([]*Record, *FileSummary) {
	t.Helper()
	r := NewReader(Options{})
	var recs []*Record
	for rec := range r.Records(filepath.Join("testdata", name)) {
		recs = append(recs, rec)
	}
	files := r.Summary().Files
	if len(files) != 1 {
		t.Fatalf("summary has %d files, want 1", len(files))
	}
	return recs, files[0]
}

func requireNoProblems(t *testing.T, f *FileSummary) {
	t.Helper()
	for _, p := range f.Details {
		t.Errorf("unexpected problem: %s", p)
	}
}

func field(t *testing.T, e *winevent.Event, name string) string {
	t.Helper()
	v, ok := e.Get(name)
	if !ok {
		t.Errorf("event %d has no field %q", e.EventID, name)
	}
	return v
}

func TestNestedShape(t *testing.T) {
	recs, sum := readFile(t, "nested.jsonl")
	requireNoProblems(t, sum)
	if sum.Format != FormatJSON || len(recs) != 4 {
		t.Fatalf("format %s, %d records; want json, 4", sum.Format, len(recs))
	}

	sysmon := recs[0].Event
	if recs[0].Shape != ShapeNested {
		t.Errorf("shape = %q, want %q", recs[0].Shape, ShapeNested)
	}
	if sysmon.EventID != 1 || sysmon.Provider != "Microsoft-Windows-Sysmon" || sysmon.Channel != "Microsoft-Windows-Sysmon/Operational" {
		t.Errorf("System = %d %q %q", sysmon.EventID, sysmon.Provider, sysmon.Channel)
	}
	if sysmon.RecordID != 1201 || sysmon.ProcessID != 2212 || sysmon.ThreadID != 3010 || sysmon.Version != 5 || sysmon.Task != 1 {
		t.Errorf("numbers = %d %d %d %d %d", sysmon.RecordID, sysmon.ProcessID, sysmon.ThreadID, sysmon.Version, sysmon.Task)
	}
	want := time.Date(2026, 2, 10, 9, 15, 2, 119000000, time.UTC)
	if !sysmon.TimeCreated.Equal(want) {
		t.Errorf("TimeCreated = %v, want %v", sysmon.TimeCreated, want)
	}
	if sysmon.UserID != "S-1-5-18" || sysmon.Computer != "ws01.lab.local" {
		t.Errorf("UserID %q Computer %q", sysmon.UserID, sysmon.Computer)
	}
	if got := field(t, sysmon, "CommandLine"); got != "sc.exe  query wsearch" {
		t.Errorf("CommandLine = %q", got)
	}
	if sysmon.Data[0].Name != "CommandLine" || sysmon.Data[len(sysmon.Data)-1].Name != "UtcTime" {
		t.Errorf("payload order not kept: %v", sysmon.Data)
	}

	svc := recs[1].Event
	if svc.EventID != 7045 || svc.Qualifiers != 16384 || svc.Provider != "Service Control Manager" {
		t.Errorf("7045 System = %d %d %q", svc.EventID, svc.Qualifiers, svc.Provider)
	}
	if svc.ProviderGUID != "{555908d1-a6d7-4695-8e1e-26931d2012f4}" {
		t.Errorf("ProviderGUID = %q", svc.ProviderGUID)
	}
	if got := field(t, svc, "ImagePath"); got != `C:\Program Files\Backup\agent.exe` {
		t.Errorf("ImagePath = %q", got)
	}

	cleared := recs[2].Event
	if got := field(t, cleared, "SubjectUserName"); got != "admin" {
		t.Errorf("UserData SubjectUserName = %q", got)
	}
	if _, ok := cleared.Get("xmlns"); ok {
		t.Errorf("namespace declaration kept as a field")
	}

	unnamed := recs[3].Event
	wantData := []winevent.Field{{Name: "", Value: "Stopped"}, {Name: "", Value: "Available"}, {Name: "Binary", Value: ""}}
	if len(unnamed.Data) != 3 {
		t.Fatalf("unnamed Data = %v, want %v", unnamed.Data, wantData)
	}
	for _, w := range wantData {
		found := false
		for _, f := range unnamed.Data {
			if f == w {
				found = true
			}
		}
		if !found {
			t.Errorf("field %+v missing from %v", w, unnamed.Data)
		}
	}
}

func TestNestedAttributesShape(t *testing.T) {
	recs, sum := readFile(t, "attributes.json")
	requireNoProblems(t, sum)
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	for _, rec := range recs {
		if rec.Shape != ShapeNestedAttributes {
			t.Errorf("shape = %q, want %q", rec.Shape, ShapeNestedAttributes)
		}
	}
	reg := recs[0].Event
	if reg.EventID != 13 || reg.Provider != "Microsoft-Windows-Sysmon" || reg.RecordID != 4521 || reg.ProcessID != 2212 {
		t.Errorf("System = %d %q %d %d", reg.EventID, reg.Provider, reg.RecordID, reg.ProcessID)
	}
	if got := field(t, reg, "ProcessId"); got != "688" {
		t.Errorf("numeric EventData ProcessId = %q, want \"688\"", got)
	}
	if recs[0].Origin.Line != 1 || recs[1].Origin.Line != 51 {
		t.Errorf("lines = %d, %d; want 1, 51", recs[0].Origin.Line, recs[1].Origin.Line)
	}

	svc := recs[1].Event
	if svc.EventID != 7045 || svc.Qualifiers != 16384 || svc.Provider != "Service Control Manager" || svc.UserID != "S-1-5-18" {
		t.Errorf("xmltodict System = %d %d %q %q", svc.EventID, svc.Qualifiers, svc.Provider, svc.UserID)
	}
	if got := field(t, svc, "ImagePath"); got != `C:\Windows\System32\spoolsv.exe` {
		t.Errorf("xmltodict ImagePath = %q", got)
	}
}

func TestFlatShape(t *testing.T) {
	recs, sum := readFile(t, "flat.jsonl")
	requireNoProblems(t, sum)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}

	proc := recs[0].Event
	if recs[0].Shape != ShapeFlat || proc.EventID != 4688 || proc.Computer != "WS04" || proc.Task != 13312 {
		t.Errorf("4688 = %q %d %q %d", recs[0].Shape, proc.EventID, proc.Computer, proc.Task)
	}
	if _, ok := proc.Get("Message"); ok {
		t.Errorf("Message kept as a payload field")
	}
	if got := field(t, proc, "NewProcessId"); got != "0x1f40" {
		t.Errorf("NewProcessId = %q", got)
	}

	// NXLog overwrites the 7045 AccountName with the account of its UserID.
	svc := recs[1].Event
	if _, ok := svc.Get("AccountName"); ok {
		t.Errorf("NXLog AccountName kept as the service account")
	}
	if _, ok := svc.Get("EventType"); ok {
		t.Errorf("NXLog EventType kept as a payload field")
	}
	if svc.UserID != "S-1-5-21-1111111111-2222222222-3333333333-1104" || svc.RecordID != 412 || svc.ProcessID != 640 || svc.ThreadID != 712 {
		t.Errorf("NXLog System = %q %d %d %d", svc.UserID, svc.RecordID, svc.ProcessID, svc.ThreadID)
	}
	if svc.Keywords != "0x8080000000000000" {
		t.Errorf("Keywords = %q, want 0x8080000000000000", svc.Keywords)
	}
	wantTime := time.Date(2026, 2, 10, 12, 5, 3, 500000000, time.UTC)
	if !svc.TimeCreated.Equal(wantTime) {
		t.Errorf("TimeCreated = %v, want @timestamp %v", svc.TimeCreated, wantTime)
	}
	if got := field(t, svc, "ImagePath"); got != `C:\Windows\Temp\upd.exe` {
		t.Errorf("ImagePath = %q", got)
	}

	// With EventTypeOrignal present, EventType is Sysmon's.
	reg := recs[2].Event
	if got := field(t, reg, "EventType"); got != "SetValue" {
		t.Errorf("Sysmon EventType = %q, want SetValue", got)
	}
}

func TestArrayShape(t *testing.T) {
	recs, sum := readFile(t, "array.json")
	requireNoProblems(t, sum)
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	if recs[1].Origin.Line != 3 {
		t.Errorf("second element on line %d, want 3", recs[1].Origin.Line)
	}
	if got := field(t, recs[1].Event, "NewProcessName"); got != `C:\Windows\System32\hostname.exe` {
		t.Errorf("NewProcessName = %q", got)
	}
}

func TestTableRowShapes(t *testing.T) {
	recs, sum := readFile(t, "sentinel.jsonl")
	requireNoProblems(t, sum)
	wantTables := []string{"SecurityEvent", "Event", "DeviceEvents", "IdentityDirectoryEvents", "DeviceProcessEvents"}
	if len(recs) != len(wantTables) {
		t.Fatalf("%d records, want %d", len(recs), len(wantTables))
	}
	for i, rec := range recs {
		if rec.Row == nil {
			t.Fatalf("record %d is not a row", i)
		}
		if rec.Row.Table != wantTables[i] {
			t.Errorf("row %d table = %q, want %q", i, rec.Row.Table, wantTables[i])
		}
	}
	if recs[0].Shape != ShapeSentinelRow || recs[2].Shape != ShapeDefenderRow {
		t.Errorf("shapes = %q, %q", recs[0].Shape, recs[2].Shape)
	}

	// Type-suffixed columns merge into their base name.
	ldap := recs[2].Row
	if v, _ := ldap.Get("ReportId"); v != json.Number("113597") {
		t.Errorf("ReportId = %#v, want 113597", v)
	}
	if v, _ := ldap.Get("AdditionalFields"); v != `{"ScopeOfSearch":"Base"}` {
		t.Errorf("AdditionalFields = %#v", v)
	}
	for _, c := range ldap.Columns {
		if c.Name == "ReportId_long" || c.Name == "AdditionalFields_dynamic" {
			t.Errorf("suffixed column %q kept", c.Name)
		}
	}
	if v, _ := recs[0].Row.Get("ProcessId"); v != "0x0" {
		t.Errorf("ProcessId_string merged as %#v", v)
	}
	if v, _ := recs[4].Row.Get("AdditionalFields"); v.(map[string]any)["ProcessStartKey"] != "1" {
		t.Errorf("nested object = %#v", v)
	}
}

func TestDecideTableByAction(t *testing.T) {
	cases := map[string]string{
		"ProcessCreated":              "DeviceProcessEvents",
		"ProcessCreatedUsingWmiQuery": "DeviceEvents",
		"ConnectionSuccess":           "DeviceNetworkEvents",
		"ConnectionFailed":            "DeviceNetworkEvents",
		"DnsConnectionInspected":      "DeviceNetworkEvents",
		"InboundConnectionAccepted":   "DeviceNetworkEvents",
		"RegistryValueSet":            "DeviceRegistryEvents",
		"RegistryKeyDeleted":          "DeviceRegistryEvents",
		"FileCreated":                 "DeviceFileEvents",
		"FileRenamed":                 "DeviceFileEvents",
		"ImageLoaded":                 "DeviceImageLoadEvents",
		"LogonSuccess":                "DeviceLogonEvents",
		"ServiceInstalled":            "DeviceEvents",
		"AntivirusScanCompleted":      "DeviceEvents",
	}
	for action, want := range cases {
		row := &Row{Columns: []Column{{"Timestamp", "2026-02-10T00:00:00Z"}, {"DeviceId", "d"}, {"ActionType", action}}}
		got, ok := DecideTable(row)
		if !ok || got != want {
			t.Errorf("ActionType %s: table %q, %v; want %q", action, got, ok, want)
		}
	}
	if _, ok := DecideTable(&Row{Columns: []Column{{"Timestamp", "2026-02-10T00:00:00Z"}, {"Foo", "x"}}}); ok {
		t.Errorf("a row with no known column got a table")
	}
}

func TestDefenderCSV(t *testing.T) {
	recs, sum := readFile(t, "defender.csv")
	requireNoProblems(t, sum)
	if sum.Format != FormatCSV || len(recs) != 6 {
		t.Fatalf("format %s, %d records; want csv, 6", sum.Format, len(recs))
	}
	wantTables := []string{"DeviceProcessEvents", "DeviceNetworkEvents", "DeviceRegistryEvents", "DeviceFileEvents", "DeviceEvents", "DeviceEvents"}
	for i, rec := range recs {
		if rec.Shape != ShapeCSVRow || rec.Row.Table != wantTables[i] {
			t.Errorf("row %d: %q %q, want %q", i, rec.Shape, rec.Row.Table, wantTables[i])
		}
	}
	if v, _ := recs[0].Row.Get("ProcessCommandLine"); v != `cmd.exe /c "echo a,b"` {
		t.Errorf("quoted field = %q", v)
	}
	if v, _ := recs[0].Row.Get("AdditionalFields"); v != "" {
		t.Errorf("last empty field = %q, want \"\"", v)
	}
	if v, _ := recs[4].Row.Get("AdditionalFields"); v != `{"ServiceName":"Agent","ServiceStartType":3}` {
		t.Errorf("doubled quotes = %q", v)
	}
	if v, _ := recs[5].Row.Get("ProcessCommandLine"); v != "line one\nline two" {
		t.Errorf("multi-line field = %q", v)
	}
	if recs[0].Origin.Line != 2 || recs[5].Origin.Line != 7 {
		t.Errorf("lines = %d, %d; want 2, 7", recs[0].Origin.Line, recs[5].Origin.Line)
	}
}

func TestSingleAndConcatenatedObjects(t *testing.T) {
	event := `{"EventID":1,"Channel":"c","Hostname":"h","TimeCreated":"2026-02-10T00:00:00Z"}`
	for _, c := range []struct {
		name string
		text string
		want int
	}{
		{"single.json", event, 1},
		{"single-pretty.json", "{\n  \"EventID\": 1,\n  \"Channel\": \"c\",\n  \"Hostname\": \"h\",\n  \"TimeCreated\": \"2026-02-10T00:00:00Z\"\n}\n\n", 1},
		{"same-line.json", event + event + " " + event + "\n", 3},
		{"one-line-array.json", "[" + event + "," + event + "]", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(Options{})
			recs := readAll(r, writeTemp(t, c.name, []byte(c.text)))
			requireNoProblems(t, r.Summary().Files[0])
			if len(recs) != c.want {
				t.Errorf("%d records, want %d", len(recs), c.want)
			}
		})
	}
}

func TestStreamingAndWrappedRows(t *testing.T) {
	text := `{"records":[{"Timestamp":"2026-02-10T00:00:00Z","DeviceId":"d","ActionType":"ConnectionSuccess"},{"Timestamp":"2026-02-10T00:00:01Z","DeviceId":"d","ActionType":"FileCreated"}]}
{"time":"2026-02-10T00:00:02Z","tenantId":"t","operationName":"Publish","category":"AdvancedHunting-DeviceRegistryEvents","properties":{"Timestamp":"2026-02-10T00:00:02Z","ActionType":"RegistryValueSet","RegistryKey":"HKEY_LOCAL_MACHINE\\SOFTWARE\\x"}}
`
	r := NewReader(Options{})
	recs := readAll(r, writeTemp(t, "hub.json", []byte(text)))
	requireNoProblems(t, r.Summary().Files[0])
	want := []string{"DeviceNetworkEvents", "DeviceFileEvents", "DeviceRegistryEvents"}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, rec := range recs {
		if rec.Row.Table != want[i] {
			t.Errorf("record %d table %s, want %s", i, rec.Row.Table, want[i])
		}
	}
	if v, _ := recs[2].Row.Get("RegistryKey"); v != `HKEY_LOCAL_MACHINE\SOFTWARE\x` {
		t.Errorf("streaming row RegistryKey = %v", v)
	}
}
