// Package copies measures how much of each document is copied from the
// other documents the office holds (SPEC §4 boilerplate, near_duplicate): the
// copy ratio (复制比), each shared passage and where else it occurs, and
// clusters of near-duplicate documents.
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
// holds a whole window, whose minimum both documents keep: every shared
// passage shows up as a shared fingerprint. The fingerprints go into an
// inverted index (postings) that a new document is added to without touching
// the others.
//
// Check looks the document's fingerprints up and takes the documents sharing
// them as candidates, the rarest evidence first (a candidate scores 1/n for
// each shared fingerprint that n documents hold), at most MaxCandidates of
// them. A fingerprint held by more than SaturatedDocs other documents is a
// stock signal: only its earliest Samples holders become candidates (so that
// the passage, its boundaries and some sources are still found). Each
// candidate is verified exactly against its text: the candidate's own
// fingerprint k-grams are looked up among all the document's k-grams (every
// shared run of 13 holds one, by the same window argument) and each hit is
// extended character by character to the maximal common run, so passage
// boundaries are exact and a hash collision never makes a passage.
//
// A passage is a distinct run of the document that some verified candidate
// shares as a maximal run; its sources are the verified candidates whose runs
// contain it, earliest added first. Shared, the number of other documents
// holding it, is exact when every holder of the passage's rarest fingerprint
// (the least common minimum of a window inside it, which every document
// holding the passage must hold) was verified; otherwise it is that
// fingerprint's document count, an upper bound.
//
// What can be missed: a passage whose only holders were not verified, either
// because all its fingerprints are saturated and it is not in the sampled
// documents, or because more than MaxCandidates documents had rarer
// evidence. The controlled-copy test measures recall on a corpus built for
// that (it is 1.0 there).
//
// # Stock phrases
//
// A passage is stock when it is short, fewer than StockMaxChars (40)
// characters, and shared by many documents: at least max(StockMinDocs,
// StockFraction × corpus size) others (5, 0.1%). Phrases like
// 认真履行代表职责，密切联系人民群众 are common stock; a long passage is
// copying however many documents share it (a template page copied by fifty
// deputies is still copying). A passage that is a stock passage plus fewer
// than MinChars other characters (a neighbouring character that two
// documents happen to share) is stock too. Ratio counts the characters
// inside non-stock passages; StockRatio those inside stock passages only.
//
// # Near-duplicates
//
// A MinHash signature (MinHashSize = 128 values) over each document's
// fingerprints, banded for LSH (Bands = 64 bands of 2 rows, so that a pair of
// Jaccard similarity 0.4 shares a bucket with probability 0.9999 and one of
// 0.17 with 0.85; BucketScan caps the comparisons). Two documents landing in
// a common bucket are near-duplicates when, with J the share of equal
// signature values (an estimate of the Jaccard similarity of their
// fingerprint sets, standard error about 0.04) and I = J(|A|+|B|)/(1+J) the
// estimated shared fingerprints:
//
//   - each document is at least NearDupCover (50%) covered by the other:
//     I ≥ 0.5·max(|A|,|B|) (for documents of equal size, J ≥ 1/3), and
//   - J ≥ NearDupJaccard (0.3).
//
// Measured (TestNearDupRule, 40 draws each): a 2,500-character report and a
// copy with every 40th–60th character, a name and the numbers changed (74%
// each way, J 0.48–0.71), pairs sharing 70% or 68% each way (J ≥ 0.41) and a
// template page inside a compilation part (100% and 80%) always cluster;
// pairs sharing 30% (J ≤ 0.24) or 20% each way, a short document that is 30%
// of a long one, and pairs with stock phrases in common never do. A rule on
// Jaccard alone at 0.7 clustered none of the first three: sharing a share c
// of each document's fingerprints gives J = c/(2−c), 0.58 at c = 74%.
//
// Clusters are the connected components (union-find). The unions each add
// makes are recorded in its log record, and Open replays them without
// comparing signatures.
package copies

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Version is the version of the Copies this package computes
// (corpus.Copies.Version).
const Version = 1

// TextSource returns the normalised text (corpus.Document.Text) of a stored document.
type TextSource func(id string) (string, error)

