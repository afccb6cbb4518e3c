package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"slices"

	"lvzhi/corpus"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// searchColumns runs q the fast way: bleve's searcher finds the documents
// matching the text (and scores them), and the columns (see columns.go)
// filter them, count the facets and keep the page of the best; only the
// documents of that page are read from the store. ok is false when the
// index is not one the columns can read (then Search asks bleve for all).
func (ix *Index) searchColumns(ctx context.Context, q Query, size int) (res *Result, ok bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, true, err
	}
	textQ, marks, browse, err := ix.buildText(q)
	if err != nil {
		return nil, true, err
	}
	k := q.From + size
	s, ok, err := ix.scanShard(ctx, q, textQ, browse, k)
	if !ok || err != nil {
		return nil, ok, err
	}
	defer s.close()
	top := topHits{cols: s.cols, order: q.hitOrder(browse), k: k}
	for _, h := range s.top {
		top.add(h)
	}
	page := top.sorted()
	page = page[min(q.From, len(page)):]
	res = &Result{Total: s.total, Hits: make([]Hit, 0, len(page)), Facets: make(map[string]Facet, len(facetFields))}
	for _, h := range page {
		dm, err := loadHit(s.r, s.cols.segs[h.seg].ids[h.doc], h.score)
		if err != nil {
			return nil, true, err
		}
		res.Hits = append(res.Hits, hit(dm, marks))
	}
	for c, ff := range facetFields {
		res.Facets[ff.name] = topTerms(s.cols.names[c], s.counts[c], facetSize)
	}
	return res, true, nil
}

// Parallel scans: at most maxParts, each of at least minPartDocs documents
// (a variable for the tests).
const maxParts = 4

var minPartDocs uint64 = 10000

// wordScanOn lets the tests and benchmarks compare searchWord with bleve's
// searcher tree.
var wordScanOn = true

// scan is one part of a search: the hits among global documents [lo, hi).
type scan struct {
	cols   *snapColumns
	f      *colFilter
	counts [numCols][]uint32
	top    topHits
	total  uint64
}

func (sc *scan) consider(seg int, d uint64, score float64) {
	c := sc.cols.segs[seg]
	if !sc.f.pass(c, d) {
		return
	}
	sc.total++
	for col := range sc.counts {
		for _, t := range c.values(col, d) {
			sc.counts[col][t]++
		}
	}
	sc.top.add(hitRef{seg: int32(seg), doc: uint32(d), score: score, year: c.year[d]})
}

// browse considers every live document in [lo, hi), with score 0.
func (sc *scan) browse(ctx context.Context, lo, hi uint64) error {
	for i, ss := range sc.cols.ss {
		deleted := ss.Deleted()
		base := sc.cols.offsets[i]
		from, to := max(lo, base)-base, min(hi, base+ss.Segment().Count())
		for d := from; d+base < to; d++ {
			if d%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if deleted != nil && deleted.Contains(uint32(d)) {
				continue
			}
			sc.consider(i, d, 0)
		}
	}
	return nil
}

