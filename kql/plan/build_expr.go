package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// rowScope is the naming context of a scalar expression: the input
// columns of the operator, then the let bindings.
type rowScope struct {
	cols  []types.Column
	scope *scope
	// aggRefs maps aggregation calls inside a summarize expression, such
	// as the count() of `n = count() * 2`, to the column holding their
	// result.
	aggRefs map[*syntax.CallExpr]int
	// serialized is set when the rows have a fixed order, which window
	// functions such as row_number and prev need.
	serialized bool
	// steps maps a scan step's name to the index of its first state
	// column, so that step.x reads the step's state.
	steps map[string]int
	// noWindow is set where window functions are not allowed, as inside
	// scan.
	noWindow bool
}

var binaryOpNames = map[syntax.BinaryOp]string{
	syntax.OpOr: "or", syntax.OpAnd: "and",
	syntax.OpEq: "==", syntax.OpNe: "!=", syntax.OpLtGt: "!=",
	syntax.OpLt: "<", syntax.OpLe: "<=", syntax.OpGt: ">", syntax.OpGe: ">=",
	syntax.OpAdd: "+", syntax.OpSub: "-", syntax.OpMul: "*", syntax.OpDiv: "/", syntax.OpMod: "%",
	syntax.OpEqTilde: "=~", syntax.OpBangTilde: "!~",
	syntax.OpHas: "has", syntax.OpNotHas: "!has", syntax.OpHasCS: "has_cs", syntax.OpNotHasCS: "!has_cs",
	syntax.OpHasPrefix: "hasprefix", syntax.OpNotHasPrefix: "!hasprefix",
	syntax.OpHasPrefixCS: "hasprefix_cs", syntax.OpNotHasPrefixCS: "!hasprefix_cs",
	syntax.OpHasSuffix: "hassuffix", syntax.OpNotHasSuffix: "!hassuffix",
	syntax.OpHasSuffixCS: "hassuffix_cs", syntax.OpNotHasSuffixCS: "!hassuffix_cs",
	syntax.OpContains: "contains", syntax.OpNotContains: "!contains",
	syntax.OpContainsCS: "contains_cs", syntax.OpNotContainsCS: "!contains_cs",
	syntax.OpContainsCSOld: "contains_cs", syntax.OpNotContainsCSOld: "!contains_cs", syntax.OpNotContainsOld: "!contains",
	syntax.OpStartsWith: "startswith", syntax.OpNotStartsWith: "!startswith",
	syntax.OpStartsWithCS: "startswith_cs", syntax.OpNotStartsWithCS: "!startswith_cs",
	syntax.OpEndsWith: "endswith", syntax.OpNotEndsWith: "!endswith",
	syntax.OpEndsWithCS: "endswith_cs", syntax.OpNotEndsWithCS: "!endswith_cs",
	syntax.OpMatchesRegex: "matches regex",
	syntax.OpIn:           "in", syntax.OpNotIn: "!in", syntax.OpInCI: "in~", syntax.OpNotInCI: "!in~",
	syntax.OpHasAny: "has_any", syntax.OpHasAll: "has_all",
}

