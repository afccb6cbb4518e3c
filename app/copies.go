package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"lvzhi/corpus"
	"lvzhi/corpus/store"
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

// addMissing fingerprints every active stored document the index lacks:
// what a killed run left, a document active again (its file restored), or
// a data directory from before the copy check. Documents that are history
// stay out: they are no one's source.
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
	keys := make(map[string]copies.Key, len(missing))
	for len(missing) > 0 {
		n := min(1024, len(missing))
		facts, err := c.a.st.Facts(ctx, missing[:n])
		if err != nil {
			return err
		}
		var ids []string
		for i := range facts {
			f := &facts[i]
			if f.State.Active() {
				ids = append(ids, f.ID)
				keys[f.ID] = factsKey(f)
			}
		}
		if err := c.add(ctx, ids, keys); err != nil {
			return err
		}
		missing = missing[n:]
	}
	return nil
}

// batch fingerprints the documents of a batch just stored, from the texts
// in hand (no need to read them back).
func (c *copyChecker) batch(ctx context.Context, entries []corpus.Entry) error {
	var fresh []string
	keys := map[string]copies.Key{}
	for i := range entries {
		r, o := &entries[i].Report, &entries[i].Origin
		if c.ix.Has(r.ID) {
			continue
		}
		if _, ok := keys[r.ID]; !ok {
			fresh = append(fresh, r.ID)
			c.texts.put(r.ID, r.Text)
		}
		recv := o.Received
		if recv.IsZero() {
			recv = o.Seen
		}
		keys[r.ID] = copyKey(&r.Analysis, o.Reference, recv)
	}
	return c.add(ctx, fresh, keys)
}

// copyKey is a document's place in the copy check's precedence (reference
// material, the year covered, the date of receipt) and its author, the
// deputy as DeputyKey names them: a passage first held by the same
// deputy's earlier report is self reuse, not copying.
func copyKey(a *corpus.Analysis, reference bool, received time.Time) copies.Key {
	k := copies.Key{Reference: reference, Author: DeputyKey(a.Deputy)}
	if a.Year != nil {
		k.Year = *a.Year
	}
	if !received.IsZero() {
		k.Received = received.Unix()
	}
	return k
}

// factsKey is copyKey from a stored document's facts, its state as
// derived from them when there is one.
func factsKey(f *store.Facts) copies.Key {
	ref, recv := allReference(f.Current), received(f.Origins)
	if f.State != nil {
		ref, recv = f.State.Status == corpus.StatusReference, f.State.Received
	}
	return copyKey(f.Analysis, ref, recv)
}

// leave takes documents that are no longer active (history, removed) out
// of the copy index. The checks that cited them are forgotten first, so
// that a process killed before the index is written leaves them waiting
// for the check rather than citing a document gone.
func (c *copyChecker) leave(ctx context.Context, ids []string) error {
	var affected []string
	for _, id := range ids {
		rel, err := c.ix.AffectedByRemove(id)
		if err != nil {
			return err
		}
		affected = append(affected, rel...)
	}
	if err := c.a.st.ForgetCopies(ctx, affected); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := c.ix.Remove(id); err != nil {
			return fmt.Errorf("从复制比指纹库删除 %s 失败: %w", id, err)
		}
	}
	return c.ix.Sync()
}

// rekey gives documents already fingerprinted their current keys (a file
// marked as reference material, a year or deputy read differently), and
// forgets the checks that change with them, theirs included, before the
// keys are written.
func (a *App) rekeyCopies(ctx context.Context, keys map[string]copies.Key) error {
	c := a.newCopyChecker()
	var changed []string
	for id, k := range keys {
		if old, ok := c.ix.Key(id); ok && old != k {
			changed = append(changed, id)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	affected := append([]string(nil), changed...)
	for _, id := range changed {
		rel, err := c.ix.AffectedByKey(id, keys[id])
		if err != nil {
			return err
		}
		affected = append(affected, rel...)
	}
	if err := c.a.st.ForgetCopies(ctx, affected); err != nil {
		return err
	}
	for _, id := range changed {
		if _, err := c.ix.SetKey(id, keys[id]); err != nil {
			return fmt.Errorf("更新复制比指纹库中 %s 的先后次序失败: %w", id, err)
		}
	}
	return c.ix.Sync()
}

// checkWaiting checks every document without a current check.
func (c *copyChecker) checkWaiting(ctx context.Context) error {
	var todo []string
	if err := c.a.st.Uncopied(ctx, copies.Version, func(id string) error { todo = append(todo, id); return nil }); err != nil {
		return err
	}
	return c.check(ctx, todo)
}

// add fingerprints documents with their keys, durably.
func (c *copyChecker) add(ctx context.Context, ids []string, keys map[string]copies.Key) error {
	if len(ids) == 0 {
		return nil
	}
	for i, id := range ids {
		text, err := c.text(ctx, id)
		if err != nil {
			return err
		}
		if err := c.ix.Add(id, text, keys[id]); err != nil {
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
