package exec

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// parse extracts columns from a string by a pattern of literals and
// typed captures. The pattern becomes a regular expression anchored at
// the start of the string: each literal must follow the previous capture
// at its first occurrence, a capture at the end of the pattern takes the
// rest of the string, and a long, int or real capture only matches digits.
// A row that does not match gets "" and nulls in every capture column.
//
// NOTE: kind=relaxed behaves like kind=simple except that a capture whose
// text does not convert to its type is null; Kusto's relaxed mode also
// keeps partial matches, which this does not.
func (r *runner) parse(n *plan.Parse) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	re, err := parseRegex(n)
	if err != nil {
		return nil, err
	}
	src, err := r.compile(n.Source)
	if err != nil {
		return nil, err
	}
	var captures []plan.ParsePart
	for _, p := range n.Parts {
		if p.Column >= 0 {
			captures = append(captures, p)
		}
	}
	batches, err := r.parallelBatches(in, func(b *column.Batch) (*column.Batch, error) {
		sv, err := src.eval(b)
		if err != nil {
			return nil, err
		}
		var keep []int
		builders := make([]*column.Builder, len(captures))
		for i, c := range captures {
			builders[i] = column.NewBuilder(c.Kind, b.Len)
		}
		for row := 0; row < b.Len; row++ {
			text := types.Format(sv.Value(row))
			m := re.FindStringSubmatch(text)
			if n.DropUnmatched {
				if m == nil {
					continue
				}
				keep = append(keep, row)
			}
			for i, c := range captures {
				if m == nil || i+1 >= len(m) {
					builders[i].Append(types.Zero(c.Kind))
					continue
				}
				builders[i].Append(convertTo(m[i+1], c.Kind))
			}
		}
		out := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, len(n.Columns))}
		copy(out.Vectors, b.Vectors)
		if n.DropUnmatched && len(keep) < b.Len {
			for c := range b.Vectors {
				out.Vectors[c] = b.Vectors[c].Gather(keep)
			}
			out.Len = len(keep)
		}
		for i, c := range captures {
			out.Vectors[c.Column] = builders[i].Build()
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return &column.Table{Columns: n.Columns, Batches: batches}, nil
}

// parseRegex builds the regular expression for a parse pattern.
func parseRegex(n *plan.Parse) (*regexp.Regexp, error) {
	if n.Regex != "" {
		return compileRegex(n.Regex)
	}
	var b strings.Builder
	flags := "s"
	if n.Kind == "regex" && n.Flags != "" {
		flags = n.Flags
	}
	b.WriteString("(?" + flags + ")^")
	for i, p := range n.Parts {
		last := i == len(n.Parts)-1
		switch {
		case p.Column < 0 && p.Literal == "*" && n.Kind != "regex":
			b.WriteString(".*?")
		case p.Column < 0:
			if n.Kind == "regex" {
				b.WriteString(p.Literal)
			} else {
				b.WriteString(regexp.QuoteMeta(p.Literal))
			}
		default:
			b.WriteString(captureRegex(p.Kind, last || n.Kind == "regex"))
		}
	}
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("parse: invalid pattern: %v", err)
	}
	return re, nil
}

func captureRegex(k types.Kind, last bool) string {
	switch k {
	case types.Int, types.Long:
		return `([-+]?\d+)`
	case types.Real, types.Decimal:
		return `([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)`
	}
	if last {
		return "(.*)"
	}
	return "(.*?)"
}
