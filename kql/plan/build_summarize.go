package plan

import (
	"fmt"
	"strings"

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
	for i, x := range op.By {
		name := ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = argName(x)
		}
		if name == "" {
			// An unnamed key is numbered by its position among the keys.
			name = "Column" + itoa(i+1)
		}
		s.By = append(s.By, e)
		s.Columns = append(s.Columns, types.Column{Name: uniqueName(name, taken), Type: e.Type()})
	}
	type pendingExpr struct {
		x     syntax.Expr
		names []string
		calls []*syntax.CallExpr
		after int // visible columns before this one in the output
	}
	visible := func() int {
		n := 0
		for _, c := range s.Columns {
			if !strings.HasPrefix(c.Name, "__agg") {
				n++
			}
		}
		return n
	}
	var pending []pendingExpr
	hiddenCols := map[*syntax.CallExpr]int{}
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
		var id *syntax.Ident
		if ok {
			id, ok = call.Fun.(*syntax.Ident)
		}
		if ok {
			_, ok = funcs.LookupAggregate(id.Name)
		}
		if !ok {
			// An expression over aggregations: compute each aggregation in
			// a hidden column and the expression in a projection on top.
			calls := aggregateCalls(x)
			if len(calls) == 0 {
				return nil, b.errorf(x, "summarize expects an aggregation such as count() or sum(x)")
			}
			pending = append(pending, pendingExpr{x: x, names: names, calls: calls, after: visible()})
			for _, c := range calls {
				hidden := fmt.Sprintf("__agg%d", len(s.Aggs))
				inner := &syntax.SummarizeOp{Aggs: []syntax.Expr{&syntax.NamedExpr{Name: &syntax.Ident{Name: hidden}, X: c}}}
				part, err := b.summarize(in, inner, rs)
				if err != nil {
					return nil, err
				}
				ps := part.(*Summarize)
				s.Aggs = append(s.Aggs, ps.Aggs...)
				s.Columns = append(s.Columns, ps.Columns...)
				hiddenCols[c] = len(s.Columns) - 1
			}
			continue
		}
		f, ok := funcs.LookupAggregate(id.Name)
		if !ok {
			if _, scalar := funcs.Lookup(id.Name); scalar {
				return nil, b.errorf(call, "%s is not an aggregation; summarize expects an aggregation such as count() or sum(x)", id.Name)
			}
			return nil, b.errorf(id, "unknown aggregation '%s'", id.Name)
		}
		impl := f.Canonical
		if f.Naming == funcs.NamePercentiles {
			if err := b.percentiles(s, call, f, impl, names, rs, taken); err != nil {
				return nil, err
			}
			continue
		}
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
	if len(pending) == 0 {
		return s, nil
	}
	// Project the visible columns in order, computing the expressions
	// over aggregations from their hidden columns.
	out := &Project{Input: s}
	ers := &rowScope{cols: s.Columns, scope: rs.scope, aggRefs: hiddenCols}
	var visibleTaken []types.Column
	taken2 := func(n string) bool { return columnIndex(visibleTaken, n) >= 0 }
	next := 0
	emitPending := func(upTo int) error {
		for ; next < len(pending) && pending[next].after <= upTo; next++ {
			p := pending[next]
			e, err := b.expr(p.x, ers)
			if err != nil {
				return err
			}
			name := columnName(p.x, taken2)
			if len(p.names) > 0 {
				name = p.names[0]
			}
			out.Exprs = append(out.Exprs, e)
			visibleTaken = append(visibleTaken, types.Column{Name: uniqueName(name, taken2), Type: e.Type()})
		}
		return nil
	}
	shown := 0
	for i, c := range s.Columns {
		if strings.HasPrefix(c.Name, "__agg") {
			continue
		}
		if err := emitPending(shown); err != nil {
			return nil, err
		}
		out.Exprs = append(out.Exprs, Col(s.Columns, i))
		visibleTaken = append(visibleTaken, c)
		shown++
	}
	if err := emitPending(len(s.Columns)); err != nil {
		return nil, err
	}
	out.Columns = visibleTaken
	return out, nil
}

// aggregateCalls returns the aggregation calls inside an expression.
func aggregateCalls(x syntax.Expr) []*syntax.CallExpr {
	var out []*syntax.CallExpr
	var walk func(e syntax.Expr)
	walk = func(e syntax.Expr) {
		switch e := e.(type) {
		case *syntax.CallExpr:
			if id, ok := e.Fun.(*syntax.Ident); ok {
				if _, agg := funcs.LookupAggregate(id.Name); agg {
					if _, scalar := funcs.Lookup(id.Name); !scalar {
						out = append(out, e)
						return
					}
				}
			}
			for _, a := range e.Args {
				walk(a)
			}
		case *syntax.BinaryExpr:
			walk(e.X)
			walk(e.Y)
		case *syntax.UnaryExpr:
			walk(e.X)
		case *syntax.ParenExpr:
			walk(e.X)
		case *syntax.BetweenExpr:
			walk(e.X)
			walk(e.Lo)
			walk(e.Hi)
		case *syntax.InExpr:
			walk(e.X)
			for _, l := range e.List {
				walk(l)
			}
		case *syntax.MemberExpr:
			walk(e.X)
		case *syntax.IndexExpr:
			walk(e.X)
			walk(e.Index)
		}
	}
	walk(x)
	return out
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

// percentiles binds percentile, percentiles, percentilew and percentilesw
// as one single-percentile aggregation per requested value, each named
// percentile_x_p (a dot in p becomes an underscore).
func (b *builder) percentiles(s *Summarize, call *syntax.CallExpr, f *funcs.Function, impl string, names []string, rs *rowScope, taken func(string) bool) error {
	weighted := impl == "percentilew" || impl == "percentilesw"
	fixedArgs := 1
	if weighted {
		fixedArgs = 2
	}
	if len(call.Args) <= fixedArgs {
		return b.errorf(call, "%s needs at least one percentile value", f.Name)
	}
	var base []Expr
	for _, a := range call.Args[:fixedArgs] {
		e, err := b.expr(a, rs)
		if err != nil {
			return err
		}
		base = append(base, e)
	}
	name := "percentile"
	if weighted {
		name = "percentilew"
	}
	first := argName(call.Args[0])
	for i, a := range call.Args[fixedArgs:] {
		p, err := b.expr(a, &rowScope{scope: rs.scope})
		if err != nil {
			return err
		}
		if _, ok := p.(*Const); !ok {
			return b.errorf(a, "the percentile must be a constant")
		}
		args := append(append([]Expr(nil), base...), p)
		kinds := make([]types.Kind, len(args))
		for j, e := range args {
			kinds[j] = e.Type()
		}
		k, err := b.fns.AggregateType(name, kinds)
		if err != nil {
			return b.errorf(call, "%s: %v", f.Name, err)
		}
		col := f.Prefix + "_" + first + "_" + strings.ReplaceAll(strings.TrimSpace(sourceText(b, a)), ".", "_")
		if i < len(names) {
			col = names[i]
		}
		s.Aggs = append(s.Aggs, &AggCall{Name: name, Args: args, Kind: k})
		s.Columns = append(s.Columns, types.Column{Name: uniqueName(col, taken), Type: k})
	}
	return nil
}

// sourceText returns the query text a node spans.
func sourceText(b *builder, n syntax.Node) string {
	from, to := int(n.Pos()), int(n.End())
	if from < 0 || to > len(b.src.Text) || from > to {
		return ""
	}
	return b.src.Text[from:to]
}
