package funcs

import "strconv"

// Naming is the rule by which a call names the column it produces when
// the query does not name it, as in `extend tostring(x)` or
// `summarize count()`.
type Naming uint8

// The naming rules. "The argument's name" is the name an expression would
// give a column on its own: a column reference gives its name, `d.a` and
// `d["a"]` give "d_a", and most other expressions give none.
const (
	// NameNone leaves the column unnamed, so the operator numbers it:
	// Column1, Column2... (print_0, print_1... in print).
	NameNone Naming = iota + 1
	// NameFirstArg uses the first argument's name: tostring(x) gives x,
	// bin(t, 1h) gives t. With an unnamed argument the column is unnamed.
	NameFirstArg
	// NamePrefixArg joins Prefix and the first argument's name with an
	// underscore: sum(x) gives sum_x, make_set(x) gives set_x, strlen(s)
	// gives strlen_s. An unnamed argument gives the prefix and the
	// underscore alone: count() gives count_.
	NamePrefixArg
	// NameEachArg gives one column per argument, named after it:
	// take_any(a, b) gives a and b. An unnamed argument i gives
	// Prefix_argi, as any_arg0.
	NameEachArg
	// NamePrefixEachArg gives one column per argument, named Prefix_name:
	// any(a, b) gives any_a and any_b.
	NamePrefixEachArg
	// NameArgExtremum is arg_max and arg_min: the first argument's column,
	// then one column per further argument (a `*` stands for all input
	// columns). An unnamed further argument i gives Prefix_first_argi.
	NameArgExtremum
	// NameArgExtremumOld is the deprecated argmax and argmin: Prefix_first
	// for the first argument, then Prefix_first_name for each further one.
	NameArgExtremumOld
	// NamePercentiles gives one column per percentile value:
	// percentiles(x, 50, 95) gives percentile_x_50 and percentile_x_95.
	NamePercentiles
	// NameFixed always uses Prefix: hll_merge gives hll_merged_result.
	NameFixed
	// NameArgSuffix joins the first argument's name and Prefix with an
	// underscore: array_sort_asc(d) gives d_sorted.
	NameArgSuffix
)

// ColumnName applies a single-column naming rule to the name of the
// call's first argument ("" when the argument has no name or there is no
// argument). It returns "" when the column is left unnamed. The binder
// applies the multi-column rules (NameEachArg and those after it),
// because they depend on the input columns, and for them ColumnName
// returns the name of the first column.
func (f *Function) ColumnName(firstArg string) string {
	switch f.Naming {
	case NameFirstArg, NameEachArg, NameArgExtremum:
		return firstArg
	case NamePrefixArg, NamePrefixEachArg, NameArgExtremumOld, NamePercentiles:
		return f.Prefix + "_" + firstArg
	case NameFixed:
		return f.Prefix
	case NameArgSuffix:
		return firstArg + "_" + f.Prefix
	}
	return ""
}

// UnnamedArgName is the name NameEachArg and NameArgExtremum give to the
// column of an unnamed argument at index i: "any_arg0" for take_any, or
// "max_x_arg1" for arg_max(x, ...), where first is the first argument's
// name.
func (f *Function) UnnamedArgName(first string, i int) string {
	if f.Naming == NameArgExtremum {
		return f.Prefix + "_" + first + "_arg" + strconv.Itoa(i)
	}
	return f.Prefix + "_arg" + strconv.Itoa(i)
}
