package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"lvzhi/app"
	"lvzhi/corpus"
)

var byChoices = []choice{{"deputy", "代表"}, {"region", "地区"}, {"level", "层级"}, {"year", "年份"}}

func runCompare(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "compare", "compare [--by deputy|region|level|year] [--deputy 姓名] [--points 积分表] [--json | --csv 文件]",
		"lvzhi compare                        （按代表：排名、积分、建议、代表活动）",
		"lvzhi compare --by region",
		"lvzhi compare --by year --csv 年度对比.csv",
		"lvzhi compare --deputy 张建华          （一位代表的历年变化和积分明细）",
		"lvzhi compare --points 本地积分表.txt   （积分表的写法见 lvzhi points）")
	fs.dataFlag()
	by := fs.String("by", "deputy", "分组: deputy 代表, region 地区, level 层级, year 年份")
	deputy := fs.String("deputy", "", "只看一位代表的历年情况（姓名，或 lvzhi deputies 列出的名称）")
	points := fs.String("points", "", "积分表文件（默认用内置积分表，见 lvzhi points）")
	overrides := fs.String("deputies", "", "代表对应表文件（默认为数据目录中的 "+app.OverridesFile+"，见 lvzhi deputies --template）")
	limit := fs.Int("limit", 30, "最多列出多少行（0 表示全部）")
	asJSON := fs.Bool("json", false, "输出 JSON（全部数据）")
	csvOut := fs.String("csv", "", "把表格写成 CSV 文件（UTF-8 带 BOM）")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	group, err := fs.enum("by", *by, byChoices)
	if err != nil {
		return err
	}
	if *limit < 0 {
		return fs.usageErrorf("--limit 不能为负数")
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	c, err := a.Compare(ctx, app.CompareOptions{Points: *points, Deputies: *overrides})
	if err != nil {
		return err
	}
	if *deputy != "" {
		return printTrend(e, c, *deputy, *asJSON)
	}
	if *asJSON {
		return writeJSON(e.stdout, c)
	}
	rows := groups(c, group)
	t := groupTable(group, rows, *limit)
	if *csvOut != "" {
		return writeCSV(*csvOut, t)
	}
	fmt.Fprintf(e.stdout, "计入统计的履职报告 %d 篇，代表 %d 位；积分按%s计算\n\n", len(c.Reports), len(c.Deputies), c.Points.Name)
	t.write(e.stdout)
	if *limit > 0 && len(rows) > *limit {
		fmt.Fprintf(e.stdout, "（只列出前 %d 行，用 --limit 0 查看全部）\n", *limit)
	}
	printOutliers(e.stdout, c.Outliers, *limit)
	return nil
}

