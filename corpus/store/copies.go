package store

import (
	"context"
	"encoding/binary"
	"math"
	"slices"

	bolt "go.etcd.io/bbolt"

	"lvzhi/corpus"
)

// The copy check of each document (corpus.Copies) is kept beside its
// analysis: the analysis depends on the document alone, the copy check on
// the whole corpus, so each is replaced on its own schedule. A document
// without a copy record (or with one of an older version) is waiting for
// the check.

// The head of a check record holds what the search index needs of it — the
// version, the ratio, the size of the cluster and (since copies version 2)
// the self-reuse ratio — so that indexing never decodes the passages.
func copiesHead(version int, c *corpus.Copies) []byte {
	b := binary.AppendVarint(nil, int64(version))
	b = binary.AppendUvarint(b, math.Float64bits(c.Ratio))
	b = binary.AppendUvarint(b, uint64(len(c.Cluster)))
	return binary.AppendUvarint(b, math.Float64bits(c.SelfRatio))
}

func parseCopiesHead(rec []byte) (int, error) {
	v, _, err := parseCopiesSummary(rec)
	return v, err
}

// parseCopiesSummary reads a check record's head: its version, and a
// Copies with the ratio and a cluster of the right size (IDs left empty).
func parseCopiesSummary(rec []byte) (int, *corpus.Copies, error) {
	_, head, _, err := splitRecord(rec)
	if err != nil {
		return 0, nil, err
	}
	v, n := binary.Varint(head)
	if n <= 0 {
		return 0, nil, errCorrupt
	}
	head = head[n:]
	bits, n := binary.Uvarint(head)
	if n <= 0 {
		return 0, nil, errCorrupt
	}
	head = head[n:]
	size, n := binary.Uvarint(head)
	if n <= 0 || size > 1<<20 {
		return 0, nil, errCorrupt
	}
	head = head[n:]
	c := &corpus.Copies{Version: int(v), Ratio: math.Float64frombits(bits), Cluster: make([]string, size)}
	if len(head) > 0 { // written since copies version 2
		self, n := binary.Uvarint(head)
		if n <= 0 {
			return 0, nil, errCorrupt
		}
		c.SelfRatio = math.Float64frombits(self)
	}
	return int(v), c, nil
}

