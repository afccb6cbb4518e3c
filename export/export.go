// Package export writes the analysis of many reports as tables an analyst can
// open and work in: an Excel workbook (excelize, streaming) or one CSV file per
// sheet. Both are encoders over the reports: create one, Add every report
// once, Close. Detail rows are streamed as reports arrive; only the small
// per-deputy aggregate is kept in memory until Close.
//
// Every text cell passes through one sanitiser: text that a spreadsheet could
// take for a formula (=, +, -, @, tab, CR at the start) gets a leading
// apostrophe, and text longer than Excel's cell limit is cut with a marker.
// Numbers are written as numbers; unknown values are empty cells.
package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
)

// Options configure a Workbook.
type Options struct {
	// Now gives the time written in the 说明 sheet; nil means time.Now.
	Now func() time.Time
}

// Extra carries per-document figures that are not in corpus.Analysis.
type Extra struct {
	CopyRatio *float64 // 0..1, nil when not computed
	Score     float64  // review score 0..1 (higher = review first)
	Origins   int      // how many files held this document; 0 = unknown
}

// colKind says how a column is formatted.
type colKind uint8

const (
	colText    colKind = iota // short text
	colLong                   // long text (原文, 标题): wide column, no wrap
	colInt                    // integer, format "0"
	colNumber                 // any number, General format
	colScore                  // 0..1 score, format "0.00"
	colPercent                // 0..1 ratio shown as a percentage
)

type column struct {
	header string
	kind   colKind
	width  float64 // minimum width in Excel character units; 0 = from the header
}

// Logical sheets, in workbook order. The detail sheets are streamed as
// reports arrive; the last two are written at Close.
const (
	shReports = iota
	shSuggestions
	shActivities
	shShortcomings
	shQuantities
	shFlags
	shDeputies
	shNotes
	numSheets

	numStreamed = shDeputies // sheets written while reports arrive
)

type sheetDef struct {
	name string
	cols []column
}

// Column widths used more than once.
const (
	wID   = 18 // 16 hex digits
	wName = 10
	wText = 80 // 原文
)

// Column sets shared by the detail sheets.
var (
	docCols = []column{{"文档编号", colText, wID}, {"代表姓名", colText, wName}, {"报告年份", colInt, 0}}
	posCols = []column{{"起始位置", colInt, 0}, {"结束位置", colInt, 0}}
)

