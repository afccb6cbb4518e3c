package extract

import (
	"lvzhi/corpus"

	"reflect"
	"strings"
	"testing"
	"time"
)

// The sentences below were written for these tests; none is taken from the
// evaluation corpus.

// TestTuneShortcomingBoundaries covers where a shortcoming list starts,
// where it is split, and what is not an item of it.
func TestTuneShortcomingBoundaries(t *testing.T) {
	const intro = "本人当选为县人大代表以来，认真履行代表职责。"
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"bare colon keeps the clauses of one shortcoming",
			intro + "我的不足是：对新出台的法规钻研不深，向群众讲解时常常讲不明白。明年我会多下功夫。",
			[]string{"对新出台的法规钻研不深，向群众讲解时常常讲不明白"}},
		{"不到位的地方是",
			intro + "我感到自己做得不到位的地方是：走村入户少，听到的意见不全。明年我会多下功夫。",
			[]string{"走村入户少，听到的意见不全"}},
		{"我的不足主要表现在 with semicolons",
			intro + "我的不足主要表现在：调研的面比较窄，提出的建议针对性不强；向选民反馈办理结果不及时。明年我将改进。",
			[]string{"调研的面比较窄，提出的建议针对性不强", "向选民反馈办理结果不及时"}},
		{"intro word still splits at commas",
			intro + "与选民的期望相比还有差距，主要表现在：下乡次数偏少，反映问题不够及时。下一步我将改进。",
			[]string{"下乡次数偏少", "反映问题不够及时"}},
		{"a cue reaching into the list does not hide its intro",
			intro + "回顾这一年，我的不足主要有三点：一是下乡走访的次数偏少；二是提出的建议调研不够扎实；三是向选民通报情况不及时。新的一年我将改进。",
			[]string{"下乡走访的次数偏少", "提出的建议调研不够扎实", "向选民通报情况不及时"}},
		{"the admission opening a section is not an item",
			intro + "\n三、存在的不足\n总结这一年，我也认识到自身存在的不足。（一）学习法律知识不够系统。（二）联系选民不够经常。\n四、今后打算\n我将加强学习。",
			[]string{"学习法律知识不够系统", "联系选民不够经常"}},
		{"making up for one's shortcomings is not one",
			intro + "我积极参加培训，弥补自身的不足。", nil},
		{"places short of funds are not a shortcoming",
			intro + "我为资金不足的地方争取项目，帮助群众修路。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spans []corpus.Span
			for _, s := range analyze(tt.text).Shortcomings {
				spans = append(spans, corpus.Span{Text: s.Text, Start: s.Start, End: s.End})
			}
			if got := spanTexts(t, tt.text, spans); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("shortcomings = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTuneResidue covers the template site's phrases: what is its own voice
// and what a deputy could write too.
func TestTuneResidue(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"source line", "我将继续努力。\n本文来源：网络　编辑：admin", []string{"本文来源"}},
		// The phrase is 以下是…整理的 (batch 1: a collection label in the
		// title after it, （精选3篇）, is a row of its own).
		{"以下是…整理的 ends with its 的",
			"以下是为您整理的乡镇人大代表履职报告，欢迎阅读与收藏。",
			[]string{"以下是为您整理的", "欢迎阅读与收藏"}},
		{"touching phrases of a title are one row", "乡镇人大代表述职报告范文（通用6篇）\n各位选民：",
			[]string{"范文（通用6篇）"}},
		{"collection label closing a link title", "热门文章\n· 村委会主任人大代表述职报告5篇\n",
			[]string{"热门文章", "述职报告5篇"}},
		{"more on the site is one row", "更多范文请访问好文网", []string{"更多范文请访问"}},
		{"the site speaking to its reader", "下面是小编收集的一篇述职报告，希望对您有所帮助。",
			[]string{"小编", "希望对您有所帮助"}},
		{"copyright note of a reprint", "文章均来自网络，版权归原作者所有。", []string{"版权归原作者"}},
		{"a deputy may say 仅供参考", "以上几点意见仅供参考，不妥之处请批评指正。", nil},
		{"a speech to colleagues", "以上是我的一点体会，希望对大家有所帮助。", nil},
		{"精选 in prose", "我们精选优质稻种，在全村推广种植。\n下面是我精选的3个案例。", nil},
		{"a deputy's products in a heading", "二、撰写调研报告3篇\n三、形成调研报告（2篇）\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spanTexts(t, tt.text, analyze(tt.text).TemplateResidue); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("residue = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTunePlaceholderTitleSeparator: a lone _ between the parts of a saved
// page title is not a placeholder; one standing for a number still is.
func TestTunePlaceholderTitleSeparator(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"page title", "乡镇人大代表履职报告_履职报告_好文章网\n各位选民：", nil},
		{"page title with site", "社区人大代表述职报告_范文写作网站", nil},
		{"a number left out", "全年提出建议_件，走访选民_户。", []string{"_", "_"}},
		{"a number left out before a site-like word", "参加联络站活动_次，接待选民_人次。", []string{"_", "_"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeholdersFound(t, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("placeholders = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTunePathologicalUnderscores: an endless line of lone underscores
// stays linear (each looks only a title's length ahead).
func TestTunePathologicalUnderscores(t *testing.T) {
	text := strings.Repeat("字_", 200000)
	start := time.Now()
	analyze(text)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
