package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// filter keeps the rows whose predicate is true; null counts as false.
// Batches are filtered in parallel.
func (r *runner) filter(n *plan.Filter) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	pred, err := r.compile(n.Pred)
	if err != nil {
		return nil, err
	}
	if pred.kind() != types.Bool && pred.kind() != types.Dynamic && pred.kind() != types.Unknown {
		return nil, fmt.Errorf("where: the predicate has type %s, not bool", pred.kind())
	}
	batches, err := r.parallelBatches(in, func(b *column.Batch) (*column.Batch, error) {
		v, err := pred.eval(b)
		if err != nil {
			return nil, err
		}
		keep := selectTrue(v)
		if len(keep) == b.Len {
			return b, nil
		}
		return gatherBatch(b, keep), nil
	})
	if err != nil {
		return nil, err
	}
	out := &column.Table{Columns: in.Columns}
	for _, b := range batches {
		if b.Len > 0 {
			out.Batches = append(out.Batches, b)
		}
	}
	return out, nil
}

// selectTrue returns the indexes of the cells that are true.
func selectTrue(v *column.Vector) []int {
	keep := make([]int, 0, v.Len())
	if v.Kind() == types.Bool {
		data := v.Ints()
		for i, x := range data {
			if x != 0 && !v.IsNull(i) {
				keep = append(keep, i)
			}
		}
		return keep
	}
	for i := 0; i < v.Len(); i++ {
		if b, ok := toBool(v.Value(i)); ok && b {
			keep = append(keep, i)
		}
	}
	return keep
}

// gatherBatch returns the rows of b at idx.
func gatherBatch(b *column.Batch, idx []int) *column.Batch {
	out := &column.Batch{Len: len(idx), Vectors: make([]*column.Vector, len(b.Vectors))}
	for c, v := range b.Vectors {
		out.Vectors[c] = v.Gather(idx)
	}
	return out
}
