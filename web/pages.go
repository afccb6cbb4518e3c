package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/index"
)

// page is what every page's layout needs.
type page struct {
	Title string // the page's own title
	Nav   string // the active tab: search, flags, stats
	Site  string // Options.Title
	Query string // the query text, for the header's search box
}

func (s *server) page(r *http.Request, title string) page {
	return page{Title: title, Site: s.opt.Title}
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, st int, name string, data any) {
	var buf bytes.Buffer
	t := s.pages[name]
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.opt.Log.Error("template", "page", name, "err", err)
		http.Error(w, "内部错误：页面生成失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

type errorPage struct {
	page
	Status  int
	Message string
}

// ---- search ----

type searchPage struct {
	page
	Q       index.Query
	Form    searchForm
	Err     string
	Res     *index.Result
	Hits    []hitView
	Facets  []facetView
	Active  []chip
	Pager   pager
	Kinds   []choice
	FlagsC  []choice
	Status  []choice
	Sorts   []choice
	Levels  []string
	Browse  bool
	Showing string
}

// searchForm is what the form fields show: the parameters as given.
type searchForm struct {
	Q, Year, Region, Kind, Level, Flag, Deputy, Status, Sort, Size string
}

type hitView struct {
	index.Hit
	N        int
	Link     string
	Where    string
	Snippets []template.HTML
	Badges   []badge
}

type badge struct {
	Code, Label, Link string
}

type facetView struct {
	Name, Label string
	Buckets     []bucketView
}

type bucketView struct {
	Label  string
	Count  int
	Link   string
	Active bool
}

// chip is an active filter with a link that removes it.
type chip struct {
	Label, Remove string
}

type pager struct {
	Prev, Next string
	Page, Last int
	Pages      []pageLink
}

type pageLink struct {
	N       int
	Link    string
	Current bool
	Gap     bool
}

var facetLabels = []struct{ key, label string }{
	{"kind", "类型"}, {"year", "年份"}, {"region", "地区"}, {"level", "层级"},
	{"flag", "标记"}, {"deputy", "代表"}, {"status", "状态"},
}

func (s *server) searchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := searchPage{page: s.page(r, "检索"), Kinds: kindChoices(), FlagsC: flagChoices(), Status: statusChoices(), Sorts: sortChoices(), Levels: levels}
	p.Nav = "search"
	p.Form = searchForm{Q: v.Get("q"), Year: v.Get("year"), Region: v.Get("region"), Kind: v.Get("kind"), Level: v.Get("level"),
		Flag: v.Get("flag"), Deputy: v.Get("deputy"), Status: v.Get("status"), Sort: v.Get("sort"), Size: v.Get("size")}
	p.Query = p.Form.Q
	q, err := parseSearch(v, s.lim)
	if err != nil {
		p.Err = s.publicError(err).Message
		s.render(w, r, http.StatusBadRequest, "search", p)
		return
	}
	// The form shows codes, whichever way they were given.
	p.Form.Kind, p.Form.Flag, p.Form.Status, p.Form.Sort = q.Kind, q.Flag, q.Status, q.Sort
	p.Form.Year = yearParam(q)
	if q.Text != "" {
		p.Title = q.Text + " - 检索"
	}
	ctx, cancel := s.work(r)
	defer cancel()
	res, err := s.search(ctx, q)
	if err != nil {
		st := status(err, 0)
		if st == 499 {
			return
		}
		p.Err = s.publicError(err).Message
		s.render(w, r, st, "search", p)
		return
	}
	p.Q, p.Res = q, res
	p.Browse = strings.TrimLeft(q.Text, " ") == ""
	for i, h := range res.Hits {
		p.Hits = append(p.Hits, s.hitView(q, h, q.From+i+1))
	}
	p.Facets = facetViews(q, res.Facets)
	p.Active = chips(q)
	p.Pager = makePager(q, res.Total)
	if len(res.Hits) > 0 {
		p.Showing = fmt.Sprintf("第 %d–%d 篇", q.From+1, q.From+len(res.Hits))
	}
	s.render(w, r, http.StatusOK, "search", p)
}

func (s *server) hitView(q index.Query, h index.Hit, n int) hitView {
	hv := hitView{Hit: h, N: n, Link: "/doc/" + url.PathEscape(h.ID)}
	hv.Where = corpus.Provenance(h.Source, h.Member)
	if h.Part > 1 {
		hv.Where += fmt.Sprintf("（第 %d 部分）", h.Part)
	}
	for _, sn := range h.Snippets {
		hv.Snippets = append(hv.Snippets, safeSnippet(sn))
	}
	for _, f := range h.Flags {
		fq := q
		fq.Flag, fq.From = f, 0
		hv.Badges = append(hv.Badges, badge{Code: f, Label: corpus.FlagLabel(f), Link: "/search?" + searchValues(fq).Encode()})
	}
	return hv
}

// safeSnippet turns a snippet of the index (escaped text with <mark>…</mark>)
// into HTML, trusting nothing but the mark tags: every other piece is
// unescaped and escaped again, so that whatever the index returns, only
// <mark> can come out as markup.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "<mark>") {
		if i > 0 {
			b.WriteString("<mark>")
		}
		inner, rest, found := strings.Cut(part, "</mark>")
		if !found || i == 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(part)))
			continue
		}
		b.WriteString(html.EscapeString(html.UnescapeString(inner)))
		b.WriteString("</mark>")
		b.WriteString(html.EscapeString(html.UnescapeString(rest)))
	}
	return template.HTML(b.String())
}

