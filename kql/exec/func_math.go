package exec

import (
	"math"
	"math/rand/v2"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the math functions.

func realFn(name string, f func(float64) float64) *scalarDef {
	return def(name, 1, 1, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
		x, ok := types.AsFloat(a[0])
		if !ok {
			return nil
		}
		return f(x)
	})
}

// numericKind is the result rule of functions that keep an integer
// argument's type and otherwise give real.
func numericKind(a []types.Kind) (types.Kind, error) {
	switch a[0] {
	case types.Int:
		return types.Long, nil
	case types.Long, types.Decimal:
		return a[0], nil
	case types.TimeSpan:
		return types.TimeSpan, nil
	}
	return types.Real, nil
}

func init() {
	register(
		realFn("sqrt", math.Sqrt),
		realFn("exp", math.Exp),
		realFn("exp2", math.Exp2),
		realFn("exp10", func(x float64) float64 { return math.Pow(10, x) }),
		logFn("log", math.Log),
		logFn("log2", math.Log2),
		logFn("log10", math.Log10),
		realFn("cos", math.Cos),
		realFn("sin", math.Sin),
		realFn("tan", math.Tan),
		realFn("acos", math.Acos),
		realFn("asin", math.Asin),
		realFn("atan", math.Atan),
		realFn("cot", func(x float64) float64 { return 1 / math.Tan(x) }),
		realFn("degrees", func(x float64) float64 { return x * 180 / math.Pi }),
		realFn("radians", func(x float64) float64 { return x * math.Pi / 180 }),
		realFn("gamma", math.Gamma),
		def("loggamma", 1, 1, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
			x, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			v, _ := math.Lgamma(x)
			return v
		}),
		def("atan2", 2, 2, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
			y, ok1 := types.AsFloat(a[0])
			x, ok2 := types.AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil
			}
			return math.Atan2(y, x)
		}),
		def("pow", 2, 2, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
			x, ok1 := types.AsFloat(a[0])
			y, ok2 := types.AsFloat(a[1])
			if !ok1 || !ok2 {
				return nil
			}
			return math.Pow(x, y)
		}),
		def("pi", 0, 0, fixed(types.Real), func(c *callEval, a []types.Value) types.Value { return math.Pi }),
		def("abs", 1, 1, numericKind, func(c *callEval, a []types.Value) types.Value {
			switch x := a[0].(type) {
			case int64:
				if x < 0 {
					return -x
				}
				return x
			case int32:
				if x < 0 {
					return -int64(x)
				}
				return int64(x)
			case types.DecimalValue:
				if x.Sign() < 0 {
					return x.Neg()
				}
				return x
			case types.TimeSpanValue:
				if x < 0 {
					return -x
				}
				return x
			}
			f, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			return math.Abs(f)
		}),
		def("sign", 1, 1, numericKind, func(c *callEval, a []types.Value) types.Value {
			f, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			switch {
			case f > 0:
				return 1.0
			case f < 0:
				return -1.0
			}
			return 0.0
		}),
		def("round", 1, 2, numericKind, func(c *callEval, a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			if _, ok := integer(a[0]); ok {
				return a[0]
			}
			f, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			digits := int64(0)
			if n, ok := intArg(a, 1); ok {
				digits = n
			}
			p := math.Pow(10, float64(digits))
			r := math.Round(f*p) / p
			if _, isDec := a[0].(types.DecimalValue); isDec {
				d, _ := types.DecimalFromFloat(r)
				return d
			}
			return r
		}),
		def("ceiling", 1, 1, numericKind, func(c *callEval, a []types.Value) types.Value {
			if _, ok := integer(a[0]); ok {
				return a[0]
			}
			f, ok := types.AsFloat(a[0])
			if !ok {
				return nil
			}
			return math.Ceil(f)
		}),
		def("isnan", 1, 1, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			f, ok := a[0].(float64)
			return ok && math.IsNaN(f)
		}),
		def("isinf", 1, 1, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			f, ok := a[0].(float64)
			return ok && math.IsInf(f, 0)
		}),
		def("isfinite", 1, 1, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			if a[0] == nil {
				return nil
			}
			f, ok := types.AsFloat(a[0])
			return ok && !math.IsInf(f, 0) && !math.IsNaN(f)
		}),
		def("binary_and", 2, 2, fixed(types.Long), binaryOp(func(x, y int64) int64 { return x & y })),
		def("binary_or", 2, 2, fixed(types.Long), binaryOp(func(x, y int64) int64 { return x | y })),
		def("binary_xor", 2, 2, fixed(types.Long), binaryOp(func(x, y int64) int64 { return x ^ y })),
		def("binary_shift_left", 2, 2, fixed(types.Long), binaryOp(func(x, y int64) int64 { return x << uint(y&63) })),
		def("binary_shift_right", 2, 2, fixed(types.Long), binaryOp(func(x, y int64) int64 { return x >> uint(y&63) })),
		def("binary_not", 1, 1, fixed(types.Long), func(c *callEval, a []types.Value) types.Value {
			n, ok := toInt64(a[0])
			if !ok {
				return nil
			}
			return ^n
		}),
	)
	register(&scalarDef{name: "rand", minArgs: 0, maxArgs: 1, impure: true,
		result: func(k []types.Kind) (types.Kind, error) {
			if len(k) == 1 {
				return types.Long, nil
			}
			return types.Real, nil
		},
		row: func(c *callEval, a []types.Value) types.Value {
			if len(a) == 1 {
				n, ok := toInt64(a[0])
				if !ok || n <= 0 {
					return nil
				}
				return rand.Int64N(n)
			}
			return rand.Float64()
		}})
}

func binaryOp(f func(x, y int64) int64) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		x, ok1 := toInt64(a[0])
		y, ok2 := toInt64(a[1])
		if a[0] == nil || a[1] == nil || !ok1 || !ok2 {
			return nil
		}
		return f(x, y)
	}
}

// logFn is a logarithm: null for a negative argument, as in Kusto.
func logFn(name string, f func(float64) float64) *scalarDef {
	return def(name, 1, 1, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
		x, ok := types.AsFloat(a[0])
		if !ok || x < 0 {
			return nil
		}
		return f(x)
	})
}
