package plan

import (
	"errors"
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// optionValue returns the value of a name=value operator parameter as
// text, or "".
func optionValue(params []*syntax.OptionParam, name string) (string, syntax.Node) {
	for _, p := range params {
		if strings.EqualFold(p.Name.Name, name) {
			switch v := p.Value.(type) {
			case *syntax.Ident:
				return v.Name, p
			case *syntax.StringLit:
				return v.Value, p
			case *syntax.Literal:
				return v.Raw, p
			}
			return "", p
		}
	}
	return "", nil
}

// join binds join and lookup.
func (b *builder) join(in Node, params []*syntax.OptionParam, rightX syntax.Expr, on []syntax.Expr, where syntax.Expr, lookup bool, sc *scope) (Node, error) {
	if where != nil {
		return nil, b.errorf(where, "join ... where is not supported; use on with equality conditions")
	}
	kind := InnerUnique
	if lookup {
		kind = LeftOuter
	}
	if v, at := optionValue(params, "kind"); at != nil {
		k, ok := ParseJoinKind(v)
		if !ok || (lookup && k != LeftOuter && k != Inner) {
			return nil, b.errorf(at, "unknown join kind '%s'", v)
		}
		kind = k
	}
	right, err := b.tabular(rightX, sc)
	if err != nil {
		return nil, err
	}
	lcols, rcols := in.Schema(), right.Schema()
	j := &Join{Left: in, Right: right, Kind: kind, Lookup: lookup}
	var addKey func(x syntax.Expr) error
	addKey = func(x syntax.Expr) error {
		x = unparen(x)
		switch x := x.(type) {
		case *syntax.Ident:
			li, ri := columnIndex(lcols, x.Name), columnIndex(rcols, x.Name)
			if li < 0 {
				return b.errorf(x, "unknown column '%s' in the left side of the join", x.Name)
			}
			if ri < 0 {
				return b.errorf(x, "unknown column '%s' in the right side of the join", x.Name)
			}
			j.LeftKeys = append(j.LeftKeys, li)
			j.RightKeys = append(j.RightKeys, ri)
			return nil
		case *syntax.BinaryExpr:
			if x.Op == syntax.OpAnd {
				if err := addKey(x.X); err != nil {
					return err
				}
				return addKey(x.Y)
			}
			if x.Op != syntax.OpEq {
				return b.errorf(x, "join conditions must be equalities such as $left.a == $right.b")
			}
			side := func(e syntax.Expr) (string, string, bool) {
				m, ok := unparen(e).(*syntax.MemberExpr)
				if !ok {
					return "", "", false
				}
				id, ok := m.X.(*syntax.Ident)
				if !ok {
					return "", "", false
				}
				return id.Name, m.Name.Name, true
			}
			s1, n1, ok1 := side(x.X)
			s2, n2, ok2 := side(x.Y)
			if !ok1 || !ok2 {
				return b.errorf(x, "join conditions must compare $left.column with $right.column")
			}
			if s1 == "$right" && s2 == "$left" {
				s1, s2, n1, n2 = s2, s1, n2, n1
			}
			if s1 != "$left" || s2 != "$right" {
				return b.errorf(x, "join conditions must compare $left.column with $right.column")
			}
			li, ri := columnIndex(lcols, n1), columnIndex(rcols, n2)
			if li < 0 {
				return b.errorf(x.X, "unknown column '%s' in the left side of the join", n1)
			}
			if ri < 0 {
				return b.errorf(x.Y, "unknown column '%s' in the right side of the join", n2)
			}
			j.LeftKeys = append(j.LeftKeys, li)
			j.RightKeys = append(j.RightKeys, ri)
			return nil
		}
		return b.errorf(x, "join conditions must be column names or $left.a == $right.b")
	}
	for _, x := range on {
		if err := addKey(x); err != nil {
			return nil, err
		}
	}
	if len(j.LeftKeys) == 0 {
		return nil, b.errorf(rightX, "join needs an on clause")
	}
	for i := range j.LeftKeys {
		lk, rk := lcols[j.LeftKeys[i]].Type, rcols[j.RightKeys[i]].Type
		if lk != rk && !(lk.IsNumeric() && rk.IsNumeric()) {
			return nil, b.errorf(rightX, "join key %s has type %s on the left but %s on the right", lcols[j.LeftKeys[i]].Name, lk, rk)
		}
	}
	taken := func(n string) bool { return columnIndex(j.Columns, n) >= 0 }
	addSide := func(cols []types.Column, out *[]int, skip map[int]bool) {
		for i, c := range cols {
			if skip[i] {
				continue
			}
			*out = append(*out, i)
			j.Columns = append(j.Columns, types.Column{Name: uniqueName(c.Name, taken), Type: c.Type})
		}
	}
	switch kind {
	case LeftSemi, LeftAnti:
		addSide(lcols, &j.LeftOut, nil)
	case RightSemi, RightAnti:
		addSide(rcols, &j.RightOut, nil)
	default:
		addSide(lcols, &j.LeftOut, nil)
		skip := map[int]bool{}
		if lookup {
			for _, k := range j.RightKeys {
				skip[k] = true
			}
		}
		addSide(rcols, &j.RightOut, skip)
	}
	return j, nil
}

// union binds union. With kind=outer (the default) every column of every
// leg appears; a name whose legs disagree on its type becomes one column
// per type, named name_type. With kind=inner only the columns all legs
// share appear.
func (b *builder) union(in Node, op *syntax.UnionOp, sc *scope) (Node, error) {
	var legs []Node
	var names []string
	if in != nil {
		legs = append(legs, in)
		names = append(names, "")
	}
	fuzzy := false
	if v, _ := optionValue(op.Params, "isfuzzy"); v == "true" {
		fuzzy = true
	}
	var skipped []error
	for _, t := range op.Tables {
		switch t := t.(type) {
		case *syntax.WildcardName:
			matched := false
			for _, name := range viewNames(sc) {
				if wildcardMatch(t.Pattern, name) {
					n, err := b.tableRef(&syntax.Ident{Span: t.Span, Name: name}, sc)
					if err != nil {
						return nil, err
					}
					legs = append(legs, n)
					names = append(names, name)
					matched = true
				}
			}
			if lister, ok := b.catalog.(interface{ TableNames() []string }); ok {
				for _, name := range lister.TableNames() {
					if wildcardMatch(t.Pattern, name) {
						cols, _ := b.catalog.TableSchema(name)
						legs = append(legs, &Scan{Table: name, Columns: cols})
						names = append(names, name)
						matched = true
					}
				}
			}
			if !matched && !fuzzy {
				return nil, b.errorf(t, "no table matches '%s'", t.Pattern)
			}
			continue
		}
		n, err := b.tabular(t, sc)
		if err != nil {
			// With isfuzzy=true, Kusto drops the legs that read a table
			// it cannot find and unions the rest.
			var pe *Error
			if fuzzy && errors.As(err, &pe) && pe.MissingTable {
				skipped = append(skipped, err)
				continue
			}
			return nil, err
		}
		legs = append(legs, n)
		name := ""
		if id, ok := t.(*syntax.Ident); ok {
			// Tables and views keep their names; other let-bound legs
			// become union_argN, as in Kusto.
			if bd := sc.lookup(id.Name); bd == nil || (bd.fn != nil && bd.fn.View) {
				name = id.Name
			}
		}
		names = append(names, name)
	}
	if len(legs) == 0 && len(skipped) > 0 {
		// Kusto rejects a fuzzy union none of whose tables exist.
		return nil, skipped[0]
	}
	for i := range names {
		if names[i] == "" {
			names[i] = "union_arg" + itoa(i)
		}
	}
	inner := false
	if v, at := optionValue(op.Params, "kind"); at != nil {
		switch v {
		case "inner":
			inner = true
		case "outer":
		default:
			return nil, b.errorf(at, "unknown union kind '%s'", v)
		}
	}
	u := &Union{Legs: legs, SourceIndex: -1, SourceNames: names}
	if v, at := optionValue(op.Params, "withsource"); at != nil {
		u.SourceIndex = 0
		u.Columns = append(u.Columns, types.Column{Name: v, Type: types.String})
	}
	// Collect names in order of first appearance with their types.
	type entry struct {
		name  string
		kinds []types.Kind
		count int
	}
	var order []*entry
	byName := map[string]*entry{}
	for _, leg := range legs {
		for _, c := range leg.Schema() {
			e := byName[c.Name]
			if e == nil {
				e = &entry{name: c.Name}
				byName[c.Name] = e
				order = append(order, e)
			}
			e.count++
			seen := false
			for _, k := range e.kinds {
				if k == c.Type {
					seen = true
				}
			}
			if !seen {
				e.kinds = append(e.kinds, c.Type)
			}
		}
	}
	type outCol struct {
		name string     // output column name
		src  string     // name of the leg columns it takes
		kind types.Kind // type of the leg columns it takes
	}
	var outs []outCol
	for _, e := range order {
		if inner && e.count < len(legs) {
			continue
		}
		if len(e.kinds) == 1 {
			outs = append(outs, outCol{e.name, e.name, e.kinds[0]})
			continue
		}
		for _, k := range e.kinds {
			outs = append(outs, outCol{e.name + "_" + k.String(), e.name, k})
		}
	}
	// A suffixed name may collide with a column that already has it, as
	// x_long from x does with a column named x_long: number the first.
	for i := range outs {
		for j := i + 1; j < len(outs); j++ {
			if outs[j].name == outs[i].name {
				taken := func(n string) bool {
					for _, o := range outs {
						if o.name == n {
							return true
						}
					}
					return false
				}
				outs[i].name = uniqueName(outs[i].name, taken)
			}
		}
	}
	base := len(u.Columns)
	for _, o := range outs {
		u.Columns = append(u.Columns, types.Column{Name: o.name, Type: o.kind})
	}
	for _, leg := range legs {
		m := make([]int, len(u.Columns))
		for i := range m {
			m[i] = -1
		}
		for ci, c := range leg.Schema() {
			for oi, o := range outs {
				if o.src == c.Name && o.kind == c.Type {
					m[base+oi] = ci
				}
			}
		}
		u.Maps = append(u.Maps, m)
	}
	return u, nil
}

// viewNames returns the names of the views declared with let, innermost
// scope first, for union's wildcard legs.
func viewNames(sc *scope) []string {
	var out []string
	seen := map[string]bool{}
	for s := sc; s != nil; s = s.parent {
		var names []string
		for n, bd := range s.names {
			if bd.fn != nil && bd.fn.View && !seen[n] {
				names = append(names, n)
				seen[n] = true
			}
		}
		sort.Strings(names)
		out = append(out, names...)
	}
	return out
}
