package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

// hostileRun is what ingesting the hostile corpus gave, by provenance
// relative to the corpus folder ("zip-bomb.zip!/ok.txt").
type hostileRun struct {
	sum      Summary
	docs     map[string][]corpus.Document
	errs     map[string][]string
	warnings map[string][]string
}

// runHostile ingests paths with the real readers and a plain in-memory
// Commit; provenances are named relative to dir.
func runHostile(t testing.TB, ctx context.Context, dir string, paths []string, opt Options) (hostileRun, error) {
	run := hostileRun{docs: map[string][]corpus.Document{}, errs: map[string][]string{}, warnings: map[string][]string{}}
	var mu sync.Mutex
	p := &Pipeline{
		Options: opt,
		Analyze: analyzeStub,
		Commit: func(_ context.Context, batch []corpus.Entry) (corpus.PutResult, error) {
			mu.Lock()
			defer mu.Unlock()
			for _, e := range batch {
				name := relProvenance(t, dir, e.Report.Source, e.Report.Member)
				run.docs[name] = append(run.docs[name], e.Report.Document)
			}
			return corpus.PutResult{New: len(batch)}, nil
		},
	}
	sum, err := p.Run(ctx, paths)
	run.sum = sum
	for _, list := range []struct {
		errs []error
		into map[string][]string
	}{{sum.Errors, run.errs}, {sum.Warnings, run.warnings}} {
		for _, e := range list.errs {
			var fe *FileError
			if !errors.As(e, &fe) {
				t.Errorf("%v is not a *FileError", e)
				continue
			}
			name := relProvenance(t, dir, fe.Path, fe.Member)
			list.into[name] = append(list.into[name], e.Error())
		}
	}
	return run, err
}

func relProvenance(t testing.TB, dir, path, member string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		t.Fatalf("%s is not under %s", path, dir)
	}
	return corpus.Provenance(filepath.ToSlash(rel), member)
}

