package index

import (
	"context"
	"encoding/binary"
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
)

// The commonest search is one short word (代表, 建议, 道路): a query whose
// n-gram form is one term in the text and one in the title, scored higher
// where it is also a whole gse word of either. For that shape bleve builds
// a tree of six searchers (a boolean of a conjunction of a disjunction of
// two term searchers, and a disjunction of two more), and on a word found
// in nearly every report the tree's bookkeeping per document costs more
// than reading the postings. wordScan reads the four postings lists
// directly, merges them in document order and scores each document with
// bleve's own TF-IDF arithmetic in bleve's order of operations, so that
// scores, and therefore the order of hits, are bit for bit those of the
// searcher tree (TestColumnsAgreeWithBleve compares them).

// slotPlan is the terms of one word of a query: the n-gram terms of the
// word in the text and in the title, each side a term or a phrase of terms
// at fixed offsets (the document matches if either side does), and the
// word itself in the text and in the title (they only add to the score).
type slotPlan struct {
	sides [2][]planTerm
	words [2]planTerm
}

type planTerm struct {
	term, field string
	boost       float64
	off         int // position in a phrase, from its first term
}

// wordPlan is the plan of a query of words that must all be found (a
// document must match every slot), none excluded and no alternatives.
type wordPlan struct {
	slots []*slotPlan
}

// multiWord lets wordPlanOf plan several words (see there).
var multiWord = true

// wordPlanOf returns the plan of q's text when it is one or more positive
// words (no separator, no alternatives, nothing excluded) whose substring
// query in each field is one n-gram term or a phrase of them.
func (qb queryBuilder) wordPlanOf(text string) (*wordPlan, bool) {
	slots := parseQuery(text)
	// Several words are a conjunction of one-word slots, as bleve builds
	// it. Its scores are bleve's except where bleve's own conjunction
	// drops a word's bonus (the word as a whole gse term) for a document
	// that has it — one document in a few hundred, found by
	// TestMultiWordScores, where the single-word searches of bleve and of
	// searchWord agree that the document has the bonus.
	if len(slots) == 0 || len(slots) > 1 && !multiWord {
		return nil, false
	}
	p := &wordPlan{}
	for _, sl := range slots {
		if sl.neg || len(sl.alts) != 1 {
			return nil, false
		}
		sp, ok := qb.slotPlanOf(sl.alts[0])
		if !ok {
			return nil, false
		}
		p.slots = append(p.slots, sp)
	}
	return p, true
}

// slotPlanOf is the plan of one word.
func (qb queryBuilder) slotPlanOf(alt string) (*slotPlan, bool) {
	if strings.ContainsFunc(alt, isSeparator) {
		return nil, false
	}
	p := &slotPlan{}
	for i, field := range []string{fieldNgram, fieldTitleNgram} {
		sq, err := qb.substring(alt, field)
		if err != nil {
			return nil, false
		}
		switch q := sq.(type) {
		case *query.TermQuery:
			if q.BoostVal != nil {
				return nil, false
			}
			p.sides[i] = []planTerm{{term: q.Term, field: field, boost: 1.0}}
		case *query.PhraseQuery:
			if q.BoostVal != nil || q.Fuzziness != 0 {
				return nil, false
			}
			for off, t := range q.Terms {
				if t != "" {
					p.sides[i] = append(p.sides[i], planTerm{term: t, field: field, boost: 1.0, off: off})
				}
			}
		default:
			return nil, false
		}
		if len(p.sides[i]) == 0 {
			return nil, false
		}
	}
	word := strings.ToLower(alt)
	p.words[0] = planTerm{term: word, field: fieldText, boost: wordBoost}
	p.words[1] = planTerm{term: word, field: fieldTitle, boost: titleBoost}
	return p, true
}

