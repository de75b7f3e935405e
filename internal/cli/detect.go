package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/dataset"
	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/report"
	"github.com/quarry-kql/quarry/rules"
	"github.com/quarry-kql/quarry/rules/builtin"
	"github.com/quarry-kql/quarry/schema"
)

func init() {
	register("detect", "run detection rules over the input and print alerts", runDetect)
}

const detectSynopsis = `quarry detect [--rules PATH]... [--input PATH]... [--schema PATH]... [--format table|json|csv|html] [--now TIME] [--output FILE] [--summary FILE]

Runs detection rules (Sentinel analytic-rule YAML) over the input and prints
their alerts. Without --now, each rule is replayed across the data's time
span the way Sentinel schedules it: at every queryFrequency tick, with now()
at the tick, over the rows of the preceding queryPeriod. With --now, each
rule runs once at that instant. A result row that several runs return
raises one alert; the same event read from two input files is kept once.
Without --rules, the built-in rules run; without --input, the embedded
sample is read.`

func runDetect(args []string, env Env) int {
	fs := newFlagSet("detect", detectSynopsis, env)
	var inputs, rulePaths listFlag
	var now timeFlag
	fs.Var(&rulePaths, "rules", "a rule file or a folder of .yaml rules; repeatable (default: the built-in rules)")
	fs.Var(&inputs, "input", "a file, a folder (read recursively) or - for standard input; repeatable (default: the embedded sample)")
	var schemaPaths listFlag
	fs.Var(&schemaPaths, "schema", "a file of extra table schemas (table, column, type per line, tab- or comma-separated) or a folder of them; repeatable")
	format := fs.String("format", "table", "output format: table, json (one alert per line), csv or html (a self-contained page)")
	fs.Var(&now, "now", "run each rule once at this instant, such as 2026-03-01T12:00:00Z, instead of replaying the data's time span")
	var limits engineLimits
	limits.register(fs)
	output := fs.String("output", "", "write the alerts to this file instead of standard output")
	summaryPath := fs.String("summary", "", "also write the run's summary (inputs, problems, mapping, rules) to this file as JSON")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return exitStatus(err)
	}
	if len(positional) > 0 {
		fmt.Fprintf(env.Stderr, "quarry detect: unexpected argument %q (inputs go after --input)\n", positional[0])
		return exitUsage
	}
	if err := checkFormat(*format, "table", "json", "csv", "html"); err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitUsage
	}

	// Open the output first, so a bad --output path fails before the work.
	out, closeOut, err := openOutput(*output, env.Stdout)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	status := runRules(rulePaths, inputs, schemaPaths, now, limits, *format, *summaryPath, out, env)
	if err := closeOut(); err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	return status
}

// runRules loads the rules and the inputs, runs every rule and writes the
// alerts to out; it returns the exit status.
func runRules(rulePaths, inputs, schemaPaths []string, now timeFlag, limits engineLimits, format, summaryPath string, out io.Writer, env Env) int {
	status := exitOK
	ruleSet, loadErrs := loadRules(rulePaths)
	for _, err := range loadErrs {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		status = exitFound
	}
	if len(ruleSet) == 0 {
		fmt.Fprintln(env.Stderr, "quarry detect: no rules to run")
		return exitFound
	}
	warnDuplicateIDs(env.Stderr, ruleSet)
	for _, r := range ruleSet {
		for _, w := range r.Warnings {
			fmt.Fprintf(env.Stderr, "%s: warning: %s\n", ruleName(r), w)
		}
	}

	tables, err := knownTables(schema.Combined(), schemaPaths)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitUsage
	}
	ctx := context.Background()
	ds, err := loadInputs(ctx, inputs, tables, env)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	writeInputSummary(env.Stderr, ds, len(inputs) == 0)
	if err := checkInputs(ds, inputs); err != nil {
		fmt.Fprintf(env.Stderr, "quarry detect: %v\n", err)
		return exitFound
	}

	plan := rules.Plan{EventTimes: ds.EventTimes()}
	if now.set {
		plan = rules.Plan{At: now.t}
	}
	var alerts []rules.Alert
	var lines []report.RuleLine
	progress := isTerminal(env.Stderr)
	for i, r := range ruleSet {
		if progress {
			fmt.Fprintf(env.Stderr, "\r\033[Krunning rule %d of %d: %.60s", i+1, len(ruleSet), r.Name)
		}
		got, line, err := runRule(ctx, r, ds, plan, limits, env.Stderr)
		if progress {
			fmt.Fprint(env.Stderr, "\r\033[K")
		}
		if err != nil {
			writeRuleError(env.Stderr, r, err)
			status = exitFound
		}
		alerts = append(alerts, got...)
		lines = append(lines, line)
	}
	sort.SliceStable(alerts, func(i, j int) bool { return alerts[i].Time.Before(alerts[j].Time) })
	for i := range alerts {
		alerts[i].Sources = alertSources(ds, &alerts[i])
	}

	raising := 0
	for _, l := range lines {
		if l.Alerts > 0 {
			raising++
		}
	}
	fmt.Fprintf(env.Stderr, "ran %s: %s raised %s", plural(len(ruleSet), "rule"), plural(raising, "rule"), plural(len(alerts), "alert"))
	if len(loadErrs) > 0 {
		fmt.Fprintf(env.Stderr, "; %s could not be loaded", plural(len(loadErrs), "rule file"))
	}
	fmt.Fprintln(env.Stderr)
	for _, l := range lines {
		fmt.Fprintf(env.Stderr, "  %s: %s %s\n", l.Name, plural(l.Alerts, "alert"), l.Note)
	}

	if summaryPath != "" {
		sum := newRunSummary(ds)
		sum.addRules(lines)
		if err := sum.write(summaryPath); err != nil {
			fmt.Fprintln(env.Stderr, "quarry detect:", err)
			status = exitFound
		}
	}

	switch format {
	case "json":
		err = report.WriteAlertsJSON(out, alerts)
	case "csv":
		err = report.WriteAlertsCSV(out, alerts)
	case "html":
		info := report.HTMLInfo{Generated: time.Now().UTC(), Inputs: inputs, Rules: lines, InputProblems: inputProblems(ds)}
		if len(inputs) == 0 {
			info.Inputs = []string{"the embedded sample"}
		}
		err = report.WriteAlertsHTML(out, alerts, info)
	default:
		err = report.WriteAlertsTable(out, alerts, report.TableOptions{Full: !isTerminal(out)})
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	return status
}

