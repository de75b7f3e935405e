package sema

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// outColumn is one output column of an aggregating operator before its
// final name is chosen.
type outColumn struct {
	expr     syntax.Expr // the item that produces it
	name     string      // explicit name, or the base of a generated one
	explicit bool
	kind     types.Kind
}

// groupKeys binds the `by` items of summarize and make-series. Group keys
// cannot be dynamic.
func (b *binder) groupKeys(by []syntax.Expr, in *types.Schema) []outColumn {
	b.row = &rowScope{schema: in}
	var out []outColumn
	for _, e := range by {
		c := outColumn{expr: e}
		switch x := e.(type) {
		case *syntax.NamedExpr:
			c.name, c.explicit = x.Name.Name, true
			c.kind = b.scalarOf(x.X)
		case *syntax.Ident:
			c.kind = b.scalarOf(x)
			c.name, c.explicit = b.exprName(x), true
			if c.name == "" {
				c.explicit = false
			}
		default:
			c.kind = b.scalarOf(e)
			c.name = b.exprName(e)
		}
		b.recordNamed(e)
		if c.kind == types.Dynamic {
			b.errorf(e, CodeDynamicNotAllowed, "cannot group by a dynamic value; convert it first, as in tostring(x)")
		}
		out = append(out, c)
	}
	return out
}

// nameColumns gives the columns their final names: explicit names first,
// reporting repeats, then generated names in order. Generated ColumnN
// names also skip the input's column names, as Kusto's do.
func (b *binder) nameColumns(cols []outColumn, in *types.Schema) []types.Column {
	names := newColumnNames()
	if in != nil {
		names.avoid = map[string]bool{}
		for _, c := range in.Columns {
			names.avoid[c.Name] = true
		}
	}
	for _, c := range cols {
		if c.explicit {
			if names.has(c.name) {
				b.errorf(c.expr, CodeDuplicateColumn, "column '%s' is already declared", c.name)
			}
			names.take(c.name)
		}
	}
	out := make([]types.Column, len(cols))
	for i, c := range cols {
		name := c.name
		switch {
		case c.explicit:
		case name == "":
			name = names.unique(names.generated())
		default:
			name = names.unique(name)
		}
		out[i] = types.Column{Name: name, Type: c.kind}
	}
	for i := 0; i < len(cols); {
		j := i
		var ns []string
		for j < len(cols) && cols[j].expr == cols[i].expr {
			ns = append(ns, out[j].Name)
			j++
		}
		b.recordColumns(cols[i].expr, ns...)
		i = j
	}
	return out
}

// summarize binds `summarize aggs by keys`: the key columns, then the
// aggregate columns.
func (b *binder) summarize(op *syntax.SummarizeOp, in *types.Schema) *types.Schema {
	cols := b.groupKeys(op.By, in)
	byNames := map[string]bool{}
	for _, c := range cols {
		if _, ok := unparen(c.expr).(*syntax.Ident); ok {
			byNames[c.name] = true
		}
	}
	b.row = &rowScope{schema: in, aggregates: true}
	open := false
	for _, e := range op.Aggs {
		cols = append(cols, b.aggregateItem(e, in, byNames)...)
		// arg_max(t, *) over an input of unknown columns, such as an
		// unknown table, returns those unknown columns too. Keeping the
		// result open spares one error per column used after it.
		if in.Open && hasStarArg(e) {
			open = true
		}
	}
	return types.NewSchema(b.nameColumns(cols, in), open)
}

// hasStarArg reports whether an aggregate item calls a function with a
// `*` argument, such as arg_max(Timestamp, *).
func hasStarArg(e syntax.Expr) bool {
	if n, ok := e.(*syntax.NamedExpr); ok {
		e = n.X
	}
	c, ok := unparen(e).(*syntax.CallExpr)
	if !ok {
		return false
	}
	for _, a := range c.Args {
		if _, star := a.(*syntax.StarExpr); star {
			return true
		}
	}
	return false
}

// aggregateItem binds one aggregate item of summarize and returns its
// columns: one, or several for arg_max, take_any, percentiles and the
// like.
func (b *binder) aggregateItem(e syntax.Expr, in *types.Schema, byNames map[string]bool) []outColumn {
	x := e
	var names []*syntax.Ident
	switch n := e.(type) {
	case *syntax.NamedExpr:
		x, names = n.X, []*syntax.Ident{n.Name}
	case *syntax.TupleNamedExpr:
		x, names = n.X, n.Names
	}
	k := b.scalarOf(x)
	b.recordNamed(e)
	if !b.containsAggregate(x) && k != types.Unknown && !b.isConstant(x) {
		b.errorf(x, CodeNotAggregate, "summarize needs an aggregate here, such as count() or max(%s); put plain columns after 'by'", exprText(x))
	}
	var cols []outColumn
	if c, ok := unparen(x).(*syntax.CallExpr); ok {
		if call := b.info.Calls[c]; call != nil && call.Builtin != nil && call.Builtin.Kind == funcs.Aggregate {
			cols = b.expandAggregate(e, c, call, in, byNames)
		}
	}
	if cols == nil {
		cols = []outColumn{{expr: e, name: b.exprName(x), kind: k}}
	}
	for i, n := range names {
		if i < len(cols) && n != nil {
			cols[i].name, cols[i].explicit = n.Name, true
		}
	}
	return cols
}

