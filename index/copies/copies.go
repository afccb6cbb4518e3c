// Package copies measures how much of each document is copied from the
// other documents the office holds, and from whom (SPEC §4 boilerplate,
// self_reuse, near_duplicate): the copy ratio (复制比), each shared passage
// with its presumed source and its other holders, the documents that took
// passages from this one, and its near-duplicates.
//
// # Method
//
// Text is compared in a normal form (see normalize): width folded, Latin
// lower-cased, whitespace and punctuation dropped. A passage is a run of at
// least MinChars (13) such characters that also occurs in another document.
//
// Every document is fingerprinted by winnowing (Schleimer, Wilkerson and
// Aiken 2003, the method of MOSS) over its character K-grams (K = 7) with a
// window of Window (7) hashes: in every window the minimum hash is a
// fingerprint. Since K+Window-1 = 13, any shared passage of 13 characters
// holds a whole window, whose minimum both documents keep: every 13-character
// window of a document that another document holds is held by a document
// holding the window's fingerprint. The fingerprints go into an inverted
// index (postings) that a document is added to, and removed from, without
// touching the others.
//
// # Direction
//
// Every document has a Key: reference material or not, the year its text
// covers, its date of receipt, its author. The precedence orders documents
// by the first three, then by ID; of the documents holding a passage, the
// first is its presumed source. For the document checked, a passage whose
// presumed source is another document is copied from others (Ratio), or
// self reuse when that document has the same known author (SelfRatio,
// SelfYears); a passage the document itself held first is original here
// (OriginalRatio), and the documents holding it too are its Copiers.
//
// # The check
//
// For each fingerprint of the document the check looks at the other
// holders earliest in precedence, at most Samples (8) of them (for a
// fingerprint held by more than topAt documents the index keeps its
// earliest holders up to date, so no check reads a long list). The
// fingerprints are walked rarest first; each one's holders in precedence
// order are probed for the fingerprint's windows: where the holder has the
// window's minimum k-gram, the window is compared character by character
// and a match extended both ways to the maximal common run. A holder is
// probed until every window of the fingerprint has a holder (its first
// holder found is then its earliest) or the holders looked at run out; when
// the document precedes them all (its windows are original here) all are
// probed, to list the copiers. A fingerprint of more than Samples holders
// is left after Patience (2) holders in a row held none of its open windows:
// such a window (template words with a name or a number inside) is held by
// few, in other contexts, far down the list.
//
// A holder is verified in full instead when probing would cost more
// (repetitive text) or when it may be a near-duplicate: every window of
// MinChars characters of the document goes into a table of its distinct
// windows, each window of the holder is looked up there, and the windows
// held are covered by runs grown along their diagonals. This is linear in
// both lengths however repetitive the texts are (two documents of 300,000
// repeated characters took 36.6 s before: quadratic).
//
// Passages are the stretches over which the presumed source (the earliest
// holder found with a non-stock run there) and its run stay the same; they
// do not overlap. Each lists its presumed source first, then the other
// holders found holding all of it, in precedence order (at most
// MaxSources); Shared counts them, and SharedMore says more may hold it
// (not every holder of its fingerprints was probed there: 至少).
//
// The result is a function of the documents in the index, their texts and
// their keys: everything is chosen by precedence and ID, never by the order
// of adding, and concurrent checks do not change it. What a document's
// check reads of the index is bounded (the earliest holders of its
// fingerprints and their count up to Samples+1), so the index can say
// which checks a change may alter: Related after adds, and Remove and
// SetKey return them (TestReproducible adds one corpus in three orders and
// keeps checks up to date with them: every result equals a clean check).
//
// What can be missed: a window whose holders all come after the first
// Samples holders of its fingerprint, or after Patience idle ones, and the
// passages of documents beyond MaxCandidates (256) per check. Measured on
// the controlled-copy corpus of 300 documents with known copying direction
// (TestControlledCorpus): with characters drawn uniformly every ratio is
// exact and every copied passage attributed to its true source (precision
// and recall 1.0); with words drawn by Zipf's law, where many windows'
// fingerprints are common elsewhere, direction precision is 0.993 and
// recall 0.982 (0.998 of the characters), and nothing the generator shared
// is missed. The boilerplate and self_reuse flags: precision and recall
// 1.0 on both.
//
// # Stock phrases
//
// A run is stock when a stretch of it shorter than StockMaxChars (40) holds
// all but fewer than MinChars of its characters and every window in that
// stretch has a fingerprint at least StockMinDocs (5) other documents hold:
// 认真履行代表职责，密切联系人民群众 and the like are the genre's common
// language, perhaps with a neighbouring character two documents happen to
// share. The count bounds how many hold the window; it is not a count of
// holders found. A longer run is copying however many documents share it
// (a template page copied by fifty deputies is still copying). Stock
// passages count in StockRatio only.
//
// # Near-duplicates
//
// A document's Cluster lists the earlier documents it nearly duplicates:
// each at least NearDupCover (50%) covered, character by character, by the
// runs they share. The covers are exact among the candidates found holding
// at least half of the document (TestNearDupRule: an edited copy, pairs
// sharing 68–70% each way and a template page inside a compilation part
// are near-duplicates; pairs sharing 30% or 20%, a short document that is
// 30% of a long one, and pairs with stock phrases in common are not). A
// later near-duplicate is one of the Copiers.
package copies

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
)

