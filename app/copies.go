package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"lvzhi/corpus"
	"lvzhi/index/copies"
)

// CopyStats says what a copy check did.
type CopyStats struct {
	New     int // documents checked for the first time
	Related int // earlier documents checked again because a new one shares passages with them
	Elapsed time.Duration
}

func (s *CopyStats) add(o CopyStats) {
	s.New += o.New
	s.Related += o.Related
	s.Elapsed += o.Elapsed
}

// copyChecker runs the copy check of an ingest. While the files are read,
// each stored batch is only fingerprinted; once all are in, every document
// without a current check is checked against all the others, and so is
// every earlier document that shares passages with one of them. Then the
// index is written, once per document, with the final flags. The store
// records what is done: a check is stored only once complete, so a killed
// run is finished by the next.
type copyChecker struct {
	a        *App
	ix       *copies.Index
	texts    *textCache
	stats    CopyStats
	progress Progress
}

func (a *App) newCopyChecker() *copyChecker {
	return &copyChecker{a: a, ix: a.cp, texts: newTextCache(64 << 20)}
}

// addMissing fingerprints every stored document the index lacks: what a
// killed run left, or a data directory from before the copy check.
func (c *copyChecker) addMissing(ctx context.Context) error {
	var missing []string
	if err := c.a.st.IDs(ctx, func(id string) error {
		if !c.ix.Has(id) {
			missing = append(missing, id)
		}
		return nil
	}); err != nil {
		return err
	}
	return c.add(ctx, missing)
}

// batch fingerprints the documents of a batch just stored, from the texts
// in hand (no need to read them back).
func (c *copyChecker) batch(ctx context.Context, reports map[string]*corpus.Report) error {
	var fresh []string
	for id, r := range reports {
		if !c.ix.Has(id) {
			fresh = append(fresh, id)
			c.texts.put(id, r.Text)
		}
	}
	return c.add(ctx, fresh)
}

// checkWaiting checks every document without a current check.
func (c *copyChecker) checkWaiting(ctx context.Context) error {
	var todo []string
	if err := c.a.st.Uncopied(ctx, copies.Version, func(id string) error { todo = append(todo, id); return nil }); err != nil {
		return err
	}
	return c.check(ctx, todo)
}

// add fingerprints documents, durably.
func (c *copyChecker) add(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	for i, id := range ids {
		text, err := c.text(ctx, id)
		if err != nil {
			return err
		}
		if err := c.ix.Add(id, text, copies.Key{}); err != nil { // TODO(lead): the document's key (reference, year, receipt, author)
			return fmt.Errorf("写入复制比指纹库失败: %w", err)
		}
		if (i+1)%4096 == 0 {
			if err := c.ix.Sync(); err != nil {
				return err
			}
		}
	}
	if err := c.ix.Sync(); err != nil {
		return fmt.Errorf("写入复制比指纹库失败: %w", err)
	}
	return nil
}

// check checks these documents and the earlier ones whose check they
// change. The earlier ones' old checks are dropped first, so that a killed
// run leaves them waiting for the next.
func (c *copyChecker) check(ctx context.Context, todo []string) error {
	if len(todo) == 0 {
		return nil
	}
	start := time.Now()
	waiting := make(map[string]bool, len(todo))
	for _, id := range todo {
		waiting[id] = true
	}
	var related []string
	for _, id := range c.ix.Related(todo) {
		if !waiting[id] {
			related = append(related, id)
		}
	}
	if err := c.a.st.ForgetCopies(ctx, related); err != nil {
		return err
	}
	c.stats.New += len(todo)
	c.stats.Related += len(related)
	todo = append(todo, related...)

	// Check on every core; store the results in batches.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	type result struct {
		id string
		c  corpus.Copies
	}
	results := make(chan result, 64)
	var firstErr error
	var once sync.Once
	fail := func(err error) { once.Do(func() { firstErr = err; cancel() }) }
	source := func(id string) (string, error) { return c.text(ctx, id) }
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				text, err := c.text(ctx, id)
				if err != nil {
					fail(err)
					continue
				}
				cp, err := c.ix.Check(id, text, source)
				if err != nil {
					fail(fmt.Errorf("检查文档 %s 的复制比失败: %w", id, err))
					continue
				}
				results <- result{id, cp}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, id := range todo {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	batch := map[string]*corpus.Copies{}
	flush := func() error {
		err := c.a.st.PutCopies(ctx, batch)
		clear(batch)
		return err
	}
	done := 0
	for r := range results {
		cp := r.c
		batch[r.id] = &cp
		done++
		c.progress.emit(Event{Phase: PhaseCopies, Done: done, Total: len(todo)})
		if len(batch) == 256 {
			if err := flush(); err != nil {
				fail(err)
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := flush(); err != nil {
		return err
	}
	c.stats.Elapsed += time.Since(start)
	return nil
}

func (c *copyChecker) text(ctx context.Context, id string) (string, error) {
	if t, ok := c.texts.get(id); ok {
		return t, nil
	}
	t, err := c.a.st.Text(ctx, id)
	if err != nil {
		return "", err
	}
	c.texts.put(id, t)
	return t, nil
}

// textCache keeps recently read document texts, up to a byte budget: the
// check verifies each candidate against its text, and in a corpus copied
// from templates the same sources come up again and again.
type textCache struct {
	mu     sync.Mutex
	budget int
	size   int
	texts  map[string]string
	order  []string // insertion order, oldest first
}

func newTextCache(budget int) *textCache {
	return &textCache{budget: budget, texts: map[string]string{}}
}

func (tc *textCache) get(id string) (string, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	t, ok := tc.texts[id]
	return t, ok
}

func (tc *textCache) put(id, text string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if _, ok := tc.texts[id]; ok || len(text) > tc.budget {
		return
	}
	for tc.size+len(text) > tc.budget && len(tc.order) > 0 {
		old := tc.order[0]
		tc.order = tc.order[1:]
		tc.size -= len(tc.texts[old])
		delete(tc.texts, old)
	}
	tc.texts[id] = text
	tc.order = append(tc.order, id)
	tc.size += len(text)
}
