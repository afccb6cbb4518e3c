package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"lvzhi/corpus/corpustest"
)

// TestKillsAgreeWithCleanRun is issue 13's crash safety, proven by
// killing: three steps an office takes — ingest a folder, ingest it again
// after some reports were corrected (versions replaced), remove a
// sub-folder (copy sources removed, checks redone) — are run once
// cleanly, and once with at least 30 SIGKILLs at random points spread over
// the steps (reading, copy check, indexing, removal), each killed step run
// again until it completes. Afterwards store, search index and copy index
// must agree with the clean run: the same documents, states and copy
// ratios, every document indexed and checked. LVZHI_KILLS sets the number
// of kills (default 30).
func TestKillsAgreeWithCleanRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs an ingest, a re-ingest and a removal dozens of times")
	}
	kills := 30
	if s := os.Getenv("LVZHI_KILLS"); s != "" {
		fmt.Sscan(s, &kills)
	}
	files := t.TempDir()
	docs := corpustest.Generate(11, 160)
	write := func(d corpustest.Doc, text string) {
		p := filepath.Join(files, d.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// Fixed dates of receipt, the same in both runs.
		mt := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(len(d.Name)) * time.Hour)
		os.Chtimes(p, mt, mt)
	}
	for _, d := range docs {
		write(d, d.Text)
	}
	// The second step's corrections: every eighth report, one number.
	correct := func() {
		for i, d := range docs {
			if i%8 == 0 {
				write(d, strings.Replace(d.Text, "次", "次（更正）", 1))
			}
		}
	}
	sub := filepath.Dir(filepath.Join(files, docs[0].Name)) // a folder to remove
	steps := []struct {
		name   string
		before func()
		args   func(data string) []string
		done   func(r result) bool // a rerun after the step completed
	}{
		{"ingest", nil, func(data string) []string { return []string{"ingest", "--data", data, files} }, nil},
		{"re-ingest corrected", correct, func(data string) []string { return []string{"ingest", "--data", data, files} }, nil},
		{"remove a folder", nil, func(data string) []string { return []string{"remove", "--data", data, sub} },
			func(r result) bool { return strings.Contains(r.stderr, "没有从") }},
	}

	// The clean run, timing each step (after a warm-up, so that the first
	// step is not timed with cold caches and its kills land within it).
	warm := t.TempDir()
	writeDoc(t, warm, docs[0])
	mustRun(t, "ingest", "--data", filepath.Join(t.TempDir(), "warm"), warm)
	clean := filepath.Join(t.TempDir(), "clean")
	durations := make([]time.Duration, len(steps))
	restore := snapshotFiles(t, files)
	for i, s := range steps {
		if s.before != nil {
			s.before()
		}
		start := time.Now()
		mustRun(t, s.args(clean)...)
		durations[i] = time.Since(start)
	}
	want := dataState(t, clean)

	// Killed runs: the same steps on the same files, in a fresh data
	// directory per round, each step killed until one of its runs
	// completes (its reruns are shorter: what was done stays done), rounds
	// repeated until enough kills have landed.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	bin := lvzhiBinary(t)
	total, rounds := 0, 0
	perStep := make([]int, len(steps))
	for total < kills {
		rounds++
		restore()
		killed := filepath.Join(t.TempDir(), fmt.Sprintf("killed-%d", rounds))
		for i, s := range steps {
			if s.before != nil {
				s.before()
			}
			for {
				cmd := exec.Command(bin, s.args(killed)...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// A random point of the step as the clean run took it.
				at := time.Duration(rng.Int64N(int64(durations[i]))) + 20*time.Millisecond
				timer := time.AfterFunc(at, func() { cmd.Process.Signal(syscall.SIGKILL) })
				err := cmd.Wait()
				timer.Stop()
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
					total++
					perStep[i]++
					continue
				}
				if err != nil && (s.done == nil || !s.done(result{stderr: stderr.String()})) {
					t.Fatalf("round %d, %s: %v\n%s", rounds, s.name, err, stderr.String())
				}
				break // it completed before its kill
			}
		}
		t.Logf("round %d: %d kills so far %v", rounds, total, perStep)
		compareStates(t, want, dataState(t, killed))
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills in %d rounds (per step %v; clean steps took %v): every round agreed with the clean run", total, rounds, perStep, durations)
}

