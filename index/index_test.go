package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// mustOpen opens a fresh writable index in a temporary directory.
func mustOpen(tb testing.TB) *Index {
	tb.Helper()
	ix, err := Open(filepath.Join(tb.TempDir(), "index"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func TestOpenCreatesAndReopens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "index")
	if _, err := Open(dir, Options{ReadOnly: true}); corpus.ErrorCode(err) != corpus.ENOTFOUND {
		t.Fatalf("read-only Open of a missing index: err = %v, want ENOTFOUND", err)
	}
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := report("a1", "关于加强道路交通安全管理的建议", 2023)
	if err := ix.Put(context.Background(), []*corpus.Report{r}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if gen, err := readCurrent(dir); err != nil || gen != "gen-000001" {
		t.Fatalf("CURRENT = %q, %v; want gen-000001", gen, err)
	}

	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if n, err := ro.Count(); err != nil || n != 1 {
		t.Fatalf("Count = %d, %v; want 1", n, err)
	}
	for id, want := range map[string]bool{"a1": true, "a2": false} {
		if got, err := ro.Has(id); err != nil || got != want {
			t.Errorf("Has(%q) = %v, %v; want %v", id, got, err, want)
		}
	}
	err = ro.Put(context.Background(), []*corpus.Report{r})
	if corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("Put on a read-only index: err = %v, want EINVALID", err)
	}
	// Two readers share the index.
	ro2, err := Open(dir, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	ro2.Close()
}

func TestOpenCorruptCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "损坏") {
		t.Fatalf("err = %v, want a message naming %s as damaged", err, dir)
	}
}

func TestPutRejectsBadReports(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		name    string
		reports []*corpus.Report
		want    string
	}{
		{"nil report", []*corpus.Report{report("a", "正文", 2020), nil}, corpus.EINVALID},
		{"missing ID", []*corpus.Report{report("", "正文", 2020)}, corpus.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ix.Put(context.Background(), tt.reports); corpus.ErrorCode(err) != tt.want {
				t.Fatalf("err = %v, want code %s", err, tt.want)
			}
			if n, _ := ix.Count(); n != 0 {
				t.Fatalf("Count = %d after a failed Put, want 0", n)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Put(ctx, []*corpus.Report{report("a", "正文", 2020)}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with a cancelled context: err = %v", err)
	}
}

func TestPutReplacesAndDeletes(t *testing.T) {
	ix := mustOpen(t)
	ctx := context.Background()
	put := func(rs ...*corpus.Report) {
		t.Helper()
		if err := ix.Put(ctx, rs); err != nil {
			t.Fatal(err)
		}
	}
	put(report("a", "第一版正文", 2020), report("b", "另一份正文", 2021))
	put(report("a", "第二版正文", 2020))
	if n, _ := ix.Count(); n != 2 {
		t.Fatalf("Count = %d, want 2", n)
	}
	if err := ix.Delete(ctx, []string{"b", "missing"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Fatalf("Count = %d after Delete, want 1", n)
	}
	if err := ix.Put(ctx, nil); err != nil {
		t.Fatalf("empty Put: %v", err)
	}
}

// holdEnv makes the test binary a subprocess that holds an index open.
const holdEnv = "LVZHI_INDEX_TEST_HOLD"

// panicSeg stands in for a segmenter that must not be used.
type panicSeg struct{}

func (panicSeg) Load() error                  { return nil }
func (panicSeg) Words([]byte, func(int, int)) { panic("segmenter used") }

// holdIndex is the subprocess: it opens dir (read-only if LVZHI_INDEX_TEST_RO
// is set), prints "ready" and keeps the index open until stdin closes. Its
// segmenter panics if used: opening and searching never segment.
func holdIndex(dir string) int {
	if err := Register(panicSeg{}); err != nil {
		fmt.Println(err)
		return 1
	}
	ix, err := Open(dir, Options{ReadOnly: os.Getenv("LVZHI_INDEX_TEST_RO") != ""})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	if q := os.Getenv("LVZHI_INDEX_TEST_QUERY"); q != "" {
		res, err := ix.Search(context.Background(), Query{Text: q})
		if err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Println("ready", res.Total)
	} else {
		fmt.Println("ready")
	}
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := ix.Close(); err != nil {
		return 1
	}
	return 0
}

// startHolder re-executes the test binary to hold the index in dir and
// waits until it has it. Closing the returned writer releases it.
func startHolder(t *testing.T, dir string, readOnly bool, env ...string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), holdEnv+"="+dir), env...)
	if readOnly {
		cmd.Env = append(cmd.Env, "LVZHI_INDEX_TEST_RO=1")
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if !strings.HasPrefix(line, "ready") {
		t.Fatalf("holder process: %q, %v", line, err)
	}
	holderSaid = strings.TrimSpace(line)
	return cmd, stdin
}

// holderSaid is the last holder process's "ready" line.
var holderSaid string

// TestSearchNeedsNoSegmenter searches in a process whose segmenter panics
// when used: lvzhi search must not pay for loading gse.
func TestSearchNeedsNoSegmenter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = ix.Put(context.Background(), []*corpus.Report{
		report("a", "围绕道路交通安全开展调研", 2023),
		report("b", "规范道路秩序", 2022),
		report("c", "食品安全视察", 2021),
	})
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, release := startHolder(t, dir, true, "LVZHI_INDEX_TEST_QUERY=道路 -食品")
	release.Close()
	if holderSaid != "ready 2" {
		t.Errorf("search in a process without a segmenter: %q, want \"ready 2\"", holderSaid)
	}
}

