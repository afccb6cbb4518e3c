package web

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A document's text is shown with every piece of evidence marked. Spans
// overlap (a placeholder inside an activity inside a copied passage), so
// the text is cut at every span boundary into segments, each a
// <span data-o="OFFSET"> with the classes of all the spans covering it.
// A row of a table carries its evidence's offsets (data-s, data-e) and its
// sentence's (data-ss, data-se); the script highlights the segments whose
// offset falls inside them. Offsets are the byte offsets of the evidence
// (SPEC §7), so the page, the JSON and the store agree.

// mark is one span to mark in a text.
type mark struct {
	start, end int
	class      string // CSS class: ph tr sg sl ac sc qt dp cp st
	passage    int    // copied passages: index in Copies.Passages, else -1
	src        string // copied passages: the source to compare with
}

// textSegment is one run of text between boundaries.
type textSegment struct {
	start, end int
	classes    []string
	passage    int
	src        string
}

// validSpan reports whether [start, end) is a non-empty span of text on
// character boundaries.
func validSpan(text string, start, end int) bool {
	if start < 0 || end > len(text) || start >= end {
		return false
	}
	return runeStart(text, start) && runeStart(text, end)
}

func runeStart(text string, i int) bool {
	return i == len(text) || utf8.RuneStart(text[i])
}

// segments cuts text at every boundary of marks and at extra (sentence)
// boundaries, and says which marks cover each piece. Invalid spans are
// dropped.
func segments(text string, marks []mark, extra []int) []textSegment {
	bounds := []int{0, len(text)}
	var ok []mark
	for _, m := range marks {
		if validSpan(text, m.start, m.end) {
			ok = append(ok, m)
			bounds = append(bounds, m.start, m.end)
		}
	}
	for _, b := range extra {
		if b > 0 && b < len(text) && runeStart(text, b) {
			bounds = append(bounds, b)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	// Sweep: marks sorted by start enter as the sweep reaches them.
	slices.SortStableFunc(ok, func(a, b mark) int { return a.start - b.start })
	var out []textSegment
	var open []mark
	next := 0
	for i := 0; i+1 < len(bounds); i++ {
		s, e := bounds[i], bounds[i+1]
		for next < len(ok) && ok[next].start <= s {
			open = append(open, ok[next])
			next++
		}
		open = slices.DeleteFunc(open, func(m mark) bool { return m.end <= s })
		seg := textSegment{start: s, end: e, passage: -1}
		for _, m := range open {
			if !slices.Contains(seg.classes, m.class) {
				seg.classes = append(seg.classes, m.class)
			}
			if m.passage >= 0 && seg.passage < 0 {
				seg.passage, seg.src = m.passage, m.src
			}
		}
		slices.Sort(seg.classes)
		out = append(out, seg)
	}
	return out
}

// renderText is text as HTML: every segment a span with its offset, the
// classes of the marks covering it, and for copied passages the passage's
// index and source (data-p, data-src). focus, when not -1, adds the class
// focus to the segments of that passage.
func renderText(text string, marks []mark, extra []int, focus int) template.HTML {
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	for _, seg := range segments(text, marks, extra) {
		b.WriteString(`<span data-o="`)
		b.WriteString(strconv.Itoa(seg.start))
		b.WriteByte('"')
		classes := seg.classes
		if focus >= 0 && seg.passage == focus {
			classes = append(classes, "focus")
		}
		if len(classes) > 0 {
			b.WriteString(` class="`)
			b.WriteString(strings.Join(classes, " "))
			b.WriteByte('"')
		}
		if seg.passage >= 0 {
			b.WriteString(` data-p="`)
			b.WriteString(strconv.Itoa(seg.passage))
			b.WriteByte('"')
			if seg.src != "" {
				b.WriteString(` data-src="`)
				b.WriteString(template.HTMLEscapeString(seg.src))
				b.WriteByte('"')
			}
		}
		b.WriteByte('>')
		template.HTMLEscape(&b, []byte(strings.ToValidUTF8(text[seg.start:seg.end], "\uFFFD")))
		b.WriteString("</span>")
	}
	return template.HTML(b.String())
}

// sentenceEnds are the characters that end a sentence.
const sentenceEnds = "。！？!?；;\n"

// sentence returns the sentence around [start, end): from just after the
// previous sentence end (or the line start) to just after the next one.
func sentence(text string, start, end int) (int, int) {
	if !validSpan(text, start, end) {
		return start, end
	}
	s := start
	for s > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:s])
		if strings.ContainsRune(sentenceEnds, r) {
			break
		}
		s -= size
	}
	// Leading spaces of a line are not part of the sentence.
	for s < start {
		r, size := utf8.DecodeRuneInString(text[s:])
		if r != ' ' && r != '\u3000' && r != '\t' {
			break
		}
		s += size
	}
	e := end
	if e > 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:e]); strings.ContainsRune(sentenceEnds, r) {
			return s, e
		}
	}
	for e < len(text) {
		r, size := utf8.DecodeRuneInString(text[e:])
		if r == '\n' {
			break
		}
		e += size
		if strings.ContainsRune(sentenceEnds, r) {
			break
		}
	}
	return s, e
}
