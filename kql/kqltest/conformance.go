// Package kqltest runs KQL test cases: conformance cases recorded from
// Kusto (JSON lines, one case a line) and the engine's scripted tests
// (files under testdata that declare tables, a query and one expected
// outcome).
//
// Start with RunConformanceFile for recorded cases and RunScript for
// scripted ones.
package kqltest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql"
	"github.com/quarry-kql/quarry/kql/types"
)

// Case is one recorded conformance case.
type Case struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Query  string `json:"query"`
	Expect Expect `json:"expect"`
}

// Expect is a case's expected outcome.
type Expect struct {
	Error        bool             `json:"error"`
	Columns      []ExpectedColumn `json:"columns"`
	Rows         [][]any          `json:"rows"`
	RowCount     int              `json:"row_count"`
	RowsComplete *bool            `json:"rows_complete"`
	Display      bool             `json:"display"`
}

// ExpectedColumn is a column name with an optional Kusto type name.
type ExpectedColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is the outcome of running one case.
type Result struct {
	ID          string
	Pass        bool
	Unsupported bool   // the engine rejected the query as unsupported
	Reason      string // the cause of the failure
}

// LoadCases reads a JSON-lines file of cases. Numbers are kept exact.
func LoadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		var c Case
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s:%d: invalid case: %v", path, line, err)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// conformanceNow is the clock conformance cases run with. Recorded
// results that depend on now() cannot match any fixed clock.
var conformanceNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// RunCase runs one case. A panic inside the engine is caught and
// reported as a failure, so one bad case cannot stop a run.
func RunCase(c Case) (res Result) {
	res.ID = c.ID
	defer func() {
		if p := recover(); p != nil {
			res.Pass = false
			res.Reason = fmt.Sprintf("panic: %v", p)
		}
	}()
	q, err := kql.Compile(c.Query, kql.NewCatalog())
	var table *kql.Table
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		table, err = q.Run(ctx, kql.Options{Now: conformanceNow, MaxRows: 10_000_000, MaxMemory: 2 << 30})
	}
	if c.Expect.Error {
		if err != nil {
			res.Pass = true
			return res
		}
		res.Reason = "expected an error, got a result"
		return res
	}
	if err != nil {
		res.Reason = err.Error()
		res.Unsupported = strings.Contains(err.Error(), "not supported") || strings.Contains(err.Error(), "unknown function")
		return res
	}
	if reason := compareTable(c.Expect, q.Ordered(), table); reason != "" {
		res.Reason = reason
		return res
	}
	res.Pass = true
	return res
}

func compareTable(exp Expect, ordered bool, t *kql.Table) string {
	if len(exp.Columns) != len(t.Columns) {
		return fmt.Sprintf("got columns %s, want %s", columnList(t.Columns), expectedList(exp.Columns))
	}
	for i, c := range exp.Columns {
		got := t.Columns[i]
		if got.Name != c.Name {
			return fmt.Sprintf("got columns %s, want %s", columnList(t.Columns), expectedList(exp.Columns))
		}
		if c.Type != "" && !sameType(c.Type, got.Type) {
			return fmt.Sprintf("column %s has type %s, want %s", got.Name, got.Type, c.Type)
		}
	}
	rows := t.Rows()
	if len(rows) != exp.RowCount {
		return fmt.Sprintf("got %d rows, want %d", len(rows), exp.RowCount)
	}
	kinds := make([]types.Kind, len(t.Columns))
	for i, c := range t.Columns {
		kinds[i] = c.Type
	}
	complete := exp.RowsComplete == nil || *exp.RowsComplete
	match := func(got []types.Value, want []any) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if !valueMatches(got[i], kinds[i], want[i], exp.Display) {
				return false
			}
		}
		return true
	}
	if ordered {
		for i, w := range exp.Rows {
			if i >= len(rows) || !match(rows[i], w) {
				return fmt.Sprintf("row %d: got %s, want %s", i, formatRow(rows, i), mustJSON(w))
			}
		}
		return ""
	}
	used := make([]bool, len(rows))
	for _, w := range exp.Rows {
		found := false
		for i, g := range rows {
			if !used[i] && match(g, w) {
				used[i] = true
				found = true
				break
			}
		}
		if !found {
			return fmt.Sprintf("expected row %s not found; got %s", mustJSON(w), formatRows(rows))
		}
	}
	_ = complete
	return ""
}

func sameType(want string, got types.Kind) bool {
	switch want {
	case "long":
		return got == types.Long || got == types.Int
	case "real":
		return got == types.Real || got == types.Decimal
	}
	return want == got.String()
}

