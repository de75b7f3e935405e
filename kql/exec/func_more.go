package exec

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"crypto/rand"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"math/bits"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds less common string, encoding and bag functions.

// maxDecompressed caps what the *_decompress_* functions produce.
const maxDecompressed = 64 << 20

func init() {
	S, B, L, D := fixed(types.String), fixed(types.Bool), fixed(types.Long), fixed(types.Dynamic)
	register(
		def("isascii", 1, 1, B, func(c *callEval, a []types.Value) types.Value {
			s := str(a, 0)
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return false
				}
			}
			return true
		}),
		def("isutf8", 1, 1, B, func(c *callEval, a []types.Value) types.Value { return utf8.ValidString(str(a, 0)) }),
		def("to_utf8", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			out := []any{}
			for _, b := range []byte(str(a, 0)) {
				out = append(out, int64(b))
			}
			return out
		}),
		def("make_string", 1, -1, S, func(c *callEval, a []types.Value) types.Value {
			var b strings.Builder
			for _, e := range listItems(a) {
				if n, ok := toInt64(e); ok {
					b.WriteRune(rune(n))
				}
			}
			return b.String()
		}),
		def("regex_quote", 1, 1, S, func(c *callEval, a []types.Value) types.Value { return regexp.QuoteMeta(str(a, 0)) }),
		def("repeat", 2, 2, D, func(c *callEval, a []types.Value) types.Value {
			n, ok := intArg(a, 1)
			if !ok || n < 0 {
				return nil
			}
			n = min(n, MaxRangeElements)
			out := make([]any, n)
			for i := range out {
				out[i] = asDynamicElement(a[0])
			}
			return out
		}),
		def("translate", 3, 3, S, func(c *callEval, a []types.Value) types.Value {
			from, to := []rune(str(a, 0)), []rune(str(a, 1))
			var b strings.Builder
			for _, r := range str(a, 2) {
				i := indexRune(from, r)
				switch {
				case i < 0:
					b.WriteRune(r)
				case len(to) == 0:
				case i < len(to):
					b.WriteRune(to[i])
				default:
					b.WriteRune(to[len(to)-1])
				}
			}
			return b.String()
		}),
		def("replace_strings", 3, 3, S, func(c *callEval, a []types.Value) types.Value {
			lookups, _ := arrayArg(a, 1)
			rewrites, _ := arrayArg(a, 2)
			var pairs []string
			for i, l := range lookups {
				r := ""
				if i < len(rewrites) {
					r = types.Format(rewrites[i])
				}
				if s := types.Format(l); s != "" {
					pairs = append(pairs, s, r)
				}
			}
			return strings.NewReplacer(pairs...).Replace(str(a, 0))
		}),
		def("indexof_regex", 2, 5, L, func(c *callEval, a []types.Value) types.Value {
			re, err := compileRegex(str(a, 1))
			if err != nil || a[0] == nil {
				return nil
			}
			s := str(a, 0)
			start := int64(0)
			if v, ok := intArg(a, 2); ok {
				start = v
			}
			if start < 0 || start > int64(len(s)) {
				return int64(-1)
			}
			loc := re.FindStringIndex(s[start:])
			if loc == nil {
				return int64(-1)
			}
			return start + int64(loc[0])
		}),
		def("bitset_count_ones", 1, 1, L, func(c *callEval, a []types.Value) types.Value {
			n, ok := toInt64(a[0])
			if !ok {
				return nil
			}
			return int64(bits.OnesCount64(uint64(n)))
		}),
		def("format_bytes", 1, 3, S, formatBytes),
		def("parse_url", 1, 1, D, parseURL),
		def("parse_urlquery", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			return map[string]any{"Query Parameters": queryParams(strings.TrimPrefix(str(a, 0), "?"))}
		}),
		def("parse_csv", 1, 1, D, func(c *callEval, a []types.Value) types.Value {
			r := csv.NewReader(strings.NewReader(str(a, 0)))
			r.FieldsPerRecord = -1
			r.LazyQuotes = true
			rec, err := r.Read()
			if err != nil {
				return []any{""}
			}
			out := make([]any, len(rec))
			for i, f := range rec {
				out[i] = f
			}
			return out
		}),
		def("parse_version", 1, 1, fixed(types.Decimal), func(c *callEval, a []types.Value) types.Value {
			parts := strings.Split(strings.TrimSpace(str(a, 0)), ".")
			if len(parts) < 1 || len(parts) > 4 {
				return nil
			}
			var b strings.Builder
			for i := 0; i < 4; i++ {
				p := "0"
				if i < len(parts) {
					p = parts[i]
				}
				n, err := strconv.ParseUint(p, 10, 64)
				if err != nil || n > 99999999 {
					return nil
				}
				if i == 0 {
					b.WriteString(strconv.FormatUint(n, 10))
				} else {
					fmt.Fprintf(&b, "%08d", n)
				}
			}
			d, ok := types.ParseDecimal(b.String())
			if !ok {
				return nil
			}
			return d
		}),
		def("base64_encode_fromarray", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			arr, ok := arrayArg(a, 0)
			if !ok {
				return nil
			}
			buf := make([]byte, 0, len(arr))
			for _, e := range arr {
				n, ok := toInt64(e)
				if !ok || n < 0 || n > 255 {
					return nil
				}
				buf = append(buf, byte(n))
			}
			return base64.StdEncoding.EncodeToString(buf)
		}),
		def("base64_encode_fromguid", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			g, ok := a[0].(types.GuidValue)
			if !ok {
				return nil
			}
			b := dotNetGuidBytes(g)
			return base64.StdEncoding.EncodeToString(b[:])
		}),
		def("base64_decode_toguid", 1, 1, fixed(types.Guid), func(c *callEval, a []types.Value) types.Value {
			b, err := decodeBase64(str(a, 0))
			if err != nil || len(b) != 16 {
				return nil
			}
			var raw [16]byte
			copy(raw[:], b)
			return types.GuidValue(dotNetGuidBytes(types.GuidValue(raw)))
		}),
		def("gzip_compress_to_base64_string", 1, 1, S, compressFn(true)),
		def("zlib_compress_to_base64_string", 1, 1, S, compressFn(false)),
		def("gzip_decompress_from_base64_string", 1, 1, S, decompressFn(true)),
		def("zlib_decompress_from_base64_string", 1, 1, S, decompressFn(false)),
		def("bag_set_key", 3, 3, D, func(c *callEval, a []types.Value) types.Value {
			m, ok := asDynamic(a[0]).(map[string]any)
			if !ok {
				return nil
			}
			out := make(map[string]any, len(m)+1)
			for k, v := range m {
				out[k] = v
			}
			out[str(a, 1)] = asDynamicElement(a[2])
			return out
		}),
		def("bag_zip", 2, 2, D, func(c *callEval, a []types.Value) types.Value {
			keys, ok1 := arrayArg(a, 0)
			vals, ok2 := arrayArg(a, 1)
			if !ok1 || !ok2 {
				return nil
			}
			out := map[string]any{}
			for i, k := range keys {
				s, ok := k.(string)
				if !ok {
					continue
				}
				var v any
				if i < len(vals) {
					v = vals[i]
				}
				out[s] = v
			}
			return out
		}),
	)
	register(&scalarDef{name: "new_guid", minArgs: 0, maxArgs: 0, impure: true, result: fixed(types.Guid),
		row: func(c *callEval, a []types.Value) types.Value {
			var g types.GuidValue
			if _, err := rand.Read(g[:]); err != nil {
				return nil
			}
			g[6] = g[6]&0x0f | 0x40
			g[8] = g[8]&0x3f | 0x80
			return g
		}})
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

