package syntax

import (
	"fmt"
	"testing"
)

func TestInspectOrder(t *testing.T) {
	q, diags := Parse("T | where a > 1 | project b = c")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var kinds []string
	Inspect(q, func(n Node) bool {
		kinds = append(kinds, fmt.Sprintf("%T", n))
		return true
	})
	want := []string{"*syntax.Query", "*syntax.ExprStmt", "*syntax.PipeExpr", "*syntax.Ident",
		"*syntax.WhereOp", "*syntax.BinaryExpr", "*syntax.Ident", "*syntax.Literal",
		"*syntax.ProjectOp", "*syntax.NamedExpr", "*syntax.Ident", "*syntax.Ident"}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("visit order\n got: %v\nwant: %v", kinds, want)
	}
}

func TestInspectSkipsChildren(t *testing.T) {
	q, _ := Parse("T | where f(a, b)")
	calls, idents := 0, 0
	Inspect(q, func(n Node) bool {
		switch n.(type) {
		case *CallExpr:
			calls++
			return false
		case *Ident:
			idents++
		}
		return true
	})
	if calls != 1 || idents != 1 {
		t.Errorf("calls=%d idents=%d, want 1 and 1 (the call's arguments are skipped)", calls, idents)
	}
}

// TestSpansNest checks on every accepted test query and every corpus
// query without errors that each node's span lies within its parent's
// and within the text.
func TestSpansNest(t *testing.T) {
	var texts, names []string
	for _, c := range readAcceptCases(t, "testdata/accept.txt") {
		texts = append(texts, c.query)
		names = append(names, fmt.Sprintf("accept.txt:%d", c.line))
	}
	for _, q := range loadCorpus(t) {
		texts = append(texts, q.text)
		names = append(names, q.rec.File)
	}
	for i, text := range texts {
		tree, diags := Parse(text)
		if len(diags) > 0 {
			continue
		}
		if bad := checkSpans(tree, text); bad != "" {
			t.Errorf("%s: %s", names[i], bad)
		}
	}
}

// checkSpans returns a description of the first node whose span is not
// within its parent's, or "".
func checkSpans(root Node, text string) string {
	bad := ""
	var check func(n Node, lo, hi Pos)
	check = func(n Node, lo, hi Pos) {
		if bad != "" {
			return
		}
		if n.Pos() > n.End() || n.Pos() < lo || n.End() > hi {
			bad = fmt.Sprintf("%T [%d,%d) outside its parent [%d,%d): %q", n, n.Pos(), n.End(), lo, hi,
				text[max(0, int(n.Pos())):min(len(text), max(0, int(n.End())))])
			return
		}
		for _, c := range Children(n) {
			check(c, n.Pos(), n.End())
		}
	}
	check(root, 0, Pos(len(text)))
	return bad
}
