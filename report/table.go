package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarry-kql/quarry/kql/types"
)

// textTable lays out rows in aligned columns. A positive maxWidth cuts a
// column's cells to that many characters, ending them with "…", unless
// full is set.
type textTable struct {
	header   []string
	maxWidth []int
	full     bool
	rows     [][]string
}

func (t *textTable) add(cells ...string) {
	for i, c := range cells {
		c = escapeControl(c)
		if !t.full && i < len(t.maxWidth) && t.maxWidth[i] > 0 && utf8.RuneCountInString(c) > t.maxWidth[i] {
			r := []rune(c)
			c = string(r[:t.maxWidth[i]-1]) + "…"
		}
		cells[i] = c
	}
	t.rows = append(t.rows, cells)
}

// escapeControl writes control characters as Go-style escapes (\n, \t,
// \x1b), so a value keeps its row and cannot drive the terminal. Spaces are
// kept as they are: "sc  config" has two.
func escapeControl(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (t *textTable) write(w io.Writer) error {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriter(w)
	var b strings.Builder
	line := func(cells []string) {
		b.Reset()
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
		}
		bw.WriteString(strings.TrimRight(b.String(), " "))
		bw.WriteByte('\n')
	}
	line(t.header)
	for _, r := range t.rows {
		line(r)
	}
	return bw.Flush()
}

// TableOptions control the text tables.
type TableOptions struct {
	// Full keeps every value whole. Without it, long cells are cut to fit
	// a terminal, ending with "…".
	Full bool
}

// WriteTable writes a query result as an aligned text table, each cell on
// one line (cut to 80 characters unless opts.Full), followed by the row
// count.
func WriteTable(w io.Writer, cols []types.Column, rows [][]any, opts TableOptions) error {
	t := &textTable{full: opts.Full}
	for _, c := range cols {
		t.header = append(t.header, c.Name)
		t.maxWidth = append(t.maxWidth, 80)
	}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = Text(v)
		}
		t.add(cells...)
	}
	if err := t.write(w); err != nil {
		return err
	}
	noun := "rows"
	if len(rows) == 1 {
		noun = "row"
	}
	_, err := io.WriteString(w, "("+itoa(len(rows))+" "+noun+")\n")
	return err
}

func itoa(n int) string { return Text(int64(n)) }

// WriteJSON writes a query result as one JSON object per row per line, with
// keys in column order.
func WriteJSON(w io.Writer, cols []types.Column, rows [][]any) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	for _, r := range rows {
		if err := enc.Encode(orderedRow{names: names, values: r}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteCSV writes a query result as CSV with a header row. Dynamic values
// are written as JSON.
func WriteCSV(w io.Writer, cols []types.Column, rows [][]any) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for _, r := range rows {
		for i, v := range r {
			rec[i] = Text(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