// Version is the version of the Copies this package computes
// (corpus.Copies.Version).
const Version = 2

// TextSource returns the normalised text (corpus.Document.Text) of a stored document.
type TextSource func(id string) (string, error)

// Options are the parameters of the check. K and Window are fixed when the
// index is created; the others may change between runs (a change changes
// results: recheck every document).
type Options struct {
	MinChars int // minimum passage length in normalised characters (13)
	K        int // k-gram length (7)
	Window   int // winnowing window, in k-grams (7); K+Window-1 ≤ MinChars

	StockMaxChars int // a stock passage is shorter than this (40)
	StockMinDocs  int // ... and shared by at least this many other documents (5)

	Samples       int // holders of a fingerprint looked at, earliest by precedence first (8)
	Patience      int // ... of one with more: stop after this many in a row hold none of its open windows (2)
	MaxCandidates int // documents compared per check (256)
	MaxSources    int // sources listed per passage, the presumed source first (20)
	MaxCopiers    int // copiers listed (50)

	NearDupCover float64 // near-duplicates: least share of each held by the other (0.5)
	MaxCluster   int     // near-duplicates listed, closest first (50)

	CacheBytes      int // normalised texts of candidates kept in memory (64 MiB)
	PendingPostings int // postings buffered before they are merged into the index (1<<20)
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		MinChars: 13, K: 7, Window: 7,
		StockMaxChars: 40, StockMinDocs: 5,
		Samples: 8, Patience: 2, MaxCandidates: 256, MaxSources: 20, MaxCopiers: 50,
		NearDupCover: 0.5, MaxCluster: 50,
		CacheBytes: 64 << 20, PendingPostings: 1 << 20,
	}
}

func (o Options) validate() error {
	switch {
	case o.K < 1 || o.Window < 1 || o.MinChars < 1:
		return errors.New("MinChars, K and Window must be positive")
	case o.K+o.Window-1 > o.MinChars:
		return fmt.Errorf("K+Window-1 = %d exceeds MinChars = %d: shared passages could be missed", o.K+o.Window-1, o.MinChars)
	case o.Samples < 1 || o.Patience < 1 || o.MaxCandidates < 1 || o.MaxSources < 1 || o.MaxCopiers < 1 || o.MaxCluster < 1 || o.PendingPostings < 1:
		return errors.New("Samples, Patience, MaxCandidates, MaxSources, MaxCopiers, MaxCluster and PendingPostings must be positive")
	case o.Samples > 1000:
		return errors.New("Samples must be at most 1000")
	case o.StockMinDocs < 1 || o.StockMaxChars < 0 || o.CacheBytes < 0:
		return errors.New("StockMinDocs must be positive, StockMaxChars and CacheBytes not negative")
	case o.StockMinDocs > o.Samples+1:
		return errors.New("StockMinDocs must be at most Samples+1: a check counts the holders of a fingerprint up to that")
	case !(o.NearDupCover > 0 && o.NearDupCover <= 1):
		return errors.New("NearDupCover must be in (0, 1]")
	}
	return nil
}

// topAt is the number of live holders above which a fingerprint's earliest
// holders are kept up to date (tops) rather than found by reading its list.
const topAt = 32

