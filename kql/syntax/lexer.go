package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokenize splits text into tokens, ending with an EOF token. Lexical
// errors (an unexpected character, a missing closing quote) do not stop
// it: the affected token is returned with Kind TokBad or with its text cut at
// the error, and the parser reports the error.
func Tokenize(text string) []Token {
	toks, _ := tokenize(text)
	return toks
}

// lexError is a lexical error: a span and its diagnostic.
type lexError struct {
	code Code
	span Span
	msg  string
}

// tokenize returns the tokens of text and its lexical errors, in text
// order.
func tokenize(text string) ([]Token, []lexError) {
	lx := lexer{src: text}
	toks := make([]Token, 0, len(text)/5+8)
	for {
		t := lx.next()
		toks = append(toks, t)
		if t.Kind == TokEOF {
			return toks, lx.errs
		}
	}
}

type lexer struct {
	src  string
	pos  int
	errs []lexError
}

func (lx *lexer) peek(i int) byte {
	if i >= 0 && i < len(lx.src) {
		return lx.src[i]
	}
	return 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// digitAt returns the byte length of the decimal digit at s[i], or 0.
// Like Kusto, which reads UTF-16 text, it accepts decimal digits of any
// script in the Basic Multilingual Plane, such as '٣'.
func digitAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		if isDigit(c) {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r <= 0xFFFF && unicode.IsDigit(r) {
		return size
	}
	return 0
}
func isHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isIdentChar reports whether c may continue an identifier. A keyword
// only matches when the character after it is not one of these.
func isIdentChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c == '$' }

// spaceLen returns the length of the white-space character at i, or 0.
// Kusto treats the Unicode space separators, the byte order mark and the
// usual ASCII white space as white space.
func (lx *lexer) spaceLen(i int) int {
	c := lx.peek(i)
	switch c {
	case ' ', '\t', '\r', '\n', '\f':
		return 1
	}
	if c < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRuneInString(lx.src[i:])
	switch {
	case r == 0xA0, r == 0x1680, r == 0x180E, r >= 0x2000 && r <= 0x200B,
		r == 0x202F, r == 0x205F, r == 0x3000, r == 0xFEFF:
		return n
	}
	return 0
}

// skipTrivia skips white space and // comments, and reports whether it
// skipped anything.
func (lx *lexer) skipTrivia() bool {
	start := lx.pos
	for lx.pos < len(lx.src) {
		if n := lx.spaceLen(lx.pos); n > 0 {
			lx.pos += n
			continue
		}
		if lx.src[lx.pos] == '/' && lx.peek(lx.pos+1) == '/' {
			lx.pos = lineEnd(lx.src, lx.pos)
			// A comment also takes the line break that ends it. This
			// matters for U+2028 and U+2029, which end a comment but
			// are not white space elsewhere.
			if strings.HasPrefix(lx.src[lx.pos:], "\u2028") || strings.HasPrefix(lx.src[lx.pos:], "\u2029") {
				lx.pos += len("\u2028")
			}
			continue
		}
		break
	}
	return lx.pos > start
}

// lineEnd returns the offset of the line break that ends the line
// containing i, or len(s). Kusto also ends lines at U+2028 and U+2029.
func lineEnd(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\n', '\r':
			return i
		case 0xE2:
			if strings.HasPrefix(s[i:], "\u2028") || strings.HasPrefix(s[i:], "\u2029") {
				return i
			}
		}
		i++
	}
	return i
}

