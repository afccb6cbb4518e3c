package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
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
	"提出意见建议9条，参加视察活动4次，走访选民30余户，投入资金250万元，办结率达96%。\n", 12)

// benchGen makes report i of a synthetic corpus: 20 rows each (1 report,
// 3 suggestions, 8 activities, 3 shortcomings, 3 quantities, 2 flags),
// 30,000 deputies in 50 regions over 6 years, built on the fly so that the
// corpus itself takes no memory.
type benchGen struct {
	base corpus.Report
	acts []corpus.Activity
}

const (
	benchRowsPerReport = 20
	benchDeputies      = 30000
	benchRegions       = 50
	benchYears         = 6
	benchPointItems    = 4 // per report in the comparison
)

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
	g.acts = r.Activities
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

// Report i is of deputy i mod benchDeputies, in the deputy's region, for
// year 2018 + i/benchDeputies: in reading order when added in index order
// within a year. What matters here is the volume, not the order.
func (g *benchGen) who(i int) (deputy, region, year int) {
	d := i % benchDeputies
	return d, d % benchRegions, 2018 + (i/benchDeputies)%benchYears
}

func benchID(i int) string { return fmt.Sprintf("%016x", uint64(i)*0x9E3779B97F4A7C15) }

// report returns report i; the result is valid until the next call.
func (g *benchGen) report(i int, r *corpus.Report) {
	*r = g.base
	r.ID = benchID(i)
	d, reg, y := g.who(i)
	name := fmt.Sprintf("代表%05d", d)
	region := fmt.Sprintf("第%02d镇", reg)
	r.Deputy.Name, r.Deputy.Region, r.Year = &name, &region, &y
}

// comparison is the comparison of reports 0..n-1 as the application would
// hand it over: every report's figures with four point items, a group per
// deputy, region and year. Its strings are the generator's own (evidence
// texts are slices of benchText, shared), as the application's should be
// clones rather than slices of whole documents.
func (g *benchGen) comparison(n int) *corpus.Comparison {
	c := &corpus.Comparison{Points: testPoints, Reports: make([]corpus.ReportFigures, n)}
	deputies := min(n, benchDeputies)
	c.ByDeputy = make([]corpus.GroupFigures, deputies)
	c.Deputies = make([]corpus.Person, deputies)
	group := func(key, label string) corpus.GroupFigures {
		return corpus.GroupFigures{Key: key, Label: label, Activities: map[corpus.ActivityType]int{}, Flags: map[string]int{}}
	}
	for d := range deputies {
		id := "p" + strconv.Itoa(d)
		c.Deputies[d] = corpus.Person{ID: id, Name: fmt.Sprintf("代表%05d", d), Region: fmt.Sprintf("第%02d镇", d%benchRegions), Levels: []string{"镇"}}
		c.ByDeputy[d] = group(id, c.Deputies[d].Name)
	}
	regions := map[int]*corpus.GroupFigures{}
	yearsG := map[int]*corpus.GroupFigures{}
	for i := range n {
		d, reg, y := g.who(i)
		f := &c.Reports[i]
		*f = corpus.ReportFigures{ReportID: benchID(i), Deputy: "p" + strconv.Itoa(d), Name: c.Deputies[d].Name,
			Region: c.Deputies[d].Region, Levels: c.Deputies[d].Levels, Year: y, Title: g.base.Title, Source: g.base.Source,
			Suggestions: g.base.Suggestions.Total, Listed: 1, Activities: map[corpus.ActivityType]int{},
			Shortcomings: 3, Placeholders: 2, CopyRatio: ptr(float64(i%100) / 100), Flags: []string{corpus.FlagPlaceholder, corpus.FlagBoilerplate},
			Score: 0.5, Quantified: true}
		for _, a := range g.acts[:7] {
			f.Activities[a.Type] += *a.Count
		}
		for k := range benchPointItems {
			a := g.acts[k]
			f.PointItems = append(f.PointItems, corpus.PointItem{Rule: a.Type.Label(), Units: *a.Count, Points: 3 * float64(*a.Count),
				ReportID: f.ReportID, Evidence: corpus.Span{Text: a.Text, Start: a.Start, End: a.End}})
			f.Points += 3 * float64(*a.Count)
		}
		c.Deputies[d].Reports = append(c.Deputies[d].Reports, f.ReportID)
		c.Deputies[d].Years = append(c.Deputies[d].Years, y)
		for _, gf := range []*corpus.GroupFigures{&c.ByDeputy[d], groupOf(regions, reg, f.Region, group), groupOf(yearsG, y, strconv.Itoa(y), group)} {
			gf.Reports++
			gf.Suggestions += 9
			gf.SuggestionsStated++
			gf.Points += f.Points
			for t, v := range f.Activities {
				gf.Activities[t] += v
			}
		}
	}
	for _, r := range regions {
		c.ByRegion = append(c.ByRegion, *r)
	}
	for _, y := range yearsG {
		c.ByYear = append(c.ByYear, *y)
	}
	return c
}

