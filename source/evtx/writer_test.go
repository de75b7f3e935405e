package evtx

import (
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// This file is a small EVTX writer for tests. It builds file headers,
// chunks and records whose events are template instances, with correct
// checksums, so that tests can craft exact files and damage them on purpose.

// xnode is an item of a test template: an element, literal text or a
// substitution.
type xnode struct {
	name     string // element name
	attrs    []xattr
	children []xnode
	text     string
	isText   bool
	isCDATA  bool
	entity   string // entity reference name
	charRef  rune   // character reference, when not 0
	isSubst  bool
	optional bool
	subID    int
	subType  byte
}

type xattr struct {
	name  string
	value []xnode
}

func el(name string, attrs []xattr, children ...xnode) xnode {
	return xnode{name: name, attrs: attrs, children: children}
}

func tx(s string) xnode { return xnode{isText: true, text: s} }

func cdata(s string) xnode { return xnode{isCDATA: true, text: s} }

func entityRef(name string) xnode { return xnode{entity: name} }

func charRef(r rune) xnode { return xnode{charRef: r} }

func sub(id int, typ byte) xnode { return xnode{isSubst: true, subID: id, subType: typ} }

func optSub(id int, typ byte) xnode {
	return xnode{isSubst: true, optional: true, subID: id, subType: typ}
}

func at(name string, value ...xnode) xattr { return xattr{name: name, value: value} }

// xtemplate is a test template definition.
type xtemplate struct {
	guid [16]byte
	root xnode
}

func newTemplate(seed byte, root xnode) *xtemplate {
	t := &xtemplate{root: root}
	for i := range t.guid {
		t.guid[i] = seed + byte(i)*7
	}
	return t
}

// xvalue is a substitution value. nested, when set, writes a BinXML value in
// place, so that its chunk offsets are right.
type xvalue struct {
	typ    byte
	data   []byte
	nested func(w *chunkWriter)
}

// chunkWriter builds one chunk in memory.
type chunkWriter struct {
	// noDependencyID leaves out the dependency identifier of element
	// starts, as elements inside BinXML values may do.
	noDependencyID bool

	buf        []byte
	names      map[string]uint32
	templates  map[*xtemplate]uint32
	firstID    uint64
	lastID     uint64
	lastRecord int
	records    int
}

func newChunkWriter() *chunkWriter {
	return &chunkWriter{
		buf:       make([]byte, chunkHeaderSize, chunkSize),
		names:     map[string]uint32{},
		templates: map[*xtemplate]uint32{},
	}
}

func (w *chunkWriter) put(b ...byte) { w.buf = append(w.buf, b...) }

func (w *chunkWriter) u16(v int) { w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(v)) }

func (w *chunkWriter) u32(v uint32) { w.buf = binary.LittleEndian.AppendUint32(w.buf, v) }

func (w *chunkWriter) u64(v uint64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, v) }

func (w *chunkWriter) patch32(pos, v int) { binary.LittleEndian.PutUint32(w.buf[pos:], uint32(v)) }

// record appends a record whose event is a template instance of t and
// returns its chunk offset.
func (w *chunkWriter) record(id uint64, written time.Time, t *xtemplate, vals []xvalue) int {
	return w.rawRecord(id, written, func(w *chunkWriter) { w.instance(t, vals) })
}

// rawRecord appends a record whose event body writes and returns its
// chunk offset.
func (w *chunkWriter) rawRecord(id uint64, written time.Time, body func(w *chunkWriter)) int {
	start := len(w.buf)
	w.put(recordSignature...)
	w.u32(0)
	w.u64(id)
	w.u64(timeToFiletime(written))
	body(w)
	w.u32(0)
	size := len(w.buf) - start
	w.patch32(start+4, size)
	w.patch32(len(w.buf)-4, size)
	if w.records == 0 {
		w.firstID = id
	}
	w.lastID = id
	w.lastRecord = start
	w.records++
	return start
}

// document writes a fragment header, the element n without template and the
// end-of-document token.
func (w *chunkWriter) document(n xnode) {
	w.put(tokFragmentHeader, 1, 1, 0)
	w.element(n)
	w.put(tokEOF)
}

// instance writes a fragment header and a template instance. The definition
// is written inline on first use in the chunk and referred to afterwards.
func (w *chunkWriter) instance(t *xtemplate, vals []xvalue) {
	w.put(tokFragmentHeader, 1, 1, 0)
	w.put(tokTemplate, 1)
	w.u32(binary.LittleEndian.Uint32(t.guid[:4]))
	if off, ok := w.templates[t]; ok {
		w.u32(off)
	} else {
		off := uint32(len(w.buf) + 4)
		w.templates[t] = off
		w.u32(off)
		w.u32(0)
		w.put(t.guid[:]...)
		sizePos := len(w.buf)
		w.u32(0)
		start := len(w.buf)
		w.put(tokFragmentHeader, 1, 1, 0)
		w.element(t.root)
		w.put(tokEOF)
		w.patch32(sizePos, len(w.buf)-start)
	}
	w.values(vals)
}

