package app

import (
	"context"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/index"
)

// ReindexOptions says how Reindex lays out the new index.
type ReindexOptions struct {
	// ShardBy is index.ShardYear (one bleve index per year, searched as
	// one) or index.ShardNone (one index); "" keeps the current index's.
	ShardBy index.Sharding
}

// Reindex rebuilds the search index from the store. The new index is built
// beside the current one and switched in at the end, so a failure or a kill
// leaves the old one in place.
func (a *App) Reindex(ctx context.Context, progress Progress, opt ReindexOptions) (int, error) {
	if err := a.writable(); err != nil {
		return 0, err
	}
	if err := segmenter.Load(); err != nil {
		return 0, err
	}
	if opt.ShardBy == "" {
		opt.ShardBy = a.ix.Sharding()
	}
	total, _ := a.st.Count(ctx)
	// Rebuild takes the index's write lock itself: hand ours over.
	if err := a.ix.Close(); err != nil {
		return 0, err
	}
	a.ix = nil
	n := 0
	err := index.Rebuild(ctx, IndexPath(a.dir), func(fn func(*corpus.Report) error) error {
		return a.st.Each(ctx, fn)
	}, func(done int) {
		n = done
		progress.emit(Event{Phase: PhaseIndex, Done: done, Total: total})
	}, index.RebuildOptions{ShardBy: opt.ShardBy})
	ix, oerr := index.Open(IndexPath(a.dir), index.Options{Timeout: a.lock})
	if err == nil {
		err = oerr
	}
	if oerr == nil {
		a.ix = ix
	}
	if err != nil {
		return n, err
	}
	// Everything stored is now in the index.
	var ids []string
	if err := a.st.Unindexed(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return n, err
	}
	return n, a.st.MarkIndexed(ctx, ids)
}

// IndexShards lists the shards of the search index (years, and "none" for
// reports without one), nil when it is one index or not open.
func (a *App) IndexShards() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ix == nil {
		return nil
	}
	return a.ix.Shards()
}

// ReanalyzeResult says what Reanalyze did.
type ReanalyzeResult struct {
	Seen    int // stored documents looked at
	Updated int // documents whose analysis was replaced
}

// Reanalyze re-runs the current extractors on every stored document whose
// analysis is older, and brings the index up to date.
func (a *App) Reanalyze(ctx context.Context, progress Progress) (ReanalyzeResult, error) {
	var res ReanalyzeResult
	if err := a.writable(); err != nil {
		return res, err
	}
	total, _ := a.st.Count(ctx)
	var batch []*corpus.Report
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := a.st.PutAnalyses(ctx, batch)
		res.Updated += n
		batch = batch[:0]
		return err
	}
	err := a.st.Each(ctx, func(r *corpus.Report) error {
		res.Seen++
		progress.emit(Event{Phase: PhaseAnalyse, Done: res.Seen, Total: total})
		if r.Version >= extract.Version {
			return nil
		}
		r.Analysis = extract.Analyze(&r.Document)
		batch = append(batch, r)
		if len(batch) >= 256 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return res, err
	}
	_, err = a.syncIndex(ctx, nil, progress)
	return res, err
}
