package index

import (
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Facets, filters and sorting read a few short keyword fields for every
// hit. bleve visits their doc values hit by hit, which dominated the time
// of a query matching most of the index (2-5 s at 100,000 reports). The
// columns below hold those fields decoded, per segment of the index: a
// segment never changes once written, so its columns are built once (from
// the field's postings, not document by document) and shared by every
// snapshot that holds it. A search then counts facets and applies filters
// with a few array reads per hit.

// Column numbers: the facet fields (in facetFields order), then none.
const (
	colKind = iota
	colYear
	colRegion
	colLevel
	colFlag
	colDeputy
	colStatus
	numCols
)

// colFields are the index fields of the columns, by column number.
var colFields = [numCols]string{fieldKind, fieldYearKey, fieldRegion, fieldLevel, fieldFlag, fieldDeputy, fieldStatus}

// terms numbers the terms of one field across segments. Numbers are never
// reused, so a segment's columns stay valid as terms are added.
type terms struct {
	names []string
	num   map[string]uint32
}

func (t *terms) number(s string) uint32 {
	if n, ok := t.num[s]; ok {
		return n
	}
	n := uint32(len(t.names))
	t.names = append(t.names, s)
	t.num[s] = n
	return n
}

// segColumns are the columns of one segment: for local document d, the
// values of column c are vals[c][start[c][d]:start[c][d+1]] (term numbers),
// and its ID is ids[d].
type segColumns struct {
	ids   []string
	start [numCols][]uint32
	vals  [numCols][]uint32
	year  []int32 // the first year, 0 when unknown
}

func (sc *segColumns) values(c int, d uint64) []uint32 {
	return sc.vals[c][sc.start[c][d]:sc.start[c][d+1]]
}

// columnCache holds the columns of the segments of the index's current
// snapshot. It is safe for concurrent use.
type columnCache struct {
	mu    sync.Mutex
	terms [numCols]*terms
	segs  map[segment.Segment]*segColumns
	years map[uint32]int32 // year term number -> year
}

// snapColumns are the columns of one snapshot's segments, in order, with
// the global number of each segment's first document.
type snapColumns struct {
	segs    []*segColumns
	ss      []*scorch.SegmentSnapshot
	offsets []uint64
	names   [numCols][]string // the term names, as they were when taken
}

// locate returns the segment and local number of a global document number.
func (s *snapColumns) locate(doc uint64) (int, uint64) {
	lo, hi := 0, len(s.offsets)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if s.offsets[mid] <= doc {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, doc - s.offsets[lo]
}

// columns returns the columns of snap's segments, building those of
// segments not seen before.
func (cc *columnCache) columns(snap *scorch.IndexSnapshot) (*snapColumns, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.segs == nil {
		cc.segs = map[segment.Segment]*segColumns{}
		cc.years = map[uint32]int32{}
		for c := range cc.terms {
			cc.terms[c] = &terms{num: map[string]uint32{}}
		}
	}
	out := &snapColumns{}
	var running uint64
	keep := make(map[segment.Segment]*segColumns, len(cc.segs))
	var fieldTerms [numCols][]string // the snapshot's terms, read once if needed
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		sc := cc.segs[seg]
		if sc == nil {
			if fieldTerms[0] == nil {
				for c, f := range colFields {
					ts, err := dictTerms(snap, f)
					if err != nil {
						return nil, err
					}
					fieldTerms[c] = append(ts, "") // never nil once read
				}
			}
			var err error
			if sc, err = cc.build(seg, &fieldTerms); err != nil {
				return nil, err
			}
		}
		keep[seg] = sc
		out.segs = append(out.segs, sc)
		out.ss = append(out.ss, ss)
		out.offsets = append(out.offsets, running)
		running += seg.Count()
	}
	cc.segs = keep
	for c := range cc.terms {
		out.names[c] = cc.terms[c].names[:len(cc.terms[c].names):len(cc.terms[c].names)]
	}
	return out, nil
}

// dictTerms lists the terms of field in the snapshot.
func dictTerms(snap *scorch.IndexSnapshot, field string) ([]string, error) {
	d, err := snap.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var out []string
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		out = append(out, e.Term)
	}
}

// build reads the columns of one segment from the postings of the terms of
// each column's field (fieldTerms: every term of the snapshot, with a ""
// at the end to skip).
func (cc *columnCache) build(seg segment.Segment, fieldTerms *[numCols][]string) (*segColumns, error) {
	n := seg.Count()
	sc := &segColumns{ids: make([]string, n), year: make([]int32, n)}
	for d := uint64(0); d < n; d++ {
		id, err := seg.DocID(d)
		if err != nil {
			return nil, err
		}
		sc.ids[d] = string(id)
	}
	type pair struct{ doc, term uint32 }
	var pairs []pair
	var itr segment.PostingsIterator
	for c, field := range colFields {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		pairs = pairs[:0]
		counts := make([]uint32, n+1)
		var pl segment.PostingsList
		for _, t := range fieldTerms[c] {
			if t == "" {
				continue
			}
			pl, err = dict.PostingsList([]byte(t), nil, pl)
			if err != nil {
				return nil, err
			}
			if pl == nil || pl.Count() == 0 {
				continue
			}
			num := cc.terms[c].number(t)
			if c == colYear {
				if y, err := strconv.Atoi(t); err == nil {
					cc.years[num] = int32(min(y, 1<<30))
				}
			}
			itr = pl.Iterator(false, false, false, itr)
			for {
				p, err := itr.Next()
				if err != nil {
					return nil, err
				}
				if p == nil {
					break
				}
				d := p.Number()
				pairs = append(pairs, pair{uint32(d), num})
				counts[d+1]++
			}
		}
		// Counting sort by document.
		for d := uint64(1); d <= n; d++ {
			counts[d] += counts[d-1]
		}
		vals := make([]uint32, len(pairs))
		fill := append([]uint32(nil), counts[:n]...)
		for _, p := range pairs {
			vals[fill[p.doc]] = p.term
			fill[p.doc]++
		}
		sc.start[c], sc.vals[c] = counts, vals
		if c == colYear {
			for d := uint64(0); d < n; d++ {
				if v := sc.values(c, d); len(v) > 0 {
					sc.year[d] = cc.years[v[0]]
				}
			}
		}
	}
	return sc, nil
}

// snapshotOf returns the scorch snapshot behind an index reader, nil if the
// index is not scorch.
func snapshotOf(r index.IndexReader) *scorch.IndexSnapshot {
	s, _ := r.(*scorch.IndexSnapshot)
	return s
}
