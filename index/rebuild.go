package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"lvzhi/corpus"
)

// RebuildBatch is how many reports Rebuild indexes per bleve batch.
const RebuildBatch = 500

// Rebuild replaces the index in dir with a fresh one built from the reports
// that each yields: each calls fn once per report and stops at fn's first
// error (store.Store.Each has this shape). progress, if not nil, is called
// with the number of reports indexed so far after every batch.
//
// The new index is built as a new generation beside the current one and
// switched in by an atomic rename of DIR/CURRENT, so an error, a cancelled
// ctx or a killed process leaves the old index as it was. Rebuild holds the
// index's write lock throughout (ELOCKED if another process has it);
// readers that opened the old index before the switch keep reading it. A
// damaged index is replaced like any other.
//
// opt (at most one) chooses the new generation's layout: one bleve index
// by default, or one per year (ShardYear, see shard.go); later opens and
// Puts follow it.
func Rebuild(ctx context.Context, dir string, each func(fn func(*corpus.Report) error) error, progress func(n int), opt ...RebuildOptions) (err error) {
	if !isRegistered() {
		return corpus.Errorf(corpus.EINTERNAL, "重建索引 %s 失败: 未注册分词组件（先调用 index.Register）", dir)
	}
	by, err := sharding(opt)
	if err != nil {
		return err
	}
	// Hold the write lock on the current index while building. A damaged
	// index (EINTERNAL) cannot be open elsewhere either: rebuild it anyway.
	old, err := Open(dir, Options{})
	switch {
	case err == nil:
		defer func() {
			if cerr := old.Close(); err == nil {
				err = cerr
			}
		}()
	case corpus.ErrorCode(err) == corpus.EINTERNAL:
		if merr := os.MkdirAll(dir, 0o755); merr != nil {
			return err
		}
	default:
		return err
	}

	next := genName(lastGen(dir) + 1)
	tmp, err := buildLayout(dir, next, by)
	if err != nil {
		return err
	}
	built := false
	defer func() {
		if !built {
			_ = os.RemoveAll(tmp)
		}
	}()
	bi, shards, err := openLayout(dir, tmp, Options{Timeout: defaultTimeout})
	if err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("重建索引 %s 失败", dir), Err: err}
	}
	if shards != nil {
		shards.fresh = true
	}
	nix := &Index{dir: dir, gen: next, bi: bi, shards: shards}
	closeNew := func() error {
		if bi == nil {
			return nil
		}
		err := nix.Close()
		bi = nil
		return err
	}
	defer closeNew()

	n := 0
	batches := nix.rebuildBatches()
	flush := func(batch []*corpus.Report) error {
		if len(batch) == 0 {
			return nil
		}
		if err := nix.Put(ctx, batch); err != nil {
			return err
		}
		n += len(batch)
		if progress != nil {
			progress(n)
		}
		return nil
	}
	err = each(func(r *corpus.Report) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if full := batches.add(r); full != nil {
			return flush(full)
		}
		return nil
	})
	for _, batch := range batches.rest() {
		if err == nil {
			err = flush(batch)
		}
	}
	if err != nil {
		var ce *corpus.Error
		if errors.As(err, &ce) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("重建索引 %s 失败: 读取文档出错", dir), Err: err}
	}
	if err := closeNew(); err != nil {
		return err
	}

	if err := os.Rename(tmp, filepath.Join(dir, next)); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("重建索引 %s 失败", dir), Err: err}
	}
	built = true
	syncDir(dir)
	if err := writeCurrent(dir, next); err != nil {
		_ = os.RemoveAll(filepath.Join(dir, next))
		return err
	}
	// The old generation is retired; removing it may fail while a reader
	// still has it open on some systems, and the next writer retries.
	if old != nil {
		if err := old.Close(); err != nil {
			return err
		}
	}
	removeStale(dir, next)
	return nil
}
