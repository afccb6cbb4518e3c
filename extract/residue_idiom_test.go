package extract

import "testing"

// 千篇一律 in an essay's title or heading is no 篇一 heading of a template
// site; a real 篇一 heading still is.
func TestResidueIdiom(t *testing.T) {
	for _, text := range []string{
		"破解述职报告“千篇一律”的难题\n笔者认为，述职报告应当写实事。",
		"二、通篇一个腔调的原因\n笔者调查了三个乡镇。",
	} {
		if r := analyze(text).TemplateResidue; len(r) != 0 {
			t.Errorf("%q: residue %+v, want none", text, r)
		}
	}
	if r := analyze("人大代表述职报告 篇一\n各位代表：本人王强。").TemplateResidue; len(r) != 1 || r[0].Text != "篇一" {
		t.Errorf("篇一 heading: residue %+v, want 篇一", r)
	}
}
