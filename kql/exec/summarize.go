package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// summarize groups rows by the by-expressions and computes each
// aggregation per group. Groups appear in the order their first row
// appears. Without by-expressions, empty input still gives one row.
func (r *runner) summarize(n *plan.Summarize) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	byEvs := make([]evaluator, len(n.By))
	for i, e := range n.By {
		if byEvs[i], err = r.compile(e); err != nil {
			return nil, err
		}
	}
	type aggPlan struct {
		def  *aggDef
		call *plan.AggCall
		args []evaluator
	}
	aggs := make([]aggPlan, len(n.Aggs))
	for i, a := range n.Aggs {
		def, ok := aggFuncs[a.Name]
		if !ok {
			return nil, fmt.Errorf("aggregation %s is not supported", a.Name)
		}
		ap := aggPlan{def: def, call: a}
		for _, e := range append(append([]plan.Expr(nil), a.Args...), a.Extra...) {
			ev, err := r.compile(e)
			if err != nil {
				return nil, err
			}
			ap.args = append(ap.args, ev)
		}
		aggs[i] = ap
	}

	type group struct {
		keys   []types.Value
		states []aggState
	}
	var groups []*group
	index := make(map[string]int)
	newGroup := func(keys []types.Value) *group {
		g := &group{keys: keys, states: make([]aggState, len(aggs))}
		for i, a := range aggs {
			g.states[i] = a.def.newState(a.call)
		}
		return g
	}
	if len(n.By) == 0 {
		groups = append(groups, newGroup(nil))
		index[""] = 0
	}
	var key []byte
	argBufs := make([][]types.Value, len(aggs))
	for i, a := range aggs {
		argBufs[i] = make([]types.Value, len(a.args))
	}
	for _, b := range in.Batches {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		byVecs := make([]*column.Vector, len(byEvs))
		for i, ev := range byEvs {
			if byVecs[i], err = ev.eval(b); err != nil {
				return nil, err
			}
		}
		argVecs := make([][]*column.Vector, len(aggs))
		for i, a := range aggs {
			argVecs[i] = make([]*column.Vector, len(a.args))
			for j, ev := range a.args {
				if argVecs[i][j], err = ev.eval(b); err != nil {
					return nil, err
				}
			}
		}
		for row := 0; row < b.Len; row++ {
			key = key[:0]
			for _, v := range byVecs {
				key = appendCellKey(key, v, row)
			}
			gi, ok := index[string(key)]
			if !ok {
				keys := make([]types.Value, len(byVecs))
				for i, v := range byVecs {
					keys[i] = v.Value(row)
				}
				gi = len(groups)
				groups = append(groups, newGroup(keys))
				index[string(key)] = gi
				if err := r.checkRows(int64(len(groups))); err != nil {
					return nil, err
				}
			}
			g := groups[gi]
			for i := range aggs {
				buf := argBufs[i]
				for j, v := range argVecs[i] {
					buf[j] = v.Value(row)
				}
				g.states[i].add(buf)
			}
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
		for i, a := range aggs {
			outs := g.states[i].result()
			width := 1 + len(a.call.Extra)
			for j := 0; j < width; j++ {
				var v types.Value
				if j < len(outs) {
					v = outs[j]
				}
				if j == 0 && len(a.call.Extra) > 0 && len(outs) > 0 {
					v = outs[0]
				} else if j > 0 && len(a.call.Args)+j-1 < len(outs) {
					v = outs[len(a.call.Args)+j-1]
				}
				builders[col].Append(coerce(v, n.Columns[col].Type))
				col++
			}
		}
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, len(groups))}, nil
}
