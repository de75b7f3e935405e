package plan

import (
	"fmt"
	"sort"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Catalog provides the builder with the tables that exist and their
// columns.
type Catalog interface {
	// TableSchema returns the columns of the named table, or false.
	TableSchema(name string) ([]types.Column, bool)
}

// Functions reports which functions the executor implements and their
// result types. Package exec provides one.
type Functions interface {
	ScalarType(name string, args []types.Kind) (types.Kind, error)
	AggregateType(name string, args []types.Kind) (types.Kind, error)
	HasScalar(name string) bool
	HasAggregate(name string) bool
}

// Error is a problem found while building a plan, at a line and column
// of the query text (both counted from 1).
type Error struct {
	Line, Column int
	Msg          string
	// MissingTable is set when the error is a reference to a table the
	// catalog lacks, which union isfuzzy=true tolerates.
	MissingTable bool
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// builder translates one parsed query into a plan.
type builder struct {
	src     *syntax.Source
	catalog Catalog
	fns     Functions
	nextID  int
}

// binding is the value of a let name: a scalar, a table or a function.
type binding struct {
	scalar  Expr            // a scalar value (constant or row-independent expression)
	tabular Node            // a tabular expression
	fn      *syntax.FuncLit // a user-defined function or view
	fnScope *scope          // the scope the function was defined in
	shared  *Shared         // set once the tabular result is shared
	name    string
}

// scope is a chain of let bindings.
type scope struct {
	parent *scope
	names  map[string]*binding
}

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b
		}
	}
	return nil
}

func (s *scope) child() *scope { return &scope{parent: s, names: map[string]*binding{}} }

// Build translates a parsed query into a plan. src supplies the text for
// line and column numbers in errors. The result is the plan of the
// query's last tabular statement.
func Build(q *syntax.Query, src *syntax.Source, catalog Catalog, fns Functions) (Node, error) {
	b := &builder{src: src, catalog: catalog, fns: fns}
	sc := (&scope{}).child()
	var result Node
	for _, st := range q.Stmts {
		switch st := st.(type) {
		case *syntax.LetStmt:
			if err := b.let(sc, st); err != nil {
				return nil, err
			}
		case *syntax.ExprStmt:
			n, err := b.tabular(st.X, sc)
			if err != nil {
				return nil, err
			}
			result = n
		case *syntax.SetStmt:
			// Request options do not change results here.
		case *syntax.DeclareQueryParamsStmt:
			for _, p := range st.Params {
				if p.Default == nil {
					return nil, b.errorf(p, "query parameter %s has no default value, and parameters cannot be passed in", p.Name.Name)
				}
				if err := b.letScalar(sc, p.Name.Name, p.Default); err != nil {
					return nil, err
				}
			}
		default:
			return nil, b.errorf(st, "this statement is not supported")
		}
	}
	if result == nil {
		return nil, &Error{Line: 1, Column: 1, Msg: "the query has no tabular expression to run"}
	}
	return result, nil
}

func (b *builder) errorf(n syntax.Node, format string, args ...any) error {
	pos := syntax.Pos(0)
	if n != nil {
		pos = n.Pos()
	}
	p := b.src.Position(pos)
	return &Error{Line: p.Line, Column: p.Column, Msg: fmt.Sprintf(format, args...)}
}

func (b *builder) let(sc *scope, st *syntax.LetStmt) error {
	name := st.Name.Name
	switch v := st.Value.(type) {
	case *syntax.FuncLit:
		sc.names[name] = &binding{fn: v, fnScope: sc, name: name}
		return nil
	}
	if b.isTabular(st.Value, sc) {
		n, err := b.tabular(st.Value, sc)
		if err != nil {
			return err
		}
		sc.names[name] = &binding{tabular: n, name: name}
		return nil
	}
	return b.letScalar(sc, name, st.Value)
}

