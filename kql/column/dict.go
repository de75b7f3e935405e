package column

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Dict is the dictionary of a string column: each distinct string once,
// addressed by a uint32 code. A Dict only grows while a Builder fills it;
// once the vectors that use it are built it is read-only and safe for
// concurrent use. It builds its case-folded values and its term index on
// first use.
type Dict struct {
	values []string
	index  map[string]uint32

	foldOnce sync.Once
	folded   []string

	termOnce sync.Once
	terms    map[string][]uint32 // folded term -> codes of values holding it, ascending

	hasMu    sync.Mutex
	hasCache map[hasKey][]bool // recent MatchHas results
	scans    int               // MatchHas calls computed by scanning
	built    atomic.Bool       // the term index exists
}

// scansBeforeIndex is how many distinct has needles a dictionary matches
// by scanning its values before it builds its term index. Scanning is
// cheaper for a few needles, and the index pays off when many rules
// query the same column.
const scansBeforeIndex = 2

func (d *Dict) indexed() bool { return d.built.Load() }

type hasKey struct {
	needle        string
	caseSensitive bool
}

// maxHasCache is how many MatchHas results a dictionary keeps, so that
// repeated queries with the same needles skip the index lookup.
const maxHasCache = 64

// NewDict returns an empty dictionary.
func NewDict() *Dict {
	return &Dict{index: make(map[string]uint32)}
}

// Len returns the number of distinct values.
func (d *Dict) Len() int { return len(d.values) }

// Value returns the string with the given code.
func (d *Dict) Value(code uint32) string { return d.values[code] }

// Values returns the distinct strings, indexed by code.
func (d *Dict) Values() []string { return d.values }

// Lookup returns the code of s, if s is in the dictionary.
func (d *Dict) Lookup(s string) (uint32, bool) {
	c, ok := d.index[s]
	return c, ok
}

// Intern returns the code of s, adding s when it is new. It must not be
// called once the dictionary is shared by built vectors.
func (d *Dict) Intern(s string) uint32 {
	if c, ok := d.index[s]; ok {
		return c
	}
	c := uint32(len(d.values))
	d.values = append(d.values, s)
	d.index[s] = c
	return c
}

// Folded returns the case-folded form of every value, indexed by code.
func (d *Dict) Folded() []string {
	d.foldOnce.Do(func() {
		d.folded = make([]string, len(d.values))
		for i, s := range d.values {
			d.folded[i] = Fold(s)
		}
	})
	return d.folded
}

// TermCodes returns the codes of the values that contain the folded term
// as a whole term, in ascending order. The index is built on the first
// call.
func (d *Dict) TermCodes(term string) []uint32 {
	d.termOnce.Do(func() {
		d.buildTerms()
		d.built.Store(true)
	})
	return d.terms[term]
}

// buildTerms indexes every term of every value. Terms are folded into a
// reused buffer, so only a term seen for the first time allocates.
func (d *Dict) buildTerms() {
	d.terms = make(map[string][]uint32)
	var buf []byte
	add := func(code uint32) {
		list, ok := d.terms[string(buf)]
		if n := len(list); n > 0 && list[n-1] == code {
			return
		}
		if !ok {
			d.terms[string(buf)] = []uint32{code}
			return
		}
		d.terms[string(buf)] = append(list, code)
	}
	for code, s := range d.values {
		buf = buf[:0]
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				i++
				switch {
				case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
					buf = append(buf, c)
					continue
				case 'A' <= c && c <= 'Z':
					buf = append(buf, c+'a'-'A')
					continue
				}
			} else {
				r, size := utf8.DecodeRuneInString(s[i:])
				i += size
				if IsTermRune(r) {
					buf = append(buf, Fold(string(r))...)
					continue
				}
			}
			if len(buf) > 0 {
				add(uint32(code))
				buf = buf[:0]
			}
		}
		if len(buf) > 0 {
			add(uint32(code))
		}
	}
}