// facetViews lists the facets with links that apply each term as a filter
// (or remove it when it is the active one).
func facetViews(q index.Query, facets map[string]index.Facet) []facetView {
	var out []facetView
	for _, f := range facetLabels {
		buckets := facets[f.key]
		if len(buckets) == 0 {
			continue
		}
		fv := facetView{Name: f.key, Label: f.label}
		for _, b := range buckets {
			fq := q
			fq.From = 0
			active := setFacet(&fq, f.key, b.Term)
			if active {
				clearFacet(&fq, f.key)
			}
			fv.Buckets = append(fv.Buckets, bucketView{
				Label: termLabel(f.key, b.Term), Count: b.Count, Active: active,
				Link: "/search?" + searchValues(fq).Encode(),
			})
		}
		out = append(out, fv)
	}
	return out
}

// setFacet applies a facet term as a filter of q and reports whether it
// was already applied.
func setFacet(q *index.Query, key, term string) bool {
	var field *string
	switch key {
	case "kind":
		field = &q.Kind
	case "region":
		field = &q.Region
	case "level":
		field = &q.Level
	case "flag":
		field = &q.Flag
	case "deputy":
		field = &q.Deputy
	case "status":
		field = &q.Status
	case "year":
		y, err := strconv.Atoi(term)
		if err != nil {
			return false
		}
		was := q.Year == y
		q.Year, q.YearFrom, q.YearTo = y, 0, 0
		return was
	}
	if field == nil {
		return false
	}
	was := *field == term
	*field = term
	return was
}

func clearFacet(q *index.Query, key string) {
	switch key {
	case "kind":
		q.Kind = ""
	case "region":
		q.Region = ""
	case "level":
		q.Level = ""
	case "flag":
		q.Flag = ""
	case "deputy":
		q.Deputy = ""
	case "status":
		q.Status = ""
	case "year":
		q.Year, q.YearFrom, q.YearTo = 0, 0, 0
	}
}

// termLabel is how a facet term reads in Chinese.
func termLabel(key, term string) string {
	switch key {
	case "kind":
		return corpus.Kind(term).Label()
	case "flag":
		return corpus.FlagLabel(term)
	case "status":
		if term == "all" {
			return "全部"
		}
		return corpus.Status(term).Label()
	}
	return term
}

// chips lists q's filters, each with a link to the search without it.
func chips(q index.Query) []chip {
	var out []chip
	add := func(label string, clear func(*index.Query)) {
		cq := q
		cq.From = 0
		clear(&cq)
		out = append(out, chip{Label: label, Remove: "/search?" + searchValues(cq).Encode()})
	}
	if y := yearParam(q); y != "" {
		add("年份 "+y, func(q *index.Query) { q.Year, q.YearFrom, q.YearTo = 0, 0, 0 })
	}
	if q.Kind != "" {
		add("类型 "+corpus.Kind(q.Kind).Label(), func(q *index.Query) { q.Kind = "" })
	}
	if q.Region != "" {
		add("地区 "+q.Region, func(q *index.Query) { q.Region = "" })
	}
	if q.Level != "" {
		add("层级 "+q.Level, func(q *index.Query) { q.Level = "" })
	}
	if q.Flag != "" {
		add("标记 "+corpus.FlagLabel(q.Flag), func(q *index.Query) { q.Flag = "" })
	}
	if q.Deputy != "" {
		add("代表 "+q.Deputy, func(q *index.Query) { q.Deputy = "" })
	}
	if q.Status != "" {
		add("状态 "+termLabel("status", q.Status), func(q *index.Query) { q.Status = "" })
	}
	return out
}

// makePager links the pages around the current one.
func makePager(q index.Query, total uint64) pager {
	size := q.Size
	if size == 0 {
		size = defaultSize
	}
	last := int((total + uint64(size) - 1) / uint64(size))
	if max := index.MaxFrom/size + 1; last > max {
		last = max
	}
	cur := q.From/size + 1
	link := func(n int) string {
		pq := q
		pq.From = (n - 1) * size
		return "/search?" + searchValues(pq).Encode()
	}
	return pagerLinks(cur, last, link)
}

