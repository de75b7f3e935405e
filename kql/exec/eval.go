package exec

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// evaluator computes a scalar expression for every row of a batch.
type evaluator interface {
	eval(b *column.Batch) (*column.Vector, error)
	kind() types.Kind
}

// constant reports the value of an evaluator that does not depend on the
// row.
func constant(e evaluator) (types.Value, bool) {
	if c, ok := e.(*constEval); ok {
		return c.value, true
	}
	return nil, false
}

type constEval struct {
	k     types.Kind
	value types.Value
	mu    sync.Mutex
	cache *column.Vector
}

func (c *constEval) kind() types.Kind { return c.k }

func (c *constEval) eval(b *column.Batch) (*column.Vector, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cache == nil || c.cache.Len() != b.Len {
		c.cache = column.NewConst(c.k, c.value, b.Len)
	}
	return c.cache, nil
}

type columnEval struct {
	index int
	k     types.Kind
}

func (c *columnEval) kind() types.Kind { return c.k }

func (c *columnEval) eval(b *column.Batch) (*column.Vector, error) {
	return b.Vectors[c.index], nil
}

// compile turns a plan expression into an evaluator. Calls whose
// arguments are all constant and whose function is pure are folded into
// a constant.
func (r *runner) compile(e plan.Expr) (evaluator, error) {
	switch e := e.(type) {
	case *plan.Const:
		return &constEval{k: e.Kind, value: e.Value}, nil
	case *plan.ColumnRef:
		return &columnEval{index: e.Index, k: e.Kind}, nil
	case *plan.Call:
		return r.compileCall(e)
	case *plan.Subquery:
		return r.compileSubquery(e)
	}
	return nil, fmt.Errorf("exec: cannot evaluate expression %T", e)
}

func (r *runner) compileCall(e *plan.Call) (evaluator, error) {
	switch e.Name {
	case "now":
		if len(e.Args) == 1 {
			rewritten := plan.NewCall("+", types.DateTime, plan.NewConst(types.DateTime, types.DateTimeValue(r.now)), e.Args[0])
			return r.compileCall(rewritten)
		}
		return &constEval{k: types.DateTime, value: types.DateTimeValue(r.now)}, nil
	case "ago":
		if len(e.Args) == 0 {
			return &constEval{k: types.DateTime, value: types.DateTimeValue(r.now)}, nil
		}
		rewritten := plan.NewCall("-", types.DateTime, plan.NewConst(types.DateTime, types.DateTimeValue(r.now)), e.Args[0])
		return r.compileCall(rewritten)
	}
	args := make([]evaluator, len(e.Args))
	kinds := make([]types.Kind, len(e.Args))
	allConst := true
	for i, a := range e.Args {
		ev, err := r.compile(a)
		if err != nil {
			return nil, err
		}
		args[i] = ev
		kinds[i] = ev.kind()
		if _, ok := constant(ev); !ok {
			allConst = false
		}
	}
	def, ok := scalarFuncs[e.Name]
	if !ok {
		return nil, fmt.Errorf("exec: function %s is not implemented", e.Name)
	}
	c := &callEval{
		name:   e.Name,
		def:    def,
		args:   args,
		kinds:  kinds,
		result: e.Kind,
		r:      r,
	}
	if def.prepare != nil {
		if err := def.prepare(c); err != nil {
			return nil, err
		}
	}
	if allConst && !def.impure && !def.window {
		vals := make([]types.Value, len(args))
		for i, a := range args {
			vals[i], _ = constant(a)
		}
		v, err := c.call(vals)
		if err != nil {
			return nil, err
		}
		return &constEval{k: e.Kind, value: coerce(v, e.Kind)}, nil
	}
	return c, nil
}

// callEval evaluates a function call. It picks, in order: the function's
// vectorized implementation when it has one for these arguments; for a
// pure function whose only row-dependent argument is a string column,
// one evaluation per distinct string of the column's dictionary; and
// otherwise a row-by-row loop.
type callEval struct {
	name   string
	def    *scalarDef
	args   []evaluator
	kinds  []types.Kind
	result types.Kind
	r      *runner
	// state is per-call data a function prepares once, such as a compiled
	// regular expression for a constant pattern.
	state any

	dictMu    sync.Mutex
	dictCache map[*column.Dict]*column.Vector
	boolMemo  map[*column.Dict][]atomic.Uint32
}

func (c *callEval) kind() types.Kind { return c.result }

func (c *callEval) call(args []types.Value) (types.Value, error) {
	if c.def.row == nil {
		return nil, fmt.Errorf("exec: function %s has no row implementation", c.name)
	}
	return c.def.row(c, args), nil
}

func (c *callEval) eval(b *column.Batch) (*column.Vector, error) {
	vecs := make([]*column.Vector, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(b)
		if err != nil {
			return nil, err
		}
		vecs[i] = v
	}
	if b.Len == 0 {
		return column.NewBuilder(c.result, 0).Build(), nil
	}
	if c.def.vec != nil {
		if out := c.def.vec(c, vecs, b.Len); out != nil {
			return out, nil
		}
	}
	if !c.def.impure && !c.def.window {
		if out := c.evalPerDistinct(vecs, b.Len); out != nil {
			return out, nil
		}
	}
	return c.evalRows(vecs, b.Len), nil
}

// evalPerDistinct evaluates the function once per distinct value of its
// single string-column argument and maps the results back to the rows.
// It returns nil when the arguments do not have that shape.
func (c *callEval) evalPerDistinct(vecs []*column.Vector, n int) *column.Vector {
	varying := -1
	for i, a := range c.args {
		if _, ok := constant(a); ok {
			continue
		}
		if varying >= 0 || vecs[i].Kind() != types.String {
			return nil
		}
		varying = i
	}
	if varying < 0 {
		return nil
	}
	dict := vecs[varying].Dict()
	if c.result == types.Bool {
		return c.evalBoolMemo(dict, vecs[varying].Codes(), varying)
	}
	if dict.Len() > n {
		return nil
	}
	perCode := c.perCode(dict, vecs, varying)
	return gatherCodes(perCode, vecs[varying].Codes())
}

// Memo states of a bool result per dictionary code.
const (
	memoUnknown uint32 = iota
	memoFalse
	memoTrue
	memoNull
)

// evalBoolMemo evaluates a predicate over a string column, computing each
// distinct value's result the first time a row holds it. Large
// dictionaries (such as command lines) shared by many batches are thus
// evaluated once per distinct value that occurs, not once per row.
func (c *callEval) evalBoolMemo(dict *column.Dict, codes []uint32, varying int) *column.Vector {
	c.dictMu.Lock()
	if c.boolMemo == nil {
		c.boolMemo = make(map[*column.Dict][]atomic.Uint32)
	}
	memo, ok := c.boolMemo[dict]
	if !ok {
		memo = make([]atomic.Uint32, dict.Len())
		c.boolMemo[dict] = memo
	}
	c.dictMu.Unlock()
	args := make([]types.Value, len(c.args))
	for i, a := range c.args {
		if i != varying {
			args[i], _ = constant(a)
		}
	}
	out := make([]int64, len(codes))
	var nulls []uint64
	for i, code := range codes {
		state := memo[code].Load()
		if state == memoUnknown {
			args[varying] = dict.Value(code)
			v, _ := c.call(args)
			b, ok := toBool(v)
			switch {
			case !ok:
				state = memoNull
			case b:
				state = memoTrue
			default:
				state = memoFalse
			}
			memo[code].Store(state)
		}
		switch state {
		case memoTrue:
			out[i] = 1
		case memoNull:
			nulls = column.SetBit(nulls, i, len(codes))
		}
	}
	return column.NewInts(types.Bool, out, nulls)
}

// cachedPerCode returns a per-code result vector for dict, computing it
// with compute on first use.
func (c *callEval) cachedPerCode(dict *column.Dict, compute func(*column.Dict) *column.Vector) *column.Vector {
	c.dictMu.Lock()
	defer c.dictMu.Unlock()
	if v, ok := c.dictCache[dict]; ok {
		return v
	}
	v := compute(dict)
	if c.dictCache == nil {
		c.dictCache = make(map[*column.Dict]*column.Vector)
	}
	c.dictCache[dict] = v
	return v
}

func (c *callEval) perCode(dict *column.Dict, vecs []*column.Vector, varying int) *column.Vector {
	c.dictMu.Lock()
	defer c.dictMu.Unlock()
	if v, ok := c.dictCache[dict]; ok {
		return v
	}
	args := make([]types.Value, len(vecs))
	for i, a := range c.args {
		if i != varying {
			args[i], _ = constant(a)
		}
	}
	b := column.NewBuilder(c.result, dict.Len())
	for code := 0; code < dict.Len(); code++ {
		args[varying] = dict.Value(uint32(code))
		v, _ := c.call(args)
		b.Append(coerce(v, c.result))
	}
	v := b.Build()
	if c.dictCache == nil {
		c.dictCache = make(map[*column.Dict]*column.Vector)
	}
	c.dictCache[dict] = v
	return v
}

