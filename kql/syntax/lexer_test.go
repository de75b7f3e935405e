package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// tokenString renders the tokens of text as "kind:text" pairs, with
// tokens that have a lexical error marked by "!", for compact
// comparison.
func tokenString(text string) string {
	toks, errs := tokenize(text)
	var parts []string
	for _, t := range toks {
		if t.Kind == TokEOF {
			break
		}
		s := fmt.Sprintf("%s:%s", shortKind(t.Kind), t.Text)
		for _, e := range errs {
			if e.span.From >= t.Pos && e.span.From <= t.End && (e.span.From < t.End || t.Kind == TokString) {
				s += "!"
				break
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func shortKind(k TokenKind) string {
	switch k {
	case TokIdent:
		return "id"
	case TokKeyword:
		return "kw"
	case TokString:
		return "str"
	case TokLong:
		return "long"
	case TokReal:
		return "real"
	case TokTimeSpan:
		return "ts"
	case TokBool:
		return "bool"
	case TokRawGuid:
		return "guid"
	case TokTypedLit:
		return "lit"
	case TokBad:
		return "bad"
	case TokDirective:
		return "dir"
	}
	return "p"
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// Words and keywords.
		{"where x", "id:where id:x"},
		{"$left.a", "id:$left p:. id:a"},
		{"_x x_1", "id:_x id:x_1"},
		{"3weeks", "id:3weeks"},
		{"1e", "id:1e"},

		// Keywords spelled with punctuation match as one token, unless
		// a letter, digit or underscore follows.
		{"project-away a", "kw:project-away id:a"},
		{"project-awayx", "id:project p:- id:awayx"},
		{"mv-expand mvexpand", "kw:mv-expand id:mvexpand"},
		{"hint.strategy=shuffle", "kw:hint.strategy p:= id:shuffle"},
		{"hint.pass_filters", "id:hint p:. id:pass_filters"},
		{"x !has y", "id:x kw:!has id:y"},
		{"x !hasprefix_cs y", "id:x kw:!hasprefix_cs id:y"},
		{"in~ !in~ !in", "kw:in~ kw:!in~ kw:!in"},
		{"matches regex", "kw:matches regex"},
		{"matches  regex", "id:matches id:regex"},
		{"render 3Dchart", "id:render kw:3Dchart"},

		// Bang: `!` alone is a token, `!x` an invalid character.
		{"!(", "p:! p:("},
		{"!x", "bad:!! id:x"},
		{"!= !~", "p:!= p:!~"},

		// Numbers.
		{"1 0x1F 0X1f", "long:1 long:0x1F long:0X1f"},
		{"1.5 2. 1e10 1.5e-3 1E+2", "real:1.5 real:2. real:1e10 real:1.5e-3 real:1E+2"},
		{".5", "p:. long:5"},
		{"1..2", "long:1 p:.. long:2"},
		{"1...2", "real:1. p:.. long:2"},
		{"1.x", "long:1 p:. id:x"},
		{"0x", "id:0x"},

		// Timespans, with the longest unit that matches.
		{"2d 1.5h 30m 30min 10s 10sec 100ms", "ts:2d ts:1.5h ts:30m ts:30min ts:10s ts:10sec ts:100ms"},
		{"1tick 5ticks 10microsecond 3milli 2days 1hr 3hours 7nanos", "ts:1tick ts:5ticks ts:10microsecond ts:3milli ts:2days ts:1hr ts:3hours ts:7nanos"},
		{"1D 1dx", "id:1D id:1dx"},

		// Literals in parentheses are one token up to ')' or the line end.
		{"datetime(2020-01-01 10:00)", "lit:datetime(2020-01-01 10:00)"},
		{"int(null) long(-1) real(nan) decimal(1.5) bool(true)", "lit:int(null) lit:long(-1) lit:real(nan) lit:decimal(1.5) lit:bool(true)"},
		{"time(1d) timespan(2) date(2020-01-01) guid(x) int32(1) int64(2) double(3)", "lit:time(1d) lit:timespan(2) lit:date(2020-01-01) lit:guid(x) lit:int32(1) lit:int64(2) lit:double(3)"},
		{"datetime(2020\n)", "lit:datetime(2020! p:)"},
		{"datetime (x)", "id:datetime p:( id:x p:)"},
		{"string(null)", "id:string p:( id:null p:)"},
		{"datetime_add(x)", "id:datetime_add p:( id:x p:)"},

		// Booleans and raw guids.
		{"true True TRUE false False FALSE tRue", "bool:true bool:True bool:TRUE bool:false bool:False bool:FALSE id:tRue"},
		{"74be27de-1e4e-49d9-b579-fe0b331d3642", "guid:74be27de-1e4e-49d9-b579-fe0b331d3642"},
		{"abcdef12-1e4e-49d9-b579-fe0b331d3642", "guid:abcdef12-1e4e-49d9-b579-fe0b331d3642"},

		// Strings.
		{`'a' "b"`, `str:'a' str:"b"`},
		{`'a\'b' "c\"d"`, `str:'a\'b' str:"c\"d"`},
		{`@'a''b' @"C:\x"`, `str:@'a''b' str:@"C:\x"`},
		{`h'x' H"y" h@'z'`, `str:h'x' str:H"y" str:h@'z'`},
		{`h 'x'`, `id:h str:'x'`},
		{"```a\nb```", "str:```a\nb```"},
		{"~~~a~~~", "str:~~~a~~~"},
		{`'\u0041\x41\101\t'`, `str:'\u0041\x41\101\t'`},
		{`'C:\W'`, `str:'C:! bad:\! id:W str:'!`},
		{`'abc`, `str:'abc!`},
		{"'a\nb'", "str:'a! id:b str:'!"},
		{"```abc", "str:```abc!"},
		{"``x``", "bad:`! bad:`! id:x bad:`! bad:`!"},

		// Punctuation.
		{"( ) [ ] { } | <| + - * / % . ..", "p:( p:) p:[ p:] p:{ p:} p:| p:<| p:+ p:- p:* p:/ p:% p:. p:.."},
		{"< <= > >= = == <> : ; , =~ @ ? =>", "p:< p:<= p:> p:>= p:= p:== p:<> p:: p:; p:, p:=~ p:@ p:? p:=>"},
		{"-->", "p:- p:- p:>"},

		// Trivia, directives and invalid characters.
		{"a // comment\nb", "id:a id:b"},
		{"a /* b */", "id:a p:/ p:* id:b p:* p:/"},
		{"a\u00a0b\u3000c", "id:a id:b id:c"},
		{"#connect x\ny", "dir:#connect x id:y"},
		{"é “x”", "bad:é! bad:“! id:x bad:”!"},
		{"a // c\u2028b", "id:a id:b"},
		{"a\u2028b", "id:a bad:\u2028! id:b"},

		// Decimal digits of other scripts count as digits, as in Kusto.
		{"٣ ٣a 1٣ x٣", "long:٣ id:٣a long:1٣ id:x long:٣"},
	}
	for _, tt := range tests {
		got := tokenString(tt.in)
		if got != tt.want {
			t.Errorf("Tokenize(%q)\n got: %s\nwant: %s", tt.in, got, tt.want)
		}
	}
}

func TestTokenizePositions(t *testing.T) {
	toks := Tokenize("T  | where\tx")
	want := []struct {
		pos, end Pos
		space    bool
	}{{0, 1, false}, {3, 4, true}, {5, 10, true}, {11, 12, true}, {12, 12, false}}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(toks), len(want))
	}
	for i, w := range want {
		if toks[i].Pos != w.pos || toks[i].End != w.end || toks[i].Space != w.space {
			t.Errorf("token %d %q: got [%d,%d) space=%v, want [%d,%d) space=%v",
				i, toks[i].Text, toks[i].Pos, toks[i].End, toks[i].Space, w.pos, w.end, w.space)
		}
	}
}

func TestTokenKeywordFlags(t *testing.T) {
	tests := []struct {
		text    string
		keyword bool
		name    bool // usable as a name everywhere
	}{
		{"where", true, false},
		{"count", true, true},
		{"type", false, false},
		{"kind", true, false},
		{"with", true, true},
		{"project-away", true, false},
		{"Where", false, false},
	}
	for _, tt := range tests {
		tok := Tokenize(tt.text)[0]
		if tok.IsKeyword() != tt.keyword {
			t.Errorf("%q: IsKeyword() = %v, want %v", tt.text, tok.IsKeyword(), tt.keyword)
		}
		if got := isNameKeyword(tok); got != tt.name && tt.keyword {
			t.Errorf("%q: usable as a name = %v, want %v", tt.text, got, tt.name)
		}
	}
}
