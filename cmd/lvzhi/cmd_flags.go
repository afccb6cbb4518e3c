package main

import (
	"context"
	"fmt"

	"lvzhi/app"
	"lvzhi/corpus"
)

func runFlags(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "flags", "flags [--min-severity high|medium|low] [--code 代码] [--json]",
		"lvzhi flags",
		"lvzhi flags --min-severity high --limit 100",
		"lvzhi flags --code placeholder --json")
	fs.dataFlag()
	minSev := fs.String("min-severity", "low", "最低严重程度: high 高, medium 中, low 低")
	code := fs.String("code", "", "只看某一种标记，如 placeholder, template_residue, boilerplate, self_reuse, near_duplicate, no_quantities, no_shortcomings, wrong_kind, stale_reference")
	kind := fs.String("kind", "", "只看某一类文档，如 duty_report")
	limit := fs.Int("limit", 0, "最多列出多少篇（0 表示全部；文本输出默认 30）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	sev, err := fs.enum("min-severity", *minSev, severityChoices())
	if err != nil {
		return err
	}
	if *code, err = fs.enum("code", *code, flagChoices()); err != nil {
		return err
	}
	if *kind, err = fs.enum("kind", *kind, kindChoices()); err != nil {
		return err
	}
	if *limit < 0 {
		return fs.usageErrorf("--limit 不能为负数")
	}
	n := *limit
	if n == 0 && !*asJSON {
		n = 30
	}

	a, release, err := openReader(ctx, e, fs.dataDir())
	if err != nil {
		return err
	}
	defer release()
	q, err := a.ReviewQueue(ctx, app.QueueFilter{MinSeverity: corpus.Severity(sev), Code: *code, Kind: corpus.Kind(*kind), Limit: n})
	if err != nil {
		return err
	}
	docs, total := q.Documents, q.Total
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Documents []app.QueueEntry `json:"documents"`
		}{docs})
	}
	fmt.Fprintf(e.stdout, "待复核 %d 篇（按复核分从高到低）\n", total)
	for i, d := range docs {
		who := ""
		if d.Deputy != nil {
			who = " · " + *d.Deputy
		}
		if d.Year != nil {
			who += fmt.Sprintf(" · %d", *d.Year)
		}
		title := d.Title
		if title == "" {
			title = "（无标题）"
		}
		fmt.Fprintf(e.stdout, "\n%d. [%.2f] %s（%s%s）\n", i+1, d.Score, safe(title), d.Kind.Label(), safe(who))
		where := corpus.Provenance(d.Source, d.Member)
		if d.Part > 1 {
			where += fmt.Sprintf("（第 %d 部分）", d.Part)
		}
		copied := ""
		if d.CopyRatio != nil {
			copied = fmt.Sprintf("  复制比 %.1f%%", 100**d.CopyRatio)
		}
		fmt.Fprintf(e.stdout, "   %s  %s%s\n", d.ID, safe(where), copied)
		for _, f := range d.Flags {
			fmt.Fprintf(e.stdout, "   ⚑ [%s] %s: %s\n", f.Severity.Label(), corpus.FlagLabel(f.Code), safe(f.Message))
		}
	}
	if total > len(docs) {
		fmt.Fprintf(e.stdout, "\n（只显示前 %d 篇，用 --limit 0 查看全部）\n", len(docs))
	}
	return nil
}
