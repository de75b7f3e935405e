package evtx

import (
	"strings"
	"time"

	"github.com/quarry-kql/quarry/source/winevent"
)

// section is the child of the Event element that the builder is inside.
type section uint8

const (
	sectionOther     section = iota // RenderingInfo and anything unknown
	sectionSystem                   // System
	sectionEventData                // EventData
	sectionUserData                 // UserData or ProcessingErrorData: leaf elements become fields
)

// elementKind identifies the element names that the builder acts on. The
// parser looks it up once per name when it parses a template, which spares
// the builder string comparisons for every element of every record.
type elementKind uint8

const (
	kindOther elementKind = iota
	kindSystem
	kindEventData
	kindUserData // UserData or ProcessingErrorData
	kindData
	// Children of System that fill Event fields.
	kindProvider
	kindEventID
	kindVersion
	kindLevel
	kindTask
	kindOpcode
	kindKeywords
	kindTimeCreated
	kindEventRecordID
	kindExecution
	kindChannel
	kindComputer
	kindSecurity
)

var elementKinds = map[string]elementKind{
	"System":              kindSystem,
	"EventData":           kindEventData,
	"UserData":            kindUserData,
	"ProcessingErrorData": kindUserData,
	"Data":                kindData,
	"Provider":            kindProvider,
	"EventID":             kindEventID,
	"Version":             kindVersion,
	"Level":               kindLevel,
	"Task":                kindTask,
	"Opcode":              kindOpcode,
	"Keywords":            kindKeywords,
	"TimeCreated":         kindTimeCreated,
	"EventRecordID":       kindEventRecordID,
	"Execution":           kindExecution,
	"Channel":             kindChannel,
	"Computer":            kindComputer,
	"Security":            kindSecurity,
}

// systemText reports whether a System child's text fills an Event field,
// as opposed to only its attributes.
func (k elementKind) systemText() bool {
	switch k {
	case kindEventID, kindVersion, kindLevel, kindTask, kindOpcode, kindKeywords, kindEventRecordID, kindChannel, kindComputer:
		return true
	}
	return false
}

// frame is one open element.
type frame struct {
	name      string
	field     string      // field name, in EventData and UserData
	textStart int         // length of builder.text when the element started
	sys       elementKind // for System children
	capture   bool        // the element's text is collected
	hasChild  bool        // a child element started, so a UserData element is no leaf
	hasAttrs  bool        // a UserData element had attributes, which became fields
	isData    bool        // an EventData Data element, whose Name attribute names the field
}

// maxInterned bounds the strings kept for reuse. The table is emptied when
// it grows past this.
const maxInterned = 4096

// builder fills a winevent.Event from the start, attribute, text and end
// calls of the renderer.
type builder struct {
	ev           *winevent.Event
	frames       []frame
	section      section
	text         []byte
	haveRecordID bool
	dataHint     int // capacity for the next event's Data
	interned     map[string]string
}

func (b *builder) init() {
	b.interned = make(map[string]string)
	b.dataHint = 8
}

func (b *builder) reset(ev *winevent.Event) {
	b.ev = ev
	b.frames = b.frames[:0]
	b.section = sectionOther
	b.text = b.text[:0]
	b.haveRecordID = false
}

// capturing reports whether text rendered now is kept.
func (b *builder) capturing() bool {
	k := len(b.frames) - 1
	return k >= 0 && b.frames[k].capture
}

func (b *builder) start(name string, kind elementKind) {
	depth := len(b.frames)
	fr := frame{name: name, textStart: len(b.text)}
	switch {
	case depth == 0:
	case depth == 1:
		switch kind {
		case kindSystem:
			b.section = sectionSystem
		case kindEventData:
			b.section = sectionEventData
		case kindUserData:
			b.section = sectionUserData
		default:
			b.section = sectionOther
		}
	case b.section == sectionSystem:
		if depth == 2 && kind >= kindProvider {
			fr.sys = kind
			fr.capture = kind.systemText()
		}
	case b.section == sectionEventData:
		fr.capture = true
		if depth == 2 && kind != kindData {
			fr.field = name
		}
		fr.isData = depth == 2 && kind == kindData
	case b.section == sectionUserData:
		fr.capture = true
		fr.field = name
		if depth >= 3 {
			b.frames[depth-1].hasChild = true
		}
	}
	b.frames = append(b.frames, fr)
}

func (b *builder) end() {
	k := len(b.frames) - 1
	if k < 0 {
		return
	}
	fr := b.frames[k]
	b.frames = b.frames[:k]
	text := b.text[fr.textStart:]
	switch {
	case k == 1:
		b.section = sectionOther
	case b.section == sectionSystem && k == 2:
		b.systemText(fr.sys, text)
	case b.section == sectionEventData && k == 2:
		b.addField(fr.field, text)
	case b.section == sectionEventData:
		// Text of elements nested in an EventData child belongs to that child.
		return
	case b.section == sectionUserData && !fr.hasChild && (len(text) > 0 || !fr.hasAttrs):
		// An element with attributes but no text has its data in the
		// attributes, which are fields already.
		b.addField(fr.field, text)
	}
	b.text = b.text[:fr.textStart]
}

func (b *builder) addField(name string, text []byte) {
	b.addFieldString(name, string(text))
}

func (b *builder) addFieldString(name, val string) {
	if b.ev.Data == nil {
		b.ev.Data = make([]winevent.Field, 0, b.dataHint)
	}
	b.ev.Data = append(b.ev.Data, winevent.Field{Name: name, Value: val})
}

