package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"lvzhi/corpus"
	"lvzhi/corpus/store"
	"lvzhi/index"
)

// The process's one segmenter: gse's dictionary loads once, lazily (search
// never needs it), and is shared read-only by extract and the index's
// tokenizer. bleve's registry is process-global too, so registration
// happens once.
var (
	segmenter    = index.NewSegmenter()
	registerOnce sync.Once
	registerErr  error
)

func registerIndex() error {
	registerOnce.Do(func() { registerErr = index.Register(segmenter) })
	return registerErr
}

// lockTimeout is how long a command waits for another lvzhi process that
// holds the data directory before it says so.
const lockTimeout = 2 * time.Second

// app is an open data directory: the store (the source of truth) and the
// index built from it.
type app struct {
	e   *env
	dir string
	st  *store.Store
	ix  *index.Index
	cx  *copyChecker // during an ingest: the copy check, which the index waits for
}

func storePath(dir string) string { return filepath.Join(dir, "store.db") }
func indexPath(dir string) string { return filepath.Join(dir, "index") }

// access is how a command opens a part of the data directory.
type access int

const (
	none access = iota
	read
	write
)

// openApp opens the store and the index of the data directory as asked.
func openApp(e *env, dir string, storeAccess, indexAccess access) (*app, error) {
	a := &app{e: e, dir: dir}
	if indexAccess != none {
		if err := registerIndex(); err != nil {
			return nil, err
		}
	}
	if storeAccess != none {
		st, err := store.Open(storePath(dir), store.Options{ReadOnly: storeAccess == read, Timeout: lockTimeout})
		if err != nil {
			return nil, err
		}
		a.st = st
	}
	if indexAccess != none {
		ix, err := index.Open(indexPath(dir), index.Options{ReadOnly: indexAccess == read, Timeout: lockTimeout})
		if err != nil {
			a.Close()
			return nil, err
		}
		a.ix = ix
	}
	return a, nil
}

func (a *app) Close() error {
	var first error
	if a.ix != nil {
		first = a.ix.Close()
	}
	if a.st != nil {
		if err := a.st.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// commit stores a batch, then brings the index up to date with it.
func (a *app) commit(ctx context.Context, batch []corpus.Entry) (corpus.PutResult, error) {
	res, err := a.st.Put(ctx, batch)
	if err != nil {
		return res, err
	}
	known := make(map[string]*corpus.Report, len(batch))
	for i := range batch {
		known[batch[i].Report.ID] = &batch[i].Report
	}
	if a.cx != nil {
		// An ingest with the copy check: fingerprint now, check and index
		// once all files are in (see copyChecker).
		return res, a.cx.batch(ctx, known)
	}
	return res, a.syncIndex(ctx, known)
}

// syncIndex indexes every document the store marks as not yet indexed: the
// batch just stored, and anything a killed run stored but did not index.
// Reports in known are used as they are; others are read from the store.
func (a *app) syncIndex(ctx context.Context, known map[string]*corpus.Report) error {
	var ids []string
	if err := a.st.Unindexed(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	if err := segmenter.Load(); err != nil {
		return err
	}
	const chunk = 512
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		reports := make([]*corpus.Report, 0, n)
		for _, id := range ids[:n] {
			r, ok := known[id]
			if !ok {
				var err error
				if r, err = a.st.GetForIndex(ctx, id); err != nil {
					return err
				}
			}
			reports = append(reports, r)
		}
		if err := a.ix.Put(ctx, reports); err != nil {
			return fmt.Errorf("写入索引 %s 失败: %w", indexPath(a.dir), err)
		}
		if err := a.st.MarkIndexed(ctx, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
