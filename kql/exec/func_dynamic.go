package exec

import (
	"sort"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the functions over dynamic arrays and property bags,
// and the member (d.x) and index (d[0], d["x"]) accessors.

// asDynamic converts a value into its dynamic payload form.
func asDynamic(v types.Value) any {
	switch x := v.(type) {
	case int32:
		return int64(x)
	case string:
		// A string argument in a dynamic position is parsed as JSON when
		// it holds an array or an object.
		t := strings.TrimSpace(x)
		if strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{") {
			if p, err := types.ParseJSON(t); err == nil {
				return p
			}
		}
	}
	return v
}

func arrayArg(a []types.Value, i int) ([]any, bool) {
	if i >= len(a) {
		return nil, false
	}
	arr, ok := asDynamic(a[i]).([]any)
	return arr, ok
}

func init() {
	D, L, B := fixed(types.Dynamic), fixed(types.Long), fixed(types.Bool)
	register(
		def(".", 2, 2, D, func(c *callEval, a []types.Value) types.Value {
			m, ok := asDynamic(a[0]).(map[string]any)
			if !ok {
				return nil
			}
			return m[str(a, 1)]
		}),
		def("[]", 2, 2, D, func(c *callEval, a []types.Value) types.Value {
			switch x := asDynamic(a[0]).(type) {
			case []any:
				i, ok := toInt64(a[1])
				if !ok {
					return nil
				}
				if i < 0 {
					i += int64(len(x))
				}
				if i < 0 || i >= int64(len(x)) {
					return nil
				}
				return x[i]
			case map[string]any:
				return x[str(a, 1)]
			}
			return nil
		}),
		def("array_length", 1, 1, L, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			return int64(len(arr))
		}),
		def("bag_keys", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			m, ok := asDynamic(a[0]).(map[string]any)
			if !ok {
				return nil
			}
			out := make([]any, 0, len(m))
			for _, k := range types.SortedKeys(m) {
				out = append(out, k)
			}
			return out
		}),
		def("bag_has_key", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			m, ok := asDynamic(a[0]).(map[string]any)
			if !ok {
				return false
			}
			_, has := m[str(a, 1)]
			return has
		}),
		def("bag_pack", 0, -1, D, func(c *callEval, a []types.Value) types.Value {
			m := make(map[string]any, len(a)/2)
			for i := 0; i+1 < len(a); i += 2 {
				m[str(a, i)] = asDynamicElement(a[i+1])
			}
			return m
		}),
		def("pack_array", 0, -1, D, func(c *callEval, a []types.Value) types.Value {
			out := make([]any, len(a))
			for i, v := range a {
				out[i] = asDynamicElement(v)
			}
			return out
		}),
		def("array_concat", 1, -1, D, func(c *callEval, a []types.Value) types.Value {
			// Arguments that are not arrays (null, bags) contribute nothing.
			out := []any{}
			for i := range a {
				arr, _ := arrayArg(a, i)
				out = append(out, arr...)
			}
			return out
		}),
		def("set_union", 1, -1, D, setOp("union")),
		def("set_intersect", 1, -1, D, setOp("intersect")),
		def("set_difference", 1, -1, D, setOp("difference")),
		def("set_has_element", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			for _, e := range arr {
				if e != nil && a[1] != nil && equalValues(e, asDynamicElement(a[1])) {
					return true
				}
			}
			return false
		}),
		def("array_index_of", 2, 5, L, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			for i, e := range arr {
				if e != nil && a[1] != nil && equalValues(e, asDynamicElement(a[1])) {
					return int64(i)
				}
			}
			return int64(-1)
		}),
		def("array_slice", 3, 3, D, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			start, ok1 := intArg(a, 1)
			end, ok2 := intArg(a, 2)
			if !ok || !ok1 || !ok2 {
				return nil
			}
			n := int64(len(arr))
			if start < 0 {
				start += n
			}
			if end < 0 {
				end += n
			}
			start = max(start, 0)
			end = min(end, n-1)
			if start > end {
				return []any{}
			}
			return append([]any{}, arr[start:end+1]...)
		}),
		def("array_reverse", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			out := make([]any, len(arr))
			for i, e := range arr {
				out[len(arr)-1-i] = e
			}
			return out
		}),
		def("array_sort_asc", 1, -1, D, sortArray(false)),
		def("array_sort_desc", 1, -1, D, sortArray(true)),
		def("array_sum", 1, 1, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			sum := 0.0
			for _, e := range arr {
				if e == nil {
					continue
				}
				f, ok := types.AsFloat(e)
				if !ok {
					return nil
				}
				sum += f
			}
			return sum
		}),
		def("array_iff", 3, 3, D, func(c *callEval, a []types.Value) types.Value {
			cond, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			ifTrue, ok1 := arrayArg(a, 1)
			if !ok1 {
				ifTrue = repeatValue(a[1], len(cond))
			}
			ifFalse, ok2 := arrayArg(a, 2)
			if !ok2 {
				ifFalse = repeatValue(a[2], len(cond))
			}
			out := make([]any, len(cond))
			for i, e := range cond {
				b, ok := toBool(e)
				switch {
				case !ok:
					out[i] = nil
				case b && i < len(ifTrue):
					out[i] = ifTrue[i]
				case !b && i < len(ifFalse):
					out[i] = ifFalse[i]
				}
			}
			return out
		}),
		def("array_rotate_left", 2, 2, D, rotate(-1)),
		def("array_rotate_right", 2, 2, D, rotate(1)),
		def("array_shift_left", 2, 3, D, shift(-1)),
		def("array_shift_right", 2, 3, D, shift(1)),
		def("bag_merge", 1, -1, D, func(c *callEval, a []types.Value) types.Value {
			out := map[string]any{}
			for _, v := range a {
				m, ok := asDynamic(v).(map[string]any)
				if !ok {
					continue
				}
				for k, e := range m {
					if _, dup := out[k]; !dup {
						out[k] = e
					}
				}
			}
			return out
		}),
		def("bag_remove_keys", 2, 2, D, func(c *callEval, a []types.Value) types.Value {
			m, ok := asDynamic(a[0]).(map[string]any)
			if !ok {
				return nil
			}
			keys, _ := arrayArg(a, 1)
			out := make(map[string]any, len(m))
			for k, e := range m {
				out[k] = e
			}
			for _, k := range keys {
				delete(out, types.Format(k))
			}
			return out
		}),
		def("zip", 1, -1, D, func(c *callEval, a []types.Value) types.Value {
			arrays := make([][]any, len(a))
			n := 0
			for i := range a {
				arr, ok := arrayArg(a, i)
				if !ok {
					return nil
				}
				arrays[i] = arr
				n = max(n, len(arr))
			}
			out := make([]any, n)
			for i := range out {
				row := make([]any, len(arrays))
				for j, arr := range arrays {
					if i < len(arr) {
						row[j] = arr[i]
					}
				}
				out[i] = row
			}
			return out
		}),
		def("jaccard_index", 2, 2, fixed(types.Real), func(c *callEval, a []types.Value) types.Value {
			x, ok1 := arrayArg(a, 0)
			y, ok2 := arrayArg(a, 1)
			if !ok1 || !ok2 {
				return nil
			}
			union := setOp("union")(c, []types.Value{x, y}).([]any)
			inter := setOp("intersect")(c, []types.Value{x, y}).([]any)
			if len(union) == 0 {
				return nil
			}
			return float64(len(inter)) / float64(len(union))
		}),
		def("parse_path", 1, 1, D, parsePath),
		def("parse_command_line", 1, 2, D, parseCommandLine),
	)
	alias("pack", "bag_pack")
	alias("pack_dictionary", "bag_pack")
}

