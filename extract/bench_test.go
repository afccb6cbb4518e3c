package extract

import (
	"testing"

	"lvzhi/corpus"
	"lvzhi/corpus/corpustest"
)

// BenchmarkAnalyzeCorpus measures extraction alone (no segmentation, no
// reading) over 300 generated reports of real length, in MB/s of text per
// core.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	gen := corpustest.Generate(7, 300)
	docs := make([]corpus.Document, len(gen))
	size := 0
	for i, g := range gen {
		docs[i] = corpus.Document{Source: g.Name, Part: 1, Text: g.Text}
		size += len(g.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i := range docs {
			Analyze(&docs[i])
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}
