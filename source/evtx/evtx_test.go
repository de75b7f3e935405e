package evtx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/source/winevent"
)

// readBytes opens data and reads all its records.
func readBytes(t *testing.T, data []byte) ([]Record, *File) {
	t.Helper()
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Open failed: %v", err)
	}
	var recs []Record
	if err := f.Records(func(r Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("Records failed: %v", err)
	}
	return recs, f
}

func recordIDs(recs []Record) []uint64 {
	var ids []uint64
	for _, r := range recs {
		ids = append(ids, r.RecordID)
	}
	return ids
}

func equalIDs(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func idRange(first, last uint64) []uint64 {
	var ids []uint64
	for id := first; id <= last; id++ {
		ids = append(ids, id)
	}
	return ids
}

func field(t *testing.T, ev winevent.Event, name string) string {
	t.Helper()
	v, ok := ev.Get(name)
	if !ok {
		t.Errorf("field %s missing; fields are %q", name, ev.Data)
	}
	return v
}

// problemsWith returns the problems of f whose reason contains s.
func problemsWith(f *File, s string) []Problem {
	var out []Problem
	for _, p := range f.Problems() {
		if strings.Contains(p.Reason, s) {
			out = append(out, p)
		}
	}
	return out
}

// oneProblem returns the only problem of f whose reason contains s, and
// stops the test when there is not exactly one.
func oneProblem(t *testing.T, f *File, s string) Problem {
	t.Helper()
	found := problemsWith(f, s)
	if len(found) != 1 {
		t.Fatalf("%d problems contain %q, want 1; all problems: %v", len(found), s, f.Problems())
	}
	return found[0]
}

// checkProblem compares where a problem is and whether it is a warning.
func checkProblem(t *testing.T, got, want Problem) {
	t.Helper()
	if got.Offset != want.Offset {
		t.Errorf("problem offset = %d, want %d: %s", got.Offset, want.Offset, got)
	}
	if got.Chunk != want.Chunk {
		t.Errorf("problem chunk = %d, want %d: %s", got.Chunk, want.Chunk, got)
	}
	if got.Record != want.Record {
		t.Errorf("problem record = %d, want %d: %s", got.Record, want.Record, got)
	}
	if got.Warning != want.Warning {
		t.Errorf("problem warning = %v, want %v: %s", got.Warning, want.Warning, got)
	}
}

// checkChunks compares chunk summaries field by field.
func checkChunks(t *testing.T, got, want []ChunkSummary) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d chunk summaries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Chunk != w.Chunk {
			t.Errorf("summary %d: chunk = %d, want %d", i, g.Chunk, w.Chunk)
		}
		if g.Offset != w.Offset {
			t.Errorf("summary %d: offset = %d, want %d", i, g.Offset, w.Offset)
		}
		if g.Read != w.Read {
			t.Errorf("summary %d: read = %d, want %d", i, g.Read, w.Read)
		}
		if g.Lost != w.Lost {
			t.Errorf("summary %d: lost = %d, want %d", i, g.Lost, w.Lost)
		}
		if g.Skipped != w.Skipped {
			t.Errorf("summary %d: skipped = %v, want %v", i, g.Skipped, w.Skipped)
		}
		if g.Estimated != w.Estimated {
			t.Errorf("summary %d: estimated = %v, want %v", i, g.Estimated, w.Estimated)
		}
	}
}

