package kqltest

import (
	"path/filepath"
	"testing"
)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.kqltest"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripted tests found under testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := LoadScript(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := RunScript(s); err != nil {
				t.Error(err)
			}
		})
	}
}
