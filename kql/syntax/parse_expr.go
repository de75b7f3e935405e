package syntax

// This file parses scalar expressions, from `or` down to primary
// expressions, with the precedence of Microsoft's parser. Equality,
// relational and string operators do not chain: `a < b < c` is an error.

// stringOps maps the spelling of each string operator to its BinaryOp.
var stringOps = map[string]BinaryOp{
	"=~":             OpEqTilde,
	"!~":             OpBangTilde,
	":":              OpColon,
	"has":            OpHas,
	"!has":           OpNotHas,
	"has_cs":         OpHasCS,
	"!has_cs":        OpNotHasCS,
	"hasprefix":      OpHasPrefix,
	"!hasprefix":     OpNotHasPrefix,
	"hasprefix_cs":   OpHasPrefixCS,
	"!hasprefix_cs":  OpNotHasPrefixCS,
	"hassuffix":      OpHasSuffix,
	"!hassuffix":     OpNotHasSuffix,
	"hassuffix_cs":   OpHasSuffixCS,
	"!hassuffix_cs":  OpNotHasSuffixCS,
	"like":           OpLike,
	"notlike":        OpNotLike,
	"likecs":         OpLikeCS,
	"notlikecs":      OpNotLikeCS,
	"contains":       OpContains,
	"notcontains":    OpNotContainsOld,
	"!contains":      OpNotContains,
	"containscs":     OpContainsCSOld,
	"contains_cs":    OpContainsCS,
	"notcontainscs":  OpNotContainsCSOld,
	"!contains_cs":   OpNotContainsCS,
	"startswith":     OpStartsWith,
	"!startswith":    OpNotStartsWith,
	"startswith_cs":  OpStartsWithCS,
	"!startswith_cs": OpNotStartsWithCS,
	"endswith":       OpEndsWith,
	"!endswith":      OpNotEndsWith,
	"endswith_cs":    OpEndsWithCS,
	"!endswith_cs":   OpNotEndsWithCS,
	"matches regex":  OpMatchesRegex,
}

// stringOpAt returns the string operator at offset n, or BadBinaryOp.
func (p *parser) stringOpAt(n int) BinaryOp {
	t := p.peek(n)
	switch t.Kind {
	case TokEqTilde:
		return OpEqTilde
	case TokBangTilde:
		return OpBangTilde
	case TokColon:
		return OpColon
	case TokIdent, TokKeyword:
		if t.IsKeyword() {
			return stringOps[t.Text]
		}
	}
	return BadBinaryOp
}

// parseUnnamedExpression parses a scalar expression without a `name =`
// prefix, or returns nil.
func (p *parser) parseUnnamedExpression() Expr {
	if !p.enter() {
		return nil
	}
	defer p.leave()

	// A name or literal followed by a list separator is the whole
	// expression.
	switch p.kind(1) {
	case TokComma, TokRParen, TokRBrace, TokRBrack, TokBar:
		switch t := p.tok(); t.Kind {
		case TokLong, TokReal, TokBool, TokTimeSpan, TokTypedLit, TokRawGuid:
			return p.parsePrimary()
		case TokIdent:
			if isIdentToken(t) {
				return p.parsePrimary()
			}
		}
	}
	return p.parseOr()
}

func (p *parser) requireUnnamedExpression() Expr {
	if x := p.parseUnnamedExpression(); x != nil {
		return x
	}
	return p.missingExpr("expression")
}

func (p *parser) binary(x Expr, opTok Token, op BinaryOp, y Expr) *BinaryExpr {
	return &BinaryExpr{Span: Span{x.Pos(), y.End()}, X: x, OpPos: opTok.Pos, Op: op, Y: y}
}

func (p *parser) parseOr() Expr {
	x := p.parseAnd()
	for x != nil && p.isKeyword(0, "or") {
		t := p.next()
		y := p.parseAnd()
		if y == nil {
			y = p.missingExpr("expression")
		}
		x = p.binary(x, t, OpOr, y)
	}
	return x
}

func (p *parser) parseAnd() Expr {
	x := p.parseEquality()
	for x != nil && p.isKeyword(0, "and") {
		t := p.next()
		y := p.parseEquality()
		if y == nil {
			y = p.missingExpr("expression")
		}
		x = p.binary(x, t, OpAnd, y)
	}
	return x
}

