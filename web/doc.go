package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"lvzhi/app"
	"lvzhi/corpus"
)

// ev is the evidence a table row points to: the span, and the sentence
// around it that the text highlights with it. Valid is false for a row
// without evidence (nothing to click).
type ev struct {
	S, E, SS, SE int
	Valid        bool
}

type docPage struct {
	page
	D       *app.DocView
	Where   string
	Status  string
	Meta    []metaRow
	Flags   []flagRow
	Stmts   []stmtRow
	Listed  []row
	Acts    []actRow
	Shorts  []row
	Quants  []quantRow
	Places  []row
	Residue []row
	Reviews []row // values marked for review: Text the field and value, Extra the reason
	Copies  *copiesView
	Others  []otherDoc
	Origins []string
	Text    template.HTML
	Cmp     *compareView
}

type row struct {
	Ev    ev
	Text  string
	Extra string
}

type metaRow struct {
	Label, Value string
	Ev           ev
}

type flagRow struct {
	corpus.Flag
	Label, Sev string
	Spans      []row
	Sources    []sourceLink
}

type stmtRow struct {
	corpus.SuggestionStatement
	Ev    ev
	Count string
}

type actRow struct {
	corpus.Activity
	Ev          ev
	Label, Cnt  string
	Date, Notes string
}

type quantRow struct {
	corpus.Quantity
	Ev    ev
	Value string
}

type sourceLink struct {
	Label, Link, ID string
}

type copiesView struct {
	Ratio, Stock string
	// Self is the share taken from the deputy's own earlier reports (""
	// when none), SelfYears their years; Original the share held here
	// first, Copiers who took it.
	Self, SelfYears, Original, Copiers string
	Chars                              int
	Passages                           []passageRow
	Sources                            []shareRow
	Cluster                            []sourceLink
	Checked                            bool
}

type passageRow struct {
	N     int
	Ev    ev
	Text  string
	Chars int
	Stock bool
	Class string       // copied, self, original or stock (corpus.Passage*)
	Label string       // the class in Chinese
	From  []sourceLink // side-by-side links, one per source
	More  int          // sources beyond those listed
}

type shareRow struct {
	sourceLink
	Chars int
	Share string
}

// otherDoc is another version or reading of the same report.
type otherDoc struct {
	What, Where, Link, ID, When string
}

// compareView is the side-by-side view of a document and one copy source.
type compareView struct {
	Src      *app.DocView
	SrcWhere string
	Text     template.HTML // the document's text with the shared passages marked
	SrcText  template.HTML
	Focus    int
	Back     string
	Pairs    []passageRow
}

