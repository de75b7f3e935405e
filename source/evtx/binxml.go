package evtx

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// BinXML tokens. Tokens that may repeat for one item (element start,
// value, attribute, CDATA, character and entity reference) also occur with
// the flag tokMore added.
const (
	tokEOF            = 0x00
	tokOpenStart      = 0x01
	tokCloseStart     = 0x02
	tokCloseEmpty     = 0x03
	tokEndElement     = 0x04
	tokValue          = 0x05
	tokAttribute      = 0x06
	tokCDATA          = 0x07
	tokCharRef        = 0x08
	tokEntityRef      = 0x09
	tokPITarget       = 0x0a
	tokPIData         = 0x0b
	tokTemplate       = 0x0c
	tokSubstitution   = 0x0d
	tokOptionalSubst  = 0x0e
	tokFragmentHeader = 0x0f
	tokMore           = 0x40
)

// maxDepth bounds element nesting and nested BinXML values together, which
// keeps the recursion of the parser and renderer shallow on crafted input.
const maxDepth = 64

// nodeKind selects which fields of a node are in use.
type nodeKind uint8

const (
	nodeElement nodeKind = iota // name, attrs, children
	nodeText                    // text: literal text, entities already decoded
	nodeSubst                   // subID, optional: a template substitution
)

// node is one item of a parsed template definition.
type node struct {
	kind     nodeKind
	element  elementKind // builder role of an element with this name
	optional bool
	subID    uint16
	name     string
	text     string
	attrs    []attribute
	children []node
}

// attribute is an element attribute. Its value is a run of text and
// substitution nodes, and literal holds the value when it has no
// substitution.
type attribute struct {
	name      string
	parts     []node
	literal   string
	isLiteral bool
}

// template is a parsed template definition, or the error that parsing it
// gave, so that a damaged definition is parsed only once per chunk.
type template struct {
	id    uint32 // first 4 bytes of the definition's GUID
	nodes []node
	err   error
}

// name is a cached element or attribute name and the size of its structure.
type name struct {
	text string
	size int
}

// parser parses the BinXML of one chunk. Names and template definitions
// are cached by chunk offset and the caches are emptied for every chunk.
type parser struct {
	buf       []byte
	names     map[uint32]name
	templates map[uint32]*template
	values    [maxDepth + 1][]value
	parts     [2 * (maxDepth + 2)][]node // buffers of parseParts, by depth and kind
	scratch   []byte
	work      int // rendering work left for the current record
}

func (p *parser) init() {
	p.names = make(map[uint32]name)
	p.templates = make(map[uint32]*template)
}

// reset prepares the parser for the chunk in buf.
func (p *parser) reset(buf []byte) {
	p.buf = buf
	clear(p.names)
	clear(p.templates)
}

// parseError is a BinXML failure at a chunk offset.
type parseError struct {
	off int
	msg string
}

func (e *parseError) Error() string {
	return fmt.Sprintf("event is invalid binary XML at chunk offset 0x%x: %s", e.off, e.msg)
}

func (p *parser) errorf(off int, format string, args ...any) error {
	return &parseError{off: off, msg: fmt.Sprintf(format, args...)}
}

// need checks that n bytes at pos lie before end.
func (p *parser) need(pos, n, end int, what string) error {
	if pos < 0 || n > end-pos {
		return p.errorf(pos, "%s truncated: needs %d bytes, %d left", what, n, max(end-pos, 0))
	}
	return nil
}

func (p *parser) u16(pos int) int { return int(binary.LittleEndian.Uint16(p.buf[pos:])) }

// u32 reads a 32-bit size or offset. Values past any chunk offset are
// clamped to maxOffset, so that they stay positive where int has 32 bits
// and still fail every bounds check.
func (p *parser) u32(pos int) int {
	v := binary.LittleEndian.Uint32(p.buf[pos:])
	if v > maxOffset {
		return maxOffset
	}
	return int(v)
}

const maxOffset = 1 << 30

