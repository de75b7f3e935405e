package syntax

// This file parses the operators whose clauses are lists of expressions:
// where, extend, project and its variants, summarize, sort, top, take and
// the like.

func (p *parser) namedExprList(oneOrMore bool, end func() bool) []Expr {
	return commaList(p, p.parseNamedExpression, p.missingExprFunc, listOptions{end: end, oneOrMore: oneOrMore})
}

func (p *parser) parseAs() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(asParams, declaredOrKnown, true)
	name := p.requireName(false)
	return &AsOp{Span: p.span(start), Params: params, Name: name}
}

func (p *parser) parseAssertSchema() Operator {
	start := p.startPos()
	p.next()
	schema := p.requireRowSchema()
	return &AssertSchemaOp{Span: p.span(start), Schema: schema}
}

func (p *parser) parseConsume() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(consumeParams, declaredOrKnown, false)
	return &ConsumeOp{Span: p.span(start), Params: params}
}

// parseCount parses `count [as Name]`. `count(` is the function, so it
// returns nil there.
func (p *parser) parseCount() Operator {
	if p.kind(1) == TokLParen {
		return nil
	}
	start := p.startPos()
	p.next()
	op := &CountOp{}
	if p.isKeyword(0, "as") {
		p.next()
		if t := p.tok(); isIdentToken(t) {
			p.next()
			op.As = &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
		} else {
			p.errorExpected("name")
			op.As = &Ident{Span: Span{t.Pos, t.Pos}}
		}
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseDistinct() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(distinctParams, declaredOrKnown, true)
	parse := func() Expr {
		if t := p.tok(); t.Kind == TokStar {
			p.next()
			return &StarExpr{Span{t.Pos, t.End}}
		}
		return p.parseNamedExpression()
	}
	exprs := commaList(p, parse, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
	return &DistinctOp{Span: p.span(start), Params: params, Exprs: exprs}
}

func (p *parser) parseEvaluate() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(evaluateParams, declaredOrKnown, false)
	call := p.requireFunctionCall()
	op := &EvaluateOp{Params: params, Call: call}
	if p.accept(TokColon) {
		op.Schema = p.parseEvaluateSchema()
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseExtend() Operator {
	start := p.startPos()
	p.next()
	exprs := p.namedExprList(true, p.commonListEnd)
	return &ExtendOp{Span: p.span(start), Exprs: exprs}
}

func (p *parser) parseWhere() Operator {
	start := p.startPos()
	t := p.next()
	params := p.parseParams(noParams, declaredOrKnown, true)
	pred := p.requireNamedExpression()
	return &WhereOp{Span: p.span(start), Keyword: t.Text, Params: params, Pred: pred}
}

func (p *parser) parseGetSchema() Operator {
	start := p.startPos()
	p.next()
	op := &GetSchemaOp{}
	if param := p.parseKnownParam(paramSpec{name: "kind", kind: valueWord, values: []string{"csl"}}); param != nil {
		op.Params = []*OptionParam{param}
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseInvoke() Operator {
	start := p.startPos()
	p.next()
	var call Expr
	if p.scanFunctionCallStart(0) {
		var x Expr = p.parseFunctionCall()
		for p.kind(0) == TokDot && p.scanFunctionCallStart(1) {
			p.next()
			next := p.parseFunctionCall()
			sel := &MemberExpr{Span: Span{x.Pos(), next.Fun.End()}, X: x, Name: next.Fun.(*Ident)}
			next.Fun = sel
			next.Span = Span{x.Pos(), next.End()}
			x = next
		}
		call = x
	} else {
		call = p.missingExpr("function call")
	}
	return &InvokeOp{Span: p.span(start), Call: call}
}

func (p *parser) parseJoin() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(joinParams, declaredOrKnown, true)
	right := p.requireUnnamedExpression()
	op := &JoinOp{Params: params, Right: right}
	if p.isKeyword(0, "on") {
		p.next()
		op.On = p.joinOnList()
	} else if p.isKeyword(0, "where") {
		p.next()
		op.Where = p.requireUnnamedExpression()
	}
	op.Span = p.span(start)
	return op
}

// joinOnList parses the conditions after `on`. The list has no end test,
// so it stops at the first token that is not a comma.
func (p *parser) joinOnList() []Expr {
	return commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{oneOrMore: true})
}

func (p *parser) parseLookup() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(lookupParams, declaredOrKnown, true)
	right := p.requireUnnamedExpression()
	op := &LookupOp{Params: params, Right: right}
	if p.isKeyword(0, "on") {
		p.next()
		op.On = p.joinOnList()
	} else {
		p.errorExpected("'on'")
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parsePrint() Operator {
	start := p.startPos()
	p.next()
	exprs := p.namedExprList(true, p.commonListEnd)
	return &PrintOp{Span: p.span(start), Exprs: exprs}
}

// parseProject parses project, project-rename and project-by-names.
func (p *parser) parseProject() Operator {
	start := p.startPos()
	t := p.next()
	switch t.Text {
	case "project-rename":
		exprs := p.namedExprList(false, p.commonListEnd)
		return &ProjectRenameOp{Span: p.span(start), Exprs: exprs}
	case "project-by-names":
		exprs := commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{end: p.commonListEnd})
		return &ProjectByNamesOp{Span: p.span(start), Exprs: exprs}
	}
	exprs := p.namedExprList(false, p.commonListEnd)
	return &ProjectOp{Span: p.span(start), Exprs: exprs}
}

// parseColumnOrPattern parses a column name or a name pattern such as
// `a*`, or returns nil.
func (p *parser) parseColumnOrPattern() Expr {
	if w := p.parseWildcardName(); w != nil {
		return w
	}
	if id := p.parseName(false); id != nil {
		return id
	}
	return nil
}

func (p *parser) parseProjectAwayKeep() Operator {
	start := p.startPos()
	t := p.next()
	cols := commaList(p, p.parseColumnOrPattern, p.missingExprFunc, listOptions{end: p.commonListEnd})
	if t.Text == "project-keep" {
		return &ProjectKeepOp{Span: p.span(start), Columns: cols}
	}
	return &ProjectAwayOp{Span: p.span(start), Columns: cols}
}

func (p *parser) parseProjectReorder() Operator {
	start := p.startPos()
	p.next()
	parse := func() *OrderedExpr {
		x := p.parseColumnOrPattern()
		if x == nil {
			return nil
		}
		o := &OrderedExpr{X: x}
		switch {
		case p.isKeyword(0, "asc"):
			o.Order = SortAsc
		case p.isKeyword(0, "desc"):
			o.Order = SortDesc
		case p.isKeyword(0, "granny-asc"):
			o.Order = SortGrannyAsc
		case p.isKeyword(0, "granny-desc"):
			o.Order = SortGrannyDesc
		}
		if o.Order != SortDefault {
			p.next()
		}
		o.Span = p.span(x.Pos())
		return o
	}
	missing := func() *OrderedExpr {
		x := p.missingExpr("column")
		return &OrderedExpr{Span: x.Span, X: x}
	}
	cols := commaList(p, parse, missing, listOptions{end: p.commonListEnd})
	return &ProjectReorderOp{Span: p.span(start), Columns: cols}
}

func (p *parser) parseSample() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(noParams, declaredOrKnown, true)
	count := p.requireNamedExpression()
	return &SampleOp{Span: p.span(start), Params: params, Count: count}
}

func (p *parser) parseSampleDistinct() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(noParams, declaredOrKnown, true)
	count := p.requireNamedExpression()
	p.expectWord("of")
	of := p.requireNamedExpression()
	return &SampleDistinctOp{Span: p.span(start), Params: params, Count: count, Of: of}
}

func (p *parser) parseReduce() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(reduceWithParams, declaredOrKnown, false)
	p.expectWord("by")
	by := p.requireNamedExpression()
	op := &ReduceOp{Params: params, By: by}
	if p.isKeyword(0, "with") {
		p.next()
		op.With = p.parseParamCommaList(reduceWithParams, declaredOrKnown)
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseSerialize() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(noParams, declaredOrKnown, true)
	exprs := p.namedExprList(false, p.commonListEnd)
	return &SerializeOp{Span: p.span(start), Params: params, Exprs: exprs}
}

func (p *parser) parseSummarize() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(summarizeParams, declaredOrKnown, true)
	aggs := p.namedExprList(false, func() bool { return p.isKeyword(0, "by") || p.isCommonListEnd(0) })
	op := &SummarizeOp{Params: params, Aggs: aggs}
	if p.isKeyword(0, "by") {
		p.next()
		end := func() bool {
			if p.isKeyword(0, "bin") && p.kind(1) == TokAssign && isLiteralToken(p.peek(2)) {
				return true
			}
			return p.isCommonListEnd(0)
		}
		op.By = p.namedExprList(true, end)
		if p.isKeyword(0, "bin") && p.kind(1) == TokAssign {
			// The old `by x bin = 1h` form.
			p.next()
			p.next()
			op.Bin = p.requireUnnamedExpression()
		}
	}
	op.Span = p.span(start)
	return op
}

