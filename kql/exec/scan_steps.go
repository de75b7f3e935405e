package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// scanSteps runs a single-step scan row by row: each row is evaluated
// with the variables at their defaults and the state of the previous
// match, and a matching row is output with its computed variables.
func (r *runner) scanSteps(n *plan.ScanSteps) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	pred, err := r.compile(n.Pred)
	if err != nil {
		return nil, err
	}
	assigns := make([]evaluator, len(n.Assigns))
	for i, a := range n.Assigns {
		if a == nil {
			continue
		}
		if assigns[i], err = r.compile(a); err != nil {
			return nil, err
		}
	}
	whole := wholeColumns(in)
	state := append([]types.Value(nil), n.Defaults...)
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, 0)
	}
	rows := 0
	width := len(whole) + 2*len(n.Vars)

	for row := 0; row < in.NumRows(); row++ {
		if row%4096 == 0 {
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		vecs := make([]*column.Vector, 0, width)
		for _, v := range whole {
			vecs = append(vecs, v.Gather([]int{row}))
		}
		for i, v := range n.Vars {
			vecs = append(vecs, column.NewConst(v.Type, coerce(n.Defaults[i], v.Type), 1))
		}
		for i, v := range n.Vars {
			vecs = append(vecs, column.NewConst(v.Type, coerce(state[i], v.Type), 1))
		}
		b := &column.Batch{Len: 1, Vectors: vecs}

		pv, err := pred.eval(b)
		if err != nil {
			return nil, err
		}
		if ok, known := toBool(pv.Value(0)); !known || !ok {
			continue
		}

		next := make([]types.Value, len(n.Vars))
		for i, a := range assigns {
			if a == nil {
				next[i] = n.Defaults[i]
				continue
			}
			v, err := a.eval(b)
			if err != nil {
				return nil, err
			}
			next[i] = v.Value(0)
		}
		for c, v := range whole {
			builders[c].Append(v.Value(row))
		}
		for i := range n.Vars {
			builders[len(whole)+i].Append(coerce(next[i], n.Vars[i].Type))
		}
		state = next
		rows++
	}

	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, rows)}, nil
}
