package export

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// The 汇总 sheet is a report to read and print, not a table to sort: a
// title, the figures by region, year and level, each followed by its
// chart, the distribution of copy ratios, the deputies with the most duty
// points, and how many outliers of each kind there are. It is small
// whatever the corpus (one row per region, year, level, and 20 deputies),
// so it is written with excelize's ordinary API, which charts need.

// Layout of 汇总.
const (
	chartWidth  = 720 // pixels: the width of the group tables
	chartHeight = 300
	chartRows   = 17 // rows a chart covers (15-point rows are 20 px), plus a gap
	// pageRows is how many rows of 汇总 fit a printed portrait page
	// (fitted to width, its tables are printed at about 98 %); a section
	// that would cross a page starts a new one. Kept low so that a chart is
	// never cut.
	pageRows = 48
	// chartedRegions is how many regions the region chart shows: the ones
	// with the most reports (the table lists every region).
	chartedRegions = 30
)

// summaryBlocks are 汇总's blocks in order, with the chart of each.
var summaryBlocks = []struct {
	id    int
	title string
	chart func(wb *Workbook, ref blockRef) *excelize.Chart
}{
	{idRegions, "各地区建议与活动", func(wb *Workbook, b blockRef) *excelize.Chart {
		return groupChart(b, min(b.rows, chartedRegions), chartTitle("各地区建议数与活动次数", b.rows, chartedRegions, "报告数最多的"))
	}},
	{idYears, "各年度建议与活动", func(wb *Workbook, b blockRef) *excelize.Chart {
		return groupChart(b, b.rows, "各年度建议数与活动次数")
	}},
	{idLevels, "各层级情况", nil},
	{idCopyBins, "复制比分布", func(wb *Workbook, b blockRef) *excelize.Chart {
		// The last bin is the reports not yet checked: not a ratio.
		return countChart(b, copyBinCount-1, excelize.Col, "复制比分布（报告数）", false)
	}},
	{idTopPoints, "履职积分最高的代表", func(wb *Workbook, b blockRef) *excelize.Chart {
		return countChart(b, b.rows, excelize.Bar, fmt.Sprintf("履职积分（前 %d 名）", topDeputies), true)
	}},
	{idOutlierKinds, "需关注的情况（明细见代表对比、年度趋势的“异常”列）", nil},
}

func chartTitle(title string, rows, shown int, which string) string {
	if rows > shown {
		return fmt.Sprintf("%s（%s %d 个）", title, which, shown)
	}
	return title
}

// no is for the options excelize takes as *bool.
var no = false

// blockRef locates a block's data on the sheet for its chart.
type blockRef struct {
	sheet  string
	t      *layout
	header int // row of the header
	rows   int // data rows
}

// col is the column letter of a header of the block's table.
func (b blockRef) col(head string) string {
	i := slices.Index(b.t.heads, head)
	if i < 0 {
		panic("export: no column " + head + " in " + b.t.name)
	}
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// ref is the absolute reference of rows [first, first+n) of a column.
func (b blockRef) ref(col string, n int) string {
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(b.sheet), col, b.header+1, col, b.header+n)
}

func (b blockRef) headRef(col string) string {
	return fmt.Sprintf("%s!$%s$%d", quoteSheet(b.sheet), col, b.header)
}

// groupChart shows suggestions and activities for the first n groups.
func groupChart(b blockRef, n int, title string) *excelize.Chart {
	cats := b.ref(b.col(b.t.heads[0]), n)
	var series []excelize.ChartSeries
	for _, h := range []string{"建议数", "活动次数"} {
		c := b.col(h)
		series = append(series, excelize.ChartSeries{Name: b.headRef(c), Categories: cats, Values: b.ref(c, n)})
	}
	return &excelize.Chart{
		Type:       excelize.Col,
		Series:     series,
		VaryColors: &no,
		Title:      []excelize.RichTextRun{{Text: title}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		YAxis:      excelize.ChartAxis{MajorGridLines: true},
	}
}

// countChart shows the second column of a block against its first.
func countChart(b blockRef, n int, typ excelize.ChartType, title string, reverse bool) *excelize.Chart {
	c := &excelize.Chart{
		Type:       typ,
		VaryColors: &no,
		Series: []excelize.ChartSeries{{
			Name:       b.headRef(b.col(b.t.heads[1])),
			Categories: b.ref(b.col(b.t.heads[0]), n),
			Values:     b.ref(b.col(b.t.heads[1]), n),
		}},
		Title:     []excelize.RichTextRun{{Text: title}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		YAxis:     excelize.ChartAxis{MajorGridLines: true},
	}
	if reverse {
		// A bar chart draws its first category at the bottom: the first
		// rank belongs on top.
		c.XAxis.ReverseOrder = true
	}
	return c
}

// writeSummary writes 汇总.
func (wb *Workbook) writeSummary() error {
	sheet := summarySheet
	f := wb.f
	if err := wb.pageSetup(sheet, false); err != nil {
		return err
	}
	// Rows of a fixed height, so that a chart covers the rows reserved for
	// it in every spreadsheet (LibreOffice's own default is lower).
	rowHeight, custom := lineHeight, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{DefaultRowHeight: &rowHeight, CustomHeight: &custom}); err != nil {
		return err
	}
	// Column widths: the widest any block needs at each position.
	var widths []float64
	for _, b := range summaryBlocks {
		for i, w := range tables[b.id].widths {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], w)
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	if err := wb.titleRows(sheet, wb.title+"：汇总", wb.summaryLine(), widths); err != nil {
		return err
	}
	if wb.enc.compared == nil {
		return nil
	}
	row, used := 4, 3
	for _, sb := range summaryBlocks {
		rows := wb.blocks[sb.id]
		t := tables[sb.id]
		height := 3 + len(rows)
		if sb.chart != nil && len(rows) > 0 {
			height += chartRows
		}
		if used > 0 && used+height > pageRows {
			if err := f.InsertPageBreak(sheet, "A"+strconv.Itoa(row)); err != nil {
				return err
			}
			used = 0
		}
		if err := f.SetCellValue(sheet, "A"+strconv.Itoa(row), sb.title); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, "A"+strconv.Itoa(row), "A"+strconv.Itoa(row), wb.section); err != nil {
			return err
		}
		b := blockRef{sheet: sheet, t: t, header: row + 1, rows: len(rows)}
		next, err := wb.writeBlock(sheet, t, rows, b.header)
		if err != nil {
			return err
		}
		if sb.chart != nil && len(rows) > 0 {
			if err := f.AddChart(sheet, "A"+strconv.Itoa(next+1), sb.chart(wb, b)); err != nil {
				return err
			}
			next += chartRows
		}
		next++ // a blank row between sections
		used += next - row
		row = next
	}
	// The print area ends with the widest table: the long lines under the
	// title would otherwise widen the page and shrink everything.
	lastCol, _ := excelize.ColumnNumberToName(len(widths))
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", Scope: sheet,
		RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", quoteSheet(sheet), lastCol, row),
	})
}

