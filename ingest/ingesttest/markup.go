package ingesttest

import "strings"

// The paragraph markup shared by the Docx, Doc and RTF builders: a line
// "|a|b|c|" is a table row (consecutive rows form one table), and
// "[[tag]]" inside a line is a mark each builder renders its own way.

func isRow(s string) bool {
	return len(s) >= 2 && strings.HasPrefix(s, "|") && strings.HasSuffix(s, "|")
}

// eachBlock calls para for every paragraph of paras and table for every
// run of consecutive row lines, with their cells padded with "" to the
// widest row's cols.
func eachBlock(paras []string, para func(s string), table func(rows [][]string, cols int)) {
	for i := 0; i < len(paras); {
		if !isRow(paras[i]) {
			para(paras[i])
			i++
			continue
		}
		j := i
		for j < len(paras) && isRow(paras[j]) {
			j++
		}
		rows := make([][]string, j-i)
		cols := 0
		for k, r := range paras[i:j] {
			rows[k] = strings.Split(r[1:len(r)-1], "|")
			cols = max(cols, len(rows[k]))
		}
		for k := range rows {
			for len(rows[k]) < cols {
				rows[k] = append(rows[k], "")
			}
		}
		table(rows, cols)
		i = j
	}
}

// eachMark splits s at its "[[tag]]" marks, calling text for the text
// between them (never with "") and mark for each tag. An unclosed "[[" is
// text.
func eachMark(s string, text func(string), mark func(tag string)) {
	for s != "" {
		i := strings.Index(s, "[[")
		j := -1
		if i >= 0 {
			j = strings.Index(s[i:], "]]")
		}
		if i < 0 || j < 0 {
			text(s)
			return
		}
		if i > 0 {
			text(s[:i])
		}
		mark(s[i+2 : i+j])
		s = s[i+j+2:]
	}
}
