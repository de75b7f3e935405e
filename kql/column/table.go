package column

import (
	"fmt"

	"github.com/quarry-kql/quarry/kql/types"
)

// DefaultBatchSize is the number of rows per batch that TableBuilder and
// the operators produce unless a caller sets another.
const DefaultBatchSize = 8192

// Batch is a slice of a table's rows: one vector per column, all of the
// same length.
type Batch struct {
	Len     int
	Vectors []*Vector
}

// Table is a tabular result or input: a schema and its rows, split into
// batches.
type Table struct {
	Columns []types.Column
	Batches []*Batch
}

// NumRows returns the number of rows over all batches.
func (t *Table) NumRows() int {
	n := 0
	for _, b := range t.Batches {
		n += b.Len
	}
	return n
}

// Column returns the index of the named column, or -1.
func (t *Table) Column(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Rows returns every row as a slice of types.Value, for tests and
// printing. It copies the data, so avoid it on large tables.
func (t *Table) Rows() [][]types.Value {
	out := make([][]types.Value, 0, t.NumRows())
	for _, b := range t.Batches {
		for i := 0; i < b.Len; i++ {
			row := make([]types.Value, len(b.Vectors))
			for c, v := range b.Vectors {
				row[c] = v.Value(i)
			}
			out = append(out, row)
		}
	}
	return out
}

// Vector returns column c of the whole table as one vector.
func (t *Table) Vector(c int) *Vector {
	parts := make([]*Vector, 0, len(t.Batches))
	for _, b := range t.Batches {
		parts = append(parts, b.Vectors[c])
	}
	if len(parts) == 0 {
		return NewBuilder(t.Columns[c].Type, 0).Build()
	}
	return Concat(t.Columns[c].Type, parts)
}

// Rebatch returns the same rows cut into batches of at most size rows.
// The vectors share storage with t where they can.
func (t *Table) Rebatch(size int) *Table {
	if size <= 0 {
		size = DefaultBatchSize
	}
	out := &Table{Columns: t.Columns}
	if t.NumRows() == 0 {
		return out
	}
	whole := make([]*Vector, len(t.Columns))
	for c := range t.Columns {
		whole[c] = t.Vector(c)
	}
	n := t.NumRows()
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		b := &Batch{Len: hi - lo, Vectors: make([]*Vector, len(whole))}
		for c, v := range whole {
			b.Vectors[c] = v.Slice(lo, hi)
		}
		out.Batches = append(out.Batches, b)
	}
	return out
}

// TableBuilder builds a table from rows of Go values. Each string column
// gets one dictionary shared by all of its batches.
type TableBuilder struct {
	columns   []types.Column
	batchSize int
	builders  []*Builder
	dicts     []*Dict
	batches   []*Batch
	rows      int
	scratch   []types.Value
}

// NewTableBuilder returns a builder for a table with the given columns.
// batchSize 0 means DefaultBatchSize.
func NewTableBuilder(columns []types.Column, batchSize int) *TableBuilder {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}
	tb := &TableBuilder{columns: columns, batchSize: batchSize, dicts: make([]*Dict, len(columns))}
	for i, c := range columns {
		if c.Type == types.String {
			tb.dicts[i] = NewDict()
		}
	}
	tb.startBatch()
	return tb
}

func (tb *TableBuilder) startBatch() {
	tb.builders = make([]*Builder, len(tb.columns))
	for i, c := range tb.columns {
		tb.builders[i] = NewBuilderDict(c.Type, tb.batchSize, tb.dicts[i])
	}
}

// AppendRow appends one row. row[i] fills column i and may be nil (null,
// or "" for a string column), bool, any Go integer type, float32 or
// float64, string, time.Time, time.Duration, a types value
// (DateTimeValue, TimeSpanValue, GuidValue, DecimalValue), or for dynamic
// columns map[string]any, []any and scalars. Strings are parsed into
// datetime, timespan, guid, numeric and dynamic columns. A value that
// does not fit its column is an error naming the row and column.
func (tb *TableBuilder) AppendRow(row []any) error {
	if len(row) != len(tb.columns) {
		return fmt.Errorf("row %d has %d values, but the table has %d columns", tb.rows, len(row), len(tb.columns))
	}
	// Convert every value before appending any, so a rejected row leaves
	// the columns aligned.
	if cap(tb.scratch) < len(row) {
		tb.scratch = make([]types.Value, len(row))
	}
	vals := tb.scratch[:len(row)]
	for i, x := range row {
		v, err := Convert(x, tb.columns[i].Type)
		if err != nil {
			return fmt.Errorf("row %d, column %s: %w", tb.rows, tb.columns[i].Name, err)
		}
		vals[i] = v
	}
	for i, v := range vals {
		tb.builders[i].Append(v)
	}
	tb.rows++
	if tb.builders[0] != nil && len(tb.columns) > 0 && tb.builders[0].Len() >= tb.batchSize {
		tb.flush()
	}
	if len(tb.columns) == 0 {
		tb.batches = append(tb.batches, &Batch{Len: 1})
	}
	return nil
}

func (tb *TableBuilder) flush() {
	if len(tb.columns) == 0 || tb.builders[0].Len() == 0 {
		return
	}
	b := &Batch{Len: tb.builders[0].Len(), Vectors: make([]*Vector, len(tb.columns))}
	for i, bl := range tb.builders {
		b.Vectors[i] = bl.Build()
	}
	tb.batches = append(tb.batches, b)
	tb.startBatch()
}

// Build returns the table. The builder must not be used afterwards.
func (tb *TableBuilder) Build() *Table {
	tb.flush()
	return &Table{Columns: tb.columns, Batches: tb.batches}
}

// FromRows builds a table from rows in one call; see AppendRow.
func FromRows(columns []types.Column, rows [][]any) (*Table, error) {
	tb := NewTableBuilder(columns, 0)
	for _, r := range rows {
		if err := tb.AppendRow(r); err != nil {
			return nil, err
		}
	}
	return tb.Build(), nil
}