// expr binds a scalar expression.
func (b *builder) expr(x syntax.Expr, rs *rowScope) (Expr, error) {
	switch x := x.(type) {
	case *syntax.Literal:
		return b.literal(x)
	case *syntax.StringLit:
		return NewConst(types.String, x.Value), nil
	case *syntax.DynamicLit:
		v, err := b.jsonValue(x.Value)
		if err != nil {
			return nil, err
		}
		return NewConst(types.Dynamic, v), nil
	case *syntax.ParenExpr:
		return b.expr(x.X, rs)
	case *syntax.Ident:
		return b.name(x, rs)
	case *syntax.UnaryExpr:
		inner, err := b.expr(x.X, rs)
		if err != nil {
			return nil, err
		}
		if x.Op == syntax.OpPlus {
			return inner, nil
		}
		if c, ok := inner.(*Const); ok {
			if v, ok := negateConst(c.Value); ok {
				return NewConst(c.Kind, v), nil
			}
		}
		return b.call(x, "neg", []Expr{inner})
	case *syntax.BinaryExpr:
		name, ok := binaryOpNames[x.Op]
		if !ok {
			return nil, b.errorf(x, "operator %s is not supported", x.Op)
		}
		if _, star := x.X.(*syntax.StarExpr); star {
			return b.starPredicate(x, name, rs)
		}
		l, err := b.expr(x.X, rs)
		if err != nil {
			return nil, err
		}
		r, err := b.expr(x.Y, rs)
		if err != nil {
			return nil, err
		}
		if isComparison(name) {
			l, r = coerceComparison(l, r)
		}
		return b.call(x, name, []Expr{l, r})
	case *syntax.InExpr:
		return b.inExpr(x, rs)
	case *syntax.BetweenExpr:
		args := make([]Expr, 3)
		for i, e := range []syntax.Expr{x.X, x.Lo, x.Hi} {
			a, err := b.expr(e, rs)
			if err != nil {
				return nil, err
			}
			args[i] = a
		}
		name := "between"
		if x.Not {
			name = "!between"
		}
		return b.call(x, name, args)
	case *syntax.MemberExpr:
		if id, ok := x.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
			return nil, b.errorf(x, "%s may only appear in a join condition", id.Name)
		}
		if id, ok := x.X.(*syntax.Ident); ok && rs.steps != nil && columnIndex(rs.cols, id.Name) < 0 {
			if base, ok := rs.steps[id.Name]; ok {
				i := columnIndex(rs.cols[base:], id.Name+"."+x.Name.Name)
				if i < 0 {
					return nil, b.errorf(x.Name, "scan step %s has no variable '%s'", id.Name, x.Name.Name)
				}
				return Col(rs.cols, base+i), nil
			}
		}
		obj, err := b.expr(x.X, rs)
		if err != nil {
			return nil, err
		}
		return b.call(x, ".", []Expr{obj, NewConst(types.String, x.Name.Name)})
	case *syntax.IndexExpr:
		obj, err := b.expr(x.X, rs)
		if err != nil {
			return nil, err
		}
		idx, err := b.expr(x.Index, rs)
		if err != nil {
			return nil, err
		}
		return b.call(x, "[]", []Expr{obj, idx})
	case *syntax.CallExpr:
		return b.callExpr(x, rs)
	case *syntax.NamedExpr:
		return nil, b.errorf(x, "a named expression (%s = ...) is not allowed here", x.Name.Name)
	case *syntax.PipeExpr, *syntax.DataTableExpr:
		return nil, b.errorf(x, "a tabular expression is not allowed where a scalar is expected; use toscalar()")
	case *syntax.BadExpr:
		return nil, b.errorf(x, "invalid expression")
	}
	return nil, b.errorf(x, "%s is not supported here", describeExpr(x))
}

// describeExpr names the kind of an expression for messages, from its
// syntax node type: *syntax.ExternalDataExpr becomes "an external data
// expression".
func describeExpr(x syntax.Expr) string {
	name := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", x), "*syntax."), "Expr")
	var words []string
	start := 0
	for i := 1; i <= len(name); i++ {
		if i == len(name) || (name[i] >= 'A' && name[i] <= 'Z') {
			words = append(words, strings.ToLower(name[start:i]))
			start = i
		}
	}
	article := "a"
	if len(words) > 0 && strings.ContainsRune("aeiou", rune(words[0][0])) {
		article = "an"
	}
	return article + " " + strings.Join(append(words, "expression"), " ")
}

func negateConst(v types.Value) (types.Value, bool) {
	switch x := v.(type) {
	case int64:
		return -x, true
	case int32:
		return -x, true
	case float64:
		return -x, true
	case types.TimeSpanValue:
		return -x, true
	case types.DecimalValue:
		return x.Neg(), true
	}
	return nil, false
}

func (b *builder) literal(x *syntax.Literal) (Expr, error) {
	kind := map[syntax.LitKind]types.Kind{
		syntax.LitNull: types.Unknown, syntax.LitBool: types.Bool, syntax.LitInt: types.Int, syntax.LitLong: types.Long,
		syntax.LitReal: types.Real, syntax.LitDecimal: types.Decimal, syntax.LitDateTime: types.DateTime,
		syntax.LitTimeSpan: types.TimeSpan, syntax.LitGuid: types.Guid,
	}[x.Kind]
	if !x.Null && x.Value == nil && x.Kind == syntax.LitDateTime {
		// The parser leaves datetime texts it cannot decode to the binder;
		// accept the other forms todatetime() accepts.
		text := x.Raw
		if i := strings.IndexByte(text, '('); i >= 0 && strings.HasSuffix(text, ")") {
			text = strings.Trim(strings.TrimSpace(text[i+1:len(text)-1]), `"'`)
		}
		if d, ok := types.ParseDateTime(text); ok {
			return NewConst(kind, d), nil
		}
	}
	if x.Null || x.Value == nil {
		if !x.Null && x.Kind != syntax.LitNull {
			return nil, b.errorf(x, "invalid %s literal %s", x.Kind, x.Raw)
		}
		return NewConst(kind, nil), nil
	}
	switch v := x.Value.(type) {
	case string:
		switch x.Kind {
		case syntax.LitDecimal:
			d, ok := types.ParseDecimal(v)
			if !ok {
				return nil, b.errorf(x, "invalid decimal literal %s", x.Raw)
			}
			return NewConst(kind, d), nil
		case syntax.LitGuid:
			g, ok := types.ParseGuid(v)
			if !ok {
				return nil, b.errorf(x, "invalid guid literal %s", x.Raw)
			}
			return NewConst(kind, g), nil
		}
	case int64:
		if x.Kind == syntax.LitTimeSpan {
			return NewConst(kind, types.TimeSpanValue(v)), nil
		}
		return NewConst(kind, v), nil
	case int32, bool, float64:
		return NewConst(kind, v), nil
	}
	if x.Kind == syntax.LitDateTime {
		if t, ok := x.Value.(interface{ UnixNano() int64 }); ok {
			_ = t
		}
		d, ok := dateTimeFromAny(x.Value)
		if !ok {
			return nil, b.errorf(x, "invalid datetime literal %s", x.Raw)
		}
		return NewConst(kind, d), nil
	}
	return nil, b.errorf(x, "unsupported literal %s", x.Raw)
}

