package export

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/ingest"
)

// The workbook of a sample-sized input: the bundled sample corpus
// (corpus/sample/files, in this repository), read and analysed by the real
// reader and extractor, in reading order, with a comparison built by
// testComparison. The copy check is not run (it needs the data directory's
// copy index), so copy ratios are unknown.

var sampleOnce struct {
	sync.Once
	reports []*corpus.Report
	err     error
}

const sampleDir = "../corpus/sample/files"

// sampleReports reads the sample corpus once per test binary. The reports
// are shared: tests must not change them.
func sampleReports(tb testing.TB) []*corpus.Report {
	tb.Helper()
	sampleOnce.Do(func() {
		var reports []*corpus.Report
		err := ingest.Walk(context.Background(), []string{sampleDir}, ingest.Options{}, func(src ingest.Source, err error) error {
			if err != nil {
				return nil // the folder of bad files: reported by ingest, skipped here
			}
			f, err := ingest.Read(src, ingest.Options{})
			if err != nil {
				return nil
			}
			for i := range f.Docs {
				d := f.Docs[i]
				reports = append(reports, &corpus.Report{Document: d, Analysis: extract.Analyze(&d)})
			}
			return nil
		})
		sortReading(reports)
		sampleOnce.reports, sampleOnce.err = reports, err
	})
	if sampleOnce.err != nil {
		tb.Fatal(sampleOnce.err)
	}
	if len(sampleOnce.reports) < 40 {
		tb.Fatalf("the sample corpus gave %d documents, want about 43", len(sampleOnce.reports))
	}
	return sampleOnce.reports
}

// sortReading puts reports in the order the application hands them:
// region, deputy, year (unknown last), then ID.
func sortReading(rs []*corpus.Report) {
	str := func(p *string) string {
		if p == nil {
			return "\uffff"
		}
		return *p
	}
	year := func(p *int) int {
		if p == nil {
			return 1 << 30
		}
		return *p
	}
	slices.SortStableFunc(rs, func(a, b *corpus.Report) int {
		return cmp.Or(
			strings.Compare(str(a.Deputy.Region), str(b.Deputy.Region)),
			strings.Compare(str(a.Deputy.Name), str(b.Deputy.Name)),
			cmp.Compare(year(a.Year), year(b.Year)),
			strings.Compare(a.ID, b.ID))
	})
}

func sampleExtras(reports []*corpus.Report) []Extra {
	extras := make([]Extra, len(reports))
	for i, r := range reports {
		extras[i] = Extra{Score: r.Score(), Origins: 1}
	}
	return extras
}

// testPoints is a points table like the default the application ships.
var testPoints = corpus.PointsTable{Name: "测试积分表", Rules: []corpus.PointsRule{
	{Name: "出席人代会", Source: string(corpus.ActCongressSession), Points: 8, Line: 3},
	{Name: "提出建议", Source: "suggestion", Points: 3, Max: 30, Line: 4},
	{Name: "视察", Source: string(corpus.ActInspection), Points: 3, Line: 5},
	{Name: "调研", Source: string(corpus.ActResearch), Points: 3, Line: 6},
	{Name: "联系选民", Source: string(corpus.ActVoterContact), Points: 2, Line: 7},
}}

// masked reports whether a name is a stand-in (王某某, ***, x代表).
func masked(name string) bool {
	return strings.ContainsAny(name, "某*＊×xX_□○")
}

