package sema

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
)

// sharedDir returns the ../shared folder next to the repository root (the
// folder holding go.mod), or skips the test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	return filepath.Dir(filepath.Dir(sharedtest.Dir(t, filepath.Join("corpus", "official.jsonl"))))
}

// referenceCatalog builds the database Microsoft's binder was given for
// the corpus. Each table has the Sentinel columns, then the Defender
// columns whose names the Sentinel table lacks, read from the schema
// files as written, a column name with a stray space included.
func referenceCatalog(t testing.TB, shared string) MapCatalog {
	t.Helper()
	tables := map[string][]types.Column{}
	for _, flavour := range []string{"sentinel_azure_monitor", "defender_xdr"} {
		files, err := filepath.Glob(filepath.Join(shared, "schemas", flavour, "*.tsv"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no schema files for %s: %v", flavour, err)
		}
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			for _, line := range lines[1:] {
				fields := strings.Split(line, "\t")
				if len(fields) < 3 {
					continue
				}
				kind, ok := types.ParseKind(fields[2])
				if !ok {
					t.Fatalf("%s: unknown type %q", f, fields[2])
				}
				cols := tables[fields[0]]
				dup := false
				for _, c := range cols {
					if c.Name == fields[1] {
						dup = true
					}
				}
				if !dup {
					tables[fields[0]] = append(cols, types.Column{Name: fields[1], Type: kind})
				}
			}
		}
	}
	cat := MapCatalog{}
	for name, cols := range tables {
		cat[name] = types.NewSchema(cols, false)
	}
	return cat
}

// TestCombinedMatchesReference checks that schema.Combined() holds the
// tables and columns of the reference database. The one allowed
// difference is a Defender column name written with a leading space in
// the schema files, which schema.Combined() keeps without the space.
func TestCombinedMatchesReference(t *testing.T) {
	shared := sharedDir(t)
	ref := referenceCatalog(t, shared)
	combined := schema.Combined()
	for _, name := range ref.TableNames() {
		want, _ := ref.Table(name)
		got, ok := combined.Lookup(name)
		if !ok {
			t.Errorf("table %s missing from schema.Combined()", name)
			continue
		}
		var wantCols []types.Column
		for _, c := range want.Columns {
			if c.Name != strings.TrimSpace(c.Name) {
				t.Logf("%s: reference column %q has stray spaces; schema.Combined() has it without them", name, c.Name)
				continue
			}
			wantCols = append(wantCols, c)
		}
		if len(got.Columns) != len(wantCols) {
			t.Errorf("%s: %d columns, want %d", name, len(got.Columns), len(wantCols))
			continue
		}
		for i := range wantCols {
			if got.Columns[i] != wantCols[i] {
				t.Errorf("%s: column %d is %s:%s, want %s:%s", name, i, got.Columns[i].Name, got.Columns[i].Type, wantCols[i].Name, wantCols[i].Type)
			}
		}
	}
}

// officialRecord is one line of official.jsonl.
type officialRecord struct {
	File     string `json:"file"`
	Syntax   []officialError
	Semantic []officialError
	Columns  []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"result_columns"`
}

type officialError struct {
	Code    string `json:"code"`
	Offset  int    `json:"offset"`
	Message string `json:"message"`
}

func (r *officialRecord) UnmarshalJSON(data []byte) error {
	type plain officialRecord
	var aux struct {
		plain
		Syntax   []officialError `json:"syntax_errors"`
		Semantic []officialError `json:"semantic_errors"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*r = officialRecord(aux.plain)
	r.Syntax, r.Semantic = aux.Syntax, aux.Semantic
	return nil
}

type corpusQuery struct {
	rec  officialRecord
	text string
}

