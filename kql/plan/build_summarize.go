package plan

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// summarize binds `summarize aggs by keys`. The output holds the keys,
// then each aggregation's columns. Names already in use get a numeric
// suffix, as in Kusto: arg_max(x, g) by g gives g and g1.
func (b *builder) summarize(in Node, op *syntax.SummarizeOp, rs *rowScope) (Node, error) {
	s := &Summarize{Input: in}
	taken := func(n string) bool { return columnIndex(s.Columns, n) >= 0 }
	for _, x := range op.By {
		name := ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = columnName(x, taken)
		}
		s.By = append(s.By, e)
		s.Columns = append(s.Columns, types.Column{Name: uniqueName(name, taken), Type: e.Type()})
	}
	byNames := map[string]bool{}
	for _, c := range s.Columns {
		byNames[c.Name] = true
	}
	for _, x := range op.Aggs {
		var names []string
		switch n := x.(type) {
		case *syntax.NamedExpr:
			x, names = n.X, []string{n.Name.Name}
		case *syntax.TupleNamedExpr:
			x = n.X
			for _, id := range n.Names {
				names = append(names, id.Name)
			}
		}
		call, ok := unparen(x).(*syntax.CallExpr)
		if !ok {
			return nil, b.errorf(x, "summarize expects an aggregation call such as count() or sum(x)")
		}
		id, ok := call.Fun.(*syntax.Ident)
		if !ok {
			return nil, b.errorf(call, "summarize expects an aggregation call")
		}
		f, ok := funcs.LookupAggregate(id.Name)
		if !ok {
			if _, scalar := funcs.Lookup(id.Name); scalar {
				return nil, b.errorf(call, "%s is not an aggregation; summarize expects an aggregation such as count() or sum(x)", id.Name)
			}
			return nil, b.errorf(id, "unknown aggregation '%s'", id.Name)
		}
		impl := f.Canonical
		if !b.fns.HasAggregate(impl) {
			impl = id.Name
			if !b.fns.HasAggregate(impl) {
				return nil, b.errorf(id, "aggregation %s is not supported", id.Name)
			}
		}
		agg := &AggCall{Name: impl}
		multi := impl == "arg_max" || impl == "arg_min" || ((impl == "take_any") && len(call.Args) > 1)
		var extraNames []string
		for i, a := range call.Args {
			if _, star := a.(*syntax.StarExpr); star {
				if !multi {
					if impl == "count" {
						continue
					}
					return nil, b.errorf(a, "* is not allowed in %s", id.Name)
				}
				first := ""
				if len(call.Args) > 0 {
					first = argName(call.Args[0])
				}
				for ci, c := range rs.cols {
					if c.Name == first || byNames[c.Name] {
						continue
					}
					agg.Extra = append(agg.Extra, Col(rs.cols, ci))
					extraNames = append(extraNames, c.Name)
				}
				continue
			}
			e, err := b.expr(a, rs)
			if err != nil {
				return nil, err
			}
			if multi && i > 0 {
				agg.Extra = append(agg.Extra, e)
				n := argName(a)
				if n == "" {
					n = f.UnnamedArgName(argName(call.Args[0]), i)
				}
				extraNames = append(extraNames, n)
				continue
			}
			agg.Args = append(agg.Args, e)
		}
		kinds := make([]types.Kind, len(agg.Args))
		for i, a := range agg.Args {
			kinds[i] = a.Type()
		}
		k, err := b.fns.AggregateType(impl, kinds)
		if err != nil {
			return nil, b.errorf(call, "%s: %v", id.Name, err)
		}
		agg.Kind = k
		first := ""
		if len(call.Args) > 0 {
			first = argName(call.Args[0])
		}
		outNames := append([]string{f.ColumnName(first)}, extraNames...)
		if f.Naming == funcs.NamePrefixEachArg && len(call.Args) > 1 {
			for i := range outNames {
				outNames[i] = f.ColumnName(argName(call.Args[i]))
			}
		}
		for i := range names {
			if i < len(outNames) {
				outNames[i] = names[i]
			}
		}
		kindsOut := []types.Kind{k}
		for _, e := range agg.Extra {
			kindsOut = append(kindsOut, e.Type())
		}
		for i, n := range outNames {
			if n == "" {
				n = columnName(nil, taken)
			}
			s.Columns = append(s.Columns, types.Column{Name: uniqueName(n, taken), Type: kindsOut[i]})
		}
		s.Aggs = append(s.Aggs, agg)
	}
	return s, nil
}

func unparen(x syntax.Expr) syntax.Expr {
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}
