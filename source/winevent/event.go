// Package winevent defines the Windows event record that every reader of
// Windows logs produces, whatever the file format: EVTX, the nested JSON that
// EVTX converters write, or the flat JSON of public datasets.
package winevent

import "time"

// Event is one Windows event: the System header fields and the event's
// payload fields.
type Event struct {
	Provider     string // System/Provider@Name, such as "Microsoft-Windows-Sysmon"
	ProviderGUID string // System/Provider@Guid, braces kept as recorded
	EventID      int    // System/EventID, without qualifiers
	Qualifiers   int    // System/EventID@Qualifiers, 0 when absent
	Version      int
	Level        int
	Task         int
	Opcode       int
	Keywords     string    // hexadecimal as recorded, such as "0x8000000000000000"
	TimeCreated  time.Time // System/TimeCreated@SystemTime, in UTC
	RecordID     uint64    // System/EventRecordID
	ProcessID    uint32    // System/Execution@ProcessID
	ThreadID     uint32    // System/Execution@ThreadID
	Channel      string    // such as "Security" or "Microsoft-Windows-Sysmon/Operational"
	Computer     string
	UserID       string // System/Security@UserID, a SID

	// Data holds the payload in document order: the EventData Data elements,
	// or the leaf elements of UserData. An unnamed Data element has an empty
	// Name.
	Data []Field
}

// Field is one named payload value, rendered as text the way Windows
// renders it in the event's XML.
type Field struct {
	Name  string
	Value string
}

// Get returns the value of the first payload field with the given name.
func (e *Event) Get(name string) (string, bool) {
	for _, f := range e.Data {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}
