package sema

import (
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// binary binds an infix expression. An operand of unknown type, from an
// earlier error or an open schema, is accepted by every operator.
func (b *binder) binary(e *syntax.BinaryExpr) Type {
	if _, ok := e.X.(*syntax.StarExpr); ok {
		// `* has "x"` searches every column.
		b.scalarOf(e.Y)
		return scalar(types.Bool)
	}
	lt, rt := b.scalarOf(e.X), b.scalarOf(e.Y)
	op := e.Op
	switch {
	case op == syntax.OpOr || op == syntax.OpAnd:
		if !b.logical(lt) || !b.logical(rt) {
			b.operandError(e, lt, rt)
		}
		return scalar(types.Bool)
	case op == syntax.OpEq || op == syntax.OpNe || op == syntax.OpLtGt:
		b.lintEquality(e, lt, rt)
		return scalar(types.Bool)
	case op >= syntax.OpLt && op <= syntax.OpGe:
		if !orderedTogether(lt, rt) {
			b.operandError(e, lt, rt)
		}
		return scalar(types.Bool)
	case op >= syntax.OpAdd && op <= syntax.OpMod:
		k, ok := arithmetic(op, lt, rt)
		if !ok {
			b.operandError(e, lt, rt)
			return unknownType()
		}
		return scalar(k)
	case op.Precedence() == syntax.PrecString:
		if op.String() == ":" {
			return scalar(types.Bool)
		}
		if !stringish(lt) || !stringish(rt) {
			b.operandError(e, lt, rt)
		}
		b.lintNeedle(e, op, e.Y)
		return scalar(types.Bool)
	}
	return unknownType()
}

// logical reports whether an operand of and/or may have kind k: bool,
// dynamic, or in a search predicate a string term.
func (b *binder) logical(k types.Kind) bool {
	switch k {
	case types.Bool, types.Dynamic, types.Unknown:
		return true
	case types.String:
		return b.row != nil && b.row.search
	}
	return false
}

func (b *binder) operandError(e *syntax.BinaryExpr, lt, rt types.Kind) {
	b.errorAt(syntax.Span{From: e.OpPos, To: e.OpPos + syntax.Pos(len(e.Op.String()))}, CodeOperandTypes,
		"operator '%s' is not defined for %s and %s", e.Op, lt, rt)
}

func stringish(k types.Kind) bool {
	return k == types.String || k == types.Dynamic || k == types.Unknown
}

// orderedTogether reports whether values of kinds a and b can be compared
// with < and >: numbers with numbers, and otherwise values of one kind
// other than string and guid, which Kusto does not order with these
// operators. Dynamic compares with numbers and dynamic values.
func orderedTogether(a, b types.Kind) bool {
	switch {
	case a == types.Unknown || b == types.Unknown:
		return true
	case a.IsNumeric() && b.IsNumeric():
		return true
	case a == types.Dynamic || b == types.Dynamic:
		other := a
		if a == types.Dynamic {
			other = b
		}
		return other.IsNumeric() || other == types.Dynamic
	case a == b:
		return a != types.Guid && a != types.String
	}
	return false
}

// widen returns long for int, as Kusto widens int results of arithmetic.
func widen(k types.Kind) types.Kind {
	if k == types.Int {
		return types.Long
	}
	return k
}

// arithmetic returns the result type of `a op b` for + - * / %.
func arithmetic(op syntax.BinaryOp, a, b types.Kind) (types.Kind, bool) {
	if a == types.Unknown || b == types.Unknown {
		return types.Unknown, true
	}
	// A dynamic operand takes the other operand's type.
	if a == types.Dynamic && b == types.Dynamic {
		return types.Dynamic, true
	}
	if a == types.Dynamic {
		a = b
		if a == types.String || a == types.Bool || a == types.Guid {
			return types.Unknown, false
		}
	} else if b == types.Dynamic {
		b = a
		if b == types.String || b == types.Bool || b == types.Guid {
			return types.Unknown, false
		}
	}
	if a.IsNumeric() && b.IsNumeric() {
		k := a
		if numberRank[b] > numberRank[a] {
			k = b
		}
		return widen(k), true
	}
	dt, ts := types.DateTime, types.TimeSpan
	switch op {
	case syntax.OpAdd:
		switch {
		case a == dt && (b == ts || b == dt), a == ts && b == dt:
			return dt, true
		case a == ts && b == ts:
			return ts, true
		}
	case syntax.OpSub:
		switch {
		case a == dt && b == dt:
			return ts, true
		case a == dt && b == ts:
			return dt, true
		case a == ts && b == ts:
			return ts, true
		}
	case syntax.OpMul:
		switch {
		case a == ts && (b.IsNumeric() || b == ts), a.IsNumeric() && b == ts:
			return ts, true
		}
	case syntax.OpDiv:
		switch {
		case a == ts && b.IsNumeric():
			return ts, true
		case a == ts && b == ts:
			return types.Real, true
		}
	case syntax.OpMod:
		switch {
		case (a == ts || a == dt) && b == ts:
			return ts, true
		case a == ts && b.IsNumeric():
			return ts, true
		}
	}
	return types.Unknown, false
}

var numberRank = map[types.Kind]int{types.Int: 1, types.Long: 2, types.Real: 3, types.Decimal: 4}

// unary binds `-X` and `+X`.
func (b *binder) unary(e *syntax.UnaryExpr) Type {
	k := b.scalarOf(e.X)
	switch {
	case k == types.Unknown:
		return unknownType()
	case k.IsNumeric():
		return scalar(widen(k))
	case k == types.TimeSpan || k == types.Dynamic:
		return scalar(k)
	}
	b.errorf(e, CodeOperandTypes, "operator '%s' is not defined for %s", e.Op, k)
	return unknownType()
}

// in binds the list operators: in, !in, in~, !in~, has_any and has_all.
func (b *binder) in(e *syntax.InExpr) Type {
	lt := b.scalarOf(e.X)
	for _, item := range e.List {
		t := b.any(item)
		if (e.Op == syntax.OpHasAny || e.Op == syntax.OpHasAll) && t.Schema == nil && !stringish(t.Kind) && !stringish(lt) {
			b.errorf(item, CodeOperandTypes, "operator '%s' is not defined for %s and %s", e.Op, lt, t.Kind)
		}
	}
	if (e.Op == syntax.OpHasAny || e.Op == syntax.OpHasAll) && !stringish(lt) {
		b.errorf(e.X, CodeOperandTypes, "operator '%s' needs a string or dynamic value on its left, found %s", e.Op, lt)
	}
	if b.quiet == 0 {
		b.lintListNeedles(e)
		b.lintInList(e, lt)
	}
	return scalar(types.Bool)
}

// between binds `X between (Lo .. Hi)`.
func (b *binder) between(e *syntax.BetweenExpr) Type {
	x, lo, hi := b.scalarOf(e.X), b.scalarOf(e.Lo), b.scalarOf(e.Hi)
	ok := true
	for _, bound := range []types.Kind{lo, hi} {
		switch {
		case x == types.Unknown || bound == types.Unknown:
		case x.IsNumeric() || x == types.Dynamic:
			ok = ok && (bound.IsNumeric() || bound == types.Dynamic)
		case x == types.DateTime:
			ok = ok && (bound == types.DateTime || bound == types.TimeSpan || bound == types.Dynamic)
		case x == types.TimeSpan:
			ok = ok && (bound == types.TimeSpan || bound == types.Dynamic)
		default:
			ok = false
		}
	}
	if !ok {
		b.errorf(e, CodeOperandTypes, "operator 'between' is not defined for %s, %s and %s", x, lo, hi)
	}
	return scalar(types.Bool)
}
