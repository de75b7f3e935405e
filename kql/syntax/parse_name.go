package syntax

// This file parses names: identifiers, keywords allowed as names,
// bracketed names such as ['a b'], braced client parameters such as
// {Param}, and wildcard name patterns such as Device*.

// isIdentToken reports whether t is an identifier that is not a keyword.
func isIdentToken(t Token) bool {
	return t.Kind == TokIdent && t.flags&kwKeyword == 0
}

// isNameKeyword reports whether t is a keyword that may be used as a name
// everywhere, such as `count` or `type`.
func isNameKeyword(t Token) bool {
	return t.Kind == TokIdent && t.flags&kwName != 0
}

// isPlainName reports whether t is an identifier or a keyword that may be
// a name everywhere.
func isPlainName(t Token) bool {
	return isIdentToken(t) || isNameKeyword(t)
}

// isExtendedName reports whether t is a keyword that may be declared as a
// name, such as `where` in `extend where = 1`, or a plain name.
func isExtendedName(t Token) bool {
	if isPlainName(t) {
		return true
	}
	if t.Kind == TokIdent {
		return t.flags&kwExtended != 0
	}
	return t.Kind == TokKeyword && isExtendedSymbolName(t.Text)
}

// scanStrings returns the number of adjacent string tokens at offset n.
func (p *parser) scanStrings(n int) int {
	k := 0
	for p.kind(n+k) == TokString {
		k++
	}
	return k
}

// scanBracketedName returns the number of tokens in `['name']` at offset
// n, or 0.
func (p *parser) scanBracketedName(n int) int {
	if p.kind(n) != TokLBrack {
		return 0
	}
	k := p.scanStrings(n + 1)
	if k == 0 || p.kind(n+1+k) != TokRBrack {
		return 0
	}
	return k + 2
}

// scanBracedName returns the number of tokens in a client parameter such
// as `{Name}` or `{Name[1]}` at offset n, written without spaces, or 0.
func (p *parser) scanBracedName(n int) int {
	if p.kind(n) != TokLBrace {
		return 0
	}
	i := n + 1
	t := p.peek(i)
	if (t.Kind != TokIdent && t.Kind != TokKeyword) || t.Space {
		return 0
	}
	i++
	if t := p.peek(i); t.Kind == TokLBrack && !t.Space {
		i++
		if t := p.peek(i); t.Kind == TokMinus && !t.Space {
			i++
		}
		if t := p.peek(i); t.Kind != TokLong || t.Space {
			return 0
		}
		i++
		if t := p.peek(i); t.Kind != TokRBrack || t.Space {
			return 0
		}
		i++
	}
	if t := p.peek(i); t.Kind != TokRBrace || t.Space {
		return 0
	}
	return i + 1 - n
}

// scanName returns the number of tokens of a name at offset n: an
// identifier, a keyword usable as a name, a bracketed name or a braced
// parameter. It returns 0 when there is none.
func (p *parser) scanName(n int) int {
	t := p.peek(n)
	switch t.Kind {
	case TokLBrack:
		return p.scanBracketedName(n)
	case TokLBrace:
		// Kusto's scan ignores spaces here but its parse of the name
		// does not, and it crashes on `{ a }(x)`. Requiring both keeps
		// the parser from taking a name it cannot parse.
		if isPlainName(p.peek(n+1)) && p.kind(n+2) == TokRBrace && p.scanBracedName(n) == 3 {
			return 3
		}
		return 0
	}
	if isPlainName(t) {
		return 1
	}
	return 0
}

// scanExtendedName is scanName that also accepts keywords allowed as
// declared names.
func (p *parser) scanExtendedName(n int) int {
	if k := p.scanName(n); k > 0 {
		return k
	}
	if isExtendedName(p.peek(n)) {
		return 1
	}
	return 0
}

// scanRenameName returns the length of a name on the left of `=` in an
// expression list: like scanExtendedName, but every identifier counts.
func (p *parser) scanRenameName(n int) int {
	t := p.peek(n)
	switch t.Kind {
	case TokLBrack:
		return p.scanBracketedName(n)
	case TokLBrace:
		// Kusto's scan ignores spaces here but its parse of the name
		// does not, and it crashes on `{ a }(x)`. Requiring both keeps
		// the parser from taking a name it cannot parse.
		if isPlainName(p.peek(n+1)) && p.kind(n+2) == TokRBrace && p.scanBracedName(n) == 3 {
			return 3
		}
		return 0
	}
	if isExtendedName(t) {
		return 1
	}
	return 0
}

// parseName parses a name, or returns nil. With extended set, keywords
// allowed as declared names are accepted too.
func (p *parser) parseName(extended bool) *Ident {
	t := p.tok()
	switch t.Kind {
	case TokLBrack:
		return p.parseBracketedName()
	case TokLBrace:
		return p.parseBracedName()
	}
	if isPlainName(t) || (extended && isExtendedName(t)) {
		p.next()
		return &Ident{Span: Span{t.Pos, t.End}, Name: t.Text, Raw: t.Text}
	}
	return nil
}

