package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/sema"
	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/schema"
)

func init() {
	register("check", "report syntax and semantic errors in KQL files", runCheck)
}

const checkSynopsis = `quarry check [--json] [--tables combined|defender|sentinel] [--schema PATH]... [--no-warnings] FILE...

Parses and binds each KQL file against the built-in Defender and Sentinel
tables, and prints its errors and warnings with the line they are on. A
.yaml or .yml file is read as a rule and its query checked, with positions
in the rule file. A folder stands for the .kql, .yaml and .yml files under
it, and - for standard input. A valid query that quarry's engine cannot run
gets warning KQL2601.

With --json, prints one JSON object per file and line:
  {"file", "syntax_errors", "semantic_errors", "result_columns"}
Each error has code, message, line and col (counted from 1, col in
characters), offset and length (in bytes). semantic_errors is empty when
the file has syntax errors, and result_columns is null when it has any
error. Warnings appear in the text output only.

Exit status: 0 when no file has an error, 1 when one has (or cannot be
read), 2 on a usage error.`

// checkDiagnostic is one error or warning in the --json output.
type checkDiagnostic struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Offset  int    `json:"offset"`
	Length  int    `json:"length"`
}

// checkColumn is one column of a query's result in the --json output.
type checkColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// checkReport is the --json output for one file.
type checkReport struct {
	File           string            `json:"file"`
	SyntaxErrors   []checkDiagnostic `json:"syntax_errors"`
	SemanticErrors []checkDiagnostic `json:"semantic_errors"`
	ResultColumns  []checkColumn     `json:"result_columns"`
}

func runCheck(args []string, env Env) int {
	flags := newFlagSet("check", checkSynopsis, env)
	asJSON := flags.Bool("json", false, "print one JSON object per file instead of text")
	tables := flags.String("tables", "combined", "the tables to bind against: combined (Defender and Sentinel columns together), defender or sentinel")
	noWarnings := flags.Bool("no-warnings", false, "report errors only")
	var schemaPaths listFlag
	flags.Var(&schemaPaths, "schema", "a file of extra table schemas (table, column, type per line, tab- or comma-separated) or a folder of them; repeatable")
	files, err := parseInterleaved(flags, args)
	if err != nil {
		return exitStatus(err)
	}
	var set *schema.Set
	switch *tables {
	case "combined":
		set = schema.Combined()
	case "defender":
		set = schema.Defender()
	case "sentinel":
		set = schema.Sentinel()
	default:
		fmt.Fprintf(env.Stderr, "quarry check: invalid --tables %q: expected combined, defender or sentinel\n", *tables)
		return exitUsage
	}
	set, err = knownTables(set, schemaPaths)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry check:", err)
		return exitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "quarry check: no files given")
		flags.usage(env.Stderr)
		return exitUsage
	}
	paths, err := expandCheckPaths(files)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry check:", err)
		return exitFound
	}

	cat := sema.SchemaCatalog(set)
	engine := engineCatalog(set)
	opts := &sema.Options{NoWarnings: *noWarnings}
	status := exitOK
	for _, path := range paths {
		name, text, err := readCheckInput(path, env.Stdin)
		if err != nil {
			fmt.Fprintln(env.Stderr, "quarry check:", err)
			status = exitFound
			continue
		}
		c := checkQuery(name, text, cat, opts)
		if !*noWarnings {
			c.checkRunnable(engine)
		}
		if c.hasErrors() {
			status = exitFound
		}
		if *asJSON {
			line, err := json.Marshal(c.report())
			if err != nil {
				fmt.Fprintln(env.Stderr, "quarry check:", err)
				return exitFound
			}
			fmt.Fprintf(env.Stdout, "%s\n", line)
			continue
		}
		c.writeText(env.Stdout)
	}
	return status
}

