package plan

import (
	"fmt"
	"sort"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func sortInts(s []int, less func(a, b int) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}
