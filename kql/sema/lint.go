package sema

import (
	"unicode"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// The warnings below flag queries that Kusto accepts but that cannot do
// what their author meant.

// termOperators are the operators that match whole terms, and whether
// each is negated.
var termOperators = map[syntax.BinaryOp]bool{
	syntax.OpHas: false, syntax.OpHasCS: false, syntax.OpHasPrefix: false, syntax.OpHasPrefixCS: false,
	syntax.OpHasSuffix: false, syntax.OpHasSuffixCS: false,
	syntax.OpNotHas: true, syntax.OpNotHasCS: true, syntax.OpNotHasPrefix: true, syntax.OpNotHasPrefixCS: true,
	syntax.OpNotHasSuffix: true, syntax.OpNotHasSuffixCS: true,
}

// hasNoTerm reports whether s is a non-empty needle without a letter or
// digit. Kusto splits text into terms, maximal runs of letters and
// digits, and the has family matches whole terms, so such a needle
// matches no value. An empty needle matches every value.
func hasNoTerm(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// lintNeedle warns when a has-family operator's needle has no term.
func (b *binder) lintNeedle(e *syntax.BinaryExpr, op syntax.BinaryOp, needle syntax.Expr) {
	negated, ok := termOperators[op]
	if !ok {
		return
	}
	s, ok := stringValue(needle)
	if !ok || !hasNoTerm(s) {
		return
	}
	outcome := "never matches"
	if negated {
		outcome = "is always true"
	}
	b.warnf(needle, CodeNeedleNeverMatches, "'%s %q' %s: the needle has no letter or digit, and %s compares whole terms; use contains to look for punctuation", op, s, outcome, op)
}

// lintListNeedles warns about has_any and has_all needles without a term.
func (b *binder) lintListNeedles(e *syntax.InExpr) {
	if e.Op != syntax.OpHasAny && e.Op != syntax.OpHasAll {
		return
	}
	for _, item := range e.List {
		if s, ok := stringValue(item); ok && hasNoTerm(s) {
			b.warnf(item, CodeNeedleNeverMatches, "the %s needle %q never matches: it has no letter or digit, and %s compares whole terms", e.Op, s, e.Op)
		}
	}
}

// neverEqual reports whether values of kinds a and b never compare
// equal: a string and a number, bool, datetime or timespan, or a number
// and a datetime or timespan. Dynamic, guid and unknown values are left
// alone, as Kusto may convert them.
func neverEqual(a, b types.Kind) bool {
	scalarish := func(k types.Kind) bool {
		return k.IsNumeric() || k == types.Bool || k == types.DateTime || k == types.TimeSpan
	}
	switch {
	case a == types.String:
		return scalarish(b)
	case b == types.String:
		return scalarish(a)
	case a.IsNumeric():
		return b == types.DateTime || b == types.TimeSpan
	case b.IsNumeric():
		return a == types.DateTime || a == types.TimeSpan
	}
	return false
}

// lintEquality warns about == and != between values that are never
// equal because of their types, such as EventID == Account for an int
// and a string column. A literal that converts to the other side's type
// is compared after conversion, so EventID == "4624" is not warned about,
// but EventID == "x" is.
func (b *binder) lintEquality(e *syntax.BinaryExpr, lt, rt types.Kind) {
	if !neverEqual(lt, rt) || convertsTo(e.X, rt) || convertsTo(e.Y, lt) {
		return
	}
	result := "false"
	if e.Op != syntax.OpEq {
		result = "true"
	}
	b.warnf(e, CodeAlwaysFalse, "comparing %s with %s is always %s; convert one side, as in tostring(x) or toint(x)", lt, rt, result)
}

// lintInList warns when no element of an in or !in list can equal the
// value because of its type, as in EventID in ("x", "y"). Literals that
// convert, as in EventID in ("4624", "4625"), are compared after
// conversion.
func (b *binder) lintInList(e *syntax.InExpr, x types.Kind) {
	switch e.Op {
	case syntax.OpIn, syntax.OpNotIn:
	default:
		return
	}
	if len(e.List) == 0 {
		return
	}
	var elem types.Kind
	for i, item := range e.List {
		t := b.info.Types[item]
		if t.Schema != nil || t.Kind == types.Unknown || (i > 0 && t.Kind != elem) || convertsTo(item, x) {
			return
		}
		elem = t.Kind
	}
	if !neverEqual(x, elem) {
		return
	}
	result := "false"
	if e.Op == syntax.OpNotIn {
		result = "true"
	}
	b.warnf(e, CodeAlwaysFalse, "'%s' compares %s with a list of %s values, so it is always %s; convert one side", e.Op, x, elem, result)
}

// convertsTo reports whether e is a literal that a comparison converts to
// kind k before comparing: a string that spells a value of k, or a number
// or bool compared with a string, which is compared as its text.
func convertsTo(e syntax.Expr, k types.Kind) bool {
	if s, ok := stringValue(e); ok {
		_, ok := types.ParseAs(s, k)
		return ok
	}
	for {
		p, ok := e.(*syntax.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	lit, ok := e.(*syntax.Literal)
	return ok && k == types.String && lit.Value != nil
}
