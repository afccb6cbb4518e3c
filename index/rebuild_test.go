package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// eachOf returns an iterator over reports, as store.Store.Each gives one.
func eachOf(reports []*corpus.Report) func(fn func(*corpus.Report) error) error {
	return func(fn func(*corpus.Report) error) error {
		for _, r := range reports {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// gens lists the generation directories and temporary files in dir.
func gens(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "gen-") || strings.Contains(e.Name(), ".tmp-") {
			names = append(names, e.Name())
		}
	}
	return names
}

func count(t *testing.T, dir string) uint64 {
	t.Helper()
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRebuild(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	total := 2*RebuildBatch + 50
	reports := genReports(3, total, 200)

	var progress []int
	if err := Rebuild(ctx, dir, eachOf(reports[:50]), func(n int) { progress = append(progress, n) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(progress, []int{50}) {
		t.Errorf("progress %v, want [50]", progress)
	}
	if got := gens(t, dir); !slices.Equal(got, []string{"gen-000002"}) {
		t.Errorf("after the first rebuild: %v, want [gen-000002]", got)
	}

	progress = nil
	if err := Rebuild(ctx, dir, eachOf(reports), func(n int) { progress = append(progress, n) }); err != nil {
		t.Fatal(err)
	}
	if want := []int{RebuildBatch, 2 * RebuildBatch, total}; !slices.Equal(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	if got := gens(t, dir); !slices.Equal(got, []string{"gen-000003"}) {
		t.Errorf("after the second rebuild: %v, want [gen-000003]", got)
	}
	if n := count(t, dir); n != uint64(total) {
		t.Fatalf("Count = %d, want %d", n, total)
	}
	ix, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got := sorted(searchAll(t, ix, Query{Text: "道路交通"}))
	if want := expected(reports, "道路交通"); !slices.Equal(got, want) {
		t.Errorf("search after rebuild: %d hits, want %d", len(got), len(want))
	}
}

func TestRebuildFailureKeepsOldIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	reports := genReports(4, RebuildBatch+50, 200)
	if err := Rebuild(context.Background(), dir, eachOf(reports[:30]), nil); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("store read failed")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		each    func(fn func(*corpus.Report) error) error
		wantErr func(error) bool
	}{
		{"iterator fails after a batch", context.Background(), func(fn func(*corpus.Report) error) error {
			if err := eachOf(reports)(fn); err != nil { // one batch is written
				return err
			}
			return boom
		}, func(err error) bool { return errors.Is(err, boom) && corpus.ErrorCode(err) == corpus.EINTERNAL }},
		{"bad report", context.Background(), eachOf([]*corpus.Report{reports[0], nil}), func(err error) bool {
			return corpus.ErrorCode(err) == corpus.EINVALID
		}},
		{"cancelled", ctx, func(fn func(*corpus.Report) error) error {
			cancel()
			return eachOf(reports)(fn)
		}, func(err error) bool { return errors.Is(err, context.Canceled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Rebuild(tt.ctx, dir, tt.each, nil)
			if !tt.wantErr(err) {
				t.Fatalf("err = %v", err)
			}
			if got := gens(t, dir); !slices.Equal(got, []string{"gen-000002"}) {
				t.Errorf("left behind: %v, want only gen-000002", got)
			}
			if n := count(t, dir); n != 30 {
				t.Errorf("old index has %d reports, want 30", n)
			}
		})
	}
}

func TestRebuildLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = Rebuild(context.Background(), dir, eachOf(nil), nil)
	if corpus.ErrorCode(err) != corpus.ELOCKED {
		t.Fatalf("Rebuild while the index is open: err = %v, want ELOCKED", err)
	}
}

// rebuildEnv makes the test binary a subprocess that starts a rebuild of
// the index in its value, says "building" after the first batch and then
// waits forever, to be killed.
const rebuildEnv = "LVZHI_INDEX_TEST_REBUILD"

func rebuildForever(dir string) int {
	if err := Register(fakeSeg{}); err != nil {
		fmt.Println(err)
		return 1
	}
	reports := genReports(5, RebuildBatch+1, 100)
	err := Rebuild(context.Background(), dir, func(fn func(*corpus.Report) error) error {
		for _, r := range reports[:RebuildBatch] {
			if err := fn(r); err != nil {
				return err
			}
		}
		fmt.Println("building")
		select {}
	}, nil)
	fmt.Println(err)
	return 1
}

func TestRebuildKilled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := Rebuild(context.Background(), dir, eachOf(genReports(6, 20, 100)), nil); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), rebuildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "building" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("rebuild process: %q, %v", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	if n := count(t, dir); n != 20 {
		t.Fatalf("after a killed rebuild the index has %d reports, want the old 20", n)
	}
	// The half-built generation names its dead builder: the next writer
	// removes it at once, however young.
	if got := gens(t, dir); len(got) != 2 {
		t.Fatalf("after the kill: %v, want the current generation and a half-built one", got)
	}
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if got := gens(t, dir); len(got) != 1 {
		t.Errorf("left behind after a writer opened: %v", got)
	}
	// A half-built generation of a live process (another one creating the
	// index right now) stays until it is old.
	live := filepath.Join(dir, fmt.Sprintf("gen-000009.tmp-%d-x", os.Getppid()))
	if err := os.Mkdir(live, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Rebuild(context.Background(), dir, eachOf(genReports(7, 25, 100)), nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, dir); n != 25 {
		t.Fatalf("after a new rebuild: %d reports, want 25", n)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live builder's folder was removed: %v", err)
	}
	old := time.Now().Add(-2 * staleTemp)
	os.Chtimes(live, old, old)
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if got := gens(t, dir); len(got) != 1 {
		t.Errorf("left behind: %v, want only the current generation", got)
	}
}

func TestRebuildDamagedIndex(t *testing.T) {
	reports := genReports(8, 10, 100)
	tests := []struct {
		name   string
		damage func(dir string) error
	}{
		{"garbage in CURRENT", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, currentFile), []byte("garbage"), 0o644)
		}},
		{"generation removed", func(dir string) error {
			return os.RemoveAll(filepath.Join(dir, "gen-000002"))
		}},
		{"store removed", func(dir string) error {
			return os.RemoveAll(filepath.Join(dir, "gen-000002", "store"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if err := Rebuild(context.Background(), dir, eachOf(reports[:5]), nil); err != nil {
				t.Fatal(err)
			}
			if err := tt.damage(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir, Options{ReadOnly: true})
			if corpus.ErrorCode(err) != corpus.EINTERNAL || !strings.Contains(err.Error(), "reindex") {
				t.Fatalf("Open of a damaged index: err = %v, want EINTERNAL suggesting a rebuild", err)
			}
			if err := Rebuild(context.Background(), dir, eachOf(reports), nil); err != nil {
				t.Fatalf("Rebuild of a damaged index: %v", err)
			}
			if n := count(t, dir); n != uint64(len(reports)) {
				t.Fatalf("Count = %d, want %d", n, len(reports))
			}
			if got := gens(t, dir); len(got) != 1 {
				t.Errorf("left behind: %v", got)
			}
		})
	}
}
