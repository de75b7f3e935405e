package sample

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/mapping"
	"github.com/quarry-kql/quarry/source"
)

// mapSample reads and maps the whole sample, failing on any problem.
func mapSample(t *testing.T) ([]mapping.Row, *mapping.Mapper) {
	t.Helper()
	r := source.NewReader(source.Options{})
	m := mapping.NewMapper()
	var rows []mapping.Row
	for rec := range r.RecordsFS(FS(), ".") {
		rows = append(rows, m.Map(rec)...)
	}
	for _, f := range r.Summary().Files {
		if f.Format != source.FormatJSON || f.ProblemCount() != 0 {
			t.Errorf("%s: format %s, problems %v", f.Path, f.Format, f.Problems)
		}
		if f.Shapes[source.ShapeNested] != f.Records {
			t.Errorf("%s: shapes %v, want all nested events", f.Path, f.Shapes)
		}
	}
	if problems, n := m.Problems(); n != 0 {
		t.Errorf("%d mapping problems: %v", n, problems)
	}
	return rows, m
}

func str(r mapping.Row, column string) string {
	v, _ := r.Get(column)
	s, _ := v.(string)
	return s
}

// has approximates KQL's case-insensitive has: the term must not continue
// an alphanumeric run on either side.
func has(s, term string) bool {
	s, term = strings.ToLower(s), strings.ToLower(term)
	for from := 0; ; {
		i := strings.Index(s[from:], term)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(term)
		before := start == 0 || !isAlnum(s[start-1]) || !isAlnum(term[0])
		after := end == len(s) || !isAlnum(s[end]) || !isAlnum(term[len(term)-1])
		if before && after {
			return true
		}
		from = start + 1
	}
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

func hasAny(s string, terms ...string) bool {
	for _, term := range terms {
		if has(s, term) {
			return true
		}
	}
	return false
}

func inFold(s string, list ...string) bool {
	for _, x := range list {
		if strings.EqualFold(s, x) {
			return true
		}
	}
	return false
}

// branches evaluates the four branches of the T1543 rule on one row, the
// way the published query writes them, and returns the branch numbers that
// match.
func branches(r mapping.Row) []int {
	var hits []int
	file, cmd, parent := str(r, "FileName"), str(r, "ProcessCommandLine"), str(r, "InitiatingProcessFileName")
	key, name, data := str(r, "RegistryKey"), str(r, "RegistryValueName"), str(r, "RegistryValueData")
	services := `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services`

	switch r.Table {
	case "DeviceProcessEvents":
		if strings.EqualFold(file, "sc.exe") && hasAny(cmd, "create", "config") ||
			inFold(file, "powershell.exe", "pwsh.exe") && hasAny(cmd, "New-Service", "Set-Service", "sc.exe create") {
			hits = append(hits, 1)
		}
		if strings.EqualFold(file, "sc.exe") && has(cmd, "create") &&
			inFold(parent, "winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe") {
			hits = append(hits, 3)
		}
	case "DeviceRegistryEvents":
		if has(key, services) && strings.EqualFold(name, "ImagePath") &&
			(hasAny(data, `\Temp\`, `\AppData\`, `\Downloads\`, `\Public\`, `\Users\Public\`, "%TEMP%", "%APPDATA%", "%PUBLIC%") ||
				hasAny(data, "powershell.exe", "cmd.exe", "wscript.exe", "cscript.exe", "mshta.exe", "regsvr32.exe", "rundll32.exe", "certutil.exe", "bitsadmin.exe", "wmic.exe", "msbuild.exe")) {
			hits = append(hits, 2)
		}
		if has(key, services) && strings.EqualFold(name, "Start") && (data == "2" || data == "0") &&
			!inFold(parent, "services.exe", "svchost.exe", "msiexec.exe", "TrustedInstaller.exe", "WmiPrvSE.exe", "MsMpEng.exe") {
			hits = append(hits, 4)
		}
	}
	return hits
}

func TestSampleAlertsPerScenario(t *testing.T) {
	rows, _ := mapSample(t)
	var got []string
	for _, r := range rows {
		for _, b := range branches(r) {
			what := str(r, "ProcessCommandLine")
			if r.Table == "DeviceRegistryEvents" {
				what = str(r, "RegistryKey") + `\` + str(r, "RegistryValueName")
			}
			got = append(got, string(rune('0'+b))+" "+str(r, "DeviceName")+" "+what)
		}
	}
	sort.Strings(got)
	want := []string{
		`1 srv-app-02.contoso.local sc.exe  config wuauserv binPath= "cmd.exe /c C:\Windows\Temp\wuhelper.exe"`,
		`1 ws-fin-07.contoso.local powershell.exe -NoProfile -Command "New-Service -Name 'PSSyncSvc' -BinaryPathName '%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe -NoProfile -WindowStyle Hidden -File C:\Users\Public\Libraries\sync.ps1' -StartupType Automatic"`,
		`1 ws-fin-07.contoso.local sc.exe  create SvcHost32 binPath= C:\Users\jdoe\AppData\Local\Temp\svchost32.exe start= auto DisplayName= "Service Host Helper"`,
		`1 ws-fin-07.contoso.local sc.exe  create WinHelperSvc binPath= "cmd.exe /c start /b C:\ProgramData\WinHelper\run.bat" start= auto`,
		`1 ws-fin-07.contoso.local sc.exe create MSOfficeSync binPath= "C:\ProgramData\OfficeSync\osync.exe -svc" start= demand`,
		`2 srv-app-02.contoso.local HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\wuauserv\ImagePath`,
		`2 ws-fin-07.contoso.local HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\PSSyncSvc\ImagePath`,
		`2 ws-fin-07.contoso.local HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\SvcHost32\ImagePath`,
		`2 ws-fin-07.contoso.local HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\WinHelperSvc\ImagePath`,
		`3 ws-fin-07.contoso.local sc.exe create MSOfficeSync binPath= "C:\ProgramData\OfficeSync\osync.exe -svc" start= demand`,
		`4 ws-fin-07.contoso.local HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\RemoteRegistry\Start`,
	}
	if len(got) != len(want) {
		t.Errorf("%d alerts, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("alert %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

func TestSampleTablesAndTimes(t *testing.T) {
	rows, m := mapSample(t)
	tables := map[string]int{}
	first, last := time.Time{}, time.Time{}
	for _, r := range rows {
		tables[r.Table]++
		column := "Timestamp"
		if r.Table == "SecurityEvent" || r.Table == "Event" {
			column = "TimeGenerated"
		}
		v, _ := r.Get(column)
		ts := v.(time.Time)
		if first.IsZero() || ts.Before(first) {
			first = ts
		}
		if ts.After(last) {
			last = ts
		}
	}
	want := map[string]int{
		"DeviceProcessEvents":  19,
		"DeviceRegistryEvents": 30,
		"DeviceFileEvents":     2,
		"DeviceEvents":         10,
		"SecurityEvent":        11,
		"Event":                50,
	}
	for table, n := range want {
		if tables[table] != n {
			t.Errorf("%s: %d rows, want %d", table, tables[table], n)
		}
	}
	if len(tables) != len(want) {
		t.Errorf("tables = %v, want %v", tables, want)
	}
	if first.Before(time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)) || last.After(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("events from %v to %v, want within 09:00-10:00 on 2026-03-12", first, last)
	}
	for _, s := range m.Stats() {
		if s.Key.EventID != 12 && s.Key.EventID != 13 && s.Key.EventID != 1 && s.Key.EventID != 11 &&
			s.Key.EventID != 4688 && s.Key.EventID != 4697 && s.Key.EventID != 7045 {
			t.Errorf("unexpected event kind %s", s.Key)
		}
		if s.SentinelOnly != 0 {
			t.Errorf("%s: %d events not mapped to a Defender table", s.Key, s.SentinelOnly)
		}
	}
}

func TestSamplePercentSigns(t *testing.T) {
	rows, _ := mapSample(t)
	for _, r := range rows {
		if r.Table == "DeviceRegistryEvents" && strings.HasSuffix(str(r, "RegistryKey"), `\PSSyncSvc`) && str(r, "RegistryValueName") == "ImagePath" {
			if !strings.HasPrefix(str(r, "RegistryValueData"), `%SystemRoot%\System32\`) {
				t.Errorf("ImagePath = %q, want Sysmon's doubled percent signs undone", str(r, "RegistryValueData"))
			}
			return
		}
	}
	t.Error("no ImagePath row for PSSyncSvc")
}