// topList is the earliest live holders of a fingerprint by precedence.
type topList struct {
	live int      // live holders
	docs []uint32 // the earliest topN of them, in precedence order
}

// Index is the fingerprint index of a corpus. Check, Related, Has, Key and
// Len may run concurrently; Add, Remove, SetKey, Sync and Close are
// exclusive.
type Index struct {
	opt  Options
	path string
	topN int // holders kept per fingerprint: Samples + 1 (one may be the document checked)

	mu   sync.RWMutex
	file *os.File
	size int64  // bytes of the log written to the file
	buf  []byte // frames not yet written
	err  error  // a sticky write error

	// Per document number (slot), in the order of adding; a removed
	// document keeps its slot, dead.
	ids    []string
	chars  []uint32
	where  []int64  // offset of the document's 'D' frame in the log (file, then buf)
	prec   []uint64 // packed precedence (Key.packed)
	author []uint32 // index into authors
	year   []int32
	dead   []bool

	byID     map[string]uint32 // live documents
	authors  []string          // authors[0] is "" (unknown)
	authorID map[string]uint32

	post      postings
	tops      map[uint32]*topList
	deadPosts int // postings of dead documents not yet compacted away

	legacy  header // the header of a log of an older format being upgraded
	records int    // change frames in the log
	garbage int    // ... that a rewrite would drop (removed documents, removals, superseded keys)

	cache   *textCache
	scratch sync.Pool // *scratch

	checks, verified, cacheHits atomic.Int64 // what Check did, for Stats
}

