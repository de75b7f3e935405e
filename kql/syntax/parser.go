package syntax

// The parser is a hand-written recursive-descent parser over the token
// slice from Tokenize. Its decisions follow Microsoft's Kusto parser, so
// that both accept the same queries: where that parser looks ahead to
// choose a rule, this one looks ahead the same way.
//
// Parse functions named parseX return nil when the input does not start
// an X, without consuming anything. Functions named requireX always
// return a node; when X is missing they report an error and return a Bad
// node instead.

// Parse parses a query text: statements separated by semicolons. It
// always returns a tree, with Bad nodes where the text has errors. The
// returned list has one diagnostic per line with an error, at most
// MaxDiagnostics of them plus a final CodeTooMany entry.
func Parse(text string) (*Query, []Diagnostic) {
	p := newParser(text)
	q := p.parseQuery()
	return q, p.diags.result()
}

// ParseExpr parses text as a single expression, such as a predicate or a
// pipeline, and reports errors like Parse.
func ParseExpr(text string) (Expr, []Diagnostic) {
	p := newParser(text)
	x := p.parseExpression()
	if x == nil {
		x = p.missingExpr("expression")
	}
	if p.tok().Kind != TokEOF {
		p.errorUnexpected()
	}
	return x, p.diags.result()
}

// maxDepth limits the nesting of expressions, so that hostile input such
// as ten thousand open parentheses is an error rather than a deep stack.
const maxDepth = 1000

type parser struct {
	src     string
	toks    []Token
	pos     int
	prevEnd Pos // end of the last consumed token
	diags   diagnostics
	depth   int
}

func newParser(text string) *parser {
	toks, errs := tokenize(text)
	p := &parser{src: text, toks: toks}
	p.diags.src = NewSource("", text)
	for _, e := range errs {
		p.diags.add(e.code, e.span, e.msg)
	}
	return p
}

// tok returns the current token.
func (p *parser) tok() Token { return p.toks[p.pos] }