// gatherCodes returns perCode[codes[i]] for every row.
func gatherCodes(perCode *column.Vector, codes []uint32) *column.Vector {
	n := len(codes)
	switch perCode.Kind() {
	case types.Bool, types.Int, types.Long, types.DateTime, types.TimeSpan:
		src := perCode.Ints()
		out := make([]int64, n)
		var nulls []uint64
		for i, c := range codes {
			if perCode.IsNull(int(c)) {
				nulls = column.SetBit(nulls, i, n)
				continue
			}
			out[i] = src[c]
		}
		return column.NewInts(perCode.Kind(), out, nulls)
	case types.String:
		src := perCode.Codes()
		out := make([]uint32, n)
		for i, c := range codes {
			out[i] = src[c]
		}
		return column.NewStrings(perCode.Dict(), out)
	}
	idx := make([]int, n)
	for i, c := range codes {
		idx[i] = int(c)
	}
	return perCode.Gather(idx)
}

func (c *callEval) evalRows(vecs []*column.Vector, n int) *column.Vector {
	b := column.NewBuilder(c.result, n)
	args := make([]types.Value, len(vecs))
	for i := 0; i < n; i++ {
		for j, v := range vecs {
			args[j] = v.Value(i)
		}
		v, _ := c.call(args)
		b.Append(coerce(v, c.result))
	}
	return b.Build()
}

// coerce converts a function's result to the Go type of kind k, so that
// an implementation may return an int64 for an int column or a float64
// for a decimal one.
func coerce(v types.Value, k types.Kind) types.Value {
	if v == nil {
		if k == types.String {
			return ""
		}
		return nil
	}
	switch k {
	case types.Int:
		switch x := v.(type) {
		case int64:
			return int32(x)
		case int32:
			return x
		}
		if n, ok := types.AsInt(v); ok {
			return int32(n)
		}
		return nil
	case types.Long:
		switch x := v.(type) {
		case int64:
			return x
		case int32:
			return int64(x)
		}
		if n, ok := types.AsInt(v); ok {
			return n
		}
		return nil
	case types.Real:
		if f, ok := types.AsFloat(v); ok {
			return f
		}
		return nil
	case types.String:
		if s, ok := v.(string); ok {
			return s
		}
		return types.Format(v)
	case types.Decimal:
		switch x := v.(type) {
		case types.DecimalValue:
			return x
		case float64:
			d, ok := types.DecimalFromFloat(x)
			if !ok {
				return nil
			}
			return d
		}
		if n, ok := types.AsInt(v); ok {
			return types.DecimalFromInt(n)
		}
		return nil
	case types.Dynamic:
		if x, ok := v.(int32); ok {
			return int64(x)
		}
		return v
	case types.Bool:
		if x, ok := v.(bool); ok {
			return x
		}
		return nil
	case types.DateTime:
		if x, ok := v.(types.DateTimeValue); ok {
			return x
		}
		return nil
	case types.TimeSpan:
		if x, ok := v.(types.TimeSpanValue); ok {
			return x
		}
		return nil
	case types.Guid:
		if x, ok := v.(types.GuidValue); ok {
			return x
		}
		return nil
	}
	return v
}

// compileSubquery runs a tabular subquery and turns its first column into
// a constant: the first value for toscalar(), or all values as a dynamic
// array for the right side of in.
func (r *runner) compileSubquery(e *plan.Subquery) (evaluator, error) {
	t, err := r.run(e.Input)
	if err != nil {
		return nil, err
	}
	if len(t.Columns) == 0 {
		return &constEval{k: e.Kind, value: types.Zero(e.Kind)}, nil
	}
	col := t.Vector(0)
	if e.List {
		vals := make([]any, col.Len())
		for i := range vals {
			vals[i] = dynamicElement(col.Value(i))
		}
		return &constEval{k: types.Dynamic, value: vals}, nil
	}
	if col.Len() == 0 {
		return &constEval{k: e.Kind, value: types.Zero(e.Kind)}, nil
	}
	return &constEval{k: e.Kind, value: coerce(col.Value(0), e.Kind)}, nil
}
