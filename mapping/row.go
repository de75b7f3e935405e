package mapping

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
	"github.com/quarry-kql/quarry/source/winevent"
)

// Row is one mapped row.
type Row struct {
	Table string
	// Values holds one value per column of Schema(Table), in column order,
	// with the Go types the package documentation lists. It is empty for a
	// pass-through row of a table without a schema, whose columns are all
	// in Extra.
	Values []any
	// Extra holds the columns of a pass-through row that the table's schema
	// lacks, in input order, so nothing an export carried is lost. A column
	// whose value is null or "" is left out, because CSV cannot tell the two
	// apart and an export of a union carries every other table's columns
	// empty. Rows mapped from Windows events have no extra columns.
	Extra []Extra
}

// Extra is a column outside the table's schema.
type Extra struct {
	Name string
	// Type is the column's kind in the other flavour of the table when that
	// flavour has the column, so TimeGenerated on a Defender-flavour row is a
	// datetime. Otherwise it is the kind of the input value: string, long for
	// an integral JSON number, real for another number, bool, or dynamic for
	// a JSON object or array. Values read from CSV are strings.
	Type  types.Kind
	Value any
}

// Schema returns the columns a mapped row of the named table has: the
// Defender flavour for the tables Defender has, else the Sentinel flavour.
func Schema(table string) (*schema.Table, bool) {
	if t, ok := schema.Defender().Lookup(table); ok {
		return t, true
	}
	return schema.Sentinel().Lookup(table)
}

// Get returns the value of the named column, from the schema columns or the
// extra columns.
func (r *Row) Get(column string) (any, bool) {
	if t, ok := Schema(r.Table); ok {
		if i := t.Column(column); i >= 0 && i < len(r.Values) {
			return r.Values[i], true
		}
	}
	for _, e := range r.Extra {
		if e.Name == column {
			return e.Value, true
		}
	}
	return nil, false
}

// WidenKind returns the kind an extra column takes when two rows give it the
// kinds a and b: the same kind when they agree, long for int and long, real
// for any two numeric kinds, and dynamic otherwise.
func WidenKind(a, b types.Kind) types.Kind {
	switch {
	case a == b:
		return a
	case a == types.Unknown:
		return b
	case b == types.Unknown:
		return a
	case (a == types.Int || a == types.Long) && (b == types.Int || b == types.Long):
		return types.Long
	case a.IsNumeric() && b.IsNumeric():
		return types.Real
	}
	return types.Dynamic
}

// columnIndexes caches, per schema table, each column's position, because
// schema.Table.Column searches the column list.
var columnIndexes sync.Map // *schema.Table → map[string]int

func columnIndex(t *schema.Table) map[string]int {
	if m, ok := columnIndexes.Load(t); ok {
		return m.(map[string]int)
	}
	m := make(map[string]int, len(t.Columns))
	for i, c := range t.Columns {
		m[c.Name] = i
	}
	columnIndexes.Store(t, m)
	return m
}

// column returns the position of the named column, or -1.
func (b *rowBuilder) column(name string) int {
	if i, ok := b.columns[name]; ok {
		return i
	}
	return -1
}

// rowBuilder fills the values of one row by column name. Setting a column
// the schema lacks, or a value of the wrong Go type, panics: both are bugs in
// a family mapping, which the tests exercise.
type rowBuilder struct {
	table   *schema.Table
	columns map[string]int
	row     Row
}

func newRow(table string) *rowBuilder {
	t, ok := Schema(table)
	if !ok {
		panic(fmt.Sprintf("mapping: no schema for table %s", table))
	}
	values := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		if c.Type == types.String {
			values[i] = ""
		}
	}
	return &rowBuilder{table: t, columns: columnIndex(t), row: Row{Table: table, Values: values}}
}

func (b *rowBuilder) index(column string, want types.Kind) int {
	i := b.column(column)
	if i < 0 {
		panic(fmt.Sprintf("mapping: table %s has no column %s", b.table.Name, column))
	}
	if got := b.table.Columns[i].Type; got != want && !(want == types.Long && got == types.Int) {
		panic(fmt.Sprintf("mapping: column %s.%s is %s, not %s", b.table.Name, column, got, want))
	}
	return i
}

// str sets a string column; an empty s leaves it "".
func (b *rowBuilder) str(column, s string) {
	b.row.Values[b.index(column, types.String)] = s
}

// long sets an int or long column.
func (b *rowBuilder) long(column string, n int64) {
	b.row.Values[b.index(column, types.Long)] = n
}

// longText sets an int or long column from decimal or hexadecimal text, and
// leaves it null when the text is empty or not a number.
func (b *rowBuilder) longText(column, text string) bool {
	n, ok := parseNumber(text)
	if ok {
		b.long(column, n)
	}
	return ok || strings.TrimSpace(text) == ""
}

func (b *rowBuilder) time(column string, t time.Time) {
	if t.IsZero() {
		return
	}
	b.row.Values[b.index(column, types.DateTime)] = t.UTC()
}

// reportID sets ReportId, Defender's per-device event number, to the event
// record ID, and leaves it null when the input had none.
func (b *rowBuilder) reportID(e *winevent.Event) {
	if e.RecordID != 0 {
		b.long("ReportId", int64(e.RecordID))
	}
}

// set stores an already converted value in any column.
func (b *rowBuilder) set(column string, v any) {
	i := b.column(column)
	if i < 0 {
		panic(fmt.Sprintf("mapping: table %s has no column %s", b.table.Name, column))
	}
	b.row.Values[i] = v
}

func (b *rowBuilder) done() Row { return b.row }