// finish records the field count of the event just built, which sizes the
// Data slice of the next one: events of one log tend to come in runs of the
// same kind.
func (b *builder) finish() {
	b.dataHint = max(len(b.ev.Data), 4)
}

// wantAttr reports whether the attribute of the innermost element fills an
// Event field, so that the renderer formats only those.
func (b *builder) wantAttr(attr string) bool {
	k := len(b.frames) - 1
	if b.section == sectionUserData && k >= 2 {
		return attr != "xmlns" && !strings.HasPrefix(attr, "xmlns:")
	}
	if k != 2 {
		return false
	}
	fr := &b.frames[k]
	switch b.section {
	case sectionSystem:
		switch fr.sys {
		case kindProvider:
			return attr == "Name" || attr == "Guid"
		case kindEventID:
			return attr == "Qualifiers"
		case kindTimeCreated:
			return attr == "SystemTime"
		case kindExecution:
			return attr == "ProcessID" || attr == "ThreadID"
		case kindSecurity:
			return attr == "UserID"
		}
	case sectionEventData:
		return fr.isData && attr == "Name"
	}
	return false
}

// attrString sets the attribute that wantAttr asked for.
func (b *builder) attrString(attr, val string) {
	fr := &b.frames[len(b.frames)-1]
	if b.section == sectionUserData {
		fr.hasAttrs = true
		b.addFieldString(attr, val)
		return
	}
	ev := b.ev
	switch fr.sys {
	case kindProvider:
		if attr == "Name" {
			ev.Provider = val
		} else {
			ev.ProviderGUID = val
		}
	case kindEventID:
		ev.Qualifiers = int(parseNumber(val))
	case kindTimeCreated:
		ev.TimeCreated = parseTime(val)
	case kindExecution:
		if attr == "ProcessID" {
			ev.ProcessID = uint32(parseNumber(val))
		} else {
			ev.ThreadID = uint32(parseNumber(val))
		}
	case kindSecurity:
		ev.UserID = val
	default:
		fr.field = val
	}
}

// attrBytes is attrString for a rendered value. It converts to a string
// only where the Event keeps one.
func (b *builder) attrBytes(attr string, val []byte) {
	fr := &b.frames[len(b.frames)-1]
	if b.section == sectionUserData {
		fr.hasAttrs = true
		b.addFieldString(attr, string(val))
		return
	}
	ev := b.ev
	switch fr.sys {
	case kindProvider:
		if attr == "Name" {
			ev.Provider = b.intern(val)
		} else {
			ev.ProviderGUID = b.intern(val)
		}
	case kindEventID:
		ev.Qualifiers = int(parseNumber(val))
	case kindTimeCreated:
		ev.TimeCreated = parseTime(val)
	case kindExecution:
		if attr == "ProcessID" {
			ev.ProcessID = uint32(parseNumber(val))
		} else {
			ev.ThreadID = uint32(parseNumber(val))
		}
	case kindSecurity:
		ev.UserID = b.intern(val)
	default:
		fr.field = b.intern(val)
	}
}

func (b *builder) systemText(sys elementKind, text []byte) {
	ev := b.ev
	switch sys {
	case kindEventID:
		ev.EventID = int(parseNumber(text))
	case kindVersion:
		ev.Version = int(parseNumber(text))
	case kindLevel:
		ev.Level = int(parseNumber(text))
	case kindTask:
		ev.Task = int(parseNumber(text))
	case kindOpcode:
		ev.Opcode = int(parseNumber(text))
	case kindKeywords:
		ev.Keywords = b.intern(text)
	case kindEventRecordID:
		ev.RecordID = parseNumber(text)
		b.haveRecordID = len(text) > 0
	case kindChannel:
		ev.Channel = b.intern(text)
	case kindComputer:
		ev.Computer = b.intern(text)
	}
}

// intern returns val as a string, reusing the string made for an equal
// value before. System values repeat across records.
func (b *builder) intern(val []byte) string {
	if s, ok := b.interned[string(val)]; ok {
		return s
	}
	if len(b.interned) >= maxInterned {
		clear(b.interned)
	}
	s := string(val)
	b.interned[s] = s
	return s
}

// parseNumber parses a decimal or "0x" hexadecimal unsigned number, ignoring
// surrounding spaces. It returns 0 for text that is not a number.
func parseNumber[T string | []byte](s T) uint64 {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	base := uint64(10)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		base = 16
		s = s[2:]
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		var d uint64
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0
		}
		n = n*base + d
	}
	return n
}

// parseTime parses an ISO 8601 UTC time as rendered by appendTime, and
// other RFC 3339 forms more slowly. It returns the zero time for text that
// is not a time.
func parseTime[T string | []byte](s T) time.Time {
	if t, ok := parseTimeFast(s); ok {
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(s)))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// parseTimeFast parses "YYYY-MM-DDTHH:MM:SS" with an optional fraction of up
// to nine digits and a final "Z".
func parseTimeFast[T string | []byte](s T) (time.Time, bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for j := i; j < i+n; j++ {
			c := s[j]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}

	year, ok1 := num(0, 4)
	month, ok2 := num(5, 2)
	day, ok3 := num(8, 2)
	hour, ok4 := num(11, 2)
	minute, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}

	nsec := 0
	if rest := len(s) - 20; rest > 0 {
		digits := rest - 1
		if s[19] != '.' || digits < 1 || digits > 9 {
			return time.Time{}, false
		}
		frac, ok := num(20, digits)
		if !ok {
			return time.Time{}, false
		}
		for range 9 - digits {
			frac *= 10
		}
		nsec = frac
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}