// peek returns the token n places after the current one, or the EOF
// token.
func (p *parser) peek(n int) Token {
	if i := p.pos + n; i < len(p.toks) {
		return p.toks[i]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) kind(n int) TokenKind { return p.peek(n).Kind }

// next consumes the current token and returns it. At EOF it stays put.
func (p *parser) next() Token {
	t := p.toks[p.pos]
	if t.Kind != TokEOF {
		p.pos++
		p.prevEnd = t.End
	}
	return t
}

// isWord reports whether the token n places ahead is the keyword or word
// text. Keywords are case-sensitive.
func (p *parser) isWord(n int, text string) bool {
	t := p.peek(n)
	return (t.Kind == TokIdent || t.Kind == TokKeyword) && t.Text == text
}

// isKeyword reports whether the token n places ahead is the keyword text,
// not a name that happens to be spelled the same.
func (p *parser) isKeyword(n int, text string) bool {
	t := p.peek(n)
	return t.IsKeyword() && t.Text == text
}

// acceptWord consumes the keyword text if it is next.
func (p *parser) acceptWord(text string) bool {
	if p.isWord(0, text) {
		p.next()
		return true
	}
	return false
}

func (p *parser) accept(k TokenKind) bool {
	if p.tok().Kind == k {
		p.next()
		return true
	}
	return false
}

// expect consumes a token of kind k, or reports it missing.
func (p *parser) expect(k TokenKind) bool {
	if p.accept(k) {
		return true
	}
	p.errorExpected(k.String())
	return false
}

// expectClose is expect for a closing bracket whose opening bracket is at
// open. When the text ends first, the error points at the opening bracket,
// which is where the mistake usually is, instead of at the end of the text.
func (p *parser) expectClose(k TokenKind, open Pos) bool {
	if p.kind(0) != TokEOF || open < 0 || int(open) >= len(p.src) {
		return p.expect(k)
	}
	end := open + 1
	p.error(CodeExpected, Span{open, end}, quote(p.src[open:end])+" is never closed; expected "+k.String()+" before the end of the text")
	return false
}

// expectWord consumes the keyword text, or reports it missing.
func (p *parser) expectWord(text string) bool {
	if p.acceptWord(text) {
		return true
	}
	p.errorExpected(quote(text))
	return false
}

// span returns the span from start to the end of the last consumed token.
// A node that consumed nothing gets an empty span at start.
func (p *parser) span(start Pos) Span {
	if p.prevEnd < start {
		return Span{start, start}
	}
	return Span{start, p.prevEnd}
}

// startPos returns the start of the current token.
func (p *parser) startPos() Pos { return p.tok().Pos }

func (p *parser) error(code Code, span Span, msg string) {
	p.diags.add(code, span, msg)
}

// errorExpected reports that the thing described by expected is missing
// at the current token.
func (p *parser) errorExpected(expected string) {
	t := p.tok()
	p.error(CodeExpected, Span{t.Pos, t.End}, "expected "+expected+", found "+t.describe())
}

func (p *parser) errorUnexpected() {
	t := p.tok()
	msg := "unexpected " + t.describe()
	if p.isNonChainingOp() {
		msg += "; comparison and string operators do not chain, so add parentheses"
	}
	p.error(CodeUnexpected, Span{t.Pos, t.End}, msg)
}

// isNonChainingOp reports whether the current token is an operator that
// may not follow another of its level, as the second '<' in `a < b < c`.
func (p *parser) isNonChainingOp() bool {
	switch p.kind(0) {
	case TokLt, TokLe, TokGt, TokGe, TokEqEq, TokNotEq, TokLtGt:
		return true
	}
	if p.stringOpAt(0) != BadBinaryOp {
		return true
	}
	if t := p.tok(); t.IsKeyword() {
		if _, ok := listOps[t.Text]; ok {
			return true
		}
		return t.Text == "between" || t.Text == "!between"
	}
	return false
}

// missingExpr reports a missing expression described by expected and
// returns an empty BadExpr at the current token.
func (p *parser) missingExpr(expected string) *BadExpr {
	t := p.tok()
	if t.IsKeyword() && !isNameKeyword(t) && t.Kind == TokIdent {
		p.error(CodeExpected, Span{t.Pos, t.End},
			"expected "+expected+", found keyword "+quote(t.Text)+"; write ['"+t.Text+"'] to use it as a name")
	} else {
		p.errorExpected(expected)
	}
	return &BadExpr{Span{t.Pos, t.Pos}}
}

// isCommonListEnd reports whether the token n places ahead ends a list in
// most contexts: a closing bracket, '|', ';' or the end of the text.
func (p *parser) isCommonListEnd(n int) bool {
	switch p.kind(n) {
	case TokRParen, TokRBrack, TokRBrace, TokBar, TokSemicolon, TokEOF:
		return true
	}
	return false
}

// listOptions controls commaList.
type listOptions struct {
	end       func() bool // stops the list when true; nil means no end test
	oneOrMore bool        // report a missing element when the list is empty
	trailing  bool        // allow a comma after the last element
	noMissing bool        // a missing element between commas is not an error
}

// commaList parses elements separated by commas. parse returns the zero
// value when no element starts at the current token; missing reports a
// missing element and returns a placeholder.
//
// The rules follow the Kusto parser. With an end test, two elements
// without a comma between them are parsed with a "missing ','" error.
// Without one, the list stops at the first token that is not a comma.
func commaList[T comparable](p *parser, parse func() T, missing func() T, opt listOptions) []T {
	var zero T
	var list []T
	atEnd := func() bool { return opt.end != nil && opt.end() }

	// An element that consumes no tokens ends the list. Parsing more
	// elements at the same token would repeat the same work, which
	// nested lists would multiply.
	var elem T
	before := p.pos
	if !atEnd() {
		elem = parse()
	}
	if elem == zero && p.tok().Kind == TokComma && !opt.noMissing {
		elem = missing()
		before = -1 // a placeholder may stand before the comma
	}
	for elem != zero {
		if p.tok().Kind == TokEOF || atEnd() || p.pos == before {
			list = append(list, elem)
			break
		}
		if p.tok().Kind == TokComma {
			p.next()
			list = append(list, elem)
			elem = zero
			before = p.pos
			if !atEnd() {
				elem = parse()
			}
			if elem != zero {
				continue
			}
			if !opt.trailing && !opt.noMissing {
				list = append(list, missing())
			}
			break
		}
		if opt.end != nil {
			list = append(list, elem)
			before = p.pos
			elem = parse()
			if elem != zero {
				t := p.toks[before]
				p.error(CodeExpected, Span{t.Pos, t.End}, "expected ',', found "+t.describe())
			}
			continue
		}
		list = append(list, elem)
		break
	}
	if opt.oneOrMore && len(list) == 0 && !opt.noMissing {
		list = append(list, missing())
	}
	return list
}

// enter guards recursion depth; callers must call leave when it returns
// true.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.depth--
		t := p.tok()
		p.error(CodeTooDeep, Span{t.Pos, t.End}, "expression nested too deeply")
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }
