package source

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/quarry-kql/quarry/source/winevent"
)

// The nested shape renders an event's XML as JSON. Converters differ in how
// they write an element's attributes and text:
//
//	golang-evtx:  "EventID": {"Value": "7045", "Qualifiers": "16384"}, "Provider": {"Name": "..."}
//	evtx_dump:    "EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 7045}
//	xmltodict:    "EventID": {"@Qualifiers": "16384", "#text": "7045"}
//
// and any of them may write a plain "EventID": 7045. The helpers below accept
// all three spellings.

// attr returns the named attribute of an element.
func attr(v any, name string, viaAttributes *bool) (any, bool) {
	obj, ok := v.(object)
	if !ok {
		return nil, false
	}
	if attrs, ok := obj.get("#attributes"); ok {
		if a, ok := attrs.(object); ok {
			if x, ok := a.get(name); ok {
				*viaAttributes = true
				return x, true
			}
		}
	}
	if x, ok := obj.get("@" + name); ok {
		*viaAttributes = true
		return x, true
	}
	return obj.get(name)
}

// attrText returns the named attribute of an element as text.
func attrText(v any, name string, viaAttributes *bool) (string, bool) {
	x, ok := attr(v, name, viaAttributes)
	if !ok {
		return "", false
	}
	return scalarText(x)
}

// elementText returns the text content of an element: the scalar itself, its
// "#text" member, or golang-evtx's "Value" member.
func elementText(v any) (string, bool) {
	if s, ok := scalarText(v); ok {
		return s, true
	}
	obj, ok := v.(object)
	if !ok {
		return "", false
	}
	for _, key := range []string{"#text", "Value"} {
		if x, ok := obj.get(key); ok {
			return scalarText(x)
		}
	}
	return "", false
}

// isNestedEvent reports whether obj is {"Event": {"System": ...}} or a bare
// {"System": {...}, "EventData": ...}, and returns the Event element.
func isNestedEvent(obj object) (object, bool) {
	if ev, ok := obj.get("Event"); ok {
		if evObj, ok := ev.(object); ok {
			if _, ok := evObj.get("System"); ok {
				return evObj, true
			}
		}
	}
	if sys, ok := obj.get("System"); ok {
		if sysObj, ok := sys.(object); ok {
			if _, ok := sysObj.get("EventID"); ok {
				return obj, true
			}
		}
	}
	return nil, false
}

// decodeNested converts the Event element of the nested shape.
func decodeNested(ev object) (decoded, *Problem) {
	var d decoded
	viaAttributes := false
	e := &winevent.Event{}

	sysValue, _ := ev.get("System")
	sys, ok := sysValue.(object)
	if !ok {
		return d, &Problem{Reason: ReasonWrongType, Detail: "System is not an object"}
	}

	provider, _ := sys.get("Provider")
	if s, ok := provider.(string); ok {
		e.Provider = s
	} else {
		e.Provider, _ = attrText(provider, "Name", &viaAttributes)
		if e.Provider == "" {
			e.Provider, _ = attrText(provider, "EventSourceName", &viaAttributes)
		}
		e.ProviderGUID, _ = attrText(provider, "Guid", &viaAttributes)
	}

	idValue, ok := sys.get("EventID")
	if !ok {
		return d, &Problem{Reason: ReasonWrongType, Detail: "System has no EventID"}
	}
	idText, ok := elementText(idValue)
	id, okInt := parseEventID(idText)
	if !ok || !okInt {
		return d, &Problem{Reason: ReasonWrongType, Detail: fmt.Sprintf("EventID is not an event number: %s", jsonText(idValue))}
	}
	e.EventID = id
	if q, ok := attrText(idValue, "Qualifiers", &viaAttributes); ok && q != "" {
		if n, ok := ParseInt(q); ok {
			e.Qualifiers = int(n)
		} else {
			d.invalid("EventID Qualifiers", q)
		}
	}

	timeValue, ok := sys.get("TimeCreated")
	if !ok {
		return d, &Problem{Reason: ReasonWrongType, Detail: "System has no TimeCreated"}
	}
	timeText, ok := attrText(timeValue, "SystemTime", &viaAttributes)
	if !ok {
		timeText, ok = elementText(timeValue)
	}
	t, _, okTime := ParseTime(timeText)
	if !ok || !okTime {
		return d, &Problem{Reason: ReasonWrongType, Detail: fmt.Sprintf("TimeCreated is not a time: %s", jsonText(timeValue))}
	}
	e.TimeCreated = t

	for _, field := range []struct {
		name string
		dst  *int
	}{{"Version", &e.Version}, {"Level", &e.Level}, {"Task", &e.Task}, {"Opcode", &e.Opcode}} {
		if v, ok := sys.get(field.name); ok {
			if s, ok := elementText(v); ok && s != "" {
				if n, ok := ParseInt(s); ok {
					*field.dst = int(n)
					continue
				}
			}
			if v != nil {
				d.invalid(field.name, jsonText(v))
			}
		}
	}
	if v, ok := sys.get("Keywords"); ok {
		e.Keywords = keywordsText(v)
	}
	if v, ok := sys.get("EventRecordID"); ok {
		s, _ := elementText(v)
		if n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64); err == nil {
			e.RecordID = n
		} else if v != nil {
			d.invalid("EventRecordID", jsonText(v))
		}
	}
	if exec, ok := sys.get("Execution"); ok {
		e.ProcessID = uint32Attr(&d, exec, "ProcessID", &viaAttributes)
		e.ThreadID = uint32Attr(&d, exec, "ThreadID", &viaAttributes)
	}
	if v, ok := sys.get("Channel"); ok {
		e.Channel, _ = elementText(v)
	}
	if v, ok := sys.get("Computer"); ok {
		e.Computer, _ = elementText(v)
	}
	if v, ok := sys.get("Security"); ok {
		e.UserID, _ = attrText(v, "UserID", &viaAttributes)
	}

	if data, ok := ev.get("EventData"); ok {
		e.Data = appendEventData(e.Data, data, &viaAttributes)
	} else if data, ok := ev.get("UserData"); ok {
		e.Data = appendLeaves(e.Data, data)
	} else if data, ok := ev.get("ProcessingErrorData"); ok {
		e.Data = appendLeaves(e.Data, data)
	}
	if _, ok := ev.get("#attributes"); ok {
		viaAttributes = true
	}

	d.rec = &Record{Shape: ShapeNested, Event: e}
	if viaAttributes {
		d.rec.Shape = ShapeNestedAttributes
	}
	return d, nil
}

