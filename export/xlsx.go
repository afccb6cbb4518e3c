package export

import (
	"archive/zip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
)

// Workbook writes the .xlsx workbook. Each table sheet has its own excelize
// StreamWriter, all open at once: each keeps its rows in memory up to
// excelize's chunk size (16 MiB) and spills the rest to a temporary file,
// so memory stays bounded however many reports are added. 说明 and 汇总 are
// small and written at Close with excelize's ordinary API (汇总's charts
// need it), and the finished file is zipped straight into w rather than
// built in memory first.
//
// Use: NewWorkbook, SetComparison, Add every report in reading order
// (region, deputy, year: the detail sheets keep the order of Add), Close.
// A Workbook is not safe for concurrent use.
type Workbook struct {
	w       io.Writer
	f       *excelize.File
	now     time.Time
	title   string
	enc     encoder
	styles  [numColKinds]int // column styles by colKind
	header  int              // header cell style
	stacked int              // header cell style, characters stacked
	// titleStyle and section style 汇总's and 说明's title and 汇总's
	// section titles.
	titleStyle, section int
	bold                *excelize.Font // the extracted words in an evidence cell
	parts               [numTables][]*part
	blocks              [numTables][][]any // rows of the 汇总 blocks, kept until Close
	cells               []any
	// maxRows is the row limit of a worksheet: Excel's, lowered by tests.
	maxRows int
	err     error // first error; the workbook is unusable after it
	closed  bool
}

// part is one physical worksheet. A table that passes Excel's row limit
// continues in a new part named "活动(2)" and so on.
type part struct {
	name string
	sw   *excelize.StreamWriter
	rows int // rows written, header included
}

// sheetTables are the tables with a sheet of their own, in workbook order
// after 说明 and 汇总.
var sheetTables = []int{idDeputies, idTrend, idPoints, idReports, idSuggestions, idActivities, idShortcomings, idQuantities, idFlags}

// NewWorkbook starts a workbook that will be written to w by Close.
func NewWorkbook(w io.Writer, opt Options) (*Workbook, error) {
	if w == nil {
		return nil, corpus.Errorf(corpus.EINVALID, "导出工作簿：未指定输出")
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	wb := &Workbook{w: w, f: excelize.NewFile(), now: now(), title: nonBlank(opt.Title, defaultTitle), maxRows: excelize.TotalRows}
	if err := wb.init(); err != nil {
		_ = wb.f.Close()
		return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: "创建工作簿失败", Err: err}
	}
	return wb, nil
}

func (wb *Workbook) init() error {
	f := wb.f
	// Sheets are created up front so that they appear in this order.
	if err := f.SetSheetName(f.GetSheetName(0), tables[idNotes].name); err != nil {
		return err
	}
	names := []string{summarySheet}
	for _, id := range sheetTables {
		names = append(names, tables[id].name)
	}
	for _, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := wb.newStyles(); err != nil {
		return err
	}
	for _, id := range sheetTables {
		if err := wb.openPart(id, tables[id].name); err != nil {
			return err
		}
	}
	return f.SetDocProps(&excelize.DocProperties{
		Creator:  "lvzhi",
		Title:    wb.title,
		Language: "zh-CN",
		Created:  wb.now.UTC().Format(time.RFC3339),
	})
}

// Number formats by column kind: a built-in format number, or a custom one.
var numFmts = [numColKinds]struct {
	id     int
	custom string
}{
	colText:        {id: 49}, // "@": what a user types there stays text
	colWrap:        {id: 49},
	colInt:         {id: 1}, // "0"
	colNumber:      {id: 0}, // General
	colScore:       {id: 2}, // "0.00"
	colPercent:     {custom: "0.0%"},
	colPoints:      {custom: "0.0"},
	colDelta:       {custom: "+0;-0;0"},
	colDeltaPoints: {custom: "+0.0;-0.0;0.0"},
}