func (w *chunkWriter) values(vals []xvalue) {
	w.u32(uint32(len(vals)))
	desc := len(w.buf)
	for range vals {
		w.u32(0)
	}
	for i, v := range vals {
		start := len(w.buf)
		if v.nested != nil {
			v.nested(w)
		} else {
			w.put(v.data...)
		}
		size := len(w.buf) - start
		binary.LittleEndian.PutUint16(w.buf[desc+4*i:], uint16(size))
		w.buf[desc+4*i+2] = v.typ
	}
}

func (w *chunkWriter) element(n xnode) {
	tok := byte(tokOpenStart)
	if len(n.attrs) > 0 {
		tok |= tokMore
	}
	w.put(tok)
	if !w.noDependencyID {
		w.u16(0xffff)
	}
	sizePos := len(w.buf)
	w.u32(0)
	w.name(n.name)
	if len(n.attrs) > 0 {
		listPos := len(w.buf)
		w.u32(0)
		for i, a := range n.attrs {
			tok := byte(tokAttribute)
			if i < len(n.attrs)-1 {
				tok |= tokMore
			}
			w.put(tok)
			w.name(a.name)
			for _, part := range a.value {
				w.content(part)
			}
		}
		w.patch32(listPos, len(w.buf)-listPos-4)
	}
	if len(n.children) == 0 {
		w.put(tokCloseEmpty)
	} else {
		w.put(tokCloseStart)
		for _, c := range n.children {
			w.content(c)
		}
		w.put(tokEndElement)
	}
	w.patch32(sizePos, len(w.buf)-sizePos-4)
}

func (w *chunkWriter) content(n xnode) {
	switch {
	case n.isText, n.isCDATA:
		if n.isText {
			w.put(tokValue, typeString)
		} else {
			w.put(tokCDATA)
		}
		units := utf16.Encode([]rune(n.text))
		w.u16(len(units))
		for _, u := range units {
			w.u16(int(u))
		}
	case n.entity != "":
		w.put(tokEntityRef)
		w.name(n.entity)
	case n.charRef != 0:
		w.put(tokCharRef)
		w.u16(int(n.charRef))
	case n.isSubst:
		tok := byte(tokSubstitution)
		if n.optional {
			tok = tokOptionalSubst
		}
		w.put(tok)
		w.u16(n.subID)
		w.put(n.subType)
	default:
		w.element(n)
	}
}

// name writes a name offset, followed by the name itself on its first use in
// the chunk.
func (w *chunkWriter) name(s string) {
	if off, ok := w.names[s]; ok {
		w.u32(off)
		return
	}
	off := uint32(len(w.buf) + 4)
	w.names[s] = off
	w.u32(off)
	w.u32(0)
	w.u16(0)
	units := utf16.Encode([]rune(s))
	w.u16(len(units))
	for _, u := range units {
		w.u16(int(u))
	}
	w.u16(0)
}

// bytes returns the finished chunk with its header and checksums.
func (w *chunkWriter) bytes() []byte {
	buf := make([]byte, chunkSize)
	copy(buf, w.buf)
	copy(buf, chunkSignature)
	le := binary.LittleEndian
	le.PutUint64(buf[8:], w.firstID)
	le.PutUint64(buf[16:], w.lastID)
	le.PutUint64(buf[24:], w.firstID)
	le.PutUint64(buf[32:], w.lastID)
	le.PutUint32(buf[40:], 128)
	le.PutUint32(buf[44:], uint32(w.lastRecord))
	le.PutUint32(buf[48:], uint32(len(w.buf)))
	le.PutUint32(buf[52:], crc32.ChecksumIEEE(buf[chunkHeaderSize:len(w.buf)]))
	le.PutUint32(buf[124:], chunkHeaderCRC(buf))
	return buf
}

func chunkHeaderCRC(buf []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(buf[:120]), crc32.IEEETable, buf[128:chunkHeaderSize])
}

// buildFile joins a file header that counts the chunks and the chunks.
func buildFile(nextRecordID uint64, chunks ...[]byte) []byte {
	head := make([]byte, fileHeaderSize)
	copy(head, fileSignature)
	le := binary.LittleEndian
	le.PutUint64(head[8:], 0)
	le.PutUint64(head[16:], uint64(max(len(chunks)-1, 0)))
	le.PutUint64(head[24:], nextRecordID)
	le.PutUint32(head[32:], fileHeaderUsed)
	le.PutUint16(head[36:], 1)
	le.PutUint16(head[38:], 3)
	le.PutUint16(head[40:], fileHeaderSize)
	le.PutUint16(head[42:], uint16(len(chunks)))
	le.PutUint32(head[124:], crc32.ChecksumIEEE(head[:120]))
	out := head
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
}

func timeToFiletime(t time.Time) uint64 {
	return uint64(t.Unix()+11644473600)*10_000_000 + uint64(t.Nanosecond()/100)
}

// Value constructors.

func vString(s string) xvalue {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	// Windows stores most strings with their NUL terminator.
	return xvalue{typ: typeString, data: append(b, 0, 0)}
}

