package source

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lineOffset returns the byte offset where the given 1-based line starts.
func lineOffset(t *testing.T, path string, line int) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for i := 1; i < line; i++ {
		n := bytes.IndexByte(data[off:], '\n')
		if n < 0 {
			t.Fatalf("%s has fewer than %d lines", path, line)
		}
		off += n + 1
	}
	return int64(off)
}

type wantProblem struct {
	line   int
	reason Reason
	kept   bool
}

// checkProblems compares a file's problems with the expected ones, in order,
// including the offset of each problem's line.
func checkProblems(t *testing.T, sum *FileSummary, want []wantProblem) {
	t.Helper()
	if len(sum.Details) != len(want) {
		for _, p := range sum.Details {
			t.Logf("got %s", p)
		}
		t.Fatalf("%d problems, want %d", len(sum.Details), len(want))
	}
	for i, w := range want {
		p := sum.Details[i]
		if p.Origin.Line != w.line || p.Reason != w.reason || p.Kept != w.kept {
			t.Errorf("problem %d = %s (kept %v), want line %d %q (kept %v)", i, p, p.Kept, w.line, w.reason, w.kept)
		}
		if off := lineOffset(t, sum.Path, w.line); p.Origin.Offset != off {
			t.Errorf("problem %d at offset %d, want %d", i, p.Origin.Offset, off)
		}
	}
}

func TestTruncatedJSON(t *testing.T) {
	recs, sum := readFile(t, "bad/truncated.jsonl")
	if len(recs) != 2 || recs[0].Origin.Line != 1 || recs[1].Origin.Line != 3 {
		t.Fatalf("records %d, want 2 from lines 1 and 3", len(recs))
	}
	checkProblems(t, sum, []wantProblem{
		{2, ReasonTruncatedJSON, false},
		{4, ReasonTruncatedJSON, false},
	})
	if sum.Dropped != 2 || sum.Problems[ReasonTruncatedJSON] != 2 {
		t.Errorf("dropped %d, truncated %d; want 2, 2", sum.Dropped, sum.Problems[ReasonTruncatedJSON])
	}
}

func TestInvalidJSON(t *testing.T) {
	recs, sum := readFile(t, "bad/invalid.jsonl")
	if len(recs) != 1 || recs[0].Event.EventID != 4688 {
		t.Fatalf("%d records, want the 4688 event only", len(recs))
	}
	checkProblems(t, sum, []wantProblem{
		{1, ReasonInvalidJSON, false},
		{2, ReasonInvalidJSON, false},
		{4, ReasonUnknownShape, false},
	})
	if !strings.Contains(sum.Details[0].Detail, "invalid character ','") {
		t.Errorf("detail = %q, want the parser's message", sum.Details[0].Detail)
	}
}

func TestWrongTypes(t *testing.T) {
	recs, sum := readFile(t, "bad/wrongtype.jsonl")
	if len(recs) != 1 || recs[0].Origin.Line != 4 {
		t.Fatalf("%d records, want the one from line 4", len(recs))
	}
	if recs[0].Event.Level != 0 {
		t.Errorf("unparsable Level = %d, want 0", recs[0].Event.Level)
	}
	checkProblems(t, sum, []wantProblem{
		{1, ReasonWrongType, false},
		{2, ReasonWrongType, false},
		{3, ReasonWrongType, false},
		{4, ReasonInvalidValue, true},
		{5, ReasonWrongType, false},
	})
	if sum.Dropped != 4 {
		t.Errorf("dropped %d, want 4", sum.Dropped)
	}
}

func TestInvalidUTF8Kept(t *testing.T) {
	recs, sum := readFile(t, "bad/invalid_utf8.jsonl")
	if len(recs) != 2 {
		t.Fatalf("%d records, want 2", len(recs))
	}
	checkProblems(t, sum, []wantProblem{{1, ReasonInvalidUTF8, true}})
	if got, _ := recs[0].Event.Get("CommandLine"); got != "caf\uFFFD \uFFFD end" {
		t.Errorf("CommandLine = %q, want bad bytes replaced", got)
	}
	if sum.Dropped != 0 {
		t.Errorf("dropped %d, want 0", sum.Dropped)
	}
}

func TestBadCSV(t *testing.T) {
	recs, sum := readFile(t, "bad/bad.csv")
	if len(recs) != 1 || recs[0].Origin.Line != 2 {
		t.Fatalf("%d records, want the one from line 2", len(recs))
	}
	checkProblems(t, sum, []wantProblem{
		{3, ReasonInvalidCSV, false},
		{4, ReasonInvalidCSV, false},
	})
}

func TestGarbageFile(t *testing.T) {
	recs, sum := readFile(t, "bad/garbage.bin")
	if len(recs) != 0 || sum.Format != FormatUnknown {
		t.Fatalf("%d records, format %s; want 0, unknown", len(recs), sum.Format)
	}
	if len(sum.Details) != 1 || sum.Details[0].Reason != ReasonUnknownFormat || sum.Details[0].Origin.Offset != 0 {
		t.Errorf("problems = %v, want one unknown format at offset 0", sum.Details)
	}
	if sum.Dropped != 0 {
		t.Errorf("dropped %d, want 0: the file's record count is unknown", sum.Dropped)
	}
}

func TestEmptyFile(t *testing.T) {
	recs, sum := readFile(t, "bad/empty.json")
	if len(recs) != 0 || sum.Format != FormatEmpty || sum.ProblemCount() != 0 {
		t.Errorf("%d records, format %s, %d problems; want 0, empty, 0", len(recs), sum.Format, sum.ProblemCount())
	}
}

