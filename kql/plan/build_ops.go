package plan

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// tabular binds a tabular expression.
func (b *builder) tabular(x syntax.Expr, sc *scope) (Node, error) {
	switch x := x.(type) {
	case *syntax.PipeExpr:
		var in Node
		var err error
		if op, ok := x.Source.(syntax.Operator); ok {
			in, err = b.operator(op, nil, sc)
		} else {
			in, err = b.tabular(x.Source, sc)
		}
		if err != nil {
			return nil, err
		}
		for _, op := range x.Ops {
			if in, err = b.operator(op, in, sc); err != nil {
				return nil, err
			}
		}
		return in, nil
	case *syntax.ParenExpr:
		return b.tabular(x.X, sc)
	case *syntax.Ident:
		return b.tableRef(x, sc)
	case *syntax.DataTableExpr:
		return b.datatable(x)
	case *syntax.ExternalDataExpr:
		return nil, b.errorf(x, "externaldata is not supported: queries run over local tables only, so load the data as a table instead")
	case *syntax.CallExpr:
		id, ok := x.Fun.(*syntax.Ident)
		if !ok {
			return nil, b.errorf(x, "this kind of call is not supported")
		}
		if bd := sc.lookup(id.Name); bd != nil && bd.fn != nil {
			return b.callTabularFunc(id, bd, x.Args, sc)
		}
		switch id.Name {
		case "materialize":
			if len(x.Args) != 1 {
				return nil, b.errorf(x, "materialize expects 1 argument")
			}
			n, err := b.tabular(x.Args[0], sc)
			if err != nil {
				return nil, err
			}
			b.nextID++
			return &Shared{ID: b.nextID, Input: n}, nil
		case "table", "view":
			if len(x.Args) == 1 {
				// The name may be a literal or a constant, such as a
				// function parameter.
				e, err := b.expr(x.Args[0], &rowScope{scope: sc})
				if err != nil {
					return nil, err
				}
				if c, ok := e.(*Const); ok {
					if s, ok := c.Value.(string); ok {
						at := x.Args[0]
						return b.tableRef(&syntax.Ident{Span: syntax.Span{From: at.Pos(), To: at.End()}, Name: s}, sc)
					}
				}
			}
		}
		if id.Name == "table" {
			return nil, b.errorf(x, "table() needs a table name known when the query is compiled, such as a string literal or a let constant")
		}
		return nil, b.errorf(x, "%s(...) is not a tabular expression", id.Name)
	case syntax.Operator:
		return b.operator(x, nil, sc)
	}
	return nil, b.errorf(x, "a tabular expression is expected here")
}

