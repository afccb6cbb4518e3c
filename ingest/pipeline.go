package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"lvzhi/corpus"
)

// Pipeline reads files, analyses their documents on every core and hands
// them to Commit in batches, in bounded memory: one goroutine walks, Workers
// goroutines read and analyse, and the calling goroutine commits. A bad file
// is reported and skipped; each file is read within the budget of Options
// (its text, what it decodes, a deadline). Cancelling ctx stops the walk
// and every reader within a fraction of a second, commits what was already
// analysed, and returns ctx's error; the files being read when ctx was
// cancelled are neither committed nor reported.
type Pipeline struct {
	Options Options

	// Analyze analyses one document (extract.Analyze).
	Analyze func(*corpus.Document) corpus.Analysis

	// Commit stores a batch; it is called from one goroutine only.
	Commit func(ctx context.Context, batch []corpus.Entry) (corpus.PutResult, error)

	// Unchanged, when set, reports whether this source was ingested before
	// with exactly these bytes, so its documents need no new analysis.
	Unchanged func(ctx context.Context, src Source, hash string) bool

	// Progress, when set, is called from the committing goroutine after each
	// file; it must be quick.
	Progress func(Progress)

	Workers   int   // default GOMAXPROCS
	BatchDocs int   // documents per commit, default 256
	BatchSize int64 // bytes of text per commit, default 16 MiB
	// Buffer bounds the text analysed and waiting for the committer,
	// default 16 MiB: enough for the workers to go on while a batch is
	// written, bounded so that memory stays flat however large the corpus.
	Buffer int64

	Now func() time.Time // default time.Now
}

// Progress is the state of a running pipeline.
type Progress struct {
	Files int   // files finished (read, unchanged or failed)
	Bytes int64 // bytes of those files
	Docs  int   // documents analysed
}

// Summary is what a run did.
type Summary struct {
	Files     int   // files reached (plain files and zip members)
	Read      int   // files read and analysed
	Unchanged int   // files ingested before with the same bytes
	Failed    int   // files that could not be read
	Bytes     int64 // bytes of the files reached
	Documents int   // documents analysed
	Text      int64 // bytes of their normalised text
	New       int   // documents not stored before
	Known     int   // documents already stored
	Errors    []error
	// Warnings are doubts about files that were read and stored (each a
	// *FileError wrapping WarnEncoding): print them apart from Errors.
	Warnings []error
	Elapsed  time.Duration
}

// job is one file's outcome, passed from a worker to the committer.
type job struct {
	src       Source
	size      int64
	entries   []corpus.Entry
	unchanged bool
	stopped   bool // ctx was cancelled while the file was read: no outcome
	warnings  []error
	err       error
}

