package types

import (
	"encoding/hex"
	"strings"
)

// GuidValue is a guid, stored as its 16 bytes in the order the canonical
// text form spells them.
type GuidValue [16]byte

// String formats g in the lower-case 8-4-4-4-12 form Kusto prints.
func (g GuidValue) String() string {
	var b [36]byte
	hex.Encode(b[0:8], g[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], g[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], g[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], g[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], g[10:16])
	return string(b[:])
}

// ParseGuid parses the 8-4-4-4-12 form, optionally wrapped in braces or
// parentheses, and the 32-digit form without hyphens.
func ParseGuid(s string) (GuidValue, bool) {
	var g GuidValue
	s = strings.TrimSpace(s)
	if len(s) == 38 && ((s[0] == '{' && s[37] == '}') || (s[0] == '(' && s[37] == ')')) {
		s = s[1:37]
	}
	switch len(s) {
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return g, false
		}
		s = s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	case 32:
	default:
		return g, false
	}
	if _, err := hex.Decode(g[:], []byte(s)); err != nil {
		return g, false
	}
	return g, true
}
