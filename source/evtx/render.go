package evtx

import (
	"encoding/binary"
	"fmt"
)

// maxRenderWork bounds the work of rendering one record, counted as nodes
// rendered plus bytes of text produced. A template can use one BinXML value
// many times and that value can hold further instances, so without a bound a
// crafted record of a few kilobytes could expand exponentially. Real events
// stay below a thousandth of it.
const maxRenderWork = 1 << 22

// value is one substitution value of a template instance: its type from the
// value descriptor and its place in the chunk.
type value struct {
	typ  uint8
	off  int
	size int
}

// renderDocument renders the BinXML document between pos and end, a record's
// event or a BinXML substitution value, into b.
func (p *parser) renderDocument(pos, end int, b *builder, depth int) error {
	if depth > maxDepth {
		return p.errorf(pos, "binary XML values nested deeper than %d", maxDepth)
	}
	for pos < end {
		switch tok := p.buf[pos]; tok {
		case tokEOF:
			return nil
		case tokFragmentHeader:
			if err := p.need(pos, 4, end, "fragment header"); err != nil {
				return err
			}
			pos += 4
		case tokTemplate:
			next, err := p.renderTemplateInstance(pos, end, b, depth)
			if err != nil {
				return err
			}
			pos = next
		case tokOpenStart, tokOpenStart | tokMore:
			n, next, err := p.parseElement(pos, end, depth)
			if err != nil {
				return err
			}
			if err := p.renderElement(&n, nil, b, depth); err != nil {
				return err
			}
			pos = next
		case tokPITarget, tokPIData:
			next, err := p.skipPI(pos, end)
			if err != nil {
				return err
			}
			pos = next
		default:
			return p.errorf(pos, "unknown token 0x%02x", tok)
		}
	}
	return nil
}

// renderTemplateInstance renders the template instance at pos and returns
// the offset after its values. The instance is the token, one unknown byte,
// a 4-byte template identifier and the 4-byte chunk offset of the template
// definition. When that offset points just past itself, the definition
// follows inline; otherwise it was stored earlier in the chunk. The
// substitution values come next.
func (p *parser) renderTemplateInstance(pos, end int, b *builder, depth int) (int, error) {
	if err := p.need(pos, 10, end, "template instance"); err != nil {
		return pos, err
	}
	start := pos
	id := binary.LittleEndian.Uint32(p.buf[pos+2:])
	defOff := p.u32(pos + 6)
	pos += 10
	if defOff == pos {
		if err := p.need(pos, 24, end, "template definition"); err != nil {
			return pos, err
		}
		size := p.u32(pos + 20)
		if err := p.need(pos+24, size, end, "template definition data"); err != nil {
			return pos, err
		}
		pos += 24 + size
	} else if defOff >= len(p.buf) {
		return pos, p.errorf(pos-4, "template definition offset 0x%x is outside the chunk", defOff)
	}
	t := p.template(defOff)
	if t.err != nil {
		return pos, t.err
	}
	if id != t.id {
		// The identifier repeats the first 4 bytes of the definition's GUID,
		// so a mismatch means the offset points at other data, such as a
		// definition overwritten in a damaged chunk.
		return pos, p.errorf(start, "template instance identifier 0x%08x does not match the definition at 0x%x (0x%08x)", id, defOff, t.id)
	}

	vals, next, err := p.readValues(pos, end, depth)
	if err != nil {
		return pos, err
	}
	return next, p.renderNodes(t.nodes, vals, b, depth)
}

// readValues reads the substitution values at pos: a 4-byte count, a 4-byte
// descriptor per value (2-byte size, type, one unused byte) and the value
// data one after the other.
func (p *parser) readValues(pos, end, depth int) ([]value, int, error) {
	if err := p.need(pos, 4, end, "substitution value count"); err != nil {
		return nil, pos, err
	}
	count := p.u32(pos)
	pos += 4
	if count > (end-pos)/4 {
		return nil, pos, p.errorf(pos-4, "substitution value count %d exceeds the record", count)
	}
	data := pos + 4*count
	vals := p.values[depth][:0]
	for i := range count {
		size := p.u16(pos + 4*i)
		typ := p.buf[pos+4*i+2]
		if err := p.need(data, size, end, "substitution value"); err != nil {
			return nil, pos, err
		}
		if !knownType(typ) {
			return nil, pos, p.errorf(pos+4*i+2, "unknown value type 0x%02x of substitution %d", typ, i)
		}
		vals = append(vals, value{typ: typ, off: data, size: size})
		data += size
	}
	p.values[depth] = vals
	return vals, data, nil
}

