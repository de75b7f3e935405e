package exec

import (
	"fmt"
	"math"
	"sort"

	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// aggState accumulates one aggregation for one group.
type aggState interface {
	// add folds in one row's argument values.
	add(args []types.Value)
	// result returns the aggregate's outputs: one value, or for arg_max
	// and arg_min the extreme value followed by the extra columns.
	result() []types.Value
}

// aggDef is the implementation of one aggregation function.
type aggDef struct {
	name             string
	minArgs, maxArgs int
	result           func(args []types.Kind) (types.Kind, error)
	newState         func(a *plan.AggCall) aggState
}

var aggFuncs = map[string]*aggDef{}

func registerAgg(defs ...*aggDef) {
	for _, d := range defs {
		aggFuncs[d.name] = d
	}
}

// AggregateType returns the result type of the named aggregation over
// arguments of the given types.
func AggregateType(name string, args []types.Kind) (types.Kind, error) {
	d, ok := aggFuncs[name]
	if !ok {
		return types.Unknown, fmt.Errorf("aggregation %s is not supported", name)
	}
	if len(args) < d.minArgs || (d.maxArgs >= 0 && len(args) > d.maxArgs) {
		return types.Unknown, fmt.Errorf("aggregation %s takes %s, not %d", name,
			arity(&scalarDef{minArgs: d.minArgs, maxArgs: d.maxArgs}), len(args))
	}
	return d.result(args)
}

// HasAggregate reports whether the named aggregation is implemented.
func HasAggregate(name string) bool {
	_, ok := aggFuncs[name]
	return ok
}

func sumKind(a []types.Kind) (types.Kind, error) {
	switch a[0] {
	case types.Int, types.Long, types.Bool:
		return types.Long, nil
	case types.Real, types.Decimal, types.TimeSpan, types.Dynamic:
		if a[0] == types.Dynamic {
			return types.Real, nil
		}
		return a[0], nil
	}
	return types.Unknown, fmt.Errorf("sum cannot add values of type %s", a[0])
}

func minMaxKind(a []types.Kind) (types.Kind, error) {
	if a[0] == types.Int {
		return types.Long, nil
	}
	return a[0], nil
}

func init() {
	registerAgg(
		&aggDef{name: "count", minArgs: 0, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &countState{} }},
		&aggDef{name: "countif", minArgs: 1, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &countIfState{} }},
		&aggDef{name: "dcount", minArgs: 1, maxArgs: 2, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &dcountState{seen: map[string]struct{}{}} }},
		&aggDef{name: "dcountif", minArgs: 2, maxArgs: 3, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &dcountState{seen: map[string]struct{}{}, cond: true} }},
		&aggDef{name: "count_distinct", minArgs: 1, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &dcountState{seen: map[string]struct{}{}} }},
		&aggDef{name: "sum", minArgs: 1, maxArgs: 1, result: sumKind,
			newState: func(a *plan.AggCall) aggState { return &sumState{kind: a.Kind} }},
		&aggDef{name: "sumif", minArgs: 2, maxArgs: 2, result: sumKind,
			newState: func(a *plan.AggCall) aggState { return &sumState{kind: a.Kind, cond: true} }},
		&aggDef{name: "avg", minArgs: 1, maxArgs: 1, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &avgState{} }},
		&aggDef{name: "avgif", minArgs: 2, maxArgs: 2, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &avgState{cond: true} }},
		&aggDef{name: "min", minArgs: 1, maxArgs: 1, result: minMaxKind,
			newState: func(a *plan.AggCall) aggState { return &extremeState{sign: -1} }},
		&aggDef{name: "max", minArgs: 1, maxArgs: 1, result: minMaxKind,
			newState: func(a *plan.AggCall) aggState { return &extremeState{sign: 1} }},
		&aggDef{name: "minif", minArgs: 2, maxArgs: 2, result: minMaxKind,
			newState: func(a *plan.AggCall) aggState { return &extremeState{sign: -1, cond: true} }},
		&aggDef{name: "maxif", minArgs: 2, maxArgs: 2, result: minMaxKind,
			newState: func(a *plan.AggCall) aggState { return &extremeState{sign: 1, cond: true} }},
		&aggDef{name: "make_list", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState {
				// A null dynamic value is a JSON null, which make_list keeps.
				return &listState{limit: -1, nulls: len(a.Args) > 0 && a.Args[0].Type() == types.Dynamic}
			}},
		&aggDef{name: "make_list_if", minArgs: 2, maxArgs: 3, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1, cond: true} }},
		&aggDef{name: "make_list_with_nulls", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1, nulls: true} }},
		&aggDef{name: "make_set", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &listState{limit: -1, set: map[string]struct{}{}} }},
		&aggDef{name: "make_set_if", minArgs: 2, maxArgs: 3, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState {
				return &listState{limit: -1, set: map[string]struct{}{}, cond: true}
			}},
		&aggDef{name: "make_bag", minArgs: 1, maxArgs: 2, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &bagState{bag: map[string]any{}} }},
		&aggDef{name: "make_bag_if", minArgs: 2, maxArgs: 3, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &bagState{bag: map[string]any{}, cond: true} }},
		&aggDef{name: "arg_max", minArgs: 1, maxArgs: -1, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &argState{sign: 1} }},
		&aggDef{name: "arg_min", minArgs: 1, maxArgs: -1, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &argState{sign: -1} }},
		&aggDef{name: "take_any", minArgs: 1, maxArgs: -1, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &anyState{} }},
		&aggDef{name: "take_anyif", minArgs: 2, maxArgs: 2, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &anyState{cond: true} }},
		&aggDef{name: "percentile", minArgs: 2, maxArgs: 2, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &percentileState{} }},
		&aggDef{name: "percentilew", minArgs: 3, maxArgs: 3, result: argKind(0),
			newState: func(a *plan.AggCall) aggState { return &percentileState{weighted: true} }},
		&aggDef{name: "percentiles_array", minArgs: 2, maxArgs: -1, result: fixed(types.Dynamic),
			newState: func(a *plan.AggCall) aggState { return &percentileState{array: true} }},
		&aggDef{name: "count_distinctif", minArgs: 2, maxArgs: 2, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &dcountState{seen: map[string]struct{}{}, cond: true} }},
		&aggDef{name: "variancepif", minArgs: 2, maxArgs: 2, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{cond: true} }},
		&aggDef{name: "stdevpif", minArgs: 2, maxArgs: 2, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{root: true, cond: true} }},
		&aggDef{name: "binary_all_and", minArgs: 1, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &bitsState{op: '&'} }},
		&aggDef{name: "binary_all_or", minArgs: 1, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &bitsState{op: '|'} }},
		&aggDef{name: "binary_all_xor", minArgs: 1, maxArgs: 1, result: fixed(types.Long),
			newState: func(a *plan.AggCall) aggState { return &bitsState{op: '^'} }},
		&aggDef{name: "stdev", minArgs: 1, maxArgs: 1, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{sample: true, root: true} }},
		&aggDef{name: "stdevif", minArgs: 2, maxArgs: 2, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{sample: true, root: true, cond: true} }},
		&aggDef{name: "stdevp", minArgs: 1, maxArgs: 1, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{root: true} }},
		&aggDef{name: "variance", minArgs: 1, maxArgs: 1, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{sample: true} }},
		&aggDef{name: "varianceif", minArgs: 2, maxArgs: 2, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{sample: true, cond: true} }},
		&aggDef{name: "variancep", minArgs: 1, maxArgs: 1, result: fixed(types.Real),
			newState: func(a *plan.AggCall) aggState { return &momentState{} }},
	)
	aggFuncs["any"] = aggFuncs["take_any"]
	aggFuncs["anyif"] = aggFuncs["take_anyif"]
	aggFuncs["makeset"] = aggFuncs["make_set"]
	aggFuncs["makelist"] = aggFuncs["make_list"]
	aggFuncs["make_dictionary"] = aggFuncs["make_bag"]
}

