package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// Limits that keep one query from costing more than a page of results.
const (
	maxSlots    = 32  // terms in one query
	maxAlts     = 16  // alternatives in one term
	maxTermLen  = 200 // characters in one term
	wordBoost   = 4.0 // a term that is a whole gse word of the text
	titleBoost  = 6.0 // … of the title
	ngramWeight = 1.0
)

// slot is one whitespace-separated term of a query: alternatives joined by
// |, all excluded when neg.
type slot struct {
	alts []string
	neg  bool
}

// normalizeQuery normalises query text exactly like document text, so that
// "１２％" finds "12%".
func normalizeQuery(s string) string { return corpus.NormalizeText(s) }

// parseQuery splits the query language (see Query.Text) into slots.
// Alternatives are normalised; empty ones are dropped, and so are slots
// left with none. It never fails: an unterminated quote runs to the end.
func parseQuery(s string) []slot {
	var slots []slot
	rs := []rune(s)
	i := 0
	isSpace := func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' }
	isBar := func(r rune) bool { return r == '|' || r == '｜' }
	for i < len(rs) {
		if isSpace(rs[i]) {
			i++
			continue
		}
		var sl slot
		if rs[i] == '-' || rs[i] == '－' {
			if i+1 == len(rs) || isSpace(rs[i+1]) {
				i++ // a lone minus excludes nothing
				continue
			}
			sl.neg = true
			i++
		}
		for {
			var alt string
			if i < len(rs) && (rs[i] == '"' || rs[i] == '“' || rs[i] == '”') {
				closer := '"'
				if rs[i] == '“' {
					closer = '”'
				}
				j := i + 1
				for j < len(rs) && rs[j] != closer && !(closer == '”' && rs[j] == '"') {
					j++
				}
				alt = string(rs[i+1 : j])
				i = min(j+1, len(rs))
			} else {
				j := i
				for j < len(rs) && !isSpace(rs[j]) && !isBar(rs[j]) {
					j++
				}
				alt = string(rs[i:j])
				i = j
			}
			if alt = strings.TrimSpace(normalizeQuery(alt)); alt != "" {
				sl.alts = append(sl.alts, alt)
			}
			if i < len(rs) && isBar(rs[i]) {
				i++
				continue
			}
			break
		}
		if len(sl.alts) > 0 {
			slots = append(slots, sl)
		}
	}
	return slots
}

// queryBuilder turns slots into bleve queries, analysing terms with the
// index's own n-gram analyzer so that query terms and indexed terms agree.
type queryBuilder struct {
	ngram analysis.Analyzer
}

// positive is the query for a slot that must match: any alternative found
// as a substring of the text or the title, scored higher where it is also
// a whole gse word.
func (qb queryBuilder) positive(sl slot) query.Query {
	var alts []query.Query
	for _, alt := range sl.alts {
		must := query.NewDisjunctionQuery([]query.Query{
			qb.substring(alt, fieldNgram, fieldUnigram),
			qb.substring(alt, fieldTitleNgram, fieldTitleUnigram),
		})
		if !strings.ContainsFunc(alt, isSeparator) {
			text := query.NewTermQuery(strings.ToLower(alt))
			text.SetField(fieldText)
			text.SetBoost(wordBoost)
			title := query.NewTermQuery(strings.ToLower(alt))
			title.SetField(fieldTitle)
			title.SetBoost(titleBoost)
			b := query.NewBooleanQuery([]query.Query{must}, []query.Query{text, title}, nil)
			alts = append(alts, b)
		} else {
			alts = append(alts, must)
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// negative is the query a document must not match for an excluded slot.
func (qb queryBuilder) negative(sl slot) query.Query {
	var alts []query.Query
	for _, alt := range sl.alts {
		alts = append(alts,
			qb.substring(alt, fieldNgram, fieldUnigram),
			qb.substring(alt, fieldTitleNgram, fieldTitleUnigram))
	}
	return query.NewDisjunctionQuery(alts)
}

func isSeparator(r rune) bool { return !isWordRune(r) }

// substring is the query for documents whose field contains s as a
// substring (case-insensitively), over the n-gram field ngramField and the
// unigram field unigramField of one text.
//
// s is cut exactly as the document was (see ngramTokenizer) and the
// tokens become a phrase: a position with no token (the last character of
// a run) is a "" slot. That is exact for a term without separators and for
// separators and inner runs of a term with them. The one approximation: a
// single-character run at the very start or end of a term that has
// separators ("交，" or "，交") has no token of its own in a document where
// that character belongs to a longer run, so it is left out of the phrase
// and required anywhere in the text through the unigram field instead.
func (qb queryBuilder) substring(s, ngramField, unigramField string) query.Query {
	if utf8.RuneCountInString(s) == 1 {
		r, _ := utf8.DecodeRuneInString(s)
		if isWordRune(r) {
			return term(strings.ToLower(s), unigramField)
		}
		return term(s, ngramField)
	}
	tokens := qb.ngram.Analyze([]byte(s))
	if len(tokens) == 0 {
		return query.NewMatchNoneQuery()
	}
	n := utf8.RuneCountInString(s)
	hasSep := strings.ContainsFunc(s, isSeparator)
	phrase := make([]string, n)
	var extra []query.Query
	for _, tk := range tokens {
		t := string(tk.Term)
		r, _ := utf8.DecodeRune(tk.Term)
		edge := tk.Position == 1 || tk.Position == n
		if hasSep && edge && isWordRune(r) && utf8.RuneCount(tk.Term) == 1 {
			extra = append(extra, term(t, unigramField))
			continue
		}
		phrase[tk.Position-1] = t
	}
	// Trim don't-care slots at both ends.
	lo, hi := 0, len(phrase)
	for lo < hi && phrase[lo] == "" {
		lo++
	}
	for hi > lo && phrase[hi-1] == "" {
		hi--
	}
	phrase = phrase[lo:hi]
	var q query.Query
	switch len(phrase) {
	case 0:
	case 1:
		q = term(phrase[0], ngramField)
	default:
		pq := query.NewPhraseQuery(phrase, ngramField)
		pq.SetBoost(ngramWeight)
		q = pq
	}
	if len(extra) == 0 {
		return q
	}
	if q != nil {
		extra = append(extra, q)
	}
	if len(extra) == 1 {
		return extra[0]
	}
	return query.NewConjunctionQuery(extra)
}

func term(t, field string) *query.TermQuery {
	q := query.NewTermQuery(t)
	q.SetField(field)
	return q
}
