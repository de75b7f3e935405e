package exec

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the string functions.

// def is shorthand for a scalarDef with a row implementation.
func def(name string, minArgs, maxArgs int, result func([]types.Kind) (types.Kind, error), row rowFunc) *scalarDef {
	return &scalarDef{name: name, minArgs: minArgs, maxArgs: maxArgs, result: result, row: row}
}

// str returns argument i as text ("" for null).
func str(args []types.Value, i int) string {
	if i >= len(args) {
		return ""
	}
	return types.Format(args[i])
}

// intArg returns argument i as a long.
func intArg(args []types.Value, i int) (int64, bool) {
	if i >= len(args) || args[i] == nil {
		return 0, false
	}
	return toInt64(args[i])
}

func init() {
	S, L, B, D := fixed(types.String), fixed(types.Long), fixed(types.Bool), fixed(types.Dynamic)
	register(
		def("strlen", 1, 1, L, func(c *callEval, a []types.Value) types.Value {
			return int64(utf8.RuneCountInString(str(a, 0)))
		}),
		def("string_size", 1, 1, L, func(c *callEval, a []types.Value) types.Value { return int64(len(str(a, 0))) }),
		def("tolower", 1, 1, S, func(c *callEval, a []types.Value) types.Value { return strings.ToLower(str(a, 0)) }),
		def("toupper", 1, 1, S, func(c *callEval, a []types.Value) types.Value { return strings.ToUpper(str(a, 0)) }),
		def("substring", 2, 3, S, substring),
		def("strcat", 1, -1, S, func(c *callEval, a []types.Value) types.Value {
			var b strings.Builder
			for i := range a {
				b.WriteString(str(a, i))
			}
			return b.String()
		}),
		def("strcat_delim", 2, -1, S, func(c *callEval, a []types.Value) types.Value {
			parts := make([]string, 0, len(a)-1)
			for i := 1; i < len(a); i++ {
				parts = append(parts, str(a, i))
			}
			return strings.Join(parts, str(a, 0))
		}),
		def("strcat_array", 2, 2, S, func(c *callEval, a []types.Value) types.Value {
			arr, ok := a[0].([]any)
			if !ok {
				return ""
			}
			parts := make([]string, len(arr))
			for i, e := range arr {
				parts[i] = types.Format(e)
			}
			return strings.Join(parts, str(a, 1))
		}),
		def("split", 2, 3, D, splitString),
		def("replace_string", 3, 3, S, func(c *callEval, a []types.Value) types.Value {
			if str(a, 1) == "" {
				return str(a, 0)
			}
			return strings.ReplaceAll(str(a, 0), str(a, 1), str(a, 2))
		}),
		def("strrep", 2, 3, S, func(c *callEval, a []types.Value) types.Value {
			n, ok := intArg(a, 1)
			if !ok || n <= 0 {
				return ""
			}
			if n > 1024 {
				n = 1024
			}
			parts := make([]string, n)
			for i := range parts {
				parts[i] = str(a, 0)
			}
			return strings.Join(parts, str(a, 2))
		}),
		def("reverse", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			r := []rune(str(a, 0))
			for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
				r[i], r[j] = r[j], r[i]
			}
			return string(r)
		}),
		def("indexof", 2, 5, L, indexOf),
		def("countof", 2, 3, L, countOf),
		def("strcmp", 2, 2, L, func(c *callEval, a []types.Value) types.Value {
			return int64(strings.Compare(str(a, 0), str(a, 1)))
		}),
		def("isempty", 1, 1, B, func(c *callEval, a []types.Value) types.Value { return a[0] == nil || str(a, 0) == "" }),
		def("isnotempty", 1, 1, B, func(c *callEval, a []types.Value) types.Value { return a[0] != nil && str(a, 0) != "" }),
		def("base64_encode_tostring", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			return base64.StdEncoding.EncodeToString([]byte(str(a, 0)))
		}),
		def("base64_decode_tostring", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			b, err := decodeBase64(str(a, 0))
			if err != nil || !utf8.Valid(b) {
				return ""
			}
			return string(b)
		}),
		def("base64_decode_toarray", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			b, err := decodeBase64(str(a, 0))
			if err != nil {
				return nil
			}
			out := make([]any, len(b))
			for i, x := range b {
				out[i] = int64(x)
			}
			return out
		}),
		def("url_encode", 1, 1, S, func(c *callEval, a []types.Value) types.Value { return urlEncode(str(a, 0), "+") }),
		def("url_encode_component", 1, 1, S, func(c *callEval, a []types.Value) types.Value { return urlEncode(str(a, 0), "%20") }),
		def("url_decode", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			s, err := url.QueryUnescape(str(a, 0))
			if err != nil {
				return ""
			}
			return s
		}),
		def("hash_sha256", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			h := sha256.Sum256([]byte(str(a, 0)))
			return hex.EncodeToString(h[:])
		}),
		def("hash_sha1", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			h := sha1.Sum([]byte(str(a, 0)))
			return hex.EncodeToString(h[:])
		}),
		def("hash_md5", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			h := md5.Sum([]byte(str(a, 0)))
			return hex.EncodeToString(h[:])
		}),
		def("tohex", 1, 2, S, func(c *callEval, a []types.Value) types.Value {
			n, ok := intArg(a, 0)
			if !ok {
				return ""
			}
			s := fmt.Sprintf("%x", uint64(n))
			if n >= 0 {
				s = fmt.Sprintf("%x", n)
			}
			if w, ok := intArg(a, 1); ok && int64(len(s)) < w {
				s = strings.Repeat("0", int(w)-len(s)) + s
			}
			return s
		}),
		def("unicode_codepoints_from_string", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			var out []any
			for _, r := range str(a, 0) {
				out = append(out, int64(r))
			}
			if out == nil {
				out = []any{}
			}
			return out
		}),
		def("unicode_codepoints_to_string", 1, -1, S, func(c *callEval, a []types.Value) types.Value {
			var b strings.Builder
			for _, e := range listItems(a) {
				if n, ok := toInt64(e); ok {
					b.WriteRune(rune(n))
				}
			}
			return b.String()
		}),
	)
	register(
		&scalarDef{name: "replace_regex", minArgs: 3, maxArgs: 3, result: S, prepare: prepareRegexArg(1),
			row: func(c *callEval, a []types.Value) types.Value {
				re := regexFor(c, a[1])
				if re == nil {
					return ""
				}
				return re.ReplaceAllString(str(a, 0), rewriteTemplate(str(a, 2)))
			}},
		&scalarDef{name: "extract", minArgs: 3, maxArgs: 4, prepare: prepareRegexArg(0),
			result: func(k []types.Kind) (types.Kind, error) {
				if len(k) == 4 {
					return k[3], nil
				}
				return types.String, nil
			},
			row: extract},
		&scalarDef{name: "extract_all", minArgs: 2, maxArgs: 3, result: D, prepare: prepareRegexArg(0), row: extractAll},
		&scalarDef{name: "trim", minArgs: 2, maxArgs: 2, result: S, row: trimRegex(true, true)},
		&scalarDef{name: "trim_start", minArgs: 2, maxArgs: 2, result: S, row: trimRegex(true, false)},
		&scalarDef{name: "trim_end", minArgs: 2, maxArgs: 2, result: S, row: trimRegex(false, true)},
	)
	alias("replace", "replace_regex")
	alias("trimstart", "trim_start")
	alias("trimend", "trim_end")
	alias("base64_encodestring", "base64_encode_tostring")
	alias("base64_decodestring", "base64_decode_tostring")
}

func decodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// substring counts characters, not bytes. A negative start counts from
// the end; one before the beginning gives "".
func substring(c *callEval, a []types.Value) types.Value {
	r := []rune(str(a, 0))
	start, ok := intArg(a, 1)
	if !ok {
		return ""
	}
	length := int64(len(r))
	if l, ok := intArg(a, 2); ok {
		length = l
	}
	if start < 0 {
		// A negative start counts from the end of the string.
		start += int64(len(r))
		if start < 0 {
			return ""
		}
	}
	if start >= int64(len(r)) || length <= 0 {
		return ""
	}
	end := min(start+length, int64(len(r)))
	return string(r[start:end])
}

func splitString(c *callEval, a []types.Value) types.Value {
	s, sep := str(a, 0), str(a, 1)
	var parts []string
	if sep == "" {
		parts = []string{s}
	} else {
		parts = strings.Split(s, sep)
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	if len(a) > 2 {
		i, ok := intArg(a, 2)
		if !ok || i < 0 || i >= int64(len(out)) {
			return nil
		}
		return []any{out[i]}
	}
	return out
}

func indexOf(c *callEval, a []types.Value) types.Value {
	if a[0] == nil {
		return nil
	}
	s := []rune(str(a, 0))
	lookup := str(a, 1)
	if lookup == "" {
		return nil
	}
	start := int64(0)
	if v, ok := intArg(a, 2); ok {
		start = v
	}
	if start < 0 || start > int64(len(s)) {
		return int64(-1)
	}
	end := int64(len(s))
	if v, ok := intArg(a, 3); ok && v >= 0 {
		end = min(end, start+v)
	}
	occurrence := int64(1)
	if v, ok := intArg(a, 4); ok {
		occurrence = v
	}
	hay := string(s[start:end])
	pos := 0
	for k := int64(1); ; k++ {
		i := strings.Index(hay[pos:], lookup)
		if i < 0 {
			return int64(-1)
		}
		if k == occurrence {
			return start + int64(utf8.RuneCountInString(hay[:pos+i]))
		}
		_, size := utf8.DecodeRuneInString(hay[pos+i:])
		if size == 0 {
			return int64(-1)
		}
		pos += i + size
	}
}

func countOf(c *callEval, a []types.Value) types.Value {
	s, search := str(a, 0), str(a, 1)
	if search == "" {
		return int64(0)
	}
	if len(a) > 2 && str(a, 2) == "regex" {
		re, err := compileRegex(search)
		if err != nil {
			return nil
		}
		return int64(len(re.FindAllStringIndex(s, -1)))
	}
	// Occurrences may overlap, as in Kusto: countof("aaa", "aa") is 2.
	n := int64(0)
	for i := 0; i+len(search) <= len(s); {
		j := strings.Index(s[i:], search)
		if j < 0 {
			break
		}
		n++
		_, size := utf8.DecodeRuneInString(s[i+j:])
		i += j + size
	}
	return n
}

// rewriteTemplate turns Kusto's \1 and $1 group references into Go's
// ${1}.
var groupRef = regexp.MustCompile(`\\(\d)|\$(\d)`)

func rewriteTemplate(s string) string {
	return groupRef.ReplaceAllString(s, "$${$1$2}")
}

func extract(c *callEval, a []types.Value) types.Value {
	re := regexFor(c, a[0])
	if re == nil {
		return nil
	}
	g, ok := intArg(a, 1)
	if !ok || g < 0 || int(g) > re.NumSubexp() {
		return nil
	}
	m := re.FindStringSubmatchIndex(str(a, 2))
	if m == nil || m[2*g] < 0 {
		if c.result == types.String {
			return ""
		}
		return nil
	}
	text := str(a, 2)[m[2*g]:m[2*g+1]]
	if c.result != types.String {
		return convertTo(text, c.result)
	}
	return text
}

func extractAll(c *callEval, a []types.Value) types.Value {
	re := regexFor(c, a[0])
	if re == nil {
		return nil
	}
	text := str(a, len(a)-1)
	var groups []int64
	if len(a) == 3 {
		arr, _ := a[1].([]any)
		for _, e := range arr {
			if n, ok := toInt64(e); ok {
				groups = append(groups, n)
			}
		}
	}
	matches := re.FindAllStringSubmatch(text, -1)
	if len(matches) == 0 {
		return nil
	}
	out := make([]any, 0, len(matches))
	for _, m := range matches {
		switch {
		case groups != nil:
			row := make([]any, 0, len(groups))
			for _, g := range groups {
				if int(g) < len(m) {
					row = append(row, m[g])
				}
			}
			out = append(out, row)
		case re.NumSubexp() == 0:
			out = append(out, m[0])
		case re.NumSubexp() == 1:
			out = append(out, m[1])
		default:
			row := make([]any, 0, len(m)-1)
			for _, x := range m[1:] {
				row = append(row, x)
			}
			out = append(out, row)
		}
	}
	return out
}

func trimRegex(start, end bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		pattern := str(a, 0)
		s := str(a, 1)
		if start {
			re, err := compileRegex("^(?:" + pattern + ")")
			if err != nil {
				return nil
			}
			s = re.ReplaceAllString(s, "")
		}
		if end {
			re, err := compileRegex("(?:" + pattern + ")$")
			if err != nil {
				return nil
			}
			s = re.ReplaceAllString(s, "")
		}
		return s
	}
}

// urlEncode percent-encodes every byte except letters, digits and
// -_.!*'() with lower-case hex digits, as .NET's HttpUtility does, and
// writes a space as space.
func urlEncode(s, space string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			b.WriteString(space)
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-_.!*'()", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return b.String()
}
