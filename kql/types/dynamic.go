package types

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseJSON parses JSON text into a dynamic payload: objects become
// map[string]any, arrays []any, integers int64 (or float64 when they do
// not fit in 64 bits), other numbers float64, and JSON null nil.
func ParseJSON(text string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("invalid JSON: unexpected text after the value")
	}
	return fromJSONNumbers(raw), nil
}

func fromJSONNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case []any:
		for i := range x {
			x[i] = fromJSONNumbers(x[i])
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = fromJSONNumbers(e)
		}
		return x
	}
	return v
}

// NormalizeDynamic converts a Go value into a dynamic payload: Go integer
// types become int64, float32 float64, time.Time a datetime,
// time.Duration a timespan, and maps with string keys and slices are
// converted element by element. It reports false for values it cannot
// represent.
func NormalizeDynamic(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, DateTimeValue, TimeSpanValue, GuidValue, DecimalValue:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint:
		return int64(x), true
	case uint64:
		if x > math.MaxInt64 {
			return float64(x), true
		}
		return int64(x), true
	case float32:
		return float64(x), true
	case time.Time:
		d, ok := DateTimeFromTime(x)
		return d, ok
	case time.Duration:
		return TimeSpanValue(x / 100), true
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, ok := NormalizeDynamic(e)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, ok := NormalizeDynamic(e)
			if !ok {
				return nil, false
			}
			out[k] = n
		}
		return out, true
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e
		}
		return out, true
	case json.RawMessage:
		p, err := ParseJSON(string(x))
		return p, err == nil
	}
	return nil, false
}

// FormatJSON writes a dynamic payload as compact JSON, the way tostring()
// prints a dynamic value. Property bag keys are written in sorted order,
// because Kusto's bags are unordered and a stable order keeps results
// reproducible. Datetimes, timespans, guids and decimals are written as
// JSON strings.
func FormatJSON(v any) string {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int32:
		b.WriteString(strconv.FormatInt(int64(x), 10))
	case float64:
		switch {
		case math.IsNaN(x):
			b.WriteString(`"NaN"`)
		case math.IsInf(x, 1):
			b.WriteString(`"Infinity"`)
		case math.IsInf(x, -1):
			b.WriteString(`"-Infinity"`)
		default:
			b.WriteString(FormatReal(x))
		}
	case string:
		writeJSONString(b, x)
	case DateTimeValue, TimeSpanValue, GuidValue:
		writeJSONString(b, fmt.Sprint(x))
	case DecimalValue:
		b.WriteString(x.String())
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range SortedKeys(x) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, x[k])
		}
		b.WriteByte('}')
	default:
		writeJSONString(b, fmt.Sprint(x))
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// SortedKeys returns the keys of a property bag in ascending order.
func SortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// FormatReal formats a real the way Kusto's tostring() does: the shortest
// text that reads back to the same value, with ".0" after a whole number,
// without an exponent for magnitudes from 1e-5 up to 1e15, and NaN, inf
// or -inf for the special values.
func FormatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	a := math.Abs(f)
	if a != 0 && (a < 1e-5 || a >= 1e15) {
		s := strconv.FormatFloat(f, 'E', -1, 64)
		// Write at least two exponent digits, as in 1E+15 and 1E-05.
		if i := strings.IndexByte(s, 'E'); i >= 0 {
			mant, exp := s[:i], s[i+1:]
			sign := exp[0]
			digits := exp[1:]
			if len(digits) < 2 {
				digits = "0" + digits
			}
			return mant + "E" + string(sign) + digits
		}
		return s
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// DynamicEqual reports whether two dynamic payloads are equal: numbers by
// value across int64 and float64, strings exactly, arrays element by
// element and bags key by key.
func DynamicEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y
		case float64:
			return float64(x) == y
		}
		return false
	case float64:
		switch y := b.(type) {
		case int64:
			return x == float64(y)
		case float64:
			return x == y
		}
		return false
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !DynamicEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !DynamicEqual(e, f) {
				return false
			}
		}
		return true
	case DecimalValue:
		y, ok := b.(DecimalValue)
		return ok && x.Cmp(y) == 0
	}
	return a == b
}

// DynamicTypeName returns the name gettype() reports for a dynamic
// payload: "null", "bool", "long", "double", "string", "array",
// "dictionary", "datetime", "timespan", "guid" or "decimal".
func DynamicTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64, int32:
		return "long"
	case float64:
		return "double"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "dictionary"
	case DateTimeValue:
		return "datetime"
	case TimeSpanValue:
		return "timespan"
	case GuidValue:
		return "guid"
	case DecimalValue:
		return "decimal"
	}
	return "unknown"
}
