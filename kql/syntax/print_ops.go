package syntax

// This file prints tabular operators.

func (pr *printer) keyword(kw string, params []*OptionParam) {
	pr.str(kw)
	pr.str(" ")
	pr.params(params)
}

func (pr *printer) orderedList(list []*OrderedExpr) {
	for i, o := range list {
		pr.sep(i)
		pr.ordered(o)
	}
}

// subquery writes a parenthesized subquery.
func (pr *printer) subquery(x Expr) {
	pr.str("(")
	pr.nested(x)
	pr.str(")")
}

func (pr *printer) operator(op Operator) {
	switch op := op.(type) {
	case *AsOp:
		pr.keyword("as", op.Params)
		pr.expr(op.Name)
	case *AssertSchemaOp:
		pr.str("assert-schema ")
		pr.schema(op.Schema)
	case *ConsumeOp:
		pr.str("consume")
		for _, o := range op.Params {
			pr.str(" ")
			pr.option(o)
		}
	case *CountOp:
		pr.str("count")
		if op.As != nil {
			pr.str(" as ")
			pr.expr(op.As)
		}
	case *DistinctOp:
		pr.keyword("distinct", op.Params)
		pr.exprList(op.Exprs)
	case *EvaluateOp:
		pr.keyword("evaluate", op.Params)
		pr.expr(op.Call)
		if op.Schema != nil {
			pr.str(" : ")
			pr.schema(op.Schema)
		}
	case *ExecuteAndCacheOp:
		pr.str("__executeAndCache")
	case *ExtendOp:
		pr.str("extend ")
		pr.exprList(op.Exprs)
	case *FacetOp:
		pr.str("facet by ")
		pr.exprList(op.Columns)
		if op.With != nil {
			pr.str(" with ")
			if op.WithParens {
				pr.subquery(op.With)
			} else {
				pr.nested(op.With)
			}
		}
	case *WhereOp:
		pr.keyword(op.Keyword, op.Params)
		pr.expr(op.Pred)
	case *FindOp:
		pr.str("find ")
		if op.DataScope != nil {
			pr.option(op.DataScope)
			pr.str(" ")
		}
		pr.params(op.Params)
		if op.In != nil {
			pr.str("in (")
			pr.depth++
			pr.exprList(op.In)
			pr.depth--
			pr.str(") ")
		}
		pr.str("where ")
		pr.expr(op.Pred)
		if len(op.Project) > 0 {
			pr.str(" project ")
			pr.exprList(op.Project)
		}
		if op.ProjectSmart {
			pr.str(" project-smart")
		}
		if len(op.ProjectAway) > 0 {
			pr.str(" __projectAway ")
			pr.exprList(op.ProjectAway)
		}
	case *ForkOp:
		pr.str("fork")
		for _, b := range op.Branches {
			pr.str(" ")
			pr.forkBranch(b)
		}
	case *GetSchemaOp:
		pr.str("getschema")
		for _, o := range op.Params {
			pr.str(" ")
			pr.option(o)
		}
	case *InvokeOp:
		pr.str("invoke ")
		pr.expr(op.Call)
	case *JoinOp:
		pr.keyword("join", op.Params)
		pr.expr(op.Right)
		if len(op.On) > 0 {
			pr.str(" on ")
			pr.exprList(op.On)
		} else if op.Where != nil {
			pr.str(" where ")
			pr.expr(op.Where)
		}
	case *LookupOp:
		pr.keyword("lookup", op.Params)
		pr.expr(op.Right)
		pr.str(" on ")
		pr.exprList(op.On)
	case *MacroExpandOp:
		pr.keyword("macro-expand", op.Params)
		pr.expr(op.EntityGroup)
		if op.As != nil {
			pr.str(" as ")
			pr.expr(op.As)
		}
		pr.str(" (")
		pr.depth++
		for i, s := range op.Stmts {
			if i > 0 {
				pr.str("; ")
			}
			pr.stmt(s)
		}
		pr.depth--
		pr.str(")")
	case *MakeGraphOp:
		pr.keyword("make-graph", op.Params)
		pr.expr(op.Source)
		if op.Directed {
			pr.str(" --> ")
		} else {
			pr.str(" -- ")
		}
		pr.expr(op.Target)
		if op.WithNodeID != nil {
			pr.str(" with_node_id=")
			pr.expr(op.WithNodeID)
		}
		if len(op.Tables) > 0 {
			pr.str(" with ")
			for i, t := range op.Tables {
				pr.sep(i)
				pr.node(t)
			}
		}
		if op.PartitionedBy != nil {
			pr.str(" partitioned-by ")
			pr.expr(op.PartitionedBy)
			pr.str(" ")
			pr.subquery(op.Partition)
		}
	case *GraphMarkComponentsOp:
		pr.str("graph-mark-components")
		for _, o := range op.Params {
			pr.str(" ")
			pr.option(o)
		}
	case *GraphMatchOp:
		pr.graphMatch("graph-match", op.Params, op.Patterns, op.Where, op.Project)
	case *GraphShortestPathsOp:
		pr.graphMatch("graph-shortest-paths", op.Params, op.Patterns, op.Where, op.Project)
	case *GraphToTableOp:
		pr.str("graph-to-table ")
		for i, o := range op.Outputs {
			pr.sep(i)
			pr.graphOutput(o)
		}
	case *GraphWhereNodesOp:
		pr.str("graph-where-nodes ")
		pr.expr(op.Pred)
	case *GraphWhereEdgesOp:
		pr.str("graph-where-edges ")
		pr.expr(op.Pred)
	case *MakeSeriesOp:
		pr.keyword("make-series", op.Params)
		for i, a := range op.Aggs {
			pr.sep(i)
			pr.makeSeriesAgg(a)
		}
		pr.str(" on ")
		pr.expr(op.On)
		if op.InRange {
			pr.str(" in range(")
			pr.depth++
			var args []Expr
			for _, a := range []Expr{op.From, op.To, op.Step} {
				if a != nil {
					args = append(args, a)
				}
			}
			pr.exprList(args)
			pr.depth--
			pr.str(")")
		} else {
			if op.From != nil {
				pr.str(" from ")
				pr.expr(op.From)
			}
			if op.To != nil {
				pr.str(" to ")
				pr.expr(op.To)
			}
			pr.str(" step ")
			pr.expr(op.Step)
		}
		if len(op.By) > 0 {
			pr.str(" by ")
			pr.exprList(op.By)
		}
	case *MvApplyOp:
		pr.keyword(op.Keyword, op.Params)
		for i, it := range op.Items {
			pr.sep(i)
			pr.mvItem(it)
		}
		if op.Limit != nil {
			pr.str(" limit ")
			pr.expr(op.Limit)
		}
		if op.ID != nil {
			pr.str(" id ")
			pr.expr(op.ID)
		}
		pr.str(" on ")
		pr.subquery(op.On)
	case *MvExpandOp:
		pr.keyword(op.Keyword, op.Params)
		for i, it := range op.Items {
			pr.sep(i)
			pr.mvItem(it)
		}
		if op.Limit != nil {
			pr.str(" limit ")
			pr.expr(op.Limit)
		}
	case *ParseOp:
		pr.parseOp("parse", op.Params, op.Source, op.Pattern)
	case *ParseWhereOp:
		pr.parseOp("parse-where", op.Params, op.Source, op.Pattern)
	case *ParseKvOp:
		pr.str("parse-kv ")
		pr.expr(op.Source)
		pr.str(" as ")
		pr.schema(op.Keys)
		if len(op.With) > 0 {
			pr.str(" with (")
			pr.optionList(op.With, ", ")
			pr.str(")")
		}
	case *PartitionOp:
		pr.keyword("partition", op.Params)
		pr.str("by ")
		pr.expr(op.By)
		if op.In != nil {
			pr.str(" in ")
			pr.expr(op.In)
		}
		pr.str(" ")
		if op.Braces {
			pr.str("{ ")
			pr.nested(op.Query)
			pr.str(" }")
		} else {
			pr.subquery(op.Query)
		}
	case *PartitionByOp:
		pr.keyword("__partitionby", op.Params)
		pr.expr(op.By)
		if op.ID != nil {
			pr.str(" id ")
			pr.expr(op.ID)
		}
		pr.str(" ")
		pr.subquery(op.Query)
	case *PrintOp:
		pr.str("print ")
		pr.exprList(op.Exprs)
	case *ProjectOp:
		pr.str("project ")
		pr.exprList(op.Exprs)
	case *ProjectAwayOp:
		pr.str("project-away ")
		pr.exprList(op.Columns)
	case *ProjectByNamesOp:
		pr.str("project-by-names ")
		pr.exprList(op.Exprs)
	case *ProjectKeepOp:
		pr.str("project-keep ")
		pr.exprList(op.Columns)
	case *ProjectRenameOp:
		pr.str("project-rename ")
		pr.exprList(op.Exprs)
	case *ProjectReorderOp:
		pr.str("project-reorder ")
		pr.orderedList(op.Columns)
	case *RangeOp:
		pr.str("range ")
		pr.expr(op.Name)
		pr.str(" from ")
		pr.expr(op.From)
		pr.str(" to ")
		pr.expr(op.To)
		pr.str(" step ")
		pr.expr(op.Step)
	case *ReduceOp:
		pr.keyword("reduce", op.Params)
		pr.str("by ")
		pr.expr(op.By)
		if len(op.With) > 0 {
			pr.str(" with ")
			pr.optionList(op.With, ", ")
		}
	case *RenderOp:
		pr.str("render ")
		pr.expr(op.Chart)
		for _, o := range op.Props {
			pr.str(" ")
			pr.renderProp(o)
		}
		if len(op.With) > 0 {
			pr.str(" with (")
			pr.optionList(op.With, ", ")
			pr.str(")")
		}
	case *SampleOp:
		pr.keyword("sample", op.Params)
		pr.expr(op.Count)
	case *SampleDistinctOp:
		pr.keyword("sample-distinct", op.Params)
		pr.expr(op.Count)
		pr.str(" of ")
		pr.expr(op.Of)
	case *ScanOp:
		pr.scan(op)
	case *SearchOp:
		pr.keyword("search", op.Params)
		if op.DataScope != nil {
			pr.option(op.DataScope)
			pr.str(" ")
		}
		if op.In != nil {
			pr.str("in (")
			pr.depth++
			pr.exprList(op.In)
			pr.depth--
			pr.str(") ")
		}
		pr.expr(op.Pred)
	case *SerializeOp:
		pr.keyword("serialize", op.Params)
		pr.exprList(op.Exprs)
	case *SortOp:
		pr.keyword(op.Keyword, op.Params)
		pr.str("by ")
		pr.orderedList(op.By)
	case *SummarizeOp:
		pr.keyword("summarize", op.Params)
		pr.exprList(op.Aggs)
		if len(op.By) > 0 {
			pr.str(" by ")
			pr.exprList(op.By)
		}
		if op.Bin != nil {
			pr.str(" bin = ")
			pr.expr(op.Bin)
		}
	case *TakeOp:
		pr.keyword(op.Keyword, op.Params)
		pr.expr(op.Count)
	case *TopOp:
		pr.keyword("top", op.Params)
		pr.expr(op.Count)
		pr.str(" by ")
		pr.ordered(op.By)
	case *TopHittersOp:
		pr.str("top-hitters ")
		pr.expr(op.Count)
		pr.str(" of ")
		pr.expr(op.Of)
		if op.By != nil {
			pr.str(" by ")
			pr.expr(op.By)
		}
	case *TopNestedOp:
		for i, l := range op.Levels {
			pr.sep(i)
			pr.topNestedLevel(l)
		}
	case *UnionOp:
		pr.keyword("union", op.Params)
		pr.exprList(op.Tables)
	case *InlineExternalTableOp:
		pr.inlineExternalTable(op)
	case *BadOp:
	}
}

