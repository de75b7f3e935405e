package source

import (
	"fmt"
	"strings"
)

// decoded is a record decoded from one JSON object, with the repairs made
// on the way.
type decoded struct {
	rec  *Record
	kept []Problem
}

// invalid notes an optional field whose value could not be parsed and was
// left empty.
func (d *decoded) invalid(field, value string) {
	if len(value) > 80 {
		value = value[:80] + "..."
	}
	d.kept = append(d.kept, Problem{Reason: ReasonInvalidValue, Detail: fmt.Sprintf("%s: %q", field, value), Kept: true})
}

// decodeObject recognises the shape of one JSON object and decodes it. The
// nested event shape is tested first because it is unambiguous, then table
// rows (a Timestamp or TimeGenerated column, which no event shape has at the
// top level), then the flat event shape.
func decodeObject(obj object) (decoded, *Problem) {
	if ev, ok := isNestedEvent(obj); ok {
		return decodeNested(ev)
	}
	if table, props, ok := isStreamingRow(obj); ok {
		return decodeRow(props, ShapeDefenderRow, table)
	}
	if shape, ok := isTableRow(obj); ok {
		return decodeRow(obj, shape, "")
	}
	if isFlatEvent(obj) {
		return decodeFlat(obj)
	}
	return decoded{}, &Problem{Reason: ReasonUnknownShape, Detail: "neither a Windows event nor a table row; members " + memberNames(obj, 6)}
}

// memberNames lists the first n member names of obj for a problem detail.
func memberNames(obj object, n int) string {
	names := make([]string, 0, n)
	for i, m := range obj {
		if i == n {
			names = append(names, "...")
			break
		}
		names = append(names, fmt.Sprintf("%q", m.key))
	}
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
