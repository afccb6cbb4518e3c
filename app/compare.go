package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"lvzhi/corpus"
)

// CompareOptions configures Compare.
type CompareOptions struct {
	Points   string // a points table file; "" for the default (DefaultPoints)
	Deputies string // an override file; "" for the data directory's (OverridesFile)
	// Select, when set, limits the comparison to the counted reports it
	// accepts (an export of a search compares what it exports).
	Select func(*corpus.Report) bool
}

// Outlier thresholds. A deputy's count is far above their peers (the
// reports of the same year and level) when it is more than farFactor times
// the peers' median and at least farMargin above it, among at least
// minPeers peers. A report repeats last year's when at least repeatShare
// of its text is the deputy's report of the year before (shingle Jaccard).
const (
	farFactor   = 3.0
	farMargin   = 10
	minPeers    = 5
	repeatShare = 0.5
)

// Compare computes the comparison of every counted duty report: figures
// per report as a deputy (activities of the day job and placeholders never
// count), deputies resolved by name and seat and the override file, sums
// per deputy, region, level and year with duty points and ranks, and
// outliers.
func (a *App) Compare(ctx context.Context, opt CompareOptions) (*corpus.Comparison, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	table, err := ReadPoints(opt.Points)
	if err != nil {
		return nil, err
	}
	ovr, err := ReadOverrides(a.overridesPath(opt.Deputies))
	if err != nil {
		return nil, err
	}
	c := &corpus.Comparison{Points: *table, Reports: []corpus.ReportFigures{}}
	persons := map[string]*corpus.Person{}
	texts := map[string]map[uint64]struct{}{} // shingles of reports, for repeats across years
	var docs []string
	err = st.Each(ctx, func(r *corpus.Report) error {
		if !Counted(r) || r.Kind != corpus.KindDutyReport || opt.Select != nil && !opt.Select(r) {
			return nil
		}
		f := figures(table, r)
		key := DeputyKey(r.Deputy)
		label, merged := ovr.resolve(key, r.ID, f.Year)
		if label == "" && key != "" {
			label = personLabel(r.Deputy)
		}
		if label != "" {
			id := personID(label)
			if merged {
				id = personID("override:" + label)
			}
			f.Deputy = id
			p := persons[id]
			if p == nil {
				p = &corpus.Person{ID: id, Name: f.Name, Region: f.Region, Levels: f.Levels, Merged: merged}
				if merged {
					p.Name = label
				}
				persons[id] = p
			}
			p.Reports = append(p.Reports, r.ID)
			if f.Year != 0 && !slices.Contains(p.Years, f.Year) {
				p.Years = append(p.Years, f.Year)
			}
			if term := deref(r.Deputy.Term); term != "" {
				if p.Term == "" || f.Year >= maxInt(p.Years) {
					p.Term = term
				}
			}
			texts[r.ID] = shingles(r.Text)
		}
		c.Reports = append(c.Reports, f)
		docs = append(docs, r.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range persons {
		slices.Sort(p.Years)
		c.Deputies = append(c.Deputies, *p)
	}
	zh := collate.New(language.Chinese)
	sort.Slice(c.Deputies, func(i, j int) bool {
		if d := zh.CompareString(c.Deputies[i].Region, c.Deputies[j].Region); d != 0 {
			return d < 0
		}
		return zh.CompareString(c.Deputies[i].Name, c.Deputies[j].Name) < 0
	})
	sort.SliceStable(c.Reports, func(i, j int) bool { return readingOrder(zh, &c.Reports[i], &c.Reports[j]) })
	c.Outliers = outliers(c.Reports, texts)
	labels := map[string]string{}
	for _, p := range c.Deputies {
		labels[p.ID] = deputyLabel(p)
	}
	c.ByDeputy = group(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Deputy == "" {
			return nil
		}
		return []string{f.Deputy}
	}, func(k string) string { return labels[k] })
	c.ByRegion = group(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Region == "" {
			return nil
		}
		return []string{f.Region}
	}, nil)
	c.ByLevel = group(c.Reports, func(f *corpus.ReportFigures) []string { return f.Levels }, nil)
	c.ByYear = group(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Year == 0 {
			return nil
		}
		return []string{strconv.Itoa(f.Year)}
	}, nil)
	sort.SliceStable(c.ByYear, func(i, j int) bool { return c.ByYear[i].Key < c.ByYear[j].Key })
	for _, g := range [][]corpus.GroupFigures{c.ByRegion, c.ByLevel} {
		sort.SliceStable(g, func(i, j int) bool { return zh.CompareString(g[i].Label, g[j].Label) < 0 })
	}
	return c, nil
}

// readingOrder sorts reports by region, deputy, year.
func readingOrder(zh *collate.Collator, a, b *corpus.ReportFigures) bool {
	if d := zh.CompareString(a.Region, b.Region); d != 0 {
		return d < 0
	}
	if d := zh.CompareString(a.Name, b.Name); d != 0 {
		return d < 0
	}
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	return a.ReportID < b.ReportID
}