// PutCopies stores the copy checks of stored documents, in one
// transaction. A document whose copy flags changed (boilerplate or
// near_duplicate came or went) is marked unindexed; a new ratio alone does
// not touch the index, which holds flag codes only. An ID not stored is
// ENOTFOUND and nothing is written.
func (s *Store) PutCopies(ctx context.Context, copies map[string]*corpus.Copies) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(copies) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		b := tx.Bucket(bucketCopies)
		for id, c := range copies {
			key := []byte(id)
			if w.docs.Get(key) == nil {
				return corpus.Errorf(corpus.ENOTFOUND, "无法保存复制比：没有编号为 %s 的文档", id)
			}
			changed := true
			if rec := b.Get(key); rec != nil {
				var old corpus.Copies
				if decodeRecord(rec, &old) == nil {
					changed = !slices.Equal(old.FlagCodes(), c.FlagCodes())
				}
			}
			if err := w.put(b, key, copiesHead(c.Version, c), compactCopies(c)); err != nil {
				return err
			}
			if changed {
				if err := w.unindexed.Put(key, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// ForgetCopies marks the copy checks of these documents out of date, so
// that they wait for the check again (a new document shares passages with
// them). The old check stays readable until the new one replaces it. IDs
// without a check are ignored.
func (s *Store) ForgetCopies(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCopies)
		dirty := false
		for _, id := range ids {
			rec := b.Get([]byte(id))
			if rec == nil {
				continue
			}
			if v, err := parseCopiesHead(rec); err == nil && v == staleCopies {
				continue
			}
			var c corpus.Copies
			if err := decodeRecord(rec, &c); err != nil {
				return s.corrupt(bucketCopies, []byte(id), err)
			}
			enc, err := encodeRecord(copiesHead(staleCopies, &c), &c, s.compressMin)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(id), enc); err != nil {
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

// compactCopies is the check as stored: passages without their text, which
// is the document's own (readCopies puts it back from the offsets).
func compactCopies(c *corpus.Copies) *corpus.Copies {
	out := *c
	out.Passages = make([]corpus.CopyPassage, len(c.Passages))
	for i, p := range c.Passages {
		p.Text = ""
		out.Passages[i] = p
	}
	return &out
}

// staleCopies is the version a forgotten check is stored under: never
// current.
const staleCopies = -1

// Uncopied calls fn, in ID order, with every active stored document (not
// history, not being removed) that has no copy check of this version. fn runs outside any transaction and may call
// PutCopies.
func (s *Store) Uncopied(ctx context.Context, version int, fn func(id string) error) error {
	const idChunk = 1024
	var after []byte
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var ids []string
		last, seen := after, 0
		err := s.view(func(tx *bolt.Tx) error {
			docs, copies := tx.Bucket(bucketDocs), tx.Bucket(bucketCopies)
			if docs == nil {
				return nil
			}
			c := docs.Cursor()
			for k := seekAfter(c, after); k != nil && seen < idChunk; k, _ = c.Next() {
				seen++
				last = append(last[:0:0], k...)
				if isRemoving(tx, k) || !s.active(tx, k) {
					continue // history and documents being removed are not checked
				}
				if copies != nil {
					if rec := copies.Get(k); rec != nil {
						if v, err := parseCopiesHead(rec); err == nil && v == version {
							continue
						}
					}
				}
				ids = append(ids, string(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := fn(id); err != nil {
				return err
			}
		}
		if seen < idChunk {
			return nil
		}
		after = last
	}
}

// readCopies decodes the copy check of id into r and adds the flags it
// raises, naming each source document by its first origin.
func (s *Store) readCopies(tx *bolt.Tx, id []byte, r *corpus.Report) error {
	b := tx.Bucket(bucketCopies)
	if b == nil {
		return nil
	}
	rec := b.Get(id)
	if rec == nil {
		return nil
	}
	var c corpus.Copies
	if err := decodeRecord(rec, &c); err != nil {
		return s.corrupt(bucketCopies, id, err)
	}
	if c.Passages == nil {
		c.Passages = []corpus.CopyPassage{}
	}
	for i := range c.Passages {
		p := &c.Passages[i].Span
		if p.Start >= 0 && p.Start <= p.End && p.End <= len(r.Text) {
			p.Text = r.Text[p.Start:p.End]
		}
	}
	if c.Cluster == nil {
		c.Cluster = []string{}
	}
	r.Copies = &c
	origins := tx.Bucket(bucketOrigins)
	ref := func(other string) corpus.SourceRef {
		ref := corpus.SourceRef{ID: other}
		var list []corpus.Origin
		if rec := origins.Get([]byte(other)); rec != nil && decodeRecord(rec, &list) == nil && len(list) > 0 {
			ref.Source, ref.Member, ref.Part = list[0].Source, list[0].Member, list[0].Part
		}
		return ref
	}
	r.Analysis.Flags = append(r.Analysis.Flags, c.Flags(r.Text, ref)...)
	r.Analysis.Normalize()
	return nil
}

// Text returns the normalised text of the document with this full ID,
// decoding nothing else (the copy check reads the texts of its candidate
// sources).
func (s *Store) Text(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var d corpus.Document
	err := s.view(func(tx *bolt.Tx) error {
		rec := tx.Bucket(bucketDocs).Get([]byte(id))
		if rec == nil {
			return corpus.Errorf(corpus.ENOTFOUND, "没有编号为 %s 的文档", id)
		}
		if err := decodeRecord(rec, &d); err != nil {
			return s.corrupt(bucketDocs, []byte(id), err)
		}
		return nil
	})
	return d.Text, err
}

// GetForIndex returns the report with this full ID as the search index
// needs it: the copy check's flags carry their codes only, read from the
// check record's head without decoding its passages.
func (s *Store) GetForIndex(ctx context.Context, id string) (*corpus.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r *corpus.Report
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		r, err = s.readReportWith(tx, []byte(id), false)
		return err
	})
	return r, err
}

// copyFlagCodes adds to r the flags of the check summarised in rec's head,
// codes only.
func (s *Store) copyFlagCodes(rec []byte, id []byte, r *corpus.Report) error {
	_, c, err := parseCopiesSummary(rec)
	if err != nil {
		return s.corrupt(bucketCopies, id, err)
	}
	for _, code := range c.FlagCodes() {
		r.Analysis.Flags = append(r.Analysis.Flags, corpus.Flag{Code: code, Evidence: []corpus.Span{}, Sources: []corpus.SourceRef{}})
	}
	return nil
}

// active reports whether the document's stored state is active (current
// or reference); a document without a state is.
func (s *Store) active(tx *bolt.Tx, id []byte) bool {
	b := tx.Bucket(bucketState)
	if b == nil {
		return true
	}
	rec := b.Get(id)
	if rec == nil {
		return true
	}
	var st corpus.State
	if decodeRecord(rec, &st) != nil {
		return true
	}
	return st.Active()
}
