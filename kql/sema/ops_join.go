package sema

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// optionValue returns the value of the operator parameter called name,
// such as "leftouter" for kind=leftouter, or "".
func optionValue(params []*syntax.OptionParam, name string) string {
	for _, p := range params {
		if p == nil || p.Name == nil || !strings.EqualFold(p.Name.Name, name) {
			continue
		}
		switch v := p.Value.(type) {
		case *syntax.Ident:
			return v.Name
		case *syntax.StringLit:
			return v.Value
		case *syntax.Literal:
			return v.Raw
		}
	}
	return ""
}

// joinKinds lists the join flavours Kusto accepts.
var joinKinds = map[string]bool{
	"": true, "inner": true, "innerunique": true, "leftouter": true, "rightouter": true, "fullouter": true,
	"leftanti": true, "anti": true, "leftantisemi": true, "rightanti": true, "rightantisemi": true,
	"leftsemi": true, "semi": true, "rightsemi": true,
}

// join binds the join operator. The output has the left columns, then the
// right ones, and a right column whose name is taken is renamed (Key1,
// x2...). Semi and anti joins return one side only.
func (b *binder) join(op *syntax.JoinOp, left *types.Schema) *types.Schema {
	kind := strings.ToLower(optionValue(op.Params, "kind"))
	if !joinKinds[kind] {
		for _, p := range op.Params {
			if p != nil && p.Name != nil && strings.EqualFold(p.Name.Name, "kind") {
				b.errorf(p, CodeInvalidOperand, "unknown join kind '%s'", kind)
			}
		}
	}
	b.row = nil
	right := brokenSchema()
	if op.Right != nil {
		right = b.tabularOf(op.Right)
	}
	b.joinConditions(op.On, left, right)
	if op.Where != nil {
		b.withRow(&rowScope{schema: left, left: left, right: right}, func() { b.predicate(op.Where, "join") })
	}
	switch kind {
	case "leftanti", "anti", "leftantisemi", "leftsemi", "semi":
		return left
	case "rightanti", "rightantisemi", "rightsemi":
		return right
	}
	return mergeSides(left, right, nil)
}

// mergeSides returns the left columns followed by the right ones except
// those in skip. A right column whose name the left side has is renamed
// with the smallest number that makes it unique on both sides: x1, or x2
// when the right side already has x1.
func mergeSides(left, right *types.Schema, skip map[string]bool) *types.Schema {
	names := newColumnNames()
	leftNames := map[string]bool{}
	for _, c := range left.Columns {
		names.take(c.Name)
		leftNames[c.Name] = true
	}
	for _, c := range right.Columns {
		names.take(c.Name)
	}
	cols := append([]types.Column(nil), left.Columns...)
	seen := map[string]bool{}
	for _, c := range right.Columns {
		if skip[c.Name] {
			continue
		}
		// A name the right side repeats, as parse can leave it, is
		// numbered like a name the left side has.
		if leftNames[c.Name] || seen[c.Name] {
			seen[c.Name] = true
			c.Name = names.unique(c.Name)
		}
		seen[c.Name] = true
		cols = append(cols, c)
	}
	return types.NewSchema(cols, left.Open || right.Open)
}

// joinConditions binds the `on` list of join and lookup and returns the
// names of the right columns used as keys.
func (b *binder) joinConditions(on []syntax.Expr, left, right *types.Schema) map[string]bool {
	keys := map[string]bool{}
	scope := &rowScope{schema: left, left: left, right: right}
	b.withRow(scope, func() {
		for _, e := range on {
			b.joinCondition(e, left, right, keys)
		}
	})
	return keys
}

func (b *binder) joinCondition(e syntax.Expr, left, right *types.Schema, keys map[string]bool) {
	switch x := e.(type) {
	case *syntax.Ident:
		li, ri := left.Index(x.Name), right.Index(x.Name)
		switch {
		case li < 0 && !left.Open:
			b.errorf(x, CodeJoinCondition, "join key '%s' is not a column of the left side%s", x.Name, suggest(x.Name, left.Names()))
		case ri < 0 && !right.Open:
			b.errorf(x, CodeJoinCondition, "join key '%s' is not a column of the right side%s", x.Name, suggest(x.Name, right.Names()))
		}
		if li >= 0 {
			b.recordRef(x, &ColumnSymbol{Name: x.Name, Type: left.Columns[li].Type, Index: li})
			b.record(x, scalar(left.Columns[li].Type))
		}
		keys[x.Name] = true
		return
	case *syntax.ParenExpr:
		b.joinCondition(x.X, left, right, keys)
		b.record(x, scalar(types.Bool))
		return
	case *syntax.BinaryExpr:
		if x.Op == syntax.OpAnd {
			b.joinCondition(x.X, left, right, keys)
			b.joinCondition(x.Y, left, right, keys)
			b.record(x, scalar(types.Bool))
			return
		}
		if x.Op == syntax.OpEq {
			b.any(x)
			for _, side := range []syntax.Expr{x.X, x.Y} {
				if m, ok := side.(*syntax.MemberExpr); ok && m.Name != nil {
					if id, ok := m.X.(*syntax.Ident); ok && id.Name == "$right" {
						keys[m.Name.Name] = true
					}
				}
			}
			return
		}
	}
	b.any(e)
}