// operator binds one query operator over its input (nil for operators
// that start a pipeline, such as print and range).
func (b *builder) operator(op syntax.Operator, in Node, sc *scope) (Node, error) {
	if in == nil {
		switch op.(type) {
		case *syntax.PrintOp, *syntax.RangeOp, *syntax.UnionOp, *syntax.SearchOp:
		default:
			return nil, b.errorf(op, "this operator needs an input table")
		}
	}
	var cols []types.Column
	if in != nil {
		cols = in.Schema()
	}
	rs := &rowScope{cols: cols, scope: sc, serialized: isSerialized(in)}
	if _, ok := op.(*syntax.SerializeOp); ok {
		rs.serialized = true
	}
	switch op := op.(type) {
	case *syntax.WhereOp:
		pred, err := b.expr(op.Pred, rs)
		if err != nil {
			return nil, err
		}
		if k := pred.Type(); k != types.Bool && k != types.Dynamic && k != types.Unknown {
			return nil, b.errorf(op.Pred, "the where predicate has type %s, but bool is expected", k)
		}
		return &Filter{Input: in, Pred: pred}, nil
	case *syntax.ExtendOp:
		return b.extend(in, op.Exprs, rs)
	case *syntax.ProjectOp:
		return b.project(in, op.Exprs, rs)
	case *syntax.ProjectAwayOp:
		return b.projectAway(in, op.Columns, false)
	case *syntax.ProjectKeepOp:
		return b.projectAway(in, op.Columns, true)
	case *syntax.ProjectRenameOp:
		return b.projectRename(in, op)
	case *syntax.ProjectReorderOp:
		return b.projectReorder(in, op)
	case *syntax.SummarizeOp:
		return b.summarize(in, op, rs)
	case *syntax.TopNestedOp:
		return b.topNested(in, op, rs)
	case *syntax.TopHittersOp:
		return b.topHitters(in, op, rs)
	case *syntax.EvaluateOp:
		return b.evaluate(in, op, sc)
	case *syntax.SampleOp:
		// Any rows will do; the first ones keep results reproducible.
		n, err := b.expr(op.Count, &rowScope{scope: sc})
		if err != nil {
			return nil, err
		}
		return &Take{Input: in, N: n}, nil
	case *syntax.SampleDistinctOp:
		n, err := b.expr(op.Count, &rowScope{scope: sc})
		if err != nil {
			return nil, err
		}
		d, err := b.distinct(in, &syntax.DistinctOp{Exprs: []syntax.Expr{op.Of}}, rs)
		if err != nil {
			return nil, err
		}
		return &Take{Input: d, N: n}, nil
	case *syntax.RenderOp:
		// render only chooses a chart in Kusto's clients; the rows pass
		// through unchanged.
		return in, nil
	case *syntax.InvokeOp:
		return b.invoke(in, op, sc)
	case *syntax.ScanOp:
		return b.scanOp(in, op, sc)
	case *syntax.PartitionOp:
		return b.partition(in, op, sc)
	case *syntax.MvApplyOp:
		return b.mvApply(in, op, sc)
	case *syntax.SearchOp:
		return b.search(in, op, sc)
	case *syntax.ParseKvOp:
		return b.parseKv(in, op, rs)
	case *syntax.MakeSeriesOp:
		return b.makeSeries(in, op, rs)
	case *syntax.CountOp:
		name := "Count"
		if op.As != nil {
			name = op.As.Name
		}
		return &Count{Input: in, Name: name}, nil
	case *syntax.DistinctOp:
		return b.distinct(in, op, rs)
	case *syntax.TakeOp:
		n, err := b.expr(op.Count, rs)
		if err != nil {
			return nil, err
		}
		return &Take{Input: in, N: n}, nil
	case *syntax.TopOp:
		n, err := b.expr(op.Count, &rowScope{scope: sc})
		if err != nil {
			return nil, err
		}
		keys, err := b.sortKeys([]*syntax.OrderedExpr{op.By}, rs)
		if err != nil {
			return nil, err
		}
		return &Top{Input: in, N: n, Keys: keys}, nil
	case *syntax.SortOp:
		keys, err := b.sortKeys(op.By, rs)
		if err != nil {
			return nil, err
		}
		return &Sort{Input: in, Keys: keys}, nil
	case *syntax.UnionOp:
		return b.union(in, op, sc)
	case *syntax.JoinOp:
		return b.join(in, op.Params, op.Right, op.On, op.Where, false, sc)
	case *syntax.LookupOp:
		return b.join(in, op.Params, op.Right, op.On, nil, true, sc)
	case *syntax.MvExpandOp:
		return b.mvExpand(in, op, rs)
	case *syntax.ParseOp:
		return b.parse(in, op.Params, op.Source, op.Pattern, false, rs)
	case *syntax.ParseWhereOp:
		return b.parse(in, op.Params, op.Source, op.Pattern, true, rs)
	case *syntax.AsOp:
		sc.names[op.Name.Name] = &binding{tabular: in, name: op.Name.Name}
		return b.shareBinding(sc.names[op.Name.Name]), nil
	case *syntax.SerializeOp:
		out := in
		if len(op.Exprs) > 0 {
			n, err := b.extend(in, op.Exprs, rs)
			if err != nil {
				return nil, err
			}
			out = n
		}
		return &Serialize{Input: out}, nil
	case *syntax.GetSchemaOp:
		schema := []types.Column{{Name: "ColumnName", Type: types.String}, {Name: "ColumnOrdinal", Type: types.Int},
			{Name: "DataType", Type: types.String}, {Name: "ColumnType", Type: types.String}}
		var rows [][]types.Value
		for i, c := range cols {
			rows = append(rows, []types.Value{c.Name, int32(i), dotNetTypeName(c.Type), c.Type.String()})
		}
		return &Values{Columns: schema, Rows: rows}, nil
	case *syntax.PrintOp:
		return b.print(op, sc)
	case *syntax.RangeOp:
		return b.rangeOp(op, sc)
	case *syntax.BadOp:
		return nil, b.errorf(op, "invalid operator")
	}
	return nil, b.errorf(op, "operator %s is not supported", operatorName(op))
}

