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
	"github.com/quarry-kql/quarry/report"
	"github.com/quarry-kql/quarry/rules"
	"github.com/quarry-kql/quarry/rules/builtin"
)

func init() {
	register("detect", "run detection rules over the input and print alerts", runDetect)
}

const detectSynopsis = `quarry detect [--rules PATH]... [--input PATH]... [--format table|json|csv|html] [--now TIME] [--output FILE]

Runs detection rules (Sentinel analytic-rule YAML) over the input and prints
their alerts. Without --now, each rule is replayed across the data's time
span the way Sentinel schedules it: at every queryFrequency tick, with now()
at the tick, over the rows of the preceding queryPeriod. With --now, each
rule runs once at that instant. Without --rules, the built-in rules run;
without --input, the embedded sample is read.`

func runDetect(args []string, env Env) int {
	fs := newFlagSet("detect", detectSynopsis, env.Stderr)
	var inputs, rulePaths listFlag
	var now timeFlag
	fs.Var(&rulePaths, "rules", "a rule file or a folder of .yaml rules; repeatable (default: the built-in rules)")
	fs.Var(&inputs, "input", "a file, a folder (read recursively) or - for standard input; repeatable (default: the embedded sample)")
	format := fs.String("format", "table", "output format: table, json (one alert per line), csv or html (a self-contained page)")
	fs.Var(&now, "now", "run each rule once at this instant, such as 2026-03-01T12:00:00Z, instead of replaying the data's time span")
	output := fs.String("output", "", "write the alerts to this file instead of standard output")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(positional) > 0 {
		fmt.Fprintf(env.Stderr, "quarry detect: unexpected argument %q (inputs go after --input)\n", positional[0])
		return exitUsage
	}
	if err := checkFormat(*format, "table", "json", "csv", "html"); err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitUsage
	}

	status := exitOK
	ruleSet, err := loadRules(rulePaths)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		status = exitFound
	}
	if len(ruleSet) == 0 {
		fmt.Fprintln(env.Stderr, "quarry detect: no rules to run")
		return exitFound
	}

	ctx := context.Background()
	ds, err := loadInputs(ctx, inputs, env)
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
	for _, r := range ruleSet {
		got, line, err := runRule(ctx, r, ds, plan)
		if err != nil {
			writeRuleError(env.Stderr, r, err)
			status = exitFound
		}
		alerts = append(alerts, got...)
		lines = append(lines, line)
	}
	sort.SliceStable(alerts, func(i, j int) bool { return alerts[i].Time.Before(alerts[j].Time) })
	fmt.Fprintf(env.Stderr, "%d rules raised %d alerts:\n", len(ruleSet), len(alerts))
	for _, l := range lines {
		fmt.Fprintf(env.Stderr, "  %s: %d alerts %s\n", l.Name, l.Alerts, l.Note)
	}

	out, closeOut, err := openOutput(*output, env.Stdout)
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	switch *format {
	case "json":
		err = report.WriteAlertsJSON(out, alerts)
	case "csv":
		err = report.WriteAlertsCSV(out, alerts)
	case "html":
		info := report.HTMLInfo{Generated: time.Now().UTC(), Inputs: inputs, Rules: lines}
		if len(inputs) == 0 {
			info.Inputs = []string{"the embedded sample"}
		}
		err = report.WriteAlertsHTML(out, alerts, info)
	default:
		err = report.WriteAlertsTable(out, alerts)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "quarry detect:", err)
		return exitFound
	}
	return status
}

func loadRules(paths []string) ([]*rules.Rule, error) {
	if len(paths) == 0 {
		return builtin.Rules()
	}
	return rules.Load(paths...)
}

// runRule compiles a rule once and replays it; it returns the alerts and
// the rule's line for the summary.
func runRule(ctx context.Context, r *rules.Rule, ds *dataset.Dataset, plan rules.Plan) ([]rules.Alert, report.RuleLine, error) {
	line := report.RuleLine{Name: r.Name}
	if r.Path != "" {
		line.Name += " (" + r.Path + ")"
	}
	q, err := kql.Compile(r.Query, ds.All())
	if err != nil {
		line.Note = "(not run: the query has an error)"
		return nil, line, err
	}
	alerts, stats, err := rules.Replay(ctx, r, &ruleRunner{ds: ds, query: q}, plan)
	line.Alerts = len(alerts)
	line.Note = fmt.Sprintf("from %d runs", stats.Runs)
	if stats.Runs > 0 && plan.At.IsZero() {
		line.Note += fmt.Sprintf(" (%s to %s)", report.FormatDateTime(stats.FirstRunAt), report.FormatDateTime(stats.LastRunAt))
	}
	if err != nil {
		line.Note += ", stopped by an error"
	}
	return alerts, line, err
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
		fmt.Fprintf(w, "%s: error: %v\n", name, err)
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
