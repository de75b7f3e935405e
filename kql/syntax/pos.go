package syntax

import (
	"sort"
	"unicode/utf8"
)

// Pos is a byte offset into the query text, starting at 0.
type Pos int

// NoPos marks a position that is not known, such as the end of a missing
// token after a syntax error.
const NoPos Pos = -1

// IsValid reports whether p is a known position.
func (p Pos) IsValid() bool { return p >= 0 }

// Span is the half-open byte range [From, To) that a node covers. Every
// node embeds a Span, which gives it the Pos and End methods of Node.
type Span struct {
	From Pos // offset of the node's first byte
	To   Pos // offset just past the node's last byte
}

// Pos returns the offset of the first byte of the span.
func (s Span) Pos() Pos { return s.From }

// End returns the offset just past the last byte of the span.
func (s Span) End() Pos { return s.To }

// Position is a human-readable location: a line and a column, both
// counted from 1. The column counts Unicode characters, not bytes.
type Position struct {
	Filename string
	Offset   Pos
	Line     int
	Column   int
}

// Source is a query text with its name, for turning byte offsets into
// lines and columns. The line table is built on first use.
type Source struct {
	Name  string // file name shown in messages; may be empty
	Text  string
	lines []int // offset of the first byte of each line
}

// NewSource returns a Source for text, named name in messages.
func NewSource(name, text string) *Source {
	return &Source{Name: name, Text: text}
}

func (s *Source) lineStarts() []int {
	if s.lines == nil {
		s.lines = append(s.lines, 0)
		for i := 0; i < len(s.Text); i++ {
			if s.Text[i] == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	return s.lines
}

// Position converts p to a line and column. Offsets outside the text are
// clamped to its bounds.
func (s *Source) Position(p Pos) Position {
	off := int(p)
	if off < 0 {
		off = 0
	}
	if off > len(s.Text) {
		off = len(s.Text)
	}
	lines := s.lineStarts()
	line := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	col := utf8.RuneCountInString(s.Text[lines[line]:off]) + 1
	return Position{Filename: s.Name, Offset: Pos(off), Line: line + 1, Column: col}
}

// Line returns the text of line n (counted from 1) without its line
// break, or "" when there is no such line.
func (s *Source) Line(n int) string {
	lines := s.lineStarts()
	if n < 1 || n > len(lines) {
		return ""
	}
	start := lines[n-1]
	end := len(s.Text)
	if n < len(lines) {
		end = lines[n] - 1
	}
	if end > start && s.Text[end-1] == '\r' {
		end--
	}
	return s.Text[start:end]
}