func (wb *Workbook) newStyles() error {
	f := wb.f
	var err error
	wb.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	wb.stacked, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "center", TextRotation: 255},
	})
	if err != nil {
		return err
	}
	for kind := range numColKinds {
		st := &excelize.Style{NumFmt: numFmts[kind].id, Alignment: &excelize.Alignment{Vertical: "top"}}
		if c := numFmts[kind].custom; c != "" {
			st.CustomNumFmt = &c
		}
		if kind == colWrap {
			st.Alignment.WrapText = true
		}
		if wb.styles[kind], err = f.NewStyle(st); err != nil {
			return err
		}
	}
	wb.bold = &excelize.Font{Bold: true, Color: "1F3864"}
	if wb.titleStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}); err != nil {
		return err
	}
	wb.section, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F3864"}})
	return err
}

// Page setup shared by every sheet.
const (
	paperA4 = 9
)

// pageSetup prepares a sheet for printing: A4, landscape when wide,
// fitted to one page wide (as many pages down as needed), the sheet's name
// and the export date in the page header, page numbers in the footer.
// Call it before the sheet's stream writer is made: excelize writes the
// fit-to-page property when the stream starts.
func (wb *Workbook) pageSetup(name string, landscape bool) error {
	f := wb.f
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	// FitToHeight 0: as many pages down as the rows need.
	paper, wide, tall := paperA4, 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	left, right, top, bottom, header, footer := 0.4, 0.4, 0.75, 0.6, 0.3, 0.3
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: &left, Right: &right, Top: &top, Bottom: &bottom, Header: &header, Footer: &footer,
	}); err != nil {
		return err
	}
	return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
		OddHeader: "&L&\"-,Bold\"" + headerText(wb.title) + "&C&A&R导出日期 " + exportDate(wb.now),
		OddFooter: "&C第 &P 页，共 &N 页",
	})
}

// headerText escapes text for a page header: & starts a code there. Excel
// allows 255 characters in the whole header; the title is cut well short.
func headerText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)
	if utf16Len(s) > 100 {
		s = truncate(s, 100)
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// openPart starts a stream for a physical sheet of table id: page setup,
// column widths and formats, the frozen header, the header row.
func (wb *Workbook) openPart(id int, name string) error {
	t := tables[id]
	if err := wb.pageSetup(name, t.landscape()); err != nil {
		return err
	}
	sw, err := wb.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// excelize puts each newly set column first in <cols>; going from the
	// last column to the first leaves them in the ascending order the file
	// format requires (Excel offers to "repair" a file with them unsorted).
	for c := len(t.heads) - 1; c >= 0; c-- {
		if err := sw.SetColWidth(c+1, c+1, t.widths[c]); err != nil {
			return err
		}
		if err := sw.SetColStyle(c+1, c+1, wb.styles[t.kinds[c]]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(freezePanes(t.freeze)); err != nil {
		return err
	}
	header := make([]any, len(t.heads))
	for c, h := range t.heads {
		header[c] = excelize.Cell{StyleID: wb.headerStyle(t, c), Value: h}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: t.headerHeight()}); err != nil {
		return err
	}
	wb.parts[id] = append(wb.parts[id], &part{name: name, sw: sw, rows: 1})
	return nil
}

// freezePanes keeps the header row, and the first cols columns, in view.
func freezePanes(cols int) *excelize.Panes {
	top, _ := excelize.CoordinatesToCellName(cols+1, 2)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{
		Freeze:      true,
		XSplit:      cols,
		YSplit:      1,
		TopLeftCell: top,
		ActivePane:  pane,
		Selection:   []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}},
	}
}

// SetComparison gives the workbook the comparison of the reports it will
// hold (app's Compare over the same selection): 汇总, 代表对比, 年度趋势
// and 积分 are made from it. Call it before the first Add, so that each
// duty point is shown with its sentence and paragraph as its report goes
// by; points of reports never added, or all of them when it comes after
// Add, are written at Close with the extracted words alone. Without a
// comparison those four sheets hold only their headers, and 说明 says so.
// The comparison must not change until Close. The workbook lets go of it
// once the sheets made from it are written: a caller that keeps no
// reference of its own lets its memory be freed before the review queue
// and the zip are written.
func (wb *Workbook) SetComparison(c *corpus.Comparison) error {
	if wb.closed {
		return corpus.Errorf(corpus.EINVALID, "导出工作簿：工作簿已关闭，不能再设置对比数据")
	}
	return wb.enc.setComparison(c)
}