func (pr *printer) inlineExternalTable(op *InlineExternalTableOp) {
	pr.keyword("inline_external_table", op.Params)

	if op.Schema != nil {
		pr.schema(op.Schema)
		pr.str(" ")
	}

	if op.Kind != nil {
		pr.str("kind=")
		pr.expr(op.Kind)
	}

	if len(op.Partitions) > 0 {
		pr.str(" partition by (")
		for i, c := range op.Partitions {
			pr.sep(i)
			pr.param(c)
		}
		pr.str(")")
	}

	if len(op.PathFormat) > 0 {
		pr.str(" pathformat = (")
		for i, x := range op.PathFormat {
			if i > 0 {
				pr.str(" ")
			}
			pr.expr(x)
		}
		pr.str(")")
	}

	if op.DataFormat != nil {
		pr.str(" dataformat=")
		pr.expr(op.DataFormat)
	}

	pr.str(" (")
	pr.depth++
	pr.exprList(op.Sources)
	pr.depth--
	pr.str(")")

	if len(op.With) > 0 {
		pr.str(" with (")
		pr.optionList(op.With, ", ")
		pr.str(")")
	}
}

// renderProp writes one of render's old properties; `with "x"` and
// `by a, b` have no '='.
func (pr *printer) renderProp(o *OptionParam) {
	switch o.Name.Raw {
	case "with", "by":
		pr.expr(o.Name)
		pr.str(" ")
		pr.expr(o.Value)
	default:
		pr.option(o)
	}
}

