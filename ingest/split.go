package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
	"lvzhi/corpus/lexicon"
)

// part is one document found in a file.
type part struct {
	title string
	text  string
}

// The words that tell where documents begin and end are data, shared with
// the residue check: corpus/lexicon (site.txt for the site's furniture,
// salutations.txt, openings.txt, closings.txt, titles.txt, voices.txt).
var (
	// Section headings of template-site compilations: "篇一", "篇二：…",
	// "【篇一】…", "第一篇", "范文一", and headings ending with them
	// ("2023年人大代表述职报告篇一", "…述职报告（篇三）").
	sectionStart = regexp.MustCompile(`^[【\[（(]?` + lexicon.Alternation("site.section") + `[】\]）)]?(?:$|[\s:：、.．】]|\p{Han})`)
	sectionEnd   = regexp.MustCompile(lexicon.Alternation("site.section") + `[】\]）)]?$`)

	// The title of a compilation ("…（精选10篇）", "…(通用8篇)", "…范文大全"):
	// a preamble line, not a section.
	compilationTitle = lexicon.Rule("site.collection-count", "page-title")

	// Site preamble lines ("以下是小编整理的…，欢迎阅读与收藏"): the site's
	// voice, strong or weak (a line of the site's is the site's).
	preambleLine = gateRe(lexicon.Alternation("site.voice", "site.voice-weak"))

	// The site's lines after a document: its source, a download prompt.
	siteTail = gateRe(lexicon.Alternation("site.source", "site.download", "site.tail"))

	// Lists of related article titles, as template pages end.
	relatedMarker = regexp.MustCompile(`^[【\[]?` + lexicon.Alternation("site.related", "site.related-heading", "site.feed-heading") + `[】\]]?(?:[：:].{0,40})?$`)

	// A document title: "…述职报告", "…履职报告（2018年度）", "…的一封信";
	// an essay's: "关于…的思考", "浅谈…".
	docTitle   = gateRe(lexicon.Alternation("titles.ending") + `(?:` + lexicon.Alternation("titles.ending-suffix") + `)?$`)
	essayTitle = gateRe(lexicon.Alternation("titles.essay"))

	// What opens a document after its title: a salutation ("各位代表："
	// "尊敬的…："), a greeting, a byline or a date line.
	salutation = regexp.MustCompile(`^` + lexicon.Alternation("salutations.head") + `[^，。；！？：:]{0,24}[：:]`)
	greeting   = regexp.MustCompile(`^` + lexicon.Alternation("salutations.greeting") + `[！!，,。]?`)
	dateLine   = regexp.MustCompile(lexicon.Alternation("closings.date"))
	bylineLine = regexp.MustCompile(lexicon.Alternation("openings.byline", "closings.date"))

	introRules = lexicon.Rules("openings.self-intro")
	reportAs   = gateRe(lexicon.Alternation("openings.report-as"))
	question   = regexp.MustCompile(lexicon.Alternation("openings.interview"))
	bodyOpens  = gateRe(lexicon.Alternation("openings.body"))

	closeThanks    = gateRe(lexicon.Alternation("closings.thanks"))
	closeReview    = gateRe(lexicon.Alternation("closings.review"))
	closePlan      = gateRe(lexicon.Alternation("closings.plan"))
	closeSignature = lexicon.Category("closings.signature")
	separatorLine  = regexp.MustCompile(lexicon.Alternation("closings.separator"))

	voiceFirst = gateRe(lexicon.Alternation("voices.first-person"))
	voiceEssay = gateRe(lexicon.Alternation("voices.essay"))
	voiceNews  = gateRe(lexicon.Alternation("voices.news"))
	voiceBody  = gateRe(lexicon.Alternation("voices.body"))
	voiceCadre = gateRe(lexicon.Alternation("voices.cadre"))
	voiceSite  = gateRe(lexicon.Alternation("voices.site"))

	// Lines of a list of related document titles: optionally numbered, short,
	// no sentence punctuation, ending with a kind of document.
	listTitle = regexp.MustCompile(`^(?:\d{1,2}[.、)]\s*)?[^，。；！？]{6,60}` + lexicon.Alternation("titles.list-ending") + `$`)
)

