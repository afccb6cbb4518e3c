// Package export writes the analysis of many reports as tables an analyst can
// open, work in, print and hand on: an Excel workbook (excelize, streaming)
// or one CSV file per table. Both are encoders over the reports: create one,
// give it the comparison of the same reports (SetComparison), Add every
// report once in reading order, Close.
//
// The workbook's sheets come in the order a reader needs them: 说明 (what
// each sheet holds), 汇总 (figures by region, year and level, with charts),
// 代表对比, 年度趋势, 积分, then the detail sheets 报告, 建议, 活动, 不足,
// 数量, and 标记 (the review queue, highest score first). Every sheet is an
// Excel table with Chinese headers, number formats, a frozen header row and
// a page setup for printing (fitted to the page width, the header row
// repeated, the sheet's name and the export date in the page header, page
// numbers in the footer, landscape only where the table is wide).
//
// Memory stays bounded: detail rows are streamed to the sheets as reports
// arrive (excelize keeps at most 16 MiB of each sheet in memory and spills
// the rest to a temporary file); the review queue, which must be ordered by
// score, goes to a temporary file with only a small index entry per report
// in memory; the comparison sheets are written at Close from the
// comparison, which the caller holds anyway.
//
// Every text cell passes through one sanitiser: text that a spreadsheet could
// take for a formula (=, +, -, @, tab, CR at the start) gets a leading
// apostrophe, and text longer than Excel's cell limit is cut with a marker.
// Numbers are written as numbers; unknown values are empty cells. Evidence
// is shown as the sentence it is in, the extracted words in bold, with its
// place in the document in words (第3段: the third non-blank line of the
// document text, the title being the first).
package export

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
)

// Options configure a Workbook.
type Options struct {
	// Now gives the export time written in 说明 and in every page header;
	// nil means time.Now.
	Now func() time.Time
	// Title heads 汇总 and every printed page, for example the office's
	// name; "" means 人大代表履职报告分析.
	Title string
}

// defaultTitle is the workbook's title when Options gives none.
const defaultTitle = "人大代表履职报告分析"

// Extra carries per-document figures that are not in corpus.Analysis.
type Extra struct {
	CopyRatio *float64 // 0..1, nil when not computed
	Score     float64  // review score 0..1 (higher = review first)
	Origins   int      // how many files held this document; 0 = unknown
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
	case "length":
		return "长度"
	case "count":
		return "数目"
	}
	return k
}

// levelOrder is the display order of congress levels.
var levelOrder = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}

// levelRank orders congress levels, unknown ones last.
func levelRank(l string) int {
	if i := slices.Index(levelOrder, l); i >= 0 {
		return i
	}
	return len(levelOrder)
}

// sortLevels puts congress levels in their usual order, unknown ones last.
func sortLevels(levels []string) []string {
	levels = slices.Clone(levels)
	slices.SortStableFunc(levels, func(a, b string) int { return levelRank(a) - levelRank(b) })
	return levels
}

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

