package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// scan reads a catalog table and lines its columns up with the schema
// the plan expects: columns are matched by name, a column the table lacks
// becomes empty strings or nulls, and a column of another type is an
// error.
func (r *runner) scan(n *plan.Scan) (*column.Table, error) {
	src, ok := r.catalog.Table(n.Table)
	if !ok {
		return nil, fmt.Errorf("table %s is not in the catalog", n.Table)
	}
	idx := make([]int, len(n.Columns))
	same := len(src.Columns) == len(n.Columns)
	for i, c := range n.Columns {
		idx[i] = src.Column(c.Name)
		if idx[i] >= 0 && src.Columns[idx[i]].Type != c.Type {
			return nil, fmt.Errorf("table %s: column %s has type %s, but the query expects %s",
				n.Table, c.Name, src.Columns[idx[i]].Type, c.Type)
		}
		if idx[i] != i {
			same = false
		}
	}
	var batches []*column.Batch
	if same && r.batchSize >= maxBatchLen(src) {
		batches = src.Batches
	} else {
		rebatched := src
		if maxBatchLen(src) > r.batchSize {
			rebatched = src.Rebatch(r.batchSize)
		}
		for _, b := range rebatched.Batches {
			out := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, len(idx))}
			for i, j := range idx {
				if j < 0 {
					out.Vectors[i] = column.NewConst(n.Columns[i].Type, types.Zero(n.Columns[i].Type), b.Len)
				} else {
					out.Vectors[i] = b.Vectors[j]
				}
			}
			batches = append(batches, out)
		}
	}
	return &column.Table{Columns: n.Columns, Batches: batches}, nil
}

func maxBatchLen(t *column.Table) int {
	m := 0
	for _, b := range t.Batches {
		m = max(m, b.Len)
	}
	return m
}
