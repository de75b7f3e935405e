package types

import "sync/atomic"

// Schema is the row type of a table: its columns in order. The binder
// gives one to every tabular expression.
//
// An open schema may have more columns than it lists, known only when the
// query runs: the output of evaluate bag_unpack, for example. A reference
// to an unlisted column of an open schema is not an error, and its type
// is dynamic.
//
// Build a new Schema rather than changing one: Index caches positions on
// first use. Index may be called from several goroutines at once.
type Schema struct {
	Columns []Column
	Open    bool
	index   atomic.Pointer[map[string]int]
}

// NewSchema returns a schema with the given columns. It keeps the slice.
func NewSchema(columns []Column, open bool) *Schema {
	return &Schema{Columns: columns, Open: open}
}

// Index returns the position of the column called name, or -1. Column
// names are case-sensitive.
func (s *Schema) Index(name string) int {
	if len(s.Columns) > 16 {
		index := s.index.Load()
		if index == nil {
			m := make(map[string]int, len(s.Columns))
			for i := len(s.Columns) - 1; i >= 0; i-- {
				m[s.Columns[i].Name] = i
			}
			index = &m
			s.index.Store(index)
		}
		if i, ok := (*index)[name]; ok {
			return i
		}
		return -1
	}
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Lookup returns the column called name.
func (s *Schema) Lookup(name string) (Column, bool) {
	if i := s.Index(name); i >= 0 {
		return s.Columns[i], true
	}
	return Column{}, false
}

// Names returns the column names in order.
func (s *Schema) Names() []string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return names
}

// AddColumn appends a column. The binder uses it for open schemas: they
// gain a column of unknown type when a query refers to a name they do not
// list, as in Kusto's binder. Other code should build a new Schema.
// AddColumn must not run while another goroutine reads the schema.
func (s *Schema) AddColumn(c Column) {
	s.Columns = append(s.Columns, c)
	s.index.Store(nil)
}
