package source

import (
	"bufio"
	"bytes"
	"fmt"
)

// jsonScanner splits JSON text into records without holding more than one
// record in memory. It accepts newline-delimited JSON, a top-level array,
// a single object and concatenated (pretty-printed) objects.
//
// Line mode is chosen when the first record starts with more than a lone "{"
// on its line. In line mode a record must end on the line where it starts, so
// a line cut short is one truncated record and reading resumes on the next
// line.
//
// In stream mode newlines are white space. A record that starts at the
// beginning of a line ends where another "{" starts a line outside any
// string, because pretty printers indent everything inside a record. So a
// record cut short in the middle of a pretty-printed file costs only itself.
//
// NOTE: inside a pretty-printed top-level array the records are indented,
// so a record cut short there swallows the records after it.
type jsonScanner struct {
	f        *fileReader
	br       *bufio.Reader
	offset   int64 // offset of the next unread byte
	line     int   // line of the next unread byte
	column0  bool  // the next unread byte starts a line
	lineMode bool
	arrays   int // depth of enclosing arrays being read as lists of records
	buf      []byte
	parser   jsonParser
}

func (f *fileReader) readJSON(br *bufio.Reader, offset int64) {
	head, _ := br.Peek(peekSize)
	s := &jsonScanner{
		f:        f,
		br:       br,
		offset:   offset,
		line:     1,
		column0:  true,
		lineMode: chooseLineMode(head),
	}
	s.parser.maxString = f.opts.MaxFieldBytes
	for !f.stopped && s.next() {
	}
}

// chooseLineMode decides from the start of the text whether it is
// newline-delimited. Pretty printers (jq, PowerShell's ConvertTo-Json,
// Python's json.dumps with indent, evtx_dump) put an object's opening brace
// alone on its line; newline-delimited JSON never does.
func chooseLineMode(head []byte) bool {
	var lines [][]byte
	for _, l := range bytes.Split(head, []byte("\n")) {
		l = bytes.TrimSpace(l)
		if len(l) > 0 {
			lines = append(lines, l)
		}
		if len(lines) == 2 {
			break
		}
	}
	if len(lines) == 0 {
		return true
	}
	first := lines[0]
	if first[0] == '[' {
		first = bytes.TrimSpace(first[1:])
		if len(first) == 0 {
			if len(lines) < 2 {
				return true
			}
			first = lines[1]
		}
	}
	return len(first) > 1 && first[0] == '{'
}

// readByte returns the next byte and keeps offset and line up to date.
func (s *jsonScanner) readByte() (byte, bool) {
	b, err := s.br.ReadByte()
	if err != nil {
		return 0, false
	}
	s.offset++
	if b == '\n' {
		s.line++
	}
	s.column0 = b == '\n'
	return b, true
}

func (s *jsonScanner) peekByte() (byte, bool) {
	b, err := s.br.Peek(1)
	if err != nil {
		return 0, false
	}
	return b[0], true
}

// next reads up to and including the next record and reports whether the
// input goes on.
func (s *jsonScanner) next() bool {
	for {
		c, ok := s.peekByte()
		if !ok {
			if s.arrays > 0 {
				s.f.problem(Problem{
					Origin: Origin{Offset: s.offset, Line: s.line},
					Reason: ReasonTruncatedJSON,
					Detail: "the input ends inside a top-level array",
					Kept:   true,
				})
			}
			return false
		}
		switch c {
		case ' ', '\t', '\r', '\n', ',':
			s.readByte()
		case '[':
			s.readByte()
			s.arrays++
		case ']':
			if s.arrays == 0 {
				s.skipGarbage()
				continue
			}
			s.readByte()
			s.arrays--
		case '{':
			s.record()
			return true
		default:
			s.skipGarbage()
		}
	}
}

// skipGarbage skips text outside any record up to the next '{' or '[' (in
// line mode, also up to the end of the line) and counts it as one problem.
func (s *jsonScanner) skipGarbage() {
	origin := Origin{Offset: s.offset, Line: s.line}
	c, _ := s.peekByte()
	s.f.problem(Problem{
		Origin: origin,
		Reason: ReasonInvalidJSON,
		Detail: fmt.Sprintf("invalid character %s outside a record", quoteByte(c)),
	})
	s.readByte()
	for {
		c, ok := s.peekByte()
		if !ok || c == '{' || c == '[' {
			return
		}
		s.readByte()
		if c == '\n' && s.lineMode {
			return
		}
	}
}