// figures is what one counted duty report says, counted as a deputy.
func figures(t *corpus.PointsTable, r *corpus.Report) corpus.ReportFigures {
	d := r.Deputy
	f := corpus.ReportFigures{
		ReportID: r.ID, Name: deref(d.Name), Region: deref(d.Region), Levels: append([]string{}, d.Levels...),
		Title: r.Title, Source: corpus.Provenance(r.Source, r.Member),
		Listed: len(r.Suggestions.Listed), Shortcomings: len(r.Shortcomings), Placeholders: r.Placeholders.Count,
		Activities: map[corpus.ActivityType]int{}, Flags: r.FlagCodes(), Score: r.Score(),
		CopyRatio: CopyRatio(r), Review: []string{},
	}
	if corpus.MaskedName(f.Name) {
		f.Name = ""
	}
	if c := r.Copies; c != nil {
		v := c.SelfRatio
		f.SelfReuse = &v
		f.SelfReuseFrom = append([]int{}, c.SelfYears...)
	}
	if f.SelfReuseFrom == nil {
		f.SelfReuseFrom = []int{}
	}
	if r.Year != nil {
		f.Year = *r.Year
	}
	if s := r.Suggestions; s.Total != nil && !s.Placeholder {
		n := *s.Total
		f.Suggestions = &n
		if s.Approx {
			f.Review = append(f.Review, "建议数为约数")
		}
		if s.TotalReview != nil {
			f.Review = append(f.Review, "建议数："+s.TotalReview.Reason)
		}
	}
	for _, it := range r.Reviews() {
		// The deputy and the year decide whose row a report is.
		if strings.HasPrefix(it.Field, "deputy.") || it.Field == "year" || it.Field == "kind" {
			f.Review = append(f.Review, it.Label+"："+it.Doubt.Reason)
		}
	}
	for _, at := range corpus.ActivityTypes {
		n, rows := activityUnits(r.Activities, at)
		if n > 0 {
			f.Activities[at] = n
		}
		f.ActivityRows += len(rows)
		for _, x := range rows {
			if why := activityReview(x); why != "" {
				f.Review = append(f.Review, fmt.Sprintf("%s：%s", x.Type.Label(), why))
			}
		}
	}
	f.Quantified = f.Suggestions != nil || len(f.Activities) > 0
	f.Points, f.PointItems = scorePoints(t, r)
	if f.PointItems == nil {
		f.PointItems = []corpus.PointItem{}
	}
	if f.Flags == nil {
		f.Flags = []string{}
	}
	return f
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func maxInt(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// personLabel names a deputy by name and seat: 张建华（云溪县）.
func personLabel(d corpus.Deputy) string {
	name := deref(d.Name)
	seat := deref(d.Region)
	if seat == "" && len(d.Levels) > 0 {
		seat = strings.Join(d.Levels, "、") + "人大代表"
	}
	if seat == "" {
		return name
	}
	return name + "（" + seat + "）"
}

func deputyLabel(p corpus.Person) string {
	if p.Merged {
		return p.Name
	}
	return personLabel(corpus.Deputy{Name: &p.Name, Region: &p.Region, Levels: p.Levels})
}

// group sums reports into one row per key (a report may have several keys:
// the levels of a two-level seat), ranked by points.
func group(reports []corpus.ReportFigures, keys func(*corpus.ReportFigures) []string, label func(string) string) []corpus.GroupFigures {
	rows := map[string]*corpus.GroupFigures{}
	deputies := map[string]map[string]bool{}
	copySum := map[string]float64{}
	copyN := map[string]int{}
	var order []string
	for i := range reports {
		f := &reports[i]
		for _, k := range keys(f) {
			g := rows[k]
			if g == nil {
				g = &corpus.GroupFigures{Key: k, Label: k, Activities: map[corpus.ActivityType]int{}, Flags: map[string]int{}, Years: []int{}}
				if label != nil {
					g.Label = label(k)
				}
				rows[k] = g
				deputies[k] = map[string]bool{}
				order = append(order, k)
			}
			g.Reports++
			if f.Deputy != "" {
				deputies[k][f.Deputy] = true
			}
			if f.Year != 0 && !slices.Contains(g.Years, f.Year) {
				g.Years = append(g.Years, f.Year)
			}
			if f.Suggestions != nil {
				g.Suggestions += *f.Suggestions
				g.SuggestionsStated++
			}
			g.Listed += f.Listed
			for t, n := range f.Activities {
				g.Activities[t] += n
			}
			g.Shortcomings += f.Shortcomings
			if f.CopyRatio != nil {
				copySum[k] += *f.CopyRatio
				copyN[k]++
				if g.MaxCopyRatio == nil || *f.CopyRatio > *g.MaxCopyRatio {
					v := *f.CopyRatio
					g.MaxCopyRatio = &v
				}
			}
			if slices.Contains(f.Flags, corpus.FlagSelfReuse) {
				g.SelfReuse++
			}
			for _, fl := range f.Flags {
				g.Flags[fl]++
			}
			if !f.Quantified {
				g.Unquantified++
			}
			g.Points += f.Points
		}
	}
	out := make([]corpus.GroupFigures, 0, len(order))
	for _, k := range order {
		g := rows[k]
		g.Deputies = len(deputies[k])
		slices.Sort(g.Years)
		if n := copyN[k]; n > 0 {
			m := copySum[k] / float64(n)
			g.MeanCopyRatio = &m
		}
		g.Points = math.Round(g.Points*10) / 10
		out = append(out, *g)
	}
	// Rank by points, most first; equal points share a rank.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return out[idx[i]].Points > out[idx[j]].Points })
	for r, i := range idx {
		out[i].Rank = r + 1
		if r > 0 && out[i].Points == out[idx[r-1]].Points {
			out[i].Rank = out[idx[r-1]].Rank
		}
	}
	return out
}

// outliers finds the figures a person should look at: counts far above the
// peers of the same year and level, reports that repeat the deputy's
// report of the year before, and reports with nothing quantified.
func outliers(reports []corpus.ReportFigures, texts map[string]map[uint64]struct{}) []corpus.Outlier {
	out := []corpus.Outlier{}
	label := func(f *corpus.ReportFigures) string {
		name := f.Name
		if name == "" {
			name = "（姓名不详）"
		}
		if f.Region != "" {
			name += "（" + f.Region + "）"
		}
		return name
	}
	// Peers: same year and the same set of levels.
	type peerKey struct {
		year   int
		levels string
	}
	type measure struct {
		name string
		unit string
		val  func(*corpus.ReportFigures) (float64, bool)
	}
	measures := []measure{
		{"代表活动", "次", func(f *corpus.ReportFigures) (float64, bool) {
			n := 0
			for _, v := range f.Activities {
				n += v
			}
			return float64(n), n > 0
		}},
		{"提出建议", "件", func(f *corpus.ReportFigures) (float64, bool) {
			if f.Suggestions == nil {
				return 0, false
			}
			return float64(*f.Suggestions), true
		}},
	}
	peers := map[peerKey][]int{}
	for i := range reports {
		f := &reports[i]
		if f.Year == 0 {
			continue
		}
		k := peerKey{f.Year, strings.Join(f.Levels, "、")}
		peers[k] = append(peers[k], i)
	}
	for _, m := range measures {
		for k, members := range peers {
			var vals []float64
			for _, i := range members {
				if v, ok := m.val(&reports[i]); ok {
					vals = append(vals, v)
				}
			}
			if len(vals) < minPeers+1 {
				continue
			}
			sorted := append([]float64(nil), vals...)
			slices.Sort(sorted)
			med := sorted[len(sorted)/2]
			if len(sorted)%2 == 0 {
				med = (sorted[len(sorted)/2-1] + med) / 2
			}
			for _, i := range members {
				f := &reports[i]
				v, ok := m.val(f)
				if !ok || med <= 0 || v <= farFactor*med || v-med < farMargin {
					continue
				}
				lv := k.levels
				if lv == "" {
					lv = "层级不详"
				}
				out = append(out, corpus.Outlier{
					Kind: corpus.OutlierFarAbovePeers, Deputy: f.Deputy, Label: label(f), Year: f.Year, ReportID: f.ReportID,
					Value: v, Peers: med,
					Message: fmt.Sprintf("%d年%s %g %s，是同年同级（%s）%d 位代表中位数 %g %s的 %.1f 倍，请核实",
						f.Year, m.name, v, m.unit, lv, len(vals), med, m.unit, v/med),
				})
			}
		}
	}
	// Repeats of the year before, per deputy.
	byDeputy := map[string]map[int]*corpus.ReportFigures{}
	for i := range reports {
		f := &reports[i]
		if f.Deputy == "" || f.Year == 0 {
			continue
		}
		if byDeputy[f.Deputy] == nil {
			byDeputy[f.Deputy] = map[int]*corpus.ReportFigures{}
		}
		byDeputy[f.Deputy][f.Year] = f
	}
	for _, years := range byDeputy {
		for y, f := range years {
			prev := years[y-1]
			if prev == nil {
				continue
			}
			sim := jaccard(texts[f.ReportID], texts[prev.ReportID])
			if sim < repeatShare {
				continue
			}
			out = append(out, corpus.Outlier{
				Kind: corpus.OutlierRepeatsLastYear, Deputy: f.Deputy, Label: label(f), Year: y, ReportID: f.ReportID,
				Value: sim, Message: fmt.Sprintf("%d年报告与本人%d年报告高度相同（相似度 %.0f%%）", y, y-1, 100*sim),
			})
		}
	}
	for i := range reports {
		f := &reports[i]
		if !f.Quantified {
			out = append(out, corpus.Outlier{
				Kind: corpus.OutlierNoQuantified, Deputy: f.Deputy, Label: label(f), Year: f.Year, ReportID: f.ReportID,
				Message: "没有任何可量化的代表活动或建议数",
			})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return out[i].ReportID < out[j].ReportID
	})
	return out
}