// split divides the cleaned lines of a file into documents (SPEC §1, §2):
// at the section headings of compilations (each heading becomes its
// section's title), where a new document begins back to back inside a
// section (splitBackToBack weighs the evidence), and around lists of
// related article titles, which become their own part. A plain single
// report stays one document: every cut needs evidence on both sides.
func split(lines []string) []part { return splitTraced(lines, nil) }

// splitTraced is split, calling trace (when not nil) with every candidate
// boundary weighed: its line, its score and the evidence.
func splitTraced(lines []string, trace func(line int, score float64, why string)) []part {
	pg := newPage(lines)
	pg.trace = trace
	var parts []part
	for _, sec := range pg.sections() {
		for _, c := range pg.splitRelated(sec) {
			if c.list {
				if p, ok := makePart(lines[c.from:c.to]); ok {
					if !c.titled {
						p.title = "" // a list of titles has no title of its own
					}
					parts = append(parts, p)
				}
				continue
			}
			for _, doc := range pg.splitBackToBack(c.from, c.to) {
				if len(parts) > 0 && pg.onlyTail(doc[0], doc[1]) {
					// The site's lines after a part (本文来源…, 更多范文…)
					// belong to it.
					last := &parts[len(parts)-1]
					last.text = strings.Join(append([]string{last.text}, nonBlankLines(lines[doc[0]:doc[1]])...), "\n")
					continue
				}
				if p, ok := makePart(lines[doc[0]:doc[1]]); ok {
					parts = append(parts, p)
				}
			}
		}
	}
	return parts
}

// isSectionHeading reports whether l is a compilation section heading.
func isSectionHeading(l string) bool {
	if l == "" || len(l) > 240 || !strings.Contains(l, "篇") && !strings.Contains(l, "范文") {
		return false
	}
	if utf8.RuneCountInString(l) > 60 || strings.ContainsAny(l, "。；！？") {
		return false
	}
	return sectionStart.MatchString(l) || sectionEnd.MatchString(l)
}

// sections cuts lines at compilation section headings, as [from, to)
// ranges. What comes before the first heading (the compilation's title and
// the site's preamble) stays with the first section, unless it holds more
// than such furniture (a site blurb, a document): then it is a section of
// its own.
func (pg *page) sections() [][2]int {
	var cuts []int
	for i, l := range pg.lines {
		if l != "" && pg.f[i].heading {
			cuts = append(cuts, i)
		}
	}
	if len(cuts) == 0 {
		return [][2]int{{0, len(pg.lines)}}
	}
	var out [][2]int
	if cuts[0] > 0 && !pg.furniture(0, cuts[0]) {
		out = append(out, [2]int{0, cuts[0]})
	} else {
		cuts[0] = 0
	}
	for k, c := range cuts {
		end := len(pg.lines)
		if k+1 < len(cuts) {
			end = cuts[k+1]
		}
		out = append(out, [2]int{c, end})
	}
	return out
}

// furniture reports whether lines [from, to) are only a page's furniture:
// its title, the site's one-line preamble, info lines (date, author,
// compiler), as a page holds before its first document.
func (pg *page) furniture(from, to int) bool {
	for i := from; i < to; i++ {
		l := pg.lines[i]
		if l == "" {
			continue
		}
		f := pg.f[i]
		if f.titleLike || f.byline || f.preamble && f.sentences <= 2 && f.runes <= maxPreamble {
			continue
		}
		return false
	}
	return true
}

// maxPreamble is the longest site preamble line, in characters, that is
// furniture; a longer line of the site's voice is a blurb.
const maxPreamble = 100

// chunk is a run of lines [from, to); list is true for a list of related
// titles.
type chunk struct {
	from, to int
	list     bool
	titled   bool // a list that starts with the page's own title and preamble
}

