package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/sema"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/rules"
	"github.com/quarry-kql/quarry/schema"
)

// codeNotRunnable marks a valid query that quarry's engine cannot run,
// such as one that calls an unimplemented function. It is a warning: the
// query is valid KQL, and Sentinel would run it.
const codeNotRunnable sema.Code = "KQL2601"

// engineCatalog returns empty tables with the set's schemas, enough for
// the engine to compile a query against.
func engineCatalog(set *schema.Set) *kql.MemoryCatalog {
	cat := kql.NewCatalog()
	for _, t := range set.Tables() {
		cat.AddSchema(t.Name, t.Columns)
	}
	return cat
}

// checkRunnable adds a warning when the engine rejects a query the binder
// accepted, so check does not promise what detect and query then refuse.
func (c *checked) checkRunnable(cat *kql.MemoryCatalog) {
	if c.hasErrors() {
		return
	}
	_, err := kql.Compile(c.src.Text, cat)
	var ke *kql.Error
	if err == nil || !errors.As(err, &ke) {
		return
	}
	from := offsetOf(c.src, ke.Line, ke.Column)
	c.result.Diagnostics = append(c.result.Diagnostics, sema.Diagnostic{
		Code:     codeNotRunnable,
		Severity: sema.Warning,
		Span:     syntax.Span{From: from, To: from},
		Message:  "valid KQL, but quarry cannot run it: " + ke.Msg,
	})
	sort.SliceStable(c.result.Diagnostics, func(i, j int) bool {
		return c.result.Diagnostics[i].Span.From < c.result.Diagnostics[j].Span.From
	})
}

// offsetOf converts a line and a column in characters, both counted from
// 1, to a byte offset of the source.
func offsetOf(src *syntax.Source, line, col int) syntax.Pos {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(src.Text[off:], '\n')
		if i < 0 {
			return syntax.Pos(len(src.Text))
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(src.Text) && src.Text[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(src.Text[off:])
		off += size
	}
	return syntax.Pos(off)
}

// isRuleFile reports whether a path names a rule in YAML.
func isRuleFile(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml")
}

// ruleQueryText returns the query of a rule file laid out as it appears in
// the file. Every line before the query is blanked to spaces of the same
// length, and the query's lines keep their indentation, so the lines,
// columns and byte offsets of diagnostics are those of the YAML file. A
// query that is not written as a literal block (query: |) is returned as
// it is, with positions relative to its own text, and blockStyle false.
func ruleQueryText(path string, data []byte) (text string, blockStyle bool, err error) {
	r, err := rules.Parse(data, path)
	if err != nil {
		return "", false, err
	}
	fileLines := strings.Split(string(data), "\n")
	queryLines := strings.Split(strings.TrimRight(r.Query, "\n"), "\n")
	start := r.QueryLine - 1
	if start < 0 || start+len(queryLines) > len(fileLines) {
		return r.Query, false, nil
	}
	for i, q := range queryLines {
		if strings.TrimSpace(strings.TrimRight(fileLines[start+i], "\r")) != strings.TrimSpace(q) {
			return r.Query, false, nil
		}
	}
	var b strings.Builder
	for i := 0; i < start; i++ {
		b.WriteString(strings.Repeat(" ", len(fileLines[i])))
		b.WriteByte('\n')
	}
	for i := range queryLines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRight(fileLines[start+i], "\r"))
	}
	return b.String(), true, nil
}

// readRuleForCheck reads a rule file for check: its query text laid out
// as in the file, named after the file, or named "file (query)" when the
// positions are relative to the query.
func readRuleForCheck(path string, data []byte) (name, text string, err error) {
	text, block, err := ruleQueryText(path, data)
	if err != nil {
		return "", "", fmt.Errorf("%w", err)
	}
	if !block {
		return path + " (query)", text, nil
	}
	return path, text, nil
}
