package mapping

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/source"
)

// parseNumber parses an integer written in decimal or as "0x" hexadecimal,
// the two spellings Windows events use.
func parseNumber(text string) (int64, bool) {
	return source.ParseInt(text)
}

// convert turns an input value (nil, bool, string, json.Number,
// map[string]any or []any, as source rows hold them) into the Go value for a
// column of the given kind. An empty string is null for every kind but
// string. It returns an error for a value the kind cannot hold; the caller
// stores null instead.
func convert(v any, kind types.Kind) (any, error) {
	if kind == types.String {
		return toString(v), nil
	}
	if v == nil {
		return nil, nil
	}
	if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
		return nil, nil
	}

	switch kind {
	case types.Int, types.Long:
		switch x := v.(type) {
		case json.Number:
			return integerText(string(x))
		case string:
			return integerText(x)
		}
	case types.Real, types.Decimal:
		switch x := v.(type) {
		case json.Number:
			return strconv.ParseFloat(string(x), 64)
		case string:
			return strconv.ParseFloat(strings.TrimSpace(x), 64)
		}
	case types.Bool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case json.Number:
			switch x {
			case "0":
				return false, nil
			case "1":
				return true, nil
			}
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true", "1":
				return true, nil
			case "false", "0":
				return false, nil
			}
		}
	case types.DateTime:
		if s, ok := v.(string); ok {
			if t, _, ok := source.ParseTime(s); ok {
				return t, nil
			}
		}
	case types.TimeSpan:
		if s, ok := v.(string); ok {
			if d, ok := parseTimeSpan(s); ok {
				return d, nil
			}
		}
	case types.Guid:
		if s, ok := v.(string); ok {
			return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "{"), "}"), nil
		}
	case types.Dynamic:
		return toDynamic(v), nil
	}
	return nil, fmt.Errorf("%s is not a valid %s", describe(v), kind)
}

// integerText parses an integer in decimal, hexadecimal, or as a number with
// a zero fraction ("3.0").
func integerText(s string) (any, error) {
	if n, ok := source.ParseInt(s); ok {
		return n, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return int64(f), nil
	}
	return nil, fmt.Errorf("%q is not an integer", s)
}

// parseTimeSpan parses Kusto's timespan text, "[-][d.]hh:mm:ss[.fffffff]".
func parseTimeSpan(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	days := int64(0)
	if dot, colon := strings.Index(s, "."), strings.Index(s, ":"); dot >= 0 && colon > dot {
		n, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil {
			return 0, false
		}
		days, s = n, s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	sec, err3 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, false
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(math.Round(sec*float64(time.Second)))
	if neg {
		d = -d
	}
	return d, true
}

// toString renders a value for a string column: objects and arrays as
// compact JSON, numbers in their JSON spelling, null as "".
func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// toDynamic converts a value for a dynamic column. Log Analytics exports
// dynamic values as JSON text, so a string holding a JSON object or array is
// decoded; any other string stays a string.
func toDynamic(v any) any {
	switch x := v.(type) {
	case string:
		t := strings.TrimSpace(x)
		if len(t) > 1 && (t[0] == '{' || t[0] == '[') {
			var decoded any
			if err := json.Unmarshal([]byte(t), &decoded); err == nil {
				return decoded
			}
		}
		return x
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return string(x)
		}
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toDynamic(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toDynamic(e)
		}
		return out
	}
	return v
}

// jsonKind returns the kind of an input value for an extra column, and
// false for null.
func jsonKind(v any) (types.Kind, bool) {
	switch x := v.(type) {
	case nil:
		return types.Unknown, false
	case bool:
		return types.Bool, true
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return types.Long, true
		}
		return types.Real, true
	case map[string]any, []any:
		return types.Dynamic, true
	}
	return types.String, true
}

// describe quotes a value for a problem message, shortened.
func describe(v any) string {
	s := toString(v)
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	if _, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return s
}
