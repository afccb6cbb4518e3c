package copies

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"lvzhi/corpus"
	"lvzhi/corpus/corpustest"
)

// benchDocs is the corpus size of the benchmarks: LVZHI_COPIES_DOCS, 5,000
// by default so that `go test -bench` stays quick; `make bench` style runs
// set 100000.
func benchDocs(tb testing.TB) int {
	if s := os.Getenv("LVZHI_COPIES_DOCS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			tb.Fatalf("LVZHI_COPIES_DOCS=%q: want a positive number", s)
		}
		return n
	}
	return 5000
}

// textFile holds generated documents in a temporary file, so that 100,000
// texts (~800 MB) do not sit in the benchmark's memory: the TextSource reads
// them back (from the page cache, which is not the process's RSS).
type textFile struct {
	f     *os.File
	offs  []int64 // start of document i; offs[n] is the end
	keys  []Key
	bytes int64
}

// benchKey is a generated report's key: the year and the deputy (place
// and name) from its file name, received in the order generated.
func benchKey(d corpustest.Doc, i int) Key {
	k := Key{Received: 1_600_000_000 + int64(i)}
	parts := strings.Split(d.Name, "/")
	if len(parts) == 3 {
		k.Year, _ = strconv.Atoi(parts[0])
		if f := strings.Split(parts[2], "-"); len(f) == 3 {
			k.Author = parts[1] + f[1]
		}
	}
	return k
}

