package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"lvzhi/corpus"
)

// fileRecord is what the store remembers of one file (path and zip
// member): the hash of its bytes when last read and the document of each of
// its parts.
type fileRecord struct {
	Hash  string    `json:"hash"`
	Seen  time.Time `json:"seen"`
	Parts int       `json:"parts"` // how many documents the file held, 0 when unknown
	IDs   []string  `json:"ids"`   // IDs[p-1] is part p's document, "" until stored
	// History holds the earlier readings of the file with other content,
	// newest first, at most maxHistory of them.
	History []fileReading `json:"history,omitempty"`
}

// fileReading is one earlier reading of a file.
type fileReading struct {
	Hash string    `json:"hash"`
	Seen time.Time `json:"seen"`
	IDs  []string  `json:"ids"`
}

// maxHistory bounds the earlier readings kept per file.
const maxHistory = 32

// complete reports whether every part of the file's last reading is
// stored. A file whose parts were split over several Puts and interrupted
// by a crash is incomplete, so FileHash does not let ingest skip it.
func (r *fileRecord) complete() bool {
	if r.Hash == "" {
		return false
	}
	if r.Parts == 0 {
		return slices.ContainsFunc(r.IDs, func(id string) bool { return id != "" })
	}
	if len(r.IDs) < r.Parts {
		return false
	}
	return !slices.Contains(r.IDs[:r.Parts], "")
}

// add records that part o.Part of the file, read with hash o.FileHash at
// o.Seen, is document id. A reading older than the recorded one with
// another hash (a re-Put of an old batch) changes nothing. It reports
// whether the record changed.
func (r *fileRecord) add(o corpus.Origin, parts int, id string) bool {
	changed := false
	if o.FileHash != r.Hash {
		if r.Hash != "" && o.Seen.Before(r.Seen) {
			return false
		}
		history := r.History
		if r.Hash != "" {
			// The file changed: its last reading becomes history (a reading
			// of the same content seen again is not kept twice).
			history = slices.DeleteFunc(history, func(h fileReading) bool { return h.Hash == o.FileHash || h.Hash == r.Hash })
			history = append([]fileReading{{Hash: r.Hash, Seen: r.Seen, IDs: r.IDs}}, history...)
			if len(history) > maxHistory {
				history = history[:maxHistory]
			}
		}
		*r = fileRecord{Hash: o.FileHash, Seen: o.Seen, History: history}
		changed = true
	}
	if o.Seen.After(r.Seen) {
		r.Seen, changed = o.Seen, true
	}
	if parts > r.Parts {
		r.Parts, changed = parts, true
	}
	if len(r.IDs) < o.Part {
		r.IDs = append(r.IDs, make([]string, o.Part-len(r.IDs))...)
	}
	if r.IDs[o.Part-1] != id {
		r.IDs[o.Part-1], changed = id, true
	}
	return changed
}

func fileKey(source, member string) []byte {
	return []byte(source + "\x00" + member)
}

func sameOrigin(a, b corpus.Origin) bool {
	return a.Source == b.Source && a.Member == b.Member && a.Part == b.Part && a.FileHash == b.FileHash
}

// validate checks an entry before anything is written; the message names
// where the entry was read.
func validate(i int, e *corpus.Entry) error {
	o := &e.Origin
	if strings.TrimSpace(o.Source) == "" {
		return corpus.Errorf(corpus.EINVALID, "无法保存第 %d 条记录：没有来源文件路径", i+1)
	}
	where := corpus.Provenance(o.Source, o.Member)
	if o.Part >= 1 {
		where = fmt.Sprintf("%s（第 %d 篇）", where, o.Part)
	}
	r := &e.Report
	switch {
	case o.Part < 1:
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：篇序号 %d 无效，应从 1 开始", where, o.Part)
	case r.Part < 1:
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：文档的篇序号 %d 无效，应从 1 开始", where, r.Part)
	case r.Parts > 0 && o.Part > r.Parts:
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：篇序号 %d 超过文件的篇数 %d", where, o.Part, r.Parts)
	case r.Parts < 0:
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：篇数 %d 无效", where, r.Parts)
	case o.FileHash == "":
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：缺少文件哈希", where)
	case r.ID == "":
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：文档编号为空", where)
	}
	if want := corpus.DocumentID(r.Text); r.ID != want {
		return corpus.Errorf(corpus.EINVALID, "无法保存 %s：文档编号 %s 与正文不符（按正文应为 %s）", where, r.ID, want)
	}
	return nil
}

