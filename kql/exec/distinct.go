package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

// distinct keeps the first row of each distinct combination of values.
func (r *runner) distinct(n *plan.Distinct) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	evs := make([]evaluator, len(n.Exprs))
	for i, e := range n.Exprs {
		if evs[i], err = r.compile(e); err != nil {
			return nil, err
		}
	}
	seen := make(map[string]struct{})
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, 0)
	}
	var key []byte
	rows := 0
	for _, b := range in.Batches {
		vecs := make([]*column.Vector, len(evs))
		for i, ev := range evs {
			if vecs[i], err = ev.eval(b); err != nil {
				return nil, err
			}
		}
		for row := 0; row < b.Len; row++ {
			key = key[:0]
			for _, v := range vecs {
				key = appendCellKey(key, v, row)
			}
			if _, dup := seen[string(key)]; dup {
				continue
			}
			seen[string(key)] = struct{}{}
			for i, v := range vecs {
				builders[i].Append(coerce(v.Value(row), n.Columns[i].Type))
			}
			rows++
		}
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, rows)}, nil
}
