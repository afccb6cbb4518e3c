package extract

import (
	"reflect"
	"testing"

	"lvzhi/corpus/corpustest"
)

// TestLiteralIndex checks that every indexed pattern finds, through the
// literal index, exactly the matches it finds by looking at every sentence.
func TestLiteralIndex(t *testing.T) {
	texts := []string{villageReport, "", "年", "建议\n\n。。篇一", "人大代表人大代表——2021年12月7日在"}
	for _, g := range corpustest.Generate(3, 20) {
		texts = append(texts, g.Text)
	}
	var all []gated
	for _, name := range patterns.order {
		all = append(all, patterns.rules[name].gated)
	}
	for _, c := range kindCues {
		all = append(all, c.re)
	}
	indexed, led := 0, 0
	for _, g := range all {
		if g.led != nil {
			led++
		}
	}
	if led == 0 {
		t.Error("no pattern is led by its literals")
	}
	for _, text := range texts {
		d := newDoc(text, "")
		for _, g := range all {
			if g.ids == nil {
				continue
			}
			indexed++
			for _, limit := range []int{len(text), len(text) / 2} {
				var fast, slow [][]int
				g.each(d, limit, func(m []int) bool { fast = append(fast, m); return true })
				g.eachSentence(d, limit, func(m []int) bool { slow = append(slow, m); return true })
				if !reflect.DeepEqual(fast, slow) {
					t.Errorf("%s: indexed matches %v, by sentence %v", g.re, fast, slow)
				}
			}
			for _, s := range d.sentences {
				if g.inSpan(d, s) != g.in(d.str(s)) {
					t.Errorf("%s: inSpan(%q) = %v", g.re, d.str(s), g.inSpan(d, s))
				}
			}
		}
	}
	if indexed == 0 {
		t.Fatal("no pattern is indexed")
	}
}

// TestLiteralLed checks which expressions count as led by their literals:
// only those whose every match begins with one.
func TestLiteralLed(t *testing.T) {
	for _, c := range []struct {
		expr string
		lits []string
		want bool
	}{
		{`(?:本人|我叫|我名叫)(?P<name>\p{Han}{2,7}?)[，,]`, []string{"本人", "我叫", "我名叫"}, true},
		{`我(?:叫|名叫)`, []string{"我叫", "我名叫"}, true},
		{`述职人|报告人`, []string{"述职人", "报告人"}, true},
		{`作为(?:一名)?代表`, []string{"作为"}, true},
		{`现将+`, []string{"现将"}, true},
		{`(?:当选)+为`, []string{"当选"}, true},
		{`述职人|报告人`, []string{"述职人"}, false},             // 报告人 leads too
		{`(?:本人)?我`, []string{"本人", "我"}, false},        // optional lead
		{`(?:本人|我)[^。]{0,30}当选`, []string{"当选"}, false}, // the literal is inside
		{`[，,]是`, []string{"是"}, false},                 // a class leads
		{`^我叫`, []string{"我叫"}, false},                  // an assertion
		{`我叫$`, []string{"我叫"}, false},
		{`(?i)ab`, []string{"ab"}, false},
		{`(?:我叫|)张`, []string{"我叫"}, false}, // an empty branch
		{`我叫`, nil, false},
	} {
		if got := literalLed(c.expr, c.lits); got != c.want {
			t.Errorf("literalLed(%q, %q) = %v, want %v", c.expr, c.lits, got, c.want)
		}
	}
}
