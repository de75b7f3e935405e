package sema

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// call binds a function call: a user function, a function the binder
// types itself (toscalar, materialize, column_ifexists, table...), an
// aggregate where aggregates are allowed, or a scalar or window function.
func (b *binder) call(c *syntax.CallExpr) Type {
	id, ok := c.Fun.(*syntax.Ident)
	if !ok {
		// Calls such as cluster("c").database("d").f() reach outside the
		// catalog; their arguments still bind.
		b.any(c.Fun)
		b.bindArgs(c.Args)
		return unknownType()
	}
	if l := b.scope.lookup(id.Name); l != nil {
		l.uses++
		b.recordRef(id, l)
		if l.Func == nil {
			b.bindArgs(c.Args)
			b.errorf(id, CodeNotAFunction, "'%s' is not a function: it is bound by let to a %s", id.Name, kindWord(l.Type))
			return unknownType()
		}
		return b.userCall(c, l, c.Args, nil)
	}

	if t, handled := b.special(c, id.Name); handled {
		return t
	}
	if b.patterns[id.Name] {
		b.bindArgs(c.Args)
		return tabular(brokenSchema())
	}

	if b.row != nil && b.row.aggregates {
		if f, ok := funcs.LookupAggregate(id.Name); ok {
			return b.builtin(c, f)
		}
	}
	if f, ok := funcs.Lookup(id.Name); ok {
		return b.builtin(c, f)
	}
	if f, ok := funcs.LookupAggregate(id.Name); ok {
		b.bindArgs(c.Args)
		b.errorf(id, CodeAggregateContext, "aggregate function '%s' is only allowed in summarize, make-series and similar operators", f.Name)
		return unknownType()
	}

	b.bindArgs(c.Args)
	if b.row != nil && b.row.schema != nil && b.row.schema.Index(id.Name) >= 0 {
		b.errorf(id, CodeNotAFunction, "'%s' is a column, not a function", id.Name)
		return unknownType()
	}
	b.errorf(id, CodeUnknownFunction, "unknown function '%s'%s", id.Name, suggest(id.Name, b.functionNames()))
	return unknownType()
}

// functionNames returns the names a call may use here, for suggestions.
func (b *binder) functionNames() []string {
	names := funcs.Names(funcs.Scalar)
	names = append(names, funcs.Names(funcs.Window)...)
	if b.row != nil && b.row.aggregates {
		names = append(names, funcs.Names(funcs.Aggregate)...)
	}
	for sc := b.scope; sc != nil; sc = sc.parent {
		for _, l := range sc.order {
			if l.Func != nil {
				names = append(names, l.Name)
			}
		}
	}
	return names
}

func kindWord(t Type) string {
	if t.Schema != nil {
		return "table"
	}
	return t.Kind.String() + " value"
}

// bindArgs binds arguments without checking them, after an error.
func (b *binder) bindArgs(args []syntax.Expr) {
	for _, a := range args {
		b.any(a)
	}
}

// argInfo binds one argument of a builtin call and describes it for
// funcs.Match.
func (b *binder) argInfo(a syntax.Expr) funcs.Arg {
	if n, ok := a.(*syntax.NamedExpr); ok {
		a = n.X
	}
	switch a := a.(type) {
	case *syntax.StarExpr:
		b.record(a, unknownType())
		return funcs.Arg{Star: true}
	case *syntax.TypeOfLit:
		b.record(a, unknownType())
		if a.Type != nil {
			k, _ := types.ParseKind(a.Type.Name)
			return funcs.Arg{TypeLit: k, Const: true}
		}
		return funcs.Arg{TypeLit: types.Dynamic, Const: true}
	}
	t := b.any(a)
	if t.Schema != nil {
		return funcs.Arg{Tabular: true}
	}
	arg := funcs.Arg{Type: t.Kind, Literal: isLiteral(a), NotArray: b.isBagLiteral(a)}
	if s, ok := stringValue(a); ok {
		arg.Text = s
	}
	arg.Const = arg.Literal || b.isConstant(a)
	return arg
}

// isBagLiteral reports whether e is a dynamic property-bag literal, or a
// let name bound to one.
//
// NOTE: Microsoft's binder also tracks this through columns, so it
// rejects array_length(d) after `print d = dynamic({})`; quarry does not.
func (b *binder) isBagLiteral(e syntax.Expr) bool {
	return b.isBagLiteralDepth(e, 0)
}