// nameAt returns the name structure at chunk offset off: 4 bytes of the next
// name in the hash chain, a 2-byte hash, a 2-byte character count, the
// UTF-16 characters and a NUL character.
func (p *parser) nameAt(off int) (name, error) {
	if nm, ok := p.names[uint32(off)]; ok {
		return nm, nil
	}
	if err := p.need(off, 8, len(p.buf), "name"); err != nil {
		return name{}, err
	}
	count := p.u16(off + 6)
	size := 8 + 2*count + 2
	if err := p.need(off, size, len(p.buf), "name"); err != nil {
		return name{}, err
	}
	nm := name{text: p.decode(p.buf[off+8 : off+8+2*count]), size: size}
	if nm.text == "" {
		return name{}, p.errorf(off, "empty name")
	}
	p.names[uint32(off)] = nm
	return nm, nil
}

// readName reads the 4-byte name offset at pos. An offset that points just
// past itself means that the name structure follows inline, and it is
// skipped. Any other offset refers to a name stored elsewhere in the chunk.
func (p *parser) readName(pos, end int) (string, int, error) {
	if err := p.need(pos, 4, end, "name offset"); err != nil {
		return "", pos, err
	}
	off := p.u32(pos)
	pos += 4
	nm, err := p.nameAt(off)
	if err != nil {
		return "", pos, err
	}
	if off == pos {
		if err := p.need(pos, nm.size, end, "inline name"); err != nil {
			return "", pos, err
		}
		pos += nm.size
	}
	return nm.text, pos, nil
}

// template returns the template definition at chunk offset off, parsing it
// on first use. A definition is 4 bytes of the next definition's offset, a
// 16-byte GUID, a 4-byte data size and the data, a BinXML fragment.
func (p *parser) template(off int) *template {
	if t, ok := p.templates[uint32(off)]; ok {
		return t
	}
	t := &template{}
	p.templates[uint32(off)] = t
	if t.err = p.need(off, 24, len(p.buf), "template definition"); t.err != nil {
		return t
	}
	t.id = binary.LittleEndian.Uint32(p.buf[off+4:])
	start := off + 24
	size := p.u32(off + 20)
	if t.err = p.need(start, size, len(p.buf), "template definition data"); t.err != nil {
		return t
	}
	t.nodes, t.err = p.parseFragment(start, start+size)
	return t
}

// parseFragment parses the BinXML document of a template definition between
// pos and end.
func (p *parser) parseFragment(pos, end int) ([]node, error) {
	var nodes []node
	for pos < end {
		switch tok := p.buf[pos]; tok {
		case tokEOF:
			return nodes, nil
		case tokFragmentHeader:
			if err := p.need(pos, 4, end, "fragment header"); err != nil {
				return nil, err
			}
			pos += 4
		case tokOpenStart, tokOpenStart | tokMore:
			n, next, err := p.parseElement(pos, end, 0)
			if err != nil {
				return nil, err
			}
			nodes = append(nodes, n)
			pos = next
		case tokPITarget, tokPIData:
			next, err := p.skipPI(pos, end)
			if err != nil {
				return nil, err
			}
			pos = next
		case tokTemplate:
			return nil, p.errorf(pos, "template instance inside a template definition")
		default:
			return nil, p.errorf(pos, "unknown token 0x%02x", tok)
		}
	}
	return nodes, nil
}

// elementLayout locates the name offset field of the element start at pos.
// The start token is followed by a 2-byte dependency identifier, a 4-byte
// data size and the 4-byte name offset. Elements inside BinXML substitution
// values may lack the dependency identifier, so the layout whose name offset
// is plausible wins, an inline name being the strongest sign.
func (p *parser) elementLayout(pos, end int) (sizeField, nameField int, err error) {
	withDep := pos+11 <= end && p.u32(pos+7) == pos+11
	withoutDep := pos+9 <= end && p.u32(pos+5) == pos+9
	switch {
	case withDep:
		return pos + 3, pos + 7, nil
	case withoutDep:
		return pos + 1, pos + 5, nil
	case pos+11 <= end && p.u32(pos+7) < pos:
		return pos + 3, pos + 7, nil
	case pos+9 <= end && p.u32(pos+5) < pos:
		return pos + 1, pos + 5, nil
	}
	if err := p.need(pos, 11, end, "element start"); err != nil {
		return 0, 0, err
	}
	return 0, 0, p.errorf(pos, "element name offset 0x%x points past the element", p.u32(pos+7))
}