// Options are the parameters of the check. K, Window, MinHashSize and Bands
// are fixed when the index is created; the others may change between runs.
type Options struct {
	MinChars int // minimum passage length in normalised characters (13)
	K        int // k-gram length (7)
	Window   int // winnowing window, in k-grams (7); K+Window-1 ≤ MinChars

	StockMaxChars int     // a stock passage is shorter than this (40)
	StockMinDocs  int     // ... and shared by at least this many other documents (5)
	StockFraction float64 // ... or this share of the corpus, if more (0.001)

	SaturatedDocs int // a fingerprint held by more documents is only sampled (64)
	Samples       int // documents verified for a saturated fingerprint, earliest first (3)
	MaxCandidates int // documents verified per check, rarest shared evidence first (64)
	MaxSources    int // sources listed per passage, earliest first (20)

	MinHashSize    int     // MinHash signature length (128)
	Bands          int     // LSH bands; MinHashSize/Bands rows each (64)
	NearDupJaccard float64 // least estimated Jaccard similarity of near-duplicates (0.3)
	NearDupCover   float64 // ... and least estimated share of each held by the other (0.5)
	BucketScan     int     // documents compared per LSH bucket when one is added, newest first (32)
	MaxCluster     int     // cluster members listed, closest first (50)

	PendingPostings int // postings buffered before they are merged into the index (1<<20)
}

// DefaultOptions returns the documented defaults.
func DefaultOptions() Options {
	return Options{
		MinChars: 13, K: 7, Window: 7,
		StockMaxChars: 40, StockMinDocs: 5, StockFraction: 0.001,
		SaturatedDocs: 64, Samples: 3, MaxCandidates: 64, MaxSources: 20,
		MinHashSize: 128, Bands: 64, NearDupJaccard: 0.3, NearDupCover: 0.5, BucketScan: 32, MaxCluster: 50,
		PendingPostings: 1 << 20,
	}
}

func (o Options) validate() error {
	switch {
	case o.K < 1 || o.Window < 1 || o.MinChars < 1:
		return errors.New("MinChars, K and Window must be positive")
	case o.K+o.Window-1 > o.MinChars:
		return fmt.Errorf("K+Window-1 = %d exceeds MinChars = %d: shared passages could be missed", o.K+o.Window-1, o.MinChars)
	case o.MinHashSize < 1 || o.MinHashSize > 1024 || o.Bands < 1 || o.MinHashSize%o.Bands != 0:
		return errors.New("MinHashSize must be a positive multiple of Bands, at most 1024")
	case o.SaturatedDocs < 1 || o.Samples < 1 || o.MaxCandidates < 1 || o.MaxSources < 1 || o.PendingPostings < 1:
		return errors.New("SaturatedDocs, Samples, MaxCandidates, MaxSources and PendingPostings must be positive")
	case !(o.NearDupJaccard >= 0 && o.NearDupJaccard <= 1 && o.NearDupCover >= 0 && o.NearDupCover <= 1):
		return errors.New("NearDupJaccard and NearDupCover must be between 0 and 1")
	}
	return nil
}

// Index is the fingerprint index of a corpus. Check, Related, Cluster, Has
// and Len may run concurrently; Add, Sync and Close are exclusive.
type Index struct {
	opt  Options
	path string

	mu   sync.RWMutex
	file *os.File
	size int64  // bytes of the log written to the file
	buf  []byte // frames not yet written
	err  error  // a sticky write error

	errMu   sync.Mutex
	readErr error // a read error in Related, which cannot return one
	ids     []string
	byID    map[string]uint32
	chars   []uint32
	where   []int64 // offset of each document's frame in the log (file, then buf)
	post    postings
	near    *nearDup

	scratch sync.Pool // *scratch
}

// Open loads (or creates) the fingerprint index kept in dir. Crash-safe: a
// process killed mid-write leaves an index that opens (a torn tail is
// dropped) and holds every document whose Add returned before the last Sync.
// One writer at a time: the caller holds the data directory's lock.
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
	ix := &Index{opt: opt, path: path, file: f, byID: make(map[string]uint32), near: newNearDup(opt)}
	if err := ix.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("copies: open %s: %w", path, err)
	}
	return ix, nil
}

func (ix *Index) header() header {
	return header{formatVersion, ix.opt.K, ix.opt.Window, ix.opt.MinHashSize, ix.opt.Bands,
		ix.opt.BucketScan, thousandths(ix.opt.NearDupJaccard), thousandths(ix.opt.NearDupCover)}
}

func thousandths(x float64) int { return int(math.Round(x * 1000)) }

