package exec

import (
	"math"
	"sort"
	"time"
	_ "time/tzdata" // time zones for datetime_utc_to_local on machines without tzdata

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the sketch functions (hll, tdigest and their readers),
// which this engine computes exactly, and a few more scalar and window
// functions: around, has_any_index, row_window_session and the time zone
// conversions.
//
// NOTE: hll() and tdigest() keep every distinct value (every value for
// tdigest) instead of Kusto's bounded-size sketches, so their results are
// exact but their memory grows with the data.

func init() {
	registerAgg(
		&aggDef{name: "hll", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1, set: map[string]struct{}{}} }},
		&aggDef{name: "hll_if", minArgs: 2, maxArgs: 3, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState {
				return &listState{limit: -1, set: map[string]struct{}{}, cond: true}
			}},
		&aggDef{name: "hll_merge", minArgs: 1, maxArgs: 1, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1, set: map[string]struct{}{}} }},
		&aggDef{name: "tdigest", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1} }},
		&aggDef{name: "tdigest_merge", minArgs: 1, maxArgs: 1, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1} }},
	)
	aggFuncs["merge_tdigest"] = aggFuncs["tdigest_merge"]
	register(
		def("dcount_hll", 1, 1, fixed(types.Long), func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			return int64(len(arr))
		}),
		def("hll_merge", 1, -1, fixed(types.Dynamic), setOp("union")),
		def("tdigest_merge", 1, -1, fixed(types.Dynamic), func(c *callEval, a []types.Value) types.Value {
			out := []any{}
			for i := range a {
				arr, _ := arrayArg(a, i)
				out = append(out, arr...)
			}
			return out
		}),
		&scalarDef{name: "percentile_tdigest", minArgs: 2, maxArgs: 3,
			result: func(k []types.Kind) (types.Kind, error) {
				if len(k) == 3 {
					return k[2], nil
				}
				return types.Dynamic, nil
			},
			row: func(c *callEval, a []types.Value) types.Value {
				arr, ok := arrayArg(a, 0)
				p, ok2 := types.AsFloat(a[1])
				if !ok || !ok2 || len(arr) == 0 {
					return nil
				}
				vals := append([]any(nil), arr...)
				sort.SliceStable(vals, func(i, j int) bool { return orderValues(vals[i], vals[j]) < 0 })
				rank := int(math.Ceil(p / 100 * float64(len(vals))))
				rank = max(1, min(rank, len(vals)))
				v := vals[rank-1]
				if c.result != types.Dynamic {
					return convertTo(v, c.result)
				}
				return v
			}},
		def("around", 3, 3, fixed(types.Bool), func(c *callEval, a []types.Value) types.Value {
			if a[0] == nil || a[1] == nil || a[2] == nil {
				return nil
			}
			lo := arith("-", a[1], a[2])
			hi := arith("+", a[1], a[2])
			if lo == nil || hi == nil {
				return nil
			}
			return between([]types.Value{a[0], lo, hi})
		}),
		def("has_any_index", 2, 2, fixed(types.Long), func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 1)
			if !ok {
				return nil
			}
			hay := column.Fold(str(a, 0))
			for i, e := range arr {
				if column.HasTerm(hay, column.Fold(types.Format(e))) {
					return int64(i)
				}
			}
			return int64(-1)
		}),
		def("datetime_utc_to_local", 2, 2, fixed(types.DateTime), zoneShift(true)),
		def("datetime_local_to_utc", 2, 2, fixed(types.DateTime), zoneShift(false)),
		&scalarDef{name: "row_window_session", minArgs: 3, maxArgs: 4, window: true, result: fixed(types.DateTime), vec: rowWindowSession},
	)
}

// zoneShift converts a datetime between UTC and the wall clock of an
// IANA time zone such as "Europe/Paris".
func zoneShift(toLocal bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		d, ok := a[0].(types.DateTimeValue)
		if !ok {
			return nil
		}
		loc, err := time.LoadLocation(str(a, 1))
		if err != nil {
			return nil
		}
		t := d.Time()
		if toLocal {
			_, offset := t.In(loc).Zone()
			return checkedDateTime(int64(d) + int64(offset)*types.TicksPerSecond)
		}
		// Read the wall clock as a time in the zone, then find its UTC.
		local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
		r, ok := types.DateTimeFromTime(local)
		if !ok {
			return nil
		}
		return r
	}
}

// rowWindowSession returns, for each row, the start of its session: a
// new session starts when the value is more than maxFromFirst after the
// session's first value, more than maxBetween after the previous row's,
// or when restart is true.
func rowWindowSession(c *callEval, args []*column.Vector, n int) *column.Vector {
	out := make([]int64, n)
	if n == 0 {
		return column.NewInts(types.DateTime, out, nil)
	}
	var nulls []uint64
	fromFirst, _ := args[1].Value(0).(types.TimeSpanValue)
	between, _ := args[2].Value(0).(types.TimeSpanValue)
	var start, prev int64
	open := false
	for i := 0; i < n; i++ {
		v, ok := args[0].Value(i).(types.DateTimeValue)
		if !ok {
			nulls = column.SetBit(nulls, i, n)
			continue
		}
		t := int64(v)
		if !open || restartAt(args, 3, i) || t-start > int64(fromFirst) || t-prev > int64(between) {
			start, open = t, true
		}
		prev = t
		out[i] = start
	}
	return column.NewInts(types.DateTime, out, nulls)
}
