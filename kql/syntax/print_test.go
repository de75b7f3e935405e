package syntax

import (
	"testing"
)

// checkRoundTrip parses text, prints the tree, parses the output and
// checks that both trees match and that printing is stable.
func checkRoundTrip(t *testing.T, name, text string) {
	t.Helper()
	tree, diags := Parse(text)
	if len(diags) > 0 {
		t.Errorf("%s: %v", name, diags)
		return
	}
	out := Print(tree)
	tree2, diags := Parse(out)
	if len(diags) > 0 {
		t.Errorf("%s: the printed query does not parse: %s\n%s", name, FormatDiagnostics(NewSource("printed", out), diags), out)
		return
	}
	if d := treeDiff(tree, tree2); d != "" {
		t.Errorf("%s: the printed query parses to a different tree at %s\n%s", name, d, out)
		return
	}
	if again := Print(tree2); again != out {
		t.Errorf("%s: printing is not stable:\n%s\n---\n%s", name, out, again)
	}
}

func TestRoundTripCorpus(t *testing.T) {
	n := 0
	for _, q := range loadCorpus(t) {
		if _, diags := Parse(q.text); len(diags) > 0 {
			continue
		}
		checkRoundTrip(t, q.rec.File, q.text)
		n++
	}
	t.Logf("%d corpus queries printed and parsed back", n)
}

func TestRoundTripAccept(t *testing.T) {
	for _, c := range readAcceptCases(t, "testdata/accept.txt") {
		if c.ok {
			checkRoundTrip(t, "accept.txt:"+itoa(c.line), c.query)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestPrintCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"T|where x>1|take 5", "T\n| where x > 1\n| take 5"},
		{"let x=1;T|extend y=x", "let x = 1;\nT\n| extend y = x"},
		{"T | join kind=inner (T2 | where a) on $left.a == $right.b", "T\n| join kind=inner (T2 | where a) on $left.a == $right.b"},
		{"print x = 'a' \"b\"", `print x = 'a' "b"`},
		{"T | summarize n=count() by bin(t,1h)", "T\n| summarize n = count() by bin(t, 1h)"},
		{"T | sort by a desc nulls last, b asc", "T\n| sort by a desc nulls last, b asc"},
		{"T | mv-apply x to typeof(long) on (take 1 | extend y = 2)", "T\n| mv-apply x to typeof(long) on (take 1 | extend y = 2)"},
		{"print dynamic({\"a\":[1,-2,null]})", `print dynamic({"a": [1, -2, null]})`},
		{"T | project-away a*, ['b c']", "T\n| project-away a*, ['b c']"},
		{"print a.b[0].['c'], f(x).g", "print a.b[0].['c'], f(x).g"},
		{"T | render timechart with (title='t', ycolumns=a, b)", "T\n| render timechart with (title='t', ycolumns=a, b)"},
		{"T | render timechart by a, b", "T\n| render timechart by a, b"},
		{"datatable(a:string,b:long)['x',-1]", "datatable(a: string, b: long) ['x', -1]"},
		{"let f=(a:long,T:(*)){T|take a};f(1,T)", "let f = (a: long, T: (*)) { T | take a };\nf(1, T)"},
		{"T | parse x with 'a' b:long * 'c' d", "T\n| parse x with 'a' b: long * 'c' d"},
		{"T | where x between (1..2)", "T\n| where x between (1 .. 2)"},
		{"T | extend (a, b) = f(x)", "T\n| extend (a, b) = f(x)"},
		{"T | top-nested 3 of a by count(), top-nested of b with others = 0 by sum(x)", "T\n| top-nested 3 of a by count(), top-nested of b with others = 0 by sum(x)"},
		{"print 0 .$, 2. .x, 1 .['y'], 1d.x", "print 0 .$, 2. .x, 1 .['y'], 1d.x"},
	}
	for _, tt := range tests {
		tree, diags := Parse(tt.in)
		if len(diags) > 0 {
			t.Errorf("%s: %v", tt.in, diags)
			continue
		}
		if got := Print(tree); got != tt.want {
			t.Errorf("Print(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

// TestPrintAddsParentheses prints hand-built trees whose structure needs
// parentheses that no ParenExpr records.
func TestPrintAddsParentheses(t *testing.T) {
	a, b, c := &Ident{Name: "a", Raw: "a"}, &Ident{Name: "b", Raw: "b"}, &Ident{Name: "c", Raw: "c"}
	bin := func(x Expr, op BinaryOp, y Expr) *BinaryExpr { return &BinaryExpr{X: x, Op: op, Y: y} }
	tests := []struct {
		tree Expr
		want string
	}{
		{bin(bin(a, OpAdd, b), OpMul, c), "(a + b) * c"},
		{bin(a, OpMul, bin(b, OpAdd, c)), "a * (b + c)"},
		{bin(bin(a, OpSub, b), OpSub, c), "a - b - c"},
		{bin(a, OpSub, bin(b, OpSub, c)), "a - (b - c)"},
		{bin(bin(a, OpLt, b), OpLt, c), "(a < b) < c"},
		{bin(bin(a, OpOr, b), OpAnd, c), "(a or b) and c"},
		{bin(bin(a, OpAnd, b), OpOr, c), "a and b or c"},
		{bin(bin(a, OpAdd, b), OpHas, c), "(a + b) has c"},
		{bin(a, OpEq, bin(b, OpEq, c)), "a == (b == c)"},
		{&UnaryExpr{Op: OpMinus, X: bin(a, OpAdd, b)}, "-(a + b)"},
		{&MemberExpr{X: bin(a, OpAdd, b), Name: c}, "(a + b).c"},
		{&InExpr{X: bin(a, OpEq, b), Op: OpIn, List: []Expr{c}}, "(a == b) in (c)"},
	}
	for _, tt := range tests {
		got := Print(tt.tree)
		if got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
			continue
		}
		x, diags := ParseExpr(got)
		if len(diags) > 0 {
			t.Errorf("%q does not parse: %v", got, diags)
			continue
		}
		if again := Print(x); again != got {
			t.Errorf("%q prints back as %q", got, again)
		}
	}
}