// Open loads (or creates) the fingerprint index kept in dir. Crash-safe: a
// process killed mid-write leaves an index that opens (a torn tail is
// dropped) and holds every change made before the last Sync. One writer at
// a time: the caller holds the data directory's lock.
func Open(dir string, opt Options) (*Index, error) {
	if err := opt.validate(); err != nil {
		return nil, fmt.Errorf("copies: options: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("copies: %w", err)
	}
	path := filepath.Join(dir, logName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("copies: %w", err)
	}
	ix := &Index{
		opt: opt, path: path, file: f, topN: opt.Samples + 1,
		byID: make(map[string]uint32), authors: []string{""}, authorID: map[string]uint32{"": 0},
		tops: make(map[uint32]*topList), cache: newTextCache(opt.CacheBytes),
	}
	if err := ix.load(); err != nil {
		ix.file.Close()
		return nil, fmt.Errorf("copies: open %s: %w", path, err)
	}
	return ix, nil
}

func (ix *Index) header() header {
	return header{version: formatVersion, k: ix.opt.K, window: ix.opt.Window}
}

// load reads the log, truncating a torn tail, and builds the index in
// memory. A log of an older format, or one mostly made of removed
// documents and superseded keys, is rewritten.
func (ix *Index) load() error {
	r := bufio.NewReaderSize(ix.file, 1<<20)
	p, err := readFrame(r, nil)
	if err == io.EOF || err == errTorn { // a new (or empty) log: write the header durably
		if err := ix.file.Truncate(0); err != nil {
			return err
		}
		ix.buf = appendFrame(ix.buf, ix.header().encode())
		return ix.syncLocked()
	}
	if err != nil {
		return err
	}
	h, err := decodeHeader(p)
	if err != nil {
		return err
	}
	if h.k != ix.opt.K || h.window != ix.opt.Window {
		return fmt.Errorf("built with format %d, K=%d, Window=%d; these options want K=%d, Window=%d (remove the directory to rebuild)",
			h.version, h.k, h.window, ix.opt.K, ix.opt.Window)
	}
	off := int64(frameHeader + len(p))
	if h.version < formatVersion {
		ix.legacy = h
	}
	var rec record
	ix.post.bulk = true
	for {
		p, err = readFrame(r, p)
		if err == io.EOF || err == errTorn {
			break
		}
		if err != nil {
			return err
		}
		if err = ix.decode(p, &rec); err != nil {
			break // a valid CRC over a bad record: treat as the torn end
		}
		at := off
		off += frameHeader + int64(len(p))
		ix.apply(&rec, at, true)
		if len(ix.post.pendList) >= 8<<20 {
			ix.post.merge()
		}
	}
	ix.post.merge()
	ix.post.bulk = false
	if ix.deadPosts > 0 {
		ix.compact()
	}
	ix.buildTops()
	if st, err := ix.file.Stat(); err != nil {
		return err
	} else if st.Size() != off {
		if err := ix.file.Truncate(off); err != nil {
			return fmt.Errorf("dropping the torn tail: %w", err)
		}
	}
	ix.size = off
	if h.version < formatVersion || ix.garbage >= 64 && 4*ix.garbage > ix.records {
		return ix.rewrite()
	}
	return nil
}

// apply makes a change read from the log (loading) or made now: a
// document added at log offset off, removed, or given a key. While loading
// the earliest-holder lists are left to buildTops.
func (ix *Index) apply(rec *record, off int64, loading bool) {
	ix.records++
	switch rec.op {
	case 'D':
		if _, dup := ix.byID[rec.id]; dup {
			ix.garbage++
			return
		}
		doc := uint32(len(ix.ids))
		ix.ids = append(ix.ids, rec.id)
		ix.byID[rec.id] = doc
		ix.chars = append(ix.chars, uint32(rec.chars))
		ix.where = append(ix.where, off)
		ix.prec = append(ix.prec, rec.key.packed())
		ix.author = append(ix.author, ix.internAuthor(rec.key.Author))
		ix.year = append(ix.year, int32(rec.key.Year))
		ix.dead = append(ix.dead, false)
		ix.post.add(doc, rec.fps)
		if !loading {
			ix.enterTops(doc, rec.fps)
		}
	case 'R':
		doc, ok := ix.byID[rec.id]
		if !ok {
			ix.garbage++
			return
		}
		delete(ix.byID, rec.id)
		ix.dead[doc] = true
		ix.garbage += 2 // this record and the document's
		if loading {
			ix.deadPosts++ // compacted once loaded
		} else {
			ix.deadPosts += len(rec.fps) // Remove passes the document's fingerprints
			ix.leaveTops(doc, rec.fps)
		}
	case 'K':
		doc, ok := ix.byID[rec.id]
		ix.garbage++
		if !ok {
			return
		}
		ix.prec[doc] = rec.key.packed()
		ix.author[doc] = ix.internAuthor(rec.key.Author)
		ix.year[doc] = int32(rec.key.Year)
		if !loading {
			ix.rekeyTops(doc, rec.fps)
		}
	}
}

func (ix *Index) internAuthor(a string) uint32 {
	if id, ok := ix.authorID[a]; ok {
		return id
	}
	id := uint32(len(ix.authors))
	ix.authors = append(ix.authors, a)
	ix.authorID[a] = id
	return id
}

func (ix *Index) key(doc uint32) Key {
	k := unpackKey(ix.prec[doc], ix.authors[ix.author[doc]])
	k.Year = int(ix.year[doc])
	return k
}

// rewrite writes the live documents, with their keys, to a new log that
// replaces the old one.
func (ix *Index) rewrite() error {
	rw, err := newRewriter(ix.path, ix.header())
	if err != nil {
		return fmt.Errorf("rewriting: %w", err)
	}
	defer rw.abort()
	var rec record
	for doc := range ix.ids {
		if ix.dead[doc] {
			continue
		}
		if err := ix.readRecord(uint32(doc), &rec); err != nil {
			return err
		}
		rec.op, rec.key = 'D', ix.key(uint32(doc))
		ix.where[doc] = rw.size()
		if err := rw.add(&rec); err != nil {
			return fmt.Errorf("rewriting: %w", err)
		}
	}
	f, size, err := rw.commit()
	if err != nil {
		return fmt.Errorf("rewriting: %w", err)
	}
	ix.file.Close()
	ix.file, ix.size = f, size
	ix.records, ix.garbage, ix.legacy = len(ix.byID), 0, header{}
	return nil
}

// decode decodes a change payload of the log's format.
func (ix *Index) decode(p []byte, rec *record) error {
	if ix.legacy.version > 0 {
		return rec.decodeLegacy(p, ix.legacy.minHash, ix.legacy.version)
	}
	return rec.decode(p)
}

// rewriter writes a new log to a temporary file that replaces the log once
// complete and synced.
type rewriter struct {
	path, tmp string
	f         *os.File
	w         *bufio.Writer
	n         int64
	enc       []byte
}

func newRewriter(path string, h header) (*rewriter, error) {
	tmp := path + ".rewrite"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	rw := &rewriter{path: path, tmp: tmp, f: f, w: bufio.NewWriterSize(f, 1<<20)}
	frame := appendFrame(nil, h.encode())
	rw.w.Write(frame)
	rw.n = int64(len(frame))
	return rw, nil
}

func (rw *rewriter) size() int64 { return rw.n }

func (rw *rewriter) add(rec *record) error {
	rw.enc = rec.encode(rw.enc)
	var h [frameHeader]byte
	binary.LittleEndian.PutUint32(h[:4], uint32(len(rw.enc)))
	binary.LittleEndian.PutUint32(h[4:], crc32.Checksum(rw.enc, castagnoli))
	rw.w.Write(h[:])
	_, err := rw.w.Write(rw.enc)
	rw.n += frameHeader + int64(len(rw.enc))
	return err
}

// commit syncs the new log, renames it over the old one and returns it open.
func (rw *rewriter) commit() (*os.File, int64, error) {
	err := rw.w.Flush()
	if err == nil {
		err = rw.f.Sync()
	}
	if err == nil {
		err = os.Rename(rw.tmp, rw.path)
	}
	if err != nil {
		return nil, 0, err
	}
	if d, err := os.Open(filepath.Dir(rw.path)); err == nil {
		d.Sync()
		d.Close()
	}
	f := rw.f
	rw.f = nil
	return f, rw.n, nil
}

// abort removes an uncommitted rewrite.
func (rw *rewriter) abort() {
	if rw.f != nil {
		rw.f.Close()
		os.Remove(rw.tmp)
		rw.f = nil
	}
}

// Has reports whether the document is in the index.
func (ix *Index) Has(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.byID[id]
	return ok
}

// Key returns the key the document was given, and whether it is in the
// index.
func (ix *Index) Key(id string) (Key, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	doc, ok := ix.byID[id]
	if !ok {
		return Key{}, false
	}
	return ix.key(doc), true
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Add fingerprints a document, with its key. text is its normalised text
// (corpus.Document.Text). Adding an ID already present changes nothing
// (SetKey changes a key). The document is durable after the next Sync;
// Related names the documents whose checks the additions change.
func (ix *Index) Add(id, text string, key Key) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return fmt.Errorf("copies: add %s: index closed", id)
	}
	if _, ok := ix.byID[id]; ok {
		return nil
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	rec := record{op: 'D', id: id, key: key}
	rec.fps, rec.chars = sc.fingerprints(text, ix.opt, false)
	return ix.log(&rec, sc)
}

// log appends a change to the log and applies it.
func (ix *Index) log(rec *record, sc *scratch) error {
	off := ix.size + int64(len(ix.buf))
	sc.rec = rec.encode(sc.rec)
	ix.buf = appendFrame(ix.buf, sc.rec)
	ix.apply(rec, off, false)
	if len(ix.post.pendList) >= ix.opt.PendingPostings {
		ix.post.merge()
	}
	if ix.deadPosts > 1<<16 && 4*ix.deadPosts > ix.post.total+len(ix.post.pendList) {
		ix.compact()
	}
	if len(ix.buf) >= 1<<20 {
		return ix.writeLocked()
	}
	return nil
}

// Remove takes a document out of the index: it is no longer anyone's
// candidate or source. It returns the documents whose checks change (those
// that had it among the holders they look at: recheck them); nil when the
// document is not in the index. Durable after the next Sync, like Add. A
// caller that must not lose the list to a crash marks those checks out of
// date first: AffectedByRemove returns it without removing.
func (ix *Index) Remove(id string) ([]string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return nil, fmt.Errorf("copies: remove %s: index closed", id)
	}
	doc, ok := ix.byID[id]
	if !ok {
		return nil, nil
	}
	rec := record{op: 'R'}
	if err := ix.readRecord(doc, &rec); err != nil {
		return nil, err
	}
	affected := ix.removeAffects(doc, rec.fps)
	rec.op, rec.id = 'R', id
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	if err := ix.log(&rec, sc); err != nil {
		return nil, err
	}
	ix.cache.drop(doc)
	return ix.sortedNames(affected), nil
}

