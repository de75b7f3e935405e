package source

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readAll(r *Reader, inputs ...string) []*Record {
	var recs []*Record
	for rec := range r.Records(inputs...) {
		recs = append(recs, rec)
	}
	return recs
}

func TestGzipDetectedFromContent(t *testing.T) {
	plain := readTestdata(t, "nested.jsonl")
	once := gzipBytes(t, plain)
	twice := gzipBytes(t, once)
	csv := gzipBytes(t, readTestdata(t, "defender.csv"))

	for _, c := range []struct {
		name    string
		data    []byte
		records int
		format  Format
	}{
		{"events.log", once, 4, FormatJSON}, // the name says nothing about the content
		{"events.gz.gz", twice, 4, FormatJSON},
		{"export.bin", csv, 6, FormatCSV},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(Options{})
			recs := readAll(r, writeTemp(t, c.name, c.data))
			sum := r.Summary().Files[0]
			requireNoProblems(t, sum)
			if len(recs) != c.records || sum.Format != c.format || !sum.Compressed {
				t.Errorf("%d records, format %s, compressed %v; want %d, %s, true", len(recs), sum.Format, sum.Compressed, c.records, c.format)
			}
		})
	}
}

func TestDamagedGzip(t *testing.T) {
	plain := readTestdata(t, "flat.jsonl")
	gz := gzipBytes(t, plain)
	cut := gz[:len(gz)-8] // drop the CRC-32 and size trailer

	r := NewReader(Options{})
	recs := readAll(r, writeTemp(t, "cut.json.gz", cut))
	sum := r.Summary().Files[0]
	if len(recs) != 3 {
		t.Errorf("%d records, want all 3: the data itself is whole", len(recs))
	}
	if len(sum.Details) != 1 || sum.Details[0].Reason != ReasonDamagedGzip {
		t.Fatalf("problems = %v, want one damaged gzip", sum.Details)
	}
	if sum.Details[0].Origin.Offset != int64(len(plain)) {
		t.Errorf("damage reported at offset %d, want %d (end of the decompressed data)", sum.Details[0].Origin.Offset, len(plain))
	}
}

func TestGzipHeaderOnly(t *testing.T) {
	r := NewReader(Options{})
	recs := readAll(r, writeTemp(t, "x.gz", []byte{0x1f, 0x8b, 0x08}))
	sum := r.Summary().Files[0]
	if len(recs) != 0 || sum.Problems[ReasonDamagedGzip] != 1 {
		t.Errorf("%d records, problems %v; want 0 and one damaged gzip", len(recs), sum.Problems)
	}
}

func TestFolderSortedRecursive(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b/2.jsonl":       "nested.jsonl",
		"a.jsonl":         "flat.jsonl",
		"c.csv":           "defender.csv",
		"b/1/x.json":      "array.json",
		".hidden/h.jsonl": "flat.jsonl",
		"b/.skip.jsonl":   "flat.jsonl",
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, readTestdata(t, src), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	r := NewReader(Options{})
	recs := readAll(r, dir)
	var got []string
	for _, f := range r.Summary().Files {
		rel, _ := filepath.Rel(dir, f.Path)
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"a.jsonl", "b/1/x.json", "b/2.jsonl", "c.csv"}
	if len(got) != len(want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("file %d = %s, want %s", i, got[i], want[i])
		}
	}
	if len(recs) != 3+2+4+6 {
		t.Errorf("%d records, want 15", len(recs))
	}
	if recs[0].Origin.Path != filepath.Join(dir, "a.jsonl") {
		t.Errorf("first record from %s", recs[0].Origin.Path)
	}
}

func TestStdin(t *testing.T) {
	r := NewReader(Options{Stdin: bytes.NewReader(gzipBytes(t, readTestdata(t, "flat.jsonl")))})
	recs := readAll(r, "-")
	sum := r.Summary().Files[0]
	if len(recs) != 3 || sum.Path != "-" || recs[2].Origin.String() != "-:3" {
		t.Errorf("%d records from %q, last at %s; want 3 from \"-\", last at -:3", len(recs), sum.Path, recs[len(recs)-1].Origin)
	}
}

func TestUTF16WithBOM(t *testing.T) {
	text := readTestdata(t, "flat.jsonl")
	units := utf16.Encode([]rune(string(text)))
	data := []byte{0xff, 0xfe}
	for _, u := range units {
		data = append(data, byte(u), byte(u>>8))
	}
	r := NewReader(Options{})
	recs := readAll(r, writeTemp(t, "ps.json", data))
	sum := r.Summary().Files[0]
	requireNoProblems(t, sum)
	if len(recs) != 3 || !sum.UTF16 || sum.Format != FormatJSON {
		t.Errorf("%d records, utf16 %v, format %s; want 3, true, json", len(recs), sum.UTF16, sum.Format)
	}
}

func TestStopEarly(t *testing.T) {
	r := NewReader(Options{})
	n := 0
	for range r.Records(filepath.Join("testdata", "nested.jsonl"), filepath.Join("testdata", "flat.jsonl")) {
		n++
		if n == 2 {
			break
		}
	}
	files := r.Summary().Files
	if len(files) != 1 || files[0].Records != 2 {
		t.Errorf("summary after break: %d files, %d records; want 1, 2", len(files), files[0].Records)
	}
}

func TestRecordsFS(t *testing.T) {
	fsys := fstest.MapFS{
		"sample/one.jsonl": {Data: readTestdata(t, "flat.jsonl")},
		"sample/two.json":  {Data: readTestdata(t, "array.json")},
	}
	r := NewReader(Options{})
	n := 0
	for range r.RecordsFS(fsys, ".") {
		n++
	}
	if n != 5 || len(r.Summary().Files) != 2 {
		t.Errorf("%d records from %d files, want 5 from 2", n, len(r.Summary().Files))
	}
}

func TestSummaryString(t *testing.T) {
	r := NewReader(Options{})
	readAll(r, filepath.Join("testdata", "bad", "truncated.jsonl"))
	want := filepath.Join("testdata", "bad", "truncated.jsonl") + ": json, 2 records, 2 truncated JSON\n"
	if got := r.Summary().String(); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestCSVWithBOMAndCRLF(t *testing.T) {
	text := "\xef\xbb\xbfTimestamp,DeviceName,ActionType,ProcessCommandLine\r\n" +
		"2026-02-10T00:00:00Z,ws01,ProcessCreated,\"a,b\"\r\n" +
		"2026-02-10T00:00:01Z,ws01,ConnectionSuccess,\r\n"
	r := NewReader(Options{})
	recs := readAll(r, writeTemp(t, "export.txt", []byte(text)))
	sum := r.Summary().Files[0]
	requireNoProblems(t, sum)
	if len(recs) != 2 || sum.Format != FormatCSV {
		t.Fatalf("%d records, format %s; want 2, csv", len(recs), sum.Format)
	}
	if recs[0].Row.Columns[0].Name != "Timestamp" {
		t.Errorf("first column %q, want Timestamp without the byte order mark", recs[0].Row.Columns[0].Name)
	}
	if v, _ := recs[0].Row.Get("ProcessCommandLine"); v != "a,b" {
		t.Errorf("quoted field before CRLF = %q", v)
	}
	if v, _ := recs[1].Row.Get("ProcessCommandLine"); v != "" {
		t.Errorf("empty last field before CRLF = %q", v)
	}
	if recs[1].Origin.Offset != int64(strings.Index(text, "2026-02-10T00:00:01Z")) {
		t.Errorf("second row at offset %d", recs[1].Origin.Offset)
	}
}
