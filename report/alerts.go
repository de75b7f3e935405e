package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/quarry-kql/quarry/rules"
	"github.com/quarry-kql/quarry/schema"
)

// alertJSON is the JSON-lines shape of one alert.
type alertJSON struct {
	RuleID     string           `json:"rule_id"`
	RuleName   string           `json:"rule_name"`
	Severity   string           `json:"severity"`
	Confidence string           `json:"confidence"`
	Tactics    []string         `json:"tactics"`
	Techniques []string         `json:"techniques"`
	Time       string           `json:"time"`
	RunAt      string           `json:"run_at"`
	Entities   []map[string]any `json:"entities"`
	Row        orderedRow       `json:"row"`
	Sources    []string         `json:"sources"`
}

// orderedRow encodes a result row as a JSON object that keeps the query's
// column order.
type orderedRow struct {
	names  []string
	values []any
}

func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range r.names {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalPlain(name)
		if err != nil {
			return nil, err
		}
		v, err := marshalPlain(jsonValue(r.values[i]))
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", name, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// marshalPlain encodes v as JSON without escaping <, > and &, so command
// lines stay greppable as they were recorded.
func marshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func toJSON(a *rules.Alert) alertJSON {
	out := alertJSON{
		RuleID:     a.RuleID,
		RuleName:   a.RuleName,
		Severity:   strings.ToLower(a.Severity),
		Confidence: strings.ToLower(a.Confidence),
		Tactics:    nonNil(a.Tactics),
		Techniques: nonNil(a.Techniques),
		Time:       FormatDateTime(a.Time),
		RunAt:      FormatDateTime(a.RunAt),
		Entities:   []map[string]any{},
		Sources:    nonNil(a.Sources),
	}
	for _, e := range a.Entities {
		m := map[string]any{"type": e.Type}
		for _, f := range e.Fields {
			m[f.Name] = f.Value
		}
		out.Entities = append(out.Entities, m)
	}
	for _, c := range a.Columns {
		out.Row.names = append(out.Row.names, c.Name)
	}
	out.Row.values = a.Row
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteAlertsJSON writes one JSON object per alert per line.
func WriteAlertsJSON(w io.Writer, alerts []rules.Alert) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range alerts {
		if err := enc.Encode(toJSON(&alerts[i])); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteAlertsCSV writes a header and one line per alert. The query's row is
// one JSON column, because rules differ in their output columns.
func WriteAlertsCSV(w io.Writer, alerts []rules.Alert) error {
	cw := csv.NewWriter(w)
	header := []string{"time", "run_at", "rule_id", "rule_name", "severity", "confidence", "tactics", "techniques", "entities", "row", "sources"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range alerts {
		j := toJSON(&alerts[i])
		entities, err := json.Marshal(j.Entities)
		if err != nil {
			return err
		}
		row, err := j.Row.MarshalJSON()
		if err != nil {
			return err
		}
		rec := []string{j.Time, j.RunAt, j.RuleID, j.RuleName, j.Severity, j.Confidence,
			strings.Join(j.Tactics, ";"), strings.Join(j.Techniques, ";"), string(entities), string(row), strings.Join(j.Sources, ";")}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteAlertsTable writes an aligned text table: time, severity, rule, the
// alert's entities, and the row's detail columns (those no entity shows).
func WriteAlertsTable(w io.Writer, alerts []rules.Alert, opts TableOptions) error {
	if len(alerts) == 0 {
		_, err := io.WriteString(w, "No alerts.\n")
		return err
	}
	t := &textTable{header: []string{"TIME", "SEVERITY", "RULE", "ENTITIES", "DETAILS"}, maxWidth: []int{0, 0, 32, 50, 120}, full: opts.Full}
	if opts.Full {
		// Written to a file, entities and details show in full up to a
		// bound that keeps each alert on a readable line; the JSON, CSV
		// and HTML formats carry every value whole.
		t.full = false
		t.maxWidth = []int{0, 0, 0, 200, 400}
	}
	for i := range alerts {
		a := &alerts[i]
		t.add(FormatDateTime(a.Time), strings.ToLower(a.Severity), a.RuleName, entitySummary(a), detailSummary(a))
	}
	return t.write(w)
}

func entitySummary(a *rules.Alert) string {
	var parts []string
	for _, e := range a.Entities {
		var vals []string
		for _, f := range e.Fields {
			vals = append(vals, f.Value)
		}
		parts = append(parts, e.Type+": "+strings.Join(vals, " "))
	}
	return strings.Join(parts, "; ")
}

// detailSummary lists the row's non-empty values as name=value, leaving out
// time columns and the values the entities already show. Columns the rule
// computed (names no known table has, such as DetectionType) come first,
// because they usually name the kind of finding.
func detailSummary(a *rules.Alert) string {
	shown := map[string]bool{}
	for _, m := range a.Entities {
		for _, f := range m.Fields {
			shown[f.Value] = true
		}
	}
	var computed, known []string
	for i, c := range a.Columns {
		s := Text(a.Row[i])
		if s == "" || shown[s] || c.Name == "Timestamp" || c.Name == "TimeGenerated" {
			continue
		}
		if knownColumns[c.Name] {
			known = append(known, c.Name+"="+s)
		} else {
			computed = append(computed, c.Name+"="+s)
		}
	}
	return strings.Join(append(computed, known...), " ")
}

// knownColumns holds the column names of every built-in table.
var knownColumns = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range schema.Combined().Tables() {
		for _, c := range t.Columns {
			m[c.Name] = true
		}
	}
	return m
}()