func cols(parts ...[]column) []column {
	var all []column
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

// deputyActivityCols is one column per activity type, in taxonomy order.
func deputyActivityCols() []column {
	c := make([]column, len(corpus.ActivityTypes))
	for i, t := range corpus.ActivityTypes {
		c[i] = column{t.Label(), colInt, 0}
	}
	return c
}

var sheets = [numSheets]sheetDef{
	shReports: {"报告", []column{
		{"文档编号", colText, wID},
		{"文件", colText, 36},
		{"压缩包内路径", colText, 24},
		{"来源文件数", colInt, 0},
		{"部分", colInt, 0},
		{"类型", colText, 10},
		{"标题", colLong, 40},
		{"代表姓名", colText, wName},
		{"层级", colText, 8},
		{"届次", colText, 10},
		{"地区/机关", colText, 14},
		{"职务", colText, 16},
		{"当选年份", colInt, 0},
		{"报告年份", colInt, 0},
		{"建议总数", colInt, 0},
		{"建议数为约数", colText, 0},
		{"建议数为占位符", colText, 0},
		{"逐条建议数", colInt, 0},
		{"活动条数", colInt, 0},
		{"不足条数", colInt, 0},
		{"占位符数", colInt, 0},
		{"标记", colText, 30},
		{"最高严重程度", colText, 0},
		{"复核分", colScore, 0},
		{"复制比", colPercent, 0},
		{"字数", colInt, 0},
	}},
	shSuggestions: {"建议", cols(docCols, []column{
		{"来源", colText, 0},
		{"件数", colInt, 0},
		{"类别", colText, 10},
		{"约数", colText, 0},
		{"占位符", colText, 0},
		{"本人所提", colText, 0},
		{"主题", colText, 30},
		{"原文", colLong, wText},
	}, posCols)},
	shActivities: {"活动", cols(docCols, []column{
		{"活动类型", colText, 0},
		{"次数", colInt, 0},
		{"单位", colText, 0},
		{"约数", colText, 0},
		{"占位符", colText, 0},
		{"以代表身份", colText, 0},
		{"日期", colText, 11},
		{"原文", colLong, wText},
	}, posCols)},
	shShortcomings: {"不足", cols(docCols, []column{
		{"序号", colInt, 0},
		{"不足之处", colLong, wText},
	}, posCols)},
	shQuantities: {"数量", cols(docCols, []column{
		{"数值", colNumber, 12},
		{"单位", colText, 0},
		{"类别", colText, 0},
		{"约数", colText, 0},
		{"占位符", colText, 0},
		{"原文", colLong, wText},
	}, posCols)},
	shFlags: {"标记", []column{
		{"文档编号", colText, wID},
		{"文件", colText, 36},
		{"代表姓名", colText, wName},
		{"标记", colText, 14},
		{"代码", colText, 18},
		{"严重程度", colText, 0},
		{"说明", colLong, 50},
		{"证据", colLong, wText},
		{"证据位置", colText, 20},
		{"相关文档", colLong, 40},
	}},
	shDeputies: {"代表对比", cols([]column{
		{"代表姓名", colText, wName},
		{"报告年份", colInt, 0},
		{"地区", colText, 14},
		{"层级", colText, 8},
		{"报告数", colInt, 0},
		{"建议总数", colInt, 0},
	}, deputyActivityCols(), []column{
		{"不足条数", colInt, 0},
		{"占位符数", colInt, 0},
		{"标记数", colInt, 0},
		{"最高复制比", colPercent, 0},
	})},
	shNotes: {"说明", []column{
		{"项目", colText, 14},
		{"说明", colLong, 100},
	}},
}

// displayWidth is the width of s in Excel character units: CJK and other
// wide characters take two.
func displayWidth(s string) float64 {
	var w float64
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0x3000 && r <= 0x303F)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// widthOrHeader is the column width: at least the header plus room for the
// filter button.
func (c column) widthOrHeader() float64 {
	return math.Max(c.width, displayWidth(c.header)+3)
}

// Excel limits.
const (
	maxCellChars = 32767 // characters (UTF-16 code units) in one cell
)

// cellText makes a string safe to put in a cell. Text that a spreadsheet
// could read as a formula gets a leading apostrophe (kept as a visible
// character, so that it survives a re-save as CSV); invalid UTF-8 and
// characters XML cannot hold become U+FFFD; text over Excel's limit is cut with a marker saying how long the
// original was.
func cellText(s string) string {
	if s == "" {
		return s
	}
	if !clean(s) {
		s = strings.Map(xmlChar, strings.ToValidUTF8(s, "\uFFFD"))
	}
	if formulaLike(s) {
		s = "'" + s
	}
	// A UTF-8 string never has more UTF-16 units than bytes.
	if len(s) <= maxCellChars {
		return s
	}
	return truncate(s, maxCellChars)
}

// clean reports whether s is valid UTF-8 made only of characters that XML
// 1.0 allows (control characters other than tab, LF and CR are not, nor
// U+FFFE and U+FFFF; valid UTF-8 holds no surrogates).
func clean(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return false
			}
		case c == 0xEF:
			// U+FFFE and U+FFFF are EF BF BE and EF BF BF.
			if i+2 < len(s) && s[i+1] == 0xBF && s[i+2] >= 0xBE {
				return false
			}
		}
	}
	return true
}

// xmlChar replaces a character that XML 1.0 cannot hold with U+FFFD, as the
// XML encoder would in the workbook; doing it here keeps the CSV the same.
func xmlChar(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\r',
		r >= 0x20 && r <= 0xD7FF,
		r >= 0xE000 && r <= 0xFFFD,
		r >= 0x10000 && r <= utf8.MaxRune:
		return r
	}
	return '\uFFFD'
}

// formulaLike reports whether a spreadsheet would evaluate s as a formula
// when a user edits the cell or opens the data as CSV.
func formulaLike(s string) bool {
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// utf16Len counts the UTF-16 code units of s, the unit of Excel's limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// truncate cuts s at a character boundary so that it and the marker that
// replaces the rest fit in limit UTF-16 units.
func truncate(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	mark := fmt.Sprintf("…（已截断，全文%d字）", utf8.RuneCountInString(s))
	keep := limit - utf16Len(mark)
	n := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if n+u > keep {
			return s[:i] + mark
		}
		n += u
	}
	return s // unreachable: s is longer than limit
}

// Values in a row are nil (empty cell), string, int or float64. These
// helpers turn the domain's optional values into them.

func optString(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func optFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return finite(*p)
}

// finite drops NaN and infinities, which no spreadsheet can store.
func finite(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// quantityKindLabel names corpus.Quantity.Kind in Chinese.
func quantityKindLabel(k string) string {
	switch k {
	case "money":
		return "金额"
	case "rate":
		return "比率"
	case "households":
		return "户数"
	case "people":
		return "人数"
	case "area":
		return "面积"
	case "count":
		return "数目"
	}
	return k
}

// levelOrder is the display order of congress levels.
var levelOrder = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}

