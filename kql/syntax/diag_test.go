package syntax

import (
	"strings"
	"testing"
	"time"
)

func TestDiagnosticFormat(t *testing.T) {
	text := "T\n\t| where x >\n| take 5"
	_, diags := Parse(text)
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
	}
	got := diags[0].Format(NewSource("rule.kql", text))
	want := "rule.kql:3:1: error[KQL1003]: expected expression, found '|'\n| take 5\n^\n"
	if got != want {
		t.Errorf("Format:\n%q\nwant:\n%q", got, want)
	}
}

func TestDiagnosticFormatCaretAfterTab(t *testing.T) {
	text := "T\n\t| where x > é"
	_, diags := Parse(text)
	if len(diags) == 0 {
		t.Fatal("no diagnostics")
	}
	got := diags[0].Format(NewSource("", text))
	want := "query:2:14: error[KQL1001]: unexpected character 'é'\n\t| where x > é\n\t            ^\n"
	if got != want {
		t.Errorf("Format:\n%q\nwant:\n%q", got, want)
	}
}

func TestDiagnosticsOnePerLine(t *testing.T) {
	_, diags := Parse("T | where x > | extend = | project ,")
	if len(diags) != 1 {
		t.Errorf("got %d diagnostics on one line, want 1: %v", len(diags), diags)
	}
}

func TestDiagnosticsCapped(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 25; i++ {
		b.WriteString("T | where x >\n;\n")
	}
	_, diags := Parse(b.String())
	if len(diags) != MaxDiagnostics+1 {
		t.Fatalf("got %d diagnostics, want %d", len(diags), MaxDiagnostics+1)
	}
	last := diags[len(diags)-1]
	if last.Code != CodeTooMany || last.Message != "15 more errors" {
		t.Errorf("last diagnostic %s %q, want %s \"15 more errors\"", last.Code, last.Message, CodeTooMany)
	}
	out := FormatDiagnostics(NewSource("q.kql", b.String()), diags)
	if !strings.HasSuffix(out, ": error: 15 more errors\n") {
		t.Errorf("formatted list does not end with the count of more errors:\n%s", out)
	}
}

func TestDiagnosticsInTextOrder(t *testing.T) {
	_, diags := Parse("print 'abc\nT | where x >\nprint “")
	var lines []int
	for _, d := range diags {
		lines = append(lines, int(d.Span.From))
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] < lines[i-1] {
			t.Errorf("diagnostics out of order: %v", diags)
		}
	}
	if len(diags) != 3 {
		t.Errorf("got %d diagnostics, want one per line (3): %v", len(diags), diags)
	}
}

func TestDeepNesting(t *testing.T) {
	text := "print " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	_, diags := Parse(text)
	if len(diags) == 0 || diags[0].Code != CodeTooDeep {
		t.Errorf("got %v, want a %s diagnostic", diags, CodeTooDeep)
	}
	text = "print " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200)
	if _, diags := Parse(text); len(diags) != 0 {
		t.Errorf("200 nested parentheses: %v", diags)
	}
}

func TestRecoveryContinuesAfterPipe(t *testing.T) {
	q, diags := Parse("T | where x == 1 ) | take 5")
	if len(diags) != 1 {
		t.Fatalf("got %v, want one diagnostic", diags)
	}
	if len(q.Stmts) != 2 {
		t.Fatalf("got %d statements, want the query and the recovered tail", len(q.Stmts))
	}
	pipe, ok := q.Stmts[1].(*ExprStmt).X.(*PipeExpr)
	if !ok || len(pipe.Ops) != 1 {
		t.Fatalf("recovered statement is %T", q.Stmts[1].(*ExprStmt).X)
	}
	if _, ok := pipe.Source.(*BadExpr); !ok {
		t.Errorf("recovered pipeline source is %T, want *BadExpr", pipe.Source)
	}
	if _, ok := pipe.Ops[0].(*TakeOp); !ok {
		t.Errorf("recovered operator is %T, want *TakeOp", pipe.Ops[0])
	}
}

func TestBadNodes(t *testing.T) {
	q, _ := Parse("T | where | foo | take 1")
	pipe := q.Stmts[0].(*ExprStmt).X.(*PipeExpr)
	if _, ok := pipe.Ops[0].(*WhereOp).Pred.(*BadExpr); !ok {
		t.Errorf("missing predicate is %T, want *BadExpr", pipe.Ops[0].(*WhereOp).Pred)
	}
	if _, ok := pipe.Ops[1].(*BadOp); !ok {
		t.Errorf("unknown operator is %T, want *BadOp", pipe.Ops[1])
	}
	if _, ok := pipe.Ops[2].(*TakeOp); !ok {
		t.Errorf("operator after the errors is %T, want *TakeOp", pipe.Ops[2])
	}
}

// TestPathologicalInputsFinish parses inputs shaped to trigger repeated
// work on error paths and checks that each finishes quickly.
func TestPathologicalInputsFinish(t *testing.T) {
	inputs := map[string]string{
		"unclosed calls":        "print " + strings.Repeat("f(", 900),
		"spaced braces":         "print " + strings.Repeat("{ a }(", 200),
		"open brackets":         "print " + strings.Repeat("[", 5000),
		"open parens and pipe":  strings.Repeat("(", 3000) + "|",
		"nested dynamic arrays": "print dynamic(" + strings.Repeat("[", 3000),
		"missing commas":        "T | project " + strings.Repeat("a b ", 3000),
		"in lists":              "T | where " + strings.Repeat("x in (", 500),
		"bad tokens":            strings.Repeat("“ ", 5000),
	}
	for name, text := range inputs {
		start := time.Now()
		_, diags := Parse(text)
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("%s: Parse took %v", name, elapsed)
		}
		if len(diags) == 0 {
			t.Errorf("%s: no diagnostics", name)
		}
	}
}
