package sema

import (
	"sort"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// item is one output column of a projection item, before it is placed.
type item struct {
	name     string
	explicit bool // named by the query, or a plain column reference
	tuple    bool // a field of a function that returns several values
	kind     types.Kind
}

// itemColumns binds one item of extend, project or print and returns the
// columns it produces: one for most items, several for a call of a
// function that returns a tuple, such as series_fit_line. An unnamed
// column has the name "", for the caller to number.
func (b *binder) itemColumns(e syntax.Expr) []item {
	defer b.recordNamed(e)
	switch x := e.(type) {
	case *syntax.NamedExpr:
		k := b.scalarOf(x.X)
		if f := b.callFunction(x.X); f != nil && len(f.Tuple) > 0 {
			cols := b.tupleColumns(x.X)
			cols[0].name, cols[0].explicit = x.Name.Name, true
			return cols
		}
		return []item{{name: x.Name.Name, explicit: true, kind: k}}
	case *syntax.TupleNamedExpr:
		k := b.scalarOf(x.X)
		f := b.callFunction(x.X)
		var cols []item
		if f != nil && len(f.Tuple) > 0 {
			cols = b.tupleColumns(x.X)
		} else {
			cols = []item{{kind: k}}
		}
		for i, n := range x.Names {
			if i < len(cols) && n != nil {
				cols[i].name, cols[i].explicit = n.Name, true
			}
		}
		return cols
	}
	k := b.scalarOf(e)
	if f := b.callFunction(e); f != nil && len(f.Tuple) > 0 {
		return b.tupleColumns(e)
	}
	if cols := b.sortedColumns(e); cols != nil {
		return cols
	}
	name := b.exprName(e)
	_, isRef := e.(*syntax.Ident)
	return []item{{name: name, explicit: isRef && name != "", kind: k}}
}

// tupleColumns names the fields of a tuple-returning call:
// series_fit_line(y) gives series_fit_line_y_rsquare and so on.
func (b *binder) tupleColumns(e syntax.Expr) []item {
	fn := b.callFunction(e)
	c := unparen(e).(*syntax.CallExpr)
	arg := ""
	if len(c.Args) > 0 {
		arg = b.exprName(c.Args[0])
	}
	cols := make([]item, len(fn.Tuple))
	for i, field := range fn.Tuple {
		cols[i] = item{name: fn.Name + "_" + arg + "_" + field.Name, kind: field.Type, tuple: true}
	}
	return cols
}

// sortedColumns returns the columns of array_sort_asc and array_sort_desc
// called with several arrays, which return one sorted array each, named
// after the array's name with _sorted: a_sorted, b_sorted. It returns nil
// for other expressions.
func (b *binder) sortedColumns(e syntax.Expr) []item {
	f := b.callFunction(e)
	if f == nil || (f.Canonical != "array_sort_asc" && f.Canonical != "array_sort_desc") {
		return nil
	}
	c := unparen(e).(*syntax.CallExpr)
	var cols []item
	for _, a := range c.Args {
		if b.info.Types[a].Kind == types.Bool {
			continue
		}
		name := b.exprName(a)
		if id, ok := unparen(a).(*syntax.Ident); ok {
			name = id.Name
		}
		cols = append(cols, item{name: name + "_sorted", kind: types.Dynamic, tuple: true})
	}
	if len(cols) < 2 {
		return nil
	}
	return cols
}

func unparen(e syntax.Expr) syntax.Expr {
	for {
		p, ok := e.(*syntax.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// extend binds extend and serialize: each item adds a column, or
// replaces the input column of the same name in place. The items read the
// input columns only, not the columns that earlier items of the same
// extend add, as in Kusto.
func (b *binder) extend(exprs []syntax.Expr, in *types.Schema) *types.Schema {
	// parse may leave two columns with one name; Kusto numbers the second
	// when the next operator builds its columns.
	names := newColumnNames()
	names.avoid = map[string]bool{}
	cols := make([]types.Column, len(in.Columns))
	for i, c := range in.Columns {
		c.Name = names.unique(c.Name)
		names.avoid[c.Name] = true
		cols[i] = c
	}
	// The row is a copy, so that names read from an open input join it
	// without changing the input.
	row := types.NewSchema(cols, in.Open)
	b.row = &rowScope{schema: row}
	replaced := map[string]types.Kind{}
	var added []types.Column
	declared := map[string]bool{}
	for _, e := range exprs {
		var out []string
		for _, it := range b.itemColumns(e) {
			name := it.name
			if name == "" {
				name = names.generated()
			}
			if it.explicit {
				if declared[name] {
					b.errorf(e, CodeDuplicateColumn, "column '%s' is already declared in this extend", name)
				}
				declared[name] = true
			}
			switch {
			case row.Index(name) >= 0:
				replaced[name] = it.kind
			default:
				found := false
				for i := range added {
					if added[i].Name == name {
						added[i].Type = it.kind
						found = true
					}
				}
				if !found {
					names.take(name)
					added = append(added, types.Column{Name: name, Type: it.kind})
				}
			}
			out = append(out, name)
		}
		b.recordColumns(e, out...)
	}
	// Names read from an open input joined the row as they were read, so
	// they come before the added columns, as in Kusto's output.
	result := make([]types.Column, 0, len(row.Columns)+len(added))
	for _, c := range row.Columns {
		if k, ok := replaced[c.Name]; ok {
			c.Type = k
		}
		result = append(result, c)
	}
	result = append(result, added...)
	return types.NewSchema(result, in.Open)
}

// project binds project and print. An explicit name, or a plain column
// reference, that repeats an earlier column is an error; a generated name
// that does is numbered. print numbers unnamed columns print_0, print_1...
// by their position.
func (b *binder) project(exprs []syntax.Expr, in *types.Schema, print bool) *types.Schema {
	type slot struct {
		expr syntax.Expr
		pos  int // position of the item in exprs
		col  int // index of its column in cols
		it   item
	}
	var cols []types.Column
	var slots []slot
	names := newColumnNames()
	// Explicit names claim their spelling first, so a generated name never
	// takes one that a later item states.
	for pos, e := range exprs {
		if w, ok := e.(*syntax.WildcardName); ok && in != nil {
			for _, c := range in.Columns {
				if matchPattern(w.Pattern, c.Name) && !names.has(c.Name) {
					names.take(c.Name)
					cols = append(cols, c)
				}
			}
			continue
		}
		items := b.itemColumns(e)
		if print {
			// print keeps only the named fields of a tuple.
			switch x := e.(type) {
			case *syntax.NamedExpr:
				items = items[:1]
			case *syntax.TupleNamedExpr:
				if len(x.Names) < len(items) {
					items = items[:len(x.Names)]
				}
			}
		}
		for _, it := range items {
			if it.explicit {
				if names.has(it.name) {
					b.errorf(e, CodeDuplicateColumn, "column '%s' is already declared", it.name)
				}
				names.take(it.name)
			}
			cols = append(cols, types.Column{Name: it.name, Type: it.kind})
			slots = append(slots, slot{expr: e, pos: pos, col: len(cols) - 1, it: it})
		}
	}
	for _, sl := range slots {
		if sl.it.explicit {
			continue
		}
		switch name := sl.it.name; {
		case print && !sl.it.tuple:
			// print numbers every unnamed column by its position, whatever
			// the expression, except the fields of a tuple.
			cols[sl.col].Name = names.unique("print_" + itoa(sl.pos))
		case name == "":
			cols[sl.col].Name = names.unique(names.generated())
		default:
			cols[sl.col].Name = names.unique(name)
		}
	}
	for i, sl := range slots {
		if i > 0 && slots[i-1].expr == sl.expr {
			continue
		}
		var out []string
		for _, other := range slots[i:] {
			if other.expr != sl.expr {
				break
			}
			out = append(out, cols[other.col].Name)
		}
		b.recordColumns(sl.expr, out...)
	}
	return types.NewSchema(cols, false)
}

// projectByNames binds project-by-names, which selects columns by names
// or wildcard patterns given as strings or a dynamic array of strings.
func (b *binder) projectByNames(exprs []syntax.Expr, in *types.Schema) *types.Schema {
	var patterns []string
	for _, e := range exprs {
		b.any(e)
		switch x := unparen(e).(type) {
		case *syntax.StringLit:
			patterns = append(patterns, x.Value)
		case *syntax.DynamicLit:
			if arr, ok := x.Value.(*syntax.JSONArray); ok {
				for _, el := range arr.Elems {
					if s, ok := stringValue(el); ok {
						patterns = append(patterns, s)
					}
				}
			}
		}
	}
	var cols []types.Column
	taken := map[string]bool{}
	for _, p := range patterns {
		matched := false
		for _, c := range in.Columns {
			if matchPattern(p, c.Name) && !taken[c.Name] {
				taken[c.Name] = true
				matched = true
				cols = append(cols, c)
			}
		}
		if !matched && in.Open && !taken[p] {
			taken[p] = true
			cols = append(cols, types.Column{Name: p, Type: types.Unknown})
		}
	}
	return types.NewSchema(cols, false)
}

// distinct binds `distinct a, b` and `distinct *`.
func (b *binder) distinct(op *syntax.DistinctOp, in *types.Schema) *types.Schema {
	if len(op.Exprs) == 1 {
		if _, ok := op.Exprs[0].(*syntax.StarExpr); ok {
			for _, c := range in.Columns {
				if c.Type == types.Dynamic {
					b.errorf(op.Exprs[0], CodeDynamicNotAllowed, "distinct * cannot compare the dynamic column '%s'; project it away or convert it with tostring()", c.Name)
					break
				}
			}
			return in
		}
	}
	out := b.project(op.Exprs, in, false)
	for i, c := range out.Columns {
		if c.Type == types.Dynamic && i < len(op.Exprs) {
			b.errorf(op.Exprs[i], CodeDynamicNotAllowed, "distinct cannot compare dynamic values; convert the column with tostring()")
		}
	}
	return out
}

// columnRefs resolves the column list of project-away and project-keep:
// names and wildcard patterns. It returns a mark per input column.
func (b *binder) columnRefs(list []syntax.Expr, in *types.Schema) []bool {
	marked := make([]bool, len(in.Columns))
	for _, e := range list {
		switch e := e.(type) {
		case *syntax.Ident:
			i := in.Index(e.Name)
			if i < 0 {
				if !in.Open {
					b.errorf(e, CodeUnknownName, "unknown column '%s'%s", e.Name, suggest(e.Name, in.Names()))
				}
				continue
			}
			marked[i] = true
			b.recordRef(e, &ColumnSymbol{Name: e.Name, Type: in.Columns[i].Type, Index: i})
		case *syntax.WildcardName:
			found := false
			for i, c := range in.Columns {
				if matchPattern(e.Pattern, c.Name) {
					marked[i] = true
					found = true
				}
			}
			if !found && !in.Open {
				b.errorf(e, CodeUnknownName, "no column matches '%s'", e.Raw)
			}
		default:
			b.any(e)
		}
	}
	return marked
}

func (b *binder) projectAway(list []syntax.Expr, in *types.Schema) *types.Schema {
	marked := b.columnRefs(list, in)
	var cols []types.Column
	for i, c := range in.Columns {
		if !marked[i] {
			cols = append(cols, c)
		}
	}
	return types.NewSchema(cols, in.Open)
}

func (b *binder) projectKeep(list []syntax.Expr, in *types.Schema) *types.Schema {
	marked := b.columnRefs(list, in)
	var cols []types.Column
	for i, c := range in.Columns {
		if marked[i] {
			cols = append(cols, c)
		}
	}
	return types.NewSchema(cols, false)
}

// projectRename binds `project-rename new = old`.
func (b *binder) projectRename(list []syntax.Expr, in *types.Schema) *types.Schema {
	cols := append([]types.Column(nil), in.Columns...)
	for _, e := range list {
		n, ok := e.(*syntax.NamedExpr)
		if !ok {
			b.any(e)
			b.errorf(e, CodeInvalidOperand, "project-rename needs new = old")
			continue
		}
		old, ok := n.X.(*syntax.Ident)
		if !ok {
			b.any(n.X)
			b.errorf(n.X, CodeInvalidOperand, "project-rename needs a column name after '='")
			continue
		}
		i := -1
		for j, c := range cols {
			if c.Name == old.Name {
				i = j
			}
		}
		if i < 0 {
			if !in.Open {
				b.errorf(old, CodeUnknownName, "unknown column '%s'%s", old.Name, suggest(old.Name, in.Names()))
			}
			continue
		}
		b.recordRef(old, &ColumnSymbol{Name: old.Name, Type: cols[i].Type, Index: i})
		for j, c := range cols {
			if j != i && c.Name == n.Name.Name {
				b.errorf(n.Name, CodeDuplicateColumn, "column '%s' is already declared", n.Name.Name)
			}
		}
		cols[i].Name = n.Name.Name
		b.recordColumns(e, n.Name.Name)
	}
	return types.NewSchema(cols, in.Open)
}

// projectReorder binds `project-reorder a, b* asc`: the listed columns
// first, in the order given, then the rest.
func (b *binder) projectReorder(list []*syntax.OrderedExpr, in *types.Schema) *types.Schema {
	taken := make([]bool, len(in.Columns))
	var cols []types.Column
	for _, oe := range list {
		if oe == nil {
			continue
		}
		switch x := oe.X.(type) {
		case *syntax.Ident:
			i := in.Index(x.Name)
			if i < 0 {
				if in.Open {
					// An open schema gains the column, as in a reference.
					cols = append(cols, types.Column{Name: x.Name, Type: types.Unknown})
				} else {
					b.errorf(x, CodeUnknownName, "unknown column '%s'%s", x.Name, suggest(x.Name, in.Names()))
				}
				continue
			}
			if !taken[i] {
				taken[i] = true
				cols = append(cols, in.Columns[i])
			}
		case *syntax.WildcardName:
			var matched []types.Column
			for i, c := range in.Columns {
				if !taken[i] && matchPattern(x.Pattern, c.Name) {
					taken[i] = true
					matched = append(matched, c)
				}
			}
			switch oe.Order {
			case syntax.SortAsc, syntax.SortGrannyAsc:
				sort.SliceStable(matched, func(i, j int) bool { return matched[i].Name < matched[j].Name })
			case syntax.SortDesc, syntax.SortGrannyDesc:
				sort.SliceStable(matched, func(i, j int) bool { return matched[i].Name > matched[j].Name })
			}
			cols = append(cols, matched...)
		}
	}
	for i, c := range in.Columns {
		if !taken[i] {
			cols = append(cols, c)
		}
	}
	return types.NewSchema(cols, in.Open)
}