func (b *binder) isBagLiteralDepth(e syntax.Expr, depth int) bool {
	if depth > 8 {
		// A let name may be bound to an expression that reads an older
		// binding of the same name; the chain ends here.
		return false
	}
	switch e := unparen(e).(type) {
	case *syntax.DynamicLit:
		_, ok := e.Value.(*syntax.JSONObject)
		return ok
	case *syntax.Ident:
		if b.row != nil && b.row.schema != nil && b.row.schema.Index(e.Name) >= 0 {
			return false
		}
		if l := b.scope.lookup(e.Name); l != nil && l.Decl != nil && l.Func == nil {
			return b.isBagLiteralDepth(l.Decl.Value, depth+1)
		}
	}
	return false
}

// builtin binds a call of a catalog function and checks its arguments.
func (b *binder) builtin(c *syntax.CallExpr, f *funcs.Function) Type {
	args := make([]funcs.Arg, len(c.Args))
	if f.Kind == funcs.Aggregate {
		saved := b.row
		if saved != nil {
			r := *saved
			r.aggregates = false
			r.inAggregate = true
			b.row = &r
		}
		for i, a := range c.Args {
			args[i] = b.argInfo(a)
		}
		b.row = saved
	} else {
		for i, a := range c.Args {
			args[i] = b.argInfo(a)
		}
	}
	bind := f.Match(args)
	b.recordCall(c, &Call{Builtin: f, Binding: bind})
	if f.Deprecated && f.Canonical != f.Name {
		b.warnf(c.Fun, CodeDeprecated, "'%s' is an old name of '%s'", f.Name, f.Canonical)
	} else if f.Deprecated {
		b.warnf(c.Fun, CodeDeprecated, "'%s' is deprecated", f.Name)
	}
	if !b.reportBinding(c, f, args, bind) {
		return scalar(bind.Result)
	}
	if len(bind.Errors) > 0 {
		if k, ok := bind.Signature.Result.Fixed(); ok {
			return scalar(k)
		}
		return unknownType()
	}
	return scalar(bind.Result)
}

// reportBinding reports what funcs.Match found wrong with a call's
// arguments. It returns false when no signature takes that many.
func (b *binder) reportBinding(c *syntax.CallExpr, f *funcs.Function, args []funcs.Arg, bind *funcs.Binding) bool {
	what := "function"
	if f.Kind == funcs.Plugin {
		what = "plugin"
	}
	if bind.Signature == nil {
		b.errorf(c, CodeArgCount, "%s '%s' %s, found %d", what, f.Name, f.ArityMessage(), len(c.Args))
		return false
	}
	for _, e := range bind.Errors {
		arg := c.Args[e.Arg]
		p := e.Param
		switch e.Problem {
		case funcs.WrongType:
			b.errorf(arg, CodeArgType, "argument '%s' of %s(): expected %s, found %s", p.Name, f.Name, p.Expected(), describeArg(args[e.Arg]))
		case funcs.NotConstant:
			b.errorf(arg, CodeNotConstant, "argument '%s' of %s() must be a constant", p.Name, f.Name)
		case funcs.NotLiteral:
			b.errorf(arg, CodeNotConstant, "argument '%s' of %s() must be a literal", p.Name, f.Name)
		case funcs.NotAllowedValue:
			b.errorf(arg, CodeValueNotAllowed, "argument '%s' of %s() must be one of %s, found '%s'", p.Name, f.Name, strings.Join(p.Values, ", "), args[e.Arg].Text)
		}
	}
	if bind.NoCommonType {
		b.errorf(c, CodeNoCommonType, "the arguments of %s() have no common type", f.Name)
	}
	return true
}

// describeArg names an argument's type for a message.
func describeArg(a funcs.Arg) string {
	switch {
	case a.Tabular:
		return "a table"
	case a.Star:
		return "*"
	case a.TypeLit != types.Unknown:
		return "a typeof literal"
	case a.NotArray:
		return "a property bag"
	}
	return a.Type.String()
}

