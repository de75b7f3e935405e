package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

// values builds an inline table (datatable, or print's single row).
func (r *runner) values(n *plan.Values) (*column.Table, error) {
	if err := r.checkRows(int64(len(n.Rows))); err != nil {
		return nil, err
	}
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, len(n.Rows))
	}
	for _, row := range n.Rows {
		for i, v := range row {
			builders[i].Append(coerce(v, n.Columns[i].Type))
		}
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, len(n.Rows))}, nil
}
