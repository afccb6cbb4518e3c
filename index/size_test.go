package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// BenchmarkIndexSize reports the bytes of index per byte of text (index-x)
// of LVZHI_BENCH_DOCS generated reports (default 2000) under the mapping
// and under variants of it, so that what each part of the index costs is
// measured rather than guessed (each merged into one segment first):
//
//	go test ./index -run '^$' -bench IndexSize -benchtime 1x
func BenchmarkIndexSize(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	n, size, _ := benchScale(b)
	reports := genReports(12, n, size)
	var text int64
	for _, r := range reports {
		text += int64(len(r.Text) + len(r.Title))
	}
	field := func(m *mapping.IndexMappingImpl, path, name string) *mapping.FieldMapping {
		for _, f := range m.DefaultMapping.Properties[path].Fields {
			if f.Name == name {
				return f
			}
		}
		b.Fatalf("no field %s at %s", name, path)
		return nil
	}
	variants := []struct {
		name   string
		change func(m *mapping.IndexMappingImpl)
	}{
		{"mapping", func(*mapping.IndexMappingImpl) {}},
		{"text not stored", func(m *mapping.IndexMappingImpl) { field(m, fieldText, fieldText).Store = false }},
		{"n-grams without positions", func(m *mapping.IndexMappingImpl) {
			field(m, fieldText, fieldNgram).IncludeTermVectors = false
		}},
		{"no n-grams", func(m *mapping.IndexMappingImpl) { field(m, fieldText, fieldNgram).Index = false }},
		{"no gse words", func(m *mapping.IndexMappingImpl) { field(m, fieldText, fieldText).Index = false }},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				m := newMapping()
				v.change(m)
				dir := filepath.Join(b.TempDir(), "gen")
				bi, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
				if err != nil {
					b.Fatal(err)
				}
				ix := &Index{dir: dir, bi: bi}
				for i := 0; i < len(reports); i += RebuildBatch {
					if err := ix.Put(context.Background(), reports[i:min(i+RebuildBatch, len(reports))]); err != nil {
						b.Fatal(err)
					}
				}
				// Merge to one segment, so that variants compare alike
				// rather than by where the merger happened to stop.
				adv, err := bi.Advanced()
				if err != nil {
					b.Fatal(err)
				}
				if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), nil); err != nil {
					b.Fatal(err)
				}
				live, err := liveBytes(bi)
				if err != nil {
					b.Fatal(err)
				}
				if err := bi.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(live)/float64(text), "index-x")
			}
		})
	}
}

// liveBytes is the size of the segment files of the index's current
// snapshot: its size on disk once the files merges left behind are
// removed (scorch removes them lazily).
func liveBytes(bi bleve.Index) (int64, error) {
	adv, err := bi.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	var n int64
	for _, ss := range snapshotOf(r).Segments() {
		if ps, ok := ss.Segment().(segment.PersistedSegment); ok {
			if info, err := os.Stat(ps.Path()); err == nil {
				n += info.Size()
			}
		}
	}
	return n, nil
}
