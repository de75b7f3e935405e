package column

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
)

// Convert turns a Go value into the types.Value of kind k that a cell of
// that kind holds. See TableBuilder.AppendRow for the accepted inputs.
func Convert(x any, k types.Kind) (types.Value, error) {
	if x == nil {
		return types.Zero(k), nil
	}
	bad := func() (types.Value, error) {
		return nil, fmt.Errorf("cannot store %T value %v in a %s column", x, x, k)
	}
	switch k {
	case types.String:
		switch v := x.(type) {
		case string:
			return v, nil
		case []byte:
			return string(v), nil
		case fmt.Stringer:
			return v.String(), nil
		}
		nv, ok := types.NormalizeDynamic(x)
		if !ok {
			return bad()
		}
		return types.Format(nv), nil
	case types.Bool:
		switch v := x.(type) {
		case bool:
			return v, nil
		case string:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return bad()
			}
			return b, nil
		}
		if n, ok := goInt(x); ok {
			return n != 0, nil
		}
		return bad()
	case types.Int, types.Long:
		var n int64
		if i, ok := goInt(x); ok {
			n = i
		} else {
			switch v := x.(type) {
			case float64:
				n = int64(v)
			case float32:
				n = int64(v)
			case string:
				i, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return bad()
				}
				n = i
			default:
				return bad()
			}
		}
		if k == types.Int {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return nil, fmt.Errorf("value %d does not fit in an int column", n)
			}
			return int32(n), nil
		}
		return n, nil
	case types.Real:
		switch v := x.(type) {
		case float64:
			return v, nil
		case float32:
			return float64(v), nil
		case string:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return bad()
			}
			return f, nil
		}
		if n, ok := goInt(x); ok {
			return float64(n), nil
		}
		return bad()
	case types.Decimal:
		switch v := x.(type) {
		case types.DecimalValue:
			return v, nil
		case float64:
			d, ok := types.DecimalFromFloat(v)
			if !ok {
				return bad()
			}
			return d, nil
		case string:
			d, ok := types.ParseDecimal(v)
			if !ok {
				return bad()
			}
			return d, nil
		}
		if n, ok := goInt(x); ok {
			return types.DecimalFromInt(n), nil
		}
		return bad()
	case types.DateTime:
		switch v := x.(type) {
		case types.DateTimeValue:
			return v, nil
		case time.Time:
			d, ok := types.DateTimeFromTime(v)
			if !ok {
				return nil, fmt.Errorf("time %v is outside the datetime range (years 1 to 9999)", v)
			}
			return d, nil
		case string:
			d, ok := types.ParseDateTime(v)
			if !ok {
				return bad()
			}
			return d, nil
		}
		return bad()
	case types.TimeSpan:
		switch v := x.(type) {
		case types.TimeSpanValue:
			return v, nil
		case time.Duration:
			return types.TimeSpanValue(v / 100), nil
		case string:
			d, ok := types.ParseTimeSpan(v)
			if !ok {
				return bad()
			}
			return d, nil
		}
		return bad()
	case types.Guid:
		switch v := x.(type) {
		case types.GuidValue:
			return v, nil
		case [16]byte:
			return types.GuidValue(v), nil
		case string:
			g, ok := types.ParseGuid(v)
			if !ok {
				return bad()
			}
			return g, nil
		}
		return bad()
	case types.Dynamic:
		if s, ok := x.(string); ok {
			// A string is stored as a JSON string, not parsed.
			return s, nil
		}
		nv, ok := types.NormalizeDynamic(x)
		if !ok {
			return bad()
		}
		return nv, nil
	}
	return bad()
}

func goInt(x any) (int64, bool) {
	switch v := x.(type) {
	case int:
		return int64(v), true
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint:
		return int64(v), true
	case uint64:
		return int64(v), true
	}
	return 0, false
}
