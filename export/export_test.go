package export

import (
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"lvzhi/corpus"
)

func TestCellText(t *testing.T) {
	long := strings.Repeat("议", 40000)
	mark := "…（已截断，全文40000字）"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"plain", "参加调研活动3次", "参加调研活动3次"},
		{"equals", "=1+1", "'=1+1"},
		{"dde", `=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{"plus", "+86 010", "'+86 010"},
		{"minus markdown list", "- 参加视察", "'- 参加视察"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"equals later is fine", "a=1", "a=1"},
		{"full-width equals is not a formula", "＝1", "＝1"},
		{"leading space", " =1", " =1"},
		{"invalid utf-8", "代表\xff活动", "代表\uFFFD活动"},
		{"form feed from a PDF", "\x0c第二页", "\uFFFD第二页"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"non-character", "a\uFFFEb", "a\uFFFDb"},
		{"tab, LF and CR inside are kept", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"astral kept", "𠀀", "𠀀"},
		{"exactly the limit", strings.Repeat("a", maxCellChars), strings.Repeat("a", maxCellChars)},
		{"over the limit", long, strings.Repeat("议", maxCellChars-utf16Len(mark)) + mark},
		{"over the limit, formula", "=" + long[:len(long)-3],
			"'=" + strings.Repeat("议", maxCellChars-2-utf16Len("…（已截断，全文40001字）")) + "…（已截断，全文40001字）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cellText(tt.in)
			if got != tt.want {
				t.Errorf("cellText(%.40q) = %.60q…, want %.60q…", tt.in, got, tt.want)
			}
			if n := utf16Len(got); n > maxCellChars {
				t.Errorf("%d UTF-16 units, over Excel's %d", n, maxCellChars)
			}
		})
	}
}

// A character outside the BMP counts two UTF-16 units, as Excel counts it:
// the cut must neither split it nor overshoot the limit.
func TestTruncateSurrogates(t *testing.T) {
	s := strings.Repeat("𠀀", 20000) // U+20000, four bytes, two units
	got := cellText(s)
	if !utf8.ValidString(got) {
		t.Fatal("truncated text is not valid UTF-8")
	}
	if n := utf16Len(got); n > maxCellChars || n < maxCellChars-1 {
		t.Errorf("%d UTF-16 units, want %d or one less", n, maxCellChars)
	}
	if !strings.HasSuffix(got, "…（已截断，全文20000字）") {
		t.Errorf("no truncation marker: …%q", got[len(got)-40:])
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"", 0}, {"ID", 2}, {"代表姓名", 8}, {"地区/机关", 9}, {"２０", 4}, {"。", 2}, {"“建议”", 8},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := displayWidth(tt.in); got != tt.want {
				t.Errorf("displayWidth(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  int
	}{
		// A width of 22.5 leaves 21.5 units: ten CJK characters (21.5).
		{"fits", strings.Repeat("议", 10), 22.5, 1},
		{"one over", strings.Repeat("议", 11), 22.5, 2},
		{"digits are narrow", strings.Repeat("1", 19), 22, 1},
		{"empty line counts", "a\n\nb", 20, 3},
		{"empty", "", 20, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrappedLines(tt.in, tt.width); got != tt.want {
				t.Errorf("wrappedLines = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRowHeight(t *testing.T) {
	l := &noteTable.layout // 项目 (text, 14), 说明 (wrapping, 86)
	texts := func(a, b string) func(int) string {
		return func(c int) string { return []string{a, b}[c] }
	}
	if h := rowHeight(l, texts(strings.Repeat("长", 60), "短")); h != 0 {
		t.Errorf("a long text in a column that does not wrap: height %v, want the default", h)
	}
	// 86 − 1 = 85 units hold 39 CJK characters (83.85): 80 take three lines.
	if h, want := rowHeight(l, texts("", strings.Repeat("长", 80))), 3*lineHeight+rowPadding; h != want {
		t.Errorf("height %v, want %v", h, want)
	}
	if h := rowHeight(l, texts("", strings.Repeat("长\n", 1000))); h != maxHeight {
		t.Errorf("height %v, want Excel's limit %v", h, maxHeight)
	}
}

func TestCharCount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"spaces and newlines skipped", "本人 柳青岚\n\u3000代表", 7},
		{"digits and punctuation count", "2次，", 3},
		{"liu2024 counted by hand", textLiu2024, 57},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := charCount(tt.in); got != tt.want {
				t.Errorf("charCount = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSourcesText(t *testing.T) {
	tests := []struct {
		name string
		in   []corpus.SourceRef
		want any
	}{
		{"none", nil, nil},
		{"id only", []corpus.SourceRef{{ID: "ab"}}, "ab"},
		{"file and part", []corpus.SourceRef{{ID: "ab", Source: "x.zip", Member: "a/b.txt", Part: 2}}, "ab（x.zip!/a/b.txt 第2部分）"},
		{"part only", []corpus.SourceRef{{ID: "ab", Part: 1}}, "ab（第1部分）"},
		{"two", []corpus.SourceRef{{ID: "ab", Source: "a.txt"}, {ID: "cd"}}, "ab（a.txt）；cd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sourcesText(tt.in); got != tt.want {
				t.Errorf("sourcesText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestYears(t *testing.T) {
	tests := []struct {
		in   []int
		want any
	}{
		{nil, nil},
		{[]int{2023}, "2023"},
		{[]int{2022, 2023}, "2022、2023"},
		{[]int{2021, 2022, 2023}, "2021–2023"},
		{[]int{2019, 2021, 2022}, "2019、2021、2022"},
	}
	for _, tt := range tests {
		if got := years(tt.in); got != tt.want {
			t.Errorf("years(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// testDoc is a report of text alone, for the evidence tests.
func testDoc(text string) *doc {
	return newDoc(&corpus.Report{Document: corpus.Document{Text: text}}, Extra{})
}

func TestParagraph(t *testing.T) {
	text := "\n  \n标题\n\n第一段，有两句。第二句\n  \n\u3000第三段\n"
	d := testDoc(text)
	tests := []struct {
		sub  string
		want int
	}{
		{"  ", 1}, // blank lines before the title
		{"标题", 1}, {"第一段", 2}, {"第二句", 2}, {"第三段", 3},
	}
	for _, tt := range tests {
		if got := d.paragraph(strings.Index(text, tt.sub)); got != tt.want {
			t.Errorf("paragraph of %q = %d, want %d", tt.sub, got, tt.want)
		}
	}
	if got := paragraphStarts(""); len(got) != 0 {
		t.Errorf("paragraphStarts(\"\") = %v", got)
	}
}

// marked shows evidence with its marks in brackets, for comparing by eye.
func marked(ev evidence) string {
	var b strings.Builder
	at := 0
	for _, m := range ev.marks {
		b.WriteString(ev.text[at:m[0]])
		b.WriteString("[" + ev.text[m[0]:m[1]] + "]")
		at = m[1]
	}
	b.WriteString(ev.text[at:])
	return b.String()
}

func TestEvidence(t *testing.T) {
	text := textLiu2023
	sp := func(sub string) corpus.Span { return span(t, text, sub) }
	long := strings.Repeat("长", 500)
	longText := "标题\n前文。" + long + "后文。"
	tests := []struct {
		name  string
		text  string
		spans []corpus.Span
		want  string // marked(evidence)
		pos   any
	}{
		{"a clause in its sentence, the line start before it", text, []corpus.Span{sp("提出意见建议9条")},
			"一、参加调研活动3次，围绕农村饮水安全[提出意见建议9条]。", "第4段"},
		{"a span ending with its full stop", text, []corpus.Span{sp("- 参加镇人大组织的视察活动**次。")},
			"[- 参加镇人大组织的视察活动**次。]", "第5段"},
		{"a semicolon ends a clause", text, []corpus.Span{sp("一是学习不够深入")},
			"三、存在的不足：[一是学习不够深入]；", "第9段"},
		{"after a semicolon", text, []corpus.Span{sp("二是联系选民不够经常")},
			"[二是联系选民不够经常]。", "第9段"},
		{"two spans of one sentence", text, []corpus.Span{sp("参加调研活动3次"), sp("提出意见建议9条")},
			"一、[参加调研活动3次]，围绕农村饮水安全[提出意见建议9条]。", "第4段"},
		{"two spans of one sentence, the later first", text, []corpus.Span{sp("提出意见建议9条"), sp("参加调研活动3次")},
			"一、[参加调研活动3次]，围绕农村饮水安全[提出意见建议9条]。", "第4段"},
		{"overlapping spans are one mark", text, []corpus.Span{sp("参加调研活动3次"), sp("调研活动3次，围绕")},
			"一、[参加调研活动3次，围绕]农村饮水安全提出意见建议9条。", "第4段"},
		{"two sentences, paragraphs in order", text, []corpus.Span{sp("一是学习不够深入"), sp("完成危房改造120户")},
			"三、存在的不足：[一是学习不够深入]； … 二、带领全村[完成危房改造120户]，投入资金250万元。", "第6、9段"},
		{"a span whose offsets are wrong: its text alone, no place", text, []corpus.Span{{Text: "-0.5%", Start: 0, End: 0}},
			"-0.5%", nil},
		{"offsets past the text", text, []corpus.Span{{Text: "x", Start: len(text), End: len(text) + 1}}, "x", nil},
		{"offsets inside a character", "本人柳青岚", []corpus.Span{{Text: "", Start: 1, End: 6}}, "", nil},
		{"no spans", text, nil, "", nil},
		{"a long span is elided in the middle", longText, []corpus.Span{{Text: long, Start: strings.Index(longText, long), End: strings.Index(longText, long) + len(long)}},
			"[" + strings.Repeat("长", spanShown*2/3) + "……" + strings.Repeat("长", spanShown/4) + "]后文。", "第2段"},
		{"more spans than shown", "标题\n甲。乙。丙。丁。", []corpus.Span{{Start: 7, End: 10}, {Start: 13, End: 16}, {Start: 19, End: 22}, {Start: 25, End: 28}},
			"[甲]。 … [乙]。 … [丙]。（另有1处未列出）", "第2段"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, pos := testDoc(tt.text).evidence(tt.spans...)
			if got := marked(ev); got != tt.want {
				t.Errorf("evidence %q, want %q", got, tt.want)
			}
			if pos != tt.pos {
				t.Errorf("position %v, want %v", pos, tt.pos)
			}
		})
	}
}

func TestSentenceAroundContext(t *testing.T) {
	// A sentence longer than the context kept shows sentenceSide
	// characters on either side.
	before, after := strings.Repeat("前", 100), strings.Repeat("后", 100)
	text := before + "值" + after + "。"
	i := strings.Index(text, "值")
	lo, hi := sentenceAround(text, i, i+len("值"))
	if got, want := utf8.RuneCountInString(text[lo:i]), sentenceSide; got != want {
		t.Errorf("%d characters before, want %d", got, want)
	}
	if got, want := utf8.RuneCountInString(text[i+len("值"):hi]), sentenceSide; got != want {
		t.Errorf("%d characters after, want %d", got, want)
	}
}

func TestPositions(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""}, {[]int{3}, "第3段"}, {[]int{5, 3, 5}, "第3、5段"},
		{[]int{1, 2, 3, 4, 5, 6, 7}, "第1、2、3、4、5、6段等"},
	}
	for _, tt := range tests {
		if got := positions(tt.in); got != tt.want {
			t.Errorf("positions(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// rowsOf runs the encoder over reports (and a comparison, if any) and
// collects the rows of every table, plain values with evidence shown as
// marked text.
func rowsOf(t *testing.T, reports []*corpus.Report, extras []Extra, c *corpus.Comparison) [numTables][]map[string]any {
	t.Helper()
	var got [numTables][]map[string]any
	var e encoder
	defer e.close()
	if c != nil {
		if err := e.setComparison(c); err != nil {
			t.Fatal(err)
		}
	}
	emit := func(id int, row []any) error {
		l := tables[id]
		if len(row) != len(l.heads) {
			t.Fatalf("table %s: row of %d values for %d columns", l.name, len(row), len(l.heads))
		}
		m := make(map[string]any, len(row))
		for i, v := range row {
			if ev, ok := v.(evidence); ok {
				v = marked(ev)
			}
			m[l.heads[i]] = v
		}
		got[id] = append(got[id], m)
		return nil
	}
	for i, r := range reports {
		if err := e.add(r, extras[i], emit); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.finish(emit); err != nil {
		t.Fatal(err)
	}
	return got
}

// checkRows compares rows with what a test expects of them, column by
// column: every column of the table must be named.
func checkRows(t *testing.T, id int, got, want []map[string]any) {
	t.Helper()
	name := tables[id].name
	if len(got) != len(want) {
		t.Errorf("table %s: %d rows, want %d", name, len(got), len(want))
		return
	}
	for i, w := range want {
		for _, h := range tables[id].heads {
			wv, ok := w[h]
			if !ok {
				t.Fatalf("table %s row %d: the test does not say what %s should be", name, i+1, h)
			}
			if !reflect.DeepEqual(got[i][h], wv) {
				t.Errorf("table %s row %d %s = %#v, want %#v", name, i+1, h, got[i][h], wv)
			}
		}
	}
}

// TestRows checks every column of the detail tables for the fully filled
// fixture, value by value, against what its text says.
func TestRows(t *testing.T) {
	r := liu2023(t)
	got := rowsOf(t, []*corpus.Report{r}, []Extra{{CopyRatio: ptr(0.4123), Score: 0.875, Origins: 2}}, nil)
	const id = "a1b2c3d4e5f60718"
	doc := map[string]any{"代表": "柳青岚", "地区": "青石镇", "年份": 2023, "文档编号": id}
	with := func(m map[string]any) map[string]any {
		for k, v := range doc {
			m[k] = v
		}
		return m
	}
	line4 := "一、参加调研活动3次，围绕农村饮水安全"
	checkRows(t, idReports, got[idReports], []map[string]any{with(map[string]any{
		"层级": "镇", "届次": "第十八届", "职务": "@青石村党支部书记", "类型": "履职报告",
		"标题": "=2023年度人大代表履职报告", "建议数": 9, "建议数说明": nil, "逐条建议": 1,
		// research and the inspection; the village's housing is the day job
		"活动条数": 2, "不足条数": 2, "占位符": 1, "复制比": 0.4123, "自我重复": nil, "复核分": 0.875,
		"标记": "占位符未填、套用雷同", "严重程度": "高", "需复核": nil, "当选年份": 2021,
		"字数": charCount(r.Text), "来源文件数": 2, "部分": 1, "文件": "2023/青石镇.zip!/代表/柳青岚.docx",
	})})
	checkRows(t, idSuggestions, got[idSuggestions], []map[string]any{
		with(map[string]any{"来源": "陈述", "件数": 9, "类别": "意见建议", "约数": "否", "占位符": "否", "本人所提": "是",
			"主题": nil, "原文": line4 + "[提出意见建议9条]。", "位置": "第4段", "需复核": nil}),
		with(map[string]any{"来源": "逐条", "件数": nil, "类别": nil, "约数": nil, "占位符": nil, "本人所提": nil,
			"主题": "修缮青石村便民桥", "原文": "本人提出[《关于修缮青石村便民桥的建议》]。", "位置": "第7段", "需复核": nil}),
	})
	checkRows(t, idActivities, got[idActivities], []map[string]any{
		with(map[string]any{"活动类型": "调研", "次数": 3, "单位": "次", "约数": "否", "占位符": "否", "以代表身份": "是",
			"日期": "2023", "原文": "一、[参加调研活动3次]，围绕农村饮水安全提出意见建议9条。", "位置": "第4段", "需复核": nil}),
		with(map[string]any{"活动类型": "视察", "次数": nil, "单位": "次", "约数": "否", "占位符": "是", "以代表身份": "是",
			"日期": nil, "原文": "[- 参加镇人大组织的视察活动**次。]", "位置": "第5段", "需复核": nil}),
		with(map[string]any{"活动类型": "为民服务", "次数": 120, "单位": "户", "约数": "否", "占位符": "否", "以代表身份": "否",
			"日期": nil, "原文": "二、带领全村[完成危房改造120户]，投入资金250万元。", "位置": "第6段", "需复核": nil}),
	})
	checkRows(t, idShortcomings, got[idShortcomings], []map[string]any{
		with(map[string]any{"序号": 1, "不足之处": "三、存在的不足：[一是学习不够深入]；", "位置": "第9段", "需复核": nil}),
		with(map[string]any{"序号": 2, "不足之处": "[二是联系选民不够经常]。", "位置": "第9段", "需复核": nil}),
	})
	checkRows(t, idQuantities, got[idQuantities], []map[string]any{
		with(map[string]any{"数值": 250.0, "单位": "万元", "类别": "金额", "约数": "否", "占位符": "否",
			"原文": "二、带领全村完成危房改造120户，[投入资金250万元]。", "位置": "第6段", "需复核": nil}),
		// The fixture's offsets of this one are wrong (0–0): its text
		// alone, and no place rather than a wrong one.
		with(map[string]any{"数值": 0.5, "单位": "%", "类别": "比率", "约数": "是", "占位符": "否",
			"原文": "-0.5%", "位置": nil, "需复核": nil}),
	})
	checkRows(t, idFlags, got[idFlags], []map[string]any{
		with(map[string]any{"复核分": 0.875, "标记": "占位符未填", "严重程度": "高", "说明": "报告中有1处占位符未填写",
			"证据": "- 参加镇人大组织的视察活动[**]次。", "位置": "第5段", "复制比": 0.4123, "相关文档": nil,
			"代码": "placeholder", "文件": "2023/青石镇.zip!/代表/柳青岚.docx"}),
		with(map[string]any{"复核分": 0.875, "标记": "套用雷同", "严重程度": "中", "说明": "+与其他报告雷同",
			"证据": `三、存在的不足：[一是学习不够深入]； … [=HYPERLINK("http://example.invalid","点击")]`,
			"位置": "第8、9段", "复制比": 0.4123, "相关文档": "ffee000011112222（2022/a.txt 第2部分）；0000aaaa0000bbbb",
			"代码": "boilerplate", "文件": "2023/青石镇.zip!/代表/柳青岚.docx"}),
	})
	for _, id := range []int{idDeputies, idTrend, idPoints, idRegions, idYears, idLevels, idOutliers} {
		if len(got[id]) != 0 {
			t.Errorf("table %s has rows without a comparison: %v", tables[id].name, got[id])
		}
	}
}

// TestComparisonRows checks the tables made from the comparison against
// handComparison, whose figures were written by hand.
func TestComparisonRows(t *testing.T) {
	reports, extras := fixtures(t)
	got := rowsOf(t, reports, extras, handComparison(t))
	none := func(m map[string]any) map[string]any {
		for _, a := range corpus.ActivityTypes {
			if _, ok := m[a.Label()]; !ok {
				m[a.Label()] = nil
			}
		}
		return m
	}
	// 白沙乡 comes first: its report comes first in reading order, though
	// ByDeputy lists it second.
	checkRows(t, idDeputies, got[idDeputies], []map[string]any{
		none(map[string]any{"排名": 2, "代表": "柳青岚", "地区": "白沙乡", "层级": "乡", "届次": nil, "年份": "2023",
			"报告数": 1, "建议数": 1, "写明建议数": 1, "逐条建议": 0, "视察": 2, "活动次数": 2, "不足条数": 0,
			"平均复制比": nil, "最高复制比": nil, "自我重复": 0, "标记数": 0, "无量化报告": 0, "积分": 6.0,
			"异常": nil, "合并": "是", "代表编号": "p2"}),
		none(map[string]any{"排名": 1, "代表": "柳青岚", "地区": "青石镇", "层级": "镇", "届次": "第十八届", "年份": "2023、2024",
			"报告数": 2, "建议数": 13, "写明建议数": 2, "逐条建议": 1, "调研": 5, "活动次数": 5, "不足条数": 3,
			"平均复制比": 0.23115, "最高复制比": 0.4123, "自我重复": 1, "标记数": 2, "无量化报告": 0, "积分": 54.0,
			"异常": "建议数 9，是同类中位数 2 的 4.5 倍；35% 与2023年报告相同", "合并": nil, "代表编号": "p1"}),
	})
	checkRows(t, idTrend, got[idTrend], []map[string]any{
		{"代表": "柳青岚", "地区": "白沙乡", "年份": 2023, "对比年份": nil, "建议数": 1, "建议增减": nil,
			"活动次数": 2, "活动增减": nil, "不足条数": 0, "复制比": nil, "自我重复": nil, "积分": 6.0, "积分增减": nil,
			"变化": "首份报告", "异常": nil, "需复核": nil, "报告编号": "b000000000000003", "文件": "2023/白沙乡.txt"},
		{"代表": "柳青岚", "地区": "青石镇", "年份": 2023, "对比年份": nil, "建议数": 9, "建议增减": nil,
			"活动次数": 3, "活动增减": nil, "不足条数": 2, "复制比": 0.4123, "自我重复": nil, "积分": 36.0, "积分增减": nil,
			"变化": "首份报告", "异常": nil, "需复核": "视察次数为占位符", "报告编号": "a1b2c3d4e5f60718",
			"文件": "2023/青石镇.zip!/代表/柳青岚.docx"},
		{"代表": "柳青岚", "地区": "青石镇", "年份": 2024, "对比年份": 2023, "建议数": 4, "建议增减": -5,
			"活动次数": 2, "活动增减": -1, "不足条数": 1, "复制比": 0.05, "自我重复": 0.35, "积分": 18.0, "积分增减": -18.0,
			"变化": "建议 9→4；调研 3→2；35%与本人2023年报告重复", "异常": "35% 与2023年报告相同", "需复核": nil,
			"报告编号": "b000000000000001", "文件": "2024/柳青岚.txt"},
	})
	// Points in the order the reports were added (liu2023, liu2024,
	// liuOther), each with its sentence and paragraph.
	checkRows(t, idPoints, got[idPoints], []map[string]any{
		{"代表": "柳青岚", "地区": "青石镇", "年份": 2023, "规则": "提出建议", "数量": 9, "积分": 27.0, "需复核": "附近有占位符",
			"证据": "一、参加调研活动3次，围绕农村饮水安全[提出意见建议9条]。", "位置": "第4段", "报告编号": "a1b2c3d4e5f60718"},
		{"代表": "柳青岚", "地区": "青石镇", "年份": 2023, "规则": "调研", "数量": 3, "积分": 9.0, "需复核": nil,
			"证据": "一、[参加调研活动3次]，围绕农村饮水安全提出意见建议9条。", "位置": "第4段", "报告编号": "a1b2c3d4e5f60718"},
		{"代表": "柳青岚", "地区": "青石镇", "年份": 2024, "规则": "调研", "数量": 2, "积分": 6.0, "需复核": nil,
			"证据": "2024年[参加调研活动2次]，提出建议4件。", "位置": "第2段", "报告编号": "b000000000000001"},
		{"代表": "柳青岚", "地区": "白沙乡", "年份": 2023, "规则": "视察", "数量": 2, "积分": 6.0, "需复核": nil,
			"证据": "[全年参加视察2次]，提出建议1件。", "位置": "第2段", "报告编号": "b000000000000003"},
	})
	checkRows(t, idYears, got[idYears][:1], []map[string]any{{"年度": "2023", "报告数": 2, "代表数": 2, "建议数": 10,
		"写明建议数的报告": 2, "活动次数": 0, "不足条数": 0, "平均复制比": nil, "自我重复": 0, "无量化报告": 0, "积分": 42.0, "排名": 1}})
	if len(got[idYears]) != 2 || got[idYears][1]["年度"] != "2024" {
		t.Errorf("years not in order: %v", got[idYears])
	}
	if regions := got[idRegions]; len(regions) != 2 || regions[0]["地区"] != "青石镇" {
		t.Errorf("regions not by reports, most first: %v", regions)
	}
	if levels := got[idLevels]; len(levels) != 2 || levels[0]["层级"] != "乡" {
		t.Errorf("levels not in the order of levels (乡 before 镇): %v", levels)
	}
	checkRows(t, idOutlierKinds, got[idOutlierKinds], []map[string]any{
		{"类型": "远高于同类", "项数": 1}, {"类型": "照搬上年", "项数": 1}, {"类型": "无量化内容", "项数": 1},
	})
	checkRows(t, idOutliers, got[idOutliers][1:2], []map[string]any{
		{"代表": "柳青岚（青石镇）", "年份": 2023, "类型": "远高于同类", "说明": "建议数 9，是同类中位数 2 的 4.5 倍",
			"数值": 9.0, "同类中位数": 2.0, "报告编号": nil},
	})
	// Copy ratios: 0.4123 and 0.05 in their bins, two reports unchecked.
	var bins []any
	for _, r := range got[idCopyBins] {
		bins = append(bins, r["报告数"])
	}
	if want := []any{1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2}; !reflect.DeepEqual(bins, want) {
		t.Errorf("copy ratio bins %v, want %v", bins, want)
	}
	if top := got[idTopPoints]; len(top) != 2 || top[0]["代表"] != "柳青岚（青石镇）" || top[0]["积分"] != 54.0 {
		t.Errorf("top points %v", top)
	}
}

// TestLateComparison: a comparison given after the reports still makes
// the points sheet, with the extracted words and no paragraph.
func TestLateComparison(t *testing.T) {
	reports, extras := fixtures(t)
	var e encoder
	defer e.close()
	var points []map[string]any
	emit := func(id int, row []any) error {
		if id == idPoints {
			points = append(points, map[string]any{"证据": row[7], "位置": row[8]})
		}
		return nil
	}
	for i, r := range reports {
		if err := e.add(r, extras[i], emit); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.setComparison(handComparison(t)); err != nil {
		t.Fatal(err)
	}
	if err := e.finish(emit); err != nil {
		t.Fatal(err)
	}
	if len(points) != 4 {
		t.Fatalf("%d point rows, want 4", len(points))
	}
	if got := points[0]; !reflect.DeepEqual(got["证据"], evidence{text: "全年参加视察2次"}) || got["位置"] != nil {
		t.Errorf("first point %v, want the bare evidence of 白沙乡's report (first in the comparison), no place", got)
	}
	notes := e.notes(fixedNow, nil)
	if !slices.ContainsFunc(notes, func(n noteRow) bool { return strings.Contains(n[1], "对比数据在报告之后提供") }) {
		t.Error("说明 does not say the comparison came late")
	}
	if err := e.setComparison(handComparison(t)); corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("a second comparison: %v, want EINVALID", err)
	}
	var e2 encoder
	if err := e2.setComparison(nil); corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("a nil comparison: %v, want EINVALID", err)
	}
}

func TestChanges(t *testing.T) {
	f := func(sugg *int, acts map[corpus.ActivityType]int, short int, flags ...string) *corpus.ReportFigures {
		return &corpus.ReportFigures{Suggestions: sugg, Activities: acts, Shortcomings: short, Flags: flags}
	}
	reused := f(ptr(3), nil, 1)
	reused.SelfReuse, reused.SelfReuseFrom = ptr(0.6), []int{2021, 2022}
	tests := []struct {
		name       string
		prev, this *corpus.ReportFigures
		want       string
	}{
		{"first", nil, f(ptr(3), nil, 1), "首份报告"},
		{"nothing changed", f(ptr(3), nil, 1), f(ptr(3), nil, 1), ""},
		{"unknown suggestions are no change", f(nil, nil, 1), f(ptr(3), nil, 1), ""},
		{"activities come and go, in taxonomy order", f(nil, map[corpus.ActivityType]int{corpus.ActTraining: 2, corpus.ActInspection: 1}, 1),
			f(nil, map[corpus.ActivityType]int{corpus.ActResearch: 4, corpus.ActInspection: 3}, 1),
			"视察 1→3；新增调研 4；不再有学习培训"},
		{"shortcomings dropped, a new flag", f(nil, nil, 2, "placeholder"), f(nil, nil, 0, "placeholder", "no_shortcomings"),
			"不再谈不足；新标记：未谈不足"},
		{"own reuse", f(ptr(3), nil, 1), reused, "60%与本人2021、2022年报告重复"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := changes(tt.prev, tt.this); got != tt.want {
				t.Errorf("changes = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFiniteValues(t *testing.T) {
	r := liu2024(t)
	got := rowsOf(t, []*corpus.Report{r}, []Extra{{CopyRatio: ptr(math.NaN()), Score: math.Inf(1)}}, nil)
	row := got[idReports][0]
	if row["复制比"] != nil || row["复核分"] != nil {
		t.Errorf("NaN/Inf written: 复制比=%v 复核分=%v", row["复制比"], row["复核分"])
	}
}

// TestReviewQueueOrder: 标记 lists reports by score, highest first, the
// flags of a report together in their order.
func TestReviewQueueOrder(t *testing.T) {
	reports, extras := fixtures(t)
	// noName comes last but scores highest (0.99).
	reports[5].Flags = []corpus.Flag{{Code: corpus.FlagPlaceholder, Severity: corpus.SeverityHigh, Message: "报告中有4处占位符未填写"}}
	got := rowsOf(t, reports, extras, nil)[idFlags]
	var order []string
	for _, r := range got {
		order = append(order, r["文档编号"].(string)+"/"+r["代码"].(string))
	}
	want := []string{
		"d000000000000001/" + corpus.FlagPlaceholder,    // 0.99
		"a1b2c3d4e5f60718/" + corpus.FlagPlaceholder,    // 0.875
		"a1b2c3d4e5f60718/" + corpus.FlagBoilerplate,    // 0.875
		"b000000000000002/" + corpus.FlagNoShortcomings, // 0.3
	}
	if !slices.Equal(order, want) {
		t.Errorf("queue %v, want %v", order, want)
	}
}

func TestSheetDefinitions(t *testing.T) {
	names := map[string]bool{summarySheet: true}
	tableNames := map[string]bool{}
	validTable := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*$`)
	for id, l := range tables {
		if l == nil || l.id != id {
			t.Fatalf("table %d is missing or has id %v", id, l)
		}
		if names[l.name] {
			t.Errorf("name %s used twice", l.name)
		}
		names[l.name] = true
		if !validTable.MatchString(l.table) || tableNames[l.table] {
			t.Errorf("%s: Excel table name %q is not a plain unique name", l.name, l.table)
		}
		tableNames[l.table] = true
		heads := map[string]bool{}
		for c, h := range l.heads {
			if heads[h] {
				t.Errorf("%s: header %s twice (Excel tables need unique headers)", l.name, h)
			}
			heads[h] = true
			if w := l.widths[c]; w < 4 || w > 100 {
				t.Errorf("%s column %s: width %v", l.name, h, w)
			}
			if c >= l.printCols && l.kinds[c] == colWrap {
				t.Errorf("%s column %s: a technical column wraps (it would make rows tall that print nothing)", l.name, h)
			}
		}
		if l.printCols == 0 {
			t.Errorf("%s prints no column", l.name)
		}
		if l.freeze >= l.printCols && l.freeze > 0 {
			t.Errorf("%s freezes %d columns of %d", l.name, l.freeze, l.printCols)
		}
	}
	// The first columns are what a reader looks for.
	for _, id := range []int{idTrend, idPoints, idReports, idSuggestions, idActivities, idShortcomings, idQuantities, idFlags} {
		if h := tables[id].heads[:3]; !slices.Equal(h, []string{"代表", "地区", "年份"}) {
			t.Errorf("%s starts with %v", tables[id].name, h)
		}
	}
}

func TestSpool(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var s spool
	rows := func(tag string) [][]any {
		return [][]any{
			{tag, 1, -2, 0.5, nil, evidence{text: "甲乙丙", marks: [][2]int{{3, 6}}}},
			{tag + "2", math.MaxInt64, math.Inf(-1)},
		}
	}
	for i, score := range []float64{0.2, 0.9, 0.2, 0} {
		if err := s.put(score, rows(string(rune('a'+i)))); err != nil {
			t.Fatal(err)
		}
	}
	var got [][]any
	if err := s.each(func(row []any) error { got = append(got, slices.Clone(row)); return nil }); err != nil {
		t.Fatal(err)
	}
	var order []any
	for _, r := range got {
		order = append(order, r[0])
	}
	if want := []any{"b", "b2", "a", "a2", "c", "c2", "d", "d2"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if want := rows("b"); !reflect.DeepEqual(got[:2], want) {
		t.Errorf("round trip %#v, want %#v", got[:2], want)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 1 {
		t.Errorf("%d temporary files while spooling, want 1", len(ents))
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("temporary files left after close: %v", ents)
	}
	var empty spool
	if err := empty.each(func([]any) error { t.Error("a row from an empty spool"); return nil }); err != nil {
		t.Fatal(err)
	}
}
