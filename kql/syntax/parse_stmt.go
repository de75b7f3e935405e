package syntax

// This file parses the query text as a whole and its statements: let,
// set, alias, declare, restrict and query expressions.

func (p *parser) parseQuery() *Query {
	q := &Query{}
	for p.kind(0) == TokDirective {
		p.next()
	}
	if p.kind(0) == TokDot {
		q.Stmts = append(q.Stmts, p.parseCommand())
		if !p.accept(TokSemicolon) && p.kind(0) != TokEOF {
			t := p.tok()
			p.error(CodeMissingSemicolon, Span{t.Pos, t.End}, separatorMessage(t))
		}
	}
	for {
		q.Stmts = append(q.Stmts, p.parseStatementList()...)
		if p.kind(0) == TokEOF {
			break
		}
		// Text that cannot continue the query: report it once and resume
		// at the next ';' or '|' outside brackets.
		p.errorUnexpected()
		bad := p.skipToBoundary()
		if p.kind(0) == TokBar {
			q.Stmts = append(q.Stmts, &ExprStmt{Span: p.span(bad.From), X: p.parsePipeTail(bad.From, &BadExpr{bad})})
			continue
		}
		q.Stmts = append(q.Stmts, &BadStmt{bad})
		p.accept(TokSemicolon)
	}
	q.Span = Span{0, Pos(len(p.src))}
	return q
}

// parseCommand parses a control command: its text up to a '|' or '<|'
// outside brackets, then the query after that token.
func (p *parser) parseCommand() Stmt {
	start := p.startPos()
	p.next()
	if k := p.kind(0); k == TokEOF || k == TokBar || k == TokLtBar {
		p.errorExpected("command name")
	}
	depth := 0
	for {
		k := p.kind(0)
		if k == TokEOF || (depth == 0 && (k == TokBar || k == TokLtBar)) {
			break
		}
		switch k {
		case TokLParen, TokLBrack, TokLBrace:
			depth++
		case TokRParen, TokRBrack, TokRBrace:
			if depth > 0 {
				depth--
			}
		}
		p.next()
	}
	cmd := &CommandStmt{Text: p.src[start:max(start, p.prevEnd)]}
	switch p.kind(0) {
	case TokBar:
		qstart := p.startPos()
		cmd.Query = p.parsePipeTail(qstart, &BadExpr{Span{qstart, qstart}})
	case TokLtBar:
		p.next()
		cmd.Query = p.parseExpression()
		if cmd.Query == nil {
			cmd.Query = p.missingExpr("query")
		}
	}
	cmd.Span = p.span(start)
	return cmd
}

// skipToBoundary skips tokens up to the next ';' or '|' that is not
// inside brackets, or to the end of the text, and returns the span
// skipped.
func (p *parser) skipToBoundary() Span {
	start := p.startPos()
	depth := 0
	for {
		switch p.kind(0) {
		case TokEOF:
			return p.span(start)
		case TokLParen, TokLBrack, TokLBrace:
			depth++
		case TokRParen, TokRBrack, TokRBrace:
			if depth > 0 {
				depth--
			}
		case TokSemicolon, TokBar:
			if depth == 0 {
				return p.span(start)
			}
		}
		p.next()
	}
}

// parseStatementList parses statements separated by ';'. Two statements
// without a ';' between them are an error, but both are parsed.
func (p *parser) parseStatementList() []Stmt {
	var list []Stmt
	stmt := p.parseStatement()
	for stmt != nil {
		if p.accept(TokSemicolon) {
			list = append(list, stmt)
			stmt = p.parseStatement()
			continue
		}
		before := p.pos
		t := p.tok()
		next := p.parseStatement()
		if next != nil {
			p.error(CodeMissingSemicolon, Span{t.Pos, t.End}, separatorMessage(t))
		}
		list = append(list, stmt)
		if p.pos == before {
			break
		}
		stmt = next
	}
	return list
}

// scanPossibleStatement reports whether the current token starts a
// statement other than a query expression.
func (p *parser) scanPossibleStatement() bool {
	t := p.tok()
	if !t.IsKeyword() {
		return false
	}
	switch t.Text {
	case "alias":
		return p.isKeyword(1, "database")
	case "let":
		return p.scanName(1) > 0
	case "declare":
		return p.isKeyword(1, "pattern") || p.isKeyword(1, "query_parameters")
	case "restrict":
		return p.isKeyword(1, "access")
	case "set":
		return true
	}
	return false
}

