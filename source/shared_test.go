package source

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedTelemetry returns the folder of recorded telemetry kept next to the
// repository, or skips the test when it is absent, as in a user's clone.
func sharedTelemetry(t *testing.T) string {
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
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	telemetry := filepath.Join(dir, "..", "shared", "telemetry")
	if _, err := os.Stat(telemetry); err != nil {
		t.Skipf("recorded telemetry not available at %s: %v", telemetry, err)
	}
	return telemetry
}

func TestSharedTelemetrySummary(t *testing.T) {
	dir := sharedTelemetry(t)
	r := NewReader(Options{})
	n := 0
	for range r.Records(dir) {
		n++
	}
	t.Logf("%d records\n%s", n, r.Summary())
	for _, f := range r.Summary().Files {
		for _, p := range f.Details {
			t.Logf("%s", p)
		}
	}
}
