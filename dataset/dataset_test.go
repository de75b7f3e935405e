package dataset

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
)

// Three events in the nested JSON shape: two process starts an hour apart
// and a registry write between them.
const events = `{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws01.corp.example","EventRecordID":10,"TimeCreated":{"SystemTime":"2026-03-01T10:00:00.0000000Z"}},"EventData":{"UtcTime":"2026-03-01 10:00:00.000","Image":"C:\\Windows\\System32\\sc.exe","CommandLine":"sc create evil binPath= cmd.exe","ParentImage":"C:\\Windows\\System32\\cmd.exe","User":"CORP\\alice"}}}
{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":13,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws01.corp.example","EventRecordID":11,"TimeCreated":{"SystemTime":"2026-03-01T10:30:00.0000000Z"}},"EventData":{"EventType":"SetValue","UtcTime":"2026-03-01 10:30:00.000","Image":"C:\\Windows\\system32\\services.exe","TargetObject":"HKLM\\System\\CurrentControlSet\\Services\\evil\\Start","Details":"DWORD (0x00000002)"}}}
{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws01.corp.example","EventRecordID":12,"TimeCreated":{"SystemTime":"2026-03-01T11:00:00.0000000Z"}},"EventData":{"UtcTime":"2026-03-01 11:00:00.000","Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami","ParentImage":"C:\\Windows\\System32\\cmd.exe","User":"CORP\\alice"}}}
`

func load(t *testing.T) *Dataset {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.json")
	if err := os.WriteFile(path, []byte(events), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Load(context.Background(), Options{}, path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadBuildsTables(t *testing.T) {
	d := load(t)
	if got := d.RowCount("DeviceProcessEvents"); got != 2 {
		t.Errorf("DeviceProcessEvents has %d rows, want 2", got)
	}
	if got := d.RowCount("DeviceRegistryEvents"); got != 1 {
		t.Errorf("DeviceRegistryEvents has %d rows, want 1", got)
	}
	tab, _ := d.All().Table("DeviceRegistryEvents")
	rows := tab.Rows()
	get := func(col string) any {
		i := tab.Column(col)
		if i < 0 {
			t.Fatalf("no column %s", col)
		}
		return rows[0][i]
	}
	if got := get("RegistryValueData"); got != "2" {
		t.Errorf("RegistryValueData = %v, want 2", got)
	}
	// Sentinel's columns are filled from the Defender ones.
	if got, want := get("TimeGenerated"), get("Timestamp"); got != want {
		t.Errorf("TimeGenerated = %v, want Timestamp's %v", got, want)
	}
	if got := get("Type"); got != "DeviceRegistryEvents" {
		t.Errorf("Type = %v", got)
	}
	times := d.EventTimes()
	if len(times) != 3 || !times[0].Equal(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("event times = %v", times)
	}
}

func TestWindowIsHalfOpen(t *testing.T) {
	d := load(t)
	at := func(h, m int) time.Time { return time.Date(2026, 3, 1, h, m, 0, 0, time.UTC) }
	cases := []struct {
		from, to time.Time
		want     int
	}{
		{at(9, 0), at(10, 0), 1},  // 10:00 is inside (09:00, 10:00]
		{at(10, 0), at(11, 0), 1}, // 10:00 is outside (10:00, 11:00], 11:00 inside
		{at(10, 0), at(10, 59), 0},
		{at(0, 0), at(23, 0), 2},
	}
	for _, c := range cases {
		tab, ok := d.Window(c.from, c.to).Table("DeviceProcessEvents")
		if !ok {
			t.Fatal("DeviceProcessEvents missing")
		}
		if got := tab.NumRows(); got != c.want {
			t.Errorf("window (%s, %s] has %d rows, want %d", c.from.Format("15:04"), c.to.Format("15:04"), got, c.want)
		}
	}
}

func TestKnownTablesAlwaysExist(t *testing.T) {
	d := load(t)
	tab, ok := d.All().Table("DeviceNetworkEvents")
	if !ok || tab.NumRows() != 0 || len(tab.Columns) == 0 {
		t.Errorf("DeviceNetworkEvents: ok=%v rows=%d columns=%d, want an empty table with its schema", ok, tab.NumRows(), len(tab.Columns))
	}
	if _, ok := d.All().Table("NoSuchTable"); ok {
		t.Error("an unknown table must not exist")
	}
}

func TestAdditionalFieldsIsABag(t *testing.T) {
	svc := `{"Event":{"System":{"Provider":{"Name":"Service Control Manager"},"EventID":{"Value":"7045","Qualifiers":"16384"},"Channel":"System","Computer":"ws01","TimeCreated":{"SystemTime":"2026-03-01T10:00:00Z"}},"EventData":{"ServiceName":"evil","ImagePath":"cmd.exe /c x","ServiceType":"user mode service","StartType":"auto start","AccountName":"LocalSystem"}}}`
	path := filepath.Join(t.TempDir(), "svc.json")
	if err := os.WriteFile(path, []byte(svc), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Load(context.Background(), Options{}, path)
	if err != nil {
		t.Fatal(err)
	}
	tab, _ := d.All().Table("DeviceEvents")
	i := tab.Column("AdditionalFields")
	if i < 0 || tab.Columns[i].Type != types.Dynamic {
		t.Fatalf("AdditionalFields column %d, want a dynamic column", i)
	}
	bag, ok := tab.Rows()[0][i].(map[string]any)
	if !ok {
		t.Fatalf("AdditionalFields = %#v, want a property bag", tab.Rows()[0][i])
	}
	if bag["ServiceName"] != "evil" || bag["ServiceStartType"] != int64(2) {
		t.Errorf("AdditionalFields = %v, want ServiceName evil and ServiceStartType 2", bag)
	}
}

func TestSameEventTwiceKeptOnce(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.json", "b.json"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(events), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Load(context.Background(), Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.RowCount("DeviceProcessEvents"); got != 2 {
		t.Errorf("DeviceProcessEvents has %d rows, want 2: each event once", got)
	}
	// Three events, each a Defender row and an Event row, read twice.
	if d.Duplicates != 6 {
		t.Errorf("%d duplicates counted, want 6", d.Duplicates)
	}
}