func TestReadGoodFile(t *testing.T) {
	data := buildFile(8, securityChunk(1, 4), securityChunk(5, 3))
	recs, f := readBytes(t, data)

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 7)) {
		t.Fatalf("record IDs = %v, want 1..7", got)
	}
	if p := f.Problems(); len(p) != 0 {
		t.Errorf("problems = %v, want none", p)
	}

	ev := recs[0].Event
	checks := []struct {
		name, got, want string
	}{
		{"Provider", ev.Provider, "Microsoft-Windows-Security-Auditing"},
		{"ProviderGUID", ev.ProviderGUID, "{54849625-5478-4994-A5BA-3E3B0328C30D}"},
		{"Keywords", ev.Keywords, "0x8020000000000000"},
		{"Channel", ev.Channel, "Security"},
		{"Computer", ev.Computer, "WIN-DC01.example.corp"},
		{"UserID", ev.UserID, ""},
		{"SubjectUserSid", field(t, ev, "SubjectUserSid"), "S-1-5-21-1587066498-1489273250-1035260531-1108"},
		{"ServiceName", field(t, ev, "ServiceName"), "svc1"},
		{"ServiceStartType", field(t, ev, "ServiceStartType"), "2"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	numbers := []struct {
		name      string
		got, want uint64
	}{
		{"EventID", uint64(ev.EventID), 4697},
		{"Qualifiers", uint64(ev.Qualifiers), 0},
		{"Task", uint64(ev.Task), 12289},
		{"RecordID", ev.RecordID, 1},
		{"ProcessID", uint64(ev.ProcessID), 612},
		{"ThreadID", uint64(ev.ThreadID), 1840},
	}
	for _, n := range numbers {
		if n.got != n.want {
			t.Errorf("%s = %d, want %d", n.name, n.got, n.want)
		}
	}
	if !ev.TimeCreated.Equal(baseTime) {
		t.Errorf("TimeCreated = %v, want %v", ev.TimeCreated, baseTime)
	}
	if len(ev.Data) != 3 {
		t.Errorf("Data has %d fields, want 3: %q", len(ev.Data), ev.Data)
	}

	// Later records refer back to the template and names of the first one.
	last := recs[6]
	if got := field(t, last.Event, "ServiceName"); got != "svc7" {
		t.Errorf("record 7 ServiceName = %q, want svc7", got)
	}
	if want := baseTime.Add(2 * time.Second); !last.Event.TimeCreated.Equal(want) {
		t.Errorf("record 7 TimeCreated = %v, want %v", last.Event.TimeCreated, want)
	}
	if last.Chunk != 1 {
		t.Errorf("record 7 chunk = %d, want 1", last.Chunk)
	}
	if recs[0].Offset != fileHeaderSize+chunkHeaderSize {
		t.Errorf("record 1 offset = %d, want %d", recs[0].Offset, fileHeaderSize+chunkHeaderSize)
	}
	if !recs[0].Written.Equal(baseTime) {
		t.Errorf("record 1 written time = %v, want %v", recs[0].Written, baseTime)
	}

	checkChunks(t, f.Chunks(), []ChunkSummary{
		{Chunk: 0, Offset: fileHeaderSize, Read: 4},
		{Chunk: 1, Offset: fileHeaderSize + chunkSize, Read: 3},
	})
	h := f.Header()
	if !h.Valid {
		t.Errorf("header is invalid, want valid")
	}
	if h.ChunkCount != 2 {
		t.Errorf("header chunk count = %d, want 2", h.ChunkCount)
	}
	if h.NextRecordID != 8 {
		t.Errorf("header next record ID = %d, want 8", h.NextRecordID)
	}
	if h.MajorVersion != 3 || h.MinorVersion != 1 {
		t.Errorf("header version = %d.%d, want 3.1", h.MajorVersion, h.MinorVersion)
	}
}

func TestNextReturnsEOF(t *testing.T) {
	data := buildFile(2, securityChunk(1, 1))
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Open failed: %v", err)
	}
	if _, err := f.Next(); err != nil {
		t.Fatalf("first Next failed: %v", err)
	}
	for range 2 {
		if _, err := f.Next(); err != io.EOF {
			t.Fatalf("Next after the last record returned %v, want io.EOF", err)
		}
	}
}

func TestRecordsStopsOnCallbackError(t *testing.T) {
	data := buildFile(4, securityChunk(1, 3))
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("Open failed: %v", err)
	}
	stop := errors.New("stop")
	calls := 0
	err = f.Records(func(Record) error {
		calls++
		return stop
	})
	if err != stop {
		t.Errorf("Records returned %v, want the callback's error", err)
	}
	if calls != 1 {
		t.Errorf("callback called %d times, want 1", calls)
	}
}

