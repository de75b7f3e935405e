package mapping

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/source"
)

// sharedTelemetry returns the folder of recorded telemetry kept next to the
// repository, or skips the test when it is absent, as in a user's clone.
func sharedTelemetry(t *testing.T) string {
	t.Helper()
	return sharedtest.Dir(t, "telemetry")
}

// mapShared maps one recorded file, checking the output contract, and
// returns its rows by table.
func mapShared(t *testing.T, dir, rel string) (map[string][]Row, *Mapper) {
	t.Helper()
	r := source.NewReader(source.Options{})
	m := NewMapper()
	byTable := map[string][]Row{}
	for rec := range r.Records(filepath.Join(dir, filepath.FromSlash(rel))) {
		for _, row := range m.Map(rec) {
			checkContract(t, row)
			byTable[row.Table] = append(byTable[row.Table], row)
		}
	}
	if n := r.Summary().Files[0].ProblemCount(); n != 0 {
		t.Errorf("%s: %d input problems", rel, n)
	}
	if _, n := m.Problems(); n != 0 {
		t.Errorf("%s: %d mapping problems", rel, n)
	}
	return byTable, m
}

// findRow returns the first row whose columns have the given values.
func findRow(t *testing.T, rows []Row, match map[string]any) Row {
	t.Helper()
	for _, r := range rows {
		ok := true
		for col, want := range match {
			if got, _ := r.Get(col); got != want {
				ok = false
				break
			}
		}
		if ok {
			return r
		}
	}
	t.Fatalf("no row matches %v", match)
	return Row{}
}

func TestSharedMapsEveryFamilyEvent(t *testing.T) {
	dir := sharedTelemetry(t)
	r := source.NewReader(source.Options{})
	m := NewMapper()
	tables := map[string]int{}
	for rec := range r.Records(dir) {
		for _, row := range m.Map(rec) {
			checkContract(t, row)
			tables[row.Table]++
		}
	}
	t.Logf("rows by table: %v\n%s", tables, m.StatsString())
	if problems, n := m.Problems(); n != 0 {
		t.Errorf("%d mapping problems, first %v", n, problems)
	}

	for _, s := range m.Stats() {
		k := s.Key
		family := ""
		switch {
		case k.Provider == "Microsoft-Windows-Sysmon" && (k.EventID == 1 || k.EventID == 11 || k.EventID == 13):
			family = "Sysmon"
		case k.Provider == "Microsoft-Windows-Security-Auditing" && (k.EventID == 4688 || k.EventID == 4697):
			family = "Security"
		case k.Provider == "Service Control Manager" && k.EventID == 7045:
			family = "System"
		}
		if family != "" && s.SentinelOnly != 0 {
			t.Errorf("%s: %d of %d events not mapped to a Defender table: %v", k, s.SentinelOnly, s.Records, s.Reasons)
		}
		// Some OTRF datasets dropped Sysmon's EventType; only event 12 cannot
		// do without it.
		if k.Provider == "Microsoft-Windows-Sysmon" && k.EventID == 12 {
			for reason := range s.Reasons {
				if reason != "Sysmon 12 without EventType: created or deleted is unknown" {
					t.Errorf("Sysmon 12 unmapped for %q", reason)
				}
			}
		}
		if k.Table != "" && s.Unmapped != 0 {
			t.Errorf("%s: %d rows not mapped", k, s.Unmapped)
		}
	}
}

