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
	maxSlots   = 32  // terms in one query
	maxAlts    = 16  // alternatives in one term
	maxTermLen = 200 // characters in one term
	wordBoost  = 4.0 // a term that is a whole gse word of the text
	titleBoost = 6.0 // … of the title
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
	// dict lists the terms of a field that start with prefix, at most
	// limit of them (ok false when there are more).
	dict func(field, prefix string, limit int) (terms []string, ok bool, err error)
}

// maxExpansion bounds the terms a phrase position may expand to.
const maxExpansion = 2048

// positive is the query for a slot that must match: any alternative found
// as a substring of the text or the title, scored higher where it is also
// a whole gse word.
func (qb queryBuilder) positive(sl slot) (query.Query, error) {
	var alts []query.Query
	for _, alt := range sl.alts {
		must, err := qb.inTextOrTitle(alt)
		if err != nil {
			return nil, err
		}
		if !strings.ContainsFunc(alt, isSeparator) {
			text := query.NewTermQuery(strings.ToLower(alt))
			text.SetField(fieldText)
			text.SetBoost(wordBoost)
			title := query.NewTermQuery(strings.ToLower(alt))
			title.SetField(fieldTitle)
			title.SetBoost(titleBoost)
			must = query.NewBooleanQuery([]query.Query{must}, []query.Query{text, title}, nil)
		}
		alts = append(alts, must)
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return query.NewDisjunctionQuery(alts), nil
}

// negative is the query a document must not match for an excluded slot.
func (qb queryBuilder) negative(sl slot) (query.Query, error) {
	var alts []query.Query
	for _, alt := range sl.alts {
		q, err := qb.inTextOrTitle(alt)
		if err != nil {
			return nil, err
		}
		alts = append(alts, q)
	}
	return query.NewDisjunctionQuery(alts), nil
}

func (qb queryBuilder) inTextOrTitle(s string) (query.Query, error) {
	text, err := qb.substring(s, fieldNgram)
	if err != nil {
		return nil, err
	}
	title, err := qb.substring(s, fieldTitleNgram)
	if err != nil {
		return nil, err
	}
	return query.NewDisjunctionQuery([]query.Query{text, title}), nil
}

func isSeparator(r rune) bool { return !isWordRune(r) }

// substring is the query for documents whose n-gram field (see
// ngramTokenizer) contains s as a substring, case-insensitively.
//
// s is cut exactly as documents are, and its tokens become a phrase, one
// position per character, with these changes:
//
//   - the last character of a run of two or more is left open (""): the
//     bigram before it pins it, and in a document the run may go on, so
//     the document has a bigram there rather than the character alone;
//   - a run of one character at the very end of s (after a separator, or
//     all of s) is a character that starts a run in the document: its
//     position holds the character alone or any bigram starting with it,
//     so it expands to those terms of the field's dictionary.
//
// Within a run of bigrams only every other one is kept, with the last (the
// others are left open: they are implied). Everything else pins the
// document's token exactly, so the query matches
// exactly the documents that contain s. Only when an expansion would list
// more than maxExpansion terms is that one position left open and the
// character required anywhere in the field instead (more hits, never
// fewer).
func (qb queryBuilder) substring(s, field string) (query.Query, error) {
	tokens := qb.ngram.Analyze([]byte(s))
	n := len(tokens) // one token per character
	if n == 0 {
		return query.NewMatchNoneQuery(), nil
	}
	slots := make([][]string, n)
	bigram := make([]bool, n)
	var extra []query.Query
	for i, tk := range tokens {
		t := string(tk.Term)
		r, size := utf8.DecodeRune(tk.Term)
		if !isWordRune(r) || size < len(tk.Term) { // a separator or a bigram
			slots[i] = []string{t}
			bigram[i] = size < len(tk.Term)
			continue
		}
		if i > 0 && tokens[i-1].Type == analysis.Double { // ends a longer run
			slots[i] = []string{""}
			continue
		}
		if i < n-1 { // a one-character run followed by a separator
			slots[i] = []string{t}
			continue
		}
		// A one-character run at the end: the character or a bigram
		// starting with it.
		if n == 1 {
			p := query.NewPrefixQuery(t)
			p.SetField(field)
			return p, nil
		}
		terms, ok, err := qb.dict(field, t, maxExpansion)
		if err != nil {
			return nil, err
		}
		if ok {
			slots[i] = terms
			if len(terms) == 0 {
				return query.NewMatchNoneQuery(), nil
			}
		} else {
			slots[i] = []string{""}
			p := query.NewPrefixQuery(t)
			p.SetField(field)
			extra = append(extra, p)
		}
	}
	// In a run of bigrams every other one is enough, with the last: AB·CD
	// at positions p and p+2 pins ABCD as surely as AB BC CD do, and each
	// term a phrase reads costs its postings' positions.
	for i := 0; i < n; {
		if !bigram[i] {
			i++
			continue
		}
		j := i
		for j+1 < n && bigram[j+1] {
			j++
		}
		for k := i + 1; k < j; k += 2 {
			slots[k] = []string{""}
		}
		i = j + 1
	}
	// Open positions at the ends constrain nothing.
	lo, hi := 0, len(slots)
	for lo < hi && isOpen(slots[lo]) {
		lo++
	}
	for hi > lo && isOpen(slots[hi-1]) {
		hi--
	}
	slots = slots[lo:hi]
	var q query.Query
	switch {
	case len(slots) == 0:
	case len(slots) == 1 && len(slots[0]) == 1:
		q = term(slots[0][0], field)
	default:
		multi := false
		for _, sl := range slots {
			multi = multi || len(sl) > 1
		}
		if multi {
			q = query.NewMultiPhraseQuery(slots, field)
		} else {
			flat := make([]string, len(slots))
			for i, sl := range slots {
				flat[i] = sl[0]
			}
			q = query.NewPhraseQuery(flat, field)
		}
	}
	if q == nil {
		return query.NewConjunctionQuery(extra), nil
	}
	if len(extra) == 0 {
		return q, nil
	}
	return query.NewConjunctionQuery(append(extra, q)), nil
}

func isOpen(slot []string) bool { return len(slot) == 1 && slot[0] == "" }

func term(t, field string) *query.TermQuery {
	q := query.NewTermQuery(t)
	q.SetField(field)
	return q
}
