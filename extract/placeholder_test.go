package extract

import (
	"reflect"
	"testing"

	"lvzhi/corpus"
)

// Every placeholder form of SPEC §4, each in a sentence of the kind a
// template site leaves behind.
func TestPlaceholderFormsOfSpec(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"run of stars", "全年提出意见建议***条。", []string{"***"}},
		{"escaped stars", `参加调研活动\*\*次。`, []string{`\*\*`}},
		{"x as a number", "于x年当选为第x届人大代表。", []string{"x", "x"}},
		{"X as a number", "共走访选民X户。", []string{"X"}},
		{"multiplication sign as a number", "参加视察×次。", []string{"×"}},
		{"20xx year", "20xx年度人大代表述职报告", []string{"xx"}},
		{"20XX year", "20XX年，我参加了县人代会。", []string{"XX"}},
		{"underscores", "提出建议__件，办结___件。", []string{"__", "___"}},
		{"escaped underscores", `提出建议\_\_件。`, []string{`\_\_`}},
		{"brackets", "我是[]村党支部书记。", []string{"[]"}},
		{"boxes", "走访□□户。", []string{"□□"}},
		{"crosses", "××镇人大代表。", []string{"××"}},
		{"mou mou", "述职人：某某", []string{"某某"}},
		{"name with mou mou", "本人李某某，现任村主任。", []string{"某某"}},
		{"XX town", "我是XX镇人大代表。", []string{"XX"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeholdersFound(t, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("placeholders = %q, want %q", got, tt.want)
			}
		})
	}
}

// Clean text that merely looks like a placeholder: none may be reported.
func TestPlaceholderNoFalsePositives(t *testing.T) {
	clean := []string{
		"学会用Excel、WPS和Xmind整理选民意见，用box文件夹归档。",
		"村卫生室新添了X光机和B超机。",
		"我是taxi司机出身，现在经营一家物流公司。",
		"2020年12月20日，参加县人大常委会组织的视察。",
		"2020年至2022年，共提出建议20件。",
		"在20世纪90年代，村里还没有通公路。",
		"办结率达95%*。\n*注：数据来自县人大常委会。",
		"* 本表数据截至2021年底。",
		"某些问题还没有解决，某种程度上影响了群众满意度。",
		"某个村的道路还没有硬化，某一时期群众意见较大。",
		"面积3×4米的宣传栏。",
		"学习《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》。",
	}
	for _, text := range clean {
		if ph := analyze(text).Placeholders; ph.Count != 0 {
			t.Errorf("%q: %d placeholders %+v, want none", text, ph.Count, ph.Spans)
		}
	}
}

// placeholdersFound returns the text of every placeholder span found in
// text, checking that each lies at its offsets.
func placeholdersFound(t *testing.T, text string) []string {
	t.Helper()
	var spans []corpus.Span
	for _, s := range analyze(text).Placeholders.Spans {
		spans = append(spans, s.Span)
	}
	return spanTexts(t, text, spans)
}

// spanTexts returns the texts of spans, checking that each is the text at
// its offsets: evidence an analyst can click through to.
func spanTexts(t *testing.T, text string, spans []corpus.Span) []string {
	t.Helper()
	var got []string
	for _, s := range spans {
		got = append(got, s.Text)
		if s.Start < 0 || s.End > len(text) || s.Start > s.End || text[s.Start:s.End] != s.Text {
			t.Errorf("evidence %q does not match offsets %d:%d", s.Text, s.Start, s.End)
		}
	}
	return got
}
