package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

// writeFiles writes n small reports (one in three as GBK, one in five in a
// zip) and the given bad files into a new directory.
func writeFiles(t *testing.T, n int, bad map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	var zipped []ingesttest.ZipEntry
	for i := range n {
		text := fmt.Sprintf("第%d号代表述职报告\n各位选民：\n本人于2020年当选为镇人大代表，全年参加视察%d次。\n", i, i%7+1)
		name := fmt.Sprintf("r%03d.txt", i)
		data := []byte(text)
		if i%3 == 0 {
			var err error
			if data, err = ingesttest.Encode(text, "gbk"); err != nil {
				t.Fatal(err)
			}
		}
		if i%5 == 0 {
			zipped = append(zipped, ingesttest.ZipEntry{Name: "批次/" + name, Data: data})
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(zipped) > 0 {
		if err := os.WriteFile(filepath.Join(dir, "batch.zip"), ingesttest.Zip(zipped), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range bad {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func analyzeStub(d *corpus.Document) corpus.Analysis {
	return corpus.Analysis{Version: 1, Kind: corpus.KindDutyReport}
}

func TestPipeline(t *testing.T) {
	dir := writeFiles(t, 60, map[string][]byte{"empty.txt": nil, "junk.txt": {0, 1, 2, 0, 0, 3}})
	var committed []corpus.Entry
	var batches int
	p := &Pipeline{
		Analyze: analyzeStub,
		Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
			batches++
			committed = append(committed, b...)
			return corpus.PutResult{New: len(b)}, nil
		},
		Workers:   3,
		BatchDocs: 7,
	}
	sum, err := p.Run(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Files != 62 || sum.Read != 60 || sum.Failed != 2 || sum.Documents != 60 || sum.New != 60 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.Errors) != 2 {
		t.Fatalf("errors %v", sum.Errors)
	}
	for _, err := range sum.Errors {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("not a FileError: %v", err)
		}
	}
	if batches < 60/7 {
		t.Errorf("%d batches for 60 documents of at most 7", batches)
	}
	ids := map[string]bool{}
	for _, e := range committed {
		if ids[e.Report.ID] {
			t.Errorf("document %s committed twice", e.Report.ID)
		}
		ids[e.Report.ID] = true
		if e.Origin.FileHash == "" || e.Origin.Source == "" || e.Origin.Part != e.Report.Part {
			t.Errorf("incomplete origin %+v", e.Origin)
		}
		if e.Report.ID != corpus.DocumentID(e.Report.Text) {
			t.Errorf("ID does not match the text")
		}
	}
	if len(ids) != 60 {
		t.Errorf("%d distinct documents committed, want 60", len(ids))
	}
}

func TestPipelineUnchanged(t *testing.T) {
	dir := writeFiles(t, 10, nil)
	var analysed atomic.Int32
	p := &Pipeline{
		Analyze: func(d *corpus.Document) corpus.Analysis {
			analysed.Add(1)
			return analyzeStub(d)
		},
		Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
			return corpus.PutResult{Unchanged: len(b)}, nil
		},
		Unchanged: func(_ context.Context, src Source, hash string) bool { return src.Member != "" },
	}
	sum, err := p.Run(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	// The two zip members (files 0 and 5) are "unchanged": read, not analysed.
	if sum.Unchanged != 2 || sum.Read != 8 || int(analysed.Load()) != 8 {
		t.Errorf("summary %+v, analysed %d", sum, analysed.Load())
	}
}

func TestPipelineCommitError(t *testing.T) {
	dir := writeFiles(t, 40, nil)
	boom := errors.New("disk full")
	calls := 0
	p := &Pipeline{
		Analyze: analyzeStub,
		Commit: func(context.Context, []corpus.Entry) (corpus.PutResult, error) {
			calls++
			return corpus.PutResult{}, boom
		},
		BatchDocs: 5,
	}
	_, err := p.Run(t.Context(), []string{dir})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the commit error", err)
	}
	if calls != 1 {
		t.Errorf("commit called %d times after failing", calls)
	}
}

func TestPipelineCancel(t *testing.T) {
	dir := writeFiles(t, 50, nil)
	ctx, cancel := context.WithCancel(t.Context())
	var committed int
	p := &Pipeline{
		Analyze: analyzeStub,
		Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
			committed += len(b)
			return corpus.PutResult{New: len(b)}, nil
		},
		Progress: func(pr Progress) {
			if pr.Files == 10 {
				cancel()
			}
		},
		BatchDocs: 1000,
	}
	sum, err := p.Run(ctx, []string{dir})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// What was analysed before the cancel is committed, not lost.
	if committed < 10 || committed != sum.Documents {
		t.Errorf("committed %d of %d analysed documents", committed, sum.Documents)
	}
	if sum.Failed != 0 {
		t.Errorf("cancelled files counted as failures: %+v", sum)
	}
}

// TestPipelineCommitErrorBuffered fails the store while the workers have
// filled the buffer: the run must end with the error, not hang.
func TestPipelineCommitErrorBuffered(t *testing.T) {
	dir := writeFiles(t, 80, nil)
	boom := errors.New("disk full")
	p := &Pipeline{
		Analyze: analyzeStub,
		Commit: func(context.Context, []corpus.Entry) (corpus.PutResult, error) {
			return corpus.PutResult{}, boom
		},
		BatchDocs: 40,
		Buffer:    200, // a few documents' worth of text
		Workers:   4,
	}
	if _, err := p.Run(t.Context(), []string{dir}); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the commit error", err)
	}
}

// TestPipelineAnalyzePanic: a panic in the analysis of one file fails that
// file, names it, and the batch goes on.
func TestPipelineAnalyzePanic(t *testing.T) {
	dir := writeFiles(t, 10, nil)
	var committed int
	p := &Pipeline{
		Analyze: func(d *corpus.Document) corpus.Analysis {
			if strings.Contains(d.Text, "第3号") {
				panic("boom")
			}
			return analyzeStub(d)
		},
		Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
			committed += len(b)
			return corpus.PutResult{New: len(b)}, nil
		},
	}
	sum, err := p.Run(t.Context(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || committed != 9 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0].Error(), "r003.txt") {
		t.Errorf("summary %+v, committed %d, errors %v", sum, committed, sum.Errors)
	}
}
