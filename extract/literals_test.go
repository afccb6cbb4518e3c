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
	indexed := 0
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