// special binds the calls whose type depends on more than argument
// types. handled is false for every other name.
func (b *binder) special(c *syntax.CallExpr, name string) (t Type, handled bool) {
	switch name {
	case "toscalar":
		for i, a := range c.Args {
			if i > 0 {
				b.any(a)
				continue
			}
			f, _ := funcs.Lookup("toscalar")
			b.recordCall(c, &Call{Builtin: f})
			t := b.any(a)
			if t.Schema == nil {
				// A scalar argument, such as toscalar(array_length(x)),
				// is its own value.
				return t, true
			}
			s := t.Schema
			if len(s.Columns) == 0 {
				if !s.Open {
					b.errorf(a, CodeInvalidOperand, "toscalar() needs a table with at least one column")
				}
				return unknownType(), true
			}
			return scalar(s.Columns[0].Type), true
		}
		b.errorf(c, CodeArgCount, "function 'toscalar' expects 1 argument, found 0")
		return unknownType(), true
	case "materialize":
		if len(c.Args) != 1 {
			b.bindArgs(c.Args)
			b.errorf(c, CodeArgCount, "function 'materialize' expects 1 argument, found %d", len(c.Args))
			return unknownType(), true
		}
		return tabular(b.tabularOf(c.Args[0])), true
	case "column_ifexists", "columnifexists":
		return b.columnIfExists(c, name), true
	case "table", "view", "external_table", "materialized_view", "database", "cluster":
		return b.entityCall(c, name), true
	case "pack_all", "bag_pack_columns":
		// These read the whole row; their arguments are column names or
		// options and bind as usual.
		f, _ := funcs.Lookup(name)
		return b.builtin(c, f), true
	}
	return Type{}, false
}

// columnIfExists binds column_ifexists("name", default). Its type is the
// default's, whether or not the row has the column, as in Microsoft's
// binder.
func (b *binder) columnIfExists(c *syntax.CallExpr, name string) Type {
	f, _ := funcs.Lookup("column_ifexists")
	if len(c.Args) != 2 {
		b.bindArgs(c.Args)
		b.errorf(c, CodeArgCount, "function '%s' expects 2 arguments, found %d", name, len(c.Args))
		return unknownType()
	}
	b.recordCall(c, &Call{Builtin: f})
	nameType := b.scalarOf(c.Args[0])
	def := b.scalarOf(c.Args[1])
	if nameType != types.Unknown && !b.isConstant(c.Args[0]) {
		b.errorf(c.Args[0], CodeNotConstant, "argument 'columnName' of %s() must be a constant string", name)
	}
	return scalar(def)
}

// entityCall binds table("T"), database("d"), cluster("c") and the like.
// The catalog is one database without a name, so table() is the only one
// that can name a known entity.
func (b *binder) entityCall(c *syntax.CallExpr, name string) Type {
	b.bindArgs(c.Args)
	arg := ""
	if len(c.Args) >= 1 {
		arg, _ = b.constantString(c.Args[0])
	}
	switch name {
	case "database":
		b.errorf(c, CodeUnknownTable, "unknown database '%s': the catalog holds one database, whose tables need no database() prefix", arg)
		return tabular(brokenSchema())
	case "materialized_view":
		b.errorf(c, CodeUnknownTable, "unknown materialized view '%s'", arg)
		return tabular(brokenSchema())
	case "external_table":
		b.errorf(c, CodeUnknownTable, "unknown external table '%s'", arg)
		return tabular(brokenSchema())
	}
	if name == "table" && len(c.Args) >= 1 {
		if tn, ok := b.constantString(c.Args[0]); ok {
			if l := b.scope.lookup(tn); l != nil {
				l.uses++
				if l.Type.Schema != nil {
					return l.Type
				}
			}
			if s, ok := b.cat.Table(tn); ok {
				return tabular(s)
			}
			b.errorf(c.Args[0], CodeUnknownTable, "unknown table '%s'%s", tn, suggest(tn, b.cat.TableNames()))
			return tabular(brokenSchema())
		}
	}
	// database() and cluster() are followed by `.Table`; the member
	// access resolves that name.
	return tabular(brokenSchema())
}

// constantString returns the value of a string literal, or of a let name
// bound to one.
func (b *binder) constantString(e syntax.Expr) (string, bool) {
	if s, ok := stringValue(e); ok {
		return s, true
	}
	id, ok := unparen(e).(*syntax.Ident)
	if !ok {
		return "", false
	}
	if b.row != nil && b.row.schema != nil && b.row.schema.Index(id.Name) >= 0 {
		return "", false
	}
	if l := b.scope.lookup(id.Name); l != nil && l.Decl != nil && l.Func == nil {
		return stringValue(l.Decl.Value)
	}
	return "", false
}