// typesTemplate has one Data element per value type.
var typesTemplate = newTemplate(0x10, el("Event", nil,
	el("System", nil, el("EventID", nil, tx("1"))),
	el("EventData", nil,
		el("Data", []xattr{at("Name", tx("Int8"))}, sub(0, typeInt8)),
		el("Data", []xattr{at("Name", tx("Uint8"))}, sub(1, typeUint8)),
		el("Data", []xattr{at("Name", tx("Int16"))}, sub(2, typeInt16)),
		el("Data", []xattr{at("Name", tx("Uint16"))}, sub(3, typeUint16)),
		el("Data", []xattr{at("Name", tx("Int32"))}, sub(4, typeInt32)),
		el("Data", []xattr{at("Name", tx("Uint32"))}, sub(5, typeUint32)),
		el("Data", []xattr{at("Name", tx("Int64"))}, sub(6, typeInt64)),
		el("Data", []xattr{at("Name", tx("Uint64"))}, sub(7, typeUint64)),
		el("Data", []xattr{at("Name", tx("Real32"))}, sub(8, typeReal32)),
		el("Data", []xattr{at("Name", tx("Real64"))}, sub(9, typeReal64)),
		el("Data", []xattr{at("Name", tx("Bool"))}, sub(10, typeBool)),
		el("Data", []xattr{at("Name", tx("BoolIrregular"))}, sub(11, typeBool)),
		el("Data", []xattr{at("Name", tx("BoolFalse"))}, sub(12, typeBool)),
		el("Data", []xattr{at("Name", tx("Binary"))}, sub(13, typeBinary)),
		el("Data", []xattr{at("Name", tx("GUID"))}, sub(14, typeGUID)),
		el("Data", []xattr{at("Name", tx("SizeT32"))}, sub(15, typeSizeT)),
		el("Data", []xattr{at("Name", tx("SizeT64"))}, sub(16, typeSizeT)),
		el("Data", []xattr{at("Name", tx("Filetime"))}, sub(17, typeFiletime)),
		el("Data", []xattr{at("Name", tx("Systemtime"))}, sub(18, typeSystemtime)),
		el("Data", []xattr{at("Name", tx("SID"))}, sub(19, typeSID)),
		el("Data", []xattr{at("Name", tx("HexInt32"))}, sub(20, typeHexInt32)),
		el("Data", []xattr{at("Name", tx("HexInt64"))}, sub(21, typeHexInt64)),
		el("Data", []xattr{at("Name", tx("ANSI"))}, sub(22, typeANSIString)),
		el("Data", []xattr{at("Name", tx("Null"))}, optSub(23, typeString)),
		el("Data", []xattr{at("Name", tx("Uint16Array"))}, sub(24, typeArray|typeUint16)),
		el("Data", []xattr{at("Name", tx("Mixed"))}, tx("pid="), sub(5, typeUint32), tx(" & done")),
		el("Data", []xattr{at("Name", tx("Escaped"))}, sub(25, typeString)),
	),
))

func TestValueRendering(t *testing.T) {
	systemtime := []byte{}
	for _, v := range []uint16{2021, 10, 1, 25, 20, 23, 34, 123} {
		systemtime = append(systemtime, le16(v)...)
	}
	vals := []xvalue{
		{typ: typeInt8, data: []byte{0xfb}},
		vUint8(200),
		{typ: typeInt16, data: le16(0xfffe)},
		vUint16(65535),
		{typ: typeInt32, data: le32(0xffffff85)},
		vUint32(4000000000),
		{typ: typeInt64, data: le64(0xffffffffffffffff)},
		vUint64(18446744073709551615),
		{typ: typeReal32, data: le32(0x3fc00000)},
		{typ: typeReal64, data: le64(0x400921fb54442d18)},
		{typ: typeBool, data: le32(1)},
		{typ: typeBool, data: le32(0xffffffff)},
		{typ: typeBool, data: le32(0)},
		{typ: typeBinary, data: []byte{0xd9, 0x06, 0x00, 0xab}},
		vGUID("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"),
		{typ: typeSizeT, data: le32(0x1a4)},
		{typ: typeSizeT, data: le64(0x7ff6a1b20000)},
		vFiletime(baseTime),
		{typ: typeSystemtime, data: systemtime},
		vSID("S-1-5-18"),
		{typ: typeHexInt32, data: le32(0x3e7)},
		vHex64(0),
		{typ: typeANSIString, data: []byte("caf\xe9\x00")},
		vNull(),
		{typ: typeArray | typeUint16, data: append(le16(1), le16(2)...)},
		vString(`a<b>&"c"`),
	}
	w := newChunkWriter()
	w.record(1, baseTime, typesTemplate, vals)
	recs, f := readBytes(t, buildFile(2, w.bytes()))
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1; problems: %v", len(recs), f.Problems())
	}
	ev := recs[0].Event
	want := []struct{ name, value string }{
		{"Int8", "-5"},
		{"Uint8", "200"},
		{"Int16", "-2"},
		{"Uint16", "65535"},
		{"Int32", "-123"},
		{"Uint32", "4000000000"},
		{"Int64", "-1"},
		{"Uint64", "18446744073709551615"},
		{"Real32", "1.5"},
		{"Real64", "3.141592653589793"},
		{"Bool", "true"},
		{"BoolIrregular", "true"},
		{"BoolFalse", "false"},
		{"Binary", "D90600AB"},
		{"GUID", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"},
		{"SizeT32", "0x1a4"},
		{"SizeT64", "0x7ff6a1b20000"},
		{"Filetime", "2019-03-03T09:20:28.6214897Z"},
		{"Systemtime", "2021-10-25T20:23:34.1230000Z"},
		{"SID", "S-1-5-18"},
		{"HexInt32", "0x3e7"},
		{"HexInt64", "0x0"},
		{"ANSI", "café"},
		{"Null", ""},
		{"Uint16Array", "1"},
		{"Mixed", "pid=4000000000 & done"},
		{"Escaped", `a<b>&"c"`},
	}
	for _, w := range want {
		if got := field(t, ev, w.name); got != w.value {
			t.Errorf("%s = %q, want %q", w.name, got, w.value)
		}
	}
	if ev.EventID != 1 {
		t.Errorf("EventID from literal text = %d, want 1", ev.EventID)
	}
}