func pagerLinks(cur, last int, link func(int) string) pager {
	p := pager{Page: cur, Last: last}
	if last <= 1 {
		return p
	}
	if cur > 1 {
		p.Prev = link(cur - 1)
	}
	if cur < last {
		p.Next = link(cur + 1)
	}
	gap := false
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || n >= cur-2 && n <= cur+2 {
			p.Pages = append(p.Pages, pageLink{N: n, Link: link(n), Current: n == cur})
			gap = false
		} else if !gap {
			p.Pages = append(p.Pages, pageLink{Gap: true})
			gap = true
		}
	}
	return p
}

// ---- review queue ----

type flagsPage struct {
	page
	Err     string
	Form    struct{ MinSeverity, Code, Kind string }
	Total   int
	Entries []queueView
	Pager   pager
	Sevs    []choice
	Codes   []choice
	Kinds   []choice
}

type queueView struct {
	app.QueueEntry
	N     int
	Link  string
	Where string
}

func (s *server) flagsPage(w http.ResponseWriter, r *http.Request) {
	p := flagsPage{page: s.page(r, "复核队列"), Sevs: severityChoices(), Codes: flagChoices(), Kinds: kindChoices()}
	p.Nav = "flags"
	v := r.URL.Query()
	p.Form.MinSeverity, p.Form.Code, p.Form.Kind = v.Get("min_severity"), v.Get("code"), v.Get("kind")
	qq, err := parseFlags(v, s.lim)
	if err != nil {
		p.Err = s.publicError(err).Message
		s.render(w, r, http.StatusBadRequest, "flags", p)
		return
	}
	p.Form.MinSeverity, p.Form.Code, p.Form.Kind = string(qq.Filter.MinSeverity), qq.Filter.Code, string(qq.Filter.Kind)
	ctx, cancel := s.work(r)
	defer cancel()
	q, err := s.queue(ctx, qq.Filter)
	if err != nil {
		st := status(err, 0)
		if st == 499 {
			return
		}
		p.Err = s.publicError(err).Message
		s.render(w, r, st, "flags", p)
		return
	}
	p.Total = q.Total
	docs := q.Documents
	if qq.From < len(docs) {
		docs = docs[qq.From:]
	} else {
		docs = nil
	}
	for i, d := range docs {
		qv := queueView{QueueEntry: d, N: qq.From + i + 1, Link: "/doc/" + url.PathEscape(d.ID), Where: corpus.Provenance(d.Source, d.Member)}
		if d.Part > 1 {
			qv.Where += fmt.Sprintf("（第 %d 部分）", d.Part)
		}
		p.Entries = append(p.Entries, qv)
	}
	last := (min(q.Total, s.lim.queueTop) + qq.Size - 1) / qq.Size
	p.Pager = pagerLinks(qq.From/qq.Size+1, last, func(n int) string {
		pq := qq
		pq.From = (n - 1) * qq.Size
		return "/flags?" + flagsValues(pq).Encode()
	})
	s.render(w, r, http.StatusOK, "flags", p)
}

// ---- overview ----

type statsPage struct {
	page
	Err    string
	S      *app.Stats
	Kinds  []statRow
	Years  []statRow
	Flags  []statRow
	Status []statRow
}

type statRow struct {
	Label string
	Count int
	Link  string
}

func (s *server) statsPage(w http.ResponseWriter, r *http.Request) {
	p := statsPage{page: s.page(r, "概况")}
	p.Nav = "stats"
	if err := checkParams(r.URL.Query(), noParams); err != nil {
		p.Err = s.publicError(err).Message
		s.render(w, r, http.StatusBadRequest, "stats", p)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	st, err := s.stats(ctx)
	if err != nil {
		code := status(err, 0)
		if code == 499 {
			return
		}
		p.Err = s.publicError(err).Message
		s.render(w, r, code, "stats", p)
		return
	}
	p.S = st
	for _, k := range corpus.Kinds {
		if n := st.ByKind[k]; n > 0 {
			p.Kinds = append(p.Kinds, statRow{k.Label(), n, "/search?" + searchValues(index.Query{Kind: string(k)}).Encode()})
		}
	}
	years := make([]int, 0, len(st.ByYear))
	for y := range st.ByYear {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		p.Years = append(p.Years, statRow{strconv.Itoa(y), st.ByYear[y], "/search?" + searchValues(index.Query{Year: y}).Encode()})
	}
	for _, f := range flagCodes {
		if n := st.Flags[f]; n > 0 {
			p.Flags = append(p.Flags, statRow{corpus.FlagLabel(f), n, "/flags?" + url.Values{"code": {f}}.Encode()})
		}
	}
	for _, sc := range statuses {
		if n := st.ByStatus[sc.code]; n > 0 {
			p.Status = append(p.Status, statRow{sc.label, n, "/search?" + searchValues(index.Query{Status: sc.code}).Encode()})
		}
	}
	s.render(w, r, http.StatusOK, "stats", p)
}