// isLiteralToken reports whether t is a literal token.
func isLiteralToken(t Token) bool {
	switch t.Kind {
	case TokString, TokLong, TokReal, TokTimeSpan, TokBool, TokTypedLit, TokRawGuid:
		return true
	}
	return false
}

func (p *parser) parseTake() Operator {
	start := p.startPos()
	t := p.next()
	params := p.parseParams(noParams, declaredOrKnown, true)
	count := p.requireNamedExpression()
	return &TakeOp{Span: p.span(start), Keyword: t.Text, Params: params, Count: count}
}

// parseOrderedExpr parses a sort key with its optional direction and
// null placement, or returns nil.
func (p *parser) parseOrderedExpr() *OrderedExpr {
	x := p.parseNamedExpression()
	if x == nil {
		return nil
	}
	o := &OrderedExpr{X: x}
	t := p.tok()
	if t.IsKeyword() {
		switch t.Text {
		case "asc":
			o.Order = SortAsc
		case "desc":
			o.Order = SortDesc
		case "granny-asc":
			o.Order = SortGrannyAsc
		case "granny-desc":
			o.Order = SortGrannyDesc
		}
	}
	if o.Order != SortDefault {
		p.next()
	}
	if p.isKeyword(0, "nulls") {
		p.next()
		switch {
		case p.isKeyword(0, "first"):
			p.next()
			o.Nulls = NullsFirst
		case p.isKeyword(0, "last"):
			p.next()
			o.Nulls = NullsLast
		default:
			p.errorExpected("'first' or 'last'")
		}
	}
	o.Span = p.span(x.Pos())
	return o
}