// lookup binds the lookup operator: the left columns, then the right
// columns other than the keys.
func (b *binder) lookup(op *syntax.LookupOp, left *types.Schema) *types.Schema {
	b.row = nil
	right := brokenSchema()
	if op.Right != nil {
		right = b.tabularOf(op.Right)
	}
	keys := b.joinConditions(op.On, left, right)
	return mergeSides(left, right, keys)
}

// union binds union. A column that has different types in different legs
// becomes one column per type, named with a type suffix: x_long, x_string.
func (b *binder) union(op *syntax.UnionOp, in *types.Schema) *types.Schema {
	var legs []*types.Schema
	if in != nil {
		legs = append(legs, in)
	}
	b.row = nil
	fuzzy := strings.EqualFold(optionValue(op.Params, "isfuzzy"), "true")
	missing := false
	for _, t := range op.Tables {
		switch t := t.(type) {
		case *syntax.WildcardName:
			matched := b.matchTables(t.Pattern)
			if len(matched) == 0 {
				b.errorf(t, CodeUnknownTable, "no table matches '%s'", t.Raw)
			}
			legs = append(legs, matched...)
		case nil:
		default:
			// With isfuzzy=true, a leg may read a missing table. Kusto
			// does not report it, and types the leg's columns as unknown.
			mark := len(b.diags.list)
			leg := b.tabularOf(t)
			if fuzzy && b.diags.dropSince(mark, CodeUnknownTable) {
				missing = true
			}
			legs = append(legs, leg)
		}
	}
	out := unionSchemas(legs)
	// A leg that reads a missing table may have any column, so the union
	// may too.
	out.Open = out.Open || missing
	if src := optionValue(op.Params, "withsource"); src != "" {
		out.Columns = append([]types.Column{{Name: src, Type: types.String}}, out.Columns...)
	}
	return out
}

// unionSchemas merges the columns of several tables in order of first
// appearance, splitting columns whose types differ.
//
// NOTE: this follows Microsoft's binder (Kusto.Language 12.4), which
// settles each name at its second occurrence. When the first two tables
// with the column agree on its type, later tables with another type are
// merged into that one column rather than split. So a union of t:long,
// t:long and t:string gives t:long, but t:long, t:string and t:long give
// t_long and t_string.
func unionSchemas(legs []*types.Schema) *types.Schema {
	type entry struct {
		name  string
		kinds []types.Kind
		seen  int
	}
	var order []*entry
	byName := map[string]*entry{}
	open := false
	for _, leg := range legs {
		open = open || leg.Open
		for _, c := range leg.Columns {
			e := byName[c.Name]
			if e == nil {
				e = &entry{name: c.Name}
				byName[c.Name] = e
				order = append(order, e)
			}
			e.seen++
			switch {
			case e.seen == 1:
				e.kinds = []types.Kind{c.Type}
			case e.seen == 2 || len(e.kinds) > 1:
				if !containsKind(e.kinds, c.Type) {
					e.kinds = append(e.kinds, c.Type)
				}
			}
		}
	}
	// A suffixed name may meet a column already called so, as x_long
	// does in a union of x:long, x:int and x_long:long; it is numbered.
	names := newColumnNames()
	var cols []types.Column
	for _, e := range order {
		if len(e.kinds) == 1 {
			cols = append(cols, types.Column{Name: names.unique(e.name), Type: e.kinds[0]})
			continue
		}
		for _, k := range e.kinds {
			cols = append(cols, types.Column{Name: names.unique(e.name + "_" + k.String()), Type: k})
		}
	}
	return types.NewSchema(cols, open)
}

// matchTables returns the tables and tabular let names, views included,
// whose names match a wildcard pattern.
func (b *binder) matchTables(pattern string) []*types.Schema {
	var out []*types.Schema
	for sc := b.scope; sc != nil; sc = sc.parent {
		for _, l := range sc.order {
			if !matchPattern(pattern, l.Name) {
				continue
			}
			l.uses++
			t := l.Type
			if l.Func != nil {
				if len(l.Func.Params) > 0 {
					continue
				}
				t = b.userCall(l.Decl.Name, l, nil, nil)
			}
			if t.Schema != nil {
				out = append(out, t.Schema)
			}
		}
	}
	for _, name := range b.cat.TableNames() {
		if matchPattern(pattern, name) {
			s, _ := b.cat.Table(name)
			out = append(out, s)
		}
	}
	return out
}

func containsKind(kinds []types.Kind, k types.Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