func (lx *lexer) next() Token {
	space := lx.skipTrivia()
	start := lx.pos
	tok := Token{Pos: Pos(start), Space: space}
	kind, n := lx.scan()
	lx.pos += n
	tok.Kind = kind
	tok.End = Pos(lx.pos)
	tok.Text = lx.src[start:lx.pos]
	switch kind {
	case TokIdent:
		tok.flags = keywordWords[tok.Text]
	case TokString:
		lx.checkString(tok)
	case TokTypedLit:
		if !strings.HasSuffix(tok.Text, ")") {
			lx.errs = append(lx.errs, lexError{CodeUnterminated, Span{tok.Pos, tok.End}, "missing ')' at the end of the literal"})
		}
	case TokBad:
		lx.errs = append(lx.errs, lexError{CodeInvalidChar, Span{tok.Pos, tok.End}, "unexpected character " + quote(tok.Text)})
	}
	return tok
}

// checkString records the error of a string token that is not closed.
// When the string stopped at a backslash, the error is the invalid
// escape there rather than the missing quote.
func (lx *lexer) checkString(tok Token) {
	msg := stringError(tok.Text)
	if msg == "" {
		return
	}
	if lx.peek(lx.pos) == '\\' {
		_, size := utf8.DecodeRuneInString(lx.src[min(lx.pos+1, len(lx.src)):])
		esc := lx.src[lx.pos:min(lx.pos+1+size, len(lx.src))]
		msg = "invalid escape sequence " + quote(esc) + " in a string literal; write '\\\\' for a backslash, or use a verbatim string such as @'...'"
		lx.errs = append(lx.errs, lexError{CodeInvalidEscape, Span{Pos(lx.pos), Pos(lx.pos + len(esc))}, msg})
		return
	}
	lx.errs = append(lx.errs, lexError{CodeUnterminated, Span{tok.Pos, tok.End}, msg})
}

// scan returns the kind and length of the token at lx.pos.
func (lx *lexer) scan() (TokenKind, int) {
	i := lx.pos
	if i >= len(lx.src) {
		return TokEOF, 0
	}
	c := lx.src[i]

	if !isLetter(c) && !isDigit(c) {
		if k, n := lx.scanPunct(i); n > 0 {
			return k, n
		}
		switch {
		case c == '\'' || c == '"' || c == '`' || c == '~':
			if n := lx.scanString(i); n > 0 {
				return TokString, n
			}
		case c == '@':
			if isQuoteStart(lx.peek(i + 1)) {
				if n := lx.scanString(i); n > 0 {
					return TokString, n
				}
			}
		case c == '#':
			return TokDirective, lineEnd(lx.src, i) - i
		}
	}

	if n := lx.matchSymbolKeyword(i); n > 0 {
		return TokKeyword, n
	}
	if c == '!' && !isIdentChar(lx.peek(i+1)) {
		// A lone `!` is a token, but `!x` is an invalid character, as in
		// Kusto.
		return TokBang, 1
	}

	if isIdentStart(c) {
		if n := scanRawGuid(lx.src, i); n > 0 {
			return TokRawGuid, n
		}
		n := scanIdent(lx.src, i)
		word := lx.src[i : i+n]
		if n == 1 && (c == 'h' || c == 'H') {
			if next := lx.peek(i + 1); isQuoteStart(next) || next == '@' {
				if m := lx.scanString(i); m > 0 {
					return TokString, m
				}
			}
		}
		if lx.peek(i+n) == '(' && isTypedLitKeyword(word) {
			return TokTypedLit, n + lx.scanParenContent(i+n)
		}
		if isBoolWord(word) {
			return TokBool, n
		}
		return TokIdent, n
	}

	if digitAt(lx.src, i) > 0 {
		if n := scanRawGuid(lx.src, i); n > 0 {
			return TokRawGuid, n
		}
		if n := scanReal(lx.src, i); n > 0 {
			return TokReal, n
		}
		if n := scanTimespan(lx.src, i); n > 0 {
			return TokTimeSpan, n
		}
		if n := scanLong(lx.src, i); n > 0 {
			return TokLong, n
		}
		if n := scanIdent(lx.src, i); n > 0 {
			return TokIdent, n
		}
	}

	_, size := utf8.DecodeRuneInString(lx.src[i:])
	return TokBad, size
}