// parseBracketedName parses `['name']` or `["a" "b"]`.
func (p *parser) parseBracketedName() *Ident {
	if p.scanBracketedName(0) == 0 {
		return nil
	}
	start := p.startPos()
	p.next()
	lit := p.parseStringLit()
	p.expect(TokRBrack)
	sp := p.span(start)
	return &Ident{Span: sp, Name: lit.Value, Raw: p.src[sp.From:sp.To], Quoted: true}
}

// parseBracedName parses a client parameter such as `{Name}`. The name
// keeps its braces, because the client replaces the whole text before
// the query runs.
func (p *parser) parseBracedName() *Ident {
	n := p.scanBracedName(0)
	if n == 0 {
		return nil
	}
	start := p.startPos()
	for i := 0; i < n; i++ {
		p.next()
	}
	sp := p.span(start)
	raw := p.src[sp.From:sp.To]
	return &Ident{Span: sp, Name: raw, Raw: raw}
}

// requireName parses a name or reports it missing.
func (p *parser) requireName(extended bool) *Ident {
	if id := p.parseName(extended); id != nil {
		return id
	}
	p.missingName()
	t := p.tok()
	return &Ident{Span: Span{t.Pos, t.Pos}}
}

func (p *parser) missingName() {
	t := p.tok()
	if t.IsKeyword() {
		p.error(CodeKeywordAsName, Span{t.Pos, t.End},
			"expected name, found keyword "+quote(t.Text)+"; write ['"+t.Text+"'] to use it as a name")
		return
	}
	p.errorExpected("name")
}

// parseRenameName parses the name on the left of `=` in an expression
// list.
func (p *parser) parseRenameName() *Ident {
	return p.parseName(true)
}

// scanWildcardName returns the number of tokens of a name pattern with
// `*` at offset n, such as `*`, `Device*` or `a*b*`, written without
// spaces, or 0.
func (p *parser) scanWildcardName(n int) int {
	i := n
	t := p.peek(i)
	switch {
	case t.Kind == TokStar:
		i++
	case (isIdentToken(t) || isExtendedName(t)) && p.kind(i+1) == TokStar && !p.peek(i+1).Space:
		i += 2
	default:
		return 0
	}
	for {
		t := p.peek(i)
		if t.Space {
			break
		}
		if isIdentToken(t) || t.Kind == TokLong || t.Kind == TokStar || isExtendedName(t) {
			i++
			continue
		}
		break
	}
	return i - n
}

// parseWildcardName parses a name pattern with `*`, or returns nil.
func (p *parser) parseWildcardName() *WildcardName {
	n := p.scanWildcardName(0)
	if n == 0 {
		return nil
	}
	start := p.startPos()
	for i := 0; i < n; i++ {
		p.next()
	}
	sp := p.span(start)
	raw := p.src[sp.From:sp.To]
	return &WildcardName{Span: sp, Pattern: raw, Raw: raw}
}

// parseBracketedWildcardName parses `[Device*]`, or returns nil.
func (p *parser) parseBracketedWildcardName() *WildcardName {
	if p.kind(0) != TokLBrack || p.scanWildcardName(1) == 0 {
		return nil
	}
	start := p.startPos()
	p.next()
	w := p.parseWildcardName()
	p.expect(TokRBrack)
	sp := p.span(start)
	return &WildcardName{Span: sp, Pattern: w.Pattern, Raw: p.src[sp.From:sp.To]}
}

// scanDashedName returns the number of adjacent word and '-' tokens at
// the current token, such as `project-x` or `my-column`, or 0.
func (p *parser) scanDashedName() int {
	t := p.tok()
	if t.Kind != TokIdent && t.Kind != TokKeyword {
		return 0
	}
	i := 1
	for {
		t := p.peek(i)
		if t.Space || (t.Kind != TokIdent && t.Kind != TokKeyword && t.Kind != TokMinus) {
			break
		}
		i++
	}
	return i
}

// isKeywordInNamePosition reports whether the current token is a keyword
// followed by a token that only follows names, such as an infix
// operator, ')' or ','. Such a keyword was probably meant as a name.
func (p *parser) isKeywordInNamePosition() bool {
	t := p.tok()
	if !t.IsKeyword() {
		return false
	}
	nt := p.peek(1)
	switch nt.Kind {
	case TokEqEq, TokNotEq, TokEqTilde, TokBangTilde, TokGt, TokGe, TokLt, TokLe,
		TokStar, TokSlash, TokPercent, TokRParen, TokRBrack, TokRBrace, TokDot,
		TokComma, TokColon, TokBar:
		return true
	case TokIdent, TokKeyword:
		if nt.IsKeyword() {
			if _, ok := stringOps[nt.Text]; ok {
				return true
			}
			switch nt.Text {
			case "and", "or", "in", "in~", "!in", "!in~", "has_any", "has_all", "between", "!between":
				return true
			}
		}
	}
	return false
}
