package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Runner runs a query as Sentinel would at one scheduled instant: now()
// and ago() read now, and every table holds only the rows whose time column
// lies in the window (from, to].
type Runner interface {
	Run(ctx context.Context, query string, now, from, to time.Time) (*Result, error)
}

// Plan is the schedule of a rule's runs.
type Plan struct {
	// At, when set, runs the rule once at that instant.
	At time.Time
	// EventTimes are the sorted times of the input's rows. Without At, the
	// rule runs at every queryFrequency tick from the first event to the
	// last whose window holds at least one of them.
	EventTimes []time.Time
}

// Stats counts what one rule's replay did.
type Stats struct {
	Runs       int // scheduled runs executed
	Triggered  int // runs whose row count met the trigger condition
	Rows       int // result rows over all triggered runs, duplicates included
	Alerts     int // distinct alerts after de-duplication
	FirstRunAt time.Time
	LastRunAt  time.Time
}

// Replay runs the rule at each instant the plan gives and returns its
// alerts, de-duplicated: a row that several overlapping runs return raises
// one alert, stamped with the first run that saw it. Identical rows within
// one run raise one alert each. Alerts are sorted by
// event time, then by run time.
func Replay(ctx context.Context, r *Rule, runner Runner, plan Plan) ([]Alert, Stats, error) {
	var stats Stats
	ticks := plan.ticks(r)
	seen := make(map[string]int) // the most copies of a row any run returned
	var alerts []Alert
	for _, now := range ticks {
		if err := ctx.Err(); err != nil {
			return alerts, stats, err
		}
		res, err := runner.Run(ctx, r.Query, now, now.Add(-r.QueryPeriod), now)
		if err != nil {
			return alerts, stats, fmt.Errorf("rule %s (%s) at %s: %w", r.ID, r.Name, now.UTC().Format(time.RFC3339), err)
		}
		stats.Runs++
		if stats.FirstRunAt.IsZero() {
			stats.FirstRunAt = now
		}
		stats.LastRunAt = now
		if !r.triggered(len(res.Rows)) {
			continue
		}
		stats.Triggered++
		stats.Rows += len(res.Rows)
		inRun := make(map[string]int, len(res.Rows))
		for _, row := range res.Rows {
			key, err := rowKey(row)
			if err != nil {
				return alerts, stats, fmt.Errorf("rule %s: %w", r.ID, err)
			}
			// Identical rows of one run are separate results, as in
			// Sentinel; a row that an earlier run returned as often is
			// the same result seen again.
			inRun[key]++
			if inRun[key] <= seen[key] {
				continue
			}
			seen[key] = inRun[key]
			alerts = append(alerts, newAlert(r, res, row, now))
		}
	}
	sort.SliceStable(alerts, func(i, j int) bool {
		if !alerts[i].Time.Equal(alerts[j].Time) {
			return alerts[i].Time.Before(alerts[j].Time)
		}
		return alerts[i].RunAt.Before(alerts[j].RunAt)
	})
	stats.Alerts = len(alerts)
	return alerts, stats, nil
}

func (r *Rule) triggered(rows int) bool {
	switch r.TriggerOperator {
	case "ge":
		return rows >= r.TriggerThreshold
	case "lt":
		return rows < r.TriggerThreshold
	case "le":
		return rows <= r.TriggerThreshold
	case "eq":
		return rows == r.TriggerThreshold
	case "ne":
		return rows != r.TriggerThreshold
	default:
		return rows > r.TriggerThreshold
	}
}

// ticks returns the scheduled run instants. Ticks fall on multiples of the
// frequency counted from 0001-01-01 UTC (whole hours for 1h, midnights for
// 1d), as a schedule started long ago would. A tick whose window
// (tick-period, tick] holds no event is skipped, because every table is
// empty there.
//
// NOTE: a rule that returns rows from empty tables, such as one whose
// trigger fires on zero rows (lt 1, eq 0) or one built on print, would
// alert at every skipped tick in Sentinel; replay reports only ticks with
// data.
func (p Plan) ticks(r *Rule) []time.Time {
	if !p.At.IsZero() {
		return []time.Time{p.At}
	}
	if len(p.EventTimes) == 0 {
		return nil
	}
	freq, period := r.QueryFrequency, r.QueryPeriod
	var ticks []time.Time
	t := ceilTime(p.EventTimes[0], freq)
	// The last event stays in view until the window's start passes it.
	end := p.EventTimes[len(p.EventTimes)-1].Add(period)
	for t.Before(end) {
		// The first event after the window's start decides whether the
		// window is empty. When it is, jump to the first tick that can
		// see that event.
		i := sort.Search(len(p.EventTimes), func(i int) bool { return p.EventTimes[i].After(t.Add(-period)) })
		if i == len(p.EventTimes) {
			break
		}
		if p.EventTimes[i].After(t) {
			t = ceilTime(p.EventTimes[i], freq)
			continue
		}
		ticks = append(ticks, t)
		t = t.Add(freq)
	}
	return ticks
}

// ceilTime rounds t up to a multiple of d counted from 0001-01-01 UTC.
func ceilTime(t time.Time, d time.Duration) time.Time {
	down := t.Truncate(d)
	if down.Equal(t) {
		return t
	}
	return down.Add(d)
}

// rowKey identifies a row's content for de-duplication.
func rowKey(row []any) (string, error) {
	b, err := json.Marshal(row)
	if err != nil {
		return "", fmt.Errorf("cannot compare result rows: %w", err)
	}
	return string(b), nil
}
