package syntax

// This file parses the operators that take tables or subqueries: union,
// find, search, fork, facet, partition, mv-expand, mv-apply, make-series,
// parse, parse-kv, scan, render and macro-expand.

// resetPoint records the parser state for trying alternatives.
type resetPoint struct {
	pos     int
	prevEnd Pos
	ndiags  int
}

func (p *parser) mark() resetPoint {
	return resetPoint{p.pos, p.prevEnd, len(p.diags.list)}
}

func (p *parser) reset(r resetPoint) {
	p.pos, p.prevEnd = r.pos, r.prevEnd
	p.diags.list = p.diags.list[:r.ndiags]
}

// parseBest tries each alternative from the same position and keeps the
// first one that consumes the most tokens, as Kusto's parser does for
// table references.
func (p *parser) parseBest(alts ...func() Expr) Expr {
	start := p.mark()
	var best Expr
	var bestEnd resetPoint
	bestPos := start.pos
	for _, alt := range alts {
		p.reset(start)
		x := alt()
		if x != nil && p.pos > bestPos {
			best, bestPos, bestEnd = x, p.pos, p.mark()
		}
	}
	if best == nil {
		p.reset(start)
		return nil
	}
	p.reset(bestEnd)
	return best
}

// parseSimplePath parses a name followed by `.name` and `[...]` parts, as
// in facet and partition columns, or returns nil.
func (p *parser) parseSimplePath() Expr {
	x := p.parsePrimaryPathElement()
	for x != nil {
		switch p.kind(0) {
		case TokDot:
			p.next()
			sel := p.parsePathElement(x)
			if sel == nil {
				p.missingName()
				t := p.tok()
				x = &MemberExpr{Span: p.span(x.Pos()), X: x, Name: &Ident{Span: Span{t.Pos, t.Pos}}}
				continue
			}
			x = sel
		case TokLBrack:
			x = p.parseElementAccess(x)
		default:
			return x
		}
	}
	return x
}

// parseElementAccess parses `[...]` after x: a bracketed name, pattern or
// expression.
func (p *parser) parseElementAccess(x Expr) Expr {
	if w := p.parseBracketedWildcardName(); w != nil {
		return &IndexExpr{Span: p.span(x.Pos()), X: x, Index: w}
	}
	if id := p.parseBracketedName(); id != nil {
		return &MemberExpr{Span: p.span(x.Pos()), X: x, Name: id}
	}
	p.next()
	idx := p.parseUnnamedExpression()
	if idx == nil {
		p.missingName()
		idx = &BadExpr{Span{p.startPos(), p.startPos()}}
	}
	p.expect(TokRBrack)
	return &IndexExpr{Span: p.span(x.Pos()), X: x, Index: idx}
}

// parsePathOrCall parses a table path such as `cluster("c").database("d").T`
// whose parts may be calls, or returns nil.
func (p *parser) parsePathOrCall() Expr {
	var x Expr
	if p.scanFunctionCallStart(0) {
		x = p.parseFunctionCall()
	} else {
		x = p.parsePrimaryPathElement()
	}
	return x
}

// parseWildcardedEntity parses a table reference that may end in a name
// pattern, such as `Device*` or `database("d").Sec*`, or returns nil.
func (p *parser) parseWildcardedEntity() Expr {
	if w := p.parseWildcardName(); w != nil {
		return w
	}
	x := p.parsePathOrCall()
	for x != nil {
		switch p.kind(0) {
		case TokDot:
			p.next()
			if w := p.parseWildcardName(); w != nil {
				return &IndexExpr{Span: p.span(x.Pos()), X: x, Index: w}
			}
			sel := p.parsePathSelectorOrCall(x)
			if sel == nil {
				p.missingName()
				t := p.tok()
				x = &MemberExpr{Span: p.span(x.Pos()), X: x, Name: &Ident{Span: Span{t.Pos, t.Pos}}}
				continue
			}
			x = sel
		case TokLBrack:
			x = p.parseElementAccess(x)
		default:
			return x
		}
	}
	return x
}