func (s *server) docPage(w http.ResponseWriter, r *http.Request) {
	id, err := parseID("文档编号", r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	v := r.URL.Query()
	if err := checkParams(v, docParams); err != nil {
		s.fail(w, r, err, 0)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	d, err := s.b.Show(ctx, id)
	if err != nil {
		s.fail(w, r, err, 0)
		return
	}
	p := docPage{page: s.page(r, docTitle(d.Report)), D: d}
	p.Where = corpus.Provenance(d.Source, d.Member)
	if d.Part > 1 {
		p.Where += fmt.Sprintf("（第 %d 部分，共 %d 部分）", d.Part, d.Parts)
	}
	p.build()

	if src := v.Get("src"); src != "" {
		srcID, err := parseID("来源编号", src)
		if err != nil {
			s.fail(w, r, err, 0)
			return
		}
		focus := -1
		if ps := v.Get("p"); ps != "" {
			if focus, err = strconv.Atoi(ps); err != nil || focus < 0 {
				s.fail(w, r, invalid("p", "应为段落序号（从 0 开始）"), 0)
				return
			}
		}
		sd, err := s.b.Show(ctx, srcID)
		if err != nil {
			s.fail(w, r, err, 0)
			return
		}
		cmp, err := compare(d, sd, focus)
		if err != nil {
			s.fail(w, r, err, 0)
			return
		}
		p.Cmp = cmp
		p.Title = "对照：" + p.Title
	}
	s.render(w, r, http.StatusOK, "doc", p)
}

func docTitle(r *corpus.Report) string {
	if r.Title != "" {
		return r.Title
	}
	return "文档 " + shortID(r.ID)
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// evidence is the ev of a span of the document's text.
func evidence(text string, start, end int) ev {
	if !validSpan(text, start, end) {
		return ev{}
	}
	ss, se := sentence(text, start, end)
	return ev{S: start, E: end, SS: ss, SE: se, Valid: true}
}

func spanEv(text string, sp *corpus.Span) ev {
	if sp == nil {
		return ev{}
	}
	return evidence(text, sp.Start, sp.End)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func num(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// build fills the page's tables and marks the text with their evidence.
func (p *docPage) build() {
	d := p.D
	r := d.Report
	text := r.Text
	var marks []mark
	var sentences []int
	addMark := func(e ev, class string) {
		if e.Valid {
			marks = append(marks, mark{start: e.S, end: e.E, class: class, passage: -1})
			sentences = append(sentences, e.SS, e.SE)
		}
	}
	if st := r.State; st != nil {
		p.Status = st.Status.Label()
		switch {
		case st.Reason != "":
			p.Status += "（" + corpus.ReasonLabel(st.Reason) + "）"
		case st.Counted:
			p.Status += "，计入统计"
		}
	}

	dp := r.Deputy
	levels := ""
	for i, l := range dp.Levels {
		if i > 0 {
			levels += "、"
		}
		levels += l
	}
	meta := []metaRow{
		{"类型", r.Kind.Label(), ev{}},
		{"代表", str(dp.Name), spanEv(text, dp.Evidence.Name)},
		{"层级", levels, spanEv(text, dp.Evidence.Levels)},
		{"届次", str(dp.Term), spanEv(text, dp.Evidence.Term)},
		{"地区/机关", str(dp.Region), spanEv(text, dp.Evidence.Region)},
		{"职务", str(dp.Position), spanEv(text, dp.Evidence.Position)},
		{"当选年份", num(dp.ElectedYear), spanEv(text, dp.Evidence.ElectedYear)},
		{"报告年份", num(r.Year), spanEv(text, r.YearEvidence)},
	}
	for _, m := range meta {
		addMark(m.Ev, "dp")
	}
	p.Meta = meta

	for _, f := range r.Flags {
		fr := flagRow{Flag: f, Label: corpus.FlagLabel(f.Code), Sev: f.Severity.Label()}
		for _, sp := range f.Evidence {
			e := evidence(text, sp.Start, sp.End)
			fr.Spans = append(fr.Spans, row{Ev: e, Text: sp.Text})
			// A flag's evidence is also a placeholder, residue or copied
			// passage, marked as such: only cut the text there, so that
			// clicking the evidence highlights exactly it.
			if e.Valid {
				sentences = append(sentences, e.S, e.E, e.SS, e.SE)
			}
		}
		for _, src := range f.Sources {
			fr.Sources = append(fr.Sources, sourceLink{Label: src.Label(), Link: "/doc/" + url.PathEscape(src.ID), ID: src.ID})
		}
		p.Flags = append(p.Flags, fr)
	}
	for _, st := range r.Suggestions.Statements {
		sr := stmtRow{SuggestionStatement: st, Ev: evidence(text, st.Start, st.End), Count: num(st.Count)}
		if st.Placeholder {
			sr.Count = "（占位符）"
		} else if st.Approx {
			sr.Count += "（约数）"
		}
		addMark(sr.Ev, "sg")
		p.Stmts = append(p.Stmts, sr)
	}
	for _, l := range r.Suggestions.Listed {
		e := evidence(text, l.Start, l.End)
		addMark(e, "sl")
		p.Listed = append(p.Listed, row{Ev: e, Text: l.Text, Extra: l.Topic})
	}
	for _, a := range r.Activities {
		ar := actRow{Activity: a, Ev: evidence(text, a.Start, a.End), Label: a.Type.Label(), Date: str(a.Date)}
		switch {
		case a.Placeholder:
			ar.Cnt = "（占位符）"
		case a.Count != nil:
			ar.Cnt = strconv.Itoa(*a.Count) + a.Unit
			if a.Approx {
				ar.Cnt += "（约数）"
			}
		}
		if !a.DeputyRole {
			ar.Notes = "本职工作，不计入代表履职"
		}
		addMark(ar.Ev, "ac")
		p.Acts = append(p.Acts, ar)
	}
	for _, sc := range r.Shortcomings {
		e := evidence(text, sc.Start, sc.End)
		addMark(e, "sc")
		p.Shorts = append(p.Shorts, row{Ev: e, Text: sc.Text})
	}
	for _, q := range r.Quantities {
		qr := quantRow{Quantity: q, Ev: evidence(text, q.Start, q.End)}
		switch {
		case q.Placeholder || q.Value == nil:
			qr.Value = "（占位符）"
		default:
			qr.Value = strconv.FormatFloat(*q.Value, 'f', -1, 64) + q.Unit
			if q.Approx {
				qr.Value += "（约数）"
			}
		}
		addMark(qr.Ev, "qt")
		p.Quants = append(p.Quants, qr)
	}
	for _, ph := range r.Placeholders.Spans {
		e := evidence(text, ph.Start, ph.End)
		addMark(e, "ph")
		p.Places = append(p.Places, row{Ev: e, Text: ph.Text, Extra: ph.Form})
	}
	for _, tr := range r.TemplateResidue {
		e := evidence(text, tr.Start, tr.End)
		addMark(e, "tr")
		p.Residue = append(p.Residue, row{Ev: e, Text: tr.Text})
	}
	for _, it := range r.Reviews() {
		var e ev
		if it.Evidence != nil {
			e = evidence(text, it.Evidence.Start, it.Evidence.End)
		}
		p.Reviews = append(p.Reviews, row{Ev: e, Text: it.Label + "：" + it.Value, Extra: it.Doubt.Reason})
	}

	// The copy check: the passages, their sources, the cluster.
	cv := &copiesView{}
	if c := r.Copies; c != nil {
		cv.Checked = true
		cv.Ratio, cv.Stock, cv.Chars = pct(c.Ratio), pct(c.StockRatio), c.Chars
		if c.SelfRatio > 0 {
			cv.Self = pct(c.SelfRatio)
			var ys []string
			for _, y := range c.SelfYears {
				ys = append(ys, strconv.Itoa(y))
			}
			cv.SelfYears = strings.Join(ys, "、")
		}
		if c.OriginalRatio > 0 {
			cv.Original = pct(c.OriginalRatio)
		}
		cv.Copiers = c.CopiersNote(func(id string) corpus.SourceRef { return d.Sources[id] })
		for i, ps := range c.Passages {
			pr := p.passageRow(i, ps)
			cv.Passages = append(cv.Passages, pr)
			class := passageClass(ps)
			first := ""
			if len(ps.Sources) > 0 {
				first = ps.Sources[0].ID
			}
			if pr.Ev.Valid {
				marks = append(marks, mark{start: ps.Start, end: ps.End, class: class, passage: i, src: first})
			}
		}
		for _, sh := range c.SourceShares(text) {
			ref := d.Sources[sh.ID]
			ref.ID = sh.ID
			cv.Sources = append(cv.Sources, shareRow{
				sourceLink: sourceLink{Label: ref.Label(), Link: "/doc/" + url.PathEscape(r.ID) + "?src=" + url.QueryEscape(sh.ID), ID: sh.ID},
				Chars:      sh.Chars, Share: pct(float64(sh.Chars) / float64(max(1, c.Chars))),
			})
		}
		for _, id := range c.Cluster {
			ref := d.Sources[id]
			ref.ID = id
			cv.Cluster = append(cv.Cluster, sourceLink{Label: ref.Label(), Link: "/doc/" + url.PathEscape(r.ID) + "?src=" + url.QueryEscape(id), ID: id})
		}
	}
	p.Copies = cv

	for _, o := range d.Origins {
		where := corpus.Provenance(o.Source, o.Member)
		if o.Part > 1 {
			where += fmt.Sprintf("（第 %d 部分）", o.Part)
		}
		if o.Reference {
			where += "（参考材料）"
		}
		p.Origins = append(p.Origins, where)
	}
	for _, ver := range d.Versions {
		if ver.ID == r.ID && ver.Current {
			continue
		}
		what := "旧版本"
		if ver.Current {
			what = "现行版本"
		}
		if ver.ID == r.ID {
			what = "本版本（已被替换）"
		}
		if !ver.Stored {
			what += "，已删除"
		}
		od := otherDoc{What: what, Where: corpus.Provenance(ver.Source, ver.Member), ID: ver.ID, When: ver.Seen.Local().Format("2006-01-02 15:04")}
		if ver.Stored && ver.ID != r.ID {
			od.Link = "/doc/" + url.PathEscape(ver.ID)
		}
		p.Others = append(p.Others, od)
	}
	for _, sib := range d.Siblings {
		what := "同一报告的另一份文档"
		if sib.State != nil {
			switch {
			case sib.State.Counted:
				what = "同一报告（计入统计的版本）"
			case sib.State.Reason != "":
				what = "同一报告（" + corpus.ReasonLabel(sib.State.Reason) + "）"
			}
		}
		p.Others = append(p.Others, otherDoc{What: what, Where: sib.Label(), ID: sib.ID, Link: "/doc/" + url.PathEscape(sib.ID)})
	}
	p.Text = renderText(text, marks, sentences, -1)
}

// passageClass is the CSS class marking a shared passage in the text.
func passageClass(ps corpus.CopyPassage) string {
	switch ps.Kind() {
	case corpus.PassageStock:
		return "st"
	case corpus.PassageSelf:
		return "sr"
	case corpus.PassageOriginal:
		return "og"
	}
	return "cp"
}

// passageLabel names the classes of shared passages.
var passageLabel = map[string]string{
	corpus.PassageCopied:   "出自他人",
	corpus.PassageSelf:     "照搬本人往年",
	corpus.PassageOriginal: "本文最早，被他人采用",
	corpus.PassageStock:    "常用套话",
}

// maxPassageSources is how many sources a passage row links.
const maxPassageSources = 5

func (p *docPage) passageRow(i int, ps corpus.CopyPassage) passageRow {
	r := p.D.Report
	pr := passageRow{N: i, Ev: evidence(r.Text, ps.Start, ps.End), Text: ps.Text, Chars: ps.Chars, Stock: ps.Stock, Class: ps.Kind(), Label: passageLabel[ps.Kind()]}
	for j, src := range ps.Sources {
		if j == maxPassageSources {
			pr.More = len(ps.Sources) - j
			break
		}
		ref := p.D.Sources[src.ID]
		ref.ID = src.ID
		pr.From = append(pr.From, sourceLink{
			Label: ref.Label(), ID: src.ID,
			Link: "/doc/" + url.PathEscape(r.ID) + "?src=" + url.QueryEscape(src.ID) + "&p=" + strconv.Itoa(i),
		})
	}
	if ps.Shared > len(ps.Sources) {
		pr.More += ps.Shared - len(ps.Sources)
	}
	return pr
}

// compare builds the side-by-side view of d and the copy source src:
// every passage of d found in src, marked in both texts at their own
// offsets, numbered alike, with passage focus (or the first) in focus.
func compare(d, src *app.DocView, focus int) (*compareView, error) {
	if d.ID == src.ID {
		return nil, corpus.Errorf(corpus.EINVALID, "来源与文档相同")
	}
	cv := &compareView{Src: src, Focus: -1, Back: "/doc/" + url.PathEscape(d.ID)}
	cv.SrcWhere = corpus.Provenance(src.Source, src.Member)
	if src.Part > 1 {
		cv.SrcWhere += fmt.Sprintf("（第 %d 部分）", src.Part)
	}
	var left, right []mark
	if c := d.Copies; c != nil {
		for i, ps := range c.Passages {
			for _, s := range ps.Sources {
				if s.ID != src.ID {
					continue
				}
				if !validSpan(d.Text, ps.Start, ps.End) || !validSpan(src.Text, s.Start, s.End) {
					break
				}
				class := passageClass(ps)
				left = append(left, mark{start: ps.Start, end: ps.End, class: class, passage: i, src: src.ID})
				right = append(right, mark{start: s.Start, end: s.End, class: class, passage: i, src: d.ID})
				cv.Pairs = append(cv.Pairs, passageRow{N: i, Ev: evidence(d.Text, ps.Start, ps.End), Text: ps.Text, Chars: ps.Chars, Stock: ps.Stock, Class: ps.Kind(), Label: passageLabel[ps.Kind()]})
				if cv.Focus < 0 && (focus < 0 || focus == i) {
					cv.Focus = i
				}
				break
			}
		}
	}
	if focus >= 0 && cv.Focus != focus {
		return nil, corpus.Errorf(corpus.ENOTFOUND, "第 %d 段不是与 %s 相同的段落", focus, shortID(src.ID))
	}
	cv.SrcText = renderText(src.Text, right, nil, cv.Focus)
	cv.Text = renderText(d.Text, left, nil, cv.Focus)
	return cv, nil
}
