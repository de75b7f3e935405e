package mapping

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSysmonProcessCreate(t *testing.T) {
	row := rowOf(t, eventRows(t, 101), "DeviceProcessEvents")
	expectColumns(t, row, map[string]any{
		"Timestamp":                          utc("2026-03-02T10:00:00.123Z"),
		"ProcessCreationTime":                utc("2026-03-02T10:00:00.123Z"),
		"DeviceName":                         "ws01.lab.local",
		"DeviceId":                           "",
		"ActionType":                         "ProcessCreated",
		"FileName":                           "sc.exe",
		"FolderPath":                         `C:\Windows\System32\sc.exe`,
		"ProcessCommandLine":                 `sc.exe create evil binPath= "cmd.exe /c type %TEMP%\a.txt"`,
		"ProcessId":                          int64(4120),
		"ProcessIntegrityLevel":              "High",
		"SHA1":                               "aaaa1111bbbb2222cccc3333dddd4444eeee5555",
		"MD5":                                "0123456789abcdef0123456789abcdef",
		"SHA256":                             "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"AccountDomain":                      "LAB",
		"AccountName":                        "alice",
		"LogonId":                            int64(0x1a2b3c),
		"CreatedProcessSessionId":            int64(1),
		"ProcessVersionInfoCompanyName":      "Microsoft Corporation",
		"ProcessVersionInfoOriginalFileName": "sc.exe",
		"ProcessVersionInfoFileDescription":  "Service Control Manager Configuration Tool",
		"ProcessVersionInfoProductVersion":   "10.0.19041.1 (WinBuild.160101.0800)",
		"InitiatingProcessFileName":          "cmd.exe",
		"InitiatingProcessFolderPath":        `C:\Windows\System32\cmd.exe`,
		"InitiatingProcessCommandLine":       `"C:\Windows\system32\cmd.exe"`,
		"InitiatingProcessId":                int64(4000),
		"InitiatingProcessAccountDomain":     "LAB",
		"InitiatingProcessAccountName":       "alice",
		"ReportId":                           int64(101),
		"FileSize":                           nil,
	})

	var extra map[string]string
	text, _ := row.Get("AdditionalFields")
	if err := json.Unmarshal([]byte(text.(string)), &extra); err != nil {
		t.Fatalf("AdditionalFields %q: %v", text, err)
	}
	for key, want := range map[string]string{
		"ProcessGuid":       "{11111111-0000-0000-0000-000000000101}",
		"ParentProcessGuid": "{11111111-0000-0000-0000-000000000100}",
		"CurrentDirectory":  `C:\Users\alice\`,
		"LogonGuid":         "{11111111-0000-0000-0000-0000000000aa}",
		"IMPHASH":           "fedcba9876543210fedcba9876543210",
	} {
		if extra[key] != want {
			t.Errorf("AdditionalFields[%s] = %q, want %q", key, extra[key], want)
		}
	}
	if _, ok := extra["RuleName"]; ok {
		t.Errorf("AdditionalFields keeps RuleName")
	}
}

func TestSecurityProcessCreateHexIDs(t *testing.T) {
	row := rowOf(t, eventRows(t, 102), "DeviceProcessEvents")
	expectColumns(t, row, map[string]any{
		"Timestamp":                      utc("2026-03-02T10:00:00.2Z"),
		"FileName":                       "sc.exe",
		"FolderPath":                     `C:\Windows\System32\sc.exe`,
		"ProcessId":                      int64(0x1f40),
		"InitiatingProcessId":            int64(0xfa0),
		"ProcessCommandLine":             `sc.exe create evil binPath= "cmd.exe /c type %TEMP%\a.txt"`,
		"ProcessIntegrityLevel":          "High",
		"ProcessTokenElevation":          "TokenElevationTypeFull",
		"AccountDomain":                  "LAB",
		"AccountName":                    "alice",
		"AccountSid":                     "S-1-5-21-1111111111-2222222222-3333333333-1104",
		"LogonId":                        int64(0x1a2b3c),
		"InitiatingProcessAccountName":   "alice",
		"InitiatingProcessLogonId":       int64(0x1a2b3c),
		"InitiatingProcessFileName":      "cmd.exe",
		"InitiatingProcessFolderPath":    `C:\Windows\System32\cmd.exe`,
		"InitiatingProcessCommandLine":   "",
		"ReportId":                       int64(102),
		"InitiatingProcessAccountDomain": "LAB",
	})
}

func TestSecurityProcessCreateTargetAccount(t *testing.T) {
	row := rowOf(t, eventRows(t, 103), "DeviceProcessEvents")
	expectColumns(t, row, map[string]any{
		"AccountDomain":                "LAB",
		"AccountName":                  "bob",
		"AccountSid":                   "S-1-5-21-1111111111-2222222222-3333333333-1105",
		"LogonId":                      int64(0x5a1b2),
		"InitiatingProcessAccountName": "WS01$",
		"InitiatingProcessAccountSid":  "S-1-5-18",
		"InitiatingProcessLogonId":     int64(0x3e7),
		"ProcessIntegrityLevel":        "Medium",
		"ProcessTokenElevation":        "TokenElevationTypeLimited",
	})
}

func TestRegistryImagePathHiveAndPercent(t *testing.T) {
	row := rowOf(t, eventRows(t, 104), "DeviceRegistryEvents")
	expectColumns(t, row, map[string]any{
		"Timestamp":                      utc("2026-03-02T10:00:00.298Z"),
		"ActionType":                     "RegistryValueSet",
		"RegistryKey":                    `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\evil`,
		"RegistryValueName":              "ImagePath",
		"RegistryValueData":              "%COMSPEC% /c echo hi",
		"RegistryValueType":              "",
		"InitiatingProcessFileName":      "services.exe",
		"InitiatingProcessFolderPath":    `C:\Windows\system32\services.exe`,
		"InitiatingProcessId":            int64(688),
		"InitiatingProcessAccountDomain": "NT AUTHORITY",
		"InitiatingProcessAccountName":   "SYSTEM",
		"ReportId":                       int64(104),
	})
	key, _ := row.Get("RegistryKey")
	if !hasTerm(key.(string), `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services`) {
		t.Errorf("RegistryKey %q does not contain the Services key in any letter case", key)
	}
}

// hasTerm approximates KQL's case-insensitive has for a term with
// backslashes: the term must occur at word boundaries.
func hasTerm(s, term string) bool {
	s, term = strings.ToLower(s), strings.ToLower(term)
	i := strings.Index(s, term)
	if i < 0 {
		return false
	}
	end := i + len(term)
	return (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end]))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

func TestRegistryDWORDAndQWORD(t *testing.T) {
	start := rowOf(t, eventRows(t, 105), "DeviceRegistryEvents")
	expectColumns(t, start, map[string]any{
		"RegistryValueName": "Start",
		"RegistryValueData": "2",
		"RegistryValueType": "Dword",
	})
	qword := rowOf(t, eventRows(t, 106), "DeviceRegistryEvents")
	expectColumns(t, qword, map[string]any{
		"RegistryValueName": "SecureTimeHigh",
		"RegistryValueData": "4294967298",
		"RegistryValueType": "Qword",
	})
}

func TestRegistryKeyEvents(t *testing.T) {
	created := rowOf(t, eventRows(t, 107), "DeviceRegistryEvents")
	expectColumns(t, created, map[string]any{
		"ActionType":        "RegistryKeyCreated",
		"RegistryKey":       `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\evil`,
		"RegistryValueName": "",
		"RegistryValueData": "",
	})
	deleted := rowOf(t, eventRows(t, 108), "DeviceRegistryEvents")
	expectColumns(t, deleted, map[string]any{
		"ActionType":        "RegistryValueDeleted",
		"RegistryKey":       `HKEY_USERS\S-1-5-21-1111111111-2222222222-3333333333-1104\Software\Microsoft\Windows\CurrentVersion\Run`,
		"RegistryValueName": "Updater",
	})
	renamed := rowOf(t, eventRows(t, 109), "DeviceRegistryEvents")
	expectColumns(t, renamed, map[string]any{
		"ActionType":          "RegistryKeyRenamed",
		"RegistryKey":         `HKEY_LOCAL_MACHINE\SOFTWARE\Contoso\New`,
		"PreviousRegistryKey": `HKEY_LOCAL_MACHINE\SOFTWARE\Contoso\Old`,
	})
}

func TestRegistryUnknownEventType(t *testing.T) {
	rows := eventRows(t, 113)
	if len(rows) != 1 || rows[0].Table != "Event" {
		t.Fatalf("rows = %v, want the Event row only", rows)
	}
}

func TestExpandHive(t *testing.T) {
	cases := map[string]string{
		`HKLM\System\CurrentControlSet\Services\x`: `HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\x`,
		`hklm\SOFTWARE`:                  `HKEY_LOCAL_MACHINE\SOFTWARE`,
		`HKU\S-1-5-18\Software`:          `HKEY_USERS\S-1-5-18\Software`,
		`HKCU\Software`:                  `HKEY_CURRENT_USER\Software`,
		`HKCR\.exe`:                      `HKEY_CLASSES_ROOT\.exe`,
		`HKCC\System`:                    `HKEY_CURRENT_CONFIG\System`,
		`\REGISTRY\MACHINE\SYSTEM`:       `HKEY_LOCAL_MACHINE\SYSTEM`,
		`HKLM`:                           `HKEY_LOCAL_MACHINE`,
		`HKLMX\Other`:                    `HKLMX\Other`,
		`HKEY_LOCAL_MACHINE\SYSTEM\Keep`: `HKEY_LOCAL_MACHINE\SYSTEM\Keep`,
	}
	for in, want := range cases {
		if got := expandHive(in); got != want {
			t.Errorf("expandHive(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegistryValueRendering(t *testing.T) {
	cases := []struct{ in, data, kind string }{
		{"DWORD (0x00000002)", "2", "Dword"},
		{"DWORD (0xffffffff)", "4294967295", "Dword"},
		{"QWORD (0x01d66bc2-0xf05f6c45)", "132411724054621253", "Qword"},
		{"Binary Data", "Binary Data", "Binary"},
		{"C:\\Windows\\x.exe", "C:\\Windows\\x.exe", ""},
		{"DWORD (nonsense)", "DWORD (nonsense)", ""},
	}
	for _, c := range cases {
		data, kind := registryValue(c.in)
		if data != c.data || kind != c.kind {
			t.Errorf("registryValue(%q) = %q, %q; want %q, %q", c.in, data, kind, c.data, c.kind)
		}
	}
}

func TestServiceFromSystem7045(t *testing.T) {
	row := rowOf(t, eventRows(t, 110), "DeviceEvents")
	expectColumns(t, row, map[string]any{
		"Timestamp":                   utc("2026-03-02T10:00:00.35Z"),
		"ActionType":                  "ServiceInstalled",
		"FileName":                    "cmd.exe",
		"FolderPath":                  "",
		"InitiatingProcessAccountSid": "S-1-5-21-1111111111-2222222222-3333333333-1104",
		"ReportId":                    int64(110),
	})
	text, _ := row.Get("AdditionalFields")
	want := `{"ServiceAccount":"LocalSystem","ServiceFileName":"cmd.exe /c echo hi","ServiceName":"evil","ServiceStartType":3,"ServiceType":16}`
	if text != want {
		t.Errorf("AdditionalFields = %s, want %s", text, want)
	}
}

func TestServiceFromSecurity4697(t *testing.T) {
	row := rowOf(t, eventRows(t, 111), "DeviceEvents")
	expectColumns(t, row, map[string]any{
		"ActionType":                     "ServiceInstalled",
		"FileName":                       "agent.exe",
		"FolderPath":                     `C:\Program Files\Contoso Agent`,
		"InitiatingProcessAccountDomain": "LAB",
		"InitiatingProcessAccountName":   "WS01$",
		"InitiatingProcessAccountSid":    "S-1-5-18",
		"InitiatingProcessLogonId":       int64(999),
		"InitiatingProcessId":            int64(1234),
		"InitiatingProcessParentId":      int64(700),
	})
	text, _ := row.Get("AdditionalFields")
	want := `{"ClientProcessStartKey":"844424930132048","ServiceAccount":"LocalSystem","ServiceFileName":"\"C:\\Program Files\\Contoso Agent\\agent.exe\" -service","ServiceName":"Agent","ServiceStartType":2,"ServiceType":16}`
	if text != want {
		t.Errorf("AdditionalFields = %s\nwant %s", text, want)
	}
}

func TestServiceBinary(t *testing.T) {
	cases := []struct{ in, folder, file string }{
		{`cmd.exe /c echo hi`, "", "cmd.exe"},
		{`"C:\Program Files\A B\svc.exe" -k x`, `C:\Program Files\A B`, "svc.exe"},
		{`C:\Program Files\A B\svc.exe -k x`, `C:\Program Files\A B`, "svc.exe"},
		{`%SystemRoot%\PSEXESVC.exe`, `%SystemRoot%`, "PSEXESVC.exe"},
		{`%COMSPEC% /C start /b powershell -enc AAA`, "", "%COMSPEC%"},
		{`\??\C:\Windows\system32\drivers\VBoxDrv.sys`, `C:\Windows\system32\drivers`, "VBoxDrv.sys"},
		{`C:\Windows\System32\svchost.exe -k netsvcs -p`, `C:\Windows\System32`, "svchost.exe"},
		{`C:\Users\x\AppData\Local\Temp\svchost32.exe`, `C:\Users\x\AppData\Local\Temp`, "svchost32.exe"},
		{`C:\tools\my.exe.bak\run.exe arg`, `C:\tools\my.exe.bak`, "run.exe"},
		{`"C:\unterminated\a.exe`, `C:\unterminated`, "a.exe"},
		{``, "", ""},
	}
	for _, c := range cases {
		folder, file := serviceBinary(c.in)
		if folder != c.folder || file != c.file {
			t.Errorf("serviceBinary(%q) = %q, %q; want %q, %q", c.in, folder, file, c.folder, c.file)
		}
	}
}

func TestSysmonFileCreate(t *testing.T) {
	row := rowOf(t, eventRows(t, 112), "DeviceFileEvents")
	expectColumns(t, row, map[string]any{
		"Timestamp":                    utc("2026-03-02T09:59:58.99Z"),
		"ActionType":                   "FileCreated",
		"FileName":                     "svchost32.exe",
		"FolderPath":                   `C:\Users\alice\AppData\Local\Temp\svchost32.exe`,
		"InitiatingProcessFileName":    "cmd.exe",
		"InitiatingProcessId":          int64(4000),
		"InitiatingProcessAccountName": "alice",
	})
}
