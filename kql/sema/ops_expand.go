package sema

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// expandItems binds the items of mv-expand and mv-apply. Each expanded
// column replaces the input column of its name in place, or is added at
// the end; its type is the `to typeof(T)` type, or dynamic.
func (b *binder) expandItems(items []*syntax.MvItem, in *types.Schema) (cols []types.Column, names []string) {
	cols = append([]types.Column(nil), in.Columns...)
	index := map[string]int{}
	for i, c := range cols {
		index[c.Name] = i
	}
	generated := newColumnNames()
	for _, c := range cols {
		generated.take(c.Name)
	}
	for _, it := range items {
		if it == nil || it.X == nil {
			continue
		}
		x, name := it.X, ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		k := b.scalarOf(x)
		if k != types.Dynamic && k != types.Unknown {
			b.errorf(x, CodeArgType, "mv-expand needs a dynamic array or property bag, found %s; use parse_json() or split() to make one", k)
		}
		if name == "" {
			name = b.exprName(x)
		}
		if name == "" {
			name = generated.generated()
		}
		kind := types.Dynamic
		if k == types.Unknown {
			kind = types.Unknown
		}
		if it.To != nil && it.To.Type != nil {
			if tk, ok := types.ParseKind(it.To.Type.Name); ok {
				kind = tk
			}
		}
		if i, ok := index[name]; ok {
			cols[i].Type = kind
		} else {
			index[name] = len(cols)
			cols = append(cols, types.Column{Name: name, Type: kind})
		}
		names = append(names, name)
		b.recordColumns(it.X, name)
	}
	return cols, names
}

// mvExpand binds mv-expand, with its optional with_itemindex column.
func (b *binder) mvExpand(items []*syntax.MvItem, params []*syntax.OptionParam, limit syntax.Expr, in *types.Schema) *types.Schema {
	cols, _ := b.expandItems(items, in)
	if idx := optionValue(params, "with_itemindex"); idx != "" {
		cols = append(cols, types.Column{Name: idx, Type: types.Long})
	}
	if limit != nil {
		b.count(limit)
	}
	return types.NewSchema(cols, in.Open)
}

// mvApply binds mv-apply: the subquery runs on each record's expanded
// rows, and the output is the input without the expanded columns followed
// by the subquery's new columns.
func (b *binder) mvApply(op *syntax.MvApplyOp, in *types.Schema) *types.Schema {
	cols, names := b.expandItems(op.Items, in)
	if idx := optionValue(op.Params, "with_itemindex"); idx != "" {
		cols = append(cols, types.Column{Name: idx, Type: types.Long})
	}
	if op.Limit != nil {
		b.count(op.Limit)
	}
	if op.ID != nil {
		b.any(op.ID)
	}
	expanded := types.NewSchema(cols, in.Open)
	if op.On == nil {
		return expanded
	}
	sub := b.subquery(op.On, expanded)
	drop := map[string]bool{}
	for _, n := range names {
		drop[n] = true
	}
	var out []types.Column
	present := map[string]bool{}
	for _, c := range in.Columns {
		if !drop[c.Name] {
			out = append(out, c)
			present[c.Name] = true
		}
	}
	for _, c := range sub.Columns {
		if !present[c.Name] {
			out = append(out, c)
			present[c.Name] = true
		}
	}
	return types.NewSchema(out, in.Open || sub.Open)
}

// parse binds parse and parse-where: the pattern's column declarations
// become new string columns, or columns of their declared type.
func (b *binder) parse(source syntax.Expr, pattern []syntax.Expr, in *types.Schema) *types.Schema {
	k := b.scalarOf(source)
	if k != types.String && k != types.Dynamic && k != types.Unknown {
		b.errorf(source, CodeArgType, "parse needs a string to read, found %s; convert it with tostring()", k)
	}
	cols := append([]types.Column(nil), in.Columns...)
	var prev syntax.Expr
	for _, p := range pattern {
		prevColumn := false
		if _, ok := prev.(*syntax.ColumnDecl); ok {
			prevColumn = true
		}
		prev = p
		switch p := p.(type) {
		case *syntax.ColumnDecl:
			if p.Name == nil {
				continue
			}
			if prevColumn {
				b.errorf(p, CodeInvalidOperand, "column '%s' must follow a string literal in the parse pattern, not another column", p.Name.Name)
			}
			kind := types.String
			if p.Type != nil {
				if tk, ok := types.ParseKind(p.Type.Name); ok {
					kind = tk
				} else {
					b.errorf(p.Type, CodeInvalidOperand, "unknown type '%s'", p.Type.Name)
				}
			}
			cols = append(cols, types.Column{Name: p.Name.Name, Type: kind})
		case *syntax.StarExpr:
		default:
			b.any(p)
		}
	}
	return types.NewSchema(cols, in.Open)
}

