package evtx

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/source/winevent"
)

// sharedDir returns the shared data directory that sits next to the
// repository root, or skips the test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	shared := sharedDirIfPresent()
	if shared == "" {
		t.Skip("the shared data directory next to the repository root is absent; real-file tests skipped")
	}
	return shared
}

// sharedDirIfPresent returns the directory "shared" beside the directory
// that holds go.mod, or "" when there is none.
func sharedDirIfPresent() string {
	return sharedtest.Path(".")
}

// readFile reads every record of the EVTX file at path.
func readFile(t testing.TB, path string) ([]Record, *File) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatalf("opening %s failed: %v", path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		t.Fatalf("stat of %s failed: %v", path, err)
	}
	f, err := Open(fh, st.Size())
	if err != nil {
		t.Fatalf("Open(%s) failed: %v", path, err)
	}
	var recs []Record
	if err := f.Records(func(r Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("reading %s failed: %v", path, err)
	}
	return recs, f
}

// findFiles returns the files under root whose names end with suffix,
// sorted.
func findFiles(t testing.TB, root, suffix string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), suffix) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s failed: %v", root, err)
	}
	sort.Strings(out)
	return out
}

// convertedEvent is the part of another reader's JSON output that the tests
// compare.
type convertedEvent struct {
	recordID    string
	eventID     string
	qualifiers  string
	channel     string
	computer    string
	timeCreated string
	named       map[string]any // EventData by Name; nil values are JSON null
	unnamed     []any          // EventData "Data" array of unnamed Data elements
	hasUnnamed  bool
	// trimsText is set for the evtx_dump shape, whose reader strips
	// surrounding white space from element text.
	trimsText bool
}

// loadConversion reads a conversion file. Lines of a .jsonl file are one
// record each, in the shape {"Event":{"System":{...},"EventData":{...}}}.
// A .json file holds one or more records in the evtx_dump shape, where
// attributes sit under "#attributes" and element text under "#text".
func loadConversion(t testing.TB, path string) []convertedEvent {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s failed: %v", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []convertedEvent
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("decoding %s failed after %d records: %v", path, len(out), err)
		}
		ev, _ := doc["Event"].(map[string]any)
		if ev == nil {
			t.Fatalf("%s: record %d has no Event object", path, len(out)+1)
		}
		c := convertEvent(ev)
		c.trimsText = strings.HasSuffix(path, ".json")
		out = append(out, c)
	}
	return out
}

func convertEvent(ev map[string]any) convertedEvent {
	sys, _ := ev["System"].(map[string]any)
	var c convertedEvent
	c.recordID = text(sys["EventRecordID"])
	c.channel = text(sys["Channel"])
	c.computer = text(sys["Computer"])
	switch id := sys["EventID"].(type) {
	case map[string]any:
		if v, ok := id["Value"]; ok {
			c.eventID = text(v)
			c.qualifiers = text(id["Qualifiers"])
		} else {
			c.eventID = text(id["#text"])
			c.qualifiers = text(jsonAttribute(id, "Qualifiers"))
		}
	default:
		c.eventID = text(id)
	}
	if tc, ok := sys["TimeCreated"].(map[string]any); ok {
		c.timeCreated = text(tc["SystemTime"])
		if c.timeCreated == "" {
			c.timeCreated = text(jsonAttribute(tc, "SystemTime"))
		}
	}
	c.named = map[string]any{}
	if user, ok := ev["UserData"].(map[string]any); ok {
		flattenUserData(user, c.named)
	}
	if data, ok := ev["EventData"].(map[string]any); ok {
		for k, v := range data {
			if k == "#attributes" {
				continue
			}
			if k == "Data" {
				if arr, ok := v.([]any); ok {
					c.unnamed, c.hasUnnamed = arr, true
					continue
				}
			}
			c.named[k] = v
		}
	}
	return c
}

// flattenUserData collects the leaf values of a UserData object by name,
// leaving out namespace declarations.
func flattenUserData(m map[string]any, out map[string]any) {
	for k, v := range m {
		if k == "xmlns" || strings.HasPrefix(k, "xmlns:") {
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			flattenUserData(sub, out)
			continue
		}
		out[k] = v
	}
}

