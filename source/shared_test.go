package source

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarry-kql/quarry/internal/sharedtest"
	"github.com/quarry-kql/quarry/source/winevent"
)

// sharedTelemetry returns the folder of recorded telemetry kept next to the
// repository, or skips the test when it is absent, as in a user's clone.
func sharedTelemetry(t *testing.T) string {
	t.Helper()
	return sharedtest.Dir(t, "telemetry")
}

// expectedShape returns the shape every record of a recorded file has.
func expectedShape(rel string) Shape {
	switch {
	case strings.HasSuffix(rel, ".evtx"):
		return ShapeEVTX
	case strings.HasPrefix(rel, "evtx/"):
		return ShapeNested
	case strings.HasPrefix(rel, "otrf-security-datasets/"):
		return ShapeFlat
	case strings.HasPrefix(rel, "sigma-regression/"):
		return ShapeNestedAttributes
	case strings.HasSuffix(rel, ".csv"):
		return ShapeCSVRow
	case strings.HasSuffix(rel, "Microsoft365DefenderEvents.json"):
		return ShapeDefenderRow
	case strings.HasPrefix(rel, "mde/"):
		return ShapeSentinelRow
	}
	return ""
}

func TestSharedTelemetryReadsCleanly(t *testing.T) {
	dir := sharedTelemetry(t)
	r := NewReader(Options{})
	shapes := map[string]map[Shape]int{}
	for rec := range r.Records(dir) {
		rel, _ := filepath.Rel(dir, rec.Origin.Path)
		rel = filepath.ToSlash(rel)
		if shapes[rel] == nil {
			shapes[rel] = map[Shape]int{}
		}
		shapes[rel][rec.Shape]++
	}
	t.Logf("%d records\n%s", r.Summary().Records(), r.Summary())

	for _, f := range r.Summary().Files {
		rel, _ := filepath.Rel(dir, f.Path)
		rel = filepath.ToSlash(rel)
		if rel == "README.md" || rel == "MANIFEST.tsv" {
			// Documentation, not telemetry: one unknown-format problem each.
			if f.Problems[ReasonUnknownFormat] != 1 || f.ProblemCount() != 1 {
				t.Errorf("%s: problems %v, want one unknown format", rel, f.Problems)
			}
			continue
		}
		for _, p := range f.Details {
			t.Errorf("%s: %s", rel, p)
		}
		if f.Records == 0 {
			t.Errorf("%s: no records", rel)
		}
		want := expectedShape(rel)
		if got := shapes[rel]; len(got) != 1 || got[want] != f.Records {
			t.Errorf("%s: shapes %v, want all %q", rel, got, want)
		}
	}
}

// normalizeValue removes the two spelling differences golang-evtx has from
// the EVTX reader: it pads hexadecimal values with zeros and writes GUIDs
// without braces.
func normalizeValue(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	if !strings.HasPrefix(s, "0x") || len(s) < 3 {
		return s
	}
	digits := strings.TrimLeft(s[2:], "0")
	if digits == "" {
		digits = "0"
	}
	return "0x" + strings.ToLower(digits)
}

func eventsOf(t *testing.T, path string) []*winevent.Event {
	t.Helper()
	r := NewReader(Options{})
	var events []*winevent.Event
	for rec := range r.Records(path) {
		events = append(events, rec.Event)
	}
	if n := r.Summary().Files[0].ProblemCount(); n != 0 {
		t.Errorf("%s: %d problems", path, n)
	}
	return events
}

