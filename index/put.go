package index

import (
	"context"
	"fmt"
	"runtime"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// Put indexes a batch of reports, replacing any report already indexed
// under the same ID (the last one wins when an ID repeats in reports).
// When it returns nil the reports are on disk. A nil report or one without
// an ID fails the whole call (EINVALID) before anything is written.
//
// A large batch is split into a few bleve batches committed concurrently:
// building a segment is single-threaded, so this keeps every core busy.
// If Put fails or the process dies, some of the reports may be indexed and
// others not; putting them again is harmless.
func (ix *Index) Put(ctx context.Context, reports []*corpus.Report) error {
	if err := ix.writable(); err != nil {
		return err
	}
	last := make(map[string]int, len(reports))
	for i, r := range reports {
		if r == nil {
			return corpus.Errorf(corpus.EINVALID, "写入索引失败: 第 %d 份报告为空", i+1)
		}
		if r.ID == "" {
			return corpus.Errorf(corpus.EINVALID, "写入索引失败: %s 第 %d 篇缺少文档 ID", corpus.Provenance(r.Source, r.Member), r.Part)
		}
		last[r.ID] = i
	}
	if len(reports) > 0 {
		if err := loadSegmenter(); err != nil {
			return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入索引 %s 失败: 分词词典无法加载", ix.dir), Err: err}
		}
	}
	unique := make([]*corpus.Report, 0, len(last))
	for i, r := range reports {
		if last[r.ID] == i {
			unique = append(unique, r)
		}
	}
	if ix.shards != nil {
		return ix.putShards(ctx, unique)
	}
	parts := ix.parallel
	if parts <= 0 {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	parts = max(1, min(parts, len(unique)/minSubBatch))
	if parts == 1 {
		return ix.put(ctx, unique)
	}
	errs := make(chan error, parts)
	size := (len(unique) + parts - 1) / parts
	for i := 0; i < len(unique); i += size {
		go func(rs []*corpus.Report) { errs <- ix.put(ctx, rs) }(unique[i:min(i+size, len(unique))])
	}
	var first error
	for i := 0; i < len(unique); i += size {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// minSubBatch is the smallest bleve batch Put splits off.
const minSubBatch = 50

// put indexes reports with unique IDs in one bleve batch.
func (ix *Index) put(ctx context.Context, reports []*corpus.Report) error {
	b := ix.bi.NewBatch()
	for _, r := range reports {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Index(r.ID, document(r)); err != nil {
			return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入索引失败: %s 第 %d 篇", corpus.Provenance(r.Source, r.Member), r.Part), Err: err}
		}
	}
	return ix.commit(ctx, b)
}

// Delete removes reports by ID; IDs not in the index are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if err := ix.writable(); err != nil {
		return err
	}
	if ix.shards != nil {
		return ix.deleteShards(ctx, ids)
	}
	b := ix.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	return ix.commit(ctx, b)
}

func (ix *Index) commit(ctx context.Context, b *bleve.Batch) error {
	if b.Size() == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ix.bi.Batch(b); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入索引 %s 失败", ix.dir), Err: err}
	}
	return nil
}

func (ix *Index) writable() error {
	if ix.readOnly {
		return corpus.Errorf(corpus.EINVALID, "索引 %s 以只读方式打开，不能写入", ix.dir)
	}
	return nil
}

// Count is the number of reports in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("读取索引 %s 失败", ix.dir), Err: err}
	}
	return n, nil
}

// Has reports whether a report with this ID is in the index.
func (ix *Index) Has(id string) (bool, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 0, 0, false)
	res, err := ix.bi.Search(req)
	if err != nil {
		return false, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("读取索引 %s 失败", ix.dir), Err: err}
	}
	return res.Total > 0, nil
}
