package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// Query is a search: the user's text plus filters, sort and paging.
//
// Text is the query language, kept obvious for Chinese users:
//
//	道路 交通          both terms (AND), anywhere in the text or title
//	"人大 代表"        a phrase with a space in it (“…” works too)
//	-范文             exclude documents containing 范文
//	道路|交通          either term (OR) in one slot
//
// Terms are normalised like document text (corpus.NormalizeText) and match
// as substrings of the text or the title, case-insensitively: every
// document containing 道路 is found, also where gse cut 道路交通 as one
// word, and single characters, digits (2023年) and placeholders (**) work
// the same way. A term that is also a whole gse word of a document ranks
// that document higher. An empty Text (or only exclusions) browses: every
// document that passes the filters, newest first unless Sort says
// otherwise.
type Query struct {
	Text             string // the query, see above
	Kind             string // duty_report, work_report, essay, other ("" = any)
	Year             int    // exact year, 0 = any
	YearFrom, YearTo int    // inclusive range, 0 = open
	Region           string // exact region (江宁区)
	Deputy           string // exact deputy name
	Level            string // 全国 省 市 县 区 旗 乡 镇
	Flag             string // a flag code: placeholder, boilerplate…
	// Status selects by corpus.Status: "" is current documents and
	// reference material (earlier versions only when asked), "all" every
	// stored document, or one status: current, reference, history.
	Status     string
	Sort       string // "" or "relevance", "year" (oldest first), "-year" (newest first)
	From, Size int    // paging; Size 0 = 10, capped at MaxSize
}

// Paging limits.
const (
	DefaultSize = 10
	MaxSize     = 1000
	MaxFrom     = 100000
	facetSize   = 20
)

// Facet names, as keys of Result.Facets, and the fields they count.
var facetFields = []struct{ name, field string }{
	{"kind", fieldKind},
	{"year", fieldYearKey},
	{"region", fieldRegion},
	{"level", fieldLevel},
	{"flag", fieldFlag},
	{"deputy", fieldDeputy},
	{"status", fieldStatus},
}

// Result is one page of hits with facet counts. It marshals to the JSON of
// `lvzhi search QUERY --json` (SPEC §7).
type Result struct {
	Total  uint64           `json:"total"`
	TookMS int64            `json:"took_ms"`
	Hits   []Hit            `json:"hits"`
	Facets map[string]Facet `json:"facets"` // kind, year, region, level, flag, deputy, status: always present
	// Unindexed is how many stored documents the index does not hold yet
	// (an ingest killed before its index phase, a full disk): the hits may
	// be incomplete. Set by the application, which knows the store.
	Unindexed int `json:"unindexed"`
}

