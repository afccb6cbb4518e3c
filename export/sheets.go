package export

import (
	"strconv"
	"strings"

	"lvzhi/corpus"
)

// Tables, in workbook order. 说明 comes first, then the blocks of the 汇总
// sheet, then one sheet each. In CSV each is a file, except the blocks
// that only feed 汇总's charts.
const (
	idNotes = iota
	idRegions
	idYears
	idLevels
	idCopyBins     // 汇总 only
	idTopPoints    // 汇总 only
	idOutlierKinds // 汇总 only: outliers counted by kind
	idOutliers     // CSV only: the workbook shows them in 异常 columns
	idDeputies
	idTrend
	idPoints
	idReports
	idSuggestions
	idActivities
	idShortcomings
	idQuantities
	idFlags
	numTables
)

// Sheet names that are not a table's name.
const (
	summarySheet = "汇总"
)

// Column widths used more than once.
const (
	wName     = 9  // 代表: three characters and the filter button
	wRegion   = 11 // 地区
	wYear     = 6
	wID       = 18 // 16 hex digits
	wFile     = 30
	wEvidence = 50 // 原文: the sentence, wrapped
	wPosition = 8  // 第12段
	wReview   = 10
	wFlag     = 7  // 是/否 columns
	wLabel    = 18 // first column of 汇总: 柳青岚（青石镇）
)

// Row types. Each detail row knows its report (doc) and the value it
// shows; evidence is resolved when the row is made.

type suggestionRow struct {
	d   *doc
	s   *corpus.SuggestionStatement // one of s and l
	l   *corpus.ListedSuggestion
	ev  evidence
	pos any
}

type activityRow struct {
	d   *doc
	a   *corpus.Activity
	ev  evidence
	pos any
}

type shortcomingRow struct {
	d   *doc
	n   int
	ev  evidence
	pos any
}

type quantityRow struct {
	d   *doc
	q   *corpus.Quantity
	ev  evidence
	pos any
}

type flagRow struct {
	d   *doc
	f   *corpus.Flag
	ev  evidence
	pos any
}

// pointRow is one duty point with its evidence; d is nil when the report
// was not added to the export (its evidence is then the bare value).
type pointRow struct {
	f   *corpus.ReportFigures
	it  *corpus.PointItem
	ev  evidence
	pos any
}

type deputyRow struct {
	g        *corpus.GroupFigures
	p        *corpus.Person // nil when the comparison does not list the deputy
	outliers string
}

// trendRow is one report of a deputy, compared with the deputy's previous
// report (prev nil for the first).
type trendRow struct {
	f, prev  *corpus.ReportFigures
	outliers string
}

type noteRow [2]string

// binRow is a labelled count: a copy ratio bin, a kind of outlier.
type binRow struct {
	label string
	count int
}

// Value helpers shared by the tables.

// reviewMark shows why a value needs a person's review (extract's doubt),
// empty when it is certain.
func reviewMark(d *corpus.Doubt) any {
	if d == nil {
		return nil
	}
	return d.Reason
}

