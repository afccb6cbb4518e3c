package store

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"lvzhi/corpus"
)

// The store records facts — documents, their origins, the readings of each
// file — and the application derives from them how each document counts
// (corpus.State): current, reference material or history, and which
// version of a report is counted. Every write that can change a document's
// state marks it dirty in the same transaction, so that a process killed
// before the state is derived again leaves it waiting, never wrong and
// forgotten.

// readState decodes the state of id into r (nil when none is stored).
func (s *Store) readState(tx *bolt.Tx, id []byte, r *corpus.Report) error {
	b := tx.Bucket(bucketState)
	if b == nil {
		return nil
	}
	rec := b.Get(id)
	if rec == nil {
		return nil
	}
	var st corpus.State
	if err := decodeRecord(rec, &st); err != nil {
		return s.corrupt(bucketState, id, err)
	}
	r.State = &st
	return nil
}

// Dirty calls fn, in ID order, with every document whose state must be
// derived again. fn runs outside any transaction.
func (s *Store) Dirty(ctx context.Context, fn func(id string) error) error {
	return s.eachKey(ctx, bucketDirty, fn)
}

// MarkDirty marks documents for their state to be derived again (a report
// key that changed meaning, an override file edited). IDs not stored are
// ignored.
func (s *Store) MarkDirty(ctx context.Context, ids []string) error {
	return s.markKeys(ctx, bucketDirty, ids, true)
}

// markKeys puts (or deletes) ids in a bucket of markers, in one
// transaction; IDs of documents not stored are never put.
func (s *Store) markKeys(ctx context.Context, bucket []byte, ids []string, put bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		b, docs := tx.Bucket(bucket), tx.Bucket(bucketDocs)
		dirty := false
		for _, id := range ids {
			k := []byte(id)
			switch {
			case put && b.Get(k) == nil && docs.Get(k) != nil:
				if err := b.Put(k, nil); err != nil {
					return err
				}
				dirty = true
			case !put && b.Get(k) != nil:
				if err := b.Delete(k); err != nil {
					return err
				}
				dirty = true
			}
		}
		if !dirty {
			return errNoChange
		}
		return nil
	})
}

// Facts is what the store knows of one document that its state depends on.
type Facts struct {
	ID       string
	Kind     corpus.Kind
	Analysis *corpus.Analysis
	Origins  []corpus.Origin
	// Current lists the origins whose file's latest reading still holds
	// this document (at that part); an empty list means every file it was
	// read from has since changed.
	Current []corpus.Origin
	// ReplacedBy is, for a document no longer current, the document that
	// took its place in the file it was last read from ("" if none).
	ReplacedBy string
	State      *corpus.State // as stored, nil if none
}

// Facts returns the facts of stored documents (IDs not stored, or being
// removed, are skipped).
func (s *Store) Facts(ctx context.Context, ids []string) ([]Facts, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Facts
	err := s.view(func(tx *bolt.Tx) error {
		docs, analysis, origins, files := tx.Bucket(bucketDocs), tx.Bucket(bucketAnalysis), tx.Bucket(bucketOrigins), tx.Bucket(bucketFiles)
		removing := tx.Bucket(bucketRemoving)
		for _, id := range ids {
			k := []byte(id)
			if docs.Get(k) == nil || removing.Get(k) != nil {
				continue
			}
			f := Facts{ID: id, Analysis: &corpus.Analysis{}}
			if err := decodeRecord(analysis.Get(k), f.Analysis); err != nil {
				return s.corrupt(bucketAnalysis, k, err)
			}
			f.Kind = f.Analysis.Kind
			if rec := origins.Get(k); rec != nil {
				if err := decodeRecord(rec, &f.Origins); err != nil {
					return s.corrupt(bucketOrigins, k, err)
				}
			}
			var latest time.Time
			for _, o := range f.Origins {
				rec := files.Get(fileKey(o.Source, o.Member))
				if rec == nil {
					continue
				}
				var fr fileRecord
				if err := decodeRecord(rec, &fr); err != nil {
					return s.corrupt(bucketFiles, []byte(corpus.Provenance(o.Source, o.Member)), err)
				}
				if fr.Hash == o.FileHash && o.Part >= 1 && o.Part <= len(fr.IDs) && fr.IDs[o.Part-1] == id {
					f.Current = append(f.Current, o)
					continue
				}
				// Replaced: the document now at its part, from the file's
				// latest reading.
				if o.Seen.After(latest) || f.ReplacedBy == "" {
					latest = o.Seen
					if o.Part >= 1 && o.Part <= len(fr.IDs) && fr.IDs[o.Part-1] != id {
						f.ReplacedBy = fr.IDs[o.Part-1]
					}
				}
			}
			var st corpus.Report
			if err := s.readState(tx, k, &st); err != nil {
				return err
			}
			f.State = st.State
			out = append(out, f)
		}
		return nil
	})
	return out, err
}

