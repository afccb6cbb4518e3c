package extract

import (
	"slices"
	"testing"
	"unicode/utf8"

	"lvzhi/corpus"
)

// FuzzAnalyze checks the invariants every analysis keeps, whatever the
// text: no panic, every piece of evidence lies inside the text and is the
// text at its offsets, counts are non-negative, the kind is one of four.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		villageReport,
		"本人当选为县人大代表。大会期间提出建议4件。闭会期间提出建议**件。",
		"参加调研活动*场次，提出建议__件，走访□□户，第x届XX镇，某某某。",
		"一、存在的不足\n主要表现在：学习不够；调研较少，\n今后改进。",
		"《关于加快道路硬化的建议》\n1、关于\t关于修路的建议\n",
		"2021年4月12日，参加视察；5月，参加调研。二〇二一年十二月",
		"", "\n\n", "第", "*", "二〇二三年", "××", "1、", "——2023年1月2日在",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			t.Skip()
		}
		a := Analyze(&corpus.Document{Text: text, Part: 1})
		if !utf8.ValidString(text) {
			return // ingest never hands over invalid text; it must only not panic
		}
		check := func(what string, s corpus.Span) {
			if s.Start < 0 || s.End > len(text) || s.Start > s.End || text[s.Start:s.End] != s.Text {
				t.Fatalf("%s: evidence %q [%d,%d) does not match the text", what, s.Text, s.Start, s.End)
			}
		}
		checkPtr := func(what string, s *corpus.Span) {
			if s != nil {
				check(what, *s)
			}
		}
		switch a.Kind {
		case corpus.KindDutyReport, corpus.KindWorkReport, corpus.KindEssay, corpus.KindOther:
		default:
			t.Fatalf("kind %q", a.Kind)
		}
		ev := a.Deputy.Evidence
		for _, p := range []*corpus.Span{ev.Name, ev.Levels, ev.Term, ev.Region, ev.Position, ev.ElectedYear, a.YearEvidence} {
			checkPtr("deputy", p)
		}
		for _, s := range a.Suggestions.Statements {
			check("statement", corpus.Span{Text: s.Text, Start: s.Start, End: s.End})
			if s.Count != nil && *s.Count < 0 || s.Count != nil && s.Placeholder {
				t.Fatalf("statement count %v placeholder %v", s.Count, s.Placeholder)
			}
		}
		if t2 := a.Suggestions.Total; t2 != nil {
			// A total is a stated number: never negative, and never made of
			// placeholders alone.
			stated := false
			for _, s := range a.Suggestions.Statements {
				stated = stated || s.Own && s.Count != nil
			}
			if *t2 < 0 || !stated {
				t.Fatalf("total %d without a stated own count (placeholder %v)", *t2, a.Suggestions.Placeholder)
			}
		}
		for _, l := range a.Suggestions.Listed {
			check("listed", corpus.Span{Text: l.Text, Start: l.Start, End: l.End})
		}
		for _, x := range a.Activities {
			check("activity", corpus.Span{Text: x.Text, Start: x.Start, End: x.End})
			if x.Count != nil && *x.Count < 0 {
				t.Fatalf("activity count %d", *x.Count)
			}
		}
		for _, x := range a.Shortcomings {
			check("shortcoming", corpus.Span{Text: x.Text, Start: x.Start, End: x.End})
			if x.Text == "" {
				t.Fatal("empty shortcoming")
			}
		}
		for _, x := range a.Quantities {
			check("quantity", corpus.Span{Text: x.Text, Start: x.Start, End: x.End})
		}
		if a.Placeholders.Count != len(a.Placeholders.Spans) {
			t.Fatalf("placeholder count %d, %d spans", a.Placeholders.Count, len(a.Placeholders.Spans))
		}
		for _, s := range a.Placeholders.Spans {
			check("placeholder", s.Span)
		}
		for _, s := range a.TemplateResidue {
			check("residue", s)
		}
		// A review mark sits on a value that was extracted, with a known
		// code and a reason.
		for _, r := range a.Reviews() {
			if !slices.Contains(corpus.DoubtCodes, r.Doubt.Code) || r.Doubt.Reason == "" || r.Value == "" {
				t.Fatalf("review %+v", r)
			}
		}
		rv := a.Deputy.Review
		for _, c := range []struct {
			marked, present bool
		}{
			{rv.Name != nil, a.Deputy.Name != nil}, {rv.Levels != nil, len(a.Deputy.Levels) > 0},
			{rv.Term != nil, a.Deputy.Term != nil}, {rv.Region != nil, a.Deputy.Region != nil},
			{rv.Position != nil, a.Deputy.Position != nil}, {rv.ElectedYear != nil, a.Deputy.ElectedYear != nil},
			{a.YearReview != nil, a.Year != nil}, {a.Suggestions.TotalReview != nil, a.Suggestions.Total != nil},
		} {
			if c.marked && !c.present {
				t.Fatalf("a review mark on an absent value: %+v", a.Reviews())
			}
		}
		for _, fl := range a.Flags {
			if fl.Message == "" || fl.Severity.Rank() == 0 {
				t.Fatalf("flag %+v", fl)
			}
			for _, s := range fl.Evidence {
				check("flag "+fl.Code, s)
			}
		}
	})
}