func (pr *printer) forkBranch(b *ForkBranch) {
	if b.Name != nil {
		pr.expr(b.Name)
		pr.str(" = ")
	}
	pr.subquery(b.Query)
}

func (pr *printer) mvItem(it *MvItem) {
	if it.X != nil {
		pr.expr(it.X)
	}
	if it.To != nil {
		if it.X != nil {
			pr.str(" ")
		}
		pr.str("to ")
		pr.expr(it.To)
	}
}

func (pr *printer) makeSeriesAgg(a *MakeSeriesAgg) {
	pr.expr(a.X)
	if a.Default != nil {
		pr.str(" default = ")
		pr.expr(a.Default)
	}
}

func (pr *printer) topNestedLevel(l *TopNestedLevel) {
	pr.str("top-nested ")
	if l.Count != nil {
		pr.expr(l.Count)
		pr.str(" ")
	}
	pr.str("of ")
	pr.expr(l.Of)
	if l.Others != nil {
		pr.str(" with others = ")
		pr.expr(l.Others)
	}
	pr.str(" by ")
	pr.ordered(l.By)
}

func (pr *printer) parseOp(kw string, params []*OptionParam, source Expr, pattern []Expr) {
	pr.keyword(kw, params)
	pr.expr(source)
	pr.str(" with")
	for _, x := range pattern {
		pr.str(" ")
		pr.expr(x)
	}
}