// operatorName returns a readable name for an operator node type, such
// as "make-series" for *syntax.MakeSeriesOp.
func operatorName(op syntax.Operator) string {
	name := strings.TrimPrefix(strings.TrimSuffix(typeName(op), "Op"), "*syntax.")
	var out []rune
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				out = append(out, '-')
			}
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

func dotNetTypeName(k types.Kind) string {
	switch k {
	case types.Bool:
		return "System.Boolean"
	case types.Int:
		return "System.Int32"
	case types.Long:
		return "System.Int64"
	case types.Real:
		return "System.Double"
	case types.Decimal:
		return "System.Data.SqlTypes.SqlDecimal"
	case types.String:
		return "System.String"
	case types.DateTime:
		return "System.DateTime"
	case types.TimeSpan:
		return "System.TimeSpan"
	case types.Guid:
		return "System.Guid"
	}
	return "System.Object"
}

// columnName returns the name an unnamed expression column gets: the
// argument-derived name, or ColumnN with the first N not in use.
func columnName(x syntax.Expr, taken func(string) bool) string {
	if n := argName(x); n != "" {
		return n
	}
	for i := 1; ; i++ {
		n := "Column" + itoa(i)
		if !taken(n) {
			return n
		}
	}
}

func (b *builder) extend(in Node, items []syntax.Expr, rs *rowScope) (Node, error) {
	cols := append([]types.Column(nil), in.Schema()...)
	exprs := make([]Expr, len(cols))
	for i := range cols {
		exprs[i] = Col(cols, i)
	}
	for _, item := range items {
		x, name := item, ""
		switch it := item.(type) {
		case *syntax.NamedExpr:
			x, name = it.X, it.Name.Name
		case *syntax.TupleNamedExpr:
			return nil, b.errorf(item, "assigning several names at once is not supported here")
		}
		// Every item is bound against the input: Kusto rejects an item
		// that reads a column an earlier item of the same extend defines.
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = columnName(x, func(n string) bool { return columnIndex(cols, n) >= 0 })
		}
		k := e.Type()
		if k == types.Unknown {
			k = types.String
		}
		if i := columnIndex(cols, name); i >= 0 {
			cols[i] = types.Column{Name: name, Type: k}
			exprs[i] = e
			continue
		}
		cols = append(cols, types.Column{Name: name, Type: k})
		exprs = append(exprs, e)
	}
	return &Project{Input: in, Exprs: exprs, Columns: cols}, nil
}

func (b *builder) project(in Node, items []syntax.Expr, rs *rowScope) (Node, error) {
	var cols []types.Column
	var exprs []Expr
	taken := func(n string) bool { return columnIndex(cols, n) >= 0 }
	for _, item := range items {
		if w, ok := item.(*syntax.WildcardName); ok {
			for i, c := range rs.cols {
				if wildcardMatch(w.Pattern, c.Name) && !taken(c.Name) {
					cols = append(cols, c)
					exprs = append(exprs, Col(rs.cols, i))
				}
			}
			continue
		}
		x, name := item, ""
		if n, ok := item.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = columnName(x, taken)
		}
		k := e.Type()
		if k == types.Unknown {
			k = types.String
		}
		if i := columnIndex(cols, name); i >= 0 {
			return nil, b.errorf(item, "column %s appears twice in project", name)
		}
		cols = append(cols, types.Column{Name: name, Type: k})
		exprs = append(exprs, e)
	}
	return &Project{Input: in, Exprs: exprs, Columns: cols}, nil
}

