package mapping

import (
	"strconv"
	"strings"

	"github.com/quarry-kql/quarry/source/winevent"
)

// Security log events become Sentinel SecurityEvent rows, the table the
// Windows Security Events connector fills. Payload fields whose names match a
// SecurityEvent column (CommandLine, NewProcessName, ServiceName,
// ServiceFileName, SubjectUserName, ...) fill that column; every payload
// field is also kept in EventData.

const tableSecurityEvent = "SecurityEvent"

// Keyword bits of the Security log's audit outcome.
const (
	keywordAuditFailure = 0x0010000000000000
	keywordAuditSuccess = 0x0020000000000000
)

// activities describes the Security events the service and process
// families and common hunting queries use, as Sentinel's Activity column
// shows them after the event number.
var activities = map[int]string{
	1102: "The audit log was cleared.",
	4624: "An account was successfully logged on.",
	4625: "An account failed to log on.",
	4634: "An account was logged off.",
	4647: "User initiated logoff.",
	4648: "A logon was attempted using explicit credentials.",
	4656: "A handle to an object was requested.",
	4657: "A registry value was modified.",
	4658: "The handle to an object was closed.",
	4662: "An operation was performed on an object.",
	4663: "An attempt was made to access an object.",
	4672: "Special privileges assigned to new logon.",
	4688: "A new process has been created.",
	4689: "A process has exited.",
	4690: "An attempt was made to duplicate a handle to an object.",
	4697: "A service was installed in the system.",
	4698: "A scheduled task was created.",
	4703: "A token right was adjusted.",
	4720: "A user account was created.",
	4732: "A member was added to a security-enabled local group.",
	5140: "A network share object was accessed.",
	5145: "A network share object was checked to see whether client can be granted desired access.",
	5156: "The Windows Filtering Platform has permitted a connection.",
	5158: "The Windows Filtering Platform has permitted a bind to a local port.",
}

// logonTypeNames names the logon types of 4624 and 4625.
var logonTypeNames = map[int64]string{
	2: "Interactive", 3: "Network", 4: "Batch", 5: "Service", 7: "Unlock",
	8: "NetworkCleartext", 9: "NewCredentials", 10: "RemoteInteractive", 11: "CachedInteractive",
}

// securityEventColumns are the columns filled from the System header or
// computed, which a payload field of the same name must not overwrite.
var securityEventColumns = map[string]bool{
	"TimeGenerated": true, "Computer": true, "EventID": true, "Channel": true,
	"EventSourceName": true, "Task": true, "Version": true, "Level": true, "Keywords": true,
	"Opcode": true, "EventRecordId": true, "SystemProcessId": true, "SystemThreadId": true,
	"SystemUserId": true, "Type": true, "Activity": true, "Account": true, "AccountType": true,
	"SubjectAccount": true, "TargetAccount": true, "LogonTypeName": true, "EventData": true,
	"Process": true,
}

