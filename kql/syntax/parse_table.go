package syntax

// This file parses inline tables (datatable, externaldata and the
// internal table expressions) and the graph operators.

func (p *parser) parseDataTable() Expr {
	start := p.startPos()
	p.next()
	e := &DataTableExpr{Params: p.parseParams(noParams, declaredOrKnown, false)}
	e.Schema = p.requireRowSchema()
	p.expect(TokLBrack)
	p.accept(TokComma)
	missing := func() Expr { return p.missingExpr("value") }
	e.Values = commaList(p, p.parseLiteral, missing, listOptions{end: p.commonListEnd, trailing: true})
	p.expect(TokRBrack)
	e.Span = p.span(start)
	return e
}

func (p *parser) parseContextualDataTable() Expr {
	start := p.startPos()
	p.next()
	e := &ContextualDataTableExpr{ID: p.parseLiteral()}
	if e.ID == nil {
		e.ID = p.requireUnnamedExpression()
	}
	e.Schema = p.requireRowSchema()
	e.Span = p.span(start)
	return e
}

func (p *parser) parseExternalData() Expr {
	start := p.startPos()
	t := p.next()
	e := &ExternalDataExpr{Keyword: t.Text, Params: p.parseParams(noParams, declaredOrKnown, false)}
	e.Schema = p.requireRowSchema()
	p.expect(TokLBrack)
	parse := func() Expr { return p.parseExpression() }
	missing := func() Expr { return p.missingExpr("storage URI") }
	e.Sources = commaList(p, parse, missing, listOptions{end: p.commonListEnd, trailing: true})
	for _, u := range e.Sources {
		if s, ok := u.(*StringLit); ok {
			e.URIs = append(e.URIs, s)
		}
	}
	p.expect(TokRBrack)
	if p.isKeyword(0, "with") {
		p.next()
		p.expect(TokLParen)
		e.With = commaList(p, p.parseNamedProperty, p.missingParam, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
	}
	e.Span = p.span(start)
	return e
}

func (p *parser) parseMaterializedViewCombine() Expr {
	start := p.startPos()
	p.next()
	e := &MaterializedViewCombineExpr{}

	p.expect(TokLParen)
	e.Name = p.parseExpression()
	if e.Name == nil {
		e.Name = p.missingExpr("view name")
	}
	p.expect(TokRParen)

	clause := func(keyword string) Expr {
		if !p.acceptWord(keyword) {
			p.errorExpected(quote(keyword))
			return &BadExpr{Span{p.startPos(), p.startPos()}}
		}
		p.expect(TokLParen)
		var x Expr
		if keyword == "aggregations" {
			if p.isKeyword(0, "summarize") {
				x = p.parseSummarize()
			}
		} else {
			x = p.parseExpression()
		}
		if x == nil {
			x = p.missingExpr("expression")
		}
		p.expect(TokRParen)
		return x
	}

	e.Base = clause("base")
	e.Delta = clause("delta")
	e.Aggregations = clause("aggregations")
	e.Span = p.span(start)
	return e
}

// acceptTokens consumes the adjacent tokens spelling text, such as `-->`,
// and reports whether they were there.
func (p *parser) acceptTokens(text string) bool {
	n := p.scanMultiToken(0, text)
	if n == 0 {
		return false
	}
	for i := 0; i < n; i++ {
		p.next()
	}
	return true
}

func (p *parser) parseMakeGraph() Operator {
	start := p.startPos()
	p.next()
	op := &MakeGraphOp{Params: p.parseParams(makeGraphParams, declaredOrKnown, true)}
	op.Source = p.requireName(false)
	switch {
	case p.acceptTokens("-->"):
		op.Directed = true
	case p.acceptTokens("--"):
	default:
		p.errorExpected("'-->' or '--'")
	}
	op.Target = p.requireName(false)
	switch {
	case p.isKeyword(0, "with_node_id"):
		p.next()
		p.expect(TokAssign)
		op.WithNodeID = p.requireName(false)
	case p.isKeyword(0, "with"):
		p.next()
		parse := func() *GraphTableKey {
			kstart := p.startPos()
			table := p.parseUnary()
			if table == nil {
				return nil
			}
			p.expectWord("on")
			key := p.requireName(false)
			return &GraphTableKey{Span: p.span(kstart), Table: table, Key: key}
		}
		missing := func() *GraphTableKey {
			x := p.missingExpr("table")
			return &GraphTableKey{Span: x.Span, Table: x, Key: &Ident{Span: x.Span}}
		}
		end := func() bool { return p.isCommonListEnd(0) || p.isKeyword(0, "partitioned-by") }
		op.Tables = commaList(p, parse, missing, listOptions{end: end, oneOrMore: true})
	}
	if p.isKeyword(0, "partitioned-by") {
		p.next()
		op.PartitionedBy = p.parseSimplePath()
		if op.PartitionedBy == nil {
			op.PartitionedBy = p.missingNameExpr()
		}
		p.expect(TokLParen)
		op.Partition = p.parseContextualSubExpression()
		p.expect(TokRParen)
	}
	op.Span = p.span(start)
	return op
}

// parseGraphMatch parses graph-match and graph-shortest-paths.
func (p *parser) parseGraphMatch() Operator {
	start := p.startPos()
	t := p.next()
	params := graphMatchParams

	if t.Text == "graph-shortest-paths" {
		params = shortestPathsParams
	}

	ps := p.parseParams(params, declaredOrKnown, true)

	missing := func() *GraphPattern {
		p.errorExpected("graph pattern")
		t := p.tok()
		return &GraphPattern{Span: Span{t.Pos, t.Pos}}
	}
	patterns := commaList(p, p.parseGraphPattern, missing, listOptions{oneOrMore: true})

	var where Expr
	if p.isKeyword(0, "where") {
		p.next()
		where = p.parseExpression()
		if where == nil {
			where = p.missingExpr("expression")
		}
	}

	var project []Expr
	if p.isKeyword(0, "project") {
		p.next()
		project = p.namedExprList(true, p.commonListEnd)
	}

	if t.Text == "graph-shortest-paths" {
		return &GraphShortestPathsOp{Span: p.span(start), Params: ps, Patterns: patterns, Where: where, Project: project}
	}
	return &GraphMatchOp{Span: p.span(start), Params: ps, Patterns: patterns, Where: where, Project: project}
}

// parseGraphPattern parses a chain of nodes and edges such as
// `(a)-[e]->(b)`, or returns nil.
func (p *parser) parseGraphPattern() *GraphPattern {
	start := p.startPos()
	var elems []Node
	for {
		if n := p.parseGraphNode(); n != nil {
			elems = append(elems, n)
			continue
		}
		if e := p.parseGraphEdge(); e != nil {
			elems = append(elems, e)
			continue
		}
		break
	}
	if len(elems) == 0 {
		return nil
	}
	return &GraphPattern{Span: p.span(start), Elems: elems}
}

func (p *parser) parseGraphNode() *GraphNode {
	if p.kind(0) != TokLParen {
		return nil
	}
	start := p.startPos()
	p.next()
	n := &GraphNode{Name: p.parseName(false)}
	p.expect(TokRParen)
	n.Span = p.span(start)
	return n
}

func (p *parser) parseGraphEdge() *GraphEdge {
	start := p.startPos()
	for _, dir := range []string{"-->", "<--", "--"} {
		if p.acceptTokens(dir) {
			return &GraphEdge{Span: p.span(start), Dir: dir}
		}
	}

	var open string

	switch {
	case p.acceptTokens("-["):
		open = "-["
	case p.acceptTokens("<-["):
		open = "<-["
	default:
		return nil
	}

	e := &GraphEdge{Name: p.parseName(false)}
	if p.accept(TokStar) {
		e.Lo = p.parseUnary()
		if e.Lo == nil {
			e.Lo = p.missingExpr("value")
		}
		p.expect(TokDotDot)
		e.Hi = p.parseUnary()
		if e.Hi == nil {
			e.Hi = p.missingExpr("expression")
		}
	}

	var closeText string

	switch {
	case p.acceptTokens("]->"):
		closeText = "]->"
	case p.acceptTokens("]-"):
		closeText = "]-"
	default:
		p.errorExpected("']->' or ']-'")
		closeText = "]-"
	}

	e.Dir = open + closeText
	e.Span = p.span(start)
	return e
}

func (p *parser) parseGraphToTable() Operator {
	start := p.startPos()
	p.next()
	parse := func() *GraphOutput {
		if !p.isKeyword(0, "nodes") && !p.isKeyword(0, "edges") {
			return nil
		}
		ostart := p.startPos()
		t := p.next()
		out := &GraphOutput{Edges: t.Text == "edges"}
		if p.isKeyword(0, "as") {
			p.next()
			out.As = p.requireName(false)
		}
		params := nodesParams
		if out.Edges {
			params = edgesParams
		}
		out.Params = p.parseParams(params, declaredOrKnown, true)
		out.Span = p.span(ostart)
		return out
	}
	missing := func() *GraphOutput {
		p.errorExpected("'nodes' or 'edges'")
		t := p.tok()
		return &GraphOutput{Span: Span{t.Pos, t.Pos}}
	}
	outs := commaList(p, parse, missing, listOptions{oneOrMore: true})
	return &GraphToTableOp{Span: p.span(start), Outputs: outs}
}

// scanExternalTableSchema reports whether a schema starts at offset n:
// '(' followed by a ':' before the next ')'.
func (p *parser) scanExternalTableSchema(n int) bool {
	if p.kind(n) != TokLParen {
		return false
	}
	for i := n + 1; ; i++ {
		switch p.kind(i) {
		case TokEOF, TokColon:
			return true
		case TokRParen:
			return false
		}
	}
}

// parseInlineExternalTable parses inline_external_table, or returns nil
// when the word is a name: it must be followed by a schema or `kind`.
func (p *parser) parseInlineExternalTable() Operator {
	if !p.scanExternalTableSchema(1) && !p.isKeyword(1, "kind") {
		return nil
	}

	start := p.startPos()
	p.next()
	op := &InlineExternalTableOp{Params: p.parseParams(noParams, declaredOnly, false)}

	if p.scanExternalTableSchema(0) {
		op.Schema = p.parseRowSchema(true)
	}

	if p.isKeyword(0, "kind") {
		p.next()
		p.expect(TokAssign)
		if t := p.tok(); t.Text == "storage" || t.Text == "delta" {
			p.next()
			op.Kind = &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
		} else {
			p.errorExpected("'storage' or 'delta'")
		}
	} else {
		p.errorExpected("'kind'")
	}

	delta := op.Kind != nil && op.Kind.Name == "delta"

	if op.Schema == nil && !delta {
		p.errorExpected("schema such as (name: type)")
	}

	if p.isKeyword(0, "partition") {
		p.next()
		p.expectWord("by")
		p.expect(TokLParen)
		p.accept(TokComma)
		op.Partitions = commaList(p, p.parsePartitionColumn, p.missingParamDecl, listOptions{end: p.commonListEnd, trailing: true})
		p.expect(TokRParen)
	}

	if p.isKeyword(0, "pathformat") {
		p.next()
		p.expect(TokAssign)
		p.expect(TokLParen)
		op.PathFormat = p.parsePathFormat()
		p.expect(TokRParen)
	}

	if p.isKeyword(0, "dataformat") {
		p.next()
		p.expect(TokAssign)
		if t := p.tok(); isIdentToken(t) {
			p.next()
			op.DataFormat = &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
		} else {
			p.errorExpected("data format")
		}
	} else if !delta {
		p.errorExpected("'dataformat'")
	}

	if p.accept(TokLParen) {
		parse := func() Expr { return p.parseExpression() }
		missing := func() Expr { return p.missingExpr("storage connection string") }
		op.Sources = commaList(p, parse, missing, listOptions{end: p.commonListEnd, trailing: true})
		p.expect(TokRParen)
	} else {
		p.errorExpected("'(' and storage connection strings")
	}

	if p.isKeyword(0, "with") {
		p.next()
		p.expect(TokLParen)
		op.With = commaList(p, p.parseNamedProperty, p.missingParam, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
	}

	op.Span = p.span(start)
	return op
}

// parsePartitionColumn parses `name: type [= expression]` in the
// partition clause of inline_external_table; the type must be datetime,
// long or string.
func (p *parser) parsePartitionColumn() *Param {
	start := p.startPos()
	name := p.parseName(true)
	if name == nil {
		return nil
	}
	p.expect(TokColon)
	param := &Param{Name: name}
	t := p.tok()
	switch {
	case t.Text == "datetime" || t.Text == "long" || t.Text == "string":
		p.next()
		param.Type = &TypeRef{Span: Span{t.Pos, t.End}, Name: t.Text}
	case t.Kind == TokEOF:
		p.errorExpected("partition column type")
		param.Type = &TypeRef{Span: Span{t.Pos, t.Pos}}
	default:
		p.next()
		p.error(CodeExpected, Span{t.Pos, t.End}, "expected partition column type datetime, long or string, found "+t.describe())
		param.Type = &TypeRef{Span: Span{t.Pos, t.End}, Name: t.Text}
	}
	if p.accept(TokAssign) {
		param.Default = p.requireUnnamedExpression()
	}
	param.Span = p.span(start)
	return param
}

// parsePathFormat parses the parts of a pathformat clause: an optional
// leading string, then columns or datetime_pattern(format, column) calls,
// each with an optional string after it.
func (p *parser) parsePathFormat() []Expr {
	var parts []Expr
	if s := p.parseStringLit(); s != nil {
		parts = append(parts, s)
	}
	for !p.isCommonListEnd(0) {
		if p.isKeyword(0, "datetime_pattern") {
			start := p.startPos()
			t := p.next()
			p.expect(TokLParen)
			var format Expr
			if s := p.parseStringLit(); s != nil {
				format = s
			} else {
				format = p.missingExpr("string")
			}
			p.expect(TokComma)
			col := p.requireName(false)
			p.expect(TokRParen)
			parts = append(parts, &CallExpr{Span: p.span(start), Fun: &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}, Args: []Expr{format, col}})
		} else if id := p.parseName(false); id != nil {
			parts = append(parts, id)
		} else {
			t := p.next()
			p.error(CodeUnexpected, Span{t.Pos, t.End}, "unexpected "+t.describe()+" in pathformat")
			continue
		}
		if s := p.parseStringLit(); s != nil {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		p.errorExpected("path format")
	}
	return parts
}
