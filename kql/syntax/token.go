package syntax

import "fmt"

// TokenKind is the kind of a lexical token.
type TokenKind uint8

// Token kinds. Words, keywords included, are TokIdent tokens, and
// Token.IsKeyword separates the keywords. Keywords spelled with other characters, such as
// `project-away`, `!has`, `in~` or `hint.strategy`, are TokKeyword tokens.
const (
	TokEOF       TokenKind = iota
	TokBad                 // a character that is not part of the language
	TokDirective           // a line starting with #
	TokIdent               // a word: identifier or keyword
	TokKeyword             // a keyword containing punctuation or spaces
	TokString              // a string literal, including h"..." and ```...```
	TokLong                // 123 or 0x7B
	TokReal                // 1.5, 1e3, 2.
	TokTimeSpan            // 2d, 1.5h, 10ms
	TokBool                // true, false
	TokRawGuid             // a guid without guid(...) around it
	TokTypedLit            // a literal in parentheses: datetime(...), int(5), guid(...)

	TokLParen    // (
	TokRParen    // )
	TokLBrack    // [
	TokRBrack    // ]
	TokLBrace    // {
	TokRBrace    // }
	TokBar       // |
	TokLtBar     // <|
	TokPlus      // +
	TokMinus     // -
	TokStar      // *
	TokSlash     // /
	TokPercent   // %
	TokDot       // .
	TokDotDot    // ..
	TokBang      // !
	TokLt        // <
	TokLe        // <=
	TokGt        // >
	TokGe        // >=
	TokAssign    // =
	TokEqEq      // ==
	TokNotEq     // !=
	TokLtGt      // <>
	TokColon     // :
	TokSemicolon // ;
	TokComma     // ,
	TokEqTilde   // =~
	TokBangTilde // !~
	TokAt        // @
	TokQuestion  // ?
	TokFatArrow  // =>
)

var tokenKindNames = [...]string{
	TokEOF:       "end of text",
	TokBad:       "invalid character",
	TokDirective: "directive",
	TokIdent:     "name",
	TokKeyword:   "keyword",
	TokString:    "string literal",
	TokLong:      "number",
	TokReal:      "number",
	TokTimeSpan:  "timespan literal",
	TokBool:      "boolean literal",
	TokRawGuid:   "guid",
	TokTypedLit:  "literal",
	TokLParen:    "'('",
	TokRParen:    "')'",
	TokLBrack:    "'['",
	TokRBrack:    "']'",
	TokLBrace:    "'{'",
	TokRBrace:    "'}'",
	TokBar:       "'|'",
	TokLtBar:     "'<|'",
	TokPlus:      "'+'",
	TokMinus:     "'-'",
	TokStar:      "'*'",
	TokSlash:     "'/'",
	TokPercent:   "'%'",
	TokDot:       "'.'",
	TokDotDot:    "'..'",
	TokBang:      "'!'",
	TokLt:        "'<'",
	TokLe:        "'<='",
	TokGt:        "'>'",
	TokGe:        "'>='",
	TokAssign:    "'='",
	TokEqEq:      "'=='",
	TokNotEq:     "'!='",
	TokLtGt:      "'<>'",
	TokColon:     "':'",
	TokSemicolon: "';'",
	TokComma:     "','",
	TokEqTilde:   "'=~'",
	TokBangTilde: "'!~'",
	TokAt:        "'@'",
	TokQuestion:  "'?'",
	TokFatArrow:  "'=>'",
}

// String returns a description of the kind for messages, with punctuation
// in quotes.
func (k TokenKind) String() string {
	if int(k) < len(tokenKindNames) {
		return tokenKindNames[k]
	}
	return fmt.Sprintf("TokenKind(%d)", int(k))
}

// Token is a lexical token. Text is the token's source text.
type Token struct {
	Kind  TokenKind
	Pos   Pos
	End   Pos
	Text  string
	Space bool         // preceded by white space or a comment
	flags keywordFlags // for TokIdent tokens that are keywords
}

// IsKeyword reports whether the token is a keyword: a TokIdent token with a
// keyword's spelling, or a TokKeyword token.
func (t Token) IsKeyword() bool {
	return t.Kind == TokKeyword || t.flags&kwKeyword != 0
}

// describe returns the token for a message: `'where'`, `end of text`.
func (t Token) describe() string {
	switch t.Kind {
	case TokEOF:
		return "end of text"
	case TokIdent, TokKeyword, TokBad:
		return quote(t.Text)
	case TokString:
		text := t.Text
		if len(text) > 24 {
			text = text[:21] + "..."
		}
		return "string " + text
	}
	if t.Kind >= TokLParen {
		return t.Kind.String()
	}
	return quote(t.Text)
}

// quote puts s in single quotes for a message.
func quote(s string) string {
	return "'" + s + "'"
}
