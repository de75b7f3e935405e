package exec

import (
	"math"
	"strconv"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the conversion functions (tostring, tolong, todatetime
// and the rest) and gettype.

func init() {
	conv := func(name string, k types.Kind) *scalarDef {
		return &scalarDef{name: name, minArgs: 1, maxArgs: 1, result: fixed(k),
			row: func(c *callEval, args []types.Value) types.Value { return convertTo(args[0], k) }}
	}
	register(
		&scalarDef{name: "tostring", minArgs: 1, maxArgs: 1, result: fixed(types.String),
			row: func(c *callEval, args []types.Value) types.Value {
				if b, ok := args[0].(bool); ok && c.kinds[0] == types.Dynamic {
					// Inside dynamic values booleans are JSON: true, false.
					return strconv.FormatBool(b)
				}
				return convertTo(args[0], types.String)
			}},
		conv("tolong", types.Long),
		conv("toint", types.Int),
		conv("toreal", types.Real),
		conv("tobool", types.Bool),
		conv("todatetime", types.DateTime),
		conv("totimespan", types.TimeSpan),
		conv("todecimal", types.Decimal),
		conv("toguid", types.Guid),
		conv("todynamic", types.Dynamic),
	)
	alias("todouble", "toreal")
	alias("toboolean", "tobool")
	alias("parse_json", "todynamic")
	alias("parsejson", "todynamic")
	alias("toobject", "todynamic")
	register(&scalarDef{name: "gettype", minArgs: 1, maxArgs: 1, result: fixed(types.String),
		row: func(c *callEval, args []types.Value) types.Value {
			if c.kinds[0] == types.Dynamic {
				if args[0] == nil {
					return "null"
				}
				return types.DynamicTypeName(args[0])
			}
			if args[0] == nil && c.kinds[0] == types.Unknown {
				return "null"
			}
			k := c.kinds[0]
			if k == types.Int {
				return "int"
			}
			return k.String()
		}})
}

// convertTo converts a value to kind k the way the to*() functions do:
// text is parsed, numbers are converted (reals truncated toward zero
// when an integer is wanted), and anything that does not convert is null.
func convertTo(v types.Value, k types.Kind) types.Value {
	if v == nil {
		return types.Zero(k)
	}
	switch k {
	case types.String:
		return types.Format(v)
	case types.Long, types.Int:
		if f, ok := v.(float64); ok {
			// Reals are truncated and saturate at the type's range.
			if math.IsNaN(f) {
				return nil
			}
			if k == types.Int {
				return int32(math.Max(math.MinInt32, math.Min(math.MaxInt32, math.Trunc(f))))
			}
			switch {
			case f >= math.MaxInt64:
				return int64(math.MaxInt64)
			case f <= math.MinInt64:
				return int64(math.MinInt64)
			}
			return int64(f)
		}
		n, ok := toInt64(v)
		if !ok {
			return nil
		}
		if k == types.Int {
			if _, isText := v.(string); isText && (n < math.MinInt32 || n > math.MaxInt32) {
				return nil
			}
			// Integers wrap to 32 bits.
			return int32(n)
		}
		return n
	case types.Real:
		switch x := v.(type) {
		case string:
			return parseReal(x)
		case types.DateTimeValue:
			return float64(x)
		case types.TimeSpanValue:
			return float64(x)
		case bool:
			return float64(b2i(x))
		}
		if f, ok := types.AsFloat(v); ok {
			return f
		}
		return nil
	case types.Bool:
		switch x := v.(type) {
		case bool:
			return x
		case string:
			switch strings.ToLower(x) {
			case "true":
				return true
			case "false":
				return false
			}
			if n, ok := toInt64(x); ok && !strings.ContainsAny(x, " \t") {
				return n != 0
			}
			return nil
		}
		if f, ok := types.AsFloat(v); ok {
			return f != 0
		}
		return nil
	case types.DateTime:
		switch x := v.(type) {
		case types.DateTimeValue:
			return x
		case string:
			d, ok := types.ParseDateTime(x)
			if !ok {
				return nil
			}
			return d
		case int64:
			if !types.ValidDateTime(x) {
				return nil
			}
			return types.DateTimeValue(x)
		}
		return nil
	case types.TimeSpan:
		switch x := v.(type) {
		case types.TimeSpanValue:
			return x
		case string:
			d, ok := types.ParseTimeSpan(x)
			if !ok {
				return nil
			}
			return d
		case int64:
			return types.TimeSpanValue(x)
		case int32:
			return types.TimeSpanValue(x)
		case float64:
			return types.TimeSpanValue(int64(x))
		}
		return nil
	case types.Decimal:
		switch x := v.(type) {
		case string:
			d, ok := types.ParseDecimal(x)
			if !ok {
				return nil
			}
			return d
		case bool:
			return types.DecimalFromInt(b2i(x))
		}
		d, ok := toDecimal(v)
		if !ok {
			return nil
		}
		return d
	case types.Guid:
		switch x := v.(type) {
		case types.GuidValue:
			return x
		case string:
			g, ok := types.ParseGuid(x)
			if !ok {
				return nil
			}
			return g
		}
		return nil
	case types.Dynamic:
		switch x := v.(type) {
		case string:
			if strings.TrimSpace(x) == "" {
				return nil
			}
			p, err := types.ParseJSON(x)
			if err != nil {
				return x
			}
			return p
		case int32:
			return int64(x)
		}
		return v
	}
	return nil
}

// toInt64 converts to a long: integer text (decimal or 0x hex), numbers
// truncated toward zero, bools as 0 or 1, datetimes and timespans as
// ticks.
func toInt64(v types.Value) (int64, bool) {
	switch x := v.(type) {
	case string:
		s := strings.TrimSpace(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
			if n, err := strconv.ParseInt(s[2:], 16, 64); err == nil {
				return n, true
			}
		}
		return 0, false
	case types.DateTimeValue:
		return int64(x), true
	case types.TimeSpanValue:
		return int64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || x >= 9.3e18 || x <= -9.3e18 {
			return 0, false
		}
		return int64(x), true
	case types.DecimalValue:
		return x.Int64()
	}
	return types.AsInt(v)
}

// parseReal parses text as a real, accepting NaN, Infinity and inf with
// an optional sign. A number too large for a real becomes an infinity.
func parseReal(s string) types.Value {
	s = strings.TrimSpace(s)
	switch s {
	case "NaN", "nan":
		return math.NaN()
	case "inf", "+inf", "Inf", "+Inf", "Infinity", "+Infinity":
		return math.Inf(1)
	case "-inf", "-Inf", "-Infinity":
		return math.Inf(-1)
	}
	if strings.ContainsAny(s, "_xXpP") || strings.EqualFold(strings.TrimLeft(s, "+-"), "inf") ||
		strings.EqualFold(strings.TrimLeft(s, "+-"), "infinity") || strings.EqualFold(s, "nan") {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return nil
	}
	return f
}