// TestHostile ingests issue 13's hostile corpus mixed with good reports:
// every good report gets in, every bad file gets its line with the expected
// reason, the budget holds (no document's text exceeds the text cap, every
// error over a cap names it), nothing outside the folder is read, and the
// whole run ends in bounded time.
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes about 270 MB of hostile files")
	}
	h, err := ingesttest.WriteHostile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run, err := runHostile(t, t.Context(), h.Dir, []string{h.Dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files, %d read, %d failed, %d documents, %s", run.sum.Files, run.sum.Read, run.sum.Failed, run.sum.Documents, time.Since(start).Round(time.Millisecond))

	expected := map[string]bool{}
	good := 0
	for _, c := range h.Cases {
		expected[c.Name] = true
		docs, errs := run.docs[c.Name], run.errs[c.Name]
		if c.Ok() {
			if len(errs) > 0 || len(docs) == 0 {
				t.Errorf("%s (%s): want it read, got %d documents and errors %q", c.Name, c.What, len(docs), errs)
				continue
			}
			found := false
			for _, d := range docs {
				found = found || strings.Contains(d.Text, c.Detail)
			}
			if !found {
				t.Errorf("%s (%s): no document holds %q", c.Name, c.What, c.Detail)
			}
			if strings.HasPrefix(c.Name, "good/") {
				good++
			}
		} else {
			match := false
			for _, e := range errs {
				match = match || strings.Contains(e, c.Want) && strings.Contains(e, c.Detail)
			}
			if !match {
				t.Errorf("%s (%s): want an error with %q and %q, got %q (and %d documents)", c.Name, c.What, c.Want, c.Detail, errs, len(docs))
			}
			if len(docs) > 0 {
				t.Errorf("%s (%s): failed but %d documents stored", c.Name, c.What, len(docs))
			}
		}
		if c.Warn != "" && !strings.Contains(strings.Join(run.warnings[c.Name], "\n"), c.Warn) {
			t.Errorf("%s (%s): want a warning with %q, got %q", c.Name, c.What, c.Warn, run.warnings[c.Name])
		}
		if c.Warn == "" && len(run.warnings[c.Name]) > 0 {
			t.Errorf("%s (%s): unexpected warnings %q", c.Name, c.What, run.warnings[c.Name])
		}
	}
	if good != ingesttest.GoodReports {
		t.Errorf("%d good reports got in, want %d", good, ingesttest.GoodReports)
	}
	for name, errs := range run.errs {
		if !expected[name] {
			t.Errorf("unexpected error for %s: %q", name, errs)
		}
		for _, e := range errs {
			if strings.Contains(e, "文件过大") && !strings.Contains(e, "上限") {
				t.Errorf("%s: %q does not name the cap", name, e)
			}
		}
	}
	for name, docs := range run.docs {
		if !expected[name] {
			t.Errorf("unexpected documents from %s", name)
		}
		for _, d := range docs {
			if int64(len(d.Text)) > defaultMaxText {
				t.Errorf("%s: a document of %d bytes, over the text cap", name, len(d.Text))
			}
			if strings.Contains(d.Text, "root:") || strings.Contains(d.Text, "输入文件夹之外的文件") {
				t.Errorf("%s: text from outside the folder: %.80q", name, d.Text)
			}
		}
	}
}

// BenchmarkHostile ingests the hostile corpus through Pipeline, each
// top-level file of it alone and then the whole folder, and reports the
// peak RSS of each run (VmHWM, reset before the run through
// /proc/self/clear_refs): the target is 600 MB whatever the folder holds.
// Run it alone (go test -run '^$' -bench Hostile -benchtime 1x ./ingest):
// other benchmarks of the same process leave their heap behind.
func BenchmarkHostile(b *testing.B) {
	h, err := ingesttest.WriteHostile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	var tops []string
	for _, c := range h.Cases {
		top := strings.SplitN(strings.SplitN(c.Name, "!/", 2)[0], "/", 2)[0]
		if !seen[top] {
			seen[top] = true
			tops = append(tops, top)
		}
	}
	tops = append(tops, ".")
	for _, top := range tops {
		name := top
		if top == "." {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			var peak int64
			cpu := cpuTime()
			for b.Loop() {
				if err := resetPeakRSS(); err != nil {
					b.Skip(err)
				}
				if _, err := runHostile(b, b.Context(), h.Dir, []string{filepath.Join(h.Dir, top)}, Options{}); err != nil {
					b.Fatal(err)
				}
				peak = max(peak, peakRSS(b))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// resetPeakRSS returns the heap's free memory to the system and resets the
// process's peak RSS (Linux: writing 5 to /proc/self/clear_refs).
func resetPeakRSS() error {
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is the process's peak RSS since the last reset, in bytes.
func peakRSS(tb testing.TB) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		tb.Skip(err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Skip("no VmHWM in /proc/self/status")
	return 0
}

// cpuTime is the CPU time the process has used, user and system, on every
// thread: on a shared machine it says more than the time on the wall.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCancel measures how soon an ingest returns once its context is
// cancelled while it reads the slowest hostile files: the pipeline is
// cancelled a little after it starts each of them, and the time from the
// cancellation to Run's return is reported (stop-ms, the worst of b.N).
func BenchmarkCancel(b *testing.B) {
	h, err := ingesttest.WriteHostile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"docx-markup-200mb.docx", "docx-200mb.docx", "pdf-operand-bomb.pdf", "pdf-flate-bomb.pdf", "txt-3mb-one-line.txt", "pdf-photos.pdf"} {
		b.Run(name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				ctx, cancel := context.WithCancel(b.Context())
				var cancelled time.Time
				timer := time.AfterFunc(50*time.Millisecond, func() {
					cancelled = time.Now()
					cancel()
				})
				p := &Pipeline{Analyze: analyzeStub, Commit: func(context.Context, []corpus.Entry) (corpus.PutResult, error) {
					return corpus.PutResult{}, nil
				}}
				_, err := p.Run(ctx, []string{filepath.Join(h.Dir, name)})
				returned := time.Now()
				timer.Stop()
				cancel()
				if err == nil {
					continue // read before the cancellation
				}
				if !errors.Is(err, context.Canceled) {
					b.Fatal(err)
				}
				worst = max(worst, returned.Sub(cancelled))
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "stop-ms")
		})
	}
}