// parseElement parses the element whose start token is at pos and returns
// it with the offset after its end.
func (p *parser) parseElement(pos, end, depth int) (node, int, error) {
	if depth > maxDepth {
		return node{}, pos, p.errorf(pos, "elements nested deeper than %d", maxDepth)
	}
	hasAttrs := p.buf[pos]&tokMore != 0
	sizeField, nameField, err := p.elementLayout(pos, end)
	if err != nil {
		return node{}, pos, err
	}
	elemEnd := sizeField + 4 + p.u32(sizeField)
	if elemEnd > end || elemEnd < sizeField {
		return node{}, pos, p.errorf(pos, "element data size %d exceeds the enclosing data", p.u32(sizeField))
	}
	n := node{kind: nodeElement}
	n.name, pos, err = p.readName(nameField, elemEnd)
	if err != nil {
		return node{}, pos, err
	}
	n.element = elementKinds[n.name]

	if hasAttrs {
		if err := p.need(pos, 4, elemEnd, "attribute list"); err != nil {
			return node{}, pos, err
		}
		listEnd := pos + 4 + p.u32(pos)
		if listEnd > elemEnd || listEnd < pos {
			return node{}, pos, p.errorf(pos, "attribute list size %d exceeds the element", p.u32(pos))
		}
		pos += 4
		for pos < listEnd && p.buf[pos]&^tokMore == tokAttribute {
			var a attribute
			a.name, pos, err = p.readName(pos+1, listEnd)
			if err != nil {
				return node{}, pos, err
			}
			a.parts, pos, err = p.parseParts(pos, listEnd, false, depth)
			if err != nil {
				return node{}, pos, err
			}
			a.literal, a.isLiteral = literalText(a.parts)
			n.attrs = append(n.attrs, a)
		}
		if pos != listEnd {
			return node{}, pos, p.errorf(pos, "attribute list ends at 0x%x, expected 0x%x", pos, listEnd)
		}
	}

	if err := p.need(pos, 1, elemEnd, "element"); err != nil {
		return node{}, pos, err
	}
	switch tok := p.buf[pos]; tok {
	case tokCloseEmpty:
		return n, pos + 1, nil
	case tokCloseStart:
		n.children, pos, err = p.parseParts(pos+1, elemEnd, true, depth+1)
		if err != nil {
			return node{}, pos, err
		}
		if pos >= elemEnd || p.buf[pos] != tokEndElement {
			return node{}, pos, p.errorf(pos, "element %q not closed", n.name)
		}
		return n, pos + 1, nil
	default:
		return node{}, pos, p.errorf(pos, "unexpected token 0x%02x in the start of element %q", tok, n.name)
	}
}

