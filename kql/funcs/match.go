package funcs

import (
	"fmt"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// Arg describes one argument of a call, as far as the binder has typed it.
type Arg struct {
	// Type is the argument's scalar type, or types.Unknown when it is not
	// known (after an error) or the argument is not scalar.
	Type types.Kind
	// Tabular is set for a tabular expression.
	Tabular bool
	// Star is set for a lone `*`.
	Star bool
	// TypeLit is the type a typeof(...) literal names; types.Unknown for
	// any other argument.
	TypeLit types.Kind
	// Const is set when the argument is a constant expression.
	Const bool
	// Literal is set when the argument is a literal.
	Literal bool
	// Text is the value of a string literal argument.
	Text string
	// NotArray is set for a dynamic value known not to be an array, such
	// as the literal dynamic({"a": 1}), which an array parameter rejects.
	NotArray bool
}

// Problem is the reason an argument does not fit its parameter.
type Problem uint8

// Argument problems.
const (
	// WrongType means the argument's type is not among the accepted ones.
	WrongType Problem = iota + 1
	// NotConstant means the parameter requires a constant.
	NotConstant
	// NotLiteral means the parameter requires a literal.
	NotLiteral
	// NotAllowedValue means the literal is not one of the parameter's
	// Values.
	NotAllowedValue
)

// ArgError is one argument that does not fit its parameter.
type ArgError struct {
	Arg     int
	Param   *Param
	Problem Problem
}

// Binding is the outcome of matching a call's arguments to a function.
type Binding struct {
	// Signature is the signature chosen, or nil when no signature takes
	// that many arguments.
	Signature *Signature
	// Params gives, for each argument, the index of its parameter in
	// Signature.Params.
	Params []int
	// Result is the call's result type; types.Unknown when it cannot be
	// computed.
	Result types.Kind
	// Errors lists the arguments that do not fit; empty when the call is
	// valid.
	Errors []ArgError
	// NoCommonType is set when a unify rule found arguments without a
	// common type, as in coalesce(1, "a").
	NoCommonType bool
}

// OK reports whether the call is valid.
func (b *Binding) OK() bool {
	return b.Signature != nil && len(b.Errors) == 0 && !b.NoCommonType
}

// Param returns the parameter that argument i is passed for, or nil.
func (b *Binding) Param(i int) *Param {
	if b.Signature == nil || i >= len(b.Params) {
		return nil
	}
	return &b.Signature.Params[b.Params[i]]
}

// ArityMessage describes how many arguments the function takes, for an
// error about a call with the wrong number: "expects 2 arguments",
// "expects between 1 and 3 arguments" or "expects at least 2 arguments".
func (f *Function) ArityMessage() string {
	min, max := f.MinArgs(), f.MaxArgs()
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return fmt.Sprintf("%d arguments", n)
	}
	switch {
	case max < 0:
		return "expects at least " + plural(min)
	case min == max:
		return "expects " + plural(min)
	}
	return fmt.Sprintf("expects between %d and %d arguments", min, max)
}

// Match chooses the signature that fits args best and computes the result
// type. A signature that fits every argument wins; otherwise the one with
// the fewest misfits is reported with its errors. When no signature takes
// len(args) arguments, Signature is nil.
func (f *Function) Match(args []Arg) *Binding {
	var best *Binding
	for _, sig := range f.Signatures {
		layout := sig.Layout(len(args))
		if layout == nil {
			continue
		}
		b := &Binding{Signature: sig, Params: layout}
		for i, pi := range layout {
			p := &sig.Params[pi]
			if prob := check(args[i], p); prob != 0 {
				b.Errors = append(b.Errors, ArgError{Arg: i, Param: p, Problem: prob})
			}
		}
		if len(b.Errors) == 0 {
			k, ok := sig.Result.apply(args, layout)
			b.Result = k
			b.NoCommonType = !ok
			if f.ambiguous(args, sig, k) {
				b.Result = types.Unknown
			}
			return b
		}
		if best == nil || len(b.Errors) < len(best.Errors) {
			best = b
		}
	}
	if best == nil {
		return &Binding{}
	}
	if k, ok := best.Signature.Result.Fixed(); ok {
		best.Result = k
	}
	return best
}

// ambiguous reports whether arguments of unknown type would also fit a
// later signature with a different result than k, so the result type is
// unknown, as bin(x, 1h) is when x's type is unknown.
func (f *Function) ambiguous(args []Arg, chosen *Signature, k types.Kind) bool {
	unknown := false
	for _, a := range args {
		if a.Type == types.Unknown && !a.Star && !a.Tabular && a.TypeLit == types.Unknown {
			unknown = true
		}
	}
	if !unknown {
		return false
	}
	after := false
	for _, sig := range f.Signatures {
		if sig == chosen {
			after = true
			continue
		}
		if !after {
			continue
		}
		layout := sig.Layout(len(args))
		if layout == nil {
			continue
		}
		fits := true
		for i, pi := range layout {
			if check(args[i], &sig.Params[pi]) != 0 {
				fits = false
				break
			}
		}
		if !fits {
			continue
		}
		if other, ok := sig.Result.apply(args, layout); ok && other != k {
			return true
		}
	}
	return false
}

func check(a Arg, p *Param) Problem {
	switch {
	case a.Star:
		if p.Types&Star == 0 {
			return WrongType
		}
		return 0
	case a.Tabular:
		if p.Types&Tabular == 0 {
			return WrongType
		}
		return 0
	case a.TypeLit != types.Unknown:
		if p.Types&TypeLiteral == 0 {
			return WrongType
		}
		return 0
	}
	if p.Types&AnyScalar == 0 && a.Type != types.Unknown {
		return WrongType
	}
	if a.Type != types.Unknown && !p.Types.Has(a.Type) {
		return WrongType
	}
	if a.NotArray && p.TypeText == "array" {
		return WrongType
	}
	if p.Literal && !a.Literal && a.Type != types.Unknown {
		return NotLiteral
	}
	if p.Const && !a.Const {
		return NotConstant
	}
	if len(p.Values) > 0 && a.Literal {
		for _, v := range p.Values {
			if strings.EqualFold(v, a.Text) {
				return 0
			}
		}
		return NotAllowedValue
	}
	return 0
}