// parseStatement parses one statement, or returns nil.
func (p *parser) parseStatement() Stmt {
	if p.scanPossibleStatement() {
		switch p.tok().Text {
		case "alias":
			return p.parseAlias()
		case "let":
			return p.parseLet()
		case "set":
			return p.parseSet()
		case "declare":
			if p.isKeyword(1, "pattern") {
				return p.parseDeclarePattern()
			}
			return p.parseQueryParams()
		case "restrict":
			return p.parseRestrict()
		}
	}
	start := p.startPos()
	x := p.parseExpression()
	if x == nil {
		return nil
	}
	return &ExprStmt{Span: p.span(start), X: x}
}

func (p *parser) parseAlias() Stmt {
	start := p.startPos()
	p.next()
	p.expectWord("database")
	s := &AliasDatabaseStmt{Name: p.requireName(false)}
	p.expect(TokAssign)
	s.Value = p.requireUnnamedExpression()
	s.Span = p.span(start)
	return s
}

func (p *parser) parseLet() Stmt {
	start := p.startPos()
	p.next()
	s := &LetStmt{Name: p.requireName(false)}
	p.expect(TokAssign)
	switch {
	case p.isKeyword(0, "materialize"):
		cstart := p.startPos()
		t := p.next()
		p.expect(TokLParen)
		x := p.parseExpression()
		if x == nil {
			x = p.missingExpr("expression")
		}
		p.expect(TokRParen)
		s.Value = &CallExpr{Span: p.span(cstart), Fun: &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}, Args: []Expr{x}}
	case p.isKeyword(0, "entity_group"):
		s.Value = p.parseEntityGroup()
	case p.scanFunctionDeclStart():
		s.Value = p.parseFuncLit()
	default:
		s.Value = p.parseExpression()
		if s.Value == nil {
			s.Value = p.missingExpr("expression")
		}
	}
	s.Span = p.span(start)
	return s
}

// scanFunctionDeclStart reports whether a function or view definition
// follows `let name =`: an optional `view`, then `()`, `(*` or
// `(name:`.
func (p *parser) scanFunctionDeclStart() bool {
	i := 0
	if p.isKeyword(0, "view") {
		i++
	}
	if p.kind(i) != TokLParen {
		return false
	}
	switch p.kind(i + 1) {
	case TokRParen, TokStar:
		return true
	}
	n := p.scanExtendedName(i + 1)
	return n > 0 && p.kind(i+1+n) == TokColon
}

