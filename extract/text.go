package extract

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
)

// span is a byte range [start, end) of the document text.
type span struct{ start, end int }

// doc is one document's text with the structure every extractor shares:
// lines, sentences and top-level sections, computed once.
type doc struct {
	text      string
	title     string
	sentences []span
	sections  []section
	hits      []literalHit // the patterns' literals in the text, by position
	hitsDone  bool
	ph        []span // the placeholders, found once for the doubts
	phDone    bool
	phFound   []corpus.PlaceholderSpan // as findPlaceholders gave them
	// planStarts and planOn mark the lines under a heading of plans
	// (inPlanSection), found once.
	planStarts []int
	planOn     []bool
	planDone   bool
}

// section is a top-level part of a report: "一、…", "二、…".
type section struct {
	span
	heading span // the heading sentence (or the title line for the preamble)
}

func newDoc(text, title string) *doc {
	d := &doc{text: text, title: title}
	d.sentences = splitSentences(text)
	d.sections = d.findSections()
	return d
}

// sentenceEnds are the characters that end a sentence. A newline ends one
// too.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '\n':
		return true
	}
	return false
}

// splitSentences splits text at sentence ends; a closing quote or bracket
// right after the end belongs to the sentence. Blank sentences are dropped,
// spaces trimmed.
func splitSentences(text string) []span {
	var out []span
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if !isSentenceEnd(r) {
			continue
		}
		for i < len(text) {
			r2, sz := utf8.DecodeRuneInString(text[i:])
			if r2 != '”' && r2 != '’' && r2 != '」' && r2 != '）' && r2 != ')' {
				break
			}
			i += sz
		}
		if s := trimBullet(text, trimSpan(text, span{start, i})); s.end > s.start {
			out = append(out, s)
		}
		start = i
	}
	if s := trimBullet(text, trimSpan(text, span{start, len(text)})); s.end > s.start {
		out = append(out, s)
	}
	return out
}

// trimBullet shrinks a sentence that opens a line with a bullet mark (◆ 接待
// 选民9次, • 课程多，…) to what follows the mark: the mark is layout, as a
// line's indent is.
func trimBullet(text string, s span) span {
	if s.end <= s.start || s.start > 0 && text[s.start-1] != '\n' && text[s.start-1] != ' ' && text[s.start-1] != '\t' {
		return s
	}
	r, size := utf8.DecodeRuneInString(text[s.start:])
	if !isBullet(r) {
		return s
	}
	return trimSpan(text, span{s.start + size, s.end})
}

// isBullet reports whether r marks an item of a list at a line's start.
func isBullet(r rune) bool {
	switch r {
	case '•', '◆', '◇', '▲', '△', '■', '●', '★', '☆', '▶', '►', '▪', '◎':
		return true
	}
	return false
}

