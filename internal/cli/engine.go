package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/dataset"
	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/rules"
	"github.com/quarry-kql/quarry/sample"
	"github.com/quarry-kql/quarry/schema"
	"github.com/quarry-kql/quarry/source"
)

// loadInputs reads the --input paths, or the embedded sample when there
// are none. On a terminal it shows how many records it has read.
func loadInputs(ctx context.Context, inputs []string, tables *schema.Set, env Env) (*dataset.Dataset, error) {
	opts := dataset.Options{Source: source.Options{Stdin: env.Stdin}, Tables: tables}
	if isTerminal(env.Stderr) {
		opts.Progress = func(n int) { fmt.Fprintf(env.Stderr, "\rreading: %d records", n) }
		defer fmt.Fprint(env.Stderr, "\r\033[K")
	}
	if len(inputs) == 0 {
		return dataset.LoadFS(ctx, sample.FS(), opts, ".")
	}
	return dataset.Load(ctx, opts, inputs...)
}

// knownTables returns the built-in tables plus those declared in the
// --schema files, which let queries name tables quarry has no schema for,
// such as CommonSecurityLog.
func knownTables(base *schema.Set, paths []string) (*schema.Set, error) {
	var extra []*schema.Table
	for _, p := range paths {
		tables, err := schema.ReadPath(p)
		if err != nil {
			return nil, err
		}
		extra = append(extra, tables...)
	}
	if len(extra) == 0 {
		return base, nil
	}
	return base.With(extra), nil
}

// isTerminal reports whether w is a character device such as a terminal,
// where progress lines belong; redirected output stays free of them.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// ruleRunner runs one compiled rule over windows of a dataset.
type ruleRunner struct {
	ds     *dataset.Dataset
	query  *kql.Query
	limits engineLimits
}

func (r *ruleRunner) Run(ctx context.Context, _ string, now, from, to time.Time) (*rules.Result, error) {
	t, err := r.query.RunOn(ctx, r.ds.Window(from, to), r.limits.options(now))
	if err != nil {
		return nil, err
	}
	return resultOf(t), nil
}

// resultOf converts a result table to rows of plain Go values: datetimes
// become time.Time, values inside dynamic cells become JSON-ready values.
func resultOf(t *kql.Table) *rules.Result {
	res := &rules.Result{Columns: t.Columns}
	for _, row := range t.Rows() {
		out := make([]any, len(row))
		for i, v := range row {
			out[i] = goValue(v)
		}
		res.Rows = append(res.Rows, out)
	}
	return res
}

func goValue(v any) any {
	switch x := v.(type) {
	case types.DateTimeValue:
		return x.Time()
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = jsonReady(e)
		}
		return m
	case []any:
		return jsonReady(x)
	}
	return v
}

// jsonReady converts a value inside a dynamic cell: scalars of KQL types
// become the strings Kusto writes for them in JSON.
func jsonReady(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = jsonReady(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = jsonReady(e)
		}
		return s
	case fmt.Stringer:
		return x.String()
	}
	return v
}

// checkInputs returns an error when an input named on the command line
// could not be opened or held no files at all: a mistyped path must not
// pass for clean data.
func checkInputs(ds *dataset.Dataset, inputs []string) error {
	if len(inputs) == 0 {
		return nil
	}
	var failed []string
	for _, f := range ds.Inputs.Files {
		if f.Problems[source.ReasonOpenFailed] > 0 {
			failed = append(failed, f.Path)
		}
	}
	switch {
	case len(failed) > 0:
		return fmt.Errorf("cannot read %s (see above); check the --input paths", strings.Join(failed, ", "))
	case len(ds.Inputs.Files) == 0:
		return fmt.Errorf("no files found in %s", strings.Join(inputs, ", "))
	}
	return nil
}

// writeInputSummary writes what was read and skipped, one line per file
// with problems, then the mapping's counts and rejected rows.
func writeInputSummary(w io.Writer, ds *dataset.Dataset, sampleUsed bool) {
	if sampleUsed {
		fmt.Fprintln(w, "input: the embedded sample (use --input to read your own files)")
	}
	for _, line := range summaryLines(ds) {
		fmt.Fprintln(w, line)
	}
}

// inputProblems returns the summary's lines after the first, which list
// the files with problems, for reports.
func inputProblems(ds *dataset.Dataset) []string {
	return summaryLines(ds)[1:]
}

// summaryLines returns the input summary: a line with the totals, then
// for each file with problems a line and its located problems, indented.
func summaryLines(ds *dataset.Dataset) []string {
	var records, dropped int
	estimated := false
	for _, f := range ds.Inputs.Files {
		records += f.Records
		dropped += f.Dropped
		if f.Dropped > 0 && f.Format == source.FormatEVTX {
			estimated = true
		}
	}
	head := fmt.Sprintf("read %s from %s", plural(records, "record"), plural(len(ds.Inputs.Files), "file"))
	if dropped > 0 {
		head += fmt.Sprintf(", %s skipped", plural(dropped, "record"))
		if estimated {
			head += " (for damaged EVTX chunks, an estimate from the chunk headers)"
		}
	}
	lines := []string{head}
	for _, f := range ds.Inputs.Files {
		if f.ProblemCount() == 0 && f.Format != source.FormatUnknown {
			continue
		}
		line := strings.TrimSuffix((&source.Summary{Files: []*source.FileSummary{f}}).String(), "\n")
		lines = append(lines, "  "+line)
		for _, p := range f.Details {
			lines = append(lines, "    "+p.String())
		}
		if more := f.ProblemCount() - len(f.Details); more > 0 {
			lines = append(lines, fmt.Sprintf("    ... and %d more", more))
		}
	}
	if ds.Duplicates > 0 {
		lines = append(lines, fmt.Sprintf("duplicate rows skipped: %d (the same event read from more than one file)", ds.Duplicates))
	}
	if ds.Untimed > 0 {
		lines = append(lines, fmt.Sprintf("rows without a TimeGenerated or Timestamp value: %d (queries see them, but no scheduled rule run does)", ds.Untimed))
	}
	if ds.Rejected > 0 {
		lines = append(lines, fmt.Sprintf("rows rejected because a value did not fit its column: %d", ds.Rejected))
		for _, p := range ds.RejectedRows {
			lines = append(lines, "    "+p.String())
		}
	}
	if problems, n := ds.Mapping.Problems(); n > 0 {
		lines = append(lines, fmt.Sprintf("values left empty because they did not fit their column: %d", n))
		for _, p := range problems {
			lines = append(lines, "    "+p.String())
		}
	}
	return lines
}
