package store

import (
	"bytes"
	"context"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"lvzhi/corpus"
)

// idLen is the length of a full document ID.
var idLen = len(corpus.DocumentID(""))

// minPrefix is the shortest ID prefix Get accepts.
const minPrefix = 4

// resolve finds the one document whose ID is id or starts with it.
func resolve(docs *bolt.Bucket, id string) ([]byte, error) {
	p := strings.ToLower(strings.TrimSpace(id))
	if len(p) < minPrefix || len(p) > idLen || !isHex(p) {
		return nil, corpus.Errorf(corpus.EINVALID, "文档编号 %q 无效：应为 %d 到 %d 位十六进制数字", id, minPrefix, idLen)
	}
	if len(p) == idLen {
		if docs == nil || docs.Get([]byte(p)) == nil {
			return nil, corpus.Errorf(corpus.ENOTFOUND, "没有编号为 %s 的文档", p)
		}
		return []byte(p), nil
	}
	var found []string
	if docs != nil {
		c := docs.Cursor()
		for k, _ := c.Seek([]byte(p)); k != nil && bytes.HasPrefix(k, []byte(p)) && len(found) < 4; k, _ = c.Next() {
			found = append(found, string(k))
		}
	}
	switch len(found) {
	case 0:
		return nil, corpus.Errorf(corpus.ENOTFOUND, "没有编号以 %s 开头的文档", p)
	case 1:
		return []byte(found[0]), nil
	}
	list := strings.Join(found[:min(len(found), 3)], "、")
	if len(found) > 3 {
		list += " 等"
	}
	return nil, corpus.Errorf(corpus.ECONFLICT, "编号前缀 %s 对应多篇文档（%s），请输入更多位", p, list)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// readReport decodes the document and analysis stored under id, and its
// copy check.
func (s *Store) readReport(tx *bolt.Tx, id []byte) (*corpus.Report, error) {
	return s.readReportWith(tx, id, true)
}

// readReportWith reads a report; without full, the copy check gives its
// flag codes only (see GetForIndex).
func (s *Store) readReportWith(tx *bolt.Tx, id []byte, full bool) (*corpus.Report, error) {
	docs, analysis := tx.Bucket(bucketDocs), tx.Bucket(bucketAnalysis)
	var r corpus.Report
	if err := decodeRecord(docs.Get(id), &r.Document); err != nil {
		return nil, s.corrupt(bucketDocs, id, err)
	}
	rec := analysis.Get(id)
	if rec == nil {
		return nil, s.corrupt(bucketAnalysis, id, errCorrupt)
	}
	if err := decodeRecord(rec, &r.Analysis); err != nil {
		return nil, s.corrupt(bucketAnalysis, id, err)
	}
	r.Analysis.Normalize()
	if err := s.readState(tx, id, &r); err != nil {
		return nil, err
	}
	if !full {
		if b := tx.Bucket(bucketCopies); b != nil {
			if rec := b.Get(id); rec != nil {
				if err := s.copyFlagCodes(rec, id, &r); err != nil {
					return nil, err
				}
			}
		}
		return &r, nil
	}
	if err := s.readCopies(tx, id, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// Get returns the report whose ID is id or starts with id (at least 4 hex
// digits, case and surrounding spaces ignored). The analysis is normalised
// (empty lists, not nil). EINVALID for a malformed ID, ENOTFOUND when none
// matches, ECONFLICT when a prefix matches several.
func (s *Store) Get(ctx context.Context, id string) (*corpus.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r *corpus.Report
	err := s.view(func(tx *bolt.Tx) error {
		key, err := resolve(tx.Bucket(bucketDocs), id)
		if err != nil {
			return err
		}
		if isRemoving(tx, key) {
			return corpus.Errorf(corpus.ENOTFOUND, "编号为 %s 的文档已删除", key)
		}
		r, err = s.readReport(tx, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Origins lists every place the document was read from, first reading
// first. Like Get it accepts a unique ID prefix.
func (s *Store) Origins(ctx context.Context, id string) ([]corpus.Origin, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var origins []corpus.Origin
	err := s.view(func(tx *bolt.Tx) error {
		key, err := resolve(tx.Bucket(bucketDocs), id)
		if err != nil {
			return err
		}
		rec := tx.Bucket(bucketOrigins).Get(key)
		if rec == nil {
			return s.corrupt(bucketOrigins, key, errCorrupt)
		}
		if err := decodeRecord(rec, &origins); err != nil {
			return s.corrupt(bucketOrigins, key, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return origins, nil
}

// Each calls fn for every stored report in ID order. Reports are read a
// chunk at a time, each chunk in its own read transaction, and fn runs
// outside any transaction: a slow fn (an export) does not pin the file, and
// fn may call the store, even to write. Documents stored during the walk
// appear if their ID sorts after the current position. fn's error stops the
// walk and is returned as is.
func (s *Store) Each(ctx context.Context, fn func(*corpus.Report) error) error {
	var after []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n%64 == 0 {
			releaseMapped(s.db) // a walk over the whole file must not keep it resident
		}
		chunk := make([]*corpus.Report, 0, s.chunk)
		err := s.view(func(tx *bolt.Tx) error {
			docs := tx.Bucket(bucketDocs)
			if docs == nil {
				return nil
			}
			c := docs.Cursor()
			for k := seekAfter(c, after); k != nil && len(chunk) < s.chunk; k, _ = c.Next() {
				after = append(after[:0:0], k...)
				if isRemoving(tx, k) {
					continue
				}
				r, err := s.readReport(tx, k)
				if err != nil {
					return err
				}
				chunk = append(chunk, r)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range chunk {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(chunk) < s.chunk {
			return nil
		}
	}
}

// seekAfter positions c on the first key after after (the first key when
// after is nil) and returns it.
func seekAfter(c *bolt.Cursor, after []byte) []byte {
	if after == nil {
		k, _ := c.First()
		return k
	}
	k, _ := c.Seek(after)
	if k != nil && bytes.Equal(k, after) {
		k, _ = c.Next()
	}
	return k
}

// eachKey calls fn with the keys of a bucket in order, collecting idChunk
// keys per read transaction and calling fn outside it, so fn may write
// (MarkIndexed from inside Unindexed is fine).
func (s *Store) eachKey(ctx context.Context, bucket []byte, fn func(id string) error) error {
	const idChunk = 1024
	var after []byte
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		keys := make([]string, 0, idChunk)
		err := s.view(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			for k := seekAfter(c, after); k != nil && len(keys) < idChunk; k, _ = c.Next() {
				keys = append(keys, string(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := fn(k); err != nil {
				return err
			}
		}
		if len(keys) < idChunk {
			return nil
		}
		after = []byte(keys[len(keys)-1])
	}
}

// IDs calls fn with the ID of every stored document, in order, without
// decoding any document.
func (s *Store) IDs(ctx context.Context, fn func(id string) error) error {
	return s.eachKey(ctx, bucketDocs, fn)
}

// Count is the number of stored documents.
func (s *Store) Count(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		n = getCount(tx.Bucket(bucketMeta))
		return nil
	})
	return n, err
}

// FileHash returns the hash of the file last ingested at this path (and
// zip member), "" if none — and "" too while that reading is incomplete
// (some of its parts not stored, as after a crash between two batches), so
// that ingest reads the file again rather than skip it.
func (s *Store) FileHash(ctx context.Context, source, member string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	hash := ""
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFiles)
		if b == nil {
			return nil
		}
		key := fileKey(source, member)
		rec := b.Get(key)
		if rec == nil {
			return nil
		}
		var r fileRecord
		if err := decodeRecord(rec, &r); err != nil {
			return s.corrupt(bucketFiles, []byte(corpus.Provenance(source, member)), err)
		}
		if r.complete() {
			hash = r.Hash
		}
		return nil
	})
	return hash, err
}

// Unindexed calls fn with the IDs of documents stored but not yet
// confirmed in the index, in ID order. fn runs outside any transaction and
// may call MarkIndexed.
func (s *Store) Unindexed(ctx context.Context, fn func(id string) error) error {
	return s.eachKey(ctx, bucketUnindexed, fn)
}

// UnindexedCount is how many documents are stored but not yet confirmed
// in the index, counted without decoding any.
func (s *Store) UnindexedCount(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketUnindexed); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n, err
}

// MarkIndexed records, in one transaction, that these documents are in the
// index. IDs not waiting (or not stored) are ignored.
func (s *Store) MarkIndexed(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUnindexed)
		dirty := false
		for _, id := range ids {
			if b.Get([]byte(id)) == nil {
				continue
			}
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
			dirty = true
		}
		if !dirty {
			return errNoChange
		}
		return nil
	})
}

// MarkAllUnindexed queues every document for the index (reindex), in one
// transaction.
func (s *Store) MarkAllUnindexed(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		docs, b := tx.Bucket(bucketDocs), tx.Bucket(bucketUnindexed)
		c := docs.Cursor()
		n := 0
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if b.Get(k) != nil {
				continue
			}
			if err := b.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// Stats summarises the store for `lvzhi status` and the web UI.
type Stats struct {
	Documents int                 // stored documents
	ByKind    map[corpus.Kind]int // documents by the kind their analysis gives
	Unindexed int                 // documents waiting for the index
	Files     int                 // distinct files (path and zip member) ever read
	Origins   int                 // readings of documents: documents × the files they were read from
	Size      int64               // bytes of the data file
	Created   time.Time           // when the store was created, zero if unknown
}

// Stats counts what the store holds in one read transaction. It reads the
// head of every analysis record but decodes no document.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{ByKind: map[corpus.Kind]int{}}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	err := s.view(func(tx *bolt.Tx) error {
		st.Size = tx.Size()
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return nil
		}
		st.Documents = getCount(meta)
		if t, err := time.Parse(time.RFC3339, string(meta.Get(keyCreated))); err == nil {
			st.Created = t
		}
		n := 0
		if err := tx.Bucket(bucketAnalysis).ForEach(func(k, v []byte) error {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			_, kind, err := parseAnalysisHead(v)
			if err != nil {
				return s.corrupt(bucketAnalysis, k, err)
			}
			st.ByKind[corpus.Kind(kind)]++
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOrigins).ForEach(func(k, v []byte) error {
			var origins []corpus.Origin
			if err := decodeRecord(v, &origins); err != nil {
				return s.corrupt(bucketOrigins, k, err)
			}
			st.Origins += len(origins)
			return nil
		}); err != nil {
			return err
		}
		st.Unindexed = tx.Bucket(bucketUnindexed).Stats().KeyN
		st.Files = tx.Bucket(bucketFiles).Stats().KeyN
		return nil
	})
	return st, err
}