// Put stores a batch of entries in one transaction (one fsync). A document
// not stored before gets its document, analysis and origin and is marked
// unindexed; a stored one gets the entry's origin if it is new, and the
// entry's analysis only when its version is greater (then it is marked
// unindexed again). The file's record (FileHash) follows the newest
// reading. Every entry counts once in the result: an ID repeated within the
// batch is New the first time and Unchanged after. An invalid entry fails
// the whole batch with EINVALID before anything is written.
func (s *Store) Put(ctx context.Context, entries []corpus.Entry) (corpus.PutResult, error) {
	var res corpus.PutResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	for i := range entries {
		if err := validate(i, &entries[i]); err != nil {
			return res, err
		}
	}
	if len(entries) == 0 {
		return res, nil
	}
	// bbolt writes sorted keys fastest; the sort is stable so repeated IDs
	// keep their batch order.
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(entries[a].Report.ID, entries[b].Report.ID) })

	err := s.update(func(tx *bolt.Tx) error {
		res = corpus.PutResult{}
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		count := getCount(w.meta)
		files := map[string]*fileRecord{} // decoded once per batch, written at the end
		for n, i := range order {
			if n%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			e := &entries[i]
			isNew, err := w.putEntry(e)
			if err != nil {
				return err
			}
			if err := w.dirtyDoc([]byte(e.Report.ID)); err != nil {
				return err
			}
			if isNew {
				res.New++
				count++
			} else {
				res.Unchanged++
			}
			if err := w.recordFile(files, e); err != nil {
				return err
			}
		}
		if err := w.flushFiles(files); err != nil {
			return err
		}
		if !w.dirty {
			return errNoChange
		}
		return putCount(w.meta, count)
	})
	if err != nil {
		return corpus.PutResult{}, err
	}
	s.wrote(entries)
	return res, nil
}

// releaseEvery is how many bytes of text the store writes between two
// releases of its mapped pages: often enough to keep them from piling up,
// rarely enough that the pages a batch touches are mostly still mapped.
const releaseEvery = 64 << 20

// wrote counts the text just stored and releases the mapped pages of the
// file when enough has been written since the last time.
func (s *Store) wrote(entries []corpus.Entry) {
	var n int64
	for i := range entries {
		n += int64(len(entries[i].Report.Text))
	}
	if s.sinceRelease.Add(n) >= releaseEvery {
		s.sinceRelease.Store(0)
		releaseMapped(s.db)
	}
}

// writer holds the buckets of one write transaction.
type writer struct {
	s                                            *Store
	tx                                           *bolt.Tx
	meta, docs, analysis, origins, fs, unindexed *bolt.Bucket
	dirtyDocs                                    *bolt.Bucket
	dirty                                        bool
	changedFiles                                 map[string]bool
}

// dirtyDoc records that a document's state must be derived again.
func (w *writer) dirtyDoc(id []byte) error {
	if w.dirtyDocs.Get(id) != nil {
		return nil
	}
	w.dirty = true
	return w.dirtyDocs.Put(id, nil)
}

func (w *writer) open() error {
	w.meta = w.tx.Bucket(bucketMeta)
	w.docs = w.tx.Bucket(bucketDocs)
	w.analysis = w.tx.Bucket(bucketAnalysis)
	w.origins = w.tx.Bucket(bucketOrigins)
	w.fs = w.tx.Bucket(bucketFiles)
	w.unindexed = w.tx.Bucket(bucketUnindexed)
	w.dirtyDocs = w.tx.Bucket(bucketDirty)
	if w.meta == nil || w.docs == nil || w.analysis == nil || w.origins == nil || w.fs == nil || w.unindexed == nil || w.dirtyDocs == nil {
		return corpus.Errorf(corpus.EINTERNAL, "数据文件 %s 缺少数据表", w.s.path)
	}
	w.changedFiles = map[string]bool{}
	return nil
}

func (w *writer) put(b *bolt.Bucket, key []byte, head []byte, v any) error {
	rec, err := encodeRecord(head, v, w.s.compressMin)
	if err != nil {
		return err
	}
	w.dirty = true
	return b.Put(key, rec)
}

