package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"lvzhi/corpus"
)

func runShow(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "show", "show [--json] [--no-text] 编号",
		"lvzhi show 3f2a9c41",
		"lvzhi show --json 3f2a9c41d0e8b7a6")
	data := fs.dataFlag()
	asJSON := fs.Bool("json", false, "输出 JSON（与 extract --json 的文档格式相同，另含 origins）")
	noText := fs.Bool("no-text", false, "不显示正文")
	ids, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return fs.usageErrorf("请指定一个文档编号（可以只写前几位）")
	}
	a, err := openApp(e, *data, read, none)
	if err != nil {
		return err
	}
	defer a.Close()
	r, err := a.st.Get(ctx, ids[0])
	if err != nil {
		return err
	}
	origins, err := a.st.Origins(ctx, r.ID)
	if err != nil {
		return err
	}
	if *asJSON {
		r.Analysis.Normalize()
		return writeJSON(e.stdout, struct {
			*corpus.Report
			Origins []corpus.Origin `json:"origins"`
		}{r, origins})
	}
	printReport(e, r, origins)
	if !*noText {
		fmt.Fprintln(e.stdout)
		fmt.Fprintln(e.stdout, highlightText(r, e.colour))
	}
	return nil
}

// highlightText marks, in the document text, every span that evidence
// points to: placeholders, template residue, extracted numbers and
// shortcomings. On a terminal with colours; elsewhere with 【】.
func highlightText(r *corpus.Report, colour bool) string {
	type mark struct {
		start, end int
		style      string
	}
	var marks []mark
	add := func(start, end int, style string) {
		if start >= 0 && end <= len(r.Text) && start < end {
			marks = append(marks, mark{start, end, style})
		}
	}
	a := &r.Analysis
	for _, s := range a.Placeholders.Spans {
		add(s.Start, s.End, "\033[1;41;97m")
	}
	for _, s := range a.TemplateResidue {
		add(s.Start, s.End, "\033[1;35m")
	}
	for _, s := range a.Suggestions.Statements {
		add(s.Start, s.End, "\033[1;34m")
	}
	for _, x := range a.Activities {
		add(x.Start, x.End, "\033[1;32m")
	}
	for _, s := range a.Shortcomings {
		add(s.Start, s.End, "\033[4;33m")
	}
	// Earlier starts first; of nested spans the outer one wins.
	sort.Slice(marks, func(i, j int) bool {
		if marks[i].start != marks[j].start {
			return marks[i].start < marks[j].start
		}
		return marks[i].end > marks[j].end
	})
	var b strings.Builder
	pos := 0
	for _, m := range marks {
		if m.start < pos {
			continue // overlaps a span already marked
		}
		b.WriteString(r.Text[pos:m.start])
		if colour {
			b.WriteString(m.style + r.Text[m.start:m.end] + "\033[0m")
		} else {
			b.WriteString("【" + r.Text[m.start:m.end] + "】")
		}
		pos = m.end
	}
	b.WriteString(r.Text[pos:])
	return b.String()
}