// AffectedByRemove returns what Remove(id) would return, changing nothing.
func (ix *Index) AffectedByRemove(id string) ([]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	doc, ok := ix.byID[id]
	if !ok {
		return nil, nil
	}
	var rec record
	if err := ix.readRecord(doc, &rec); err != nil {
		return nil, err
	}
	return ix.sortedNames(ix.removeAffects(doc, rec.fps)), nil
}

// removeAffects is the set of live documents whose checks removing doc
// changes: the holders of its fingerprints that have few holders (their
// count, up to Samples+1, changes) or of which it is among the earliest.
func (ix *Index) removeAffects(doc uint32, fps []uint32) map[uint32]bool {
	affected := map[uint32]bool{}
	var buf []uint32
	for _, h := range fps {
		var live int
		buf, live = ix.holders(h, buf)
		if live <= ix.topN+1 || slices.Contains(buf, doc) {
			ix.eachHolder(h, func(d uint32) { affected[d] = true })
		}
	}
	delete(affected, doc)
	return affected
}

// SetKey changes a document's key (reanalysis found another year; a folder
// became reference material; the deputy was identified). It returns the
// documents whose checks change, the document itself included (none when
// the key is the same). Durable after the next Sync; AffectedByKey returns
// the list without changing the key.
func (ix *Index) SetKey(id string, key Key) ([]string, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return nil, fmt.Errorf("copies: set key of %s: index closed", id)
	}
	doc, ok := ix.byID[id]
	if !ok {
		return nil, fmt.Errorf("copies: set key of %s: not in the index %s", id, ix.path)
	}
	if ix.key(doc) == key {
		return nil, nil
	}
	rec := record{op: 'K'}
	if err := ix.readRecord(doc, &rec); err != nil {
		return nil, err
	}
	affected := ix.keyAffects(doc, rec.fps, key)
	rec.op, rec.id, rec.key = 'K', id, key
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	if err := ix.log(&rec, sc); err != nil {
		return nil, err
	}
	return ix.sortedNames(affected), nil
}

