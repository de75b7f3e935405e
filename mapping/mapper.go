package mapping

import (
	"fmt"
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/source"
	"github.com/quarry-kql/quarry/source/winevent"
)

// DefaultMaxProblemDetails bounds the problems a Mapper keeps with their
// location; all of them are counted.
const DefaultMaxProblemDetails = 100

// Mapper maps records to rows and counts, per kind of input, what became of
// them. A Mapper is not safe for concurrent use.
type Mapper struct {
	stats    map[StatKey]*Stat
	problems []source.Problem
	count    int
	// MaxProblemDetails bounds Problems; NewMapper sets it to
	// DefaultMaxProblemDetails.
	MaxProblemDetails int
}

// NewMapper returns an empty Mapper.
func NewMapper() *Mapper {
	return &Mapper{stats: map[StatKey]*Stat{}, MaxProblemDetails: DefaultMaxProblemDetails}
}

// StatKey identifies a kind of input record: a Windows event by channel,
// provider and event ID, or a table row by its table.
type StatKey struct {
	Channel  string
	Provider string
	EventID  int
	Table    string // set for table rows only
}

// String formats the key as "channel/provider event ID" or "table rows".
func (k StatKey) String() string {
	if k.Table != "" {
		return k.Table + " rows"
	}
	return fmt.Sprintf("%s (%s) %d", k.Channel, k.Provider, k.EventID)
}

// Stat counts what became of the records of one kind.
type Stat struct {
	Key     StatKey
	Records int
	// Rows counts the rows produced, by table.
	Rows map[string]int
	// SentinelOnly counts Windows events that no event family maps to a
	// Defender table, so that they reach only SecurityEvent or Event.
	SentinelOnly int
	// Unmapped counts records that produced no row at all: table rows of a
	// table without a schema.
	Unmapped int
	// Reasons counts why records were SentinelOnly or Unmapped, when there
	// is a reason beyond the event having no family.
	Reasons map[string]int
}

// fieldProblem is a field whose value could not be converted; the column was
// left empty.
type fieldProblem struct {
	field string
	value string
}

func badField(field, value string) *fieldProblem {
	return &fieldProblem{field: field, value: value}
}

// Map returns the rows a record maps to. A Windows event gives the row of its
// event family, if it has one, and its SecurityEvent or Event row. A table
// row gives the row converted to its table's schema, or nil when its table
// has no schema.
func (m *Mapper) Map(rec *source.Record) []Row {
	switch {
	case rec.Event != nil:
		return m.mapEvent(rec)
	case rec.Row != nil:
		return m.mapRow(rec)
	}
	return nil
}

func (m *Mapper) stat(key StatKey) *Stat {
	s, ok := m.stats[key]
	if !ok {
		s = &Stat{Key: key, Rows: map[string]int{}, Reasons: map[string]int{}}
		m.stats[key] = s
	}
	return s
}

func (m *Mapper) mapEvent(rec *source.Record) []Row {
	e := rec.Event
	s := m.stat(StatKey{Channel: e.Channel, Provider: e.Provider, EventID: e.EventID})
	s.Records++

	var rows []Row
	row, bad, reason := mapFamily(e)
	if row.Table != "" {
		rows = append(rows, row)
	} else {
		s.SentinelOnly++
		if reason != "" {
			s.Reasons[reason]++
		}
	}
	if bad != nil {
		m.problem(rec.Origin, fmt.Sprintf("%s row: %s %q is not a number; the column is left empty", row.Table, bad.field, bad.value))
	}

	if isSecurity(e) {
		sec, bad := securityEvent(e)
		rows = append(rows, sec)
		if bad != nil {
			m.problem(rec.Origin, fmt.Sprintf("SecurityEvent row: %s %q does not fit the column's type; the column is left empty", bad.field, bad.value))
		}
	} else {
		rows = append(rows, windowsEvent(e))
	}
	for _, r := range rows {
		s.Rows[r.Table]++
	}
	return rows
}

// mapFamily maps an event to a Defender table by its event family. It
// returns a Row with an empty Table when no family applies, with a reason
// when the family exists but this event cannot be mapped.
func mapFamily(e *winevent.Event) (Row, *fieldProblem, string) {
	switch {
	case isSysmon(e):
		switch e.EventID {
		case 1:
			row, bad := processFromSysmon(e)
			return row, bad, ""
		case 11:
			row, bad := fileFromSysmon(e)
			return row, bad, ""
		case 12, 13, 14:
			return registryFromSysmon(e)
		}
	case isSecurity(e):
		switch e.EventID {
		case 4688:
			row, bad := processFromSecurity(e)
			return row, bad, ""
		case 4697:
			return serviceFromSecurity(e), nil, ""
		}
	case isServiceControlManager(e) && e.EventID == 7045:
		return serviceFromSCM(e), nil, ""
	}
	return Row{}, nil, ""
}

func (m *Mapper) mapRow(rec *source.Record) []Row {
	s := m.stat(StatKey{Table: rec.Row.Table})
	s.Records++
	row, problems, reason := passThrough(rec.Row)
	if reason != "" {
		s.Unmapped++
		s.Reasons[reason]++
		return nil
	}
	for _, p := range problems {
		m.problem(rec.Origin, fmt.Sprintf("%s row: %s %s does not fit the column's type; the column is left empty", row.Table, p.field, p.value))
	}
	s.Rows[row.Table]++
	return []Row{row}
}

func (m *Mapper) problem(origin source.Origin, detail string) {
	m.count++
	if len(m.problems) < m.MaxProblemDetails {
		m.problems = append(m.problems, source.Problem{Origin: origin, Reason: source.ReasonInvalidValue, Detail: detail, Kept: true})
	}
}

// Problems returns the values the mapper could not convert, in input order,
// up to MaxProblemDetails, and how many there were in all. Each left one
// column of a row empty; the row itself was kept.
func (m *Mapper) Problems() ([]source.Problem, int) {
	return m.problems, m.count
}

// Stats returns the counts per kind of input: Windows events by channel,
// provider and event ID, then table rows by table.
func (m *Mapper) Stats() []Stat {
	out := make([]Stat, 0, len(m.stats))
	for _, s := range m.stats {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Key, out[j].Key
		if (a.Table == "") != (b.Table == "") {
			return a.Table == ""
		}
		if a.Channel != b.Channel {
			return a.Channel < b.Channel
		}
		if a.Provider != b.Provider {
			return a.Provider < b.Provider
		}
		if a.EventID != b.EventID {
			return a.EventID < b.EventID
		}
		return a.Table < b.Table
	})
	return out
}

// StatsString formats the counts one line per kind of input, such as
// "Microsoft-Windows-Sysmon/Operational (Microsoft-Windows-Sysmon) 7: 130 records; Event 130; 130 only in Sentinel tables".
func (m *Mapper) StatsString() string {
	var b strings.Builder
	for _, s := range m.Stats() {
		fmt.Fprintf(&b, "%s: %d records", s.Key, s.Records)
		tables := make([]string, 0, len(s.Rows))
		for t := range s.Rows {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		for _, t := range tables {
			fmt.Fprintf(&b, "; %s %d", t, s.Rows[t])
		}
		if s.SentinelOnly > 0 {
			fmt.Fprintf(&b, "; %d only in Sentinel tables", s.SentinelOnly)
		}
		if s.Unmapped > 0 {
			fmt.Fprintf(&b, "; %d not mapped", s.Unmapped)
		}
		reasons := make([]string, 0, len(s.Reasons))
		for r := range s.Reasons {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			fmt.Fprintf(&b, " (%d: %s)", s.Reasons[r], r)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
