package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lvzhi/app"
	"lvzhi/index"
)

// BenchmarkLoad serves the web UI on a loopback port and drives it with wrk
// (Debian's package): LVZHI_LOAD_CONNS connections (default 50) for
// LVZHI_LOAD_SECS seconds (default 30) on two threads, each request the
// next of a fixed mix of a few hundred distinct searches, search pages and
// document pages (see loadPaths), with the server's default options (the
// one-second answer cache and the request deadline on). It reports
// requests per second, wrk's latency percentiles, and the errors: sockets
// that failed or timed out and answers other than 2xx/3xx, which must be
// none. The data directory comes from LVZHI_BENCH_DATA or is generated, as
// for BenchmarkServe:
//
//	LVZHI_BENCH_DATA=/tmp/bench/100k go test -run '^$' -bench BenchmarkLoad -benchtime 1x ./web
func BenchmarkLoad(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk not installed (apt-get install wrk)")
	}
	conns, secs := envInt(b, "LVZHI_LOAD_CONNS", 50), envInt(b, "LVZHI_LOAD_SECS", 30)
	data, _ := benchData(b)
	a, err := app.Open(context.Background(), data, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(New(a, Options{}))
	defer srv.Close()

	paths := loadPaths(b, a, 400)
	script := filepath.Join(b.TempDir(), "mix.lua")
	if err := os.WriteFile(script, []byte(wrkScript(paths)), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cmd := exec.Command(wrk, "-t2", fmt.Sprintf("-c%d", conns), fmt.Sprintf("-d%ds", secs),
			"--timeout", "10s", "--latency", "-s", script, srv.URL)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("wrk: %v\n%s", err, out)
		}
		b.Logf("wrk, %d connections, %d s, %d distinct requests:\n%s", conns, secs, len(paths), out)
		w, err := parseWrk(string(out))
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		b.ReportMetric(w.rps, "req/s")
		b.ReportMetric(w.p50, "p50-ms")
		b.ReportMetric(w.p99, "p99-ms")
		b.ReportMetric(float64(w.requests), "requests")
		b.ReportMetric(float64(w.errors), "errors")
		if w.errors > 0 {
			b.Errorf("%d errors under load (socket errors or answers other than 2xx/3xx)", w.errors)
		}
	}
}

func envInt(tb testing.TB, name string, def int) int {
	if s := os.Getenv(name); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			tb.Fatalf("%s=%q: want a positive number", name, s)
		}
		return n
	}
	return def
}

// loadPaths is the request mix: n requests, fixed by the seed, of what an
// office asks — searches for topics of the generated corpus (common and
// rare), deputies' names, places, two terms, some with a year, a kind or a
// sort, through the API and as pages, and document pages of their hits.
func loadPaths(tb testing.TB, a *app.App, n int) []string {
	r := rand.New(rand.NewPCG(5, 5))
	terms := []string{"代表", "建议", "道路", "执法检查", "养老服务", "秸秆禁烧", "饮水安全", "河道治理", "营商环境",
		"留守儿童", "农田水利", "垃圾分类", "就业培训", "人居环境", "医疗保障", "草原保护", "二十三次", "白沙旗",
		"清河镇", "查干", "张明", "王建华", "联系选民", "视察", "专题调研", "学习不够", "代表联络站"}
	var paths, docs []string
	res, err := a.Search(context.Background(), index.Query{Text: "代表", Size: 50})
	if err != nil {
		tb.Fatal(err)
	}
	for _, h := range res.Hits {
		docs = append(docs, "/doc/"+h.ID)
	}
	for len(paths) < n {
		q := terms[r.IntN(len(terms))]
		if r.IntN(4) == 0 {
			q += " " + terms[r.IntN(len(terms))]
		}
		v := url.Values{"q": {q}}
		switch r.IntN(6) {
		case 0:
			v.Set("year", strconv.Itoa(2015+r.IntN(10)))
		case 1:
			v.Set("kind", "duty_report")
		case 2:
			v.Set("sort", "-year")
		}
		switch k := r.IntN(10); {
		case k < 5:
			paths = append(paths, "/api/search?"+v.Encode())
		case k < 8:
			paths = append(paths, "/search?"+v.Encode())
		default:
			paths = append(paths, docs[r.IntN(len(docs))])
		}
	}
	return paths
}

// wrkScript makes each connection request the next path of the mix.
func wrkScript(paths []string) string {
	var sb strings.Builder
	sb.WriteString("local paths = {\n")
	for _, p := range paths {
		fmt.Fprintf(&sb, "  %q,\n", p)
	}
	sb.WriteString("}\nlocal i = math.random(#paths)\n")
	sb.WriteString("request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
	return sb.String()
}

type wrkResult struct {
	requests, errors int
	rps, p50, p99    float64
}

var (
	wrkRequests = regexp.MustCompile(`(\d+) requests in`)
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkPct      = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
)

// parseWrk reads wrk's report: requests, rate, latency percentiles
// (--latency) and every kind of error it counts.
func parseWrk(out string) (wrkResult, error) {
	var w wrkResult
	m := wrkRequests.FindStringSubmatch(out)
	if m == nil {
		return w, fmt.Errorf("no request count in wrk's output")
	}
	w.requests, _ = strconv.Atoi(m[1])
	if m := wrkRPS.FindStringSubmatch(out); m != nil {
		w.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		n, _ := strconv.Atoi(m[1])
		w.errors += n
	}
	if m := wrkSocket.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			w.errors += n
		}
	}
	for _, m := range wrkPct.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		switch m[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if m[1] == "50" {
			w.p50 = v
		} else {
			w.p99 = v
		}
	}
	if w.p50 == 0 {
		return w, fmt.Errorf("no latency distribution in wrk's output (--latency)")
	}
	return w, nil
}

// TestParseWrk checks the parser on a report as wrk 4.2 prints it, with
// errors of both kinds.
func TestParseWrk(t *testing.T) {
	out := `Running 30s test @ http://127.0.0.1:40000
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   210.41ms  120.02ms   1.90s    70.00%
    Req/Sec   120.50     30.10   200.00     66.00%
  Latency Distribution
     50%  190.00ms
     75%  260.00ms
     90%  350.00ms
     99%    1.20s
  7200 requests in 30.02s, 90.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    239.84
Transfer/sec:      3.00MB
`
	w, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if w.requests != 7200 || w.errors != 9 || w.rps != 239.84 || w.p50 != 190 || w.p99 != 1200 {
		t.Errorf("parsed %+v; want 7200 requests, 9 errors, 239.84 req/s, p50 190 ms, p99 1200 ms", w)
	}
	if _, err := parseWrk("garbage"); err == nil {
		t.Error("parsed garbage without an error")
	}
}