// Hit is one document found. Deputy and Year are nil when unknown.
type Hit struct {
	ID       string   `json:"id"`
	Source   string   `json:"source"`
	Member   string   `json:"member"`
	Part     int      `json:"part"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	Deputy   *string  `json:"deputy"`
	Region   *string  `json:"region"`
	Year     *int     `json:"year"`
	Score    float64  `json:"score"`
	Flags    []string `json:"flags"`    // flag codes; empty in an index built before they were stored (lvzhi reindex)
	Snippets []string `json:"snippets"` // HTML: escaped text with <mark>…</mark>
}

// Facet is the counts of one facet, largest first (ties by term). It
// marshals to a JSON object {"term": count, …} that keeps this order.
type Facet []Bucket

// Bucket is one term of a facet and the number of hits with it.
type Bucket struct {
	Term  string
	Count int
}

func (f Facet) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, bk := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(bk.Term)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		fmt.Fprintf(&b, ":%d", bk.Count)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (f *Facet) UnmarshalJSON(data []byte) error {
	var m map[string]int
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	*f = make(Facet, 0, len(m))
	for k, v := range m {
		*f = append(*f, Bucket{k, v})
	}
	f.sort()
	return nil
}

func (f Facet) sort() { slices.SortFunc(f, bucketOrder) }

// bucketOrder is a facet's order: larger counts first, ties by term.
func bucketOrder(a, b Bucket) int {
	if a.Count != b.Count {
		return b.Count - a.Count
	}
	return strings.Compare(a.Term, b.Term)
}

// topTerms returns the facet of the terms with a count, the first k in
// bucketOrder, as building the whole facet, sorting it and keeping k would,
// without building or sorting all of it: a facet of deputies has a term
// for nearly every report, and only k are shown.
func topTerms(names []string, counts []uint32, k int) Facet {
	h := make(Facet, 0, k) // the k best so far, the worst of them on top
	worse := func(i, j int) bool { return bucketOrder(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && worse(r, l) {
				m = r
			}
			if !worse(m, i) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for t, n := range counts {
		if n == 0 {
			continue
		}
		b := Bucket{names[t], int(n)}
		switch {
		case len(h) < k:
			h = append(h, b)
			if len(h) == k {
				for i := k/2 - 1; i >= 0; i-- {
					down(i)
				}
			}
		case k > 0 && bucketOrder(b, h[0]) < 0:
			h[0] = b
			down(0)
		}
	}
	h.sort()
	return h
}

// Search runs a query. Bad input (an unknown kind or sort, a negative or
// reversed range) is EINVALID with a Chinese message.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	if err := q.validate(); err != nil {
		return nil, err
	}
	size := q.Size
	if size == 0 {
		size = DefaultSize
	}
	size = min(size, MaxSize)
	if res, ok, err := ix.searchFast(ctx, q, size); ok {
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var ce *corpus.Error
			if errors.As(err, &ce) {
				return nil, err
			}
			return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("搜索索引 %s 失败", ix.dir), Err: err}
		}
		res.TookMS = time.Since(start).Milliseconds()
		return res, nil
	}
	res, err := ix.searchBleve(ctx, q, size)
	if err != nil {
		return nil, err
	}
	res.TookMS = time.Since(start).Milliseconds()
	return res, nil
}

// searchBleve runs q through bleve's collector, facets and all: what Search
// did before the columns, kept for indexes the columns cannot read and as
// the reference the columns are tested against.
func (ix *Index) searchBleve(ctx context.Context, q Query, size int) (*Result, error) {
	bq, marks, browse, err := ix.build(q)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bq, size, q.From, false)
	req.Fields = []string{fieldSource, fieldMember, fieldPart, fieldKind, fieldTitle, fieldDeputy, fieldRegion, fieldYear, fieldFlag, fieldText}
	req.SortByCustom(q.sortOrder(browse))
	if browse {
		req.Score = "none"
	}
	for _, f := range facetFields {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, facetSize))
	}

	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("搜索索引 %s 失败", ix.dir), Err: err}
	}

	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Facets: make(map[string]Facet, len(facetFields))}
	for _, dm := range res.Hits {
		out.Hits = append(out.Hits, hit(dm, marks))
	}
	for _, f := range facetFields {
		facet := Facet{}
		if fr := res.Facets[f.name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				facet = append(facet, Bucket{t.Term, t.Count})
			}
		}
		facet.sort()
		out.Facets[f.name] = facet
	}
	return out, nil
}

// dictPrefix lists up to limit terms of field starting with prefix; ok is
// false when there are more.
func (ix *Index) dictPrefix(field, prefix string, limit int) (terms []string, ok bool, err error) {
	d, err := ix.bi.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, false, err
	}
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil {
			return nil, false, err
		}
		if e == nil {
			return terms, true, nil
		}
		if len(terms) == limit {
			return nil, false, nil
		}
		terms = append(terms, e.Term)
	}
}

func (q Query) validate() error {
	if q.Kind != "" && !slices.Contains(corpus.Kinds, corpus.Kind(q.Kind)) {
		return corpus.Errorf(corpus.EINVALID, "未知的文种“%s”: 应为 duty_report、work_report、essay 或 other", q.Kind)
	}
	switch q.Sort {
	case "", "relevance", "year", "-year":
	default:
		return corpus.Errorf(corpus.EINVALID, "未知的排序方式“%s”: 应为 relevance、year 或 -year", q.Sort)
	}
	if q.Year < 0 || q.YearFrom < 0 || q.YearTo < 0 {
		return corpus.Errorf(corpus.EINVALID, "年份不能为负数")
	}
	if q.YearFrom != 0 && q.YearTo != 0 && q.YearFrom > q.YearTo {
		return corpus.Errorf(corpus.EINVALID, "年份范围无效: 起始年 %d 晚于截止年 %d", q.YearFrom, q.YearTo)
	}
	switch corpus.Status(q.Status) {
	case "", "all", corpus.StatusCurrent, corpus.StatusReference, corpus.StatusHistory:
	default:
		return corpus.Errorf(corpus.EINVALID, "未知的状态“%s”: 应为 current、reference、history 或 all", q.Status)
	}
	if q.From < 0 || q.Size < 0 {
		return corpus.Errorf(corpus.EINVALID, "分页参数不能为负数")
	}
	if q.From > MaxFrom {
		return corpus.Errorf(corpus.EINVALID, "翻页过深: 起始位置最多 %d", MaxFrom)
	}
	return nil
}

// filters are the conditions that restrict without scoring.
func (q Query) filters() []query.Query {
	var f []query.Query
	for _, kv := range []struct{ field, value string }{
		{fieldKind, q.Kind}, {fieldRegion, q.Region}, {fieldDeputy, q.Deputy},
		{fieldLevel, q.Level}, {fieldFlag, q.Flag}, {fieldStatus, statusFilter(q.Status)},
	} {
		if kv.value != "" {
			f = append(f, term(kv.value, kv.field))
		}
	}
	yearRange := func(lo, hi int) {
		var min, max *float64
		if lo != 0 {
			v := float64(lo)
			min = &v
		}
		if hi != 0 {
			v := float64(hi)
			max = &v
		}
		inc := true
		r := query.NewNumericRangeInclusiveQuery(min, max, &inc, &inc)
		r.SetField(fieldYear)
		f = append(f, r)
	}
	if q.Year != 0 {
		yearRange(q.Year, q.Year)
	}
	if q.YearFrom != 0 || q.YearTo != 0 {
		yearRange(q.YearFrom, q.YearTo)
	}
	if q.Status == "" {
		// Earlier versions only when asked.
		f = append(f, query.NewBooleanQuery(nil, nil, []query.Query{term(string(corpus.StatusHistory), fieldStatus)}))
	}
	return f
}

// statusFilter is the status term a query filters on, "" for none.
func statusFilter(s string) string {
	if s == "all" {
		return ""
	}
	return s
}

// sortOrder is the bleve sort of a query; ties are broken by ID so that
// paging is stable. Documents without a year sort last either way.
func (q Query) sortOrder(browse bool) search.SortOrder {
	byYear := func(desc bool) search.SearchSort {
		return &search.SortField{Field: fieldYear, Desc: desc, Type: search.SortFieldAsNumber, Missing: search.SortFieldMissingLast}
	}
	score := &search.SortScore{Desc: true}
	id := &search.SortDocID{}
	switch {
	case q.Sort == "year":
		return search.SortOrder{byYear(false), score, id}
	case q.Sort == "-year" || q.Sort == "" && browse:
		return search.SortOrder{byYear(true), score, id}
	}
	return search.SortOrder{score, id}
}

// hit converts one bleve hit.
func hit(dm *search.DocumentMatch, marks []string) Hit {
	str := func(name string) string {
		s, _ := dm.Fields[name].(string)
		return s
	}
	num := func(name string) (int, bool) {
		f, ok := dm.Fields[name].(float64)
		return int(f), ok
	}
	h := Hit{
		ID:     dm.ID,
		Source: str(fieldSource),
		Member: str(fieldMember),
		Kind:   str(fieldKind),
		Title:  str(fieldTitle),
		Score:  dm.Score,
	}
	if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
		h.Score = 0
	}
	h.Part, _ = num(fieldPart)
	if d := str(fieldDeputy); d != "" {
		h.Deputy = &d
	}
	if r := str(fieldRegion); r != "" {
		h.Region = &r
	}
	h.Flags = strs(dm.Fields[fieldFlag])
	if y, ok := num(fieldYear); ok {
		h.Year = &y
	}
	h.Snippets = snippets(str(fieldText), marks)
	return h
}

// strs reads a stored multi-valued keyword field: bleve gives one value as
// a string and several as a slice. Never nil.
func strs(v any) []string {
	out := []string{}
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// build turns a query into bleve's terms: the query, the terms the snippets
// highlight, and whether it only browses (no positive term).
func (ix *Index) build(q Query) (query.Query, []string, bool, error) {
	tq, marks, browse, err := ix.buildText(q)
	if err != nil {
		return nil, nil, false, err
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	if tq == nil {
		bq.AddMust(query.NewMatchAllQuery())
	} else {
		bq.AddMust(tq)
	}
	if f := q.filters(); len(f) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(f))
	}
	return bq, marks, browse, nil
}

// buildText is the query of q's text without its filters: nil when it
// browses without exclusions (every document matches), the terms the
// snippets highlight, and whether it browses (no positive term).
func (ix *Index) buildText(q Query) (query.Query, []string, bool, error) {
	slots := parseQuery(q.Text)
	if len(slots) > maxSlots {
		return nil, nil, false, corpus.Errorf(corpus.EINVALID, "查询词太多: 最多 %d 个", maxSlots)
	}
	ngram := ix.bi.Mapping().AnalyzerNamed(AnalyzerNgram)
	if ngram == nil {
		return nil, nil, false, corpus.Errorf(corpus.EINTERNAL, "搜索失败: 未注册分词组件 %s", AnalyzerNgram)
	}
	qb := queryBuilder{ngram: ngram, dict: ix.dictPrefix}

	var must, mustNot []query.Query
	var marks []string // what the snippets highlight
	for _, sl := range slots {
		if len(sl.alts) > maxAlts {
			return nil, nil, false, corpus.Errorf(corpus.EINVALID, "查询词“%s”的备选项太多: 最多 %d 个", sl.alts[0], maxAlts)
		}
		for _, a := range sl.alts {
			if n := len([]rune(a)); n > maxTermLen {
				return nil, nil, false, corpus.Errorf(corpus.EINVALID, "查询词太长: %d 个字，最多 %d 个", n, maxTermLen)
			}
		}
		build := qb.positive
		if sl.neg {
			build = qb.negative
		}
		sq, err := build(sl)
		if err != nil {
			return nil, nil, false, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("搜索索引 %s 失败", ix.dir), Err: err}
		}
		if sl.neg {
			mustNot = append(mustNot, sq)
		} else {
			must = append(must, sq)
			marks = append(marks, sl.alts...)
		}
	}
	browse := len(must) == 0
	switch {
	case browse && len(mustNot) == 0:
		return nil, marks, true, nil
	case len(mustNot) == 0 && len(must) == 1:
		return must[0], marks, false, nil
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	if browse {
		bq.AddMust(query.NewMatchAllQuery())
	} else {
		bq.AddMust(must...)
	}
	bq.AddMustNot(mustNot...)
	return bq, marks, browse, nil
}

// IDs calls fn with the ID of every document the query finds (filters,
// exclusions and all; no paging), in ID order, a page at a time: what an
// export of a search needs.
func (ix *Index) IDs(ctx context.Context, q Query, fn func(id string) error) error {
	if err := q.validate(); err != nil {
		return err
	}
	bq, _, _, err := ix.build(q)
	if err != nil {
		return err
	}
	const page = 5000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bq, page, 0, false)
		req.Score = "none"
		req.SortBy([]string{"_id"})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("搜索索引 %s 失败", ix.dir), Err: err}
		}
		for _, h := range res.Hits {
			if err := fn(h.ID); err != nil {
				return err
			}
		}
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