// load reads the log, truncating a torn tail, and builds the index in memory.
// A log written with the options' format and linking rule is replayed with
// its recorded links; any other (format 1, another MinHashSize, Bands,
// BucketScan, NearDupJaccard or NearDupCover) is upgraded: relinked by
// comparing signatures and rewritten.
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
	if h.k != ix.opt.K || h.window != ix.opt.Window || h.minHash < 1 || h.minHash > 1024 {
		return fmt.Errorf("built with format %d, K=%d, Window=%d; these options want K=%d, Window=%d (remove the directory to rebuild)",
			h.version, h.k, h.window, ix.opt.K, ix.opt.Window)
	}
	replay := h == ix.header()
	var up *rewriter
	if !replay {
		if up, err = newRewriter(ix.path, ix.header()); err != nil {
			return fmt.Errorf("upgrading: %w", err)
		}
		defer up.abort()
	}
	off := int64(frameHeader + len(p))
	var rec docRecord
	var sig []uint32
	ix.post.bulk = true
	for {
		p, err = readFrame(r, p)
		if err == io.EOF || err == errTorn {
			break
		}
		if err != nil {
			return err
		}
		if err := rec.decode(p, h.minHash, h.version); err != nil {
			break // a valid CRC over a bad record: treat as the torn end
		}
		off += frameHeader + int64(len(p))
		if _, dup := ix.byID[rec.id]; dup {
			continue
		}
		if replay {
			ix.insert(&rec, off-frameHeader-int64(len(p)), true)
		} else {
			if len(rec.fps) > 0 && h.minHash != ix.opt.MinHashSize {
				sig = ix.near.signature(rec.fps, sig)
				rec.sig = sig
			}
			ix.insert(&rec, up.size(), false)
			rec.links = ix.near.made
			err := up.add(&rec)
			rec.links = nil // ix.near.made's array: not to be decoded into
			if err != nil {
				return fmt.Errorf("upgrading: %w", err)
			}
		}
		if len(ix.post.pendList) >= 8<<20 {
			ix.post.merge()
		}
	}
	ix.post.merge()
	ix.post.bulk = false
	if !replay {
		f, size, err := up.commit()
		if err != nil {
			return fmt.Errorf("upgrading: %w", err)
		}
		ix.file.Close()
		ix.file, ix.size = f, size
		return nil
	}
	if st, err := ix.file.Stat(); err != nil {
		return err
	} else if st.Size() != off {
		if err := ix.file.Truncate(off); err != nil {
			return fmt.Errorf("dropping the torn tail: %w", err)
		}
	}
	ix.size = off
	return nil
}

// rewriter writes an upgraded log to a temporary file that replaces the log
// once complete and synced.
type rewriter struct {
	path, tmp string
	f         *os.File
	w         *bufio.Writer
	n         int64
	enc       []byte
}