func TestArrayRepeatsElement(t *testing.T) {
	tmpl := newTemplate(0x20, el("Event", nil,
		el("System", nil, el("EventID", nil, tx("800"))),
		el("EventData", nil,
			el("Data", nil, sub(0, typeArray|typeString)),
			el("Binary", nil, optSub(1, typeBinary)),
			el("Data", []xattr{at("Name", tx("Ids"))}, sub(2, typeArray|typeUint32)),
			el("Data", []xattr{at("Name", tx("Joined")), at("Values", sub(2, typeArray|typeUint32))}, tx("x")),
		),
	))
	strs := []byte{}
	for _, s := range []string{"", "second", "third"} {
		strs = append(strs, vString(s).data...)
	}
	w := newChunkWriter()
	w.record(1, baseTime, tmpl, []xvalue{
		{typ: typeArray | typeString, data: strs},
		vNull(),
		{typ: typeArray | typeUint32, data: append(le32(7), le32(8)...)},
	})
	recs, _ := readBytes(t, buildFile(2, w.bytes()))
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1", len(recs))
	}
	got := recs[0].Event.Data
	want := []winevent.Field{
		{Name: "", Value: ""},
		{Name: "", Value: "second"},
		{Name: "", Value: "third"},
		{Name: "Binary", Value: ""},
		{Name: "Ids", Value: "7"},
		{Name: "Ids", Value: "8"},
		{Name: "Joined", Value: "x"},
	}
	if len(got) != len(want) {
		t.Fatalf("Data = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Data[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestUserDataNestedBinXML(t *testing.T) {
	outer := newTemplate(0x30, el("Event", nil,
		el("System", nil,
			el("EventID", nil, sub(0, typeUint16)),
			el("Channel", nil, tx("Security")),
		),
		el("UserData", nil, sub(1, typeBinXML)),
	))
	inner := newTemplate(0x50, el("LogFileCleared",
		[]xattr{at("xmlns", tx("http://manifests.microsoft.com/win/2004/08/windows/eventlog"))},
		el("SubjectUserSid", nil, sub(0, typeSID)),
		el("SubjectUserName", nil, sub(1, typeString)),
		el("SubjectLogonId", nil, sub(2, typeHexInt64)),
		el("Error", []xattr{at("Code", sub(3, typeUint32))}),
		el("Empty", nil),
	))

	w := newChunkWriter()
	w.record(1, baseTime, outer, []xvalue{
		vUint16(1102),
		{typ: typeBinXML, nested: func(w *chunkWriter) {
			w.instance(inner, []xvalue{vSID("S-1-5-21-1-2-3-1111"), vString("admmig"), vHex64(0xcc3c3), vUint32(15007)})
		}},
	})
	recs, f := readBytes(t, buildFile(2, w.bytes()))
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1; problems: %v", len(recs), f.Problems())
	}

	ev := recs[0].Event
	if ev.EventID != 1102 {
		t.Errorf("EventID = %d, want 1102", ev.EventID)
	}
	if ev.Channel != "Security" {
		t.Errorf("Channel = %q, want Security", ev.Channel)
	}

	// Attributes of UserData elements become fields, and an element with
	// attributes but no text does not.
	want := []winevent.Field{
		{Name: "SubjectUserSid", Value: "S-1-5-21-1-2-3-1111"},
		{Name: "SubjectUserName", Value: "admmig"},
		{Name: "SubjectLogonId", Value: "0xcc3c3"},
		{Name: "Code", Value: "15007"},
		{Name: "Empty", Value: ""},
	}
	if len(ev.Data) != len(want) {
		t.Fatalf("Data = %q, want %q", ev.Data, want)
	}
	for i := range want {
		if ev.Data[i] != want[i] {
			t.Errorf("Data[%d] = %q, want %q", i, ev.Data[i], want[i])
		}
	}
}

