package corpus

import (
	"strings"
	"testing"
)

func TestCopyFlags(t *testing.T) {
	text := "我认真履行代表职责。村里的道路拓宽改造工程已经完工，群众出行更加方便。我还走访了五十户群众。"
	at := func(s string) Span {
		i := strings.Index(text, s)
		return Span{Text: s, Start: i, End: i + len(s)}
	}
	c := &Copies{
		Chars: 40, Ratio: 0.45, StockRatio: 0.15,
		Passages: []CopyPassage{
			{Span: at("认真履行代表职责"), Chars: 6, Stock: true, Shared: 30, Sources: []CopySource{{ID: "s1"}}},
			{Span: at("村里的道路拓宽改造工程已经完工"), Chars: 15, Shared: 2, Sources: []CopySource{{ID: "b"}, {ID: "a"}}},
			{Span: at("群众出行更加方便"), Chars: 3, Shared: 1, Sources: []CopySource{{ID: "a"}}},
		},
		Cluster: []string{"a"},
	}
	ref := func(id string) SourceRef { return SourceRef{ID: id, Source: id + ".txt", Part: 1} }
	flags := c.Flags(text, ref)
	if len(flags) != 2 || flags[0].Code != FlagBoilerplate || flags[1].Code != FlagNearDuplicate {
		t.Fatalf("flags = %+v, want boilerplate and near_duplicate", flags)
	}
	b := flags[0]
	if b.Severity != SeverityHigh {
		t.Errorf("45%% copied: severity %s, want high", b.Severity)
	}
	for _, want := range []string{"复制比45.0%", "2段", "其他2篇", "最长一段15字", "a.txt", "常用套话另占15.0%"} {
		if !strings.Contains(b.Message, want) {
			t.Errorf("message %q lacks %q", b.Message, want)
		}
	}
	// a shares 18 characters, b 15: a first. The stock passage is no evidence.
	if len(b.Sources) != 2 || b.Sources[0].ID != "a" || b.Sources[1].ID != "b" {
		t.Errorf("sources = %+v, want a then b", b.Sources)
	}
	if len(b.Evidence) != 2 || b.Evidence[0].Text != "村里的道路拓宽改造工程已经完工" {
		t.Errorf("evidence = %+v", b.Evidence)
	}
	if n := flags[1]; len(n.Sources) != 1 || n.Sources[0].ID != "a" || len(n.Evidence) != 2 {
		t.Errorf("near_duplicate = %+v", n)
	}

	c.Ratio, c.Cluster = 0.25, nil
	if f := c.Flags(text, nil); len(f) != 1 || f[0].Severity != SeverityMedium || f[0].Sources[0].Source != "" {
		t.Errorf("25%% copied: %+v, want one medium flag naming IDs only", f)
	}
	c.Ratio = BoilerplateMedium - 0.01
	if f := c.Flags(text, ref); len(f) != 0 {
		t.Errorf("below the threshold: %+v, want none", f)
	}
	if f := (*Copies)(nil).Flags(text, ref); f != nil {
		t.Errorf("no check: %+v", f)
	}
}

func TestScoreGrowsWithCopyRatio(t *testing.T) {
	report := func(ratio float64) *Report {
		return &Report{Analysis: Analysis{Flags: []Flag{{Code: FlagBoilerplate, Severity: SeverityHigh}}}, Copies: &Copies{Ratio: ratio}}
	}
	lo, hi := report(0.4).Score(), report(0.9).Score()
	if !(lo < hi && hi <= 0.9) {
		t.Errorf("scores %v (40%%) and %v (90%%): want increasing, at most 0.9", lo, hi)
	}
}
