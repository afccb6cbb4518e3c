package main

import (
	"container/heap"
	"context"
	"fmt"
	"sort"
	"strings"

	"lvzhi/corpus"
)

// flaggedDoc is one entry of the review queue (SPEC §7 `lvzhi flags --json`).
type flaggedDoc struct {
	ID        string        `json:"id"`
	Source    string        `json:"source"`
	Member    string        `json:"member"`
	Part      int           `json:"part"`
	Kind      corpus.Kind   `json:"kind"`
	Title     string        `json:"title"`
	Deputy    *string       `json:"deputy"`
	Year      *int          `json:"year"`
	Score     float64       `json:"score"`
	CopyRatio *float64      `json:"copy_ratio"` // null until the copy check has run
	Flags     []corpus.Flag `json:"flags"`
}

func runFlags(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "flags", "flags [--min-severity high|medium|low] [--code 代码] [--json]",
		"lvzhi flags",
		"lvzhi flags --min-severity high --limit 100",
		"lvzhi flags --code placeholder --json")
	data := fs.dataFlag()
	minSev := fs.String("min-severity", "low", "最低严重程度: high 高, medium 中, low 低")
	code := fs.String("code", "", "只看某一种标记，如 placeholder, template_residue, boilerplate, near_duplicate, no_quantities, no_shortcomings, wrong_kind, stale_reference")
	kind := fs.String("kind", "", "只看某一类文档，如 duty_report")
	limit := fs.Int("limit", 0, "最多列出多少篇（0 表示全部；文本输出默认 30）")
	asJSON := fs.Bool("json", false, "输出 JSON")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	floor := corpus.Severity(*minSev).Rank()
	if floor == 0 {
		return fs.usageErrorf("--min-severity 应为 high、medium 或 low")
	}
	n := *limit
	if n == 0 && !*asJSON {
		n = 30
	}

	a, err := openApp(e, *data, read, none)
	if err != nil {
		return err
	}
	defer a.Close()
	q := &queue{limit: n}
	total := 0
	err = a.st.Each(ctx, func(r *corpus.Report) error {
		if *kind != "" && string(r.Kind) != *kind {
			return nil
		}
		var flags []corpus.Flag
		for _, f := range r.Flags {
			if f.Severity.Rank() >= floor && (*code == "" || f.Code == *code) {
				flags = append(flags, f)
			}
		}
		if len(flags) == 0 {
			return nil
		}
		total++
		r.Analysis.Normalize()
		q.push(flaggedDoc{
			ID: r.ID, Source: r.Source, Member: r.Member, Part: r.Part, Kind: r.Kind, Title: r.Title,
			Deputy: r.Deputy.Name, Year: r.Year, Score: r.Score(), Flags: flags,
			CopyRatio: copyRatio(r),
		})
		return nil
	})
	if err != nil {
		return err
	}
	docs := q.sorted()
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Documents []flaggedDoc `json:"documents"`
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
		fmt.Fprintf(e.stdout, "\n%d. [%.2f] %s（%s%s）\n", i+1, d.Score, title, d.Kind.Label(), who)
		where := corpus.Provenance(d.Source, d.Member)
		if d.Part > 1 {
			where += fmt.Sprintf("（第 %d 部分）", d.Part)
		}
		copied := ""
		if d.CopyRatio != nil {
			copied = fmt.Sprintf("  复制比 %.1f%%", 100**d.CopyRatio)
		}
		fmt.Fprintf(e.stdout, "   %s  编号 %s%s\n", where, d.ID, copied)
		for _, f := range d.Flags {
			fmt.Fprintf(e.stdout, "   ⚑ [%s] %s: %s\n", f.Severity.Label(), corpus.FlagLabel(f.Code), f.Message)
		}
	}
	if total > len(docs) {
		fmt.Fprintf(e.stdout, "\n（只显示前 %d 篇，用 --limit 0 查看全部）\n", len(docs))
	}
	return nil
}

// queue keeps the worst documents seen so far: all of them when limit is 0,
// otherwise the limit highest scores, in bounded memory.
type queue struct {
	limit int
	h     docHeap
}

func (q *queue) push(d flaggedDoc) {
	if q.limit <= 0 {
		q.h = append(q.h, d)
		return
	}
	if len(q.h) < q.limit {
		heap.Push(&q.h, d)
	} else if worse(d, q.h[0]) {
		q.h[0] = d
		heap.Fix(&q.h, 0)
	}
}

// sorted returns the documents worst first; ties by source for a stable
// listing.
func (q *queue) sorted() []flaggedDoc {
	out := append([]flaggedDoc{}, q.h...) // [] rather than null in the JSON
	sort.Slice(out, func(i, j int) bool { return worse(out[i], out[j]) })
	return out
}

func worse(a, b flaggedDoc) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	pa, pb := corpus.Provenance(a.Source, a.Member), corpus.Provenance(b.Source, b.Member)
	if pa != pb {
		return strings.Compare(pa, pb) < 0
	}
	return a.Part < b.Part
}

// docHeap is a min-heap by worseness: the root is the least bad kept.
type docHeap []flaggedDoc

func (h docHeap) Len() int           { return len(h) }
func (h docHeap) Less(i, j int) bool { return worse(h[j], h[i]) }
func (h docHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *docHeap) Push(x any)        { *h = append(*h, x.(flaggedDoc)) }
func (h *docHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// copyRatio is a report's copy ratio, nil before the copy check.
func copyRatio(r *corpus.Report) *float64 {
	if r.Copies == nil {
		return nil
	}
	v := r.Copies.Ratio
	return &v
}