func TestRecordWithoutTemplate(t *testing.T) {
	w := newChunkWriter()
	w.rawRecord(1, baseTime, func(w *chunkWriter) {
		w.document(el("Event", nil,
			el("System", nil,
				el("EventID", nil, tx("4104")),
				el("Channel", nil, tx("Microsoft-Windows-PowerShell/Operational")),
			),
			el("EventData", nil,
				el("Data", []xattr{at("Name", tx("Script"), entityRef("amp"), tx("Block"))},
					tx("a"), entityRef("lt"), charRef('>'), tx("b"), cdata("<x/>"), entityRef("nbsp")),
			),
		))
	})
	recs, f := readBytes(t, buildFile(2, w.bytes()))
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1; problems: %v", len(recs), f.Problems())
	}
	ev := recs[0].Event
	if ev.EventID != 4104 {
		t.Errorf("EventID = %d, want 4104", ev.EventID)
	}
	if ev.Channel != "Microsoft-Windows-PowerShell/Operational" {
		t.Errorf("Channel = %q, want Microsoft-Windows-PowerShell/Operational", ev.Channel)
	}
	if ev.RecordID != 1 {
		t.Errorf("RecordID = %d, want 1 from the record header, since System has no EventRecordID", ev.RecordID)
	}
	if got := field(t, ev, "Script&Block"); got != "a<>b<x/>&nbsp;" {
		t.Errorf("Script&Block = %q, want %q", got, "a<>b<x/>&nbsp;")
	}
}

func TestBinXMLValueWithoutDependencyID(t *testing.T) {
	outer := newTemplate(0x70, el("Event", nil,
		el("System", nil, el("EventID", nil, tx("1149"))),
		el("UserData", nil, sub(0, typeBinXML)),
	))
	w := newChunkWriter()
	w.record(1, baseTime, outer, []xvalue{{typ: typeBinXML, nested: func(w *chunkWriter) {
		w.noDependencyID = true
		w.element(el("EventXML", []xattr{at("xmlns", tx("Event_NS"))},
			el("Param1", nil, tx("admin")),
			el("Param3", nil, tx("10.0.0.5")),
		))
		w.noDependencyID = false
	}}})
	recs, f := readBytes(t, buildFile(2, w.bytes()))
	if len(recs) != 1 {
		t.Fatalf("read %d records, want 1; problems: %v", len(recs), f.Problems())
	}
	ev := recs[0].Event
	if got := field(t, ev, "Param1"); got != "admin" {
		t.Errorf("Param1 = %q, want admin", got)
	}
	if got := field(t, ev, "Param3"); got != "10.0.0.5" {
		t.Errorf("Param3 = %q, want 10.0.0.5", got)
	}
	if len(ev.Data) != 2 {
		t.Errorf("Data = %q, want 2 fields", ev.Data)
	}
}

func TestCorruptChunkAmongGoodOnes(t *testing.T) {
	bad := securityChunk(4, 3)
	copy(bad, "garbage!")
	for i := chunkHeaderSize; i < 4000; i++ {
		bad[i] = byte(i * 31)
	}
	data := buildFile(10, securityChunk(1, 3), bad, securityChunk(7, 3))
	recs, f := readBytes(t, data)

	want := append(idRange(1, 3), idRange(7, 9)...)
	if got := recordIDs(recs); !equalIDs(got, want) {
		t.Errorf("record IDs = %v, want %v", got, want)
	}
	if n := len(f.Problems()); n != 1 {
		t.Errorf("%d problems, want 1: %v", n, f.Problems())
	}
	p := oneProblem(t, f, "chunk signature missing")
	checkProblem(t, p, Problem{Offset: fileHeaderSize + chunkSize, Chunk: 1})
	checkChunks(t, f.Chunks(), []ChunkSummary{
		{Chunk: 0, Offset: fileHeaderSize, Read: 3},
		{Chunk: 1, Offset: fileHeaderSize + chunkSize, Lost: 3, Skipped: true, Estimated: true},
		{Chunk: 2, Offset: fileHeaderSize + 2*chunkSize, Read: 3},
	})
}

func TestChecksumMismatchKeepsRecords(t *testing.T) {
	chunk := securityChunk(1, 2)
	// Change one character of the second record's service name ("svc2").
	i := bytes.LastIndex(chunk, []byte{'s', 0, 'v', 0, 'c', 0, '2', 0})
	if i < 0 {
		t.Fatal("service name not found in the chunk")
	}
	chunk[i+6] = '9'
	recs, f := readBytes(t, buildFile(3, chunk))

	if len(recs) != 2 {
		t.Fatalf("read %d records, want 2", len(recs))
	}
	if got := field(t, recs[1].Event, "ServiceName"); got != "svc9" {
		t.Errorf("ServiceName = %q, want svc9", got)
	}
	p := oneProblem(t, f, "event records checksum mismatch")
	checkProblem(t, p, Problem{Offset: fileHeaderSize + 52, Chunk: 0, Warning: true})
}