func (pr *printer) scan(op *ScanOp) {
	pr.keyword("scan", op.Params)
	if len(op.OrderBy) > 0 {
		pr.str("order by ")
		pr.orderedList(op.OrderBy)
		pr.str(" ")
	}
	if len(op.PartitionBy) > 0 {
		pr.str("partition by ")
		pr.exprList(op.PartitionBy)
		pr.str(" ")
	}
	if op.Declare != nil {
		pr.str("declare (")
		for i, p := range op.Declare {
			pr.sep(i)
			pr.param(p)
		}
		pr.str(") ")
	}
	pr.str("with (")
	pr.depth++
	for _, s := range op.Steps {
		pr.str(" ")
		pr.scanStep(s)
	}
	pr.depth--
	pr.str(" )")
}

func (pr *printer) scanStep(s *ScanStep) {
	pr.str("step ")
	pr.expr(s.Name)
	if s.Optional {
		pr.str(" optional")
	}
	if s.Output != "" {
		pr.str(" output=")
		pr.str(s.Output)
	}
	pr.str(": ")
	pr.expr(s.Cond)
	if len(s.Assigns) > 0 {
		pr.str(" => ")
		for i, a := range s.Assigns {
			pr.sep(i)
			pr.expr(a)
		}
	}
	pr.str(";")
}

func (pr *printer) graphMatch(kw string, params []*OptionParam, patterns []*GraphPattern, where Expr, project []Expr) {
	pr.keyword(kw, params)
	for i, g := range patterns {
		pr.sep(i)
		pr.graphPattern(g)
	}
	if where != nil {
		pr.str(" where ")
		pr.nested(where)
	}
	if len(project) > 0 {
		pr.str(" project ")
		pr.exprList(project)
	}
}

func (pr *printer) graphPattern(g *GraphPattern) {
	for _, e := range g.Elems {
		pr.node(e)
	}
}

func (pr *printer) graphNode(n *GraphNode) {
	pr.str("(")
	if n.Name != nil {
		pr.expr(n.Name)
	}
	pr.str(")")
}

func (pr *printer) graphEdge(e *GraphEdge) {
	switch e.Dir {
	case "-->", "<--", "--":
		pr.str(e.Dir)
		return
	}
	open, closeText := "-[", "]-"
	switch e.Dir {
	case "-[]->":
		closeText = "]->"
	case "<-[]-":
		open = "<-["
	case "<-[]->":
		open, closeText = "<-[", "]->"
	}
	pr.str(open)
	if e.Name != nil {
		pr.expr(e.Name)
	}
	if e.Lo != nil {
		if e.Name != nil {
			pr.str(" ")
		}
		pr.str("*")
		pr.expr(e.Lo)
		pr.str("..")
		pr.expr(e.Hi)
	}
	pr.str(closeText)
}

func (pr *printer) graphOutput(o *GraphOutput) {
	if o.Edges {
		pr.str("edges")
	} else {
		pr.str("nodes")
	}
	if o.As != nil {
		pr.str(" as ")
		pr.expr(o.As)
	}
	for _, p := range o.Params {
		pr.str(" ")
		pr.option(p)
	}
}
