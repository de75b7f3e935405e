package syntax

// This file parses pipelines and dispatches on the operator keyword after
// each '|'.

// parseExpression parses a pipeline or a plain expression, or returns
// nil.
func (p *parser) parseExpression() Expr {
	if !p.enter() {
		return nil
	}
	defer p.leave()

	start := p.startPos()
	var x Expr
	if p.scanPossibleQueryOperator() {
		x = p.parseUnpipedOperator()
		if x == nil {
			x = p.parsePipedOperator()
		}
		if x == nil {
			x = p.parseUnnamedExpression()
		}
	} else {
		x = p.parseUnnamedExpression()
		if x == nil {
			x = p.parseUnpipedOperator()
		}
		if x == nil {
			x = p.parsePipedOperator()
		}
	}
	if x == nil {
		return nil
	}
	return p.parsePipeTail(start, x)
}

// parsePipeTail parses the `| operator` steps after source.
func (p *parser) parsePipeTail(start Pos, source Expr) Expr {
	if p.kind(0) != TokBar {
		return source
	}
	pipe := &PipeExpr{Source: source}
	for p.accept(TokBar) {
		pipe.Ops = append(pipe.Ops, p.requireOperator())
	}
	pipe.Span = p.span(start)
	return pipe
}

// parsePipeSubExpression parses a subquery that starts with an operator,
// such as the body of partition: `(top 3 by x | project a)`.
func (p *parser) parsePipeSubExpression() Expr {
	start := p.startPos()
	op := p.requireOperator()
	return p.parsePipeTail(start, op)
}

// parseContextualSubExpression parses the subquery of mv-apply or
// partition-by: like parsePipeSubExpression, but it may start with
// __contextual_datatable.
func (p *parser) parseContextualSubExpression() Expr {
	start := p.startPos()
	var x Expr
	if p.isKeyword(0, "__contextual_datatable") {
		x = p.parseContextualDataTable()
	} else {
		x = p.requireOperator()
	}
	return p.parsePipeTail(start, x)
}

// parseForkPipeExpression parses a fork or facet subquery, which starts
// with an operator, or returns nil.
func (p *parser) parseForkPipeExpression() Expr {
	start := p.startPos()
	op := p.parseForkOperator()
	if op == nil {
		return nil
	}
	return p.parsePipeTail(start, op)
}

func (p *parser) parseForkOperator() Operator {
	if op := p.parsePipedOperator(); op != nil {
		return op
	}
	return p.parseUnpipedOperator()
}

// requireOperator parses the operator after '|'. A name that is not an
// operator is consumed with an error; anything else is reported missing.
func (p *parser) requireOperator() Operator {
	if op := p.parsePipedOperator(); op != nil {
		return op
	}
	if op := p.parseUnpipedOperator(); op != nil {
		return op
	}
	t := p.tok()
	if isIdentToken(t) {
		p.next()
		msg := "unknown query operator " + quote(t.Text)
		if name := Closest(t.Text, operatorSuggestions); name != "" {
			msg += "; did you mean " + quote(name) + "?"
		}
		p.error(CodeUnknownOperator, Span{t.Pos, t.End}, msg)
		return &BadOp{Span{t.Pos, t.End}}
	}
	p.errorExpected("query operator")
	return &BadOp{Span{t.Pos, t.Pos}}
}

// parseUnpipedOperator parses an operator that may start a query: union,
// print, find, search, evaluate or macro-expand.
func (p *parser) parseUnpipedOperator() Operator {
	t := p.tok()
	if !t.IsKeyword() {
		return nil
	}
	switch t.Text {
	case "evaluate":
		return p.parseEvaluate()
	case "find":
		return p.parseFind()
	case "macro-expand":
		return p.parseMacroExpand()
	case "print":
		return p.parsePrint()
	case "search":
		return p.parseSearch()
	case "union":
		return p.parseUnion()
	}
	return nil
}

