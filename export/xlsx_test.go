package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
)

// writeWorkbook writes reports (and the comparison, if any) to a workbook
// file in a temporary directory and returns its path.
func writeWorkbook(tb testing.TB, reports []*corpus.Report, extras []Extra, c *corpus.Comparison, setup func(*Workbook)) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "stats.xlsx")
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	wb, err := NewWorkbook(out, Options{Now: func() time.Time { return fixedNow }})
	if err != nil {
		tb.Fatal(err)
	}
	if setup != nil {
		setup(wb)
	}
	if c != nil {
		if err := wb.SetComparison(c); err != nil {
			tb.Fatal(err)
		}
	}
	for i, r := range reports {
		if err := wb.Add(r, extras[i]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := wb.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

func openWorkbook(tb testing.TB, path string) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// cell is what a test expects of one cell: its raw value and whether it is
// a number (as opposed to text).
type cell struct {
	ref    string
	value  string // raw value; "" for an empty cell
	number bool
}

func checkCells(t *testing.T, f *excelize.File, sheet string, cells []cell) {
	t.Helper()
	for _, c := range cells {
		got, err := f.GetCellValue(sheet, c.ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got != c.value {
			t.Errorf("%s!%s = %q, want %q", sheet, c.ref, got, c.value)
		}
		typ, err := f.GetCellType(sheet, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		// excelize reports a number cell as CellTypeUnset (no t attribute)
		// and our text as an inline string.
		isNumber := typ == excelize.CellTypeUnset && got != ""
		isText := typ == excelize.CellTypeInlineString
		switch {
		case c.value == "" && typ != excelize.CellTypeUnset:
			t.Errorf("%s!%s should be empty, has type %v", sheet, c.ref, typ)
		case c.value != "" && c.number && !isNumber:
			t.Errorf("%s!%s = %q should be a number, has type %v", sheet, c.ref, got, typ)
		case c.value != "" && !c.number && !isText:
			t.Errorf("%s!%s = %q should be text, has type %v", sheet, c.ref, got, typ)
		}
	}
}

// colRef is the cell of a header's column in a row of a table's sheet.
func colRef(tb testing.TB, id int, head string, row int) string {
	tb.Helper()
	i := slices.Index(tables[id].heads, head)
	if i < 0 {
		tb.Fatalf("%s has no column %s", tables[id].name, head)
	}
	ref, _ := excelize.CoordinatesToCellName(i+1, row)
	return ref
}

var wantSheets = []string{"说明", "汇总", "代表对比", "年度趋势", "积分", "报告", "建议", "活动", "不足", "数量", "标记"}

func TestWorkbook(t *testing.T) {
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, handComparison(t), nil)
	f := openWorkbook(t, path)
	raw := unzipAll(t, path)

	t.Run("sheets", func(t *testing.T) {
		if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
			t.Errorf("sheets %v, want %v", got, wantSheets)
		}
		if got := f.GetActiveSheetIndex(); got != 0 {
			t.Errorf("active sheet %d, want 0 (说明)", got)
		}
	})

	t.Run("headers", func(t *testing.T) {
		for _, id := range sheetTables {
			l := tables[id]
			rows, err := f.GetRows(l.name)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 || !slices.Equal(rows[0], l.heads) {
				t.Errorf("%s header %v, want %v", l.name, rows[0], l.heads)
			}
			styleID, _ := f.GetCellStyle(l.name, "A1")
			st, err := f.GetStyle(styleID)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("%s header is not bold (style %d)", l.name, styleID)
			}
		}
		// A spot check against the wording, not the table above:
		// deputy, region, year first, the ID last.
		rows, _ := f.GetRows("活动")
		if got := strings.Join(rows[0], ","); got != "代表,地区,年份,活动类型,次数,单位,约数,占位符,以代表身份,日期,原文,位置,需复核,文档编号" {
			t.Errorf("活动 header %s", got)
		}
		// Stacked headers on the narrow numbers of 代表对比.
		styleID, _ := f.GetCellStyle("代表对比", colRef(t, idDeputies, "调研", 1))
		if st, _ := f.GetStyle(styleID); st.Alignment == nil || st.Alignment.TextRotation != 255 {
			t.Errorf("代表对比 调研 header is not stacked: %+v", st.Alignment)
		}
	})

	t.Run("row counts", func(t *testing.T) {
		// Counted by hand from fixture_test.go: 建议 has liu2023's statement
		// and listed suggestion and the work report's statement; 活动 3 + 1 +
		// 2 + 1 + 1; 积分 the four point items of handComparison.
		want := map[string]int{"报告": 6, "建议": 3, "活动": 8, "不足": 3, "数量": 2, "标记": 3,
			"代表对比": 2, "年度趋势": 3, "积分": 4}
		for sheet, n := range want {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-1 != n {
				t.Errorf("%s: %d data rows, want %d", sheet, len(rows)-1, n)
			}
		}
	})

	t.Run("报告 cells", func(t *testing.T) {
		r := func(h string, row int) string { return colRef(t, idReports, h, row) }
		// Row 2 is liu2023, row 3 liu2024, row 6 the work report.
		checkCells(t, f, "报告", []cell{
			{r("代表", 2), "柳青岚", false},
			{r("地区", 2), "青石镇", false},
			{r("年份", 2), "2023", true},
			{r("标题", 2), "'=2023年度人大代表履职报告", false}, // neutralised
			{r("职务", 2), "'@青石村党支部书记", false},
			{r("建议数", 2), "9", true},
			{r("标记", 2), "占位符未填、套用雷同", false},
			{r("复核分", 2), "0.875", true},
			{r("复制比", 2), "0.4123", true},
			{r("来源文件数", 2), "2", true},
			{r("文件", 2), "2023/青石镇.zip!/代表/柳青岚.docx", false},
			{r("文档编号", 2), "a1b2c3d4e5f60718", false},
			{r("字数", 3), "57", true}, // liu2024, counted by hand
			{r("来源文件数", 4), "", false},
			{r("复制比", 5), "", false}, // not computed
			{r("类型", 6), "工作报告", false},
			{r("建议数", 6), "", false}, // a body's count is not the total
			{r("严重程度", 3), "", false},
		})
	})

	t.Run("evidence in bold", func(t *testing.T) {
		runs, err := f.GetCellRichText("活动", colRef(t, idActivities, "原文", 2))
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, r := range runs {
			s := r.Text
			if r.Font != nil && r.Font.Bold {
				s = "[" + s + "]"
			}
			texts = append(texts, s)
		}
		if got := strings.Join(texts, ""); got != "一、[参加调研活动3次]，围绕农村饮水安全提出意见建议9条。" {
			t.Errorf("活动 原文 runs %q", got)
		}
		checkCells(t, f, "活动", []cell{
			{colRef(t, idActivities, "原文", 3), "'- 参加镇人大组织的视察活动**次。", false}, // neutralised, as a whole
			{colRef(t, idActivities, "位置", 3), "第5段", false},
		})
		checkCells(t, f, "数量", []cell{
			{colRef(t, idQuantities, "原文", 3), "'-0.5%", false},
			{colRef(t, idQuantities, "位置", 3), "", false},
			{colRef(t, idQuantities, "数值", 3), "0.5", true},
		})
	})

	t.Run("formula neutralisation", func(t *testing.T) {
		checkCells(t, f, "标记", []cell{{colRef(t, idFlags, "说明", 3), "'+与其他报告雷同", false}})
		// No cell anywhere may carry a formula.
		for name, body := range raw {
			if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(body, "<f>") {
				t.Errorf("%s contains a formula", name)
			}
		}
	})

	t.Run("review queue by score", func(t *testing.T) {
		checkCells(t, f, "标记", []cell{
			{colRef(t, idFlags, "复核分", 2), "0.875", true},
			{colRef(t, idFlags, "代码", 2), "placeholder", false},
			{colRef(t, idFlags, "代码", 3), "boilerplate", false},
			{colRef(t, idFlags, "复核分", 4), "0.3", true},
			{colRef(t, idFlags, "代码", 4), "no_shortcomings", false},
		})
	})

	t.Run("comparison sheets", func(t *testing.T) {
		checkCells(t, f, "代表对比", []cell{
			{colRef(t, idDeputies, "地区", 2), "白沙乡", false},
			{colRef(t, idDeputies, "合并", 2), "是", false},
			{colRef(t, idDeputies, "调研", 3), "5", true},
			{colRef(t, idDeputies, "建议数", 3), "13", true},
			{colRef(t, idDeputies, "积分", 3), "54", true},
			{colRef(t, idDeputies, "排名", 3), "1", true},
		})
		checkCells(t, f, "年度趋势", []cell{
			{colRef(t, idTrend, "建议增减", 4), "-5", true},
			{colRef(t, idTrend, "变化", 4), "建议 9→4；调研 3→2；35%与本人2023年报告重复", false},
		})
		checkCells(t, f, "积分", []cell{
			{colRef(t, idPoints, "积分", 2), "27", true},
			{colRef(t, idPoints, "需复核", 2), "附近有占位符", false},
			{colRef(t, idPoints, "位置", 5), "第2段", false},
		})
	})

	t.Run("number formats", func(t *testing.T) {
		formats := []struct {
			sheet, ref string
			numFmt     int
			custom     string
		}{
			{"报告", colRef(t, idReports, "来源文件数", 2), 1, ""},   // integer
			{"报告", colRef(t, idReports, "复核分", 2), 2, ""},     // 0.00
			{"报告", colRef(t, idReports, "复制比", 2), 0, "0.0%"}, // percent
			{"报告", colRef(t, idReports, "文档编号", 2), 49, ""},   // text
			{"活动", colRef(t, idActivities, "原文", 2), 49, ""},  // evidence
			{"数量", colRef(t, idQuantities, "数值", 2), 0, ""},   // General
			{"代表对比", colRef(t, idDeputies, "最高复制比", 3), 0, "0.0%"},
			{"年度趋势", colRef(t, idTrend, "建议增减", 4), 0, "+0;-0;0"},
			{"年度趋势", colRef(t, idTrend, "积分增减", 4), 0, "+0.0;-0.0;0.0"},
			{"积分", colRef(t, idPoints, "积分", 2), 0, "0.0"},
		}
		for _, ff := range formats {
			id, err := f.GetCellStyle(ff.sheet, ff.ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			custom := ""
			if st.CustomNumFmt != nil {
				custom = *st.CustomNumFmt
			}
			if custom != ff.custom || (ff.custom == "" && st.NumFmt != ff.numFmt) {
				t.Errorf("%s!%s format %d %q, want %d %q", ff.sheet, ff.ref, st.NumFmt, custom, ff.numFmt, ff.custom)
			}
		}
		if v, _ := f.GetCellValue("报告", colRef(t, idReports, "复制比", 2)); v != "41.2%" {
			t.Errorf("复制比 shown as %q, want 41.2%%", v)
		}
		if v, _ := f.GetCellValue("年度趋势", colRef(t, idTrend, "建议增减", 4)); v != "-5" {
			t.Errorf("建议增减 shown as %q, want -5", v)
		}
	})

	t.Run("wrapping and row heights", func(t *testing.T) {
		id, _ := f.GetCellStyle("活动", colRef(t, idActivities, "原文", 2))
		if st, _ := f.GetStyle(id); st.Alignment == nil || !st.Alignment.WrapText {
			t.Error("活动 原文 does not wrap")
		}
		id, _ = f.GetCellStyle("报告", colRef(t, idReports, "文件", 2))
		if st, _ := f.GetStyle(id); st.Alignment != nil && st.Alignment.WrapText {
			t.Error("报告 文件 (a technical column) wraps")
		}
		// 标记 row 3: two sentences of evidence, 46 characters, in a column
		// of 44: two lines at least.
		if h, _ := f.GetRowHeight("标记", 3); h < 2*lineHeight {
			t.Errorf("标记 row 3 height %v: the evidence needs two lines", h)
		}
		if h, _ := f.GetRowHeight("报告", 3); h > lineHeight+rowPadding+1 {
			t.Errorf("报告 row 3 height %v: nothing there wraps", h)
		}
	})

	t.Run("tables, panes, page setup", func(t *testing.T) {
		names := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			names[dn.Scope+"|"+dn.Name] = dn.RefersTo
		}
		for _, id := range sheetTables {
			l := tables[id]
			rows, _ := f.GetRows(l.name)
			last, _ := excelize.ColumnNumberToName(len(l.heads))
			lastPrinted, _ := excelize.ColumnNumberToName(l.printCols)
			ts, err := f.GetTables(l.name)
			if err != nil || len(ts) != 1 || ts[0].Name != l.table || ts[0].Range != "A1:"+last+strconv.Itoa(len(rows)) {
				t.Errorf("%s tables %+v, want %s over A1:%s%d", l.name, ts, l.table, last, len(rows))
			}
			p, _ := f.GetPanes(l.name)
			if !p.Freeze || p.YSplit != 1 || p.XSplit != l.freeze {
				t.Errorf("%s panes %+v, want the header row and %d columns frozen", l.name, p, l.freeze)
			}
			layout, err := f.GetPageLayout(l.name)
			wantOrient := "portrait"
			if l.landscape() {
				wantOrient = "landscape"
			}
			if err != nil || *layout.Orientation != wantOrient || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 || *layout.Size != paperA4 {
				t.Errorf("%s page layout %s %d×%d size %d, want %s fitted to one page wide on A4", l.name,
					*layout.Orientation, *layout.FitToWidth, *layout.FitToHeight, *layout.Size, wantOrient)
			}
			props, _ := f.GetSheetProps(l.name)
			if props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s: fit to page is off", l.name)
			}
			hf, _ := f.GetHeaderFooter(l.name)
			if hf == nil || !strings.Contains(hf.OddHeader, "&A") || !strings.Contains(hf.OddHeader, "导出日期 2026-11-23") ||
				!strings.Contains(hf.OddHeader, defaultTitle) || !strings.Contains(hf.OddFooter, "第 &P 页，共 &N 页") {
				t.Errorf("%s header/footer %+v", l.name, hf)
			}
			if got := names[l.name+"|_xlnm.Print_Titles"]; got != "'"+l.name+"'!$1:$1" {
				t.Errorf("%s print titles %q", l.name, got)
			}
			if got, want := names[l.name+"|_xlnm.Print_Area"], "'"+l.name+"'!$A$1:$"+lastPrinted+"$"+strconv.Itoa(len(rows)); got != want {
				t.Errorf("%s print area %q, want %q", l.name, got, want)
			}
		}
		// Wide sheets print landscape, narrow ones portrait: the rule
		// above applied to two sheets checked by eye.
		if !tables[idDeputies].landscape() || tables[idShortcomings].landscape() {
			t.Error("代表对比 should print landscape and 不足 portrait")
		}
		if got := names["汇总|_xlnm.Print_Area"]; !strings.HasPrefix(got, "'汇总'!$A$1:$L$") {
			t.Errorf("汇总 print area %q, want the 12 columns of its widest table", got)
		}
	})

	t.Run("column widths", func(t *testing.T) {
		widths := []struct {
			sheet, col string
			min, max   float64
		}{
			{"活动", colRef(t, idActivities, "原文", 1), 40, 60},
			{"活动", colRef(t, idActivities, "次数", 1), 6, 10},
			{"报告", colRef(t, idReports, "文档编号", 1), 16, 24},
			{"代表对比", colRef(t, idDeputies, "调研", 1), 4, 6}, // stacked header: narrow
		}
		for _, w := range widths {
			got, err := f.GetColWidth(w.sheet, strings.TrimRight(w.col, "0123456789"))
			if err != nil {
				t.Fatal(err)
			}
			if got < w.min || got > w.max {
				t.Errorf("%s column %s width %v, want %v..%v", w.sheet, w.col, got, w.min, w.max)
			}
		}
	})

	t.Run("cols ascending", func(t *testing.T) {
		colRE := regexp.MustCompile(`<col min="(\d+)" max="(\d+)"`)
		for name, body := range raw {
			if !strings.HasPrefix(name, "xl/worksheets/sheet") {
				continue
			}
			prev := 0
			for _, m := range colRE.FindAllStringSubmatch(body, -1) {
				lo, _ := strconv.Atoi(m[1])
				hi, _ := strconv.Atoi(m[2])
				if lo <= prev || hi < lo {
					t.Errorf("%s: <col min=%d max=%d> after max %d: columns must ascend without overlap", name, lo, hi, prev)
				}
				prev = hi
			}
		}
	})

	t.Run("汇总", func(t *testing.T) {
		title, _ := f.GetCellValue("汇总", "A1")
		line, _ := f.GetCellValue("汇总", "A2")
		if title != defaultTitle+"：汇总" || !strings.Contains(line, "计入对比的履职报告 4 篇，代表 2 人，2023—2024 年") {
			t.Errorf("汇总 title %q, line %q", title, line)
		}
		ts, _ := f.GetTables("汇总")
		var names []string
		for _, tb := range ts {
			names = append(names, tb.Name)
		}
		if want := []string{"ByRegion", "ByYear", "ByLevel", "CopyRatios", "TopPoints", "OutlierKinds"}; !slices.Equal(names, want) {
			t.Errorf("汇总 tables %v, want %v", names, want)
		}
		charts := 0
		for name, body := range raw {
			if strings.HasPrefix(name, "xl/charts/chart") {
				charts++
				if !strings.Contains(body, "汇总") {
					t.Errorf("%s does not chart 汇总's data", name)
				}
			}
		}
		if charts != 4 {
			t.Errorf("%d charts, want 4 (regions, years, copy ratios, points)", charts)
		}
		// The year table, by hand from handComparison: 2023 before 2024.
		rows, _ := f.GetRows("汇总")
		found := false
		for i, r := range rows {
			if len(r) > 1 && r[0] == "年度" {
				found = true
				if rows[i+1][0] != "2023" || rows[i+1][1] != "2" || rows[i+2][0] != "2024" {
					t.Errorf("year table %v", rows[i:i+3])
				}
			}
		}
		if !found {
			t.Error("汇总 has no year table")
		}
	})

	t.Run("说明", func(t *testing.T) {
		got := notesOf(t, f)
		if got["导出时间"] != "2026-11-23 09:30:00 +08:00" {
			t.Errorf("导出时间 %q", got["导出时间"])
		}
		if !strings.HasPrefix(got["分析版本"], "2 至 3") {
			t.Errorf("分析版本 %q, want 2 至 3 (the fixtures mix versions)", got["分析版本"])
		}
		if got["文档数"] != "6 个文档（履职报告 5，工作报告 1）" {
			t.Errorf("文档数 %q", got["文档数"])
		}
		if !strings.HasPrefix(got["对比数据"], "计入对比的履职报告 4 篇，代表 2 人；积分表：测试积分表。") {
			t.Errorf("对比数据 %q", got["对比数据"])
		}
		if !strings.Contains(got["如何追溯"], "lvzhi show") {
			t.Errorf("如何追溯 %q does not name lvzhi show", got["如何追溯"])
		}
		if got["积分规则"] != "联系选民：每个 2 分（积分表第 7 行）" { // the last rule
			t.Errorf("积分规则 %q", got["积分规则"])
		}
		for _, s := range wantSheets[1:] {
			if got[s] == "" {
				t.Errorf("说明 does not describe sheet %s", s)
			}
		}
	})
}

