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

func init() {
	D := fixed(types.Dynamic)
	register(
		def("series_fill_linear", 1, 4, D, seriesFillLinear),
		def("series_fir", 2, 4, D, seriesFIR),
		def("series_iir", 3, 3, D, seriesIIR),
	)
}

// seriesFillLinear replaces missing elements by linear interpolation
// between their known neighbours. With fill_edges (the default) missing
// elements at the ends take the nearest known value; when no element is
// known they take the constant argument, if given.
func seriesFillLinear(c *callEval, a []types.Value) types.Value {
	arr, ok := arrayArg(a, 0)
	if !ok {
		return nil
	}
	fillEdges := true
	if len(a) > 2 {
		if b, ok := a[2].(bool); ok {
			fillEdges = b
		}
	}
	known := make([]int, 0, len(arr))
	vals := make([]float64, len(arr))
	for i, e := range arr {
		if isMissing(e, a, 1) {
			continue
		}
		if f, ok := types.AsFloat(e); ok {
			vals[i] = f
			known = append(known, i)
		}
	}
	out := append([]any{}, arr...)
	if len(known) == 0 {
		if len(a) > 3 && a[3] != nil {
			for i := range out {
				out[i] = asDynamicElement(a[3])
			}
		}
		return out
	}
	for j := 0; j+1 < len(known); j++ {
		lo, hi := known[j], known[j+1]
		for i := lo + 1; i < hi; i++ {
			out[i] = vals[lo] + (vals[hi]-vals[lo])*float64(i-lo)/float64(hi-lo)
		}
	}
	if fillEdges {
		for i := 0; i < known[0]; i++ {
			out[i] = arr[known[0]]
		}
		for i := known[len(known)-1] + 1; i < len(out); i++ {
			out[i] = arr[known[len(known)-1]]
		}
	}
	return out
}

// seriesFIR applies a finite impulse response filter: y[n] is the sum of
// filter[k] × x[n-k]. normalize divides the filter by its sum; center
// aligns the filter's middle with n instead of its first element.
func seriesFIR(c *callEval, a []types.Value) types.Value {
	xs, ok1 := seriesValues(a[0], 0)
	filter, ok2 := seriesValues(a[1], 0)
	if !ok1 || !ok2 || len(filter) == 0 {
		return nil
	}
	normalize, center := true, false
	if len(a) > 2 {
		if b, ok := a[2].(bool); ok {
			normalize = b
		}
	}
	if len(a) > 3 {
		if b, ok := a[3].(bool); ok {
			center = b
		}
	}
	coef := make([]float64, len(filter))
	sum := 0.0
	for i, f := range filter {
		if f != nil {
			coef[i] = *f
		}
		sum += coef[i]
	}
	if normalize && sum != 0 {
		for i := range coef {
			coef[i] /= sum
		}
	}
	shift := 0
	if center {
		shift = (len(coef) - 1) / 2
	}
	out := make([]any, len(xs))
	for n := range xs {
		acc := 0.0
		for k, ck := range coef {
			j := n - k + shift
			if j >= 0 && j < len(xs) && xs[j] != nil {
				acc += ck * *xs[j]
			}
		}
		out[n] = acc
	}
	return out
}

// seriesIIR applies an infinite impulse response filter with numerator
// b and denominator a: a[0]·y[n] = Σ b[k]·x[n-k] − Σ_{k≥1} a[k]·y[n-k].
func seriesIIR(c *callEval, a []types.Value) types.Value {
	xs, ok1 := seriesValues(a[0], 0)
	num, ok2 := seriesValues(a[1], 0)
	den, ok3 := seriesValues(a[2], 0)
	if !ok1 || !ok2 || !ok3 || len(den) == 0 || den[0] == nil || *den[0] == 0 {
		return nil
	}
	val := func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	ys := make([]float64, len(xs))
	out := make([]any, len(xs))
	for n := range xs {
		acc := 0.0
		for k, bk := range num {
			if n-k >= 0 {
				acc += val(bk) * val(xs[n-k])
			}
		}
		for k := 1; k < len(den); k++ {
			if n-k >= 0 {
				acc -= val(den[k]) * ys[n-k]
			}
		}
		ys[n] = acc / *den[0]
		out[n] = ys[n]
	}
	return out
}