// wordStream is one term's postings with bleve's TF-IDF term scorer.
type wordStream struct {
	r      index.TermFieldReader
	d      index.TermFieldDoc
	cur    uint64  // the current document's global number; done when math.MaxUint64
	id     [8]byte // Advance's argument, reused
	off    int     // its offset in a phrase
	idf    float64
	boost  float64
	weight float64 // bleve's queryWeight: boost × idf × queryNorm
}

const streamDone = math.MaxUint64

func (s *wordStream) next() error {
	d, err := s.r.Next(s.d.Reset())
	return s.took(d, err)
}

// startAt puts the stream on its first posting at or after lo.
func (s *wordStream) startAt(lo uint64) error {
	if lo > 0 {
		return s.advance(lo)
	}
	return s.next()
}

func (s *wordStream) advance(to uint64) error {
	binary.BigEndian.PutUint64(s.id[:], to)
	d, err := s.r.Advance(s.id[:], s.d.Reset())
	return s.took(d, err)
}

func (s *wordStream) took(d *index.TermFieldDoc, err error) error {
	if err != nil {
		return err
	}
	if d == nil {
		s.cur = streamDone
		return nil
	}
	s.cur = binary.BigEndian.Uint64(d.ID)
	return nil
}

// hasPos reports whether the current posting has a location at pos.
func (s *wordStream) hasPos(pos int64) bool {
	for _, v := range s.d.Vectors {
		if int64(v.Pos) == pos {
			return true
		}
	}
	return false
}

// score is TermQueryScorer.Score of the current posting (TF-IDF model).
func (s *wordStream) score() float64 {
	var tf float64
	if s.d.Freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(s.d.Freq)]
	} else {
		tf = math.Sqrt(float64(s.d.Freq))
	}
	score := tf * s.d.Norm * s.idf
	if s.weight != 1.0 {
		score = score * s.weight
	}
	return score
}

// wordStreams are one slot's postings readers: each side's terms and the
// two word terms.
type wordStreams struct {
	sides  [2]*side
	words  [2]*wordStream
	weight float64 // BooleanSearcher.Weight of the slot
	count  uint64  // BooleanSearcher.Count of the slot: its terms' counts
}

func (ws *wordStreams) close() {
	for _, sd := range ws.sides {
		if sd != nil {
			for _, s := range sd.ss {
				_ = s.r.Close()
			}
		}
	}
	for _, s := range ws.words {
		if s != nil {
			_ = s.r.Close()
		}
	}
}

// openWordStreams opens one slot's postings readers on r and sets up
// their scorers as bleve's searcher tree would: each term's idf from the
// live document count and the term's document count, and the slot's
// weight; the query norm comes later (setNorm), over all slots.
func openWordStreams(ctx context.Context, p *slotPlan, r index.IndexReader, docTotal uint64) (*wordStreams, error) {
	ws := &wordStreams{}
	open := func(t planTerm, vectors bool) (*wordStream, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, true, true, vectors)
		if err != nil {
			return nil, err
		}
		ws.count += tfr.Count()
		s := &wordStream{r: tfr, boost: t.boost, weight: 1.0, off: t.off}
		s.idf = 1.0 + math.Log(float64(docTotal)/float64(tfr.Count()+1.0))
		return s, nil
	}
	weight := func(s *wordStream) float64 {
		w := s.boost * s.idf
		return w * w
	}
	// BooleanSearcher.Weight: the must side is a conjunction of a
	// disjunction of the two n-gram sides, a side a phrase (a conjunction)
	// of its terms or one term; the should side a disjunction of the two
	// word terms. Every weight is summed from zero, in order.
	var disj float64
	for i, terms := range p.sides {
		sd := &side{}
		ws.sides[i] = sd
		var w float64
		for _, t := range terms {
			s, err := open(t, len(terms) > 1)
			if err != nil {
				ws.close()
				return nil, err
			}
			sd.ss = append(sd.ss, s)
		}
		// ConjunctionSearcher orders its terms by their document counts
		// (sort.Sort, as here, so that ties fall the same way) and sums
		// weights and scores in that order.
		sort.Sort(byCount(sd.ss))
		for _, s := range sd.ss {
			w += weight(s)
		}
		disj += w
	}
	var must float64
	must += disj
	var should float64
	for i, t := range p.words {
		s, err := open(t, false)
		if err != nil {
			ws.close()
			return nil, err
		}
		ws.words[i] = s
		should += weight(s)
	}
	ws.weight += must
	ws.weight += should
	return ws, nil
}