// listOps maps the list operators to their BinaryOp.
var listOps = map[string]BinaryOp{
	"in":      OpIn,
	"in~":     OpInCI,
	"!in":     OpNotIn,
	"!in~":    OpNotInCI,
	"has_any": OpHasAny,
	"has_all": OpHasAll,
}

func (p *parser) requireRelational() Expr {
	if y := p.parseRelational(); y != nil {
		return y
	}
	return p.missingExpr("expression")
}

func (p *parser) parseEquality() Expr {
	if p.kind(0) == TokStar && p.kind(1) == TokEqEq {
		st := p.next()
		star := &StarExpr{Span{st.Pos, st.End}}
		t := p.next()
		return p.binary(star, t, OpEq, p.requireRelational())
	}
	x := p.parseRelational()
	if x == nil {
		return nil
	}
	t := p.tok()
	switch t.Kind {
	case TokEqEq:
		p.next()
		return p.binary(x, t, OpEq, p.requireRelational())
	case TokNotEq:
		p.next()
		return p.binary(x, t, OpNe, p.requireRelational())
	case TokLtGt:
		p.next()
		return p.binary(x, t, OpLtGt, p.requireRelational())
	case TokIdent, TokKeyword:
		if !t.IsKeyword() {
			break
		}
		if op, ok := listOps[t.Text]; ok {
			if t.Text == "in" && p.isWord(1, "range") {
				// `in range(...)` belongs to make-series.
				break
			}
			p.next()
			list := p.requireInList()
			return &InExpr{Span: p.span(x.Pos()), X: x, OpPos: t.Pos, Op: op, List: list}
		}
		if t.Text == "between" || t.Text == "!between" {
			p.next()
			lo, hi := p.requireBetweenRange()
			return &BetweenExpr{Span: p.span(x.Pos()), X: x, Not: t.Text == "!between", Lo: lo, Hi: hi}
		}
	}
	return x
}

