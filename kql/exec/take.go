package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// take keeps the first N rows in the order the input has them.
func (r *runner) take(n *plan.Take) (*column.Table, error) {
	limit, err := r.constInt(n.N, "take")
	if err != nil {
		return nil, err
	}
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	return headRows(in, limit), nil
}

// constInt evaluates a constant integer argument of an operator.
func (r *runner) constInt(e plan.Expr, op string) (int64, error) {
	ev, err := r.compile(e)
	if err != nil {
		return 0, err
	}
	v, ok := constant(ev)
	if !ok {
		return 0, fmt.Errorf("%s: the row count must be a constant", op)
	}
	n, ok := types.AsInt(v)
	if !ok {
		return 0, fmt.Errorf("%s: the row count must be a number, not %v", op, v)
	}
	if n < 0 {
		n = 0
	}
	return n, nil
}

func headRows(in *column.Table, limit int64) *column.Table {
	out := &column.Table{Columns: in.Columns}
	left := limit
	for _, b := range in.Batches {
		if left <= 0 {
			break
		}
		if int64(b.Len) <= left {
			out.Batches = append(out.Batches, b)
			left -= int64(b.Len)
			continue
		}
		nb := &column.Batch{Len: int(left), Vectors: make([]*column.Vector, len(b.Vectors))}
		for c, v := range b.Vectors {
			nb.Vectors[c] = v.Slice(0, int(left))
		}
		out.Batches = append(out.Batches, nb)
		left = 0
	}
	return out
}
