package sema

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// tabularExpr binds the tabular expressions that are not operators:
// pipelines, inline tables and data scopes.
func (b *binder) tabularExpr(e syntax.Expr) *types.Schema {
	switch e := e.(type) {
	case *syntax.PipeExpr:
		return b.pipe(e, nil)
	case *syntax.DataTableExpr:
		s := brokenSchema()
		if e.Schema != nil {
			s = b.rowSchema(e.Schema)
			s.Open = false
			if n := len(s.Columns); n > 0 && len(e.Values)%n != 0 {
				b.errorf(e, CodeInvalidOperand, "datatable has %d values, which is not a multiple of its %d columns", len(e.Values), n)
			}
		}
		b.withRow(nil, func() {
			for _, v := range e.Values {
				b.any(v)
			}
		})
		return s
	case *syntax.ExternalDataExpr:
		if e.Schema == nil {
			return brokenSchema()
		}
		s := b.rowSchema(e.Schema)
		s.Open = false
		return s
	case *syntax.DataScopeExpr:
		return b.tabularOf(e.X)
	case *syntax.ContextualDataTableExpr:
		if e.Schema != nil {
			return b.rowSchema(e.Schema)
		}
	}
	return brokenSchema()
}

// pipe binds a pipeline. input, when not nil, is the implicit input of a
// subquery, which its first operator reads.
func (b *binder) pipe(e *syntax.PipeExpr, input *types.Schema) *types.Schema {
	var s *types.Schema
	if op, ok := e.Source.(syntax.Operator); ok {
		s = b.operator(op, input)
	} else {
		s = b.tabularOf(e.Source)
	}
	for _, op := range e.Ops {
		s = b.operator(op, s)
	}
	return s
}

// subquery binds the body of mv-apply, fork, facet or partition, whose
// operators read input.
func (b *binder) subquery(e syntax.Expr, input *types.Schema) *types.Schema {
	var s *types.Schema
	switch e := e.(type) {
	case *syntax.PipeExpr:
		s = b.pipe(e, input)
	case *syntax.ParenExpr:
		s = b.subquery(e.X, input)
	case syntax.Operator:
		s = b.operator(e, input)
	default:
		s = b.tabularOf(e)
	}
	b.record(e, tabular(s))
	return s
}

// operator binds one tabular operator applied to in, records its output
// schema and returns it. in is nil for operators that start a pipeline.
func (b *binder) operator(op syntax.Operator, in *types.Schema) *types.Schema {
	saved := b.row
	out := b.operatorOut(op, in)
	b.row = saved
	if out == nil {
		out = brokenSchema()
	}
	b.record(op, tabular(out))
	return out
}

func (b *binder) operatorOut(op syntax.Operator, in *types.Schema) *types.Schema {
	if in == nil {
		switch op.(type) {
		case *syntax.PrintOp, *syntax.RangeOp, *syntax.UnionOp, *syntax.SearchOp, *syntax.FindOp, *syntax.EvaluateOp, *syntax.BadOp:
		default:
			in = brokenSchema()
		}
	}
	row := &rowScope{schema: in}
	b.row = row
	switch op := op.(type) {
	case *syntax.WhereOp:
		b.predicate(op.Pred, "where")
		return in
	case *syntax.TakeOp:
		b.count(op.Count)
		return in
	case *syntax.SampleOp:
		b.count(op.Count)
		return in
	case *syntax.SortOp:
		b.sortKeys(op.By)
		return in
	case *syntax.TopOp:
		b.count(op.Count)
		if op.By != nil {
			b.sortKeys([]*syntax.OrderedExpr{op.By})
		}
		return in
	case *syntax.CountOp:
		name := "Count"
		if op.As != nil {
			name = op.As.Name
		}
		return types.NewSchema([]types.Column{{Name: name, Type: types.Long}}, false)
	case *syntax.DistinctOp:
		return b.distinct(op, in)
	case *syntax.ExtendOp:
		return b.extend(op.Exprs, in)
	case *syntax.SerializeOp:
		return b.extend(op.Exprs, in)
	case *syntax.ProjectOp:
		return b.project(op.Exprs, in, false)
	case *syntax.ProjectByNamesOp:
		return b.projectByNames(op.Exprs, in)
	case *syntax.PrintOp:
		b.row = &rowScope{schema: types.NewSchema(nil, false)}
		return b.project(op.Exprs, nil, true)
	case *syntax.ProjectAwayOp:
		return b.projectAway(op.Columns, in)
	case *syntax.ProjectKeepOp:
		return b.projectKeep(op.Columns, in)
	case *syntax.ProjectRenameOp:
		return b.projectRename(op.Exprs, in)
	case *syntax.ProjectReorderOp:
		return b.projectReorder(op.Columns, in)
	case *syntax.SummarizeOp:
		return b.summarize(op, in)
	case *syntax.MakeSeriesOp:
		return b.makeSeries(op, in)
	case *syntax.TopNestedOp:
		return b.topNested(op, in)
	case *syntax.TopHittersOp:
		return b.topHitters(op, in)
	case *syntax.JoinOp:
		return b.join(op, in)
	case *syntax.LookupOp:
		return b.lookup(op, in)
	case *syntax.UnionOp:
		return b.union(op, in)
	case *syntax.MvExpandOp:
		return b.mvExpand(op.Items, op.Params, op.Limit, in)
	case *syntax.MvApplyOp:
		return b.mvApply(op, in)
	case *syntax.ParseOp:
		return b.parse(op.Source, op.Pattern, in)
	case *syntax.ParseWhereOp:
		return b.parse(op.Source, op.Pattern, in)
	case *syntax.ParseKvOp:
		return b.parseKv(op, in)
	case *syntax.EvaluateOp:
		return b.evaluate(op, in)
	case *syntax.AsOp:
		if op.Name != nil {
			b.asNames[op.Name.Name] = in
		}
		return in
	case *syntax.RenderOp, *syntax.ConsumeOp, *syntax.ExecuteAndCacheOp:
		return in
	case *syntax.AssertSchemaOp:
		return in
	case *syntax.GetSchemaOp:
		return types.NewSchema([]types.Column{
			{Name: "ColumnName", Type: types.String},
			{Name: "ColumnOrdinal", Type: types.Long},
			{Name: "DataType", Type: types.String},
			{Name: "ColumnType", Type: types.String},
		}, false)
	case *syntax.RangeOp:
		return b.rangeOp(op)
	case *syntax.SampleDistinctOp:
		b.count(op.Count)
		name := b.exprName(op.Of)
		k := b.scalarOf(op.Of)
		if name == "" {
			name = "Column1"
		}
		return types.NewSchema([]types.Column{{Name: name, Type: k}}, false)
	case *syntax.ReduceOp:
		b.scalarOf(op.By)
		return types.NewSchema([]types.Column{
			{Name: "Pattern", Type: types.String},
			{Name: "Count", Type: types.Long},
			{Name: "Representative", Type: types.String},
		}, false)
	case *syntax.InvokeOp:
		return b.invoke(op, in)
	case *syntax.ForkOp:
		// fork returns one table per branch; as a query's result it has
		// no columns, as in Microsoft's binder.
		for _, br := range op.Branches {
			b.subquery(br.Query, in)
		}
		return types.NewSchema(nil, false)
	case *syntax.FacetOp:
		for _, c := range op.Columns {
			b.any(c)
		}
		if op.With != nil {
			b.subquery(op.With, in)
		}
		return types.NewSchema(nil, false)
	case *syntax.PartitionOp:
		b.any(op.By)
		if op.Query == nil {
			return in
		}
		if op.Braces {
			return b.tabularOf(op.Query)
		}
		return b.subquery(op.Query, in)
	case *syntax.PartitionByOp:
		b.any(op.By)
		if op.Query == nil {
			return in
		}
		return b.subquery(op.Query, in)
	case *syntax.ScanOp:
		return b.scan(op, in)
	case *syntax.SearchOp:
		return b.search(op, in)
	case *syntax.FindOp:
		return b.find(op)
	}
	// Graph operators, macro-expand and unparsable operators leave the
	// columns unknown: anything may be read after them.
	return brokenSchema()
}

