// Package sample embeds a small set of Windows telemetry that quarry detect
// and quarry query read when no --input is given. It replays the four T1543
// (Windows service) validation scenarios, plus two variants, among ordinary
// activity on two hosts between 09:00 and 10:00 UTC on 12 March 2026. Every
// event was written for this sample; none is a recording.
//
// The events are in the nested JSON shape EVTX converters write, one file
// per host:
//
//   - ws-fin-07.contoso.local, a finance workstation: Sysmon events 1, 11,
//     12 and 13, Security 4697 and System 7045. Security process creation
//     (4688) is not audited there.
//   - srv-app-02.contoso.local, an application server: Security 4688 with
//     command lines and 4697, System 7045, and Sysmon with a configuration that
//     logs registry events only, so process creation comes from 4688.
//
// # Scenarios
//
// The four branches of the T1543 rule are NewServiceCreation (1),
// SuspiciousServiceBinaryPath (2), ServiceCreatedByOfficeOrScript (3) and
// AutostartServiceRegistered (4). Each scenario lists its events and the
// branches that should raise an alert on them.
//
//  1. Malicious service through sc.exe, workstation, 09:08. Sysmon 1 for
//     cmd.exe and for "sc.exe create WinHelperSvc binPath= "cmd.exe /c start
//     /b C:\ProgramData\WinHelper\run.bat" start= auto". Sysmon 12 creating
//     Services\WinHelperSvc and Sysmon 13 setting its Type, Start (2),
//     ErrorControl, ImagePath and ObjectName, all written by services.exe.
//     Security 4697 and System 7045 with the cmd.exe service file.
//     Alerts: branch 1 on the sc.exe process, branch 2 on the ImagePath value.
//     The Start value does not alert because services.exe wrote it.
//  2. Service through PowerShell New-Service, workstation, 09:15. Sysmon 1 for
//     powershell.exe running New-Service with powershell.exe as the binary,
//     given as %SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe,
//     which Sysmon records with doubled percent signs; Sysmon 12 and 13 under
//     Services\PSSyncSvc by services.exe; 4697 and 7045.
//     Alerts: branch 1 on powershell.exe, branch 2 on the ImagePath value.
//  3. Service binary in a user-writable folder, workstation, 09:22. Sysmon 11
//     for cmd.exe creating C:\Users\jdoe\AppData\Local\Temp\svchost32.exe;
//     Sysmon 1 for sc.exe create with that path; Sysmon 12 and 13 under
//     Services\SvcHost32 with the Temp path as ImagePath; 4697 and 7045
//     (whose ServiceName is the display name, "Service Host Helper").
//     Alerts: branch 1 on sc.exe, branch 2 on the ImagePath value.
//  4. Hijack of an existing service, server, 09:30. Security 4688 for
//     "sc.exe config wuauserv binPath= "cmd.exe /c C:\Windows\Temp\wuhelper.exe"";
//     Sysmon 13 changing Services\wuauserv\ImagePath, written by services.exe.
//     No 4697 or 7045, because no service was installed.
//     Alerts: branch 1 on sc.exe (from 4688), branch 2 on the ImagePath value.
//  5. Autostart set by a script, workstation, 09:38. Sysmon 1 for wscript.exe
//     running a downloaded .vbs, and for reg.exe, started by it, adding
//     Start = 2 under Services\RemoteRegistry; Sysmon 13 for that value,
//     written by reg.exe.
//     Alerts: branch 4 on the Start value.
//  6. Service created from an Office document, workstation, 09:45. Sysmon 1
//     for WINWORD.EXE opening a .docm and for sc.exe create MSOfficeSync that
//     Word started; Sysmon 12 and 13 under Services\MSOfficeSync (ImagePath
//     C:\ProgramData\OfficeSync\osync.exe -svc, Start 3) by services.exe;
//     4697 and 7045.
//     Alerts: branch 1 and branch 3 on sc.exe. The ImagePath is neither in a
//     user-writable folder nor a LOLBin, so branch 2 stays quiet.
//
// # Benign activity
//
// None of these should alert:
//
//   - Ordinary process starts on the workstation: Outlook, Edge, a scheduled
//     task host, Notepad, and PowerShell listing stopped services with
//     Get-Service; Sysmon 11 for an Outlook attachment.
//   - An administrator's "sc.exe query wuauserv" and "sc.exe qc wuauserv" on
//     the server (4688).
//   - An MSI package installing the Contoso Backup Agent service on the
//     server: 4688 for msiexec.exe, 4697 and 7045, Sysmon 13 by services.exe
//     with a Program Files ImagePath and Start = 2, and Sysmon 13 by
//     msiexec.exe writing Start = 2 and a parameter itself (msiexec.exe is on
//     branch 4's list of expected writers).
//   - The EDR agent updating itself on the server: 4688 for its updater and
//     Sysmon 13 by services.exe repointing Services\ContosoEDR\ImagePath to
//     the new version under Program Files and setting Start = 2.
//
// In all, the four branches raise 11 alerts over the sample: five from
// branch 1, four from branch 2 and one each from branches 3 and 4. The
// built-in rule also counts a service-installed event (4697 or 7045) with a
// suspicious binary as branch 2 evidence, which adds two alerts to each of
// scenarios 1 to 3: 17 in all. The rule as first published returns only
// branches 1 and 3, six alerts.
package sample

import (
	"embed"
	"io/fs"
)

//go:embed data/*.jsonl
var files embed.FS

// FS returns the sample's files, one JSON file per host at its root.
func FS() fs.FS {
	sub, err := fs.Sub(files, "data")
	if err != nil {
		panic("sample: embedded data folder missing: " + err.Error())
	}
	return sub
}