// AffectedByKey returns what SetKey(id, key) would return, changing
// nothing.
func (ix *Index) AffectedByKey(id string, key Key) ([]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	doc, ok := ix.byID[id]
	if !ok {
		return nil, fmt.Errorf("copies: key of %s: not in the index %s", id, ix.path)
	}
	if ix.key(doc) == key {
		return nil, nil
	}
	var rec record
	if err := ix.readRecord(doc, &rec); err != nil {
		return nil, err
	}
	return ix.sortedNames(ix.keyAffects(doc, rec.fps, key)), nil
}

// keyAffects is the set of live documents whose checks giving doc this key
// changes: doc itself, and the holders of the fingerprints of which it is
// among the earliest, before or after.
func (ix *Index) keyAffects(doc uint32, fps []uint32, key Key) map[uint32]bool {
	affected := map[uint32]bool{doc: true}
	pk := key.packed()
	var buf []uint32
	for _, h := range fps {
		buf, _ = ix.holders(h, buf)
		in := slices.Contains(buf, doc) // among the earliest before
		if !in {
			// After: fewer than topN of the earliest others precede it.
			before := 0
			for _, d := range buf {
				if p := ix.prec[d]; p < pk || p == pk && ix.ids[d] < ix.ids[doc] {
					before++
				}
			}
			in = before < ix.topN
		}
		if in {
			ix.eachHolder(h, func(d uint32) { affected[d] = true })
		}
	}
	return affected
}

