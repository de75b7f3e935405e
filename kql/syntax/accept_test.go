package syntax

import (
	"os"
	"strings"
	"testing"
)

// acceptCase is one query of testdata/accept.txt with the verdict of
// Microsoft's parser (package @kusto/language-service-next 12.4.1),
// recorded by running it on each query.
type acceptCase struct {
	line  int
	ok    bool
	query string
}

// readAcceptCases reads a file of queries, each introduced by a line
// "==== ok" or "==== error".
func readAcceptCases(t testing.TB, path string) []acceptCase {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []acceptCase
	var cur *acceptCase
	var body []string
	flush := func() {
		if cur != nil {
			cur.query = strings.Join(body, "\n")
			cases = append(cases, *cur)
		}
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if verdict, found := strings.CutPrefix(line, "==== "); found {
			flush()
			if verdict != "ok" && verdict != "error" {
				t.Fatalf("%s:%d: verdict %q is neither ok nor error", path, i+1, verdict)
			}
			cur = &acceptCase{line: i + 2, ok: verdict == "ok"}
			body = nil
			continue
		}
		body = append(body, line)
	}
	flush()
	return cases
}

// TestAcceptMatchesMicrosoft checks each query of testdata/accept.txt:
// quarry must report a syntax error exactly when Microsoft's parser does.
func TestAcceptMatchesMicrosoft(t *testing.T) {
	cases := readAcceptCases(t, "testdata/accept.txt")
	for _, c := range cases {
		_, diags := Parse(c.query)
		switch {
		case c.ok && len(diags) > 0:
			t.Errorf("accept.txt:%d: Microsoft's parser accepts this query, quarry reports:\n%s",
				c.line, FormatDiagnostics(NewSource("accept.txt", c.query), diags))
		case !c.ok && len(diags) == 0:
			t.Errorf("accept.txt:%d: Microsoft's parser rejects this query, quarry accepts it:\n%s", c.line, c.query)
		}
	}
	t.Logf("%d queries checked", len(cases))
}

// TestKnownGaps pins the queries of testdata/known_gaps.txt, on which
// quarry and Microsoft's parser are known to disagree: control commands,
// whose grammar quarry does not check. When a fix makes quarry agree on
// one of them, the test fails so that the query moves to accept.txt.
func TestKnownGaps(t *testing.T) {
	for _, c := range readAcceptCases(t, "testdata/known_gaps.txt") {
		_, diags := Parse(c.query)
		if c.ok == (len(diags) == 0) {
			t.Errorf("known_gaps.txt:%d: quarry now agrees with Microsoft's parser; move the query to accept.txt:\n%s", c.line, c.query)
		}
	}
}