// wildcardMatch matches a name against a pattern where * stands for any
// run of characters.
func wildcardMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	rest := name[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return true
}

// matchColumns returns the input columns an Ident or WildcardName names.
func (b *builder) matchColumns(x syntax.Expr, cols []types.Column) ([]int, error) {
	switch x := x.(type) {
	case *syntax.Ident:
		i := columnIndex(cols, x.Name)
		if i < 0 {
			return nil, b.errorf(x, "unknown column '%s'%s", x.Name, suggestColumn(x.Name, cols))
		}
		return []int{i}, nil
	case *syntax.WildcardName:
		var out []int
		for i, c := range cols {
			if wildcardMatch(x.Pattern, c.Name) {
				out = append(out, i)
			}
		}
		return out, nil
	case *syntax.StarExpr:
		out := make([]int, len(cols))
		for i := range cols {
			out[i] = i
		}
		return out, nil
	}
	return nil, b.errorf(x, "a column name is expected")
}

func (b *builder) projectAway(in Node, items []syntax.Expr, keep bool) (Node, error) {
	cols := in.Schema()
	hit := make([]bool, len(cols))
	for _, it := range items {
		idx, err := b.matchColumns(it, cols)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			hit[i] = true
		}
	}
	var outCols []types.Column
	var exprs []Expr
	for i, c := range cols {
		if hit[i] == keep {
			outCols = append(outCols, c)
			exprs = append(exprs, Col(cols, i))
		}
	}
	return &Project{Input: in, Exprs: exprs, Columns: outCols}, nil
}

func (b *builder) projectRename(in Node, op *syntax.ProjectRenameOp) (Node, error) {
	cols := append([]types.Column(nil), in.Schema()...)
	exprs := make([]Expr, len(cols))
	for i := range cols {
		exprs[i] = Col(in.Schema(), i)
	}
	for _, it := range op.Exprs {
		n, ok := it.(*syntax.NamedExpr)
		if !ok {
			return nil, b.errorf(it, "project-rename expects new = old")
		}
		old, ok := n.X.(*syntax.Ident)
		if !ok {
			return nil, b.errorf(n.X, "project-rename expects a column name")
		}
		i := columnIndex(in.Schema(), old.Name)
		if i < 0 {
			return nil, b.errorf(old, "unknown column '%s'%s", old.Name, suggestColumn(old.Name, in.Schema()))
		}
		cols[i].Name = n.Name.Name
	}
	return &Project{Input: in, Exprs: exprs, Columns: cols}, nil
}

func (b *builder) projectReorder(in Node, op *syntax.ProjectReorderOp) (Node, error) {
	cols := in.Schema()
	used := make([]bool, len(cols))
	var order []int
	for _, oe := range op.Columns {
		idx, err := b.matchColumns(oe.X, cols)
		if err != nil {
			return nil, err
		}
		var fresh []int
		for _, i := range idx {
			if !used[i] {
				fresh = append(fresh, i)
				used[i] = true
			}
		}
		if oe.Order == syntax.SortAsc || oe.Order == syntax.SortDesc || oe.Order == syntax.SortGrannyAsc || oe.Order == syntax.SortGrannyDesc {
			desc := oe.Order == syntax.SortDesc || oe.Order == syntax.SortGrannyDesc
			sortInts(fresh, func(a, c int) bool {
				if desc {
					return cols[a].Name > cols[c].Name
				}
				return cols[a].Name < cols[c].Name
			})
		}
		order = append(order, fresh...)
	}
	for i := range cols {
		if !used[i] {
			order = append(order, i)
		}
	}
	out := make([]types.Column, len(order))
	exprs := make([]Expr, len(order))
	for j, i := range order {
		out[j] = cols[i]
		exprs[j] = Col(cols, i)
	}
	return &Project{Input: in, Exprs: exprs, Columns: out}, nil
}

