package mapping

import (
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/schema"
	"github.com/quarry-kql/quarry/source"
)

// Defender and Sentinel rows read from exports keep their table. Their values
// are converted to the types of the table's schema, and the columns the
// schema lacks are kept as extra columns. A Sentinel export of a Device table
// carries TenantId, TimeGenerated and Type, which the Defender flavour has
// no place for, and exports from newer schemas carry columns quarry does not
// know yet.

// passThrough converts one table row. It returns the reason when the table
// has no schema, and every value a column's type cannot hold (that column is
// left null).
func passThrough(r *source.Row) (Row, []fieldProblem, string) {
	t, ok := Schema(r.Table)
	if !ok {
		return schemaless(r), nil, ""
	}
	b := newRow(r.Table)
	var problems []fieldProblem

	exact := make(map[string]int, len(r.Columns))
	folded := make(map[string]int, len(r.Columns))
	for i, c := range r.Columns {
		exact[c.Name] = i
		if _, seen := folded[strings.ToLower(c.Name)]; !seen {
			folded[strings.ToLower(c.Name)] = i
		}
	}
	used := make([]bool, len(r.Columns))
	find := func(name string) (int, bool) {
		if i, ok := exact[name]; ok {
			return i, true
		}
		i, ok := folded[strings.ToLower(name)]
		return i, ok
	}

	for ci, col := range t.Columns {
		i, ok := find(col.Name)
		if !ok {
			continue
		}
		used[i] = true
		v, err := convert(r.Columns[i].Value, col.Type)
		if err != nil {
			problems = append(problems, fieldProblem{field: col.Name, value: describe(r.Columns[i].Value)})
			continue
		}
		b.row.Values[ci] = v
	}

	// A row exported from the other flavour names its time column
	// differently; fill the time column from it.
	for _, alias := range [][2]string{{"Timestamp", "TimeGenerated"}, {"TimeGenerated", "Timestamp"}} {
		ci := t.Column(alias[0])
		if ci < 0 || b.row.Values[ci] != nil {
			continue
		}
		if i, ok := find(alias[1]); ok {
			if v, err := convert(r.Columns[i].Value, types.DateTime); err == nil {
				b.row.Values[ci] = v
			}
		}
	}
	if ci := t.Column("Type"); ci >= 0 && b.row.Values[ci] == "" {
		b.row.Values[ci] = r.Table
	}

	other := otherFlavour(r.Table)
	for i, c := range r.Columns {
		if used[i] || c.Value == nil || c.Value == "" {
			continue
		}
		if e, ok := extraColumn(c, other); ok {
			b.row.Extra = append(b.row.Extra, e)
		}
	}
	return b.done(), problems, ""
}

// schemaless keeps a row of a table quarry has no schema for, such as an
// export of CloudAppEvents, as extra columns typed from their values, so
// the table can still be queried. TimeGenerated and Timestamp are read as
// datetimes, because replay windows need them. Null and empty values are
// left out, as for any extra column.
func schemaless(r *source.Row) Row {
	row := Row{Table: r.Table}
	for _, c := range r.Columns {
		if c.Value == nil || c.Value == "" {
			continue
		}
		if c.Name == "TimeGenerated" || c.Name == "Timestamp" {
			if v, err := convert(c.Value, types.DateTime); err == nil && v != nil {
				row.Extra = append(row.Extra, Extra{Name: c.Name, Type: types.DateTime, Value: v})
				continue
			}
		}
		if e, ok := extraColumn(c, nil); ok {
			row.Extra = append(row.Extra, e)
		}
	}
	return row
}

// otherFlavour returns the table's columns in the flavour Schema does not
// use, or nil.
func otherFlavour(table string) *schema.Table {
	if _, ok := schema.Defender().Lookup(table); ok {
		t, _ := schema.Sentinel().Lookup(table)
		return t
	}
	return nil
}

// extraColumn types a column outside the schema: with its type in the other
// flavour when that flavour has it and the value converts, else with the
// type of its input value.
func extraColumn(c source.Column, other *schema.Table) (Extra, bool) {
	if other != nil {
		if i := other.Column(c.Name); i >= 0 {
			kind := other.Columns[i].Type
			if v, err := convert(c.Value, kind); err == nil && v != nil {
				return Extra{Name: c.Name, Type: kind, Value: v}, true
			}
		}
	}
	kind, ok := jsonKind(c.Value)
	if !ok {
		return Extra{}, false
	}
	v, err := convert(c.Value, kind)
	if err != nil || v == nil && kind != types.String {
		return Extra{Name: c.Name, Type: types.String, Value: toString(c.Value)}, true
	}
	return Extra{Name: c.Name, Type: kind, Value: v}, true
}
