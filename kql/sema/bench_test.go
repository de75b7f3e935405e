package sema

import (
	"testing"

	"github.com/quarry-kql/quarry/kql/syntax"
	"github.com/quarry-kql/quarry/schema"
)

// BenchmarkBindCorpus parses and binds every query of the corpus against
// schema.Combined() once per iteration, and reports queries per second.
func BenchmarkBindCorpus(b *testing.B) {
	shared := sharedDir(b)
	queries := loadCorpus(b, shared)
	cat := SchemaCatalog(schema.Combined())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			tree, _ := syntax.Parse(q.text)
			Bind(tree, cat, nil)
		}
	}
	b.ReportMetric(float64(b.N*len(queries))/b.Elapsed().Seconds(), "queries/s")
}
