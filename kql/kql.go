package kql

import (
	"context"
	"fmt"
	"sort"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/exec"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// Catalog supplies the tables a query may read: their schemas when the
// query is compiled and their rows when it runs.
type Catalog interface {
	TableSchema(name string) ([]types.Column, bool)
	Table(name string) (*column.Table, bool)
}

// Options control a run; see exec.Options. Now fixes the instant now()
// and ago() read; the zero value reads the wall clock once per run.
type Options = exec.Options

// Table is a query result: columns and rows in batches.
type Table = column.Table

// MemoryCatalog is a Catalog of tables held in memory. Table names are
// case-sensitive, as in Kusto.
type MemoryCatalog struct {
	tables map[string]*column.Table
}

// NewCatalog returns an empty MemoryCatalog.
func NewCatalog() *MemoryCatalog {
	return &MemoryCatalog{tables: map[string]*column.Table{}}
}

// Add registers a table under name, replacing any table of that name.
func (c *MemoryCatalog) Add(name string, t *column.Table) {
	c.tables[name] = t
}

// AddSchema registers an empty table with the given columns, so queries
// over it compile and return no rows.
func (c *MemoryCatalog) AddSchema(name string, cols []types.Column) {
	c.tables[name] = &column.Table{Columns: cols}
}

// TableSchema returns the columns of the named table.
func (c *MemoryCatalog) TableSchema(name string) ([]types.Column, bool) {
	t, ok := c.tables[name]
	if !ok {
		return nil, false
	}
	return t.Columns, true
}

// Table returns the named table.
func (c *MemoryCatalog) Table(name string) (*column.Table, bool) {
	t, ok := c.tables[name]
	return t, ok
}

// TableNames returns the table names in sorted order.
func (c *MemoryCatalog) TableNames() []string {
	out := make([]string, 0, len(c.tables))
	for n := range c.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Query is a compiled query, ready to run any number of times.
type Query struct {
	text    string
	root    plan.Node
	catalog Catalog
}

// Error is a compile error at a position of the query text.
type Error struct {
	Line, Column int
	Msg          string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// Compile parses and binds a query against the catalog's schemas. Syntax
// errors, unknown names, type errors and unsupported operators or
// functions are returned as *Error values that give line and column.
func Compile(query string, catalog Catalog) (*Query, error) {
	src := syntax.NewSource("", query)
	tree, diags := syntax.Parse(query)
	if len(diags) > 0 {
		var msgs []string
		var first *Error
		for _, d := range diags {
			p := src.Position(d.Span.From)
			e := &Error{Line: p.Line, Column: p.Column, Msg: d.Message}
			if first == nil {
				first = e
			}
			msgs = append(msgs, e.Error())
		}
		if len(msgs) == 1 {
			return nil, first
		}
		return nil, &Error{Line: first.Line, Column: first.Column, Msg: first.Msg + " (and " + fmt.Sprint(len(msgs)-1) + " more)"}
	}
	root, err := buildPlan(tree, src, catalog)
	if err != nil {
		if pe, ok := err.(*plan.Error); ok {
			return nil, explain(&Error{Line: pe.Line, Column: pe.Column, Msg: pe.Msg}, tree, src, catalog)
		}
		return nil, err
	}
	return &Query{text: query, root: root, catalog: catalog}, nil
}

// Columns returns the result schema.
func (q *Query) Columns() []types.Column { return q.root.Schema() }

// Plan returns the logical plan.
func (q *Query) Plan() plan.Node { return q.root }

// Run executes the query. Results do not depend on Options.BatchSize or
// Options.Parallelism.
func (q *Query) Run(ctx context.Context, opts Options) (*Table, error) {
	return exec.Run(ctx, q.root, q.catalog, opts)
}

// Ordered reports whether the query's result has a defined row order,
// because its last row-shaping operator is sort, top or serialize.
func (q *Query) Ordered() bool {
	n := q.root
	for {
		switch x := n.(type) {
		case *plan.Sort, *plan.Top, *plan.Serialize:
			return true
		case *plan.Project:
			n = x.Input
		case *plan.Filter:
			n = x.Input
		case *plan.Take:
			n = x.Input
		case *plan.Shared:
			n = x.Input
		default:
			return false
		}
	}
}

// buildPlan runs the plan builder, turning a panic inside it into an
// error so that a bad query cannot crash the caller.
func buildPlan(tree *syntax.Query, src *syntax.Source, catalog Catalog) (root plan.Node, err error) {
	defer func() {
		if p := recover(); p != nil {
			root, err = nil, fmt.Errorf("%w: %v", exec.ErrInternal, p)
		}
	}()
	return plan.Build(tree, src, samplingCatalog{catalog}, exec.Functions{})
}

// samplingCatalog lets the plan builder run part of a query while
// compiling it, for bag_unpack and pivot, whose columns are keys and
// values found in the data.
//
// NOTE: the sample runs with the wall clock, so a query whose filter
// depends on now() may see other keys than a later run with another
// clock; keys missing from a run's data give null columns.
type samplingCatalog struct {
	Catalog
}

func (c samplingCatalog) TableNames() []string {
	if lister, ok := c.Catalog.(interface{ TableNames() []string }); ok {
		return lister.TableNames()
	}
	return nil
}

func (c samplingCatalog) BagKeys(n plan.Node, col int) ([]string, []types.Kind, error) {
	return exec.BagKeys(n, col, c.Catalog, exec.Options{})
}

func (c samplingCatalog) DistinctText(n plan.Node, col int) ([]string, error) {
	return exec.DistinctText(n, col, c.Catalog, exec.Options{})
}
