package index

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"lvzhi/corpus"
)

// Scale of BenchmarkSearchLatency, from the environment:
//
//	LVZHI_BENCH_DOCS   generated reports in the index (default 2000)
//	LVZHI_BENCH_SIZE   bytes of text per report (default 2000)
//	LVZHI_BENCH_SERIAL set: scan in one part, not one per core
//	LVZHI_BENCH_BLEVE  set: search with bleve's collector (searchBleve), as
//	                   before the columns, for comparison
//	LVZHI_BENCH_NOWORD set: one-word queries through bleve's searcher tree,
//	                   as before searchWord, for comparison
//	LVZHI_BENCH_CACHE  a directory where the built index is kept between
//	                   runs, keyed by scale and mapping (default: none, the
//	                   index is built in a temporary directory)
func benchScale(tb testing.TB) (n, size int, cache string) {
	n, size = 2000, 2000
	for _, v := range []struct {
		env string
		to  *int
	}{{"LVZHI_BENCH_DOCS", &n}, {"LVZHI_BENCH_SIZE", &size}} {
		if s := os.Getenv(v.env); s != "" {
			x, err := strconv.Atoi(s)
			if err != nil || x <= 0 {
				tb.Fatalf("%s=%q: want a positive number", v.env, s)
			}
			*v.to = x
		}
	}
	return n, size, os.Getenv("LVZHI_BENCH_CACHE")
}

// latencyIndex opens (building it first unless cached) an index of n
// generated reports of about size bytes, and returns it with the bytes of
// text and title it holds.
func latencyIndex(b *testing.B) (*Index, int64) {
	n, size, cache := benchScale(b)
	const seed = 12
	var text int64
	each := func(fn func(*corpus.Report) error) error {
		text = 0
		r := newGen(seed)
		for i := 0; i < n; i++ {
			rep := genReport(r, i, size)
			text += int64(len(rep.Text) + len(rep.Title))
			if err := fn(rep); err != nil {
				return err
			}
		}
		return nil
	}
	dir := benchIndexDir(b, cache, fmt.Sprintf("n%d-s%d", n, size))
	if _, err := os.Stat(filepath.Join(dir, currentFile)); err != nil {
		if err := testSeg.Load(); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := Rebuild(context.Background(), dir, each, nil); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d reports in %v", n, time.Since(start).Round(time.Millisecond))
	} else {
		_ = each(func(*corpus.Report) error { return nil })
	}
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix, text
}

// benchIndexDir is where a benchmark's index of the given name is built:
// under cache (LVZHI_BENCH_CACHE), keyed by the name, the mapping and
// benchIndexVersion, so that it is reused until one of them changes; else
// in the benchmark's temporary directory.
func benchIndexDir(b *testing.B, cache, name string) string {
	if cache == "" {
		return filepath.Join(b.TempDir(), "index")
	}
	mj, _ := json.Marshal(newMapping())
	mj = append(mj, benchIndexVersion...)
	sum := sha256.Sum256(mj)
	return filepath.Join(cache, name+"-"+hex.EncodeToString(sum[:6]))
}

// benchIndexVersion changes the cache key of LVZHI_BENCH_CACHE when the
// index changes without its mapping changing (an analyzer, say).
const benchIndexVersion = "no-ngram-offsets"

// dirBytes is the size of the files under dir.
func dirBytes(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// BenchmarkSearchLatency measures warm query latency, facets and snippets
// on, as the web UI asks (first page of 10, default sort), on a generated
// corpus whose scale comes from the environment (see benchScale):
//
//	LVZHI_BENCH_DOCS=20000 go test ./index -run '^$' -bench SearchLatency -benchtime 50x
//
// Each query is run b.N times after two warm-up runs; it reports the 50th
// and 99th percentile of the wall time of one Search, the CPU time per
// search (all cores; less sensitive to a shared machine), the hits, and the
// index's bytes per byte of text (index-x: its live segment files).
func BenchmarkSearchLatency(b *testing.B) {
	ix, text := latencyIndex(b)
	if os.Getenv("LVZHI_BENCH_SERIAL") != "" {
		defer func(m uint64) { minPartDocs = m }(minPartDocs)
		minPartDocs = math.MaxUint64 / 4
	}
	live, err := liveBytes(ix.bi)
	if err != nil {
		b.Fatal(err)
	}
	ratio := float64(live) / float64(text)
	b.Logf("index %.1f MB (directory %.1f MB), text %.1f MB, ratio %.2f", float64(live)/1e6, float64(dirBytes(filepath.Join(ix.dir, ix.gen)))/1e6, float64(text)/1e6, ratio)
	queries := []struct {
		name string
		q    Query
	}{
		{"very common 代表", Query{Text: "代表"}},
		{"very common 建议", Query{Text: "建议"}},
		{"common 道路交通", Query{Text: "道路交通"}},
		{"single character 灯", Query{Text: "灯"}},
		{"rare 殡葬改革", Query{Text: "殡葬改革"}},
		{"rare phrase and filter", Query{Text: "宁海县殡葬", Year: 2021}},
		{"two terms, newest first", Query{Text: "代表 建议", Sort: "-year"}},
		{"browse", Query{}},
		{"common, page 3", Query{Text: "建议", From: 20}},
	}
	if os.Getenv("LVZHI_BENCH_NOWORD") != "" {
		defer func(on bool) { wordScanOn = on }(wordScanOn)
		wordScanOn = false
	}
	searchFn := ix.Search
	if os.Getenv("LVZHI_BENCH_BLEVE") != "" {
		searchFn = func(ctx context.Context, q Query) (*Result, error) {
			return ix.searchBleve(ctx, q, cmp.Or(q.Size, DefaultSize))
		}
	}
	for _, tt := range queries {
		b.Run(tt.name, func(b *testing.B) {
			measureSearchFn(b, searchFn, tt.q)
			b.ReportMetric(ratio, "index-x")
		})
	}
}

// BenchmarkColumns measures building the columns of every segment of the
// index of BenchmarkSearchLatency: the cost the first search of a process
// pays (lvzhi search runs one search per process).
func BenchmarkColumns(b *testing.B) {
	ix, _ := latencyIndex(b)
	adv, err := ix.bi.Advanced()
	if err != nil {
		b.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		var cc columnCache
		if _, err := cc.columns(snapshotOf(r)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