// spend charges n units of rendering work and fails once the record's
// budget is used up.
func (p *parser) spend(n int) error {
	p.work -= n
	if p.work < 0 {
		return fmt.Errorf("event expands beyond %d nodes and bytes of text, so the record is taken as damaged", maxRenderWork)
	}
	return nil
}

func (p *parser) renderNodes(nodes []node, vals []value, b *builder, depth int) error {
	for i := range nodes {
		n := &nodes[i]
		if err := p.spend(1 + len(n.text)); err != nil {
			return err
		}
		switch n.kind {
		case nodeElement:
			if err := p.renderElement(n, vals, b, depth); err != nil {
				return err
			}
		case nodeText:
			if b.capturing() {
				b.text = append(b.text, n.text...)
			}
		case nodeSubst:
			if err := p.renderSubst(n, vals, b, depth); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *parser) renderElement(n *node, vals []value, b *builder, depth int) error {
	if v, ok := arrayContent(n, vals); ok {
		// Windows repeats an element whose whole content is an array
		// substitution, once per array item.
		itemType, items := splitArray(v.typ&^typeArray, p.buf[v.off:v.off+v.size])
		for _, item := range items {
			if err := p.spend(1 + len(item)); err != nil {
				return err
			}
			p.startElement(n, vals, b)
			if b.capturing() {
				b.text = appendValue(b.text, itemType, item)
			}
			b.end()
		}
		return nil
	}
	p.startElement(n, vals, b)
	if err := p.renderNodes(n.children, vals, b, depth); err != nil {
		return err
	}
	b.end()
	return nil
}

// startElement opens element n in b and sets the attributes that
// b.wantAttr accepts.
func (p *parser) startElement(n *node, vals []value, b *builder) {
	b.start(n.name, n.element)
	for i := range n.attrs {
		a := &n.attrs[i]
		if !b.wantAttr(a.name) {
			continue
		}
		if a.isLiteral {
			b.attrString(a.name, a.literal)
			continue
		}
		if val, ok := p.attrValue(a, vals); ok {
			b.attrBytes(a.name, val)
		}
	}
}

// arrayContent returns the value of an element whose only content is one
// substitution with an array value.
func arrayContent(n *node, vals []value) (value, bool) {
	if len(n.children) != 1 || n.children[0].kind != nodeSubst {
		return value{}, false
	}
	v, ok := substValue(&n.children[0], vals)
	if !ok || v.typ&typeArray == 0 {
		return value{}, false
	}
	return v, true
}

// attrValue renders an attribute value with substitutions into p.scratch.
// It returns false when the value is only optional substitutions without a
// value. The attribute is then left out, as Windows renders EventID without
// Qualifiers for events that have none.
func (p *parser) attrValue(a *attribute, vals []value) ([]byte, bool) {
	p.scratch = p.scratch[:0]
	present := false
	for i := range a.parts {
		part := &a.parts[i]
		if part.kind == nodeText {
			p.scratch = append(p.scratch, part.text...)
			present = true
			continue
		}
		v, ok := substValue(part, vals)
		if !ok {
			present = present || !part.optional
			continue
		}
		present = true
		if v.typ != typeBinXML {
			p.scratch = appendValue(p.scratch, v.typ, p.buf[v.off:v.off+v.size])
		}
	}
	return p.scratch, present
}

// renderSubst renders a substitution in element content. A BinXML value is
// rendered as a nested document.
func (p *parser) renderSubst(n *node, vals []value, b *builder, depth int) error {
	v, ok := substValue(n, vals)
	if !ok {
		return nil
	}
	if v.typ == typeBinXML {
		return p.renderDocument(v.off, v.off+v.size, b, depth+1)
	}
	if b.capturing() {
		before := len(b.text)
		b.text = appendValue(b.text, v.typ, p.buf[v.off:v.off+v.size])
		return p.spend(len(b.text) - before)
	}
	return nil
}

// substValue returns the value of substitution n, or false when it has none:
// a missing, NULL or empty value.
func substValue(n *node, vals []value) (value, bool) {
	if int(n.subID) >= len(vals) {
		return value{}, false
	}
	v := vals[n.subID]
	if v.typ == typeNull || v.size == 0 {
		return value{}, false
	}
	return v, true
}