// userCall binds a call of a user function or view. args are the
// arguments written, and input, when not nil, is the piped table that
// invoke passes as the first argument. The body is bound again for the
// argument types, so a function over `T: (*)` returns its argument's
// columns.
//
// NOTE: Info keeps the body's types from its declaration, where a `(*)`
// parameter has no known columns; an executor that needs a call's own
// types must bind the body again for that call.
func (b *binder) userCall(n syntax.Node, l *Let, args []syntax.Expr, input *types.Schema) Type {
	var argTypes []Type
	if input != nil {
		argTypes = append(argTypes, tabular(input))
	}
	for _, a := range args {
		if na, ok := a.(*syntax.NamedExpr); ok {
			a = na.X
		}
		argTypes = append(argTypes, b.any(a))
	}
	if c, ok := n.(*syntax.CallExpr); ok {
		b.recordCall(c, &Call{User: l})
	}
	if l.binding || l.depth > 0 {
		b.errorf(n, CodeRecursion, "function '%s' calls itself, which Kusto does not allow", l.Name)
		return unknownType()
	}
	if !b.checkUserArgs(n, l, args, argTypes, input != nil) {
		return l.Type
	}
	if len(argTypes) == 0 {
		return l.Type
	}

	key := typesKey(argTypes)
	if t, ok := l.cache[key]; ok {
		return t
	}
	l.depth++
	b.quiet++
	t := b.funcBody(l, argTypes)
	b.quiet--
	l.depth--
	if l.cache == nil {
		l.cache = map[string]Type{}
	}
	l.cache[key] = t
	return t
}

// checkUserArgs reports a wrong number of arguments, returning false, and
// arguments whose kind does not fit their parameter: a scalar for a
// table, a table for a scalar, or a table without a column its parameter
// lists.
func (b *binder) checkUserArgs(n syntax.Node, l *Let, args []syntax.Expr, argTypes []Type, piped bool) bool {
	params := l.Func.Params
	required := 0
	for _, p := range params {
		if p != nil && p.Default == nil {
			required++
		}
	}
	if len(argTypes) < required || len(argTypes) > len(params) {
		// A view or a function without required parameters may be named
		// without parentheses.
		if _, isIdent := n.(*syntax.Ident); !isIdent || required > 0 {
			b.errorf(n, CodeArgCount, "function '%s' expects %s, found %d", l.Name, paramCount(required, len(params)), len(argTypes))
			return false
		}
	}

	for i, p := range params {
		if i >= len(argTypes) || p == nil {
			break
		}
		at, where := argTypes[i], argNode(n, args, i, piped)
		switch {
		case p.Schema != nil && at.Schema != nil && !at.Schema.Open:
			for _, c := range p.Schema.Columns {
				if c != nil && c.Name != nil && at.Schema.Index(c.Name.Name) < 0 {
					b.errorf(where, CodeArgType, "the table passed for '%s' of %s() lacks the column '%s' the parameter requires", p.Name.Name, l.Name, c.Name.Name)
					break
				}
			}
		case p.Schema != nil && at.Schema == nil && at.Kind != types.Unknown:
			b.errorf(where, CodeArgType, "argument '%s' of %s(): expected a table, found %s", p.Name.Name, l.Name, at.Kind)
		case p.Schema == nil && at.Schema != nil:
			b.errorf(where, CodeArgType, "argument '%s' of %s(): expected a scalar, found a table", p.Name.Name, l.Name)
		}
	}
	return true
}

func argNode(n syntax.Node, args []syntax.Expr, i int, piped bool) syntax.Node {
	if piped {
		i--
	}
	if i >= 0 && i < len(args) {
		return args[i]
	}
	return n
}

func paramCount(required, total int) string {
	switch {
	case required == total && total == 1:
		return "1 argument"
	case required == total:
		return itoa(total) + " arguments"
	}
	return "between " + itoa(required) + " and " + itoa(total) + " arguments"
}

func typesKey(ts []Type) string {
	var sb strings.Builder
	for _, t := range ts {
		sb.WriteString(t.String())
		sb.WriteByte(';')
	}
	return sb.String()
}
