package export

import (
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// The reports below are written for these tests, in the style of real duty
// reports (placeholders, markdown debris, a day job's statistics mixed in).

const textLiu2023 = `2023年度人大代表履职报告
各位选民：
本人柳青岚，2021年当选为青石镇第十八届人民代表大会代表，现任青石村党支部书记。现将2023年履职情况报告如下。
一、参加调研活动3次，围绕农村饮水安全提出意见建议9条。
- 参加镇人大组织的视察活动**次。
二、带领全村完成危房改造120户，投入资金250万元。
本人提出《关于修缮青石村便民桥的建议》。
=HYPERLINK("http://example.invalid","点击")
三、存在的不足：一是学习不够深入；二是联系选民不够经常。`

const textLiu2024 = `2024年度履职报告
本人柳青岚，青石镇人大代表。2024年参加调研活动2次，提出建议4件。
不足之处：调研不够深入。`

const textLiuOther = `2023年履职报告
本人柳青岚，白沙乡人大代表。全年参加视察2次，提出建议1件。`

const textWork = `青石镇人民代表大会主席团工作报告
各位代表：我代表镇人大主席团，向大会报告工作。全镇代表共提出建议30件。`

const textNoName = `履职报告
本人于20xx年当选为x镇人大代表，参加各类代表活动**次。`

// span locates sub in text: the test fails if it is missing, so every
// offset in the fixtures is checked against its text.
func span(tb testing.TB, text, sub string) corpus.Span {
	tb.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		tb.Fatalf("fixture: %q not in text", sub)
	}
	return corpus.Span{Text: sub, Start: i, End: i + len(sub)}
}

func ptr[T any](v T) *T { return &v }

// liu2023 is a fully filled duty report: every column of every detail sheet
// has a value.
func liu2023(tb testing.TB) *corpus.Report {
	t := textLiu2023
	stmt := span(tb, t, "提出意见建议9条")
	listed := span(tb, t, "《关于修缮青石村便民桥的建议》")
	research := span(tb, t, "参加调研活动3次")
	inspect := span(tb, t, "- 参加镇人大组织的视察活动**次。")
	houses := span(tb, t, "完成危房改造120户")
	money := span(tb, t, "投入资金250万元")
	short1 := span(tb, t, "一是学习不够深入")
	short2 := span(tb, t, "二是联系选民不够经常")
	stars := span(tb, t, "**")
	formula := span(tb, t, `=HYPERLINK("http://example.invalid","点击")`)
	name := span(tb, t, "柳青岚")
	return &corpus.Report{
		Document: corpus.Document{
			ID: "a1b2c3d4e5f60718", Source: "2023/青石镇.zip", Member: "代表/柳青岚.docx",
			Part: 1, Parts: 1, Format: "docx", Encoding: "utf-8",
			Title: "=2023年度人大代表履职报告", Text: t,
		},
		Analysis: corpus.Analysis{
			Version: 3,
			Kind:    corpus.KindDutyReport,
			Deputy: corpus.Deputy{
				Name: ptr("柳青岚"), Levels: []string{"镇"}, Term: ptr("第十八届"),
				Region: ptr("青石镇"), Position: ptr("@青石村党支部书记"), ElectedYear: ptr(2021),
				Evidence: corpus.DeputyEvidence{Name: &name},
			},
			Year: ptr(2023),
			Suggestions: corpus.Suggestions{
				Total: ptr(9),
				Statements: []corpus.SuggestionStatement{{
					Text: stmt.Text, Count: ptr(9), Kind: "意见建议", Own: true, Start: stmt.Start, End: stmt.End,
				}},
				Listed: []corpus.ListedSuggestion{{
					Text: listed.Text, Topic: "修缮青石村便民桥", Start: listed.Start, End: listed.End,
				}},
			},
			Activities: []corpus.Activity{
				{Type: corpus.ActResearch, Count: ptr(3), Unit: "次", DeputyRole: true, Date: ptr("2023"),
					Text: research.Text, Start: research.Start, End: research.End},
				{Type: corpus.ActInspection, Unit: "次", Placeholder: true, DeputyRole: true,
					Text: inspect.Text, Start: inspect.Start, End: inspect.End},
				// The village's housing work is the day job, not deputy work.
				{Type: corpus.ActPublicService, Count: ptr(120), Unit: "户", DeputyRole: false,
					Text: houses.Text, Start: houses.Start, End: houses.End},
			},
			Shortcomings: []corpus.Shortcoming{
				{Text: short1.Text, Start: short1.Start, End: short1.End},
				{Text: short2.Text, Start: short2.Start, End: short2.End},
			},
			Quantities: []corpus.Quantity{
				{Value: ptr(250.0), Unit: "万元", Kind: "money", Text: money.Text, Start: money.Start, End: money.End},
				{Value: ptr(0.5), Unit: "%", Kind: "rate", Approx: true, Text: "-0.5%", Start: 0, End: 0},
			},
			Placeholders: corpus.Placeholders{Count: 1, Spans: []corpus.PlaceholderSpan{{Span: stars, Form: "stars"}}},
			Flags: []corpus.Flag{
				{Code: corpus.FlagPlaceholder, Severity: corpus.SeverityHigh, Message: "报告中有1处占位符未填写",
					Evidence: []corpus.Span{stars}},
				{Code: corpus.FlagBoilerplate, Severity: corpus.SeverityMedium, Message: "+与其他报告雷同",
					Evidence: []corpus.Span{short1, formula},
					Sources:  []corpus.SourceRef{{ID: "ffee000011112222", Source: "2022/a.txt", Part: 2}, {ID: "0000aaaa0000bbbb"}}},
			},
		},
	}
}