// Add writes the rows of one report to every detail sheet. Reports are
// expected in reading order (region, deputy, year): the detail sheets
// keep the order of Add. The review queue (标记) is ordered by score at
// Close.
func (wb *Workbook) Add(r *corpus.Report, x Extra) error {
	if wb.closed {
		return corpus.Errorf(corpus.EINVALID, "导出工作簿：工作簿已关闭，不能再添加报告")
	}
	if wb.err != nil {
		return wb.err
	}
	if r == nil {
		return corpus.Errorf(corpus.EINVALID, "导出工作簿：报告为空")
	}
	if err := wb.enc.add(r, x, wb.writeRow); err != nil {
		wb.err = err
		return err
	}
	return nil
}

// writeRow appends a row to table id: to its sheet, starting a
// continuation sheet when the current one is full, or to the rows of its
// 汇总 block.
func (wb *Workbook) writeRow(id int, row []any) error {
	switch {
	case onSummary(id):
		wb.blocks[id] = append(wb.blocks[id], slices.Clone(row))
		return nil
	case id == idOutliers:
		return nil // in the workbook: the 异常 columns and a count on 汇总
	}
	p := wb.parts[id][len(wb.parts[id])-1]
	if p.rows >= wb.maxRows {
		name := fmt.Sprintf("%s(%d)", tables[id].name, len(wb.parts[id])+1)
		if _, err := wb.f.NewSheet(name); err != nil {
			return wb.sheetError(name, err)
		}
		if err := wb.openPart(id, name); err != nil {
			return wb.sheetError(name, err)
		}
		p = wb.parts[id][len(wb.parts[id])-1]
	}
	if cap(wb.cells) < len(row) {
		wb.cells = make([]any, len(row))
	}
	cells := wb.cells[:len(row)]
	for c, v := range row {
		cells[c] = wb.xlsxValue(v)
	}
	p.rows++
	var opts []excelize.RowOpts
	if h := rowHeight(tables[id], func(c int) string { return cellString(row[c]) }); h > 0 {
		opts = append(opts, excelize.RowOpts{Height: h})
	}
	if err := p.sw.SetRow("A"+strconv.Itoa(p.rows), cells, opts...); err != nil {
		return wb.sheetError(p.name, err)
	}
	return nil
}

// xlsxValue makes a row value ready for excelize: text sanitised, empty
// text as an empty cell, evidence as rich text with the extracted words in
// bold.
func (wb *Workbook) xlsxValue(v any) any {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		return cellText(v)
	case evidence:
		return wb.richText(v)
	}
	return v
}

// richText shows evidence with its marks in bold. Text the sanitiser would
// change other than by the formula apostrophe (invalid characters, over
// the length limit) is shown plain: marks would no longer line up.
func (wb *Workbook) richText(ev evidence) any {
	if ev.text == "" {
		return nil
	}
	if len(ev.marks) == 0 || !clean(ev.text) || utf16Len(ev.text) >= maxCellChars-1 {
		return cellText(ev.text)
	}
	runs := make([]excelize.RichTextRun, 0, 2*len(ev.marks)+2)
	if formulaLike(ev.text) {
		runs = append(runs, excelize.RichTextRun{Text: "'"})
	}
	at := 0
	for _, m := range ev.marks {
		if m[0] < at || m[1] > len(ev.text) || m[0] >= m[1] {
			return cellText(ev.text) // not ours: marks out of order
		}
		if m[0] > at {
			runs = append(runs, excelize.RichTextRun{Text: ev.text[at:m[0]]})
		}
		runs = append(runs, excelize.RichTextRun{Text: ev.text[m[0]:m[1]], Font: wb.bold})
		at = m[1]
	}
	if at < len(ev.text) {
		runs = append(runs, excelize.RichTextRun{Text: ev.text[at:]})
	}
	return runs
}

