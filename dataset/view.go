package dataset

import (
	"sort"
	"strings"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/source"
)

// View is the set of tables one query run reads: every table of the
// dataset, limited to a time window or whole. It also has an empty table
// for each known table the input had no rows for, so a query that names
// one runs and returns nothing instead of failing.
type View struct {
	d        *Dataset
	from, to time.Time
	whole    bool
}

// All returns a view of every row.
func (d *Dataset) All() *View { return &View{d: d, whole: true} }

// Window returns a view of the rows whose time lies in (from, to], the way
// a Sentinel scheduled run reads its query period. Rows without a time are
// outside every window.
func (d *Dataset) Window(from, to time.Time) *View { return &View{d: d, from: from, to: to} }

// EventTimes returns the distinct times of all rows, sorted.
func (d *Dataset) EventTimes() []time.Time { return d.times }

// TableNames returns the names of the tables the view offers, sorted: the
// tables of the input and every known table.
func (v *View) TableNames() []string {
	seen := map[string]bool{}
	var names []string
	for name := range v.d.tables {
		seen[name] = true
		names = append(names, name)
	}
	for _, t := range v.d.known.Tables() {
		if !seen[t.Name] {
			names = append(names, t.Name)
		}
	}
	sort.Strings(names)
	return names
}

// TableSchema returns the named table's columns.
func (v *View) TableSchema(name string) ([]types.Column, bool) {
	if t, ok := v.d.tables[name]; ok {
		return t.data.Columns, true
	}
	return v.d.Columns(name)
}

// Table returns the named table's rows inside the view's window.
func (v *View) Table(name string) (*column.Table, bool) {
	t, ok := v.d.tables[name]
	if !ok {
		cols, known := v.d.Columns(name)
		if !known {
			return nil, false
		}
		return &column.Table{Columns: cols}, true
	}
	if v.whole {
		return t.data, true
	}
	lo := sort.Search(len(t.times), func(i int) bool { return t.times[i].After(v.from) })
	hi := sort.Search(len(t.times), func(i int) bool { return t.times[i].After(v.to) })
	return slice(t.data, lo, hi), true
}

// RowCount returns the number of rows of the named table in the whole
// dataset.
func (d *Dataset) RowCount(name string) int {
	if t, ok := d.tables[name]; ok {
		return len(t.times)
	}
	return 0
}

// slice returns rows [lo, hi) of a table, sharing its vectors.
func slice(t *column.Table, lo, hi int) *column.Table {
	out := &column.Table{Columns: t.Columns}
	start := 0
	for _, b := range t.Batches {
		end := start + b.Len
		from, to := max(lo, start), min(hi, end)
		if from < to {
			nb := &column.Batch{Len: to - from, Vectors: make([]*column.Vector, len(b.Vectors))}
			for i, vec := range b.Vectors {
				nb.Vectors[i] = vec.Slice(from-start, to-start)
			}
			out.Batches = append(out.Batches, nb)
		}
		start = end
	}
	return out
}

// Sources returns the input records of the rows, in any table, whose time
// is t and, when host is not empty, whose DeviceName or Computer is host.
// An alert's row usually keeps its event's time and host, so these are the
// records it most likely came from. A rule that computes its own times or
// merges rows has none.
func (d *Dataset) Sources(t time.Time, host string) []source.Origin {
	var out []source.Origin
	seen := map[source.Origin]bool{}
	names := make([]string, 0, len(d.tables))
	for name := range d.tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		tab := d.tables[name]
		i := sort.Search(len(tab.times), func(i int) bool { return !tab.times[i].Before(t) })
		for ; i < len(tab.times) && tab.times[i].Equal(t); i++ {
			if host != "" && !strings.EqualFold(tab.hosts[i], host) {
				continue
			}
			if o := tab.origins[i]; !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}
