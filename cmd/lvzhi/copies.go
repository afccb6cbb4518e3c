package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"lvzhi/corpus"
	"lvzhi/index/copies"
)

func copiesPath(dir string) string { return filepath.Join(dir, "copies") }

// copyStats says what a copy check did.
type copyStats struct {
	Added   int // documents fingerprinted
	New     int // documents checked for the first time
	Related int // earlier documents checked again because a new one shares passages with them
	Elapsed time.Duration
}

// checkCopies brings the copy check up to date with the store: every
// stored document is fingerprinted, then every document without a current
// check is checked against all others, and so is every earlier document
// that shares a passage or a near-duplicate cluster with one of them. The
// store is the record of what is done: a check is stored only once
// complete, so a killed run is finished by the next one.
func (a *app) checkCopies(ctx context.Context) (copyStats, error) {
	start := time.Now()
	var st copyStats
	ix, err := copies.Open(copiesPath(a.dir), copies.DefaultOptions())
	if err != nil {
		return st, fmt.Errorf("打开复制比指纹库 %s 失败: %w", copiesPath(a.dir), err)
	}
	defer ix.Close()

	// 1. Fingerprint what the index does not hold yet.
	var missing []string
	if err := a.st.IDs(ctx, func(id string) error {
		if !ix.Has(id) {
			missing = append(missing, id)
		}
		return nil
	}); err != nil {
		return st, err
	}
	for i, id := range missing {
		text, err := a.st.Text(ctx, id)
		if err != nil {
			return st, err
		}
		if err := ix.Add(id, text); err != nil {
			return st, fmt.Errorf("写入复制比指纹库失败: %w", err)
		}
		if (i+1)%4096 == 0 {
			if err := ix.Sync(); err != nil {
				return st, err
			}
		}
	}
	if err := ix.Sync(); err != nil {
		return st, fmt.Errorf("写入复制比指纹库失败: %w", err)
	}
	st.Added = len(missing)

	// 2. The documents to check: those without a current check, and those
	// whose check the new ones change (their old check is dropped first, so
	// a killed run leaves them waiting).
	var todo []string
	if err := a.st.Uncopied(ctx, copies.Version, func(id string) error { todo = append(todo, id); return nil }); err != nil {
		return st, err
	}
	st.New = len(todo)
	if len(todo) == 0 {
		st.Elapsed = time.Since(start)
		return st, nil
	}
	waiting := make(map[string]bool, len(todo))
	for _, id := range todo {
		waiting[id] = true
	}
	var related []string
	for _, id := range ix.Related(todo) {
		if !waiting[id] {
			related = append(related, id)
		}
	}
	if err := a.st.ForgetCopies(ctx, related); err != nil {
		return st, err
	}
	todo = append(todo, related...)
	st.Related = len(related)

	// 3. Check on every core; store the results in batches.
	texts := func(id string) (string, error) { return a.st.Text(ctx, id) }
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
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				text, err := a.st.Text(ctx, id)
				if err != nil {
					fail(err)
					continue
				}
				c, err := ix.Check(id, text, texts)
				if err != nil {
					fail(fmt.Errorf("检查文档 %s 的复制比失败: %w", id, err))
					continue
				}
				results <- result{id, c}
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
		err := a.st.PutCopies(ctx, batch)
		clear(batch)
		return err
	}
	for r := range results {
		c := r.c
		batch[r.id] = &c
		if len(batch) == 256 {
			if err := flush(); err != nil {
				fail(err)
			}
		}
	}
	if firstErr != nil {
		return st, firstErr
	}
	if err := flush(); err != nil {
		return st, err
	}
	st.Elapsed = time.Since(start)
	return st, nil
}

// printCopyStats prints what a copy check did, one line on stderr.
func printCopyStats(e *env, s copyStats) {
	if s.New+s.Related == 0 {
		return
	}
	fmt.Fprintf(e.stderr, "复制比检查: 新检查 %d 篇，因新文档而重新检查 %d 篇，用时 %s\n",
		s.New, s.Related, s.Elapsed.Round(10*time.Millisecond))
}
