package export

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

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
		{"", 0}, {"ID", 2}, {"代表姓名", 8}, {"地区/机关", 9}, {"２０", 4}, {"。", 2},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := displayWidth(tt.in); got != tt.want {
				t.Errorf("displayWidth(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
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
		want string
	}{
		{"none", nil, ""},
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

// rowsOf runs the encoder over reports and collects the rows of every sheet.
func rowsOf(t *testing.T, reports []*corpus.Report, extras []Extra) [numSheets][][]any {
	t.Helper()
	var got [numSheets][][]any
	var e encoder
	for i, r := range reports {
		err := e.add(r, extras[i], func(sh int, row []any) error {
			if len(row) != len(sheets[sh].cols) {
				t.Fatalf("sheet %s: row of %d values for %d columns", sheets[sh].name, len(row), len(sheets[sh].cols))
			}
			got[sh] = append(got[sh], append([]any(nil), row...))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := e.deputies.each(func(row []any) error {
		got[shDeputies] = append(got[shDeputies], append([]any(nil), row...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// byHeader maps a row to its sheet's headers. Where two columns share a
// header (the 说明 sheet has none such), the later wins.
func byHeader(sh int, row []any) map[string]any {
	m := make(map[string]any, len(row))
	for i, c := range sheets[sh].cols {
		m[c.header] = row[i]
	}
	return m
}

// TestRows checks every column of the detail sheets for the fully filled
// fixture, value by value, against what its text says.
func TestRows(t *testing.T) {
	r := liu2023(t)
	got := rowsOf(t, []*corpus.Report{r}, []Extra{{CopyRatio: ptr(0.4123), Score: 0.875, Origins: 2}})
	text := r.Text
	pos := func(sub string) (any, any) { s := span(t, text, sub); return s.Start, s.End }

	want := map[int][]map[string]any{
		shReports: {{
			"文档编号": "a1b2c3d4e5f60718", "文件": "2023/青石镇.zip", "压缩包内路径": "代表/柳青岚.docx",
			"来源文件数": 2, "部分": 1, "类型": "履职报告", "标题": "=2023年度人大代表履职报告",
			"代表姓名": "柳青岚", "层级": "镇", "届次": "第十八届", "地区/机关": "青石镇", "职务": "@青石村党支部书记",
			"当选年份": 2021, "报告年份": 2023, "建议总数": 9, "建议数为约数": "否", "建议数为占位符": "否",
			"逐条建议数": 1, "活动条数": 2, "不足条数": 2, "占位符数": 1,
			"标记": "占位符未填、套用雷同", "最高严重程度": "高", "复核分": 0.875, "复制比": 0.4123,
			"字数": charCount(text),
		}},
	}
	s1, e1 := pos("提出意见建议9条")
	s2, e2 := pos("《关于修缮青石村便民桥的建议》")
	want[shSuggestions] = []map[string]any{
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "来源": "陈述", "件数": 9,
			"类别": "意见建议", "约数": "否", "占位符": "否", "本人所提": "是", "主题": nil,
			"原文": "提出意见建议9条", "起始位置": s1, "结束位置": e1},
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "来源": "逐条", "件数": nil,
			"类别": nil, "约数": nil, "占位符": nil, "本人所提": nil, "主题": "修缮青石村便民桥",
			"原文": "《关于修缮青石村便民桥的建议》", "起始位置": s2, "结束位置": e2},
	}
	a1, b1 := pos("参加调研活动3次")
	a2, b2 := pos("- 参加镇人大组织的视察活动**次。")
	a3, b3 := pos("完成危房改造120户")
	want[shActivities] = []map[string]any{
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "活动类型": "调研", "次数": 3, "单位": "次",
			"约数": "否", "占位符": "否", "以代表身份": "是", "日期": "2023", "原文": "参加调研活动3次", "起始位置": a1, "结束位置": b1},
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "活动类型": "视察", "次数": nil, "单位": "次",
			"约数": "否", "占位符": "是", "以代表身份": "是", "日期": nil, "原文": "- 参加镇人大组织的视察活动**次。", "起始位置": a2, "结束位置": b2},
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "活动类型": "为民服务", "次数": 120, "单位": "户",
			"约数": "否", "占位符": "否", "以代表身份": "否", "日期": nil, "原文": "完成危房改造120户", "起始位置": a3, "结束位置": b3},
	}
	c1, d1 := pos("一是学习不够深入")
	c2, d2 := pos("二是联系选民不够经常")
	want[shShortcomings] = []map[string]any{
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "序号": 1, "不足之处": "一是学习不够深入", "起始位置": c1, "结束位置": d1},
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "序号": 2, "不足之处": "二是联系选民不够经常", "起始位置": c2, "结束位置": d2},
	}
	m1, n1 := pos("投入资金250万元")
	want[shQuantities] = []map[string]any{
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "数值": 250.0, "单位": "万元", "类别": "金额",
			"约数": "否", "占位符": "否", "原文": "投入资金250万元", "起始位置": m1, "结束位置": n1},
		{"文档编号": "a1b2c3d4e5f60718", "代表姓名": "柳青岚", "报告年份": 2023, "数值": 0.5, "单位": "%", "类别": "比率",
			"约数": "是", "占位符": "否", "原文": "-0.5%", "起始位置": 0, "结束位置": 0},
	}
	st, en := pos("**")
	f1, g1 := pos("一是学习不够深入")
	f2, g2 := pos(`=HYPERLINK("http://example.invalid","点击")`)
	want[shFlags] = []map[string]any{
		{"文档编号": "a1b2c3d4e5f60718", "文件": "2023/青石镇.zip!/代表/柳青岚.docx", "代表姓名": "柳青岚",
			"标记": "占位符未填", "代码": "placeholder", "严重程度": "高", "说明": "报告中有1处占位符未填写",
			"证据": "**", "证据位置": spanRange(st.(int), en.(int)), "相关文档": ""},
		{"文档编号": "a1b2c3d4e5f60718", "文件": "2023/青石镇.zip!/代表/柳青岚.docx", "代表姓名": "柳青岚",
			"标记": "套用雷同", "代码": "boilerplate", "严重程度": "中", "说明": "+与其他报告雷同",
			"证据":   `一是学习不够深入 … =HYPERLINK("http://example.invalid","点击")`,
			"证据位置": spanRange(f1.(int), g1.(int)) + "；" + spanRange(f2.(int), g2.(int)),
			"相关文档": "ffee000011112222（2022/a.txt 第2部分）；0000aaaa0000bbbb"},
	}
	for sh, rows := range want {
		if len(got[sh]) != len(rows) {
			t.Errorf("sheet %s: %d rows, want %d", sheets[sh].name, len(got[sh]), len(rows))
			continue
		}
		for i, w := range rows {
			if g := byHeader(sh, got[sh][i]); !reflect.DeepEqual(g, w) {
				for k := range w {
					if !reflect.DeepEqual(g[k], w[k]) {
						t.Errorf("sheet %s row %d %s = %#v, want %#v", sheets[sh].name, i+1, k, g[k], w[k])
					}
				}
				if len(g) != len(w) {
					t.Errorf("sheet %s row %d: %d columns, want %d", sheets[sh].name, i+1, len(g), len(w))
				}
			}
		}
	}
	// The evidence positions must point at the evidence in the text.
	if a2.(int) >= b2.(int) || text[a2.(int):b2.(int)] != "- 参加镇人大组织的视察活动**次。" {
		t.Error("fixture offsets are wrong")
	}
}

// TestDeputyTable checks the 代表对比 aggregation on the fixtures: sums
// counted by hand in fixture_test.go.
func TestDeputyTable(t *testing.T) {
	reports, extras := fixtures(t)
	got := rowsOf(t, reports, extras)[shDeputies]
	col := func(header string) int {
		for i, c := range sheets[shDeputies].cols {
			if c.header == header {
				return i
			}
		}
		t.Fatalf("no column %s", header)
		return -1
	}
	type want struct {
		cells map[string]any // columns not named here must be empty
	}
	wants := []want{
		{map[string]any{"代表姓名": "柳青岚", "报告年份": 2023, "地区": "白沙乡", "层级": "乡", "报告数": 1, "建议总数": 1,
			"视察": 2, "不足条数": 0, "占位符数": 0, "标记数": 0}},
		// liu2023 + liuSecond: research 3+1, training 5; the day job's 120
		// households and the placeholder inspection count nothing.
		{map[string]any{"代表姓名": "柳青岚", "报告年份": 2023, "地区": "青石镇", "层级": "县、镇", "报告数": 2, "建议总数": 11,
			"调研": 4, "学习培训": 5, "不足条数": 2, "占位符数": 1, "标记数": 3, "最高复制比": 0.6}},
		{map[string]any{"代表姓名": "柳青岚", "报告年份": 2024, "地区": "青石镇", "层级": "镇", "报告数": 1, "建议总数": 4,
			"调研": 2, "不足条数": 1, "占位符数": 0, "标记数": 0, "最高复制比": 0.05}},
	}
	if len(got) != len(wants) {
		t.Fatalf("%d rows, want %d: %v", len(got), len(wants), got)
	}
	for i, w := range wants {
		for _, c := range sheets[shDeputies].cols {
			g := got[i][col(c.header)]
			if !reflect.DeepEqual(g, w.cells[c.header]) {
				t.Errorf("row %d %s = %#v, want %#v", i+1, c.header, g, w.cells[c.header])
			}
		}
	}
}

func TestDeputyTableClonesStrings(t *testing.T) {
	text := strings.Repeat("文", 10000) + "柳青岚"
	name := text[len(text)-len("柳青岚"):]
	var d deputyTable
	d.add(&corpus.Report{Analysis: corpus.Analysis{Kind: corpus.KindDutyReport, Deputy: corpus.Deputy{Name: &name}}}, Extra{})
	for k := range d.rows {
		if k.name != "柳青岚" {
			t.Fatalf("key name %q", k.name)
		}
		if unsafe.StringData(k.name) == unsafe.StringData(name) {
			t.Error("the key shares the document's memory")
		}
	}
}

func TestFiniteValues(t *testing.T) {
	r := liu2024(t)
	got := rowsOf(t, []*corpus.Report{r}, []Extra{{CopyRatio: ptr(math.NaN()), Score: math.Inf(1)}})
	row := byHeader(shReports, got[shReports][0])
	if row["复制比"] != nil || row["复核分"] != nil {
		t.Errorf("NaN/Inf written: 复制比=%v 复核分=%v", row["复制比"], row["复核分"])
	}
}

func TestSheetDefinitions(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range sheets {
		if s.name == "" || len(s.cols) == 0 {
			t.Fatalf("empty sheet definition %+v", s)
		}
		if seen[s.name] {
			t.Errorf("sheet %s defined twice", s.name)
		}
		seen[s.name] = true
		heads := map[string]bool{}
		for _, c := range s.cols {
			if heads[c.header] {
				t.Errorf("sheet %s: header %s twice", s.name, c.header)
			}
			heads[c.header] = true
			if w := c.widthOrHeader(); w <= displayWidth(c.header) || w > 255 {
				t.Errorf("sheet %s column %s: width %v", s.name, c.header, w)
			}
		}
	}
}