type failingSeg struct{ fakeSeg }

func (failingSeg) Load() error { return errors.New("dictionary missing") }

func TestLockedBySubprocess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{}) // create it
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()

	t.Run("writer holds", func(t *testing.T) {
		cmd, release := startHolder(t, dir, false)
		for _, ro := range []bool{false, true} {
			start := time.Now()
			_, err := Open(dir, Options{ReadOnly: ro, Timeout: 200 * time.Millisecond})
			took := time.Since(start)
			if corpus.ErrorCode(err) != corpus.ELOCKED {
				t.Fatalf("Open(read-only=%v) while a writer holds it: err = %v, want ELOCKED", ro, err)
			}
			var e *corpus.Error
			errors.As(err, &e)
			if pid := fmt.Sprint(cmd.Process.Pid); !strings.Contains(e.Message, "进程 "+pid) || !strings.Contains(e.Message, "读写") {
				t.Errorf("message %q does not name writer process %s", e.Message, pid)
			}
			if took > 5*time.Second {
				t.Errorf("Open took %v with a 200ms timeout", took)
			}
		}
		release.Close()
		cmd.Wait()
		ix, err := Open(dir, Options{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatalf("Open after the holder exited: %v", err)
		}
		ix.Close()
		if hs := readHolders(dir); len(hs) != 0 {
			t.Errorf("holder records left behind: %v", hs)
		}
	})

	t.Run("reader holds", func(t *testing.T) {
		_, release := startHolder(t, dir, true)
		defer release.Close()
		ro, err := Open(dir, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatalf("a second reader: %v", err)
		}
		ro.Close()
		_, err = Open(dir, Options{Timeout: 200 * time.Millisecond})
		if corpus.ErrorCode(err) != corpus.ELOCKED || !strings.Contains(err.Error(), "只读") {
			t.Fatalf("writer Open while a reader holds it: err = %v, want ELOCKED naming the reader", err)
		}
	})

	t.Run("holder killed", func(t *testing.T) {
		cmd, _ := startHolder(t, dir, false)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		ix, err := Open(dir, Options{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatalf("Open after the holder was killed: %v", err)
		}
		defer ix.Close()
		for _, h := range readHolders(dir) {
			if h.PID == cmd.Process.Pid {
				t.Errorf("record of the killed process %d was not removed", h.PID)
			}
		}
	})
}

// TestPutSegmenterFails checks that a dictionary that cannot be loaded is
// an error from Put, not a panic in bleve's analysis workers.
func TestPutSegmenterFails(t *testing.T) {
	ix := mustOpen(t)
	registerMu.Lock()
	saved := cutter
	cutter = failingSeg{}
	registerMu.Unlock()
	defer func() {
		registerMu.Lock()
		cutter = saved
		registerMu.Unlock()
	}()
	err := ix.Put(context.Background(), []*corpus.Report{report("a", "正文", 2020)})
	if corpus.ErrorCode(err) != corpus.EINTERNAL || !strings.Contains(err.Error(), "dictionary missing") {
		t.Fatalf("err = %v, want EINTERNAL with the cause", err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("Count = %d after a failed Put", n)
	}
}
