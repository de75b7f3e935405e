package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
