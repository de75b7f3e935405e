package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

func (r *runner) rowSource(n *plan.RowSource) (*column.Table, error) {
	t, ok := r.rows[n]
	if !ok {
		return nil, fmt.Errorf("exec: a per-row subquery ran without its row")
	}
	return t, nil
}

// mvApply runs the subquery once per input row, on a runner of its own
// so that results shared inside the subquery are not reused across rows.
func (r *runner) mvApply(n *plan.MvApply) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	whole := wholeColumns(in)
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, 0)
	}
	total := int64(0)
	for row := 0; row < in.NumRows(); row++ {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		one := make([]*column.Vector, len(whole))
		for c, v := range whole {
			one[c] = v.Gather([]int{row})
		}
		sub := r.subRunner(n.Row, &column.Table{Columns: in.Columns, Batches: []*column.Batch{{Len: 1, Vectors: one}}})
		out, err := sub.run(n.Sub)
		if err != nil {
			return nil, err
		}
		total += int64(out.NumRows())
		if err := r.checkRows(total); err != nil {
			return nil, err
		}
		rows := out.Rows()
		for _, outRow := range rows {
			col := 0
			for _, k := range n.Keep {
				builders[col].Append(coerce(whole[k].Value(row), n.Columns[col].Type))
				col++
			}
			for _, v := range outRow {
				builders[col].Append(coerce(v, n.Columns[col].Type))
				col++
			}
		}
	}
	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, int(total))}, nil
}

// subRunner returns a runner for one run of a per-row or per-partition
// subquery: same clock and limits, its own shared results.
func (r *runner) subRunner(src *plan.RowSource, t *column.Table) *runner {
	return &runner{ctx: r.ctx, catalog: r.catalog, now: r.now, batchSize: r.batchSize, workers: 1,
		maxRows: r.maxRows, maxMemory: r.maxMemory, shared: map[int]*sharedResult{},
		rows: map[*plan.RowSource]*column.Table{src: t}}
}

// partition runs the subquery over the rows of each distinct value of
// the partition column, in order of first appearance.
func (r *runner) partition(n *plan.Partition) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	whole := wholeColumns(in)
	key := whole[n.By]
	var order []string
	groups := map[string][]int{}
	for i := 0; i < key.Len(); i++ {
		k := string(groupKey(nil, key.Value(i)))
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := &column.Table{Columns: n.Schema()}
	total := int64(0)
	for _, k := range order {
		idx := groups[k]
		part := make([]*column.Vector, len(whole))
		for c, v := range whole {
			part[c] = v.Gather(idx)
		}
		t, err := r.subRunner(n.Part, &column.Table{Columns: in.Columns, Batches: []*column.Batch{{Len: len(idx), Vectors: part}}}).run(n.Sub)
		if err != nil {
			return nil, err
		}
		total += int64(t.NumRows())
		if err := r.checkRows(total); err != nil {
			return nil, err
		}
		out.Batches = append(out.Batches, t.Batches...)
	}
	return out, nil
}