// Fold returns s with Unicode-aware case folding applied, the form that
// the case-insensitive operators (=~, has, contains, in~ and others)
// compare.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// IsTermRune reports whether r is part of a term: a letter or a digit.
func IsTermRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// forEachTerm calls f for each maximal run of letters and digits in s.
func forEachTerm(s string, f func(string)) {
	start := -1
	for i, r := range s {
		if IsTermRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			f(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

// Terms returns the terms of s in order.
func Terms(s string) []string {
	var out []string
	forEachTerm(s, func(t string) { out = append(out, t) })
	return out
}

// HasTerm reports whether needle occurs in hay at term boundaries: the
// match does not start inside a term of hay unless needle starts with a
// non-term character, and likewise at its end. This is Kusto's has: with
// a one-term needle it finds that whole term, and with a needle such as
// "2.3" it matches "version=1.2.3" but not "1_2_3". An empty needle
// matches every string. Both arguments must already be folded for a
// case-insensitive match.
func HasTerm(hay, needle string) bool {
	return hasTerm(hay, needle, strings.Index, utf8.DecodeRuneInString, utf8.DecodeLastRuneInString)
}

// hasTermBytes is HasTerm over a byte slice, so that a value folded into
// a reused buffer needs no string allocation.
func hasTermBytes(hay []byte, needle []byte) bool {
	return hasTerm(hay, needle, bytes.Index, utf8.DecodeRune, utf8.DecodeLastRune)
}

func hasTerm[T string | []byte](hay, needle T, index func(T, T) int,
	decode, decodeLast func(T) (rune, int)) bool {
	if len(needle) == 0 {
		return true
	}
	first, _ := decode(needle)
	last, _ := decodeLast(needle)
	checkStart, checkEnd := IsTermRune(first), IsTermRune(last)
	from := 0
	for from <= len(hay)-len(needle) {
		i := index(hay[from:], needle)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(needle)
		ok := true
		if checkStart && i > 0 {
			r, _ := decodeLast(hay[:i])
			ok = !IsTermRune(r)
		}
		if ok && checkEnd && end < len(hay) {
			r, _ := decode(hay[end:])
			ok = !IsTermRune(r)
		}
		if ok {
			return true
		}
		_, size := decode(hay[i:])
		from = i + size
	}
	return false
}

// foldInto appends the folded form of s to buf: ASCII letters are
// lowered in place, other text goes through Fold.
func foldInto(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(buf, Fold(s[i:])...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// HasPrefixTerm reports whether some term of hay starts with needle
// (Kusto's hasprefix). Both arguments must be folded for a
// case-insensitive match.
func HasPrefixTerm(hay, needle string) bool {
	if needle == "" {
		return true
	}
	found := false
	forEachTerm(hay, func(t string) {
		if !found && strings.HasPrefix(t, needle) {
			found = true
		}
	})
	if found {
		return true
	}
	return hasBoundedMatch(hay, needle, true)
}

// HasSuffixTerm reports whether some term of hay ends with needle
// (Kusto's hassuffix).
func HasSuffixTerm(hay, needle string) bool {
	if needle == "" {
		return true
	}
	found := false
	forEachTerm(hay, func(t string) {
		if !found && strings.HasSuffix(t, needle) {
			found = true
		}
	})
	if found {
		return true
	}
	return hasBoundedMatch(hay, needle, false)
}

// hasBoundedMatch handles needles of several terms for hasprefix (the
// start must be at a term boundary) and hassuffix (the end must be).
func hasBoundedMatch(hay, needle string, atStart bool) bool {
	for from := 0; from <= len(hay)-len(needle); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			return false
		}
		i += from
		if atStart {
			if i == 0 {
				return true
			}
			r, _ := utf8.DecodeLastRuneInString(hay[:i])
			if !IsTermRune(r) {
				return true
			}
		} else {
			end := i + len(needle)
			if end == len(hay) {
				return true
			}
			r, _ := utf8.DecodeRuneInString(hay[end:])
			if !IsTermRune(r) {
				return true
			}
		}
		_, size := utf8.DecodeRuneInString(hay[i:])
		from = i + size
	}
	return false
}

// MatchHas returns, for each code of the dictionary, whether its value
// has needle (case-insensitive unless caseSensitive is set). It answers
// from the term index: only values that contain every term of the needle
// are examined. The result is shared and must not be modified.
func (d *Dict) MatchHas(needle string, caseSensitive bool) []bool {
	key := hasKey{needle, caseSensitive}
	d.hasMu.Lock()
	if out, ok := d.hasCache[key]; ok {
		d.hasMu.Unlock()
		return out
	}
	d.hasMu.Unlock()
	out := d.matchHas(needle, caseSensitive)
	d.hasMu.Lock()
	if d.hasCache == nil || len(d.hasCache) >= maxHasCache {
		d.hasCache = make(map[hasKey][]bool)
	}
	d.hasCache[key] = out
	d.hasMu.Unlock()
	return out
}

func (d *Dict) matchHas(needle string, caseSensitive bool) []bool {
	if !d.indexed() {
		d.hasMu.Lock()
		d.scans++
		scans := d.scans
		d.hasMu.Unlock()
		if scans <= scansBeforeIndex {
			return d.scanHas(needle, caseSensitive)
		}
	}
	out := make([]bool, len(d.values))
	if needle == "" {
		for i := range out {
			out[i] = true
		}
		return out
	}
	folded := Fold(needle)
	terms := Terms(folded)
	if len(terms) == 0 {
		// A needle of punctuation only has no term to look up.
		hay := d.Folded()
		if caseSensitive {
			hay = d.values
			folded = needle
		}
		for i, s := range hay {
			out[i] = HasTerm(s, folded)
		}
		return out
	}
	candidates := d.TermCodes(terms[0])
	for _, t := range terms[1:] {
		candidates = intersectCodes(candidates, d.TermCodes(t))
		if len(candidates) == 0 {
			return out
		}
	}
	exact := len(terms) == 1 && terms[0] == folded && !caseSensitive
	var buf []byte
	for _, c := range candidates {
		switch {
		case exact:
			out[c] = true
		case caseSensitive:
			out[c] = HasTerm(d.values[c], needle)
		default:
			buf = foldInto(buf[:0], d.values[c])
			out[c] = hasTermBytes(buf, []byte(folded))
		}
	}
	return out
}

// scanHas answers MatchHas by examining every value, for dictionaries
// whose term index is not built yet.
func (d *Dict) scanHas(needle string, caseSensitive bool) []bool {
	out := make([]bool, len(d.values))
	if caseSensitive {
		for i, s := range d.values {
			out[i] = HasTerm(s, needle)
		}
		return out
	}
	folded := []byte(Fold(needle))
	var buf []byte
	for i, s := range d.values {
		buf = foldInto(buf[:0], s)
		out[i] = hasTermBytes(buf, folded)
	}
	return out
}

func intersectCodes(a, b []uint32) []uint32 {
	var out []uint32
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}
