package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

// top sorts and keeps the first N rows.
func (r *runner) top(n *plan.Top) (*column.Table, error) {
	limit, err := r.constInt(n.N, "top")
	if err != nil {
		return nil, err
	}
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	perm, whole, err := r.sortedOrder(in, n.Keys)
	if err != nil {
		return nil, err
	}
	if int64(len(perm)) > limit {
		perm = perm[:limit]
	}
	return r.gatherTable(in.Columns, whole, perm), nil
}
