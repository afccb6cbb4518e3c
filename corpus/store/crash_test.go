package store

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// The crash test kills a writer at random moments and checks that the store
// it leaves is exactly the state after some whole number of batches.

const (
	crashNew     = 12 // new documents per batch: four files of three parts
	crashRepeats = 3  // documents of the previous batch read again from other files, re-analysed
	crashMarked  = 6  // new documents of each batch marked indexed after its Put
)

// crashBatch is batch i of the writer: deterministic, so the test can
// rebuild what any prefix of the batches should have stored.
func crashBatch(i int) []corpus.Entry {
	seen := t0.Add(time.Duration(i) * time.Minute)
	var b []corpus.Entry
	for j := range crashNew {
		source := fmt.Sprintf("批次%03d/%d.docx", i, j/3)
		b = append(b, entry(reportText(crashDoc(i, j), 3000), source, j%3+1, 3, fmt.Sprintf("h%03d-%d", i, j/3), seen, 1))
	}
	if i > 0 {
		for j := range crashRepeats {
			source := fmt.Sprintf("转载/%03d-%d.txt", i, j)
			b = append(b, entry(reportText(crashDoc(i-1, j), 3000), source, 1, 1, fmt.Sprintf("r%03d-%d", i, j), seen, i+1))
		}
	}
	return b
}

func crashDoc(i, j int) int { return 1_000_000 + i*100 + j }

// crashWriter is the helper process: it Puts batch after batch from start,
// printing each commit, until it is killed.
func crashWriter(path string, start int) int {
	ctx := context.Background()
	s, err := Open(path, Options{Timeout: 10 * time.Second})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	for i := start; i < start+100000; i++ {
		batch := crashBatch(i)
		if _, err := s.Put(ctx, batch); err != nil {
			fmt.Println("error", err)
			return 1
		}
		fmt.Println("committed", i)
		var ids []string
		for _, e := range batch[:crashMarked] {
			ids = append(ids, e.Report.ID)
		}
		if err := s.MarkIndexed(ctx, ids); err != nil {
			fmt.Println("error", err)
			return 1
		}
	}
	return 0
}

// crashModel is what batches 0..n-1 should have stored.
type crashModel struct {
	version   map[string]int
	origins   map[string][]string // sorted origin keys
	unindexed map[string]bool     // documents that must be waiting for the index
	files     map[string]string   // source → hash
}

func originKey(o corpus.Origin) string {
	return fmt.Sprintf("%s|%s|%d|%s", o.Source, o.Member, o.Part, o.FileHash)
}

func buildModel(n int) crashModel {
	m := crashModel{version: map[string]int{}, origins: map[string][]string{}, unindexed: map[string]bool{}, files: map[string]string{}}
	for i := range n {
		for j, e := range crashBatch(i) {
			id := e.Report.ID
			m.version[id] = max(m.version[id], e.Report.Version)
			if k := originKey(e.Origin); !slices.Contains(m.origins[id], k) {
				m.origins[id] = append(m.origins[id], k)
				slices.Sort(m.origins[id])
			}
			m.files[e.Origin.Source] = e.Origin.FileHash
			if j >= crashMarked {
				m.unindexed[id] = true // never marked, or re-analysed after being marked
			}
		}
	}
	return m
}

