package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// shardBenchYears is how many years the corpus of BenchmarkShardLatency
// spreads over (from 2015); a fifth of its reports have no year.
const shardBenchYears = 10

// shardLatencyIndex opens (building it first unless cached, see
// benchScale) an index of the generated corpus of latencyIndex with its
// years spread over shardBenchYears years, laid out as by says.
func shardLatencyIndex(b *testing.B, by Sharding) *Index {
	n, size, cache := benchScale(b)
	const seed = 12
	each := func(fn func(*corpus.Report) error) error {
		r := newGen(seed)
		for i := 0; i < n; i++ {
			rep := genReport(r, i, size)
			if rep.Year != nil {
				old, y := strconv.Itoa(*rep.Year), 2015+i%shardBenchYears
				rep.Year = &y
				rep.Title = strings.Replace(rep.Title, old, strconv.Itoa(y), 1)
				rep.Source = strings.Replace(rep.Source, old, strconv.Itoa(y), 1)
			}
			if err := fn(rep); err != nil {
				return err
			}
		}
		return nil
	}
	dir := benchIndexDir(b, cache, fmt.Sprintf("years%d-%s-n%d-s%d", shardBenchYears, by, n, size))
	if _, err := os.Stat(filepath.Join(dir, currentFile)); err != nil {
		if err := testSeg.Load(); err != nil {
			b.Fatal(err)
		}
		start, cpu0 := time.Now(), cpuTime()
		if err := Rebuild(context.Background(), dir, each, nil, RebuildOptions{ShardBy: by}); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d reports (%s) in %v, %v CPU", n, by, time.Since(start).Round(time.Millisecond), (cpuTime() - cpu0).Round(time.Millisecond))
	}
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if ix.Sharding() != by {
		b.Fatalf("%s: sharding %q, want %q", dir, ix.Sharding(), by)
	}
	return ix
}

// BenchmarkShardLatency measures warm query latency (facets and snippets
// on, first page of 10) on one generated corpus (latencyIndex's, its
// years spread over ten years, a fifth without a year) indexed three ways:
// as one index, sharded by year, and the shard of 2020 alone (opened as an
// index of its own):
//
//	LVZHI_BENCH_DOCS=100000 LVZHI_BENCH_CACHE=/work/bench/shardcache \
//	  go test ./index -run '^$' -bench ShardLatency -benchtime 30x
//
// The claim it shows: a query restricted to one year costs on the sharded
// index what the one-year shard alone costs, however many shards there
// are; an unrestricted query visits every shard and costs about their sum.
// It reports p50 and p99 of the wall time of one Search, the CPU time per
// search (all cores), the hits, and the shards visited.
func BenchmarkShardLatency(b *testing.B) {
	one := shardLatencyIndex(b, ShardNone)
	sharded := shardLatencyIndex(b, ShardYear)
	var alone *Index
	for _, sh := range sharded.shards.list() {
		if sh.key == "2020" {
			alone = sh.Index
		}
	}
	if alone == nil {
		b.Fatalf("no shard of 2020 among %v", sharded.Shards())
	}
	oneN, _ := one.Count()
	shN, _ := sharded.Count()
	aloneN, _ := alone.Count()
	b.Logf("one index: %d reports, %.1f MB; sharded: %d reports in %d shards, %.1f MB; shard 2020: %d reports, %.1f MB",
		oneN, float64(dirBytes(filepath.Join(one.dir, one.gen)))/1e6,
		shN, len(sharded.Shards()), float64(dirBytes(filepath.Join(sharded.dir, sharded.gen)))/1e6,
		aloneN, float64(dirBytes(filepath.Join(alone.dir, alone.gen)))/1e6)

	queries := []struct {
		name string
		q    Query
	}{
		{"very common 代表", Query{Text: "代表"}},
		{"rare 殡葬改革", Query{Text: "殡葬改革"}},
		{"very common 代表, year 2020", Query{Text: "代表", Year: 2020}},
		{"rare 殡葬改革, year 2020", Query{Text: "殡葬改革", Year: 2020}},
	}
	layouts := []struct {
		name string
		ix   *Index
	}{{"one index", one}, {"sharded", sharded}, {"shard 2020 alone", alone}}
	for _, tt := range queries {
		for _, l := range layouts {
			b.Run(tt.name+"/"+l.name, func(b *testing.B) {
				visited := 1
				if l.ix.shards != nil {
					visited = len(l.ix.shards.selectFor(tt.q))
				}
				measureSearch(b, l.ix, tt.q)
				b.ReportMetric(float64(visited), "shards")
			})
		}
	}
}

// measureSearch runs q b.N times after two warm-up runs and reports the
// 50th and 99th percentile of its wall time, its CPU time (all cores;
// less sensitive to a shared machine) and its hits.
func measureSearch(b *testing.B, ix *Index, q Query) {
	measureSearchFn(b, ix.Search, q)
}

func measureSearchFn(b *testing.B, search func(context.Context, Query) (*Result, error), q Query) {
	ctx := context.Background()
	var res *Result
	var err error
	for range 2 {
		if res, err = search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		t0 := time.Now()
		if res, err = search(ctx, q); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(t0))
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
	slices.Sort(took)
	pct := func(p float64) float64 {
		i := min(len(took)-1, int(p*float64(len(took))))
		return float64(took[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(res.Total), "hits")
}
