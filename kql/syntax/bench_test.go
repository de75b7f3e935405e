package syntax

import "testing"

// BenchmarkParseCorpus parses all shared corpus queries per iteration and
// reports queries per second.
func BenchmarkParseCorpus(b *testing.B) {
	queries := loadCorpus(b)
	bytes := 0
	for _, q := range queries {
		bytes += len(q.text)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			Parse(q.text)
		}
	}
	b.ReportMetric(float64(b.N*len(queries))/b.Elapsed().Seconds(), "queries/s")
}
