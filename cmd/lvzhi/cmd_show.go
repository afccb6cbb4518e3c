package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"lvzhi/app"
	"lvzhi/corpus"
)

func runShow(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "show", "show [--json] [--no-text] [--copies] 编号",
		"lvzhi show 3f2a9c41",
		"lvzhi show --copies 3f2a9c41",
		"lvzhi show --json 3f2a9c41d0e8b7a6")
	fs.dataFlag()
	asJSON := fs.Bool("json", false, "输出 JSON（与 extract --json 的文档格式相同，另含 origins）")
	noText := fs.Bool("no-text", false, "不显示正文")
	withCopies := fs.Bool("copies", false, "显示复制比：正文中标出与其他文档相同的段落及其来源")
	ids, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return fs.usageErrorf("请指定一个文档编号（可以只写前几位）")
	}
	a, release, err := openReader(ctx, e, fs.dataDir())
	if err != nil {
		return err
	}
	defer release()
	v, err := a.Show(ctx, ids[0])
	if err != nil {
		return err
	}
	r, origins := v.Report, v.Origins
	if *asJSON {
		r.Analysis.Normalize()
		return writeJSON(e.stdout, v)
	}
	printReport(e, r, origins)
	printVersions(e, v)
	if *withCopies {
		return printCopies(e, v, !*noText)
	}
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

// printCopies prints a report's copy check: the figures, the text with
// copied passages marked and numbered by source, and the sources.
func printCopies(e *env, v *app.DocView, withText bool) error {
	r := v.Report
	w := e.stdout
	fmt.Fprintln(w)
	c := r.Copies
	if c == nil {
		fmt.Fprintln(w, "复制比：尚未检查（导入完成后自动检查；请重新运行 lvzhi ingest）")
		return nil
	}
	n := map[string]int{}
	for _, p := range c.Passages {
		n[p.Kind()]++
	}
	fmt.Fprintf(w, "复制比 %.1f%%（出自他人的文字，不计常用套话和本人往年报告）：%d 段", 100*c.Ratio, n[corpus.PassageCopied])
	if n[corpus.PassageSelf] > 0 {
		fmt.Fprintf(w, "；照搬本人往年报告 %.1f%%（%d 段）", 100*c.SelfRatio, n[corpus.PassageSelf])
	}
	if n[corpus.PassageOriginal] > 0 {
		fmt.Fprintf(w, "；本文是最早出处 %.1f%%（%d 段）", 100*c.OriginalRatio, n[corpus.PassageOriginal])
	}
	fmt.Fprintf(w, "；常用套话 %.1f%%（%d 段）；全文 %d 字（不计标点空白）\n", 100*c.StockRatio, n[corpus.PassageStock], c.Chars)
	// Sources numbered from the one sharing most: others' documents first,
	// then the deputy's own earlier ones.
	shares := c.SourceShares(r.Text)
	self := c.SelfShares(r.Text)
	number := map[string]int{}
	for i, sh := range append(append([]corpus.SourceShare{}, shares...), self...) {
		if number[sh.ID] == 0 {
			number[sh.ID] = i + 1
		}
	}
	if withText {
		fmt.Fprintln(w)
		fmt.Fprintln(w, markCopies(r.Text, c.Passages, number, e.colour))
		if !e.colour {
			fmt.Fprintln(w, "\n（«…»[n]：出自来源 n 的文字；〈…〉[n]：照搬本人往年报告 n；【…】：本文最早写出、后来见于其他文档的文字；‹…›：常用套话）")
		}
	}
	list := func(title string, shares []corpus.SourceShare) {
		if len(shares) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s：\n", title)
		for _, sh := range shares {
			fmt.Fprintf(w, "  [%d] %s  %s  相同 %d 字（占全文 %.1f%%）\n", number[sh.ID], sh.ID, safe(v.Sources[sh.ID].Label()), sh.Chars, 100*float64(sh.Chars)/float64(max(1, c.Chars)))
		}
	}
	list("来源", shares)
	list("本人往年报告", self)
	if note := c.CopiersNote(func(id string) corpus.SourceRef { return v.Sources[id] }); note != "" {
		fmt.Fprintf(w, "\n%s\n", safe(note))
	}
	if len(c.Cluster) > 0 {
		fmt.Fprintf(w, "\n近似重复的较早文档（%d 篇）：\n", len(c.Cluster))
		for _, id := range c.Cluster {
			fmt.Fprintf(w, "  %s  %s\n", id, safe(v.Sources[id].Label()))
		}
	}
	return nil
}

