package web

import (
	"net/http"
	"net/url"
	"slices"

	"lvzhi/corpus"
)

// The comparison page (/compare): the counted duty reports grouped by
// deputy, region, level or year, ranked by duty points, with the outliers;
// or one deputy across the years (?deputy=Person.ID).

// groupings are the values of ?by=, with their labels.
var groupings = []struct{ code, label string }{
	{"deputy", "代表"}, {"region", "地区"}, {"level", "层级"}, {"year", "年份"},
}

type comparePage struct {
	page
	Err      string
	By       string
	ByLabel  string
	Choices  []choiceLink
	C        *corpus.Comparison
	Groups   []compareRow
	Person   *corpus.Person
	Reports  []reportRow
	Outliers []outlierRow
}

type choiceLink struct {
	Label, Link string
	On          bool
}

type compareRow struct {
	G          corpus.GroupFigures
	Link       string // the group's own page or search
	Activities int    // in the deputy's role
}

type reportRow struct {
	F          corpus.ReportFigures
	Link       string
	Activities int
}

type outlierRow struct {
	O    corpus.Outlier
	Link string
}

func activityTotal(m map[corpus.ActivityType]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func (s *server) comparePage(w http.ResponseWriter, r *http.Request) {
	p := comparePage{page: s.page(r, "代表对比")}
	p.Nav = "compare"
	v := r.URL.Query()
	fail := func(code int, err error) {
		p.Err = s.publicError(err).Message
		s.render(w, r, code, "compare", p)
	}
	if err := checkParams(v, compareParams); err != nil {
		fail(http.StatusBadRequest, err)
		return
	}
	p.By = "deputy"
	if b, err := value(v, "by"); err != nil {
		fail(http.StatusBadRequest, err)
		return
	} else if b != "" {
		p.By = b
	}
	known := false
	for _, g := range groupings {
		if g.code == p.By || g.label == p.By {
			p.By, p.ByLabel, known = g.code, g.label, true
		}
	}
	if !known {
		codes := make([]string, 0, len(groupings))
		for _, g := range groupings {
			codes = append(codes, g.code)
		}
		msg := "参数 by 的值“" + clip(p.By, 20) + "”无效，可选 deputy 代表、region 地区、level 层级、year 年份"
		if near := nearest(p.By, codes); near != "" {
			msg += "；是不是“" + near + "”？"
		}
		p.By = "deputy"
		fail(http.StatusBadRequest, corpus.Errorf(corpus.EINVALID, "%s", msg))
		return
	}
	for _, g := range groupings {
		p.Choices = append(p.Choices, choiceLink{g.label, "/compare?" + url.Values{"by": {g.code}}.Encode(), g.code == p.By})
	}
	deputy, err := value(v, "deputy")
	if err != nil {
		fail(http.StatusBadRequest, err)
		return
	}
	ctx, cancel := s.work(r)
	defer cancel()
	c, err := s.compare(ctx)
	if err != nil {
		code := status(err, 0)
		if code == 499 {
			return
		}
		fail(code, err)
		return
	}
	p.C = c
	docLink := func(id string) string { return "/doc/" + url.PathEscape(id) }
	for _, o := range c.Outliers {
		p.Outliers = append(p.Outliers, outlierRow{o, docLink(o.ReportID)})
	}
	if deputy != "" {
		i := slices.IndexFunc(c.Deputies, func(d corpus.Person) bool { return d.ID == deputy })
		if i < 0 {
			fail(http.StatusNotFound, corpus.Errorf(corpus.ENOTFOUND, "没有编号为“%s”的代表（代表编号见对比表中的链接）", clip(deputy, 40)))
			return
		}
		p.Person = &c.Deputies[i]
		p.Title = p.Person.Name + " · 历年履职"
		for _, f := range c.Reports {
			if slices.Contains(p.Person.Reports, f.ReportID) {
				p.Reports = append(p.Reports, reportRow{f, docLink(f.ReportID), activityTotal(f.Activities)})
			}
		}
		s.render(w, r, http.StatusOK, "compare", p)
		return
	}
	groups := map[string][]corpus.GroupFigures{"deputy": c.ByDeputy, "region": c.ByRegion, "level": c.ByLevel, "year": c.ByYear}[p.By]
	groups = slices.Clone(groups)
	slices.SortStableFunc(groups, func(a, b corpus.GroupFigures) int { return a.Rank - b.Rank })
	for _, g := range groups {
		link := ""
		switch p.By {
		case "deputy":
			link = "/compare?" + url.Values{"deputy": {g.Key}}.Encode()
		case "region":
			link = "/search?" + url.Values{"region": {g.Key}, "kind": {string(corpus.KindDutyReport)}}.Encode()
		case "level":
			link = "/search?" + url.Values{"level": {g.Key}, "kind": {string(corpus.KindDutyReport)}}.Encode()
		case "year":
			link = "/search?" + url.Values{"year": {g.Key}, "kind": {string(corpus.KindDutyReport)}}.Encode()
		}
		p.Groups = append(p.Groups, compareRow{g, link, activityTotal(g.Activities)})
	}
	s.render(w, r, http.StatusOK, "compare", p)
}
