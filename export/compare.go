package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lvzhi/corpus"
)

// comparison is a corpus.Comparison with the indexes the sheets need.
type comparison struct {
	c        *corpus.Comparison
	byReport map[string]int // report ID → index in c.Reports
	// written marks the reports whose points were written as they were
	// added (with their sentences and paragraphs); the rest are written at
	// Close from the comparison alone.
	written   []bool
	persons   map[string]*corpus.Person
	byDeputy  map[string][]string // outlier messages per deputy (Person.ID)
	byReportO map[string][]string // outlier messages per report ID
}

// compared is what 说明 and 汇总 say of a comparison: small, kept after
// the comparison itself is let go.
type compared struct {
	reports, deputies int
	points            corpus.PointsTable
	years             []int
}

func newCompared(c *corpus.Comparison) *compared {
	x := &compared{reports: len(c.Reports), deputies: len(c.Deputies), points: c.Points}
	for _, g := range c.ByYear {
		if y, err := strconv.Atoi(g.Label); err == nil {
			x.years = append(x.years, y)
		}
	}
	return x
}

func newComparison(c *corpus.Comparison) *comparison {
	x := &comparison{
		c:         c,
		byReport:  make(map[string]int, len(c.Reports)),
		written:   make([]bool, len(c.Reports)),
		persons:   make(map[string]*corpus.Person, len(c.Deputies)),
		byDeputy:  make(map[string][]string),
		byReportO: make(map[string][]string),
	}
	for i := range c.Reports {
		x.byReport[c.Reports[i].ReportID] = i
	}
	for i := range c.Deputies {
		x.persons[c.Deputies[i].ID] = &c.Deputies[i]
	}
	for _, o := range c.Outliers {
		msg := o.Message
		if msg == "" {
			msg = outlierLabel(o.Kind)
		}
		if o.ReportID != "" {
			x.byReportO[o.ReportID] = append(x.byReportO[o.ReportID], msg)
		}
		if o.Deputy != "" {
			x.byDeputy[o.Deputy] = append(x.byDeputy[o.Deputy], msg)
		}
	}
	return x
}

