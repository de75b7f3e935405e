package source

import (
	"fmt"

	"github.com/quarry-kql/quarry/source/winevent"
)

// Record is one record read from an input: either a Windows event or a table
// row, never both.
type Record struct {
	Origin Origin
	Shape  Shape
	Event  *winevent.Event // set for a Windows event
	Row    *Row            // set for a Defender or Sentinel table row
}

// Origin locates a record in its input.
type Origin struct {
	// Path is the file as named on the command line or found in a folder,
	// or "-" for standard input.
	Path string
	// Offset is the byte offset of the record's first byte. For compressed
	// or UTF-16 files it counts bytes of the decoded UTF-8 stream. It is -1
	// for a problem with the whole file, such as one that cannot be opened.
	Offset int64
	// Line is the 1-based line where the record starts, or 0 for EVTX.
	Line int
	// RecordID is the EVTX record number, or 0 for text formats.
	RecordID uint64
}

// String formats the origin as "path:line" for text input, as
// "path@offset" for EVTX, and as the path alone when the offset is -1.
func (o Origin) String() string {
	switch {
	case o.Line > 0:
		return fmt.Sprintf("%s:%d", o.Path, o.Line)
	case o.Offset < 0:
		// The problem concerns the whole file, such as a failed open.
		return o.Path
	}
	return fmt.Sprintf("%s@%d", o.Path, o.Offset)
}

// Row is one row of a Defender or Sentinel table, with its columns in input
// order.
type Row struct {
	// Table is the table the row belongs to, decided by DecideTable.
	Table string
	// Columns holds every column the input carried, including empty and null
	// ones. Type-suffixed Log Analytics names such as "ReportId_long" are
	// already merged into their base name.
	Columns []Column
}

// Column is one named value of a table row.
//
// Value is nil (JSON null), bool, string, json.Number, map[string]any or
// []any, the values encoding/json decodes with UseNumber. Values read from CSV
// are always strings, with "" for an empty cell.
type Column struct {
	Name  string
	Value any
}

// Get returns the value of the named column and whether the row has it.
func (r *Row) Get(name string) (any, bool) {
	for _, c := range r.Columns {
		if c.Name == name {
			return c.Value, true
		}
	}
	return nil, false
}

// Shape names the layout a record was recognised in.
type Shape string

// The record shapes the readers recognise.
const (
	// ShapeEVTX is an event read from a binary EVTX file.
	ShapeEVTX Shape = "evtx"
	// ShapeNested is {"Event": {"System": {...}, "EventData": {...}}} with
	// attributes as plain members, as golang-evtx writes it
	// ("EventID": {"Value": "7045", "Qualifiers": "16384"}).
	ShapeNested Shape = "nested event"
	// ShapeNestedAttributes is the nested shape with attributes under
	// "#attributes" or as "@Name" members, as evtx_dump and xmltodict write it.
	ShapeNestedAttributes Shape = "nested event with #attributes"
	// ShapeFlat is an event whose System and EventData fields share one flat
	// object (EventID, Channel, Hostname, TimeCreated, ...), as the OTRF
	// Security-Datasets publish them.
	ShapeFlat Shape = "flat event"
	// ShapeDefenderRow is a Defender advanced-hunting row (a Timestamp column).
	ShapeDefenderRow Shape = "Defender row"
	// ShapeSentinelRow is a Sentinel (Log Analytics) row (a TimeGenerated column).
	ShapeSentinelRow Shape = "Sentinel row"
	// ShapeCSVRow is a row of a CSV file with a header row.
	ShapeCSVRow Shape = "CSV row"
)

// Format names the detected format of an input file.
type Format string

// The input formats.
const (
	FormatEVTX    Format = "evtx"
	FormatJSON    Format = "json"
	FormatCSV     Format = "csv"
	FormatEmpty   Format = "empty"   // no bytes, or only white space
	FormatUnknown Format = "unknown" // none of the above; counted as a problem
)