func loadCorpus(t testing.TB, shared string) []corpusQuery {
	t.Helper()
	f, err := os.Open(filepath.Join(shared, "corpus", "official.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusQuery
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var rec officialRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join(shared, "corpus", rec.File))
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

// corpusFigures are the agreement counts between quarry and Microsoft's
// binder over the corpus.
type corpusFigures struct {
	schemaOK, schemaTotal   int // accepted queries with the same result columns
	recalled, semanticTotal int // Microsoft's semantic errors quarry also reports
	falseErrors, cleanTotal int // queries Microsoft accepts that quarry rejects
}

func measureCorpus(t *testing.T, queries []corpusQuery, cat Catalog, verbose bool) corpusFigures {
	var fig corpusFigures
	for _, q := range queries {
		if len(q.rec.Syntax) > 0 {
			continue
		}
		tree, parseDiags := syntax.Parse(q.text)
		res := Bind(tree, cat, &Options{NoWarnings: true})
		quarryRejects := len(parseDiags) > 0 || res.HasErrors()
		if len(q.rec.Semantic) > 0 {
			fig.semanticTotal++
			if quarryRejects {
				fig.recalled++
			} else if verbose {
				e := q.rec.Semantic[0]
				t.Logf("missed error: %s\n    Microsoft: %s at offset %d: %s", q.rec.File, e.Code, e.Offset, e.Message)
			}
			continue
		}
		fig.cleanTotal++
		if quarryRejects {
			fig.falseErrors++
			if verbose {
				src := syntax.NewSource(q.rec.File, q.text)
				var msg string
				if len(parseDiags) > 0 {
					msg = parseDiags[0].Format(src)
				} else {
					msg = res.Errors()[0].Format(src)
				}
				t.Logf("false error: %s", msg)
			}
		}
		if q.rec.Columns == nil {
			continue
		}
		fig.schemaTotal++
		var want, got []string
		for _, c := range q.rec.Columns {
			want = append(want, c.Name+":"+c.Type)
		}
		if !quarryRejects && res.Schema != nil {
			for _, c := range res.Schema.Columns {
				got = append(got, c.Name+":"+c.Type.String())
			}
		}
		if strings.Join(got, ", ") == strings.Join(want, ", ") {
			fig.schemaOK++
		} else if verbose {
			t.Logf("result schema differs: %s\n    quarry:    %s\n    Microsoft: %s", q.rec.File, strings.Join(got, ", "), strings.Join(want, ", "))
		}
	}
	return fig
}

// TestCorpusAgreement binds every query of the corpus against the
// database Microsoft's binder had and compares the outcome with what that
// binder reported. Run with -v to list every disagreement.
func TestCorpusAgreement(t *testing.T) {
	shared := sharedDir(t)
	queries := loadCorpus(t, shared)
	fig := measureCorpus(t, queries, referenceCatalog(t, shared), testing.Verbose())
	t.Logf("result schema: %d/%d; semantic errors recalled: %d/%d; false errors: %d/%d",
		fig.schemaOK, fig.schemaTotal, fig.recalled, fig.semanticTotal, fig.falseErrors, fig.cleanTotal)
	if fig.schemaTotal == 0 || fig.semanticTotal == 0 {
		t.Fatal("the corpus has no accepted queries or no rejected ones; is official.jsonl complete?")
	}
	if got := float64(fig.schemaOK) / float64(fig.schemaTotal); got < 0.99 {
		t.Errorf("result schema agreement %.1f%% (%d/%d), want at least 99%%", 100*got, fig.schemaOK, fig.schemaTotal)
	}
	if got := float64(fig.recalled) / float64(fig.semanticTotal); got < 0.98 {
		t.Errorf("semantic error recall %.1f%% (%d/%d), want at least 98%%", 100*got, fig.recalled, fig.semanticTotal)
	}
	if fig.falseErrors > fig.cleanTotal/100 {
		t.Errorf("%d false errors on %d queries Microsoft accepts, want at most 1%%", fig.falseErrors, fig.cleanTotal)
	}
}

// TestCorpusWithCombinedSchema measures the same agreement with the
// product's own catalog, schema.Combined(), which lacks the reference
// database's misspelt column.
func TestCorpusWithCombinedSchema(t *testing.T) {
	shared := sharedDir(t)
	fig := measureCorpus(t, loadCorpus(t, shared), SchemaCatalog(schema.Combined()), false)
	t.Logf("with schema.Combined(): result schema %d/%d; semantic errors recalled %d/%d; false errors %d/%d",
		fig.schemaOK, fig.schemaTotal, fig.recalled, fig.semanticTotal, fig.falseErrors, fig.cleanTotal)
	if fig.falseErrors > fig.cleanTotal/100 {
		t.Errorf("%d false errors on %d queries Microsoft accepts, want at most 1%%", fig.falseErrors, fig.cleanTotal)
	}
}
