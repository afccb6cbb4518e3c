package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-ego/gse"
)

// plainSegmenter is the segmenter without lvzhi's domain dictionary: gse's
// trimmed dictionary alone, loaded the way Segmenter.load loads both.
func plainSegmenter(t *testing.T) *Segmenter {
	t.Helper()
	s := &Segmenter{}
	s.once.Do(func() {
		s.seg.SkipLog = true
		s.seg.Dict = gse.NewDict()
		s.seg.Init()
		s.err = s.seg.LoadDictStr(gseDict)
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s
}

// domainSentences are sentences of the kind duty reports hold, each with
// the domain terms in it that must come out as one word.
var domainSentences = []struct {
	text  string
	terms []string
}{
	{"闭会期间，我通过代表联络站收集意见建议，提出代表建议5件，办结率达到100%。",
		[]string{"闭会期间", "代表联络站", "意见建议", "代表建议", "办结率"}},
	{"参加县人大常委会组织的执法检查和视察活动，听取并审议一府两院工作报告。",
		[]string{"执法检查", "视察活动", "一府两院"}},
	{"围绕民生实事和乡村振兴开展调研活动，推动建议办理和建议交办落到实处。",
		[]string{"民生实事", "乡村振兴", "调研活动", "建议办理", "建议交办"}},
	{"镇人大主席团组织代表述职评议和满意度测评，并召开主席团会议通报政情通报安排。",
		[]string{"人大主席团", "述职评议", "满意度测评", "主席团会议", "政情通报"}},
	{"现将本人代表履职情况作述职报告如下：一年来依法履职、履职尽责，不断提高履职能力。",
		[]string{"代表履职", "述职报告", "依法履职", "履职尽责", "履职能力"}},
	{"每月选民接待日，我和村两委班子一起为民办实事，重点建议和代表议案都有审议意见。",
		[]string{"选民接待日", "为民办实事", "重点建议", "代表议案", "审议意见"}},
	{"列席会议期间参加专题询问和工作评议，关注常委会会议议案建议的人大工作。",
		[]string{"列席会议", "专题询问", "工作评议", "常委会会议", "议案建议", "人大工作"}},
}

// TestDomainDictionaryKeepsTermsWhole segments the sentences with and without
// the domain dictionary: every term is one word with it, and gse's
// dictionary alone cuts it apart (or the term would not need an entry).
func TestDomainDictionaryKeepsTermsWhole(t *testing.T) {
	if err := testSeg.Load(); err != nil {
		t.Fatal(err)
	}
	plain := plainSegmenter(t)
	for _, s := range domainSentences {
		with, without := testSeg.Cut(s.text), plain.Cut(s.text)
		for _, term := range s.terms {
			if !strings.Contains(s.text, term) {
				t.Fatalf("test sentence %q lacks %q", s.text, term)
			}
			if !slices.Contains(with, term) {
				t.Errorf("with the domain dictionary, %q is cut apart:\n  %s", term, strings.Join(with, "/"))
			}
			if slices.Contains(without, term) {
				t.Errorf("without the domain dictionary, %q is already whole (no entry needed):\n  %s", term, strings.Join(without, "/"))
			}
		}
	}
}

// TestDomainDictionaryKeepsDeputyWhole guards against domain terms that
// swallow part of 人大代表: the most searched word must stay one word next to
// the new terms.
func TestDomainDictionaryKeepsDeputyWhole(t *testing.T) {
	for _, text := range []string{
		"石门镇人大代表履职情况", "我作为人大代表履职以来", "开展人大代表述职评议",
		"全国人大代表身份", "县人大代表职责", "人大代表建议办理", "人大代表接待日",
	} {
		if got := testSeg.Cut(text); !slices.Contains(got, "人大代表") {
			t.Errorf("Cut(%q) = %s: 人大代表 is cut apart", text, strings.Join(got, "/"))
		}
	}
}

// TestPlaceholdersAreOneWord checks that a run of placeholder marks is one
// word (gse's own cut gives one mark per segment, and Words would drop them
// as punctuation), that 20xx and 某某 stay whole, and that the offsets are
// right.
func TestPlaceholdersAreOneWord(t *testing.T) {
	if err := testSeg.Load(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"提出建议**条，参加调研***次", []string{"提出", "建议", "**", "条", "参加", "调研", "***", "次"}},
		{"20xx年当选为××镇人大代表王某某", []string{"20xx", "年", "当选", "为", "××", "镇", "人大代表", "王", "某某"}},
		{"提出意见建议__条，走访□□村", []string{"提出", "意见建议", "__", "条", "走访", "□□", "村"}},
		{"提出建议*条", []string{"提出", "建议", "*", "条"}},
		{"20**年", []string{"20", "**", "年"}},
		// A lone × or _ is a sign, not a stand-in.
		{"长3×4米", []string{"长", "3", "4", "米"}},
	}
	for _, tt := range tests {
		if got := testSeg.Cut(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Cut(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// What gse does by itself: one segment per mark.
	text := []byte("提出建议**条")
	var raw []string
	for _, sg := range testSeg.seg.Segment(text) {
		raw = append(raw, string(text[sg.Start():sg.End()]))
	}
	if slices.Contains(raw, "**") {
		t.Logf("gse now keeps ** whole by itself: %q", raw)
	}
	// Offsets of a merged run point at the run.
	in := []byte("本人***，现任**村党支部书记")
	testSeg.Words(in, func(a, b int) {
		if w := string(in[a:b]); strings.ContainsRune(w, '*') && w != "***" && w != "**" {
			t.Errorf("bad placeholder span [%d,%d) %q", a, b, w)
		}
	})
}
