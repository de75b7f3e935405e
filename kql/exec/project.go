package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// project computes each output column from the input batch, in parallel
// over batches. extend, project and the project-* variants all run here.
func (r *runner) project(n *plan.Project) (*column.Table, error) {
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
	batches, err := r.parallelBatches(in, func(b *column.Batch) (*column.Batch, error) {
		out := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, len(evs))}
		for i, ev := range evs {
			v, err := ev.eval(b)
			if err != nil {
				return nil, err
			}
			if v.Kind() != n.Columns[i].Type {
				v = convertVector(v, n.Columns[i].Type)
			}
			out.Vectors[i] = v
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return &column.Table{Columns: n.Columns, Batches: batches}, nil
}

// convertVector re-types a vector whose kind differs from the schema's,
// which happens when a function's result type is looser than the plan's.
func convertVector(v *column.Vector, k types.Kind) *column.Vector {
	b := column.NewBuilder(k, v.Len())
	for i := 0; i < v.Len(); i++ {
		b.Append(coerce(v.Value(i), k))
	}
	return b.Build()
}