// requireInList parses the parenthesized list of an in or has_any
// operator. A list that contains a pipeline, or starts with a query
// operator, is one tabular expression.
func (p *parser) requireInList() []Expr {
	open := p.startPos()
	p.expect(TokLParen)
	var list []Expr
	if p.scanIsQueryExpression() {
		x := p.parseExpression()
		if x == nil {
			x = p.missingExpr("expression")
		}
		list = []Expr{x}
	} else {
		list = commaList(p, p.parseUnnamedExpression, p.missingExprFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
	}
	p.expectClose(TokRParen, open)
	return list
}

// missingExprFunc reports a missing expression; it is the missing
// callback of most expression lists.
func (p *parser) missingExprFunc() Expr { return p.missingExpr("expression") }

func (p *parser) commonListEnd() bool { return p.isCommonListEnd(0) }

func (p *parser) requireBetweenRange() (Expr, Expr) {
	p.expect(TokLParen)
	lo := p.requireUnnamedExpression()
	p.expect(TokDotDot)
	hi := p.requireUnnamedExpression()
	p.expect(TokRParen)
	return lo, hi
}

// scanIsQueryExpression reports whether the expression ahead is a query:
// it starts with a query operator, or has a '|' before it ends.
func (p *parser) scanIsQueryExpression() bool {
	if p.scanPossibleQueryOperator() {
		return true
	}
	depth := 0
	for i := 0; ; i++ {
		switch p.kind(i) {
		case TokEOF, TokSemicolon:
			return false
		case TokComma:
			if depth == 0 {
				return false
			}
		case TokRParen:
			if depth == 0 {
				return false
			}
			depth--
		case TokLParen:
			depth++
		case TokBar:
			if depth == 0 {
				return true
			}
		}
	}
}

var relationalOps = map[TokenKind]BinaryOp{TokLt: OpLt, TokLe: OpLe, TokGt: OpGt, TokGe: OpGe}

func (p *parser) parseRelational() Expr {
	x := p.parseAdditive()
	if x == nil {
		return nil
	}
	if op, ok := relationalOps[p.kind(0)]; ok {
		t := p.next()
		y := p.parseAdditive()
		if y == nil {
			y = p.missingExpr("expression")
		}
		return p.binary(x, t, op, y)
	}
	return x
}

func (p *parser) parseAdditive() Expr {
	x := p.parseMultiplicative()
	for x != nil && (p.kind(0) == TokPlus || p.kind(0) == TokMinus) {
		t := p.next()
		op := OpAdd
		if t.Kind == TokMinus {
			op = OpSub
		}
		y := p.parseMultiplicative()
		if y == nil {
			y = p.missingExpr("expression")
		}
		x = p.binary(x, t, op, y)
	}
	return x
}

var multiplicativeOps = map[TokenKind]BinaryOp{TokStar: OpMul, TokSlash: OpDiv, TokPercent: OpMod}

func (p *parser) parseMultiplicative() Expr {
	x := p.parseStringOperation()
	for x != nil {
		op, ok := multiplicativeOps[p.kind(0)]
		if !ok {
			break
		}
		t := p.next()
		y := p.parseStringOperation()
		if y == nil {
			y = p.missingExpr("expression")
		}
		x = p.binary(x, t, op, y)
	}
	return x
}

func (p *parser) requireUnary() Expr {
	if y := p.parseUnary(); y != nil {
		return y
	}
	return p.missingExpr("expression")
}

func (p *parser) parseStringOperation() Expr {
	if p.kind(0) == TokStar {
		if op := p.stringOpAt(1); op != BadBinaryOp {
			st := p.next()
			star := &StarExpr{Span{st.Pos, st.End}}
			t := p.next()
			return p.binary(star, t, op, p.requireUnary())
		}
	}
	x := p.parseUnary()
	if x == nil {
		return nil
	}
	if op := p.stringOpAt(0); op != BadBinaryOp {
		t := p.next()
		return p.binary(x, t, op, p.requireUnary())
	}
	return x
}

// parseUnary parses an optional prefix + or - and the call or path after
// it. Signs do not repeat: `- -x` is an error, as in Kusto.
func (p *parser) parseUnary() Expr {
	switch p.kind(0) {
	case TokMinus, TokPlus:
		t := p.next()
		op := OpMinus
		if t.Kind == TokPlus {
			op = OpPlus
		}
		x := p.parseCallOrPath()
		if x == nil {
			x = p.missingExpr("expression")
		}
		return &UnaryExpr{Span: Span{t.Pos, x.End()}, Op: op, X: x}
	}
	return p.parseCallOrPath()
}

// parseCallOrPath parses a primary expression followed by member
// accesses `.name`, method-style calls `.f()` and indexing `[i]`.
func (p *parser) parseCallOrPath() Expr {
	if p.isKeyword(0, "totable") {
		return p.parseToScalarOrTable()
	}
	x := p.parsePrimary()
	for x != nil {
		switch p.kind(0) {
		case TokDot:
			p.next()
			sel := p.parsePathSelectorOrCall(x)
			if sel == nil {
				p.missingName()
				t := p.tok()
				x = &MemberExpr{Span: p.span(x.Pos()), X: x, Name: &Ident{Span: Span{t.Pos, t.Pos}}}
				continue
			}
			x = sel
		case TokLBrack:
			p.next()
			idx := p.parseUnnamedExpression()
			if idx == nil {
				p.missingName()
				idx = &BadExpr{Span{p.startPos(), p.startPos()}}
			}
			p.expect(TokRBrack)
			x = &IndexExpr{Span: p.span(x.Pos()), X: x, Index: idx}
		default:
			return x
		}
	}
	return x
}

// parsePathSelectorOrCall parses what follows a '.' after x: a call
// `f(...)`, a name, or a bracketed element `.['name']`. It returns the
// combined expression, or nil when nothing valid follows.
func (p *parser) parsePathSelectorOrCall(x Expr) Expr {
	if p.scanFunctionCallStart(0) {
		call := p.parseFunctionCall()
		sel := &MemberExpr{Span: p.span(x.Pos()), X: x, Name: call.Fun.(*Ident)}
		call.Fun = sel
		call.Span = Span{x.Pos(), call.End()}
		return call
	}
	return p.parsePathElement(x)
}

// parsePathElement parses the part after '.': a name, `@`, or a
// bracketed name, pattern or expression.
func (p *parser) parsePathElement(x Expr) Expr {
	t := p.tok()
	switch {
	case t.Kind == TokLBrack:
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
	case t.Kind == TokAt:
		p.next()
		return &MemberExpr{Span: p.span(x.Pos()), X: x, Name: &Ident{Span: Span{t.Pos, t.End}, Name: "@", Raw: "@"}}
	case t.Kind == TokIdent && t.flags&kwSpecial != 0:
		p.next()
		return &MemberExpr{Span: p.span(x.Pos()), X: x, Name: &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}}
	}
	if id := p.parseName(false); id != nil {
		return &MemberExpr{Span: p.span(x.Pos()), X: x, Name: id}
	}
	return nil
}