// predicate binds a filter and requires it to be bool.
func (b *binder) predicate(e syntax.Expr, what string) {
	if e == nil {
		return
	}
	k := b.scalarOf(e)
	if k != types.Bool && k != types.Unknown {
		b.errorf(e, CodeNotBool, "the %s predicate must be bool, found %s", what, k)
	}
}

// count binds the row count of take, top and sample, which must be an
// integer.
func (b *binder) count(e syntax.Expr) {
	if e == nil {
		return
	}
	k := b.scalarOf(e)
	if k != types.Int && k != types.Long && k != types.Unknown && k != types.Dynamic {
		b.errorf(e, CodeInvalidOperand, "the row count must be an integer, found %s", k)
	}
}

// sortKeys binds sort keys, which must not be dynamic.
func (b *binder) sortKeys(keys []*syntax.OrderedExpr) {
	for _, k := range keys {
		if k == nil {
			continue
		}
		if kind := b.scalarOf(k.X); kind == types.Dynamic {
			b.errorf(k.X, CodeDynamicNotAllowed, "cannot sort by a dynamic value; convert it first, as in tostring(x) or tolong(x)")
		}
	}
}

// rangeOp binds `range x from a to b step c`.
func (b *binder) rangeOp(op *syntax.RangeOp) *types.Schema {
	b.row = &rowScope{schema: types.NewSchema(nil, false)}
	from := b.scalarOf(op.From)
	for _, e := range []syntax.Expr{op.From, op.To, op.Step} {
		k := b.info.Types[e].Kind
		if e != op.From {
			k = b.scalarOf(e)
		}
		if k != types.Unknown && !k.IsNumeric() && k != types.DateTime && k != types.TimeSpan {
			b.errorf(e, CodeInvalidOperand, "range bounds and step must be numbers, datetimes or timespans, found %s", k)
		}
	}
	name := "Column1"
	if op.Name != nil {
		name = op.Name.Name
	}
	return types.NewSchema([]types.Column{{Name: name, Type: widen(from)}}, false)
}

// invoke binds `invoke f(args)`, which passes the input as f's first
// argument.
func (b *binder) invoke(op *syntax.InvokeOp, in *types.Schema) *types.Schema {
	c, ok := op.Call.(*syntax.CallExpr)
	if !ok {
		return b.tabularOrBroken(op, b.any(op.Call))
	}
	id, ok := c.Fun.(*syntax.Ident)
	if !ok {
		b.bindArgs(c.Args)
		return brokenSchema()
	}
	b.row = nil
	l := b.scope.lookup(id.Name)
	if l == nil || l.Func == nil {
		b.bindArgs(c.Args)
		b.errorf(id, CodeUnknownFunction, "unknown function '%s'", id.Name)
		return brokenSchema()
	}
	l.uses++
	b.recordRef(id, l)
	t := b.userCall(c, l, c.Args, in)
	b.record(c, t)
	return b.tabularOrBroken(op, t)
}

// matchPattern reports whether name matches a column pattern with `*`
// wildcards, such as `Device*` or `*Id`.
func matchPattern(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return strings.HasSuffix(name, last)
}