// notesOf reads 说明's table into a map by 项目 (the last of a repeated
// 项目 wins).
func notesOf(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	rows, err := f.GetRows("说明")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[4:] {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	return got
}

// TestNumberCellTypeCheck makes sure checkCells can fail: a text cell that
// looks like a number is not a number.
func TestNumberCellTypeCheck(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetCellValue("Sheet1", "A1", "12")
	_ = f.SetCellValue("Sheet1", "A2", 12)
	typ1, _ := f.GetCellType("Sheet1", "A1")
	typ2, _ := f.GetCellType("Sheet1", "A2")
	if typ1 == excelize.CellTypeUnset || typ2 != excelize.CellTypeUnset {
		t.Errorf("text %v, number %v: excelize changed how it reports cell types", typ1, typ2)
	}
}

func unzipAll(tb testing.TB, path string) map[string]string {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		out[zf.Name] = string(b)
	}
	return out
}

// TestWorkbookNoComparison: without a comparison the four sheets made
// from it hold their headers only, and 说明 and 汇总 say why.
func TestWorkbookNoComparison(t *testing.T) {
	reports, extras := fixtures(t)
	f := openWorkbook(t, writeWorkbook(t, reports, extras, nil, nil))
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets %v", got)
	}
	for _, s := range []string{"代表对比", "年度趋势", "积分"} {
		rows, _ := f.GetRows(s)
		if len(rows) != 1 {
			t.Errorf("%s has %d rows, want the header only", s, len(rows))
		}
		if ts, _ := f.GetTables(s); len(ts) != 0 {
			t.Errorf("%s: a table over a header alone", s)
		}
	}
	if line, _ := f.GetCellValue("汇总", "A2"); !strings.Contains(line, "未附对比数据") {
		t.Errorf("汇总 line %q", line)
	}
	if got := notesOf(t, f)["对比数据"]; !strings.HasPrefix(got, "未附对比数据") {
		t.Errorf("说明 对比数据 %q", got)
	}
	rows, _ := f.GetRows("报告")
	if len(rows) != 7 {
		t.Errorf("报告 has %d rows, want 7", len(rows))
	}
}

