package exec

import (
	"context"
	"sort"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// bagUnpack turns the properties of a dynamic column into columns.
func (r *runner) bagUnpack(n *plan.BagUnpack) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	batches, err := r.parallelBatches(in, func(b *column.Batch) (*column.Batch, error) {
		out := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, 0, len(n.Columns))}
		for i, v := range b.Vectors {
			if i != n.Column {
				out.Vectors = append(out.Vectors, v)
			}
		}
		src := b.Vectors[n.Column]
		for i, key := range n.Keys {
			k := n.Columns[n.KeyStart+i].Type
			bl := column.NewBuilder(k, b.Len)
			for row := 0; row < b.Len; row++ {
				bag, _ := src.Value(row).(map[string]any)
				v, ok := bag[key]
				if !ok || v == nil {
					bl.Append(types.Zero(k))
					continue
				}
				if k == types.Dynamic {
					bl.Append(v)
				} else {
					bl.Append(convertTo(v, k))
				}
			}
			out.Vectors = append(out.Vectors, bl.Build())
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return &column.Table{Columns: n.Columns, Batches: batches}, nil
}

// BagKeys runs a plan and returns the sorted property keys of the bags
// in one of its columns, for operators whose columns depend on the data.
// Each key comes with the type its values share: long, real, bool or
// string when all non-null values are of that kind, dynamic otherwise.
func BagKeys(root plan.Node, col int, catalog Catalog, opts Options) ([]string, []types.Kind, error) {
	t, err := Run(context.Background(), root, catalog, opts)
	if err != nil {
		return nil, nil, err
	}
	kinds := map[string]types.Kind{}
	for _, b := range t.Batches {
		v := b.Vectors[col]
		for i := 0; i < b.Len; i++ {
			bag, ok := v.Value(i).(map[string]any)
			if !ok {
				continue
			}
			for k, e := range bag {
				kinds[k] = mergeKind(kinds[k], e)
			}
		}
	}
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Kind, len(keys))
	for i, k := range keys {
		out[i] = kinds[k]
		if out[i] == types.Unknown {
			out[i] = types.Dynamic
		}
	}
	return keys, out, nil
}

// mergeKind folds one more value into the type a key's values share.
func mergeKind(k types.Kind, v any) types.Kind {
	var vk types.Kind
	switch v.(type) {
	case nil:
		return k
	case int64:
		vk = types.Long
	case float64:
		vk = types.Real
	case bool:
		vk = types.Bool
	case string:
		vk = types.String
	default:
		vk = types.Dynamic
	}
	switch {
	case k == types.Unknown:
		return vk
	case k == vk:
		return k
	}
	return types.Dynamic
}
