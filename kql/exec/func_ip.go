package exec

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/quarry-kql/quarry/kql/types"
)

// This file holds the IPv4 and IPv6 functions.

// parseIPv4Prefix parses "a.b.c.d" or "a.b.c.d/n" (or a long holding the
// address) into the address as a 32-bit number and its prefix length.
func parseIPv4Prefix(v types.Value) (uint32, int, bool) {
	switch x := v.(type) {
	case int64:
		if x < 0 || x > 0xFFFFFFFF {
			return 0, 0, false
		}
		return uint32(x), 32, true
	case int32:
		return uint32(x), 32, x >= 0
	case nil:
		return 0, 0, false
	}
	s := strings.TrimSpace(types.Format(v))
	bits := 32
	if i := strings.IndexByte(s, '/'); i >= 0 {
		n, err := strconv.Atoi(s[i+1:])
		if err != nil || n < 0 || n > 32 {
			return 0, 0, false
		}
		bits = n
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return 0, 0, false
	}
	var ip uint32
	for _, p := range parts {
		if p == "" || len(p) > 3 {
			return 0, 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 {
			return 0, 0, false
		}
		ip = ip<<8 | uint32(n)
	}
	return ip, bits, true
}

func maskOf(bits int) uint32 {
	if bits <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

func formatIPv4(ip uint32) string {
	return fmt.Sprintf("%d.%d.%d.%d", ip>>24, ip>>16&0xFF, ip>>8&0xFF, ip&0xFF)
}

// ipv4PrefixArg returns the optional prefix argument, clamped to the
// prefix written in the address.
func ipv4PrefixArg(a []types.Value, i, written int) (int, bool) {
	if i >= len(a) {
		return written, true
	}
	n, ok := intArg(a, i)
	if !ok || n < 0 || n > 32 {
		return 0, false
	}
	return min(int(n), written), true
}

func ipv4Compare(a []types.Value) (int, bool) {
	x, bx, ok1 := parseIPv4Prefix(a[0])
	y, by, ok2 := parseIPv4Prefix(a[1])
	if !ok1 || !ok2 {
		return 0, false
	}
	bits := min(bx, by)
	if len(a) > 2 {
		p, ok := ipv4PrefixArg(a, 2, bits)
		if !ok {
			return 0, false
		}
		bits = p
	}
	m := maskOf(bits)
	return cmpInt(int64(x&m), int64(y&m)), true
}

func ipv4InRange(ip, rng types.Value) (bool, bool) {
	x, _, ok1 := parseIPv4Prefix(ip)
	y, bits, ok2 := parseIPv4Prefix(rng)
	if !ok1 || !ok2 {
		return false, false
	}
	m := maskOf(bits)
	return x&m == y&m, true
}

var privateIPv4 = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}

// ipv4InText finds IPv4 addresses in text: dotted quads not touching
// other digits, dots or letters.
var ipv4InText = regexp.MustCompile(`(?:^|[^\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:$|[^\d.]|\.(?:$|[^\d]))`)

func ipv4sIn(text string) []string {
	var out []string
	for _, m := range ipv4InText.FindAllStringSubmatchIndex(text, -1) {
		s := text[m[2]:m[3]]
		if _, _, ok := parseIPv4Prefix(s); ok {
			out = append(out, s)
		}
	}
	// NOTE: two addresses separated by a single character share it in
	// the pattern, so the second of them is missed.
	return out
}

func parseIPv6(v types.Value) (netip.Prefix, bool) {
	s := strings.TrimSpace(types.Format(v))
	if s == "" {
		return netip.Prefix{}, false
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4() {
			return netip.PrefixFrom(netip.AddrFrom16(p.Addr().As16()), p.Bits()+96), true
		}
		return p, true
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(netip.AddrFrom16(addr.As16()), 128), true
}

func ipv6Compare(a []types.Value) (int, bool) {
	x, ok1 := parseIPv6(a[0])
	y, ok2 := parseIPv6(a[1])
	if !ok1 || !ok2 {
		return 0, false
	}
	bits := min(x.Bits(), y.Bits())
	if len(a) > 2 {
		n, ok := intArg(a, 2)
		if !ok || n < 0 || n > 128 {
			return 0, false
		}
		bits = min(bits, int(n))
	}
	px, _ := x.Addr().Prefix(bits)
	py, _ := y.Addr().Prefix(bits)
	return px.Addr().Compare(py.Addr()), true
}

func init() {
	B, L, S := fixed(types.Bool), fixed(types.Long), fixed(types.String)
	register(
		def("parse_ipv4", 1, 1, L, func(c *callEval, a []types.Value) types.Value {
			ip, bits, ok := parseIPv4Prefix(a[0])
			if !ok {
				return nil
			}
			return int64(ip & maskOf(bits))
		}),
		def("parse_ipv4_mask", 2, 2, L, func(c *callEval, a []types.Value) types.Value {
			ip, bits, ok := parseIPv4Prefix(a[0])
			p, ok2 := ipv4PrefixArg(a, 1, bits)
			if !ok || !ok2 {
				return nil
			}
			return int64(ip & maskOf(p))
		}),
		def("ipv4_compare", 2, 3, L, func(c *callEval, a []types.Value) types.Value {
			r, ok := ipv4Compare(a)
			if !ok {
				return nil
			}
			return int64(r)
		}),
		def("ipv4_is_match", 2, 3, B, func(c *callEval, a []types.Value) types.Value {
			r, ok := ipv4Compare(a)
			if !ok {
				return nil
			}
			return r == 0
		}),
		def("ipv4_is_in_range", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			in, ok := ipv4InRange(a[0], a[1])
			if !ok {
				return nil
			}
			return in
		}),
		def("ipv4_is_in_any_range", 2, -1, B, func(c *callEval, a []types.Value) types.Value {
			if _, _, ok := parseIPv4Prefix(a[0]); !ok {
				return nil
			}
			for _, r := range listItems(a[1:]) {
				if in, ok := ipv4InRange(a[0], r); ok && in {
					return true
				}
			}
			return false
		}),
		def("ipv4_is_private", 1, 1, B, func(c *callEval, a []types.Value) types.Value {
			if _, _, ok := parseIPv4Prefix(a[0]); !ok {
				return nil
			}
			for _, r := range privateIPv4 {
				if in, _ := ipv4InRange(a[0], r); in {
					return true
				}
			}
			return false
		}),
		def("ipv4_netmask_suffix", 1, 1, L, func(c *callEval, a []types.Value) types.Value {
			_, bits, ok := parseIPv4Prefix(a[0])
			if !ok {
				return nil
			}
			return int64(bits)
		}),
		def("format_ipv4", 1, 2, S, func(c *callEval, a []types.Value) types.Value {
			ip, bits, ok := parseIPv4Prefix(a[0])
			p, ok2 := ipv4PrefixArg(a, 1, bits)
			if !ok || !ok2 {
				return ""
			}
			return formatIPv4(ip & maskOf(p))
		}),
		def("format_ipv4_mask", 1, 2, S, func(c *callEval, a []types.Value) types.Value {
			ip, bits, ok := parseIPv4Prefix(a[0])
			p, ok2 := ipv4PrefixArg(a, 1, bits)
			if !ok || !ok2 {
				return ""
			}
			return fmt.Sprintf("%s/%d", formatIPv4(ip&maskOf(p)), p)
		}),
		def("has_ipv4", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			want, _, ok := parseIPv4Prefix(a[1])
			if !ok {
				return false
			}
			for _, s := range ipv4sIn(str(a, 0)) {
				if ip, _, _ := parseIPv4Prefix(s); ip == want {
					return true
				}
			}
			return false
		}),
		def("has_any_ipv4", 2, -1, B, func(c *callEval, a []types.Value) types.Value {
			found := ipv4sIn(str(a, 0))
			for _, w := range listItems(a[1:]) {
				want, _, ok := parseIPv4Prefix(w)
				if !ok {
					continue
				}
				for _, s := range found {
					if ip, _, _ := parseIPv4Prefix(s); ip == want {
						return true
					}
				}
			}
			return false
		}),
		def("has_ipv4_prefix", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			return hasIPv4Prefix(str(a, 0), []types.Value{a[1]})
		}),
		def("has_any_ipv4_prefix", 2, -1, B, func(c *callEval, a []types.Value) types.Value {
			return hasIPv4Prefix(str(a, 0), listItems(a[1:]))
		}),
		def("parse_ipv6", 1, 1, S, func(c *callEval, a []types.Value) types.Value {
			p, ok := parseIPv6(a[0])
			if !ok {
				return ""
			}
			return ipv6Text(p.Masked().Addr())
		}),
		def("parse_ipv6_mask", 2, 2, S, func(c *callEval, a []types.Value) types.Value {
			p, ok := parseIPv6(a[0])
			n, ok2 := intArg(a, 1)
			if !ok || !ok2 || n < 0 || n > 128 {
				return ""
			}
			m, _ := p.Addr().Prefix(min(p.Bits(), int(n)))
			return ipv6Text(m.Addr())
		}),
		def("ipv6_compare", 2, 3, L, func(c *callEval, a []types.Value) types.Value {
			r, ok := ipv6Compare(a)
			if !ok {
				return nil
			}
			return int64(r)
		}),
		def("ipv6_is_match", 2, 3, B, func(c *callEval, a []types.Value) types.Value {
			r, ok := ipv6Compare(a)
			if !ok {
				return nil
			}
			return r == 0
		}),
		def("ipv6_is_in_range", 2, 2, B, func(c *callEval, a []types.Value) types.Value {
			ip, ok1 := parseIPv6(a[0])
			rng, ok2 := parseIPv6(a[1])
			if !ok1 || !ok2 {
				return nil
			}
			return rng.Masked().Contains(ip.Addr())
		}),
		def("ipv6_is_in_any_range", 2, -1, B, func(c *callEval, a []types.Value) types.Value {
			ip, ok := parseIPv6(a[0])
			if !ok {
				return nil
			}
			for _, r := range listItems(a[1:]) {
				if rng, ok := parseIPv6(r); ok && rng.Masked().Contains(ip.Addr()) {
					return true
				}
			}
			return false
		}),
	)
}

// ipv6Text writes an address in full eight-group form, as Kusto's
// parse_ipv6 does: 0000:0000:...:0001.
func ipv6Text(a netip.Addr) string {
	b := a.As16()
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = fmt.Sprintf("%04x", uint16(b[2*i])<<8|uint16(b[2*i+1]))
	}
	return strings.Join(parts, ":")
}

// hasIPv4Prefix reports whether the text contains an IPv4 address that
// starts with one of the prefixes. A prefix ends with a full octet, with
// or without its dot.
func hasIPv4Prefix(text string, prefixes []types.Value) bool {
	found := ipv4sIn(text)
	for _, p := range prefixes {
		prefix := strings.TrimSpace(types.Format(p))
		if prefix == "" {
			continue
		}
		if !strings.HasSuffix(prefix, ".") && strings.Count(prefix, ".") < 3 {
			prefix += "."
		}
		for _, s := range found {
			if strings.HasPrefix(s, prefix) || s == strings.TrimSuffix(prefix, ".") {
				return true
			}
		}
	}
	return false
}
