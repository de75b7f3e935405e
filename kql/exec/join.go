package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
)

// join matches left and right rows with equal keys. Null keys match
// null keys, as in Kusto. Output rows follow the left input's order, and
// for each left row its matches follow the right input's order; rows that
// only the right side contributes (rightouter, fullouter, rightsemi,
// rightanti) come after, in right order.
func (r *runner) join(n *plan.Join) (*column.Table, error) {
	left, err := r.run(n.Left)
	if err != nil {
		return nil, err
	}
	right, err := r.run(n.Right)
	if err != nil {
		return nil, err
	}
	lcols, rcols := wholeColumns(left), wholeColumns(right)
	ln, rn := left.NumRows(), right.NumRows()
	lkeys := joinKeys(lcols, n.LeftKeys, ln)
	rkeys := joinKeys(rcols, n.RightKeys, rn)

	// Index the right side by key, rows in input order.
	index := make(map[string][]int, rn)
	for i, k := range rkeys {
		index[k] = append(index[k], i)
	}

	var lidx, ridx []int
	var produced int64
	emit := func(l, rr int) error {
		lidx = append(lidx, l)
		ridx = append(ridx, rr)
		produced++
		if produced%65536 == 0 {
			if err := r.checkRows(produced); err != nil {
				return err
			}
			// Check memory before building the output: about 16 bytes a
			// cell for the row indexes and the gathered vectors.
			if err := r.checkMemory(produced * int64(len(n.Columns)+2) * 16); err != nil {
				return err
			}
			if err := r.ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	rightMatched := make([]bool, rn)
	switch n.Kind {
	case plan.InnerUnique, plan.Inner, plan.LeftOuter, plan.RightOuter, plan.FullOuter:
		seenLeft := map[string]bool{}
		for l := 0; l < ln; l++ {
			k := lkeys[l]
			if n.Kind == plan.InnerUnique {
				if seenLeft[k] {
					continue
				}
				seenLeft[k] = true
			}
			matches := index[k]
			for _, rr := range matches {
				rightMatched[rr] = true
				if err := emit(l, rr); err != nil {
					return nil, err
				}
			}
			if len(matches) == 0 && (n.Kind == plan.LeftOuter || n.Kind == plan.FullOuter) {
				if err := emit(l, -1); err != nil {
					return nil, err
				}
			}
		}
		if n.Kind == plan.RightOuter || n.Kind == plan.FullOuter {
			for rr := 0; rr < rn; rr++ {
				if !rightMatched[rr] {
					if err := emit(-1, rr); err != nil {
						return nil, err
					}
				}
			}
		}
	case plan.LeftSemi, plan.LeftAnti:
		for l := 0; l < ln; l++ {
			_, ok := index[lkeys[l]]
			if ok == (n.Kind == plan.LeftSemi) {
				if err := emit(l, -1); err != nil {
					return nil, err
				}
			}
		}
	case plan.RightSemi, plan.RightAnti:
		leftSet := make(map[string]bool, ln)
		for _, k := range lkeys {
			leftSet[k] = true
		}
		for rr := 0; rr < rn; rr++ {
			if leftSet[rkeys[rr]] == (n.Kind == plan.RightSemi) {
				if err := emit(-1, rr); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := r.checkRows(produced); err != nil {
		return nil, err
	}

	vecs := make([]*column.Vector, 0, len(n.Columns))
	for _, c := range n.LeftOut {
		vecs = append(vecs, lcols[c].Gather(lidx))
	}
	for _, c := range n.RightOut {
		vecs = append(vecs, rcols[c].Gather(ridx))
	}
	for i, v := range vecs {
		if v.Kind() != n.Columns[i].Type {
			vecs[i] = convertVector(v, n.Columns[i].Type)
		}
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, len(lidx))}, nil
}

// joinKeys encodes each row's key columns into a map key.
func joinKeys(cols []*column.Vector, keys []int, n int) []string {
	out := make([]string, n)
	var buf []byte
	for i := 0; i < n; i++ {
		buf = buf[:0]
		for _, k := range keys {
			buf = appendCellKey(buf, cols[k], i)
		}
		out[i] = string(buf)
	}
	return out
}