// condTrue reports whether an -if aggregate's predicate (its last
// argument) holds.
func condTrue(v types.Value) bool {
	b, ok := toBool(v)
	return ok && b
}

type countState struct {
	n int64
}

// add counts every row. count(x) counts rows whether or not x is null,
// as Kusto does.
func (s *countState) add(args []types.Value) {
	s.n++
}
func (s *countState) result() []types.Value { return []types.Value{s.n} }

type countIfState struct{ n int64 }

func (s *countIfState) add(args []types.Value) {
	if condTrue(args[0]) {
		s.n++
	}
}
func (s *countIfState) result() []types.Value { return []types.Value{s.n} }

// dcountState counts distinct values exactly. Kusto's dcount is an
// estimate; for the cardinalities where its estimate is exact the two
// agree.
type dcountState struct {
	seen map[string]struct{}
	cond bool
}

func (s *dcountState) add(args []types.Value) {
	if args[0] == nil || (s.cond && !condTrue(args[1])) {
		return
	}
	s.seen[string(groupKey(nil, args[0]))] = struct{}{}
}
func (s *dcountState) result() []types.Value { return []types.Value{int64(len(s.seen))} }

type sumState struct {
	kind  types.Kind
	cond  bool
	i     int64
	f     float64
	d     types.DecimalValue
	isDec bool
}

