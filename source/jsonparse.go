package source

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// object is a decoded JSON object that keeps its members in document order,
// which encoding/json's maps do not. Event payloads keep their field order
// through it.
type object []member

type member struct {
	key   string
	value any
}

// get returns the value of the first member with the given key.
func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.key == key {
			return m.value, true
		}
	}
	return nil, false
}

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// jsonError is a syntax error at a byte offset of the parsed text.
type jsonError struct {
	offset int
	msg    string
	eof    bool // the text ended inside a value
}

func (e *jsonError) Error() string { return fmt.Sprintf("offset %d: %s", e.offset, e.msg) }

// jsonParser decodes JSON text into nil, bool, string, json.Number, object
// and []any. Unlike encoding/json it reports invalid UTF-8 instead of
// silently replacing it, and it truncates strings longer than maxString.
type jsonParser struct {
	data      []byte
	pos       int
	maxString int // 0 means no limit
	depth     int

	badUTF8   bool   // invalid UTF-8 was replaced with U+FFFD
	truncated int    // strings truncated to maxString
	longKey   string // member name of the first truncated string
	key       string // member name being parsed, for longKey
}

func (p *jsonParser) reset(data []byte) {
	*p = jsonParser{data: data, maxString: p.maxString}
}

func (p *jsonParser) fail(msg string, args ...any) error {
	return &jsonError{offset: p.pos, msg: fmt.Sprintf(msg, args...)}
}

func (p *jsonParser) failEOF() error {
	return &jsonError{offset: p.pos, msg: "unexpected end of JSON input", eof: true}
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}

// value parses one JSON value starting at p.pos, after optional white space.
func (p *jsonParser) value() (any, error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.failEOF()
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	default:
		return nil, p.fail("invalid character %s looking for beginning of value", quoteByte(c))
	}
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf && strconv.IsPrint(rune(c)) {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("0x%02x", c)
}

func (p *jsonParser) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if p.pos >= len(p.data) {
			return p.failEOF()
		}
		if p.data[p.pos] != word[i] {
			return p.fail("invalid character %s in literal %s", quoteByte(p.data[p.pos]), word)
		}
		p.pos++
	}
	return nil
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return p.fail("nesting deeper than %d levels", maxJSONDepth)
	}
	return nil
}

func (p *jsonParser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '{'
	obj := object{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return obj, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.failEOF()
		}
		if p.data[p.pos] != '"' {
			return nil, p.fail("invalid character %s looking for beginning of object key string", quoteByte(p.data[p.pos]))
		}
		k, err := p.string()
		if err != nil {
			return nil, err
		}
		key := k.(string)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.failEOF()
		}
		if p.data[p.pos] != ':' {
			return nil, p.fail("invalid character %s after object key", quoteByte(p.data[p.pos]))
		}
		p.pos++
		outer := p.key
		p.key = key
		v, err := p.value()
		p.key = outer
		if err != nil {
			return nil, err
		}
		obj = append(obj, member{key, v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.failEOF()
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return obj, nil
		default:
			return nil, p.fail("invalid character %s after object key:value pair", quoteByte(p.data[p.pos]))
		}
	}
}

func (p *jsonParser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '['
	arr := []any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return arr, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.failEOF()
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return arr, nil
		default:
			return nil, p.fail("invalid character %s after array element", quoteByte(p.data[p.pos]))
		}
	}
}

func (p *jsonParser) number() (any, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.pos >= len(p.data) {
		return nil, p.failEOF()
	}
	if p.data[p.pos] == '0' {
		p.pos++
	} else if digits() == 0 {
		return nil, p.fail("invalid character %s in numeric literal", quoteByte(p.data[p.pos]))
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			if p.pos >= len(p.data) {
				return nil, p.failEOF()
			}
			return nil, p.fail("invalid character %s after decimal point in numeric literal", quoteByte(p.data[p.pos]))
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			if p.pos >= len(p.data) {
				return nil, p.failEOF()
			}
			return nil, p.fail("invalid character %s in exponent of numeric literal", quoteByte(p.data[p.pos]))
		}
	}
	return json.Number(p.data[start:p.pos]), nil
}

// string parses a JSON string, replacing invalid UTF-8 and truncating it to
// maxString bytes at a character boundary.
func (p *jsonParser) string() (any, error) {
	p.pos++ // opening quote

	// Fast path: no escapes and only valid UTF-8 up to the closing quote.
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			if utf8.Valid(s) {
				p.pos++
				return p.limit(string(s)), nil
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}

	p.pos = start
	buf := make([]byte, 0, 64)
	for {
		if p.pos >= len(p.data) {
			return nil, p.failEOF()
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return p.limit(string(buf)), nil
		case c == '\\':
			if p.pos+1 >= len(p.data) {
				return nil, p.failEOF()
			}
			esc := p.data[p.pos+1]
			p.pos += 2
			switch esc {
			case '"', '\\', '/':
				buf = append(buf, esc)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
						save := p.pos
						p.pos += 2
						if r2, err = p.hex4(); err != nil {
							return nil, err
						}
						if utf16.DecodeRune(r, r2) == utf8.RuneError {
							p.pos = save // not a pair, so the second escape is decoded on its own
							r2 = -1
						}
					}
					if r2 >= 0 {
						r = utf16.DecodeRune(r, r2)
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				p.pos--
				return nil, p.fail("invalid character %s in string escape code", quoteByte(esc))
			}
		case c < 0x20:
			return nil, p.fail("invalid character %s in string literal", quoteByte(c))
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				p.badUTF8 = true
				buf = append(buf, "\uFFFD"...)
				p.pos++
				continue
			}
			buf = append(buf, p.data[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
}

func (p *jsonParser) hex4() (rune, error) {
	if p.pos+4 > len(p.data) {
		p.pos = len(p.data)
		return 0, p.failEOF()
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.data[p.pos+i]
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			p.pos += i
			return 0, p.fail("invalid character %s in \\u hexadecimal character escape", quoteByte(c))
		}
	}
	p.pos += 4
	return r, nil
}

// limit truncates s to maxString bytes without splitting a character.
func (p *jsonParser) limit(s string) string {
	if p.maxString <= 0 || len(s) <= p.maxString {
		return s
	}
	cut := p.maxString
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if p.truncated == 0 {
		p.longKey = p.key
	}
	p.truncated++
	return s[:cut]
}