func (b *builder) sortKeys(items []*syntax.OrderedExpr, rs *rowScope) ([]SortKey, error) {
	var keys []SortKey
	for _, it := range items {
		if it == nil {
			continue
		}
		e, err := b.expr(it.X, rs)
		if err != nil {
			return nil, err
		}
		if e.Type() == types.Dynamic {
			return nil, b.errorf(it.X, "cannot sort by a dynamic value; convert it first, as in tostring(x) or tolong(x)")
		}
		desc := it.Order != syntax.SortAsc
		nullsFirst := !desc
		switch it.Nulls {
		case syntax.NullsFirst:
			nullsFirst = true
		case syntax.NullsLast:
			nullsFirst = false
		}
		keys = append(keys, SortKey{Expr: e, Desc: desc, NullsFirst: nullsFirst})
	}
	return keys, nil
}

func (b *builder) distinct(in Node, op *syntax.DistinctOp, rs *rowScope) (Node, error) {
	var cols []types.Column
	var exprs []Expr
	for _, x := range op.Exprs {
		if _, star := x.(*syntax.StarExpr); star {
			for i, c := range rs.cols {
				cols = append(cols, c)
				exprs = append(exprs, Col(rs.cols, i))
			}
			continue
		}
		name := ""
		if n, ok := x.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = columnName(x, func(n string) bool { return columnIndex(cols, n) >= 0 })
		}
		cols = append(cols, types.Column{Name: name, Type: e.Type()})
		exprs = append(exprs, e)
	}
	return &Distinct{Input: in, Exprs: exprs, Columns: cols}, nil
}

func (b *builder) print(op *syntax.PrintOp, sc *scope) (Node, error) {
	src := &Values{Rows: [][]types.Value{{}}}
	rs := &rowScope{scope: sc}
	var cols []types.Column
	var exprs []Expr
	for i, item := range op.Exprs {
		x, name := item, ""
		if n, ok := item.(*syntax.NamedExpr); ok {
			x, name = n.X, n.Name.Name
		}
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		if name == "" {
			name = "print_" + itoa(i)
		}
		k := e.Type()
		if k == types.Unknown {
			k = types.String
		}
		cols = append(cols, types.Column{Name: name, Type: k})
		exprs = append(exprs, e)
	}
	return &Project{Input: src, Exprs: exprs, Columns: cols}, nil
}

