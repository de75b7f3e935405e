package syntax

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// corpusRecord is one line of the corpus results file: a query file and
// the syntax errors Microsoft's parser reported for it.
type corpusRecord struct {
	File         string `json:"file"`
	SyntaxErrors []struct {
		Code    string `json:"code"`
		Offset  int    `json:"offset"`
		Message string `json:"message"`
	} `json:"syntax_errors"`
}

// sharedDir returns the shared test material next to the module root
// (../shared from the directory holding go.mod), or skips the test.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: go.mod not found above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "corpus", "official.jsonl")); err != nil {
		t.Skipf("skipping: the shared corpus is not available at %s", shared)
	}
	return shared
}

type corpusQuery struct {
	rec  corpusRecord
	text string
}

func loadCorpus(t testing.TB) []corpusQuery {
	t.Helper()
	corpus := filepath.Join(sharedDir(t), "corpus")
	f, err := os.Open(filepath.Join(corpus, "official.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec corpusRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("official.jsonl: %v", err)
		}
		text, err := os.ReadFile(filepath.Join(corpus, rec.File))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpusQuery{rec: rec, text: string(text)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// corpusAgreementMin is the number of corpus queries on which quarry and
// Microsoft's parser must agree about whether there is a syntax error. It
// is set at the level reached, so any regression fails the test.
const corpusAgreementMin = 2281

// TestCorpusSyntaxAgreement parses every corpus query and checks that
// quarry reports a syntax error exactly when Microsoft's parser does.
func TestCorpusSyntaxAgreement(t *testing.T) {
	queries := loadCorpus(t)
	agree := 0
	for _, q := range queries {
		_, diags := Parse(q.text)
		want := len(q.rec.SyntaxErrors) > 0
		got := len(diags) > 0
		if want == got {
			agree++
			continue
		}
		src := NewSource(q.rec.File, q.text)
		if got {
			t.Logf("%s: quarry reports an error that Microsoft's parser does not:\n%s", q.rec.File, diags[0].Format(src))
		} else {
			e := q.rec.SyntaxErrors[0]
			pos := src.Position(Pos(utf16ToByteOffset(q.text, e.Offset)))
			t.Logf("%s:%d:%d: Microsoft's parser reports %s %q, quarry reports nothing\n%s",
				q.rec.File, pos.Line, pos.Column, e.Code, e.Message, src.Line(pos.Line))
		}
	}
	t.Logf("syntax agreement: %d of %d queries", agree, len(queries))
	if agree < corpusAgreementMin {
		t.Errorf("syntax agreement %d of %d is below the minimum %d", agree, len(queries), corpusAgreementMin)
	}
}

// utf16ToByteOffset converts an offset in UTF-16 code units, as
// Microsoft's parser reports them, to a byte offset in s.
func utf16ToByteOffset(s string, units int) int {
	n := 0
	for i, r := range s {
		if n >= units {
			return i
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return len(s)
}