func TestTruncatedFile(t *testing.T) {
	second := securityChunk(4, 3)
	// Keep the chunk up to the end of its second record.
	secondEnd := int(binary.LittleEndian.Uint32(second[44:]))
	data := buildFile(7, securityChunk(1, 3), second)
	data = data[:fileHeaderSize+chunkSize+secondEnd]
	recs, f := readBytes(t, data)

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 5)) {
		t.Errorf("record IDs = %v, want 1..5", got)
	}
	p := oneProblem(t, f, "truncated")
	checkProblem(t, p, Problem{Offset: int64(len(data)), Chunk: 1})
	checkChunks(t, f.Chunks(), []ChunkSummary{
		{Chunk: 0, Offset: fileHeaderSize, Read: 3},
		{Chunk: 1, Offset: fileHeaderSize + chunkSize, Read: 2, Lost: 1, Estimated: true},
	})
}

func TestTruncatedAtChunkBoundary(t *testing.T) {
	data := buildFile(7, securityChunk(1, 3), securityChunk(4, 3))
	data = data[:fileHeaderSize+chunkSize]
	recs, f := readBytes(t, data)

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 3)) {
		t.Errorf("record IDs = %v, want 1..3", got)
	}
	p := oneProblem(t, f, "counts 2 chunks but the file has room for 1")
	checkProblem(t, p, Problem{Offset: int64(len(data)), Chunk: -1})
}

func TestTruncatedFileHeader(t *testing.T) {
	data := buildFile(1)[:1000]
	recs, f := readBytes(t, data)
	if len(recs) != 0 {
		t.Errorf("read %d records, want 0", len(recs))
	}
	if len(problemsWith(f, "truncated")) != 1 {
		t.Errorf("problems = %v, want one truncation", f.Problems())
	}
}

func TestInvalidRecordSizeReadToNextRecord(t *testing.T) {
	w := newChunkWriter()
	var offsets []int
	for id := uint64(1); id <= 3; id++ {
		ev := testEvent{id: id, eventID: 4624, time: baseTime, serviceName: "s"}
		offsets = append(offsets, w.record(id, baseTime, securityTemplate, ev.values()))
	}
	chunk := w.bytes()
	binary.LittleEndian.PutUint32(chunk[offsets[1]+4:], 0x00ffffff)
	binary.LittleEndian.PutUint32(chunk[124:], chunkHeaderCRC(chunk))
	recs, f := readBytes(t, buildFile(4, chunk))

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 3)) {
		t.Fatalf("record IDs = %v, want 1..3", got)
	}
	for i, want := range []bool{false, true, false} {
		if recs[i].Recovered != want {
			t.Errorf("record %d Recovered = %v, want %v", i+1, recs[i].Recovered, want)
		}
	}
	if got := field(t, recs[1].Event, "ServiceStartType"); got != "2" {
		t.Errorf("record 2 ServiceStartType = %q, want 2", got)
	}
	p := oneProblem(t, f, "record size 16777215 is invalid")
	checkProblem(t, p, Problem{Offset: int64(fileHeaderSize + offsets[1]), Chunk: 0, Record: 2, Warning: true})
}

func TestDamagedRecordSkipped(t *testing.T) {
	w := newChunkWriter()
	var offsets []int
	for id := uint64(1); id <= 3; id++ {
		ev := testEvent{id: id, eventID: 4624, time: baseTime, serviceName: "s"}
		offsets = append(offsets, w.record(id, baseTime, securityTemplate, ev.values()))
	}
	chunk := w.bytes()
	// Break the size copy and the template instance of record 2.
	size := int(binary.LittleEndian.Uint32(chunk[offsets[1]+4:]))
	binary.LittleEndian.PutUint32(chunk[offsets[1]+size-4:], 12345)
	chunk[offsets[1]+recordHeaderSize+4] = 0x7f
	recs, f := readBytes(t, buildFile(4, chunk))

	if got := recordIDs(recs); !equalIDs(got, []uint64{1, 3}) {
		t.Fatalf("record IDs = %v, want 1 and 3", got)
	}
	p := oneProblem(t, f, "does not match the size copy 12345")
	checkProblem(t, p, Problem{Offset: int64(fileHeaderSize + offsets[1]), Chunk: 0, Record: 2})
	if !strings.Contains(p.Reason, "unknown token 0x7f") {
		t.Errorf("problem reason = %q, want the unknown token", p.Reason)
	}
	checkChunks(t, f.Chunks(), []ChunkSummary{{Chunk: 0, Offset: fileHeaderSize, Read: 2, Lost: 1}})
}