func (b *builder) rangeOp(op *syntax.RangeOp, sc *scope) (Node, error) {
	rs := &rowScope{scope: sc}
	var args [3]Expr
	for i, x := range []syntax.Expr{op.From, op.To, op.Step} {
		e, err := b.expr(x, rs)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	k := args[0].Type()
	switch k {
	case types.Int:
		k = types.Long
	case types.Long, types.Real, types.DateTime, types.TimeSpan:
	case types.Decimal:
		k = types.Real
	default:
		return nil, b.errorf(op.From, "range cannot count over values of type %s", k)
	}
	if args[1].Type() == types.Real || args[2].Type() == types.Real {
		if k == types.Long {
			k = types.Real
		}
	}
	return &Range{Name: op.Name.Name, Kind: k, From: args[0], To: args[1], Step: args[2]}, nil
}

func (b *builder) datatable(x *syntax.DataTableExpr) (Node, error) {
	if x.Schema == nil {
		return nil, b.errorf(x, "datatable needs a schema")
	}
	var cols []types.Column
	for _, c := range x.Schema.Columns {
		k, err := b.typeRef(c.Type, c)
		if err != nil {
			return nil, err
		}
		cols = append(cols, types.Column{Name: c.Name.Name, Type: k})
	}
	if len(cols) == 0 {
		return nil, b.errorf(x, "datatable needs at least one column")
	}
	if len(x.Values)%len(cols) != 0 {
		return nil, b.errorf(x, "datatable has %d values, which is not a multiple of its %d columns", len(x.Values), len(cols))
	}
	var rows [][]types.Value
	rs := &rowScope{}
	for i := 0; i < len(x.Values); i += len(cols) {
		row := make([]types.Value, len(cols))
		for j := range cols {
			vx := x.Values[i+j]
			e, err := b.expr(vx, rs)
			if err != nil {
				return nil, err
			}
			c, ok := e.(*Const)
			if !ok {
				return nil, b.errorf(vx, "datatable values must be constants")
			}
			v, ok := convertConst(c, cols[j].Type)
			if !ok {
				return nil, b.errorf(vx, "value of type %s does not fit column %s of type %s", c.Kind, cols[j].Name, cols[j].Type)
			}
			row[j] = v
		}
		rows = append(rows, row)
	}
	return &Values{Columns: cols, Rows: rows}, nil
}

// convertConst converts a datatable cell to its column's type: integers
// widen to long, real and decimal, and a typed or untyped null fits any
// column.
func convertConst(c *Const, k types.Kind) (types.Value, bool) {
	if c.Value == nil {
		return types.Zero(k), true
	}
	if c.Kind == k {
		return c.Value, true
	}
	switch k {
	case types.Long:
		switch v := c.Value.(type) {
		case int32:
			return int64(v), true
		}
	case types.Int:
		if v, ok := c.Value.(int64); ok {
			return int32(v), true
		}
	case types.Real:
		if f, ok := types.AsFloat(c.Value); ok {
			return f, true
		}
	case types.Decimal:
		switch v := c.Value.(type) {
		case int64:
			return types.DecimalFromInt(v), true
		case int32:
			return types.DecimalFromInt(int64(v)), true
		case float64:
			return types.DecimalFromFloat(v)
		}
	case types.Dynamic:
		if v, ok := c.Value.(int32); ok {
			return int64(v), true
		}
		return c.Value, true
	case types.String:
		if s, ok := c.Value.(string); ok {
			return s, true
		}
	}
	if s, ok := c.Value.(string); ok {
		return types.ParseAs(s, k)
	}
	return nil, false
}

// isSerialized reports whether a node's rows have a fixed order: sort,
// top and serialize fix it, and operators that keep rows in place keep
// it.
func isSerialized(n Node) bool {
	switch n := n.(type) {
	case *Sort, *Top, *Serialize:
		return true
	case *Filter:
		return isSerialized(n.Input)
	case *Project:
		return isSerialized(n.Input)
	case *Take:
		return isSerialized(n.Input)
	case *Parse:
		return isSerialized(n.Input)
	case *MvExpand:
		return isSerialized(n.Input)
	case *Shared:
		return isSerialized(n.Input)
	case *RowSource:
		return n.Serialized
	}
	return false
}

// invoke binds `invoke f(args)`: a call of the tabular function f with
// the input as its first, tabular argument.
func (b *builder) invoke(in Node, op *syntax.InvokeOp, sc *scope) (Node, error) {
	call, ok := op.Call.(*syntax.CallExpr)
	if !ok {
		return nil, b.errorf(op.Call, "invoke expects a function call")
	}
	id, ok := call.Fun.(*syntax.Ident)
	if !ok {
		return nil, b.errorf(call, "invoke expects a function call")
	}
	bd := sc.lookup(id.Name)
	if bd == nil || bd.fn == nil {
		return nil, b.errorf(id, "unknown function '%s'", id.Name)
	}
	if len(bd.fn.Params) == 0 || bd.fn.Params[0].Schema == nil {
		return nil, b.errorf(id, "function %s does not take a table as its first parameter", id.Name)
	}
	// Bind the input under a name no query can spell and pass that name.
	inner := sc.child()
	const inputName = " invoke input"
	inner.names[inputName] = &binding{tabular: in, name: inputName}
	args := append([]syntax.Expr{&syntax.Ident{Span: id.Span, Name: inputName}}, call.Args...)
	return b.callTabularFunc(id, bd, args, inner)
}