func jsonAttribute(m map[string]any, name string) any {
	attrs, _ := m["#attributes"].(map[string]any)
	return attrs[name]
}

// text renders a decoded JSON scalar as text; objects with "#text" give
// that text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return text(x["#text"])
	}
	return fmt.Sprint(v)
}

// sameValue compares one of our field values with the other reader's. The
// readers render some types differently, and these differences are
// accepted:
//   - hex numbers: the other reader may zero-pad them ("0x000cc3c3" for our
//     "0xcc3c3"), so both are compared as numbers;
//   - GUIDs: the evtx_dump shape drops the braces;
//   - times: the number of fractional digits differs, so both are compared
//     as instants;
//   - empty values: the other reader writes JSON null for an empty element;
//   - white space: the evtx_dump shape strips it from both ends of a value.
func sameValue(ours string, theirs any, trimsText bool) bool {
	want := text(theirs)
	if ours == want || trimsText && strings.TrimSpace(ours) == want {
		return true
	}
	if theirs == nil {
		return ours == ""
	}
	if hexEqual(ours, want) {
		return true
	}
	if strings.EqualFold(strings.Trim(ours, "{}"), strings.Trim(want, "{}")) && looksLikeGUID(ours) {
		return true
	}
	return sameInstant(ours, want)
}

func hexEqual(a, b string) bool {
	if !strings.HasPrefix(a, "0x") || !strings.HasPrefix(b, "0x") {
		return false
	}
	x, err1 := strconv.ParseUint(a[2:], 16, 64)
	y, err2 := strconv.ParseUint(b[2:], 16, 64)
	return err1 == nil && err2 == nil && x == y
}

func looksLikeGUID(s string) bool {
	s = strings.Trim(s, "{}")
	return len(s) == 36 && s[8] == '-' && s[13] == '-'
}

