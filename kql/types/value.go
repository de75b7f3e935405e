package types

import (
	"math"
)

// Value is one scalar value, as the engine passes it between rows,
// literals and function calls. The Go type of a non-null value depends on
// the KQL type that the surrounding context (a column, an expression)
// declares:
//
//	bool      bool
//	int       int32
//	long      int64
//	real      float64
//	decimal   DecimalValue
//	string    string
//	datetime  DateTimeValue
//	timespan  TimeSpanValue
//	guid      GuidValue
//	dynamic   nil, bool, int64, float64, string, []any, map[string]any,
//	          DateTimeValue, TimeSpanValue, GuidValue or DecimalValue
//
// A nil Value is null. A string is never null: an absent string is "".
// A dynamic value that holds JSON null is also nil, so isnull() is true
// for it, as in Kusto.
type Value = any

// IsNull reports whether v is a null value.
func IsNull(v Value) bool { return v == nil }

// Zero returns the value an absent cell of kind k takes: "" for strings
// and null for every other kind.
func Zero(k Kind) Value {
	if k == String {
		return ""
	}
	return nil
}

// KindOf returns the kind that the Go type of a non-null scalar value
// stands for. Dynamic payloads such as []any report Dynamic. Null reports
// Unknown.
func KindOf(v Value) Kind {
	switch v.(type) {
	case nil:
		return Unknown
	case bool:
		return Bool
	case int32:
		return Int
	case int64:
		return Long
	case float64:
		return Real
	case DecimalValue:
		return Decimal
	case string:
		return String
	case DateTimeValue:
		return DateTime
	case TimeSpanValue:
		return TimeSpan
	case GuidValue:
		return Guid
	default:
		return Dynamic
	}
}

// AsFloat converts a numeric value (int, long, real, decimal) to float64.
// It reports false for null and for non-numeric values.
func AsFloat(v Value) (float64, bool) {
	switch x := v.(type) {
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case DecimalValue:
		return x.Float64(), true
	}
	return 0, false
}

// AsInt converts an integral value (bool, int, long) to int64. Reals are
// truncated toward zero; NaN and infinities report false.
func AsInt(v Value) (int64, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false
		}
		return int64(x), true
	case DecimalValue:
		f := x.Float64()
		return int64(f), true
	}
	return 0, false
}
