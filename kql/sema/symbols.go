package sema

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Symbol is the entity a name refers to: a *ColumnSymbol, *TableSymbol or
// *Let.
type Symbol interface {
	// SymbolName returns the name the symbol is declared with.
	SymbolName() string
}

// ColumnSymbol is a column of the row an expression is evaluated on.
type ColumnSymbol struct {
	Name string
	Type types.Kind
	// Index is the column's position in its row schema, or -1 for a
	// column of an open schema that the schema does not list.
	Index int
	// Side is "left" or "right" for a `$left.x` or `$right.x` reference in
	// a join condition, and "" otherwise.
	Side string
}

// SymbolName returns the column name.
func (c *ColumnSymbol) SymbolName() string { return c.Name }

// TableSymbol is a table of the catalog.
type TableSymbol struct {
	Name   string
	Schema *types.Schema
}

// SymbolName returns the table name.
func (t *TableSymbol) SymbolName() string { return t.Name }

// Let is a name bound by a let statement, a function parameter, a query
// parameter or an `as` operator.
type Let struct {
	Name string
	// Decl is the let statement, or nil for parameters and `as`.
	Decl *syntax.LetStmt
	// Type is the value's type: a scalar, or a schema for tabular values.
	// For functions it is the result type of the body as declared.
	Type Type
	// Func is the definition of a user function or view, nil otherwise.
	Func *syntax.FuncLit
	// Param is set for function and query parameters.
	Param bool

	uses    int
	scope   *scope // scope the function body is bound in
	binding bool   // set while the declaration's body is bound
	depth   int    // calls under way, to stop recursion
	cache   map[string]Type
}

// SymbolName returns the bound name.
func (l *Let) SymbolName() string { return l.Name }

// IsFunction reports whether the name denotes a user function or view.
func (l *Let) IsFunction() bool { return l.Func != nil }

// scope is one level of let bindings: the query, or a function body.
type scope struct {
	parent *scope
	names  map[string]*Let
	order  []*Let
}

func newScope(parent *scope) *scope {
	return &scope{parent: parent, names: map[string]*Let{}}
}

func (s *scope) lookup(name string) *Let {
	for sc := s; sc != nil; sc = sc.parent {
		if l, ok := sc.names[name]; ok {
			return l
		}
	}
	return nil
}

func (s *scope) declare(l *Let) {
	s.names[l.Name] = l
	s.order = append(s.order, l)
}
