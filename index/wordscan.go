package index

import (
	"context"
	"encoding/binary"
	"math"
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

// wordPlan is the four terms of a one-word query: the n-gram term in the
// text and in the title (the document matches if either does), the word
// in the text and in the title (they only add to the score).
type wordPlan struct {
	terms [4]planTerm
}

type planTerm struct {
	term, field string
	boost       float64
}

// wordPlanOf returns the plan of q's text when it is one positive word
// whose substring query is a single n-gram term in each field.
func (qb queryBuilder) wordPlanOf(text string) (*wordPlan, bool) {
	slots := parseQuery(text)
	if len(slots) != 1 || slots[0].neg || len(slots[0].alts) != 1 {
		return nil, false
	}
	alt := slots[0].alts[0]
	if strings.ContainsFunc(alt, isSeparator) {
		return nil, false
	}
	p := &wordPlan{}
	for i, field := range []string{fieldNgram, fieldTitleNgram} {
		sq, err := qb.substring(alt, field)
		if err != nil {
			return nil, false
		}
		tq, ok := sq.(*query.TermQuery)
		if !ok || tq.BoostVal != nil {
			return nil, false
		}
		p.terms[i] = planTerm{term: tq.Term, field: field, boost: 1.0}
	}
	word := strings.ToLower(alt)
	p.terms[2] = planTerm{term: word, field: fieldText, boost: wordBoost}
	p.terms[3] = planTerm{term: word, field: fieldTitle, boost: titleBoost}
	return p, true
}

// wordStream is one term's postings with bleve's TF-IDF term scorer.
type wordStream struct {
	r      index.TermFieldReader
	d      index.TermFieldDoc
	cur    uint64  // the current document's global number; done when math.MaxUint64
	id     [8]byte // Advance's argument, reused
	idf    float64
	boost  float64
	weight float64 // bleve's queryWeight: boost × idf × queryNorm
}

const streamDone = math.MaxUint64

func (s *wordStream) next() error {
	d, err := s.r.Next(s.d.Reset())
	return s.took(d, err)
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

// openWordStreams opens the plan's four postings readers on r and sets up
// their scorers as bleve's searcher tree would: idf from the live document
// count and the term's document count, one query norm over all four.
func openWordStreams(ctx context.Context, p *wordPlan, r index.IndexReader) ([4]*wordStream, error) {
	var ss [4]*wordStream
	closeAll := func() {
		for _, s := range ss {
			if s != nil {
				_ = s.r.Close()
			}
		}
	}
	docTotal, err := r.DocCount()
	if err != nil {
		return ss, err
	}
	var weights [4]float64
	for i, t := range p.terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.term), t.field, true, true, false)
		if err != nil {
			closeAll()
			return ss, err
		}
		docTerm := tfr.Count()
		s := &wordStream{r: tfr, boost: t.boost, weight: 1.0}
		s.idf = 1.0 + math.Log(float64(docTotal)/float64(docTerm+1.0))
		w := s.boost * s.idf
		weights[i] = w * w
		ss[i] = s
	}
	// BooleanSearcher.computeQueryNorm: the must side (a conjunction of a
	// disjunction of the two n-gram terms) and the should side (a
	// disjunction of the two word terms), each weight summed from zero.
	var must, disj float64
	disj += weights[0]
	disj += weights[1]
	must += disj
	var should float64
	should += weights[2]
	should += weights[3]
	sum := 0.0
	sum += must
	sum += should
	norm := 1.0 / math.Sqrt(sum)
	for _, s := range ss {
		s.weight = s.boost * s.idf * norm
	}
	return ss, nil
}

// disjunction is DisjunctionQueryScorer.Score over the streams of ss that
// are at doc: the sum of their scores times the share of them that match.
func disjunction(a, b *wordStream, doc uint64) (float64, bool) {
	var sum float64
	n := 0
	if a.cur == doc {
		sum += a.score()
		n++
	}
	if b.cur == doc {
		sum += b.score()
		n++
	}
	if n == 0 {
		return 0, false
	}
	return sum * (float64(n) / float64(2)), true
}

// searchWord considers the documents in [lo, hi) that the plan matches,
// scored as bleve scores them.
func (sc *scan) searchWord(ctx context.Context, p *wordPlan, r index.IndexReader, lo, hi uint64) error {
	ss, err := openWordStreams(ctx, p, r)
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range ss {
			_ = s.r.Close()
		}
	}()
	for _, s := range ss {
		if lo > 0 {
			err = s.advance(lo)
		} else {
			err = s.next()
		}
		if err != nil {
			return err
		}
	}
	text, title, wText, wTitle := ss[0], ss[1], ss[2], ss[3]
	for n := 1; ; n++ {
		doc := min(text.cur, title.cur)
		if doc == streamDone || doc >= hi {
			return nil
		}
		must, _ := disjunction(text, title, doc)
		// The word streams only score: bring them to doc.
		// A step forward usually gets there (the streams are seldom
		// far behind); else a jump.
		for _, s := range [2]*wordStream{wText, wTitle} {
			if s.cur < doc {
				if err := s.next(); err != nil {
					return err
				}
			}
			if s.cur < doc {
				if err := s.advance(doc); err != nil {
					return err
				}
			}
		}
		score := must
		if should, ok := disjunction(wText, wTitle, doc); ok {
			// BooleanSearcher: a ConjunctionQueryScorer over must and should.
			var sum float64
			sum += must
			sum += should
			score = sum
		}
		seg, d := sc.cols.locate(doc)
		sc.consider(seg, d, score)
		for _, s := range [2]*wordStream{text, title} {
			if s.cur == doc {
				if err := s.next(); err != nil {
					return err
				}
			}
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
