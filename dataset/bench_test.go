package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// telemetryDir returns the shared telemetry folder beside the repository,
// or skips the benchmark. It sets the bytes processed per operation to the
// folder's size, so both benchmarks report MB/s over the same input.
func telemetryDir(b *testing.B) string {
	b.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "shared", "telemetry"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		b.Skipf("shared telemetry not found at %s; skipping", path)
	}
	var size int64
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				size += info.Size()
			}
		}
		return err
	})
	b.SetBytes(size)
	return path
}

// BenchmarkLoadTelemetry reads, maps and builds the tables of the whole
// telemetry folder: EVTX, JSON and CSV files.
func BenchmarkLoadTelemetry(b *testing.B) {
	dir := telemetryDir(b)
	records := 0
	for b.Loop() {
		d, err := Load(context.Background(), Options{}, dir)
		if err != nil {
			b.Fatal(err)
		}
		records = d.Inputs.Records()
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkDecodeJSONReference is the floor BenchmarkLoadTelemetry is
// compared with: it only decodes each JSON record of the same folder into
// a map with encoding/json, and reads the other files' bytes.
func BenchmarkDecodeJSONReference(b *testing.B) {
	dir := telemetryDir(b)
	records := 0
	for b.Loop() {
		records = 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if !strings.Contains(p, ".json") {
				return nil
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(make([]byte, 1<<20), 16<<20)
			for sc.Scan() {
				var m map[string]any
				if json.Unmarshal(sc.Bytes(), &m) == nil {
					records++
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// writeSyntheticEvents writes n Sysmon process-creation events in the
// nested JSON shape, spread over 30 days on 50 hosts, with mostly distinct
// command lines, as a busy fleet's export would have.
func writeSyntheticEvents(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "events.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	images := []string{`C:\\Windows\\System32\\svchost.exe`, `C:\\Program Files\\App\\app.exe`, `C:\\Windows\\explorer.exe`, `C:\\Windows\\System32\\cmd.exe`}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		ts := start.Add(time.Duration(i) * 30 * 24 * time.Hour / time.Duration(n))
		image := images[i%len(images)]
		fmt.Fprintf(w, `{"Event":{"System":{"Provider":{"Name":"Microsoft-Windows-Sysmon"},"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"host%d","EventRecordID":%d,"TimeCreated":{"SystemTime":"%s"}},"EventData":{"UtcTime":"%s","Image":"%s","CommandLine":"%s -k netsvcs %d","ParentImage":"C:\\Windows\\explorer.exe","User":"CORP\\u%d"}}}`+"\n",
			i%50, i, ts.Format(time.RFC3339Nano), ts.Format("2006-01-02 15:04:05.000"), image, image, i*7919%100003, i%200)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkLoadSynthetic loads 50,000 generated process events; it needs
// no shared material and reports the memory a loaded record keeps.
func BenchmarkLoadSynthetic(b *testing.B) {
	const n = 50_000
	path := writeSyntheticEvents(b, n)
	var d *Dataset
	for b.Loop() {
		var err error
		d, err = Load(context.Background(), Options{}, path)
		if err != nil {
			b.Fatal(err)
		}
	}
	if got := d.RowCount("DeviceProcessEvents"); got != n {
		b.Fatalf("%d process rows, want %d", got, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/n, "heap-B/record")
	runtime.KeepAlive(d)
}