// securityEvent maps any Security log event. It returns the first payload
// field whose value the column's type cannot hold; that column is left null.
func securityEvent(e *winevent.Event) (Row, *fieldProblem) {
	b := newRow(tableSecurityEvent)
	var bad *fieldProblem

	for _, f := range e.Data {
		i := b.column(f.Name)
		if f.Name == "" || i < 0 || securityEventColumns[f.Name] {
			continue
		}
		v, err := convert(f.Value, b.table.Columns[i].Type)
		if err != nil {
			if bad == nil {
				bad = badField(f.Name, f.Value)
			}
			continue
		}
		b.set(f.Name, v)
	}

	b.time("TimeGenerated", e.TimeCreated)
	b.str("Computer", e.Computer)
	b.long("EventID", int64(e.EventID))
	b.str("Channel", e.Channel)
	b.str("EventSourceName", e.Provider)
	b.long("Task", int64(e.Task))
	b.long("Version", int64(e.Version))
	b.str("Level", securityLevel(e))
	b.str("Keywords", e.Keywords)
	b.str("Opcode", strconv.Itoa(e.Opcode))
	if e.RecordID != 0 {
		b.str("EventRecordId", strconv.FormatUint(e.RecordID, 10))
	}
	if e.ProcessID != 0 {
		b.long("SystemProcessId", int64(e.ProcessID))
	}
	if e.ThreadID != 0 {
		b.long("SystemThreadId", int64(e.ThreadID))
	}
	b.str("SystemUserId", e.UserID)
	b.str("Type", tableSecurityEvent)

	activity := strconv.Itoa(e.EventID)
	if text, ok := activities[e.EventID]; ok {
		activity += " - " + text
	}
	b.str("Activity", activity)

	// Sentinel's Process column is the file name of the process the event
	// is about: the new process for 4688, else the event's ProcessName.
	for _, field := range []string{"NewProcessName", "ProcessName"} {
		if path, ok := e.Get(field); ok && path != "" && path != "-" {
			_, file := splitPath(path)
			b.str("Process", file)
			break
		}
	}

	subjectUser, _ := e.Get("SubjectUserName")
	subjectDomain, _ := e.Get("SubjectDomainName")
	targetUser, hasTarget := e.Get("TargetUserName")
	targetDomain, _ := e.Get("TargetDomainName")
	if _, ok := e.Get("SubjectUserName"); ok {
		b.str("SubjectAccount", subjectDomain+`\`+subjectUser)
	}
	if hasTarget {
		b.str("TargetAccount", targetDomain+`\`+targetUser)
	}
	account, user := "", ""
	switch {
	case hasTarget && targetUser != "" && targetUser != "-":
		account, user = joinAccount(targetDomain, targetUser), targetUser
	case subjectUser != "" && subjectUser != "-":
		account, user = joinAccount(subjectDomain, subjectUser), subjectUser
	}
	b.str("Account", account)
	switch {
	case strings.HasSuffix(user, "$"):
		b.str("AccountType", "Machine")
	case user != "":
		b.str("AccountType", "User")
	}
	if v, ok := e.Get("LogonType"); ok {
		if n, ok := parseNumber(v); ok {
			name := strconv.FormatInt(n, 10)
			if text, ok := logonTypeNames[n]; ok {
				name += " - " + text
			}
			b.str("LogonTypeName", name)
		}
	}
	b.str("EventData", eventDataXML(e))
	return b.done(), bad
}

func joinAccount(domain, user string) string {
	if domain == "" || domain == "-" {
		return user
	}
	return domain + `\` + user
}

// securityLevel renders the audit outcome as Sentinel's Level column does:
// "8" for audit success and "16" for audit failure, the event types of the
// classic event log. Other events keep their level number.
func securityLevel(e *winevent.Event) string {
	if k, ok := parseNumber(e.Keywords); ok {
		switch {
		case uint64(k)&keywordAuditFailure != 0:
			return "16"
		case uint64(k)&keywordAuditSuccess != 0:
			return "8"
		}
	}
	return strconv.Itoa(e.Level)
}

// eventDataXML renders the payload as the EventData element of the event's
// XML, the form Sentinel keeps in its EventData columns.
func eventDataXML(e *winevent.Event) string {
	if len(e.Data) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">`)
	for _, f := range e.Data {
		if f.Name == "" {
			b.WriteString("<Data>")
		} else {
			b.WriteString(`<Data Name="`)
			escapeXML(&b, f.Name)
			b.WriteString(`">`)
		}
		escapeXML(&b, f.Value)
		b.WriteString("</Data>")
	}
	b.WriteString("</EventData>")
	return b.String()
}

// parameterXML renders the payload values in order as Sentinel's
// ParameterXml column does.
func parameterXML(e *winevent.Event) string {
	var b strings.Builder
	for _, f := range e.Data {
		b.WriteString("<Param>")
		escapeXML(&b, f.Value)
		b.WriteString("</Param>")
	}
	return b.String()
}

// escapeXML writes s with the five characters XML reserves replaced by
// their entities. It is what encoding/xml.EscapeText does, without the
// conversions to and from []byte, and it keeps tabs and line breaks as they
// are.
func escapeXML(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var entity string
		switch s[i] {
		case '&':
			entity = "&amp;"
		case '<':
			entity = "&lt;"
		case '>':
			entity = "&gt;"
		case '"':
			entity = "&#34;"
		case '\'':
			entity = "&#39;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(entity)
		last = i + 1
	}
	b.WriteString(s[last:])
}
