package syntax

import (
	"fmt"
	"sort"
	"strings"
)

// Code identifies the kind of a syntax diagnostic. Codes are stable:
// tests and tools may match on them.
type Code string

// Syntax diagnostic codes.
const (
	CodeInvalidChar      Code = "KQL1001" // a character that is not part of the language
	CodeUnterminated     Code = "KQL1002" // a string or literal missing its closing quote or parenthesis
	CodeExpected         Code = "KQL1003" // a token, name or expression is missing
	CodeKeywordAsName    Code = "KQL1004" // a keyword used where a name is required
	CodeUnexpected       Code = "KQL1005" // text that cannot continue the query
	CodeMissingSemicolon Code = "KQL1006" // two statements without ';' between them
	CodeUnknownOperator  Code = "KQL1007" // a name after '|' that is not a query operator
	CodeRawGuid          Code = "KQL1008" // a guid written without guid(...)
	CodeTooDeep          Code = "KQL1009" // expressions nested too deeply
	CodeTooMany          Code = "KQL1010" // more errors than MaxDiagnostics
	CodeInvalidEscape    Code = "KQL1011" // a backslash that starts no valid escape sequence
)

// MaxDiagnostics is the number of errors Parse reports before it stops
// listing them. A final diagnostic with CodeTooMany then gives the count
// of the errors left out.
const MaxDiagnostics = 10

// Diagnostic is a syntax error at a span of the query text.
type Diagnostic struct {
	Code    Code
	Span    Span
	Message string // lower case, without position, e.g. "expected ')', found 'where'"
}

// Error returns the message with its byte offset, for use as an error.
func (d Diagnostic) Error() string {
	return fmt.Sprintf("%d: %s", d.Span.From, d.Message)
}

// Format renders d as `file:line:col: error[KQL1003]: message`, followed
// by the source line and carets under the span's first line.
func (d Diagnostic) Format(src *Source) string {
	return FormatSpan(src, d.Span, "error["+string(d.Code)+"]", d.Message)
}

// FormatSpan renders a message about a span of src as
// `file:line:col: label: message`, then the source line and carets under
// the span's part on that line (one caret for an empty span). The binder's
// diagnostics use it too, so every message has the same layout.
func FormatSpan(src *Source, span Span, label, message string) string {
	pos := src.Position(span.From)
	var b strings.Builder
	name := src.Name
	if name == "" {
		name = "query"
	}
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s\n", name, pos.Line, pos.Column, label, message)
	line := src.Line(pos.Line)
	b.WriteString(line)
	b.WriteByte('\n')

	// Copy tabs from the line so the caret lines up in a terminal.
	col := 1
	for _, r := range line {
		if col >= pos.Column {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		col++
	}
	end := src.Position(span.To)
	width := 1
	if end.Line == pos.Line && end.Column > pos.Column {
		width = end.Column - pos.Column
	}
	b.WriteString(strings.Repeat("^", width))
	b.WriteByte('\n')
	return b.String()
}

// FormatDiagnostics renders each diagnostic with Format, in order.
func FormatDiagnostics(src *Source, diags []Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		if d.Code == CodeTooMany {
			pos := src.Position(d.Span.From)
			name := src.Name
			if name == "" {
				name = "query"
			}
			fmt.Fprintf(&b, "%s:%d:%d: error: %s\n", name, pos.Line, pos.Column, d.Message)
			continue
		}
		b.WriteString(d.Format(src))
	}
	return b.String()
}

// diagnostics collects the errors of one parse. result keeps the first
// error on each line and drops the others, which usually follow from the
// first.
type diagnostics struct {
	src  *Source
	list []Diagnostic
}

// maxRawDiagnostics bounds the errors kept while parsing, so that
// hostile input cannot grow the list without limit.
const maxRawDiagnostics = 1000

func (ds *diagnostics) add(code Code, span Span, msg string) {
	if len(ds.list) >= maxRawDiagnostics {
		return
	}
	ds.list = append(ds.list, Diagnostic{Code: code, Span: span, Message: msg})
}

// result returns the errors in text order, one per line, at most
// MaxDiagnostics of them followed by a CodeTooMany entry.
func (ds *diagnostics) result() []Diagnostic {
	if len(ds.list) == 0 {
		return nil
	}
	sort.SliceStable(ds.list, func(i, j int) bool { return ds.list[i].Span.From < ds.list[j].Span.From })
	var out []Diagnostic
	lastLine, dropped := 0, 0
	for _, d := range ds.list {
		line := ds.src.Position(d.Span.From).Line
		if len(out) > 0 && line == lastLine {
			continue
		}
		lastLine = line
		if len(out) >= MaxDiagnostics {
			dropped++
			continue
		}
		out = append(out, d)
	}
	if dropped > 0 {
		last := out[len(out)-1].Span
		out = append(out, Diagnostic{
			Code:    CodeTooMany,
			Span:    Span{last.To, last.To},
			Message: fmt.Sprintf("%d more errors", dropped),
		})
	}
	return out
}
