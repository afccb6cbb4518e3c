package index

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet sizes, in characters.
const (
	maxSnippets   = 3
	snippetBefore = 30  // context kept before an occurrence
	snippetLen    = 90  // characters of a fragment, occurrence included
	browseLen     = 100 // the opening shown when nothing is highlighted
)

// snippets returns up to maxSnippets fragments of text around the
// occurrences of terms, as HTML: the text escaped, each occurrence wrapped
// in <mark>…</mark>, "…" where a fragment is cut inside a paragraph.
// Fragments never cross a line break and never cut a character. The first
// occurrence of each term is shown before second occurrences of any. With
// no terms, or none found (the match was in the title), it returns the
// opening of the text. It never returns nil.
func snippets(text string, terms []string) []string {
	out := []string{}
	if text == "" {
		return out
	}
	folded := foldCase(text)
	type span struct{ start, end int }
	var occ [][]span // per term, in text order
	for _, t := range terms {
		ft := foldCase(t)
		var ss []span
		for from := 0; ft != "" && from < len(folded); {
			i := strings.Index(folded[from:], ft)
			if i < 0 {
				break
			}
			ss = append(ss, span{from + i, from + i + len(ft)})
			from += i + len(ft)
		}
		occ = append(occ, ss)
	}

	// Choose occurrences to show: each term's first, then the rest in text
	// order, skipping any inside a fragment already chosen.
	var frags []span
	inFrag := func(s span) bool {
		for _, f := range frags {
			if s.start >= f.start && s.end <= f.end {
				return true
			}
		}
		return false
	}
	choose := func(s span) {
		if len(frags) < maxSnippets && !inFrag(s) {
			frags = append(frags, window(text, s.start, s.end))
		}
	}
	for _, ss := range occ {
		if len(ss) > 0 {
			choose(ss[0])
		}
	}
	var rest []span
	for _, ss := range occ {
		if len(ss) > 1 {
			rest = append(rest, ss[1:]...)
		}
	}
	slices.SortFunc(rest, func(a, b span) int { return a.start - b.start })
	for _, s := range rest {
		choose(s)
	}
	if len(frags) == 0 {
		end := advance(text, 0, browseLen)
		if nl := strings.IndexByte(text[:end], '\n'); nl > 0 {
			end = nl
		}
		return append(out, render(text, 0, end, nil))
	}

	// Merge overlapping fragments, then mark every occurrence inside each.
	slices.SortFunc(frags, func(a, b span) int { return a.start - b.start })
	merged := frags[:1]
	for _, f := range frags[1:] {
		last := &merged[len(merged)-1]
		if f.start <= last.end {
			last.end = max(last.end, f.end)
		} else {
			merged = append(merged, f)
		}
	}
	var all []span
	for _, ss := range occ {
		all = append(all, ss...)
	}
	slices.SortFunc(all, func(a, b span) int { return a.start - b.start })
	for _, f := range merged {
		var marks [][2]int
		for _, s := range all {
			if s.start < f.start || s.end > f.end {
				continue
			}
			if n := len(marks); n > 0 && s.start <= marks[n-1][1] {
				marks[n-1][1] = max(marks[n-1][1], s.end)
			} else {
				marks = append(marks, [2]int{s.start, s.end})
			}
		}
		out = append(out, render(text, f.start, f.end, marks))
	}
	return out
}

// window returns the byte range of a fragment around text[start:end]:
// about snippetBefore characters before it and snippetLen in all, within
// the line, on character boundaries.
func window(text string, start, end int) struct{ start, end int } {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := len(text)
	if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
		lineEnd = end + nl
	}
	fs := start
	for n := 0; n < snippetBefore && fs > lineStart; n++ {
		_, size := utf8.DecodeLastRuneInString(text[lineStart:fs])
		fs -= size
	}
	used := utf8.RuneCountInString(text[fs:end])
	fe := min(advance(text, end, max(snippetLen-used, 0)), lineEnd)
	// A match near the end of its line leaves room: spend it before.
	for n := utf8.RuneCountInString(text[fs:fe]); n < snippetLen && fs > lineStart; n++ {
		_, size := utf8.DecodeLastRuneInString(text[lineStart:fs])
		fs -= size
	}
	return struct{ start, end int }{fs, fe}
}

// advance returns the offset n characters after i (or len(text)).
func advance(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}

// render returns text[start:end] as HTML with marks, adding "…" where the
// fragment is cut inside a line.
func render(text string, start, end int, marks [][2]int) string {
	var b strings.Builder
	if start > 0 && text[start-1] != '\n' {
		b.WriteString("…")
	}
	at := start
	for _, m := range marks {
		b.WriteString(escape(text[at:m[0]]))
		b.WriteString("<mark>")
		b.WriteString(escape(text[m[0]:m[1]]))
		b.WriteString("</mark>")
		at = m[1]
	}
	b.WriteString(escape(text[at:end]))
	if end < len(text) && text[end] != '\n' {
		b.WriteString("…")
	}
	return b.String()
}

func escape(s string) string {
	return html.EscapeString(strings.ToValidUTF8(s, "\uFFFD"))
}

// foldCase lowercases s rune by rune where that keeps the byte length, so
// that offsets into the result are offsets into s. It matches the index's
// lowercase filter for every letter whose cases have the same UTF-8 length.
func foldCase(s string) string {
	// Most report text has nothing to fold: then s itself, no copy.
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && l != r && utf8.RuneLen(l) == size {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && l != r && utf8.RuneLen(l) == size {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