// asDynamicElement converts a scalar argument into an element of a
// dynamic array or bag, leaving strings as strings.
func asDynamicElement(v types.Value) any {
	if x, ok := v.(int32); ok {
		return int64(x)
	}
	return v
}

func setOp(kind string) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		var lists [][]any
		for i := range a {
			arr, ok := arrayArg(a, i)
			if !ok {
				return nil
			}
			lists = append(lists, arr)
		}
		key := func(v any) string { return string(groupKey(nil, v)) }
		out := []any{}
		seen := map[string]bool{}
		switch kind {
		case "union":
			for _, l := range lists {
				for _, e := range l {
					if k := key(e); !seen[k] {
						seen[k] = true
						out = append(out, e)
					}
				}
			}
		case "intersect":
			for _, e := range lists[0] {
				k := key(e)
				if seen[k] {
					continue
				}
				inAll := true
				for _, l := range lists[1:] {
					found := false
					for _, f := range l {
						if key(f) == k {
							found = true
							break
						}
					}
					if !found {
						inAll = false
						break
					}
				}
				if inAll {
					seen[k] = true
					out = append(out, e)
				}
			}
		case "difference":
			exclude := map[string]bool{}
			for _, l := range lists[1:] {
				for _, e := range l {
					exclude[key(e)] = true
				}
			}
			for _, e := range lists[0] {
				if k := key(e); !exclude[k] && !seen[k] {
					seen[k] = true
					out = append(out, e)
				}
			}
		}
		return out
	}
}

