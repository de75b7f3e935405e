package exec

import (
	"sort"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// topNested selects, level by level, the top groups within each group of
// the previous level, and emits one row per path through the levels.
func (r *runner) topNested(n *plan.TopNested) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	whole := &column.Batch{Len: in.NumRows(), Vectors: wholeColumns(in)}
	type levelData struct {
		limit int64
		of    *column.Vector
		args  []*column.Vector
	}
	levels := make([]levelData, len(n.Levels))
	for i, lv := range n.Levels {
		ld := levelData{limit: -1}
		if lv.N != nil {
			if ld.limit, err = r.constInt(lv.N, "top-nested"); err != nil {
				return nil, err
			}
		}
		ev, err := r.compile(lv.Of)
		if err != nil {
			return nil, err
		}
		if ld.of, err = ev.eval(whole); err != nil {
			return nil, err
		}
		for _, a := range lv.Agg.Args {
			ev, err := r.compile(a)
			if err != nil {
				return nil, err
			}
			v, err := ev.eval(whole)
			if err != nil {
				return nil, err
			}
			ld.args = append(ld.args, v)
		}
		levels[i] = ld
	}
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, 0)
	}
	rowsOut := 0
	var prefix []types.Value
	var descend func(level int, rows []int)
	descend = func(level int, rows []int) {
		if level == len(levels) {
			for i, v := range prefix {
				builders[i].Append(coerce(v, n.Columns[i].Type))
			}
			rowsOut++
			return
		}
		ld := levels[level]
		type group struct {
			key   types.Value
			rows  []int
			state aggState
			value types.Value
		}
		var groups []*group
		index := map[string]*group{}
		for _, row := range rows {
			key := ld.of.Value(row)
			k := string(groupKey(nil, key))
			g, ok := index[k]
			if !ok {
				g = &group{key: key, state: aggFuncs[n.Levels[level].Agg.Name].newState(n.Levels[level].Agg)}
				index[k] = g
				groups = append(groups, g)
			}
			g.rows = append(g.rows, row)
			args := make([]types.Value, len(ld.args))
			for j, v := range ld.args {
				args[j] = v.Value(row)
			}
			g.state.add(args)
		}
		for _, g := range groups {
			g.value = g.state.result()[0]
		}
		asc := n.Levels[level].Asc
		sort.SliceStable(groups, func(i, j int) bool {
			c := orderValues(groups[i].value, groups[j].value)
			if asc {
				return c < 0
			}
			return c > 0
		})
		if ld.limit >= 0 && int64(len(groups)) > ld.limit {
			groups = groups[:ld.limit]
		}
		for _, g := range groups {
			prefix = append(prefix, g.key, g.value)
			descend(level+1, g.rows)
			prefix = prefix[:len(prefix)-2]
		}
	}
	all := make([]int, whole.Len)
	for i := range all {
		all[i] = i
	}
	descend(0, all)
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, rowsOut)}, nil
}
