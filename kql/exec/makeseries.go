package exec

import (
	"fmt"
	"math"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// MaxSeriesBins is the most bins one make-series may produce per group.
const MaxSeriesBins = 1_000_000

// makeSeries computes one aggregation state per group and bin and emits
// one row per group with the per-bin results as arrays. Rows whose axis
// value is null or outside [from, to) are ignored.
func (r *runner) makeSeries(n *plan.MakeSeries) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	whole := &column.Batch{Len: in.NumRows(), Vectors: wholeColumns(in)}
	evalAll := func(e plan.Expr) (*column.Vector, error) {
		ev, err := r.compile(e)
		if err != nil {
			return nil, err
		}
		return ev.eval(whole)
	}
	axis, err := evalAll(n.Axis)
	if err != nil {
		return nil, err
	}
	constOf := func(e plan.Expr) (types.Value, error) {
		if e == nil {
			return nil, nil
		}
		ev, err := r.compile(e)
		if err != nil {
			return nil, err
		}
		v, ok := constant(ev)
		if !ok {
			return nil, fmt.Errorf("make-series: from, to and step must be constants")
		}
		return v, nil
	}
	stepV, err := constOf(n.Step)
	if err != nil {
		return nil, err
	}
	fromV, err := constOf(n.From)
	if err != nil {
		return nil, err
	}
	toV, err := constOf(n.To)
	if err != nil {
		return nil, err
	}
	num := func(v types.Value) (float64, bool) {
		switch x := v.(type) {
		case types.DateTimeValue:
			return float64(x), true
		case types.TimeSpanValue:
			return float64(x), true
		}
		return types.AsFloat(v)
	}
	step, ok := num(stepV)
	if !ok || step <= 0 {
		return nil, fmt.Errorf("make-series: the step must be a positive constant")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < axis.Len(); i++ {
		if x, ok := num(axis.Value(i)); ok {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	from, ok := num(fromV)
	if !ok {
		from = math.Floor(lo/step) * step
	}
	to, ok := num(toV)
	if !ok {
		to = math.Floor(hi/step)*step + step
	}
	bins := 0
	if to > from {
		bins = int(math.Ceil((to - from) / step))
	}
	if bins > MaxSeriesBins {
		return nil, fmt.Errorf("make-series would produce %d bins per group, over the limit of %d", bins, MaxSeriesBins)
	}

	byVecs := make([]*column.Vector, len(n.By))
	for i, e := range n.By {
		if byVecs[i], err = evalAll(e); err != nil {
			return nil, err
		}
	}
	argVecs := make([][]*column.Vector, len(n.Aggs))
	for i, a := range n.Aggs {
		for _, e := range a.Args {
			v, err := evalAll(e)
			if err != nil {
				return nil, err
			}
			argVecs[i] = append(argVecs[i], v)
		}
	}
	type group struct {
		keys   []types.Value
		states [][]aggState // [agg][bin]
	}
	var groups []*group
	index := map[string]int{}
	var key []byte
	for row := 0; row < whole.Len; row++ {
		key = key[:0]
		for _, v := range byVecs {
			key = groupKey(key, v.Value(row))
		}
		gi, ok := index[string(key)]
		if !ok {
			g := &group{states: make([][]aggState, len(n.Aggs))}
			for _, v := range byVecs {
				g.keys = append(g.keys, v.Value(row))
			}
			for i := range n.Aggs {
				g.states[i] = make([]aggState, bins)
			}
			gi = len(groups)
			groups = append(groups, g)
			index[string(key)] = gi
		}
		x, ok := num(axis.Value(row))
		if !ok || x < from || x >= to {
			continue
		}
		bin := int(math.Floor((x - from) / step))
		if bin < 0 || bin >= bins {
			continue
		}
		g := groups[gi]
		for i, a := range n.Aggs {
			st := g.states[i][bin]
			if st == nil {
				st = aggFuncs[a.Name].newState(a)
				g.states[i][bin] = st
			}
			args := make([]types.Value, len(argVecs[i]))
			for j, v := range argVecs[i] {
				args[j] = v.Value(row)
			}
			st.add(args)
		}
	}
	if len(groups) == 0 && len(n.By) == 0 && n.NonEmpty {
		g := &group{states: make([][]aggState, len(n.Aggs))}
		for i := range n.Aggs {
			g.states[i] = make([]aggState, bins)
		}
		groups = append(groups, g)
	}
	axisValues := make([]any, bins)
	for b := range axisValues {
		start := from + float64(b)*step
		switch n.Axis.Type() {
		case types.DateTime:
			axisValues[b] = types.DateTimeValue(int64(start))
		case types.TimeSpan:
			axisValues[b] = types.TimeSpanValue(int64(start))
		case types.Real:
			axisValues[b] = start
		default:
			axisValues[b] = int64(start)
		}
	}
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, len(groups))
	}
	for _, g := range groups {
		col := 0
		for _, k := range g.keys {
			builders[col].Append(coerce(k, n.Columns[col].Type))
			col++
		}
		for i := range n.Aggs {
			series := make([]any, bins)
			for b, st := range g.states[i] {
				if st == nil {
					series[b] = dynamicElement(n.Defaults[i])
					continue
				}
				series[b] = dynamicElement(st.result()[0])
			}
			builders[col].Append(series)
			col++
		}
		builders[col].Append(append([]any(nil), axisValues...))
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, len(groups))}, nil
}
