// Package sharedtest finds the shared test material that may sit beside a
// checkout of quarry: a folder named "shared" next to the repository root,
// holding recorded telemetry, real queries and Kusto's recorded results.
// Tests that compare quarry with that material skip when it is absent, as
// it is in a user's clone.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns the path of name inside the shared folder, or "" when the
// folder or name is absent. Benchmarks and fuzz seeds use it directly.
func Path(name string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", name)
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// Dir returns the path of name inside the shared folder, or skips the test
// with a message saying what is missing.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	path := Path(name)
	if path == "" {
		tb.Skipf("shared test material %q not found beside the repository; skipping", name)
	}
	return path
}