// reportReview lists the doubts about a report's own fields (its kind,
// the deputy, the year, the total of suggestions) as 标签：理由; the rows
// of the detail sheets carry their own.
func reportReview(r *corpus.Report) any {
	var parts []string
	for _, it := range r.Reviews() {
		if strings.Contains(it.Field, "[") {
			continue // a row of a detail sheet
		}
		parts = append(parts, it.Label+"："+it.Doubt.Reason)
	}
	if len(parts) == 0 {
		return nil
	}
	return strings.Join(parts, "；")
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// yesOrEmpty marks the exceptions only: a column of 否 hides the few 是.
func yesOrEmpty(b bool) any {
	if b {
		return "是"
	}
	return nil
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func join(ss []string) any {
	if len(ss) == 0 {
		return nil
	}
	return strings.Join(ss, "；")
}

// years names the years of a deputy's reports: 2021–2023, or 2019、2021、2022
// when there are gaps.
func years(ys []int) any {
	if len(ys) == 0 {
		return nil
	}
	consecutive := true
	for i := 1; i < len(ys); i++ {
		if ys[i] != ys[i-1]+1 {
			consecutive = false
		}
	}
	if len(ys) > 2 && consecutive {
		return strconv.Itoa(ys[0]) + "–" + strconv.Itoa(ys[len(ys)-1])
	}
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, "、")
}

func activityTotal(m map[corpus.ActivityType]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func flagTotal(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func concat[T any](parts ...[]column[T]) []column[T] {
	var all []column[T]
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}

// docCols are the columns a reader looks for first: whose report, where,
// which year.
func docCols[T any](d func(T) *doc) []column[T] {
	return []column[T]{
		{head: "代表", kind: colText, width: wName, value: func(r T) any { return d(r).name }},
		{head: "地区", kind: colText, width: wRegion, value: func(r T) any { return d(r).region }},
		{head: "年份", kind: colInt, width: wYear, value: func(r T) any { return d(r).year }},
	}
}

// docID is the last column of the detail sheets.
func docID[T any](d func(T) *doc) column[T] {
	return column[T]{head: "文档编号", kind: colText, width: wID, tech: true, value: func(r T) any { return d(r).r.ID }}
}

// The tables.

var reportTable = newTable(idReports, "报告", "Reports", 1, stackNumbers(concat(
	docCols(func(d *doc) *doc { return d }),
	[]column[*doc]{
		{head: "层级", kind: colText, width: 6, value: func(d *doc) any { return strings.Join(d.r.Deputy.Levels, "、") }},
		{head: "届次", kind: colText, width: 9, value: func(d *doc) any { return optString(d.r.Deputy.Term) }},
		{head: "职务", kind: colWrap, width: 12, value: func(d *doc) any { return optString(d.r.Deputy.Position) }},
		{head: "类型", kind: colText, width: 9, value: func(d *doc) any { return d.r.Kind.Label() }},
		{head: "标题", kind: colWrap, width: 24, value: func(d *doc) any { return d.r.Title }},
		{head: "建议数", kind: colInt, value: func(d *doc) any { return optInt(d.r.Suggestions.Total) }},
		{head: "建议数说明", kind: colText, width: 8, value: func(d *doc) any { return suggestionNote(&d.r.Suggestions) }},
		{head: "逐条建议", kind: colInt, value: func(d *doc) any { return len(d.r.Suggestions.Listed) }},
		{head: "活动条数", kind: colInt, value: func(d *doc) any { return deputyActivities(d.r) }},
		{head: "不足条数", kind: colInt, value: func(d *doc) any { return len(d.r.Shortcomings) }},
		{head: "占位符", kind: colInt, value: func(d *doc) any { return d.r.Placeholders.Count }},
		{head: "复制比", kind: colPercent, value: func(d *doc) any { return optFloat(d.x.CopyRatio) }},
		{head: "自我重复", kind: colPercent, value: func(d *doc) any {
			if c := d.r.Copies; c != nil {
				return c.SelfRatio
			}
			return nil
		}},
		{head: "复核分", kind: colScore, value: func(d *doc) any { return finite(d.x.Score) }},
		{head: "标记", kind: colWrap, width: 16, value: func(d *doc) any { return flagLabels(d.r.Flags) }},
		{head: "严重程度", kind: colText, width: 7, value: func(d *doc) any { return d.r.MaxSeverity().Label() }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(d *doc) any { return reportReview(d.r) }},
		{head: "当选年份", kind: colInt, value: func(d *doc) any { return optInt(d.r.Deputy.ElectedYear) }},
		{head: "字数", kind: colInt, value: func(d *doc) any { return charCount(d.r.Text) }},
		{head: "来源文件数", kind: colInt, value: func(d *doc) any { return nonZero(d.x.Origins) }},
		{head: "部分", kind: colInt, width: 6, tech: true, value: func(d *doc) any { return nonZero(d.r.Part) }},
		{head: "文件", kind: colText, width: wFile, tech: true, value: func(d *doc) any { return d.r.Provenance() }},
		docID(func(d *doc) *doc { return d }),
	}))...)

// suggestionNote says why a suggestion total is not a plain count.
func suggestionNote(s *corpus.Suggestions) any {
	switch {
	case s.Placeholder:
		return "含占位符"
	case s.Approx:
		return "约数"
	}
	return nil
}

func deputyActivities(r *corpus.Report) int {
	n := 0
	for _, a := range r.Activities {
		if a.DeputyRole {
			n++
		}
	}
	return n
}

func flagLabels(flags []corpus.Flag) any {
	if len(flags) == 0 {
		return nil
	}
	labels := make([]string, len(flags))
	for i, f := range flags {
		labels[i] = corpus.FlagLabel(f.Code)
	}
	return strings.Join(labels, "、")
}

var suggestionTable = newTable(idSuggestions, "建议", "Suggestions", 1, concat(
	docCols(func(r suggestionRow) *doc { return r.d }),
	[]column[suggestionRow]{
		{head: "来源", kind: colText, width: 7, value: func(r suggestionRow) any {
			if r.s != nil {
				return "陈述"
			}
			return "逐条"
		}},
		// A listed suggestion has no count, kind or owner of its own:
		// those cells stay empty rather than guess.
		{head: "件数", kind: colInt, value: func(r suggestionRow) any {
			if r.s == nil {
				return nil
			}
			return optInt(r.s.Count)
		}},
		{head: "类别", kind: colText, width: 9, value: func(r suggestionRow) any {
			if r.s == nil {
				return nil
			}
			return r.s.Kind
		}},
		{head: "约数", kind: colText, width: wFlag, value: func(r suggestionRow) any {
			if r.s == nil {
				return nil
			}
			return yesNo(r.s.Approx)
		}},
		{head: "占位符", kind: colText, width: wFlag, value: func(r suggestionRow) any {
			if r.s == nil {
				return nil
			}
			return yesNo(r.s.Placeholder)
		}},
		{head: "本人所提", kind: colText, width: wFlag, value: func(r suggestionRow) any {
			if r.s == nil {
				return nil
			}
			return yesNo(r.s.Own)
		}},
		{head: "主题", kind: colWrap, width: 16, value: func(r suggestionRow) any {
			if r.l == nil {
				return nil
			}
			return r.l.Topic
		}},
		{head: "原文", kind: colWrap, width: wEvidence, value: func(r suggestionRow) any { return r.ev }},
		{head: "位置", kind: colText, width: wPosition, value: func(r suggestionRow) any { return r.pos }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(r suggestionRow) any {
			if r.s != nil {
				return reviewMark(r.s.Review)
			}
			return reviewMark(r.l.Review)
		}},
		docID(func(r suggestionRow) *doc { return r.d }),
	})...)

var activityTable = newTable(idActivities, "活动", "Activities", 1, concat(
	docCols(func(r activityRow) *doc { return r.d }),
	[]column[activityRow]{
		{head: "活动类型", kind: colText, width: 9, value: func(r activityRow) any { return r.a.Type.Label() }},
		{head: "次数", kind: colInt, value: func(r activityRow) any { return optInt(r.a.Count) }},
		{head: "单位", kind: colText, width: 6, value: func(r activityRow) any { return r.a.Unit }},
		{head: "约数", kind: colText, width: wFlag, value: func(r activityRow) any { return yesNo(r.a.Approx) }},
		{head: "占位符", kind: colText, width: wFlag, value: func(r activityRow) any { return yesNo(r.a.Placeholder) }},
		{head: "以代表身份", kind: colText, width: wFlag, value: func(r activityRow) any { return yesNo(r.a.DeputyRole) }},
		{head: "日期", kind: colText, width: 11, value: func(r activityRow) any { return optString(r.a.Date) }},
		{head: "原文", kind: colWrap, width: wEvidence, value: func(r activityRow) any { return r.ev }},
		{head: "位置", kind: colText, width: wPosition, value: func(r activityRow) any { return r.pos }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(r activityRow) any { return reviewMark(r.a.Review) }},
		docID(func(r activityRow) *doc { return r.d }),
	})...)

var shortcomingTable = newTable(idShortcomings, "不足", "Shortcomings", 1, concat(
	docCols(func(r shortcomingRow) *doc { return r.d }),
	[]column[shortcomingRow]{
		{head: "序号", kind: colInt, width: 6, value: func(r shortcomingRow) any { return r.n }},
		{head: "不足之处", kind: colWrap, width: 48, value: func(r shortcomingRow) any { return r.ev }},
		{head: "位置", kind: colText, width: wPosition, value: func(r shortcomingRow) any { return r.pos }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(r shortcomingRow) any { return reviewMark(r.d.r.Shortcomings[r.n-1].Review) }},
		docID(func(r shortcomingRow) *doc { return r.d }),
	})...)

var quantityTable = newTable(idQuantities, "数量", "Quantities", 1, concat(
	docCols(func(r quantityRow) *doc { return r.d }),
	[]column[quantityRow]{
		{head: "数值", kind: colNumber, width: 10, value: func(r quantityRow) any { return optFloat(r.q.Value) }},
		{head: "单位", kind: colText, width: 6, value: func(r quantityRow) any { return r.q.Unit }},
		{head: "类别", kind: colText, width: 6, value: func(r quantityRow) any { return quantityKindLabel(r.q.Kind) }},
		{head: "约数", kind: colText, width: wFlag, value: func(r quantityRow) any { return yesNo(r.q.Approx) }},
		{head: "占位符", kind: colText, width: wFlag, value: func(r quantityRow) any { return yesNo(r.q.Placeholder) }},
		{head: "原文", kind: colWrap, width: 44, value: func(r quantityRow) any { return r.ev }},
		{head: "位置", kind: colText, width: wPosition, value: func(r quantityRow) any { return r.pos }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(r quantityRow) any { return reviewMark(r.q.Review) }},
		docID(func(r quantityRow) *doc { return r.d }),
	})...)

var flagTable = newTable(idFlags, "标记", "ReviewQueue", 1, concat(
	docCols(func(r flagRow) *doc { return r.d }),
	[]column[flagRow]{
		{head: "复核分", kind: colScore, value: func(r flagRow) any { return finite(r.d.x.Score) }},
		{head: "标记", kind: colText, width: 12, value: func(r flagRow) any { return corpus.FlagLabel(r.f.Code) }},
		{head: "严重程度", kind: colText, width: 7, value: func(r flagRow) any { return r.f.Severity.Label() }},
		{head: "说明", kind: colWrap, width: 24, value: func(r flagRow) any { return r.f.Message }},
		{head: "证据", kind: colWrap, width: 44, value: func(r flagRow) any { return r.ev }},
		{head: "位置", kind: colText, width: 10, value: func(r flagRow) any { return r.pos }},
		{head: "复制比", kind: colPercent, value: func(r flagRow) any { return optFloat(r.d.x.CopyRatio) }},
		{head: "相关文档", kind: colWrap, width: 24, value: func(r flagRow) any { return sourcesText(r.f.Sources) }},
		{head: "代码", kind: colText, width: 16, tech: true, value: func(r flagRow) any { return r.f.Code }},
		{head: "文件", kind: colText, width: wFile, tech: true, value: func(r flagRow) any { return r.d.r.Provenance() }},
		docID(func(r flagRow) *doc { return r.d }),
	})...)

// figureCols are the columns of a report in the comparison.
func figureCols[T any](f func(T) *corpus.ReportFigures) []column[T] {
	return []column[T]{
		{head: "代表", kind: colText, width: wName, value: func(r T) any { return nonEmpty(f(r).Name) }},
		{head: "地区", kind: colText, width: wRegion, value: func(r T) any { return nonEmpty(f(r).Region) }},
		{head: "年份", kind: colInt, width: wYear, value: func(r T) any { return nonZero(f(r).Year) }},
	}
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var pointTable = newTable(idPoints, "积分", "Points", 1, concat(
	figureCols(func(r pointRow) *corpus.ReportFigures { return r.f }),
	[]column[pointRow]{
		{head: "规则", kind: colText, width: 12, value: func(r pointRow) any { return r.it.Rule }},
		{head: "数量", kind: colInt, value: func(r pointRow) any { return r.it.Units }},
		{head: "积分", kind: colPoints, value: func(r pointRow) any { return finite(r.it.Points) }},
		{head: "需复核", kind: colWrap, width: wReview, value: func(r pointRow) any {
			if r.it.Review == "" {
				return nil
			}
			return r.it.Review
		}},
		{head: "证据", kind: colWrap, width: wEvidence, value: func(r pointRow) any { return r.ev }},
		{head: "位置", kind: colText, width: wPosition, value: func(r pointRow) any { return r.pos }},
		{head: "报告编号", kind: colText, width: wID, tech: true, value: func(r pointRow) any { return r.f.ReportID }},
	})...)

// activityCols is one column per activity type, in taxonomy order: the
// deputy-role events of that type.
func activityCols[T any](acts func(T) map[corpus.ActivityType]int) []column[T] {
	c := make([]column[T], len(corpus.ActivityTypes))
	for i, t := range corpus.ActivityTypes {
		c[i] = column[T]{head: t.Label(), kind: colInt, width: 6, value: func(r T) any {
			n, ok := acts(r)[t]
			if !ok {
				return nil
			}
			return n
		}}
	}
	return c
}

var deputyTable = newTable(idDeputies, "代表对比", "Deputies", 3, stackNumbers(concat(
	[]column[deputyRow]{
		{head: "排名", kind: colInt, width: 6, value: func(r deputyRow) any { return nonZero(r.g.Rank) }},
		{head: "代表", kind: colText, width: wName, value: func(r deputyRow) any {
			if r.p != nil {
				return nonEmpty(r.p.Name)
			}
			return nonEmpty(r.g.Label)
		}},
		{head: "地区", kind: colText, width: wRegion, value: func(r deputyRow) any {
			if r.p == nil {
				return nil
			}
			return nonEmpty(r.p.Region)
		}},
		{head: "层级", kind: colText, width: 6, value: func(r deputyRow) any {
			if r.p == nil {
				return nil
			}
			return strings.Join(sortLevels(r.p.Levels), "、")
		}},
		{head: "届次", kind: colText, width: 9, value: func(r deputyRow) any {
			if r.p == nil {
				return nil
			}
			return nonEmpty(r.p.Term)
		}},
		{head: "年份", kind: colWrap, width: 11, value: func(r deputyRow) any { return years(r.g.Years) }},
		{head: "报告数", kind: colInt, value: func(r deputyRow) any { return r.g.Reports }},
	},
	groupFigureCols(func(r deputyRow) *corpus.GroupFigures { return r.g }),
	[]column[deputyRow]{
		{head: "积分", kind: colPoints, value: func(r deputyRow) any { return finite(r.g.Points) }},
		{head: "异常", kind: colWrap, width: 24, value: func(r deputyRow) any { return nonEmpty(r.outliers) }},
		{head: "合并", kind: colText, width: 6, value: func(r deputyRow) any { return yesOrEmpty(r.p != nil && r.p.Merged) }},
		{head: "代表编号", kind: colText, width: wID, tech: true, value: func(r deputyRow) any { return nonEmpty(r.g.Key) }},
	}))...)

// groupFigureCols are the figures of a deputy's reports, activities per
// type and in total.
func groupFigureCols[T any](g func(T) *corpus.GroupFigures) []column[T] {
	cols := []column[T]{
		{head: "建议数", kind: colInt, value: func(r T) any {
			if g(r).SuggestionsStated == 0 {
				return nil // none stated: unknown, not zero
			}
			return g(r).Suggestions
		}},
		{head: "写明建议数", kind: colInt, value: func(r T) any { return g(r).SuggestionsStated }},
		{head: "逐条建议", kind: colInt, value: func(r T) any { return g(r).Listed }},
	}
	cols = append(cols, activityCols(func(r T) map[corpus.ActivityType]int { return g(r).Activities })...)
	return append(cols, []column[T]{
		{head: "活动次数", kind: colInt, value: func(r T) any { return activityTotal(g(r).Activities) }},
		{head: "不足条数", kind: colInt, value: func(r T) any { return g(r).Shortcomings }},
		{head: "平均复制比", kind: colPercent, width: 8, value: func(r T) any { return optFloat(g(r).MeanCopyRatio) }},
		{head: "最高复制比", kind: colPercent, width: 8, value: func(r T) any { return optFloat(g(r).MaxCopyRatio) }},
		{head: "自我重复", kind: colInt, value: func(r T) any { return g(r).SelfReuse }},
		{head: "标记数", kind: colInt, value: func(r T) any { return flagTotal(g(r).Flags) }},
		{head: "无量化报告", kind: colInt, value: func(r T) any { return g(r).Unquantified }},
	}...)
}

// groupTable is a table of regions, years or levels: key is the header
// of the first column. It is narrower than 代表对比 (activities as one
// total, no per-type columns) so that 汇总 prints on a portrait page.
func groupTable(id int, name, tableName, key string) *table[*corpus.GroupFigures] {
	type G = *corpus.GroupFigures
	return newTable(id, name, tableName, 1, []column[G]{
		{head: key, kind: colText, width: wLabel, value: func(g G) any { return nonEmpty(g.Label) }},
		{head: "报告数", kind: colInt, value: func(g G) any { return g.Reports }},
		{head: "代表数", kind: colInt, value: func(g G) any { return g.Deputies }},
		{head: "建议数", kind: colInt, value: func(g G) any {
			if g.SuggestionsStated == 0 {
				return nil
			}
			return g.Suggestions
		}},
		{head: "写明建议数的报告", kind: colInt, width: 8, value: func(g G) any { return g.SuggestionsStated }},
		{head: "活动次数", kind: colInt, value: func(g G) any { return activityTotal(g.Activities) }},
		{head: "不足条数", kind: colInt, value: func(g G) any { return g.Shortcomings }},
		{head: "平均复制比", kind: colPercent, width: 8, value: func(g G) any { return optFloat(g.MeanCopyRatio) }},
		{head: "自我重复", kind: colInt, value: func(g G) any { return g.SelfReuse }},
		{head: "无量化报告", kind: colInt, value: func(g G) any { return g.Unquantified }},
		{head: "积分", kind: colPoints, value: func(g G) any { return finite(g.Points) }},
		{head: "排名", kind: colInt, width: 6, value: func(g G) any { return nonZero(g.Rank) }},
	}...)
}

var (
	regionTable = groupTable(idRegions, "按地区", "ByRegion", "地区")
	yearTable   = groupTable(idYears, "按年度", "ByYear", "年度")
	levelTable  = groupTable(idLevels, "按层级", "ByLevel", "层级")
)

// countTable is a small table of labelled counts for a chart of 汇总.
func countTable(id int, name, tableName, key, count string) *table[binRow] {
	return newTable(id, name, tableName, 0, []column[binRow]{
		{head: key, kind: colText, width: wLabel, value: func(r binRow) any { return r.label }},
		{head: count, kind: colInt, value: func(r binRow) any { return r.count }},
	}...)
}

var (
	copyBinTable      = countTable(idCopyBins, "复制比分布", "CopyRatios", "复制比", "报告数")
	outlierCountTable = countTable(idOutlierKinds, "需关注情况", "OutlierKinds", "类型", "项数")
)

var topPointsTable = newTable(idTopPoints, "积分最高的代表", "TopPoints", 0, []column[*corpus.GroupFigures]{
	{head: "代表", kind: colText, width: wLabel, value: func(g *corpus.GroupFigures) any { return nonEmpty(g.Label) }},
	{head: "积分", kind: colPoints, value: func(g *corpus.GroupFigures) any { return finite(g.Points) }},
	{head: "排名", kind: colInt, width: 6, value: func(g *corpus.GroupFigures) any { return nonZero(g.Rank) }},
}...)

var outlierTable = newTable(idOutliers, "需关注", "Outliers", 1, []column[*corpus.Outlier]{
	{head: "代表", kind: colText, width: 14, value: func(o *corpus.Outlier) any { return nonEmpty(o.Label) }},
	{head: "年份", kind: colInt, width: wYear, value: func(o *corpus.Outlier) any { return nonZero(o.Year) }},
	{head: "类型", kind: colText, width: 10, value: func(o *corpus.Outlier) any { return outlierLabel(o.Kind) }},
	{head: "说明", kind: colWrap, width: 56, value: func(o *corpus.Outlier) any { return o.Message }},
	{head: "数值", kind: colNumber, value: func(o *corpus.Outlier) any { return finite(o.Value) }},
	{head: "同类中位数", kind: colNumber, width: 8, value: func(o *corpus.Outlier) any {
		if o.Kind != corpus.OutlierFarAbovePeers {
			return nil
		}
		return finite(o.Peers)
	}},
	{head: "报告编号", kind: colText, width: wID, tech: true, value: func(o *corpus.Outlier) any { return nonEmpty(o.ReportID) }},
}...)

// outlierLabel names an outlier kind in Chinese.
func outlierLabel(kind string) string {
	switch kind {
	case corpus.OutlierFarAbovePeers:
		return "远高于同类"
	case corpus.OutlierRepeatsLastYear:
		return "照搬上年"
	case corpus.OutlierNoQuantified:
		return "无量化内容"
	}
	return kind
}

var trendTable = newTable(idTrend, "年度趋势", "Trend", 1, stackNumbers(concat(
	figureCols(func(r trendRow) *corpus.ReportFigures { return r.f }),
	[]column[trendRow]{
		{head: "对比年份", kind: colInt, value: func(r trendRow) any {
			if r.prev == nil {
				return nil
			}
			return nonZero(r.prev.Year)
		}},
		{head: "建议数", kind: colInt, value: func(r trendRow) any { return optInt(r.f.Suggestions) }},
		{head: "建议增减", kind: colDelta, value: func(r trendRow) any {
			if r.prev == nil || r.f.Suggestions == nil || r.prev.Suggestions == nil {
				return nil
			}
			return *r.f.Suggestions - *r.prev.Suggestions
		}},
		{head: "活动次数", kind: colInt, value: func(r trendRow) any { return activityTotal(r.f.Activities) }},
		{head: "活动增减", kind: colDelta, value: func(r trendRow) any {
			if r.prev == nil {
				return nil
			}
			return activityTotal(r.f.Activities) - activityTotal(r.prev.Activities)
		}},
		{head: "不足条数", kind: colInt, value: func(r trendRow) any { return r.f.Shortcomings }},
		{head: "复制比", kind: colPercent, value: func(r trendRow) any { return optFloat(r.f.CopyRatio) }},
		{head: "自我重复", kind: colPercent, value: func(r trendRow) any { return optFloat(r.f.SelfReuse) }},
		{head: "积分", kind: colPoints, value: func(r trendRow) any { return finite(r.f.Points) }},
		{head: "积分增减", kind: colDeltaPoints, value: func(r trendRow) any {
			if r.prev == nil {
				return nil
			}
			return finite(r.f.Points - r.prev.Points)
		}},
		{head: "变化", kind: colWrap, width: 36, value: func(r trendRow) any { return nonEmpty(changes(r.prev, r.f)) }},
		{head: "异常", kind: colWrap, width: 20, value: func(r trendRow) any { return nonEmpty(r.outliers) }},
		{head: "需复核", kind: colWrap, width: 12, value: func(r trendRow) any { return join(r.f.Review) }},
		{head: "报告编号", kind: colText, width: wID, tech: true, value: func(r trendRow) any { return r.f.ReportID }},
		{head: "文件", kind: colText, width: wFile, tech: true, value: func(r trendRow) any { return nonEmpty(r.f.Source) }},
	}))...)

var noteTable = newTable(idNotes, "说明", "Notes", 0, []column[noteRow]{
	{head: "项目", kind: colText, width: 14, value: func(r noteRow) any { return r[0] }},
	{head: "说明", kind: colWrap, width: 86, value: func(r noteRow) any { return r[1] }},
}...)

// tables lists every table by id.
var tables = [numTables]*layout{
	idNotes:        &noteTable.layout,
	idRegions:      &regionTable.layout,
	idYears:        &yearTable.layout,
	idLevels:       &levelTable.layout,
	idCopyBins:     &copyBinTable.layout,
	idTopPoints:    &topPointsTable.layout,
	idOutlierKinds: &outlierCountTable.layout,
	idOutliers:     &outlierTable.layout,
	idDeputies:     &deputyTable.layout,
	idTrend:        &trendTable.layout,
	idPoints:       &pointTable.layout,
	idReports:      &reportTable.layout,
	idSuggestions:  &suggestionTable.layout,
	idActivities:   &activityTable.layout,
	idShortcomings: &shortcomingTable.layout,
	idQuantities:   &quantityTable.layout,
	idFlags:        &flagTable.layout,
}

// onSummary reports whether a table is a block of the 汇总 sheet rather
// than a sheet of its own.
func onSummary(id int) bool { return id >= idRegions && id <= idOutlierKinds }

// inCSV reports whether a table is written as a CSV file: the blocks that
// only feed 汇总's charts are not (their data is in the other files).
func inCSV(id int) bool { return id != idCopyBins && id != idTopPoints && id != idOutlierKinds }
