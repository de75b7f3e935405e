package rules

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
)

func TestParseDuration(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
	}{
		{"5m", 5 * time.Minute},
		{"1h", time.Hour},
		{"14d", 14 * 24 * time.Hour},
		{"30s", 30 * time.Second},
		{"1.5h", 90 * time.Minute},
		{"10min", 10 * time.Minute},
		{"100ms", 100 * time.Millisecond},
		{"PT1H", time.Hour},
		{"P1D", 24 * time.Hour},
		{"P1DT12H", 36 * time.Hour},
		{"PT5M", 5 * time.Minute},
		{" 1d ", 24 * time.Hour},
	}
	for _, c := range cases {
		got, err := ParseDuration(c.in)
		if err != nil {
			t.Errorf("ParseDuration(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("ParseDuration(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"", "h", "5", "5y", "P1M", "PT", "-1h", "P"} {
		if d, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", bad, d)
		}
	}
}

const validRule = `id: 11111111-2222-3333-4444-555555555555
name: Test rule
description: |
  Finds things.
severity: high
confidence: medium
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Persistence
  - PrivilegeEscalation
relevantTechniques:
  - T1543.003
query: |
  DeviceProcessEvents
  | where FileName =~ "sc.exe"
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: DeviceName
`

func TestParseRule(t *testing.T) {
	r, err := Parse([]byte(validRule), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if r.Severity != "High" || r.Confidence != "Medium" {
		t.Errorf("severity %q confidence %q, want High and Medium", r.Severity, r.Confidence)
	}
	if r.QueryFrequency != time.Hour || r.QueryPeriod != 24*time.Hour {
		t.Errorf("frequency %v period %v, want 1h and 24h", r.QueryFrequency, r.QueryPeriod)
	}
	if r.QueryLine != 17 {
		t.Errorf("query starts at line %d, want 17", r.QueryLine)
	}
	if !strings.HasPrefix(r.Query, "DeviceProcessEvents\n| where") {
		t.Errorf("query = %q", r.Query)
	}
	if len(r.EntityMappings) != 1 || r.EntityMappings[0].FieldMappings[0].ColumnName != "DeviceName" {
		t.Errorf("entity mappings = %+v", r.EntityMappings)
	}
}

func TestParseRuleErrors(t *testing.T) {
	cases := []struct {
		edit func(string) string
		want string
	}{
		{func(s string) string { return strings.Replace(s, "severity: high", "severity: urgent", 1) }, `invalid severity "urgent"`},
		{func(s string) string { return strings.Replace(s, "queryPeriod: 1d", "queryPeriod: 1y", 1) }, "queryPeriod: invalid duration"},
		{func(s string) string { return strings.Replace(s, "name: Test rule\n", "", 1) }, "missing name"},
		{func(s string) string { return strings.Replace(s, "triggerOperator: gt", "triggerOperator: above", 1) }, `invalid triggerOperator "above"`},
		{func(s string) string { return strings.Replace(s, "columnName: DeviceName", "columnName: ''", 1) }, "identifier and columnName are both required"},
		{func(s string) string { return "id: [unclosed" }, "invalid YAML"},
		{func(s string) string { return strings.Replace(s, "triggerThreshold: 0", "triggerThreshold: many", 1) }, `invalid triggerThreshold "many"`},
		{func(s string) string { return strings.Replace(s, "queryPeriod: 1d", "queryPeriod: -1d", 1) }, "must not be negative"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.edit(validRule)), "bad.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error = %v, want it to contain %q", err, c.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "bad.yaml: ") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}

func TestTacticID(t *testing.T) {
	for name, want := range map[string]string{
		"Persistence":          "TA0003",
		"PrivilegeEscalation":  "TA0004",
		"Privilege Escalation": "TA0004",
		"CommandAndControl":    "TA0011",
		"PreAttack":            "",
		"TA0005":               "TA0005",
	} {
		if got := TacticID(name); got != want {
			t.Errorf("TacticID(%q) = %q, want %q", name, got, want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTicksSkipEmptyWindows(t *testing.T) {
	r := &Rule{QueryFrequency: time.Hour, QueryPeriod: 2 * time.Hour}
	plan := Plan{EventTimes: []time.Time{
		mustTime("2026-01-01T10:30:00Z"),
		mustTime("2026-01-01T11:00:00Z"),
		mustTime("2026-01-03T08:15:00Z"),
	}}
	var got []string
	for _, tick := range plan.ticks(r) {
		got = append(got, tick.Format("02T15:04"))
	}
	// 10:30 is seen at 11:00 and 12:00; 11:00 at 11:00 and 12:00 (12:00's
	// window starts at 10:00, exclusive); 08:15 two days later at 09:00 and 10:00.
	want := "01T11:00 01T12:00 03T09:00 03T10:00"
	if strings.Join(got, " ") != want {
		t.Errorf("ticks = %v, want %s", got, want)
	}
}

func TestTicksFixedInstant(t *testing.T) {
	r := &Rule{QueryFrequency: time.Hour, QueryPeriod: time.Hour}
	at := mustTime("2026-05-05T05:05:05Z")
	ticks := Plan{At: at, EventTimes: []time.Time{mustTime("2020-01-01T00:00:00Z")}}.ticks(r)
	if len(ticks) != 1 || !ticks[0].Equal(at) {
		t.Errorf("ticks = %v, want only %v", ticks, at)
	}
}

// windowRunner returns, at each run, the events inside the run's window,
// as rows with a Timestamp and a DeviceName.
type windowRunner struct {
	events []time.Time
	runs   []time.Time
}

func (w *windowRunner) Run(_ context.Context, _ string, now, from, to time.Time) (*Result, error) {
	w.runs = append(w.runs, now)
	res := &Result{Columns: []types.Column{{Name: "Timestamp", Type: types.DateTime}, {Name: "DeviceName", Type: types.String}}}
	for _, e := range w.events {
		if e.After(from) && !e.After(to) {
			res.Rows = append(res.Rows, []any{e, "ws01"})
		}
	}
	return res, nil
}

func TestReplayDeduplicates(t *testing.T) {
	r, err := Parse([]byte(validRule), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	events := []time.Time{mustTime("2026-01-01T10:30:00Z"), mustTime("2026-01-01T13:45:00Z")}
	runner := &windowRunner{events: events}
	alerts, stats, err := Replay(context.Background(), r, runner, Plan{EventTimes: events})
	if err != nil {
		t.Fatal(err)
	}
	// With a 1d period, each event is inside every hourly window for a day,
	// but raises one alert.
	if len(alerts) != 2 {
		t.Fatalf("got %d alerts, want 2", len(alerts))
	}
	if stats.Runs != 27 {
		t.Errorf("runs = %d, want 27 (11:00 on the first day to 13:00 on the next)", stats.Runs)
	}
	first := alerts[0]
	if !first.Time.Equal(events[0]) || !first.RunAt.Equal(mustTime("2026-01-01T11:00:00Z")) {
		t.Errorf("first alert time %v run %v", first.Time, first.RunAt)
	}
	if strings.Join(first.Tactics, ",") != "TA0003,TA0004" {
		t.Errorf("tactics = %v", first.Tactics)
	}
	if len(first.Entities) != 1 || first.Entities[0].Type != "Host" || first.Entities[0].Fields[0] != (EntityField{"HostName", "ws01"}) {
		t.Errorf("entities = %+v", first.Entities)
	}
}

func TestReplayTriggerThreshold(t *testing.T) {
	r, err := Parse([]byte(strings.Replace(validRule, "triggerThreshold: 0", "triggerThreshold: 1", 1)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Two events an hour apart sit together in no window shorter than
	// that, so with period 30m no run returns more than one row.
	r.QueryPeriod = 30 * time.Minute
	events := []time.Time{mustTime("2026-01-01T10:30:00Z"), mustTime("2026-01-01T11:30:00Z")}
	alerts, stats, err := Replay(context.Background(), r, &windowRunner{events: events}, Plan{EventTimes: events})
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 0 || stats.Triggered != 0 {
		t.Errorf("got %d alerts from %d triggered runs, want none", len(alerts), stats.Triggered)
	}
	r.QueryPeriod = 2 * time.Hour
	alerts, _, err = Replay(context.Background(), r, &windowRunner{events: events}, Plan{EventTimes: events})
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 2 {
		t.Errorf("got %d alerts, want 2 once a window holds both rows", len(alerts))
	}
}

// repeatRunner returns the same two identical rows at every run.
type repeatRunner struct{}

func (repeatRunner) Run(_ context.Context, _ string, now, _, _ time.Time) (*Result, error) {
	row := []any{mustTime("2026-01-01T10:30:00Z"), "ws01"}
	return &Result{
		Columns: []types.Column{{Name: "Timestamp", Type: types.DateTime}, {Name: "DeviceName", Type: types.String}},
		Rows:    [][]any{row, row},
	}, nil
}

func TestReplayKeepsIdenticalRowsOfOneRun(t *testing.T) {
	r, err := Parse([]byte(validRule), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	events := []time.Time{mustTime("2026-01-01T10:30:00Z")}
	alerts, stats, err := Replay(context.Background(), r, repeatRunner{}, Plan{EventTimes: events})
	if err != nil {
		t.Fatal(err)
	}
	// Every one of the 24 runs returns the two rows; they are two results,
	// each seen again by the later runs.
	if stats.Runs != 24 || len(alerts) != 2 {
		t.Errorf("%d runs and %d alerts, want 24 and 2", stats.Runs, len(alerts))
	}
}

func TestParseRuleWarnsUnknownTactic(t *testing.T) {
	r, err := Parse([]byte(strings.Replace(validRule, "  - Persistence\n", "  - Persistance\n", 1)), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], `unknown tactic "Persistance"`) {
		t.Errorf("warnings = %q, want one about the unknown tactic", r.Warnings)
	}
}