// putEntry stores e's document or updates a stored one; it reports whether
// the document is new.
func (w *writer) putEntry(e *corpus.Entry) (bool, error) {
	id := []byte(e.Report.ID)
	if w.docs.Get(id) == nil {
		if err := w.put(w.docs, id, nil, &e.Report.Document); err != nil {
			return false, err
		}
		if err := w.putAnalysis(id, &e.Report.Analysis); err != nil {
			return false, err
		}
		if err := w.put(w.origins, id, nil, []corpus.Origin{e.Origin}); err != nil {
			return false, err
		}
		return true, nil
	}

	var origins []corpus.Origin
	if rec := w.origins.Get(id); rec != nil {
		if err := decodeRecord(rec, &origins); err != nil {
			return false, w.s.corrupt(bucketOrigins, id, err)
		}
	}
	if k := slices.IndexFunc(origins, func(o corpus.Origin) bool { return sameOrigin(o, e.Origin) }); k < 0 {
		if err := w.put(w.origins, id, nil, append(origins, e.Origin)); err != nil {
			return false, err
		}
	} else if origins[k].Reference != e.Origin.Reference {
		// Read again as (or no longer as) reference material.
		origins[k].Reference = e.Origin.Reference
		if err := w.put(w.origins, id, nil, origins); err != nil {
			return false, err
		}
	}
	_, err := w.upgradeAnalysis(id, &e.Report.Analysis)
	return false, err
}

// putAnalysis stores a and queues the document for the index.
func (w *writer) putAnalysis(id []byte, a *corpus.Analysis) error {
	if err := w.put(w.analysis, id, analysisHead(a.Version, string(a.Kind)), a); err != nil {
		return err
	}
	return w.unindexed.Put(id, nil)
}

// upgradeAnalysis replaces the stored analysis of id with a when a's version
// is greater.
func (w *writer) upgradeAnalysis(id []byte, a *corpus.Analysis) (bool, error) {
	if rec := w.analysis.Get(id); rec != nil {
		v, _, err := parseAnalysisHead(rec)
		if err != nil {
			return false, w.s.corrupt(bucketAnalysis, id, err)
		}
		if a.Version <= v {
			return false, nil
		}
	}
	return true, w.putAnalysis(id, a)
}

// recordFile updates the record of e's file in files (loading it on first
// use in the batch).
func (w *writer) recordFile(files map[string]*fileRecord, e *corpus.Entry) error {
	key := string(fileKey(e.Origin.Source, e.Origin.Member))
	r, ok := files[key]
	if !ok {
		r = &fileRecord{}
		if rec := w.fs.Get([]byte(key)); rec != nil {
			if err := decodeRecord(rec, r); err != nil {
				return w.s.corrupt(bucketFiles, []byte(corpus.Provenance(e.Origin.Source, e.Origin.Member)), err)
			}
		}
		files[key] = r
	}
	old := r.Hash
	if r.add(e.Origin, e.Report.Parts, e.Report.ID) {
		w.changedFiles[key] = true
	}
	if old != "" && r.Hash != old && len(r.History) > 0 {
		// The documents of the file's last reading may no longer be
		// anyone's current text.
		for _, id := range r.History[0].IDs {
			if id != "" {
				if err := w.dirtyDoc([]byte(id)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (w *writer) flushFiles(files map[string]*fileRecord) error {
	keys := make([]string, 0, len(w.changedFiles))
	for k := range w.changedFiles {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := w.put(w.fs, []byte(k), nil, files[k]); err != nil {
			return err
		}
	}
	return nil
}

// PutAnalyses replaces the analysis of stored documents whose new analysis
// has a greater version (lvzhi reanalyze: no file is read again, no origin
// recorded), in one transaction, and marks them unindexed. Each report's ID
// names the document; the rest of its Document is ignored. It returns how
// many analyses were replaced; an ID not stored is ENOTFOUND and nothing is
// written.
func (s *Store) PutAnalyses(ctx context.Context, reports []*corpus.Report) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if len(reports) == 0 {
		return 0, nil
	}
	updated := 0
	err := s.update(func(tx *bolt.Tx) error {
		updated = 0
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		for n, r := range reports {
			if n%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			id := []byte(r.ID)
			if r.ID == "" || w.docs.Get(id) == nil {
				return corpus.Errorf(corpus.ENOTFOUND, "无法更新分析结果：没有编号为 %s 的文档", r.ID)
			}
			ok, err := w.upgradeAnalysis(id, &r.Analysis)
			if err != nil {
				return err
			}
			if ok {
				updated++
			}
		}
		if !w.dirty {
			return errNoChange
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return updated, nil
}
