package sema

import "testing"

func TestSuggest(t *testing.T) {
	cases := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"Computr", []string{"Computer", "Account"}, "; did you mean 'Computer'?"},
		{"filename", []string{"FileName", "FolderPath"}, "; did you mean 'FileName'?"},
		{"tolowercase", []string{"tolower", "toupper"}, "; did you mean 'tolower'?"},
		{"count", []string{"count_", "DeviceName"}, "; did you mean 'count_'?"},
		{"xyz", []string{"FileName", "DeviceId"}, ""},
		{"Id", []string{"IP"}, "; did you mean 'IP'?"},
	}
	for _, c := range cases {
		if got := suggest(c.name, c.candidates); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
