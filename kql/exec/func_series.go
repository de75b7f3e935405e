package exec

import (
	"math"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the series functions that work element by element on
// numeric arrays, the fill functions, and series statistics.

// seriesValues converts an array argument (or a scalar, repeated n
// times) to floats; nil marks a null element.
func seriesValues(v types.Value, n int) ([]*float64, bool) {
	if arr, ok := asDynamic(v).([]any); ok {
		out := make([]*float64, len(arr))
		for i, e := range arr {
			if f, ok := types.AsFloat(e); ok {
				out[i] = &f
			}
		}
		return out, true
	}
	f, ok := types.AsFloat(v)
	if !ok {
		return nil, false
	}
	out := make([]*float64, n)
	for i := range out {
		out[i] = &f
	}
	return out, true
}

func seriesUnary(f func(float64) float64) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		xs, ok := seriesValues(a[0], 0)
		if !ok {
			return nil
		}
		out := make([]any, len(xs))
		for i, x := range xs {
			if x != nil {
				out[i] = f(*x)
			}
		}
		return out
	}
}

func seriesBinary(f func(x, y float64) any) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		n := 0
		for _, v := range a {
			if arr, ok := asDynamic(v).([]any); ok {
				n = max(n, len(arr))
			}
		}
		xs, ok1 := seriesValues(a[0], n)
		ys, ok2 := seriesValues(a[1], n)
		if !ok1 || !ok2 {
			return nil
		}
		out := make([]any, max(len(xs), len(ys)))
		for i := range out {
			if i < len(xs) && i < len(ys) && xs[i] != nil && ys[i] != nil {
				out[i] = f(*xs[i], *ys[i])
			}
		}
		return out
	}
}

func init() {
	D := fixed(types.Dynamic)
	unary := map[string]func(float64) float64{
		"abs": math.Abs, "acos": math.Acos, "asin": math.Asin, "atan": math.Atan, "ceiling": math.Ceil,
		"cos": math.Cos, "exp": math.Exp, "floor": math.Floor, "log": math.Log, "sin": math.Sin, "tan": math.Tan,
		"sign": func(x float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return 0
		},
	}
	for name, f := range unary {
		register(def("series_"+name, 1, 1, D, seriesUnary(f)))
	}
	binary := map[string]func(x, y float64) any{
		"add":            func(x, y float64) any { return x + y },
		"subtract":       func(x, y float64) any { return x - y },
		"multiply":       func(x, y float64) any { return x * y },
		"divide":         func(x, y float64) any { return x / y },
		"pow":            func(x, y float64) any { return math.Pow(x, y) },
		"equals":         func(x, y float64) any { return x == y },
		"not_equals":     func(x, y float64) any { return x != y },
		"greater":        func(x, y float64) any { return x > y },
		"greater_equals": func(x, y float64) any { return x >= y },
		"less":           func(x, y float64) any { return x < y },
		"less_equals":    func(x, y float64) any { return x <= y },
	}
	for name, f := range binary {
		register(def("series_"+name, 2, 2, D, seriesBinary(f)))
	}
	register(
		def("series_sum", 1, 1, fixed(types.Real), seriesFold(0, func(acc, x float64) float64 { return acc + x })),
		def("series_product", 1, 1, fixed(types.Real), seriesFold(1, func(acc, x float64) float64 { return acc * x })),
		def("series_fill_forward", 1, 2, D, seriesFill(false)),
		def("series_fill_backward", 1, 2, D, seriesFill(true)),
		def("series_fill_const", 1, 3, D, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			var fill any = int64(0)
			if len(a) > 1 {
				fill = asDynamicElement(a[1])
			}
			out := make([]any, len(arr))
			for i, e := range arr {
				if isMissing(e, a, 2) {
					out[i] = fill
				} else {
					out[i] = e
				}
			}
			return out
		}),
		def("series_stats_dynamic", 1, 2, D, func(c *callEval, a []types.Value) types.Value {
			xs, ok := seriesValues(a[0], 0)
			if !ok {
				return nil
			}
			return seriesStats(xs)
		}),
	)
}

// isMissing reports whether an element counts as missing: null, or equal
// to the optional placeholder argument at index i.
func isMissing(e any, a []types.Value, i int) bool {
	if e == nil {
		return true
	}
	if i < len(a) && a[i] != nil {
		f, ok1 := types.AsFloat(e)
		p, ok2 := types.AsFloat(a[i])
		return ok1 && ok2 && f == p
	}
	return false
}

func seriesFold(start float64, f func(acc, x float64) float64) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		xs, ok := seriesValues(a[0], 0)
		if !ok {
			return nil
		}
		acc := start
		for _, x := range xs {
			if x != nil {
				acc = f(acc, *x)
			}
		}
		return acc
	}
}

// seriesFill replaces missing elements with the last value before them
// (forward) or the next value after them (backward).
func seriesFill(backward bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		arr, ok := arrayArg(a, 0)
		if !ok {
			return nil
		}
		out := append([]any{}, arr...)
		var last any
		for k := range out {
			i := k
			if backward {
				i = len(out) - 1 - k
			}
			if isMissing(out[i], a, 1) {
				out[i] = last
				continue
			}
			last = out[i]
		}
		return out
	}
}

// seriesStats returns the min, max, average, sum, standard deviation and
// variance of the non-null elements, the positions of the extremes and
// the series length.
func seriesStats(xs []*float64) map[string]any {
	minV, maxV := math.Inf(1), math.Inf(-1)
	minIdx, maxIdx := -1, -1
	var sum, sumSq float64
	n := 0
	for i, x := range xs {
		if x == nil {
			continue
		}
		n++
		sum += *x
		sumSq += *x * *x
		if *x < minV {
			minV, minIdx = *x, i
		}
		if *x > maxV {
			maxV, maxIdx = *x, i
		}
	}
	if n == 0 {
		return map[string]any{"min": nil, "min_idx": nil, "max": nil, "max_idx": nil, "avg": nil, "stdev": nil,
			"variance": nil, "sum": 0.0, "len": int64(len(xs))}
	}
	avg := sum / float64(n)
	variance := 0.0
	if n > 1 {
		variance = (sumSq - float64(n)*avg*avg) / float64(n-1)
	}
	return map[string]any{
		"min": minV, "min_idx": int64(minIdx), "max": maxV, "max_idx": int64(maxIdx),
		"avg": avg, "stdev": math.Sqrt(variance), "variance": variance, "sum": sum, "len": int64(len(xs)),
	}
}