func newRewriter(path string, h header) (*rewriter, error) {
	tmp := path + ".upgrade"
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

func (rw *rewriter) add(rec *docRecord) error {
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

// insert adds a decoded document as number len(ix.ids), linking it to its
// near-duplicates by comparison (the unions made are left in ix.near.made)
// or, when replay is set, by the links recorded in rec.
func (ix *Index) insert(rec *docRecord, off int64, replay bool) {
	doc := uint32(len(ix.ids))
	ix.ids = append(ix.ids, rec.id)
	ix.byID[rec.id] = doc
	ix.chars = append(ix.chars, uint32(rec.chars))
	ix.where = append(ix.where, off)
	ix.post.add(doc, rec.fps)
	sig := rec.sig
	if len(rec.fps) == 0 {
		sig = nil
	}
	ix.near.add(doc, sig, len(rec.fps), replay, rec.links)
}

// Has reports whether the document has been added.
func (ix *Index) Has(id string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	_, ok := ix.byID[id]
	return ok
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.ids)
}

// Add fingerprints a document (idempotent by id). text is its normalised
// text (corpus.Document.Text). The document is durable after the next Sync.
func (ix *Index) Add(id, text string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.file == nil {
		return fmt.Errorf("copies: add %s: index closed", id)
	}
	if _, ok := ix.byID[id]; ok {
		return nil
	}
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	rec := docRecord{id: id}
	rec.fps, rec.chars = sc.fingerprints(text, ix.opt)
	if len(rec.fps) > 0 {
		sc.sig = ix.near.signature(rec.fps, sc.sig)
		rec.sig = sc.sig
	}
	off := ix.size + int64(len(ix.buf))
	ix.insert(&rec, off, false)
	rec.links = ix.near.made
	sc.rec = rec.encode(sc.rec)
	ix.buf = appendFrame(ix.buf, sc.rec)
	if len(ix.post.pendList) >= ix.opt.PendingPostings {
		ix.post.merge()
	}
	if len(ix.buf) >= 1<<20 {
		if err := ix.writeLocked(); err != nil {
			return err
		}
	}
	return nil
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

// syncLocked writes and fsyncs the buffered frames; it also reports, once,
// a read error met by Related.
func (ix *Index) syncLocked() error {
	if err := ix.writeLocked(); err != nil {
		return err
	}
	if err := ix.file.Sync(); err != nil {
		ix.err = fmt.Errorf("copies: sync %s: %w", ix.path, err)
		return ix.err
	}
	ix.errMu.Lock()
	err := ix.readErr
	ix.readErr = nil
	ix.errMu.Unlock()
	return err
}

// Sync makes the adds durable (fsync).
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

// Stats describes the index's size.
type Stats struct {
	Docs        int   // documents
	Postings    int   // fingerprint postings (one per distinct fingerprint of a document)
	MemoryBytes int   // memory held by the postings
	DiskBytes   int64 // size of the log on disk, unsynced adds included
}

// Stats returns the index's size.
func (ix *Index) Stats() Stats {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return Stats{
		Docs:        len(ix.ids),
		Postings:    ix.post.total + len(ix.post.pendList),
		MemoryBytes: ix.post.bytes(),
		DiskBytes:   ix.size + int64(len(ix.buf)),
	}
}

// readRecord reads document doc's stored record.
func (ix *Index) readRecord(doc uint32, rec *docRecord) error {
	off := ix.where[doc]
	var frame []byte
	if off >= ix.size {
		frame = ix.buf[off-ix.size:]
	} else {
		var h [frameHeader]byte
		if _, err := ix.file.ReadAt(h[:], off); err != nil {
			return fmt.Errorf("copies: read %s: %w", ix.path, err)
		}
		n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16 | int(h[3])<<24
		frame = make([]byte, frameHeader+n)
		if _, err := ix.file.ReadAt(frame, off); err != nil {
			return fmt.Errorf("copies: read %s: %w", ix.path, err)
		}
	}
	p, err := readFrame(bufio.NewReader(&byteReader{b: frame}), nil)
	if err == nil {
		err = rec.decode(p, ix.opt.MinHashSize, formatVersion)
	}
	if err != nil {
		return fmt.Errorf("copies: read %s at %d: %w", ix.path, off, err)
	}
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

// Cluster lists the other members of id's near-duplicate cluster, closest
// first (at most MaxCluster).
func (ix *Index) Cluster(id string) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	doc, ok := ix.byID[id]
	if !ok {
		return nil
	}
	return ix.names(ix.near.cluster(doc, ix.opt.MaxCluster, clusterWalk))
}

// clusterWalk bounds the members looked at in one cluster.
const clusterWalk = 10000

func (ix *Index) names(docs []uint32) []string {
	if len(docs) == 0 {
		return nil
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = ix.ids[d]
	}
	return out
}

// Related lists the documents whose Copies may change because these were
// added, so the caller rechecks only those: the documents sharing a
// fingerprint held by at most SaturatedDocs others (a superset of those
// sharing a passage of fewer documents; a passage of more is stock or a
// widely copied template, whose holders' ratios do not change), and of each
// one's near-duplicate cluster the MaxCluster members closest to it (a
// cluster of a template-built corpus can hold thousands). The documents ids
// themselves are left out; the order is the order of adding.
func (ix *Index) Related(ids []string) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	given := make(map[uint32]bool, len(ids))
	for _, id := range ids {
		if doc, ok := ix.byID[id]; ok {
			given[doc] = true
		}
	}
	out := make(map[uint32]bool)
	var rec docRecord
	for doc := range given {
		if err := ix.readRecord(doc, &rec); err != nil {
			ix.errMu.Lock()
			if ix.readErr == nil {
				ix.readErr = err // reported by the next Sync or Close
			}
			ix.errMu.Unlock()
			continue
		}
		for _, h := range rec.fps {
			a, b := ix.post.lookup(h)
			if len(a)+len(b) > ix.opt.SaturatedDocs+1 {
				continue
			}
			for _, part := range [][]uint32{a, b} {
				for _, d := range part {
					if !given[d] {
						out[d] = true
					}
				}
			}
		}
		// Of a cluster, the members closest to the new document: those
		// whose own Cluster list (the closest MaxCluster) it may enter.
		for _, d := range ix.near.cluster(doc, ix.opt.MaxCluster, clusterWalk) {
			if !given[d] {
				out[d] = true
			}
		}
	}
	docs := make([]uint32, 0, len(out))
	for d := range out {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	return ix.names(docs)
}
