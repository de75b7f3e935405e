package source

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The CSV reader reads RFC 4180 text with a header row, as Defender advanced
// hunting exports it: comma-separated, fields with commas, quotes or line
// breaks quoted, quotes doubled. It is written here instead of using
// encoding/csv so that a row is bounded in memory even when a quote is never
// closed, and so that every row keeps its line and offset.

// isCSVHeader reports whether line looks like a header row of column names:
// at least two comma-separated names of letters, digits, '_', '@', '.', '-'
// or spaces, possibly quoted.
func isCSVHeader(line []byte) bool {
	names := bytes.Split(line, []byte(","))
	if len(names) < 2 {
		return false
	}
	for _, n := range names {
		n = bytes.TrimSpace(n)
		if len(n) >= 2 && n[0] == '"' && n[len(n)-1] == '"' {
			n = n[1 : len(n)-1]
		}
		if len(n) == 0 {
			return false
		}
		for _, c := range n {
			switch {
			case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c == '_', c == '@', c == '.', c == '-', c == ' ', c == '$':
			default:
				return false
			}
		}
	}
	return true
}

type csvScanner struct {
	f      *fileReader
	br     *bufio.Reader
	offset int64
	line   int
}

// csvRow is one parsed CSV record.
type csvRow struct {
	origin    Origin
	fields    []string
	tooLarge  bool
	badUTF8   bool
	truncated int    // fields cut to MaxFieldBytes
	unclosed  bool   // the input ended inside a quoted field
	stray     string // text found after a closing quote, if any
}

func (s *csvScanner) readByte() (byte, bool) {
	b, err := s.br.ReadByte()
	if err != nil {
		return 0, false
	}
	s.offset++
	if b == '\n' {
		s.line++
	}
	return b, true
}

// next reads one record; it returns false at the end of the input.
func (s *csvScanner) next() (csvRow, bool) {
	row := csvRow{origin: Origin{Offset: s.offset, Line: s.line}}
	if _, err := s.br.Peek(1); err != nil {
		return row, false
	}
	maxRecord, maxField := s.f.opts.MaxRecordBytes, s.f.opts.MaxFieldBytes
	var field []byte
	size := 0
	quoted, afterQuote, atFieldStart := false, false, true

	endField := func() {
		if !utf8.Valid(field) {
			row.badUTF8 = true
			field = bytes.ToValidUTF8(field, []byte("\uFFFD"))
		}
		if len(field) > maxField {
			cut := maxField
			for cut > 0 && !utf8.RuneStart(field[cut]) {
				cut--
			}
			field = field[:cut]
			row.truncated++
		}
		if !row.tooLarge {
			row.fields = append(row.fields, string(field))
		}
		field = field[:0]
		quoted, afterQuote, atFieldStart = false, false, true
	}
	add := func(b byte) {
		size++
		if size > maxRecord {
			row.tooLarge = true
			row.fields = nil
			return
		}
		if !row.tooLarge {
			field = append(field, b)
		}
	}

	for {
		b, ok := s.readByte()
		if !ok {
			if quoted {
				row.unclosed = true
			} else if n := len(field); n > 0 && field[n-1] == '\r' && !afterQuote {
				field = field[:n-1]
			}
			endField()
			return row, true
		}
		switch {
		case quoted:
			if b == '"' {
				quoted, afterQuote = false, true
				continue
			}
			add(b)
		case afterQuote && b == '"':
			// A doubled quote inside a quoted field.
			add('"')
			quoted, afterQuote = true, false
		case b == ',':
			endField()
		case b == '\n':
			if n := len(field); n > 0 && field[n-1] == '\r' && !afterQuote {
				field = field[:n-1]
			}
			endField()
			return row, true
		case b == '\r' && afterQuote:
			// CR of a CRLF after a closing quote.
		case atFieldStart && b == '"':
			quoted, atFieldStart = true, false
		default:
			if afterQuote && row.stray == "" {
				row.stray = string(b)
			}
			atFieldStart = false
			add(b)
		}
	}
}

func (f *fileReader) readCSV(br *bufio.Reader, offset int64) {
	s := &csvScanner{f: f, br: br, offset: offset, line: 1}
	header, ok := s.next()
	if !ok {
		return
	}
	if header.tooLarge || header.unclosed || len(header.fields) < 2 {
		f.problem(Problem{Origin: header.origin, Reason: ReasonInvalidCSV, Detail: "the header row is not a list of column names"})
		return
	}
	names := make([]string, len(header.fields))
	for i, n := range header.fields {
		names[i] = strings.TrimSpace(n)
	}

	for !f.stopped {
		row, ok := s.next()
		if !ok {
			return
		}
		switch {
		case row.tooLarge:
			f.problem(Problem{Origin: row.origin, Reason: ReasonRecordTooLarge, Detail: fmt.Sprintf("longer than the limit of %d bytes", f.opts.MaxRecordBytes)})
			continue
		case len(row.fields) == 1 && row.fields[0] == "" && !row.unclosed:
			continue // a blank line
		case row.unclosed:
			f.problem(Problem{Origin: row.origin, Reason: ReasonInvalidCSV, Detail: "the input ends inside a quoted field"})
			continue
		case len(row.fields) != len(names):
			f.problem(Problem{Origin: row.origin, Reason: ReasonInvalidCSV, Detail: fmt.Sprintf("the row has %d fields, the header %d", len(row.fields), len(names))})
			continue
		}
		f.handleCSVRow(names, row)
	}
}

func (f *fileReader) handleCSVRow(names []string, row csvRow) {
	cols := make([]Column, len(names))
	for i, name := range names {
		cols[i] = Column{Name: name, Value: row.fields[i]}
	}
	r := &Row{Columns: mergeTypedColumns(cols)}
	table, ok := DecideTable(r)
	if !ok {
		f.problem(Problem{Origin: row.origin, Reason: ReasonUnknownTable, Detail: "no Type column, and the columns match no known table"})
		return
	}
	r.Table = table

	if row.badUTF8 {
		f.problem(Problem{Origin: row.origin, Reason: ReasonInvalidUTF8, Detail: "invalid bytes replaced with U+FFFD", Kept: true})
	}
	if row.truncated > 0 {
		f.problem(Problem{Origin: row.origin, Reason: ReasonFieldTooLarge, Detail: fmt.Sprintf("%d field(s) truncated to %d bytes", row.truncated, f.opts.MaxFieldBytes), Kept: true})
	}
	if row.stray != "" {
		f.problem(Problem{Origin: row.origin, Reason: ReasonInvalidCSV, Detail: "text after a closing quote, kept in the field", Kept: true})
	}
	f.emit(&Record{Origin: row.origin, Shape: ShapeCSVRow, Row: r})
}