// ReportMembers returns the IDs of the documents whose stored state names
// report key (in ID order).
func (s *Store) ReportMembers(ctx context.Context, key string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var ids []string
	err := s.view(func(tx *bolt.Tx) error {
		rec := tx.Bucket(bucketReports).Get([]byte(key))
		if rec == nil {
			return nil
		}
		return decodeRecord(rec, &ids)
	})
	return ids, err
}

// PutStates stores the states of documents, in one transaction, and
// clears their dirty marks. A document whose status or counting changed is
// marked unindexed (the index filters on them); one that stops being active
// (history) is queued to leave the copy index (Uncopy); one that becomes
// active again is marked as waiting for the copy check. The reports index
// follows each state's Report key.
func (s *Store) PutStates(ctx context.Context, states map[string]*corpus.State) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(states) == 0 {
		return nil
	}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return s.update(func(tx *bolt.Tx) error {
		b, docs := tx.Bucket(bucketState), tx.Bucket(bucketDocs)
		reports, dirty := tx.Bucket(bucketReports), tx.Bucket(bucketDirty)
		unindexed, uncopy, copies := tx.Bucket(bucketUnindexed), tx.Bucket(bucketUncopy), tx.Bucket(bucketCopies)
		members := map[string][]string{} // report keys touched, loaded once
		member := func(key string) ([]string, error) {
			if m, ok := members[key]; ok {
				return m, nil
			}
			var m []string
			if rec := reports.Get([]byte(key)); rec != nil {
				if err := decodeRecord(rec, &m); err != nil {
					return nil, s.corrupt(bucketReports, []byte(key), err)
				}
			}
			members[key] = m
			return m, nil
		}
		for _, id := range ids {
			k := []byte(id)
			st := states[id]
			if docs.Get(k) == nil {
				continue
			}
			var old corpus.State
			hadOld := false
			if rec := b.Get(k); rec != nil {
				if err := decodeRecord(rec, &old); err != nil {
					return s.corrupt(bucketState, k, err)
				}
				hadOld = true
			}
			if err := b.Put(k, mustEncode(st, s.compressMin)); err != nil {
				return err
			}
			if err := dirty.Delete(k); err != nil {
				return err
			}
			if !hadOld || old.Status != st.Status || old.Counted != st.Counted || old.Reason != st.Reason {
				if err := unindexed.Put(k, nil); err != nil {
					return err
				}
			}
			wasActive := !hadOld || old.Active()
			switch {
			case wasActive && !st.Active():
				if err := uncopy.Put(k, nil); err != nil {
					return err
				}
				if err := copies.Delete(k); err != nil {
					return err
				}
			case !wasActive && st.Active():
				if err := uncopy.Delete(k); err != nil {
					return err
				}
			}
			if hadOld && old.Report != st.Report && old.Report != "" {
				m, err := member(old.Report)
				if err != nil {
					return err
				}
				members[old.Report] = slices.DeleteFunc(m, func(x string) bool { return x == id })
			}
			if st.Report != "" {
				m, err := member(st.Report)
				if err != nil {
					return err
				}
				if !slices.Contains(m, id) {
					m = append(m, id)
					sort.Strings(m)
					members[st.Report] = m
				}
			}
		}
		for key, m := range members {
			if len(m) == 0 {
				if err := reports.Delete([]byte(key)); err != nil {
					return err
				}
				continue
			}
			if err := reports.Put([]byte(key), mustEncode(m, s.compressMin)); err != nil {
				return err
			}
		}
		return nil
	})
}

func mustEncode(v any, compressMin int) []byte {
	rec, err := encodeRecord(nil, v, compressMin)
	if err != nil {
		panic(err) // only plain structs and slices of strings are encoded here
	}
	return rec
}

// Uncopy lists, via fn, the documents queued to leave the copy index.
func (s *Store) Uncopy(ctx context.Context, fn func(id string) error) error {
	return s.eachKey(ctx, bucketUncopy, fn)
}

// LeftCopies records that documents have left the copy index.
func (s *Store) LeftCopies(ctx context.Context, ids []string) error {
	return s.markKeys(ctx, bucketUncopy, ids, false)
}

// Version is one version of a document: a reading of one of its files, or
// another document of the same report.
type Version struct {
	ID      string    `json:"id"`
	Source  string    `json:"source"`
	Member  string    `json:"member"`
	Part    int       `json:"part"`
	Seen    time.Time `json:"seen"`    // when that reading was made
	Current bool      `json:"current"` // the file's latest reading
	Stored  bool      `json:"stored"`  // the document is still in the store
}