func newTextFile(tb testing.TB, seed uint64, n int) *textFile {
	tb.Helper()
	f, err := os.Create(filepath.Join(tb.TempDir(), "texts"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	w := bufio.NewWriterSize(f, 1<<20)
	tf := &textFile{f: f}
	const chunk = 1000 // corpustest.Generate makes all its documents at once
	for start := 0; start < n; start += chunk {
		for _, d := range corpustest.Generate(seed+uint64(start), min(chunk, n-start)) {
			tf.keys = append(tf.keys, benchKey(d, len(tf.offs)))
			tf.offs = append(tf.offs, tf.bytes)
			w.WriteString(d.Text)
			tf.bytes += int64(len(d.Text))
		}
	}
	tf.offs = append(tf.offs, tf.bytes)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return tf
}

func (tf *textFile) len() int { return len(tf.offs) - 1 }

func docID(i int) string { return fmt.Sprintf("d%06d", i) }

func (tf *textFile) text(i int) (string, error) {
	b := make([]byte, tf.offs[i+1]-tf.offs[i])
	if _, err := tf.f.ReadAt(b, tf.offs[i]); err != nil {
		return "", err
	}
	return string(b), nil
}

func (tf *textFile) source(id string) (string, error) {
	i, err := strconv.Atoi(strings.TrimPrefix(id, "d"))
	if err != nil || i < 0 || i >= tf.len() {
		return "", fmt.Errorf("no document %q", id)
	}
	return tf.text(i)
}

func (tf *textFile) addAll(tb testing.TB, ix *Index) {
	tb.Helper()
	for i := range tf.len() {
		t, err := tf.text(i)
		if err != nil {
			tb.Fatal(err)
		}
		if err := ix.Add(docID(i), t, tf.keys[i]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := ix.Sync(); err != nil {
		tb.Fatal(err)
	}
}

// peakRSS returns VmHWM, the process's peak resident set, in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// resetPeakRSS starts VmHWM afresh (Linux: clear_refs 5), so that the peak
// of each phase can be read; it reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// cpuTime is the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// BenchmarkBuild adds N generated duty reports to a new index and syncs it.
func BenchmarkBuild(b *testing.B) {
	tf := newTextFile(b, 1, benchDocs(b))
	b.SetBytes(tf.bytes)
	b.ReportAllocs()
	var st Stats
	for b.Loop() {
		ix := mustOpen(b, b.TempDir(), DefaultOptions())
		tf.addAll(b, ix)
		st = ix.Stats()
		ix.Close()
	}
	b.ReportMetric(float64(tf.len())*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(st.Postings)/float64(st.Docs), "postings/doc")
	b.ReportMetric(float64(st.DiskBytes)/(1<<20), "disk-MB")
}

// BenchmarkCheckOne adds one new document to an index of N and checks it
// against all of them; it reports the median and 99th percentile.
func BenchmarkCheckOne(b *testing.B) {
	n := benchDocs(b)
	tf := newTextFile(b, 1, n+2000)
	ix := mustOpen(b, b.TempDir(), DefaultOptions())
	for i := range n {
		t, _ := tf.text(i)
		if err := ix.Add(docID(i), t, tf.keys[i]); err != nil {
			b.Fatal(err)
		}
	}
	var lat []time.Duration
	i := n
	for b.Loop() {
		if i == tf.len() {
			b.Fatal("out of new documents")
		}
		t0 := time.Now()
		t, _ := tf.text(i)
		if err := ix.Add(docID(i), t, tf.keys[i]); err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Check(docID(i), t, tf.source); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkCorpus is the scale run: build the index of N documents, reopen
// it, compute every document's copy ratio (one goroutine per CPU), then
// check new documents one at a time. Peak RSS is reported per phase: the
// build, the reopening (reading the log), and the ratios with the one-at-a-
// time checks (the reopened index in memory). Run it once:
//
//	LVZHI_COPIES_DOCS=100000 go test -run '^$' -bench Corpus -benchtime 1x -timeout 2h ./index/copies
func BenchmarkCorpus(b *testing.B) {
	n := benchDocs(b)
	opt := DefaultOptions()
	if s := os.Getenv("LVZHI_COPIES_CACHE_MB"); s != "" {
		mb, err := strconv.Atoi(s)
		if err != nil || mb < 0 {
			b.Fatalf("LVZHI_COPIES_CACHE_MB=%q: want a number of MiB", s)
		}
		opt.CacheBytes = mb << 20
	}
	tf := newTextFile(b, 1, n+200)
	for b.Loop() {
		dir := b.TempDir()
		ix, err := Open(dir, opt)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		for i := range n {
			t, _ := tf.text(i)
			if err := ix.Add(docID(i), t, tf.keys[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Sync(); err != nil {
			b.Fatal(err)
		}
		build := time.Since(t0)
		st := ix.Stats()
		ix.Close()
		buildRSS := peakRSS()
		runtime.GC()
		resetPeakRSS()

		t0 = time.Now()
		if ix, err = Open(dir, opt); err != nil {
			b.Fatal(err)
		}
		open := time.Since(t0)
		openRSS := peakRSS()
		resetPeakRSS()

		t0 = time.Now()
		cpu0 := cpuTime()
		st0 := ix.Stats()
		var next atomic.Int64
		var sumRatio, sumStock atomic.Uint64 // in millionths
		var copied atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, runtime.GOMAXPROCS(0))
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= n {
						return
					}
					t, _ := tf.text(i)
					res, err := ix.Check(docID(i), t, tf.source)
					if err != nil {
						errs <- err
						return
					}
					sumRatio.Add(uint64(res.Ratio * 1e6))
					sumStock.Add(uint64(res.StockRatio * 1e6))
					if res.Ratio > 0 {
						copied.Add(1)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		ratios := time.Since(t0)
		ratiosCPU := cpuTime() - cpu0
		st1 := ix.Stats()
		ratiosRSS := peakRSS()

		var lat []time.Duration
		for i := n; i < tf.len(); i++ {
			t1 := time.Now()
			t, _ := tf.text(i)
			if err := ix.Add(docID(i), t, tf.keys[i]); err != nil {
				b.Fatal(err)
			}
			if _, err := ix.Check(docID(i), t, tf.source); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t1))
		}
		ix.Close()
		slices.Sort(lat)

		b.ReportMetric(build.Seconds(), "build-s")
		b.ReportMetric(float64(n)/build.Seconds(), "build-docs/s")
		b.ReportMetric(open.Seconds(), "open-s")
		b.ReportMetric(ratios.Seconds(), "ratios-s")
		b.ReportMetric(float64(n)/ratios.Seconds(), "check-docs/s")
		b.ReportMetric(ratiosCPU.Seconds()*1000/float64(n), "check-cpu-ms")
		b.ReportMetric(float64(st1.Verified-st0.Verified)/float64(n), "verified/check")
		b.ReportMetric(float64(st1.CacheHits-st0.CacheHits)/float64(max(1, st1.Verified-st0.Verified)), "cache-hit-rate")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "one-p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "one-p99-ms")
		b.ReportMetric(float64(buildRSS)/(1<<20), "build-peak-RSS-MB")
		b.ReportMetric(float64(openRSS)/(1<<20), "open-peak-RSS-MB")
		b.ReportMetric(float64(max(ratiosRSS, peakRSS()))/(1<<20), "ratios-peak-RSS-MB")
		b.ReportMetric(float64(st.DiskBytes)/(1<<20), "disk-MB")
		b.ReportMetric(float64(st.MemoryBytes)/(1<<20), "postings-MB")
		b.ReportMetric(float64(st.Postings)/float64(st.Docs), "postings/doc")
		b.ReportMetric(float64(sumRatio.Load())/1e6/float64(n), "mean-ratio")
		b.ReportMetric(float64(sumStock.Load())/1e6/float64(n), "mean-stock")
		b.ReportMetric(float64(copied.Load())/float64(n), "share-copied")
		b.Logf("N=%d, cache %d MiB, load average %s, GOMAXPROCS %d", n, opt.CacheBytes>>20, loadAvg(), runtime.GOMAXPROCS(0))
	}
}

// BenchmarkReopen builds an index of N documents once, then times Open (the
// cost `lvzhi ingest` pays on every run) and Close.
func BenchmarkReopen(b *testing.B) {
	n := benchDocs(b)
	tf := newTextFile(b, 1, n)
	dir := b.TempDir()
	ix := mustOpen(b, dir, DefaultOptions())
	tf.addAll(b, ix)
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix := mustOpen(b, dir, DefaultOptions())
		if ix.Len() != n {
			b.Fatalf("reopened %d documents, want %d", ix.Len(), n)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "open-s")
}

// BenchmarkRepetitive adds two documents made of one repeated character and
// checks the second against the first: linear in their length (issue 13:
// two of 300,000 characters took 36.6 s, 150,000 8.3 s). Sizes in bytes of
// text each; Han characters take three bytes, Latin one.
func BenchmarkRepetitive(b *testing.B) {
	for _, tc := range []struct {
		name string
		unit string
		n    int // bytes
	}{
		{"han-150k-chars", "一", 450_000},
		{"han-300k-chars", "一", 900_000},
		{"han-1MB", "一", 1 << 20},
		{"han-10MB", "一", 10 << 20},
		{"latin-10MB", "a", 10 << 20},
	} {
		b.Run(tc.name, func(b *testing.B) {
			text := strings.Repeat(tc.unit, tc.n/len(tc.unit))
			src := func(string) (string, error) { return text, nil }
			b.SetBytes(2 * int64(len(text)))
			b.ReportAllocs()
			var res corpus.Copies
			cpu0 := cpuTime()
			for b.Loop() {
				ix := mustOpen(b, b.TempDir(), DefaultOptions())
				if err := ix.Add("a", text, Key{Year: 2020}); err != nil {
					b.Fatal(err)
				}
				if err := ix.Add("b", text, Key{Year: 2021}); err != nil {
					b.Fatal(err)
				}
				var err error
				if res, err = ix.Check("b", text, src); err != nil {
					b.Fatal(err)
				}
				ix.Close()
			}
			if res.Ratio != 1 || len(res.Passages) != 1 {
				b.Fatalf("ratio %v, %d passages; want all copied, one passage", res.Ratio, len(res.Passages))
			}
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
		})
	}
}
