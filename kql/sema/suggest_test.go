package sema

import "testing"

func TestSuggestFormat(t *testing.T) {
	if got, want := suggest("Computr", []string{"Computer", "Account"}), "; did you mean 'Computer'?"; got != want {
		t.Errorf("suggest = %q, want %q", got, want)
	}
	if got := suggest("xyz", []string{"FileName"}); got != "" {
		t.Errorf("suggest = %q, want no suggestion", got)
	}
}
