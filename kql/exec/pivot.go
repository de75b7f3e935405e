package exec

import (
	"context"
	"sort"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// pivot aggregates per group and key value, one output column per value
// found while compiling; values that appear only later are ignored.
func (r *runner) pivot(n *plan.Pivot) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	whole := wholeColumns(in)

	slot := make(map[string]int, len(n.Names))
	for i, name := range n.Names {
		slot[name] = i
	}

	argEvals := make([]evaluator, len(n.Agg.Args))
	for i, a := range n.Agg.Args {
		if argEvals[i], err = r.compile(a); err != nil {
			return nil, err
		}
	}
	batch := &column.Batch{Len: in.NumRows(), Vectors: whole}
	argVecs := make([]*column.Vector, len(argEvals))
	for i, ev := range argEvals {
		if argVecs[i], err = ev.eval(batch); err != nil {
			return nil, err
		}
	}

	type group struct {
		row    int
		states []aggState
	}
	var groups []*group
	index := map[string]*group{}
	var key []byte
	args := make([]types.Value, len(argVecs))
	for row := 0; row < batch.Len; row++ {
		i, ok := slot[types.Format(whole[n.Key].Value(row))]
		if !ok {
			continue
		}
		key = key[:0]
		for _, c := range n.By {
			key = appendCellKey(key, whole[c], row)
		}
		g, ok := index[string(key)]
		if !ok {
			g = &group{row: row, states: make([]aggState, len(n.Names))}
			index[string(key)] = g
			groups = append(groups, g)
		}
		if g.states[i] == nil {
			g.states[i] = aggFuncs[n.Agg.Name].newState(n.Agg)
		}
		for j, v := range argVecs {
			args[j] = v.Value(row)
		}
		g.states[i].add(args)
	}

	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, len(groups))
	}
	for _, g := range groups {
		for i, c := range n.By {
			builders[i].Append(whole[c].Value(g.row))
		}
		for i, st := range g.states {
			if st == nil {
				st = aggFuncs[n.Agg.Name].newState(n.Agg)
			}
			col := len(n.By) + i
			builders[col].Append(coerce(st.result()[0], n.Columns[col].Type))
		}
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, len(groups))}, nil
}

// DistinctText runs a plan and returns the sorted distinct values, as
// text, of one of its columns.
func DistinctText(root plan.Node, col int, catalog Catalog, opts Options) ([]string, error) {
	t, err := Run(context.Background(), root, catalog, opts)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, b := range t.Batches {
		v := b.Vectors[col]
		for i := 0; i < b.Len; i++ {
			s := types.Format(v.Value(i))
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}
