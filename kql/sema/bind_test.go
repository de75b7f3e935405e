package sema

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/bind")

// testCatalog is the small database the golden tests bind against.
func testCatalog() MapCatalog {
	col := func(name string, k types.Kind) types.Column { return types.Column{Name: name, Type: k} }
	return MapCatalog{
		"Events": types.NewSchema([]types.Column{
			col("Timestamp", types.DateTime), col("Computer", types.String), col("EventID", types.Int),
			col("Account", types.String), col("Details", types.Dynamic), col("Count", types.Long),
		}, false),
		"Procs": types.NewSchema([]types.Column{
			col("Timestamp", types.DateTime), col("Computer", types.String), col("Account", types.String),
			col("FileName", types.String), col("CommandLine", types.String), col("Details", types.Dynamic),
			col("Extra", types.Dynamic),
		}, false),
	}
}

// TestBindGolden binds each query in testdata/bind and compares the typed
// tree, the result schema and the diagnostics with the .golden file next
// to it. Run `go test -run TestBindGolden -update` to rewrite them.
func TestBindGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "bind", "*.kql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test queries: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".kql")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := bindReport(t, filepath.Base(file), string(text))
			golden := strings.TrimSuffix(file, ".kql") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("binding %s differs from %s; run with -update and review the diff.\ngot:\n%s", file, golden, got)
			}
		})
	}
}

// bindReport renders the typed tree, the result schema and the
// diagnostics of one query.
func bindReport(t *testing.T, name, text string) []byte {
	t.Helper()
	q, parseDiags := syntax.Parse(text)
	if len(parseDiags) > 0 {
		t.Fatalf("syntax errors: %v", parseDiags)
	}
	res := Bind(q, testCatalog(), nil)
	var buf bytes.Buffer
	if err := Print(&buf, q, res.Info); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("\n-- result --\n")
	if res.Schema != nil {
		buf.WriteString(schemaString(res.Schema))
	}
	buf.WriteString("\n\n-- diagnostics --\n")
	src := syntax.NewSource(name, text)
	for _, d := range res.Diagnostics {
		buf.WriteString(d.Format(src))
	}
	return buf.Bytes()
}

// TestBindConcurrent binds queries against one catalog from several
// goroutines; run it with -race to check that binding shares no state.
func TestBindConcurrent(t *testing.T) {
	cat := SchemaCatalog(schema.Combined())
	text := `DeviceProcessEvents | where FileName =~ "sc.exe" | summarize count() by DeviceName, bin(Timestamp, 1h)`
	done := make(chan []string)
	for i := 0; i < 8; i++ {
		go func() {
			q, _ := syntax.Parse(text)
			res := Bind(q, cat, nil)
			done <- res.Schema.Names()
		}()
	}
	for i := 0; i < 8; i++ {
		if got := strings.Join(<-done, ","); got != "DeviceName,Timestamp,count_" {
			t.Errorf("result columns %s, want DeviceName,Timestamp,count_", got)
		}
	}
}
