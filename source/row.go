package source

import (
	"strings"
)

// typeSuffixes are the suffixes Log Analytics appends to a column name when
// one column receives values of several types ("ReportId_long",
// "AdditionalFields_string").
var typeSuffixes = []string{
	"_string", "_long", "_int", "_real", "_double", "_decimal",
	"_bool", "_datetime", "_timespan", "_guid", "_dynamic",
}

// baseColumnName strips a type suffix from a column name.
func baseColumnName(name string) string {
	for _, suffix := range typeSuffixes {
		if len(name) > len(suffix) && strings.HasSuffix(name, suffix) && !strings.HasPrefix(name, "_") {
			return name[:len(name)-len(suffix)]
		}
	}
	return name
}

// isEmptyValue reports whether a column value carries nothing: null or "".
func isEmptyValue(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && s == ""
}

// mergeTypedColumns merges type-suffixed columns into their base name. The
// merged column takes the place of the first of its spellings, and its value
// is the first one that is neither null nor "", so {"ReportId_long": 113597,
// "ReportId_string": ""} becomes ReportId = 113597.
func mergeTypedColumns(cols []Column) []Column {
	merged := make([]Column, 0, len(cols))
	index := make(map[string]int, len(cols))
	for _, c := range cols {
		name := baseColumnName(c.Name)
		if i, ok := index[name]; ok {
			if isEmptyValue(merged[i].Value) && !isEmptyValue(c.Value) {
				merged[i].Value = c.Value
			}
			continue
		}
		index[name] = len(merged)
		merged = append(merged, Column{Name: name, Value: c.Value})
	}
	return merged
}

// isTableRow reports whether obj is a Defender or Sentinel table row and
// which of the two.
func isTableRow(obj object) (Shape, bool) {
	for _, m := range obj {
		switch m.key {
		case "TimeGenerated":
			return ShapeSentinelRow, true
		case "Timestamp":
			return ShapeDefenderRow, true
		}
	}
	return "", false
}

// isStreamingRow reports whether obj is a row as the Defender streaming API
// writes it to Event Hubs or storage: {"time": ..., "category":
// "AdvancedHunting-DeviceProcessEvents", "properties": {...}}.
func isStreamingRow(obj object) (table string, props object, ok bool) {
	category, _ := obj.get("category")
	name, isString := category.(string)
	if !isString || !strings.HasPrefix(name, "AdvancedHunting-") {
		return "", nil, false
	}
	p, _ := obj.get("properties")
	props, ok = p.(object)
	return strings.TrimPrefix(name, "AdvancedHunting-"), props, ok
}

func decodeRow(obj object, shape Shape, table string) (decoded, *Problem) {
	var d decoded
	cols := make([]Column, 0, len(obj))
	for _, m := range obj {
		cols = append(cols, Column{Name: m.key, Value: plain(m.value)})
	}
	row := &Row{Columns: mergeTypedColumns(cols)}
	if table == "" {
		var ok bool
		if table, ok = DecideTable(row); !ok {
			return d, &Problem{Reason: ReasonUnknownTable, Detail: "no Type column, and the columns match no known table"}
		}
	}
	row.Table = table
	d.rec = &Record{Shape: shape, Row: row}
	return d, nil
}

// DecideTable decides which table a row belongs to, from its columns and
// ActionType, in this order:
//
//  1. A non-empty Type column names the table, as in every Sentinel export.
//  2. A row with EventID and Computer is a Sentinel Windows event: Event when
//     it has EventLog, Source, RenderedDescription or ParameterXml, else
//     SecurityEvent.
//  3. A non-empty ActivityType, ActivityObjects or RawEventData makes a
//     CloudAppEvents row.
//  4. A row without DeviceId but with a non-empty DestinationDeviceName,
//     DestinationIPAddress, TargetDeviceName or TargetAccountUpn is a
//     Defender for Identity row: IdentityQueryEvents with QueryType,
//     IdentityLogonEvents with LogonType, else IdentityDirectoryEvents.
//  5. Otherwise ActionType decides among the device tables, so the rows of a
//     Defender export of a union land in their own tables. ProcessCreated is
//     DeviceProcessEvents; Registry* is DeviceRegistryEvents; FileCreated,
//     FileModified, FileDeleted and FileRenamed are DeviceFileEvents;
//     ImageLoaded is DeviceImageLoadEvents; LogonSuccess, LogonFailed and
//     LogonAttempted are DeviceLogonEvents; Connection*, *ConnectionInspected,
//     InboundConnectionAccepted, ListeningConnectionCreated and
//     NetworkSignatureInspected are DeviceNetworkEvents; any other ActionType
//     is DeviceEvents, Defender's table for miscellaneous device events.
//  6. A row without ActionType that has OSPlatform, OSBuild or ClientVersion
//     is DeviceInfo.
//
// It reports false when no rule applies.
func DecideTable(r *Row) (string, bool) {
	value := func(name string) string {
		v, _ := r.Get(name)
		if s, ok := scalarText(v); ok {
			return strings.TrimSpace(s)
		}
		return "non-scalar"
	}
	has := func(name string) bool {
		_, ok := r.Get(name)
		return ok
	}

	if t := value("Type"); t != "" && isTableName(t) {
		return t, true
	}
	if has("EventID") && has("Computer") {
		if has("EventLog") || has("Source") || has("RenderedDescription") || has("ParameterXml") {
			return "Event", true
		}
		return "SecurityEvent", true
	}
	if value("ActivityType") != "" || value("ActivityObjects") != "" || value("RawEventData") != "" {
		return "CloudAppEvents", true
	}
	if value("DeviceId") == "" && (value("DestinationDeviceName") != "" || value("DestinationIPAddress") != "" ||
		value("TargetDeviceName") != "" || value("TargetAccountUpn") != "") {
		switch {
		case has("QueryType"):
			return "IdentityQueryEvents", true
		case has("LogonType"):
			return "IdentityLogonEvents", true
		}
		return "IdentityDirectoryEvents", true
	}
	if action := value("ActionType"); action != "" {
		return tableForAction(action), true
	}
	if has("OSPlatform") || has("OSBuild") || has("ClientVersion") {
		return "DeviceInfo", true
	}
	return "", false
}

func tableForAction(action string) string {
	switch action {
	case "ProcessCreated":
		return "DeviceProcessEvents"
	case "FileCreated", "FileModified", "FileDeleted", "FileRenamed":
		return "DeviceFileEvents"
	case "ImageLoaded":
		return "DeviceImageLoadEvents"
	case "LogonSuccess", "LogonFailed", "LogonAttempted":
		return "DeviceLogonEvents"
	case "InboundConnectionAccepted", "ListeningConnectionCreated", "NetworkSignatureInspected":
		return "DeviceNetworkEvents"
	}
	switch {
	case strings.HasPrefix(action, "Registry"):
		return "DeviceRegistryEvents"
	case strings.HasPrefix(action, "Connection"), strings.HasSuffix(action, "ConnectionInspected"):
		return "DeviceNetworkEvents"
	}
	return "DeviceEvents"
}

// isTableName reports whether s can be a table name: letters, digits and
// underscores, starting with a letter.
func isTableName(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return s != ""
}
