package sema

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

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

	args := b.pluginArgs(c, f, in)
	bind := f.Match(args)
	b.recordCall(c, &Call{Builtin: f, Binding: bind})
	b.reportBinding(c, f, args, bind)

	if op.Schema != nil {
		return b.declaredPluginSchema(op.Schema, f, c, in)
	}
	return b.pluginSchema(f, c, in)
}

// pluginArgs binds a plugin's arguments. They may hold aggregates, as
// pivot's does, and after ipv4_lookup's lookup table they may name its
// columns.
func (b *binder) pluginArgs(c *syntax.CallExpr, f *funcs.Function, in *types.Schema) []funcs.Arg {
	b.row = &rowScope{schema: in, aggregates: true}
	args := make([]funcs.Arg, len(c.Args))
	for i, a := range c.Args {
		args[i] = b.argInfo(a)
		if i != 0 || f.Output.Shape != funcs.ShapeLookup {
			continue
		}
		if t := b.info.Types[a]; t.Schema != nil {
			both := append(append([]types.Column(nil), in.Columns...), t.Schema.Columns...)
			b.row = &rowScope{schema: types.NewSchema(both, in.Open || t.Schema.Open), aggregates: true}
		}
	}
	return args
}

// declaredPluginSchema returns the output schema written after a plugin
// call. `: (*, a: string)` keeps the input columns the plugin keeps,
// followed by the listed ones.
func (b *binder) declaredPluginSchema(rs *syntax.RowSchema, f *funcs.Function, c *syntax.CallExpr, in *types.Schema) *types.Schema {
	s := b.rowSchema(rs)
	if !rs.Star {
		return s
	}
	var cols []types.Column
	for _, col := range in.Columns {
		if s.Index(col.Name) >= 0 {
			continue
		}
		if f.Output.Shape == funcs.ShapeBagUnpack && col.Name == unpackedColumn(c) {
			continue
		}
		cols = append(cols, col)
	}
	return types.NewSchema(append(cols, s.Columns...), false)
}

// pluginSchema returns a plugin's output as its catalog entry describes
// it.
func (b *binder) pluginSchema(f *funcs.Function, c *syntax.CallExpr, in *types.Schema) *types.Schema {
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
		if len(c.Args) == 0 || b.info.Types[c.Args[0]].Schema == nil {
			return types.NewSchema(in.Columns, true)
		}
		lookup := b.info.Types[c.Args[0]].Schema
		cols := append([]types.Column(nil), in.Columns...)
		for _, col := range lookup.Columns {
			if in.Index(col.Name) < 0 {
				cols = append(cols, col)
			}
		}
		return types.NewSchema(cols, in.Open || lookup.Open)
	case funcs.ShapeTypeArg:
		if len(c.Args) == 0 {
			return brokenSchema()
		}
		tl, ok := c.Args[0].(*syntax.TypeOfLit)
		if !ok || tl.Schema == nil {
			return brokenSchema()
		}
		s := b.rowSchema(tl.Schema)
		if tl.Schema.Star {
			return types.NewSchema(append(append([]types.Column(nil), in.Columns...), s.Columns...), false)
		}
		return s
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