func isQuoteStart(c byte) bool { return c == '\'' || c == '"' || c == '`' || c == '~' }

func isBoolWord(w string) bool {
	switch w {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return true
	}
	return false
}

// isTypedLitKeyword reports whether word followed by '(' starts a literal
// whose parenthesized text the lexer takes as one token, as in
// `datetime(2024-01-01 10:00)`.
func isTypedLitKeyword(word string) bool {
	switch word {
	case "long", "int64", "int", "int32", "real", "double", "decimal", "bool",
		"datetime", "date", "time", "timespan", "guid":
		return true
	}
	return false
}

// scanParenContent returns the length of `( ... )` at i. The text ends at
// the first ')' or line break, so an unclosed literal does not swallow
// the rest of the query.
func (lx *lexer) scanParenContent(i int) int {
	j := i + 1
	for j < len(lx.src) {
		c := lx.src[j]
		if c == ')' {
			return j + 1 - i
		}
		if c == '\n' || c == '\r' || strings.HasPrefix(lx.src[j:], "\u2028") || strings.HasPrefix(lx.src[j:], "\u2029") {
			break
		}
		j++
	}
	return j - i
}

func (lx *lexer) scanPunct(i int) (TokenKind, int) {
	c := lx.src[i]
	c2 := lx.peek(i + 1)
	switch c {
	case '(':
		return TokLParen, 1
	case ')':
		return TokRParen, 1
	case '[':
		return TokLBrack, 1
	case ']':
		return TokRBrack, 1
	case '{':
		return TokLBrace, 1
	case '}':
		return TokRBrace, 1
	case '|':
		return TokBar, 1
	case '.':
		if c2 == '.' {
			return TokDotDot, 2
		}
		return TokDot, 1
	case '+':
		return TokPlus, 1
	case '-':
		return TokMinus, 1
	case '*':
		return TokStar, 1
	case '/':
		return TokSlash, 1
	case '%':
		return TokPercent, 1
	case '<':
		switch c2 {
		case '=':
			return TokLe, 2
		case '|':
			return TokLtBar, 2
		case '>':
			return TokLtGt, 2
		}
		return TokLt, 1
	case '>':
		if c2 == '=' {
			return TokGe, 2
		}
		return TokGt, 1
	case '=':
		switch c2 {
		case '=':
			return TokEqEq, 2
		case '>':
			return TokFatArrow, 2
		case '~':
			return TokEqTilde, 2
		}
		return TokAssign, 1
	case '!':
		switch c2 {
		case '=':
			return TokNotEq, 2
		case '~':
			return TokBangTilde, 2
		}
	case ':':
		return TokColon, 1
	case ';':
		return TokSemicolon, 1
	case ',':
		return TokComma, 1
	case '@':
		if !isQuoteStart(c2) {
			return TokAt, 1
		}
	case '?':
		return TokQuestion, 1
	}
	return 0, 0
}

// matchSymbolKeyword returns the length of the longest symbol keyword at
// i that is not followed by an identifier character, or 0.
func (lx *lexer) matchSymbolKeyword(i int) int {
	best := 0
	for _, kw := range symbolKeywordsByFirst[lx.src[i]] {
		if len(kw) > best && strings.HasPrefix(lx.src[i:], kw) && !isIdentChar(lx.peek(i+len(kw))) {
			best = len(kw)
		}
	}
	return best
}

// symbolKeywordsByFirst indexes symbolKeywords by their first byte.
var symbolKeywordsByFirst = func() map[byte][]string {
	m := make(map[byte][]string)
	for _, kw := range symbolKeywords {
		m[kw[0]] = append(m[kw[0]], kw)
	}
	return m
}()

