package plan

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// mvExpand binds mv-expand. The old spelling mvexpand limits each row to
// 128 elements unless a limit clause sets another.
func (b *builder) mvExpand(in Node, op *syntax.MvExpandOp, rs *rowScope) (Node, error) {
	cols := append([]types.Column(nil), in.Schema()...)
	m := &MvExpand{Input: in}
	if op.Keyword == "mvexpand" {
		m.Limit = 128
	}
	if op.Limit != nil {
		e, err := b.expr(op.Limit, &rowScope{scope: rs.scope})
		if err != nil {
			return nil, err
		}
		c, ok := e.(*Const)
		n, isInt := c.Value.(int64)
		if !ok || !isInt {
			if n32, ok32 := c.Value.(int32); ok && ok32 {
				n, isInt = int64(n32), true
			}
		}
		if !ok || !isInt {
			return nil, b.errorf(op.Limit, "mv-expand limit must be an integer constant")
		}
		m.Limit = n
	}
	for _, opt := range []string{"bagexpansion", "kind"} {
		if v, at := optionValue(op.Params, opt); at != nil {
			switch v {
			case "bag":
			case "array":
				m.BagAsArray = true
			default:
				return nil, b.errorf(at, "unknown mv-expand %s '%s'", opt, v)
			}
		}
	}
	for _, item := range op.Items {
		if item.X == nil {
			return nil, b.errorf(item, "mv-expand needs an expression to expand")
		}
		x, name := item.X, ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		k := types.Dynamic
		if item.To != nil {
			tk, err := b.typeRef(item.To.Type, item.To)
			if err != nil {
				return nil, err
			}
			k = tk
		}
		if id, ok := x.(*syntax.Ident); ok && name == "" {
			i := columnIndex(in.Schema(), id.Name)
			if i < 0 {
				return nil, b.errorf(id, "unknown column '%s'%s", id.Name, suggestColumn(id.Name, in.Schema()))
			}
			if in.Schema()[i].Type != types.Dynamic {
				return nil, b.errorf(id, "mv-expand expands dynamic values, but column %s has type %s", id.Name, in.Schema()[i].Type)
			}
			m.Expand = append(m.Expand, MvExpandColumn{Index: i, Kind: k})
			cols[i].Type = k
			m.Targets = append(m.Targets, i)
			continue
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if e.Type() != types.Dynamic {
			return nil, b.errorf(x, "mv-expand expands dynamic values, but this expression has type %s", e.Type())
		}
		if name == "" {
			name = columnName(x, func(n string) bool { return columnIndex(cols, n) >= 0 })
		}
		m.Expand = append(m.Expand, MvExpandColumn{Index: -1, Expr: e, Kind: k})
		if i := columnIndex(cols, name); i >= 0 {
			cols[i].Type = k
			m.Targets = append(m.Targets, i)
		} else {
			cols = append(cols, types.Column{Name: name, Type: k})
			m.Targets = append(m.Targets, len(cols)-1)
		}
	}
	if v, at := optionValue(op.Params, "with_itemindex"); at != nil {
		m.ItemIndex = true
		cols = append(cols, types.Column{Name: v, Type: types.Long})
	}
	m.Columns = cols
	return m, nil
}

// parse binds parse and parse-where.
func (b *builder) parse(in Node, params []*syntax.OptionParam, source syntax.Expr, pattern []syntax.Expr, drop bool, rs *rowScope) (Node, error) {
	src, err := b.expr(source, rs)
	if err != nil {
		return nil, err
	}
	p := &Parse{Input: in, Source: src, Kind: "simple", DropUnmatched: drop}
	if v, at := optionValue(params, "kind"); at != nil {
		switch strings.ToLower(v) {
		case "simple", "regex", "relaxed":
			p.Kind = strings.ToLower(v)
		default:
			return nil, b.errorf(at, "unknown parse kind '%s'", v)
		}
	}
	if v, at := optionValue(params, "flags"); at != nil {
		p.Flags = v
	}
	cols := append([]types.Column(nil), in.Schema()...)
	for _, el := range pattern {
		switch el := el.(type) {
		case *syntax.StringLit:
			p.Parts = append(p.Parts, ParsePart{Literal: el.Value, Column: -1})
		case *syntax.StarExpr:
			p.Parts = append(p.Parts, ParsePart{Literal: "*", Column: -1})
		case *syntax.ColumnDecl:
			k := types.String
			if el.Type != nil {
				tk, err := b.typeRef(el.Type, el)
				if err != nil {
					return nil, err
				}
				k = tk
			}
			i := columnIndex(cols, el.Name.Name)
			if i >= 0 {
				cols[i].Type = k
			} else {
				cols = append(cols, types.Column{Name: el.Name.Name, Type: k})
				i = len(cols) - 1
			}
			p.Parts = append(p.Parts, ParsePart{Column: i, Kind: k})
		case *syntax.Ident:
			i := columnIndex(cols, el.Name)
			if i < 0 {
				cols = append(cols, types.Column{Name: el.Name, Type: types.String})
				i = len(cols) - 1
			}
			p.Parts = append(p.Parts, ParsePart{Column: i, Kind: cols[i].Type})
		default:
			return nil, b.errorf(el, "parse patterns hold string literals, * and column declarations")
		}
	}
	p.Columns = cols
	return p, nil
}

// parseKv binds parse-kv with explicit delimiters.
func (b *builder) parseKv(in Node, op *syntax.ParseKvOp, rs *rowScope) (Node, error) {
	src, err := b.expr(op.Source, rs)
	if err != nil {
		return nil, err
	}
	p := &ParseKv{Input: in, Source: src, PairDelim: " ", KvDelim: "="}
	if len(op.With) == 0 {
		// Without delimiters, keys end at ':' or '=' and values at a
		// space, comma or semicolon.
		p.PairDelim, p.KvDelim, p.Auto = "", "", true
	}
	for _, w := range op.With {
		v, _ := optionValue([]*syntax.OptionParam{w}, w.Name.Name)
		switch strings.ToLower(w.Name.Name) {
		case "pair_delimiter":
			p.PairDelim = v
		case "kv_delimiter":
			p.KvDelim = v
		case "quote":
			p.Quote = v
		case "greedy", "escape":
			return nil, b.errorf(w, "parse-kv option %s is not supported", w.Name.Name)
		default:
			return nil, b.errorf(w, "unknown parse-kv option '%s'", w.Name.Name)
		}
	}
	if op.Keys == nil || len(op.Keys.Columns) == 0 {
		return nil, b.errorf(op, "parse-kv needs the keys to extract: as (name: type, ...)")
	}
	cols := append([]types.Column(nil), in.Schema()...)
	for _, c := range op.Keys.Columns {
		k, err := b.typeRef(c.Type, c)
		if err != nil {
			return nil, err
		}
		i := columnIndex(cols, c.Name.Name)
		if i >= 0 {
			cols[i].Type = k
		} else {
			cols = append(cols, types.Column{Name: c.Name.Name, Type: k})
			i = len(cols) - 1
		}
		p.Keys = append(p.Keys, i)
	}
	p.Columns = cols
	return p, nil
}