func TestUnknownValueTypeSkipsRecord(t *testing.T) {
	w := newChunkWriter()
	ev := testEvent{id: 1, eventID: 4624, time: baseTime, serviceName: "s"}
	vals := ev.values()
	vals[19] = xvalue{typ: 0x3a, data: le32(2)}
	w.record(1, baseTime, securityTemplate, vals)
	ev.id = 2
	w.record(2, baseTime, securityTemplate, ev.values())
	recs, f := readBytes(t, buildFile(3, w.bytes()))

	if got := recordIDs(recs); !equalIDs(got, []uint64{2}) {
		t.Errorf("record IDs = %v, want 2", got)
	}
	p := oneProblem(t, f, "unknown value type 0x3a")
	checkProblem(t, p, Problem{Offset: fileHeaderSize + chunkHeaderSize, Chunk: 0, Record: 1})
}

func TestTemplateIdentifierMismatch(t *testing.T) {
	w := newChunkWriter()
	ev := testEvent{id: 1, eventID: 4624, time: baseTime, serviceName: "s"}
	w.record(1, baseTime, securityTemplate, ev.values())
	ev.id = 2
	second := w.record(2, baseTime, securityTemplate, ev.values())
	chunk := w.bytes()
	// The template identifier follows the fragment header, token and one byte.
	chunk[second+recordHeaderSize+6] ^= 0xff
	recs, f := readBytes(t, buildFile(3, chunk))

	if got := recordIDs(recs); !equalIDs(got, []uint64{1}) {
		t.Errorf("record IDs = %v, want 1", got)
	}
	p := oneProblem(t, f, "does not match the definition")
	checkProblem(t, p, Problem{Offset: int64(fileHeaderSize + second), Chunk: 0, Record: 2})
}

func TestDamagedFileHeader(t *testing.T) {
	data := buildFile(4, securityChunk(1, 3))
	copy(data, "XXXXXXXX")
	recs, f := readBytes(t, data)

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 3)) {
		t.Errorf("record IDs = %v, want 1..3", got)
	}
	if f.Header().Valid {
		t.Errorf("header is valid, want invalid")
	}
	p := oneProblem(t, f, "file header signature missing")
	checkProblem(t, p, Problem{Offset: 0, Chunk: -1})
}

func TestFileHeaderChecksumMismatch(t *testing.T) {
	data := buildFile(4, securityChunk(1, 3))
	data[24] = 99 // next record ID, covered by the checksum
	recs, f := readBytes(t, data)

	if len(recs) != 3 {
		t.Errorf("read %d records, want 3", len(recs))
	}
	p := oneProblem(t, f, "file header checksum mismatch")
	checkProblem(t, p, Problem{Offset: 124, Chunk: -1, Warning: true})
}

func TestChunksBeyondHeaderCount(t *testing.T) {
	data := buildFile(7, securityChunk(1, 3), securityChunk(4, 3))
	binary.LittleEndian.PutUint16(data[42:], 1)
	binary.LittleEndian.PutUint32(data[124:], crc32.ChecksumIEEE(data[:120]))
	recs, f := readBytes(t, data)

	if got := recordIDs(recs); !equalIDs(got, idRange(1, 6)) {
		t.Errorf("record IDs = %v, want 1..6", got)
	}
	if p := f.Problems(); len(p) != 0 {
		t.Errorf("problems = %v, want none", p)
	}
}

func TestEmptyChunkSlotsIgnored(t *testing.T) {
	data := buildFile(4, securityChunk(1, 3))
	data = append(data, make([]byte, 2*chunkSize)...)
	recs, f := readBytes(t, data)

	if len(recs) != 3 {
		t.Errorf("read %d records, want 3", len(recs))
	}
	if p := f.Problems(); len(p) != 0 {
		t.Errorf("problems = %v, want none for empty slots past the header's count", p)
	}
}

func TestGarbageIsNotEVTX(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 3*chunkSize)
	rng.Read(garbage)
	inputs := map[string][]byte{
		"empty":         nil,
		"short":         []byte("ElfFi"),
		"random bytes":  garbage,
		"text":          []byte(strings.Repeat("not an event log\n", 1000)),
		"chunk only 3k": append([]byte("ElfChnk\x00"), make([]byte, 3000)...),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			_, err := Open(bytes.NewReader(data), int64(len(data)))
			if !errors.Is(err, ErrNotEVTX) {
				t.Errorf("Open returned %v, want ErrNotEVTX", err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("Open returned %T, want *Error", err)
			}
		})
	}
}

func TestReadErrorIsReturned(t *testing.T) {
	data := buildFile(4, securityChunk(1, 3))
	f, err := Open(failingReader{data: data, failFrom: fileHeaderSize}, int64(len(data)))
	if err != nil {
		t.Fatalf("Open failed: %v", err)
	}
	_, err = f.Next()
	if !errors.Is(err, errDisk) {
		t.Errorf("Next returned %v, want an error wrapping the read error", err)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Next returned %T, want *Error", err)
	}
	if e.Offset != fileHeaderSize {
		t.Errorf("error offset = %d, want %d", e.Offset, fileHeaderSize)
	}
	if _, again := f.Next(); again != err {
		t.Errorf("second Next returned %v, want the same error", again)
	}
}

