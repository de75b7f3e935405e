package evtx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads every EVTX file of the shared corpus and telemetry
// from memory and reports records per second. Its MB/s figure counts file
// bytes, empty chunk slots included. Without the shared data it reads a
// synthetic file of 16 full chunks instead.
func BenchmarkRead(b *testing.B) {
	files := benchmarkFiles(b)
	var size int64
	for _, data := range files {
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()

	records := 0
	for b.Loop() {
		for _, data := range files {
			f, err := Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatalf("Open failed: %v", err)
			}
			if err := f.Records(func(Record) error {
				records++
				return nil
			}); err != nil {
				b.Fatalf("Records failed: %v", err)
			}
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

func benchmarkFiles(b *testing.B) [][]byte {
	var files [][]byte
	if shared := sharedDirIfPresent(); shared != "" {
		for _, sub := range []string{"evtx-corpus", "telemetry"} {
			for _, path := range findFiles(b, filepath.Join(shared, sub), ".evtx") {
				data, err := os.ReadFile(path)
				if err != nil {
					b.Fatalf("reading %s failed: %v", path, err)
				}
				files = append(files, data)
			}
		}
	}
	if len(files) > 0 {
		b.Logf("reading %d real files", len(files))
		return files
	}
	b.Logf("shared data absent; reading a synthetic file")
	var chunks [][]byte
	id := uint64(1)
	for range 16 {
		w := newChunkWriter()
		for len(w.buf) < chunkSize-2048 {
			ev := testEvent{id: id, eventID: 4697, time: baseTime, serviceName: "service"}
			w.record(id, baseTime, securityTemplate, ev.values())
			id++
		}
		chunks = append(chunks, w.bytes())
	}
	return [][]byte{buildFile(id, chunks...)}
}