func TestMissingInput(t *testing.T) {
	r := NewReader(Options{})
	for range r.Records(filepath.Join("testdata", "no-such-file.json"), filepath.Join("testdata", "flat.jsonl")) {
	}
	files := r.Summary().Files
	if len(files) != 2 {
		t.Fatalf("%d files in summary, want 2", len(files))
	}
	if files[0].Problems[ReasonOpenFailed] != 1 || files[1].Records != 3 {
		t.Errorf("missing file: %v; next file: %d records", files[0].Problems, files[1].Records)
	}
}

// writeTemp writes data into a new file in a test directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFieldTooLarge(t *testing.T) {
	long := strings.Repeat("é", 40) // 80 bytes
	data := fmt.Sprintf(`{"EventID":1,"Channel":"c","Hostname":"h","TimeCreated":"2026-02-10T00:00:00Z","CommandLine":"%s"}`+"\n", long)
	path := writeTemp(t, "long.jsonl", []byte(data))

	r := NewReader(Options{MaxFieldBytes: 31})
	var recs []*Record
	for rec := range r.Records(path) {
		recs = append(recs, rec)
	}
	sum := r.Summary().Files[0]
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	got, _ := recs[0].Event.Get("CommandLine")
	if got != strings.Repeat("é", 15) {
		t.Errorf("CommandLine = %q (%d bytes), want 15 characters cut at a character boundary", got, len(got))
	}
	if len(sum.Details) != 1 || sum.Details[0].Reason != ReasonFieldTooLarge || !sum.Details[0].Kept {
		t.Fatalf("problems = %v, want one kept field too large", sum.Details)
	}
	if !strings.Contains(sum.Details[0].Detail, `"CommandLine"`) {
		t.Errorf("detail %q does not name the field", sum.Details[0].Detail)
	}
}

func TestRecordTooLarge(t *testing.T) {
	good := `{"EventID":1,"Channel":"c","Hostname":"h","TimeCreated":"2026-02-10T00:00:00Z"}`
	huge := fmt.Sprintf(`{"EventID":1,"Channel":"c","Hostname":"h","TimeCreated":"2026-02-10T00:00:00Z","X":"%s"}`, strings.Repeat("a", 5000))
	for _, layout := range []struct{ name, text string }{
		{"lines.jsonl", good + "\n" + huge + "\n" + good + "\n"},
		{"pretty.json", "{\n" + good[1:] + "\n{\n" + huge[1:] + "\n{\n" + good[1:] + "\n"},
	} {
		t.Run(layout.name, func(t *testing.T) {
			path := writeTemp(t, layout.name, []byte(layout.text))
			r := NewReader(Options{MaxRecordBytes: 1024})
			n := 0
			for range r.Records(path) {
				n++
			}
			sum := r.Summary().Files[0]
			if n != 2 {
				t.Errorf("%d records, want 2", n)
			}
			if len(sum.Details) != 1 || sum.Details[0].Reason != ReasonRecordTooLarge || sum.Details[0].Origin.Line != 2 && sum.Details[0].Origin.Line != 3 {
				t.Errorf("problems = %v, want one record too large", sum.Details)
			}
		})
	}
}

func TestOnProblemCallback(t *testing.T) {
	var seen []Problem
	r := NewReader(Options{OnProblem: func(p Problem) { seen = append(seen, p) }})
	for range r.Records(filepath.Join("testdata", "bad", "truncated.jsonl")) {
	}
	if len(seen) != 2 || seen[0].Origin.Path != filepath.Join("testdata", "bad", "truncated.jsonl") {
		t.Errorf("callback saw %v, want 2 problems with the file path", seen)
	}
}

func TestProblemDetailsBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 10; i++ {
		b.WriteString("{\"broken\n")
	}
	path := writeTemp(t, "many.jsonl", []byte(b.String()))
	r := NewReader(Options{MaxProblemDetails: 3})
	for range r.Records(path) {
	}
	sum := r.Summary().Files[0]
	if len(sum.Details) != 3 || sum.Problems[ReasonTruncatedJSON] != 10 {
		t.Errorf("%d details, %d counted; want 3, 10", len(sum.Details), sum.Problems[ReasonTruncatedJSON])
	}
}

func TestTruncatedPrettyRecord(t *testing.T) {
	text := "{\n  \"EventID\": 1,\n  \"Channel\": \"c\",\n  \"Hostname\": \"h\",\n  \"TimeCreated\": \"2026-02-10T00:00:01Z\"\n}\n" +
		"{\n  \"EventID\": 2,\n  \"Channel\": \"c\",\n  \"Data\": {\n" +
		"{\n  \"EventID\": 3,\n  \"Channel\": \"c\",\n  \"Hostname\": \"h\",\n  \"TimeCreated\": \"2026-02-10T00:00:03Z\"\n}\n"
	path := writeTemp(t, "pretty.json", []byte(text))
	r := NewReader(Options{})
	recs := readAll(r, path)
	sum := r.Summary().Files[0]
	if len(recs) != 2 || recs[0].Event.EventID != 1 || recs[1].Event.EventID != 3 || recs[1].Origin.Line != 11 {
		t.Fatalf("%d records, want events 1 and 3, the second from line 11", len(recs))
	}
	checkProblems(t, sum, []wantProblem{{7, ReasonTruncatedJSON, false}})
	if !strings.Contains(sum.Details[0].Detail, "line 11") {
		t.Errorf("detail = %q, want the line where the next record starts", sum.Details[0].Detail)
	}
}
