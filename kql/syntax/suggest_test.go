package syntax

import "testing"

func TestClosest(t *testing.T) {
	cases := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"Computr", []string{"Computer", "Account"}, "Computer"},
		{"filename", []string{"FileName", "FolderPath"}, "FileName"},
		{"tolowercase", []string{"tolower", "toupper"}, "tolower"},
		{"count", []string{"count_", "DeviceName"}, "count_"},
		{"summarise", []string{"summarize", "sort", "search"}, "summarize"},
		{"has_anyy", []string{"has_any", "has_all", "has"}, "has_any"},
		{"xyz", []string{"FileName", "DeviceId"}, ""},
		// Every short name is a few edits from every other.
		{"Id", []string{"IP"}, ""},
		{"a", []string{"x"}, ""},
		{"ID", []string{"Id"}, "Id"},
	}
	for _, c := range cases {
		if got := Closest(c.name, c.candidates); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
