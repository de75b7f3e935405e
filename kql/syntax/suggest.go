package syntax

import "strings"

// Closest returns the candidate a misspelt name most likely meant, or ""
// when none is close, for "did you mean" hints. A candidate that differs
// from name only in letter case is always close. So is one of four or more
// letters that starts the name or that the name starts, as tolower for
// tolowercase. Otherwise the edit distance, ignoring case, must be at most
// a third of the name's length (at least one), and names shorter than
// three characters get no suggestion, because every short name is a few
// edits from every other.
func Closest(name string, candidates []string) string {
	best, bestDist := "", -1
	lname := strings.ToLower(name)
	limit := max(len(name)/3, 1)
	for _, c := range candidates {
		if c == name {
			continue
		}
		lc := strings.ToLower(c)
		if lc == lname {
			return c
		}
		if min(len(lc), len(lname)) >= 4 && (strings.HasPrefix(lname, lc) || strings.HasPrefix(lc, lname)) {
			if d := abs(len(lc) - len(lname)); bestDist < 0 || d < bestDist {
				best, bestDist = c, d
			}
			continue
		}
		if len(name) < 3 || abs(len(lc)-len(lname)) > limit {
			continue
		}
		if d := editDistance(lname, lc, limit); d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// editDistance returns the Levenshtein distance between a and b in bytes,
// or a value above limit as soon as the distance is known to exceed it.
func editDistance(a, b string, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