// sortArray sorts an array with nulls last (or first when the second
// argument is false).
func sortArray(desc bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		arr, ok := arrayArg(a, 0)
		if !ok {
			return nil
		}
		nullsLast := true
		if len(a) > 1 {
			if b, ok := a[len(a)-1].(bool); ok {
				nullsLast = b
			}
		}
		out := append([]any{}, arr...)
		sort.SliceStable(out, func(i, j int) bool {
			x, y := out[i], out[j]
			if x == nil || y == nil {
				if x == nil && y == nil {
					return false
				}
				return (x == nil) != nullsLast
			}
			cmp := orderValues(x, y)
			if desc {
				return cmp > 0
			}
			return cmp < 0
		})
		return out
	}
}

func rotate(dir int) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		arr, ok := arrayArg(a, 0)
		n, ok2 := intArg(a, 1)
		if !ok || !ok2 {
			return nil
		}
		l := int64(len(arr))
		if l == 0 {
			return []any{}
		}
		shift := ((n*int64(dir))%l + l) % l
		out := make([]any, l)
		for i, e := range arr {
			out[(int64(i)+shift)%l] = e
		}
		return out
	}
}

func shift(dir int) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		arr, ok := arrayArg(a, 0)
		n, ok2 := intArg(a, 1)
		if !ok || !ok2 {
			return nil
		}
		var fill any
		if len(a) > 2 {
			fill = asDynamicElement(a[2])
		}
		l := int64(len(arr))
		out := make([]any, l)
		for i := int64(0); i < l; i++ {
			src := i - n*int64(dir)
			if src >= 0 && src < l {
				out[i] = arr[src]
			} else {
				out[i] = fill
			}
		}
		return out
	}
}