func vUint8(v uint8) xvalue   { return xvalue{typ: typeUint8, data: []byte{v}} }
func vUint16(v uint16) xvalue { return xvalue{typ: typeUint16, data: le16(v)} }
func vUint32(v uint32) xvalue { return xvalue{typ: typeUint32, data: le32(v)} }
func vUint64(v uint64) xvalue { return xvalue{typ: typeUint64, data: le64(v)} }
func vHex64(v uint64) xvalue  { return xvalue{typ: typeHexInt64, data: le64(v)} }

func vFiletime(t time.Time) xvalue {
	return xvalue{typ: typeFiletime, data: le64(timeToFiletime(t))}
}

func vNull() xvalue { return xvalue{typ: typeNull} }

// vGUID encodes a GUID written as "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}".
func vGUID(s string) xvalue {
	h := strings.ReplaceAll(strings.Trim(s, "{}"), "-", "")
	raw := make([]byte, 16)
	for i := range raw {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		raw[i] = byte(v)
	}
	// The first three groups are little-endian in storage.
	data := []byte{raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]}
	return xvalue{typ: typeGUID, data: append(data, raw[8:]...)}
}

// vSID encodes a SID written as "S-1-5-21-...".
func vSID(s string) xvalue {
	parts := strings.Split(s, "-")
	rev, _ := strconv.Atoi(parts[1])
	auth, _ := strconv.ParseUint(parts[2], 10, 48)
	subs := parts[3:]
	data := []byte{byte(rev), byte(len(subs))}
	for shift := 40; shift >= 0; shift -= 8 {
		data = append(data, byte(auth>>uint(shift)))
	}
	for _, p := range subs {
		v, _ := strconv.ParseUint(p, 10, 32)
		data = append(data, le32(uint32(v))...)
	}
	return xvalue{typ: typeSID, data: data}
}

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// The event template most tests use: a System element like the ones Windows
// writes and an EventData element with three named Data elements.
var securityTemplate = newTemplate(0x40, el("Event",
	[]xattr{at("xmlns", tx("http://schemas.microsoft.com/win/2004/08/events/event"))},
	el("System", nil,
		el("Provider", []xattr{at("Name", sub(0, typeString)), at("Guid", sub(1, typeGUID))}),
		el("EventID", []xattr{at("Qualifiers", optSub(2, typeUint16))}, sub(3, typeUint16)),
		el("Version", nil, sub(4, typeUint8)),
		el("Level", nil, sub(5, typeUint8)),
		el("Task", nil, sub(6, typeUint16)),
		el("Opcode", nil, sub(7, typeUint8)),
		el("Keywords", nil, sub(8, typeHexInt64)),
		el("TimeCreated", []xattr{at("SystemTime", sub(9, typeFiletime))}),
		el("EventRecordID", nil, sub(10, typeUint64)),
		el("Correlation", []xattr{at("ActivityID", optSub(11, typeGUID))}),
		el("Execution", []xattr{at("ProcessID", sub(12, typeUint32)), at("ThreadID", sub(13, typeUint32))}),
		el("Channel", nil, sub(14, typeString)),
		el("Computer", nil, sub(15, typeString)),
		el("Security", []xattr{at("UserID", optSub(16, typeSID))}),
	),
	el("EventData", nil,
		el("Data", []xattr{at("Name", tx("SubjectUserSid"))}, sub(17, typeSID)),
		el("Data", []xattr{at("Name", tx("ServiceName"))}, sub(18, typeString)),
		el("Data", []xattr{at("Name", tx("ServiceStartType"))}, sub(19, typeUint32)),
	),
))

// testEvent describes the values of one securityTemplate record.
type testEvent struct {
	id          uint64
	eventID     uint16
	time        time.Time
	serviceName string
}

var baseTime = time.Date(2019, 3, 3, 9, 20, 28, 621489700, time.UTC)

func (e testEvent) values() []xvalue {
	return []xvalue{
		vString("Microsoft-Windows-Security-Auditing"),
		vGUID("{54849625-5478-4994-A5BA-3E3B0328C30D}"),
		vNull(),
		vUint16(e.eventID),
		vUint8(0),
		vUint8(0),
		vUint16(12289),
		vUint8(0),
		vHex64(0x8020000000000000),
		vFiletime(e.time),
		vUint64(e.id),
		vNull(),
		vUint32(612),
		vUint32(1840),
		vString("Security"),
		vString("WIN-DC01.example.corp"),
		vNull(),
		vSID("S-1-5-21-1587066498-1489273250-1035260531-1108"),
		vString(e.serviceName),
		vUint32(2),
	}
}

// securityChunk builds a chunk of count securityTemplate records numbered
// from firstID.
func securityChunk(firstID uint64, count int) []byte {
	w := newChunkWriter()
	for i := range count {
		id := firstID + uint64(i)
		ev := testEvent{id: id, eventID: 4697, time: baseTime.Add(time.Duration(i) * time.Second), serviceName: "svc" + strconv.FormatUint(id, 10)}
		w.record(id, ev.time, securityTemplate, ev.values())
	}
	return w.bytes()
}
