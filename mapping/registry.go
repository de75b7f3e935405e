package mapping

import (
	"strings"

	"github.com/quarry-kql/quarry/source/winevent"
)

// Registry: Sysmon 12 (key created or deleted, value deleted), 13 (value
// set) and 14 (key or value renamed) become DeviceRegistryEvents rows.

const tableRegistry = "DeviceRegistryEvents"

// registryActions maps Sysmon's EventType to Defender's ActionType and
// whether TargetObject names a value (key path plus value name) or a key.
var registryActions = map[string]struct {
	action  string
	isValue bool
}{
	"CreateKey":   {"RegistryKeyCreated", false},
	"DeleteKey":   {"RegistryKeyDeleted", false},
	"RenameKey":   {"RegistryKeyRenamed", false},
	"SetValue":    {"RegistryValueSet", true},
	"DeleteValue": {"RegistryValueDeleted", true},
}

// registryFromSysmon maps Sysmon events 12, 13 and 14. An EventType that
// Defender has no action for is not mapped, and the returned reason names it.
func registryFromSysmon(e *winevent.Event) (Row, *fieldProblem, string) {
	f := fieldsOf(e)
	eventType := f.get("EventType")
	if eventType == "" {
		// Some exports drop EventType. Events 13 and 14 have one action
		// each, but event 12 covers three, so its action is unknown.
		switch e.EventID {
		case 12:
			return Row{}, nil, "Sysmon 12 without EventType: created or deleted is unknown"
		case 13:
			eventType = "SetValue"
		case 14:
			eventType = "RenameKey"
		}
	}
	kind, ok := registryActions[eventType]
	if !ok {
		return Row{}, nil, "Sysmon registry EventType " + quote(eventType) + " has no Defender action"
	}

	b := newRow(tableRegistry)
	var bad *fieldProblem
	b.time("Timestamp", eventTime(f))
	b.str("DeviceName", e.Computer)
	b.str("ActionType", kind.action)

	target := expandHive(f.get("TargetObject"))
	key, valueName := target, ""
	if kind.isValue {
		if i := strings.LastIndex(target, `\`); i >= 0 {
			key, valueName = target[:i], target[i+1:]
		}
	}
	if eventType == "RenameKey" {
		// Sysmon's NewName is the new full path of the key. Defender's
		// RegistryKey is the new path and PreviousRegistryKey the old one.
		b.str("PreviousRegistryKey", key)
		key = expandHive(f.get("NewName"))
	}
	b.str("RegistryKey", key)
	b.str("RegistryValueName", valueName)

	if eventType == "SetValue" {
		data, valueType := registryValue(f.get("Details"))
		b.str("RegistryValueData", data)
		b.str("RegistryValueType", valueType)
	}

	image := f.get("Image")
	_, name := splitPath(image)
	b.str("InitiatingProcessFolderPath", image)
	b.str("InitiatingProcessFileName", name)
	if !b.longText("InitiatingProcessId", f.get("ProcessId")) {
		bad = badField("ProcessId", f.get("ProcessId"))
	}
	domain, user := splitAccount(f.present("User"))
	b.str("InitiatingProcessAccountDomain", domain)
	b.str("InitiatingProcessAccountName", user)

	b.reportID(e)
	return b.done(), bad, ""
}

func quote(s string) string { return `"` + s + `"` }
