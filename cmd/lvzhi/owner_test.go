package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus/corpustest"
)

// TestReadDuringIngest is issue 13's reading-while-writing in the command
// line: while `lvzhi ingest` writes 1,500 reports, search, stats, flags and
// show answer (through the ingest's socket) with exit 0, quickly, and
// totals that only grow; a second ingest is refused naming the first.
func TestReadDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 1,500 reports in a child process")
	}
	root := t.TempDir()
	data, files := filepath.Join(root, "data"), filepath.Join(root, "files")
	seed := filepath.Join(root, "seed")
	for _, d := range corpustest.Generate(3, 1) {
		writeDoc(t, seed, d)
	}
	mustRun(t, "ingest", "--data", data, seed)
	for _, d := range corpustest.Generate(4, 1500) {
		writeDoc(t, files, d)
	}

	ingest := exec.Command(lvzhiBinary(t), "ingest", "--data", data, files)
	var ierr bytes.Buffer
	ingest.Stderr = &ierr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ingest.Wait() }()
	// Wait until the ingest owns the directory (its socket answers).
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(data, "lvzhi.sock")); err == nil {
			break
		}
	}
	rounds, through, last := 0, 0, -1
	second := false
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("ingest: %v\n%s", err, ierr.String())
			}
			running = false
			continue
		default:
		}
		rounds++
		start := time.Now()
		r := mustRun(t, "search", "--data", data, "--json", "--limit", "3")
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("round %d: search took %s", rounds, took)
		}
		var res struct {
			Total int
			Hits  []struct{ ID string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("round %d: %v\n%s", rounds, err, r.stdout)
		}
		if res.Total < last {
			t.Errorf("round %d: %d documents after %d", rounds, res.Total, last)
		}
		last = res.Total
		if strings.Contains(r.stderr, "已提交的内容") {
			through++
		}
		for _, h := range res.Hits {
			mustRun(t, "show", "--data", data, "--no-text", h.ID)
		}
		mustRun(t, "stats", "--data", data)
		mustRun(t, "flags", "--data", data, "--limit", "3")
		if !second {
			second = true
			if r := runLvzhi(t, "ingest", "--data", data, seed); r.code == 0 || !strings.Contains(r.stderr, "进程") {
				t.Errorf("a second ingest during the first: exit %d\n%s", r.code, r.stderr)
			}
		}
	}
	t.Logf("%d rounds of search/show/stats/flags during the ingest, %d answered through its socket", rounds, through)
	if through == 0 {
		t.Errorf("no read went through the ingest's socket: nothing was tested")
	}
	if r := mustRun(t, "search", "--data", data, "--json", "--limit", "1"); !strings.Contains(r.stdout, `"total": 1501`) {
		t.Errorf("after the ingest: %s", r.stdout[:min(200, len(r.stdout))])
	}
	if _, err := os.Stat(filepath.Join(data, "lvzhi.sock")); err == nil {
		t.Errorf("the socket outlived the ingest")
	}
}

func writeDoc(t *testing.T, dir string, d corpustest.Doc) {
	t.Helper()
	p := filepath.Join(dir, d.Name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(d.Text), 0o644); err != nil {
		t.Fatal(err)
	}
}