// thinChunk is the most Han characters of page furniture (a title, a
// breadcrumb, a column's one-sentence blurb) that stays with a following
// list of titles rather than becoming a document of its own.
const thinChunk = 150

// isFurniture reports whether lines are page furniture rather than a
// document: short, with at most one line that ends a sentence.
func isFurniture(lines []string) bool {
	han, sentences := 0, 0
	for _, l := range lines {
		for _, r := range l {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if strings.HasSuffix(l, "。") || strings.HasSuffix(l, "！") || strings.HasSuffix(l, "？") {
			sentences++
		}
	}
	return han < thinChunk && sentences <= 1
}

// minListTitles is the fewest titles an unmarked list of related titles
// holds.
const minListTitles = 3

// splitRelated cuts lists of related article titles out of the section
// [from, to): a marker line ("猜您感兴趣", "相关文章"…) and the title-like
// lines after it (and the site's lines after them); or a run of at least
// three document titles set apart from the text before it (a blank line or
// a finished sentence: a list a report introduces, "审议的报告有：", is the
// report's) that ends the section, or that is numbered 1, 2, 3… and is
// followed by a new document's opening.
func (pg *page) splitRelated(sec [2]int) []chunk {
	lines := pg.lines
	var out []chunk
	start := sec[0]
	for i := sec[0]; i < sec[1]; i++ {
		l := lines[i]
		var end int
		switch {
		case len(l) <= 180 && relatedMarker.MatchString(l):
			end = i + 1
			for end < sec[1] && (lines[end] == "" || isListItem(lines[end])) {
				end++
			}
			for end < sec[1] && (lines[end] == "" || pg.f[end].closing >= wClosed && siteTail.MatchString(lines[end])) {
				end++
			}
		case i > sec[0] && (lines[i-1] == "" || endsText(lines[i-1])) && isRelatedTitle(l):
			var ok bool
			if end, ok = pg.titleRun(i, sec[1]); !ok {
				continue
			}
		default:
			continue
		}
		for end > i+1 && lines[end-1] == "" {
			end--
		}
		from, titled := i, false
		if i > start && isFurniture(lines[start:i]) {
			// A page that is only furniture and a list (a site's column
			// page) is one document, not a fragment and a list.
			from, titled = start, true
		} else if i > start {
			out = append(out, chunk{from: start, to: i})
		}
		out = append(out, chunk{from: from, to: end, list: true, titled: titled})
		start = end
		i = end - 1
	}
	if start < sec[1] {
		out = append(out, chunk{from: start, to: sec[1]})
	}
	return out
}

// titleRun reports whether the lines from i on are an unmarked list of
// related titles, and where it ends: at least three title-like lines, most
// of them ending with a kind of document, up to the end of the section; or
// numbered from 1 in order and followed by what opens a document.
func (pg *page) titleRun(i, to int) (int, bool) {
	lines := pg.lines
	n, titles := 0, 0
	numbered := true
	end := i
	for ; end < to; end++ {
		l := lines[end]
		if l == "" {
			continue
		}
		if !isListItem(l) || utf8.RuneCountInString(l) > 40 || strings.ContainsAny(l, "，") {
			break
		}
		m := listNumber.FindString(l)
		if m == "" && numbered && n > 0 {
			break // the numbered items have ended
		}
		if m == "" || strings.TrimRight(m, ".、) ") != strconv.Itoa(n+1) {
			numbered = false
		}
		n++
		if isRelatedTitle(l) {
			titles++
		}
	}
	if n < minListTitles || titles*3 < n*2 {
		return end, false
	}
	if end == to {
		return end, true
	}
	f := pg.f[end]
	return end, numbered && (f.heading || f.titleLike || f.salute || f.intro || f.reportOpens || f.greet)
}

// onlyTail reports whether lines [from, to) are only the site's lines
// after a document.
func (pg *page) onlyTail(from, to int) bool {
	n := 0
	for i := from; i < to; i++ {
		if pg.lines[i] == "" {
			continue
		}
		if !(siteTail.MatchString(pg.lines[i]) && pg.f[i].runes <= maxTailLine || pg.f[i].preamble && pg.f[i].sentences <= 1) {
			return false
		}
		n++
	}
	return n > 0
}

// nonBlankLines returns the lines that are not blank.
func nonBlankLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// endsText reports whether a line ends a paragraph of text: a sentence's
// end.
func endsText(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return r == '。' || r == '！' || r == '？'
}

// listNumber is the number of a numbered list item.
var listNumber = regexp.MustCompile(`^\d{1,2}[.、)]\s*`)

// isRelatedTitle reports whether l is the title of another document, as
// related lists give them: at least ten characters without the number.
func isRelatedTitle(l string) bool {
	return len(l) <= 200 && !strings.ContainsAny(l, "，。；！？") && listTitle.MatchString(l) && utf8.RuneCountInString(listNumber.ReplaceAllString(l, "")) >= 10
}

// isListItem reports whether l can be an item of a related-titles list: a
// short line without sentence punctuation, numbered or not.
func isListItem(l string) bool {
	return utf8.RuneCountInString(l) <= 60 && !strings.ContainsAny(l, "。；！？") &&
		!salutation.MatchString(l) && !relatedMarker.MatchString(l) && !isSectionHeading(l)
}

// makePart joins the lines of one document and finds its title.
func makePart(lines []string) (part, bool) {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return part{}, false
	}
	return part{text: strings.Join(lines, "\n"), title: findTitle(lines)}, true
}

