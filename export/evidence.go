package export

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
)

// evidence is what a reader sees of one or more spans of a document: the
// sentence each is in, with the span itself marked, so that a value can be
// checked without opening the document. The workbook shows the marks in
// bold; CSV shows the plain text.
type evidence struct {
	text  string
	marks [][2]int // byte ranges of the spans within text, ascending
}

// Limits of what an evidence cell shows.
const (
	sentenceSide   = 80  // characters of context kept on either side of a span
	spanShown      = 400 // a longer span shows its start and end around an ellipsis
	evidenceSpans  = 3   // sentences shown for a flag with more spans
	positionsShown = 6   // paragraphs named in a position before 等
)

// sentenceEnds end a sentence or clause; a line break ends one too.
func sentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '!', '?', ';', '\n':
		return true
	}
	return false
}

// doc is one report while its rows are written: the values every row of
// it repeats, and the start of each paragraph of its text.
type doc struct {
	r      *corpus.Report
	x      Extra
	name   any // the deputy's name as stated, nil when unknown
	region any
	year   any
	paras  []int // byte offsets where non-blank lines start; nil until needed
}

func newDoc(r *corpus.Report, x Extra) *doc {
	a := &r.Analysis
	return &doc{r: r, x: x, name: optString(a.Deputy.Name), region: optString(a.Deputy.Region), year: optInt(a.Year)}
}

// valid reports whether s points at its own text in the document.
func (d *doc) valid(s corpus.Span) bool {
	t := d.r.Text
	if s.Start < 0 || s.End < s.Start || s.End > len(t) {
		return false
	}
	if s.Start < len(t) && !utf8.RuneStart(t[s.Start]) || s.End < len(t) && !utf8.RuneStart(t[s.End]) {
		return false
	}
	if s.Start == s.End {
		return false
	}
	return s.Text == "" || t[s.Start:s.End] == s.Text
}

// paragraph is the number of the paragraph holding byte offset off,
// counting the document's non-blank lines from 1 (the title is the first).
// An offset in blank lines belongs to the paragraph before them, or to
// the first.
func (d *doc) paragraph(off int) int {
	if d.paras == nil {
		d.paras = paragraphStarts(d.r.Text)
	}
	return max(1, sort.SearchInts(d.paras, off+1))
}

// paragraphStarts lists the byte offsets at which non-blank lines start.
func paragraphStarts(text string) []int {
	starts := make([]int, 0, 32)
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		end := len(text)
		if j >= 0 {
			end = i + j
		}
		if strings.IndexFunc(text[i:end], func(r rune) bool { return !unicode.IsSpace(r) }) >= 0 {
			starts = append(starts, i)
		}
		i = end + 1
	}
	return starts
}

// evidence shows spans of the document in their sentences, and names the
// paragraphs they are in ("第3段", "第3、5段"). A span whose offsets do not
// point at its text is shown as its text alone, with no position: a wrong
// place is worse than none.
func (d *doc) evidence(spans ...corpus.Span) (evidence, any) {
	var ev evidence
	var paras []int
	// The sentence shown last and where it starts in ev.text, so that more
	// spans of one sentence mark it rather than repeat it (-1: none, or
	// shown elided).
	prevLo, prevHi, prevBase := 0, 0, -1
	shown, omitted, valid := 0, 0, 0
	for _, s := range spans {
		if !d.valid(s) {
			if s.Text == "" {
				continue
			}
			if shown == evidenceSpans {
				omitted++
				continue
			}
			// Shown, not marked: bold means found in the document.
			ev.add(s.Text, 0, 0, shown > 0)
			prevBase = -1
			shown++
			continue
		}
		valid++
		p := d.paragraph(s.Start)
		if len(paras) == 0 || paras[len(paras)-1] != p {
			paras = append(paras, p)
		}
		lo, hi := sentenceAround(d.r.Text, s.Start, s.End)
		if prevBase >= 0 && lo == prevLo && hi == prevHi {
			ev.mark(prevBase+s.Start-lo, prevBase+s.End-lo)
			continue
		}
		if shown == evidenceSpans {
			omitted++
			continue
		}
		base, elided := ev.add(d.r.Text[lo:hi], s.Start-lo, s.End-lo, shown > 0)
		prevLo, prevHi, prevBase = lo, hi, base
		if elided {
			prevBase = -1
		}
		shown++
	}
	if omitted > 0 {
		ev.text += "（另有" + strconv.Itoa(omitted) + "处未列出）"
	}
	if valid == 0 {
		return ev, nil
	}
	return ev, positions(paras)
}