// markCopies marks the shared passages of text by class: copied from
// others as «…»[n,m] with the numbers of their sources (red on a
// terminal), self reuse as 〈…〉[n] (yellow), text held here first as 【…】
// (green), stock phrases as ‹…› (dim). Passages do not overlap.
func markCopies(text string, passages []corpus.CopyPassage, number map[string]int, colour bool) string {
	var b strings.Builder
	pos := 0
	for _, p := range passages {
		if p.Start < pos || p.End > len(text) || p.Start >= p.End {
			continue
		}
		b.WriteString(text[pos:p.Start])
		seg := text[p.Start:p.End]
		tag := ""
		if k := p.Kind(); k == corpus.PassageCopied || k == corpus.PassageSelf {
			var refs []int
			for _, s := range p.Sources {
				if n := number[s.ID]; n > 0 {
					refs = append(refs, n)
				}
			}
			sort.Ints(refs)
			refs = slices.Compact(refs)
			var tags []string
			for i, n := range refs {
				if i == 3 {
					tags = append(tags, "…")
					break
				}
				tags = append(tags, fmt.Sprint(n))
			}
			tag = "[" + strings.Join(tags, ",") + "]"
		}
		open, shut, ansi := "«", "»", "\033[1;31m"
		switch p.Kind() {
		case corpus.PassageStock:
			open, shut, ansi = "‹", "›", "\033[2;4m"
		case corpus.PassageSelf:
			open, shut, ansi = "〈", "〉", "\033[33m"
		case corpus.PassageOriginal:
			open, shut, ansi = "【", "】", "\033[32m"
		}
		if colour {
			b.WriteString(ansi + seg + "\033[0m")
			if tag != "" {
				b.WriteString("\033[2m" + tag + "\033[0m")
			}
		} else {
			b.WriteString(open + seg + shut + tag)
		}
		pos = p.End
	}
	b.WriteString(text[pos:])
	return b.String()
}

// printVersions says how the document counts and lists its other versions:
// the earlier and later texts of its files, and the other documents of the
// same report.
func printVersions(e *env, v *app.DocView) {
	w := e.stdout
	if st := v.State; st != nil {
		line := "  状态: " + st.Status.Label()
		switch {
		case st.Reason != "":
			line += "（" + corpus.ReasonLabel(st.Reason)
			if st.By != "" {
				line += "，见 " + shortID(st.By)
			}
			line += "）"
		case st.Counted:
			line += "，计入统计"
		}
		fmt.Fprintln(w, line)
	}
	var others []string
	for _, ver := range v.Versions {
		if ver.ID == v.ID && ver.Current {
			continue
		}
		what := "旧版本"
		if ver.Current {
			what = "现行版本"
		}
		if ver.ID == v.ID {
			what = "本版本（已被替换）"
		}
		gone := ""
		if !ver.Stored {
			gone = "，已删除"
		}
		others = append(others, fmt.Sprintf("    · %s %s  %s（%s 导入%s）", what, shortID(ver.ID), safe(corpus.Provenance(ver.Source, ver.Member)), ver.Seen.Local().Format("2006-01-02 15:04"), gone))
	}
	for _, sib := range v.Siblings {
		what := "同一报告的另一份文档"
		if sib.State != nil {
			switch {
			case sib.State.Counted:
				what = "同一报告（计入统计的版本）"
			case sib.State.Reason != "":
				what = "同一报告（" + corpus.ReasonLabel(sib.State.Reason) + "）"
			}
		}
		others = append(others, fmt.Sprintf("    · %s %s  %s", what, shortID(sib.ID), safe(sib.Label())))
	}
	if len(others) > 0 {
		fmt.Fprintln(w, "  版本:")
		for _, o := range others {
			fmt.Fprintln(w, o)
		}
	}
}

// shortID is the first 8 hex digits of a document ID: enough to name it in
// lvzhi show.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
