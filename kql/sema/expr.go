package sema

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// any binds e, which may be scalar or tabular, and records its type.
func (b *binder) any(e syntax.Expr) Type {
	if e == nil {
		return unknownType()
	}
	var t Type
	switch e := e.(type) {
	case *syntax.Ident:
		t = b.name(e)
	case *syntax.Literal:
		t = scalar(literalKind(e.Kind))
	case *syntax.StringLit:
		t = scalar(types.String)
	case *syntax.DynamicLit, *syntax.JSONArray, *syntax.JSONObject:
		t = scalar(types.Dynamic)
	case *syntax.TypeOfLit:
		t = unknownType()
	case *syntax.BinaryExpr:
		t = b.binary(e)
	case *syntax.InExpr:
		t = b.in(e)
	case *syntax.BetweenExpr:
		t = b.between(e)
	case *syntax.UnaryExpr:
		t = b.unary(e)
	case *syntax.ParenExpr:
		t = b.any(e.X)
	case *syntax.CallExpr:
		t = b.call(e)
	case *syntax.MemberExpr:
		t = b.member(e)
	case *syntax.IndexExpr:
		t = b.index(e)
	case *syntax.NamedExpr:
		t = b.any(e.X)
	case *syntax.TupleNamedExpr:
		t = b.any(e.X)
	case *syntax.PipeExpr, *syntax.DataTableExpr, *syntax.ExternalDataExpr, *syntax.DataScopeExpr,
		*syntax.ContextualDataTableExpr, *syntax.MaterializedViewCombineExpr:
		t = tabular(b.tabularExpr(e))
	case syntax.Operator:
		t = tabular(b.operator(e, nil))
	default:
		// Stars, wildcards, function literals and unparsable text have no
		// type of their own; their context gives them meaning.
		t = unknownType()
	}
	return b.record(e, t)
}

// scalarOf binds e and returns its scalar kind, reporting an error when
// e is tabular.
func (b *binder) scalarOf(e syntax.Expr) types.Kind {
	t := b.any(e)
	if t.Schema != nil {
		b.errorf(e, CodeNotScalar, "expected a scalar value, found a table")
		return types.Unknown
	}
	return t.Kind
}

func literalKind(k syntax.LitKind) types.Kind {
	switch k {
	case syntax.LitBool:
		return types.Bool
	case syntax.LitInt:
		return types.Int
	case syntax.LitLong:
		return types.Long
	case syntax.LitReal:
		return types.Real
	case syntax.LitDecimal:
		return types.Decimal
	case syntax.LitDateTime:
		return types.DateTime
	case syntax.LitTimeSpan:
		return types.TimeSpan
	case syntax.LitGuid:
		return types.Guid
	}
	return types.Unknown
}

// name resolves a name in scalar position: a column of the row, then a
// let name, then a table.
func (b *binder) name(id *syntax.Ident) Type {
	if b.row != nil && b.row.schema != nil {
		if i := b.row.schema.Index(id.Name); i >= 0 {
			c := b.row.schema.Columns[i]
			b.recordRef(id, &ColumnSymbol{Name: c.Name, Type: c.Type, Index: i})
			return scalar(c.Type)
		}
	}
	if l := b.scope.lookup(id.Name); l != nil {
		l.uses++
		b.recordRef(id, l)
		if l.Func != nil {
			return b.userCall(id, l, nil, nil)
		}
		return l.Type
	}
	if s, ok := b.asNames[id.Name]; ok {
		return tabular(s)
	}
	if s, ok := b.cat.Table(id.Name); ok {
		b.recordRef(id, &TableSymbol{Name: id.Name, Schema: s})
		return tabular(s)
	}
	if b.row != nil && b.row.schema != nil && b.row.schema.Open {
		// An open schema gains the column, of unknown type, so later
		// operators see it too.
		s := b.row.schema
		s.AddColumn(types.Column{Name: id.Name, Type: types.Unknown})
		b.recordRef(id, &ColumnSymbol{Name: id.Name, Type: types.Unknown, Index: len(s.Columns) - 1})
		return unknownType()
	}
	if !b.unknownNames[id.Name] {
		b.unknownNames[id.Name] = true
		b.errorf(id, CodeUnknownName, "%s", b.unknownNameMessage(id.Name))
	}
	return unknownType()
}

