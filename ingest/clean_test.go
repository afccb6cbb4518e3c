package ingest

import (
	"strings"
	"testing"
)

func TestRemoveDebris(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bookmark", "认真履职。[bookmark: _GoBack]下一步", "认真履职。下一步"},
		{"toc bookmark", "[bookmark: _Toc123456]一、基本情况", "一、基本情况"},
		{"page field", "第{ PAGE }页", "第页"},
		{"page field with switch", "{ PAGE \\* MERGEFORMAT }", ""},
		{"numpages", "共{ NUMPAGES }页", "共页"},
		{"hyperlink field in braces", `详见{ HYPERLINK "http://www.example.gov.cn" }网站`, "详见网站"},
		{"hyperlink residue", `详见HYPERLINK "http://www.example.gov.cn/a?b=1" 县人大网站`, "详见 县人大网站"},
		{"hyperlink to bookmark", `HYPERLINK \l "_Toc1234" 一、基本情况`, " 一、基本情况"},
		{"pageref residue", "一、基本情况\tPAGEREF _Toc1234 \\h 3", "一、基本情况\t 3"},
		{"mergeformat alone", "2 MERGEFORMAT", "2 "},
		{"pandoc anchor", "[]{#_GoBack .anchor}各位代表", "各位代表"},
		{"pandoc heading id", "一、基本情况{#_Toc99 .anchor}", "一、基本情况"},
		{"ordinary braces stay", "{一是}学习", "{一是}学习"},
		{"placeholder brackets stay", "参加活动[]次", "参加活动[]次"},
		{"lowercase page stays", "{ page }", "{ page }"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := removeDebris(tt.in); got != tt.want {
				t.Errorf("removeDebris(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanLines(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // lines joined by \n
	}{
		{"crlf and trailing spaces", "一、基本情况  \r\n内容。\t \r\n", "一、基本情况\n内容。"},
		{"indentation", "  \t各位代表：\n    本人……。", "各位代表：\n本人……。"},
		{"blank runs collapse", "甲。\n\n\n\n乙。\n \n\t\n丙。", "甲。\n\n乙。\n\n丙。"},
		{"leading and trailing blanks", "\n\n甲。\n\n", "甲。"},
		{"inner spaces collapse", "姓名   张三", "姓名 张三"},
		{"tab wins over spaces", "视察 \t 4", "视察\t4"},
		{"space between han and digit", "活动 8 次，2023 年", "活动8次，2023年"},
		{"spaced-out title", "述 职 报 告", "述职报告"},
		{"two spaced characters stay", "张 三", "张 三"},
		{"control characters dropped", "人\x01大\x7f代表", "人大代表"},
		{
			"broken sentence joined",
			"我坚持到代表联络站接待选民，推动解决了群众反映强烈的\n道路积水问题。",
			"我坚持到代表联络站接待选民，推动解决了群众反映强烈的道路积水问题。",
		},
		{
			// A record line of fields (a web page's info line) is no
			// sentence cut in two, though it is long and ends in a
			// character.
			"record line of fields stays",
			"发稿日期：2022-07-19 编辑：城西街道人大工委 点击量：961次\n在基层一线，代表们用脚步丈量民情。",
			"发稿日期：2022-07-19编辑：城西街道人大工委 点击量：961次\n在基层一线，代表们用脚步丈量民情。",
		},
		{
			"broken after a digit",
			"全年参加县人大常委会组织的各类代表活动共计23\n次，其中视察5次。",
			"全年参加县人大常委会组织的各类代表活动共计23次，其中视察5次。",
		},
		{
			"broken after a digit before han",
			"全年参加县人大常委会组织的各类代表活动，共计2\n十三次。",
			"全年参加县人大常委会组织的各类代表活动，共计2十三次。",
		},
		{
			"across a form feed",
			"我坚持到代表联络站接待选民，推动解决了\f群众反映强烈的问题。",
			"我坚持到代表联络站接待选民，推动解决了群众反映强烈的问题。",
		},
		{
			"across a page number line",
			"我坚持到代表联络站接待选民，推动解决了\n\n- 3 -\n\n群众反映强烈的问题。",
			"我坚持到代表联络站接待选民，推动解决了群众反映强烈的问题。",
		},
		{"page number lines removed", "甲。\n第 3 页 共 5 页\n乙。\n3/5\n丙。\nPage 2 of 4", "甲。\n乙。\n丙。"},
		{"ends with comma across blank line", "一年来，我认真参加代表大会，\n\n审议了政府工作报告。", "一年来，我认真参加代表大会，审议了政府工作报告。"},
		{"heading with enumerator stays", "一、聚焦政治引领，始终坚持党的全面领导\n一年来，镇人大主席团始终坚持正确政治方向。", "一、聚焦政治引领，始终坚持党的全面领导\n一年来，镇人大主席团始终坚持正确政治方向。"},
		{"short title stays", "2023年主要工作回顾\n2023年，是全面贯彻落实的开局之年。", "2023年主要工作回顾\n2023年，是全面贯彻落实的开局之年。"},
		{"title before salutation stays", "2022年人大代表向选民述职报告\n各位选民：", "2022年人大代表向选民述职报告\n各位选民："},
		{"next line opens an item", "围绕农村学校布局调整和校车安全走访学生家长，收集意见\n二是加强监督。", "围绕农村学校布局调整和校车安全走访学生家长，收集意见\n二是加强监督。"},
		{"next line is a heading", "围绕农村学校布局调整和校车安全走访学生家长，收集意见\n存在的不足", "围绕农村学校布局调整和校车安全走访学生家长，收集意见\n存在的不足"},
		{"finished sentence stays", "我坚持到代表联络站接待选民，推动解决了问题。\n群众满意度不断提高。", "我坚持到代表联络站接待选民，推动解决了问题。\n群众满意度不断提高。"},
		{"paragraphs apart stay apart", "我坚持到代表联络站接待选民，推动解决了群众关心的问题\n\n作为人大代表，我将继续努力。", "我坚持到代表联络站接待选民，推动解决了群众关心的问题\n\n作为人大代表，我将继续努力。"},
		{"signature line stays", "东明镇人大主席 刘某某\n各位代表：", "东明镇人大主席 刘某某\n各位代表："},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(cleanLines(tt.in), "\n")
			if got != tt.want {
				t.Errorf("cleanLines(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"escaped stars are placeholders", `参加活动\*\*次`, "参加活动**次"},
		{"escaped underscores", `20\_\_年第\_\_届`, "20__年第__届"},
		{"escaped brackets", `\[\]次`, "[]次"},
		{"other escapes", `1\. 第一\#`, "1. 第一#"},
		{"backslash before han stays", `a\中`, `a\中`},
		{"heading", "## 一、基本情况 ##", "一、基本情况"},
		{"bold pair", "现任**社区主任**。", "现任社区主任。"},
		{"underscore bold pair", "要“__进一步__”加强", "要“进一步”加强"},
		{"underscores after han are not emphasis", "要__进一步__，加强", "要__进一步__，加强"},
		{"underscores inside words stay", "20__年__月", "20__年__月"},
		{"unpaired stars stay", "参加活动**次", "参加活动**次"},
		{"stars with space inside stay", "得分 ** 3", "得分 ** 3"},
		{"link", "见[县人大网站](http://example.gov.cn)通知", "见县人大网站通知"},
		{"image dropped", "![照片](a.png)正文", "正文"},
		{"escaped link stays", `\[县人大网站\](http://example.gov.cn)`, "[县人大网站](http://example.gov.cn)"},
		{"table row", "| 视察 | 4 |", "视察\t4"},
		{"table with escaped pipe", `| a\|b | c |`, "a|b\tc"},
		{"bullet", "- 参加视察", "参加视察"},
		{"quote", "> 引用内容", "引用内容"},
		{"numbered item stays", "1. 参加视察", "1. 参加视察"},
		{"three stars stay", "***重要***", "***重要***"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fromMarkdown(tt.in); got != tt.want {
				t.Errorf("fromMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsMarkdown(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		mdName bool
		want   bool
	}{
		{"placeholders only", "参加调研活动**次，形成报告**篇，打造“**”特色品牌。", false, false},
		{"bold pairs only in txt", "现任**社区主任**。", false, false},
		{"escapes", `本人于20\_\_年当选`, false, true},
		{"heading", "# 述职报告\n正文", false, true},
		{"hash without space", "#1号楼", false, false},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", false, true},
		{"link", "[网站](http://example.gov.cn)", false, true},
		{"md name", "正文", true, true},
		{"plain", "各位代表：本人……", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isMarkdown(tt.in, tt.mdName); got != tt.want {
				t.Errorf("isMarkdown(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
