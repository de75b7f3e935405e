package exec

import (
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// sort orders the rows by the keys, keeping the input order of ties.
func (r *runner) sort(n *plan.Sort) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	perm, whole, err := r.sortedOrder(in, n.Keys)
	if err != nil {
		return nil, err
	}
	return r.gatherTable(in.Columns, whole, perm), nil
}

// sortKey holds one key's values for the whole input, stored by kind so
// the comparison does not box.
type sortKey struct {
	desc, nullsFirst bool
	nulls            []bool
	ints             []int64
	reals            []float64
	strs             []string
	vals             []types.Value
}

func (k *sortKey) compare(i, j int) int {
	ni, nj := k.nulls[i], k.nulls[j]
	if ni || nj {
		switch {
		case ni && nj:
			return 0
		case ni == k.nullsFirst:
			return -1
		default:
			return 1
		}
	}
	var c int
	switch {
	case k.ints != nil:
		c = cmpInt(k.ints[i], k.ints[j])
	case k.reals != nil:
		c = cmpFloat(k.reals[i], k.reals[j])
	case k.strs != nil:
		c = strings.Compare(k.strs[i], k.strs[j])
	default:
		c = orderValues(k.vals[i], k.vals[j])
	}
	if k.desc {
		return -c
	}
	return c
}

// sortedOrder evaluates the sort keys over the whole input and returns
// the stable sorted permutation of its rows together with its columns as
// single vectors.
func (r *runner) sortedOrder(in *column.Table, keys []plan.SortKey) ([]int, []*column.Vector, error) {
	whole := wholeColumns(in)
	n := in.NumRows()
	batch := &column.Batch{Len: n, Vectors: whole}
	sks := make([]*sortKey, len(keys))
	for ki, k := range keys {
		ev, err := r.compile(k.Expr)
		if err != nil {
			return nil, nil, err
		}
		v, err := ev.eval(batch)
		if err != nil {
			return nil, nil, err
		}
		sk := &sortKey{desc: k.Desc, nullsFirst: k.NullsFirst, nulls: make([]bool, n)}
		for i := 0; i < n; i++ {
			sk.nulls[i] = v.IsNull(i)
		}
		switch v.Kind() {
		case types.Bool, types.Int, types.Long, types.DateTime, types.TimeSpan:
			sk.ints = v.Ints()
			if sk.ints == nil {
				sk.ints = []int64{}
			}
		case types.Real:
			sk.reals = v.Reals()
			if sk.reals == nil {
				sk.reals = []float64{}
			}
		case types.String:
			sk.strs = make([]string, n)
			for i := 0; i < n; i++ {
				sk.strs[i] = v.String(i)
			}
		default:
			sk.vals = make([]types.Value, n)
			for i := 0; i < n; i++ {
				sk.vals[i] = v.Value(i)
				sk.nulls[i] = sk.vals[i] == nil
			}
		}
		sks[ki] = sk
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool {
		for _, k := range sks {
			if c := k.compare(perm[a], perm[b]); c != 0 {
				return c < 0
			}
		}
		return false
	})
	return perm, whole, nil
}

// gatherTable builds a table from whole-column vectors and a row order.
func (r *runner) gatherTable(cols []types.Column, whole []*column.Vector, idx []int) *column.Table {
	vecs := make([]*column.Vector, len(whole))
	for c, v := range whole {
		vecs[c] = v.Gather(idx)
	}
	return &column.Table{Columns: cols, Batches: r.batchesOf(vecs, len(idx))}
}
