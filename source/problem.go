package source

import (
	"fmt"
	"sort"
	"strings"
)

// Reason classifies a problem. The values are short lower-case phrases meant
// for summaries.
type Reason string

// The reasons a record can be dropped or repaired. Problems marked "kept"
// below leave the record in the output, repaired; the others drop it.
const (
	ReasonOpenFailed     Reason = "open failed"      // the file or folder could not be opened or listed
	ReasonReadFailed     Reason = "read failed"      // an I/O error ended the file early
	ReasonUnknownFormat  Reason = "unknown format"   // the content is not gzip, EVTX, JSON or CSV
	ReasonDamagedGzip    Reason = "damaged gzip"     // the gzip stream is corrupt or cut short
	ReasonDamagedEVTX    Reason = "damaged EVTX"     // an EVTX header, chunk or record failed to parse
	ReasonTruncatedJSON  Reason = "truncated JSON"   // the input ended inside a JSON value
	ReasonInvalidJSON    Reason = "invalid JSON"     // a JSON syntax error
	ReasonInvalidCSV     Reason = "invalid CSV"      // a bad quote, or a row whose field count differs from the header
	ReasonRecordTooLarge Reason = "record too large" // a record longer than Options.MaxRecordBytes
	ReasonUnknownShape   Reason = "unknown shape"    // valid JSON that is neither a Windows event nor a table row
	ReasonUnknownTable   Reason = "unknown table"    // a table row whose table cannot be decided
	ReasonWrongType      Reason = "wrong type"       // a required field has the wrong JSON type or an unparsable value
	ReasonInvalidUTF8    Reason = "invalid UTF-8"    // kept: invalid bytes replaced with U+FFFD
	ReasonFieldTooLarge  Reason = "field too large"  // kept: a value longer than Options.MaxFieldBytes, truncated
	ReasonInvalidValue   Reason = "invalid value"    // kept: an optional field has an unparsable value and is left empty
)

// Problem is one input defect, located in its file.
type Problem struct {
	Origin Origin
	Reason Reason
	Detail string // the defect, such as the parser's message or the field name
	// Kept reports that the record was still produced, repaired (bad bytes
	// replaced, a field truncated or left empty).
	Kept bool
}

// String formats the problem as "path:line: reason: detail".
func (p Problem) String() string {
	s := p.Origin.String() + ": " + string(p.Reason)
	if p.Detail != "" {
		s += ": " + p.Detail
	}
	return s
}

// FileSummary describes what was read from one file.
type FileSummary struct {
	Path       string
	Format     Format
	Compressed bool // gzip-compressed, at least one layer
	UTF16      bool // transcoded from UTF-16
	Records    int  // records produced
	Shapes     map[Shape]int
	// Dropped counts records lost to problems that do not keep the record.
	// For EVTX it is the EVTX reader's estimate of the records in damaged
	// chunks.
	Dropped  int
	Problems map[Reason]int
	// Details holds the first problems in file order, up to
	// Options.MaxProblemDetails; Problems counts all of them.
	Details []Problem
}

// ProblemCount returns the number of problems of all reasons in the file.
func (f *FileSummary) ProblemCount() int {
	n := 0
	for _, c := range f.Problems {
		n += c
	}
	return n
}

// Summary describes what was read from every input, in reading order.
type Summary struct {
	Files []*FileSummary
}

// Records returns the number of records produced from all files.
func (s *Summary) Records() int {
	n := 0
	for _, f := range s.Files {
		n += f.Records
	}
	return n
}

// Problems returns the number of problems in all files, by reason.
func (s *Summary) Problems() map[Reason]int {
	m := map[Reason]int{}
	for _, f := range s.Files {
		for r, c := range f.Problems {
			m[r] += c
		}
	}
	return m
}

// String formats one line per file: path, format, records and problems by
// reason.
func (s *Summary) String() string {
	var b strings.Builder
	for _, f := range s.Files {
		format := string(f.Format)
		if f.UTF16 {
			format = "utf-16 " + format
		}
		if f.Compressed {
			format = "gzip " + format
		}
		fmt.Fprintf(&b, "%s: %s, %d records", f.Path, format, f.Records)
		reasons := make([]string, 0, len(f.Problems))
		for r := range f.Problems {
			reasons = append(reasons, string(r))
		}
		sort.Strings(reasons)
		for _, r := range reasons {
			fmt.Fprintf(&b, ", %d %s", f.Problems[Reason(r)], r)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