// trimSpan shrinks s to exclude surrounding white space and line breaks.
func trimSpan(text string, s span) span {
	for s.start < s.end {
		r, size := utf8.DecodeRuneInString(text[s.start:])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += size
	}
	for s.end > s.start {
		r, size := utf8.DecodeLastRuneInString(text[:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= size
	}
	return s
}

// trimPunct shrinks s to exclude surrounding punctuation and spaces.
func trimPunct(text string, s span) span {
	for s.start < s.end {
		r, size := utf8.DecodeRuneInString(text[s.start:])
		if !trimmable(r) {
			break
		}
		s.start += size
	}
	for s.end > s.start {
		r, size := utf8.DecodeLastRuneInString(text[:s.end])
		if !trimmable(r) {
			break
		}
		s.end -= size
	}
	return s
}

// trimmable is the punctuation trimPunct removes: not the placeholder
// characters, not brackets or quotes, which belong to what they enclose, and
// not the % of a rate.
func trimmable(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if !unicode.IsPunct(r) {
		return false
	}
	return !strings.ContainsRune("*_[]【】《》“”‘’（）()「」%", r)
}

// isClauseEnd marks the punctuation that separates clauses inside a
// sentence.
func isClauseEnd(r rune) bool {
	switch r {
	case '，', '；', ',', ';', '：', ':':
		return true
	}
	return false
}

// cnOrdinals are the ordinals that number sections and points.
const cnOrdinals = "一二三四五六七八九十"

// headingOrdinal reports whether text at i starts with a top-level section
// number "一、" … "十二、" and returns the length of that prefix.
func headingOrdinal(text string, i int) int {
	n := headingDigits(text, i)
	if n == 0 || !strings.HasPrefix(text[i+n:], "、") {
		return 0
	}
	return n + len("、")
}

// lineStart reports whether i is at the start of a line.
func lineStart(text string, i int) bool {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if r == '\n' {
			return true
		}
		if !unicode.IsSpace(r) {
			return false
		}
		i -= size
	}
	return true
}

// findSections splits the document at sentences that start a line with a
// top-level section number (一、二、…). The text before the first is the
// preamble section.
func (d *doc) findSections() []section {
	out := d.sectionsAt(headingOrdinal)
	if len(out) == 1 {
		// No 一、 headings: a report whose top level is （一）…（四）.
		out = d.sectionsAt(parenOrdinal)
	}
	return out
}

// sectionsAt cuts the document at the line-start sentences that ordinal
// recognises as headings.
func (d *doc) sectionsAt(ordinal func(string, int) int) []section {
	var out []section
	cur := section{span: span{0, len(d.text)}}
	if len(d.sentences) > 0 {
		cur.heading = d.sentences[0]
	}
	for _, s := range d.sentences {
		if ordinal(d.text, s.start) == 0 || !lineStart(d.text, s.start) {
			continue
		}
		cur.end = s.start
		out = append(out, cur)
		cur = section{span: span{s.start, len(d.text)}, heading: s}
	}
	return append(out, cur)
}

// parenOrdinal returns the length of a "（三）" heading ordinal at i, or 0.
func parenOrdinal(text string, i int) int {
	if !strings.HasPrefix(text[i:], "（") {
		return 0
	}
	j := i + len("（")
	n := headingDigits(text, j)
	if n == 0 || !strings.HasPrefix(text[j+n:], "）") {
		return 0
	}
	return j + n + len("）") - i
}

// headingDigits returns the length of the run of Chinese ordinals at i (at
// most two characters' worth), 0 when there is none.
func headingDigits(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !strings.ContainsRune(cnOrdinals, r) {
			break
		}
		j += size
	}
	if j-i > 6 {
		return 0
	}
	return j - i
}

// sectionAt returns the section holding byte i.
func (d *doc) sectionAt(i int) section {
	k := sort.Search(len(d.sections), func(k int) bool { return d.sections[k].end > i })
	if k < len(d.sections) && d.sections[k].start <= i {
		return d.sections[k]
	}
	return section{}
}

// sentenceAt returns the sentence holding byte i.
func (d *doc) sentenceAt(i int) span {
	if k := d.sentenceIndex(i); k >= 0 {
		return d.sentences[k]
	}
	return span{i, i}
}

