// Package sema is quarry's KQL binder. It resolves the names of a parsed
// query (tables, columns, let names, functions), infers the type of every
// expression and the columns of every tabular operator, and reports
// semantic errors and warnings.
//
// Start with Bind, which takes a tree from syntax.Parse and a Catalog of
// tables, such as SchemaCatalog(schema.Combined()), and returns a Result.
// Result.Schema is the query's result columns and Result.Diagnostics its
// errors and warnings, whose codes codes.go lists.
//
// An executor reads the tree together with Result.Info:
//
//   - Info.Types[e].Kind is the scalar type of expression e, and
//     Info.Types[op].Schema the output columns of operator op or of any
//     tabular expression.
//   - Info.Refs[ident] is the symbol a name resolved to. A *ColumnSymbol
//     gives the column's position in the input of the operator it appears
//     in. A *Let gives the let statement or parameter, and a *TableSymbol
//     the catalog table.
//   - Info.Calls[call] is the function a call invokes: a catalog entry,
//     keyed for implementations by Function.Canonical, with the chosen
//     signature, or a user function.
//   - Info.Columns[item] lists the output columns an item of extend,
//     project, summarize and similar operators produces, generated names
//     such as count_, Column1 and print_0 included.
//
// binder.go holds the driver, statements and scopes; expr.go, operators.go
// and calls.go bind scalar expressions; naming.go gives columns their
// generated names; the ops_*.go files bind the tabular operators, one
// family per file; lint.go adds the warnings; print.go writes the typed
// tree for tests and tools.
package sema

import (
	"github.com/quarry-kql/quarry/kql/funcs"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Type is the type of an expression: a scalar kind or, for a tabular
// expression, a schema.
type Type struct {
	// Kind is the scalar type; types.Unknown for tabular expressions and
	// for expressions whose type could not be inferred.
	Kind types.Kind
	// Schema is the row type of a tabular expression, nil for scalars.
	Schema *types.Schema
}

// IsTabular reports whether the type is a table.
func (t Type) IsTabular() bool { return t.Schema != nil }

// String returns the Kusto name of a scalar type, or "table" followed by
// the columns.
func (t Type) String() string {
	if t.Schema == nil {
		return t.Kind.String()
	}
	return schemaString(t.Schema)
}

func scalar(k types.Kind) Type      { return Type{Kind: k} }
func tabular(s *types.Schema) Type  { return Type{Schema: s} }
func unknownType() Type             { return Type{} }
func (t Type) known() bool          { return t.Kind != types.Unknown || t.Schema != nil }
func (t Type) is(k types.Kind) bool { return t.Schema == nil && t.Kind == k }
func (t Type) scalarOr(k types.Kind) types.Kind {
	if t.Schema != nil || t.Kind == types.Unknown {
		return k
	}
	return t.Kind
}

// Info records what the binder found for each node of a query tree.
type Info struct {
	// Types holds the type of every expression and the output schema of
	// every tabular operator, keyed by node. Operators appear with their
	// output schema; the expressions inside them with their own types.
	Types map[syntax.Expr]Type
	// Refs maps each name reference to the symbol it denotes.
	Refs map[*syntax.Ident]Symbol
	// Calls maps each function call to the function it invokes.
	Calls map[*syntax.CallExpr]*Call
	// Columns lists, for each item of extend, project, summarize, print,
	// distinct, make-series, mv-expand and similar operators, the names of
	// the output columns the item produces, generated names included.
	Columns map[syntax.Expr][]string
}

// TypeOf returns the type recorded for e, or an unknown type.
func (i *Info) TypeOf(e syntax.Expr) Type { return i.Types[e] }

// SchemaOf returns the schema of a tabular expression or operator, or nil.
func (i *Info) SchemaOf(e syntax.Expr) *types.Schema { return i.Types[e].Schema }

// Call is a resolved function call. Exactly one of Builtin and User is
// set.
type Call struct {
	// Builtin is the catalog function, for calls of built-in functions,
	// aggregates and plugins.
	Builtin *funcs.Function
	// Binding gives the chosen signature and argument layout of a builtin
	// call.
	Binding *funcs.Binding
	// User is the let statement that defines a user function.
	User *Let
}

// Result is the outcome of binding a query.
type Result struct {
	Info *Info
	// Diagnostics holds errors and warnings in the order of their
	// position in the text, at most Options.MaxDiagnostics of them.
	Diagnostics []Diagnostic
	// Schema is the schema of the query's result: the last tabular
	// statement's. It is nil when the query has no tabular statement.
	Schema *types.Schema
}

// HasErrors reports whether any diagnostic is an error.
func (r *Result) HasErrors() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the error diagnostics, without warnings.
func (r *Result) Errors() []Diagnostic {
	var out []Diagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the warning diagnostics.
func (r *Result) Warnings() []Diagnostic {
	var out []Diagnostic
	for _, d := range r.Diagnostics {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Options adjusts Bind.
type Options struct {
	// MaxDiagnostics caps the number of diagnostics reported, and 0 means
	// DefaultMaxDiagnostics. A last diagnostic with CodeTooMany counts
	// the ones left out.
	MaxDiagnostics int
	// NoWarnings turns off the warnings of lint.go.
	NoWarnings bool
}

// DefaultMaxDiagnostics is the diagnostic cap when Options leaves it 0.
const DefaultMaxDiagnostics = 20
