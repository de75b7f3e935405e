package kql

import (
	"fmt"
	"sort"

	"github.com/quarry-kql/quarry/kql/sema"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/kql/types"
)

// semaCatalog adapts a Catalog to the binder's view of tables.
type semaCatalog struct{ c Catalog }

func (s semaCatalog) Table(name string) (*types.Schema, bool) {
	cols, ok := s.c.TableSchema(name)
	if !ok {
		return nil, false
	}
	return types.NewSchema(cols, false), true
}

func (s semaCatalog) TableNames() []string {
	lister, ok := s.c.(interface{ TableNames() []string })
	if !ok {
		return nil
	}
	names := append([]string(nil), lister.TableNames()...)
	sort.Strings(names)
	return names
}

// explain improves a planning error with the binder's diagnosis of the same
// spot. The binder applies Kusto's rules and suggests near names ("did you
// mean 'FileName'?"), so its message replaces the planner's when both
// report an error at the same position. The planner still decides whether
// the query is rejected: it also rejects what the engine cannot run,
// which the binder accepts as valid KQL.
func explain(planErr *Error, tree *syntax.Query, src *syntax.Source, catalog Catalog) *Error {
	res := sema.Bind(tree, semaCatalog{catalog}, &sema.Options{NoWarnings: true})
	var errs []sema.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity == sema.Error {
			errs = append(errs, d)
		}
	}
	for _, d := range errs {
		p := src.Position(d.Span.From)
		if p.Line == planErr.Line && p.Column == planErr.Column {
			out := &Error{Line: p.Line, Column: p.Column, Msg: d.Message}
			if len(errs) > 1 {
				out.Msg += fmt.Sprintf(" (and %d more)", len(errs)-1)
			}
			return out
		}
	}
	return planErr
}