// headerStyle is the style of a table's header cell.
func (wb *Workbook) headerStyle(t *layout, col int) int {
	if t.stack[col] {
		return wb.stacked
	}
	return wb.header
}

func (wb *Workbook) sheetError(name string, err error) error {
	return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入工作表“%s”失败", name), Err: err}
}

// Close writes the sheets made at the end (the comparison's, the review
// queue, 说明 and 汇总), then the whole file to w. It removes the temporary
// files whatever happens. Closing twice does nothing.
func (wb *Workbook) Close() error {
	if wb.closed {
		return nil
	}
	wb.closed = true
	defer wb.f.Close() // removes the streams' temporary files
	defer wb.enc.close()
	if wb.err != nil {
		return wb.err
	}
	if err := wb.finish(); err != nil {
		return err
	}
	// excelize's WriteTo builds the whole zip in a bytes.Buffer; a zip
	// writer over w instead streams it (the buffer stays empty).
	wb.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(wb.w) })
	if err := wb.f.Write(io.Discard); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: "写出工作簿失败", Err: err}
	}
	return nil
}

func (wb *Workbook) finish() error {
	if err := wb.enc.finish(wb.writeRow); err != nil {
		return err
	}
	var overflow []string
	for _, id := range sheetTables {
		for _, p := range wb.parts[id][1:] {
			overflow = append(overflow, p.name)
		}
	}
	if err := wb.writeNotes(wb.enc.notes(wb.now, overflow)); err != nil {
		return wb.sheetError(tables[idNotes].name, err)
	}
	if err := wb.writeSummary(); err != nil {
		return wb.sheetError(summarySheet, err)
	}
	if err := wb.orderSheets(); err != nil {
		return err
	}
	// Tables and print ranges last: defined names refer to sheet
	// positions, which orderSheets may have changed.
	for _, id := range sheetTables {
		t := tables[id]
		for k, p := range wb.parts[id] {
			if p.rows > 1 {
				name := t.table
				if k > 0 {
					name += strconv.Itoa(k + 1)
				}
				if err := p.sw.AddTable(wb.tableOf(t, name, 1, p.rows)); err != nil {
					return wb.sheetError(p.name, err)
				}
			}
			if err := wb.printRanges(p.name, t, 1, p.rows); err != nil {
				return wb.sheetError(p.name, err)
			}
			if err := p.sw.Flush(); err != nil {
				return wb.sheetError(p.name, err)
			}
		}
	}
	return nil
}

// tableOf is the Excel table over rows first..last of a table's columns.
func (wb *Workbook) tableOf(t *layout, name string, first, last int) *excelize.Table {
	lastCol, _ := excelize.ColumnNumberToName(len(t.heads))
	stripes := true
	return &excelize.Table{
		Range:          "A" + strconv.Itoa(first) + ":" + lastCol + strconv.Itoa(last),
		Name:           name,
		StyleName:      "TableStyleLight9",
		ShowRowStripes: &stripes,
	}
}

// printRanges repeats the header row on every printed page and leaves the
// technical columns out of print.
func (wb *Workbook) printRanges(sheet string, t *layout, header, last int) error {
	q := quoteSheet(sheet)
	err := wb.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("%s!$%d:$%d", q, header, header),
	})
	if err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(max(t.printCols, 1))
	return wb.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", Scope: sheet,
		RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", q, lastCol, max(last, header)),
	})
}

// quoteSheet quotes a sheet name for a reference: '汇总'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// orderSheets moves continuation sheets next to the sheet they continue
// (they were created at the end of the workbook).
func (wb *Workbook) orderSheets() error {
	want := []string{tables[idNotes].name, summarySheet}
	for _, id := range sheetTables {
		for _, p := range wb.parts[id] {
			want = append(want, p.name)
		}
	}
	for k, name := range want {
		have := wb.f.GetSheetList()
		if have[k] == name {
			continue
		}
		if err := wb.f.MoveSheet(name, have[k]); err != nil {
			return wb.sheetError(name, err)
		}
	}
	return nil
}