// The EVTX files and their golang-evtx conversions must decode to the same
// events, which checks the nested JSON decoding against the binary format.
func TestSharedEVTXMatchesJSONConversion(t *testing.T) {
	dir := sharedTelemetry(t)
	matches, _ := filepath.Glob(filepath.Join(dir, "evtx", "*", "*.evtx"))
	if len(matches) == 0 {
		t.Skip("no EVTX files in the recorded telemetry")
	}
	// golang-evtx leaves Provider out of Windows PowerShell events, so an
	// empty Provider on the JSON side is not compared.
	for _, path := range matches {
		if _, err := os.Stat(path + ".jsonl"); err != nil {
			continue
		}
		name := filepath.Base(path)
		fromEVTX := eventsOf(t, path)
		fromJSON := eventsOf(t, path+".jsonl")
		if len(fromEVTX) != len(fromJSON) {
			t.Errorf("%s: %d events from EVTX, %d from JSON", name, len(fromEVTX), len(fromJSON))
			continue
		}
		for i := range fromEVTX {
			a, b := fromEVTX[i], fromJSON[i]
			if a.EventID != b.EventID || a.RecordID != b.RecordID || a.Channel != b.Channel ||
				a.Computer != b.Computer || !a.TimeCreated.Equal(b.TimeCreated) || b.Provider != "" && a.Provider != b.Provider {
				t.Errorf("%s event %d: System differs:\n evtx %d %d %q %q %v %q\n json %d %d %q %q %v %q", name, i,
					a.EventID, a.RecordID, a.Channel, a.Computer, a.TimeCreated, a.Provider,
					b.EventID, b.RecordID, b.Channel, b.Computer, b.TimeCreated, b.Provider)
			}
			for _, f := range b.Data {
				if f.Name == "" || f.Name == "Binary" {
					continue
				}
				v, ok := a.Get(f.Name)
				if !ok {
					t.Errorf("%s event %d: EVTX lacks field %q", name, i, f.Name)
					continue
				}
				if normalizeValue(v) != normalizeValue(f.Value) {
					t.Errorf("%s event %d: %s = %q from EVTX, %q from JSON", name, i, f.Name, v, f.Value)
				}
			}
		}
	}
}

// An EVTX file that arrives compressed or on standard input has no random
// access; the reader copies it to a temporary file.
func TestSharedEVTXCompressedAndStdin(t *testing.T) {
	dir := sharedTelemetry(t)
	path := filepath.Join(dir, "evtx", "sbousseaden", "sb_LM_Remote_Service02_7045.evtx")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("EVTX sample not available: %v", err)
	}

	r := NewReader(Options{TempDir: t.TempDir()})
	gz := readAll(r, writeTemp(t, "log.bin", gzipBytes(t, data)))
	if sum := r.Summary().Files[0]; len(gz) != 3 || sum.Format != FormatEVTX || !sum.Compressed {
		t.Errorf("gzip: %d records, format %s, compressed %v; want 3, evtx, true", len(gz), sum.Format, sum.Compressed)
	}

	r = NewReader(Options{Stdin: bytes.NewReader(data), TempDir: t.TempDir()})
	in := readAll(r, "-")
	if len(in) != 3 || in[0].Event.EventID != 7045 || in[0].Origin.RecordID == 0 {
		t.Errorf("stdin: %d records, want 3 events 7045 with record IDs", len(in))
	}
}

// TestSharedEVTXEmptiedRecordSkipped zeroes the middle of a real record:
// its header survives, but its event loses every System field, so it must
// be counted as damaged instead of becoming a row from no log.
func TestSharedEVTXEmptiedRecordSkipped(t *testing.T) {
	src := filepath.Join(sharedTelemetry(t), "evtx", "mdecrevoisier", "md_sysmon13_wmiimplant_hacker23.evtx")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := 8450; i < 8550; i++ {
		data[i] = 0
	}
	path := filepath.Join(t.TempDir(), "emptied.evtx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	r := NewReader(Options{})
	n := 0
	for rec := range r.Records(path) {
		if rec.Event.Provider == "" || rec.Event.EventID == 0 {
			t.Errorf("record %d at offset %d has no provider or event ID", rec.Origin.RecordID, rec.Origin.Offset)
		}
		n++
	}
	sum := r.Summary().Files[0]
	if n != 17 || sum.Dropped != 1 {
		t.Errorf("%d records read and %d dropped, want 17 and 1", n, sum.Dropped)
	}
	found := false
	for _, p := range sum.Details {
		if p.Reason == ReasonDamagedEVTX && strings.Contains(p.Detail, "record 4 has no provider") {
			found = true
		}
	}
	if !found {
		t.Errorf("the emptied record is not reported: %v", sum.Details)
	}
}

// TestSharedEVTXDamagedHeaderDetected zeroes a real file's header magic:
// the file is still recognised as EVTX by its first chunk and read whole.
func TestSharedEVTXDamagedHeaderDetected(t *testing.T) {
	src := filepath.Join(sharedTelemetry(t), "evtx", "mdecrevoisier", "md_sysmon13_wmiimplant_hacker23.evtx")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	copy(data, make([]byte, 8))
	path := filepath.Join(t.TempDir(), "header.evtx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r := NewReader(Options{})
	n := 0
	for range r.Records(path) {
		n++
	}
	sum := r.Summary().Files[0]
	if sum.Format != FormatEVTX || n != 18 {
		t.Errorf("format %s with %d records, want evtx with 18", sum.Format, n)
	}
	if sum.Problems[ReasonDamagedEVTX] != 1 {
		t.Errorf("problems %v, want the damaged header reported once", sum.Problems)
	}
}