// setNorm gives every term of the slot the query norm.
func (ws *wordStreams) setNorm(norm float64) {
	ws.each(func(s *wordStream) { s.weight = s.boost * s.idf * norm })
}

// cur is the slot's current candidate: the first document either side
// matches.
func (ws *wordStreams) cur() uint64 { return min(ws.sides[0].cur, ws.sides[1].cur) }

// advanceTo moves both sides to their first match at or after doc.
func (ws *wordStreams) advanceTo(doc uint64) error {
	for _, sd := range ws.sides {
		if sd.cur < doc {
			if err := sd.advanceTo(doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// score is the slot's BooleanSearcher score at doc, where it matches.
func (ws *wordStreams) score(doc uint64) (float64, error) {
	text, title := ws.sides[0], ws.sides[1]
	must, _ := disjunction(text.cur == doc, title.cur == doc, text.score, title.score)
	// The word streams only score: bring them to doc. A step forward
	// usually gets there (they are seldom far behind); else a jump.
	for _, s := range ws.words {
		if s.cur < doc {
			if err := s.next(); err != nil {
				return 0, err
			}
		}
		if s.cur < doc {
			if err := s.advance(doc); err != nil {
				return 0, err
			}
		}
	}
	wText, wTitle := ws.words[0], ws.words[1]
	if should, ok := disjunction(wText.cur == doc, wTitle.cur == doc, wText.score, wTitle.score); ok {
		// BooleanSearcher: a ConjunctionQueryScorer over must and should.
		var sum float64
		sum += must
		sum += should
		return sum, nil
	}
	return must, nil
}

// start puts the slot's streams on their first postings at or after lo.
func (ws *wordStreams) start(lo uint64) error {
	for _, sd := range ws.sides {
		if err := sd.start(lo); err != nil {
			return err
		}
	}
	for _, s := range ws.words {
		if err := s.startAt(lo); err != nil {
			return err
		}
	}
	return nil
}

// pass moves the sides that match doc past it.
func (ws *wordStreams) pass(doc uint64) error {
	for _, sd := range ws.sides {
		if sd.cur == doc {
			if err := sd.next(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (ws *wordStreams) each(fn func(*wordStream)) {
	for _, sd := range ws.sides {
		for _, s := range sd.ss {
			fn(s)
		}
	}
	for _, s := range ws.words {
		fn(s)
	}
}

// byCount orders streams as bleve's OrderedSearcherList orders searchers.
type byCount []*wordStream

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].r.Count() < b[j].r.Count() }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// side is one n-gram side of a plan: a term, or a phrase whose terms must
// all be in the document at their offsets from one another.
type side struct {
	ss  []*wordStream
	cur uint64 // the current matching document; streamDone when none is left
}

// start puts the side on its first match at or after lo.
func (sd *side) start(lo uint64) error {
	for _, s := range sd.ss {
		if err := s.startAt(lo); err != nil {
			return err
		}
	}
	return sd.settle()
}

// advanceTo moves the side to its first match at or after doc.
func (sd *side) advanceTo(doc uint64) error {
	for _, s := range sd.ss {
		if s.cur < doc {
			if err := s.advance(doc); err != nil {
				return err
			}
		}
	}
	return sd.settle()
}

// next moves the side past its current match to the next.
func (sd *side) next() error {
	if err := sd.ss[0].next(); err != nil {
		return err
	}
	return sd.settle()
}

// settle brings the side's streams to the first document at or after
// where they stand that holds every term (ConjunctionSearcher's leapfrog)
// at the phrase's offsets.
func (sd *side) settle() error {
	for {
		target := uint64(0)
		for _, s := range sd.ss {
			target = max(target, s.cur)
		}
		if target == streamDone {
			sd.cur = streamDone
			return nil
		}
		all := true
		for _, s := range sd.ss {
			if s.cur < target {
				if err := s.advance(target); err != nil {
					return err
				}
				all = false
			}
		}
		if !all {
			continue
		}
		if sd.inPlace() {
			sd.cur = target
			return nil
		}
		if err := sd.ss[0].next(); err != nil {
			return err
		}
	}
}

// inPlace reports whether the phrase's terms stand at their offsets from
// one another somewhere in the current document (a single term always
// does).
func (sd *side) inPlace() bool {
	if len(sd.ss) == 1 {
		return true
	}
	first := sd.ss[0]
	for _, v := range first.d.Vectors {
		base := int64(v.Pos) - int64(first.off)
		ok := true
		for _, s := range sd.ss[1:] {
			if !s.hasPos(base + int64(s.off)) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// score is the side's score at its current match: ConjunctionQueryScorer
// over its terms, in order (one term: its own score).
func (sd *side) score() float64 {
	var sum float64
	for _, s := range sd.ss {
		sum += s.score()
	}
	return sum
}

// disjunction is DisjunctionQueryScorer.Score over two constituents, of
// which those at doc match: the sum of their scores times the share of
// the two that match.
func disjunction(aAt, bAt bool, a, b func() float64) (float64, bool) {
	var sum float64
	n := 0
	if aAt {
		sum += a()
		n++
	}
	if bAt {
		sum += b()
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum * (float64(n) / float64(2)), true
}

// slotsByCount orders slots as bleve's OrderedSearcherList orders the
// conjunction of their searchers.
type slotsByCount []*wordStreams

func (b slotsByCount) Len() int           { return len(b) }
func (b slotsByCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b slotsByCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// searchWord considers the documents in [lo, hi) that the plan matches,
// scored as bleve scores them: one slot is a BooleanSearcher; several are
// a ConjunctionSearcher of them, ordered by count, whose query norm
// covers all their weights and whose score is the sum of theirs.
func (sc *scan) searchWord(ctx context.Context, p *wordPlan, r index.IndexReader, lo, hi uint64) error {
	docTotal, err := r.DocCount()
	if err != nil {
		return err
	}
	slots := make([]*wordStreams, 0, len(p.slots))
	defer func() {
		for _, ws := range slots {
			ws.close()
		}
	}()
	for _, sp := range p.slots {
		ws, err := openWordStreams(ctx, sp, r, docTotal)
		if err != nil {
			return err
		}
		slots = append(slots, ws)
	}
	if len(slots) > 1 {
		sort.Sort(slotsByCount(slots))
	}
	total := 0.0
	for _, ws := range slots {
		total += ws.weight
	}
	norm := 1.0 / math.Sqrt(total)
	for _, ws := range slots {
		ws.setNorm(norm)
		if err := ws.start(lo); err != nil {
			return err
		}
	}
	for n := 1; ; n++ {
		// The leapfrog of ConjunctionSearcher: every slot at one document.
		doc := uint64(0)
		for _, ws := range slots {
			doc = max(doc, ws.cur())
		}
		if doc == streamDone || doc >= hi {
			return nil
		}
		behind := false
		for _, ws := range slots {
			if ws.cur() < doc {
				if err := ws.advanceTo(doc); err != nil {
					return err
				}
				behind = true
			}
		}
		if behind {
			continue
		}
		var score float64
		for _, ws := range slots {
			s, err := ws.score(doc)
			if err != nil {
				return err
			}
			score += s
		}
		seg, d := sc.cols.locate(doc)
		sc.consider(seg, d, score)
		for _, ws := range slots {
			if err := ws.pass(doc); err != nil {
				return err
			}
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
