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
	for _, e := range n.Exprs {
		if hasWindow(e) {
			// Window functions read neighbouring rows: give them the whole
			// input as one batch, evaluated serially.
			whole := wholeColumns(in)
			in = &column.Table{Columns: in.Columns, Batches: []*column.Batch{{Len: in.NumRows(), Vectors: whole}}}
			break
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
	out := &column.Table{Columns: n.Columns, Batches: batches}
	if len(batches) == 1 && batches[0].Len > r.batchSize {
		out = out.Rebatch(r.batchSize)
	}
	return out, nil
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