// charCount is the 字数 of a text: characters other than white space.
func charCount(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// spanRange formats a byte range for the 证据位置 column. An en dash keeps
// a lone "12–30" from being read as a date when the CSV is opened.
func spanRange(start, end int) string {
	return strconv.Itoa(start) + "–" + strconv.Itoa(end)
}

// encoder turns reports into rows. It is shared by Workbook and CSV, which
// only differ in how a row is written.
type encoder struct {
	row      []any
	deputies deputyTable
	stats    stats
}

// emitFunc writes one row to a logical sheet. The slice is reused: the
// callee must not keep it.
type emitFunc func(sheet int, row []any) error

func (e *encoder) reset(n int) []any {
	if cap(e.row) < n {
		e.row = make([]any, n)
	}
	e.row = e.row[:n]
	clear(e.row)
	return e.row
}

// add streams the rows of one report and folds it into the aggregates.
func (e *encoder) add(r *corpus.Report, x Extra, emit emitFunc) error {
	a := &r.Analysis
	name := optString(a.Deputy.Name)
	year := optInt(a.Year)

	// 报告
	row := e.reset(len(sheets[shReports].cols))
	deputyActs := 0
	for _, act := range a.Activities {
		if act.DeputyRole {
			deputyActs++
		}
	}
	labels := make([]string, 0, len(a.Flags))
	for _, f := range a.Flags {
		labels = append(labels, corpus.FlagLabel(f.Code))
	}
	origins := any(nil)
	if x.Origins > 0 {
		origins = x.Origins
	}
	part := any(nil)
	if r.Part > 0 {
		part = r.Part
	}
	copy(row, []any{
		r.ID, r.Source, r.Member, origins, part, a.Kind.Label(), r.Title,
		name, strings.Join(a.Deputy.Levels, "、"), optString(a.Deputy.Term),
		optString(a.Deputy.Region), optString(a.Deputy.Position),
		optInt(a.Deputy.ElectedYear), year,
		optInt(a.Suggestions.Total), yesNo(a.Suggestions.Approx), yesNo(a.Suggestions.Placeholder),
		len(a.Suggestions.Listed), deputyActs, len(a.Shortcomings), a.Placeholders.Count,
		strings.Join(labels, "、"), a.MaxSeverity().Label(), finite(x.Score), optFloat(x.CopyRatio),
		charCount(r.Text),
	})
	if err := emit(shReports, row); err != nil {
		return err
	}

	// 建议
	for _, s := range a.Suggestions.Statements {
		row = e.reset(len(sheets[shSuggestions].cols))
		copy(row, []any{r.ID, name, year, "陈述", optInt(s.Count), s.Kind,
			yesNo(s.Approx), yesNo(s.Placeholder), yesNo(s.Own), nil, s.Text, s.Start, s.End})
		if err := emit(shSuggestions, row); err != nil {
			return err
		}
	}
	for _, s := range a.Suggestions.Listed {
		// A listed suggestion has no count, kind or own-flag of its own:
		// those cells stay empty rather than guess.
		row = e.reset(len(sheets[shSuggestions].cols))
		copy(row, []any{r.ID, name, year, "逐条", nil, nil, nil, nil, nil, s.Topic, s.Text, s.Start, s.End})
		if err := emit(shSuggestions, row); err != nil {
			return err
		}
	}

	// 活动
	for _, act := range a.Activities {
		row = e.reset(len(sheets[shActivities].cols))
		copy(row, []any{r.ID, name, year, act.Type.Label(), optInt(act.Count), act.Unit,
			yesNo(act.Approx), yesNo(act.Placeholder), yesNo(act.DeputyRole), optString(act.Date),
			act.Text, act.Start, act.End})
		if err := emit(shActivities, row); err != nil {
			return err
		}
	}

	// 不足
	for i, s := range a.Shortcomings {
		row = e.reset(len(sheets[shShortcomings].cols))
		copy(row, []any{r.ID, name, year, i + 1, s.Text, s.Start, s.End})
		if err := emit(shShortcomings, row); err != nil {
			return err
		}
	}

	// 数量
	for _, q := range a.Quantities {
		row = e.reset(len(sheets[shQuantities].cols))
		copy(row, []any{r.ID, name, year, optFloat(q.Value), q.Unit, quantityKindLabel(q.Kind),
			yesNo(q.Approx), yesNo(q.Placeholder), q.Text, q.Start, q.End})
		if err := emit(shQuantities, row); err != nil {
			return err
		}
	}

	// 标记
	prov := r.Provenance()
	for _, f := range a.Flags {
		row = e.reset(len(sheets[shFlags].cols))
		copy(row, []any{r.ID, prov, name, corpus.FlagLabel(f.Code), f.Code, f.Severity.Label(),
			f.Message, evidenceText(f.Evidence), evidenceRanges(f.Evidence), sourcesText(f.Sources)})
		if err := emit(shFlags, row); err != nil {
			return err
		}
	}

	e.deputies.add(r, x)
	e.stats.add(r)
	return nil
}

func evidenceText(ev []corpus.Span) string {
	var b strings.Builder
	for i, s := range ev {
		if i > 0 {
			b.WriteString(" … ")
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

func evidenceRanges(ev []corpus.Span) string {
	var b strings.Builder
	for i, s := range ev {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(spanRange(s.Start, s.End))
	}
	return b.String()
}

// sourcesText names the other documents of a flag: "ID（文件 第N部分）".
func sourcesText(src []corpus.SourceRef) string {
	var b strings.Builder
	for i, s := range src {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(s.ID)
		prov := corpus.Provenance(s.Source, s.Member)
		if prov == "" && s.Part <= 0 {
			continue
		}
		b.WriteString("（")
		b.WriteString(prov)
		if s.Part > 0 {
			if prov != "" {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "第%d部分", s.Part)
		}
		b.WriteString("）")
	}
	return b.String()
}

// stats are the corpus-wide figures of the 说明 sheet.
type stats struct {
	reports    int
	kinds      map[corpus.Kind]int
	minVersion int
	maxVersion int
}

func (s *stats) add(r *corpus.Report) {
	if s.kinds == nil {
		s.kinds = make(map[corpus.Kind]int)
	}
	s.kinds[r.Kind]++
	v := r.Version
	if s.reports == 0 || v < s.minVersion {
		s.minVersion = v
	}
	if s.reports == 0 || v > s.maxVersion {
		s.maxVersion = v
	}
	s.reports++
}

// notes are the rows of the 说明 sheet. overflow names the continuation
// sheets of detail sheets that passed Excel's row limit.
func (e *encoder) notes(now time.Time, overflow []string) [][2]string {
	st := &e.stats
	version := "无"
	switch {
	case st.reports == 0:
	case st.minVersion == st.maxVersion:
		version = strconv.Itoa(st.minVersion)
	default:
		version = fmt.Sprintf("%d 至 %d（本表含不同版本的分析结果，可运行 lvzhi reanalyze 统一）", st.minVersion, st.maxVersion)
	}
	var kinds []string
	for _, k := range corpus.Kinds {
		if n := st.kinds[k]; n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %d", k.Label(), n))
		}
	}
	total := fmt.Sprintf("%d 个文档", st.reports)
	if len(kinds) > 0 {
		total += "（" + strings.Join(kinds, "，") + "）"
	}
	rows := [][2]string{
		{"生成时间", now.Format("2006-01-02 15:04:05 -07:00")},
		{"分析版本", version},
		{"文档数", total},
		{"如何追溯", "每行的“文档编号”是文档的编号：在命令行运行 lvzhi show 编号 可查看该文档的原文、提取结果和标记。“起始位置”“结束位置”是该值在文档规范化文本中的字节位置，lvzhi show 会高亮显示。"},
		{"报告", "每个文档一行：来源文件、类型、代表信息、各项条数、标记、复核分（越高越应优先复核）、复制比（与其他文档重复的文字所占比例，未计算时为空）。"},
		{"建议", "每条建议数量陈述（来源“陈述”）和每条逐条列出的建议（来源“逐条”）一行。“本人所提”为“否”的是集体或机关的数字，不计入建议总数。"},
		{"活动", "报告中提到的每项活动一行，含次数。“以代表身份”为“否”的是本职工作成绩，不计入代表对比中的活动次数。"},
		{"不足", "报告自述的每条不足一行。"},
		{"数量", "其他数字（资金、比率、户数、人数等）一行一个。"},
		{"标记", "每个需要复核的问题一行：占位符未填、范文网站残留、套用雷同、未谈不足等，附证据原文和位置。"},
		{"代表对比", "履职报告中写明代表姓名的，按（代表姓名、地区、报告年份）合并为一行：同名但地区不同的视为不同代表，地区未写明的单列一行。活动各列是以代表身份开展、写明次数的活动次数之和（按次、场、期等计的次数；人次、户、天等人数或天数不计入）；未写明次数的不计入，全无次数时为空。"},
		{"空白单元格", "表示原文没有写明或无法确定，不是零。"},
		{"公式防护", "以 = + - @ 开头的文字前加了单引号 '，避免被电子表格当作公式执行。"},
		{"长文本", fmt.Sprintf("超过 %d 字的单元格被截断，并注明全文字数。", maxCellChars)},
	}
	for _, name := range overflow {
		rows = append(rows, [2]string{"续表", name + "：上一张表的行数达到 Excel 上限（1048576 行），其余行在此表中继续。"})
	}
	return rows
}