func TestWorkbookEmpty(t *testing.T) {
	f := openWorkbook(t, writeWorkbook(t, nil, nil, nil, nil))
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("报告")
	if len(rows) != 1 {
		t.Errorf("empty workbook: 报告 has %d rows, want the header only", len(rows))
	}
	if got := notesOf(t, f)["分析版本"]; got != "无" {
		t.Errorf("empty workbook: 分析版本 %q", got)
	}
}

// TestWorkbookOverflow lowers the row limit to check that a full sheet
// continues in a new one placed right after it, with its own header,
// frozen pane, table and print titles.
func TestWorkbookOverflow(t *testing.T) {
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, handComparison(t), func(wb *Workbook) { wb.maxRows = 4 })
	f := openWorkbook(t, path)
	want := []string{"说明", "汇总", "代表对比", "年度趋势", "积分", "积分(2)", "报告", "报告(2)",
		"建议", "活动", "活动(2)", "活动(3)", "不足", "数量", "标记"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	counts := map[string]int{"报告": 3, "报告(2)": 3, "活动": 3, "活动(2)": 3, "活动(3)": 2, "积分": 3, "积分(2)": 1}
	for sheet, n := range counts {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != n || rows[0][0] != "代表" {
			t.Errorf("%s: %d data rows (want %d), header %v", sheet, len(rows)-1, n, rows[0])
		}
		p, _ := f.GetPanes(sheet)
		if !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header not frozen", sheet)
		}
	}
	checkCells(t, f, "报告(2)", []cell{{colRef(t, idReports, "文档编号", 2), "b000000000000003", false}})
	ts, _ := f.GetTables("活动(3)")
	if len(ts) != 1 || ts[0].Name != "Activities3" || ts[0].Range != "A1:N3" {
		t.Errorf("活动(3) tables %+v", ts)
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Scope+"|"+dn.Name] = dn.RefersTo
	}
	for _, s := range []string{"报告(2)", "活动(3)", "说明", "标记"} {
		if got := names[s+"|_xlnm.Print_Titles"]; !strings.HasPrefix(got, "'"+s+"'!$") {
			t.Errorf("%s print titles %q", s, got)
		}
	}
	notes := notesOf(t, f)
	if !strings.HasPrefix(notes["续表"], "积分(2)") && !strings.HasPrefix(notes["续表"], "活动(3)") {
		t.Errorf("说明 续表 %q", notes["续表"])
	}
	rows, _ := f.GetRows("说明")
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "=") + "\n"
	}
	for _, s := range []string{"积分(2)", "报告(2)", "活动(2)", "活动(3)"} {
		if !strings.Contains(all, "续表="+s) {
			t.Errorf("说明 does not mention %s", s)
		}
	}
}

