package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds iff, case, coalesce, the null tests and max_of/min_of.

// commonKind returns the type that values of the given types share, or
// an error when they have none. Numbers widen to long or real.
func commonKind(ks []types.Kind) (types.Kind, error) {
	out := types.Unknown
	for _, k := range ks {
		switch {
		case k == types.Unknown:
		case out == types.Unknown:
			out = k
		case out == k:
		case out.IsNumeric() && k.IsNumeric():
			switch {
			case out == types.Real || k == types.Real:
				out = types.Real
			case out == types.Decimal || k == types.Decimal:
				out = types.Decimal
			default:
				out = types.Long
			}
		case out == types.Dynamic || k == types.Dynamic:
			out = types.Dynamic
		default:
			return types.Unknown, fmt.Errorf("values of types %s and %s have no common type", out, k)
		}
	}
	if out == types.Unknown {
		out = types.String
	}
	return out, nil
}

func init() {
	register(
		def("iff", 3, 3, func(k []types.Kind) (types.Kind, error) { return commonKind(k[1:]) },
			func(c *callEval, a []types.Value) types.Value {
				if b, ok := toBool(a[0]); ok && b {
					return a[1]
				}
				return a[2]
			}),
		def("case", 3, -1, func(k []types.Kind) (types.Kind, error) {
			if len(k)%2 == 0 {
				return types.Unknown, fmt.Errorf("case takes pairs of predicate and value followed by an else value")
			}
			var vals []types.Kind
			for i := 1; i < len(k); i += 2 {
				vals = append(vals, k[i])
			}
			vals = append(vals, k[len(k)-1])
			return commonKind(vals)
		}, func(c *callEval, a []types.Value) types.Value {
			for i := 0; i+1 < len(a); i += 2 {
				if b, ok := toBool(a[i]); ok && b {
					return a[i+1]
				}
			}
			return a[len(a)-1]
		}),
		def("coalesce", 1, -1, commonKind, func(c *callEval, a []types.Value) types.Value {
			for _, v := range a {
				if v != nil && v != "" {
					return v
				}
			}
			if c.result == types.String {
				return ""
			}
			return nil
		}),
		def("isnull", 1, 1, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			return a[0] == nil && c.kinds[0] != types.String
		}),
		def("isnotnull", 1, 1, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			return a[0] != nil || c.kinds[0] == types.String
		}),
		def("max_of", 1, -1, commonKind, extremeOf(1)),
		def("min_of", 1, -1, commonKind, extremeOf(-1)),
	)
	alias("iif", "iff")
}

// extremeOf returns max_of (sign 1) or min_of (sign -1), ignoring nulls.
func extremeOf(sign int) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		var best types.Value
		for _, v := range a {
			if v == nil {
				continue
			}
			if isNaN(v) {
				return v
			}
			if best == nil || orderValues(v, best)*sign > 0 {
				best = v
			}
		}
		return best
	}
}
