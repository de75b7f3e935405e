package source

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// scalarText renders a JSON scalar the way Windows renders the value in an
// event's XML: strings as they are, numbers in their JSON spelling, booleans
// as "true" or "false" and null as "". It reports false for objects and
// arrays.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return string(x), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// jsonText renders any decoded value as compact JSON, keeping the member
// order of objects.
func jsonText(v any) string {
	var b strings.Builder
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case json.Number:
		b.WriteString(string(x))
	case string:
		quoted, _ := json.Marshal(x)
		b.Write(quoted)
	case object:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, m.key)
			b.WriteByte(':')
			writeJSON(b, m.value)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	default:
		quoted, _ := json.Marshal(x)
		b.Write(quoted)
	}
}

// plain converts decoded JSON to the values encoding/json produces with
// UseNumber: objects become map[string]any (a repeated key keeps its last
// value, as in encoding/json).
func plain(v any) any {
	switch x := v.(type) {
	case object:
		m := make(map[string]any, len(x))
		for _, mem := range x {
			m[mem.key] = plain(mem.value)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// ParseInt parses a decimal or "0x"-prefixed hexadecimal integer, the two
// spellings Windows events use for numbers and identifiers.
func ParseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	var u uint64
	var err error
	if len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X") {
		u, err = strconv.ParseUint(s[2:], 16, 64)
	} else {
		u, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return 0, false
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	// Hexadecimal values such as keyword masks use all 64 bits.
	return int64(u), true
}

// timeLayouts are the timestamp spellings found in event exports, most
// common first. Layouts without a zone are read as UTC.
var timeLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02 15:04:05.999999999Z07:00", true},
	{"2006-01-02T15:04:05.999999999", false},
	{"2006-01-02 15:04:05.999999999", false},
	{"2006-01-02 15:04:05.999999999 -0700", true},
	{"2006-01-02 15:04:05.999999999 -0700 MST", true},
	{"Jan 2, 2006 3:04:05.999999999 PM", false},
	{"Jan 2 2006 15:04:05.999999999", false},
}

// ParseTime parses a timestamp as event exports write it: RFC 3339 with any
// number of fractional digits, the same with a space before the time (as
// Sysmon's UtcTime), PowerShell's "/Date(milliseconds)/", and a few portal
// spellings. zoned reports whether the text carried a zone; a time without
// one is read as UTC. The result is in UTC.
func ParseTime(s string) (t time.Time, zoned bool, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, false
	}
	if strings.HasPrefix(s, "/Date(") && strings.HasSuffix(s, ")/") {
		ms := s[len("/Date(") : len(s)-2]
		if i := strings.IndexAny(ms[1:], "+-"); i >= 0 {
			ms = ms[:i+1] // the zone suffix of "/Date(ms+0200)/" does not change the instant
		}
		n, err := strconv.ParseInt(ms, 10, 64)
		if err != nil {
			return time.Time{}, false, false
		}
		return time.UnixMilli(n).UTC(), true, true
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t.UTC(), l.zoned, true
		}
	}
	return time.Time{}, false, false
}