// record captures one object, parses it and hands it on.
func (s *jsonScanner) record() {
	origin := Origin{Offset: s.offset, Line: s.line}
	limit := s.f.opts.MaxRecordBytes
	s.buf = s.buf[:0]
	st := captureState{splitAtColumn0: !s.lineMode && s.column0}
	tooLarge := false

	// Scan whole buffered chunks rather than single bytes: the state machine
	// runs over a slice, and the bytes are copied once.
	for !st.complete && !st.cutAtLine && !st.cutAtRecord {
		if s.br.Buffered() == 0 {
			if _, err := s.br.Peek(1); err != nil {
				break
			}
		}
		chunk, _ := s.br.Peek(s.br.Buffered())
		n := st.scan(chunk, s.lineMode)
		part := chunk[:n]
		if st.cutAtLine {
			part = part[:len(part)-1] // the newline is not part of the record
		}
		if room := limit - len(s.buf); len(part) > room {
			tooLarge = true
			part = part[:max(room, 0)]
		}
		s.buf = append(s.buf, part...)
		s.line += bytes.Count(chunk[:n], []byte("\n"))
		s.offset += int64(n)
		if n > 0 {
			s.column0 = chunk[n-1] == '\n'
		}
		s.br.Discard(n)
	}
	complete, cutAtLine := st.complete, st.cutAtLine

	switch {
	case tooLarge:
		s.f.problem(Problem{
			Origin: origin,
			Reason: ReasonRecordTooLarge,
			Detail: fmt.Sprintf("longer than the limit of %d bytes", limit),
		})
		return
	case !complete:
		detail := "the input ends inside the record"
		switch {
		case cutAtLine:
			detail = "the line ends inside the record"
		case st.cutAtRecord:
			detail = fmt.Sprintf("another record starts on line %d inside this one", s.line)
		}
		s.f.problem(Problem{Origin: origin, Reason: ReasonTruncatedJSON, Detail: detail})
		return
	}

	s.parser.reset(s.buf)
	v, err := s.parser.value()
	if err != nil {
		je := err.(*jsonError)
		reason := ReasonInvalidJSON
		if je.eof {
			reason = ReasonTruncatedJSON
		}
		s.f.problem(Problem{
			Origin: origin,
			Reason: reason,
			Detail: fmt.Sprintf("%s at offset %d", je.msg, origin.Offset+int64(je.offset)),
		})
		return
	}
	s.f.handleJSON(v, origin, &s.parser)
}

// handleJSON turns one parsed JSON value into records, reporting what the
// parser had to repair.
func (f *fileReader) handleJSON(v any, origin Origin, p *jsonParser) {
	if p.badUTF8 {
		f.problem(Problem{Origin: origin, Reason: ReasonInvalidUTF8, Detail: "invalid bytes replaced with U+FFFD", Kept: true})
	}
	if p.truncated > 0 {
		detail := fmt.Sprintf("%d value(s) truncated to %d bytes", p.truncated, f.opts.MaxFieldBytes)
		if p.longKey != "" {
			detail = fmt.Sprintf("%q and %d more value(s) truncated to %d bytes", p.longKey, p.truncated-1, f.opts.MaxFieldBytes)
			if p.truncated == 1 {
				detail = fmt.Sprintf("%q truncated to %d bytes", p.longKey, f.opts.MaxFieldBytes)
			}
		}
		f.problem(Problem{Origin: origin, Reason: ReasonFieldTooLarge, Detail: detail, Kept: true})
	}

	obj, ok := v.(object)
	if !ok {
		f.problem(Problem{Origin: origin, Reason: ReasonUnknownShape, Detail: "a record must be a JSON object"})
		return
	}
	// Azure Event Hubs and storage exports wrap rows as {"records": [...]}.
	if len(obj) == 1 && obj[0].key == "records" {
		if list, ok := obj[0].value.([]any); ok {
			for _, item := range list {
				if f.stopped {
					return
				}
				f.handleObject(item, origin)
			}
			return
		}
	}
	f.handleObject(obj, origin)
}

func (f *fileReader) handleObject(v any, origin Origin) {
	obj, ok := v.(object)
	if !ok {
		f.problem(Problem{Origin: origin, Reason: ReasonUnknownShape, Detail: "a record must be a JSON object"})
		return
	}
	rec, prob := decodeObject(obj)
	if prob != nil {
		prob.Origin = origin
		f.problem(*prob)
		return
	}
	rec.rec.Origin = origin
	for _, kept := range rec.kept {
		kept.Origin = origin
		kept.Kept = true
		f.problem(kept)
	}
	f.emit(rec.rec)
}

// captureState follows a JSON value through its bytes to find where it
// ends, without parsing it.
type captureState struct {
	depth     int
	inString  bool
	escaped   bool
	lineStart bool // the previous byte was a newline
	complete  bool // the value ended
	cutAtLine bool // line mode only: a newline came before the end
	// splitAtColumn0 makes a "{" at the start of a line, outside strings,
	// end the value; cutAtRecord reports that it did.
	splitAtColumn0 bool
	cutAtRecord    bool
}

// scan advances over chunk and returns how many bytes belong to the value,
// including the closing bracket or, when the line was cut, the newline.
func (c *captureState) scan(chunk []byte, lineMode bool) int {
	for i, b := range chunk {
		if b == '\n' && lineMode {
			c.cutAtLine = true
			return i + 1
		}
		lineStart := c.lineStart
		c.lineStart = b == '\n'
		if lineStart && b == '{' && c.splitAtColumn0 && !c.inString && c.depth > 0 {
			c.cutAtRecord = true
			return i
		}
		if c.inString {
			switch {
			case c.escaped:
				c.escaped = false
			case b == '\\':
				c.escaped = true
			case b == '"':
				c.inString = false
			}
			continue
		}
		switch b {
		case '"':
			c.inString = true
		case '{', '[':
			c.depth++
		case '}', ']':
			c.depth--
			if c.depth == 0 {
				c.complete = true
				return i + 1
			}
		}
	}
	return len(chunk)
}