func scanIdent(s string, i int) int {
	j := i
	if j < len(s) && isIdentStart(s[j]) {
		j++
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		return j - i
	}
	// Digits followed by a letter or underscore also form a name, as in
	// `3weeks`.
	for j < len(s) && digitAt(s, j) > 0 {
		j += digitAt(s, j)
	}
	if j == i || j >= len(s) || !(isLetter(s[j]) || s[j] == '_') {
		return 0
	}
	for j < len(s) && isIdentChar(s[j]) {
		j++
	}
	return j - i
}

func scanDigits(s string, i int) int {
	j := i
	for n := digitAt(s, j); n > 0; n = digitAt(s, j) {
		j += n
	}
	return j - i
}

func peekByte(s string, i int) byte {
	if i >= 0 && i < len(s) {
		return s[i]
	}
	return 0
}

func scanLong(s string, i int) int {
	if peekByte(s, i) == '0' && (peekByte(s, i+1) == 'x' || peekByte(s, i+1) == 'X') {
		j := i + 2
		for j < len(s) && isHex(s[j]) {
			j++
		}
		if j > i+2 && !isIdentChar(peekByte(s, j)) {
			return j - i
		}
		if j == i+2 && !isIdentChar(peekByte(s, j)) {
			// "0x" alone falls through to the decimal scan below.
		} else {
			return 0
		}
	}
	n := scanDigits(s, i)
	if n > 0 && !isIdentChar(peekByte(s, i+n)) {
		return n
	}
	return 0
}

func scanExponent(s string, i int) int {
	if c := peekByte(s, i); c != 'e' && c != 'E' {
		return 0
	}
	j := i + 1
	if c := peekByte(s, j); c == '+' || c == '-' {
		j++
	}
	n := scanDigits(s, j)
	if n == 0 {
		return 0
	}
	return j + n - i
}

// scanReal returns the length of a real literal at i: digits with a
// fraction (`1.5`, `2.`), an exponent (`1e3`), or both.
func scanReal(s string, i int) int {
	n := scanDigits(s, i)
	if n == 0 {
		return 0
	}
	j := i + n
	if peekByte(s, j) == '.' && (peekByte(s, j+1) != '.' || peekByte(s, j+2) == '.') {
		j++
		j += scanDigits(s, j)
		j += scanExponent(s, j)
	} else {
		e := scanExponent(s, j)
		if e == 0 {
			return 0
		}
		j += e
	}
	if isIdentChar(peekByte(s, j)) {
		return 0
	}
	return j - i
}

// timespanUnits lists the unit suffixes of timespan literals, longest
// first so that the first match is the longest.
var timespanUnits = []string{
	"milliseconds", "microseconds", "nanoseconds", "millisecond",
	"microsecond", "nanosecond", "millisec", "microsec", "nanosec",
	"minutes", "seconds", "minute", "second", "millis", "micros", "nanos",
	"milli", "micro", "nano", "hours", "ticks", "days", "hour", "tick",
	"min", "sec", "day", "hrs", "hr", "ms", "m", "s", "d", "h",
}

// scanTimespan returns the length of a timespan literal such as `2d`,
// `1.5h` or `30min`.
func scanTimespan(s string, i int) int {
	n := scanDigits(s, i)
	if n == 0 {
		return 0
	}
	j := i + n
	if peekByte(s, j) == '.' {
		if f := scanDigits(s, j+1); f > 0 {
			j += 1 + f
		}
	}
	for _, u := range timespanUnits {
		if strings.HasPrefix(s[j:], u) {
			if isIdentChar(peekByte(s, j+len(u))) {
				return 0
			}
			return j + len(u) - i
		}
	}
	return 0
}

// scanRawGuid returns 36 when a guid such as
// 0d9f3c2e-8a8b-4c1e-9b1a-1c2d3e4f5a6b starts at i, and 0 otherwise.
func scanRawGuid(s string, i int) int {
	if i+36 > len(s) {
		return 0
	}
	for k := 0; k < 36; k++ {
		c := s[i+k]
		switch k {
		case 8, 13, 18, 23:
			if c != '-' {
				return 0
			}
		default:
			if !isHex(c) {
				return 0
			}
		}
	}
	return 36
}