// search considers the documents in [lo, hi) that q matches.
func (sc *scan) search(ctx context.Context, q query.Query, r index.IndexReader, m mapping.IndexMapping, browse bool, lo, hi uint64) error {
	opt := search.SearcherOptions{}
	if browse {
		opt.Score = "none"
	}
	s, err := q.Searcher(ctx, r, m, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	var dm *search.DocumentMatch
	if lo > 0 {
		dm, err = s.Advance(sctx, binary.BigEndian.AppendUint64(nil, lo))
	} else {
		dm, err = s.Next(sctx)
	}
	for n := 1; err == nil && dm != nil; n++ {
		doc := binary.BigEndian.Uint64(dm.IndexInternalID)
		if doc >= hi {
			break
		}
		seg, d := sc.cols.locate(doc)
		score := dm.Score
		if browse {
			score = 0
		}
		sc.consider(seg, d, score)
		sctx.DocumentMatchPool.Put(dm)
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		dm, err = s.Next(sctx)
	}
	return err
}

// loadHit reads the stored fields of one document the way bleve gives them
// to a search hit.
func loadHit(r index.IndexReader, id string, score float64) (*search.DocumentMatch, error) {
	dm := &search.DocumentMatch{ID: id, Score: score}
	doc, err := r.Document(id)
	if err != nil || doc == nil {
		return dm, err
	}
	doc.VisitFields(func(f index.Field) {
		switch v := f.(type) {
		case index.TextField:
			dm.AddFieldValue(f.Name(), v.Text())
		case index.NumericField:
			if n, err := v.Number(); err == nil {
				dm.AddFieldValue(f.Name(), n)
			}
		}
	})
	return dm, nil
}

// colFilter is a query's filters over the columns.
type colFilter struct {
	none bool // a filter value no document has: nothing passes
	need []struct {
		col  int
		term uint32
	}
	exclude  int64 // a status term number to exclude, -1 for none
	lo, hi   int32 // year range, 0 = open
	needYear bool
}

func (q Query) columnFilter(cols *snapColumns) colFilter {
	f := colFilter{exclude: -1}
	find := func(c int, v string) (uint32, bool) {
		i := slices.Index(cols.names[c], v)
		return uint32(i), i >= 0
	}
	for _, kv := range []struct {
		col   int
		value string
	}{
		{colKind, q.Kind}, {colRegion, q.Region}, {colDeputy, q.Deputy},
		{colLevel, q.Level}, {colFlag, q.Flag}, {colStatus, statusFilter(q.Status)},
	} {
		if kv.value == "" {
			continue
		}
		t, ok := find(kv.col, kv.value)
		if !ok {
			f.none = true
		}
		f.need = append(f.need, struct {
			col  int
			term uint32
		}{kv.col, t})
	}
	if q.Status == "" {
		if t, ok := find(colStatus, string(corpus.StatusHistory)); ok {
			f.exclude = int64(t)
		}
	}
	clamp := func(y int) int32 { return int32(min(y, 1<<30)) }
	if q.Year != 0 {
		f.lo, f.hi, f.needYear = clamp(q.Year), clamp(q.Year), true
	}
	if q.YearFrom != 0 || q.YearTo != 0 {
		f.needYear = true
		if q.YearFrom != 0 {
			f.lo = max(f.lo, clamp(q.YearFrom))
		}
		if q.YearTo != 0 {
			if f.hi == 0 {
				f.hi = clamp(q.YearTo)
			} else {
				f.hi = min(f.hi, clamp(q.YearTo))
			}
		}
	}
	return f
}

func (f *colFilter) pass(sc *segColumns, d uint64) bool {
	for _, n := range f.need {
		if !slices.Contains(sc.values(n.col, d), n.term) {
			return false
		}
	}
	if f.exclude >= 0 && slices.Contains(sc.values(colStatus, d), uint32(f.exclude)) {
		return false
	}
	if f.needYear {
		y := sc.year[d]
		if y == 0 || f.lo != 0 && y < f.lo || f.hi != 0 && y > f.hi {
			return false
		}
	}
	return true
}

// hitRef is a hit before its stored fields are read.
type hitRef struct {
	seg   int32
	doc   uint32
	year  int32
	score float64
}

// hitOrder says how hits sort: by year (1 oldest first, -1 newest first,
// 0 not at all; unknown years last), then score (highest first), then ID.
type hitOrder int

func (q Query) hitOrder(browse bool) hitOrder {
	switch {
	case q.Sort == "year":
		return 1
	case q.Sort == "-year" || q.Sort == "" && browse:
		return -1
	}
	return 0
}

// topHits keeps the k best hits seen, the worst at the root.
type topHits struct {
	cols  *snapColumns
	order hitOrder
	k     int
	h     []hitRef
}

// before reports whether a sorts before b in the results.
func (t *topHits) before(a, b hitRef) bool {
	if t.order != 0 && a.year != b.year {
		switch {
		case a.year == 0:
			return false
		case b.year == 0:
			return true
		case t.order > 0:
			return a.year < b.year
		default:
			return a.year > b.year
		}
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return t.cols.segs[a.seg].ids[a.doc] < t.cols.segs[b.seg].ids[b.doc]
}

func (t *topHits) Len() int           { return len(t.h) }
func (t *topHits) Less(i, j int) bool { return t.before(t.h[j], t.h[i]) }
func (t *topHits) Swap(i, j int)      { t.h[i], t.h[j] = t.h[j], t.h[i] }
func (t *topHits) Push(x any)         { t.h = append(t.h, x.(hitRef)) }
func (t *topHits) Pop() any {
	x := t.h[len(t.h)-1]
	t.h = t.h[:len(t.h)-1]
	return x
}

func (t *topHits) add(h hitRef) {
	switch {
	case t.k <= 0:
	case len(t.h) < t.k:
		heap.Push(t, h)
	case t.before(h, t.h[0]):
		t.h[0] = h
		heap.Fix(t, 0)
	}
}

// sorted returns the hits kept, best first.
func (t *topHits) sorted() []hitRef {
	out := slices.Clone(t.h)
	slices.SortFunc(out, func(a, b hitRef) int {
		if t.before(a, b) {
			return -1
		}
		if t.before(b, a) {
			return 1
		}
		return 0
	})
	return out
}
