package sema

import (
	"sort"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
)

// Catalog is the database a query binds against: its tables by name.
type Catalog interface {
	// Table returns the schema of the table called name. Table names are
	// case-sensitive.
	Table(name string) (*types.Schema, bool)
	// TableNames returns the names of all tables, for wildcards such as
	// `union Device*` and for spelling suggestions.
	TableNames() []string
}

// SchemaCatalog adapts a set of tables from package schema, such as
// schema.Combined(), to a Catalog.
func SchemaCatalog(set *schema.Set) Catalog {
	c := &setCatalog{tables: map[string]*types.Schema{}}
	for _, t := range set.Tables() {
		c.tables[t.Name] = types.NewSchema(t.Columns, false)
		c.names = append(c.names, t.Name)
	}
	sort.Strings(c.names)
	return c
}

type setCatalog struct {
	tables map[string]*types.Schema
	names  []string
}

func (c *setCatalog) Table(name string) (*types.Schema, bool) {
	s, ok := c.tables[name]
	return s, ok
}

func (c *setCatalog) TableNames() []string { return c.names }

// MapCatalog is a Catalog held in a map from table name to schema, handy
// for tests and for programs that build their tables at run time.
type MapCatalog map[string]*types.Schema

// Table returns the named table.
func (m MapCatalog) Table(name string) (*types.Schema, bool) {
	s, ok := m[name]
	return s, ok
}

// TableNames returns the table names in sorted order.
func (m MapCatalog) TableNames() []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