func TestSharedFaxImagePath(t *testing.T) {
	dir := sharedTelemetry(t)
	rows, _ := mapShared(t, dir, "otrf-security-datasets/cmd_service_mod_fax.filtered.json")
	reg := rows["DeviceRegistryEvents"]
	if len(reg) != 2 {
		t.Fatalf("%d registry rows, want the ImagePath change and its restore", len(reg))
	}
	changed := findRow(t, reg, map[string]any{"RegistryValueData": `C:\windows\system32\WindowsPowerShell\v1.0\powershell.exe -noexit -c "write-host 'T1543.003 Test'"`})
	expectColumns(t, changed, map[string]any{
		"Timestamp":                 utc("2020-10-22T00:45:33.681Z"),
		"DeviceName":                "WORKSTATION5",
		"ActionType":                "RegistryValueSet",
		"RegistryKey":               `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\Fax`,
		"RegistryValueName":         "ImagePath",
		"InitiatingProcessFileName": "services.exe",
		"InitiatingProcessId":       int64(716),
	})
	findRow(t, reg, map[string]any{"RegistryValueData": `C:\WINDOWS\system32\fxssvc.exe`})

	sc := findRow(t, rows["DeviceProcessEvents"], map[string]any{"FileName": "sc.exe", "ProcessId": int64(0xc28)})
	expectColumns(t, sc, map[string]any{
		"ProcessCommandLine":        `sc  config Fax binPath= "C:\windows\system32\WindowsPowerShell\v1.0\powershell.exe -noexit -c \"write-host 'T1543.003 Test'\""`,
		"InitiatingProcessFileName": "cmd.exe",
		"InitiatingProcessId":       int64(0x21f4),
		"AccountName":               "wardog",
		"ProcessIntegrityLevel":     "High",
	})
}

func TestShared4688HexProcessIDs(t *testing.T) {
	dir := sharedTelemetry(t)
	for _, rel := range []string{"evtx/mdecrevoisier/md_4688_sc_config_binpath.evtx", "evtx/mdecrevoisier/md_4688_sc_config_binpath.evtx.jsonl"} {
		rows, _ := mapShared(t, dir, rel)
		row := findRow(t, rows["DeviceProcessEvents"], map[string]any{"ProcessId": int64(0x29cc)})
		expectColumns(t, row, map[string]any{
			"FileName":            "sc.exe",
			"InitiatingProcessId": int64(0x2924),
			"AccountName":         "admmig",
			"AccountDomain":       "OFFSEC",
			"DeviceName":          "win10-02.offsec.lan",
		})
		cmd, _ := row.Get("ProcessCommandLine")
		if !strings.Contains(cmd.(string), "config xboxgip binPath=") {
			t.Errorf("%s: ProcessCommandLine = %q", rel, cmd)
		}
	}
}

func TestSharedSysmonRegistryValues(t *testing.T) {
	dir := sharedTelemetry(t)
	rows, _ := mapShared(t, dir, "evtx/sbousseaden/sb_sysmon_13_1_meterpreter_getsystem.evtx")
	reg := rows["DeviceRegistryEvents"]
	findRow(t, reg, map[string]any{"RegistryValueName": "Start", "RegistryValueData": "3", "RegistryValueType": "Dword"})
	findRow(t, reg, map[string]any{
		"RegistryKey":               `HKEY_LOCAL_MACHINE\System\CurrentControlSet\services\msdhch`,
		"RegistryValueName":         "ImagePath",
		"RegistryValueData":         `cmd.exe /c echo msdhch > \\.\pipe\msdhch`,
		"InitiatingProcessFileName": "services.exe",
	})

	rows, _ = mapShared(t, dir, "evtx/mdecrevoisier/md_sysmon13_smbexec.evtx")
	image := findRow(t, rows["DeviceRegistryEvents"], map[string]any{"RegistryValueName": "ImagePath"})
	data, _ := image.Get("RegistryValueData")
	if !strings.HasPrefix(data.(string), "%COMSPEC% /Q /c echo") || strings.Contains(data.(string), "%%") {
		t.Errorf("smbexec ImagePath = %q, want single percent signs", data)
	}
}

func TestSharedServiceInstalls(t *testing.T) {
	dir := sharedTelemetry(t)
	rows, _ := mapShared(t, dir, "otrf-security-datasets/cmd_psexec_lsa_secrets_dump.filtered.json")
	services := rows["DeviceEvents"]
	if len(services) != 2 {
		t.Fatalf("%d DeviceEvents rows, want the 4697 and the 7045", len(services))
	}
	for _, row := range services {
		expectColumns(t, row, map[string]any{
			"ActionType": "ServiceInstalled",
			"FileName":   "PSEXESVC.exe",
			"FolderPath": "%SystemRoot%",
			"DeviceName": "WORKSTATION5",
		})
		extra, _ := row.Get("AdditionalFields")
		if !strings.Contains(extra.(string), `"ServiceName":"PSEXESVC"`) || !strings.Contains(extra.(string), `"ServiceStartType":3`) {
			t.Errorf("AdditionalFields = %s", extra)
		}
	}
	findRow(t, services, map[string]any{"InitiatingProcessAccountName": "wardog"})

	rows, _ = mapShared(t, dir, "evtx/sbousseaden/sb_System_7045_namedpipe_privesc.evtx")
	row := rows["DeviceEvents"][0]
	expectColumns(t, row, map[string]any{"FileName": "%COMSPEC%"})
	extra, _ := row.Get("AdditionalFields")
	if !strings.Contains(extra.(string), `"ServiceStartType":3`) || !strings.Contains(extra.(string), `WinPwnagePipe`) {
		t.Errorf("AdditionalFields = %s", extra)
	}
}

