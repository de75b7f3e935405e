package sema

import (
	"strconv"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
)

// exprName returns the name an expression gives its column when the
// query does not name it, as Kusto's binder does. A column reference
// gives its name, `d.a` and `d["a"]` give "d_a", `a[0]` gives "a_0", and a
// call names its column by its function's Naming rule. Other expressions
// give "", and the operator numbers the column.
func (b *binder) exprName(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.Ident:
		// Only columns name columns: `print x` with a let name x gives
		// print_0. In an open schema an unlisted name is a column too,
		// unless a let binds it.
		if b.row == nil || b.row.schema == nil {
			return ""
		}
		if b.row.schema.Index(e.Name) >= 0 {
			return e.Name
		}
		if b.row.schema.Open && b.scope.lookup(e.Name) == nil {
			return e.Name
		}
		return ""
	case *syntax.ParenExpr:
		return b.exprName(e.X)
	case *syntax.MemberExpr:
		if e.Name == nil {
			return ""
		}
		if id, ok := e.X.(*syntax.Ident); ok && (id.Name == "$left" || id.Name == "$right") {
			return e.Name.Name
		}
		base := b.exprName(e.X)
		if base == "" {
			return ""
		}
		return base + "_" + e.Name.Name
	case *syntax.IndexExpr:
		base := b.exprName(e.X)
		if base == "" {
			return ""
		}
		return base + "_" + indexName(e.Index)
	case *syntax.CallExpr:
		call := b.info.Calls[e]
		if call == nil || call.Builtin == nil {
			return ""
		}
		f := call.Builtin
		if f.Canonical == "column_ifexists" && len(e.Args) > 0 {
			// column_ifexists("x", default) names its column x.
			name, _ := stringValue(e.Args[0])
			return name
		}
		first := ""
		if len(e.Args) > 0 {
			first = b.exprName(e.Args[0])
		}
		return f.ColumnName(first)
	}
	return ""
}

// indexName is the part an index gives a column name: the key of
// d["key"], the position of a[0], or "" for a computed index.
func indexName(e syntax.Expr) string {
	switch e := e.(type) {
	case *syntax.StringLit:
		return e.Value
	case *syntax.Literal:
		if e.Kind == syntax.LitInt || e.Kind == syntax.LitLong {
			return e.Raw
		}
	case *syntax.UnaryExpr:
		if e.Op == syntax.OpMinus {
			if s := indexName(e.X); s != "" {
				return "_" + s
			}
		}
	case *syntax.ParenExpr:
		return indexName(e.X)
	}
	return ""
}

// columnNames hands out the names of an operator's output columns: it
// keeps them unique by numbering repeats (x, x1, x2...) and numbers the
// unnamed ones (Column1, Column2... or print_0, print_1...).
type columnNames struct {
	used map[string]bool
	next int
	// avoid holds names that generated ColumnN names skip, such as the
	// input columns of summarize and extend.
	avoid map[string]bool
}

func newColumnNames() *columnNames {
	return &columnNames{used: map[string]bool{}}
}

// take marks name as used.
func (n *columnNames) take(name string) { n.used[name] = true }

// has reports whether name is used.
func (n *columnNames) has(name string) bool { return n.used[name] }

// unique returns base if unused, or base followed by the smallest number
// from 1 up that makes it unused, and marks the result used.
func (n *columnNames) unique(base string) string {
	name := base
	for i := 1; n.used[name]; i++ {
		name = base + strconv.Itoa(i)
	}
	n.used[name] = true
	return name
}

// generated returns the next ColumnN name that is not in avoid. As in
// Kusto, it does not check the names already handed out: callers keep
// the result unique with unique, so an explicit Column1 makes a
// generated one Column11.
func (n *columnNames) generated() string {
	for {
		n.next++
		name := "Column" + strconv.Itoa(n.next)
		if !n.avoid[name] {
			return name
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// callFunction returns the builtin function a call resolved to, or nil.
func (b *binder) callFunction(e syntax.Expr) *funcs.Function {
	for {
		p, ok := e.(*syntax.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	c, ok := e.(*syntax.CallExpr)
	if !ok {
		return nil
	}
	if call := b.info.Calls[c]; call != nil {
		return call.Builtin
	}
	return nil
}