// testComparison builds the comparison of reports as the application is
// meant to (SPEC §5), simplified for tests: duty reports only; a deputy is
// a real name with region and levels; figures count deputy-role events;
// points per testPoints with the activity or statement as evidence;
// outliers: reports with nothing quantified. Its results are checked by
// hand where tests depend on them.
func testComparison(reports []*corpus.Report, extras []Extra) *corpus.Comparison {
	c := &corpus.Comparison{Points: testPoints}
	persons := map[string]*corpus.Person{}
	var order []string
	for i, r := range reports {
		a := &r.Analysis
		if a.Kind != corpus.KindDutyReport {
			continue
		}
		f := corpus.ReportFigures{
			ReportID: r.ID, Title: r.Title, Source: r.Provenance(),
			Levels: a.Deputy.Levels, Activities: map[corpus.ActivityType]int{},
			Listed: len(a.Suggestions.Listed), Shortcomings: len(a.Shortcomings),
			Placeholders: a.Placeholders.Count, CopyRatio: extras[i].CopyRatio,
			Flags: a.FlagCodes(), Score: extras[i].Score,
		}
		if a.Year != nil {
			f.Year = *a.Year
		}
		if a.Deputy.Region != nil {
			f.Region = *a.Deputy.Region
		}
		if a.Deputy.Name != nil {
			f.Name = *a.Deputy.Name
			if !masked(f.Name) {
				key := f.Name + "|" + f.Region + "|" + strings.Join(a.Deputy.Levels, "、")
				sum := sha256.Sum256([]byte(key))
				f.Deputy = "p" + hex.EncodeToString(sum[:4])
				p := persons[f.Deputy]
				if p == nil {
					p = &corpus.Person{ID: f.Deputy, Name: f.Name, Region: f.Region, Levels: a.Deputy.Levels}
					if a.Deputy.Term != nil {
						p.Term = *a.Deputy.Term
					}
					persons[f.Deputy] = p
					order = append(order, f.Deputy)
				}
				p.Reports = append(p.Reports, r.ID)
				if f.Year != 0 {
					p.Years = append(p.Years, f.Year)
				}
			}
		}
		if !a.Suggestions.Placeholder && a.Suggestions.Total != nil {
			f.Suggestions = a.Suggestions.Total
		}
		for k := range a.Activities {
			act := &a.Activities[k]
			if !act.DeputyRole {
				continue
			}
			if act.Count != nil || act.Date != nil {
				f.ActivityRows++
			}
			if act.Count != nil && act.CountsEvents() {
				f.Activities[act.Type] += *act.Count
			}
		}
		f.Quantified = f.Suggestions != nil || len(f.Activities) > 0
		for _, rule := range testPoints.Rules {
			add := func(units int, ev corpus.Span) {
				pts := float64(units) * rule.Points
				f.PointItems = append(f.PointItems, corpus.PointItem{Rule: rule.Name, Units: units, Points: pts, ReportID: r.ID, Evidence: ev})
				f.Points += pts
			}
			if rule.Source == "suggestion" {
				for _, s := range a.Suggestions.Statements {
					if s.Own && s.Count != nil {
						add(*s.Count, corpus.Span{Text: s.Text, Start: s.Start, End: s.End})
					}
				}
				continue
			}
			for _, act := range a.Activities {
				if string(act.Type) == rule.Source && act.DeputyRole && act.Count != nil && act.CountsEvents() {
					add(*act.Count, corpus.Span{Text: act.Text, Start: act.Start, End: act.End})
				}
			}
		}
		if !f.Quantified {
			c.Outliers = append(c.Outliers, corpus.Outlier{Kind: corpus.OutlierNoQuantified, Deputy: f.Deputy,
				Label: f.Name, Year: f.Year, ReportID: r.ID, Message: "报告没有写明任何活动次数或建议数"})
		}
		c.Reports = append(c.Reports, f)
	}
	for _, id := range order {
		c.Deputies = append(c.Deputies, *persons[id])
	}
	c.ByDeputy = groupBy(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Deputy == "" {
			return nil
		}
		return []string{f.Deputy}
	}, func(k string) string { p := persons[k]; return fmt.Sprintf("%s（%s）", p.Name, p.Region) })
	c.ByRegion = groupBy(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Region == "" {
			return nil
		}
		return []string{f.Region}
	}, nil)
	c.ByLevel = groupBy(c.Reports, func(f *corpus.ReportFigures) []string { return f.Levels }, nil)
	c.ByYear = groupBy(c.Reports, func(f *corpus.ReportFigures) []string {
		if f.Year == 0 {
			return nil
		}
		return []string{fmt.Sprint(f.Year)}
	}, nil)
	return c
}

func groupBy(rs []corpus.ReportFigures, keys func(*corpus.ReportFigures) []string, label func(string) string) []corpus.GroupFigures {
	idx := map[string]int{}
	var gs []corpus.GroupFigures
	deputies := map[string]map[string]bool{}
	for i := range rs {
		f := &rs[i]
		for _, k := range keys(f) {
			j, ok := idx[k]
			if !ok {
				j = len(gs)
				idx[k] = j
				l := k
				if label != nil {
					l = label(k)
				}
				gs = append(gs, corpus.GroupFigures{Key: k, Label: l, Activities: map[corpus.ActivityType]int{}, Flags: map[string]int{}})
				deputies[k] = map[string]bool{}
			}
			g := &gs[j]
			g.Reports++
			if f.Deputy != "" && !deputies[k][f.Deputy] {
				deputies[k][f.Deputy] = true
				g.Deputies++
			}
			if f.Year != 0 && !slices.Contains(g.Years, f.Year) {
				g.Years = append(g.Years, f.Year)
				slices.Sort(g.Years)
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
			for _, code := range f.Flags {
				g.Flags[code]++
			}
			if !f.Quantified {
				g.Unquantified++
			}
			g.Points += f.Points
		}
	}
	order := make([]int, len(gs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(gs[b].Points, gs[a].Points) })
	for rank, i := range order {
		gs[i].Rank = rank + 1
	}
	return gs
}