// liu2024 is the same deputy a year later.
func liu2024(tb testing.TB) *corpus.Report {
	t := textLiu2024
	r := span(tb, t, "参加调研活动2次")
	return &corpus.Report{
		Document: corpus.Document{ID: "b000000000000001", Source: "2024/柳青岚.txt", Part: 1, Parts: 1, Title: "2024年度履职报告", Text: t},
		Analysis: corpus.Analysis{
			Version: 3, Kind: corpus.KindDutyReport,
			Deputy:      corpus.Deputy{Name: ptr("柳青岚"), Levels: []string{"镇"}, Region: ptr("青石镇")},
			Year:        ptr(2024),
			Suggestions: corpus.Suggestions{Total: ptr(4)},
			Activities: []corpus.Activity{{Type: corpus.ActResearch, Count: ptr(2), Unit: "次", DeputyRole: true,
				Text: r.Text, Start: r.Start, End: r.End}},
			Shortcomings: []corpus.Shortcoming{{Text: "调研不够深入"}},
		},
	}
}

// liuSecond is another document of the same deputy, region and year as
// liu2023 (a second report submitted that year).
func liuSecond(tb testing.TB) *corpus.Report {
	return &corpus.Report{
		Document: corpus.Document{ID: "b000000000000002", Source: "2023/补充.txt", Part: 1, Parts: 1, Text: "补充报告"},
		Analysis: corpus.Analysis{
			Version: 3, Kind: corpus.KindDutyReport,
			Deputy:      corpus.Deputy{Name: ptr("柳青岚"), Levels: []string{"县", "镇"}, Region: ptr("青石镇")},
			Year:        ptr(2023),
			Suggestions: corpus.Suggestions{Total: ptr(2), Approx: true},
			Activities: []corpus.Activity{
				{Type: corpus.ActResearch, Count: ptr(1), Unit: "次", DeputyRole: true},
				{Type: corpus.ActTraining, Count: ptr(5), Unit: "期", DeputyRole: true},
			},
			Flags: []corpus.Flag{{Code: corpus.FlagNoShortcomings, Severity: corpus.SeverityLow, Message: "未谈不足"}},
		},
	}
}

// liuOther has the same name in another township: a different person.
func liuOther(tb testing.TB) *corpus.Report {
	return &corpus.Report{
		Document: corpus.Document{ID: "b000000000000003", Source: "2023/白沙乡.txt", Part: 1, Parts: 1, Text: textLiuOther},
		Analysis: corpus.Analysis{
			Version: 2, Kind: corpus.KindDutyReport,
			Deputy:      corpus.Deputy{Name: ptr("柳青岚"), Levels: []string{"乡"}, Region: ptr("白沙乡")},
			Year:        ptr(2023),
			Suggestions: corpus.Suggestions{Total: ptr(1)},
			Activities:  []corpus.Activity{{Type: corpus.ActInspection, Count: ptr(2), Unit: "次", DeputyRole: true}},
		},
	}
}