// unknownNameMessage returns the error message for an unknown name, with
// the closest column or let name as a suggestion.
func (b *binder) unknownNameMessage(name string) string {
	var candidates []string
	if b.row != nil && b.row.schema != nil {
		candidates = append(candidates, b.row.schema.Names()...)
	}
	for sc := b.scope; sc != nil; sc = sc.parent {
		for _, l := range sc.order {
			candidates = append(candidates, l.Name)
		}
	}
	what := "name"
	if b.row != nil && b.row.schema != nil {
		what = "column"
	}
	return "unknown " + what + " '" + name + "'" + suggest(name, candidates)
}

// member binds `X.Name`: a property of a dynamic value, or a column of a
// join side in `$left.x` and `$right.x`.
func (b *binder) member(e *syntax.MemberExpr) Type {
	if id, ok := e.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
		return b.sideColumn(id, e.Name)
	}
	if id, ok := e.X.(*syntax.Ident); ok && b.row != nil && b.row.steps[id.Name] && e.Name != nil {
		// `s.x` in scan reads column x of the row step s matched.
		return b.name(e.Name)
	}
	x := b.any(e.X)
	switch {
	case x.Schema != nil:
		// `T.Column` reads a column of a table as a scalar in a few
		// contexts, so it takes the column's type.
		if e.Name != nil {
			if c, ok := x.Schema.Lookup(e.Name.Name); ok {
				return scalar(c.Type)
			}
			if !x.Schema.Open {
				b.errorf(e.Name, CodeUnknownName, "unknown column '%s'%s", e.Name.Name, suggest(e.Name.Name, x.Schema.Names()))
			}
		}
		return unknownType()
	case x.Kind == types.Dynamic:
		return scalar(types.Dynamic)
	case x.Kind == types.Unknown:
		return unknownType()
	}
	if e.Name != nil {
		b.errorf(e.Name, CodeUnknownName, "'%s' is not a property: %s is of type %s, and only dynamic values have properties", e.Name.Name, describe(e.X), x.Kind)
	}
	return unknownType()
}

// sideColumn resolves `$left.x` or `$right.x` in a join condition.
func (b *binder) sideColumn(side, name *syntax.Ident) Type {
	if name == nil {
		return unknownType()
	}
	var s *types.Schema
	sideName := strings.TrimPrefix(side.Name, "$")
	if b.row != nil {
		if sideName == "left" {
			s = b.row.left
		} else {
			s = b.row.right
		}
	}
	if s == nil {
		b.errorf(side, CodeJoinCondition, "%s is only valid in a join or lookup condition", side.Name)
		return unknownType()
	}
	if i := s.Index(name.Name); i >= 0 {
		c := s.Columns[i]
		b.recordRef(name, &ColumnSymbol{Name: c.Name, Type: c.Type, Index: i, Side: sideName})
		return scalar(c.Type)
	}
	if s.Open {
		return unknownType()
	}
	b.errorf(name, CodeUnknownName, "unknown column '%s' on the %s side%s", name.Name, sideName, suggest(name.Name, s.Names()))
	return unknownType()
}

// index binds `X[Index]`.
func (b *binder) index(e *syntax.IndexExpr) Type {
	x := b.any(e.X)
	b.any(e.Index)
	switch {
	case x.Kind == types.Dynamic:
		return scalar(types.Dynamic)
	case x.Kind == types.Unknown:
		return unknownType()
	}
	b.errorf(e, CodeOperandTypes, "cannot index %s: only dynamic values have elements", x)
	return unknownType()
}

// tabularOf binds e and returns its schema, reporting an error when e is
// not tabular. It returns an open, empty schema after an error, so later
// operators do not report the same problem again.
func (b *binder) tabularOf(e syntax.Expr) *types.Schema {
	if id, ok := e.(*syntax.Ident); ok {
		return b.record(id, tabular(b.tableName(id))).Schema
	}
	if p, ok := e.(*syntax.ParenExpr); ok {
		return b.record(p, tabular(b.tabularOf(p.X))).Schema
	}
	t := b.any(e)
	if t.Schema != nil {
		return t.Schema
	}
	if t.Kind != types.Unknown {
		b.errorf(e, CodeNotTabular, "expected a table, found a value of type %s", t.Kind)
	}
	return brokenSchema()
}

