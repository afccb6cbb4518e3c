package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// table prints rows as aligned columns on a terminal: Chinese characters
// take two columns, numbers are right-aligned.
type table struct {
	head  []string
	rows  [][]string
	right []bool // right-align column i
}

func newTable(head ...string) *table {
	return &table{head: head, right: make([]bool, len(head))}
}

// alignRight right-aligns the given columns (numbers).
func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

func (t *table) add(cells ...string) {
	row := make([]string, len(t.head))
	for i := range row {
		if i < len(cells) {
			row[i] = safe(cells[i])
		}
	}
	t.rows = append(t.rows, row)
}

// width is the display width of s on a terminal.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x20:
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef, r >= 0x2e80 && r <= 0x2fdf:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (t *table) write(w io.Writer) {
	widths := make([]int, len(t.head))
	for i, h := range t.head {
		widths[i] = width(h)
	}
	for _, row := range t.rows {
		for i, c := range row {
			widths[i] = max(widths[i], width(c))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-width(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(cells)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(t.head)
	sep := make([]string, len(t.head))
	for i := range sep {
		sep[i] = strings.Repeat("─", widths[i])
	}
	fmt.Fprintln(w, strings.Join(sep, "  "))
	for _, row := range t.rows {
		line(row)
	}
}

// num formats an optional count: "—" when unknown.
func num(p *int) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprint(*p)
}

// pct formats an optional ratio as a percentage.
func pct(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100**p)
}

// pts formats points without a useless decimal.
func pts(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}

// clip shortens s to at most n display columns, with an ellipsis.
func clip(s string, n int) string {
	if width(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := width(string(r))
		if w+rw > n-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}