// parseKv binds parse-kv, which adds the listed keys as columns.
func (b *binder) parseKv(op *syntax.ParseKvOp, in *types.Schema) *types.Schema {
	b.scalarOf(op.Source)
	cols := append([]types.Column(nil), in.Columns...)
	if op.Keys != nil {
		cols = append(cols, b.rowSchema(op.Keys).Columns...)
	}
	return types.NewSchema(cols, in.Open)
}

// evaluate binds `evaluate plugin(args)`. The output follows the plugin's
// catalog description; an output schema written after the call wins.
func (b *binder) evaluate(op *syntax.EvaluateOp, in *types.Schema) *types.Schema {
	if in == nil {
		in = types.NewSchema(nil, false)
		b.row = &rowScope{schema: in}
	}
	c, ok := op.Call.(*syntax.CallExpr)
	if !ok {
		b.any(op.Call)
		return brokenSchema()
	}
	id, ok := c.Fun.(*syntax.Ident)
	if !ok {
		b.bindArgs(c.Args)
		return brokenSchema()
	}
	f, ok := funcs.LookupPlugin(id.Name)
	if !ok {
		b.bindArgs(c.Args)
		b.errorf(id, CodeUnknownPlugin, "unknown plugin '%s'%s", id.Name, suggest(id.Name, funcs.Names(funcs.Plugin)))
		return brokenSchema()
	}
	// Plugin arguments may hold aggregates, as pivot's does, and the key
	// columns of ipv4_lookup name columns of its lookup table.
	b.row = &rowScope{schema: in, aggregates: true}
	args := make([]funcs.Arg, len(c.Args))
	for i, a := range c.Args {
		args[i] = b.argInfo(a)
		if i == 0 && f.Output.Shape == funcs.ShapeLookup {
			if t := b.info.Types[a]; t.Schema != nil {
				both := append(append([]types.Column(nil), in.Columns...), t.Schema.Columns...)
				b.row = &rowScope{schema: types.NewSchema(both, in.Open || t.Schema.Open), aggregates: true}
			}
		}
	}
	bind := f.Match(args)
	b.recordCall(c, &Call{Builtin: f, Binding: bind})
	if bind.Signature == nil {
		b.errorf(c, CodeArgCount, "plugin '%s' %s, found %d", f.Name, f.ArityMessage(), len(c.Args))
	}
	if op.Schema != nil {
		s := b.rowSchema(op.Schema)
		if !op.Schema.Star {
			return s
		}
		// `: (*, a: string)` keeps the input columns the plugin keeps,
		// followed by the listed ones.
		var cols []types.Column
		for _, col := range in.Columns {
			if s.Index(col.Name) < 0 && !(f.Output.Shape == funcs.ShapeBagUnpack && col.Name == unpackedColumn(c)) {
				cols = append(cols, col)
			}
		}
		return types.NewSchema(append(cols, s.Columns...), false)
	}
	switch f.Output.Shape {
	case funcs.ShapeFixed:
		return types.NewSchema(append([]types.Column(nil), f.Output.Columns...), false)
	case funcs.ShapeBagUnpack:
		var cols []types.Column
		unpacked := unpackedColumn(c)
		for _, col := range in.Columns {
			if col.Name != unpacked {
				cols = append(cols, col)
			}
		}
		return types.NewSchema(cols, true)
	case funcs.ShapeLookup:
		// The lookup table's columns follow the input's, except those
		// the input has, which are keys.
		if len(c.Args) > 0 {
			if t := b.info.Types[c.Args[0]]; t.Schema != nil {
				cols := append([]types.Column(nil), in.Columns...)
				for _, col := range t.Schema.Columns {
					if in.Index(col.Name) < 0 {
						cols = append(cols, col)
					}
				}
				return types.NewSchema(cols, in.Open || t.Schema.Open)
			}
		}
		return types.NewSchema(in.Columns, true)
	case funcs.ShapeTypeArg:
		if len(c.Args) > 0 {
			if tl, ok := c.Args[0].(*syntax.TypeOfLit); ok && tl.Schema != nil {
				s := b.rowSchema(tl.Schema)
				if tl.Schema.Star {
					return types.NewSchema(append(append([]types.Column(nil), in.Columns...), s.Columns...), false)
				}
				return s
			}
		}
		return brokenSchema()
	}
	return b.pluginOutput(f.Name, c, in)
}

