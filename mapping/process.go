package mapping

import (
	"github.com/quarry-kql/quarry/source/winevent"
)

// Process creation: Sysmon 1 and Security 4688 become DeviceProcessEvents
// rows with ActionType ProcessCreated.

const tableProcess = "DeviceProcessEvents"

// processFromSysmon maps Sysmon event 1, "Process Create".
func processFromSysmon(e *winevent.Event) (Row, *fieldProblem) {
	f := fieldsOf(e)
	b := newRow(tableProcess)
	var bad *fieldProblem

	when := eventTime(f)
	b.time("Timestamp", when)
	b.time("ProcessCreationTime", when)
	b.str("DeviceName", e.Computer)
	b.str("ActionType", "ProcessCreated")

	image := f.get("Image")
	_, name := splitPath(image)
	b.str("FolderPath", image)
	b.str("FileName", name)
	b.str("ProcessCommandLine", f.get("CommandLine"))
	if !b.longText("ProcessId", f.get("ProcessId")) {
		bad = badField("ProcessId", f.get("ProcessId"))
	}
	b.str("ProcessIntegrityLevel", f.present("IntegrityLevel"))

	hashes := parseHashes(f.get("Hashes"))
	b.str("SHA1", hashes["SHA1"])
	b.str("SHA256", hashes["SHA256"])
	b.str("MD5", hashes["MD5"])

	b.str("ProcessVersionInfoCompanyName", f.present("Company"))
	b.str("ProcessVersionInfoProductName", f.present("Product"))
	b.str("ProcessVersionInfoProductVersion", f.present("FileVersion"))
	b.str("ProcessVersionInfoOriginalFileName", f.present("OriginalFileName"))
	b.str("ProcessVersionInfoFileDescription", f.present("Description"))

	domain, user := splitAccount(f.present("User"))
	b.str("AccountDomain", domain)
	b.str("AccountName", user)
	if !b.longText("LogonId", f.get("LogonId")) && bad == nil {
		bad = badField("LogonId", f.get("LogonId"))
	}
	b.longText("CreatedProcessSessionId", f.get("TerminalSessionId"))

	parent := f.present("ParentImage")
	_, parentName := splitPath(parent)
	b.str("InitiatingProcessFolderPath", parent)
	b.str("InitiatingProcessFileName", parentName)
	b.str("InitiatingProcessCommandLine", f.get("ParentCommandLine"))
	b.longText("InitiatingProcessId", f.get("ParentProcessId"))
	parentDomain, parentUser := splitAccount(f.present("ParentUser"))
	b.str("InitiatingProcessAccountDomain", parentDomain)
	b.str("InitiatingProcessAccountName", parentUser)

	b.reportID(e)
	extra := f.additional("RuleName")
	if imphash := hashes["IMPHASH"]; imphash != "" {
		extra["IMPHASH"] = imphash
	}
	b.str("AdditionalFields", jsonObject(extra))
	return b.done(), bad
}

// processFromSecurity maps Security event 4688, "A new process has been
// created". Its Subject is the account that created the process. Its Target
// is the account of the new process, filled since Windows 10 when that
// account differs.
func processFromSecurity(e *winevent.Event) (Row, *fieldProblem) {
	f := fieldsOf(e)
	b := newRow(tableProcess)
	var bad *fieldProblem

	b.time("Timestamp", e.TimeCreated)
	b.time("ProcessCreationTime", e.TimeCreated)
	b.str("DeviceName", e.Computer)
	b.str("ActionType", "ProcessCreated")

	image := f.get("NewProcessName")
	_, name := splitPath(image)
	b.str("FolderPath", image)
	b.str("FileName", name)
	b.str("ProcessCommandLine", f.get("CommandLine"))
	if !b.longText("ProcessId", f.get("NewProcessId")) {
		bad = badField("NewProcessId", f.get("NewProcessId"))
	}
	b.str("ProcessIntegrityLevel", integrityFromLabel(f.get("MandatoryLabel")))
	b.str("ProcessTokenElevation", tokenElevation(f.get("TokenElevationType")))

	subjectDomain, subjectUser := f.present("SubjectDomainName"), f.present("SubjectUserName")
	subjectSID, subjectLogon := f.present("SubjectUserSid"), f.get("SubjectLogonId")
	targetDomain, targetUser := f.present("TargetDomainName"), f.present("TargetUserName")
	targetSID, targetLogon := f.present("TargetUserSid"), f.get("TargetLogonId")
	if targetUser != "" {
		b.str("AccountDomain", targetDomain)
		b.str("AccountName", targetUser)
		if targetSID != "S-1-0-0" {
			b.str("AccountSid", targetSID)
		}
		b.longText("LogonId", targetLogon)
	} else {
		b.str("AccountDomain", subjectDomain)
		b.str("AccountName", subjectUser)
		b.str("AccountSid", subjectSID)
		b.longText("LogonId", subjectLogon)
	}
	b.str("InitiatingProcessAccountDomain", subjectDomain)
	b.str("InitiatingProcessAccountName", subjectUser)
	b.str("InitiatingProcessAccountSid", subjectSID)
	b.longText("InitiatingProcessLogonId", subjectLogon)

	parent := f.present("ParentProcessName")
	_, parentName := splitPath(parent)
	b.str("InitiatingProcessFolderPath", parent)
	b.str("InitiatingProcessFileName", parentName)
	if !b.longText("InitiatingProcessId", f.get("ProcessId")) && bad == nil {
		bad = badField("ProcessId", f.get("ProcessId"))
	}

	b.reportID(e)
	b.str("AdditionalFields", jsonObject(f.additional()))
	return b.done(), bad
}
