package plan

import (
	"fmt"
	"regexp"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// callExpr binds a scalar function call: a user-defined function, a
// special form (toscalar, pack_all, column_ifexists), or a built-in
// function from the catalog that the executor implements.
func (b *builder) callExpr(x *syntax.CallExpr, rs *rowScope) (Expr, error) {
	id, ok := x.Fun.(*syntax.Ident)
	if !ok {
		return nil, b.errorf(x, "this kind of call is not supported")
	}
	name := id.Name
	if i, ok := rs.aggRefs[x]; ok {
		return Col(rs.cols, i), nil
	}
	if bd := rs.scope.lookup(name); bd != nil && bd.fn != nil {
		return b.callScalarFunc(id, bd, x.Args, rs)
	}
	switch name {
	case "toscalar":
		if len(x.Args) != 1 {
			return nil, b.errorf(x, "toscalar expects 1 argument")
		}
		if !b.isTabular(x.Args[0], rs.scope) {
			return b.expr(x.Args[0], rs)
		}
		n, err := b.tabular(x.Args[0], rs.scope)
		if err != nil {
			return nil, err
		}
		cols := n.Schema()
		if len(cols) == 0 {
			return nil, b.errorf(x, "toscalar: the subquery returns no columns")
		}
		return &Subquery{Input: n, Kind: cols[0].Type}, nil
	case "pack_all":
		var args []Expr
		for i, c := range rs.cols {
			args = append(args, NewConst(types.String, c.Name), Col(rs.cols, i))
		}
		return b.call(x, "bag_pack", args)
	case "column_ifexists":
		if len(x.Args) != 2 {
			return nil, b.errorf(x, "column_ifexists expects 2 arguments")
		}
		s, ok := x.Args[0].(*syntax.StringLit)
		if !ok {
			return nil, b.errorf(x.Args[0], "column_ifexists expects a column name as a string literal")
		}
		if i := columnIndex(rs.cols, s.Value); i >= 0 {
			return Col(rs.cols, i), nil
		}
		return b.expr(x.Args[1], rs)
	case "typeof":
		return nil, b.errorf(x, "typeof(...) is only allowed in type positions")
	}
	args := make([]Expr, 0, len(x.Args))
	fargs := make([]funcs.Arg, 0, len(x.Args))
	for _, a := range x.Args {
		if t, ok := a.(*syntax.TypeOfLit); ok {
			k, err := b.typeRef(t.Type, t)
			if err != nil {
				return nil, err
			}
			args = append(args, NewConst(k, nil))
			fargs = append(fargs, funcs.Arg{Type: k, TypeLit: k})
			continue
		}
		if n, ok := a.(*syntax.NamedExpr); ok {
			a = n.X
		}
		e, err := b.expr(a, rs)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
		fa := funcs.Arg{Type: e.Type()}
		if c, ok := e.(*Const); ok {
			fa.Const = true
			fa.Literal = true
			if s, ok := c.Value.(string); ok {
				fa.Text = s
			}
		}
		fargs = append(fargs, fa)
	}
	canonical := name
	result := types.Unknown
	if f, ok := funcs.Lookup(name); ok {
		switch f.Kind {
		case funcs.Scalar:
		case funcs.Window:
			if rs.noWindow {
				return nil, b.errorf(x, "function %s is not allowed inside scan; use the step's state, as in s.x", name)
			}
			if !rs.serialized {
				return nil, b.errorf(x, "function %s needs serialized rows; add serialize or sort before it", name)
			}
			if err := b.checkWindowArgs(x, name); err != nil {
				return nil, err
			}
		default:
			return nil, b.errorf(x, "%s function %s is not supported", f.Kind, name)
		}
		bind := f.Match(fargs)
		if bind.Signature == nil {
			return nil, b.errorf(x, "function %s %s, but got %d", name, f.ArityMessage(), len(args))
		}
		if !bind.OK() {
			if e, ok := firstTypeError(bind); ok {
				return nil, b.errorf(x.Args[e.Arg], "argument %d of %s has type %s, but %s is expected",
					e.Arg+1, name, fargs[e.Arg].Type, e.Param.Expected())
			}
			if bind.NoCommonType {
				return nil, b.errorf(x, "the arguments of %s have no common type", name)
			}
			// Arguments that are only not constant are accepted: the
			// executor evaluates them per row.
		}
		canonical = f.Canonical
		result = bind.Result
	} else if _, isAgg := funcs.LookupAggregate(name); isAgg {
		return nil, b.errorf(x, "aggregation %s may only be used in summarize", name)
	} else {
		return nil, b.errorf(id, "unknown function '%s'", name)
	}
	impl := canonical
	if !b.fns.HasScalar(impl) {
		if !b.fns.HasScalar(name) {
			return nil, b.errorf(id, "function %s is not supported", name)
		}
		impl = name
	}
	if name == "replace" && impl == "replace_regex" && len(args) == 3 {
		// The old replace(regex, rewrite, text) takes its arguments in
		// another order than replace_regex(text, regex, rewrite).
		args = []Expr{args[2], args[0], args[1]}
	}
	if err := b.checkRegex(x, impl, args); err != nil {
		return nil, err
	}
	kinds := make([]types.Kind, len(args))
	for i, a := range args {
		kinds[i] = a.Type()
	}
	k, err := b.fns.ScalarType(impl, kinds)
	if err != nil {
		return nil, b.errorf(x, "%s: %v", name, err)
	}
	if result == types.Unknown || (result == types.Dynamic && k != types.Dynamic && k != types.Unknown) {
		result = k
	}
	return NewCall(impl, result, args...), nil
}

// typeRef resolves a type name.
func (b *builder) typeRef(t *syntax.TypeRef, at syntax.Node) (types.Kind, error) {
	if t == nil {
		return types.Unknown, b.errorf(at, "a type is expected")
	}
	k, ok := types.ParseKind(t.Name)
	if !ok {
		return types.Unknown, b.errorf(t, "unknown type '%s'", t.Name)
	}
	return k, nil
}

// bindFuncArgs declares a user-defined function's parameters in a new
// scope below the scope the function was defined in.
func (b *builder) bindFuncArgs(at syntax.Node, bd *binding, args []syntax.Expr, rs *rowScope) (*scope, error) {
	sc := bd.fnScope.child()
	params := bd.fn.Params
	if len(args) > len(params) {
		return nil, b.errorf(at, "function %s expects %d arguments, but got %d", bd.name, len(params), len(args))
	}
	for i, p := range params {
		if i >= len(args) {
			if p.Default == nil {
				return nil, b.errorf(at, "function %s expects %d arguments, but got %d", bd.name, len(params), len(args))
			}
			e, err := b.expr(p.Default, &rowScope{scope: bd.fnScope})
			if err != nil {
				return nil, err
			}
			sc.names[p.Name.Name] = &binding{scalar: e, name: p.Name.Name}
			continue
		}
		if p.Schema != nil {
			n, err := b.tabular(args[i], rs.scope)
			if err != nil {
				return nil, err
			}
			sc.names[p.Name.Name] = &binding{tabular: n, name: p.Name.Name}
			continue
		}
		e, err := b.expr(args[i], rs)
		if err != nil {
			return nil, err
		}
		sc.names[p.Name.Name] = &binding{scalar: e, name: p.Name.Name}
	}
	return sc, nil
}

// callScalarFunc inlines a user-defined scalar function.
func (b *builder) callScalarFunc(at syntax.Node, bd *binding, args []syntax.Expr, rs *rowScope) (Expr, error) {
	sc, err := b.bindFuncArgs(at, bd, args, rs)
	if err != nil {
		return nil, err
	}
	body := bd.fn.Body
	if body == nil || body.Result == nil {
		return nil, b.errorf(at, "function %s has no result expression", bd.name)
	}
	for _, st := range body.Stmts {
		if let, ok := st.(*syntax.LetStmt); ok {
			if err := b.let(sc, let); err != nil {
				return nil, err
			}
		}
	}
	return b.expr(body.Result, &rowScope{cols: rs.cols, scope: sc})
}

// callTabularFunc inlines a user-defined tabular function or view.
func (b *builder) callTabularFunc(at syntax.Node, bd *binding, args []syntax.Expr, sc *scope) (Node, error) {
	inner, err := b.bindFuncArgs(at, bd, args, &rowScope{scope: sc})
	if err != nil {
		return nil, err
	}
	body := bd.fn.Body
	if body == nil || body.Result == nil {
		return nil, b.errorf(at, "function %s has no result expression", bd.name)
	}
	for _, st := range body.Stmts {
		if let, ok := st.(*syntax.LetStmt); ok {
			if err := b.let(inner, let); err != nil {
				return nil, err
			}
		}
	}
	return b.tabular(body.Result, inner)
}

// checkWindowArgs rejects what Kusto rejects in prev and next: an offset
// that is not a positive constant and a default that is not constant.
func (b *builder) checkWindowArgs(x *syntax.CallExpr, name string) error {
	if name != "prev" && name != "next" {
		return nil
	}
	if len(x.Args) > 1 {
		lit, ok := unparen(x.Args[1]).(*syntax.Literal)
		if !ok {
			return b.errorf(x.Args[1], "the offset of %s must be a constant", name)
		}
		if n, ok := lit.Value.(int64); !ok || n < 1 {
			if n32, ok32 := lit.Value.(int32); !ok32 || n32 < 1 {
				return b.errorf(x.Args[1], "the offset of %s must be a positive integer", name)
			}
		}
	}
	if len(x.Args) > 2 && !isConstantSyntax(x.Args[2]) {
		return b.errorf(x.Args[2], "the default of %s must be a constant", name)
	}
	return nil
}

// isConstantSyntax reports whether an expression is a literal, possibly
// negated or parenthesized.
func isConstantSyntax(x syntax.Expr) bool {
	switch x := unparen(x).(type) {
	case *syntax.Literal, *syntax.StringLit, *syntax.DynamicLit:
		return true
	case *syntax.UnaryExpr:
		return isConstantSyntax(x.X)
	}
	return false
}

var _ = fmt.Sprint

// firstTypeError returns the first argument error that is about the
// argument's type or allowed values, skipping those that only report
// that the argument is not a constant or a literal.
func firstTypeError(bind *funcs.Binding) (funcs.ArgError, bool) {
	for _, e := range bind.Errors {
		if e.Problem == funcs.WrongType || e.Problem == funcs.NotAllowedValue {
			return e, true
		}
	}
	return funcs.ArgError{}, false
}

// regexArgs gives, for the functions and operators that take a regular
// expression, the position of that argument.
var regexArgs = map[string]int{
	"matches regex": 1,
	"extract":       0,
	"extract_all":   0,
	"replace_regex": 1,
}

// checkRegex rejects a constant regular expression that does not compile,
// at compile time and at the position of the call, instead of failing
// when the query runs.
func (b *builder) checkRegex(at syntax.Node, name string, args []Expr) error {
	i, ok := regexArgs[name]
	if !ok || i >= len(args) {
		return nil
	}
	c, ok := args[i].(*Const)
	if !ok {
		return nil
	}
	pattern, ok := c.Value.(string)
	if !ok {
		return nil
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return b.errorf(at, "invalid regular expression %q: %v", pattern, err)
	}
	return nil
}
