package kql

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/schema"
)

// tableFromRecords builds a table with a Defender schema from records
// keyed by column name; columns a record lacks are empty.
func tableFromRecords(t *testing.T, name string, records []map[string]any) *column.Table {
	t.Helper()
	def, ok := schema.Defender().Lookup(name)
	if !ok {
		t.Fatalf("schema has no table %s", name)
	}
	tb := column.NewTableBuilder(def.Columns, 0)
	for i, r := range records {
		row := make([]any, len(def.Columns))
		for k, v := range r {
			c := def.Column(k)
			if c < 0 {
				t.Fatalf("record %d: table %s has no column %s", i, name, k)
			}
			row[c] = v
		}
		if err := tb.AppendRow(row); err != nil {
			t.Fatal(err)
		}
	}
	return tb.Build()
}

// seedQuery reads the published T1543 detection query from the shared
// test material, or skips the test.
func seedQuery(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedtest.Dir(t, "seed"), "T1543-seed-query.kql"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeedT1543Branches(t *testing.T) {
	query := seedQuery(t)
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	procs := tableFromRecords(t, "DeviceProcessEvents", []map[string]any{
		// Branch 1: sc.exe create.
		{"Timestamp": at(2 * time.Hour), "DeviceName": "host1", "AccountName": "alice", "FileName": "sc.exe",
			"ProcessCommandLine":        `sc.exe create EvilSvc binPath= C:\Users\Public\evil.exe`,
			"InitiatingProcessFileName": "cmd.exe", "InitiatingProcessCommandLine": "cmd.exe /c install.bat"},
		// Branch 1: PowerShell New-Service.
		{"Timestamp": at(3 * time.Hour), "DeviceName": "host2", "AccountName": "bob", "FileName": "PowerShell.exe",
			"ProcessCommandLine":        `powershell.exe New-Service -Name Bad -BinaryPathName C:\Temp\bad.exe`,
			"InitiatingProcessFileName": "explorer.exe", "InitiatingProcessCommandLine": "explorer.exe"},
		// Branches 1 and 3: sc.exe create started by Word.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host3", "AccountName": "carol", "FileName": "SC.EXE",
			"ProcessCommandLine":        `sc create Updater binPath= C:\ProgramData\u.exe`,
			"InitiatingProcessFileName": "WINWORD.EXE", "InitiatingProcessCommandLine": `"WINWORD.EXE" /n invoice.docm`},
		// Noise: sc.exe without create or config.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host1", "AccountName": "alice", "FileName": "sc.exe",
			"ProcessCommandLine": "sc query EvilSvc", "InitiatingProcessFileName": "winword.exe"},
		// Noise: "createx" is not the term "create".
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host1", "AccountName": "alice", "FileName": "sc.exe",
			"ProcessCommandLine": "sc createx foo", "InitiatingProcessFileName": "cmd.exe"},
		// Noise: older than 24 hours.
		{"Timestamp": at(30 * time.Hour), "DeviceName": "host4", "AccountName": "dave", "FileName": "sc.exe",
			"ProcessCommandLine": "sc create Old binPath= C:\\old.exe", "InitiatingProcessFileName": "mshta.exe"},
		// Noise: PowerShell without a service cmdlet.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host2", "AccountName": "bob", "FileName": "powershell.exe",
			"ProcessCommandLine": "powershell.exe Get-Service", "InitiatingProcessFileName": "explorer.exe"},
		// Noise: another program.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host5", "AccountName": "erin", "FileName": "notepad.exe",
			"ProcessCommandLine": "notepad.exe create config", "InitiatingProcessFileName": "explorer.exe"},
	})
	registry := tableFromRecords(t, "DeviceRegistryEvents", []map[string]any{
		// Branch 2 (not in the final union): ImagePath in a temp folder.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host1", "InitiatingProcessAccountName": "alice",
			"RegistryKey":       `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\EvilSvc`,
			"RegistryValueName": "ImagePath", "RegistryValueData": `C:\Users\Public\Temp\evil.exe`,
			"InitiatingProcessFileName": "sc.exe"},
		// Branch 4 (not in the final union): autostart set by a script host.
		{"Timestamp": at(1 * time.Hour), "DeviceName": "host1", "InitiatingProcessAccountName": "alice",
			"RegistryKey":       `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\EvilSvc`,
			"RegistryValueName": "Start", "RegistryValueData": "2", "InitiatingProcessFileName": "wscript.exe"},
	})
	cat := NewCatalog()
	cat.Add("DeviceProcessEvents", procs)
	cat.Add("DeviceRegistryEvents", registry)
	q, err := Compile(query, cat)
	if err != nil {
		t.Fatalf("compile the seed query: %v", err)
	}
	wantCols := []string{"Timestamp", "DeviceName", "AccountName", "FileName", "ProcessCommandLine",
		"InitiatingProcessFileName", "InitiatingProcessCommandLine", "DetectionType"}
	for _, variant := range []Options{{Now: now}, {Now: now, BatchSize: 1, Parallelism: 1}, {Now: now, BatchSize: 3, Parallelism: 4}} {
		res, err := q.Run(context.Background(), variant)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Columns) != len(wantCols) {
			t.Fatalf("got %d columns, want %d", len(res.Columns), len(wantCols))
		}
		for i, c := range wantCols {
			if res.Columns[i].Name != c {
				t.Errorf("column %d is %s, want %s", i, res.Columns[i].Name, c)
			}
		}
		rows := res.Rows()
		type hit struct{ device, detection string }
		var got []hit
		for _, r := range rows {
			got = append(got, hit{r[1].(string), r[7].(string)})
		}
		if len(got) != 4 {
			t.Fatalf("batch size %d: got %d rows %v, want 4", variant.BatchSize, len(got), got)
		}
		// Newest first: host3 (both branches) then host1, then host2.
		if got[0].device != "host3" || got[1].device != "host3" {
			t.Errorf("first two rows %v, want host3 twice", got[:2])
		}
		if got[0].detection == got[1].detection {
			t.Errorf("host3 rows both have detection %s, want one from each branch", got[0].detection)
		}
		if got[2] != (hit{"host1", "NewServiceCreation"}) {
			t.Errorf("row 2 = %v, want host1 NewServiceCreation", got[2])
		}
		if got[3] != (hit{"host2", "NewServiceCreation"}) {
			t.Errorf("row 3 = %v, want host2 NewServiceCreation", got[3])
		}
		for i := 1; i < len(rows); i++ {
			prev, cur := rows[i-1][0], rows[i][0]
			if orderedAfter(cur, prev) {
				t.Errorf("row %d is newer than row %d", i, i-1)
			}
		}
		for _, h := range got {
			if h.detection == "SuspiciousServiceBinaryPath" || h.detection == "AutostartServiceRegistered" {
				t.Errorf("row from branch %s, which the final union omits", h.detection)
			}
		}
	}
}

func orderedAfter(a, b any) bool {
	x, _ := a.(interface{ String() string })
	y, _ := b.(interface{ String() string })
	return x != nil && y != nil && x.String() > y.String()
}
