package export

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
)

// Workbook writes the .xlsx workbook. Every detail sheet has its own
// excelize StreamWriter, all open at once: each keeps its rows in memory up
// to excelize's chunk size (16 MiB) and spills the rest to a temporary file,
// so memory stays bounded however many reports are added. The aggregate
// sheets are written at Close, and the finished file is zipped straight
// into w rather than built in memory first.
//
// A Workbook is not safe for concurrent use.
type Workbook struct {
	w      io.Writer
	f      *excelize.File
	now    func() time.Time
	enc    encoder
	styles [colPercent + 1]int // column styles by colKind
	header int                 // header cell style
	notes  int                 // style of the 说明 column
	parts  [numSheets][]*part  // physical sheets of each logical sheet
	cells  []any
	// maxRows is the row limit of a worksheet: Excel's, lowered by tests.
	maxRows int
	err     error // first error; the workbook is unusable after it
	closed  bool
}

// part is one physical worksheet. A logical sheet that passes Excel's row
// limit continues in a new part named "活动(2)" and so on.
type part struct {
	name string
	sw   *excelize.StreamWriter
	rows int // rows written, header included
}

// NewWorkbook starts a workbook that will be written to w by Close.
func NewWorkbook(w io.Writer, opt Options) (*Workbook, error) {
	if w == nil {
		return nil, corpus.Errorf(corpus.EINVALID, "导出工作簿：未指定输出")
	}
	wb := &Workbook{w: w, f: excelize.NewFile(), now: opt.Now, maxRows: excelize.TotalRows}
	if wb.now == nil {
		wb.now = time.Now
	}
	if err := wb.init(); err != nil {
		_ = wb.f.Close()
		return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: "创建工作簿失败", Err: err}
	}
	return wb, nil
}

func (wb *Workbook) init() error {
	f := wb.f
	// Sheets are created up front so that they appear in this order.
	for i := range numSheets {
		name := sheets[i].name
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
				return err
			}
			continue
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	if err := wb.newStyles(); err != nil {
		return err
	}
	for i := range numStreamed {
		if err := wb.openPart(i, sheets[i].name); err != nil {
			return err
		}
	}
	return f.SetDocProps(&excelize.DocProperties{
		Creator:  "lvzhi",
		Title:    "人大代表履职报告分析",
		Language: "zh-CN",
		Created:  wb.now().UTC().Format(time.RFC3339),
	})
}

func (wb *Workbook) newStyles() error {
	f := wb.f
	var err error
	wb.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return err
	}
	pct := "0.0%"
	for kind, st := range map[colKind]*excelize.Style{
		colText:    {NumFmt: 49}, // "@": what a user types there stays text
		colLong:    {NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}},
		colInt:     {NumFmt: 1}, // "0"
		colScore:   {NumFmt: 2}, // "0.00"
		colPercent: {CustomNumFmt: &pct},
	} {
		if wb.styles[kind], err = f.NewStyle(st); err != nil {
			return err
		}
	}
	// The 说明 sheet has a few long lines: wrapping them there is cheap.
	wb.notes, err = f.NewStyle(&excelize.Style{
		NumFmt:    49,
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	})
	return err
}

// openPart starts a stream for a physical sheet of logical sheet i: column
// widths and formats, the frozen header, the header row.
func (wb *Workbook) openPart(i int, name string) error {
	sw, err := wb.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	def := sheets[i]
	// excelize puts each newly set column first in <cols>; going from the
	// last column to the first leaves them in the ascending order the file
	// format requires (Excel offers to "repair" a file with them unsorted).
	for c := len(def.cols) - 1; c >= 0; c-- {
		col := def.cols[c]
		if err := sw.SetColWidth(c+1, c+1, col.widthOrHeader()); err != nil {
			return err
		}
		style := wb.styles[col.kind]
		if i == shNotes && col.kind == colLong {
			style = wb.notes
		}
		if style != 0 {
			if err := sw.SetColStyle(c+1, c+1, style); err != nil {
				return err
			}
		}
	}
	err = sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return err
	}
	// Wide tables print better across the page.
	orient, paper := "landscape", 9 // A4
	if err := wb.f.SetPageLayout(name, &excelize.PageLayoutOptions{Orientation: &orient, Size: &paper}); err != nil {
		return err
	}
	header := make([]any, len(def.cols))
	for c, col := range def.cols {
		header[c] = excelize.Cell{StyleID: wb.header, Value: col.header}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	wb.parts[i] = append(wb.parts[i], &part{name: name, sw: sw, rows: 1})
	return nil
}