// Related lists the documents whose checks may change because the
// documents ids were added: those that have one of them among the earliest
// holders of a fingerprint (what a check looks at), or hold a fingerprint
// that had few holders before (its count, up to Samples+1, changed). ids
// must name every document added since the others were last checked (more
// is harmless: it only lists more); they themselves are left out. The list
// is in ID order.
func (ix *Index) Related(ids []string) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	batch := make(map[uint32]bool, len(ids))
	for _, id := range ids {
		if doc, ok := ix.byID[id]; ok {
			batch[doc] = true
		}
	}
	docs := make([]uint32, 0, len(batch))
	for d := range batch {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	out := make(map[uint32]bool)
	var rec record
	var buf []uint32
	done := map[uint32]bool{} // fingerprints already handled
	for _, doc := range docs {
		if err := ix.readRecord(doc, &rec); err != nil {
			// Unreadable: every holder of its fingerprints may change.
			continue
		}
		for _, h := range rec.fps {
			if done[h] {
				continue
			}
			done[h] = true
			var live int
			buf, live = ix.holders(h, buf)
			hit := false
			for _, d := range buf {
				hit = hit || batch[d]
			}
			if !hit && live <= ix.topN+len(batch) {
				// Few holders: did they number at most topN before?
				before := 0
				ix.eachHolder(h, func(d uint32) {
					if !batch[d] {
						before++
					}
				})
				hit = before <= ix.topN
			}
			if hit {
				ix.eachHolder(h, func(d uint32) { out[d] = true })
			}
		}
	}
	for d := range batch {
		delete(out, d)
	}
	return ix.sortedNames(out)
}

func (ix *Index) sortedNames(set map[uint32]bool) []string {
	out := make([]string, 0, len(set))
	for d := range set {
		if !ix.dead[d] {
			out = append(out, ix.ids[d])
		}
	}
	slices.Sort(out)
	return out
}

// eachHolder calls fn with every live holder of fingerprint h.
func (ix *Index) eachHolder(h uint32, fn func(uint32)) {
	a, b := ix.post.lookup(h)
	for _, part := range [2][]uint32{a, b} {
		for _, d := range part {
			if !ix.dead[d] {
				fn(d)
			}
		}
	}
}

// holders returns the earliest topN live holders of fingerprint h by
// precedence (in buf) and the number of live holders.
func (ix *Index) holders(h uint32, buf []uint32) ([]uint32, int) {
	buf = buf[:0]
	if t := ix.tops[h]; t != nil {
		return append(buf, t.docs...), t.live
	}
	n := 0
	ix.eachHolder(h, func(d uint32) {
		n++
		buf = ix.insertTop(buf, d)
	})
	return buf, n
}

// insertTop inserts doc into list, kept in precedence order and at most
// topN long.
func (ix *Index) insertTop(list []uint32, doc uint32) []uint32 {
	if len(list) == ix.topN && !ix.precedes(doc, list[len(list)-1]) {
		return list
	}
	i := len(list)
	for i > 0 && ix.precedes(doc, list[i-1]) {
		i--
	}
	if len(list) < ix.topN {
		list = append(list, 0)
	}
	copy(list[i+1:], list[i:len(list)-1])
	list[i] = doc
	return list
}

// scanTop rebuilds a fingerprint's earliest holders from its list.
func (ix *Index) scanTop(h uint32, t *topList) {
	t.docs, t.live = t.docs[:0], 0
	ix.eachHolder(h, func(d uint32) {
		t.live++
		t.docs = ix.insertTop(t.docs, d)
	})
}

// enterTops keeps the earliest holders of doc's fingerprints up to date
// after it was added.
func (ix *Index) enterTops(doc uint32, fps []uint32) {
	for _, h := range fps {
		if t := ix.tops[h]; t != nil {
			t.live++
			t.docs = ix.insertTop(t.docs, doc)
			continue
		}
		a, b := ix.post.lookup(h)
		if len(a)+len(b) <= topAt {
			continue
		}
		t := &topList{docs: make([]uint32, 0, ix.topN)}
		ix.scanTop(h, t)
		if t.live > topAt {
			ix.tops[h] = t
		}
	}
}

// leaveTops updates the earliest holders after doc was removed.
func (ix *Index) leaveTops(doc uint32, fps []uint32) {
	for _, h := range fps {
		t := ix.tops[h]
		if t == nil {
			continue
		}
		if slices.Contains(t.docs, doc) {
			ix.scanTop(h, t)
		} else {
			t.live--
		}
	}
}

// rekeyTops updates the earliest holders after doc's key changed.
func (ix *Index) rekeyTops(doc uint32, fps []uint32) {
	for _, h := range fps {
		t := ix.tops[h]
		if t == nil {
			continue
		}
		if slices.Contains(t.docs, doc) {
			ix.scanTop(h, t)
		} else {
			t.docs = ix.insertTop(t.docs, doc)
		}
	}
}

