package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the window functions: row_number, prev, next,
// row_cumsum, row_rank_dense and row_rank_min. They read neighbouring
// rows, so a projection that calls one sees its whole input as a single
// batch (see project.go).

func init() {
	register(
		&scalarDef{name: "row_number", minArgs: 0, maxArgs: 2, window: true, result: fixed(types.Long), vec: rowNumber},
		&scalarDef{name: "prev", minArgs: 1, maxArgs: 3, window: true, result: argKind(0), vec: shiftRows(-1)},
		&scalarDef{name: "next", minArgs: 1, maxArgs: 3, window: true, result: argKind(0), vec: shiftRows(1)},
		&scalarDef{name: "row_cumsum", minArgs: 1, maxArgs: 2, window: true, result: argKind(0), vec: rowCumsum},
		&scalarDef{name: "row_rank_dense", minArgs: 1, maxArgs: 2, window: true, result: fixed(types.Long), vec: rowRank(true)},
		&scalarDef{name: "row_rank_min", minArgs: 1, maxArgs: 2, window: true, result: fixed(types.Long), vec: rowRank(false)},
	)
}

// hasWindow reports whether an expression calls a window function.
func hasWindow(e plan.Expr) bool {
	c, ok := e.(*plan.Call)
	if !ok {
		return false
	}
	if d, ok := scalarFuncs[c.Name]; ok && d.window {
		return true
	}
	for _, a := range c.Args {
		if hasWindow(a) {
			return true
		}
	}
	return false
}

// restartAt reports whether the optional restart argument is true at row i.
func restartAt(args []*column.Vector, idx, i int) bool {
	if idx >= len(args) {
		return false
	}
	b, ok := toBool(args[idx].Value(i))
	return ok && b
}

func rowNumber(c *callEval, args []*column.Vector, n int) *column.Vector {
	start := int64(1)
	if len(args) > 0 {
		if v, ok := toInt64(args[0].Value(0)); ok && n > 0 {
			start = v
		}
	}
	out := make([]int64, n)
	cur := start
	for i := 0; i < n; i++ {
		if i > 0 && restartAt(args, 1, i) {
			cur = start
		}
		out[i] = cur
		cur++
	}
	return column.NewInts(types.Long, out, nil)
}

// shiftRows returns prev (dir -1) or next (dir 1): the value offset rows
// away, or the default (null unless given) past the ends.
func shiftRows(dir int) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		offset := 1
		if len(args) > 1 && n > 0 {
			if v, ok := toInt64(args[1].Value(0)); ok {
				offset = int(v)
			}
		}
		idx := make([]int, n)
		for i := range idx {
			j := i + dir*offset
			if j < 0 || j >= n {
				j = -1
			}
			idx[i] = j
		}
		out := args[0].Gather(idx)
		if len(args) > 2 && n > 0 {
			def := coerce(args[2].Value(0), c.result)
			b := column.NewBuilder(c.result, n)
			for i, j := range idx {
				if j < 0 {
					b.Append(def)
				} else {
					b.Append(coerce(out.Value(i), c.result))
				}
			}
			return b.Build()
		}
		if out.Kind() != c.result {
			return convertVector(out, c.result)
		}
		return out
	}
}

func rowCumsum(c *callEval, args []*column.Vector, n int) *column.Vector {
	b := column.NewBuilder(c.result, n)
	var acc types.Value
	for i := 0; i < n; i++ {
		if i > 0 && restartAt(args, 1, i) {
			acc = nil
		}
		v := args[0].Value(i)
		if v != nil {
			if acc == nil {
				acc = v
			} else {
				acc = arith("+", acc, v)
			}
		}
		if acc == nil {
			b.AppendNull()
			continue
		}
		b.Append(coerce(acc, c.result))
	}
	return b.Build()
}

// rowRank numbers runs of equal values: densely (1, 1, 2) or by the row
// number where each run starts (1, 1, 3).
func rowRank(dense bool) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		out := make([]int64, n)
		rank, rowInGroup := int64(0), int64(0)
		var prev types.Value
		for i := 0; i < n; i++ {
			v := args[0].Value(i)
			if i == 0 || restartAt(args, 1, i) {
				rank, rowInGroup = 1, 1
				out[i] = 1
				prev = v
				continue
			}
			rowInGroup++
			same := (v == nil && prev == nil) || (v != nil && prev != nil && equalValues(v, prev))
			if !same {
				if dense {
					rank++
				} else {
					rank = rowInGroup
				}
			}
			out[i] = rank
			prev = v
		}
		return column.NewInts(types.Long, out, nil)
	}
}
