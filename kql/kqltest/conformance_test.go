package kqltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/internal/sharedtest"
)

// Pass counts reached so far. The test fails when a change drops below
// them; raise them as the engine improves.
const (
	minOraclePass = 1124
	minDocsPass   = 246
)

// sharedDir finds the shared test material: ../shared next to the
// directory holding go.mod.
func sharedDir(t *testing.T) string {
	t.Helper()
	return filepath.Dir(sharedtest.Dir(t, "conformance"))
}

func runConformance(t *testing.T, file string, min int) {
	path := filepath.Join(sharedDir(t), "conformance", file)
	s, err := RunConformanceFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s (%d unsupported)", file, s, s.Unsupported)
	if os.Getenv("KQLTEST_VERBOSE") != "" {
		for _, f := range s.Failures {
			t.Logf("FAIL %s: %s", f.ID, strings.ReplaceAll(f.Reason, "\n", " "))
		}
	}
	if s.Passed < min {
		t.Errorf("%s: %d cases passed, fewer than the %d reached before", file, s.Passed, min)
	}
}

func TestConformanceOracle(t *testing.T) {
	runConformance(t, "kusto-oracle.jsonl", minOraclePass)
}

func TestConformanceDocs(t *testing.T) {
	runConformance(t, "docs-examples.jsonl", minDocsPass)
}
