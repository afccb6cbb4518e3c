package ingest

import (
	"lvzhi/corpus"
	"lvzhi/corpus/lexicon"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// part is one document found in a file.
type part struct {
	title string
	text  string
}

const cnNum = `[一二三四五六七八九十百零〇\d]+`

var (
	// Section headings of template-site compilations: "篇一", "篇二：…",
	// "【篇一】…", "第一篇", "范文一", and headings ending with them
	// ("2023年人大代表述职报告篇一", "…述职报告（篇三）").
	sectionStart = regexp.MustCompile(`^[【\[（(]?(?:篇` + cnNum + `|范文` + cnNum + `|第` + cnNum + `篇)[】\]）)]?(?:$|[\s:：、.．】]|\p{Han})`)
	sectionEnd   = regexp.MustCompile(`(?:篇` + cnNum + `|范文` + cnNum + `|第` + cnNum + `篇)[】\]）)]?$`)

	// The title of a compilation ("…（精选10篇）", "…(通用8篇)", "…范文大全"):
	// a preamble line, not a section.
	compilationTitle = lexicon.Rule("site.collection-count", "page-title")

	// Site preamble lines ("以下是小编整理的…，欢迎阅读与收藏"): the site's
	// voice, strong or weak (a line of the site's is the site's).
	preambleLine = regexp.MustCompile(lexicon.Alternation("site.voice", "site.voice-weak"))

	// Lists of related article titles, as template pages end.
	relatedMarker = regexp.MustCompile(`^[【\[]?` + lexicon.Alternation("site.related", "site.related-heading") + `[】\]]?(?:[：:].{0,40})?$`)

	// A document title: "…述职报告", "…履职报告", "…工作报告", "关于…的思考"…
	docTitle = regexp.MustCompile(`(?:述职报告|履职报告|工作报告|履职情况报告|述职述廉报告|履职情况汇报|述职|调研报告)(?:[（(](?:\d{4}年?度?|` + cnNum + `)[）)]|范文)?$|^关于.{2,40}的(?:思考|几点思考|建议|调研报告|调查报告|调查与思考|探讨|研究|对策|实践与思考)$|^(?:浅谈|浅析|试论|略论).{4,40}$`)

	// What opens a document right after its title: a salutation
	// ("各位代表：" "尊敬的…："), a byline or a date line.
	salutation = regexp.MustCompile(`^(?:各位|尊敬的|同志们|亲爱的)[^，。；！？：:]{0,24}[：:]`)
	bylineLine = regexp.MustCompile(`^(?:——|--|─)|^[（(]?(?:\d{4}|二[〇○零O0][一二三四五六七八九〇○零]{2})年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?[）)]?$|^(?:作者|来源|发布时间|发布日期|日期|时间|撰稿|供稿)[：:]|^\S{2,20}(?:人大|代表|主任|主席|书记|委员|局长|镇长|县长)[\s]+\p{Han}[\p{Han}·]{1,3}$`)

	// Lines of a list of related document titles: optionally numbered, short,
	// no sentence punctuation, ending with a kind of document.
	listTitle = regexp.MustCompile(`^(?:\d{1,2}[.、)]\s*)?[^，。；！？]{6,60}(?:报告|总结|体会|讲话|发言|发言稿|范文|材料|汇报|汇编|大全|模板|演讲稿|心得|致辞|[（(](?:精选|通用)?\d{1,2}篇[）)]|\d{1,2}篇)$`)
)

// split divides the cleaned lines of a file into documents (SPEC §1, §2):
// at the section headings of compilations (each heading becomes its
// section's title), where a new document plainly begins back to back inside
// a section, and around lists of related article titles, which become their
// own part. A plain single report stays one document: every rule needs
// strong evidence.
func split(lines []string) []part {
	var parts []part
	for _, sec := range sections(lines) {
		for _, c := range splitRelated(sec) {
			if c.list {
				if p, ok := makePart(c.lines); ok {
					if !c.titled {
						p.title = "" // a list of titles has no title of its own
					}
					parts = append(parts, p)
				}
				continue
			}
			for _, doc := range splitBackToBack(c.lines) {
				if p, ok := makePart(doc); ok {
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

// sections cuts lines at compilation section headings. What comes before
// the first heading (the compilation's title and the site's preamble) stays
// with the first section.
func sections(lines []string) [][]string {
	var cuts []int
	for i, l := range lines {
		if isSectionHeading(l) {
			cuts = append(cuts, i)
		}
	}
	if len(cuts) == 0 {
		return [][]string{lines}
	}
	var out [][]string
	for k, c := range cuts {
		start := c
		if k == 0 {
			start = 0
		}
		end := len(lines)
		if k+1 < len(cuts) {
			end = cuts[k+1]
		}
		out = append(out, lines[start:end])
	}
	return out
}

// chunk is a run of lines; list is true for a list of related titles.
type chunk struct {
	lines  []string
	list   bool
	titled bool // a list that starts with the page's own title and preamble
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

// splitRelated cuts out lists of related article titles: a marker line
// ("猜您感兴趣", "相关文章"…) and the title-like lines after it, or a run of
// at least three document titles that ends the section, set apart by a
// blank line (a list a report introduces, "审议的报告有：", is the report's).
func splitRelated(lines []string) []chunk {
	var out []chunk
	start := 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		var end int
		switch {
		case len(l) <= 180 && relatedMarker.MatchString(l):
			end = i + 1
			for end < len(lines) && (lines[end] == "" || isListItem(lines[end])) {
				end++
			}
		case i > 0 && lines[i-1] == "" && isRelatedTitle(l):
			end = i
			n := 0
			for end < len(lines) && (lines[end] == "" || isRelatedTitle(lines[end])) {
				if lines[end] != "" {
					n++
				}
				end++
			}
			if n < 3 || end < len(lines) {
				i = end - 1 // not a list of at least three titles closing the section
				continue
			}
		default:
			continue
		}
		from, titled := i, false
		if i > start && isFurniture(lines[start:i]) {
			// A page that is only furniture and a list (a site's column
			// page) is one document, not a fragment and a list.
			from, titled = start, true
		} else if i > start {
			out = append(out, chunk{lines: lines[start:i]})
		}
		out = append(out, chunk{lines: lines[from:end], list: true, titled: titled})
		start = end
		i = end - 1
	}
	if start < len(lines) {
		out = append(out, chunk{lines: lines[start:]})
	}
	return out
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

// splitBackToBack splits a section where a new document plainly begins: a
// document title line, a salutation, byline or date line within the next
// few lines, after a body of text that has ended.
func splitBackToBack(lines []string) [][]string {
	var out [][]string
	start := 0
	n, chars := 0, 0 // text lines and characters since start (substantial)
	lastText := ""   // the last line of text since start (endsDocument)
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if i > 0 && n >= 3 && chars >= 100 && endsDocument(lastText) && isDocTitle(l) && opensAfter(lines, i) {
			out = append(out, lines[start:i])
			start, n, chars = i, 0, 0
		}
		if l != "" {
			lastText = l
			if !isSectionHeading(l) {
				n++
				chars += utf8.RuneCountInString(l)
			}
		}
	}
	return append(out, lines[start:])
}

func isDocTitle(l string) bool {
	n := utf8.RuneCountInString(l)
	return n >= 4 && n <= 40 && !strings.ContainsAny(l, "，。；！？：") && docTitle.MatchString(l)
}

// opensAfter reports whether a salutation, byline or date line follows the
// title at i within three non-blank lines.
func opensAfter(lines []string, i int) bool {
	seen := 0
	for j := i + 1; j < len(lines) && seen < 3; j++ {
		l := lines[j]
		if l == "" {
			continue
		}
		seen++
		if salutation.MatchString(l) || utf8.RuneCountInString(l) <= 40 && bylineLine.MatchString(l) {
			return true
		}
	}
	return false
}

// endsDocument reports whether the last line of a document's text ends it:
// a finished sentence, or a date, signature or other short line. A body of
// text (three lines, a hundred characters, not counting headings) that ends
// so, followed by a title and an opening, is evidence enough that a new
// document begins; any of these alone would not be.
func endsDocument(l string) bool {
	if l == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(l)
	switch r {
	case '。', '！', '？', '”', '…', '）', ')', '」', '.', '!', '?':
		return true
	}
	return bylineLine.MatchString(l) || utf8.RuneCountInString(l) <= 20 && !strings.ContainsAny(l, "，、")
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
		case preambleLine.MatchString(l), compilationTitle.MatchString(l):
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
	for _, ext := range []string{".docx", ".doc", ".wps", ".txt", ".pdf"} {
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
