package source

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/source/winevent"
)

// The flat shape puts System fields and payload fields in one object, as the
// OTRF Security-Datasets publish their events. Two collection pipelines show
// up in those datasets: a plain one (TimeCreated, @timestamp, ProviderGuid)
// and NXLog with Logstash, which adds its own fields (EventTime,
// EventReceivedTime, SourceModuleType, Severity, ...) and overwrites some
// payload names with its own (AccountName, Domain, EventType).

// flatSystemKeys maps the flat names of System fields to what they fill.
var flatSystemKeys = map[string]string{
	"EventID":            "EventID",
	"SourceName":         "Provider",
	"ProviderName":       "Provider",
	"Provider":           "Provider",
	"ProviderGuid":       "ProviderGUID",
	"Channel":            "Channel",
	"Hostname":           "Computer",
	"Computer":           "Computer",
	"TimeCreated":        "TimeCreated",
	"@timestamp":         "Timestamp",
	"EventTime":          "EventTime",
	"EventRecordID":      "RecordID",
	"RecordNumber":       "RecordID",
	"ExecutionProcessID": "ProcessID",
	"ThreadID":           "ThreadID",
	"ExecutionThreadID":  "ThreadID",
	"Version":            "Version",
	"Level":              "Level",
	"Task":               "Task",
	"OpcodeValue":        "Opcode",
	"Keywords":           "Keywords",
	"Qualifiers":         "Qualifiers",
}

// flatMetadataKeys are collector fields that are neither System fields nor
// payload; they are dropped. Message, the rendered text, is dropped too,
// because Event has no field for it.
var flatMetadataKeys = map[string]bool{
	"Message":           true,
	"@version":          true,
	"host":              true,
	"port":              true,
	"tags":              true,
	"SourceModuleName":  true,
	"SourceModuleType":  true,
	"Severity":          true,
	"SeverityValue":     true,
	"EventReceivedTime": true,
	"EventTypeOrignal":  true,
	"Category":          true,
	"ActivityID":        true,
	"RelatedActivityID": true,
}

// nxlogEventTypes are the values NXLog writes into EventType; a Windows
// payload field of that name (Sysmon's) holds values such as "SetValue".
var nxlogEventTypes = map[string]bool{
	"INFO": true, "AUDIT_SUCCESS": true, "AUDIT_FAILURE": true,
	"WARNING": true, "ERROR": true, "CRITICAL": true, "VERBOSE": true,
}

// isFlatEvent reports whether obj looks like a flat Windows event: an
// EventID next to a channel, provider or computer name.
func isFlatEvent(obj object) bool {
	if _, ok := obj.get("EventID"); !ok {
		return false
	}
	for _, k := range []string{"Channel", "SourceName", "ProviderName", "Provider", "Hostname", "Computer"} {
		if _, ok := obj.get(k); ok {
			return true
		}
	}
	return false
}

func decodeFlat(obj object) (decoded, *Problem) {
	var d decoded
	e := &winevent.Event{}

	_, nxlog := obj.get("SourceModuleType")
	if _, ok := obj.get("EventReceivedTime"); ok {
		nxlog = true
	}
	_, renamedEventType := obj.get("EventTypeOrignal")

	var timeCreated, timestamp, eventTime string
	for _, m := range obj {
		text, scalar := scalarText(m.value)
		if !scalar {
			text = jsonText(m.value)
		}
		if flatMetadataKeys[m.key] {
			continue
		}
		if nxlog {
			switch m.key {
			case "AccountName", "Domain", "AccountType":
				continue // NXLog's lookup of the UserID SID
			case "UserID":
				e.UserID = text
				continue
			case "Opcode":
				continue // NXLog's opcode name; OpcodeValue holds the number
			case "EventType":
				if !renamedEventType && nxlogEventTypes[text] {
					continue
				}
			}
		}
		target, system := flatSystemKeys[m.key]
		if !system {
			if m.key == "Opcode" {
				target, system = "Opcode", true
			} else if m.key == "UserID" || m.key == "UserSid" {
				e.UserID = text
				continue
			}
		}
		if !system {
			e.Data = append(e.Data, winevent.Field{Name: m.key, Value: text})
			continue
		}
		switch target {
		case "EventID":
			id, ok := parseEventID(text)
			if !ok || !scalar {
				return d, &Problem{Reason: ReasonWrongType, Detail: fmt.Sprintf("EventID is not an event number: %s", jsonText(m.value))}
			}
			e.EventID = id
		case "Provider":
			if e.Provider == "" {
				e.Provider = text
			}
		case "ProviderGUID":
			e.ProviderGUID = text
		case "Channel":
			e.Channel = text
		case "Computer":
			if e.Computer == "" {
				e.Computer = text
			}
		case "TimeCreated":
			timeCreated = text
		case "Timestamp":
			timestamp = text
		case "EventTime":
			eventTime = text
		case "RecordID":
			if n, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64); err == nil {
				e.RecordID = n
			} else if text != "" {
				d.invalid(m.key, text)
			}
		case "ProcessID", "ThreadID":
			n, ok := ParseInt(text)
			if !ok || n < 0 || n > 0xffffffff {
				if text != "" {
					d.invalid(m.key, text)
				}
				continue
			}
			if target == "ProcessID" {
				e.ProcessID = uint32(n)
			} else {
				e.ThreadID = uint32(n)
			}
		case "Version", "Level", "Task", "Opcode", "Qualifiers":
			n, ok := ParseInt(text)
			if !ok {
				if text != "" {
					d.invalid(m.key, text)
				}
				continue
			}
			switch target {
			case "Version":
				e.Version = int(n)
			case "Level":
				e.Level = int(n)
			case "Task":
				e.Task = int(n)
			case "Opcode":
				e.Opcode = int(n)
			case "Qualifiers":
				e.Qualifiers = int(n)
			}
		case "Keywords":
			e.Keywords = keywordsText(m.value)
		}
	}

	t, ok := chooseFlatTime(timeCreated, timestamp, eventTime)
	if !ok {
		return d, &Problem{Reason: ReasonWrongType, Detail: fmt.Sprintf("no valid time in TimeCreated %q, @timestamp %q or EventTime %q", timeCreated, timestamp, eventTime)}
	}
	e.TimeCreated = t
	d.rec = &Record{Shape: ShapeFlat, Event: e}
	return d, nil
}

// chooseFlatTime picks the event time. TimeCreated with a zone is exact.
// Logstash's @timestamp is UTC but is the time of collection, a second or two
// late. A TimeCreated or EventTime without a zone is the collector's local
// time and is read as UTC.
//
// NOTE: a zone-less local time puts the event off by the collector's UTC
// offset; Sysmon events are unaffected because the mapping uses UtcTime.
func chooseFlatTime(timeCreated, timestamp, eventTime string) (time.Time, bool) {
	tc, zoned, okTC := ParseTime(timeCreated)
	if okTC && zoned {
		return tc, true
	}
	if ts, _, ok := ParseTime(timestamp); ok {
		return ts, true
	}
	if okTC {
		return tc, true
	}
	if et, _, ok := ParseTime(eventTime); ok {
		return et, true
	}
	return time.Time{}, false
}