// parsePrimaryPathElement parses a name, `@`, or a bracketed name,
// pattern or expression at the start of an expression or table path.
func (p *parser) parsePrimaryPathElement() Expr {
	t := p.tok()
	switch {
	case t.Kind == TokLBrack:
		if w := p.parseBracketedWildcardName(); w != nil {
			return w
		}
		if id := p.parseBracketedName(); id != nil {
			return id
		}
		p.next()
		idx := p.parseUnnamedExpression()
		if idx == nil {
			p.missingName()
			idx = &BadExpr{Span{p.startPos(), p.startPos()}}
		}
		p.expect(TokRBrack)
		return &IndexExpr{Span: p.span(t.Pos), Index: idx}
	case t.Kind == TokAt:
		p.next()
		return &Ident{Span: Span{t.Pos, t.End}, Name: "@", Raw: "@"}
	case t.Kind == TokIdent && t.flags&kwSpecial != 0:
		p.next()
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	}
	if id := p.parseName(false); id != nil {
		return id
	}
	return nil
}

// parsePrimary parses a literal, name, call, parenthesized expression or
// inline table, or returns nil.
func (p *parser) parsePrimary() Expr {
	t := p.tok()
	switch t.Kind {
	case TokLong, TokReal, TokBool, TokTimeSpan, TokTypedLit, TokRawGuid, TokString:
		return p.parseLiteral()
	case TokLParen:
		return p.parseParenExpr()
	case TokIdent, TokKeyword:
		if t.IsKeyword() {
			switch t.Text {
			case "dynamic":
				return p.parseLiteral()
			case "datatable":
				return p.parseDataTable()
			case "__contextual_datatable":
				return p.parseContextualDataTable()
			case "externaldata", "external_data":
				return p.parseExternalData()
			case "materialized-view-combine":
				return p.parseMaterializedViewCombine()
			case "toscalar":
				return p.parseToScalarOrTable()
			}
		}
	}
	if p.isKeyword(0, "typeof") && p.kind(1) == TokLParen {
		return p.parseTypeOf()
	}
	if p.scanFunctionCallStart(0) {
		return p.parseFunctionCall()
	}
	if x := p.parsePrimaryPathElement(); x != nil {
		if p.isKeyword(0, "datascope") {
			scope := p.parseDataScope()
			return &DataScopeExpr{Span: p.span(x.Pos()), X: x, Scope: scope}
		}
		return x
	}
	if p.isKeywordInNamePosition() {
		t := p.next()
		p.error(CodeKeywordAsName, Span{t.Pos, t.End},
			"keyword "+quote(t.Text)+" cannot be used as a name; write ['"+t.Text+"']")
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	}
	return nil
}

// parseDataScope parses `datascope=hotcache` or `datascope=all`.
func (p *parser) parseDataScope() *OptionParam {
	start := p.startPos()
	t := p.next()
	name := &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	p.expect(TokAssign)
	var value Expr
	if p.isWord(0, "hotcache") || p.isWord(0, "all") {
		v := p.next()
		value = &Ident{Span: Span{v.Pos, v.End}, Name: v.Text, Raw: v.Text}
	} else {
		value = p.missingExpr("'hotcache' or 'all'")
	}
	return &OptionParam{Span: p.span(start), Name: name, Value: value}
}

// parseParenExpr parses `( expression )`; the expression may be a
// pipeline.
func (p *parser) parseParenExpr() Expr {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	start := p.startPos()
	p.next()
	x := p.parseExpression()
	if x == nil {
		x = p.missingExpr("expression")
	}
	p.expectClose(TokRParen, start)
	return &ParenExpr{Span: p.span(start), X: x}
}

// scanFunctionCallName returns the number of tokens of a function name at
// offset n. Reserved keywords are never function names: `materialize(x)`
// is only valid directly after `let name =`.
func (p *parser) scanFunctionCallName(n int) int {
	return p.scanName(n)
}

// scanFunctionCallStart reports whether a function name followed by '('
// is at offset n.
func (p *parser) scanFunctionCallStart(n int) bool {
	k := p.scanFunctionCallName(n)
	return k > 0 && p.kind(n+k) == TokLParen
}

// parseFunctionCall parses `name(args...)`. The caller has checked
// scanFunctionCallStart.
func (p *parser) parseFunctionCall() *CallExpr {
	start := p.startPos()
	name := p.parseName(false)
	if name == nil {
		name = p.missingNameFunc()
	}
	args := p.parseArgumentList()
	return &CallExpr{Span: p.span(start), Fun: name, Args: args}
}