// parseEventID parses an event number, which Windows stores in 16 bits.
func parseEventID(s string) (int, bool) {
	n, ok := ParseInt(s)
	if !ok || n < 0 || n > 0xffff {
		return 0, false
	}
	return int(n), true
}

// keywordsText renders the keyword mask as Windows does, "0x" and 16 hex
// digits. Some exports write it as a signed 64-bit number instead.
func keywordsText(v any) string {
	s, _ := elementText(v)
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return s
	}
	if n, ok := ParseInt(s); ok {
		return fmt.Sprintf("0x%016x", uint64(n))
	}
	return s
}

func uint32Attr(d *decoded, v any, name string, viaAttributes *bool) uint32 {
	s, ok := attrText(v, name, viaAttributes)
	if !ok || s == "" {
		return 0
	}
	n, ok := ParseInt(s)
	if !ok || n < 0 || n > 0xffffffff {
		d.invalid(name, s)
		return 0
	}
	return uint32(n)
}

// appendEventData appends the Data elements of EventData. Named fields are
// members of an object; unnamed Data elements arrive as a "Data" list or
// string, and xmltodict writes named ones as a "Data" list of
// {"@Name": ..., "#text": ...}.
func appendEventData(fields []winevent.Field, data any, viaAttributes *bool) []winevent.Field {
	obj, ok := data.(object)
	if !ok {
		// A bare list or value: unnamed data.
		return appendUnnamed(fields, data)
	}
	for _, m := range obj {
		switch {
		case m.key == "#attributes" || m.key == "xmlns" || strings.HasPrefix(m.key, "@"):
			continue
		case m.key == "Data" || m.key == "#text":
			fields = appendDataElements(fields, m.value, viaAttributes)
		default:
			fields = append(fields, winevent.Field{Name: m.key, Value: fieldText(m.value)})
		}
	}
	return fields
}

func appendDataElements(fields []winevent.Field, v any, viaAttributes *bool) []winevent.Field {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	for _, item := range list {
		if name, ok := attrText(item, "Name", viaAttributes); ok {
			text, _ := elementText(item)
			fields = append(fields, winevent.Field{Name: name, Value: text})
			continue
		}
		if obj, ok := item.(object); ok {
			if inner, ok := obj.get("#text"); ok {
				fields = appendUnnamed(fields, inner)
				continue
			}
		}
		fields = append(fields, winevent.Field{Value: fieldText(item)})
	}
	return fields
}

func appendUnnamed(fields []winevent.Field, v any) []winevent.Field {
	if list, ok := v.([]any); ok {
		for _, item := range list {
			fields = append(fields, winevent.Field{Value: fieldText(item)})
		}
		return fields
	}
	return append(fields, winevent.Field{Value: fieldText(v)})
}

// appendLeaves appends the leaf elements of UserData in document order,
// each named after its element, skipping namespace declarations.
func appendLeaves(fields []winevent.Field, v any) []winevent.Field {
	obj, ok := v.(object)
	if !ok {
		return fields
	}
	for _, m := range obj {
		if m.key == "#attributes" || m.key == "xmlns" || strings.HasPrefix(m.key, "@") {
			continue
		}
		switch x := m.value.(type) {
		case object:
			if text, ok := x.get("#text"); ok {
				fields = append(fields, winevent.Field{Name: m.key, Value: fieldText(text)})
				continue
			}
			fields = appendLeaves(fields, x)
		default:
			fields = append(fields, winevent.Field{Name: m.key, Value: fieldText(x)})
		}
	}
	return fields
}

// fieldText renders a payload value as text; objects and lists keep their
// JSON spelling, since XML has no such values to render.
func fieldText(v any) string {
	if s, ok := scalarText(v); ok {
		return s
	}
	if obj, ok := v.(object); ok {
		if text, ok := obj.get("#text"); ok {
			return fieldText(text)
		}
	}
	return jsonText(v)
}