// summaryLine is the line under 汇总's title: when, how much, which points
// table.
func (wb *Workbook) summaryLine() string {
	s := "导出日期 " + exportDate(wb.now)
	c := wb.enc.compared
	if c == nil {
		return s + "。未附对比数据，本表为空；各文档的数字见报告、建议、活动等表。"
	}
	s += fmt.Sprintf("。计入对比的履职报告 %d 篇，代表 %d 人", c.reports, c.deputies)
	if len(c.years) > 0 {
		s += fmt.Sprintf("，%d—%d 年", slices.Min(c.years), slices.Max(c.years))
	}
	return s + "；积分表：" + nonBlank(c.points.Name, "未命名") + "。同名代表按地区、层级区分；写明“某某”等代称的报告不计入代表。"
}

// titleRows writes a sheet's title in A1 and a line under it in A2,
// wrapped across the columns of the given widths.
func (wb *Workbook) titleRows(sheet, title, line string, widths []float64) error {
	f := wb.f
	if err := f.SetCellValue(sheet, "A1", cellText(title)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", wb.titleStyle); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 24); err != nil {
		return err
	}
	if line == "" {
		return nil
	}
	line = cellText(line)
	if err := f.SetCellValue(sheet, "A2", line); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(widths))
	if err := f.MergeCell(sheet, "A2", last+"2"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", "A2", wb.styles[colWrap]); err != nil {
		return err
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	return f.SetRowHeight(sheet, 2, float64(wrappedLines(line, total))*lineHeight+rowPadding)
}

// writeBlock writes a table's header at row at and its rows under it, as
// an Excel table, and returns the row after it.
func (wb *Workbook) writeBlock(sheet string, t *layout, rows [][]any, at int) (int, error) {
	f := wb.f
	for c, h := range t.heads {
		ref, _ := excelize.CoordinatesToCellName(c+1, at)
		if err := f.SetCellValue(sheet, ref, h); err != nil {
			return 0, err
		}
		if err := f.SetCellStyle(sheet, ref, ref, wb.headerStyle(t, c)); err != nil {
			return 0, err
		}
	}
	if err := f.SetRowHeight(sheet, at, t.headerHeight()); err != nil {
		return 0, err
	}
	for i, row := range rows {
		if h := rowHeight(t, func(c int) string { return cellString(row[c]) }); h > 0 {
			if err := f.SetRowHeight(sheet, at+1+i, h); err != nil {
				return 0, err
			}
		}
		for c, v := range row {
			v = wb.xlsxValue(v)
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, at+1+i)
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				return 0, err
			}
		}
	}
	if len(rows) == 0 {
		return at + 1, nil
	}
	last := at + len(rows)
	for c, kind := range t.kinds {
		col, _ := excelize.ColumnNumberToName(c + 1)
		if err := f.SetCellStyle(sheet, col+strconv.Itoa(at+1), col+strconv.Itoa(last), wb.styles[kind]); err != nil {
			return 0, err
		}
	}
	if err := f.AddTable(sheet, wb.tableOf(t, t.table, at, last)); err != nil {
		return 0, err
	}
	return last + 1, nil
}

// writeNotes writes 说明: a title and the notes as a table.
func (wb *Workbook) writeNotes(notes []noteRow) error {
	sheet := tables[idNotes].name
	t := tables[idNotes]
	if err := wb.pageSetup(sheet, t.landscape()); err != nil {
		return err
	}
	for i, w := range t.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := wb.f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	if err := wb.titleRows(sheet, wb.title, "本工作簿由 lvzhi 生成，导出日期 "+exportDate(wb.now)+"。下表说明各工作表的内容和读法。", t.widths); err != nil {
		return err
	}
	const header = 4
	rows := make([][]any, len(notes))
	for i, n := range notes {
		rows[i] = []any{n[0], n[1]}
	}
	last, err := wb.writeBlock(sheet, t, rows, header)
	if err != nil {
		return err
	}
	if err := wb.printRanges(sheet, t, header, last-1); err != nil {
		return err
	}
	return wb.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: header, TopLeftCell: "A" + strconv.Itoa(header+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A" + strconv.Itoa(header+1), ActiveCell: "A" + strconv.Itoa(header+1), Pane: "bottomLeft"}},
	})
}