// workReport is a body's report: searchable, never in 代表对比.
func workReport(tb testing.TB) *corpus.Report {
	return &corpus.Report{
		Document: corpus.Document{ID: "c000000000000001", Source: "2023/主席团.txt", Part: 2, Parts: 3, Text: textWork},
		Analysis: corpus.Analysis{
			Version: 3, Kind: corpus.KindWorkReport,
			Deputy: corpus.Deputy{Name: ptr("柳青岚")},
			Year:   ptr(2023),
			Suggestions: corpus.Suggestions{Statements: []corpus.SuggestionStatement{
				{Text: "全镇代表共提出建议30件", Count: ptr(30), Kind: "建议", Own: false},
			}},
		},
	}
}

// noName is a placeholder-filled duty report with no deputy name.
func noName(tb testing.TB) *corpus.Report {
	return &corpus.Report{
		Document: corpus.Document{ID: "d000000000000001", Source: "范文.md", Part: 1, Parts: 1, Text: textNoName},
		Analysis: corpus.Analysis{
			Version: 3, Kind: corpus.KindDutyReport,
			Activities:   []corpus.Activity{{Type: corpus.ActGeneral, Unit: "次", Placeholder: true, DeputyRole: true}},
			Placeholders: corpus.Placeholders{Count: 4},
		},
	}
}

// fixtures are the reports in the order the tests add them, with their
// extra figures.
func fixtures(tb testing.TB) ([]*corpus.Report, []Extra) {
	return []*corpus.Report{liu2023(tb), liu2024(tb), liuSecond(tb), liuOther(tb), workReport(tb), noName(tb)},
		[]Extra{
			{CopyRatio: ptr(0.4123), Score: 0.875, Origins: 2},
			{CopyRatio: ptr(0.05), Score: 0.1, Origins: 1},
			{CopyRatio: ptr(0.6), Score: 0.3},
			{},
			{},
			{Score: 0.99, Origins: 1},
		}
}