// add appends a sentence with the span [start, end) of it marked, after a
// separator when it is not the first, and returns where the sentence
// starts in ev.text; a long span is elided in the middle (elided true).
func (ev *evidence) add(sentence string, start, end int, sep bool) (base int, elided bool) {
	if sep {
		ev.text += " … "
	}
	if n := utf8.RuneCountInString(sentence[start:end]); n > spanShown {
		span := sentence[start:end]
		short := runePrefix(span, spanShown*2/3) + "……" + runeSuffix(span, spanShown/4)
		sentence = sentence[:start] + short + sentence[end:]
		end = start + len(short)
		elided = true
	}
	base = len(ev.text)
	ev.text += sentence
	if end > start {
		ev.mark(base+start, base+end)
	}
	return base, elided
}

// mark marks [start, end) of ev.text, keeping the marks in order and
// merging those that overlap or touch.
func (ev *evidence) mark(start, end int) {
	i := 0
	for i < len(ev.marks) && ev.marks[i][1] < start {
		i++
	}
	j := i
	for j < len(ev.marks) && ev.marks[j][0] <= end {
		start, end = min(start, ev.marks[j][0]), max(end, ev.marks[j][1])
		j++
	}
	ev.marks = append(ev.marks[:i], append([][2]int{{start, end}}, ev.marks[j:]...)...)
}

func runePrefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func runeSuffix(s string, n int) string {
	i := len(s)
	for n > 0 && i > 0 {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		n--
	}
	return s[i:]
}

// sentenceAround widens [start, end) of text to the sentence (or clause:
// see sentenceEnd) it is in, with its closing punctuation, and at most
// sentenceSide characters of context on either side. Leading white space
// is left out.
func sentenceAround(text string, start, end int) (int, int) {
	lo := start
	for n := 0; lo > 0 && n < sentenceSide; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:lo])
		if sentenceEnd(r) {
			break
		}
		lo -= size
	}
	for lo < start {
		r, size := utf8.DecodeRuneInString(text[lo:])
		if !unicode.IsSpace(r) {
			break
		}
		lo += size
	}
	hi := end
	if last, _ := utf8.DecodeLastRuneInString(text[start:end]); !sentenceEnd(last) {
		for n := 0; hi < len(text) && n < sentenceSide; n++ {
			r, size := utf8.DecodeRuneInString(text[hi:])
			if r == '\n' {
				break
			}
			hi += size
			if sentenceEnd(r) {
				break
			}
		}
	}
	for hi > end {
		r, size := utf8.DecodeLastRuneInString(text[:hi])
		if !unicode.IsSpace(r) {
			break
		}
		hi -= size
	}
	return lo, hi
}

// positions names paragraphs in words: 第3段, 第3、5段, 第1、2、3、4、5、6段等.
func positions(paras []int) string {
	if len(paras) == 0 {
		return ""
	}
	sort.Ints(paras)
	var b strings.Builder
	b.WriteString("第")
	n := 0
	for i, p := range paras {
		if i > 0 && p == paras[i-1] {
			continue
		}
		if n == positionsShown {
			b.WriteString("段等")
			return b.String()
		}
		if n > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(p))
		n++
	}
	b.WriteString("段")
	return b.String()
}
