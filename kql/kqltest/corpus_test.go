package kqltest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
)

// Counts reached over the published detection and hunting queries that
// Microsoft's binder accepts: how many compile, and how many of those
// have the result columns (names and types) that binder reports.
const (
	minCorpusCompiled = 542
	minCorpusSchema   = 517
)

type officialResult struct {
	File           string `json:"file"`
	SyntaxErrors   []any  `json:"syntax_errors"`
	SemanticErrors []any  `json:"semantic_errors"`
	ResultColumns  []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"result_columns"`
}

// corpusCatalog holds every Defender and Sentinel table, empty.
func corpusCatalog() *kql.MemoryCatalog {
	cat := kql.NewCatalog()
	for _, t := range schema.Combined().Tables() {
		cat.AddSchema(t.Name, t.Columns)
	}
	return cat
}

func TestCorpusQueries(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "corpus")
	f, err := os.Open(filepath.Join(dir, "official.jsonl"))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	cat := corpusCatalog()
	reasons := map[string]int{}
	var total, compiled, schemaOK, panics int
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r officialResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.SyntaxErrors) > 0 || len(r.SemanticErrors) > 0 {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, r.File))
		if err != nil {
			continue
		}
		total++
		func() {
			defer func() {
				if p := recover(); p != nil {
					panics++
					t.Errorf("%s: panic: %v", r.File, p)
				}
			}()
			q, err := kql.Compile(string(text), cat)
			if err != nil {
				msg := err.Error()
				if i := strings.Index(msg, ": "); i >= 0 {
					msg = msg[i+2:]
				}
				if i := strings.IndexAny(msg, "'("); i > 0 {
					msg = msg[:i]
				}
				reasons[msg]++
				if os.Getenv("KQLTEST_VERBOSE") == "2" {
					t.Logf("%s: %v", r.File, err)
				}
				return
			}
			compiled++
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := q.Run(ctx, kql.Options{Now: conformanceNow}); err != nil {
				t.Errorf("%s: run over empty tables failed: %v", r.File, err)
			}
			cols := q.Columns()
			mismatch := func() {
				if os.Getenv("KQLTEST_VERBOSE") == "2" {
					t.Logf("%s: columns %s, official %v", r.File, columnList(cols), r.ResultColumns)
				}
			}
			if len(cols) != len(r.ResultColumns) {
				mismatch()
				return
			}
			for i, c := range r.ResultColumns {
				k, _ := types.ParseKind(c.Type)
				if cols[i].Name != c.Name || (k != types.Unknown && cols[i].Type != k && !(k == types.Long && cols[i].Type == types.Int)) {
					mismatch()
					return
				}
			}
			schemaOK++
		}()
	}
	t.Logf("corpus: %d queries, %d compiled, %d with the official result columns, %d panics", total, compiled, schemaOK, panics)
	if os.Getenv("KQLTEST_VERBOSE") != "" {
		type kv struct {
			k string
			v int
		}
		var list []kv
		for k, v := range reasons {
			list = append(list, kv{k, v})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].v > list[j].v })
		for _, e := range list {
			t.Logf("%5d %s", e.v, e.k)
		}
	}
	if compiled < minCorpusCompiled {
		t.Errorf("%d corpus queries compiled, fewer than the %d reached before", compiled, minCorpusCompiled)
	}
	if schemaOK < minCorpusSchema {
		t.Errorf("%d corpus queries have the official result columns, fewer than the %d reached before", schemaOK, minCorpusSchema)
	}
}
