package plan

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// search binds the search operator as a union of its tables with a
// $table column, filtered by the predicate. In the predicate a bare
// string or number matches any column that has it as a term ("abc*"
// matches a term prefix), `col:"x"` matches one column, and other
// expressions are ordinary predicates.
func (b *builder) search(in Node, op *syntax.SearchOp, sc *scope) (Node, error) {
	var legs []Node
	var names []string
	switch {
	case in != nil:
		legs, names = []Node{in}, []string{"search_arg0"}
	case len(op.In) > 0:
		for _, t := range op.In {
			n, err := b.tabular(t, sc)
			if err != nil {
				return nil, err
			}
			legs = append(legs, n)
			name := "search_arg" + itoa(len(names))
			if id, ok := t.(*syntax.Ident); ok {
				name = id.Name
			}
			names = append(names, name)
		}
	default:
		lister, ok := b.catalog.(interface{ TableNames() []string })
		if !ok {
			return nil, b.errorf(op, "search without input needs a catalog that lists its tables")
		}
		for _, name := range lister.TableNames() {
			cols, _ := b.catalog.TableSchema(name)
			legs = append(legs, &Scan{Table: name, Columns: cols})
			names = append(names, name)
		}
	}
	caseSensitive := false
	if v, at := optionValue(op.Params, "kind"); at != nil {
		switch v {
		case "case_sensitive":
			caseSensitive = true
		case "case_insensitive", "default":
		default:
			return nil, b.errorf(at, "unknown search kind '%s'", v)
		}
	}
	u := &Union{Legs: legs, SourceIndex: 0, SourceNames: names}
	u.Columns = []types.Column{{Name: "$table", Type: types.String}}
	seen := map[string]int{}
	for _, leg := range legs {
		for _, c := range leg.Schema() {
			if _, ok := seen[c.Name]; ok {
				continue
			}
			seen[c.Name] = len(u.Columns)
			u.Columns = append(u.Columns, c)
		}
	}
	for _, leg := range legs {
		m := make([]int, len(u.Columns))
		for i := range m {
			m[i] = -1
		}
		for ci, c := range leg.Schema() {
			if oi := seen[c.Name]; u.Columns[oi].Type == c.Type {
				m[oi] = ci
			}
		}
		u.Maps = append(u.Maps, m)
	}
	rs := &rowScope{cols: u.Columns, scope: sc}
	pred, err := b.searchPred(op.Pred, rs, caseSensitive)
	if err != nil {
		return nil, err
	}
	return &Filter{Input: u, Pred: pred}, nil
}

func (b *builder) searchPred(x syntax.Expr, rs *rowScope, caseSensitive bool) (Expr, error) {
	switch x := x.(type) {
	case *syntax.ParenExpr:
		return b.searchPred(x.X, rs, caseSensitive)
	case *syntax.BinaryExpr:
		switch x.Op {
		case syntax.OpAnd, syntax.OpOr:
			l, err := b.searchPred(x.X, rs, caseSensitive)
			if err != nil {
				return nil, err
			}
			r, err := b.searchPred(x.Y, rs, caseSensitive)
			if err != nil {
				return nil, err
			}
			return b.call(x, binaryOpNames[x.Op], []Expr{l, r})
		case syntax.OpColon:
			id, ok := x.X.(*syntax.Ident)
			if !ok {
				return nil, b.errorf(x, "search expects column:value")
			}
			i := columnIndex(rs.cols, id.Name)
			if i < 0 {
				return nil, b.errorf(id, "unknown column '%s'%s", id.Name, suggestColumn(id.Name, rs.cols))
			}
			term, ok := searchTerm(x.Y)
			if !ok {
				return nil, b.errorf(x.Y, "search expects a string or number after ':'")
			}
			return b.termMatch(x, []int{i}, term, rs, caseSensitive)
		}
	case *syntax.StringLit, *syntax.Literal:
		term, ok := searchTerm(x)
		if ok {
			var all []int
			for i := range rs.cols {
				if i > 0 {
					all = append(all, i)
				}
			}
			return b.termMatch(x, all, term, rs, caseSensitive)
		}
	}
	return b.expr(x, rs)
}

func searchTerm(x syntax.Expr) (string, bool) {
	switch x := x.(type) {
	case *syntax.StringLit:
		return x.Value, true
	case *syntax.Literal:
		if x.Value != nil {
			return strings.TrimSpace(x.Raw), true
		}
	}
	return "", false
}

// termMatch is true when any of the columns holds the term: as a whole
// term, as a term prefix ("abc*"), or anywhere ("*abc*").
func (b *builder) termMatch(at syntax.Node, cols []int, term string, rs *rowScope, caseSensitive bool) (Expr, error) {
	op := "has"
	switch {
	case strings.HasPrefix(term, "*") && strings.HasSuffix(term, "*") && len(term) > 1:
		op, term = "contains", strings.Trim(term, "*")
	case strings.HasSuffix(term, "*"):
		op, term = "hasprefix", strings.TrimSuffix(term, "*")
	case strings.HasPrefix(term, "*"):
		op, term = "hassuffix", strings.TrimPrefix(term, "*")
	}
	if caseSensitive {
		op += "_cs"
	}
	var parts []Expr
	for _, i := range cols {
		var col Expr = Col(rs.cols, i)
		if rs.cols[i].Type != types.String {
			s, err := b.call(at, "tostring", []Expr{col})
			if err != nil {
				return nil, err
			}
			col = s
		}
		e, err := b.call(at, op, []Expr{col, NewConst(types.String, term)})
		if err != nil {
			return nil, err
		}
		parts = append(parts, e)
	}
	switch len(parts) {
	case 0:
		return NewConst(types.Bool, false), nil
	case 1:
		return parts[0], nil
	}
	return b.call(at, "or", parts)
}