// parseBracketedEntity parses `[T*]` or `['T']`, or returns nil.
func (p *parser) parseBracketedEntity() Expr {
	if w := p.parseBracketedWildcardName(); w != nil {
		return w
	}
	if id := p.parseBracketedName(); id != nil {
		return id
	}
	return nil
}

func (p *parser) parseUnionLeg() Expr {
	if p.kind(0) == TokLParen {
		return p.parseParenExpr()
	}
	return p.parseBest(p.parseBracketedEntity, p.parseWildcardedEntity, p.parsePrimaryPathElement)
}

func (p *parser) parseUnion() Operator {
	start := p.startPos()
	p.next()
	params := p.parseParams(unionParams, declaredOrKnown, true)
	tables := commaList(p, p.parseUnionLeg, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
	return &UnionOp{Span: p.span(start), Params: params, Tables: tables}
}

// parseFindOperand parses a table of find's or search's `in (...)`
// clause: a name with an optional `| as Name`, or a pattern.
func (p *parser) parseFindOperand() Expr {
	nameWithAs := func() Expr {
		start := p.startPos()
		x := p.parseBracketedEntity()
		if x == nil {
			x = p.parsePrimaryPathElement()
		}
		if x != nil && p.kind(0) == TokBar {
			p.next()
			var as Operator
			if p.isKeyword(0, "as") {
				as = p.parseAs()
			} else {
				p.errorExpected("'as'")
				as = &BadOp{Span{p.startPos(), p.startPos()}}
			}
			return &PipeExpr{Span: p.span(start), Source: x, Ops: []Operator{as}}
		}
		return x
	}
	return p.parseBest(nameWithAs, p.parseWildcardedEntity)
}

// parseInTables parses `in (T1, T2*, ...)`, or returns nil and false.
func (p *parser) parseInTables() ([]Expr, bool) {
	if !p.isKeyword(0, "in") {
		return nil, false
	}
	p.next()
	p.expect(TokLParen)
	list := commaList(p, p.parseFindOperand, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
	p.expect(TokRParen)
	return list, true
}

// parseFindColumn parses a column of find's project clauses: `pack(*)`,
// `*`, or a name with an optional `: type`.
func (p *parser) parseFindColumn() Expr {
	start := p.startPos()
	if p.isKeyword(0, "pack") {
		t := p.next()
		p.expect(TokLParen)
		st := p.tok()
		p.expect(TokStar)
		p.expect(TokRParen)
		return &CallExpr{Span: p.span(start), Fun: &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}, Args: []Expr{&StarExpr{Span{st.Pos, st.End}}}}
	}
	if t := p.tok(); t.Kind == TokStar {
		p.next()
		return &StarExpr{Span{t.Pos, t.End}}
	}
	name := p.parseName(false)
	if name == nil {
		return nil
	}
	if p.accept(TokColon) {
		ty := p.requireType(true)
		return &ColumnDecl{Span: p.span(start), Name: name, Type: ty}
	}
	return name
}

func (p *parser) parseFind() Operator {
	start := p.startPos()
	p.next()
	op := &FindOp{}
	if p.isKeyword(0, "datascope") {
		op.DataScope = p.parseDataScope()
	}
	op.Params = p.parseParams(findParams, declaredOrKnown, false)
	in, hasIn := p.parseInTables()
	op.In = in
	if len(op.Params) > 0 || hasIn {
		p.expectWord("where")
	} else {
		p.acceptWord("where")
	}
	op.Pred = p.requireUnnamedExpression()
	switch {
	case p.isKeyword(0, "project"):
		p.next()
		op.Project = commaList(p, p.parseFindColumn, p.missingExprFunc, listOptions{oneOrMore: true})
	case p.isKeyword(0, "project-smart"):
		p.next()
		op.ProjectSmart = true
	}
	if p.isKeyword(0, "__projectAway") {
		p.next()
		op.ProjectAway = commaList(p, p.parseFindColumn, p.missingExprFunc, listOptions{oneOrMore: true})
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseSearch() Operator {
	start := p.startPos()
	p.next()
	op := &SearchOp{}
	op.Params = p.parseParams(searchParams, declaredOrKnown, true)
	if p.isKeyword(0, "datascope") {
		op.DataScope = p.parseDataScope()
	}
	op.In, _ = p.parseInTables()
	pred := p.parseUnnamedExpression()
	if pred == nil && p.kind(0) == TokStar {
		st := p.next()
		var star Expr = &StarExpr{Span{st.Pos, st.End}}
		pred = star
		if p.isKeyword(0, "and") {
			t := p.next()
			pred = p.binary(star, t, OpAnd, p.requireUnnamedExpression())
		}
	}
	if pred == nil {
		pred = p.missingExpr("search predicate")
	}
	op.Pred = pred
	op.Span = p.span(start)
	return op
}

func (p *parser) parseFork() Operator {
	start := p.startPos()
	p.next()
	parse := func() *ForkBranch {
		bstart := p.startPos()
		var name *Ident
		if n := p.scanName(0); n > 0 && p.kind(n) == TokAssign {
			name = p.parseName(false)
			p.next()
			p.expect(TokLParen)
		} else if p.kind(0) == TokLParen {
			p.next()
		} else {
			return nil
		}
		q := p.parseForkPipeExpression()
		if q == nil {
			q = p.parseExpression()
		}
		if q == nil {
			q = p.missingExpr("subquery")
		}
		p.expect(TokRParen)
		return &ForkBranch{Span: p.span(bstart), Name: name, Query: q}
	}
	var branches []*ForkBranch
	for {
		b := parse()
		if b == nil {
			break
		}
		branches = append(branches, b)
	}
	if len(branches) == 0 {
		p.errorExpected("'('")
	}
	return &ForkOp{Span: p.span(start), Branches: branches}
}

func (p *parser) parseFacet() Operator {
	start := p.startPos()
	p.next()
	p.expectWord("by")
	end := func() bool { return p.isKeyword(0, "with") || p.isCommonListEnd(0) }
	missing := func() Expr {
		p.missingName()
		t := p.tok()
		return &Ident{Span: Span{t.Pos, t.Pos}}
	}
	op := &FacetOp{Columns: commaList(p, p.parseSimplePath, missing, listOptions{end: end, oneOrMore: true})}
	if p.isKeyword(0, "with") {
		p.next()
		if p.accept(TokLParen) {
			op.WithParens = true
			op.With = p.parseForkPipeExpression()
			if op.With == nil {
				p.errorExpected("query operator")
				op.With = &BadOp{Span{p.startPos(), p.startPos()}}
			}
			p.expect(TokRParen)
		} else if o := p.parseForkOperator(); o != nil {
			op.With = o
		} else {
			p.errorExpected("query operator")
			op.With = &BadOp{Span{p.startPos(), p.startPos()}}
		}
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parsePartition() Operator {
	start := p.startPos()
	p.next()
	op := &PartitionOp{Params: p.parseParams(partitionParams, declaredOrKnown, false)}
	p.expectWord("by")
	op.By = p.parseSimplePath()
	if op.By == nil {
		op.By = p.missingNameExpr()
	}
	if p.isKeyword(0, "in") {
		p.next()
		if p.scanFunctionCallStart(0) {
			op.In = p.parseFunctionCall()
		} else if p.isKeyword(0, "dynamic") {
			op.In = p.parseDynamic()
		}
		if op.In == nil {
			op.In = p.missingExpr("partition scope")
		}
	}
	switch p.kind(0) {
	case TokLBrace:
		p.next()
		op.Braces = true
		op.Query = p.parseExpression()
		if op.Query == nil {
			op.Query = p.missingExpr("query")
		}
		p.expect(TokRBrace)
	case TokLParen:
		p.next()
		op.Query = p.parsePipeSubExpression()
		p.expect(TokRParen)
	default:
		p.errorExpected("'('")
		op.Query = &BadExpr{Span{p.startPos(), p.startPos()}}
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) missingNameExpr() Expr {
	p.missingName()
	t := p.tok()
	return &Ident{Span: Span{t.Pos, t.Pos}}
}

func (p *parser) parsePartitionBy() Operator {
	start := p.startPos()
	p.next()
	op := &PartitionByOp{Params: p.parseParams(partitionParams, declaredOrKnown, false)}
	op.By = p.parseSimplePath()
	if op.By == nil {
		op.By = p.missingNameExpr()
	}
	if p.isKeyword(0, "id") {
		p.next()
		op.ID = p.parseLiteral()
		if op.ID == nil {
			op.ID = p.missingExpr("value")
		}
	}
	p.expect(TokLParen)
	op.Query = p.parseContextualSubExpression()
	p.expect(TokRParen)
	op.Span = p.span(start)
	return op
}

func (p *parser) parseMakeSeries() Operator {
	start := p.startPos()
	p.next()
	op := &MakeSeriesOp{Params: p.parseParams(makeSeriesParams, declaredOrKnown, true)}

	parseAgg := func() *MakeSeriesAgg {
		x := p.parseNamedExpression()
		if x == nil {
			return nil
		}
		agg := &MakeSeriesAgg{X: x}
		if p.isKeyword(0, "default") {
			p.next()
			p.expect(TokAssign)
			agg.Default = p.requireNamedExpression()
		}
		agg.Span = p.span(x.Pos())
		return agg
	}

	missingAgg := func() *MakeSeriesAgg {
		x := p.missingExpr("aggregation")
		return &MakeSeriesAgg{Span: x.Span, X: x}
	}

	end := func() bool {
		return p.isKeyword(0, "on") || p.isKeyword(0, "from") || p.isKeyword(0, "in") || p.isCommonListEnd(0)
	}

	op.Aggs = commaList(p, parseAgg, missingAgg, listOptions{end: end, oneOrMore: true})

	p.expectWord("on")
	op.On = p.requireNamedExpression()

	if p.isKeyword(0, "from") || p.isKeyword(0, "to") || p.isKeyword(0, "step") {
		if p.acceptWord("from") {
			op.From = p.requireUnnamedExpression()
		}
		if p.acceptWord("to") {
			op.To = p.requireUnnamedExpression()
		}
		p.expectWord("step")
		op.Step = p.requireUnnamedExpression()
	} else {
		op.InRange = true
		p.expectWord("in")
		p.expectWord("range")
		p.expect(TokLParen)
		args := commaList(p, p.parseNamedExpression, p.missingExprFunc, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
		if len(args) > 0 {
			op.From = args[0]
		}
		if len(args) > 1 {
			op.To = args[1]
		}
		if len(args) > 2 {
			op.Step = args[2]
		}
	}

	if p.isKeyword(0, "by") {
		p.next()
		op.By = p.namedExprList(true, nil)
	}

	op.Span = p.span(start)
	return op
}

// parseToTypeOf parses `to typeof(T)` after an mv-expand or mv-apply
// item, or returns nil.
func (p *parser) parseToTypeOf() *TypeOfLit {
	if !p.isKeyword(0, "to") {
		return nil
	}
	p.next()
	if p.isKeyword(0, "typeof") && p.kind(1) == TokLParen {
		if t, ok := p.parseTypeOf().(*TypeOfLit); ok {
			return t
		}
	}
	p.errorExpected("typeof(...)")
	return &TypeOfLit{Span: Span{p.startPos(), p.startPos()}, Type: &TypeRef{Span: Span{p.startPos(), p.startPos()}}}
}

// parseMvItem parses an mv-expand or mv-apply item: an expression with an
// optional `to typeof(T)`, or returns nil.
func (p *parser) parseMvItem() *MvItem {
	start := p.startPos()
	if p.isKeyword(0, "to") {
		x := p.missingExpr("expression")
		to := p.parseToTypeOf()
		return &MvItem{Span: p.span(start), X: x, To: to}
	}
	x := p.parseNamedExpression()
	if x == nil {
		return nil
	}
	item := &MvItem{X: x, To: p.parseToTypeOf()}
	item.Span = p.span(start)
	return item
}

func (p *parser) missingMvItem() *MvItem {
	x := p.missingExpr("expression")
	return &MvItem{Span: x.Span, X: x}
}

func (p *parser) parseMvExpand() Operator {
	start := p.startPos()
	t := p.next()
	op := &MvExpandOp{Keyword: t.Text, Params: p.parseParams(mvExpandParams, declaredOrKnown, true)}
	end := func() bool { return p.isKeyword(0, "limit") || p.isCommonListEnd(0) }
	op.Items = commaList(p, p.parseMvItem, p.missingMvItem, listOptions{end: end, oneOrMore: true})
	if p.isKeyword(0, "limit") {
		p.next()
		op.Limit = p.requireUnnamedExpression()
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseMvApply() Operator {
	start := p.startPos()
	t := p.next()
	op := &MvApplyOp{Keyword: t.Text, Params: p.parseParams(mvApplyParams, declaredOrKnown, true)}

	parsed := false

	if p.isKeyword(0, "to") {
		// A single `to typeof(T)` item needs no expression.
		r := p.mark()
		istart := p.startPos()
		to := p.parseToTypeOf()
		if p.kind(0) != TokComma {
			op.Items = []*MvItem{{Span: p.span(istart), To: to}}
			parsed = true
		} else {
			p.reset(r)
		}
	}

	if !parsed {
		end := func() bool {
			if p.isKeyword(0, "limit") || p.isKeyword(0, "id") || p.isKeyword(0, "on") {
				switch p.kind(1) {
				case TokComma, TokAssign:
					return p.isCommonListEnd(0)
				}
				if p.isKeyword(1, "to") {
					return p.isCommonListEnd(0)
				}
				return true
			}
			return p.isCommonListEnd(0)
		}
		op.Items = commaList(p, p.parseMvItem, p.missingMvItem, listOptions{end: end, oneOrMore: true})
	}

	if p.isKeyword(0, "limit") {
		p.next()
		op.Limit = p.requireUnnamedExpression()
	}

	if p.isKeyword(0, "id") {
		p.next()
		op.ID = p.requireUnnamedExpression()
	}

	p.expectWord("on")

	if p.accept(TokLParen) {
		op.On = p.parseContextualSubExpression()
		p.expect(TokRParen)
	} else {
		p.errorExpected("'('")
		op.On = &BadExpr{Span{p.startPos(), p.startPos()}}
	}

	op.Span = p.span(start)
	return op
}

// parseParseOp parses parse and parse-where.
func (p *parser) parseParseOp() Operator {
	start := p.startPos()
	t := p.next()
	params := p.parseParams(parseParams, declaredOrKnown, true)
	source := p.requireUnnamedExpression()
	p.expectWord("with")
	var pattern []Expr
	for {
		if st := p.tok(); st.Kind == TokStar {
			p.next()
			pattern = append(pattern, &StarExpr{Span{st.Pos, st.End}})
			continue
		}
		if s := p.parseStringLit(); s != nil {
			pattern = append(pattern, s)
			continue
		}
		if c := p.parsePatternColumn(); c != nil {
			pattern = append(pattern, c)
			continue
		}
		break
	}
	if t.Text == "parse-where" {
		return &ParseWhereOp{Span: p.span(start), Params: params, Source: source, Pattern: pattern}
	}
	return &ParseOp{Span: p.span(start), Params: params, Source: source, Pattern: pattern}
}

// parsePatternColumn parses `name` or `name: type` in a parse pattern,
// or returns nil.
func (p *parser) parsePatternColumn() Expr {
	start := p.startPos()
	if p.kind(0) == TokColon {
		p.missingName()
		p.next()
		ty := p.requireType(false)
		return &ColumnDecl{Span: p.span(start), Name: &Ident{Span: Span{start, start}}, Type: ty}
	}
	name := p.parseName(true)
	if name == nil {
		return nil
	}
	if p.accept(TokColon) {
		ty := p.requireType(false)
		return &ColumnDecl{Span: p.span(start), Name: name, Type: ty}
	}
	return &ColumnDecl{Span: p.span(start), Name: name}
}

func (p *parser) parseParseKv() Operator {
	start := p.startPos()
	p.next()
	op := &ParseKvOp{Source: p.requireUnnamedExpression()}
	p.expectWord("as")
	op.Keys = p.requireRowSchema()
	if p.isKeyword(0, "with") {
		p.next()
		p.expect(TokLParen)
		op.With = p.parseParamCommaList(parseKvWithParams, declaredOnly)
		p.expect(TokRParen)
	}
	op.Span = p.span(start)
	return op
}

func (p *parser) parseScan() Operator {
	start := p.startPos()
	p.next()
	op := &ScanOp{Params: p.parseParams(scanParams, declaredOrKnown, false)}

	end := func() bool {
		for _, kw := range []string{"partition", "order", "by", "declare", "with"} {
			if p.isKeyword(0, kw) {
				return true
			}
		}
		return p.isCommonListEnd(0)
	}

	if p.isKeyword(0, "order") {
		p.next()
		p.expectWord("by")
		op.OrderBy = p.orderedList(end)
	}

	if p.isKeyword(0, "partition") {
		p.next()
		p.expectWord("by")
		op.PartitionBy = commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{end: end, oneOrMore: true})
	}

	if p.isKeyword(0, "declare") {
		p.next()
		p.expect(TokLParen)
		op.Declare = commaList(p, p.parseParamDecl, p.missingParamDecl, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
	}

	p.expectWord("with")
	p.expect(TokLParen)
	for !p.isCommonListEnd(0) {
		step := p.parseScanStep()
		if step == nil {
			break
		}
		op.Steps = append(op.Steps, step)
	}
	p.expect(TokRParen)

	op.Span = p.span(start)
	return op
}

func (p *parser) parseScanStep() *ScanStep {
	if !p.isKeyword(0, "step") {
		return nil
	}

	start := p.startPos()
	p.next()
	step := &ScanStep{Name: p.requireName(true)}

	if p.isKeyword(0, "optional") {
		p.next()
		step.Optional = true
	}

	if p.isKeyword(0, "output") {
		p.next()
		p.expect(TokAssign)
		if t := p.tok(); t.Text == "all" || t.Text == "last" || t.Text == "none" {
			p.next()
			step.Output = t.Text
		} else {
			p.errorExpected("'all', 'last' or 'none'")
		}
	}

	p.expect(TokColon)
	step.Cond = p.requireUnnamedExpression()

	if p.accept(TokFatArrow) {
		parse := func() *NamedExpr {
			astart := p.startPos()
			name := p.parseName(true)
			if name == nil {
				return nil
			}
			p.expect(TokAssign)
			x := p.requireUnnamedExpression()
			return &NamedExpr{Span: p.span(astart), Name: name, X: x}
		}
		missing := func() *NamedExpr {
			p.missingName()
			t := p.tok()
			return &NamedExpr{Span: Span{t.Pos, t.Pos}, Name: &Ident{Span: Span{t.Pos, t.Pos}}, X: &BadExpr{Span{t.Pos, t.Pos}}}
		}
		step.Assigns = commaList(p, parse, missing, listOptions{end: p.commonListEnd, oneOrMore: true})
	}
	p.expect(TokSemicolon)

	step.Span = p.span(start)
	return step
}

// renderOldProps are the names that end the name list of render's old
// `by a, b` property.
var renderOldProps = []string{"kind", "title", "accumulate", "with", "by"}

func (p *parser) parseRender() Operator {
	start := p.startPos()
	p.next()
	op := &RenderOp{}
	if t := p.tok(); containsString(chartTypes, t.Text) || isIdentToken(t) {
		p.next()
		op.Chart = &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	} else {
		p.errorExpected("chart type")
		op.Chart = &Ident{Span: Span{t.Pos, t.Pos}}
	}
	for {
		prop := p.parseRenderOldProp()
		if prop == nil {
			break
		}
		op.Props = append(op.Props, prop)
	}
	if p.isKeyword(0, "with") {
		p.next()
		p.expect(TokLParen)
		p.accept(TokComma)
		op.With = p.parseParamCommaList(renderWithParams, declaredOnly)
		p.expect(TokRParen)
	}
	op.Span = p.span(start)
	return op
}

// parseRenderOldProp parses one of render's old unparenthesized
// properties: `kind=...`, `title=...`, `accumulate=...`, `with "..."` or
// `by a, b`.
func (p *parser) parseRenderOldProp() *OptionParam {
	if x := p.parseKnownParam(paramSpec{name: "kind", kind: valueWord, values: chartKinds}); x != nil {
		return x
	}
	if x := p.parseKnownParam(paramSpec{name: "title", kind: valueString}); x != nil {
		return x
	}
	if x := p.parseKnownParam(paramSpec{name: "accumulate"}); x != nil {
		return x
	}
	if p.isKeyword(0, "with") && p.kind(1) != TokLParen {
		return p.parseKnownParam(paramSpec{name: "with", noEquals: true})
	}
	if p.isKeyword(0, "by") {
		start := p.startPos()
		t := p.next()
		end := func() bool {
			if p.kind(0) == TokComma {
				return false
			}
			return containsString(renderOldProps, p.tok().Text) || p.isCommonListEnd(0)
		}
		parse := func() Expr {
			if id := p.parseName(true); id != nil {
				return id
			}
			return nil
		}
		names := commaList(p, parse, p.missingNameExpr, listOptions{end: end, oneOrMore: true})
		list := &NameList{Span: p.span(t.End), Names: names}
		if len(names) > 0 {
			list.Span = Span{names[0].Pos(), names[len(names)-1].End()}
		}
		return &OptionParam{Span: p.span(start), Name: &Ident{Span: Span{t.Pos, t.End}, Name: "by", Raw: "by"}, Value: list}
	}
	return nil
}

func (p *parser) parseMacroExpand() Operator {
	start := p.startPos()
	p.next()
	op := &MacroExpandOp{Params: p.parseParams(unionParams, declaredOrKnown, true)}
	switch {
	case p.isKeyword(0, "entity_group"):
		op.EntityGroup = p.parseEntityGroup()
	case (p.tok().Text == "database" || p.tok().Text == "cluster") && p.kind(1) == TokLParen:
		op.EntityGroup = p.parseWildcardedEntity()
	default:
		if id := p.parseName(false); id != nil {
			op.EntityGroup = id
		}
	}
	if op.EntityGroup == nil {
		op.EntityGroup = p.missingExpr("entity group")
	}
	if p.isKeyword(0, "as") {
		p.next()
		op.As = p.requireName(false)
	}
	p.expect(TokLParen)
	op.Stmts = p.parseStatementList()
	p.expect(TokRParen)
	op.Span = p.span(start)
	return op
}

// parseEntityGroup parses `entity_group(...)` as a call or
// `entity_group [a, b]` as an explicit group.
func (p *parser) parseEntityGroup() Expr {
	if p.scanFunctionCallStart(0) {
		return p.parseFunctionCall()
	}
	start := p.startPos()
	p.next()
	p.expect(TokLBrack)
	elems := commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
	p.expect(TokRBrack)
	return &EntityGroupExpr{Span: p.span(start), Elems: elems}
}
