package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lvzhi/app"
	"lvzhi/index"
)

// BenchmarkServe measures warm latency through the handler, as the office
// meets it: searches with facets and highlighted snippets for rare and very
// common terms, the search page and a document page, reporting p50 and p99
// per request, and the same queries through ripgrep over the same files,
// as the ratio rg/p50.
//
// LVZHI_BENCH_DATA names a data directory to measure (opened read-only;
// build one with `lvzhi ingest --data DIR FILES`), LVZHI_BENCH_FILES the
// folder it was ingested from (for rg). Without them a corpus of
// LVZHI_BENCH_DOCS generated reports (default 2000) is ingested into a
// temporary directory first.
//
//	LVZHI_BENCH_DATA=/work/bench/100k LVZHI_BENCH_FILES=/work/bench/100k-files \
//	  go test -run '^$' -bench BenchmarkServe -benchtime 200x ./web
func BenchmarkServe(b *testing.B) {
	data, files := benchData(b)
	a, err := app.Open(context.Background(), data, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	h := New(a, Options{Timeout: time.Minute, CacheTTL: -1}) // every request searches

	// A document to show: the first hit of a common term.
	res, err := a.Search(context.Background(), index.Query{Text: "代表", Size: 1})
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("no document: %v", err)
	}
	doc := res.Hits[0].ID
	// In the generated corpus (corpus/corpustest), of 100,000 reports:
	// 代表 and 建议 are in nearly all, 秸秆禁烧 in 72 %, 二十三次 in 10 %,
	// 白沙旗 in 0.8 %, 张明 in 42, 钟晓东 in one.
	terms := []struct{ name, q string }{
		{"common-代表", "代表"},
		{"common-建议", "建议"},
		{"frequent-秸秆禁烧", "秸秆禁烧"},
		{"two-terms", "养老服务 执法检查"},
		{"medium-二十三次", "二十三次"},
		{"rare-白沙旗", "白沙旗"},
		{"rare-张明", "张明"},
		{"rarest-钟晓东", "钟晓东"},
	}
	for _, t := range terms {
		path := "/api/search?q=" + url.QueryEscape(t.q)
		b.Run("api/"+t.name, func(b *testing.B) { measure(b, h, path, files, t.q) })
	}
	b.Run("page/search-代表", func(b *testing.B) { measure(b, h, "/search?q="+url.QueryEscape("代表"), "", "") })
	b.Run("page/search-browse", func(b *testing.B) { measure(b, h, "/search", "", "") })
	b.Run("page/search-filtered", func(b *testing.B) {
		measure(b, h, "/search?q="+url.QueryEscape("建议")+"&year=2019&kind=duty_report&sort=-year", "", "")
	})
	b.Run("page/doc", func(b *testing.B) { measure(b, h, "/doc/"+doc, "", "") })
}

// measure serves path b.N times after a warm-up and reports the p50 and
// p99 latency, and with files the ratio of ripgrep's time over the same
// files for term to the p50.
func measure(b *testing.B, h http.Handler, path, files, term string) {
	serve := func() (int, int) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Len()
	}
	for range 3 {
		if code, _ := serve(); code != http.StatusOK {
			b.Fatalf("%s: %d", path, code)
		}
	}
	lat := make([]float64, 0, b.N)
	var bytes int
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		_, n := serve()
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		bytes += n
	}
	b.StopTimer()
	slices.Sort(lat)
	p50 := lat[len(lat)/2]
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(lat[min(len(lat)-1, len(lat)*99/100)], "p99-ms")
	b.ReportMetric(lat[len(lat)-1], "max-ms")
	b.ReportMetric(float64(bytes)/float64(len(lat)), "bytes/page")
	if files != "" && term != "" {
		if rg := ripgrep(b, files, term); rg > 0 {
			b.ReportMetric(rg, "rg-ms")
			b.ReportMetric(rg/p50, "rg/p50")
		}
	}
}

// ripgrep times `rg` finding the files that contain the query's terms
// (the first term; fixed strings), median of three warm runs; 0 without
// rg.
func ripgrep(b *testing.B, dir, query string) float64 {
	rg, err := exec.LookPath("rg")
	if err != nil {
		b.Log("rg not found: no ratio")
		return 0
	}
	term := strings.Trim(strings.Fields(query)[0], `"`)
	var runs []float64
	for range 4 {
		t0 := time.Now()
		out, err := exec.Command(rg, "--files-with-matches", "--fixed-strings", "--no-messages", term, dir).Output()
		if err != nil && len(out) == 0 {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatalf("rg: %v", err)
			}
		}
		runs = append(runs, float64(time.Since(t0).Microseconds())/1000)
	}
	runs = runs[1:] // the first warms the page cache
	slices.Sort(runs)
	return runs[len(runs)/2]
}

// benchData returns the data directory and files to measure.
func benchData(b *testing.B) (data, files string) {
	if d := os.Getenv("LVZHI_BENCH_DATA"); d != "" {
		if !app.Exists(d) {
			b.Fatalf("LVZHI_BENCH_DATA=%s holds no data directory", d)
		}
		return d, os.Getenv("LVZHI_BENCH_FILES")
	}
	n := 2000
	if s := os.Getenv("LVZHI_BENCH_DOCS"); s != "" {
		fmt.Sscan(s, &n)
	}
	files = filepath.Join(b.TempDir(), "files")
	writeDocs(b, files, 11, n)
	data = filepath.Join(b.TempDir(), "data")
	a, err := app.Open(context.Background(), data, app.Options{Access: app.Write, Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Ingest(context.Background(), []string{files}, app.IngestOptions{}); err != nil {
		b.Fatal(err)
	}
	return data, files
}