// expandCheckPaths replaces each folder by the .kql files and the .yaml
// and .yml rule files under it, in lexical order. Files and "-" stay as
// given.
func expandCheckPaths(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if arg == "-" {
			out = append(out, arg)
			continue
		}
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", arg, err)
		}
		if !info.IsDir() {
			out = append(out, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".kql") || isRuleFile(p)) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", arg, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func readCheckInput(path string, stdin io.Reader) (name, text string, err error) {
	if path == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return "", "", fmt.Errorf("cannot read standard input: %w", err)
		}
		return "<stdin>", string(data), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	if isRuleFile(path) {
		return readRuleForCheck(path, data)
	}
	return path, string(data), nil
}

// checked is the outcome of parsing and binding one query text.
type checked struct {
	name       string
	src        *syntax.Source
	parseDiags []syntax.Diagnostic
	result     *sema.Result // nil when the text has syntax errors
}

// checkQuery parses one query text and, when it has no syntax errors,
// binds it.
func checkQuery(name, text string, cat sema.Catalog, opts *sema.Options) *checked {
	c := &checked{name: name, src: syntax.NewSource(name, text)}
	tree, diags := syntax.Parse(text)
	c.parseDiags = diags
	if len(diags) == 0 {
		c.result = sema.Bind(tree, cat, opts)
	}
	return c
}

func (c *checked) hasErrors() bool {
	return len(c.parseDiags) > 0 || c.result.HasErrors()
}

// report builds the --json object for the query.
func (c *checked) report() checkReport {
	r := checkReport{
		File:           c.name,
		SyntaxErrors:   []checkDiagnostic{},
		SemanticErrors: []checkDiagnostic{},
	}
	for _, d := range c.parseDiags {
		r.SyntaxErrors = append(r.SyntaxErrors, newCheckDiagnostic(c.src, string(d.Code), d.Message, d.Span))
	}
	if c.result == nil {
		return r
	}
	for _, d := range c.result.Diagnostics {
		cd := newCheckDiagnostic(c.src, string(d.Code), d.Message, d.Span)
		// The count of diagnostics left out is no error of its own.
		if d.Severity == sema.Error && d.Code != sema.CodeTooMany {
			r.SemanticErrors = append(r.SemanticErrors, cd)
		}
	}
	if len(r.SemanticErrors) == 0 && c.result.Schema != nil {
		r.ResultColumns = []checkColumn{}
		for _, col := range c.result.Schema.Columns {
			r.ResultColumns = append(r.ResultColumns, checkColumn{Name: col.Name, Type: col.Type.String()})
		}
	}
	return r
}

func newCheckDiagnostic(src *syntax.Source, code, message string, span syntax.Span) checkDiagnostic {
	pos := src.Position(span.From)
	length := int(span.To - span.From)
	if length < 0 {
		length = 0
	}
	return checkDiagnostic{Code: code, Message: message, Line: pos.Line, Col: pos.Column, Offset: int(pos.Offset), Length: length}
}

// writeText prints the query's diagnostics, each with its source line and
// a caret, then a summary line: the counts, or for a valid query its
// result columns.
func (c *checked) writeText(w io.Writer) {
	if len(c.parseDiags) > 0 {
		io.WriteString(w, syntax.FormatDiagnostics(c.src, c.parseDiags))
		fmt.Fprintf(w, "%s: %s\n", c.name, plural(len(c.parseDiags), "syntax error"))
		return
	}
	errors, warnings := 0, 0
	for _, d := range c.result.Diagnostics {
		io.WriteString(w, d.Format(c.src))
		if d.Severity == sema.Error {
			errors++
		} else {
			warnings++
		}
	}
	switch {
	case errors > 0:
		fmt.Fprintf(w, "%s: %s, %s\n", c.name, plural(errors, "error"), plural(warnings, "warning"))
	case c.result.Schema != nil:
		cols := make([]string, len(c.result.Schema.Columns))
		for i, col := range c.result.Schema.Columns {
			cols[i] = col.Name + ":" + col.Type.String()
		}
		fmt.Fprintf(w, "%s: ok, %s; result (%s)\n", c.name, plural(warnings, "warning"), strings.Join(cols, ", "))
	default:
		fmt.Fprintf(w, "%s: ok, %s; no result table\n", c.name, plural(warnings, "warning"))
	}
}

// plural writes a count and a noun, adding "s" unless the count is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
