// Package dataset turns input files into the tables queries run over. It
// reads records with package source and maps Windows events onto the
// Defender and Sentinel tables with package mapping. It stores each table
// in columnar form, sorted by time, so a scheduled run can read just the
// rows of its window.
package dataset

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io/fs"
	"iter"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/types"
	"github.com/quarry-kql/quarry/mapping"
	"github.com/quarry-kql/quarry/schema"
	"github.com/quarry-kql/quarry/source"
)

// Dataset is the telemetry of one run, as tables.
type Dataset struct {
	tables map[string]*table
	times  []time.Time
	known  *schema.Set

	// Inputs records, per file, what was read and what was skipped.
	Inputs *source.Summary
	// Mapping counts, per kind of event, the rows mapped to each table and
	// the events no table takes.
	Mapping *mapping.Mapper
	// Rejected counts rows whose values did not fit their table's column
	// types; each was dropped and its first problems are in RejectedRows.
	Rejected     int
	RejectedRows []source.Problem
	// Untimed counts rows with neither TimeGenerated nor Timestamp. Queries
	// see them, but no scheduled run's window holds them.
	Untimed int
	// Duplicates counts rows dropped because an identical row was already
	// read: the same event from two files.
	Duplicates int
}

// table is one table's rows sorted by time. times[i] is row i's time, or
// the zero time for a row without one; those sort first and are outside
// every window.
type table struct {
	data  *column.Table
	times []time.Time
	// origins and hosts give, for each row, the input record it came from
	// and its DeviceName or Computer, for tracing alerts to their records.
	origins []source.Origin
	hosts   []string
}

// maxRejectedDetails bounds how many rejected rows are kept with details.
const maxRejectedDetails = 100

// Options configures Load.
type Options struct {
	// Source bounds record and field sizes and supplies standard input.
	Source source.Options
	// Progress, if set, is called with the number of records read so far,
	// every ProgressEvery records and once at the end.
	Progress      func(records int)
	ProgressEvery int // 0 means 10,000
	// Tables are the tables queries may name, with their columns; rows of
	// a table it has get its columns first. Nil means schema.Combined().
	Tables *schema.Set
}

// Load reads the inputs (files, folders, or "-" for standard input) and
// builds their tables. Bad input is counted in the summary, never fatal; the
// error is only for a cancelled context.
func Load(ctx context.Context, opts Options, inputs ...string) (*Dataset, error) {
	r := source.NewReader(opts.Source)
	return build(ctx, r, r.Records(inputs...), opts)
}

// LoadFS is Load over a file system such as an embedded sample.
func LoadFS(ctx context.Context, fsys fs.FS, opts Options, inputs ...string) (*Dataset, error) {
	r := source.NewReader(opts.Source)
	return build(ctx, r, r.RecordsFS(fsys, inputs...), opts)
}

// pending is one table while the input is read. Values of the schema's
// columns go straight into column builders, so a row costs its encoded
// size rather than a slice of Go values. Extra columns, which only
// pass-through rows carry and whose type may widen as rows arrive, are
// kept as Go values until the end.
type pending struct {
	name     string
	columns  []types.Column // the combined schema, then extra columns
	index    map[string]int
	nSchema  int
	builders []*column.Builder
	extras   [][]any // per extra column, one value per row appended so far
	rows     int

	times   []time.Time
	origins []source.Origin
	hosts   []string

	seed    maphash.Seed
	seen    map[uint64]bool
	scratch []any
	conv    []types.Value
}

func build(ctx context.Context, r *source.Reader, records iter.Seq[*source.Record], opts Options) (*Dataset, error) {
	d := &Dataset{tables: map[string]*table{}, Mapping: mapping.NewMapper(), known: opts.Tables}
	if d.known == nil {
		d.known = schema.Combined()
	}
	byTable := map[string]*pending{}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 10_000
	}
	n := 0
	for rec := range records {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if opts.Progress != nil && n%every == 0 {
			opts.Progress(n)
		}
		for _, row := range d.Mapping.Map(rec) {
			p := byTable[row.Table]
			if p == nil {
				p = d.newPending(row.Table)
				byTable[row.Table] = p
			}
			p.add(d, row, rec.Origin)
		}
	}
	d.Inputs = r.Summary()
	if opts.Progress != nil {
		opts.Progress(n)
	}

	for name, p := range byTable {
		t, err := d.finish(p)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		d.tables[name] = t
		for _, ts := range t.times {
			if !ts.IsZero() {
				d.times = append(d.times, ts)
			}
		}
	}
	sort.Slice(d.times, func(i, j int) bool { return d.times[i].Before(d.times[j]) })
	d.times = slices.CompactFunc(d.times, time.Time.Equal)
	return d, nil
}

