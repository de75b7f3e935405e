package exec

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// rangeOp produces the values from, from+step, ... while they do not pass
// to. A step of the wrong sign gives no rows.
func (r *runner) rangeOp(n *plan.Range) (*column.Table, error) {
	vals := make([]types.Value, 3)
	for i, e := range []plan.Expr{n.From, n.To, n.Step} {
		ev, err := r.compile(e)
		if err != nil {
			return nil, err
		}
		v, ok := constant(ev)
		if !ok {
			return nil, fmt.Errorf("range: from, to and step must be constants")
		}
		vals[i] = v
	}
	from, to, step := vals[0], vals[1], vals[2]
	out := &column.Table{Columns: n.Schema()}
	if from == nil || to == nil || step == nil {
		return out, nil
	}
	b := column.NewBuilder(n.Kind, 0)
	count := int64(0)
	push := func(v types.Value) error {
		count++
		if err := r.checkRows(count); err != nil {
			return err
		}
		b.Append(coerce(v, n.Kind))
		return nil
	}
	switch n.Kind {
	case types.Real:
		f, _ := types.AsFloat(from)
		t, _ := types.AsFloat(to)
		s, _ := types.AsFloat(step)
		if s == 0 {
			return nil, fmt.Errorf("range: step must not be zero")
		}
		for i := int64(0); ; i++ {
			x := f + float64(i)*s
			if (s > 0 && x > t) || (s < 0 && x < t) {
				break
			}
			if err := push(x); err != nil {
				return nil, err
			}
		}
	default:
		f, t, s := rangeInts(from), rangeInts(to), rangeInts(step)
		if s == 0 {
			return nil, fmt.Errorf("range: step must not be zero")
		}
		if (s > 0 && t >= f && (t-f)/s+1 > r.maxRows) || (s < 0 && f >= t && (f-t)/(-s)+1 > r.maxRows) {
			return nil, r.checkRows(r.maxRows + 1)
		}
		for x := f; (s > 0 && x <= t) || (s < 0 && x >= t); x += s {
			var v types.Value
			switch n.Kind {
			case types.DateTime:
				v = types.DateTimeValue(x)
			case types.TimeSpan:
				v = types.TimeSpanValue(x)
			default:
				v = x
			}
			if err := push(v); err != nil {
				return nil, err
			}
			if (s > 0 && x > t-s) || (s < 0 && x < t-s) {
				break
			}
		}
	}
	vec := b.Build()
	out.Batches = r.batchesOf([]*column.Vector{vec}, vec.Len())
	return out, nil
}

func rangeInts(v types.Value) int64 {
	switch x := v.(type) {
	case types.DateTimeValue:
		return int64(x)
	case types.TimeSpanValue:
		return int64(x)
	}
	n, _ := types.AsInt(v)
	return n
}