// points emits the duty points of a report as it is added, with each
// value's sentence and paragraph.
func (x *comparison) points(d *doc, buf *[]any, emit emitFunc) error {
	i, ok := x.byReport[d.r.ID]
	if !ok || x.written[i] {
		return nil
	}
	x.written[i] = true
	f := &x.c.Reports[i]
	for k := range f.PointItems {
		it := &f.PointItems[k]
		ev, pos := d.evidence(it.Evidence)
		if err := emit(idPoints, pointTable.fill(buf, pointRow{f: f, it: it, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	return nil
}

// finish emits the sheets made from the comparison alone.
func (x *comparison) finish(buf *[]any, emit emitFunc) error {
	c := x.c
	// Points of reports that were not added: the value as extracted, no
	// paragraph (the text is not at hand).
	for i := range c.Reports {
		if x.written[i] {
			continue
		}
		f := &c.Reports[i]
		for k := range f.PointItems {
			it := &f.PointItems[k]
			var ev evidence
			if it.Evidence.Text != "" {
				ev = evidence{text: it.Evidence.Text}
			}
			if err := emit(idPoints, pointTable.fill(buf, pointRow{f: f, it: it, ev: ev})); err != nil {
				return err
			}
		}
	}
	for _, g := range x.deputies() {
		row := deputyRow{g: g, p: x.persons[g.Key], outliers: strings.Join(x.byDeputy[g.Key], "；")}
		if err := emit(idDeputies, deputyTable.fill(buf, row)); err != nil {
			return err
		}
	}
	for _, r := range x.trend() {
		if err := emit(idTrend, trendTable.fill(buf, r)); err != nil {
			return err
		}
	}
	groups := []struct {
		t  *table[*corpus.GroupFigures]
		gs []corpus.GroupFigures
		by func(a, b *corpus.GroupFigures) int
	}{
		{regionTable, c.ByRegion, byReportsDesc},
		{yearTable, c.ByYear, byLabelNumber},
		{levelTable, c.ByLevel, byLevel},
	}
	for _, g := range groups {
		for _, gf := range sortedGroups(g.gs, g.by) {
			if err := emit(g.t.id, g.t.fill(buf, gf)); err != nil {
				return err
			}
		}
	}
	for i, n := range copyBins(c.Reports) {
		if err := emit(idCopyBins, copyBinTable.fill(buf, binRow{label: copyBinLabel(i), count: n})); err != nil {
			return err
		}
	}
	for _, g := range topPoints(c.ByDeputy, topDeputies) {
		if err := emit(idTopPoints, topPointsTable.fill(buf, g)); err != nil {
			return err
		}
	}
	for _, k := range outlierKinds(c.Outliers) {
		if err := emit(idOutlierKinds, outlierCountTable.fill(buf, k)); err != nil {
			return err
		}
	}
	for i := range c.Outliers {
		if err := emit(idOutliers, outlierTable.fill(buf, &c.Outliers[i])); err != nil {
			return err
		}
	}
	return nil
}

// deputies orders the per-deputy figures for reading: in the order their
// reports come (region, deputy, year), deputies without reports last.
func (x *comparison) deputies() []*corpus.GroupFigures {
	first := make(map[string]int, len(x.c.ByDeputy))
	for i := range x.c.Reports {
		if k := x.c.Reports[i].Deputy; k != "" {
			if _, ok := first[k]; !ok {
				first[k] = i
			}
		}
	}
	out := make([]*corpus.GroupFigures, len(x.c.ByDeputy))
	for i := range x.c.ByDeputy {
		out[i] = &x.c.ByDeputy[i]
	}
	slices.SortStableFunc(out, func(a, b *corpus.GroupFigures) int {
		ia, oka := first[a.Key]
		ib, okb := first[b.Key]
		switch {
		case oka && okb:
			return cmp.Compare(ia, ib)
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a.Label, b.Label)
	})
	return out
}

// trend lists each known deputy's reports by year, each with the one
// before it, deputies in reading order. Reports whose deputy is unknown
// have no trend and are left out.
func (x *comparison) trend() []trendRow {
	rs := x.c.Reports
	first := make(map[string]int)
	var idx []int
	for i := range rs {
		k := rs[i].Deputy
		if k == "" {
			continue
		}
		if _, ok := first[k]; !ok {
			first[k] = i
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(first[rs[a].Deputy], first[rs[b].Deputy]); c != 0 {
			return c
		}
		return cmp.Compare(rs[a].Year, rs[b].Year)
	})
	out := make([]trendRow, len(idx))
	for n, i := range idx {
		f := &rs[i]
		r := trendRow{f: f, outliers: strings.Join(x.byReportO[f.ReportID], "；")}
		if n > 0 {
			if p := &rs[idx[n-1]]; p.Deputy == f.Deputy && p.Year != 0 && p.Year < f.Year {
				r.prev = p
			}
		}
		out[n] = r
	}
	return out
}

// changes says in words what changed from the previous report: counts
// that moved, kinds of activity that appeared or went, new flags, reuse
// of the deputy's own earlier text.
func changes(prev, f *corpus.ReportFigures) string {
	var parts []string
	if prev == nil {
		parts = append(parts, "首份报告")
	} else {
		if prev.Suggestions != nil && f.Suggestions != nil && *prev.Suggestions != *f.Suggestions {
			parts = append(parts, fmt.Sprintf("建议 %d→%d", *prev.Suggestions, *f.Suggestions))
		}
		for _, t := range corpus.ActivityTypes {
			a, ina := prev.Activities[t]
			b, inb := f.Activities[t]
			switch {
			case ina && inb && a != b:
				parts = append(parts, fmt.Sprintf("%s %d→%d", t.Label(), a, b))
			case inb && !ina:
				parts = append(parts, fmt.Sprintf("新增%s %d", t.Label(), b))
			case ina && !inb:
				parts = append(parts, "不再有"+t.Label())
			}
		}
		if prev.Shortcomings > 0 && f.Shortcomings == 0 {
			parts = append(parts, "不再谈不足")
		}
		var added []string
		for _, code := range f.Flags {
			if !slices.Contains(prev.Flags, code) {
				added = append(added, corpus.FlagLabel(code))
			}
		}
		if len(added) > 0 {
			parts = append(parts, "新标记："+strings.Join(added, "、"))
		}
	}
	if f.SelfReuse != nil && *f.SelfReuse > 0 {
		from := make([]string, len(f.SelfReuseFrom))
		for i, y := range f.SelfReuseFrom {
			from[i] = strconv.Itoa(y)
		}
		s := fmt.Sprintf("%.0f%%与本人", *f.SelfReuse*100)
		if len(from) > 0 {
			s += strings.Join(from, "、") + "年"
		} else {
			s += "往年"
		}
		parts = append(parts, s+"报告重复")
	}
	return strings.Join(parts, "；")
}

func sortedGroups(gs []corpus.GroupFigures, by func(a, b *corpus.GroupFigures) int) []*corpus.GroupFigures {
	out := make([]*corpus.GroupFigures, len(gs))
	for i := range gs {
		out[i] = &gs[i]
	}
	slices.SortStableFunc(out, by)
	return out
}

// byReportsDesc puts the regions with the most reports first: the region
// chart shows the first ones.
func byReportsDesc(a, b *corpus.GroupFigures) int {
	if c := cmp.Compare(b.Reports, a.Reports); c != 0 {
		return c
	}
	return strings.Compare(a.Label, b.Label)
}

// byLabelNumber orders years; a label that is not a number goes last.
func byLabelNumber(a, b *corpus.GroupFigures) int {
	x, errA := strconv.Atoi(a.Label)
	y, errB := strconv.Atoi(b.Label)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(x, y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a.Label, b.Label)
}

func byLevel(a, b *corpus.GroupFigures) int {
	return cmp.Compare(levelRank(a.Key), levelRank(b.Key))
}

// copyBinCount is the number of copy ratio bins: ten of 10 % each, and one
// for reports not yet checked.
const copyBinCount = 11

func copyBins(rs []corpus.ReportFigures) [copyBinCount]int {
	var bins [copyBinCount]int
	for i := range rs {
		r := rs[i].CopyRatio
		if r == nil || finite(*r) == nil {
			bins[10]++
			continue
		}
		b := int(*r * 10)
		bins[min(max(b, 0), 9)]++
	}
	return bins
}

func copyBinLabel(i int) string {
	if i == 10 {
		return "未检查"
	}
	return fmt.Sprintf("%d%%–%d%%", i*10, i*10+10)
}

// topDeputies is how many deputies the points chart shows.
const topDeputies = 20

// topPoints are the n deputies with the most points, by rank.
func topPoints(gs []corpus.GroupFigures, n int) []*corpus.GroupFigures {
	out := sortedGroups(gs, func(a, b *corpus.GroupFigures) int {
		if c := cmp.Compare(b.Points, a.Points); c != 0 {
			return c
		}
		return cmp.Compare(a.Rank, b.Rank)
	})
	return out[:min(n, len(out))]
}

// outlierKinds counts the outliers of each kind, in the order of the kinds.
func outlierKinds(os []corpus.Outlier) []binRow {
	var out []binRow
	for _, kind := range []string{corpus.OutlierFarAbovePeers, corpus.OutlierRepeatsLastYear, corpus.OutlierNoQuantified} {
		n := 0
		for i := range os {
			if os[i].Kind == kind {
				n++
			}
		}
		out = append(out, binRow{label: outlierLabel(kind), count: n})
	}
	return out
}
