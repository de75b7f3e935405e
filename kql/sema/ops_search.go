package sema

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

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