func TestWorkbookLifecycle(t *testing.T) {
	t.Run("nil writer", func(t *testing.T) {
		_, err := NewWorkbook(nil, Options{})
		if corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("err %v, want EINVALID", err)
		}
	})
	t.Run("nil report", func(t *testing.T) {
		wb, err := NewWorkbook(io.Discard, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		if err := wb.Add(nil, Extra{}); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("err %v, want EINVALID", err)
		}
	})
	t.Run("add after close, close twice", func(t *testing.T) {
		var buf bytes.Buffer
		wb, err := NewWorkbook(&buf, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
		n := buf.Len()
		if err := wb.Add(liu2024(t), Extra{}); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Add after Close: %v, want EINVALID", err)
		}
		if err := wb.SetComparison(handComparison(t)); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("SetComparison after Close: %v, want EINVALID", err)
		}
		if err := wb.Close(); err != nil || buf.Len() != n {
			t.Errorf("second Close: %v, wrote %d more bytes", err, buf.Len()-n)
		}
		if _, err := excelize.OpenReader(&buf); err != nil {
			t.Errorf("written workbook does not open: %v", err)
		}
	})
	t.Run("write error", func(t *testing.T) {
		wb, err := NewWorkbook(failWriter{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.Add(liu2024(t), Extra{}); err != nil {
			t.Fatal(err)
		}
		err = wb.Close()
		if err == nil || !strings.Contains(err.Error(), "写出工作簿失败") || !errors.Is(err, errDiskFull) {
			t.Errorf("Close = %v, want 写出工作簿失败 wrapping the disk error", err)
		}
	})
	t.Run("title", func(t *testing.T) {
		var buf bytes.Buffer
		wb, err := NewWorkbook(&buf, Options{Title: "云溪县人大常委会研究室 & 代表工委", Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		hf, _ := f.GetHeaderFooter("报告")
		if !strings.Contains(hf.OddHeader, "云溪县人大常委会研究室 && 代表工委") {
			t.Errorf("header %q: the title with & escaped", hf.OddHeader)
		}
	})
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestWorkbookTempFiles checks that the streams' and the review queue's
// temporary files are gone after Close, on success and on failure.
func TestWorkbookTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	big := liu2024(t)
	// Rows of ~20 KB make the 活动 stream spill past excelize's 16 MiB
	// in-memory chunk into a temporary file.
	act := big.Activities[0]
	act.Text = strings.Repeat("参加调研", 1700)
	big.Activities = slices.Repeat([]corpus.Activity{act}, 10)
	big.Flags = []corpus.Flag{{Code: corpus.FlagNoShortcomings, Severity: corpus.SeverityLow, Message: "未谈不足"}}
	for _, w := range []io.Writer{io.Discard, failWriter{}} {
		wb, err := NewWorkbook(w, Options{})
		if err != nil {
			t.Fatal(err)
		}
		spilled := false
		for i := 0; i < 100; i++ {
			if err := wb.Add(big, Extra{}); err != nil {
				t.Fatal(err)
			}
			if ents, _ := os.ReadDir(tmp); len(ents) > 1 {
				spilled = true // the queue's file and a stream's
			}
		}
		if !spilled {
			t.Error("no temporary file was used: the test does not test anything")
		}
		_ = wb.Close()
		if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
			t.Errorf("temporary files left after Close: %v", ents)
		}
	}
}
