package sema

import (
	"unicode"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// lintNeedle warns when a has-family operator's needle contains no letter
// or digit. Kusto splits text into terms, maximal runs of letters and
// digits, and `has` matches whole terms, so such a needle matches no row
// (an empty needle, which matches every row, is left alone).
func (b *binder) lintNeedle(e *syntax.BinaryExpr, op syntax.BinaryOp, needle syntax.Expr) {
	switch op {
	case syntax.OpHas, syntax.OpHasCS, syntax.OpHasPrefix, syntax.OpHasPrefixCS, syntax.OpHasSuffix, syntax.OpHasSuffixCS:
	default:
		return
	}
	s, ok := stringValue(needle)
	if !ok || s == "" {
		return
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return
		}
	}
	b.warnf(needle, CodeNeedleNeverMatches, "'%s %q' never matches: the needle has no letter or digit, and %s matches whole terms; use contains to search for punctuation", op, s, op)
}

// lintEquality warns about == and != between values that are never equal
// because of their types, such as a number and a string.
func (b *binder) lintEquality(e *syntax.BinaryExpr, lt, rt types.Kind) {
	if lt == rt || lt == types.Unknown || rt == types.Unknown || lt == types.Dynamic || rt == types.Dynamic {
		return
	}
	if lt.IsNumeric() && rt.IsNumeric() {
		return
	}
	result := "false"
	if e.Op != syntax.OpEq {
		result = "true"
	}
	b.warnf(e, CodeAlwaysFalse, "comparing %s with %s is always %s; convert one side, as in tostring(x) or tolong(x)", lt, rt, result)
}
