package sema

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Bind resolves the names of the query q against the tables of cat and
// infers the type of every expression. The tree q must come from
// syntax.Parse; Bind works on trees with syntax errors too, skipping the
// parts the parser could not read. opts may be nil.
func Bind(q *syntax.Query, cat Catalog, opts *Options) *Result {
	b := newBinder(cat, opts)
	res := &Result{Info: b.info}
	for _, st := range q.Stmts {
		if s := b.stmt(st); s != nil {
			res.Schema = s
		}
	}
	if !b.opts.NoWarnings {
		b.lintUnusedLets()
	}
	res.Diagnostics = b.diags.result()
	return res
}

type binder struct {
	cat   Catalog
	opts  Options
	info  *Info
	diags diagnostics
	scope *scope
	row   *rowScope
	// quiet is above zero while a user function's body is bound again for
	// the arguments of one call: that pass records neither types nor
	// diagnostics, which the declaration's pass already did.
	quiet int
	lets  []*Let
	// asNames holds the names bound by `as` operators, which later
	// statements and pipeline steps may read as tables.
	asNames map[string]*types.Schema
	// patterns holds the names of declared patterns, whose calls give
	// tables the binder does not type.
	patterns map[string]bool
	// unknownNames holds the unknown names already reported, so a name
	// misspelt or missing once is not reported at every later use.
	unknownNames map[string]bool
}

// rowScope is the row an expression is evaluated on: the input columns
// of the operator, and for join conditions the two sides.
type rowScope struct {
	schema      *types.Schema
	left, right *types.Schema
	// aggregates is set where aggregate functions are allowed.
	aggregates bool
	// inAggregate is set while binding an aggregate's arguments, where a
	// nested aggregate is not allowed.
	inAggregate bool
	// search is set in the predicate of search and find, where a string
	// such as "error" is a term to look for and may be combined with and
	// and or.
	search bool
	// steps holds the step names of scan, which refer to the row the step
	// last matched: `s.x`.
	steps map[string]bool
}

func newBinder(cat Catalog, opts *Options) *binder {
	b := &binder{
		cat: cat,
		info: &Info{
			Types:   make(map[syntax.Expr]Type, 128),
			Refs:    make(map[*syntax.Ident]Symbol, 32),
			Calls:   make(map[*syntax.CallExpr]*Call, 16),
			Columns: make(map[syntax.Expr][]string, 16),
		},
		scope:        newScope(nil),
		asNames:      map[string]*types.Schema{},
		patterns:     map[string]bool{},
		unknownNames: map[string]bool{},
	}
	if opts != nil {
		b.opts = *opts
	}
	b.diags.max = b.opts.MaxDiagnostics
	return b
}

// errorf reports an error on the span of node n.
func (b *binder) errorf(n syntax.Node, code Code, format string, args ...any) {
	b.errorAt(syntax.Span{From: n.Pos(), To: n.End()}, code, format, args...)
}

func (b *binder) errorAt(span syntax.Span, code Code, format string, args ...any) {
	if b.quiet > 0 {
		return
	}
	b.diags.add(Diagnostic{Code: code, Severity: Error, Span: span, Message: fmt.Sprintf(format, args...)})
}

// warnf reports a warning on the span of node n.
func (b *binder) warnf(n syntax.Node, code Code, format string, args ...any) {
	if b.quiet > 0 || b.opts.NoWarnings {
		return
	}
	b.diags.add(Diagnostic{Code: code, Severity: Warning, Span: syntax.Span{From: n.Pos(), To: n.End()}, Message: fmt.Sprintf(format, args...)})
}

// record stores the type of e and returns it.
func (b *binder) record(e syntax.Expr, t Type) Type {
	if b.quiet == 0 && e != nil {
		b.info.Types[e] = t
	}
	return t
}

// recordNamed gives a `name = x` or `(a, b) = x` item the type of x.
func (b *binder) recordNamed(e syntax.Expr) {
	switch n := e.(type) {
	case *syntax.NamedExpr:
		b.record(n, b.info.Types[n.X])
	case *syntax.TupleNamedExpr:
		b.record(n, b.info.Types[n.X])
	}
}

func (b *binder) recordRef(id *syntax.Ident, s Symbol) {
	if b.quiet == 0 {
		b.info.Refs[id] = s
	}
}

// recordCall stores the function a call invokes. Unlike types, calls are
// recorded during quiet passes too when the declaration's pass has not
// recorded them, because column naming reads them back.
func (b *binder) recordCall(c *syntax.CallExpr, call *Call) {
	if _, seen := b.info.Calls[c]; b.quiet == 0 || !seen {
		b.info.Calls[c] = call
	}
}

func (b *binder) recordColumns(e syntax.Expr, names ...string) {
	if b.quiet == 0 && e != nil {
		b.info.Columns[e] = names
	}
}

// withRow runs f with r as the row scope.
func (b *binder) withRow(r *rowScope, f func()) {
	saved := b.row
	b.row = r
	f()
	b.row = saved
}

