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

var fixedNow = time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// writeWorkbook writes reports to a workbook file in a temporary directory
// and returns its path.
func writeWorkbook(tb testing.TB, reports []*corpus.Report, extras []Extra, setup func(*Workbook)) string {
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

func TestWorkbook(t *testing.T) {
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, nil)
	f := openWorkbook(t, path)

	t.Run("sheets", func(t *testing.T) {
		want := []string{"报告", "建议", "活动", "不足", "数量", "标记", "代表对比", "说明"}
		if got := f.GetSheetList(); !slices.Equal(got, want) {
			t.Errorf("sheets %v, want %v", got, want)
		}
		if got := f.GetActiveSheetIndex(); got != 0 {
			t.Errorf("active sheet %d, want 0 (报告)", got)
		}
	})

	t.Run("headers", func(t *testing.T) {
		for _, s := range sheets {
			rows, err := f.GetRows(s.name)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, c := range s.cols {
				want = append(want, c.header)
			}
			if len(rows) == 0 || !slices.Equal(rows[0], want) {
				t.Errorf("%s header %v, want %v", s.name, rows, want)
			}
			styleID, _ := f.GetCellStyle(s.name, "A1")
			st, err := f.GetStyle(styleID)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("%s header is not bold (style %d)", s.name, styleID)
			}
		}
		// A spot check against the spec's wording, not the table above.
		rows, _ := f.GetRows("活动")
		if got := strings.Join(rows[0], ","); got != "文档编号,代表姓名,报告年份,活动类型,次数,单位,约数,占位符,以代表身份,日期,原文,起始位置,结束位置" {
			t.Errorf("活动 header %s", got)
		}
	})

	t.Run("row counts", func(t *testing.T) {
		want := map[string]int{"报告": 6, "建议": 3, "活动": 8, "不足": 3, "数量": 2, "标记": 3, "代表对比": 3}
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
		// Row 2 is liu2023, row 3 liu2024, row 6 the work report.
		checkCells(t, f, "报告", []cell{
			{"A2", "a1b2c3d4e5f60718", false},
			{"B2", "2023/青石镇.zip", false},
			{"C2", "代表/柳青岚.docx", false},
			{"D2", "2", true},
			{"E2", "1", true},
			{"F2", "履职报告", false},
			{"G2", "'=2023年度人大代表履职报告", false}, // neutralised
			{"H2", "柳青岚", false},
			{"L2", "'@青石村党支部书记", false},
			{"M2", "2021", true},
			{"N2", "2023", true},
			{"O2", "9", true},
			{"P2", "否", false},
			{"V2", "占位符未填、套用雷同", false},
			{"W2", "高", false},
			{"X2", "0.875", true},
			{"Y2", "0.4123", true},
			{"C3", "", false},  // no zip member
			{"D4", "", false},  // Origins 0: unknown, not zero
			{"Y5", "", false},  // copy ratio not computed
			{"Z3", "57", true}, // 字数 of liu2024, counted by hand
			{"E6", "2", true},
			{"F6", "工作报告", false},
			{"O6", "", false}, // a body's count is not the total
			{"W3", "", false}, // no flags: no severity
		})
	})

	t.Run("formula neutralisation", func(t *testing.T) {
		checkCells(t, f, "活动", []cell{{"K3", "'- 参加镇人大组织的视察活动**次。", false}})
		checkCells(t, f, "数量", []cell{{"I3", "'-0.5%", false}, {"D3", "0.5", true}})
		checkCells(t, f, "标记", []cell{{"G3", "'+与其他报告雷同", false}})
		// No cell anywhere may carry a formula.
		raw := unzipAll(t, path)
		for name, body := range raw {
			if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(body, "<f>") {
				t.Errorf("%s contains a formula", name)
			}
		}
	})

	t.Run("number formats", func(t *testing.T) {
		formats := []struct {
			sheet, ref string
			numFmt     int
			custom     string
		}{
			{"报告", "D2", 1, ""},       // integer
			{"报告", "X2", 2, ""},       // 0.00
			{"报告", "Y2", 0, "0.0%"},   // percent
			{"代表对比", "W3", 0, "0.0%"}, // 最高复制比
			{"报告", "A2", 49, ""},      // text
			{"活动", "K2", 49, ""},      // 原文
			{"数量", "D2", 0, ""},       // General
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
			if st.Alignment != nil && st.Alignment.WrapText {
				t.Errorf("%s!%s wraps text", ff.sheet, ff.ref)
			}
		}
		v, _ := f.GetCellValue("报告", "Y2")
		if v != "41.2%" {
			t.Errorf("复制比 shown as %q, want 41.2%%", v)
		}
	})

	t.Run("frozen header and filters", func(t *testing.T) {
		for _, s := range sheets {
			p, err := f.GetPanes(s.name)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
				t.Errorf("%s panes %+v, want the first row frozen", s.name, p)
			}
			layout, err := f.GetPageLayout(s.name)
			if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" {
				t.Errorf("%s page layout %+v, want landscape", s.name, layout)
			}
		}
		raw := unzipAll(t, path)
		filters := map[string]string{}
		for name, body := range raw {
			if m := regexp.MustCompile(`<autoFilter ref="([^"]+)"`).FindStringSubmatch(body); m != nil {
				// excelize writes the range with $ signs; Excel accepts both.
				filters[name] = strings.ReplaceAll(m[1], "$", "")
			}
		}
		// The workbook's defined names tie each filter to its sheet.
		want := map[string]string{"报告": "A1:Z7", "建议": "A1:M4", "活动": "A1:M9", "不足": "A1:G4",
			"数量": "A1:K3", "标记": "A1:J4", "代表对比": "A1:W4"}
		names := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" {
				names[dn.Scope] = dn.RefersTo
			}
		}
		for sheet, ref := range want {
			if got := names[sheet]; got != "'"+sheet+"'!"+absRef(ref) && got != "'"+sheet+"'!"+ref {
				t.Errorf("%s filter name refers to %q, want %s", sheet, got, ref)
			}
		}
		if len(filters) != len(sheets) {
			t.Errorf("%d worksheets with an autoFilter, want %d: %v", len(filters), len(sheets), filters)
		}
		found := false
		for _, ref := range filters {
			if ref == "A1:M9" {
				found = true
			}
		}
		if !found {
			t.Errorf("no worksheet filters A1:M9 (活动): %v", filters)
		}
	})

	t.Run("column widths", func(t *testing.T) {
		widths := []struct {
			sheet, col string
			min, max   float64
		}{
			{"活动", "K", 60, 120}, // 原文: wide
			{"活动", "E", 6, 10},   // 次数: narrow
			{"报告", "A", 16, 24},  // 文档编号
			{"报告", "Q", 16, 20},  // 建议数为占位符: the header fits
		}
		for _, w := range widths {
			got, err := f.GetColWidth(w.sheet, w.col)
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
		for name, body := range unzipAll(t, path) {
			if !strings.HasPrefix(name, "xl/worksheets/") {
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
			if prev == 0 {
				t.Errorf("%s has no <col> widths", name)
			}
		}
	})

	t.Run("代表对比", func(t *testing.T) {
		checkCells(t, f, "代表对比", []cell{
			{"A2", "柳青岚", false}, {"B2", "2023", true}, {"C2", "白沙乡", false}, {"I2", "2", true},
			{"C3", "青石镇", false}, {"D3", "县、镇", false}, {"E3", "2", true}, {"F3", "11", true},
			{"J3", "4", true}, {"N3", "5", true}, {"Q3", "", false}, {"I3", "", false}, {"W3", "0.6", true},
			{"B4", "2024", true}, {"J4", "2", true},
		})
	})

	t.Run("说明", func(t *testing.T) {
		rows, err := f.GetRows("说明")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, r := range rows[1:] {
			if len(r) == 2 {
				got[r[0]] = r[1]
			}
		}
		if got["生成时间"] != "2026-11-23 09:30:00 +08:00" {
			t.Errorf("生成时间 %q", got["生成时间"])
		}
		if !strings.HasPrefix(got["分析版本"], "2 至 3") {
			t.Errorf("分析版本 %q, want 2 至 3 (the fixtures mix versions)", got["分析版本"])
		}
		if got["文档数"] != "6 个文档（履职报告 5，工作报告 1）" {
			t.Errorf("文档数 %q", got["文档数"])
		}
		if !strings.Contains(got["如何追溯"], "lvzhi show") {
			t.Errorf("如何追溯 %q does not name lvzhi show", got["如何追溯"])
		}
		for _, s := range sheets[:shNotes] {
			if got[s.name] == "" {
				t.Errorf("说明 does not describe sheet %s", s.name)
			}
		}
	})
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

func absRef(ref string) string {
	return regexp.MustCompile(`([A-Z]+)([0-9]+)`).ReplaceAllString(ref, "$$$1$$$2")
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

func TestWorkbookEmpty(t *testing.T) {
	path := writeWorkbook(t, nil, nil, nil)
	f := openWorkbook(t, path)
	if n := len(f.GetSheetList()); n != numSheets {
		t.Fatalf("%d sheets, want %d", n, numSheets)
	}
	rows, _ := f.GetRows("报告")
	if len(rows) != 1 {
		t.Errorf("empty workbook: 报告 has %d rows, want the header only", len(rows))
	}
	rows, _ = f.GetRows("说明")
	if len(rows) < 2 || rows[2][1] != "无" {
		t.Errorf("empty workbook: 说明 %v", rows)
	}
}

// TestWorkbookOverflow lowers the row limit to check that a full sheet
// continues in a new one placed right after it, with its own header,
// frozen pane and filter.
func TestWorkbookOverflow(t *testing.T) {
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, func(wb *Workbook) { wb.maxRows = 4 })
	f := openWorkbook(t, path)
	want := []string{"报告", "报告(2)", "建议", "活动", "活动(2)", "活动(3)", "不足", "数量", "标记", "代表对比", "说明"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	counts := map[string]int{"报告": 3, "报告(2)": 3, "活动": 3, "活动(2)": 3, "活动(3)": 2}
	for sheet, n := range counts {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != n || rows[0][0] != "文档编号" {
			t.Errorf("%s: %d data rows (want %d), header %v", sheet, len(rows)-1, n, rows[0])
		}
		p, _ := f.GetPanes(sheet)
		if !p.Freeze || p.YSplit != 1 {
			t.Errorf("%s: header not frozen", sheet)
		}
	}
	checkCells(t, f, "报告(2)", []cell{{"A2", "b000000000000003", false}})
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			names[dn.Scope] = dn.RefersTo
		}
	}
	for sheet, ref := range map[string]string{"报告(2)": "$A$1:$Z$4", "活动(3)": "$A$1:$M$3", "说明": "$A$1:$B$"} {
		if !strings.HasPrefix(names[sheet], "'"+sheet+"'!"+ref) {
			t.Errorf("%s filter %q, want %s", sheet, names[sheet], ref)
		}
	}
	rows, _ := f.GetRows("说明")
	var notes []string
	for _, r := range rows {
		notes = append(notes, strings.Join(r, "="))
	}
	all := strings.Join(notes, "\n")
	for _, s := range []string{"报告(2)", "活动(2)", "活动(3)"} {
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
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

// TestWorkbookTempFiles checks that the streams' temporary files are gone
// after Close, on success and on failure.
func TestWorkbookTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	big := liu2024(t)
	// Rows of ~20 KB make the 活动 stream spill past excelize's 16 MiB
	// in-memory chunk into a temporary file.
	act := big.Activities[0]
	act.Text = strings.Repeat("参加调研", 1700)
	big.Activities = slices.Repeat([]corpus.Activity{act}, 10)
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
			if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
				spilled = true
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
