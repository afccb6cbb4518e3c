package index

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"lvzhi/corpus"
)

// benchText is about 64 KB of generated report text.
var benchText = func() []byte {
	var b []byte
	for _, r := range genReports(9, 32, 2000) {
		b = append(b, r.Text...)
		b = append(b, '\n')
	}
	return b
}()

func BenchmarkTokenizeGSE(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	tk := gseTokenizer{seg: testSeg}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	var tokens int
	cpu0 := cpuTime()
	for b.Loop() {
		tokens = len(tk.Tokenize(benchText))
	}
	reportCPU(b, cpu0, len(benchText))
	b.ReportMetric(float64(tokens), "tokens/op")
}

func BenchmarkTokenizeNgram(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	var tokens int
	cpu0 := cpuTime()
	for b.Loop() {
		tokens = len(ngramTokenizer{}.Tokenize(benchText))
	}
	reportCPU(b, cpu0, len(benchText))
	b.ReportMetric(float64(tokens), "tokens/op")
}

// BenchmarkIndexPut indexes batches of generated ~2 KB reports into one
// growing index; MB/s counts report text and titles. On a shared machine
// wall time depends on the neighbours, so it also reports the CPU time the
// process used per MB (cpu-s/MB), which does not.
func BenchmarkIndexPut(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	pool := genReports(10, 1000, 2000)
	var poolBytes int64
	for _, r := range pool {
		poolBytes += int64(len(r.Text) + len(r.Title))
	}
	for _, c := range []struct{ batch, parallel int }{{50, 1}, {200, 1}, {200, 2}, {1000, 1}, {1000, 2}} {
		b.Run(fmt.Sprintf("batch=%d/parallel=%d", c.batch, c.parallel), func(b *testing.B) {
			ix := mustOpen(b)
			ix.parallel = c.parallel
			next := 0
			batch := make([]*corpus.Report, c.batch)
			b.SetBytes(poolBytes * int64(c.batch) / int64(len(pool)))
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				for i := range batch {
					r := *pool[next%len(pool)]
					r.ID = fmt.Sprintf("doc%07d", next)
					batch[i] = &r
					next++
				}
				if err := ix.Put(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			mb := float64(poolBytes) * float64(next) / float64(len(pool)) / 1e6
			b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()/mb, "cpu-s/MB")
		})
	}
}

// BenchmarkRebuild rebuilds an index of 5,000 generated ~2 KB reports
// (about 10 MB of text) per iteration. maxrss-MB is the process's peak
// resident memory so far (the gse dictionary alone is about 230 MB).
func BenchmarkRebuild(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	pool := genReports(10, 1000, 2000)
	const n = 5000
	var size int64
	for i := 0; i < n; i++ {
		size += int64(len(pool[i%len(pool)].Text) + len(pool[i%len(pool)].Title))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "index")
		err := Rebuild(context.Background(), dir, func(fn func(*corpus.Report) error) error {
			for i := 0; i < n; i++ {
				r := *pool[i%len(pool)]
				r.ID = fmt.Sprintf("doc%07d", i)
				if err := fn(&r); err != nil {
					return err
				}
			}
			return nil
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/(float64(size)*float64(b.N)/1e6), "cpu-s/MB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
	}
}

// BenchmarkSearch measures one query on an index of 5,000 generated ~2 KB
// reports (built once, about 10 MB of text).
func BenchmarkSearch(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	ix := mustIndex(b, genReports(11, 5000, 2000))
	queries := []struct {
		name string
		q    Query
	}{
		{"word", Query{Text: "道路"}},
		{"sub-word", Query{Text: "路交"}},
		{"long phrase", Query{Text: "围绕道路交通安全开展专题调研"}},
		{"two terms", Query{Text: "道路 安全"}},
		{"exclusion and alternatives", Query{Text: "路灯|积水 -2023年"}},
		{"single character", Query{Text: "灯"}},
		{"rare (about 1%)", Query{Text: "宁海县殡葬"}},
		{"rare title word and filter", Query{Text: "关于加强石门镇", Year: 2021}},
		{"browse with filters", Query{Kind: "duty_report", YearFrom: 2020, Level: "镇"}},
		{"word sorted by year", Query{Text: "道路", Sort: "-year"}},
		{"word, page of 100", Query{Text: "道路", Size: 100}},
	}
	for _, tt := range queries {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			var total uint64
			for b.Loop() {
				res, err := ix.Search(context.Background(), tt.q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the throughput in MB per CPU-second of a benchmark
// that processed size bytes per iteration since cpu0: unlike MB/s it does
// not depend on what else runs on the machine.
func reportCPU(b *testing.B, cpu0 time.Duration, size int) {
	if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
}
