package kqltest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
)

// Script is one scripted test. Its file is made of sections, each
// introduced by a line `-- name --`:
//
//	-- tables --      let statements binding datatable(...) values; each
//	                  let name becomes a table of the catalog
//	-- now --         optional: the instant now() returns (default
//	                  2024-01-01T00:00:00Z)
//	-- query --       the query to run
//	-- columns --     optional: the expected columns, as name:type, ...
//
// and exactly one expected outcome:
//
//	-- rows --        expected rows as JSON arrays, one a line, in any order
//	-- ordered --     the same, in this order
//	-- empty --       no rows
//	-- error --       line:col: text; the query must fail at that
//	                  position with a message containing the text
type Script struct {
	Name     string
	Tables   string
	Now      time.Time
	Query    string
	Columns  string
	Outcome  string // "rows", "ordered", "empty" or "error"
	Expected string
}

var sectionLine = regexp.MustCompile(`^-- ([a-z]+) --\s*$`)

// ParseScript reads a scripted test from its text.
func ParseScript(name, text string) (*Script, error) {
	s := &Script{Name: name, Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	var current string
	var body strings.Builder
	flush := func() error {
		content := strings.TrimSpace(body.String())
		body.Reset()
		switch current {
		case "":
			return nil
		case "tables":
			s.Tables = content
		case "now":
			d, ok := types.ParseDateTime(content)
			if !ok {
				return fmt.Errorf("%s: invalid now %q", name, content)
			}
			s.Now = d.Time()
		case "query":
			s.Query = content
		case "columns":
			s.Columns = content
		case "rows", "ordered", "empty", "error":
			if s.Outcome != "" {
				return fmt.Errorf("%s: more than one expected outcome", name)
			}
			s.Outcome, s.Expected = current, content
		default:
			return fmt.Errorf("%s: unknown section %q", name, current)
		}
		return nil
	}
	for _, line := range strings.Split(text, "\n") {
		if m := sectionLine.FindStringSubmatch(line); m != nil {
			if err := flush(); err != nil {
				return nil, err
			}
			current = m[1]
			continue
		}
		if current != "" {
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if s.Query == "" {
		return nil, fmt.Errorf("%s: no query section", name)
	}
	if s.Outcome == "" {
		return nil, fmt.Errorf("%s: no expected outcome (rows, ordered, empty or error)", name)
	}
	return s, nil
}

// LoadScript reads a scripted test file.
func LoadScript(path string) (*Script, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseScript(path, string(b))
}

// errorPos splits an expected error into its line:col and its text.
var errorPos = regexp.MustCompile(`^(\d+:\d+):\s*(.*)$`)

var letName = regexp.MustCompile(`(?m)^\s*let\s+([A-Za-z_][A-Za-z0-9_]*)\s*=`)

// buildTables runs the tables section and returns the catalog tables.
func (s *Script) buildTables() (map[string]*column.Table, error) {
	out := map[string]*column.Table{}
	if s.Tables == "" {
		return out, nil
	}
	text := s.Tables
	if !strings.HasSuffix(strings.TrimSpace(text), ";") {
		text += ";"
	}
	for _, m := range letName.FindAllStringSubmatch(s.Tables, -1) {
		name := m[1]
		q, err := kql.Compile(text+"\n"+name, kql.NewCatalog())
		if err != nil {
			return nil, fmt.Errorf("tables section: %v", err)
		}
		t, err := q.Run(context.Background(), kql.Options{})
		if err != nil {
			return nil, fmt.Errorf("tables section: %v", err)
		}
		out[name] = t
	}
	return out, nil
}

// Variant is one way of running a script: rows per batch and goroutines.
type Variant struct {
	BatchSize   int
	Parallelism int
}

// Variants are the configurations every script runs under. Results must
// not depend on them.
var Variants = []Variant{{1, 1}, {3, 1}, {0, 1}, {1, 4}, {3, 4}, {0, 4}}

// RunScript runs a script under every variant and returns an error
// describing the first disagreement with the expected outcome.
func RunScript(s *Script) error {
	tables, err := s.buildTables()
	if err != nil {
		return err
	}
	for _, v := range Variants {
		if err := s.runVariant(tables, v); err != nil {
			return fmt.Errorf("batch size %d, parallelism %d: %w", v.BatchSize, v.Parallelism, err)
		}
	}
	return nil
}

func (s *Script) runVariant(tables map[string]*column.Table, v Variant) error {
	cat := kql.NewCatalog()
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t := tables[n]
		if v.BatchSize > 0 {
			t = t.Rebatch(v.BatchSize)
		}
		cat.Add(n, t)
	}
	q, err := kql.Compile(s.Query, cat)
	var res *kql.Table
	if err == nil {
		res, err = q.Run(context.Background(), kql.Options{Now: s.Now, BatchSize: v.BatchSize, Parallelism: v.Parallelism})
	}
	if s.Outcome == "error" {
		if err == nil {
			return fmt.Errorf("expected error %q, got %d rows", s.Expected, res.NumRows())
		}
		want := s.Expected
		if m := errorPos.FindStringSubmatch(want); m != nil {
			if !strings.HasPrefix(err.Error(), m[1]+":") {
				return fmt.Errorf("expected error %q, got %q", s.Expected, err.Error())
			}
			want = m[2]
		}
		if !strings.Contains(err.Error(), strings.TrimSpace(want)) {
			return fmt.Errorf("expected error %q, got %q", s.Expected, err.Error())
		}
		return nil
	}
	if err != nil {
		return err
	}
	if s.Columns != "" {
		if got := columnList(res.Columns); got != "("+normalizeColumns(s.Columns)+")" {
			return fmt.Errorf("got columns %s, want (%s)", got, normalizeColumns(s.Columns))
		}
	}
	exp := Expect{RowCount: 0}
	for _, c := range res.Columns {
		exp.Columns = append(exp.Columns, ExpectedColumn{Name: c.Name})
	}
	if s.Outcome != "empty" {
		for i, line := range strings.Split(s.Expected, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			dec := json.NewDecoder(strings.NewReader(line))
			dec.UseNumber()
			var row []any
			if err := dec.Decode(&row); err != nil {
				return fmt.Errorf("expected row %d is not a JSON array: %v", i+1, err)
			}
			exp.Rows = append(exp.Rows, row)
		}
	}
	exp.RowCount = len(exp.Rows)
	if reason := compareTable(exp, s.Outcome == "ordered", res); reason != "" {
		return fmt.Errorf("%s", reason)
	}
	return nil
}

func normalizeColumns(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