// requireFunctionCall parses a call, as after evaluate, or reports it
// missing.
func (p *parser) requireFunctionCall() Expr {
	if p.scanFunctionCallStart(0) {
		return p.parseFunctionCall()
	}
	if p.scanFunctionCallName(0) > 0 {
		start := p.startPos()
		name := p.parseName(false)
		p.errorExpected("'('")
		return &CallExpr{Span: p.span(start), Fun: name}
	}
	return p.missingExpr("function call")
}

// parseArgumentList parses `( arg, ... )`.
func (p *parser) parseArgumentList() []Expr {
	open := p.startPos()
	p.expect(TokLParen)
	args := commaList(p, p.parseArgument, p.missingExprFunc, listOptions{end: p.commonListEnd})
	p.expectClose(TokRParen, open)
	return args
}

func (p *parser) parseArgument() Expr {
	if p.kind(0) == TokStar && (p.kind(1) == TokRParen || p.kind(1) == TokComma) {
		t := p.next()
		return &StarExpr{Span{t.Pos, t.End}}
	}
	return p.parseNamedExpression()
}

// parseNamedExpression parses `name = expr`, `(a, b) = expr` or an
// expression without a name.
func (p *parser) parseNamedExpression() Expr {
	if n := p.scanRenameName(0); n > 0 && p.kind(n) == TokAssign {
		start := p.startPos()
		name := p.parseRenameName()
		p.next() // =
		x := p.requireUnnamedExpression()
		return &NamedExpr{Span: p.span(start), Name: name, X: x}
	}
	if n := p.scanDashedName(); n > 0 && p.kind(n) == TokAssign {
		// A name such as my-column or a reserved keyword on the left of
		// `=` is an error, but the rest parses as a named expression.
		start := p.startPos()
		for i := 0; i < n; i++ {
			p.next()
		}
		sp := p.span(start)
		raw := p.src[sp.From:sp.To]
		p.error(CodeKeywordAsName, sp, quote(raw)+" cannot be used as a name; write ['"+raw+"']")
		p.next() // =
		x := p.requireUnnamedExpression()
		return &NamedExpr{Span: p.span(start), Name: &Ident{Span: sp, Name: raw, Raw: raw}, X: x}
	}
	if n := p.scanRenameList(); n > 0 && p.kind(n) == TokAssign {
		start := p.startPos()
		p.next() // (
		names := commaList(p, p.parseRenameName, p.missingNameFunc, listOptions{end: p.commonListEnd, oneOrMore: true})
		p.expect(TokRParen)
		p.expect(TokAssign)
		x := p.requireUnnamedExpression()
		return &TupleNamedExpr{Span: p.span(start), Names: names, X: x}
	}
	return p.parseUnnamedExpression()
}

func (p *parser) missingNameFunc() *Ident {
	p.missingName()
	t := p.tok()
	return &Ident{Span: Span{t.Pos, t.Pos}}
}

func (p *parser) requireNamedExpression() Expr {
	if x := p.parseNamedExpression(); x != nil {
		return x
	}
	return p.missingExpr("expression")
}

// scanRenameList returns the number of tokens of `(a, b, ...)` at the
// current token, or 0.
func (p *parser) scanRenameList() int {
	if p.kind(0) != TokLParen {
		return 0
	}
	i := 1
	for !p.isCommonListEnd(i) {
		n := p.scanRenameName(i)
		if n == 0 {
			return 0
		}
		i += n
		if p.kind(i) != TokComma {
			break
		}
		i++
	}
	if p.kind(i) == TokRParen {
		return i + 1
	}
	return 0
}

// parseToScalarOrTable parses `toscalar(...)` or `totable(...)`, with the
// optional `kind=nooptimization` before the parenthesis.
func (p *parser) parseToScalarOrTable() Expr {
	start := p.startPos()
	t := p.next()
	fun := &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	var params []*OptionParam
	if p.isWord(0, "kind") && p.kind(1) == TokAssign {
		params = append(params, p.parseKnownParam(paramSpec{name: "kind", kind: valueWord, values: []string{"nooptimization"}}))
	}
	p.expect(TokLParen)
	x := p.parseExpression()
	if x == nil {
		x = p.missingExpr("expression")
	}
	p.expect(TokRParen)
	return &CallExpr{Span: p.span(start), Fun: fun, Params: params, Args: []Expr{x}}
}