// parseParts parses element content (when content is true) or an attribute
// value, up to the first token that cannot be part of it. Adjacent text is
// merged into one node.
func (p *parser) parseParts(pos, end int, content bool, depth int) ([]node, int, error) {
	// The parts collect in a buffer kept per depth and are copied out at
	// the end, so each list is allocated once at its final size.
	slot := 2 * depth
	if !content {
		slot++ // an attribute value is parsed while its element's content is not
	}
	parts := p.parts[slot][:0]
	defer func() { p.parts[slot] = parts[:0] }()
	addText := func(s string) {
		if k := len(parts) - 1; k >= 0 && parts[k].kind == nodeText {
			parts[k].text += s
			return
		}
		parts = append(parts, node{kind: nodeText, text: s})
	}
	done := func(next int) ([]node, int, error) {
		if len(parts) == 0 {
			return nil, next, nil
		}
		return append([]node(nil), parts...), next, nil
	}
	for pos < end {
		tok := p.buf[pos]
		switch tok {
		case tokValue, tokValue | tokMore:
			if err := p.need(pos, 4, end, "value"); err != nil {
				return nil, pos, err
			}
			if typ := p.buf[pos+1]; typ != typeString {
				return nil, pos, p.errorf(pos, "value text of type 0x%02x, expected a string", typ)
			}
			s, next, err := p.readString(pos+2, end)
			if err != nil {
				return nil, pos, err
			}
			addText(s)
			pos = next
		case tokSubstitution, tokOptionalSubst:
			if err := p.need(pos, 4, end, "substitution"); err != nil {
				return nil, pos, err
			}
			parts = append(parts, node{kind: nodeSubst, subID: uint16(p.u16(pos + 1)), optional: tok == tokOptionalSubst})
			pos += 4
		case tokCharRef, tokCharRef | tokMore:
			if err := p.need(pos, 3, end, "character reference"); err != nil {
				return nil, pos, err
			}
			addText(string(rune(p.u16(pos + 1))))
			pos += 3
		case tokEntityRef, tokEntityRef | tokMore:
			entity, next, err := p.readName(pos+1, end)
			if err != nil {
				return nil, pos, err
			}
			addText(decodeEntity(entity))
			pos = next
		default:
			if !content {
				return done(pos)
			}
			switch tok {
			case tokEndElement:
				return done(pos)
			case tokOpenStart, tokOpenStart | tokMore:
				child, next, err := p.parseElement(pos, end, depth)
				if err != nil {
					return nil, pos, err
				}
				parts = append(parts, child)
				pos = next
			case tokCDATA, tokCDATA | tokMore:
				s, next, err := p.readString(pos+1, end)
				if err != nil {
					return nil, pos, err
				}
				addText(s)
				pos = next
			case tokPITarget, tokPIData:
				next, err := p.skipPI(pos, end)
				if err != nil {
					return nil, pos, err
				}
				pos = next
			default:
				return nil, pos, p.errorf(pos, "unknown token 0x%02x in element content", tok)
			}
		}
	}
	return done(pos)
}

// readString reads a 2-byte character count and that many UTF-16
// characters at pos.
func (p *parser) readString(pos, end int) (string, int, error) {
	if err := p.need(pos, 2, end, "string"); err != nil {
		return "", pos, err
	}
	n := 2 * p.u16(pos)
	pos += 2
	if err := p.need(pos, n, end, "string"); err != nil {
		return "", pos, err
	}
	return p.decode(p.buf[pos : pos+n]), pos + n, nil
}

// decode returns UTF-16 text as a string, building it in p.scratch so that
// only the string itself is allocated.
func (p *parser) decode(b []byte) string {
	p.scratch = appendUTF16(p.scratch[:0], b)
	return string(p.scratch)
}

// skipPI skips a processing instruction target or data token, which carry
// nothing an Event keeps.
func (p *parser) skipPI(pos, end int) (int, error) {
	if p.buf[pos] == tokPITarget {
		_, next, err := p.readName(pos+1, end)
		return next, err
	}
	_, next, err := p.readString(pos+1, end)
	return next, err
}

// literalText returns the text of an attribute value without substitutions.
func literalText(parts []node) (string, bool) {
	switch {
	case len(parts) == 0:
		return "", true
	case len(parts) == 1 && parts[0].kind == nodeText:
		return parts[0].text, true
	}
	return "", false
}

// decodeEntity returns the character of a predefined XML entity, or the
// entity reference itself for any other name.
func decodeEntity(entity string) string {
	switch entity {
	case "lt":
		return "<"
	case "gt":
		return ">"
	case "amp":
		return "&"
	case "quot":
		return `"`
	case "apos":
		return "'"
	}
	return "&" + entity + ";"
}

// appendUTF16 appends the UTF-8 form of the little-endian UTF-16 text in b.
// Unpaired surrogates become U+FFFD and an odd trailing byte is dropped.
func appendUTF16(dst, b []byte) []byte {
	for i := 0; i+1 < len(b); i += 2 {
		c := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case c < utf8.RuneSelf:
			dst = append(dst, byte(c))
			continue
		case c >= 0xd800 && c < 0xdc00:
			if i+3 < len(b) {
				c2 := rune(b[i+2]) | rune(b[i+3])<<8
				if c2 >= 0xdc00 && c2 < 0xe000 {
					c = 0x10000 + (c-0xd800)<<10 + (c2 - 0xdc00)
					i += 2
					break
				}
			}
			c = utf8.RuneError
		case c >= 0xdc00 && c < 0xe000:
			c = utf8.RuneError
		}
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}
