package export

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"lvzhi/corpus"
)

// benchText is a report of about 3 KB; the generated rows quote pieces of it.
var benchText = strings.Repeat("本人积极参加代表活动，围绕乡村振兴、农村饮水安全和道路交通安全开展调研，"+
	"提出意见建议9条，参加视察活动4次，走访选民30余户，投入资金250万元，办结率达96%。", 12)

// benchGen makes report i of a synthetic corpus: 20 rows each (1 report,
// 3 suggestions, 8 activities, 3 shortcomings, 3 quantities, 2 flags),
// 30,000 deputies over 6 years, built on the fly so that the corpus itself
// takes no memory.
type benchGen struct {
	base corpus.Report
}

const benchRowsPerReport = 20

func newBenchGen() *benchGen {
	t := benchText
	// sp takes about n bytes from start, on character boundaries.
	sp := func(start, n int) corpus.Span {
		end := start + n
		for !utf8.RuneStart(t[start]) {
			start++
		}
		for !utf8.RuneStart(t[end]) {
			end++
		}
		return corpus.Span{Text: t[start:end], Start: start, End: end}
	}
	g := &benchGen{}
	r := &g.base
	r.Text = t
	r.Source = "2023/青石镇/履职报告.docx"
	r.Part, r.Parts = 1, 1
	r.Title = "2023年度人大代表履职报告"
	r.Version = 3
	r.Kind = corpus.KindDutyReport
	r.Deputy.Levels = []string{"镇"}
	r.Deputy.Term = ptr("第十八届")
	r.Deputy.Position = ptr("村党支部书记")
	r.Deputy.ElectedYear = ptr(2021)
	r.Suggestions.Total = ptr(9)
	for k := 0; k < 2; k++ {
		s := sp(300*k, 60)
		r.Suggestions.Statements = append(r.Suggestions.Statements, corpus.SuggestionStatement{
			Text: s.Text, Count: ptr(9), Kind: "意见建议", Own: true, Start: s.Start, End: s.End})
	}
	s := sp(900, 90)
	r.Suggestions.Listed = []corpus.ListedSuggestion{{Text: s.Text, Topic: "农村饮水安全", Start: s.Start, End: s.End}}
	for k, typ := range corpus.ActivityTypes[:8] {
		s := sp(100*k, 120)
		r.Activities = append(r.Activities, corpus.Activity{Type: typ, Count: ptr(k + 1), Unit: "次",
			DeputyRole: k != 7, Text: s.Text, Start: s.Start, End: s.End})
	}
	for k := 0; k < 3; k++ {
		s := sp(1500+200*k, 150)
		r.Shortcomings = append(r.Shortcomings, corpus.Shortcoming{Text: s.Text, Start: s.Start, End: s.End})
	}
	for k := 0; k < 3; k++ {
		s := sp(2000+100*k, 45)
		r.Quantities = append(r.Quantities, corpus.Quantity{Value: ptr(250.0), Unit: "万元", Kind: "money",
			Text: s.Text, Start: s.Start, End: s.End})
	}
	r.Placeholders.Count = 2
	ev := sp(600, 60)
	r.Flags = []corpus.Flag{
		{Code: corpus.FlagPlaceholder, Severity: corpus.SeverityHigh, Message: "报告中有2处占位符未填写", Evidence: []corpus.Span{ev, ev}},
		{Code: corpus.FlagBoilerplate, Severity: corpus.SeverityMedium, Message: "与其他报告雷同", Evidence: []corpus.Span{ev},
			Sources: []corpus.SourceRef{{ID: "ffee000011112222", Source: "2022/a.txt", Part: 1}}},
	}
	return g
}

// report returns report i; the result is valid until the next call.
func (g *benchGen) report(i int, r *corpus.Report) {
	*r = g.base
	r.ID = fmt.Sprintf("%016x", uint64(i)*0x9E3779B97F4A7C15)
	name := fmt.Sprintf("代表%05d", i%30000)
	region := fmt.Sprintf("第%02d镇", i%50)
	year := 2018 + i%6
	r.Deputy.Name, r.Deputy.Region, r.Year = &name, &region, &year
}

// peakHeap samples the heap in use until stop is called.
type peakHeap struct {
	peak atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func startPeakHeap() *peakHeap {
	p := &peakHeap{done: make(chan struct{})}
	runtime.GC()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > p.peak.Load() {
				p.peak.Store(ms.HeapInuse)
			}
			select {
			case <-p.done:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *peakHeap) stop() float64 {
	close(p.done)
	p.wg.Wait()
	return float64(p.peak.Load()) / (1 << 20)
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// benchEncoder is what Workbook and CSV have in common.
type benchEncoder interface {
	Add(*corpus.Report, Extra) error
	Close() error
}

// runExport adds n generated reports to a fresh encoder and closes it,
// reporting rows/s, the peak heap and MB/s of report text.
func runExport(b *testing.B, n int, open func() (benchEncoder, *countWriter)) {
	g := newBenchGen()
	b.SetBytes(int64(n * len(g.base.Text)))
	b.ReportAllocs()
	var r corpus.Report
	var peak, out float64
	for b.Loop() {
		p := startPeakHeap()
		enc, cw := open()
		for i := range n {
			g.report(i, &r)
			if err := enc.Add(&r, Extra{CopyRatio: ptr(0.3), Score: 0.5, Origins: 1}); err != nil {
				b.Fatal(err)
			}
		}
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
		peak = max(peak, p.stop())
		if cw != nil {
			out = float64(cw.n) / (1 << 20)
		}
	}
	rows := float64(n*benchRowsPerReport) * float64(b.N)
	b.ReportMetric(rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak, "peak-heap-MB")
	if out > 0 {
		b.ReportMetric(out, "file-MB")
	}
}

func workbookTo() (benchEncoder, *countWriter) {
	cw := &countWriter{}
	wb, err := NewWorkbook(cw, Options{})
	if err != nil {
		panic(err)
	}
	return wb, cw
}

// BenchmarkWorkbook writes 2,000 reports (40,000 rows) per iteration.
func BenchmarkWorkbook(b *testing.B) { runExport(b, 2000, workbookTo) }

// BenchmarkWorkbook100k writes 100,000 reports (2,000,000 rows) per
// iteration, the size at which memory must stay flat. Run it alone:
// go test -run '^$' -bench Workbook100k -benchtime 1x ./export/
func BenchmarkWorkbook100k(b *testing.B) { runExport(b, 100_000, workbookTo) }

// BenchmarkWorkbook20k is a fifth of the above: the peak heap of both
// should be about the same if memory is flat.
func BenchmarkWorkbook20k(b *testing.B) { runExport(b, 20_000, workbookTo) }

func BenchmarkCSV(b *testing.B) {
	dir := b.TempDir()
	runExport(b, 2000, func() (benchEncoder, *countWriter) {
		c, err := NewCSV(dir)
		if err != nil {
			b.Fatal(err)
		}
		return c, nil
	})
}

func BenchmarkCellText(b *testing.B) {
	s := string([]rune(benchText)[:200]) // a typical 原文 cell
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		_ = cellText(s)
	}
}

var _ io.Writer = (*countWriter)(nil)