func (p *parser) requireOrderedExpr() *OrderedExpr {
	if o := p.parseOrderedExpr(); o != nil {
		return o
	}
	x := p.missingExpr("expression")
	return &OrderedExpr{Span: x.Span, X: x}
}

func (p *parser) missingOrderedExpr() *OrderedExpr {
	x := p.missingExpr("expression")
	return &OrderedExpr{Span: x.Span, X: x}
}

func (p *parser) orderedList(end func() bool) []*OrderedExpr {
	return commaList(p, p.parseOrderedExpr, p.missingOrderedExpr, listOptions{end: end, oneOrMore: true})
}

func (p *parser) parseSort() Operator {
	start := p.startPos()
	t := p.next()
	params := p.parseParams(sortParams, declaredOrKnown, false)
	p.expectWord("by")
	by := p.orderedList(p.commonListEnd)
	return &SortOp{Span: p.span(start), Keyword: t.Text, Params: params, By: by}
}

func (p *parser) parseTop() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(topParams, declaredOrKnown, true)
	count := p.requireNamedExpression()
	p.expectWord("by")
	by := p.requireOrderedExpr()
	return &TopOp{Span: p.span(start), Params: params, Count: count, By: by}
}

func (p *parser) parseTopHitters() Operator {
	start := p.startPos()
	p.next()
	count := p.requireNamedExpression()
	p.expectWord("of")
	of := p.requireNamedExpression()
	op := &TopHittersOp{Count: count, Of: of}
	if p.isKeyword(0, "by") {
		p.next()
		op.By = p.requireNamedExpression()
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseTopNested() Operator {
	start := p.startPos()
	parse := func() *TopNestedLevel {
		if !p.isKeyword(0, "top-nested") {
			return nil
		}
		lstart := p.startPos()
		p.next()
		lvl := &TopNestedLevel{Count: p.parseNamedExpression()}
		p.expectWord("of")
		lvl.Of = p.requireNamedExpression()
		if p.isKeyword(0, "with") {
			p.next()
			p.expectWord("others")
			p.expect(TokAssign)
			lvl.Others = p.parseLiteral()
			if lvl.Others == nil {
				lvl.Others = p.requireUnnamedExpression()
			}
		}
		p.expectWord("by")
		lvl.By = p.requireOrderedExpr()
		lvl.Span = p.span(lstart)
		return lvl
	}
	missing := func() *TopNestedLevel {
		p.errorExpected("'top-nested'")
		t := p.tok()
		return &TopNestedLevel{Span: Span{t.Pos, t.Pos}, Of: &BadExpr{Span{t.Pos, t.Pos}}, By: &OrderedExpr{Span: Span{t.Pos, t.Pos}, X: &BadExpr{Span{t.Pos, t.Pos}}}}
	}
	levels := commaList(p, parse, missing, listOptions{end: p.commonListEnd, oneOrMore: true})
	return &TopNestedOp{Span: p.span(start), Levels: levels}
}

// parseRange parses `range x from a to b step c`. `range(` is the
// function, so it returns nil there.
func (p *parser) parseRange() Operator {
	if p.kind(1) == TokLParen {
		return nil
	}
	start := p.startPos()
	p.next()
	op := &RangeOp{Name: p.requireName(false)}
	p.expectWord("from")
	op.From = p.requireUnnamedExpression()
	p.expectWord("to")
	op.To = p.requireUnnamedExpression()
	p.expectWord("step")
	op.Step = p.requireUnnamedExpression()
	op.Span = p.span(start)
	return op
}

func (p *parser) parseGraphWhere() Operator {
	start := p.startPos()
	t := p.next()
	pred := p.requireUnnamedExpression()
	if t.Text == "graph-where-edges" {
		return &GraphWhereEdgesOp{Span: p.span(start), Pred: pred}
	}
	return &GraphWhereNodesOp{Span: p.span(start), Pred: pred}
}

func (p *parser) parseGraphMarkComponents() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(markComponentsParams, declaredOrKnown, true)
	return &GraphMarkComponentsOp{Span: p.span(start), Params: params}
}