func groups(c *corpus.Comparison, by string) []corpus.GroupFigures {
	switch by {
	case "region":
		return c.ByRegion
	case "level":
		return c.ByLevel
	case "year":
		return c.ByYear
	}
	out := append([]corpus.GroupFigures(nil), c.ByDeputy...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

// groupTable is the comparison table of one grouping.
func groupTable(by string, rows []corpus.GroupFigures, limit int) *table {
	first := map[string]string{"deputy": "代表", "region": "地区", "level": "层级", "year": "年份"}[by]
	head := []string{"排名", first, "年份", "报告", "代表", "建议", "代表活动"}
	for _, at := range mainTypes {
		head = append(head, at.Label())
	}
	head = append(head, "不足", "平均复制比", "积分")
	t := newTable(head...)
	for i := range head {
		if i != 1 && i != 2 {
			t.alignRight(i)
		}
	}
	for i, g := range rows {
		if limit > 0 && i == limit {
			break
		}
		acts := 0
		for _, n := range g.Activities {
			acts += n
		}
		sugg := "—"
		if g.SuggestionsStated > 0 {
			sugg = strconv.Itoa(g.Suggestions)
			if g.SuggestionsStated < g.Reports {
				sugg += fmt.Sprintf("（%d篇未写）", g.Reports-g.SuggestionsStated)
			}
		}
		cells := []string{strconv.Itoa(g.Rank), g.Label, yearSpan(g.Years), strconv.Itoa(g.Reports), strconv.Itoa(g.Deputies), sugg, strconv.Itoa(acts)}
		for _, at := range mainTypes {
			cells = append(cells, strconv.Itoa(g.Activities[at]))
		}
		cells = append(cells, strconv.Itoa(g.Shortcomings), pct(g.MeanCopyRatio), pts(g.Points))
		t.add(cells...)
	}
	return t
}

// mainTypes are the activity types the terminal table shows a column for
// (the JSON and the workbook have all of them).
var mainTypes = []corpus.ActivityType{corpus.ActCongressSession, corpus.ActInspection, corpus.ActResearch, corpus.ActVoterContact}

func yearSpan(years []int) string {
	switch len(years) {
	case 0:
		return "—"
	case 1:
		return strconv.Itoa(years[0])
	}
	return fmt.Sprintf("%d–%d", years[0], years[len(years)-1])
}

func printOutliers(w io.Writer, outs []corpus.Outlier, limit int) {
	if len(outs) == 0 {
		return
	}
	labels := map[string]string{
		corpus.OutlierFarAbovePeers:   "远高于同级代表",
		corpus.OutlierRepeatsLastYear: "照搬上一年",
		corpus.OutlierNoQuantified:    "无量化内容",
	}
	fmt.Fprintf(w, "\n值得注意的情况 %d 项:\n", len(outs))
	for i, o := range outs {
		if limit > 0 && i == limit {
			fmt.Fprintf(w, "  （另有 %d 项，用 --limit 0 或 --json 查看）\n", len(outs)-limit)
			break
		}
		fmt.Fprintf(w, "  · [%s] %s：%s  %s\n", labels[o.Kind], safe(o.Label), safe(o.Message), shortID(o.ReportID))
	}
}

// printTrend shows one deputy across years: the figures of each year and
// what changed from the year before, then the points with their evidence.
func printTrend(e *env, c *corpus.Comparison, who string, asJSON bool) error {
	var match []corpus.Person
	for _, p := range c.Deputies {
		if p.Name == who || p.ID == who || strings.HasPrefix(deputyLabelOf(p), who) {
			match = append(match, p)
		}
	}
	if len(match) == 0 {
		return corpus.Errorf(corpus.ENOTFOUND, "没有名为 %s 的代表（lvzhi deputies 列出全部代表）", who)
	}
	if len(match) > 1 {
		var names []string
		for _, p := range match {
			names = append(names, deputyLabelOf(p))
		}
		return corpus.Errorf(corpus.ECONFLICT, "有 %d 位代表叫 %s：%s；请写全名称", len(match), who, strings.Join(names, "、"))
	}
	p := match[0]
	var reports []corpus.ReportFigures
	for _, f := range c.Reports {
		if f.Deputy == p.ID {
			reports = append(reports, f)
		}
	}
	sort.SliceStable(reports, func(i, j int) bool { return reports[i].Year < reports[j].Year })
	var outs []corpus.Outlier
	for _, o := range c.Outliers {
		if o.Deputy == p.ID {
			outs = append(outs, o)
		}
	}
	if asJSON {
		return writeJSON(e.stdout, struct {
			Deputy   corpus.Person          `json:"deputy"`
			Reports  []corpus.ReportFigures `json:"reports"`
			Outliers []corpus.Outlier       `json:"outliers"`
		}{p, reports, outs})
	}
	w := e.stdout
	fmt.Fprintf(w, "%s  %s\n", deputyLabelOf(p), strings.Join(p.Levels, "、"))
	if p.Merged {
		fmt.Fprintln(w, "（按代表对应表合并）")
	}
	t := newTable("年份", "建议", "逐条", "代表活动", "不足", "复制比", "积分", "较上年").alignRight(1, 2, 3, 4, 5, 6)
	var prev *corpus.ReportFigures
	for i := range reports {
		f := &reports[i]
		acts := 0
		for _, n := range f.Activities {
			acts += n
		}
		change := ""
		if prev != nil {
			change = trendChange(prev, f)
		}
		year := "—"
		if f.Year != 0 {
			year = strconv.Itoa(f.Year)
		}
		t.add(year, num(f.Suggestions), strconv.Itoa(f.Listed), strconv.Itoa(acts), strconv.Itoa(f.Shortcomings), pct(f.CopyRatio), pts(f.Points), change)
		prev = f
	}
	t.write(w)
	for _, o := range outs {
		fmt.Fprintf(w, "  ⚑ %s\n", safe(o.Message))
	}
	fmt.Fprintln(w, "\n积分明细:")
	for _, f := range reports {
		for _, it := range f.PointItems {
			mark := ""
			if it.Review != "" {
				mark = "（需复核：" + it.Review + "）"
			}
			if it.Note != "" {
				mark += "（" + it.Note + "）"
			}
			fmt.Fprintf(w, "  %d  %s %d 次 → %s 分%s  「%s」 %s\n", f.Year, it.Rule, it.Units, pts(it.Points), mark, safe(clip(it.Evidence.Text, 60)), shortID(it.ReportID))
		}
	}
	return nil
}

// trendChange says in a few words what changed from one year to the next.
func trendChange(prev, cur *corpus.ReportFigures) string {
	var parts []string
	diff := func(label string, a, b int) {
		if d := b - a; d != 0 {
			parts = append(parts, fmt.Sprintf("%s%+d", label, d))
		}
	}
	if prev.Suggestions != nil && cur.Suggestions != nil {
		diff("建议", *prev.Suggestions, *cur.Suggestions)
	}
	sum := func(f *corpus.ReportFigures) int {
		n := 0
		for _, v := range f.Activities {
			n += v
		}
		return n
	}
	diff("活动", sum(prev), sum(cur))
	var added, dropped []string
	for _, at := range corpus.ActivityTypes {
		_, had := prev.Activities[at]
		_, has := cur.Activities[at]
		switch {
		case has && !had:
			added = append(added, at.Label())
		case had && !has:
			dropped = append(dropped, at.Label())
		}
	}
	if len(added) > 0 {
		parts = append(parts, "新增"+strings.Join(added, "、"))
	}
	if len(dropped) > 0 {
		parts = append(parts, "不再有"+strings.Join(dropped, "、"))
	}
	if d := cur.Points - prev.Points; d != 0 {
		parts = append(parts, fmt.Sprintf("积分%+g", d))
	}
	return strings.Join(parts, "，")
}

func deputyLabelOf(p corpus.Person) string {
	if p.Merged || p.Region == "" {
		return p.Name
	}
	return p.Name + "（" + p.Region + "）"
}

// writeCSV writes a table as a CSV file with a BOM (Excel opens it as
// UTF-8), readable by others.
func writeCSV(path string, t *table) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".lvzhi-compare-*.csv")
	if err != nil {
		return fmt.Errorf("无法创建文件 %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	tmp.WriteString("\ufeff")
	w := csv.NewWriter(tmp)
	w.Write(t.head)
	for _, row := range t.rows {
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(outputMode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func runDeputies(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "deputies", "deputies [--json] [--template]",
		"lvzhi deputies",
		"lvzhi deputies --template > lvzhi-data/deputies.txt   （生成代表对应表，编辑后即生效）")
	fs.dataFlag()
	overrides := fs.String("deputies", "", "代表对应表文件（默认为数据目录中的 "+app.OverridesFile+"）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	template := fs.Bool("template", false, "打印代表对应表的说明和示例")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	if *template {
		fmt.Fprint(e.stdout, app.OverridesTemplate)
		return nil
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	c, err := a.Compare(ctx, app.CompareOptions{Deputies: *overrides})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, c.Deputies)
	}
	sources := map[string]corpus.ReportFigures{}
	for _, f := range c.Reports {
		sources[f.ReportID] = f
	}
	fmt.Fprintf(e.stdout, "代表 %d 位（按姓名和席位归并；写法见 lvzhi deputies --template）\n", len(c.Deputies))
	for _, p := range c.Deputies {
		merged := ""
		if p.Merged {
			merged = "  [按代表对应表合并]"
		}
		fmt.Fprintf(e.stdout, "\n%s  %s  %s%s\n", safe(deputyLabelOf(p)), strings.Join(p.Levels, "、"), p.Term, merged)
		fmt.Fprintf(e.stdout, "  写法: %s|%s|%s\n", safe(p.Name), safe(p.Region), strings.Join(sortedCopy(p.Levels), "、"))
		for _, id := range p.Reports {
			f := sources[id]
			fmt.Fprintf(e.stdout, "  %s  %d  %s\n", id, f.Year, safe(f.Source))
		}
	}
	unknown := 0
	for _, f := range c.Reports {
		if f.Deputy == "" {
			unknown++
		}
	}
	if unknown > 0 {
		fmt.Fprintf(e.stdout, "\n另有 %d 篇报告没有写明代表姓名（或姓名是占位符），不归入任何代表\n", unknown)
	}
	return nil
}

func sortedCopy(ss []string) []string {
	out := append([]string(nil), ss...)
	slices.Sort(out)
	return out
}

func runPoints(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "points", "points [--check 积分表]",
		"lvzhi points > 本地积分表.txt            （复制默认积分表，修改后用 lvzhi compare --points 本地积分表.txt）",
		"lvzhi points --check 本地积分表.txt")
	check := fs.String("check", "", "检查一份积分表的写法")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	if *check != "" {
		t, err := app.ReadPoints(*check)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "积分表 %s 有 %d 条规则，写法正确\n", safe(*check), len(t.Rules))
		return nil
	}
	fmt.Fprint(e.stdout, app.DefaultPoints)
	return nil
}
