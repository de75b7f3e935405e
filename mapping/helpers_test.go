package mapping

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/source"
)

// readRecords reads a testdata file and fails on any input problem.
func readRecords(t *testing.T, name string) []*source.Record {
	t.Helper()
	r := source.NewReader(source.Options{})
	var recs []*source.Record
	for rec := range r.Records(filepath.Join("testdata", name)) {
		recs = append(recs, rec)
	}
	for _, f := range r.Summary().Files {
		for _, p := range f.Details {
			t.Fatalf("input problem: %s", p)
		}
	}
	return recs
}

// eventRows maps the event with the given record ID from testdata/events.jsonl.
func eventRows(t *testing.T, recordID uint64) []Row {
	t.Helper()
	for _, rec := range readRecords(t, "events.jsonl") {
		if rec.Event.RecordID == recordID {
			rows := NewMapper().Map(rec)
			for _, row := range rows {
				checkContract(t, row)
			}
			return rows
		}
	}
	t.Fatalf("no event with record ID %d in testdata/events.jsonl", recordID)
	return nil
}

// rowOf returns the row of the named table.
func rowOf(t *testing.T, rows []Row, table string) Row {
	t.Helper()
	for _, r := range rows {
		if r.Table == table {
			return r
		}
	}
	var tables []string
	for _, r := range rows {
		tables = append(tables, r.Table)
	}
	t.Fatalf("no %s row among %v", table, tables)
	return Row{}
}

// expectColumns checks column values of a row; a nil want means null.
func expectColumns(t *testing.T, row Row, want map[string]any) {
	t.Helper()
	for column, w := range want {
		got, ok := row.Get(column)
		if !ok {
			t.Errorf("%s has no column %s", row.Table, column)
			continue
		}
		if wt, ok := w.(time.Time); ok {
			gt, ok := got.(time.Time)
			if !ok || !gt.Equal(wt) {
				t.Errorf("%s.%s = %#v, want %v", row.Table, column, got, wt)
			}
			continue
		}
		if got != w {
			t.Errorf("%s.%s = %#v, want %#v", row.Table, column, got, w)
		}
	}
}

// checkContract checks that every value has the Go type the package
// documentation promises for its column's kind.
func checkContract(t *testing.T, row Row) {
	t.Helper()
	table, ok := Schema(row.Table)
	if !ok {
		// A pass-through row of a table without a schema carries only
		// extra columns.
		if len(row.Values) != 0 {
			t.Fatalf("%s row has %d values but its table has no schema", row.Table, len(row.Values))
		}
		for _, e := range row.Extra {
			checkKind(t, row.Table+" extra "+e.Name, e.Type, e.Value)
		}
		return
	}
	if len(row.Values) != len(table.Columns) {
		t.Fatalf("%s row has %d values for %d columns", row.Table, len(row.Values), len(table.Columns))
	}
	for i, c := range table.Columns {
		checkKind(t, row.Table+"."+c.Name, c.Type, row.Values[i])
	}
	for _, e := range row.Extra {
		if table.Column(e.Name) >= 0 {
			t.Errorf("%s extra column %s is in the schema", row.Table, e.Name)
		}
		checkKind(t, row.Table+" extra "+e.Name, e.Type, e.Value)
	}
}

func checkKind(t *testing.T, name string, kind types.Kind, v any) {
	t.Helper()
	if v == nil {
		if kind == types.String {
			t.Errorf("%s: string column is nil", name)
		}
		return
	}
	ok := false
	switch kind {
	case types.Bool:
		_, ok = v.(bool)
	case types.Int, types.Long:
		_, ok = v.(int64)
	case types.Real, types.Decimal:
		_, ok = v.(float64)
	case types.String, types.Guid:
		_, ok = v.(string)
	case types.DateTime:
		var tm time.Time
		tm, ok = v.(time.Time)
		ok = ok && tm.Location() == time.UTC
	case types.TimeSpan:
		_, ok = v.(time.Duration)
	case types.Dynamic:
		ok = isDynamicValue(v)
	}
	if !ok {
		t.Errorf("%s: %T value %#v for a %s column", name, v, v, kind)
	}
}

func isDynamicValue(v any) bool {
	switch x := v.(type) {
	case nil, string, float64, bool:
		return true
	case []any:
		for _, e := range x {
			if !isDynamicValue(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !isDynamicValue(e) {
				return false
			}
		}
		return true
	}
	return false
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}
