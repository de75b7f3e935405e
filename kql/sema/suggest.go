package sema

import "github.com/quarry-kql/quarry/kql/syntax"

// suggest returns "; did you mean 'x'?" for the candidate closest to name
// (see syntax.Closest), or "" when none is close.
func suggest(name string, candidates []string) string {
	if c := syntax.Closest(name, candidates); c != "" {
		return "; did you mean '" + c + "'?"
	}
	return ""
}
