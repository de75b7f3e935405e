// Package schema holds the column lists of the Microsoft Defender XDR and
// Microsoft Sentinel tables that quarry knows: the tables its readers fill
// and the tables its query checker resolves names against.
//
// Defender tables carry Timestamp; their Sentinel counterparts carry
// TimeGenerated, Type, TenantId and the other Log Analytics columns.
// Combined merges both flavours the way a workspace that receives Defender
// data through Sentinel exposes them.
package schema

import (
	"fmt"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// Table is a named table with its columns in their documented order.
type Table struct {
	Name    string
	Columns []types.Column
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

// Set is a collection of tables looked up by exact name.
type Set struct {
	tables []*Table
	byName map[string]*Table
}

// Lookup returns the named table.
func (s *Set) Lookup(name string) (*Table, bool) {
	t, ok := s.byName[name]
	return t, ok
}

// Tables returns the tables in the order they were defined.
func (s *Set) Tables() []*Table { return s.tables }

func newSet(tables []*Table) *Set {
	s := &Set{tables: tables, byName: make(map[string]*Table, len(tables))}
	for _, t := range tables {
		s.byName[t.Name] = t
	}
	return s
}

type tableText struct {
	name    string
	columns string
}

var (
	defender = mustParse(defenderText)
	sentinel = mustParse(sentinelText)
	combined = merge(sentinel, defender)
)

// Defender returns the Defender XDR advanced-hunting tables.
func Defender() *Set { return defender }

// Sentinel returns the Microsoft Sentinel (Log Analytics) tables.
func Sentinel() *Set { return sentinel }

// Combined returns, for each table name, the Sentinel columns followed by
// the Defender columns whose names the Sentinel flavour lacks, so a query may
// use Timestamp and TimeGenerated alike. Where both flavours name a column
// with different types (AdditionalFields is string in Defender and dynamic
// in Sentinel), the Sentinel type wins.
func Combined() *Set { return combined }

func mustParse(texts []tableText) *Set {
	tables := make([]*Table, 0, len(texts))
	for _, tt := range texts {
		t := &Table{Name: tt.name}
		for _, item := range strings.Fields(tt.columns) {
			name, typ, ok := strings.Cut(item, ":")
			kind, known := types.ParseKind(typ)
			if !ok || !known {
				panic(fmt.Sprintf("schema: table %s: invalid column %q", tt.name, item))
			}
			t.Columns = append(t.Columns, types.Column{Name: name, Type: kind})
		}
		tables = append(tables, t)
	}
	return newSet(tables)
}

func merge(first, second *Set) *Set {
	var tables []*Table
	add := func(src *Table) {
		if t, ok := findTable(tables, src.Name); ok {
			for _, c := range src.Columns {
				if t.Column(c.Name) < 0 {
					t.Columns = append(t.Columns, c)
				}
			}
			return
		}
		t := &Table{Name: src.Name, Columns: append([]types.Column(nil), src.Columns...)}
		tables = append(tables, t)
	}
	for _, t := range first.tables {
		add(t)
	}
	for _, t := range second.tables {
		add(t)
	}
	return newSet(tables)
}

func findTable(tables []*Table, name string) (*Table, bool) {
	for _, t := range tables {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}
