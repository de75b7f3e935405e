package exec

import (
	"fmt"
	"sort"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// rowFunc computes one result from one row's argument values. Arguments
// arrive as the Go types of their declared kinds (see types.Value); nil
// is null.
type rowFunc func(c *callEval, args []types.Value) types.Value

// scalarDef is the implementation of one scalar function or operator.
type scalarDef struct {
	name             string
	minArgs, maxArgs int // maxArgs -1 means any number
	// result computes the result type from the argument types, or an
	// error when the arguments do not fit.
	result func(args []types.Kind) (types.Kind, error)
	row    rowFunc
	// vec, when set, is tried first; it returns nil to fall back to the
	// row-by-row path.
	vec func(c *callEval, args []*column.Vector, n int) *column.Vector
	// prepare runs once per call site, after the arguments are compiled.
	prepare func(c *callEval) error
	// impure marks functions whose result varies between calls with the
	// same arguments (rand, new_guid).
	impure bool
	// window marks functions that read other rows (row_number, prev).
	window bool
}

var scalarFuncs = map[string]*scalarDef{}

func register(defs ...*scalarDef) {
	for _, d := range defs {
		if _, dup := scalarFuncs[d.name]; dup {
			panic("exec: function registered twice: " + d.name)
		}
		scalarFuncs[d.name] = d
	}
}

// alias makes name call the implementation of target.
func alias(name, target string) {
	d, ok := scalarFuncs[target]
	if !ok {
		panic("exec: alias of unknown function " + target)
	}
	scalarFuncs[name] = d
}

// fixed returns a result rule that always gives k.
func fixed(k types.Kind) func([]types.Kind) (types.Kind, error) {
	return func([]types.Kind) (types.Kind, error) { return k, nil }
}

// argKind returns a result rule that gives the type of argument i.
func argKind(i int) func([]types.Kind) (types.Kind, error) {
	return func(a []types.Kind) (types.Kind, error) {
		if i < len(a) {
			return a[i], nil
		}
		return types.Unknown, fmt.Errorf("missing argument %d", i+1)
	}
}

// ScalarType returns the result type of the named scalar function or
// operator applied to arguments of the given types. It fails when the
// engine does not implement the function or the argument count is
// wrong.
func ScalarType(name string, args []types.Kind) (types.Kind, error) {
	d, ok := scalarFuncs[name]
	if !ok {
		return types.Unknown, fmt.Errorf("function %s is not supported", name)
	}
	if len(args) < d.minArgs || (d.maxArgs >= 0 && len(args) > d.maxArgs) {
		return types.Unknown, fmt.Errorf("function %s takes %s, not %d", name, arity(d), len(args))
	}
	return d.result(args)
}

// HasScalar reports whether the named scalar function is implemented.
func HasScalar(name string) bool {
	_, ok := scalarFuncs[name]
	return ok
}

// ScalarNames returns the names of the implemented scalar functions and
// operators, sorted.
func ScalarNames() []string {
	out := make([]string, 0, len(scalarFuncs))
	for n := range scalarFuncs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// IsPure reports whether the named function returns the same result for
// the same arguments.
func IsPure(name string) bool {
	d, ok := scalarFuncs[name]
	return ok && !d.impure
}

func arity(d *scalarDef) string {
	switch {
	case d.maxArgs < 0:
		return fmt.Sprintf("at least %d arguments", d.minArgs)
	case d.minArgs == d.maxArgs:
		return fmt.Sprintf("%d arguments", d.minArgs)
	default:
		return fmt.Sprintf("%d to %d arguments", d.minArgs, d.maxArgs)
	}
}

// Functions implements plan.Functions over the executor's registry.
type Functions struct{}

// ScalarType returns the result type of a scalar function or operator.
func (Functions) ScalarType(name string, args []types.Kind) (types.Kind, error) {
	return ScalarType(name, args)
}

// AggregateType returns the result type of an aggregation.
func (Functions) AggregateType(name string, args []types.Kind) (types.Kind, error) {
	return AggregateType(name, args)
}

// HasScalar reports whether a scalar function is implemented.
func (Functions) HasScalar(name string) bool { return HasScalar(name) }

// HasAggregate reports whether an aggregation is implemented.
func (Functions) HasAggregate(name string) bool { return HasAggregate(name) }