// Columns returns the columns a table of that name has before extra
// columns: for the tables of Microsoft's references, the Sentinel columns
// followed by the Defender-only ones, so queries may use TimeGenerated and
// Timestamp alike, and for tables declared in Options.Tables, theirs.
func (d *Dataset) Columns(name string) ([]types.Column, bool) {
	if t, ok := d.known.Lookup(name); ok {
		return t.Columns, true
	}
	return nil, false
}

func (d *Dataset) newPending(name string) *pending {
	cols, _ := d.Columns(name)
	p := &pending{
		name:    name,
		columns: append([]types.Column(nil), cols...),
		index:   map[string]int{},
		nSchema: len(cols),
		seed:    maphash.MakeSeed(),
		seen:    map[uint64]bool{},
	}
	for i, c := range p.columns {
		p.index[c.Name] = i
		p.builders = append(p.builders, column.NewBuilder(c.Type, 0))
	}
	return p
}

// add places a mapped row's values by column name. Extra columns widen
// the table; rows that lack a column get null there. The same row seen
// before is counted as a duplicate and dropped, and a row whose value does
// not fit its column is counted as rejected.
func (p *pending) add(d *Dataset, row mapping.Row, origin source.Origin) {
	values := p.scratch[:0]
	for range p.columns {
		values = append(values, nil)
	}
	if t, ok := mapping.Schema(row.Table); ok {
		for i, c := range t.Columns {
			if i >= len(row.Values) {
				break
			}
			j := p.column(c)
			values[j] = row.Values[i]
			// Defender's AdditionalFields is JSON text in a string column;
			// Sentinel's is dynamic. Decode the text so both flavours of
			// query see a property bag.
			if s, isText := row.Values[i].(string); isText && c.Type == types.String && p.columns[j].Type == types.Dynamic {
				values[j] = decodeJSONText(s)
			}
		}
	}
	for _, e := range row.Extra {
		i := p.column(types.Column{Name: e.Name, Type: e.Type})
		for len(values) <= i {
			values = append(values, nil)
		}
		if p.columns[i].Type != e.Type {
			p.columns[i].Type = mapping.WidenKind(p.columns[i].Type, e.Type)
		}
		values[i] = e.Value
	}
	p.scratch = values
	p.fillCommon(values, row.Table)

	// The same event read twice, as from an EVTX file and its JSON
	// conversion, maps to identical rows, record number included.
	// NOTE: rows are compared by a 64-bit hash of their values, so two
	// different rows could in theory collide and one be dropped.
	h := rowHash(p.seed, values)
	if p.seen[h] {
		d.Duplicates++
		return
	}
	p.seen[h] = true

	// Convert every schema value before appending any, so a rejected row
	// leaves the columns aligned.
	p.conv = p.conv[:0]
	for i := 0; i < p.nSchema; i++ {
		v, err := column.Convert(values[i], p.columns[i].Type)
		if err != nil {
			d.reject(origin, fmt.Errorf("column %s: %w", p.columns[i].Name, err))
			return
		}
		p.conv = append(p.conv, v)
	}
	for i, v := range p.conv {
		p.builders[i].Append(v)
	}
	for i := p.nSchema; i < len(p.columns); i++ {
		var v any
		if i < len(values) {
			v = values[i]
		}
		p.extras[i-p.nSchema] = append(p.extras[i-p.nSchema], v)
	}
	p.rows++
	t := p.rowTime(values)
	p.times = append(p.times, t)
	p.origins = append(p.origins, origin)
	p.hosts = append(p.hosts, p.host(values))
	if t.IsZero() {
		d.Untimed++
	}
}

// decodeJSONText returns the JSON value a string holds, or the string itself
// when it is not JSON.
func decodeJSONText(s string) any {
	if s == "" {
		return nil
	}
	v, err := types.ParseJSON(s)
	if err != nil {
		return s
	}
	return v
}

// column returns the index of a column, adding it as an extra column,
// null in the rows before, when it is new.
func (p *pending) column(c types.Column) int {
	if i, ok := p.index[c.Name]; ok {
		return i
	}
	p.columns = append(p.columns, c)
	p.index[c.Name] = len(p.columns) - 1
	p.extras = append(p.extras, make([]any, p.rows))
	return len(p.columns) - 1
}