// brokenSchema is the schema given to a tabular expression that failed to
// bind: open, so that names read from it are not reported again.
func brokenSchema() *types.Schema { return &types.Schema{Open: true} }

// tableName resolves a name in table position: a let name, an `as` name,
// or a catalog table.
func (b *binder) tableName(id *syntax.Ident) *types.Schema {
	if l := b.scope.lookup(id.Name); l != nil {
		l.uses++
		b.recordRef(id, l)
		if l.Func != nil {
			return b.tabularOrBroken(id, b.userCall(id, l, nil, nil))
		}
		return b.tabularOrBroken(id, l.Type)
	}
	if s, ok := b.asNames[id.Name]; ok {
		return s
	}
	if s, ok := b.cat.Table(id.Name); ok {
		b.recordRef(id, &TableSymbol{Name: id.Name, Schema: s})
		return s
	}
	var candidates []string
	for sc := b.scope; sc != nil; sc = sc.parent {
		for _, l := range sc.order {
			candidates = append(candidates, l.Name)
		}
	}
	candidates = append(candidates, b.cat.TableNames()...)
	b.errorf(id, CodeUnknownTable, "unknown table '%s'%s", id.Name, suggest(id.Name, candidates))
	return brokenSchema()
}

func (b *binder) tabularOrBroken(n syntax.Node, t Type) *types.Schema {
	if t.Schema != nil {
		return t.Schema
	}
	if t.Kind != types.Unknown {
		b.errorf(n, CodeNotTabular, "expected a table, found a value of type %s", t.Kind)
	}
	return brokenSchema()
}

// describe returns a short text for an expression in messages: the name
// for a name, "the expression" otherwise.
func describe(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Ident:
		return "'" + e.Name + "'"
	case *syntax.MemberExpr:
		if e.Name != nil {
			return "'" + e.Name.Name + "'"
		}
	}
	return "the expression"
}

// isConstant reports whether e is a constant expression: literals,
// scalar let names bound to constants, and operators and calls of
// constant functions over constants.
func (b *binder) isConstant(e syntax.Expr) bool {
	switch e := e.(type) {
	case *syntax.Literal, *syntax.StringLit, *syntax.DynamicLit, *syntax.TypeOfLit:
		return true
	case *syntax.ParenExpr:
		return b.isConstant(e.X)
	case *syntax.UnaryExpr:
		return b.isConstant(e.X)
	case *syntax.BinaryExpr:
		return b.isConstant(e.X) && b.isConstant(e.Y)
	case *syntax.Ident:
		if b.row != nil && b.row.schema != nil && b.row.schema.Index(e.Name) >= 0 {
			return false
		}
		l := b.scope.lookup(e.Name)
		return l != nil && l.Func == nil && l.Type.Schema == nil
	case *syntax.CallExpr:
		// Scalar functions of constants are constant, as are now(),
		// ago() and toscalar().
		call := b.info.Calls[e]
		if call == nil || call.Builtin == nil || call.Builtin.Kind != funcs.Scalar {
			return false
		}
		if call.Builtin.Canonical == "toscalar" {
			return true
		}
		for _, a := range e.Args {
			if !b.isConstant(a) {
				return false
			}
		}
		return true
	}
	return false
}

// isLiteral reports whether e is a literal, optionally in parentheses or
// negated.
func isLiteral(e syntax.Expr) bool {
	switch e := e.(type) {
	case *syntax.Literal, *syntax.StringLit, *syntax.DynamicLit:
		return true
	case *syntax.ParenExpr:
		return isLiteral(e.X)
	case *syntax.UnaryExpr:
		return isLiteral(e.X)
	}
	return false
}

// stringValue returns the value of a string literal.
func stringValue(e syntax.Expr) (string, bool) {
	switch e := e.(type) {
	case *syntax.StringLit:
		return e.Value, true
	case *syntax.ParenExpr:
		return stringValue(e.X)
	}
	return "", false
}