func (s *sumState) add(args []types.Value) {
	if args[0] == nil || (s.cond && !condTrue(args[1])) {
		return
	}
	switch x := args[0].(type) {
	case int64:
		s.i += x
		s.f += float64(x)
	case int32:
		s.i += int64(x)
		s.f += float64(x)
	case bool:
		s.i += b2i(x)
	case float64:
		s.f += x
	case types.TimeSpanValue:
		s.i += int64(x)
	case types.DecimalValue:
		if !s.isDec {
			s.d = types.DecimalFromInt(0)
			s.isDec = true
		}
		s.d = s.d.Add(x)
	}
}

func (s *sumState) result() []types.Value {
	switch s.kind {
	case types.Real:
		return []types.Value{s.f}
	case types.TimeSpan:
		return []types.Value{types.TimeSpanValue(s.i)}
	case types.Decimal:
		if !s.isDec {
			return []types.Value{types.DecimalFromInt(0)}
		}
		return []types.Value{s.d}
	}
	return []types.Value{s.i}
}

// avgState averages numbers. Integers are summed in 64 bits, wrapping
// on overflow as Kusto's sum does, and divided at the end.
type avgState struct {
	cond    bool
	sum     float64
	isum    int64
	allInts bool
	n       int64
}

func (s *avgState) add(args []types.Value) {
	if args[0] == nil || (s.cond && !condTrue(args[1])) {
		return
	}
	if s.n == 0 {
		s.allInts = true
	}
	if i, ok := integer(args[0]); ok {
		s.isum += i
	} else {
		s.allInts = false
	}
	if f, ok := types.AsFloat(args[0]); ok {
		s.sum += f
		s.n++
	}
}
func (s *avgState) result() []types.Value {
	if s.n == 0 {
		return []types.Value{math.NaN()}
	}
	if s.allInts {
		return []types.Value{float64(s.isum) / float64(s.n)}
	}
	return []types.Value{s.sum / float64(s.n)}
}

// extremeState is min or max. A NaN input makes the result NaN, as in
// Kusto.
type extremeState struct {
	sign int
	cond bool
	best types.Value
	nan  bool
}

func (s *extremeState) add(args []types.Value) {
	if args[0] == nil || (s.cond && !condTrue(args[1])) {
		return
	}
	if f, ok := args[0].(float64); ok && math.IsNaN(f) {
		s.nan = true
		return
	}
	if s.best == nil || orderValues(args[0], s.best)*s.sign > 0 {
		s.best = args[0]
	}
}
func (s *extremeState) result() []types.Value {
	if s.nan {
		return []types.Value{math.NaN()}
	}
	return []types.Value{s.best}
}

// dynamicElement converts a scalar into the form it takes inside a
// dynamic array.
func dynamicElement(v types.Value) any {
	if x, ok := v.(int32); ok {
		return int64(x)
	}
	return v
}

type listState struct {
	limit int64
	cond  bool
	nulls bool
	set   map[string]struct{}
	items []any
}

func (s *listState) add(args []types.Value) {
	if s.cond {
		if !condTrue(args[1]) {
			return
		}
	}
	if args[0] == nil && !s.nulls {
		return
	}
	if lim, ok := limitArg(args, s.cond); ok && int64(len(s.items)) >= lim {
		return
	}
	// An array contributes its elements, as in Kusto.
	elems := []any{dynamicElement(args[0])}
	if arr, ok := args[0].([]any); ok {
		elems = arr
	}
	for _, e := range elems {
		if lim, ok := limitArg(args, s.cond); ok && int64(len(s.items)) >= lim {
			return
		}
		if s.set != nil {
			k := string(groupKey(nil, e))
			if _, dup := s.set[k]; dup {
				continue
			}
			s.set[k] = struct{}{}
		}
		s.items = append(s.items, e)
	}
}

// limitArg returns the optional size limit of make_list and make_set:
// the argument after the value (and after the predicate for -if forms).
func limitArg(args []types.Value, cond bool) (int64, bool) {
	i := 1
	if cond {
		i = 2
	}
	if i >= len(args) || args[i] == nil {
		return 0, false
	}
	return types.AsInt(args[i])
}

func (s *listState) result() []types.Value {
	if s.items == nil {
		return []types.Value{[]any{}}
	}
	return []types.Value{s.items}
}

type bagState struct {
	bag  map[string]any
	cond bool
}

func (s *bagState) add(args []types.Value) {
	if s.cond && !condTrue(args[1]) {
		return
	}
	m, ok := args[0].(map[string]any)
	if !ok {
		return
	}
	for k, v := range m {
		if _, dup := s.bag[k]; !dup {
			s.bag[k] = v
		}
	}
}
func (s *bagState) result() []types.Value { return []types.Value{s.bag} }

