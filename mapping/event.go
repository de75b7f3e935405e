package mapping

import (
	"github.com/quarry-kql/quarry/source/winevent"
)

// Events of every channel but Security become Sentinel Event rows, the
// table the Windows event log connector fills.

const tableEvent = "Event"

// levelNames names the event levels as Sentinel's EventLevelName does.
// Level 0 (log always) is rendered as Information, as Event Viewer does.
var levelNames = map[int]string{
	0: "Information",
	1: "Critical",
	2: "Error",
	3: "Warning",
	4: "Information",
	5: "Verbose",
}

// sysmonTitles are the titles Sysmon gives its events, the first line of
// their rendered message.
var sysmonTitles = map[int]string{
	1: "Process Create", 2: "File creation time changed", 3: "Network connection detected",
	4: "Sysmon service state changed", 5: "Process terminated", 6: "Driver loaded",
	7: "Image loaded", 8: "CreateRemoteThread detected", 9: "RawAccessRead detected",
	10: "Process accessed", 11: "File created", 12: "Registry object added or deleted",
	13: "Registry value set", 14: "Registry object renamed", 15: "File stream created",
	16: "Sysmon config state changed", 17: "Pipe Created", 18: "Pipe Connected",
	19: "WmiEventFilter activity detected", 20: "WmiEventConsumer activity detected",
	21: "WmiEventConsumerToFilter activity detected", 22: "Dns query",
	23: "File Delete archived", 24: "Clipboard changed", 25: "Process Tampering",
	26: "File Delete logged", 27: "File Block Executable", 28: "File Block Shredding",
	29: "File Executable Detected",
}

// renderedDescription returns the first line of the event's message where it
// is known without the provider's message table.
func renderedDescription(e *winevent.Event) string {
	if isSysmon(e) {
		return sysmonTitles[e.EventID]
	}
	if isServiceControlManager(e) && e.EventID == 7045 {
		return "A service was installed in the system."
	}
	return ""
}

// windowsEvent maps an event of any channel but Security.
func windowsEvent(e *winevent.Event) Row {
	b := newRow(tableEvent)
	b.time("TimeGenerated", e.TimeCreated)
	b.str("Source", e.Provider)
	b.str("EventLog", e.Channel)
	b.str("Computer", e.Computer)
	b.long("EventID", int64(e.EventID))
	b.long("EventLevel", int64(e.Level))
	b.str("EventLevelName", levelNames[e.Level])
	b.long("EventCategory", int64(e.Task))
	b.str("UserName", accountForSID(e.UserID))
	b.str("RenderedDescription", renderedDescription(e))
	b.str("EventData", eventDataXML(e))
	b.str("ParameterXml", parameterXML(e))
	b.str("Type", tableEvent)
	return b.done()
}
