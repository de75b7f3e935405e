package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// count returns one row holding the number of input rows.
func (r *runner) count(n *plan.Count) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	v := column.NewInts(types.Long, []int64{int64(in.NumRows())}, nil)
	return &column.Table{Columns: n.Schema(), Batches: []*column.Batch{{Len: 1, Vectors: []*column.Vector{v}}}}, nil
}