// parsePipedOperator parses an operator that follows '|', or returns nil.
func (p *parser) parsePipedOperator() Operator {
	t := p.tok()
	if !t.IsKeyword() {
		return nil
	}
	var op Operator
	switch t.Text {
	case "as":
		op = p.parseAs()
	case "consume":
		op = p.parseConsume()
	case "count":
		return p.parseCount()
	case "distinct":
		op = p.parseDistinct()
	case "evaluate":
		op = p.parseEvaluate()
	case "__executeAndCache":
		p.next()
		op = &ExecuteAndCacheOp{Span{t.Pos, t.End}}
	case "extend":
		op = p.parseExtend()
	case "facet":
		op = p.parseFacet()
	case "filter", "where":
		op = p.parseWhere()
	case "find":
		op = p.parseFind()
	case "fork":
		op = p.parseFork()
	case "getschema":
		op = p.parseGetSchema()
	case "invoke":
		op = p.parseInvoke()
	case "join":
		op = p.parseJoin()
	case "lookup":
		op = p.parseLookup()
	case "make-series":
		op = p.parseMakeSeries()
	case "mvapply", "mv-apply":
		op = p.parseMvApply()
	case "mvexpand", "mv-expand":
		op = p.parseMvExpand()
	case "parse", "parse-where":
		op = p.parseParseOp()
	case "parse-kv":
		op = p.parseParseKv()
	case "__partitionby":
		op = p.parsePartitionBy()
	case "partition":
		op = p.parsePartition()
	case "project", "project-rename", "project-by-names":
		op = p.parseProject()
	case "project-away", "project-keep":
		op = p.parseProjectAwayKeep()
	case "project-reorder":
		op = p.parseProjectReorder()
	case "range":
		return p.parseRange()
	case "reduce":
		op = p.parseReduce()
	case "render":
		op = p.parseRender()
	case "sample":
		op = p.parseSample()
	case "sample-distinct":
		op = p.parseSampleDistinct()
	case "scan":
		op = p.parseScan()
	case "search":
		op = p.parseSearch()
	case "serialize":
		op = p.parseSerialize()
	case "sort", "order":
		op = p.parseSort()
	case "summarize":
		op = p.parseSummarize()
	case "take", "limit":
		op = p.parseTake()
	case "top":
		op = p.parseTop()
	case "top-hitters":
		op = p.parseTopHitters()
	case "top-nested":
		op = p.parseTopNested()
	case "union":
		op = p.parseUnion()
	case "make-graph":
		op = p.parseMakeGraph()
	case "graph-match", "graph-shortest-paths":
		op = p.parseGraphMatch()
	case "graph-to-table":
		op = p.parseGraphToTable()
	case "graph-mark-components":
		op = p.parseGraphMarkComponents()
	case "graph-where-nodes", "graph-where-edges":
		op = p.parseGraphWhere()
	case "assert-schema":
		op = p.parseAssertSchema()
	case "inline_external_table":
		return p.parseInlineExternalTable()
	}
	return op
}

// scanPossibleQueryOperator reports whether the current token starts a
// query operator rather than an expression. Keywords that may also be
// names count only when what follows fits the operator.
func (p *parser) scanPossibleQueryOperator() bool {
	t := p.tok()
	if !t.IsKeyword() {
		return false
	}
	switch t.Text {
	case "evaluate":
		return p.scanName(1) > 0 || p.scanKnownParamName(paramCtx{}, false, 1) > 0
	case "facet":
		return p.isKeyword(1, "by")
	case "partition":
		return p.isKeyword(1, "by") || p.scanKnownParamName(paramCtx{}, false, 1) > 0
	case "range":
		n := p.scanName(1)
		return n > 0 && p.isKeyword(1+n, "from")
	case "reduce":
		return p.isKeyword(1, "by") || p.scanKnownParamName(paramCtx{}, false, 1) > 0
	case "inline_external_table":
		return p.kind(1) == TokLParen || p.isKeyword(1, "kind")
	case "render":
		nt := p.peek(1)
		return containsString(chartTypes, nt.Text) || isPlainName(nt)
	case "fork", "lookup", "__partitionby":
		return false
	case "as", "assert-schema", "consume", "count", "distinct", "__executeAndCache",
		"extend", "filter", "find", "getschema", "graph-match", "graph-to-table",
		"invoke", "join", "limit", "macro-expand", "make-graph", "graph-mark-components",
		"make-series", "mvapply", "mv-apply", "mvexpand", "mv-expand", "order", "parse",
		"parse-where", "parse-kv", "print", "project", "project-away", "project-keep",
		"project-rename", "project-by-names", "project-reorder", "sample", "sample-distinct",
		"scan", "search", "serialize", "sort", "summarize", "take", "top", "top-hitters",
		"top-nested", "union", "where":
		return !isNameKeyword(t)
	}
	return false
}

// chartTypes lists the chart names of render. The parser accepts any
// other name too.
var chartTypes = []string{
	"table", "list", "barchart", "piechart", "ladderchart", "timechart", "linechart",
	"anomalychart", "pivotchart", "areachart", "stackedareachart", "scatterchart",
	"timepivot", "columnchart", "timeline", "3Dchart", "card", "treemap", "plotly",
	"graph", "sankey",
}
