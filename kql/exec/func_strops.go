package exec

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the string operators (=~, has, contains, startswith,
// matches regex and their variants) and the list operators (in, in~,
// has_any, has_all).

// MaxHasAnyValues is the most values has_any and has_all accept.
const MaxHasAnyValues = 10_000

// MaxInValues is the most values in and in~ accept.
const MaxInValues = 1_000_000

// stringPred is a string predicate over a value and a needle. Both are
// folded first when the operator is case-insensitive.
type stringPred func(hay, needle string) bool

func init() {
	preds := map[string]stringPred{
		"==":         func(h, n string) bool { return h == n },
		"has":        column.HasTerm,
		"contains":   strings.Contains,
		"startswith": strings.HasPrefix,
		"endswith":   strings.HasSuffix,
		"hasprefix":  column.HasPrefixTerm,
		"hassuffix":  column.HasSuffixTerm,
	}
	for base, pred := range preds {
		for _, cs := range []bool{false, true} {
			name := base
			if base == "==" {
				if cs {
					continue
				}
				name = "=~"
			} else if cs {
				name += "_cs"
			}
			registerStringOp(name, pred, !cs, false)
			neg := "!" + name
			if name == "=~" {
				neg = "!~"
			}
			registerStringOp(neg, pred, !cs, true)
		}
	}
	register(&scalarDef{name: "matches regex", minArgs: 2, maxArgs: 2, result: fixed(types.Bool),
		prepare: prepareRegexArg(1),
		row: func(c *callEval, args []types.Value) types.Value {
			re := regexFor(c, args[1])
			if re == nil {
				return nil
			}
			return re.MatchString(types.Format(args[0]))
		}})

	register(&scalarDef{name: "in", minArgs: 1, maxArgs: -1, result: fixed(types.Bool), prepare: prepareIn(false),
		row: func(c *callEval, args []types.Value) types.Value { return inList(c, args, false) }})
	register(&scalarDef{name: "in~", minArgs: 1, maxArgs: -1, result: fixed(types.Bool), prepare: prepareIn(true),
		row: func(c *callEval, args []types.Value) types.Value { return inList(c, args, true) }})
	register(&scalarDef{name: "!in", minArgs: 1, maxArgs: -1, result: fixed(types.Bool), prepare: prepareIn(false),
		row: func(c *callEval, args []types.Value) types.Value { return !inList(c, args, false) }})
	register(&scalarDef{name: "!in~", minArgs: 1, maxArgs: -1, result: fixed(types.Bool), prepare: prepareIn(true),
		row: func(c *callEval, args []types.Value) types.Value { return !inList(c, args, true) }})

	register(&scalarDef{name: "has_any", minArgs: 1, maxArgs: -1, result: fixed(types.Bool),
		prepare: prepareHasList(MaxHasAnyValues),
		vec:     hasListVec(false),
		row:     func(c *callEval, args []types.Value) types.Value { return hasList(c, args, false) }})
	register(&scalarDef{name: "has_all", minArgs: 1, maxArgs: -1, result: fixed(types.Bool),
		prepare: prepareHasList(MaxHasAnyValues),
		vec:     hasListVec(true),
		row:     func(c *callEval, args []types.Value) types.Value { return hasList(c, args, true) }})
}

func registerStringOp(name string, pred stringPred, fold, negate bool) {
	isHas := strings.HasPrefix(strings.TrimPrefix(name, "!"), "has") &&
		!strings.Contains(name, "prefix") && !strings.Contains(name, "suffix")
	def := &scalarDef{name: name, minArgs: 2, maxArgs: 2, result: fixed(types.Bool),
		row: func(c *callEval, args []types.Value) types.Value {
			hay, needle := types.Format(args[0]), types.Format(args[1])
			if fold {
				hay, needle = column.Fold(hay), column.Fold(needle)
			}
			return pred(hay, needle) != negate
		},
	}
	if isHas {
		def.vec = func(c *callEval, args []*column.Vector, n int) *column.Vector {
			needle, ok := constant(c.args[1])
			if !ok || args[0].Kind() != types.String {
				return nil
			}
			perCode := c.cachedPerCode(args[0].Dict(), func(d *column.Dict) *column.Vector {
				match := d.MatchHas(types.Format(needle), !fold)
				return boolsFromCodes(match, identityCodes(d.Len()), negate)
			})
			return gatherCodes(perCode, args[0].Codes())
		}
	}
	register(def)
}

// boolsFromCodes maps per-code results to rows.
func boolsFromCodes(match []bool, codes []uint32, negate bool) *column.Vector {
	out := make([]int64, len(codes))
	for i, c := range codes {
		if match[c] != negate {
			out[i] = 1
		}
	}
	return column.NewInts(types.Bool, out, nil)
}

// listItems flattens the list arguments of in, has_any and similar
// operators: dynamic arrays contribute their elements.
func listItems(args []types.Value) []types.Value {
	var out []types.Value
	for _, a := range args {
		if arr, ok := a.([]any); ok {
			out = append(out, arr...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// constList returns the flattened list arguments when all are constant.
func constList(c *callEval) ([]types.Value, bool) {
	vals := make([]types.Value, 0, len(c.args)-1)
	for _, a := range c.args[1:] {
		v, ok := constant(a)
		if !ok {
			return nil, false
		}
		vals = append(vals, v)
	}
	return listItems(vals), true
}

type inSet struct {
	keys map[string]struct{}
}

func inKey(v types.Value, fold bool) string {
	if fold {
		return column.Fold(types.Format(v))
	}
	if x, ok := v.(int32); ok {
		v = int64(x)
	}
	return string(groupKey(nil, v))
}

func prepareIn(fold bool) func(c *callEval) error {
	return func(c *callEval) error {
		items, ok := constList(c)
		if !ok {
			return nil
		}
		if len(items) > MaxInValues {
			return fmt.Errorf("the in operator takes at most %d values, got %d", MaxInValues, len(items))
		}
		set := &inSet{keys: make(map[string]struct{}, len(items))}
		for _, it := range items {
			if it == nil {
				continue
			}
			set.keys[inKey(it, fold)] = struct{}{}
		}
		c.state = set
		return nil
	}
}

func inList(c *callEval, args []types.Value, fold bool) bool {
	x := args[0]
	if x == nil {
		return false
	}
	if set, ok := c.state.(*inSet); ok {
		_, found := set.keys[inKey(x, fold)]
		return found
	}
	for _, it := range listItems(args[1:]) {
		if it == nil {
			continue
		}
		if fold {
			if column.Fold(types.Format(x)) == column.Fold(types.Format(it)) {
				return true
			}
		} else if equalValues(x, it) {
			return true
		}
	}
	return false
}

type hasListState struct {
	needles []string // folded
}

func prepareHasList(max int) func(c *callEval) error {
	return func(c *callEval) error {
		items, ok := constList(c)
		if !ok {
			return nil
		}
		if len(items) > max {
			return fmt.Errorf("%s takes at most %d values, got %d", c.name, max, len(items))
		}
		st := &hasListState{}
		for _, it := range items {
			st.needles = append(st.needles, column.Fold(types.Format(it)))
		}
		c.state = st
		return nil
	}
}

func hasList(c *callEval, args []types.Value, all bool) types.Value {
	hay := column.Fold(types.Format(args[0]))
	var needles []string
	if st, ok := c.state.(*hasListState); ok {
		needles = st.needles
	} else {
		for _, it := range listItems(args[1:]) {
			needles = append(needles, column.Fold(types.Format(it)))
		}
	}
	if len(needles) == 0 {
		return false
	}
	for _, n := range needles {
		m := column.HasTerm(hay, n)
		if all && !m {
			return false
		}
		if !all && m {
			return true
		}
	}
	return all
}

// hasListVec answers has_any and has_all over a string column from its
// dictionary's term index.
func hasListVec(all bool) func(c *callEval, args []*column.Vector, n int) *column.Vector {
	return func(c *callEval, args []*column.Vector, n int) *column.Vector {
		st, ok := c.state.(*hasListState)
		if !ok || args[0].Kind() != types.String || len(st.needles) == 0 {
			return nil
		}
		perCode := c.cachedPerCode(args[0].Dict(), func(dict *column.Dict) *column.Vector {
			acc := make([]bool, dict.Len())
			if all {
				for i := range acc {
					acc[i] = true
				}
			}
			for _, needle := range st.needles {
				m := dict.MatchHas(needle, false)
				for i := range acc {
					if all {
						acc[i] = acc[i] && m[i]
					} else {
						acc[i] = acc[i] || m[i]
					}
				}
			}
			return boolsFromCodes(acc, identityCodes(dict.Len()), false)
		})
		return gatherCodes(perCode, args[0].Codes())
	}
}

func identityCodes(n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i)
	}
	return out
}

// regexCache holds compiled regular expressions by pattern text, shared
// by all queries.
var regexCache sync.Map

// compileRegex compiles an RE2 pattern, caching the result.
func compileRegex(pattern string) (*regexp.Regexp, error) {
	if re, ok := regexCache.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	regexCache.Store(pattern, re)
	return re, nil
}

// prepareRegexArg checks a constant pattern argument at compile time, so
// an invalid regular expression is an error rather than a null per row.
func prepareRegexArg(i int) func(c *callEval) error {
	return func(c *callEval) error {
		if i >= len(c.args) {
			return nil
		}
		p, ok := constant(c.args[i])
		if !ok {
			return nil
		}
		re, err := compileRegex(types.Format(p))
		if err != nil {
			return fmt.Errorf("invalid regular expression %q: %v", types.Format(p), err)
		}
		c.state = re
		return nil
	}
}

// regexFor returns the compiled pattern of a call: the prepared one, or
// the row's pattern value compiled on demand (nil when invalid).
func regexFor(c *callEval, pattern types.Value) *regexp.Regexp {
	if re, ok := c.state.(*regexp.Regexp); ok {
		return re
	}
	re, err := compileRegex(types.Format(pattern))
	if err != nil {
		return nil
	}
	return re
}