func sameInstant(a, b string) bool {
	x, err1 := time.Parse(time.RFC3339Nano, a)
	y, err2 := time.Parse(time.RFC3339Nano, b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// compareConversion checks our records against another reader's conversion
// of the same file, record by record in file order.
func compareConversion(t *testing.T, recs []Record, conv []convertedEvent) {
	t.Helper()
	if len(recs) != len(conv) {
		t.Errorf("record count = %d, conversion has %d", len(recs), len(conv))
		return
	}
	for i, r := range recs {
		c := conv[i]
		ev := &r.Event
		where := fmt.Sprintf("record %d (EventRecordID %d)", i+1, ev.RecordID)
		if got := strconv.FormatUint(ev.RecordID, 10); got != c.recordID {
			t.Errorf("%s: EventRecordID = %s, conversion has %s", where, got, c.recordID)
		}
		if got := strconv.Itoa(ev.EventID); got != c.eventID {
			t.Errorf("%s: EventID = %s, conversion has %s", where, got, c.eventID)
		}
		if c.qualifiers != "" && strconv.Itoa(ev.Qualifiers) != c.qualifiers {
			t.Errorf("%s: Qualifiers = %d, conversion has %s", where, ev.Qualifiers, c.qualifiers)
		}
		if ev.Channel != c.channel {
			t.Errorf("%s: Channel = %q, conversion has %q", where, ev.Channel, c.channel)
		}
		if ev.Computer != c.computer {
			t.Errorf("%s: Computer = %q, conversion has %q", where, ev.Computer, c.computer)
		}
		if want, err := time.Parse(time.RFC3339Nano, c.timeCreated); err != nil {
			t.Errorf("%s: conversion TimeCreated %q does not parse: %v", where, c.timeCreated, err)
		} else if !ev.TimeCreated.Truncate(precision(c.timeCreated)).Equal(want) {
			t.Errorf("%s: TimeCreated = %s, conversion has %s", where, ev.TimeCreated.Format(time.RFC3339Nano), c.timeCreated)
		}
		compareEventData(t, where, ev.Data, c)
	}
}

// precision returns the resolution of an RFC 3339 time as written: the
// golang-evtx conversion drops the fraction and evtx_dump writes six digits,
// where Windows records seven.
func precision(raw string) time.Duration {
	dot := strings.IndexByte(raw, '.')
	if dot < 0 {
		return time.Second
	}
	digits := 0
	for _, c := range raw[dot+1:] {
		if c < '0' || c > '9' {
			break
		}
		digits++
	}
	d := time.Second
	for range min(digits, 9) {
		d /= 10
	}
	return d
}

func compareEventData(t *testing.T, where string, data []winevent.Field, c convertedEvent) {
	t.Helper()
	var unnamed []string
	seen := map[string]bool{}
	for _, f := range data {
		if f.Name == "" {
			unnamed = append(unnamed, f.Value)
			continue
		}
		seen[f.Name] = true
		theirs, ok := c.named[f.Name]
		if !ok {
			if f.Value != "" {
				t.Errorf("%s: field %s = %q is missing from the conversion", where, f.Name, f.Value)
			}
			continue
		}
		if !sameValue(f.Value, theirs, c.trimsText) {
			t.Errorf("%s: field %s = %q, conversion has %q", where, f.Name, f.Value, text(theirs))
		}
	}
	for name, v := range c.named {
		if !seen[name] && text(v) != "" {
			t.Errorf("%s: conversion field %s = %q is missing from ours", where, name, text(v))
		}
	}
	if c.hasUnnamed {
		if len(unnamed) > len(c.unnamed) {
			// The golang-evtx conversion drops the empty items of a string
			// array, which Windows renders as empty Data elements.
			unnamed = slices.DeleteFunc(unnamed, func(s string) bool { return s == "" })
		}
		if len(unnamed) != len(c.unnamed) {
			t.Errorf("%s: %d unnamed Data fields, conversion has %d", where, len(unnamed), len(c.unnamed))
			return
		}
		for i := range unnamed {
			if !sameValue(unnamed[i], c.unnamed[i], c.trimsText) {
				t.Errorf("%s: unnamed Data %d = %q, conversion has %q", where, i, unnamed[i], text(c.unnamed[i]))
			}
		}
	} else if len(unnamed) > 0 {
		t.Errorf("%s: %d unnamed Data fields, conversion has none", where, len(unnamed))
	}
}

// checkNothingLost fails the test for any record or chunk lost in f.
func checkNothingLost(t *testing.T, f *File) {
	t.Helper()
	for _, p := range f.Problems() {
		if p.Warning {
			t.Logf("warning: %s", p)
			continue
		}
		t.Errorf("problem: %s", p)
	}
	for _, c := range f.Chunks() {
		if c.Lost > 0 || c.Skipped {
			t.Errorf("chunk %d: %d records lost (skipped %v)", c.Chunk, c.Lost, c.Skipped)
		}
	}
}

func TestTelemetryMatchesConversions(t *testing.T) {
	root := filepath.Join(sharedDir(t), "telemetry")
	files := findFiles(t, root, ".evtx")
	if len(files) == 0 {
		t.Skipf("no .evtx files under %s", root)
	}
	total := 0
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			recs, f := readFile(t, path)
			total += len(recs)
			checkNothingLost(t, f)
			if len(recs) == 0 {
				t.Errorf("no records read")
			}
			conv := path + ".jsonl"
			if _, err := os.Stat(conv); err != nil {
				conv = strings.TrimSuffix(path, ".evtx") + ".json"
			}
			if _, err := os.Stat(conv); err != nil {
				t.Logf("no conversion beside the file; only checked that nothing is lost")
				return
			}
			compareConversion(t, recs, loadConversion(t, conv))
		})
	}
	t.Logf("%d files, %d records", len(files), total)
}

// TestFilteredConversionMatchesCorpusFile checks the filtered conversion
// whose raw file is kept in the EVTX corpus: every converted record must be
// one of ours with the same content.
func TestFilteredConversionMatchesCorpusFile(t *testing.T) {
	shared := sharedDir(t)
	conv := filepath.Join(shared, "telemetry", "evtx", "sbousseaden", "sb_PanacheSysmon_vs_AtomicRedTeam01.filtered.jsonl")
	raw := filepath.Join(shared, "evtx-corpus", "evtx-attack-samples", "AutomatedTestingTools", "PanacheSysmon_vs_AtomicRedTeam01.evtx")
	for _, p := range []string{conv, raw} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s is absent", p)
		}
	}
	recs, f := readFile(t, raw)
	checkNothingLost(t, f)
	byID := map[string]Record{}
	for _, r := range recs {
		byID[strconv.FormatUint(r.Event.RecordID, 10)] = r
	}
	events := loadConversion(t, conv)
	if len(events) == 0 {
		t.Fatalf("no records in %s", conv)
	}
	for _, c := range events {
		r, ok := byID[c.recordID]
		if !ok {
			t.Errorf("EventRecordID %s of the conversion not found", c.recordID)
			continue
		}
		compareConversion(t, []Record{r}, []convertedEvent{c})
	}
	t.Logf("%d converted records matched among %d", len(events), len(recs))
}

