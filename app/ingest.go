package app

import (
	"context"
	"fmt"
	"time"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/ingest"
)

// Phase names a stage of a long operation, for progress events.
type Phase string

const (
	PhaseRead    Phase = "read"    // reading, analysing and storing files
	PhaseCopies  Phase = "copies"  // the copy check
	PhaseIndex   Phase = "index"   // writing the search index
	PhaseRemove  Phase = "remove"  // removing documents
	PhaseAnalyse Phase = "analyse" // re-analysing stored documents
)

// Label is the Chinese name of a phase.
func (p Phase) Label() string {
	switch p {
	case PhaseRead:
		return "导入"
	case PhaseCopies:
		return "复制比检查"
	case PhaseIndex:
		return "写入索引"
	case PhaseRemove:
		return "删除"
	case PhaseAnalyse:
		return "重新分析"
	}
	return string(p)
}

// Event reports the progress of a long operation. Done and Total count the
// phase's units (files while reading, documents after); Total is 0 when
// unknown.
type Event struct {
	Phase Phase
	Done  int
	Total int
	Bytes int64 // bytes of files read (PhaseRead)
	Docs  int   // documents analysed (PhaseRead)
}

// Progress receives events. It is called from one goroutine at a time and
// must be quick.
type Progress func(Event)

func (p Progress) emit(e Event) {
	if p != nil {
		p(e)
	}
}

// IngestOptions configures Ingest.
type IngestOptions struct {
	Workers  int            // files read and analysed in parallel; 0: GOMAXPROCS
	Read     ingest.Options // the readers' limits
	Progress Progress
	// CountFiles walks the paths once first, for a progress total.
	CountFiles bool
	// Reference ingests the files as reference material (template-site
	// pages, model texts, archives): searchable and a copy source, never
	// counted as reports.
	Reference bool
}

// IngestResult says what an ingest did.
type IngestResult struct {
	ingest.Summary
	Copies CopyStats
	// Indexed is how many documents were written to the search index, and
	// IndexElapsed how long it took.
	Indexed      int
	IndexElapsed time.Duration
}

// Ingest reads, analyses and stores every file under paths, then runs the
// copy check on what is new and writes the search index. Files are read
// and analysed on every core and committed in bounded batches; a bad file
// is reported in the result and skipped. Cancelling ctx keeps every
// committed batch: the next ingest finishes the copy check and the index.
func (a *App) Ingest(ctx context.Context, paths []string, opt IngestOptions) (IngestResult, error) {
	var res IngestResult
	if err := a.writable(); err != nil {
		return res, err
	}
	// The index's tokenizer needs gse's dictionary; it loads while the
	// first files are read and analysed (syncIndex waits for it).
	go segmenter.Load()
	// What a killed run left half done (states to derive, documents to
	// fingerprint, check or index) is finished by settle, with this run's
	// documents.
	cx := a.newCopyChecker()
	total := 0
	if opt.CountFiles && opt.Progress != nil {
		_ = ingest.Walk(ctx, paths, opt.Read, func(ingest.Source, error) error { total++; return nil })
	}
	p := &ingest.Pipeline{
		Options: opt.Read,
		Analyze: extract.Analyze,
		Commit: func(ctx context.Context, batch []corpus.Entry) (corpus.PutResult, error) {
			for i := range batch {
				batch[i].Origin.Reference = opt.Reference
			}
			r, err := a.st.Put(ctx, batch)
			if err != nil {
				return r, err
			}
			// Fingerprint now, from the texts in hand; check and index
			// once all files are in.
			return r, cx.batch(ctx, batch)
		},
		Unchanged: func(ctx context.Context, src ingest.Source, hash string) bool {
			h, err := a.st.FileHash(ctx, src.Path, src.Member)
			return err == nil && h == hash
		},
		Workers: opt.Workers,
	}
	if opt.Progress != nil {
		p.Progress = func(pr ingest.Progress) {
			opt.Progress(Event{Phase: PhaseRead, Done: pr.Files, Total: total, Bytes: pr.Bytes, Docs: pr.Docs})
		}
	}
	sum, err := p.Run(ctx, paths)
	res.Summary = sum
	if err != nil {
		return res, err
	}
	s, err := a.settle(ctx, cx, opt.Progress)
	res.Copies, res.Indexed, res.IndexElapsed = s.Copies, s.Indexed, s.IndexElapsed
	return res, err
}

// settled says what settle did.
type settled struct {
	Copies       CopyStats
	Indexed      int
	IndexElapsed time.Duration
}

// settle brings everything derived up to date after documents changed:
// how each document counts (versions, reference material), the copy index
// (documents no longer active leave it), the copy check of what is new or
// affected, which needs every document in; then each changed document
// goes to the search index once, with its final flags.
func (a *App) settle(ctx context.Context, cx *copyChecker, progress Progress) (settled, error) {
	var s settled
	if cx == nil {
		cx = a.newCopyChecker()
	}
	if err := a.reconcileDirty(ctx); err != nil {
		return s, err
	}
	// The copy index holds the active documents, each with its key.
	var leaving []string
	if err := a.st.Uncopy(ctx, func(id string) error { leaving = append(leaving, id); return nil }); err != nil {
		return s, err
	}
	if err := cx.leave(ctx, leaving); err != nil {
		return s, err
	}
	if err := a.st.LeftCopies(ctx, leaving); err != nil {
		return s, err
	}
	if err := cx.addMissing(ctx); err != nil {
		return s, err
	}
	cx.progress = progress
	if err := cx.checkWaiting(ctx); err != nil {
		return s, err
	}
	s.Copies = cx.stats
	start := time.Now()
	n, err := a.syncIndex(ctx, nil, progress)
	s.Indexed, s.IndexElapsed = n, time.Since(start)
	return s, err
}

// SetReference marks the documents read from files at or under paths as
// reference material (ref) or as reports again, and brings their states,
// copy checks and the index up to date. It returns how many documents
// changed.
func (a *App) SetReference(ctx context.Context, paths []string, ref bool) (int, error) {
	if err := a.writable(); err != nil {
		return 0, err
	}
	ids, err := a.st.SetReference(ctx, paths, ref)
	if err != nil {
		return 0, err
	}
	_, err = a.settle(ctx, nil, nil)
	return len(ids), err
}

// syncIndex indexes every document the store marks as not yet indexed: the
// documents just stored or re-checked, and anything a killed run stored
// but did not index. Reports in known are used as they are; others are
// read from the store. It returns how many documents it indexed.
func (a *App) syncIndex(ctx context.Context, known map[string]*corpus.Report, progress Progress) (int, error) {
	var ids []string
	if err := a.st.Unindexed(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	if err := segmenter.Load(); err != nil {
		return 0, err
	}
	const chunk = 512
	total, done := len(ids), 0
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		reports := make([]*corpus.Report, 0, n)
		for _, id := range ids[:n] {
			r, ok := known[id]
			if !ok {
				var err error
				if r, err = a.st.GetForIndex(ctx, id); err != nil {
					return done, err
				}
			}
			reports = append(reports, r)
		}
		if err := a.ix.Put(ctx, reports); err != nil {
			return done, fmt.Errorf("写入索引 %s 失败: %w", IndexPath(a.dir), err)
		}
		if err := a.st.MarkIndexed(ctx, ids[:n]); err != nil {
			return done, err
		}
		done += n
		progress.emit(Event{Phase: PhaseIndex, Done: done, Total: total})
		ids = ids[n:]
	}
	return done, nil
}