// parsePath splits a file path into the parts parse_path returns.
func parsePath(c *callEval, a []types.Value) types.Value {
	p := str(a, 0)
	out := map[string]any{"Scheme": "", "RootPath": "", "DirectoryPath": "", "DirectoryName": "", "Filename": "", "Extension": "", "AlternateDataStreamName": ""}
	rest := p
	if i := strings.Index(rest, "://"); i > 0 {
		out["Scheme"] = rest[:i]
		rest = rest[i+3:]
	}
	sep := "\\"
	if !strings.Contains(rest, "\\") && strings.Contains(rest, "/") {
		sep = "/"
	}
	if len(rest) >= 2 && rest[1] == ':' {
		out["RootPath"] = rest[:2]
	} else if strings.HasPrefix(rest, `\\`) {
		parts := strings.SplitN(rest[2:], `\`, 2)
		out["RootPath"] = `\\` + parts[0]
	}
	dir, file := "", rest
	if i := strings.LastIndex(rest, sep); i >= 0 {
		dir, file = rest[:i], rest[i+1:]
	}
	if i := strings.Index(file, ":"); i >= 0 {
		out["AlternateDataStreamName"] = file[i+1:]
		file = file[:i]
	}
	out["DirectoryPath"] = dir
	if i := strings.LastIndex(dir, sep); i >= 0 {
		out["DirectoryName"] = dir[i+1:]
	} else {
		out["DirectoryName"] = dir
	}
	out["Filename"] = file
	if i := strings.LastIndex(file, "."); i >= 0 {
		out["Extension"] = file[i+1:]
	}
	return out
}

// parseCommandLine splits a Windows command line into arguments with the
// rules of CommandLineToArgvW: spaces separate arguments outside double
// quotes, 2n backslashes before a quote give n backslashes, and 2n+1
// give n and a literal quote.
func parseCommandLine(c *callEval, a []types.Value) types.Value {
	s := str(a, 0)
	out := []any{}
	var cur strings.Builder
	inQuotes, have := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			j := i
			for j < len(s) && s[j] == '\\' {
				j++
			}
			n := j - i
			if j < len(s) && s[j] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					j++
				}
				i = j - 1
				if n%2 == 0 {
					i = j - 1
				}
			} else {
				cur.WriteString(s[i:j])
				i = j - 1
			}
			have = true
		case ch == '"':
			if inQuotes && i+1 < len(s) && s[i+1] == '"' {
				cur.WriteByte('"')
				i++
			} else {
				inQuotes = !inQuotes
			}
			have = true
		case (ch == ' ' || ch == '\t') && !inQuotes:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(ch)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

func init() {
	register(&scalarDef{name: "extract_json", minArgs: 2, maxArgs: 3,
		result: func(k []types.Kind) (types.Kind, error) {
			if len(k) == 3 {
				return k[2], nil
			}
			return types.String, nil
		},
		row: func(c *callEval, a []types.Value) types.Value {
			doc := asDynamic(a[1])
			if s, ok := doc.(string); ok {
				p, err := types.ParseJSON(s)
				if err != nil {
					return nil
				}
				doc = p
			}
			v, ok := jsonPath(str(a, 0), doc)
			if !ok || v == nil {
				return nil
			}
			if c.result == types.Dynamic {
				return v
			}
			return convertTo(v, c.result)
		}})
	alias("extractjson", "extract_json")
}

// jsonPath evaluates the subset of JSONPath that extract_json accepts:
// $ followed by .name, ['name'] and [index] steps.
func jsonPath(path string, doc any) (any, bool) {
	path = strings.TrimSpace(path)
	if !strings.HasPrefix(path, "$") {
		return nil, false
	}
	cur := doc
	rest := path[1:]
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			cur = m[rest[:end]]
			rest = rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			key := strings.TrimSpace(rest[1:end])
			rest = rest[end+1:]
			if len(key) >= 2 && (key[0] == '\'' || key[0] == '"') {
				m, ok := cur.(map[string]any)
				if !ok {
					return nil, false
				}
				cur = m[key[1:len(key)-1]]
				continue
			}
			arr, ok := cur.([]any)
			if !ok {
				return nil, false
			}
			i, ok := toInt64(key)
			if !ok || i < 0 || i >= int64(len(arr)) {
				return nil, false
			}
			cur = arr[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func init() {
	register(
		def("dynamic_to_json", 1, 1, fixed(types.String), func(c *callEval, a []types.Value) types.Value {
			return types.FormatJSON(asDynamicElement(a[0]))
		}),
		def("range", 2, 3, fixed(types.Dynamic), rangeArray),
		def("array_split", 2, 2, fixed(types.Dynamic), func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			var cuts []int64
			if idx, ok := arrayArg(a, 1); ok {
				for _, e := range idx {
					if n, ok := toInt64(e); ok {
						cuts = append(cuts, n)
					}
				}
			} else if n, ok := intArg(a, 1); ok {
				cuts = []int64{n}
			}
			out := []any{}
			start := int64(0)
			n := int64(len(arr))
			for _, cut := range append(cuts, n) {
				if cut < 0 {
					cut += n
				}
				cut = max(start, min(cut, n))
				out = append(out, append([]any{}, arr[start:cut]...))
				start = cut
			}
			return out
		}),
	)
}

// MaxRangeElements is the most elements range() returns.
const MaxRangeElements = 1_000_000

// rangeArray is the scalar range(start, stop, step): an array of the
// values from start to stop inclusive.
func rangeArray(c *callEval, a []types.Value) types.Value {
	if a[0] == nil || a[1] == nil {
		return nil
	}
	var step types.Value = int64(1)
	if len(a) > 2 {
		step = a[2]
	}
	var out []any
	switch start := a[0].(type) {
	case types.DateTimeValue:
		stop, ok1 := a[1].(types.DateTimeValue)
		s, ok2 := step.(types.TimeSpanValue)
		if !ok1 || !ok2 || s == 0 {
			return nil
		}
		for t := int64(start); (s > 0 && t <= int64(stop)) || (s < 0 && t >= int64(stop)); t += int64(s) {
			if len(out) >= MaxRangeElements {
				break
			}
			out = append(out, types.DateTimeValue(t))
		}
	default:
		if _, isReal := a[0].(float64); isReal || isNaN(step) {
			f, _ := types.AsFloat(a[0])
			to, _ := types.AsFloat(a[1])
			s, _ := types.AsFloat(step)
			if s == 0 {
				return nil
			}
			for i := 0; len(out) < MaxRangeElements; i++ {
				x := f + float64(i)*s
				if (s > 0 && x > to) || (s < 0 && x < to) {
					break
				}
				out = append(out, x)
			}
			break
		}
		f, ok1 := toInt64(a[0])
		to, ok2 := toInt64(a[1])
		s, ok3 := toInt64(step)
		if !ok1 || !ok2 || !ok3 || s == 0 {
			return nil
		}
		for x := f; (s > 0 && x <= to) || (s < 0 && x >= to); x += s {
			if len(out) >= MaxRangeElements {
				break
			}
			out = append(out, x)
		}
	}
	if out == nil {
		out = []any{}
	}
	return out
}

// repeatValue returns an array of n copies of a scalar.
func repeatValue(v types.Value, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = asDynamicElement(v)
	}
	return out
}