func TestCrash(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the helper process is killed with SIGKILL")
	}
	if testing.Short() {
		t.Skip("kills a writer several times")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lvzhi.db")
	rng := rand.New(rand.NewPCG(2024, 11))
	next := 0 // the first batch not known to be committed
	for round := range 6 {
		delay := time.Duration(rng.IntN(400)) * time.Millisecond
		last := killWriter(t, path, next, delay)
		if last < next-1 {
			last = next - 1
		}
		// Batches ..last are committed; batch last+1 may be, wholly or not at all.
		lo, hi := buildModel(last+1), buildModel(last+2)
		t.Logf("round %d: killed after %v, batch %d committed", round, delay, last)

		s := mustOpen(t, path, Options{Timeout: 5 * time.Second})
		ids := collect(t, s.IDs)
		var m crashModel
		switch {
		case slices.Equal(ids, slices.Sorted(maps.Keys(lo.version))):
			m = lo
		case slices.Equal(ids, slices.Sorted(maps.Keys(hi.version))):
			m = hi
		default:
			t.Fatalf("round %d: %d documents stored; want %d (through batch %d) or %d (through %d)",
				round, len(ids), len(lo.version), last, len(hi.version), last+1)
		}
		checkCrashStore(t, s, m)
		s.Close()
		next = last + 1
	}

	// Put everything again: every committed batch changes nothing, the
	// next one is new.
	s := mustOpen(t, path, Options{})
	n, _ := s.Count(ctx)
	// Each batch adds crashNew documents (its repeats are stored already).
	batches := n / crashNew
	if n%crashNew != 0 || batches == 0 {
		t.Fatalf("%d documents is not a whole, non-zero number of batches", n)
	}
	for i := range batches {
		b := crashBatch(i)
		if res := mustPut(t, s, b...); res != (corpus.PutResult{Unchanged: len(b)}) {
			t.Errorf("re-Put of batch %d = %+v, want %d unchanged", i, res, len(b))
		}
	}
	if res := mustPut(t, s, crashBatch(batches)...); res != (corpus.PutResult{New: crashNew, Unchanged: crashRepeats}) {
		t.Errorf("Put of batch %d = %+v, want %d new %d unchanged", batches, res, crashNew, crashRepeats)
	}
}

// killWriter runs the writer from batch start, kills it after delay and
// returns the last batch it reported committed (start-1 if none).
func killWriter(t *testing.T, path string, start int, delay time.Duration) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LVZHI_STORE_HELPER=crash", "LVZHI_STORE_PATH="+path, "LVZHI_STORE_START="+strconv.Itoa(start))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan []string)
	go func() {
		var got []string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			got = append(got, sc.Text())
		}
		lines <- got
	}()
	time.Sleep(delay)
	_ = cmd.Process.Kill()
	got := <-lines
	_ = cmd.Wait()

	last := start - 1
	for _, l := range got {
		if strings.HasPrefix(l, "error") {
			t.Fatalf("writer: %s", l)
		}
		if n, ok := strings.CutPrefix(l, "committed "); ok {
			i, err := strconv.Atoi(n)
			if err != nil || i != last+1 {
				t.Fatalf("writer printed %q after batch %d", l, last)
			}
			last = i
		}
	}
	return last
}

func checkCrashStore(t *testing.T, s *Store, m crashModel) {
	t.Helper()
	ctx := context.Background()
	if n, err := s.Count(ctx); err != nil || n != len(m.version) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(m.version))
	}
	walked := 0
	err := s.Each(ctx, func(r *corpus.Report) error {
		walked++
		if r.Version != m.version[r.ID] {
			t.Errorf("%s: analysis version %d, want %d", r.ID, r.Version, m.version[r.ID])
		}
		origins, err := s.Origins(ctx, r.ID)
		if err != nil {
			return err
		}
		var keys []string
		for _, o := range origins {
			keys = append(keys, originKey(o))
		}
		slices.Sort(keys)
		if !slices.Equal(keys, m.origins[r.ID]) {
			t.Errorf("%s: origins %v, want %v", r.ID, keys, m.origins[r.ID])
		}
		return nil
	})
	if err != nil || walked != len(m.version) {
		t.Errorf("Each walked %d, %v; want %d", walked, err, len(m.version))
	}
	unindexed := map[string]bool{}
	for _, id := range collect(t, s.Unindexed) {
		if _, ok := m.version[id]; !ok {
			t.Errorf("unindexed %s is not stored", id)
		}
		unindexed[id] = true
	}
	for id := range m.unindexed {
		if !unindexed[id] {
			t.Errorf("%s should be waiting for the index", id)
		}
	}
	for source, hash := range m.files {
		if got, err := s.FileHash(ctx, source, ""); err != nil || got != hash {
			t.Errorf("FileHash(%s) = %q, %v; want %q", source, got, err, hash)
		}
	}
}