// sentenceIndex returns the index of the sentence holding byte i, -1 when
// i is between sentences.
func (d *doc) sentenceIndex(i int) int {
	lo, hi := 0, len(d.sentences)
	for lo < hi {
		m := (lo + hi) / 2
		if d.sentences[m].end <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(d.sentences) && d.sentences[lo].start <= i {
		return lo
	}
	return -1
}

func (d *doc) str(s span) string { return d.text[s.start:s.end] }

// evidence turns a span into the contract's evidence.
func (d *doc) evidence(s span) corpus.Span {
	return corpus.Span{Text: d.text[s.start:s.end], Start: s.start, End: s.end}
}

// containsAny reports whether s contains any of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// indexAny returns the first position in s of any of words, with the word,
// or -1.
func indexAny(s string, words []string) (int, string) {
	best, bw := -1, ""
	for _, w := range words {
		if i := strings.Index(s, w); i >= 0 && (best < 0 || i < best || i == best && len(w) > len(bw)) {
			best, bw = i, w
		}
	}
	return best, bw
}

// lastIndexAny returns the last position in s of any of words, with the
// word, or -1.
func lastIndexAny(s string, words []string) (int, string) {
	best, bw := -1, ""
	for _, w := range words {
		if i := strings.LastIndex(s, w); i > best || i == best && i >= 0 && len(w) > len(bw) {
			best, bw = i, w
		}
	}
	return best, bw
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// runeBefore returns the rune ending at byte i ("" rune 0 at the start).
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// runeAt returns the rune starting at byte i (0 at the end).
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// runeLen is the size in bytes of the rune starting at i (1 for a byte
// that is not valid UTF-8, 0 at the end).
func runeLen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return size
}

// gated is a regular expression run only where one of its literals occurs.
// Go's regexp scans every byte; most of a report holds none of the words a
// pattern needs, so checking literals first keeps extraction fast.
//
// The literals of every pattern loaded at init are found in one pass over
// a document's text (findLiterals): a pattern then runs only on the
// sentences holding one of its own, found by their positions.
type gated struct {
	re   *regexp.Regexp
	lits []string
	ids  []uint64 // a bit per literal id, nil when not indexed
	// led is the pattern anchored at its start (^(?:re)), set when every
	// match begins with one of the literals: it is then tried only where
	// one occurs, not at every byte of the sentence.
	led *regexp.Regexp
}

// newGated makes a gated pattern and, during init, indexes its literals.
func newGated(re *regexp.Regexp, lits []string) gated {
	g := gated{re: re, lits: lits}
	if !literalsFrozen && len(lits) > 0 {
		for _, l := range lits {
			id := literalIndex.intern(l)
			for len(g.ids) <= id/64 {
				g.ids = append(g.ids, 0)
			}
			g.ids[id/64] |= 1 << (id % 64)
		}
		if literalLed(re.String(), lits) {
			g.led = regexp.MustCompile(`^(?:` + re.String() + `)`)
		}
	}
	return g
}

// has reports whether the literal id is one of the pattern's.
func (g gated) has(id int) bool {
	return id/64 < len(g.ids) && g.ids[id/64]&(1<<(id%64)) != 0
}

// in reports whether s holds one of the literals.
func (g gated) in(s string) bool { return len(g.lits) == 0 || containsAny(s, g.lits) }

// inSpan reports whether the text of s holds one of the literals.
func (g gated) inSpan(d *doc, s span) bool {
	if g.ids == nil {
		return g.in(d.text[s.start:s.end])
	}
	hits := d.literals()
	k := sort.Search(len(hits), func(k int) bool { return hits[k].start >= s.start })
	for ; k < len(hits) && hits[k].start < s.end; k++ {
		if h := hits[k]; h.end <= s.end && g.has(h.id) {
			return true
		}
	}
	return false
}

// each calls fn with every match (submatch indexes, absolute offsets) in the
// sentences that start before limit, until fn returns false.
func (g gated) each(d *doc, limit int, fn func(m []int) bool) {
	g.eachWhere(d, limit, nil, fn)
}

// eachWhere is each over the sentences keep accepts (nil: all), tested
// before the pattern runs.
func (g gated) eachWhere(d *doc, limit int, keep func(span) bool, fn func(m []int) bool) {
	if g.ids == nil {
		g.eachSentence(d, limit, func(m []int) bool {
			if keep != nil && !keep(d.sentenceAt(m[0])) {
				return true
			}
			return fn(m)
		})
		return
	}
	last := -1 // the last sentence tried
	for _, h := range d.literals() {
		if !g.has(h.id) {
			continue
		}
		k := d.sentenceIndex(h.start)
		if k <= last {
			continue
		}
		s := d.sentences[k]
		if h.end > s.end {
			continue // not inside the sentence
		}
		if s.start >= limit {
			return
		}
		last = k
		if keep != nil && !keep(s) {
			continue
		}
		if g.led != nil {
			if !g.runLed(d, s, fn) {
				return
			}
			continue
		}
		if !g.run(d, s, fn) {
			return
		}
	}
}

// runLed is run for a pattern led by its literals: the anchored pattern is
// tried at each of them in the sentence, in order, from the end of the
// last match on, which finds what FindAll over the sentence finds (the
// leftmost match starts at a literal; at one start the anchored and the
// unanchored pattern prefer the same match).
func (g gated) runLed(d *doc, s span, fn func(m []int) bool) bool {
	hits := d.literals()
	k := sort.Search(len(hits), func(k int) bool { return hits[k].start >= s.start })
	from, tried := s.start, -1
	for ; k < len(hits) && hits[k].start < s.end; k++ {
		h := hits[k]
		if h.start < from || h.start == tried || h.end > s.end || !g.has(h.id) {
			continue
		}
		tried = h.start
		m := g.led.FindStringSubmatchIndex(d.text[h.start:s.end])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += h.start
			}
		}
		if !fn(m) {
			return false
		}
		from = m[1]
	}
	return true
}

