// Package plan is the logical plan of a KQL query: a tree of tabular
// operators (Node) over scalar expressions (Expr), with every column
// resolved to an index and every expression typed.
//
// Start with Node and the operator types in node.go. Build translates a
// parsed query into a plan; package exec runs one.
package plan

import (
	"fmt"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// Expr is a typed scalar expression.
type Expr interface {
	// Type returns the expression's result type.
	Type() types.Kind
	String() string
}

// Const is a constant value of a known type.
type Const struct {
	Kind  types.Kind
	Value types.Value
}

// ColumnRef reads column Index of the operator's input.
type ColumnRef struct {
	Index int
	Name  string
	Kind  types.Kind
}

// Call applies a scalar function or operator to its arguments. Name is
// the canonical function name ("tolower", "strcat") or the operator
// spelling ("==", "and", "has", "!in~"). Operators that take a list on
// their right side ("in", "has_any") receive the list as a single
// *Const of kind dynamic holding a []any, or as individual arguments.
type Call struct {
	Name string
	Args []Expr
	Kind types.Kind
}

// Type returns the constant's type.
func (c *Const) Type() types.Kind { return c.Kind }

// Type returns the column's type.
func (c *ColumnRef) Type() types.Kind { return c.Kind }

// Type returns the call's result type.
func (c *Call) Type() types.Kind { return c.Kind }

func (c *Const) String() string {
	if c.Value == nil {
		return fmt.Sprintf("%s(null)", c.Kind)
	}
	if c.Kind == types.String {
		return fmt.Sprintf("%q", c.Value)
	}
	return fmt.Sprintf("%s(%s)", c.Kind, types.Format(c.Value))
}

func (c *ColumnRef) String() string { return fmt.Sprintf("%s#%d", c.Name, c.Index) }

func (c *Call) String() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.String()
	}
	return fmt.Sprintf("%s(%s)", c.Name, strings.Join(args, ", "))
}

// NewCall returns a call of the named function or operator.
func NewCall(name string, kind types.Kind, args ...Expr) *Call {
	return &Call{Name: name, Args: args, Kind: kind}
}

// NewConst returns a constant of kind k.
func NewConst(k types.Kind, v types.Value) *Const { return &Const{Kind: k, Value: v} }

// Col returns a reference to column i of cols.
func Col(cols []types.Column, i int) *ColumnRef {
	return &ColumnRef{Index: i, Name: cols[i].Name, Kind: cols[i].Type}
}

// AggCall is an aggregation inside summarize: a function such as count,
// sum or arg_max with its argument expressions over the input rows.
// Kind is the type of the first output column. Aggregations with several
// outputs (arg_max) list their extra outputs in Extra.
type AggCall struct {
	Name  string
	Args  []Expr
	Kind  types.Kind
	Extra []Expr // arg_max/arg_min: the columns returned with the extreme row
}

func (a *AggCall) String() string {
	args := make([]string, len(a.Args))
	for i, x := range a.Args {
		args[i] = x.String()
	}
	return fmt.Sprintf("%s(%s)", a.Name, strings.Join(args, ", "))
}

// Subquery is a tabular expression used as a scalar: toscalar(T) gives
// the first column of the first row (List unset), and the right side of
// `in (T)` gives the first column of every row as a dynamic array (List
// set). The executor runs Input once per query.
type Subquery struct {
	Input Node
	Kind  types.Kind
	List  bool
}

// Type returns the subquery's scalar type.
func (s *Subquery) Type() types.Kind { return s.Kind }

func (s *Subquery) String() string { return fmt.Sprintf("subquery(%T)", s.Input) }
