package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// Put indexes a batch of reports in one bleve batch, replacing any report
// already indexed under the same ID. When it returns nil the batch is on
// disk. A nil report or one without an ID fails the whole batch (EINVALID)
// before anything is written.
func (ix *Index) Put(ctx context.Context, reports []*corpus.Report) error {
	if err := ix.writable(); err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	for i, r := range reports {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r == nil {
			return corpus.Errorf(corpus.EINVALID, "写入索引失败: 第 %d 份报告为空", i+1)
		}
		if r.ID == "" {
			return corpus.Errorf(corpus.EINVALID, "写入索引失败: %s 第 %d 篇缺少文档 ID", corpus.Provenance(r.Source, r.Member), r.Part)
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
