package plan

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/quarry-kql/quarry/kql/syntax"
)

func itoa(i int) string { return strconv.Itoa(i) }

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func sortInts(s []int, less func(a, b int) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}

// closestName returns the candidate a misspelt name most likely meant,
// or "" (see syntax.Closest).
func closestName(name string, candidates []string) string {
	return syntax.Closest(name, candidates)
}
