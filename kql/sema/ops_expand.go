package sema

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// expandItems binds the items of mv-expand and mv-apply. Each expanded
// column replaces the input column of its name in place, or is added at
// the end. Its type is the `to typeof(T)` type, or dynamic.
func (b *binder) expandItems(items []*syntax.MvItem, in *types.Schema) (cols []types.Column, names []string) {
	cols = append([]types.Column(nil), in.Columns...)
	index := map[string]int{}
	for i, c := range cols {
		index[c.Name] = i
	}
	generated := newColumnNames()
	generated.avoid = map[string]bool{}
	for _, c := range cols {
		generated.avoid[c.Name] = true
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
