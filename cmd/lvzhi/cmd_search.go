package main

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"

	"lvzhi/corpus"
	"lvzhi/index"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "search", "search [筛选参数] 检索词...",
		`lvzhi search 道路交通`,
		`lvzhi search 执法检查 食品安全 --year 2023`,
		`lvzhi search "联系 选民" --kind duty_report --region 清河镇 --json`,
		`lvzhi search 养老 -幼儿园 --year 2019-2022 --sort -year`,
		`lvzhi search --flag placeholder          （不带检索词：按条件浏览）`)
	fs.dashTerms = true
	fs.dataFlag()
	qf := addQueryFlags(fs)
	sortBy := fs.String("sort", "", "排序: relevance 相关度（默认）, year 年份升序, -year 年份降序")
	limit := fs.Int("limit", 10, "显示条数")
	from := fs.Int("from", 0, "从第几条开始（翻页）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	terms, err := fs.parse(args)
	if err != nil {
		return err
	}
	q, err := qf.query(fs, terms)
	if err != nil {
		return err
	}
	if q.Sort, err = fs.enum("sort", *sortBy, sortChoices); err != nil {
		return err
	}
	if *limit < 0 || *from < 0 {
		return fs.usageErrorf("--limit 和 --from 不能为负数")
	}
	q.From, q.Size = *from, *limit

	a, release, err := openReader(ctx, e, fs.dataDir())
	if err != nil {
		return err
	}
	defer release()
	res, err := a.Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	printSearch(e, q, res)
	return nil
}

// parseYears reads "2023" or "2019-2022".
func parseYears(s string) (year, from, to int, err error) {
	if a, b, ok := strings.Cut(s, "-"); ok {
		if from, err = strconv.Atoi(strings.TrimSpace(a)); err != nil && a != "" {
			return 0, 0, 0, fmt.Errorf("年份格式应为 2019-2022")
		}
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil && b != "" {
			return 0, 0, 0, fmt.Errorf("年份格式应为 2019-2022")
		}
		return 0, from, to, nil
	}
	if year, err = strconv.Atoi(s); err != nil {
		return 0, 0, 0, fmt.Errorf("年份格式应为 2023 或 2019-2022")
	}
	return year, 0, 0, nil
}

// queryFlags are the filters search and export share.
type queryFlags struct {
	year, region, kind, flag, deputy, level, status *string
}

func addQueryFlags(fs *flagSet) *queryFlags {
	return &queryFlags{
		year:   fs.String("year", "", "年份，如 2023 或 2019-2022"),
		region: fs.String("region", "", "地区/机关，如 清河镇"),
		kind:   fs.String("kind", "", "文档类型: duty_report 履职报告, work_report 工作报告, essay 文章, other 其他"),
		flag:   fs.String("flag", "", "标记，如 placeholder 占位符未填, boilerplate 套用雷同, no_shortcomings 未谈不足"),
		deputy: fs.String("deputy", "", "代表姓名"),
		level:  fs.String("level", "", "代表层级: 全国 省 市 县 区 旗 乡 镇"),
		status: fs.String("status", "", "状态: 默认为现行文档和参考材料; current 现行, reference 参考材料, history 历史版本, all 全部"),
	}
}

// query builds the search of the flags and terms, checking every value.
func (qf *queryFlags) query(fs *flagSet, terms []string) (index.Query, error) {
	q := index.Query{Text: strings.Join(terms, " "), Region: *qf.region, Deputy: *qf.deputy}
	var err error
	if *qf.year != "" {
		if q.Year, q.YearFrom, q.YearTo, err = parseYears(*qf.year); err != nil {
			return q, fs.usageErrorf("--year %s: %v", *qf.year, err)
		}
	}
	if q.Kind, err = fs.enum("kind", *qf.kind, kindChoices()); err != nil {
		return q, err
	}
	if q.Flag, err = fs.enum("flag", *qf.flag, flagChoices()); err != nil {
		return q, err
	}
	if q.Level, err = fs.enum("level", *qf.level, levelChoices); err != nil {
		return q, err
	}
	if q.Status, err = fs.enum("status", *qf.status, statusChoices()); err != nil {
		return q, err
	}
	return q, nil
}

// printSearch prints hits and facets for a person.
func printSearch(e *env, q index.Query, res *index.Result) {
	w := e.stdout
	fmt.Fprintf(w, "共 %d 篇，用时 %d 毫秒\n", res.Total, res.TookMS)
	if res.Unindexed > 0 {
		fmt.Fprintf(e.stderr, "注意：有 %d 篇已保存的文档尚未写入检索索引，结果可能不全；再次运行 lvzhi ingest（或 lvzhi reindex）即可补上\n", res.Unindexed)
	}
	for i, h := range res.Hits {
		meta := []string{corpus.Kind(h.Kind).Label()}
		if h.Deputy != nil {
			meta = append(meta, *h.Deputy)
		}
		if h.Year != nil {
			meta = append(meta, strconv.Itoa(*h.Year))
		}
		title := h.Title
		if title == "" {
			title = "（无标题）"
		}
		fmt.Fprintf(w, "\n%d. %s  [%s]\n", q.From+i+1, safe(title), safe(strings.Join(meta, " · ")))
		where := corpus.Provenance(h.Source, h.Member)
		if h.Part > 1 {
			where += fmt.Sprintf("（第 %d 部分）", h.Part)
		}
		fmt.Fprintf(w, "   %s  %s\n", h.ID, safe(where))
		for _, s := range h.Snippets {
			fmt.Fprintf(w, "   …%s…\n", terminalSnippet(s, e.colour))
		}
	}
	if res.Total > uint64(q.From+len(res.Hits)) {
		fmt.Fprintf(w, "\n（还有 %d 篇，用 --from %d 查看下一页）\n", res.Total-uint64(q.From+len(res.Hits)), q.From+len(res.Hits))
	}
	printFacets(w, res.Facets)
}

// terminalSnippet turns an HTML snippet into terminal text: <mark> becomes
// reverse video on a terminal and 【】 elsewhere.
func terminalSnippet(s string, colour bool) string {
	open, close := "【", "】"
	if colour {
		open, close = "\033[1;33m", "\033[0m"
	}
	s = strings.ReplaceAll(s, "<mark>", "\x00")
	s = strings.ReplaceAll(s, "</mark>", "\x01")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\x00", open)
	s = strings.ReplaceAll(s, "\x01", close)
	return strings.ReplaceAll(s, "\n", " ")
}

var facetLabels = []struct{ key, label string }{
	{"kind", "类型"}, {"year", "年份"}, {"region", "地区"}, {"level", "层级"}, {"flag", "标记"}, {"deputy", "代表"},
}

func printFacets(w interface{ Write([]byte) (int, error) }, facets map[string]index.Facet) {
	if len(facets) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, f := range facetLabels {
		buckets := facets[f.key]
		if len(buckets) == 0 {
			continue
		}
		var parts []string
		for _, x := range buckets[:min(len(buckets), 8)] {
			name := x.Term
			switch f.key {
			case "kind":
				name = corpus.Kind(x.Term).Label()
			case "flag":
				name = corpus.FlagLabel(x.Term)
			}
			parts = append(parts, fmt.Sprintf("%s %d", name, x.Count))
		}
		fmt.Fprintf(w, "%s: %s\n", f.label, strings.Join(parts, " · "))
	}
}