// sourcesText names the other documents of a flag: "ID（文件 第N部分）".
func sourcesText(src []corpus.SourceRef) any {
	if len(src) == 0 {
		return nil
	}
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

// emitFunc writes one row to a table. The row is reused: the callee must
// not keep it.
type emitFunc func(id int, row []any) error

// encoder turns reports and their comparison into rows. It is shared by
// Workbook and CSV, which only differ in how a row is written.
type encoder struct {
	buf   []any
	stats stats
	// cmp is the comparison until its sheets are written; compared is what
	// 说明 and 汇总 say of it after that.
	cmp      *comparison
	compared *compared
	queue    spool // 标记 rows, one group per report, written by score at the end
	added    bool
}

// setComparison takes the comparison of the reports to come.
func (e *encoder) setComparison(c *corpus.Comparison) error {
	if c == nil {
		return corpus.Errorf(corpus.EINVALID, "导出：对比数据为空")
	}
	if e.compared != nil {
		return corpus.Errorf(corpus.EINVALID, "导出：对比数据已设置过一次")
	}
	e.cmp = newComparison(c)
	e.compared = newCompared(c)
	if e.added {
		// Points already passed by: they are written at Close without
		// their sentences. Say so in 说明.
		e.stats.lateComparison = true
	}
	return nil
}

// add streams the rows of one report, keeps its review queue rows aside,
// and counts it.
func (e *encoder) add(r *corpus.Report, x Extra, emit emitFunc) error {
	e.added = true
	d := newDoc(r, x)
	a := &r.Analysis
	if err := emit(idReports, reportTable.fill(&e.buf, d)); err != nil {
		return err
	}
	for i := range a.Suggestions.Statements {
		s := &a.Suggestions.Statements[i]
		ev, pos := d.evidence(corpus.Span{Text: s.Text, Start: s.Start, End: s.End})
		if err := emit(idSuggestions, suggestionTable.fill(&e.buf, suggestionRow{d: d, s: s, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	for i := range a.Suggestions.Listed {
		l := &a.Suggestions.Listed[i]
		ev, pos := d.evidence(corpus.Span{Text: l.Text, Start: l.Start, End: l.End})
		if err := emit(idSuggestions, suggestionTable.fill(&e.buf, suggestionRow{d: d, l: l, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	for i := range a.Activities {
		act := &a.Activities[i]
		ev, pos := d.evidence(corpus.Span{Text: act.Text, Start: act.Start, End: act.End})
		if err := emit(idActivities, activityTable.fill(&e.buf, activityRow{d: d, a: act, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	for i, s := range a.Shortcomings {
		// Field by field: Shortcoming will carry more than a Span.
		ev, pos := d.evidence(corpus.Span{Text: s.Text, Start: s.Start, End: s.End})
		if err := emit(idShortcomings, shortcomingTable.fill(&e.buf, shortcomingRow{d: d, n: i + 1, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	for i := range a.Quantities {
		q := &a.Quantities[i]
		ev, pos := d.evidence(corpus.Span{Text: q.Text, Start: q.Start, End: q.End})
		if err := emit(idQuantities, quantityTable.fill(&e.buf, quantityRow{d: d, q: q, ev: ev, pos: pos})); err != nil {
			return err
		}
	}
	if e.cmp != nil {
		if err := e.cmp.points(d, &e.buf, emit); err != nil {
			return err
		}
	}
	if len(a.Flags) > 0 {
		rows := make([][]any, len(a.Flags))
		for i := range a.Flags {
			f := &a.Flags[i]
			ev, pos := d.evidence(f.Evidence...)
			rows[i] = slices.Clone(flagTable.fill(&e.buf, flagRow{d: d, f: f, ev: ev, pos: pos}))
		}
		score, _ := finite(x.Score).(float64) // NaN sorts last, as 0
		if err := e.queue.put(score, rows); err != nil {
			return err
		}
	}
	e.stats.add(r)
	return nil
}

// finish emits everything written at Close but 说明: the comparison's
// tables and the review queue. The comparison is let go once its tables
// are written, so that a caller who no longer holds it frees its memory
// for the rest (the review queue and the zip).
func (e *encoder) finish(emit emitFunc) error {
	if e.cmp != nil {
		if err := e.cmp.finish(&e.buf, emit); err != nil {
			return err
		}
		e.cmp = nil
	}
	return e.queue.each(func(row []any) error { return emit(idFlags, row) })
}

// close releases the temporary file of the review queue.
func (e *encoder) close() error { return e.queue.close() }

// stats are the corpus-wide figures of the 说明 sheet.
type stats struct {
	reports        int
	kinds          map[corpus.Kind]int
	minVersion     int
	maxVersion     int
	lateComparison bool
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

// exportDate is how every printed page dates the workbook.
func exportDate(t time.Time) string { return t.Format("2006-01-02") }

// notes are the rows of the 说明 sheet. overflow names the continuation
// sheets of tables that passed Excel's row limit.
func (e *encoder) notes(now time.Time, overflow []string) []noteRow {
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
	compared := "未附对比数据：汇总、代表对比、年度趋势、积分四张表为空。"
	if c := e.compared; c != nil {
		compared = fmt.Sprintf("计入对比的履职报告 %d 篇，代表 %d 人；积分表：%s。", c.reports, c.deputies, nonBlank(c.points.Name, "未命名"))
		if st.lateComparison {
			compared += "对比数据在报告之后提供，积分表的证据只有提取的原文，没有所在句子和段落。"
		}
	}
	rows := []noteRow{
		{"导出时间", now.Format("2006-01-02 15:04:05 -07:00")},
		{"分析版本", version},
		{"文档数", total},
		{"对比数据", compared},
		{"如何阅读", "各表按地区、代表、年份排列（标记表按复核分从高到低）。前几列是代表、地区、年份；文档编号、文件路径等用于追溯的列在最后，打印时不含这些列。"},
		{"证据", "“原文”“证据”列给出提取值所在的句子，提取到的文字以粗体显示；“位置”是该句在文档中的段落（第1段是标题，空行不计）。"},
		{"如何追溯", "每行的“文档编号”是文档的编号：在命令行运行 lvzhi show 编号 可查看该文档的原文、提取结果和标记。"},
		{"需复核", "“需复核”列写明提取值需要人工核对的原因；空白表示没有疑点。"},
		{"空白单元格", "表示原文没有写明或无法确定，不是零。"},
		{"汇总", "按地区、年度、层级汇总的报告数、建议数、活动次数、复制比和积分，附图：各地区和各年度的建议数与活动次数、复制比分布、积分最高的代表；以及需关注的异常情况。"},
		{"代表对比", "每位代表一行（同名同地区同层级视为同一人，覆盖文件可合并或拆分，“合并”列标明）。建议数是报告写明的本人建议数之和；活动各列是以代表身份开展、写明次数的活动次数之和（按次、场、期等计；人次、户、天等不计入），本职工作成绩不计入。排名按积分。"},
		{"年度趋势", "每位代表每年一行，与该代表上一份报告比较：建议、活动次数、积分的增减，“变化”列说明哪些项目有变化、新出现的标记、与本人往年报告重复的比例。"},
		{"积分", "每条积分一行：按积分规则计分的提取值、数量、分值和证据。需复核的值照常计分并在“需复核”列注明。"},
		{"报告", "每个文档一行：代表信息、各项条数、复制比（最早出处是其他人文档的文字所占比例，不计常用套话和本人往年报告；未检查时为空）、自我重复（取自本人往年报告的文字所占比例）、复核分（越高越应优先复核）和标记。"},
		{"建议", "每条建议数量陈述（来源“陈述”）和每条逐条列出的建议（来源“逐条”）一行。“本人所提”为“否”的是集体或机关的数字，不计入建议数。"},
		{"活动", "报告中提到的每项活动一行，含次数。“以代表身份”为“否”的是本职工作成绩，不计入代表对比。"},
		{"不足", "报告自述的每条不足一行。"},
		{"数量", "其他数字（资金、比率、户数、人数等）一行一个。"},
		{"标记", "复核队列：每个需要复核的问题一行，按报告的复核分从高到低排列：占位符未填、范文网站残留、套用雷同、未谈不足等，附证据和位置。"},
		{"公式防护", "以 = + - @ 开头的文字前加了单引号 '，避免被电子表格当作公式执行。"},
		{"长文本", fmt.Sprintf("超过 %d 字的单元格被截断，并注明全文字数。", maxCellChars)},
	}
	if e.compared != nil {
		for _, r := range e.compared.points.Rules {
			rows = append(rows, noteRow{"积分规则", pointsRule(r)})
		}
	}
	for _, name := range overflow {
		rows = append(rows, noteRow{"续表", name + "：上一张表的行数达到 Excel 上限（1048576 行），其余行在此表中继续。"})
	}
	return rows
}

func nonBlank(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

// pointsRule describes a rule of the points table in words.
func pointsRule(r corpus.PointsRule) string {
	s := fmt.Sprintf("%s：每个 %s 分", r.Name, strconv.FormatFloat(r.Points, 'f', -1, 64))
	if r.Max != 0 {
		s += fmt.Sprintf("，每份报告至多 %s 分", strconv.FormatFloat(r.Max, 'f', -1, 64))
	}
	if r.Line > 0 {
		s += fmt.Sprintf("（积分表第 %d 行）", r.Line)
	}
	return s
}
