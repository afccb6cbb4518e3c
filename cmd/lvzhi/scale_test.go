package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"lvzhi/app"
	"lvzhi/corpus/corpustest"
	"lvzhi/ingest/ingesttest"
)

// writeCorpus writes n generated reports under dir: most as UTF-8 text,
// every third as GBK, every tenth as .docx, the way an office's folders
// mix them. It returns the bytes written.
func writeCorpus(tb testing.TB, dir string, seed uint64, n int) int64 {
	tb.Helper()
	var total int64
	for i, d := range corpustest.Generate(seed, n) {
		path := filepath.Join(dir, d.Name)
		var data []byte
		var err error
		switch {
		case i%10 == 9:
			path = strings.TrimSuffix(path, ".txt") + ".docx"
			data = ingesttest.Docx(strings.Split(d.Text, "\n"), ingesttest.DocxOptions{})
		case i%3 == 2:
			data, err = ingesttest.Encode(d.Text, "gbk")
		default:
			data = []byte(d.Text)
		}
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(d.Text))
	}
	return total
}

// TestKillAndRerun kills an ingest in the middle and runs it again: the
// store and the index must end up holding every document exactly once.
func TestKillAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a generated corpus twice")
	}
	files := t.TempDir()
	const n = 2000
	writeCorpus(t, files, 42, n)
	data := filepath.Join(t.TempDir(), "data")

	cmd := exec.Command(lvzhiBinary(t), "ingest", "--data", data, files)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once the first batches are in the store.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if fi, err := os.Stat(app.StorePath(data)); err == nil && fi.Size() > 512<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the store never grew")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if strings.Contains(stderr.String(), "导入完成") {
		t.Skip("the ingest finished before it could be killed; nothing was tested")
	}

	r := mustRun(t, "ingest", "--data", data, files)
	if !strings.Contains(r.stderr, "失败 0") {
		t.Fatalf("rerun:\n%s", r.stderr)
	}
	var st struct {
		Documents       int `json:"documents"`
		Unindexed       int `json:"unindexed"`
		UncheckedCopies int `json:"unchecked_copies"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "stats", "--data", data, "--json").stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.Documents != n || st.Unindexed != 0 || st.UncheckedCopies != 0 {
		t.Fatalf("after kill and rerun: %d documents (want %d), %d unindexed, %d without a copy check", st.Documents, n, st.Unindexed, st.UncheckedCopies)
	}
	// The index holds exactly what the store holds.
	r = mustRun(t, "search", "--data", data, "--json", "--limit", "0")
	if !strings.Contains(r.stdout, fmt.Sprintf(`"total": %d`, n)) {
		t.Fatalf("index total after rerun: %s", r.stdout[:min(120, len(r.stdout))])
	}
}

// BenchmarkIngest runs the whole ingest (read, extract, store, index) of a
// generated corpus in a child process and reports MB/s of text, documents
// per second and the child's peak RSS, then the latency of a search from a
// cold process. LVZHI_BENCH_DOCS sets the corpus size (default 5000).
func BenchmarkIngest(b *testing.B) {
	n := 5000
	if s := os.Getenv("LVZHI_BENCH_DOCS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	files := b.TempDir()
	size := writeCorpus(b, files, 7, n)
	bin := lvzhiBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := filepath.Join(b.TempDir(), "data")
		start := time.Now()
		cmd := exec.Command(bin, "ingest", "--data", data, files)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, stderr.String())
		}
		secs := time.Since(start).Seconds()
		b.StopTimer()
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		b.ReportMetric(float64(size)/1e6/secs, "MB/s")
		b.ReportMetric(float64(n)/secs, "docs/s")
		b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
		b.ReportMetric(float64(dirSize(data))/1e6, "data-MB")

		// A search from a cold process, as an analyst runs it.
		var lat []float64
		for _, q := range []string{"道路", "执法检查", "养老服务", "联系选民", "食品安全", "建议", "秸秆禁烧", "代表联络站",
			"专题调研 养老", "学习不够深入", "留守儿童", "河道治理", "营商环境", "草原保护", "推动解决了实际困难", "人居环境",
			"医疗保障", "农田水利", "视察", "就业培训"} {
			t0 := time.Now()
			c := exec.Command(bin, "search", "--data", data, "--limit", "10", q)
			if out, err := c.CombinedOutput(); err != nil {
				b.Fatalf("search %s: %v\n%s", q, err, out)
			}
			lat = append(lat, time.Since(t0).Seconds()*1000)
		}
		sort.Float64s(lat)
		b.ReportMetric(lat[len(lat)/2], "cold-search-p50-ms")
		b.ReportMetric(lat[len(lat)-1], "cold-search-max-ms")
		b.StartTimer()
	}
	b.SetBytes(size)
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// BenchmarkReingestEdited ingests a generated corpus, edits 10 % of its
// files (a corrected number each) and ingests the folder again: only what
// changed is read into the store, re-checked and re-indexed. It reports
// both times, their ratio, and the second run's counts. LVZHI_BENCH_DOCS
// sets the corpus size (default 2000).
func BenchmarkReingestEdited(b *testing.B) {
	n := 2000
	if s := os.Getenv("LVZHI_BENCH_DOCS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	bin := lvzhiBinary(b)
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		files := b.TempDir()
		writeCorpus(b, files, 9, n)
		data := filepath.Join(b.TempDir(), "data")
		run := func() (time.Duration, string) {
			cmd := exec.Command(bin, "ingest", "--data", data, files)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("%v\n%s", err, stderr.String())
			}
			return time.Since(start), stderr.String()
		}
		first, _ := run()
		edited := 0
		filepath.Walk(files, func(p string, fi os.FileInfo, err error) error {
			if err != nil || !strings.HasSuffix(p, ".txt") || edited*10 >= n {
				return nil
			}
			if raw, err := os.ReadFile(p); err == nil && bytes.Contains(raw, []byte("3")) {
				os.WriteFile(p, bytes.Replace(raw, []byte("3"), []byte("4"), 1), 0o644)
				edited++
			}
			return nil
		})
		b.StartTimer()
		second, out := run()
		b.StopTimer()
		b.ReportMetric(first.Seconds(), "first-s")
		b.ReportMetric(second.Seconds(), "edited-s")
		b.ReportMetric(100*second.Seconds()/first.Seconds(), "edited-%-of-first")
		b.ReportMetric(float64(edited), "files-edited")
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "复制比检查") || strings.HasPrefix(l, "检索索引") || strings.HasPrefix(l, "导入完成") {
				b.Log(l)
			}
		}
	}
}