// alertSources finds the input records of an alert's row: those with the
// row's event time and host.
func alertSources(ds *dataset.Dataset, a *rules.Alert) []string {
	if a.Time.Equal(a.RunAt) {
		// The row has no time of its own to match on.
		return nil
	}
	host := ""
	for _, col := range []string{"DeviceName", "Computer"} {
		if v, ok := a.Value(col); ok {
			if s, ok := v.(string); ok && s != "" {
				host = s
				break
			}
		}
	}
	var out []string
	for _, o := range ds.Sources(a.Time, host) {
		out = append(out, o.String())
	}
	return out
}

// warnDuplicateIDs warns about rules that share an id, because alerts
// identify their rule by id.
func warnDuplicateIDs(w io.Writer, ruleSet []*rules.Rule) {
	first := map[string]*rules.Rule{}
	for _, r := range ruleSet {
		if prev, ok := first[r.ID]; ok {
			fmt.Fprintf(w, "quarry detect: warning: %s and %s have the same id %s\n", ruleName(prev), ruleName(r), r.ID)
			continue
		}
		first[r.ID] = r
	}
}

func ruleName(r *rules.Rule) string {
	if r.Path != "" {
		return r.Path
	}
	return "built-in rule " + r.ID
}

// loadRules returns the rules at the paths, or the built-in rules, and one
// error per rule file that failed to load.
func loadRules(paths []string) ([]*rules.Rule, []error) {
	if len(paths) == 0 {
		rs, err := builtin.Rules()
		if err != nil {
			return nil, []error{err}
		}
		return rs, nil
	}
	rs, err := rules.Load(paths...)
	if err == nil {
		return rs, nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		return rs, joined.Unwrap()
	}
	return rs, []error{err}
}

// runRule compiles a rule once and replays it; it returns the alerts and
// the rule's line for the summary.
func runRule(ctx context.Context, r *rules.Rule, ds *dataset.Dataset, plan rules.Plan, limits engineLimits, warn io.Writer) ([]rules.Alert, report.RuleLine, error) {
	line := report.RuleLine{Name: r.Name}
	if r.Path != "" {
		line.Name += " (" + r.Path + ")"
	}
	q, err := kql.Compile(r.Query, ds.All())
	if err != nil {
		line.Note = "(not run: the query has an error)"
		return nil, line, err
	}
	checkEntityColumns(warn, r, q.Columns())
	alerts, stats, err := rules.Replay(ctx, r, &ruleRunner{ds: ds, query: q, limits: limits}, plan)
	line.Alerts = len(alerts)
	line.Note = "from " + plural(stats.Runs, "run")
	if stats.Runs > 0 && plan.At.IsZero() {
		line.Note += fmt.Sprintf(" (%s to %s)", report.FormatDateTime(stats.FirstRunAt), report.FormatDateTime(stats.LastRunAt))
	}
	if err != nil {
		line.Note += ", stopped by an error"
	}
	return alerts, line, err
}

// checkEntityColumns warns about entity mappings that name a column the
// query does not return, because those entities would be left out of
// every alert without a word.
func checkEntityColumns(w io.Writer, r *rules.Rule, cols []types.Column) {
	have := map[string]bool{}
	for _, c := range cols {
		have[c.Name] = true
	}
	for _, m := range r.EntityMappings {
		for _, f := range m.FieldMappings {
			if !have[f.ColumnName] {
				fmt.Fprintf(w, "%s: warning: entity %s.%s reads column '%s', which the query does not return\n", ruleName(r), m.EntityType, f.Identifier, f.ColumnName)
			}
		}
	}
}

// writeRuleError reports a rule's error. A query error is located in the
// rule file when the rule came from one: the query's line number is offset
// by the line where the query starts and its column by the indentation of
// the YAML block.
func writeRuleError(w io.Writer, r *rules.Rule, err error) {
	var ke *kql.Error
	if !errors.As(err, &ke) || ke.Line <= 0 {
		name := r.Path
		if name == "" {
			name = "built-in rule " + r.ID
		}
		fmt.Fprintf(w, "%s: error: %v%s\n", name, err, limitHint(err))
		return
	}
	if r.Path == "" || r.QueryLine == 0 {
		fmt.Fprintf(w, "built-in rule %s: query:%d:%d: error: %s\n", r.ID, ke.Line, ke.Column, ke.Msg)
		writeCaret(w, r.Query, ke.Line, ke.Column)
		return
	}
	line := r.QueryLine + ke.Line - 1
	indent := 0
	if data, rerr := os.ReadFile(r.Path); rerr == nil {
		lines := strings.Split(string(data), "\n")
		if line-1 < len(lines) {
			text := lines[line-1]
			indent = len(text) - len(strings.TrimLeft(text, " "))
		}
	}
	fmt.Fprintf(w, "%s:%d:%d: error: %s\n", r.Path, line, indent+ke.Column, ke.Msg)
	writeCaret(w, r.Query, ke.Line, ke.Column)
}
