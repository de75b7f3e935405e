package exec

import (
	"math"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

func timeToTicks(t time.Time) (int64, bool) {
	d, ok := types.DateTimeFromTime(t)
	return int64(d), ok
}

// typeRank orders values of different kinds inside dynamic columns, so
// that sorting mixed payloads is deterministic: null, bool, numbers,
// datetime, timespan, string, guid, arrays, bags.
func typeRank(v types.Value) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case int32, int64, float64, types.DecimalValue:
		return 2
	case types.DateTimeValue:
		return 3
	case types.TimeSpanValue:
		return 4
	case string:
		return 5
	case types.GuidValue:
		return 6
	case []any:
		return 7
	case map[string]any:
		return 8
	}
	return 9
}

// compareValues orders two non-null values. Numbers of any numeric type
// compare by value. It reports false when the values have no common
// order (a string and a number).
func compareValues(a, b types.Value) (int, bool) {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmpInt(x, y), true
		case int32:
			return cmpInt(x, int64(y)), true
		case float64:
			return cmpFloat(float64(x), y), true
		case types.DecimalValue:
			return types.DecimalFromInt(x).Cmp(y), true
		}
	case int32:
		switch y := b.(type) {
		case int64:
			return cmpInt(int64(x), y), true
		case int32:
			return cmpInt(int64(x), int64(y)), true
		case float64:
			return cmpFloat(float64(x), y), true
		case types.DecimalValue:
			return types.DecimalFromInt(int64(x)).Cmp(y), true
		}
	case float64:
		switch y := b.(type) {
		case float64:
			return cmpFloat(x, y), true
		case int64:
			return cmpFloat(x, float64(y)), true
		case int32:
			return cmpFloat(x, float64(y)), true
		case types.DecimalValue:
			return cmpFloat(x, y.Float64()), true
		}
	case types.DecimalValue:
		switch y := b.(type) {
		case types.DecimalValue:
			return x.Cmp(y), true
		case int64:
			return x.Cmp(types.DecimalFromInt(y)), true
		case int32:
			return x.Cmp(types.DecimalFromInt(int64(y))), true
		case float64:
			return cmpFloat(x.Float64(), y), true
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case types.DateTimeValue:
		if y, ok := b.(types.DateTimeValue); ok {
			return cmpInt(int64(x), int64(y)), true
		}
	case types.TimeSpanValue:
		if y, ok := b.(types.TimeSpanValue); ok {
			return cmpInt(int64(x), int64(y)), true
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmpInt(b2i(x), b2i(y)), true
		}
	case types.GuidValue:
		if y, ok := b.(types.GuidValue); ok {
			return strings.Compare(string(x[:]), string(y[:])), true
		}
	}
	return 0, false
}

// orderValues is a total order for sorting: it falls back to the type
// rank, then to the JSON text, when compareValues cannot order them.
func orderValues(a, b types.Value) int {
	if c, ok := compareValues(a, b); ok {
		return c
	}
	ra, rb := typeRank(a), typeRank(b)
	if ra != rb {
		return cmpInt(int64(ra), int64(rb))
	}
	return strings.Compare(types.Format(a), types.Format(b))
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFloat orders NaN before every other value, so sorting is total.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return -1
	}
	return 1
}

// equalValues reports whether two non-null values are equal under ==.
// Numbers compare by value across types (NaN equals nothing), dynamic
// arrays and bags by structure.
func equalValues(a, b types.Value) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case float64:
		if math.IsNaN(x) {
			return false
		}
	case []any, map[string]any:
		return types.DynamicEqual(a, b)
	}
	if c, ok := compareValues(a, b); ok {
		if f, isF := b.(float64); isF && math.IsNaN(f) {
			return false
		}
		return c == 0
	}
	return false
}

// groupKey appends an encoding of v to buf such that two values get the
// same encoding exactly when they fall in the same group: numbers by
// value regardless of type, strings by content, dynamic values by JSON.
func groupKey(buf []byte, v types.Value) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, 0)
	case bool:
		if x {
			return append(buf, 1, 1)
		}
		return append(buf, 1, 0)
	case int32:
		return appendInt(append(buf, 2), int64(x))
	case int64:
		return appendInt(append(buf, 2), x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return appendInt(append(buf, 2), int64(x))
		}
		return appendInt(append(buf, 3), int64(math.Float64bits(x)))
	case string:
		buf = appendInt(append(buf, 4), int64(len(x)))
		return append(buf, x...)
	case types.DateTimeValue:
		return appendInt(append(buf, 5), int64(x))
	case types.TimeSpanValue:
		return appendInt(append(buf, 6), int64(x))
	case types.GuidValue:
		return append(append(buf, 7), x[:]...)
	case types.DecimalValue:
		s := x.String()
		buf = appendInt(append(buf, 8), int64(len(s)))
		return append(buf, s...)
	default:
		s := types.FormatJSON(x)
		buf = appendInt(append(buf, 9), int64(len(s)))
		return append(buf, s...)
	}
}

func appendInt(buf []byte, n int64) []byte {
	u := uint64(n)
	return append(buf, byte(u), byte(u>>8), byte(u>>16), byte(u>>24), byte(u>>32), byte(u>>40), byte(u>>48), byte(u>>56))
}

// toBool interprets a predicate result: true, false, or null.
func toBool(v types.Value) (val, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case int64:
		return x != 0, true
	case int32:
		return x != 0, true
	}
	return false, false
}

// appendCellKey appends the group key of cell i of v, the same bytes
// groupKey appends for v.Value(i), without boxing the value.
func appendCellKey(buf []byte, v *column.Vector, i int) []byte {
	if v.IsNull(i) {
		if v.Kind() == types.String {
			return groupKey(buf, "")
		}
		return append(buf, 0)
	}
	switch v.Kind() {
	case types.Int, types.Long:
		return appendInt(append(buf, 2), v.Ints()[i])
	case types.Bool:
		return append(buf, 1, byte(v.Ints()[i]))
	case types.DateTime:
		return appendInt(append(buf, 5), v.Ints()[i])
	case types.TimeSpan:
		return appendInt(append(buf, 6), v.Ints()[i])
	case types.Real:
		x := v.Reals()[i]
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			return appendInt(append(buf, 2), int64(x))
		}
		return appendInt(append(buf, 3), int64(math.Float64bits(x)))
	case types.String:
		s := v.String(i)
		buf = appendInt(append(buf, 4), int64(len(s)))
		return append(buf, s...)
	}
	return groupKey(buf, v.Value(i))
}