// fillCommon sets the columns Sentinel adds to every table: TimeGenerated
// from Timestamp (and the reverse) and Type, the table's name.
func (p *pending) fillCommon(values []any, name string) {
	tg, hasTG := p.index["TimeGenerated"]
	ts, hasTS := p.index["Timestamp"]
	if hasTG && hasTS {
		if values[tg] == nil {
			values[tg] = values[ts]
		} else if values[ts] == nil {
			values[ts] = values[tg]
		}
	}
	if i, ok := p.index["Type"]; ok && (values[i] == nil || values[i] == "") {
		values[i] = name
	}
}

// host is the row's DeviceName, else its Computer, or "".
func (p *pending) host(values []any) string {
	for _, name := range []string{"DeviceName", "Computer"} {
		if i, ok := p.index[name]; ok && i < len(values) {
			if s, ok := values[i].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// rowTime is the row's TimeGenerated, else its Timestamp.
func (p *pending) rowTime(values []any) time.Time {
	for _, name := range []string{"TimeGenerated", "Timestamp"} {
		if i, ok := p.index[name]; ok && i < len(values) {
			if t, ok := values[i].(time.Time); ok {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}

func (d *Dataset) finish(p *pending) (*table, error) {
	vectors := make([]*column.Vector, len(p.columns))
	for i, b := range p.builders {
		vectors[i] = b.Build()
	}
	for i, values := range p.extras {
		c := p.columns[p.nSchema+i]
		b := column.NewBuilder(c.Type, len(values))
		for j, x := range values {
			// The column's type was widened to hold every value it got
			// (see mapping.WidenKind), so conversion is not expected to
			// fail. If it does, loading stops with the error.
			v, err := column.Convert(x, c.Type)
			if err != nil {
				return nil, fmt.Errorf("%s, column %s: %w", p.origins[j], c.Name, err)
			}
			b.Append(v)
		}
		vectors[p.nSchema+i] = b.Build()
	}

	// Sort by time, keeping input order among equal times.
	t := &table{times: p.times, origins: p.origins, hosts: p.hosts}
	if !sort.SliceIsSorted(p.times, func(i, j int) bool { return p.times[i].Before(p.times[j]) }) {
		order := make([]int, p.rows)
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return p.times[order[i]].Before(p.times[order[j]]) })
		for i, v := range vectors {
			vectors[i] = v.Gather(order)
		}
		t.times = make([]time.Time, p.rows)
		t.origins = make([]source.Origin, p.rows)
		t.hosts = make([]string, p.rows)
		for to, from := range order {
			t.times[to] = p.times[from]
			t.origins[to] = p.origins[from]
			t.hosts[to] = p.hosts[from]
		}
	}

	t.data = &column.Table{Columns: p.columns}
	for lo := 0; lo < p.rows; lo += column.DefaultBatchSize {
		hi := min(lo+column.DefaultBatchSize, p.rows)
		b := &column.Batch{Len: hi - lo, Vectors: make([]*column.Vector, len(vectors))}
		for i, v := range vectors {
			b.Vectors[i] = v.Slice(lo, hi)
		}
		t.data.Batches = append(t.data.Batches, b)
	}
	return t, nil
}

func (d *Dataset) reject(origin source.Origin, err error) {
	d.Rejected++
	if len(d.RejectedRows) < maxRejectedDetails {
		d.RejectedRows = append(d.RejectedRows, source.Problem{Origin: origin, Reason: source.ReasonWrongType, Detail: err.Error()})
	}
}

// rowHash hashes a row's values, each with its Go type, so "1" and 1
// differ.
func rowHash(seed maphash.Seed, values []any) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, v := range values {
		switch x := v.(type) {
		case nil:
			h.WriteByte(0)
		case string:
			h.WriteByte(1)
			h.WriteString(x)
		case int64:
			h.WriteByte(2)
			h.WriteString(strconv.FormatInt(x, 10))
		case float64:
			h.WriteByte(3)
			h.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
		case bool:
			h.WriteByte(4)
			h.WriteString(strconv.FormatBool(x))
		case time.Time:
			h.WriteByte(5)
			h.WriteString(strconv.FormatInt(x.UnixNano(), 10))
		case time.Duration:
			h.WriteByte(6)
			h.WriteString(strconv.FormatInt(int64(x), 10))
		default:
			h.WriteByte(7)
			b, _ := json.Marshal(x)
			h.Write(b)
		}
		h.WriteByte(0xff)
	}
	return h.Sum64()
}