func (b *builder) letScalar(sc *scope, name string, x syntax.Expr) error {
	e, err := b.expr(x, &rowScope{scope: sc})
	if err != nil {
		return err
	}
	sc.names[name] = &binding{scalar: e, name: name}
	return nil
}

// isTabular guesses whether an expression is tabular without binding
// it: pipelines, tabular operators, table names and tabular let names
// are; everything else is scalar.
func (b *builder) isTabular(x syntax.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *syntax.PipeExpr, *syntax.DataTableExpr, *syntax.ExternalDataExpr:
		return true
	case syntax.Operator:
		return true
	case *syntax.ParenExpr:
		return b.isTabular(x.X, sc)
	case *syntax.Ident:
		if bd := sc.lookup(x.Name); bd != nil {
			return bd.tabular != nil || (bd.fn != nil && bd.fn.View)
		}
		_, ok := b.catalog.TableSchema(x.Name)
		return ok
	case *syntax.CallExpr:
		if id, ok := x.Fun.(*syntax.Ident); ok {
			switch id.Name {
			case "materialize", "view", "table":
				return true
			}
			if bd := sc.lookup(id.Name); bd != nil && bd.fn != nil {
				return bd.fn.Body != nil && bd.fn.Body.Result != nil && b.isTabular(bd.fn.Body.Result, b.paramScope(bd, sc))
			}
		}
	}
	return false
}

// paramScope returns a scope in which a function's parameters are
// declared, for deciding whether its body is tabular.
func (b *builder) paramScope(bd *binding, sc *scope) *scope {
	s := bd.fnScope.child()
	for _, p := range bd.fn.Params {
		if p.Schema != nil {
			s.names[p.Name.Name] = &binding{tabular: &Values{}}
		} else {
			s.names[p.Name.Name] = &binding{scalar: NewConst(types.Unknown, nil)}
		}
	}
	return s
}

// tableRef resolves a name used as a table: a tabular let binding, a
// view, or a catalog table.
func (b *builder) tableRef(id *syntax.Ident, sc *scope) (Node, error) {
	if bd := sc.lookup(id.Name); bd != nil {
		switch {
		case bd.tabular != nil:
			return b.shareBinding(bd), nil
		case bd.fn != nil && len(bd.fn.Params) == 0:
			return b.callTabularFunc(id, bd, nil, sc)
		}
		return nil, b.errorf(id, "%s is a scalar value, not a table", id.Name)
	}
	cols, ok := b.catalog.TableSchema(id.Name)
	if !ok {
		err := b.errorf(id, "unknown table '%s'%s", id.Name, b.suggestTable(id.Name, sc))
		err.(*Error).MissingTable = true
		return nil, err
	}
	return &Scan{Table: id.Name, Columns: cols}, nil
}

// shareBinding returns the plan of a tabular let binding. Every use of
// the name reads one Shared node, so the binding is computed once per
// query even when the query reads it several times.
func (b *builder) shareBinding(bd *binding) Node {
	if bd.shared == nil {
		if s, ok := bd.tabular.(*Shared); ok {
			bd.shared = s
		} else {
			b.nextID++
			bd.shared = &Shared{ID: b.nextID, Input: bd.tabular}
		}
	}
	return bd.shared
}

func (b *builder) suggestTable(name string, sc *scope) string {
	var names []string
	if lister, ok := b.catalog.(interface{ TableNames() []string }); ok {
		names = lister.TableNames()
	}
	for s := sc; s != nil; s = s.parent {
		for n, bd := range s.names {
			if bd.tabular != nil {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	if s := closestName(name, names); s != "" {
		return fmt.Sprintf("; did you mean '%s'?", s)
	}
	return ""
}

// uniqueName returns name, or name with the smallest numeric suffix
// (name1, name2, ...) that no column in cols has.
func uniqueName(name string, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	for i := 1; ; i++ {
		n := fmt.Sprintf("%s%d", name, i)
		if !taken(n) {
			return n
		}
	}
}

func columnIndex(cols []types.Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}