// buildTops finds the fingerprints with more than topAt live holders and
// their earliest holders (after loading).
func (ix *Index) buildTops() {
	clear(ix.tops)
	ix.post.each(func(h uint32, docs []uint32) {
		if len(docs) <= topAt {
			return
		}
		t := &topList{docs: make([]uint32, 0, ix.topN)}
		for _, d := range docs {
			if !ix.dead[d] {
				t.live++
				t.docs = ix.insertTop(t.docs, d)
			}
		}
		if t.live > topAt {
			ix.tops[h] = t
		}
	})
}

// compact drops the postings of removed documents.
func (ix *Index) compact() {
	ix.post.compact(func(d uint32) bool { return ix.dead[d] })
	ix.deadPosts = 0
}

// writeLocked writes the buffered frames to the file, without fsync.
func (ix *Index) writeLocked() error {
	if ix.err != nil {
		return ix.err
	}
	if len(ix.buf) == 0 {
		return nil
	}
	if _, err := ix.file.WriteAt(ix.buf, ix.size); err != nil {
		ix.err = fmt.Errorf("copies: write %s: %w", ix.path, err)
		return ix.err
	}
	ix.size += int64(len(ix.buf))
	ix.buf = ix.buf[:0]
	return nil
}

// syncLocked writes and fsyncs the buffered frames.
func (ix *Index) syncLocked() error {
	if err := ix.writeLocked(); err != nil {
		return err
	}
	if err := ix.file.Sync(); err != nil {
		ix.err = fmt.Errorf("copies: sync %s: %w", ix.path, err)
		return ix.err
	}
	return nil
}

// Sync makes the changes durable (fsync).
func (ix *Index) Sync() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return fmt.Errorf("copies: sync %s: index closed", ix.path)
	}
	return ix.syncLocked()
}

// Close syncs and releases the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return nil
	}
	err := ix.syncLocked()
	if cerr := ix.file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("copies: close %s: %w", ix.path, cerr)
	}
	ix.file = nil
	return err
}

// Stats describes the index's size and what the checks did since Open.
type Stats struct {
	Docs        int   // documents
	Postings    int   // fingerprint postings (one per distinct fingerprint of a document)
	MemoryBytes int   // memory held by the postings
	DiskBytes   int64 // size of the log on disk, unsynced changes included
	Kept        int   // fingerprints whose earliest holders are kept (more than topAt holders)
	Checks      int64 // checks made
	Verified    int64 // candidates verified by them
	CacheHits   int64 // ... whose normalised text was in memory
}

// Stats returns the index's size.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return Stats{
		Docs:        len(ix.byID),
		Postings:    ix.post.total + len(ix.post.pendList) - ix.deadPosts,
		MemoryBytes: ix.post.bytes(),
		DiskBytes:   ix.size + int64(len(ix.buf)),
		Kept:        len(ix.tops),
		Checks:      ix.checks.Load(),
		Verified:    ix.verified.Load(),
		CacheHits:   ix.cacheHits.Load(),
	}
}

// readRecord reads document doc's 'D' record (its fingerprints) into rec,
// keeping rec.op.
func (ix *Index) readRecord(doc uint32, rec *record) error {
	op := rec.op
	off := ix.where[doc]
	var frame []byte
	if off >= ix.size {
		frame = ix.buf[off-ix.size:]
	} else {
		var h [frameHeader]byte
		if _, err := ix.file.ReadAt(h[:], off); err != nil {
			return fmt.Errorf("copies: read %s: %w", ix.path, err)
		}
		n := binary.LittleEndian.Uint32(h[:4])
		if n > maxPayload {
			return fmt.Errorf("copies: read %s at %d: bad frame", ix.path, off)
		}
		frame = make([]byte, frameHeader+int(n))
		if _, err := ix.file.ReadAt(frame, off); err != nil {
			return fmt.Errorf("copies: read %s: %w", ix.path, err)
		}
	}
	p, err := readFrame(bufio.NewReader(&byteReader{b: frame}), nil)
	if err == nil {
		err = ix.decode(p, rec)
	}
	if err == nil && rec.op != 'D' {
		err = errors.New("not a document record")
	}
	if err != nil {
		return fmt.Errorf("copies: read %s at %d: %w", ix.path, off, err)
	}
	rec.op = op
	return nil
}

type byteReader struct{ b []byte }

func (r *byteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}