// Versions lists the readings of every file the document was read from, at
// the document's part, newest first: the document's own and those of the
// texts before and after it at the same place.
func (s *Store) Versions(ctx context.Context, id string) ([]Version, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Version
	err := s.view(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		key, err := resolve(docs, id)
		if err != nil {
			return err
		}
		var origins []corpus.Origin
		if rec := tx.Bucket(bucketOrigins).Get(key); rec != nil {
			if err := decodeRecord(rec, &origins); err != nil {
				return s.corrupt(bucketOrigins, key, err)
			}
		}
		seen := map[string]bool{}
		for _, o := range origins {
			fk := string(fileKey(o.Source, o.Member)) + "\x00" + string(rune(o.Part))
			if seen[fk] {
				continue
			}
			seen[fk] = true
			rec := tx.Bucket(bucketFiles).Get(fileKey(o.Source, o.Member))
			if rec == nil {
				continue
			}
			var fr fileRecord
			if err := decodeRecord(rec, &fr); err != nil {
				return s.corrupt(bucketFiles, []byte(corpus.Provenance(o.Source, o.Member)), err)
			}
			add := func(ids []string, when time.Time, current bool) {
				if o.Part < 1 || o.Part > len(ids) || ids[o.Part-1] == "" {
					return
				}
				v := ids[o.Part-1]
				out = append(out, Version{ID: v, Source: o.Source, Member: o.Member, Part: o.Part, Seen: when,
					Current: current, Stored: docs.Get([]byte(v)) != nil})
			}
			add(fr.IDs, fr.Seen, true)
			for _, h := range fr.History {
				add(h.IDs, h.Seen, false)
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Seen.After(out[j].Seen) })
	return out, err
}

// Under lists the stored documents read from files at or under each path
// (a file, a zip, or a folder: "dir" holds "dir/a.txt" and "dir/sub/b.zip"),
// with the origins of each that lie there. Paths are compared as given to
// ingest, cleaned of a trailing separator.
func (s *Store) Under(ctx context.Context, paths []string) (map[string][]corpus.Origin, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := map[string][]corpus.Origin{}
	err := s.view(func(tx *bolt.Tx) error {
		origins := tx.Bucket(bucketOrigins)
		removing := tx.Bucket(bucketRemoving)
		c := origins.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if removing.Get(k) != nil {
				continue
			}
			var list []corpus.Origin
			if err := decodeRecord(v, &list); err != nil {
				return s.corrupt(bucketOrigins, k, err)
			}
			for _, o := range list {
				for _, p := range paths {
					if within(o.Source, p) {
						out[string(k)] = append(out[string(k)], o)
						break
					}
				}
			}
		}
		return nil
	})
	return out, err
}

// within reports whether the file path lies at or under p.
func within(path, p string) bool {
	p = strings.TrimRight(p, "/")
	if p == "" {
		return false
	}
	return path == p || strings.HasPrefix(path, p+"/")
}

// SetReference marks the origins of documents read from files at or under
// paths as reference material (or, with ref false, as reports), and marks
// the documents dirty. It returns the IDs whose origins changed.
func (s *Store) SetReference(ctx context.Context, paths []string, ref bool) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var changed []string
	err := s.update(func(tx *bolt.Tx) error {
		changed = changed[:0]
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		type upd struct {
			key  []byte
			list []corpus.Origin
		}
		var updates []upd
		c := w.origins.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var list []corpus.Origin
			if err := decodeRecord(v, &list); err != nil {
				return s.corrupt(bucketOrigins, k, err)
			}
			hit := false
			for i := range list {
				for _, p := range paths {
					if within(list[i].Source, p) && list[i].Reference != ref {
						list[i].Reference, hit = ref, true
					}
				}
			}
			if hit {
				updates = append(updates, upd{append([]byte(nil), k...), list})
			}
		}
		for _, u := range updates {
			if err := w.put(w.origins, u.key, nil, u.list); err != nil {
				return err
			}
			if err := w.dirtyDoc(u.key); err != nil {
				return err
			}
			changed = append(changed, string(u.key))
		}
		if !w.dirty {
			return errNoChange
		}
		return nil
	})
	return changed, err
}

