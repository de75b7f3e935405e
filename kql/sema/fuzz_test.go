package sema

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/schema"
)

// FuzzBind checks that binding never panics, whatever the parser makes
// of the text.
func FuzzBind(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bind", "*.kql"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("let f = (x: long) { f(x) }; print f(1)")
	f.Add("union isfuzzy=true (Nope | where a > 1), (print a = 1) | extend b = a")
	cat := SchemaCatalog(schema.Combined())
	f.Fuzz(func(t *testing.T, text string) {
		q, _ := syntax.Parse(text)
		res := Bind(q, cat, nil)
		if len(res.Diagnostics) > DefaultMaxDiagnostics+1 {
			t.Errorf("%d diagnostics, more than the cap of %d plus the summary", len(res.Diagnostics), DefaultMaxDiagnostics)
		}
	})
}
