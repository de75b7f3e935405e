package exec

import (
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// scanState is the state of one step: for each step of the sequence so
// far, the row values and variables it matched (nil for steps not
// reached), and the sequence's match number.
type scanState struct {
	steps   [][]types.Value
	matchID int64
}

func (s *scanState) clone(n int) *scanState {
	out := &scanState{steps: make([][]types.Value, n)}
	if s != nil {
		copy(out.steps, s.steps)
		out.matchID = s.matchID
	}
	return out
}

// scanSteps matches each row against the steps from the last to the
// first, as Kusto does. A row matches step k when step k-1 has a state
// and the row satisfies step k's predicate over it, and then the state
// moves up from step k-1 to step k. Failing that, a row matches step k
// when step k has a state (or k is the first step) and the row
// satisfies the predicate over that state. The state is then updated in
// place, and the first step starts a new sequence. Each match is output
// with the variables the step assigns.
func (r *runner) scanSteps(n *plan.ScanSteps) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	type stepEval struct {
		pred    evaluator
		assigns []evaluator
	}
	evals := make([]stepEval, len(n.Steps))
	for i, st := range n.Steps {
		if evals[i].pred, err = r.compile(st.Pred); err != nil {
			return nil, err
		}
		evals[i].assigns = make([]evaluator, len(st.Assigns))
		for j, a := range st.Assigns {
			if a == nil {
				continue
			}
			if evals[i].assigns[j], err = r.compile(a); err != nil {
				return nil, err
			}
		}
	}
	whole := wholeColumns(in)
	inWidth := len(whole)
	rowWidth := inWidth + len(n.Vars)
	rowKinds := make([]types.Kind, 0, rowWidth)
	for _, c := range in.Columns {
		rowKinds = append(rowKinds, c.Type)
	}
	for _, v := range n.Vars {
		rowKinds = append(rowKinds, v.Type)
	}
	builders := make([]*column.Builder, len(n.Columns))
	for i, c := range n.Columns {
		builders[i] = column.NewBuilder(c.Type, 0)
	}
	states := make([]*scanState, len(n.Steps))
	nextMatch := int64(0)
	outRows := int64(0)

	// batchFor builds the one-row batch a step's expressions read: the
	// row, the defaults, and each step's state from st.
	batchFor := func(row int, st *scanState) *column.Batch {
		vecs := make([]*column.Vector, 0, rowWidth*(1+len(n.Steps)))
		for _, v := range whole {
			vecs = append(vecs, v.Gather([]int{row}))
		}
		for i, v := range n.Vars {
			vecs = append(vecs, column.NewConst(v.Type, coerce(n.Defaults[i], v.Type), 1))
		}
		for k := range n.Steps {
			var vals []types.Value
			if st != nil && k < len(st.steps) {
				vals = st.steps[k]
			}
			for c, kind := range rowKinds {
				// A step not reached yet reads null columns and the
				// variables' defaults.
				var v types.Value
				switch {
				case vals != nil:
					v = vals[c]
				case c >= inWidth:
					v = n.Defaults[c-inWidth]
				}
				vecs = append(vecs, column.NewConst(kind, coerce(v, kind), 1))
			}
		}
		return &column.Batch{Len: 1, Vectors: vecs}
	}
	matches := func(e evaluator, b *column.Batch) (bool, error) {
		v, err := e.eval(b)
		if err != nil {
			return false, err
		}
		ok, known := toBool(v.Value(0))
		return known && ok, nil
	}
	// extend computes the step's variables and returns the row's values
	// followed by them.
	extend := func(row int, se stepEval, b *column.Batch) ([]types.Value, error) {
		vals := make([]types.Value, 0, rowWidth)
		for _, v := range whole {
			vals = append(vals, v.Value(row))
		}
		for i, a := range se.assigns {
			if a == nil {
				vals = append(vals, n.Defaults[i])
				continue
			}
			v, err := a.eval(b)
			if err != nil {
				return nil, err
			}
			vals = append(vals, coerce(v.Value(0), n.Vars[i].Type))
		}
		return vals, nil
	}
	emit := func(vals []types.Value, matchID int64) error {
		for c, v := range vals {
			builders[c].Append(coerce(v, n.Columns[c].Type))
		}
		if n.MatchID != "" {
			builders[len(vals)].Append(matchID)
		}
		outRows++
		return r.checkRows(outRows)
	}

	for row := 0; row < in.NumRows(); row++ {
		if row%1024 == 0 {
			if err := r.ctx.Err(); err != nil {
				return nil, err
			}
		}
		for k := len(n.Steps) - 1; k >= 0; k-- {
			se := evals[k]
			// Check 1: the previous step's sequence moves up to this step.
			if k > 0 && states[k-1] != nil {
				b := batchFor(row, states[k-1])
				ok, err := matches(se.pred, b)
				if err != nil {
					return nil, err
				}
				if ok {
					vals, err := extend(row, se, b)
					if err != nil {
						return nil, err
					}
					st := states[k-1].clone(len(n.Steps))
					st.steps[k] = vals
					states[k], states[k-1] = st, nil
					if n.Steps[k].Output {
						if err := emit(vals, st.matchID); err != nil {
							return nil, err
						}
					}
					continue
				}
			}
			// Check 2: the step matches again within its own sequence, or
			// the first step starts a new one.
			if states[k] == nil && k > 0 {
				continue
			}
			b := batchFor(row, states[k])
			ok, err := matches(se.pred, b)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			vals, err := extend(row, se, b)
			if err != nil {
				return nil, err
			}
			st := states[k].clone(len(n.Steps))
			if k == 0 {
				st = (*scanState)(nil).clone(len(n.Steps))
				st.matchID = nextMatch
				nextMatch++
			}
			st.steps[k] = vals
			states[k] = st
			if n.Steps[k].Output {
				if err := emit(vals, st.matchID); err != nil {
					return nil, err
				}
			}
		}
	}

	vecs := make([]*column.Vector, len(builders))
	for i, b := range builders {
		vecs[i] = b.Build()
	}
	return &column.Table{Columns: n.Columns, Batches: r.batchesOf(vecs, int(outRows))}, nil
}