// unpackedColumn returns the name of the column bag_unpack unpacks, or
// "".
func unpackedColumn(c *syntax.CallExpr) string {
	if len(c.Args) > 0 {
		if id, ok := unparen(c.Args[0]).(*syntax.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// pluginOutput gives the output of the plugins whose columns depend on
// their input in ways the catalog does not describe.
func (b *binder) pluginOutput(name string, c *syntax.CallExpr, in *types.Schema) *types.Schema {
	switch name {
	case "pivot":
		// The pivot column's values become new columns, known only when
		// the query runs. The columns listed after the aggregate stay; with
		// none listed, every column but the pivot and aggregated ones does.
		if len(c.Args) > 2 {
			var cols []types.Column
			for _, a := range c.Args[2:] {
				if id, ok := unparen(a).(*syntax.Ident); ok {
					if col, ok := in.Lookup(id.Name); ok {
						cols = append(cols, col)
					}
				}
			}
			return types.NewSchema(cols, true)
		}
		used := map[string]bool{}
		for _, a := range c.Args {
			walkExpr(a, func(x syntax.Expr) bool {
				if id, ok := x.(*syntax.Ident); ok {
					used[id.Name] = true
				}
				return true
			})
		}
		var cols []types.Column
		for _, col := range in.Columns {
			if !used[col.Name] {
				cols = append(cols, col)
			}
		}
		return types.NewSchema(cols, true)
	case "autocluster", "basket":
		cols := []types.Column{{Name: "SegmentId", Type: types.Long}, {Name: "Count", Type: types.Long}, {Name: "Percent", Type: types.Real}}
		return types.NewSchema(append(cols, in.Columns...), false)
	case "sliding_window_counts":
		// sliding_window_counts(id, timeline, start, end, window, bin,
		// dimensions...) counts per timeline bin and dimension.
		var cols []types.Column
		for i, a := range c.Args {
			if i != 1 && i < 6 {
				continue
			}
			if id, ok := unparen(a).(*syntax.Ident); ok {
				if col, ok := in.Lookup(id.Name); ok {
					cols = append(cols, col)
				}
			}
		}
		cols = append(cols, types.Column{Name: "Count", Type: types.Long}, types.Column{Name: "Dcount", Type: types.Long})
		return types.NewSchema(cols, false)
	case "active_users_count":
		// active_users_count(id, timeline, start, end, window, period,
		// active_periods, bin, dimensions...) counts per bin and dimension.
		cols := b.columnArgs(c, in, 1, 8)
		return types.NewSchema(append(cols, types.Column{Name: "dcount", Type: types.Long}), false)
	case "rolling_percentile":
		// rolling_percentile(value, percentile, index, step, window,
		// dimensions...) names its value column
		// rolling_<window>_percentile_<value>_<percentile>.
		cols := b.columnArgs(c, in, 2, 5)
		name := "rolling_"
		kind := types.Unknown
		if len(c.Args) >= 5 {
			name += literalText(c.Args[4]) + "_percentile_" + b.exprName(c.Args[0]) + "_" + literalText(c.Args[1])
			kind = b.info.Types[c.Args[0]].Kind
		}
		return types.NewSchema(append(cols, types.Column{Name: name, Type: kind}), false)
	case "rows_near", "preview":
		return in
	}
	return brokenSchema()
}

// columnArgs returns the input columns named by argument first and by the
// arguments from rest on, as the key columns of analytics plugins.
func (b *binder) columnArgs(c *syntax.CallExpr, in *types.Schema, first, rest int) []types.Column {
	var cols []types.Column
	for i, a := range c.Args {
		if i != first && i < rest {
			continue
		}
		if id, ok := unparen(a).(*syntax.Ident); ok {
			if col, ok := in.Lookup(id.Name); ok {
				cols = append(cols, col)
			}
		}
	}
	return cols
}

// literalText returns a literal as written, or "".
func literalText(e syntax.Expr) string {
	if l, ok := unparen(e).(*syntax.Literal); ok {
		return l.Raw
	}
	return ""
}

// scan binds the scan operator: its steps see the input and the declared
// columns, which the output adds.
func (b *binder) scan(op *syntax.ScanOp, in *types.Schema) *types.Schema {
	cols := append([]types.Column(nil), in.Columns...)
	for _, p := range op.Declare {
		if p == nil || p.Name == nil {
			continue
		}
		k := types.Unknown
		if p.Type != nil {
			k, _ = types.ParseKind(p.Type.Name)
		}
		if p.Default != nil {
			b.withRow(nil, func() { b.any(p.Default) })
		}
		cols = append(cols, types.Column{Name: p.Name.Name, Type: k})
	}
	if id := optionValue(op.Params, "with_match_id"); id != "" {
		cols = append(cols, types.Column{Name: id, Type: types.Long})
	} else {
		cols = append(cols, types.Column{Name: "match_id", Type: types.Long})
	}
	row := types.NewSchema(cols, in.Open)
	b.row = &rowScope{schema: in}
	for _, o := range op.OrderBy {
		if o != nil {
			b.any(o.X)
		}
	}
	for _, p := range op.PartitionBy {
		b.any(p)
	}
	steps := map[string]bool{}
	for _, st := range op.Steps {
		if st != nil && st.Name != nil {
			steps[st.Name.Name] = true
		}
	}
	for _, st := range op.Steps {
		if st == nil {
			continue
		}
		b.row = &rowScope{schema: row, steps: steps}
		if st.Cond != nil {
			b.predicate(st.Cond, "scan step")
		}
		for _, a := range st.Assigns {
			if a != nil {
				b.any(a.X)
			}
		}
	}
	return row
}

// search binds search: over its input when piped, otherwise over the
// listed tables or every table, with a $table column first.
func (b *binder) search(op *syntax.SearchOp, in *types.Schema) *types.Schema {
	var out *types.Schema
	switch {
	case in != nil:
		out = types.NewSchema(append([]types.Column{{Name: "$table", Type: types.String}}, in.Columns...), in.Open)
	case len(op.In) > 0:
		var legs []*types.Schema
		for _, t := range op.In {
			if w, ok := t.(*syntax.WildcardName); ok {
				for _, name := range b.cat.TableNames() {
					if matchPattern(w.Pattern, name) {
						s, _ := b.cat.Table(name)
						legs = append(legs, s)
					}
				}
				continue
			}
			legs = append(legs, b.tabularOf(t))
		}
		out = unionSchemas(legs)
		out.Columns = append([]types.Column{{Name: "$table", Type: types.String}}, out.Columns...)
	default:
		var legs []*types.Schema
		for _, name := range b.cat.TableNames() {
			s, _ := b.cat.Table(name)
			legs = append(legs, s)
		}
		out = unionSchemas(legs)
		out.Columns = append([]types.Column{{Name: "$table", Type: types.String}}, out.Columns...)
	}
	if op.Pred != nil {
		b.row = &rowScope{schema: types.NewSchema(out.Columns, out.Open), search: true}
		b.any(op.Pred)
	}
	return out
}

// commonColumns returns the columns, name and type alike, that every
// table has, in the first table's order.
func commonColumns(tables []*types.Schema) []types.Column {
	if len(tables) == 0 {
		return nil
	}
	var out []types.Column
	for _, c := range tables[0].Columns {
		shared := true
		for _, t := range tables[1:] {
			if tc, ok := t.Lookup(c.Name); !ok || tc.Type != c.Type {
				shared = false
				break
			}
		}
		if shared {
			out = append(out, c)
		}
	}
	return out
}

// find binds find, whose output is the source table name and the
// requested columns, or a pack_ column holding the rest.
func (b *binder) find(op *syntax.FindOp) *types.Schema {
	var legs []*types.Schema
	for _, t := range op.In {
		legs = append(legs, b.tabularOf(t))
	}
	if len(op.In) == 0 {
		for _, name := range b.cat.TableNames() {
			s, _ := b.cat.Table(name)
			legs = append(legs, s)
		}
	}
	all := unionSchemas(legs)
	if op.Pred != nil {
		b.row = &rowScope{schema: types.NewSchema(all.Columns, true), search: true}
		b.any(op.Pred)
	}
	src := optionValue(op.Params, "withsource")
	if src == "" {
		src = "source_"
	}
	cols := []types.Column{{Name: src, Type: types.String}}
	if len(op.Project) == 0 {
		// Without a project clause, find returns the columns every table
		// has, then the rest packed in pack_.
		cols = append(cols, commonColumns(legs)...)
		cols = append(cols, types.Column{Name: "pack_", Type: types.Dynamic})
		return types.NewSchema(cols, false)
	}
	for _, p := range op.Project {
		switch p := p.(type) {
		case *syntax.Ident:
			k := types.Unknown
			if c, ok := all.Lookup(p.Name); ok {
				k = c.Type
			}
			cols = append(cols, types.Column{Name: p.Name, Type: k})
		case *syntax.ColumnDecl:
			if p.Name == nil {
				continue
			}
			k := types.Unknown
			if p.Type != nil {
				k, _ = types.ParseKind(p.Type.Name)
			}
			cols = append(cols, types.Column{Name: p.Name.Name, Type: k})
		default:
			cols = append(cols, types.Column{Name: "pack_", Type: types.Dynamic})
		}
	}
	return types.NewSchema(cols, false)
}
