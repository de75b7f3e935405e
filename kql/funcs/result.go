package funcs

import (
	"fmt"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// Result is the rule that gives a signature's result type, written after
// the colon in the catalog notation:
//
//	long                  always that type
//	$p                    the type of the argument passed for parameter p
//	common($a, $b, ...)   the common type of those arguments, or dynamic
//	                      when they have none (iff, case)
//	unify($a, ...)        the common type, or an error when there is none
//	                      (coalesce, max_of)
//	sum($p)               int widened to long, other types kept (sum)
//	avg($p)               real, except decimal, timespan and datetime,
//	                      which are kept (avg)
//	percentile($p)        int widened to long, decimal to real (percentile)
//	widen($p)             int widened to long, other types kept
//	realdec($p)           decimal kept, every other type real
//	typeof($p, T)         the type named by the typeof(...) literal passed
//	                      for p, or T when the argument is absent
//	binder                computed by the binder from context the catalog
//	                      lacks, as for toscalar and column_ifexists
//	table                 a table: the plugin's output, described by its
//	                      PluginOutput
type Result struct {
	text   string
	rule   string
	fixed  types.Kind
	params []int
	def    types.Kind
}

// String returns the rule as written in the catalog.
func (r *Result) String() string { return r.text }

// ByBinder reports whether the binder computes the result type from
// context, such as the column that column_ifexists names.
func (r *Result) ByBinder() bool { return r.rule == "binder" }

// Fixed returns the result type when it does not depend on the arguments.
func (r *Result) Fixed() (types.Kind, bool) {
	return r.fixed, r.rule == ""
}

var resultRules = map[string]bool{
	"common": true, "unify": true, "sum": true, "avg": true, "percentile": true,
	"widen": true, "realdec": true, "typeof": true, "same": true,
}

func parseResult(text string, sig *Signature) (*Result, error) {
	r := &Result{text: text}
	if text == "table" {
		return r, nil
	}
	if text == "binder" {
		r.rule = text
		return r, nil
	}
	if k, ok := types.ParseKind(text); ok {
		r.fixed = k
		return r, nil
	}
	rule, args := "same", text
	if open := strings.IndexByte(text, '('); open > 0 && strings.HasSuffix(text, ")") {
		rule, args = text[:open], text[open+1:len(text)-1]
	}
	if !resultRules[rule] {
		return nil, fmt.Errorf("unknown result rule %q", text)
	}
	r.rule = rule
	for _, a := range strings.Split(args, ",") {
		a = strings.TrimSpace(a)
		if name, ok := strings.CutPrefix(a, "$"); ok {
			found := false
			for i, p := range sig.Params {
				if p.Name == name {
					r.params = append(r.params, i)
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("result %q names unknown parameter %s", text, name)
			}
			continue
		}
		k, ok := types.ParseKind(a)
		if !ok {
			return nil, fmt.Errorf("result %q: unknown type %q", text, a)
		}
		r.def = k
	}
	if len(r.params) == 0 {
		return nil, fmt.Errorf("result %q names no parameter", text)
	}
	return r, nil
}

// apply computes the result type for arguments laid out on parameters. ok
// is false when unify finds no common type.
func (r *Result) apply(args []Arg, layout []int) (k types.Kind, ok bool) {
	if r.rule == "" {
		return r.fixed, true
	}
	var kinds []types.Kind
	var lit types.Kind
	for i, p := range layout {
		for _, want := range r.params {
			if p == want {
				kinds = append(kinds, args[i].Type)
				if args[i].TypeLit != types.Unknown {
					lit = args[i].TypeLit
				}
			}
		}
	}
	first := types.Unknown
	if len(kinds) > 0 {
		first = kinds[0]
	}
	switch r.rule {
	case "same":
		return first, true
	case "common":
		k, ok := CommonType(kinds, true)
		if !ok {
			return types.Dynamic, true
		}
		return k, true
	case "unify":
		return CommonType(kinds, false)
	case "sum", "widen":
		if first == types.Int {
			return types.Long, true
		}
		return first, true
	case "avg":
		switch first {
		case types.Decimal, types.TimeSpan, types.DateTime, types.Unknown:
			return first, true
		}
		return types.Real, true
	case "percentile":
		switch first {
		case types.Int:
			return types.Long, true
		case types.Decimal:
			return types.Real, true
		}
		return first, true
	case "realdec":
		if first == types.Decimal || first == types.Unknown {
			return first, true
		}
		return types.Real, true
	case "typeof":
		if lit != types.Unknown {
			return lit, true
		}
		return r.def, true
	}
	return types.Unknown, true
}

// CommonType returns the type that values of the given kinds all convert
// to: the widest number among numbers (int, long, real, then decimal), or
// the one kind they share. With dynamicYields, dynamic gives way to any
// other known kind, as Kusto's binder does for iff(p, dynamic, 1). Without
// it, dynamic mixes with nothing else, as in coalesce. An unknown kind,
// from an expression that failed to bind or a column of an open schema,
// gives unknown. ok is false when two known kinds have no common type.
func CommonType(kinds []types.Kind, dynamicYields bool) (types.Kind, bool) {
	result := types.Unknown
	sawDynamic := false
	for _, k := range kinds {
		switch {
		case k == types.Unknown:
			// A value of unknown type makes the whole unknown, as in
			// Microsoft's binder.
			return types.Unknown, true
		case k == types.Dynamic && dynamicYields:
			sawDynamic = true
		case result == types.Unknown:
			result = k
		case result == k:
		case result.IsNumeric() && k.IsNumeric():
			result = widerNumber(result, k)
		default:
			return types.Unknown, false
		}
	}
	if result == types.Unknown && sawDynamic {
		return types.Dynamic, true
	}
	return result, true
}

// numberRank orders the numeric kinds from narrowest to widest.
var numberRank = map[types.Kind]int{types.Int: 1, types.Long: 2, types.Real: 3, types.Decimal: 4}

func widerNumber(a, b types.Kind) types.Kind {
	if numberRank[b] > numberRank[a] {
		return b
	}
	return a
}