// expandAggregate returns the columns of an aggregate whose Naming gives
// several: arg_max, arg_min, take_any, any and the percentiles family.
// It returns nil for single-column aggregates.
func (b *binder) expandAggregate(e syntax.Expr, c *syntax.CallExpr, call *Call, in *types.Schema, byNames map[string]bool) []outColumn {
	f := call.Builtin
	argKind := func(a syntax.Expr) types.Kind { return b.info.Types[a].Kind }
	switch f.Naming {
	case funcs.NameArgExtremum, funcs.NameArgExtremumOld:
		if len(c.Args) == 0 {
			return nil
		}
		first := b.exprName(c.Args[0])
		var cols []outColumn
		if f.Naming == funcs.NameArgExtremum {
			name := first
			if name == "" {
				name = f.Prefix + "_"
			}
			cols = append(cols, outColumn{expr: e, name: name, kind: argKind(c.Args[0])})
		} else {
			cols = append(cols, outColumn{expr: e, name: f.Prefix + "_" + first, kind: argKind(c.Args[0])})
		}
		_, firstIsColumn := unparen(c.Args[0]).(*syntax.Ident)
		for i, a := range c.Args[1:] {
			if _, star := a.(*syntax.StarExpr); star {
				for _, col := range in.Columns {
					if byNames[col.Name] || (firstIsColumn && col.Name == first) {
						continue
					}
					name := col.Name
					if f.Naming == funcs.NameArgExtremumOld {
						name = f.Prefix + "_" + first + "_" + col.Name
					}
					cols = append(cols, outColumn{expr: e, name: name, kind: col.Type})
				}
				continue
			}
			name := b.exprName(a)
			switch {
			case f.Naming == funcs.NameArgExtremumOld:
				name = f.Prefix + "_" + first + "_" + name
			case name == "":
				name = f.UnnamedArgName(first, i+1)
			}
			cols = append(cols, outColumn{expr: e, name: name, kind: argKind(a)})
		}
		return cols
	case funcs.NameEachArg, funcs.NamePrefixEachArg:
		var cols []outColumn
		for i, a := range c.Args {
			if _, star := a.(*syntax.StarExpr); star {
				for _, col := range in.Columns {
					if byNames[col.Name] && f.Naming == funcs.NameEachArg {
						continue
					}
					name := col.Name
					if f.Naming == funcs.NamePrefixEachArg {
						name = f.Prefix + "_" + name
					}
					cols = append(cols, outColumn{expr: e, name: name, kind: col.Type})
				}
				continue
			}
			name := b.exprName(a)
			switch {
			case f.Naming == funcs.NamePrefixEachArg:
				name = f.Prefix + "_" + name
			case name == "":
				name = f.UnnamedArgName("", i)
			}
			cols = append(cols, outColumn{expr: e, name: name, kind: argKind(a)})
		}
		return cols
	case funcs.NamePercentiles:
		if call.Binding == nil || call.Binding.Signature == nil || len(c.Args) == 0 {
			return nil
		}
		first := b.exprName(c.Args[0])
		var cols []outColumn
		for i, a := range c.Args {
			if p := call.Binding.Param(i); p == nil || p.Name != "percentile" {
				continue
			}
			cols = append(cols, outColumn{expr: e, name: f.Prefix + "_" + first + "_" + percentileText(a), kind: call.Binding.Result})
		}
		return cols
	}
	return nil
}

// percentileText is the part a percentile value gives a column name:
// "95" for 95 and "99_9" for 99.9.
func percentileText(e syntax.Expr) string {
	switch e := unparen(e).(type) {
	case *syntax.Literal:
		return strings.ReplaceAll(e.Raw, ".", "_")
	}
	return ""
}