// Add writes the rows of one report to every detail sheet.
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

// writeRow appends a row to logical sheet i, starting a continuation sheet
// when the current one is full.
func (wb *Workbook) writeRow(i int, row []any) error {
	p := wb.parts[i][len(wb.parts[i])-1]
	// The 说明 sheet has a few dozen rows: it never needs a continuation.
	if p.rows >= wb.maxRows && i != shNotes {
		name := fmt.Sprintf("%s(%d)", sheets[i].name, len(wb.parts[i])+1)
		if _, err := wb.f.NewSheet(name); err != nil {
			return wb.sheetError(name, err)
		}
		if err := wb.openPart(i, name); err != nil {
			return wb.sheetError(name, err)
		}
		p = wb.parts[i][len(wb.parts[i])-1]
	}
	if cap(wb.cells) < len(row) {
		wb.cells = make([]any, len(row))
	}
	cells := wb.cells[:len(row)]
	for c, v := range row {
		cells[c] = xlsxValue(v)
	}
	p.rows++
	if err := p.sw.SetRow("A"+strconv.Itoa(p.rows), cells); err != nil {
		return wb.sheetError(p.name, err)
	}
	return nil
}

// xlsxValue makes a row value ready for excelize: text sanitised, empty
// text as an empty cell.
func xlsxValue(v any) any {
	if s, ok := v.(string); ok {
		if s == "" {
			return nil
		}
		return cellText(s)
	}
	return v
}

func (wb *Workbook) sheetError(name string, err error) error {
	return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入工作表“%s”失败", name), Err: err}
}

// Close writes the aggregate sheets, then the whole file to w. It removes
// the temporary files whatever happens. Closing twice does nothing.
func (wb *Workbook) Close() error {
	if wb.closed {
		return nil
	}
	wb.closed = true
	defer wb.f.Close() // removes the streams' temporary files
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
	for _, i := range []int{shDeputies, shNotes} {
		if err := wb.openPart(i, sheets[i].name); err != nil {
			return wb.sheetError(sheets[i].name, err)
		}
	}
	if err := wb.enc.deputies.each(func(row []any) error { return wb.writeRow(shDeputies, row) }); err != nil {
		return err
	}
	var overflow []string
	for i := range numStreamed {
		for _, p := range wb.parts[i][1:] {
			overflow = append(overflow, p.name)
		}
	}
	for _, n := range wb.enc.notes(wb.now(), overflow) {
		if err := wb.writeRow(shNotes, []any{n[0], n[1]}); err != nil {
			return err
		}
	}
	if err := wb.orderSheets(); err != nil {
		return err
	}
	// Filters last: their defined names refer to sheet positions, which
	// orderSheets may have changed.
	for i := range numSheets {
		last, _ := excelize.ColumnNumberToName(len(sheets[i].cols))
		for _, p := range wb.parts[i] {
			ref := "A1:" + last + strconv.Itoa(p.rows)
			if err := wb.f.AutoFilter(p.name, ref, nil); err != nil {
				return wb.sheetError(p.name, err)
			}
			if err := p.sw.Flush(); err != nil {
				return wb.sheetError(p.name, err)
			}
		}
	}
	return nil
}

// orderSheets moves continuation sheets next to the sheet they continue
// (they were created at the end of the workbook).
func (wb *Workbook) orderSheets() error {
	var want []string
	for i := range numSheets {
		for _, p := range wb.parts[i] {
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