func groupOf(m map[int]*corpus.GroupFigures, k int, label string, mk func(key, label string) corpus.GroupFigures) *corpus.GroupFigures {
	if g := m[k]; g != nil {
		return g
	}
	g := mk(label, label)
	m[k] = &g
	return &g
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

// resetPeakRSS resets the kernel's record of this process's peak resident
// set (Linux: /proc/self/clear_refs); it reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS is this process's peak resident set in MB since the last reset
// (VmHWM), 0 where the system does not say.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// benchEncoder is what Workbook and CSV have in common.
type benchEncoder interface {
	SetComparison(*corpus.Comparison) error
	Add(*corpus.Report, Extra) error
	Close() error
}

// runExport adds n generated reports, with their comparison, to a fresh
// encoder and closes it, reporting rows/s, the peak heap, the peak RSS of
// the whole process (the comparison included, as the application holds
// it) and MB/s of report text.
func runExport(b *testing.B, n int, open func() (benchEncoder, *countWriter)) {
	g := newBenchGen()
	c := g.comparison(n)
	rows := n*benchRowsPerReport + n*benchPointItems + n + min(n, benchDeputies) // + 积分, 年度趋势, 代表对比
	b.SetBytes(int64(n * len(g.base.Text)))
	b.ReportAllocs()
	rss := resetPeakRSS()
	var r corpus.Report
	var peak, out float64
	for b.Loop() {
		p := startPeakHeap()
		enc, cw := open()
		if err := enc.SetComparison(c); err != nil {
			b.Fatal(err)
		}
		for i := range n {
			g.report(i, &r)
			if err := enc.Add(&r, Extra{CopyRatio: ptr(0.3), Score: float64(i%97) / 97, Origins: 1}); err != nil {
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
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak, "peak-heap-MB")
	if rss {
		b.ReportMetric(peakRSS(), "peak-RSS-MB")
	}
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

// BenchmarkWorkbook writes 2,000 reports (50,000 rows) per iteration.
func BenchmarkWorkbook(b *testing.B) { runExport(b, 2000, workbookTo) }

// BenchmarkWorkbook100k writes 100,000 reports (2.5 million rows) per
// iteration, the size at which memory must stay bounded (peak RSS at most
// 500 MB). Run it alone, in a process of its own, with the soft memory
// limit the export should run with:
//
//	GOMEMLIMIT=450MiB go test -run '^$' -bench Workbook100k -benchtime 1x ./export/
//
// Measured on the shared 2-core machine: peak RSS 460 MB in 347 s (7,300
// rows/s); without a limit 662 MB in 183 s. What stays live: the
// comparison (165 MB of it here, the caller's) and excelize's nine sheet
// streams (16–32 MB each before they spill to disk); the rest is garbage,
// most of it excelize marshalling the rich text of evidence cells.
func BenchmarkWorkbook100k(b *testing.B) { runExport(b, 100_000, workbookTo) }

// BenchmarkWorkbook20k is a fifth of the above: the peak heap of both
// differs by what the comparison itself takes if memory is otherwise flat.
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

// BenchmarkEvidence finds the sentence and paragraph of a span, as every
// detail row does.
func BenchmarkEvidence(b *testing.B) {
	g := newBenchGen()
	r := g.base
	d := newDoc(&r, Extra{})
	span := corpus.Span{Text: g.acts[3].Text, Start: g.acts[3].Start, End: g.acts[3].End}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = d.evidence(span)
	}
}

var _ io.Writer = (*countWriter)(nil)