// containsAggregate reports whether e calls an aggregate function.
func (b *binder) containsAggregate(e syntax.Expr) bool {
	found := false
	walkExpr(e, func(x syntax.Expr) bool {
		if c, ok := x.(*syntax.CallExpr); ok {
			if call := b.info.Calls[c]; call != nil {
				if call.Builtin != nil && call.Builtin.Kind == funcs.Aggregate {
					found = true
				}
				if call.User != nil {
					// A user function may hold the aggregate in its body.
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// walkExpr calls f for e and each scalar subexpression, depth first, as
// long as f returns true.
func walkExpr(e syntax.Expr, f func(syntax.Expr) bool) bool {
	if e == nil {
		return true
	}
	if !f(e) {
		return false
	}
	switch e := e.(type) {
	case *syntax.BinaryExpr:
		return walkExpr(e.X, f) && walkExpr(e.Y, f)
	case *syntax.InExpr:
		if !walkExpr(e.X, f) {
			return false
		}
		for _, x := range e.List {
			if !walkExpr(x, f) {
				return false
			}
		}
	case *syntax.BetweenExpr:
		return walkExpr(e.X, f) && walkExpr(e.Lo, f) && walkExpr(e.Hi, f)
	case *syntax.UnaryExpr:
		return walkExpr(e.X, f)
	case *syntax.ParenExpr:
		return walkExpr(e.X, f)
	case *syntax.CallExpr:
		for _, x := range e.Args {
			if !walkExpr(x, f) {
				return false
			}
		}
	case *syntax.MemberExpr:
		return walkExpr(e.X, f)
	case *syntax.IndexExpr:
		return walkExpr(e.X, f) && walkExpr(e.Index, f)
	case *syntax.NamedExpr:
		return walkExpr(e.X, f)
	}
	return true
}

// exprText returns a name for e in messages: the column name, or "x".
func exprText(e syntax.Expr) string {
	if id, ok := unparen(e).(*syntax.Ident); ok {
		return id.Name
	}
	return "x"
}

// makeSeries binds make-series: the key columns, one dynamic array per
// aggregate, and the axis column, also an array.
func (b *binder) makeSeries(op *syntax.MakeSeriesOp, in *types.Schema) *types.Schema {
	cols := b.groupKeys(op.By, in)
	b.row = &rowScope{schema: in, aggregates: true}
	for _, agg := range op.Aggs {
		if agg == nil {
			continue
		}
		x := agg.X
		name, explicit := "", false
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name, explicit = n.X, n.Name.Name, true
		}
		k := b.scalarOf(x)
		b.recordNamed(agg.X)
		if !b.containsAggregate(x) && k != types.Unknown && !b.isConstant(x) {
			b.errorf(x, CodeNotAggregate, "make-series needs an aggregate here, such as count() or avg(x)")
		}
		if !explicit {
			name = b.exprName(x)
		}
		if agg.Default != nil {
			b.withRow(&rowScope{schema: in}, func() { b.any(agg.Default) })
		}
		cols = append(cols, outColumn{expr: agg.X, name: name, explicit: explicit, kind: types.Dynamic})
	}
	b.row = &rowScope{schema: in}
	axis := outColumn{expr: op.On, kind: types.Dynamic}
	if op.On != nil {
		k := b.scalarOf(op.On)
		if k != types.Unknown && !k.IsNumeric() && k != types.DateTime && k != types.TimeSpan {
			b.errorf(op.On, CodeInvalidOperand, "the make-series axis must be a number, datetime or timespan, found %s", k)
		}
		axis.name = b.exprName(op.On)
	}
	for _, e := range []syntax.Expr{op.From, op.To, op.Step} {
		if e != nil {
			b.withRow(nil, func() { b.scalarOf(e) })
		}
	}
	cols = append(cols, axis)
	return types.NewSchema(b.nameColumns(cols, in), false)
}

// topNested binds top-nested: per level, the value column and its
// aggregate, named aggregated_<value> unless the query names it.
func (b *binder) topNested(op *syntax.TopNestedOp, in *types.Schema) *types.Schema {
	var cols []outColumn
	for _, lvl := range op.Levels {
		if lvl == nil {
			continue
		}
		b.row = &rowScope{schema: in}
		if lvl.Count != nil {
			b.count(lvl.Count)
		}
		of := outColumn{expr: lvl.Of}
		if n, ok := lvl.Of.(*syntax.NamedExpr); ok {
			of.name, of.explicit = n.Name.Name, true
			of.kind = b.scalarOf(n.X)
		} else if lvl.Of != nil {
			of.kind = b.scalarOf(lvl.Of)
			of.name = b.exprName(lvl.Of)
			// Kusto leaves an unnamed top-nested value column without a
			// name rather than numbering it.
			of.explicit = of.name == ""
		}
		if lvl.Others != nil {
			b.any(lvl.Others)
		}
		cols = append(cols, of)
		if lvl.By == nil {
			continue
		}
		b.row = &rowScope{schema: in, aggregates: true}
		agg := outColumn{expr: lvl.By.X}
		x := lvl.By.X
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, agg.name, agg.explicit = n.X, n.Name.Name, true
		} else {
			agg.name = "aggregated_" + of.name
		}
		agg.kind = b.scalarOf(x)
		cols = append(cols, agg)
	}
	return types.NewSchema(b.nameColumns(cols, in), false)
}

// topHitters binds `top-hitters N of x [by y]`.
func (b *binder) topHitters(op *syntax.TopHittersOp, in *types.Schema) *types.Schema {
	b.count(op.Count)
	name := b.exprName(op.Of)
	k := b.scalarOf(op.Of)
	if name == "" {
		name = "Column1"
	}
	cols := []types.Column{{Name: name, Type: k}}
	if op.By != nil {
		bk := b.scalarOf(op.By)
		cols = append(cols, types.Column{Name: "approximate_sum_" + b.exprName(op.By), Type: widen(bk)})
	} else {
		cols = append(cols, types.Column{Name: "approximate_count_" + name, Type: types.Long})
	}
	return types.NewSchema(cols, false)
}