func columnList(cols []types.Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name + ":" + c.Type.String()
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func expectedList(cols []ExpectedColumn) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Name
		if c.Type != "" {
			parts[i] += ":" + c.Type
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func formatRow(rows [][]types.Value, i int) string {
	if i >= len(rows) {
		return "no row"
	}
	parts := make([]string, len(rows[i]))
	for j, v := range rows[i] {
		if v == nil {
			parts[j] = "null"
			continue
		}
		if _, isStr := v.(string); isStr {
			parts[j] = strconv.Quote(v.(string))
			continue
		}
		parts[j] = types.Format(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func formatRows(rows [][]types.Value) string {
	var parts []string
	for i := range rows {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("... %d more", len(rows)-5))
			break
		}
		parts = append(parts, formatRow(rows, i))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// valueMatches compares one engine value with one expected JSON value.
func valueMatches(got types.Value, kind types.Kind, want any, display bool) bool {
	if display {
		return displayMatches(got, want)
	}
	if want == nil {
		return got == nil || (kind == types.String && got == "")
	}
	if got == nil {
		return false
	}
	switch kind {
	case types.Dynamic:
		return jsonEqual(normalizeDynamic(got), want)
	case types.Real, types.Decimal:
		f, _ := types.AsFloat(got)
		return floatMatches(f, want)
	case types.Long, types.Int:
		n, ok := types.AsInt(got)
		num, isNum := want.(json.Number)
		return ok && isNum && string(num) == strconv.FormatInt(n, 10)
	case types.Bool:
		b, ok := want.(bool)
		return ok && b == got
	case types.DateTime:
		s, ok := want.(string)
		d, ok2 := types.ParseDateTime(s)
		return ok && ok2 && d == got
	case types.TimeSpan:
		s, ok := want.(string)
		d, ok2 := types.ParseTimeSpan(s)
		return ok && ok2 && d == got
	case types.Guid:
		s, ok := want.(string)
		return ok && strings.EqualFold(s, types.Format(got))
	}
	s, ok := want.(string)
	return ok && s == types.Format(got)
}

func floatMatches(f float64, want any) bool {
	switch w := want.(type) {
	case string:
		switch w {
		case "NaN":
			return math.IsNaN(f)
		case "Infinity":
			return math.IsInf(f, 1)
		case "-Infinity":
			return math.IsInf(f, -1)
		}
		return false
	case json.Number:
		x, err := strconv.ParseFloat(string(w), 64)
		if err != nil {
			return false
		}
		return closeEnough(f, x)
	}
	return false
}

func closeEnough(a, b float64) bool {
	if a == b {
		return true
	}
	diff := math.Abs(a - b)
	scale := math.Max(math.Abs(a), math.Abs(b))
	return diff <= 1e-9*scale || diff < 1e-12
}

// normalizeDynamic turns a dynamic payload into the JSON shape the
// recorded results use: datetimes, timespans and guids as strings.
func normalizeDynamic(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeDynamic(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeDynamic(e)
		}
		return out
	case types.DateTimeValue, types.TimeSpanValue, types.GuidValue:
		return types.Format(x)
	case types.DecimalValue:
		return x.Float64()
	case int32:
		return int64(x)
	}
	return v
}

// jsonEqual compares an engine payload with a decoded JSON value, numbers
// by value.
func jsonEqual(got, want any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case json.Number:
		switch g := got.(type) {
		case int64:
			if n, err := strconv.ParseInt(string(w), 10, 64); err == nil {
				return n == g
			}
			f, _ := strconv.ParseFloat(string(w), 64)
			return float64(g) == f
		case float64:
			f, _ := strconv.ParseFloat(string(w), 64)
			return closeEnough(g, f)
		}
		return false
	case string:
		switch g := got.(type) {
		case string:
			return g == w
		case float64:
			return floatMatches(g, w)
		}
		return false
	case bool:
		return got == w
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonEqual(g[i], w[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, e := range w {
			x, ok := g[k]
			if !ok || !jsonEqual(x, e) {
				return false
			}
		}
		return true
	}
	return false
}

// displayMatches compares a value with the text a documentation table
// shows: numbers by value, datetimes and timespans by what they spell,
// JSON by structure, other text after trimming. An empty cell matches ""
// and null.
func displayMatches(got types.Value, want any) bool {
	w, ok := want.(string)
	if !ok {
		if want == nil {
			return got == nil || got == ""
		}
		return jsonEqual(normalizeDynamic(got), want)
	}
	// Documentation tables break long JSON values with <br>.
	w = strings.TrimSpace(strings.ReplaceAll(w, "<br>", ""))
	if w == "" || w == "null" {
		return got == nil || got == ""
	}
	if got == nil {
		return false
	}
	switch g := got.(type) {
	case int64, int32, float64, types.DecimalValue:
		f, _ := types.AsFloat(g)
		switch w {
		case "NaN":
			return math.IsNaN(f)
		case "∞", "+∞":
			return math.IsInf(f, 1)
		case "-∞":
			return math.IsInf(f, -1)
		}
		if x, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64); err == nil {
			return closeEnough(f, x) || math.Abs(f-x) < 1e-6*math.Max(1, math.Abs(x))
		}
		return floatMatches(f, w)
	case bool:
		// Documentation tables print booleans as true/false or as 1/0.
		return strings.EqualFold(w, strconv.FormatBool(g)) || w == strconv.Itoa(int(b2i(g)))
	case types.DateTimeValue:
		d, ok := types.ParseDateTime(w)
		return ok && d == g
	case types.TimeSpanValue:
		d, ok := types.ParseTimeSpan(w)
		return ok && d == g
	case string:
		return strings.TrimSpace(g) == w
	case types.GuidValue:
		return strings.EqualFold(w, g.String())
	}
	dec := json.NewDecoder(strings.NewReader(w))
	dec.UseNumber()
	var parsed any
	if err := dec.Decode(&parsed); err == nil {
		return jsonEqual(normalizeDynamic(got), parsed)
	}
	return strings.TrimSpace(types.Format(got)) == w
}

// Summary counts the outcomes of a run.
type Summary struct {
	Passed, Failed, Unsupported int
	Failures                    []Result
}

func (s Summary) String() string {
	return fmt.Sprintf("%d passed, %d failed", s.Passed, s.Failed)
}

// RunConformanceFile runs every case in a JSON-lines file.
func RunConformanceFile(path string) (Summary, error) {
	cases, err := LoadCases(path)
	if err != nil {
		return Summary{}, err
	}
	var s Summary
	for _, c := range cases {
		r := RunCase(c)
		if r.Pass {
			s.Passed++
			continue
		}
		s.Failed++
		if r.Unsupported {
			s.Unsupported++
		}
		s.Failures = append(s.Failures, r)
	}
	sort.SliceStable(s.Failures, func(i, j int) bool { return s.Failures[i].ID < s.Failures[j].ID })
	return s, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