// eachSentence is each for a pattern whose literals are not indexed.
func (g gated) eachSentence(d *doc, limit int, fn func(m []int) bool) {
	if !g.in(d.text) {
		return // most patterns match nowhere: one look at the whole text
	}
	for _, s := range d.sentences {
		if s.start >= limit {
			return
		}
		if !g.in(d.text[s.start:s.end]) {
			continue
		}
		if !g.run(d, s, fn) {
			return
		}
	}
}

// run calls fn with each match in sentence s; false when fn stopped.
func (g gated) run(d *doc, s span, fn func(m []int) bool) bool {
	for _, m := range g.re.FindAllStringSubmatchIndex(d.text[s.start:s.end], -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += s.start
			}
		}
		if !fn(m) {
			return false
		}
	}
	return true
}

// first returns the first match in sentences starting before limit.
func (g gated) first(d *doc, limit int) []int {
	var out []int
	g.each(d, limit, func(m []int) bool { out = m; return false })
	return out
}

// tableSeparators stand between the cells of a table row as reports write
// them: a tab (also what the reader makes of a markdown row), a box-drawing
// bar, a pipe, spaces around them.
const tableSeparators = "\t│| 　"

// hasAnySuffix reports whether s ends with one of suffixes.
func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// hasTableSep reports whether s holds a separator of table cells: a tab, a
// pipe or a box-drawing bar (faster than strings.ContainsAny, which walks
// runes for a non-ASCII set).
func hasTableSep(s string) bool {
	return strings.IndexByte(s, '\t') >= 0 || strings.IndexByte(s, '|') >= 0 || strings.Contains(s, "│")
}

// literalLed reports whether every match of the expression begins with one
// of lits: its leading strings (prefixes) each start with one of them, and
// it asserts nothing about where it stands (no ^, $ inside, \b).
func literalLed(expr string, lits []string) bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || hasAssertion(re) {
		return false
	}
	pre, _ := leadingStrings(re)
	if len(pre) == 0 {
		return false
	}
	for _, p := range pre {
		ok := false
		for _, l := range lits {
			if l != "" && strings.HasPrefix(p, l) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// maxLeading bounds the leading strings worked out for a pattern.
const maxLeading = 256

// leadingStrings returns strings one of which begins every match of re
// (nil when not known), and whether every match is exactly one of them.
func leadingStrings(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpCapture:
		return leadingStrings(re.Sub[0])
	case syntax.OpPlus:
		p, _ := leadingStrings(re.Sub[0])
		return p, false
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		p, _ := leadingStrings(re.Sub[0])
		return p, false
	case syntax.OpAlternate:
		var out []string
		exact := true
		for _, sub := range re.Sub {
			p, e := leadingStrings(sub)
			if p == nil {
				return nil, false
			}
			out = append(out, p...)
			exact = exact && e
		}
		if len(out) > maxLeading {
			return nil, false
		}
		return out, exact
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			p, e := leadingStrings(sub)
			if p == nil {
				return out, false
			}
			if len(out)*len(p) > maxLeading {
				return out, false
			}
			var next []string
			for _, a := range out {
				for _, b := range p {
					next = append(next, a+b)
				}
			}
			out = next
			if !e {
				return out, false
			}
		}
		return out, true
	}
	return nil, false
}

// hasAssertion reports whether re asserts a position anywhere (^, $, \A,
// \z, \b, \B).
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertion(sub) {
			return true
		}
	}
	return false
}
