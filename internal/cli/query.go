package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/exec"
	"github.com/quarry-kql/quarry/report"
	"github.com/quarry-kql/quarry/schema"
)

func init() {
	register("query", "run one KQL query over the input and print its result", runQuery)
}

const querySynopsis = `quarry query [--input PATH]... [--schema PATH]... (QUERY | --file FILE.kql) [--format table|json|csv] [--now TIME] [--output FILE]

Runs one KQL query over the tables the input maps to (DeviceProcessEvents,
DeviceRegistryEvents, DeviceEvents, SecurityEvent, Event, ...) and prints the
result. Without --input, the query runs over the embedded sample.`

func runQuery(args []string, env Env) int {
	fs := newFlagSet("query", querySynopsis, env)
	var inputs listFlag
	var now timeFlag
	fs.Var(&inputs, "input", "a file, a folder (read recursively) or - for standard input; repeatable")
	var schemaPaths listFlag
	fs.Var(&schemaPaths, "schema", "a file of extra table schemas (table, column, type per line, tab- or comma-separated) or a folder of them; repeatable")
	file := fs.String("file", "", "read the query from this file")
	format := fs.String("format", "table", "output format: table, json or csv")
	fs.Var(&now, "now", "the instant now() and ago() use, such as 2026-03-01T12:00:00Z (default: the current time)")
	var limits engineLimits
	limits.register(fs)
	output := fs.String("output", "", "write the result to this file instead of standard output")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return exitStatus(err)
	}
	if err := checkFormat(*format, "table", "json", "csv"); err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitUsage
	}

	name, text, err := queryText(positional, *file)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitUsage
	}

	tables, err := knownTables(schema.Combined(), schemaPaths)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitUsage
	}
	ctx := context.Background()
	ds, err := loadInputs(ctx, inputs, tables, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitFound
	}
	writeInputSummary(env.Stderr, ds, len(inputs) == 0)
	if err := checkInputs(ds, inputs); err != nil {
		fmt.Fprintf(env.Stderr, "quarry query: %v\n", err)
		return exitFound
	}

	q, err := kql.Compile(text, ds.All())
	if err != nil {
		writeQueryError(env.Stderr, name, text, err)
		return exitFound
	}
	at := now.t
	if !now.set {
		at = time.Now().UTC()
	}
	res, err := q.Run(ctx, limits.options(at))
	if err != nil {
		writeQueryError(env.Stderr, name, text, err)
		return exitFound
	}
	r := resultOf(res)
	if len(r.Rows) == 0 && !now.set {
		hintNow(env.Stderr, text, ds.EventTimes(), at)
	}

	out, closeOut, err := openOutput(*output, env.Stdout)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitFound
	}
	switch *format {
	case "json":
		err = report.WriteJSON(out, r.Columns, r.Rows)
	case "csv":
		err = report.WriteCSV(out, r.Columns, r.Rows)
	default:
		err = report.WriteTable(out, r.Columns, r.Rows, report.TableOptions{Full: !isTerminal(out)})
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry query:", err)
		return exitFound
	}
	return exitOK
}

// queryText returns the query's name for messages and its text, from
// --file or from the one positional argument.
func queryText(positional []string, file string) (string, string, error) {
	switch {
	case file != "" && len(positional) > 0:
		return "", "", errors.New("give the query either as an argument or with --file, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", err
		}
		return file, strings.TrimPrefix(string(b), "\ufeff"), nil
	case len(positional) == 1:
		return "query", positional[0], nil
	case len(positional) > 1:
		return "", "", fmt.Errorf("expected one query argument, got %d (quote the query)", len(positional))
	}
	return "", "", errors.New("missing query: give it as an argument or with --file")
}

// writeQueryError writes "name:line:col: error: message", then the source
// line and a caret under the column, when the error has a position.
func writeQueryError(w io.Writer, name, text string, err error) {
	var ke *kql.Error
	if !errors.As(err, &ke) || ke.Line <= 0 {
		fmt.Fprintf(w, "%s: error: %v%s\n", name, err, limitHint(err))
		return
	}
	fmt.Fprintf(w, "%s:%d:%d: error: %s\n", name, ke.Line, ke.Column, ke.Msg)
	writeCaret(w, text, ke.Line, ke.Column)
}

// writeCaret writes the line of text and a caret under the column (both
// counted from 1, the column in characters).
func writeCaret(w io.Writer, text string, line, col int) {
	lines := strings.Split(text, "\n")
	if line > len(lines) {
		return
	}
	src := strings.TrimRight(lines[line-1], "\r")
	fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(src, "\t", " "))
	fmt.Fprintf(w, "    %s^\n", strings.Repeat(" ", max(col-1, 0)))
}

// openOutput returns the writer for --output, or standard output.
func openOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// limitHint names the flag that raises the limit an error hit.
func limitHint(err error) string {
	switch {
	case errors.Is(err, exec.ErrRowLimit):
		return " (--max-rows)"
	case errors.Is(err, exec.ErrMemoryLimit):
		return " (--max-memory)"
	}
	return ""
}

// hintNow suggests --now when a query that reads the clock found nothing
// in data recorded well before the current time, the usual reason a
// replayed detection returns no rows.
func hintNow(w io.Writer, text string, times []time.Time, now time.Time) {
	if len(times) == 0 || !(strings.Contains(text, "ago(") || strings.Contains(text, "now(")) {
		return
	}
	last := times[len(times)-1]
	if now.Sub(last) < 24*time.Hour {
		return
	}
	fmt.Fprintf(w, "note: no rows; the query reads the clock (ago or now) at %s, but the newest input row is from %s: try --now %s\n",
		report.FormatDateTime(now), report.FormatDateTime(last), last.Add(time.Second).Format(time.RFC3339))
}
