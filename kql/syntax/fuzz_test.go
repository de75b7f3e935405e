package syntax

import (
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that no input makes the parser panic or hang, that every
// error lies within the text, and that a query without errors has nested
// node spans and prints to text that parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, c := range readAcceptCases(f, "testdata/accept.txt") {
		f.Add(c.query)
	}
	for _, c := range readErrorSeeds(f, "testdata/errors.kql") {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var q *Query
		var diags []Diagnostic
		done := make(chan struct{})
		go func() {
			defer close(done)
			q, diags = Parse(text)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse did not finish within 10s on %q", text)
		}
		end := Pos(len(text))
		for _, d := range diags {
			if d.Span.From < 0 || d.Span.To > end || d.Span.From > d.Span.To {
				t.Fatalf("diagnostic %q has span [%d,%d) outside the text of length %d", d.Message, d.Span.From, d.Span.To, end)
			}
			if d.Message == "" || d.Code == "" {
				t.Fatalf("diagnostic without code or message: %+v", d)
			}
		}
		out := Print(q)
		if len(diags) > 0 {
			return
		}
		if bad := checkSpans(q, text); bad != "" {
			t.Fatalf("%s\ninput: %q", bad, text)
		}
		q2, diags2 := Parse(out)
		if len(diags2) > 0 {
			t.Fatalf("printed query does not parse: %v\ninput: %q\nprinted: %q", diags2, text, out)
		}
		if d := treeDiff(q, q2); d != "" {
			t.Fatalf("printed query parses to a different tree at %s\ninput: %q\nprinted: %q", d, text, out)
		}
	})
}

// readErrorSeeds returns the cases of testdata/errors.kql with their
// annotation lines, which are comments, left in.
func readErrorSeeds(f *testing.F, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return strings.Split(string(data), "\n// ----\n")
}
