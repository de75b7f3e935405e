package syntax

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// errorAnnotation is an expected error: its line and column in the case
// text with annotations removed, an optional code, and a message pattern.
type errorAnnotation struct {
	fileLine int
	line     int
	col      int
	code     string
	pattern  *regexp.Regexp
}

var annotationRE = regexp.MustCompile(`^//( *)\^ (?:\[([A-Z0-9]+)\] )?(.*)$`)

// readErrorCases splits testdata/errors.kql into cases and their
// annotations, as its header describes.
func readErrorCases(t *testing.T, path string) (cases []string, annotations [][]errorAnnotation, starts []int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var code []string
	var anns []errorAnnotation
	start := 0
	flush := func() {
		if len(code) > 0 {
			cases = append(cases, strings.Join(code, "\n"))
			annotations = append(annotations, anns)
			starts = append(starts, start)
		}
		code, anns = nil, nil
	}
	inHeader := true
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "// ----" {
			inHeader = false
			flush()
			start = i + 2
			continue
		}
		if inHeader {
			continue
		}
		if m := annotationRE.FindStringSubmatch(line); m != nil {
			if len(code) == 0 {
				t.Fatalf("%s:%d: annotation before any code line", path, i+1)
			}
			re, err := regexp.Compile(m[3])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, i+1, err)
			}
			col := utf8.RuneCountInString(m[1]) + 3
			anns = append(anns, errorAnnotation{fileLine: i + 1, line: len(code), col: col, code: m[2], pattern: re})
			continue
		}
		if strings.HasPrefix(line, "// <-") {
			continue // a remark about the case
		}
		code = append(code, line)
	}
	flush()
	return cases, annotations, starts
}

func TestErrorAnnotations(t *testing.T) {
	cases, annotations, starts := readErrorCases(t, "testdata/errors.kql")
	for i, text := range cases {
		src := NewSource("errors.kql", text)
		_, diags := Parse(text)
		matched := make([]bool, len(annotations[i]))
		for _, d := range diags {
			pos := src.Position(d.Span.From)
			found := false
			for k, a := range annotations[i] {
				if matched[k] || a.line != pos.Line || a.col != pos.Column {
					continue
				}
				found = true
				matched[k] = true
				if a.code != "" && a.code != string(d.Code) {
					t.Errorf("errors.kql:%d: code %s, want %s", a.fileLine, d.Code, a.code)
				}
				if !a.pattern.MatchString(d.Message) {
					t.Errorf("errors.kql:%d: message %q does not match %q", a.fileLine, d.Message, a.pattern)
				}
				break
			}
			if !found {
				t.Errorf("errors.kql:%d: unexpected error at %d:%d in the case starting here:\n%s",
					starts[i], pos.Line, pos.Column, d.Format(src))
			}
		}
		for k, a := range annotations[i] {
			if !matched[k] {
				t.Errorf("errors.kql:%d: no error reported at %d:%d", a.fileLine, a.line, a.col)
			}
		}
	}
}