// argState is arg_max or arg_min: the row with the largest (smallest)
// first argument, and the other arguments of that row. Rows whose value
// is null are kept only until a row with a value arrives.
type argState struct {
	sign  int
	best  []types.Value
	valid bool
}

func (s *argState) add(args []types.Value) {
	if s.best == nil {
		s.best = append([]types.Value(nil), args...)
		s.valid = args[0] != nil
		return
	}
	if args[0] == nil {
		return
	}
	if isNaN(s.best[0]) {
		return
	}
	// A NaN beats every number for arg_max and arg_min alike, as in
	// Kusto.
	if !s.valid || isNaN(args[0]) || orderValues(args[0], s.best[0])*s.sign > 0 {
		copy(s.best, args)
		s.valid = true
	}
}
func (s *argState) result() []types.Value { return s.best }

type anyState struct {
	cond bool
	got  []types.Value
}

func (s *anyState) add(args []types.Value) {
	if s.cond {
		if !condTrue(args[1]) {
			return
		}
		args = args[:1]
	}
	if s.got != nil {
		return
	}
	for _, a := range args {
		if a == nil || a == "" {
			return
		}
	}
	s.got = append([]types.Value(nil), args...)
}
func (s *anyState) result() []types.Value { return s.got }

// percentileState computes nearest-rank percentiles: the value at rank
// ceil(p/100 × n) of the sorted non-null values, where with weights
// (percentilew) each value counts its weight times. With array set
// (percentiles_array) it returns every requested percentile in an
// array.
type percentileState struct {
	weighted, array bool
	vals            []types.Value
	weights         []int64
	ps              []float64
}

func (s *percentileState) add(args []types.Value) {
	if args[0] == nil {
		return
	}
	rest := args[1:]
	w := int64(1)
	if s.weighted {
		w, _ = toInt64(args[1])
		rest = args[2:]
		if w <= 0 {
			return
		}
	}
	if s.ps == nil {
		for _, p := range listItems(rest) {
			f, _ := types.AsFloat(p)
			s.ps = append(s.ps, f)
		}
	}
	s.vals = append(s.vals, args[0])
	s.weights = append(s.weights, w)
}

func (s *percentileState) result() []types.Value {
	if len(s.vals) == 0 {
		return []types.Value{nil}
	}
	idx := make([]int, len(s.vals))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return orderValues(s.vals[idx[i]], s.vals[idx[j]]) < 0 })
	total := int64(0)
	for _, w := range s.weights {
		total += w
	}
	pick := func(p float64) types.Value {
		rank := int64(math.Ceil(p / 100 * float64(total)))
		rank = max(1, min(rank, total))
		acc := int64(0)
		for _, i := range idx {
			acc += s.weights[i]
			if acc >= rank {
				return s.vals[i]
			}
		}
		return s.vals[idx[len(idx)-1]]
	}
	if s.array {
		out := make([]any, len(s.ps))
		for i, p := range s.ps {
			out[i] = dynamicElement(pick(p))
		}
		return []types.Value{out}
	}
	return []types.Value{pick(s.ps[0])}
}

// bitsState folds integers with a bitwise operator.
type bitsState struct {
	op  byte
	acc int64
	any bool
}

func (s *bitsState) add(args []types.Value) {
	n, ok := toInt64(args[0])
	if !ok || args[0] == nil {
		return
	}
	if !s.any {
		s.acc, s.any = n, true
		return
	}
	switch s.op {
	case '&':
		s.acc &= n
	case '|':
		s.acc |= n
	default:
		s.acc ^= n
	}
}

func (s *bitsState) result() []types.Value {
	if !s.any {
		return []types.Value{nil}
	}
	return []types.Value{s.acc}
}

// momentState computes variance or standard deviation with Welford's
// method, over the sample (n-1) or the population (n).
type momentState struct {
	sample, root, cond bool
	n                  float64
	mean, m2           float64
}

func (s *momentState) add(args []types.Value) {
	if args[0] == nil || (s.cond && !condTrue(args[1])) {
		return
	}
	x, ok := types.AsFloat(args[0])
	if !ok {
		return
	}
	s.n++
	d := x - s.mean
	s.mean += d / s.n
	s.m2 += d * (x - s.mean)
}

func (s *momentState) result() []types.Value {
	div := s.n
	if s.sample {
		div = s.n - 1
	}
	if div <= 0 {
		return []types.Value{0.0}
	}
	v := s.m2 / div
	if s.root {
		v = math.Sqrt(v)
	}
	return []types.Value{v}
}

func isNaN(v types.Value) bool {
	f, ok := v.(float64)
	return ok && math.IsNaN(f)
}