// jsonValue converts the body of a dynamic literal.
func (b *builder) jsonValue(x syntax.Expr) (any, error) {
	switch x := x.(type) {
	case nil:
		return nil, nil
	case *syntax.JSONArray:
		out := make([]any, 0, len(x.Elems))
		for _, e := range x.Elems {
			v, err := b.jsonValue(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *syntax.JSONObject:
		out := make(map[string]any, len(x.Pairs))
		for _, p := range x.Pairs {
			v, err := b.jsonValue(p.Value)
			if err != nil {
				return nil, err
			}
			out[p.Key.Value] = v
		}
		return out, nil
	case *syntax.StringLit:
		return x.Value, nil
	case *syntax.UnaryExpr:
		v, err := b.jsonValue(x.X)
		if err != nil {
			return nil, err
		}
		if x.Op == syntax.OpMinus {
			if n, ok := negateConst(v); ok {
				return n, nil
			}
		}
		return v, nil
	case *syntax.Literal:
		c, err := b.literal(x)
		if err != nil {
			return nil, err
		}
		v := c.(*Const).Value
		if n, ok := v.(int32); ok {
			return int64(n), nil
		}
		return v, nil
	}
	e, err := b.expr(x, &rowScope{})
	if err != nil {
		return nil, err
	}
	if c, ok := e.(*Const); ok {
		return c.Value, nil
	}
	return nil, b.errorf(x, "a dynamic literal may only hold constants")
}

// name resolves an identifier in a scalar position: a column, then a let
// binding.
func (b *builder) name(x *syntax.Ident, rs *rowScope) (Expr, error) {
	if i := columnIndex(rs.cols, x.Name); i >= 0 {
		return Col(rs.cols, i), nil
	}
	if bd := rs.scope.lookup(x.Name); bd != nil {
		switch {
		case bd.scalar != nil:
			return bd.scalar, nil
		case bd.fn != nil && len(bd.fn.Params) == 0:
			return b.callScalarFunc(x, bd, nil, rs)
		case bd.tabular != nil:
			return nil, b.errorf(x, "%s is a table; use toscalar(%s) for its value", x.Name, x.Name)
		}
	}
	switch x.Name {
	case "true":
		return NewConst(types.Bool, true), nil
	case "false":
		return NewConst(types.Bool, false), nil
	}
	return nil, b.errorf(x, "unknown column or name '%s'%s", x.Name, suggestColumn(x.Name, rs.cols))
}

func suggestColumn(name string, cols []types.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	if s := closestName(name, names); s != "" {
		return fmt.Sprintf("; did you mean '%s'?", s)
	}
	return ""
}

// call builds a call of an implemented function or operator, checking it
// and computing its type.
func (b *builder) call(at syntax.Node, name string, args []Expr) (Expr, error) {
	if err := b.checkRegex(at, name, args); err != nil {
		return nil, err
	}
	kinds := make([]types.Kind, len(args))
	for i, a := range args {
		kinds[i] = a.Type()
	}
	k, err := b.fns.ScalarType(name, kinds)
	if err != nil {
		return nil, b.errorf(at, "%v", err)
	}
	return NewCall(name, k, args...), nil
}

func (b *builder) inExpr(x *syntax.InExpr, rs *rowScope) (Expr, error) {
	name, ok := binaryOpNames[x.Op]
	if !ok {
		return nil, b.errorf(x, "operator %s is not supported", x.Op)
	}
	lhs, err := b.expr(x.X, rs)
	if err != nil {
		return nil, err
	}
	args := []Expr{lhs}
	for _, item := range x.List {
		if b.isTabular(item, rs.scope) {
			n, err := b.tabular(item, rs.scope)
			if err != nil {
				return nil, err
			}
			if len(n.Schema()) == 0 {
				return nil, b.errorf(item, "the subquery returns no columns")
			}
			args = append(args, &Subquery{Input: n, Kind: types.Dynamic, List: true})
			continue
		}
		a, err := b.expr(item, rs)
		if err != nil {
			return nil, err
		}
		if _, constant := a.(*Const); constant {
			// A constant element is converted the way == converts it,
			// so EventID in ("4688") agrees with EventID == "4688".
			_, a = coerceComparison(lhs, a)
		}
		args = append(args, a)
	}
	return b.call(x, name, args)
}

// argName is the name an argument gives a column on its own: a column
// reference gives its name, d.a and d["a"] give d_a.
func argName(x syntax.Expr) string {
	switch x := x.(type) {
	case *syntax.Ident:
		return x.Name
	case *syntax.ParenExpr:
		return argName(x.X)
	case *syntax.MemberExpr:
		if base := argName(x.X); base != "" {
			return base + "_" + x.Name.Name
		}
	case *syntax.IndexExpr:
		base := argName(x.X)
		if s, ok := x.Index.(*syntax.StringLit); ok && base != "" {
			return base + "_" + s.Value
		}
	case *syntax.CallExpr:
		id, ok := x.Fun.(*syntax.Ident)
		if !ok {
			return ""
		}
		f, ok := funcs.Lookup(id.Name)
		if !ok {
			// An aggregate inside a scalar call, as in
			// tostring(make_set(x)), names the column set_x.
			f, ok = funcs.LookupAggregate(id.Name)
		}
		if !ok {
			return ""
		}
		first := ""
		if len(x.Args) > 0 {
			first = argName(x.Args[0])
		}
		return f.ColumnName(first)
	}
	return ""
}

func dateTimeFromAny(v any) (types.DateTimeValue, bool) {
	type timeLike interface {
		Year() int
		Unix() int64
		Nanosecond() int
	}
	t, ok := v.(timeLike)
	if !ok {
		return 0, false
	}
	if t.Year() < 1 || t.Year() > 9999 {
		return 0, false
	}
	ticks := t.Unix()*types.TicksPerSecond + int64(t.Nanosecond()/100) + types.UnixEpochTicks
	return types.DateTimeValue(ticks), true
}

var _ = math.Inf

// starPredicate binds `* op value`: true when any column satisfies op, or
// for a negated operator (!has, !contains) when every column does.
func (b *builder) starPredicate(x *syntax.BinaryExpr, name string, rs *rowScope) (Expr, error) {
	r, err := b.expr(x.Y, rs)
	if err != nil {
		return nil, err
	}
	var parts []Expr
	for i, c := range rs.cols {
		var col Expr = Col(rs.cols, i)
		if c.Type != types.String {
			if col, err = b.call(x, "tostring", []Expr{col}); err != nil {
				return nil, err
			}
		}
		p, err := b.call(x, name, []Expr{col, r})
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	combine := "or"
	if strings.HasPrefix(name, "!") {
		combine = "and"
	}
	switch len(parts) {
	case 0:
		return NewConst(types.Bool, combine == "and"), nil
	case 1:
		return parts[0], nil
	}
	return b.call(x, combine, parts)
}

func isComparison(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// coerceComparison converts a string constant compared with a value of
// another type to that type, as Kusto does for LocalPort == "88" or
// DayOfWeek == "1.00:00:00", a number compared with a string to its
// text, as for RegistryValueData == 1, and a bool compared with a number
// to 0 or 1. Operands it cannot convert are returned as they are.
func coerceComparison(l, r Expr) (Expr, Expr) {
	convert := func(c *Const, k types.Kind) (Expr, bool) {
		if c.Value == nil {
			return nil, false
		}
		if s, ok := c.Value.(string); ok && k != types.String && k != types.Dynamic && k != types.Unknown {
			if v, ok := types.ParseAs(s, k); ok {
				return NewConst(k, v), true
			}
		}
		if b, ok := c.Value.(bool); ok && k.IsNumeric() {
			n := int64(0)
			if b {
				n = 1
			}
			return NewConst(types.Long, n), true
		}
		if k == types.String && (c.Kind.IsNumeric() || c.Kind == types.Bool) {
			return NewConst(types.String, types.Format(c.Value)), true
		}
		if k == types.Bool && c.Kind.IsNumeric() {
			if n, ok := types.AsInt(c.Value); ok && (n == 0 || n == 1) {
				return NewConst(types.Bool, n == 1), true
			}
		}
		return nil, false
	}
	if c, ok := r.(*Const); ok && c.Kind != l.Type() {
		if e, ok := convert(c, l.Type()); ok {
			return l, e
		}
	}
	if c, ok := l.(*Const); ok && c.Kind != r.Type() {
		if e, ok := convert(c, r.Type()); ok {
			return e, r
		}
	}
	return l, r
}