// scanString returns the length of the string literal at i, including
// its h and @ prefixes. A string missing its closing quote ends at the end
// of its line (or, for ``` strings, of the text); stringError reports it.
// It returns 0 when no string starts at i.
func (lx *lexer) scanString(i int) int {
	s := lx.src
	j := i
	if c := peekByte(s, j); c == 'h' || c == 'H' {
		j++
	}
	verbatim := false
	if peekByte(s, j) == '@' {
		verbatim = true
		j++
	}
	switch q := peekByte(s, j); {
	case q == '\'' || q == '"':
		j++
		j += scanStringContent(s, j, q, verbatim)
		if peekByte(s, j) == q {
			j++
		}
	case strings.HasPrefix(s[j:], "```") || strings.HasPrefix(s[j:], "~~~"):
		fence := s[j : j+3]
		j += 3
		if k := strings.Index(s[j:], fence); k >= 0 {
			j += k + 3
		} else {
			j = len(s)
		}
	default:
		return 0
	}
	return j - i
}

// scanStringContent returns the length of the content of a quoted string
// that starts at i. It stops at the closing quote, at a line break, or at
// a backslash that does not start a valid escape.
func scanStringContent(s string, i int, q byte, verbatim bool) int {
	j := i
	for j < len(s) {
		c := s[j]
		switch {
		case c == q && verbatim && peekByte(s, j+1) == q:
			j += 2
			continue
		case c == '\\' && !verbatim:
			n := escapeLen(s, j)
			if n == 0 {
				return j - i
			}
			j += n
			continue
		case c == q || c == '\r' || c == '\n':
			return j - i
		}
		j++
	}
	return j - i
}

// escapeLen returns the length of the escape sequence at s[i] == '\\', or
// 0 when it is not a valid escape.
func escapeLen(s string, i int) int {
	hexRun := func(start, n int) bool {
		if start+n > len(s) {
			return false
		}
		for k := start; k < start+n; k++ {
			if !isHex(s[k]) {
				return false
			}
		}
		return true
	}
	switch c := peekByte(s, i+1); c {
	case '\\', '\'', '"', 'a', 'b', 'f', 'n', 'r', 't', 'v':
		return 2
	case 'u':
		if hexRun(i+2, 4) {
			return 6
		}
	case 'U':
		if hexRun(i+2, 8) {
			return 10
		}
	case 'x':
		if hexRun(i+2, 2) {
			return 4
		}
	default:
		if c >= '0' && c <= '7' {
			c2 := peekByte(s, i+2)
			if c2 < '0' || c2 > '7' {
				return 2
			}
			c3 := peekByte(s, i+3)
			if c3 >= '0' && c3 <= '7' && c <= '3' {
				return 4
			}
			return 3
		}
	}
	return 0
}

// stringError returns the lexical error of a string token, or "".
func stringError(text string) string {
	body, verbatim := text, false
	if body[0] == 'h' || body[0] == 'H' {
		body = body[1:]
	}
	if body[0] == '@' {
		verbatim = true
		body = body[1:]
	}
	if strings.HasPrefix(body, "```") || strings.HasPrefix(body, "~~~") {
		if len(body) < 6 || !strings.HasSuffix(body, body[:3]) {
			return "missing closing " + body[:3] + " of the string literal"
		}
		return ""
	}
	if !stringClosed(body, verbatim) {
		return "missing closing " + body[:1] + " of the string literal"
	}
	return ""
}

// stringClosed reports whether a quoted string body, starting with its
// quote, ends with the matching closing quote.
func stringClosed(body string, verbatim bool) bool {
	if len(body) < 2 {
		return false
	}
	q := body[0]
	n := scanStringContent(body, 1, q, verbatim)
	return 1+n == len(body)-1 && body[len(body)-1] == q
}
