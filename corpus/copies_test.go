package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestCopyFlags(t *testing.T) {
	text := "我认真履行代表职责。村里的道路拓宽改造工程已经完工，群众出行更加方便。我还走访了五十户群众。去年我说过的这句话今年还在说。"
	at := func(s string) Span {
		i := strings.Index(text, s)
		return Span{Text: s, Start: i, End: i + len(s)}
	}
	c := &Copies{
		Chars: 40, Ratio: 0.45, SelfRatio: 0.3, SelfYears: []int{2022, 2023}, StockRatio: 0.15,
		Passages: []CopyPassage{
			{Span: at("认真履行代表职责"), Chars: 6, Stock: true, Class: PassageStock, Shared: 30, Sources: []CopySource{{ID: "s1"}}},
			// The presumed source of each passage comes first: b for the
			// longer one, a for the other; a's share is larger only by
			// counting every holder, which no longer counts.
			{Span: at("村里的道路拓宽改造工程已经完工"), Chars: 15, Class: PassageCopied, Shared: 2, SharedMore: true, Sources: []CopySource{{ID: "b"}, {ID: "a"}}},
			{Span: at("群众出行更加方便"), Chars: 3, Class: PassageCopied, Shared: 1, Sources: []CopySource{{ID: "a"}}},
			{Span: at("去年我说过的这句话今年还在说"), Chars: 13, Class: PassageSelf, Shared: 1, Sources: []CopySource{{ID: "mine"}}},
		},
		Cluster: []string{"a"},
	}
	ref := func(id string) SourceRef { return SourceRef{ID: id, Source: id + ".txt", Part: 1} }
	flags := c.Flags(text, ref)
	var codes []string
	for _, f := range flags {
		codes = append(codes, f.Code)
	}
	if want := []string{FlagBoilerplate, FlagSelfReuse, FlagNearDuplicate}; !reflect.DeepEqual(codes, want) || !reflect.DeepEqual(c.FlagCodes(), want) {
		t.Fatalf("flags %v, FlagCodes %v; want %v", codes, c.FlagCodes(), want)
	}
	b := flags[0]
	if b.Severity != SeverityHigh {
		t.Errorf("45%% copied: severity %s, want high", b.Severity)
	}
	for _, want := range []string{"复制比45.0%", "2段", "其他2篇", "最长一段15字", "b.txt", "照搬本人往年报告", "常用套话另占15.0%"} {
		if !strings.Contains(b.Message, want) {
			t.Errorf("message %q lacks %q", b.Message, want)
		}
	}
	// b is the presumed source of 15 characters, a of 8: b first.
	if len(b.Sources) != 2 || b.Sources[0].ID != "b" || b.Sources[1].ID != "a" {
		t.Errorf("sources = %+v, want b then a", b.Sources)
	}
	if len(b.Evidence) != 2 || b.Evidence[0].Text != "村里的道路拓宽改造工程已经完工" {
		t.Errorf("evidence = %+v, want the copied passages only", b.Evidence)
	}
	s := flags[1]
	if s.Severity != SeverityLow || !strings.Contains(s.Message, "30.0%") || !strings.Contains(s.Message, "2022、2023年") ||
		len(s.Sources) != 1 || s.Sources[0].ID != "mine" || len(s.Evidence) != 1 {
		t.Errorf("self_reuse = %+v", s)
	}
	if n := flags[2]; len(n.Sources) != 1 || n.Sources[0].ID != "a" || len(n.Evidence) != 2 || !strings.Contains(n.Message, "更早") {
		t.Errorf("near_duplicate = %+v", n)
	}

	c.Ratio, c.SelfRatio, c.Cluster = 0.25, 0.6, nil
	f := c.Flags(text, nil)
	if len(f) != 2 || f[0].Severity != SeverityMedium || f[0].Sources[0].Source != "" || f[1].Severity != SeverityMedium {
		t.Errorf("25%% copied, 60%% reused: %+v, want medium boilerplate naming IDs only and medium self_reuse", f)
	}
	c.Ratio, c.SelfRatio = BoilerplateMedium-0.01, SelfReuseLow-0.01
	if f := c.Flags(text, ref); len(f) != 0 {
		t.Errorf("below the thresholds: %+v, want none", f)
	}
	if f := (*Copies)(nil).Flags(text, ref); f != nil {
		t.Errorf("no check: %+v", f)
	}
}

// TestOriginalNotFlagged: a document others copied from gets a note, not a
// flag, with a count that says when it is a lower bound.
func TestOriginalNotFlagged(t *testing.T) {
	c := &Copies{Chars: 100, OriginalRatio: 0.6, Copiers: []string{"x", "y", "z", "w"}, CopierCount: 4, CopiersMore: true,
		Passages: []CopyPassage{{Span: Span{Text: "原文", Start: 0, End: 6}, Chars: 60, Class: PassageOriginal, Shared: 4, SharedMore: true, Sources: []CopySource{{ID: "x"}}}}}
	if f := c.Flags("原文", nil); len(f) != 0 || len(c.FlagCodes()) != 0 {
		t.Errorf("an original is flagged: %+v", f)
	}
	ref := func(id string) SourceRef { return SourceRef{ID: id, Source: id + ".txt"} }
	note := c.CopiersNote(ref)
	for _, want := range []string{"最早出处", "60.0%", "至少4篇", "x.txt", "z.txt"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	if strings.Contains(note, "w.txt") {
		t.Errorf("note %q lists more than three copiers", note)
	}
	c.CopiersMore = false
	if note := c.CopiersNote(ref); strings.Contains(note, "至少") || !strings.Contains(note, "4篇") {
		t.Errorf("exact count: note %q", note)
	}
	if got := c.Passages[0].SharedLabel(); got != "至少4篇" {
		t.Errorf("SharedLabel = %q", got)
	}
	if note := (&Copies{}).CopiersNote(ref); note != "" {
		t.Errorf("no copiers: note %q", note)
	}
}

// TestCopiesVersion1: a check stored before passages had classes still
// raises its boilerplate flag with its sources.
func TestCopiesVersion1(t *testing.T) {
	text := "村里的道路拓宽改造工程已经完工"
	c := &Copies{Version: 1, Chars: 15, Ratio: 0.9, Passages: []CopyPassage{{Span: Span{Text: text, Start: 0, End: len(text)}, Chars: 15, Shared: 1, Sources: []CopySource{{ID: "a"}}}}}
	f := c.Flags(text, nil)
	if len(f) != 1 || f[0].Code != FlagBoilerplate || len(f[0].Sources) != 1 || f[0].Sources[0].ID != "a" {
		t.Errorf("version 1 check: %+v", f)
	}
}

func TestScoreGrowsWithCopyRatio(t *testing.T) {
	report := func(code string, ratio float64) *Report {
		return &Report{Analysis: Analysis{Flags: []Flag{{Code: code, Severity: SeverityHigh}}}, Copies: &Copies{Ratio: ratio, SelfRatio: ratio}}
	}
	lo, hi := report(FlagBoilerplate, 0.4).Score(), report(FlagBoilerplate, 0.9).Score()
	if !(lo < hi && hi <= 0.9) {
		t.Errorf("scores %v (40%%) and %v (90%%): want increasing, at most 0.9", lo, hi)
	}
	slo, shi := report(FlagSelfReuse, 0.4).Score(), report(FlagSelfReuse, 0.9).Score()
	if !(slo < shi && shi < hi && slo < lo) {
		t.Errorf("self reuse scores %v and %v: want increasing and below copying's %v and %v", slo, shi, lo, hi)
	}
}