// BeginRemove starts removing documents, in one transaction: each ID is
// marked as being removed (readers no longer see it), and the files whose
// readings named it forget it. Removing is finished by FinishRemove once
// the document has left the search index and the copy index; Removing
// lists what a killed process left half removed.
//
// drop lists, for documents that stay, the origins to forget (a folder
// removed while the same text was also read from elsewhere): those
// documents are marked dirty, and so are the other documents that named
// a removed one as their replacement.
func (s *Store) BeginRemove(ctx context.Context, ids []string, drop map[string][]corpus.Origin) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		removing := tx.Bucket(bucketRemoving)
		gone := map[string]bool{}
		for _, id := range ids {
			k := []byte(id)
			if w.docs.Get(k) == nil {
				continue
			}
			gone[id] = true
			if err := removing.Put(k, nil); err != nil {
				return err
			}
			w.dirty = true
			// Forget its origins' files, when they hold nothing else.
			var list []corpus.Origin
			if rec := w.origins.Get(k); rec != nil {
				if err := decodeRecord(rec, &list); err != nil {
					return s.corrupt(bucketOrigins, k, err)
				}
			}
			if err := w.forgetFiles(id, list); err != nil {
				return err
			}
		}
		for id, list := range drop {
			k := []byte(id)
			if gone[id] || w.docs.Get(k) == nil {
				continue
			}
			var kept []corpus.Origin
			if rec := w.origins.Get(k); rec != nil {
				if err := decodeRecord(rec, &kept); err != nil {
					return s.corrupt(bucketOrigins, k, err)
				}
			}
			kept = slices.DeleteFunc(kept, func(o corpus.Origin) bool {
				return slices.ContainsFunc(list, func(d corpus.Origin) bool { return sameOrigin(o, d) })
			})
			if err := w.put(w.origins, k, nil, kept); err != nil {
				return err
			}
			if err := w.forgetFiles(id, list); err != nil {
				return err
			}
			if err := w.dirtyDoc(k); err != nil {
				return err
			}
		}
		if !w.dirty {
			return errNoChange
		}
		return nil
	})
}

// forgetFiles drops id from the records of the files of list: a file whose
// latest reading holds nothing else is forgotten with its history.
func (w *writer) forgetFiles(id string, list []corpus.Origin) error {
	for _, o := range list {
		key := fileKey(o.Source, o.Member)
		rec := w.fs.Get(key)
		if rec == nil {
			continue
		}
		var fr fileRecord
		if err := decodeRecord(rec, &fr); err != nil {
			return w.s.corrupt(bucketFiles, []byte(corpus.Provenance(o.Source, o.Member)), err)
		}
		others := false
		for i, x := range fr.IDs {
			if x == id {
				fr.IDs[i] = ""
			} else if x != "" {
				others = true
			}
		}
		if !others {
			if err := w.fs.Delete(key); err != nil {
				return err
			}
			continue
		}
		if err := w.put(w.fs, key, nil, &fr); err != nil {
			return err
		}
	}
	return nil
}

// Removing calls fn with the IDs of documents whose removal has begun but
// not finished.
func (s *Store) Removing(ctx context.Context, fn func(id string) error) error {
	return s.eachKey(ctx, bucketRemoving, fn)
}

// FinishRemove deletes documents whose removal began, in one transaction:
// document, analysis, origins, copy check and state, and their place in
// their report. It returns the documents of the same reports, which must
// have their state derived again (marked dirty).
func (s *Store) FinishRemove(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		w := writer{s: s, tx: tx}
		if err := w.open(); err != nil {
			return err
		}
		count := getCount(w.meta)
		removing, state, reports := tx.Bucket(bucketRemoving), tx.Bucket(bucketState), tx.Bucket(bucketReports)
		for _, id := range ids {
			k := []byte(id)
			if removing.Get(k) == nil {
				continue
			}
			if rec := state.Get(k); rec != nil {
				var st corpus.State
				if err := decodeRecord(rec, &st); err == nil && st.Report != "" {
					var m []string
					if rec := reports.Get([]byte(st.Report)); rec != nil && decodeRecord(rec, &m) == nil {
						m = slices.DeleteFunc(m, func(x string) bool { return x == id })
						for _, other := range m {
							if err := w.dirtyDoc([]byte(other)); err != nil {
								return err
							}
						}
						if len(m) == 0 {
							err = reports.Delete([]byte(st.Report))
						} else {
							err = reports.Put([]byte(st.Report), mustEncode(m, s.compressMin))
						}
						if err != nil {
							return err
						}
					}
				}
			}
			if w.docs.Get(k) != nil {
				count--
			}
			for _, name := range [][]byte{bucketDocs, bucketAnalysis, bucketOrigins, bucketCopies, bucketState,
				bucketUnindexed, bucketDirty, bucketUncopy, bucketRemoving} {
				if err := tx.Bucket(name).Delete(k); err != nil {
					return err
				}
			}
			w.dirty = true
		}
		if !w.dirty {
			return errNoChange
		}
		return putCount(w.meta, max(count, 0))
	})
}

// isRemoving reports whether id is being removed, in tx.
func isRemoving(tx *bolt.Tx, id []byte) bool {
	b := tx.Bucket(bucketRemoving)
	return b != nil && b.Get(id) != nil
}