// stmt binds one statement and returns the schema of a tabular query
// statement, or nil.
func (b *binder) stmt(st syntax.Stmt) *types.Schema {
	switch st := st.(type) {
	case *syntax.ExprStmt:
		t := b.any(st.X)
		if t.Schema != nil {
			return t.Schema
		}
		return nil
	case *syntax.LetStmt:
		b.let(st)
	case *syntax.SetStmt:
		if st.Value != nil {
			b.withRow(nil, func() { b.any(st.Value) })
		}
	case *syntax.DeclareQueryParamsStmt:
		for _, p := range st.Params {
			b.declareParam(b.scope, p, nil)
		}
	case *syntax.DeclarePatternStmt:
		if st.Name != nil {
			b.patterns[st.Name.Name] = true
		}
	case *syntax.AliasDatabaseStmt, *syntax.RestrictStmt, *syntax.BadStmt:
		// These statements name databases and entities the catalog does
		// not model, so there is nothing to type.
	}
	return nil
}

// let binds a let statement and declares its name.
func (b *binder) let(st *syntax.LetStmt) {
	if st.Name == nil || st.Value == nil {
		return
	}
	l := &Let{Name: st.Name.Name, Decl: st}
	defer b.recordRef(st.Name, l)
	if fn, ok := st.Value.(*syntax.FuncLit); ok {
		l.Func = fn
		l.scope = b.scope
		// The name is declared before the body is bound, so a body that
		// calls itself gets a recursion error, not "unknown function".
		b.scope.declare(l)
		b.trackLet(l)
		l.binding = true
		l.Type = b.funcBody(l, nil)
		l.binding = false
		b.record(st.Value, l.Type)
		return
	}
	b.withRow(nil, func() { l.Type = b.any(st.Value) })
	b.scope.declare(l)
	b.trackLet(l)
}

// trackLet remembers a let statement for the unused-name warning, unless
// a call is binding a function body again.
func (b *binder) trackLet(l *Let) {
	if b.quiet == 0 {
		b.lets = append(b.lets, l)
	}
}

// declareParam declares a function or query parameter in sc. arg, when
// not nil, is the type of the argument passed for it.
func (b *binder) declareParam(sc *scope, p *syntax.Param, arg *Type) *Let {
	if p == nil || p.Name == nil {
		return nil
	}
	l := &Let{Name: p.Name.Name, Param: true}
	switch {
	case arg != nil && arg.known():
		l.Type = *arg
	case p.Schema != nil:
		l.Type = tabular(b.rowSchema(p.Schema))
	case p.Type != nil:
		k, ok := types.ParseKind(p.Type.Name)
		if !ok {
			b.errorf(p.Type, CodeInvalidOperand, "unknown type '%s'", p.Type.Name)
		}
		l.Type = scalar(k)
	}
	if p.Default != nil {
		b.withRow(nil, func() { b.any(p.Default) })
	}
	sc.declare(l)
	return l
}

// rowSchema converts a written row schema, such as `(a: string, b: long)`
// or `(*)`, to a schema.
func (b *binder) rowSchema(rs *syntax.RowSchema) *types.Schema {
	cols := make([]types.Column, 0, len(rs.Columns))
	for _, c := range rs.Columns {
		if c == nil || c.Name == nil {
			continue
		}
		k := types.String
		if c.Type != nil {
			var ok bool
			k, ok = types.ParseKind(c.Type.Name)
			if !ok {
				b.errorf(c.Type, CodeInvalidOperand, "unknown type '%s'", c.Type.Name)
			}
		}
		cols = append(cols, types.Column{Name: c.Name.Name, Type: k})
	}
	return types.NewSchema(cols, rs.Star)
}

// funcBody binds the body of a user function. With args nil the
// parameters take their declared types and the pass records types and
// diagnostics; with args set it binds quietly for one call.
func (b *binder) funcBody(l *Let, args []Type) Type {
	fn := l.Func
	if fn.Body == nil {
		return unknownType()
	}
	savedScope, savedRow := b.scope, b.row
	b.scope = newScope(l.scope)
	b.row = nil
	for i, p := range fn.Params {
		var arg *Type
		if args != nil && i < len(args) {
			arg = &args[i]
		}
		b.declareParam(b.scope, p, arg)
	}
	var t Type
	for _, st := range fn.Body.Stmts {
		switch st := st.(type) {
		case *syntax.LetStmt:
			b.let(st)
		default:
			b.stmt(st)
		}
	}
	if fn.Body.Result != nil {
		t = b.any(fn.Body.Result)
	}
	b.scope, b.row = savedScope, savedRow
	return t
}

// lintUnusedLets warns about let names nothing refers to.
func (b *binder) lintUnusedLets() {
	for _, l := range b.lets {
		if l.uses == 0 && l.Decl != nil && l.Decl.Name != nil {
			b.warnf(l.Decl.Name, CodeUnusedLet, "'%s' is declared but never used", l.Name)
		}
	}
}