func (p *parser) parseFuncLit() *FuncLit {
	start := p.startPos()
	f := &FuncLit{}
	if p.isKeyword(0, "view") {
		p.next()
		f.View = true
	}
	if p.accept(TokLParen) {
		f.Params = commaList(p, p.parseParamDecl, p.missingParamDecl, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
	} else {
		p.errorExpected("'('")
	}
	f.Body = p.parseBlock(false)
	f.Span = p.span(start)
	return f
}

// parseBlock parses `{ statements; expression }`. In a pattern body only
// let statements may come before the expression.
func (p *parser) parseBlock(pattern bool) *Block {
	start := p.startPos()
	b := &Block{}
	if !p.accept(TokLBrace) {
		p.errorExpected("'{'")
		b.Span = p.span(start)
		return b
	}
	for !p.isCommonListEnd(0) {
		var s Stmt
		switch {
		case p.isKeyword(0, "let"):
			s = p.parseLet()
		case !pattern && p.isKeyword(0, "declare"):
			s = p.parseQueryParams()
		}
		if s == nil {
			break
		}
		p.expect(TokSemicolon)
		b.Stmts = append(b.Stmts, s)
	}
	b.Result = p.parseExpression()
	p.accept(TokSemicolon)
	p.expect(TokRBrace)
	b.Span = p.span(start)
	return b
}

func (p *parser) parseSet() Stmt {
	start := p.startPos()
	p.next()
	s := &SetStmt{Name: p.requireName(false)}
	if p.accept(TokAssign) {
		s.Value = p.requireUnnamedExpression()
	}
	s.Span = p.span(start)
	return s
}

func (p *parser) parseQueryParams() Stmt {
	start := p.startPos()
	p.next()
	p.expectWord("query_parameters")
	p.expect(TokLParen)
	params := commaList(p, p.parseParamDecl, p.missingParamDecl, listOptions{end: p.commonListEnd, oneOrMore: true})
	p.expect(TokRParen)
	return &DeclareQueryParamsStmt{Span: p.span(start), Params: params}
}

func (p *parser) parseRestrict() Stmt {
	start := p.startPos()
	p.next()
	p.expectWord("access")
	p.expectWord("to")
	p.expect(TokLParen)
	parse := func() Expr {
		return p.parseBest(p.parseWildcardedEntity, func() Expr {
			if id := p.parseName(false); id != nil {
				return id
			}
			return nil
		})
	}
	s := &RestrictStmt{Entities: commaList(p, parse, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})}
	p.expect(TokRParen)
	if p.isKeyword(0, "with") {
		p.next()
		p.expect(TokLParen)
		s.With = commaList(p, p.parseNamedProperty, p.missingParam, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
	}
	s.Span = p.span(start)
	return s
}

// parseNamedProperty parses `name = value` in an externaldata or restrict
// `with (...)` clause, or returns nil.
func (p *parser) parseNamedProperty() *OptionParam {
	start := p.startPos()
	name := p.parseName(true)
	if name == nil {
		return nil
	}
	p.expect(TokAssign)
	var value Expr
	switch p.kind(0) {
	case TokString, TokLong, TokReal, TokBool, TokTypedLit:
		value = p.parseLiteral()
	case TokRawGuid:
		t := p.next()
		value = literalFromToken(t)
	default:
		if id := p.parseName(true); id != nil {
			value = id
		} else {
			value = p.missingExpr("value")
		}
	}
	return &OptionParam{Span: p.span(start), Name: name, Value: value}
}

func (p *parser) parseDeclarePattern() Stmt {
	start := p.startPos()
	p.next()
	p.next()
	s := &DeclarePatternStmt{Name: p.requireName(false)}
	if p.accept(TokAssign) {
		p.expect(TokLParen)
		s.Params = commaList(p, p.parsePatternParam, p.missingParamDecl, listOptions{end: p.commonListEnd})
		p.expect(TokRParen)
		if p.accept(TokLBrack) {
			s.PathParam = p.parsePatternParam()
			if s.PathParam == nil {
				s.PathParam = p.missingParamDecl()
			}
			p.expect(TokRBrack)
		}
		p.expect(TokLBrace)
		for p.kind(0) == TokLParen {
			s.Rules = append(s.Rules, p.parsePatternRule())
		}
		if len(s.Rules) == 0 {
			p.errorExpected("pattern rule such as (\"arg\") = { ... };")
		}
		p.expect(TokRBrace)
	}
	s.Span = p.span(start)
	return s
}

// parsePatternParam parses `name: type` in a pattern declaration.
func (p *parser) parsePatternParam() *Param {
	c := p.parseColumnDecl()
	if c == nil {
		return nil
	}
	return &Param{Span: c.Span, Name: c.Name, Type: c.Type}
}

func (p *parser) parsePatternRule() *PatternRule {
	start := p.startPos()
	p.next()
	r := &PatternRule{Args: commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})}
	p.expect(TokRParen)
	if p.accept(TokDot) {
		p.expect(TokLBrack)
		r.Path = p.parseLiteral()
		if r.Path == nil {
			r.Path = p.missingExpr("string")
		}
		p.expect(TokRBrack)
	}
	p.expect(TokAssign)
	r.Body = p.parseBlock(true)
	p.expect(TokSemicolon)
	r.Span = p.span(start)
	return r
}

// separatorMessage words the error for a statement that follows another
// without ';'. A tabular operator's name there most likely lacks the '|'
// before it, and a word close to a binary operator's name is most likely
// a misspelt operator, such as has_anyy.
func separatorMessage(t Token) string {
	if t.Kind == TokIdent {
		if pipeOperatorNames[t.Text] {
			return "expected '|' before " + t.describe() + ", or ';' between statements"
		}
		if op := Closest(t.Text, wordOperatorNames); op != "" && len(t.Text) >= 4 {
			return "unknown operator " + t.describe() + "; did you mean " + quote(op) + "?"
		}
	}
	return "expected ';', found " + t.describe()
}

// pipeOperatorNames holds the names of the tabular operators that follow
// a '|'.
var pipeOperatorNames = map[string]bool{}

// wordOperatorNames lists the binary operators spelt as words of four or
// more letters, such as has_any and startswith_cs, for suggestions. Short
// ones (in, has) would be suggested for too many ordinary words.
var wordOperatorNames []string

func init() {
	for _, name := range operatorSuggestions {
		pipeOperatorNames[name] = true
	}
	for _, text := range binaryOpText {
		if len(text) >= 4 && (text[0] == '!' || text[0] >= 'a' && text[0] <= 'z') {
			wordOperatorNames = append(wordOperatorNames, text)
		}
	}
}

// operatorSuggestions lists the tabular operators offered when a name
// after '|' is no operator.
var operatorSuggestions = []string{
	"as", "consume", "count", "distinct", "evaluate", "extend", "facet", "filter", "find",
	"fork", "getschema", "invoke", "join", "limit", "lookup", "make-series", "mv-apply",
	"mv-expand", "order", "parse", "parse-kv", "parse-where", "partition", "project",
	"project-away", "project-keep", "project-rename", "project-reorder", "reduce", "render",
	"sample", "sample-distinct", "scan", "search", "serialize", "sort", "summarize", "take",
	"top", "top-hitters", "top-nested", "union", "where",
}