// findTitle finds a document's title among its first lines: the first
// title-like line, passing over the site's compilation title and preamble
// and the section heading ("…篇一"), which is the title only when the
// document has none of its own. A title that holds the next title-like line
// ("人大代表履职报告范文：加强…的对策思考" before "加强…的对策思考") gives way
// to it: the shorter one is the document's own, the longer the site's
// framing. "" when the document starts with its body.
func findTitle(lines []string) string {
	heading := ""
	seen := 0
	for i, l := range lines {
		if l == "" {
			continue
		}
		if seen++; seen > 8 {
			break
		}
		switch {
		case isSectionHeading(l):
			heading = l
			continue
		case preambleLine.MatchString(l), compilationTitle.MatchString(l), len(l) <= 3*maxPreamble && feedVoice.MatchString(l):
			continue
		case !titleLike(l):
			return cleanTitle(heading)
		}
		for _, next := range lines[i+1:] {
			if next == "" || preambleLine.MatchString(next) {
				continue
			}
			if titleLike(next) && next != l && strings.Contains(l, next) {
				return cleanTitle(next)
			}
			break
		}
		return cleanTitle(l)
	}
	return cleanTitle(heading)
}

// titleLike reports whether a line can be a title: short, no sentence
// punctuation, not a salutation, byline, enumerated heading or list item.
func titleLike(l string) bool {
	n := utf8.RuneCountInString(l)
	if n < 2 || n > 50 || strings.ContainsAny(l, "，。；！？") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(l)
	if r == '：' || r == ':' {
		return false
	}
	return !salutation.MatchString(l) && !bylineLine.MatchString(l) && !enumStart.MatchString(l) && !listNumber.MatchString(l)
}

// cleanTitle tidies a title found in the file: spaces, a "Microsoft Word - "
// prefix and a file extension go; it is at most 100 characters.
func cleanTitle(s string) string {
	s = strings.Join(strings.Fields(corpus.NormalizeText(s)), " ")
	s = strings.TrimPrefix(s, "Microsoft Word - ")
	for _, ext := range []string{".docx", ".doc", ".wps", ".rtf", ".txt", ".pdf"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			s = s[:len(s)-len(ext)]
		}
	}
	s = strings.TrimSpace(strings.TrimRight(s, "：:"))
	if utf8.RuneCountInString(s) > 100 {
		s = string([]rune(s)[:100])
	}
	return s
}