// dotNetGuidBytes converts between the text-order bytes of a guid and
// .NET's byte order, which stores the first three groups little-endian.
// The conversion is its own inverse.
func dotNetGuidBytes(g types.GuidValue) [16]byte {
	b := [16]byte(g)
	b[0], b[1], b[2], b[3] = b[3], b[2], b[1], b[0]
	b[4], b[5] = b[5], b[4]
	b[6], b[7] = b[7], b[6]
	return b
}

func compressFn(gz bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		var buf bytes.Buffer
		var w io.WriteCloser
		if gz {
			w = gzip.NewWriter(&buf)
		} else {
			w = zlib.NewWriter(&buf)
		}
		if _, err := w.Write([]byte(str(a, 0))); err != nil {
			return ""
		}
		if err := w.Close(); err != nil {
			return ""
		}
		return base64.StdEncoding.EncodeToString(buf.Bytes())
	}
}

func decompressFn(gz bool) rowFunc {
	return func(c *callEval, a []types.Value) types.Value {
		raw, err := decodeBase64(str(a, 0))
		if err != nil {
			return ""
		}
		var r io.ReadCloser
		if gz {
			r, err = gzip.NewReader(bytes.NewReader(raw))
		} else {
			r, err = zlib.NewReader(bytes.NewReader(raw))
		}
		if err != nil {
			return ""
		}
		defer r.Close()
		out, err := io.ReadAll(io.LimitReader(r, maxDecompressed))
		if err != nil || !utf8.Valid(out) {
			return ""
		}
		return string(out)
	}
}

func queryParams(q string) map[string]any {
	out := map[string]any{}
	for _, part := range strings.Split(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out[k] = v
	}
	return out
}

// parseURL splits a URL into the parts parse_url returns; an invalid URL
// gives an empty bag.
func parseURL(c *callEval, a []types.Value) types.Value {
	u, err := url.Parse(str(a, 0))
	if err != nil || u.Scheme == "" {
		return map[string]any{}
	}
	pass, _ := u.User.Password()
	return map[string]any{
		"Scheme":           u.Scheme,
		"Host":             u.Hostname(),
		"Port":             u.Port(),
		"Path":             u.Path,
		"Username":         u.User.Username(),
		"Password":         pass,
		"Query Parameters": queryParams(u.RawQuery),
		"Fragment":         u.Fragment,
	}
}

// formatBytes writes a byte count with a unit: 1024 gives "1 KB".
func formatBytes(c *callEval, a []types.Value) types.Value {
	f, ok := types.AsFloat(a[0])
	if !ok {
		return ""
	}
	precision := int64(0)
	if n, ok := intArg(a, 1); ok {
		precision = n
	}
	units := []string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}
	i := 0
	want := ""
	if len(a) > 2 {
		want = strings.ToUpper(str(a, 2))
	}
	for i < len(units)-1 && ((want == "" && (f >= 1024 || f <= -1024)) || (want != "" && strings.ToUpper(units[i]) != want && strings.ToUpper(units[i]) != want+"S")) {
		f /= 1024
		i++
	}
	return strconv.FormatFloat(f, 'f', int(precision), 64) + " " + units[i]
}