// Run ingests every file under paths.
func (p *Pipeline) Run(ctx context.Context, paths []string) (Summary, error) {
	now := p.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	batchDocs, batchSize := p.BatchDocs, p.BatchSize
	if batchDocs <= 0 {
		batchDocs = 256
	}
	if batchSize <= 0 {
		batchSize = 16 << 20
	}

	// The walk stops when the committer fails, not only on ctx.
	walkCtx, stopWalk := context.WithCancel(ctx)
	defer stopWalk()

	buffer := p.Buffer
	if buffer <= 0 {
		buffer = 16 << 20
	}
	sources := make(chan job, workers*2)
	// results holds many analysed files so that the workers keep both cores
	// busy while the committer writes a batch; inflight bounds their text
	// (Buffer), the batch being filled is bounded by BatchSize.
	results := make(chan job, 4096)
	inflight := newBudget(buffer)
	var walkErr error
	go func() {
		defer close(sources)
		walkErr = Walk(walkCtx, paths, p.Options, func(src Source, err error) error {
			select {
			case sources <- job{src: src, size: src.Size, err: err}:
				return nil
			case <-walkCtx.Done():
				return walkCtx.Err()
			}
		})
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range sources {
				if walkCtx.Err() != nil {
					continue // stopping: drain so the walker never blocks
				}
				if j.err == nil {
					p.read(walkCtx, &j, now)
				}
				inflight.acquire(j.text())
				results <- j // the committer drains results until they close
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var (
		sum       Summary
		prog      Progress
		batch     []corpus.Entry
		batchText int64
		commitErr error
	)
	flush := func() {
		if len(batch) == 0 || commitErr != nil {
			return
		}
		// A cancelled ctx must not lose work already analysed: commit with a
		// context of its own.
		res, err := p.Commit(context.WithoutCancel(ctx), batch)
		if err != nil {
			commitErr = err
			stopWalk()
			batch, batchText = nil, 0
			return
		}
		sum.New += res.New
		sum.Known += res.Unchanged
		clear(batch) // drop the references so the committed reports can be freed
		batch, batchText = batch[:0], 0
	}
	for j := range results {
		// The buffer bounds what waits in results; the batch is bounded by
		// BatchDocs and BatchSize on its own, so the committer never waits
		// for workers that wait for it.
		inflight.release(j.text())
		if commitErr != nil || j.stopped {
			continue // the store failed: drain, commit nothing more
		}
		sum.Files++
		sum.Bytes += j.size
		prog.Files++
		prog.Bytes += j.size
		for _, w := range j.warnings {
			sum.Warnings = append(sum.Warnings, &FileError{Path: j.src.Path, Member: j.src.Member, Err: w})
		}
		switch {
		case j.err != nil:
			sum.Failed++
			sum.Errors = append(sum.Errors, j.err)
		case j.unchanged:
			sum.Unchanged++
		default:
			sum.Read++
			sum.Documents += len(j.entries)
			sum.Text += j.text()
			prog.Docs += len(j.entries)
			for _, e := range j.entries {
				batch = append(batch, e)
				batchText += int64(len(e.Report.Text))
			}
			if len(batch) >= batchDocs || batchText >= batchSize {
				flush()
			}
		}
		if p.Progress != nil {
			p.Progress(prog)
		}
	}
	flush()
	sortErrors(sum.Errors)
	sortErrors(sum.Warnings)
	sum.Elapsed = now().Sub(start)
	if commitErr != nil {
		return sum, commitErr
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		return sum, walkErr
	}
	return sum, nil
}

// text is the bytes of document text a job carries.
func (j *job) text() int64 {
	var n int64
	for _, e := range j.entries {
		n += int64(len(e.Report.Text))
	}
	return n
}

// budget is a counting semaphore over bytes. A single request larger than
// the whole budget is let through when nothing else is held, so that one
// huge file cannot deadlock the pipeline.
type budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int64
	used  int64
}

func newBudget(limit int64) *budget {
	b := &budget{limit: limit}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *budget) acquire(n int64) {
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.limit {
		b.cond.Wait()
	}
	b.used += n
	b.mu.Unlock()
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// read reads and analyses one file into j.
func (p *Pipeline) read(ctx context.Context, j *job, now func() time.Time) {
	f, err := ReadContext(ctx, j.src, p.Options)
	if err != nil {
		if stopped(ctx, err) {
			j.stopped = true
			return
		}
		j.err = err
		return
	}
	if p.Unchanged != nil && p.Unchanged(ctx, j.src, f.Hash) {
		j.unchanged = true // its warnings were said when it was stored
		return
	}
	j.warnings = f.Warnings
	// An extractor's panic is a bug, but it must cost one file, not the
	// batch: it becomes this file's error.
	defer func() {
		if r := recover(); r != nil {
			j.entries = nil
			j.err = &FileError{Path: j.src.Path, Member: j.src.Member, Err: fmt.Errorf("分析失败（程序错误，请报告）：%v", r)}
		}
	}()
	seen := now()
	for i := range f.Docs {
		if ctx.Err() != nil {
			j.entries, j.stopped = nil, true
			return
		}
		doc := &f.Docs[i]
		a := p.Analyze(doc)
		j.entries = append(j.entries, corpus.Entry{
			Report: corpus.Report{Document: *doc, Analysis: a},
			Origin: corpus.Origin{Source: doc.Source, Member: doc.Member, Part: doc.Part, FileHash: f.Hash, Seen: seen, Received: j.src.ModTime},
		})
	}
}

// sortErrors orders file errors by path so a summary reads like a listing.
func sortErrors(errs []error) {
	key := func(err error) string {
		var fe *FileError
		if errors.As(err, &fe) {
			return corpus.Provenance(fe.Path, fe.Member)
		}
		return err.Error()
	}
	sort.SliceStable(errs, func(i, j int) bool { return key(errs[i]) < key(errs[j]) })
}