// corpusCount is one line of the other reader's count table.
type corpusCount struct {
	file   string
	theirs int
	err    string
}

func loadCorpusCounts(t *testing.T, path string) []corpusCount {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Skipf("count table %s is absent: %v", path, err)
	}
	defer fh.Close()
	var out []corpusCount
	sc := bufio.NewScanner(fh)
	for line := 0; sc.Scan(); line++ {
		if line == 0 || sc.Text() == "" {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			t.Fatalf("%s line %d: %d columns, expected at least 2", path, line+1, len(cols))
		}
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("%s line %d: invalid count %q", path, line+1, cols[1])
		}
		c := corpusCount{file: cols[0], theirs: n}
		if len(cols) > 2 {
			c.err = cols[2]
		}
		out = append(out, c)
	}
	return out
}

// corpusDifferences explains every file of the EVTX corpus where this
// reader's record count differs from the other reader's. Each reason was
// found by reading the file's chunks.
var corpusDifferences = map[string]string{
	"omerbenamram-evtx/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx": "" +
		"chunks 0 and 13 hold records of two generations with a torn record between them (6335011 and 6914519, " +
		"whose size copy is wrong and whose event does not parse). The other reader counts the torn records and " +
		"stops each chunk there; this reader skips them and reads on: 9 records (6952133-6952150) in chunk 0 " +
		"and 32 (6951741-6951772) in chunk 13, while 24 records of chunk 0 refer to overwritten template " +
		"definitions and are reported as damaged",
	"omerbenamram-evtx/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx": "" +
		"chunk 1 has a torn record (463011: size copy wrong, event does not parse) after 61 records. The other " +
		"reader counts it and stops the chunk; this reader skips it and reads 21 older records (401576-401596) " +
		"that follow it in the chunk",
	"omerbenamram-evtx/sample-with-zero-data-size-event.evtx": "" +
		"record 3 of chunk 0 has size 0 and size copy 0. The other reader stops the chunk there after 2 records; " +
		"this reader reads record 3 up to the next record and then records 4-117",
	"omerbenamram-evtx/sample_with_a_bad_chunk_magic.evtx": "" +
		"chunk 7 has a block of zero bytes after the torn record 47640. The other reader stops the chunk there; " +
		"this reader reads the 31 records after the block (47675-47705). Both readers skip chunks 6 and 10, " +
		"whose headers are zeroed, and this reader reports them with 15 and 67 records in them",
}

func TestCorpusCounts(t *testing.T) {
	root := filepath.Join(sharedDir(t), "evtx-corpus")
	counts := loadCorpusCounts(t, filepath.Join(root, "python-evtx-counts.tsv"))
	ours, theirs := 0, 0
	var table []string
	for _, c := range counts {
		recs, f := readFile(t, filepath.Join(root, c.file))
		n := len(recs)
		ours += n
		theirs += c.theirs
		if n < c.theirs {
			t.Errorf("%s: %d records, the other reader got %d", c.file, n, c.theirs)
		}
		if n != c.theirs {
			reason, ok := corpusDifferences[c.file]
			if !ok {
				t.Errorf("%s: %d records, the other reader got %d, and no reason is recorded", c.file, n, c.theirs)
			}
			table = append(table, fmt.Sprintf("%s\t%d\t%d\t%s", c.file, c.theirs, n, reason))
		}
		for _, p := range f.Problems() {
			t.Logf("%s: %s", c.file, p)
		}
	}
	t.Logf("%d files: %d records, the other reader got %d", len(counts), ours, theirs)
	for _, line := range table {
		t.Logf("difference: %s", line)
	}
}