var fixedNow = time.Date(2026, 11, 23, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// handComparison is the comparison of the fixtures as the application
// would compute it, written out by hand: two deputies named 柳青岚 (青石镇,
// two reports; 白沙乡, one, put together by the override file), and the
// placeholder report whose deputy is unknown. liuSecond is a second text
// of liu2023's report and not counted; the work report is not a duty
// report.
func handComparison(tb testing.TB) *corpus.Comparison {
	tb.Helper()
	research23 := span(tb, textLiu2023, "参加调研活动3次")
	stmt23 := span(tb, textLiu2023, "提出意见建议9条")
	research24 := span(tb, textLiu2024, "参加调研活动2次")
	inspect := span(tb, textLiuOther, "全年参加视察2次")
	return &corpus.Comparison{
		Reports: []corpus.ReportFigures{
			{ReportID: "b000000000000003", Deputy: "p2", Name: "柳青岚", Region: "白沙乡", Levels: []string{"乡"}, Year: 2023,
				Source: "2023/白沙乡.txt", Suggestions: ptr(1), Activities: map[corpus.ActivityType]int{corpus.ActInspection: 2},
				ActivityRows: 1, Quantified: true, Points: 6,
				PointItems: []corpus.PointItem{{Rule: "视察", Units: 2, Points: 6, ReportID: "b000000000000003", Evidence: inspect}}},
			{ReportID: "a1b2c3d4e5f60718", Deputy: "p1", Name: "柳青岚", Region: "青石镇", Levels: []string{"镇"}, Year: 2023,
				Source: "2023/青石镇.zip!/代表/柳青岚.docx", Suggestions: ptr(9), Listed: 1,
				Activities: map[corpus.ActivityType]int{corpus.ActResearch: 3}, ActivityRows: 1, Shortcomings: 2, Placeholders: 1,
				CopyRatio: ptr(0.4123), Flags: []string{corpus.FlagPlaceholder, corpus.FlagBoilerplate}, Score: 0.875,
				Quantified: true, Points: 36, Review: []string{"视察次数为占位符"},
				PointItems: []corpus.PointItem{
					{Rule: "提出建议", Units: 9, Points: 27, ReportID: "a1b2c3d4e5f60718", Evidence: stmt23, Review: "附近有占位符"},
					{Rule: "调研", Units: 3, Points: 9, ReportID: "a1b2c3d4e5f60718", Evidence: research23},
				}},
			{ReportID: "b000000000000001", Deputy: "p1", Name: "柳青岚", Region: "青石镇", Levels: []string{"镇"}, Year: 2024,
				Source: "2024/柳青岚.txt", Suggestions: ptr(4), Activities: map[corpus.ActivityType]int{corpus.ActResearch: 2},
				ActivityRows: 1, Shortcomings: 1, CopyRatio: ptr(0.05), SelfReuse: ptr(0.35), SelfReuseFrom: []int{2023},
				Score: 0.1, Quantified: true, Points: 18,
				PointItems: []corpus.PointItem{{Rule: "调研", Units: 2, Points: 6, ReportID: "b000000000000001", Evidence: research24}}},
			{ReportID: "d000000000000001", Source: "范文.md", Placeholders: 4, Score: 0.99,
				Activities: map[corpus.ActivityType]int{}},
		},
		Deputies: []corpus.Person{
			{ID: "p1", Name: "柳青岚", Region: "青石镇", Levels: []string{"镇"}, Term: "第十八届",
				Reports: []string{"a1b2c3d4e5f60718", "b000000000000001"}, Years: []int{2023, 2024}},
			{ID: "p2", Name: "柳青岚", Region: "白沙乡", Levels: []string{"乡"}, Merged: true,
				Reports: []string{"b000000000000003"}, Years: []int{2023}},
		},
		// In the order a careless caller might give: the export sorts.
		ByDeputy: []corpus.GroupFigures{
			{Key: "p1", Label: "柳青岚（青石镇）", Reports: 2, Deputies: 1, Years: []int{2023, 2024},
				Suggestions: 13, SuggestionsStated: 2, Listed: 1, Activities: map[corpus.ActivityType]int{corpus.ActResearch: 5},
				Shortcomings: 3, MeanCopyRatio: ptr(0.23115), MaxCopyRatio: ptr(0.4123), SelfReuse: 1,
				Flags: map[string]int{corpus.FlagPlaceholder: 1, corpus.FlagBoilerplate: 1}, Points: 54, Rank: 1},
			{Key: "p2", Label: "柳青岚（白沙乡）", Reports: 1, Deputies: 1, Years: []int{2023},
				Suggestions: 1, SuggestionsStated: 1, Activities: map[corpus.ActivityType]int{corpus.ActInspection: 2},
				Flags: map[string]int{}, Points: 6, Rank: 2},
		},
		ByRegion: []corpus.GroupFigures{
			{Key: "白沙乡", Label: "白沙乡", Reports: 1, Deputies: 1, Suggestions: 1, SuggestionsStated: 1,
				Activities: map[corpus.ActivityType]int{corpus.ActInspection: 2}, Points: 6, Rank: 2},
			{Key: "青石镇", Label: "青石镇", Reports: 2, Deputies: 1, Suggestions: 13, SuggestionsStated: 2, Listed: 1,
				Activities: map[corpus.ActivityType]int{corpus.ActResearch: 5}, Shortcomings: 3,
				MeanCopyRatio: ptr(0.23115), SelfReuse: 1, Points: 54, Rank: 1},
		},
		ByLevel: []corpus.GroupFigures{
			{Key: "镇", Label: "镇", Reports: 2, Deputies: 1, Points: 54, Rank: 1},
			{Key: "乡", Label: "乡", Reports: 1, Deputies: 1, Points: 6, Rank: 2},
		},
		ByYear: []corpus.GroupFigures{
			{Key: "2024", Label: "2024", Reports: 1, Deputies: 1, Suggestions: 4, SuggestionsStated: 1, Points: 18, Rank: 2},
			{Key: "2023", Label: "2023", Reports: 2, Deputies: 2, Suggestions: 10, SuggestionsStated: 2, Points: 42, Rank: 1},
		},
		Outliers: []corpus.Outlier{
			{Kind: corpus.OutlierNoQuantified, ReportID: "d000000000000001", Message: "报告没有写明任何活动次数或建议数"},
			{Kind: corpus.OutlierFarAbovePeers, Deputy: "p1", Label: "柳青岚（青石镇）", Year: 2023,
				Message: "建议数 9，是同类中位数 2 的 4.5 倍", Value: 9, Peers: 2},
			{Kind: corpus.OutlierRepeatsLastYear, Deputy: "p1", Label: "柳青岚（青石镇）", Year: 2024,
				ReportID: "b000000000000001", Message: "35% 与2023年报告相同", Value: 0.35},
		},
		Points: testPoints,
	}
}
