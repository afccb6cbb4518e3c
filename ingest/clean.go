package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pageBreak marks a page break in extracted text (docx page breaks, PDF page
// ends, form feeds in text files). cleanLines joins a sentence broken by it
// and otherwise treats it as a line break.
const pageBreak = '\f'

// debris is what Word and document converters leave in text, removed before
// normalisation: each pattern with a literal that must occur for it to
// match, so that clean text costs one substring search per pattern. Field
// codes are upper-case in Word; matching them case-sensitively keeps
// ordinary text safe.
var debris = []struct {
	must string
	re   *regexp.Regexp
}{
	// Bookmarks as converters print them: "[bookmark: _GoBack]".
	{"[bookmark:", regexp.MustCompile(`\[bookmark:[^\]\n]{0,200}\]`)},
	// Pandoc anchors: "[]{#_Toc123 .anchor}", "{#_GoBack .anchor}".
	{"[]{#", regexp.MustCompile(`\[\]\{#[^}\n]{0,200}\}`)},
	{"{#", regexp.MustCompile(`\{#[A-Za-z_][\w.-]{0,100}(?:\s+\.anchor)?\}`)},
	// Field codes shown as text: "{ PAGE }", "{ PAGE \* MERGEFORMAT }",
	// "{ HYPERLINK "http://…" }", "{ TOC \o "1-3" \h }".
	{"{", regexp.MustCompile(`\{\s*(?:PAGE|NUMPAGES|SECTIONPAGES|PAGEREF|HYPERLINK|TOC|REF|SEQ|MERGEFIELD|DATE|TIME|CREATEDATE|SAVEDATE|PRINTDATE|FILENAME|AUTHOR|TITLE|STYLEREF|INCLUDEPICTURE|INCLUDETEXT|EMBED|SHAPE|FORMTEXT|FORMCHECKBOX|FORMDROPDOWN|NOTEREF|EQ|SYMBOL|LISTNUM|AUTONUM|AUTONUMLGL|QUOTE|ADVANCE|GOTOBUTTON|MACROBUTTON|LINK|USERNAME)\b[^{}\n]{0,300}\}`)},
	// Field residue without braces.
	{"HYPERLINK", regexp.MustCompile(`HYPERLINK\s+(?:\\l\s+)?"[^"\n]{0,500}"(?:\s+\\[a-z](?:\s+"[^"\n]{0,200}")?)*`)},
	{"PAGEREF", regexp.MustCompile(`PAGEREF\s+_Toc\d+(?:\s+\\[hp])*`)},
	{"TOC", regexp.MustCompile(`TOC\s+\\[a-z](?:\s+"[^"\n]{0,50}")?(?:\s+\\[a-z](?:\s+"[^"\n]{0,50}")?)*`)},
	{"\\*", regexp.MustCompile(`(?:\b(?:PAGE|NUMPAGES|SECTIONPAGES)\s*)?\\\*\s*(?:MERGEFORMAT|Arabic|CHARFORMAT|roman|ROMAN)\b`)},
	{"MERGEFORMAT", regexp.MustCompile(`\bMERGEFORMAT\b`)},
}

// removeDebris removes bookmark and field residue from text.
func removeDebris(text string) string {
	for _, d := range debris {
		if strings.Contains(text, d.must) {
			text = replaceFrom(text, d.must, d.re)
		}
	}
	return text
}

// replaceFrom removes the matches of re that start where must occurs. The
// patterns start with their literal (all but the last two, which are rare
// and run over the whole text), so only short windows after each occurrence
// are matched: a page of clean text with one "{" costs one small match.
func replaceFrom(text, must string, re *regexp.Regexp) string {
	if !strings.HasPrefix(re.String(), regexp.QuoteMeta(must)) && must != "{" {
		return re.ReplaceAllString(text, "")
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		k := strings.Index(text[i:], must)
		if k < 0 {
			break
		}
		k += i
		window := text[k:min(len(text), k+1024)]
		if loc := anchored(re).FindStringIndex(window); loc != nil {
			b.WriteString(text[last:k])
			last = k + loc[1]
			i = last
			continue
		}
		i = k + len(must)
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// anchoredRE holds "^(?:re)" for each debris pattern.
var anchoredRE = func() map[*regexp.Regexp]*regexp.Regexp {
	m := make(map[*regexp.Regexp]*regexp.Regexp, len(debris))
	for _, d := range debris {
		m[d.re] = regexp.MustCompile(`^(?:` + d.re.String() + `)`)
	}
	return m
}()

func anchored(re *regexp.Regexp) *regexp.Regexp { return anchoredRE[re] }

// Page number lines: "- 3 -", "—3—", "第 3 页 共 5 页", "共5页 第3页", "3/5",
// "Page 3 of 5". They are page chrome, never content.
var pageNumberLine = regexp.MustCompile(`^(?:[-—–~]+\s*\d{1,4}\s*[-—–~]+|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*[,，、]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$`)

// line is a cleaned line and whether a page break came before it.
type line struct {
	text  string
	page  bool // a page break stood between this line and the previous one
	blank bool
}

// cleanLines cleans the line structure of normalised text: line endings,
// control characters, indentation, trailing and repeated spaces, spaced-out
// titles, page numbers, runs of blank lines, and sentences broken across
// lines or pages. It returns the lines, with "" for a blank line (never two
// in a row, never first or last).
//
// It streams: each line is cleaned and handed to the joiner as it is
// found, nothing is held per blank line, and a line that needs no cleaning
// and joins nothing is returned as a substring of text. Memory is the
// lines returned, whatever the shape of the text (10 MB of newlines used
// to take 800 MB).
func cleanLines(text string) []string {
	if strings.ContainsAny(text, "\u2028\u2029") {
		text = strings.NewReplacer("\u2028", "\n", "\u2029", "\n").Replace(text)
	}
	var j joiner
	page := false
	for rest := text; rest != ""; {
		raw := rest
		if i := strings.IndexAny(rest, "\r\n\v"); i >= 0 {
			raw = rest[:i]
			n := 1
			if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
				n = 2 // CRLF
			}
			rest = rest[i+n:] // a final line break ends the last line, it opens none
		} else {
			rest = ""
		}
		for k := 0; ; k++ {
			piece, after, more := strings.Cut(raw, string(pageBreak))
			if k > 0 {
				page = true
			}
			t := tidyLine(piece)
			switch {
			case t == "":
				if k == 0 || piece != "" {
					j.add(line{blank: true})
				}
			case len(t) <= 40 && pageNumberLine.MatchString(t):
				page = true // the page number stands where a page ended
			default:
				j.add(line{text: t, page: page})
				page = false
			}
			if !more {
				break
			}
			raw = after
		}
	}
	return j.finish()
}

// joiner collapses blank runs and re-joins sentences broken across lines
// and pages, one line at a time. A line being joined is built in a
// strings.Builder and described by a lineState, so that joining many
// pieces stays linear; a line that joins nothing stays the string it was.
type joiner struct {
	out     []string
	first   string          // the current line's first piece
	cur     strings.Builder // the current line, once a second piece joins it
	joined  bool            // cur holds the current line
	st      lineState
	open    bool // a current line exists
	blanks  bool // a blank line since the last non-blank line
	pageGap bool // a page break since the last non-blank line
}

func (j *joiner) flush() {
	if !j.open {
		return
	}
	if j.joined {
		j.out = append(j.out, j.cur.String())
		j.cur.Reset()
	} else {
		j.out = append(j.out, j.first)
	}
	j.joined = false
}

func (j *joiner) add(l line) {
	if l.blank {
		j.blanks = true
		return
	}
	j.pageGap = j.pageGap || l.page
	if j.open && continues(j.st, l.text, j.blanks, j.pageGap) {
		if !j.joined {
			j.cur.WriteString(j.first)
			j.joined = true
		}
		j.cur.WriteString(l.text)
		j.st.add(l.text)
	} else {
		j.flush()
		if j.open && j.blanks {
			j.out = append(j.out, "")
		}
		j.first = l.text
		j.st = newLineState(l.text)
		j.open = true
	}
	j.blanks, j.pageGap = false, false
}

func (j *joiner) finish() []string {
	j.flush()
	return j.out
}

// tidyLine cleans one line: control characters go, leading indentation and
// trailing spaces go, runs of spaces become one space (a tab, the cell
// separator of tables, wins over spaces next to it), and a spaced-out title
// ("述 职 报 告") closes up.
func tidyLine(s string) string {
	if tidy(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace, pendingTab := false, false
	for _, r := range s {
		switch {
		case r == '\t':
			pendingTab = true
			continue
		case r == ' ':
			pendingSpace = true
			continue
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			continue
		}
		if b.Len() > 0 {
			if pendingTab {
				b.WriteByte('\t')
			} else if pendingSpace {
				b.WriteByte(' ')
			}
		}
		pendingSpace, pendingTab = false, false
		b.WriteRune(r)
	}
	t := b.String()
	if strings.Contains(t, " ") {
		t = dropHanDigitSpaces(t)
	}
	if spacedOut(t) {
		t = strings.ReplaceAll(t, " ", "")
	}
	return t
}

// tidy reports whether tidyLine would return s as it is: no control
// character (C1 included), no tab, no space at either end or next to
// another, no spaces to drop between a Chinese character and a digit, not
// spaced out. Most lines are tidy, and are kept without a copy.
func tidy(s string) bool {
	spaces := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7F:
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
			spaces++
		case c == 0xC2 && i+1 < len(s) && s[i+1] < 0xA0:
			return false // U+0080–U+009F
		}
	}
	return spaces == 0
}

// dropHanDigitSpaces removes a single space between a Chinese character and
// a digit ("活动 8 次", from &nbsp; around numbers in web pages and from PDF
// runs): it is layout, not text.
func dropHanDigitSpaces(t string) string {
	rs := []rune(t)
	out := rs[:0]
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) {
			p, n := rs[i-1], rs[i+1]
			if isHan(p) && n >= '0' && n <= '9' || p >= '0' && p <= '9' && isHan(n) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// spacedOut reports whether a line is three or more single Chinese
// characters separated by single spaces, as titles are typeset: "述 职 报 告".
func spacedOut(t string) bool {
	if len(t) > 200 || strings.Count(t, " ") < 2 {
		return false
	}
	n := 0
	for i, r := range []rune(t) {
		if i%2 == 1 {
			if r != ' ' {
				return false
			}
			continue
		}
		if !isHan(r) {
			return false
		}
		n++
	}
	return n >= 3 && !strings.HasSuffix(t, " ")
}

// lineState is what continues needs to know about a line: its last
// character, its length, whether it has punctuation, whether it is an
// enumerated heading.
type lineState struct {
	last     rune
	runes    int
	punct    bool // holds ，、；。“”《》（） (a colon alone does not count)
	enum     bool // starts with an enumerator
	sentence bool // holds 。！？
}

func newLineState(s string) lineState {
	st := lineState{enum: enumStart.MatchString(s)}
	st.add(s)
	return st
}

func (st *lineState) add(s string) {
	st.last, _ = utf8.DecodeLastRuneInString(s)
	st.runes += utf8.RuneCountInString(s)
	// A colon alone is no sign of prose: a record line of fields
	// (发布时间：… 来源：… 浏览：…) has colons and nothing else.
	st.punct = st.punct || strings.ContainsAny(s, "，、；。“”《》（）")
	st.sentence = st.sentence || strings.ContainsAny(s, "。！？")
}

// Line starts that open a new paragraph or item, never a continuation:
// enumerators (一、 （一） 一是 一要 第一， 1. 1、 (1) ①), and words that
// open a paragraph.
var enumStart = regexp.MustCompile(`^(?:[（(]?[一二三四五六七八九十百零]+[）)、.]|[一二三四五六七八九十]+[是要则]|第[一二三四五六七八九十百零\d]+[章节条部分篇点项步，、:：]|\d{1,3}(?:[、.)）]|\.\d)|[（(]\d{1,3}[）)]|[①-⑳]|(?:首先|其次|再次|最后|此外|另外|总之|综上)[，,：:]|各位|尊敬的|亲爱的|同志们)`)

// continues reports whether line b continues the sentence that line a
// leaves unfinished, so the two must be joined. It is conservative:
//
//   - a ends mid-sentence: its last character is a Chinese character or a
//     digit (or a comma, an enumeration comma, an opening quote or bracket),
//     not 。！？；：…”」） ;
//   - a is not a heading: it has no enumerator start without a full stop,
//     and it is a sentence (at least 20 characters with punctuation in it),
//     or a page break came between the two lines;
//   - b starts with a Chinese character (or an opening 《 “) and not with an
//     enumerator, a salutation or a paragraph opener, and is not itself a
//     short heading-like line;
//   - across blank lines, only after a page break or when a ends with a
//     comma-like mark: paragraphs separated by a blank line are paragraphs.
func continues(a lineState, b string, blanks, page bool) bool {
	la := a.last
	fb, _ := utf8.DecodeRuneInString(b)
	commaEnd := la == '，' || la == '、' || la == '“' || la == '《' || la == '（'
	if !(isHan(la) || la >= '0' && la <= '9' || commaEnd) {
		return false
	}
	if !(isHan(fb) || fb == '《' || fb == '“') {
		return false
	}
	if blanks && !page && !commaEnd {
		return false
	}
	if enumStart.MatchString(b) || headingLike(b) {
		return false
	}
	if a.enum && !a.sentence {
		return false // "一、聚焦政治引领，始终坚持党的全面领导" is a heading
	}
	if la >= '0' && la <= '9' && strings.ContainsRune(measureWords, fb) {
		return true // "…共计23" + "次，…": a count cut from its unit
	}
	if !page && !commaEnd && (a.runes < 20 || !a.punct) {
		return false
	}
	return true
}

// measureWords are the units that follow a count ("23次", "6条", "40余户").
const measureWords = "次条件人户个场项万元篇余多名位家所座处批年月日天届期岁倍"

// headingLike reports whether a line looks like a heading or a title: short
// and without sentence punctuation.
func headingLike(s string) bool {
	if utf8.RuneCountInString(s) > 20 {
		return false
	}
	return !strings.ContainsAny(s, "，。；！？、")
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}