func TestSharedDefenderExports(t *testing.T) {
	dir := sharedTelemetry(t)
	rows, m := mapShared(t, dir, "mde/dafneb_advanced_hunting_test.csv")
	total := 0
	for _, rs := range rows {
		total += len(rs)
	}
	if total != 26 {
		t.Errorf("%d rows from the CSV export, want 26: %s", total, m.StatsString())
	}
	proc := findRow(t, rows["DeviceProcessEvents"], map[string]any{"ActionType": "ProcessCreated"})
	expectColumns(t, proc, map[string]any{
		"Timestamp":             utc("2023-10-18T15:45:07.9862755Z"),
		"FileName":              "powershell.exe",
		"ProcessId":             int64(6532),
		"LogonId":               int64(999),
		"ProcessTokenElevation": "TokenElevationTypeDefault",
	})
	svc := findRow(t, rows["DeviceEvents"], map[string]any{"ActionType": "ServiceInstalled"})
	expectColumns(t, svc, map[string]any{
		"FileName":                  "MpKslDrv.sys",
		"InitiatingProcessFileName": "msmpeng.exe",
		"AdditionalFields":          `{"ServiceName":"MpKslb17e24ae","ServiceType":1,"ServiceStartType":3,"ServiceAccount":"LocalSystem"}`,
	})
	if n := len(rows["DeviceNetworkEvents"]); n != 8 {
		t.Errorf("%d DeviceNetworkEvents rows, want 8", n)
	}

	rows, m = mapShared(t, dir, "mde/otrf_goldensaml_WindowsEvents_SecurityEvent_Event.json")
	if len(rows["SecurityEvent"]) != 36 || len(rows["Event"]) != 2 {
		t.Errorf("%d SecurityEvent and %d Event rows, want 36 and 2", len(rows["SecurityEvent"]), len(rows["Event"]))
	}
	logon := findRow(t, rows["SecurityEvent"], map[string]any{"EventID": int64(4624)})
	expectColumns(t, logon, map[string]any{"LogonType": int64(3), "Account": `SIMULANDLABS.COM\wardog`})

	rows, m = mapShared(t, dir, "mde/otrf_goldensaml_Microsoft365DefenderEvents.json")
	ldap := findRow(t, rows["DeviceEvents"], map[string]any{"ActionType": "LdapSearch"})
	expectColumns(t, ldap, map[string]any{"ReportId": int64(113597), "InitiatingProcessFileName": "powershell.exe"})
	additional, _ := ldap.Get("AdditionalFields")
	if !strings.HasPrefix(additional.(string), `{"AttributeList":["objectClass"]`) {
		t.Errorf("AdditionalFields = %s", additional)
	}
	unmapped := 0
	for _, s := range m.Stats() {
		unmapped += s.Unmapped
	}
	// The identity and cloud app rows have no schema but are kept.
	if len(rows["DeviceEvents"]) != 5 || len(rows["IdentityDirectoryEvents"]) != 2 || len(rows["CloudAppEvents"]) != 2 || unmapped != 0 {
		t.Errorf("%d DeviceEvents, %d IdentityDirectoryEvents, %d CloudAppEvents rows and %d unmapped, want 5, 2, 2 and 0",
			len(rows["DeviceEvents"]), len(rows["IdentityDirectoryEvents"]), len(rows["CloudAppEvents"]), unmapped)
	}
	cloud := rows["CloudAppEvents"][0]
	if ts, _ := cloud.Get("Timestamp"); ts == nil {
		t.Errorf("CloudAppEvents row has no Timestamp: %+v", cloud.Extra)
	}
}
