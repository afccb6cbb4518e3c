package eval

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Only returns a copy of r with only the given field (by key or label), and
// false when there is no such field.
func (r *Result) Only(name string) (*Result, bool) {
	f, ok := LookupField(name)
	if !ok {
		return nil, false
	}
	out := *r
	out.Fields = []FieldResult{*r.Field(f.Key)}
	return &out, true
}

// WriteTable writes the score table with Chinese headers: per field the
// precision, recall and F1 of every extracted value, then the precision of
// the values the extractor called certain and how many it marked for
// review.
func (r *Result) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "评测: %d 个文件，%d 篇标注文档\n\n", r.Files, r.Documents)
	rows := [][]string{{"字段", "精确率", "召回率", "F1", "命中", "误报", "漏报", "确定值精确率", "待复核"}}
	for _, f := range r.Fields {
		rows = append(rows, []string{
			f.Label + " " + f.Field,
			fmt.Sprintf("%.3f", f.Precision), fmt.Sprintf("%.3f", f.Recall), fmt.Sprintf("%.3f", f.F1),
			fmt.Sprint(f.TP), fmt.Sprint(f.FP), fmt.Sprint(f.FN),
			fmt.Sprintf("%.3f", f.CertainPrecision), fmt.Sprint(f.Review),
		})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c) // numbers right-aligned
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	share := 0.0
	if r.Extracted > 0 {
		share = float64(r.Review) / float64(r.Extracted)
	}
	fmt.Fprintf(w, "\n确定值（未标记复核）: 精确率 %.3f（正确 %d，错误 %d）；标记待复核 %d 个，占提取值 %d 个的 %.1f%%\n",
		r.CertainPrecision, r.CertainTP, r.CertainFP, r.Review, r.Extracted, 100*share)
}

// WriteCases writes the failing cases of each field, at most limit per
// field (all of them when limit <= 0).
func (r *Result) WriteCases(w io.Writer, limit int) {
	for _, f := range r.Fields {
		if len(f.Cases) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n== %s %s: %d 处不符 ==\n", f.Label, f.Field, len(f.Cases))
		for i, c := range f.Cases {
			if limit > 0 && i == limit {
				fmt.Fprintf(w, "  …另有 %d 处（-v 显示全部）\n", len(f.Cases)-limit)
				break
			}
			fmt.Fprintf(w, "  [%s] %s 第 %d 部分: 期望 %s，实际 %s\n", c.Outcome, c.File, c.Part, show(c.Expected), show(c.Got))
			if c.Evidence != "" {
				where := ""
				if c.Start >= 0 {
					where = fmt.Sprintf(" @%d-%d", c.Start, c.End)
				}
				fmt.Fprintf(w, "      依据%s: %s\n", where, oneLine(c.Evidence, 120))
			}
			if c.Context != "" {
				fmt.Fprintf(w, "      上下文: …%s…\n", oneLine(c.Context, 160))
			}
		}
	}
}

func show(v *string) string {
	if v == nil {
		return "（无）"
	}
	return "「" + oneLine(*v, 80) + "」"
}

// oneLine shortens s to at most n characters on one line.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// displayWidth is the width of s in a terminal: two columns for wide
// (Chinese) characters.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