// snapshotFiles records the files under dir and returns a function that
// puts them back as they were (content and times).
func snapshotFiles(t *testing.T, dir string) func() {
	type file struct {
		data []byte
		mt   time.Time
	}
	saved := map[string]file{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			saved[p] = file{b, fi.ModTime()}
		}
		return nil
	})
	return func() {
		for p, f := range saved {
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p, f.mt, f.mt)
		}
	}
}

// docState is what the comparison checks of one stored document.
type docState struct {
	Status  string
	Counted bool
	Ratio   float64
	Self    float64
	Flags   string
}

type dirState struct {
	docs                      map[string]docState
	indexed, unindexed, uncop int
	boilerplate               int
}

// dataState reads a data directory through the command line: every
// document (export --json --status all), what stats says is pending, and
// what the index finds.
func dataState(t *testing.T, data string) dirState {
	t.Helper()
	out := filepath.Join(t.TempDir(), "all.json")
	mustRun(t, "export", "--data", data, "--status", "all", "--json", out)
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var reports []struct {
		ID     string `json:"id"`
		Copies *struct {
			Ratio float64 `json:"copy_ratio"`
			Self  float64 `json:"self_ratio"`
		} `json:"copies"`
		State *struct {
			Status  string `json:"status"`
			Counted bool   `json:"counted"`
		} `json:"state"`
		Flags []struct {
			Code string `json:"code"`
		} `json:"flags"`
	}
	if err := json.Unmarshal(raw, &reports); err != nil {
		var wrapped struct {
			Documents json.RawMessage `json:"documents"`
		}
		if json.Unmarshal(raw, &wrapped) != nil || json.Unmarshal(wrapped.Documents, &reports) != nil {
			t.Fatalf("export --json: %v", err)
		}
	}
	s := dirState{docs: map[string]docState{}}
	for _, r := range reports {
		var d docState
		if r.State != nil {
			d.Status, d.Counted = r.State.Status, r.State.Counted
		}
		if r.Copies != nil {
			d.Ratio, d.Self = r.Copies.Ratio, r.Copies.Self
		} else {
			d.Ratio = math.NaN()
		}
		var codes []string
		for _, f := range r.Flags {
			codes = append(codes, f.Code)
		}
		sort.Strings(codes)
		d.Flags = strings.Join(codes, ",")
		s.docs[r.ID] = d
	}
	var st struct {
		Unindexed       int `json:"unindexed"`
		UncheckedCopies int `json:"unchecked_copies"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "stats", "--data", data, "--json").stdout), &st); err != nil {
		t.Fatal(err)
	}
	s.unindexed, s.uncop = st.Unindexed, st.UncheckedCopies
	var res struct{ Total int }
	json.Unmarshal([]byte(mustRun(t, "search", "--data", data, "--status", "all", "--json", "--limit", "0").stdout), &res)
	s.indexed = res.Total
	json.Unmarshal([]byte(mustRun(t, "search", "--data", data, "--status", "all", "--flag", "boilerplate", "--json", "--limit", "0").stdout), &res)
	s.boilerplate = res.Total
	return s
}

func compareStates(t *testing.T, want, got dirState) {
	t.Helper()
	if got.unindexed != 0 || got.uncop != 0 {
		t.Errorf("after the kills: %d documents not indexed, %d without a copy check", got.unindexed, got.uncop)
	}
	if got.indexed != len(got.docs) {
		t.Errorf("the index finds %d documents, the store holds %d", got.indexed, len(got.docs))
	}
	if len(got.docs) != len(want.docs) || got.indexed != want.indexed || got.boilerplate != want.boilerplate {
		t.Errorf("documents %d (clean %d), indexed %d (clean %d), flagged boilerplate %d (clean %d)",
			len(got.docs), len(want.docs), got.indexed, want.indexed, got.boilerplate, want.boilerplate)
	}
	diff := 0
	for id, w := range want.docs {
		g, ok := got.docs[id]
		same := ok && g.Status == w.Status && g.Counted == w.Counted && g.Flags == w.Flags &&
			sameRatio(g.Ratio, w.Ratio) && sameRatio(g.Self, w.Self)
		if !same {
			if diff++; diff <= 10 {
				t.Errorf("%s: clean %+v, after kills %+v (stored %v)", id, w, g, ok)
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d documents differ from the clean run", diff, len(want.docs))
	}
}

// sameRatio compares two ratios, NaN (no check) equal to NaN.
func sameRatio(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-9
}
