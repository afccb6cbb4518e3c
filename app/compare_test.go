package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lvzhi/corpus"
)

func TestPointsTableErrors(t *testing.T) {
	tests := []struct {
		name, table, want string
	}{
		{"unknown source", "视察 inspectoin 3\n", "第 1 行: 未知的计分对象 \"inspectoin\"，是不是 inspection？"},
		{"too few fields", "# 注释\n\n视察 inspection\n", "第 3 行: 应有 3 或 4 项"},
		{"not a number", "视察 inspection 三\n", "第 1 行: 每次分值 \"三\" 不是数字"},
		{"negative cap", "视察 inspection 3 -1\n", "第 1 行: 每篇上限 \"-1\" 应为不小于 0 的数字"},
		{"twice", "视察 inspection 3\n调研 research 3\n视察2 inspection 2\n", "第 3 行: 计分对象 inspection 已在第 1 行出现过"},
		{"empty", "# 只有注释\n", "没有规则"},
	}
	for _, tt := range tests {
		_, err := parsePoints("积分.txt", strings.NewReader(tt.table))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "积分.txt") {
			t.Errorf("%s: err = %v, want it to name the file and say %q", tt.name, err, tt.want)
		}
	}
	def, err := ReadPoints("")
	if err != nil {
		t.Fatalf("the default table: %v", err)
	}
	if len(def.Rules) != 15 || def.Rules[0].Source != "congress_session" || def.Rules[0].Points != 8 {
		t.Errorf("default table: %+v", def.Rules)
	}
}

func TestScorePoints(t *testing.T) {
	table, err := parsePoints("t", strings.NewReader(`
出席代表大会 congress_session 8
提出建议     suggestion       3 12
视察         inspection       3
接待选民     voter_contact    3
学习培训     training         1
代表活动     general          2
`))
	if err != nil {
		t.Fatal(err)
	}
	n := func(v int) *int { return &v }
	d := func(s string) *string { return &s }
	r := &corpus.Report{}
	r.ID = "abc"
	r.Suggestions = corpus.Suggestions{Total: n(5), Statements: []corpus.SuggestionStatement{{Text: "提出建议5件", Count: n(5), Own: true}}}
	r.Activities = []corpus.Activity{
		{Type: corpus.ActCongressSession, DeputyRole: true, Date: d("2023-01"), Text: "2023年1月出席"},             // dated: 1 × 8
		{Type: corpus.ActInspection, Count: n(4), Unit: "次", DeputyRole: true, Text: "视察4次"},                   // 4 × 3
		{Type: corpus.ActInspection, DeputyRole: true, Date: d("2023-04-12"), Text: "4月12日视察"},                 // one of the 4: no points
		{Type: corpus.ActVoterContact, Count: n(37), Unit: "人次", DeputyRole: true, Text: "接待选民37人次"},           // people, not events
		{Type: corpus.ActVoterContact, Count: n(12), Unit: "次", DeputyRole: true, Approx: true, Text: "值班12次"}, // 12 × 3, review
		{Type: corpus.ActTraining, Count: n(6), Unit: "场次", DeputyRole: false, Text: "全镇培训农民6场次"},              // day job: none
		{Type: corpus.ActTraining, Count: nil, Unit: "", DeputyRole: true, Placeholder: true, Text: "参加培训**次"}, // placeholder: none
		{Type: corpus.ActGeneral, Count: n(23), Unit: "次", DeputyRole: true, Text: "参加各类代表活动23次"},              // itemised elsewhere: none
	}
	total, items := scorePoints(table, r)
	// 8 + 5×3 capped at 12 + 4×3 + 12×3 = 8 + 12 + 12 + 36 = 68
	if total != 68 {
		t.Errorf("total %v, want 68; items %+v", total, items)
	}
	byRule := map[string]corpus.PointItem{}
	for _, it := range items {
		if _, dup := byRule[it.Rule]; dup {
			t.Errorf("rule %s scored twice: %+v", it.Rule, items)
		}
		byRule[it.Rule] = it
		if it.ReportID != "abc" || it.Evidence.Text == "" {
			t.Errorf("item without its report or evidence: %+v", it)
		}
	}
	if it := byRule["提出建议"]; it.Points != 12 || it.Units != 5 || it.Note == "" {
		t.Errorf("capped suggestions: %+v", it)
	}
	if it := byRule["接待选民"]; it.Units != 12 || it.Review == "" {
		t.Errorf("an approximate count must be marked: %+v", it)
	}
	for _, rule := range []string{"学习培训", "代表活动"} {
		if _, ok := byRule[rule]; ok {
			t.Errorf("%s must not score (day job, placeholder, itemised total)", rule)
		}
	}
	// A report that gives only a total of activities scores it.
	r2 := &corpus.Report{}
	r2.Activities = []corpus.Activity{{Type: corpus.ActGeneral, Count: n(23), Unit: "次", DeputyRole: true, Text: "参加各类代表活动23次"}}
	if total, _ := scorePoints(table, r2); total != 46 {
		t.Errorf("a lone total: %v points, want 46", total)
	}
	// A placeholder total scores nothing.
	r3 := &corpus.Report{}
	r3.Suggestions = corpus.Suggestions{Placeholder: true, Listed: []corpus.ListedSuggestion{{Text: "《关于**的建议》"}}}
	if total, items := scorePoints(table, r3); total != 0 {
		t.Errorf("a placeholder total: %v points %+v", total, items)
	}
}

func TestOverridesErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"张建华|云溪县|县 张建华\n", "第 1 行: 缺少 =>"},
		{"\n张建华|云溪县|县 =>\n", "第 2 行: => 后面缺少代表名称"},
		{"张建华 => 张建华\n", "第 1 行: 选择 \"张建华\" 无效"},
		{"3f2a => 王芳\n", "第 1 行: 文档编号 \"3f2a\" 太短"},
		{"王芳|清河镇|镇 2019-2015 => 王芳\n", "第 1 行: 年份 \"2019-2015\" 无效"},
		{"王芳|清河镇|镇 => 王某某\n", "占位符"},
	}
	for _, tt := range tests {
		_, err := parseOverrides("deputies.txt", strings.NewReader(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.text, err, tt.want)
		}
	}
	o, err := parseOverrides("d", strings.NewReader(OverridesTemplate+"王芳|清河镇|镇 -2019 => 王芳（东村）\n王芳|清河镇|镇 2020- => 王芳（西村）\n3f2a9c41 => 李四\n"))
	if err != nil {
		t.Fatalf("the template with lines: %v", err)
	}
	for _, tt := range []struct {
		key, id string
		year    int
		want    string
	}{
		{"王芳|清河镇|镇", "aaaa", 2018, "王芳（东村）"},
		{"王芳|清河镇|镇", "aaaa", 2021, "王芳（西村）"},
		{"王芳|清河镇|镇", "aaaa", 0, ""}, // a year range needs a year
		{"张三||县", "3f2a9c41d0e8b7a6", 2020, "李四"},
	} {
		if got, _ := o.resolve(tt.key, tt.id, tt.year); got != tt.want {
			t.Errorf("resolve(%s, %s, %d) = %q, want %q", tt.key, tt.id, tt.year, got, tt.want)
		}
	}
}

// activeReport is a duty report of a village deputy with n inspections.
func activeReport(name string, year, inspections, suggestions int, body string) string {
	return fmt.Sprintf(`%d年度人大代表述职报告
本人%s，现为清河镇第十九届人大代表。现将%d年履职情况报告如下：
全年参加视察活动%d次。在镇人代会上，我提出建议%d件。
%s
存在的不足是学习还不够深入。
`, year, name, year, inspections, suggestions, body)
}

func TestCompare(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	// Seven deputies of one town in 2023: peers; one far above them.
	for i, name := range []string{"赵一", "钱二", "孙三", "李四", "周五", "吴六"} {
		writeFile(t, files, name+"-2023.txt", []byte(activeReport(name, 2023, 3+i%2, 2, fmt.Sprintf("我联系了%d户群众，走访了%s所在的村组。", 10+i, name))), day)
	}
	writeFile(t, files, "郑七-2023.txt", []byte(activeReport("郑七", 2023, 60, 2, "全年几乎每周都参加视察。")), day)
	// 赵一's 2024 report repeats most of 2023's.
	writeFile(t, files, "赵一-2024.txt", []byte(activeReport("赵一", 2024, 3, 2, "我联系了10户群众，走访了赵一所在的村组。")), day)
	// A report with nothing quantified.
	writeFile(t, files, "王八-2023.txt", []byte("2023年度人大代表述职报告\n本人王八，现为清河镇第十九届人大代表。一年来我认真履行代表职责，密切联系群众，做了一些工作。\n不足之处是学习不够。\n"), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)

	c, err := a.Compare(ctx, CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Reports) != 9 || len(c.Deputies) != 8 {
		t.Fatalf("%d reports, %d deputies; want 9 and 8", len(c.Reports), len(c.Deputies))
	}
	kinds := map[string][]string{}
	for _, o := range c.Outliers {
		kinds[o.Kind] = append(kinds[o.Kind], o.Label)
	}
	if got := kinds[corpus.OutlierFarAbovePeers]; len(got) != 1 || !strings.HasPrefix(got[0], "郑七") {
		t.Errorf("far above peers: %v", got)
	}
	if got := kinds[corpus.OutlierRepeatsLastYear]; len(got) != 1 || !strings.HasPrefix(got[0], "赵一") {
		t.Errorf("repeats last year: %v", got)
	}
	if got := kinds[corpus.OutlierNoQuantified]; len(got) != 1 || !strings.HasPrefix(got[0], "王八") {
		t.Errorf("no quantified activity: %v", got)
	}
	// 赵一 across two years, with points: each year 3 inspections × 3 + 2
	// suggestions × 3 = 15.
	var zhao *corpus.GroupFigures
	for i := range c.ByDeputy {
		if strings.HasPrefix(c.ByDeputy[i].Label, "赵一") {
			zhao = &c.ByDeputy[i]
		}
	}
	if zhao == nil || zhao.Reports != 2 || zhao.Points != 30 || zhao.Suggestions != 4 || len(zhao.Years) != 2 {
		t.Fatalf("赵一: %+v", zhao)
	}
	if len(c.ByYear) != 2 || c.ByYear[0].Key != "2023" || c.ByYear[0].Reports != 8 {
		t.Errorf("by year: %+v", c.ByYear)
	}
	top := c.ByDeputy[0]
	for _, g := range c.ByDeputy {
		if g.Rank == 1 {
			top = g
		}
	}
	if !strings.HasPrefix(top.Label, "郑七") {
		t.Errorf("rank 1 is %s, want 郑七 (most points)", top.Label)
	}

	// The office's override file merges two spellings of one seat.
	over := "赵一|清河镇|镇 => 赵一（东村）\n"
	if err := os.WriteFile(filepath.Join(data, OverridesFile), []byte(over), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = a.Compare(ctx, CompareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range c.Deputies {
		if p.Name == "赵一（东村）" {
			found = p.Merged && len(p.Reports) == 2
		}
	}
	if !found {
		t.Errorf("the override did not make 赵一（东村）: %+v", c.Deputies)
	}
}
