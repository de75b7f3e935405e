package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// union concatenates the legs in order. A column a leg lacks is filled
// with "" for strings and null otherwise.
func (r *runner) union(n *plan.Union) (*column.Table, error) {
	out := &column.Table{Columns: n.Columns}
	for li, leg := range n.Legs {
		t, err := r.run(leg)
		if err != nil {
			return nil, err
		}
		m := n.Maps[li]
		for _, b := range t.Batches {
			nb := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, len(n.Columns))}
			for c, col := range n.Columns {
				switch {
				case c == n.SourceIndex:
					nb.Vectors[c] = column.NewConst(types.String, n.SourceNames[li], b.Len)
				case m[c] < 0:
					nb.Vectors[c] = column.NewConst(col.Type, types.Zero(col.Type), b.Len)
				default:
					v := b.Vectors[m[c]]
					if v.Kind() != col.Type {
						v = convertVector(v, col.Type)
					}
					nb.Vectors[c] = v
				}
			}
			out.Batches = append(out.Batches, nb)
		}
	}
	return out, nil
}
