package sema

import (
	"fmt"
	"sort"

	"github.com/quarry-kql/quarry/kql/syntax"
)

// Severity is the level of a diagnostic: error or warning.
type Severity uint8

// Severities.
const (
	// Error marks a query Kusto rejects.
	Error Severity = iota + 1
	// Warning marks a query Kusto accepts that probably does not do what
	// its author meant.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is a semantic error or warning at a span of the query text.
type Diagnostic struct {
	Code     Code
	Severity Severity
	Span     syntax.Span
	// Message is lower case and has no position, such as
	// "unknown column 'Computr'; did you mean 'Computer'?".
	Message string
}

// Error returns the message with its byte offset, for use as an error.
func (d Diagnostic) Error() string {
	return fmt.Sprintf("%d: %s", d.Span.From, d.Message)
}

// Format renders d as `file:line:col: error[KQL2002]: message`, followed
// by the source line and carets under the span's first line.
func (d Diagnostic) Format(src *syntax.Source) string {
	return syntax.FormatSpan(src, d.Span, fmt.Sprintf("%s[%s]", d.Severity, d.Code), d.Message)
}

// diagnostics collects the binder's diagnostics. It drops a second error
// on the same span, and errors inside a span that already has one, so a
// single mistake is reported once rather than at every expression built
// on it.
type diagnostics struct {
	list    []Diagnostic
	max     int
	dropped int
}

func (ds *diagnostics) add(d Diagnostic) {
	if d.Severity == Error {
		for _, old := range ds.list {
			if old.Severity == Error && old.Span.From <= d.Span.From && d.Span.To <= old.Span.To {
				return
			}
		}
	}
	ds.list = append(ds.list, d)
}

// dropSince removes the diagnostics with the given code added after the
// first mark ones, and reports whether there were any.
func (ds *diagnostics) dropSince(mark int, code Code) bool {
	kept := ds.list[:mark]
	dropped := false
	for _, d := range ds.list[mark:] {
		if d.Code == code {
			dropped = true
			continue
		}
		kept = append(kept, d)
	}
	ds.list = kept
	return dropped
}

// result sorts the diagnostics by position and applies the cap.
func (ds *diagnostics) result() []Diagnostic {
	sort.SliceStable(ds.list, func(i, j int) bool { return ds.list[i].Span.From < ds.list[j].Span.From })
	max := ds.max
	if max <= 0 {
		max = DefaultMaxDiagnostics
	}
	if len(ds.list) <= max {
		return ds.list
	}
	out := append([]Diagnostic(nil), ds.list[:max]...)
	last := ds.list[max]
	out = append(out, Diagnostic{
		Code:     CodeTooMany,
		Severity: last.Severity,
		Span:     last.Span,
		Message:  fmt.Sprintf("diagnostics not shown: %d more", len(ds.list)-max),
	})
	return out
}