var errDisk = errors.New("disk failure")

// failingReader fails every read that reaches failFrom.
type failingReader struct {
	data     []byte
	failFrom int64
}

func (r failingReader) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > r.failFrom {
		return 0, errDisk
	}
	return copy(p, r.data[off:]), nil
}

// TestMutatedFilesDoNotPanic damages a good file in many ways and reads each
// copy to the end. Reading must neither panic nor loop.
func TestMutatedFilesDoNotPanic(t *testing.T) {
	w := newChunkWriter()
	for id := uint64(1); id <= 3; id++ {
		ev := testEvent{id: id, eventID: 4624, time: baseTime, serviceName: "service"}
		w.record(id, baseTime, securityTemplate, ev.values())
	}
	w.record(4, baseTime, typesTemplate, nil)
	good := buildFile(5, w.bytes())
	used := fileHeaderSize + len(w.buf)

	rng := rand.New(rand.NewSource(7))
	for i := range 3000 {
		data := bytes.Clone(good)
		for range 1 + rng.Intn(4) {
			pos := fileHeaderSize + chunkHeaderSize + rng.Intn(used-fileHeaderSize-chunkHeaderSize)
			switch rng.Intn(3) {
			case 0:
				data[pos] = byte(rng.Intn(256))
			case 1:
				data[pos] ^= 0x80
			default:
				binary.LittleEndian.PutUint32(data[pos&^3:], rng.Uint32())
			}
		}
		f, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("mutation %d: Open failed: %v", i, err)
		}
		n := 0
		if err := f.Records(func(Record) error { n++; return nil }); err != nil {
			t.Fatalf("mutation %d: Records failed: %v", i, err)
		}
		if n > 4 {
			t.Fatalf("mutation %d: read %d records from a file of 4", i, n)
		}
	}
}

// TestNestedExpansionBounded reads a record whose template uses a BinXML
// value eight times, where that value is an instance of the same template,
// twenty levels deep: 8^20 elements if expanded in full.
func TestNestedExpansionBounded(t *testing.T) {
	tmpl := newTemplate(0x60, el("Node", nil,
		sub(0, typeBinXML), sub(0, typeBinXML), sub(0, typeBinXML), sub(0, typeBinXML),
		sub(0, typeBinXML), sub(0, typeBinXML), sub(0, typeBinXML), sub(0, typeBinXML),
	))
	var nest func(level int) xvalue
	nest = func(level int) xvalue {
		if level == 0 {
			return vString("leaf")
		}
		inner := nest(level - 1)
		return xvalue{typ: typeBinXML, nested: func(w *chunkWriter) { w.instance(tmpl, []xvalue{inner}) }}
	}
	w := newChunkWriter()
	w.record(1, baseTime, tmpl, []xvalue{nest(20)})
	ev := testEvent{id: 2, eventID: 4624, time: baseTime, serviceName: "after"}
	w.record(2, baseTime, securityTemplate, ev.values())

	start := time.Now()
	recs, f := readBytes(t, buildFile(3, w.bytes()))
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("reading took %v", d)
	}
	if got := recordIDs(recs); !equalIDs(got, []uint64{2}) {
		t.Errorf("record IDs = %v, want 2", got)
	}
	p := oneProblem(t, f, "expands beyond")
	checkProblem(t, p, Problem{Offset: fileHeaderSize + chunkHeaderSize, Chunk: 0, Record: 1})
}

// FuzzRead reads arbitrary input to the end. The seeds are files cut right
// after their last record, since short inputs fuzz much faster and a cut
// chunk is still read.
func FuzzRead(f *testing.F) {
	w := newChunkWriter()
	for id := uint64(1); id <= 2; id++ {
		ev := testEvent{id: id, eventID: 4624, time: baseTime, serviceName: "s"}
		w.record(id, baseTime, securityTemplate, ev.values())
	}
	f.Add(buildFile(3, w.bytes())[:fileHeaderSize+len(w.buf)])
	w = newChunkWriter()
	w.record(1, baseTime, typesTemplate, nil)
	f.Add(buildFile(2, w.bytes())[:fileHeaderSize+len(w.buf)])
	w = newChunkWriter()
	w.rawRecord(1, baseTime, func(w *chunkWriter) {
		w.document(el("Event", nil, el("Data", []xattr{at("Name", tx("a"))}, tx("b"), entityRef("lt"), charRef('c'), cdata("d"))))
	})
	f.Add(buildFile(2, w.bytes())[:fileHeaderSize+len(w.buf)])
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		_ = file.Records(func(Record) error { return nil })
	})
}
