package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// mvExpand turns each element of the expanded arrays into a row. An
// array gives one row per element and [] gives none; a property bag
// gives one row per entry, each a one-entry bag; null and scalars give
// one row holding the value. With several columns the row count is the
// longest array's, and shorter ones are padded with null.
func (r *runner) mvExpand(n *plan.MvExpand) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	evs := make([]evaluator, len(n.Expand))
	for i, e := range n.Expand {
		var expr plan.Expr = e.Expr
		if expr == nil {
			expr = plan.Col(in.Columns, e.Index)
		}
		if evs[i], err = r.compile(expr); err != nil {
			return nil, err
		}
	}
	inWidth := len(in.Columns)
	var outBatches []*column.Batch
	var total int64
	for _, b := range in.Batches {
		vecs := make([]*column.Vector, len(evs))
		for i, ev := range evs {
			if vecs[i], err = ev.eval(b); err != nil {
				return nil, err
			}
		}
		var src []int
		elems := make([][]types.Value, len(evs))
		var positions []int64
		for row := 0; row < b.Len; row++ {
			lists := make([][]any, len(evs))
			count := 0
			for i, v := range vecs {
				lists[i] = expandElements(v.Value(row), n.BagAsArray)
				count = max(count, len(lists[i]))
			}
			if n.Limit > 0 && int64(count) > n.Limit {
				count = int(n.Limit)
			}
			for k := 0; k < count; k++ {
				src = append(src, row)
				positions = append(positions, int64(k))
				for i := range evs {
					var e types.Value
					if k < len(lists[i]) {
						e = lists[i][k]
					}
					elems[i] = append(elems[i], e)
				}
			}
		}
		total += int64(len(src))
		if err := r.checkRows(total); err != nil {
			return nil, err
		}
		if len(src) == 0 {
			continue
		}
		out := &column.Batch{Len: len(src), Vectors: make([]*column.Vector, len(n.Columns))}
		for c := 0; c < inWidth && c < len(n.Columns); c++ {
			out.Vectors[c] = b.Vectors[c].Gather(src)
		}
		for i, t := range n.Targets {
			k := n.Columns[t].Type
			bl := column.NewBuilder(k, len(src))
			for _, e := range elems[i] {
				bl.Append(convertElement(e, k))
			}
			out.Vectors[t] = bl.Build()
		}
		if n.ItemIndex {
			out.Vectors[len(n.Columns)-1] = column.NewInts(types.Long, positions, nil)
		}
		for c, v := range out.Vectors {
			if v == nil {
				out.Vectors[c] = column.NewConst(n.Columns[c].Type, types.Zero(n.Columns[c].Type), len(src))
			}
		}
		outBatches = append(outBatches, out)
	}
	t := &column.Table{Columns: n.Columns, Batches: outBatches}
	if r.batchSize < maxBatchLen(t) {
		t = t.Rebatch(r.batchSize)
	}
	return t, nil
}

// expandElements lists the elements one value expands to.
func expandElements(v types.Value, bagAsArray bool) []any {
	switch x := v.(type) {
	case []any:
		return x
	case map[string]any:
		out := make([]any, 0, len(x))
		for _, k := range types.SortedKeys(x) {
			if bagAsArray {
				out = append(out, []any{k, x[k]})
			} else {
				out = append(out, map[string]any{k: x[k]})
			}
		}
		return out
	}
	return []any{v}
}

// convertElement converts an expanded element to the column type that
// `to typeof(...)` asked for; dynamic keeps it as it is.
func convertElement(e types.Value, k types.Kind) types.Value {
	if k == types.Dynamic {
		return e
	}
	return convertTo(e, k)
}
