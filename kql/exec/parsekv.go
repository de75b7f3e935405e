package exec

import (
	"regexp"
	"strings"

	"github.com/quarry-kql/quarry/kql/column"
	"github.com/quarry-kql/quarry/kql/plan"
	"github.com/quarry-kql/quarry/kql/types"
)

// parseKv finds, for each key, its first occurrence at the start of the
// text or after a pair delimiter, followed by the key-value delimiter.
// The value runs to the next pair delimiter, or to the closing quote.
// Spaces around keys and values are ignored. A missing key gives "" or
// null.
func (r *runner) parseKv(n *plan.ParseKv) (*column.Table, error) {
	in, err := r.run(n.Input)
	if err != nil {
		return nil, err
	}
	src, err := r.compile(n.Source)
	if err != nil {
		return nil, err
	}
	pd, kd := regexp.QuoteMeta(n.PairDelim), regexp.QuoteMeta(n.KvDelim)
	res := make([]*regexp.Regexp, len(n.Keys))
	for i, k := range n.Keys {
		value := `((?:[^` + charClass(n.PairDelim) + `])*)`
		if n.PairDelim != "" && len(n.PairDelim) > 1 {
			value = `(.*?)(?:` + pd + `|$)`
		}
		before := `(?:^|` + pd + `)`
		if n.Auto {
			kd = `[:=]`
			before = `(?:^|[^\pL\pN_])`
			value = `([^\s,;]*)`
		}
		if n.Quote != "" {
			q := regexp.QuoteMeta(n.Quote)
			value = `(?:` + q + `([^` + charClass(n.Quote) + `]*)` + q + `|` + value + `)`
		}
		key := regexp.QuoteMeta(n.Columns[k].Name)
		if n.Quote != "" {
			q := regexp.QuoteMeta(n.Quote)
			key = `(?:` + key + `|` + q + key + q + `)`
		}
		re, err := regexp.Compile(before + `\s*` + key + `\s*` + kd + `\s*` + value)
		if err != nil {
			return nil, err
		}
		res[i] = re
	}
	batches, err := r.parallelBatches(in, func(b *column.Batch) (*column.Batch, error) {
		sv, err := src.eval(b)
		if err != nil {
			return nil, err
		}
		out := &column.Batch{Len: b.Len, Vectors: make([]*column.Vector, len(n.Columns))}
		copy(out.Vectors, b.Vectors)
		for i, k := range n.Keys {
			kind := n.Columns[k].Type
			bl := column.NewBuilder(kind, b.Len)
			for row := 0; row < b.Len; row++ {
				m := res[i].FindStringSubmatch(types.Format(sv.Value(row)))
				if m == nil {
					bl.Append(types.Zero(kind))
					continue
				}
				v := ""
				for _, g := range m[1:] {
					if g != "" {
						v = g
						break
					}
				}
				bl.Append(convertTo(strings.TrimSpace(v), kind))
			}
			out.Vectors[k] = bl.Build()
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return &column.Table{Columns: n.Columns, Batches: batches}, nil
}

// charClass escapes text for use inside a regular expression's [...].
func charClass(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\]^-[`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
