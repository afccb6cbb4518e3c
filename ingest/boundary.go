package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus/lexicon"
)

// Where one document ends and the next begins inside a section of a
// compilation page, when no heading says so: one deputy's report followed
// by another's, a report followed by an essay, a cadre's 述廉 report, a
// re-posted copy of an earlier essay, a site blurb.
//
// Every line that could begin a document (a title, a salutation, a
// self-introduction, the first line after a document has closed, the start
// of a site blurb) is a candidate. A candidate is weighed on what opens
// there (openingScore), what closed before it (closingScore), and what
// changes across it: the voice (a first-person report, then an essay's
// 我们认为 or a news item's 据了解; a cadre's 廉洁自律), the speaker (a
// different name in the self-introduction), the text (a paragraph that
// repeats an earlier document of the page). The document is cut where the
// evidence reaches cutScore. No single cue reaches it alone, so a report
// that quotes a title or greets its hearers again stays whole.

// Weights of the evidence. A cut needs cutScore.
const (
	cutScore = 4.0

	wDocTitle   = 2.0 // a title ending like a document's (…述职报告, …的一封信)
	wEssayTitle = 2.5 // an essay's title (浅谈…, 关于…的思考, …的见闻)
	wTitleLike  = 0.5 // any other short line without sentence punctuation
	wByline     = 1.0 // a byline or date line under the title
	wSalute     = 2.0 // a salutation right after the title
	wIntro      = 2.0 // a self-introduction right after the title
	wReportAs   = 1.5 // 现将…报告如下, 我代表…主席团 right after the title
	wBareSalute = 2.5 // a salutation with no title above it
	wBareIntro  = 2.5 // a self-introduction with no title or salutation
	wFollowUp   = 1.0 // an introduction or announcement after a bare salutation
	wBareReport = 2.0 // 现将…报告如下 opening a line, with no title or salutation
	wQuestion   = 2.0 // an interview's first question (问：, 记者：), in a document that has asked none
	wBlurb      = 2.5 // the start of a site blurb about reports in general

	wClosed   = 3.0  // the document before ends with a closing line
	wPlan     = 1.5  // … ends with a plan (今后，我将…)
	wSigned   = 2.0  // … ends with a name alone
	wSentence = 1.0  // … ends with a finished sentence
	wOpenEnd  = -2.0 // … ends in the middle of a sentence (，：)
	wGenre    = 2.0  // the voice changes
	wSpeaker  = 1.5  // a different speaker introduces themself
	wSame     = -3.0 // the same speaker introduces themself again
	wRepeat   = 3.0  // the text repeats an earlier document of the page
	minBody   = 60   // characters of body a document needs before it can end
	minBlurb  = 40   // … a site blurb
	// A site blurb is several sentences (what a report is, how to write
	// one); one or two are the site's preamble, which stays with the
	// document under it.
	minBlurbSentences = 3
	voiceLines        = 12 // lines of a document read for its voice
	winLines          = 4  // lines after a candidate read for theirs
	headLines         = 3  // byline and date lines passed over under a title
	reportLead        = 24 // characters before 现将… in a line that opens with it (根据…的安排，现将…)
	reportSpan        = 60 // characters of 现将…报告如下 itself
	introHead         = 80 // characters of a line read for a self-introduction
)

// maxRepeatScan bounds the text, in bytes, whose paragraphs are indexed to
// find re-posted copies: a compilation page is far smaller; a huge file is
// not worth the memory.
const maxRepeatScan = 2 << 20

// page is the lines of one file and what each says about where documents
// begin and end.
type page struct {
	lines   []string
	f       []feat
	voices  []voice // per line, computed when first needed
	vdone   []bool
	ann     []byte                                    // announces: 0 not read, 1 no, 2 yes
	repeat  *shingles                                 // nil when the file is too large
	openers map[int]bool                              // the first body line of each document read
	trace   func(line int, score float64, why string) // tests: each weighed candidate
}

// feat is what one line says.
type feat struct {
	runes, sentences int
	heading          bool // a compilation's section heading
	titleLike        bool // short, no sentence punctuation
	docTitle         bool // … ending like a document's title
	essayTitle       bool // … an essay's title
	salute           bool // 各位代表：
	greet            bool // 大家好！
	intro            bool // a self-introduction
	name             string
	reportOpens      bool // 现将…报告如下 near the start of the line
	question         bool // 问：…
	enum             bool // starts with an enumerator (一、 （二） 3.)
	byline           bool // ——…, 作者：…, a date line
	preamble         bool // the site's voice (lines up to maxPreamble characters)
	feed             bool // a public account's own line around a repost (编者按：…): never body
	closing          float64
	signer           string // the name a signature line gives
}

// voice counts the cues of who speaks in a line.
type voice struct{ first, essay, news, body, cadre, site int }

func (v *voice) add(o voice) {
	v.first += o.first
	v.essay += o.essay
	v.news += o.news
	v.body += o.body
	v.cadre += o.cadre
	v.site += o.site
}

func newPage(lines []string) *page {
	pg := &page{lines: lines, f: make([]feat, len(lines)), voices: make([]voice, len(lines)), vdone: make([]bool, len(lines)), ann: make([]byte, len(lines))}
	size := 0
	for i, l := range lines {
		if l != "" {
			pg.f[i] = lineFeat(l)
			size += len(l)
		}
	}
	// A name alone (two to four characters, or a minority name with a
	// middle dot) signs a document when a closing line comes before it or
	// a date after it; without either it may be a short heading (写作要点).
	prev := -1
	for i, l := range lines {
		if l == "" {
			continue
		}
		f := &pg.f[i]
		if f.closing < wSigned && !f.heading && !f.docTitle && !f.essayTitle && isName(l) && (f.runes <= 4 || strings.Contains(l, "·")) {
			next := i + 1
			for next < len(lines) && lines[next] == "" {
				next++
			}
			if prev >= 0 && pg.f[prev].closing >= wClosed || next < len(lines) && dateLine.MatchString(lines[next]) {
				f.closing, f.signer = wSigned, l
				f.titleLike = false
			}
		}
		prev = i
	}
	if size <= maxRepeatScan {
		pg.repeat = newShingles()
		pg.openers = map[int]bool{}
	}
	return pg
}

// lineFeat reads one line. What runs on every line is cheap: tests of short
// lines, of a line's head, or expressions gated by their literals
// (gate.go); a line's voice and what it announces are read when a
// candidate needs them.
func lineFeat(l string) feat {
	f := feat{runes: utf8.RuneCountInString(l)}
	f.sentences = strings.Count(l, "。") + strings.Count(l, "！") + strings.Count(l, "？")
	if !endsText(l) && f.runes > 0 && !strings.HasSuffix(l, "…") {
		f.sentences++ // an unfinished last sentence counts too
	}
	f.heading = isSectionHeading(l)
	if f.runes <= 50 && !f.heading {
		f.titleLike = titleLike(l)
		t := strings.Trim(l, titleMarks)
		if f.titleLike {
			f.docTitle = docTitle.MatchString(t)
			f.essayTitle = !f.docTitle && essayTitle.MatchString(t)
		} else if m := enumStart.FindStringIndex(t); m != nil && titleLike(t[m[1]:]) && docTitle.MatchString(t[m[1]:]) {
			// 一、张建华同志的述职报告: a numbered title in a compilation.
			f.titleLike, f.docTitle = true, true
		}
	}
	f.salute = salutation.MatchString(l)
	// Openings stand at the head of a line: rules that start there are run
	// on its first introHead characters only.
	start := l[:headBytes(l, introHead)]
	if m := greeting.FindStringIndex(start); m != nil {
		f.greet = true
		start = strings.TrimLeft(start[m[1]:], " ")
	}
	for _, r := range introRules {
		if m := r.Re.FindStringSubmatch(start); m != nil {
			k := r.Re.SubexpIndex("name")
			if k > 0 && !introName(m[k], start[strings.Index(start, m[k])+len(m[k]):]) {
				continue // 本人体会，…: a verb where the name would be
			}
			f.intro = true
			if k > 0 {
				f.name = m[k]
				break
			}
		}
	}
	// 现将…报告如下 opening the line: only the line's head is read; the
	// rest of a paragraph is read when a candidate asks (announces).
	head := l
	if n := headBytes(l, reportLead+reportSpan); n < len(l) {
		head = l[:n]
	}
	if m := reportAs.FindStringIndex(head); m != nil {
		f.reportOpens = utf8.RuneCountInString(l[:m[0]]) <= reportLead
	}
	f.question = question.MatchString(l)
	f.byline = f.runes <= 40 && mayBeByline(l) && bylineLine.MatchString(l)
	if f.runes <= maxPreamble {
		f.preamble = preambleLine.MatchString(l)
	}
	if f.runes <= 2*maxPreamble {
		f.feed = feedVoice.MatchString(l)
	}
	f.closing, f.signer = closingOf(l, f)
	if f.closing >= wSigned && (f.intro || f.salute || reportAs.MatchString(l) || bodyOpens.MatchString(l)) {
		// 现将…报告如下，不妥之处，请批评指正: an opening that asks for
		// comments, not a closing.
		f.closing = wSentence
	}
	f.enum = enumStart.MatchString(l)
	if f.closing >= wSigned {
		// 述职人：王建国, a date, a name alone: a document's end, not a
		// title.
		f.titleLike, f.docTitle, f.essayTitle = false, false, false
	}
	return f
}

// mayBeByline is a cheap test that a short line may be a byline (see
// bylineLine): it starts with a dash, a bracket or a date's first
// character, or holds a colon or a space (作者：…, 石门镇人大主席 赵某).
func mayBeByline(l string) bool {
	r, _ := utf8.DecodeRuneInString(l)
	return strings.ContainsRune("—-─（(二0123456789", r) || strings.ContainsAny(l, "：: \t")
}

// maxTailLine is the longest line, in characters, that is a site's line
// after a document (本文来源…, （下载提示：…）).
const maxTailLine = 80

// titleMarks are the brackets and quotes a title may stand in.
const titleMarks = "【】《》“”\"「」 "

// closingOf weighs how a line closes a document, and the name it signs.
func closingOf(l string, f feat) (float64, string) {
	if f.runes <= 40 {
		for _, e := range closeSignature {
			if m := e.Re.FindStringSubmatch(l); m != nil {
				name := ""
				if k := e.Re.SubexpIndex("name"); k > 0 {
					name = strings.TrimSpace(m[k])
				}
				return wClosed, name
			}
		}
		if dateLine.MatchString(l) {
			if strings.HasPrefix(l, "（") || strings.HasPrefix(l, "(") {
				return 0, "" // （2024年1月5日）: a speech's date under its title
			}
			return wClosed, ""
		}
	}
	if f.runes <= maxTailLine && siteTail.MatchString(l) || separatorLine.MatchString(l) {
		return wClosed, ""
	}
	last := lastSentence(l)
	switch {
	case closeThanks.MatchString(last), closeReview.MatchString(last):
		return wClosed, ""
	}
	r, _ := utf8.DecodeLastRuneInString(l)
	switch r {
	case '。', '！', '？', '…', '”', '」', '）', ')', '.', '!', '?':
		if closePlan.MatchString(last) {
			return wPlan, ""
		}
		return wSentence, ""
	case '，', '、', '：', ':', '；', ',':
		return wOpenEnd, ""
	}
	return 0, ""
}

// lastSentence is the last sentence of a line, without its end mark.
func lastSentence(l string) string {
	s := strings.TrimRight(l, "。！？!?.… ")
	cut := -1
	for _, mark := range []string{"。", "！", "？"} {
		if i := strings.LastIndex(s, mark); i >= 0 && i+len(mark) > cut {
			cut = i + len(mark)
		}
	}
	if cut >= 0 {
		s = s[cut:]
	}
	return strings.TrimSpace(s)
}

// notInNames holds the characters that never occur in a person's name.
var notInNames = strings.Join(lexicon.Words("openings.not-in-names"), "")

// personName reports whether s can be a person's name as a self-
// introduction gives it: not empty, no character that names never hold.
// introName reports whether the name a self-introduction rule captured
// is one: a plausible name led by a common family name, or another that
// what follows it vouches for (after the name: a gender, an ethnicity, a
// post).
func introName(name, after string) bool {
	if !personName(name) {
		return false
	}
	return lexicon.SurnameLed(name) || introVouch.MatchString(after)
}

var introVouch = lexicon.Rule("openings.intro-vouch", "vouch")

func personName(s string) bool {
	return s != "" && !strings.ContainsAny(s, notInNames)
}

// isName reports whether a line is a name alone: two to eight Chinese
// characters (a middle dot in minority names).
func isName(l string) bool {
	n := 0
	for _, r := range l {
		if !isHan(r) && r != '·' {
			return false
		}
		n++
	}
	return n >= 2 && n <= 8
}

// voiceOf reads the voice of line i, once.
func (pg *page) voiceOf(i int) voice {
	if !pg.vdone[i] {
		l := pg.lines[i]
		pg.voices[i] = voice{
			first: voiceFirst.count(l),
			essay: voiceEssay.count(l),
			news:  voiceNews.count(l),
			body:  voiceBody.count(l),
			cadre: voiceCadre.count(l),
			site:  voiceSite.count(l),
		}
		pg.vdone[i] = true
	}
	return pg.voices[i]
}

// isBlurb reports whether line i is the site talking about reports in
// general: several sentences, no one speaking of themself, the site's cues.
func (pg *page) isBlurb(i int) bool {
	f := pg.f[i]
	if f.sentences < 2 || f.runes < minBlurb || f.intro || f.salute {
		return false
	}
	l := pg.lines[i]
	if !voiceSite.possible(l) {
		return false
	}
	site := voiceSite.count(l)
	return (site >= 2 || site >= 1 && (f.preamble || preambleLine.MatchString(l))) && voiceFirst.count(l) == 0
}

// doc is the document being read: where it starts and what it said so far.
type doc struct {
	start     int
	body      int    // characters of body text (not headings, titles, salutations)
	bodySent  int    // sentences of body text
	bodyLines int    // lines of body text
	last      int    // its last non-blank line, -1 if none
	blurb     bool   // every body line so far is a site blurb
	asked     bool   // a line of it opens with a question or a chair's turn (问：, 主持人：)
	name      string // the speaker, from a self-introduction or a signature
}

// feedVoice is a public account's voice around an article it reposts.
var feedVoice = gateRe(lexicon.Alternation("site.feed-voice"))

func (pg *page) newDoc(start int) *doc { return &doc{start: start, last: -1, blurb: true} }

// add reads line i into the document.
func (pg *page) add(d *doc, i int) {
	l := pg.lines[i]
	if l == "" {
		return
	}
	f := pg.f[i]
	d.last = i
	d.asked = d.asked || f.question
	if f.name != "" && d.name == "" {
		d.name = f.name
	}
	if f.signer != "" && d.name == "" && isName(f.signer) && personName(f.signer) {
		d.name = f.signer
	}
	if f.heading || f.titleLike || f.byline || f.salute || f.greet && f.runes <= 8 || f.preamble && f.sentences <= 1 || f.feed {
		return
	}
	d.body += f.runes
	d.bodySent += f.sentences
	if d.blurb && !pg.isBlurb(i) {
		d.blurb = false
	}
	if pg.repeat != nil {
		if d.bodyLines == 0 {
			pg.openers[i] = true
		}
		pg.repeat.add(l, i)
	}
	d.bodyLines++
}

// splitBackToBack cuts the lines [from, to) where a new document begins,
// as [from, to) ranges.
func (pg *page) splitBackToBack(from, to int) [][2]int {
	var out [][2]int
	cur := pg.newDoc(from)
	for i := from; i < to; i++ {
		if pg.lines[i] != "" && pg.cutsAt(cur, i, to) {
			out = append(out, [2]int{cur.start, i})
			cur = pg.newDoc(i)
		}
		pg.add(cur, i)
	}
	return append(out, [2]int{cur.start, to})
}

// cutsAt weighs the evidence that a new document begins at line i, in the
// chunk that ends at to.
func (pg *page) cutsAt(cur *doc, i, to int) bool {
	if cur.last < 0 {
		return false // nothing read yet: the document's own head
	}
	if cur.blurb && (cur.body < minBlurb || cur.bodySent < minBlurbSentences) || !cur.blurb && cur.body < minBody {
		return false // too short to be a document: a head, or a site's one-line preamble
	}
	open, first := pg.openingScore(cur, i, to)
	if first < 0 {
		return false // not a candidate
	}
	score := open + pg.closingScore(cur)
	if score+wGenre+wRepeat+wSpeaker < cutScore {
		return false // nothing below can make up for it
	}
	why := ""
	if pg.trace != nil {
		why = fmt.Sprintf("open %.1f close %.1f", open, pg.closingScore(cur))
	}
	if first < to {
		if f := pg.f[first]; f.name != "" && cur.name != "" {
			if namesMatch(f.name, cur.name) {
				score += wSame
				why += " same-speaker"
			} else if lexicon.SurnameLed(f.name) {
				// Another person, if the name is a name: 本人体会， is no
				// one introducing themself.
				score += wSpeaker
				why += " speaker " + cur.name + "→" + f.name
			}
		}
		// The costlier evidence is read only when it can decide.
		if score < cutScore && score+wRepeat+wGenre >= cutScore && pg.repeats(cur, first, to) {
			score += wRepeat
			why += " repeat"
		}
		if score < cutScore && score+wGenre >= cutScore && pg.genreChanges(cur, first, to) {
			score += wGenre
			why += " genre"
		}
	}
	if pg.trace != nil {
		pg.trace(i, score, why)
	}
	return score >= cutScore
}

// openingScore weighs what opens at line i, and returns the line where the
// new document's body would begin (after its title, byline, salutation),
// or -1 when i is no candidate.
func (pg *page) openingScore(cur *doc, i, to int) (float64, int) {
	f := pg.f[i]
	prev := pg.f[cur.last]
	switch {
	case f.heading:
		return 0, -1
	case f.titleLike || f.byline && f.closing < wSigned:
		// A document's head: its title (perhaps over two lines), with a
		// byline, an author's name or a date under it; or a speech's date
		// line in brackets above its salutation.
		if (prev.titleLike || prev.byline) && prev.closing < wSigned {
			return 0, -1 // the line above began this head
		}
		title, bylines, titles := 0.0, 0, 0
		j := i
	head:
		for j < to {
			g := pg.f[j]
			switch {
			case g.titleLike && !g.byline && titles < 2 && !(j > i && g.runes <= 8 && isName(pg.lines[j])):
				title = max(title, titleWeight(g))
				titles++
			case (g.byline || j > i && g.runes <= 8 && isName(pg.lines[j])) && bylines < headLines:
				bylines++
			default:
				break head
			}
			j = pg.next(j, to)
		}
		if j >= to {
			return 0, -1 // a head with nothing under it
		}
		score := title
		if bylines > 0 {
			score += wByline
		}
		b := pg.f[j]
		switch {
		case b.titleLike:
			return 0, -1 // more title lines than a head has: a list, a table
		case b.salute:
			score += wSalute
			if titles == 0 {
				score += wBareSalute - wSalute
			}
			if k := pg.next(j, to); k < to && (pg.f[k].intro || pg.f[k].greet || pg.announces(k)) {
				score += wFollowUp / 2
			}
		case b.intro:
			score += wIntro
		case b.greet || pg.announces(j):
			score += wReportAs
		case pg.isBlurb(j):
			score += wBlurb
		}
		return score, j
	case (prev.titleLike || prev.byline) && prev.closing < wSigned:
		return 0, -1 // under a title: the title was the candidate
	case f.salute:
		score := wBareSalute
		if k := pg.next(i, to); k < to && (pg.f[k].intro || pg.f[k].greet || pg.announces(k)) {
			score += wFollowUp
		}
		return score, i
	case f.intro:
		score := wBareIntro
		if pg.announces(i) {
			score += wFollowUp / 2
		}
		return score, i
	case f.reportOpens:
		return wBareReport, i
	case f.question && !cur.asked:
		// An interview's first question. In a document that has asked or
		// chaired before (minutes: 主持人：…请张代表述职 … 主持人：下面请选民代表
		// 发言), it is the next turn of the same record.
		return wQuestion, i
	case f.closing >= wSigned || f.preamble && f.sentences <= 1:
		return 0, -1 // a closing or the site's line stays with the document before
	case (prev.closing > 0 || cur.blurb) && pg.isBlurb(i):
		return wBlurb, i
	case prev.closing > 0 && !f.enum && pg.repeatsOpening(i):
		return 0, i // the repeat is weighed below
	case prev.closing >= wSigned && !f.enum:
		// After a closed document (not a numbered section of it): the
		// voice, the speaker or a repeat may tell.
		return 0, i
	}
	return 0, -1
}

// titleWeight weighs a title line.
func titleWeight(f feat) float64 {
	switch {
	case f.docTitle:
		return wDocTitle
	case f.essayTitle:
		return wEssayTitle
	}
	return wTitleLike
}

// closingScore weighs how the current document has ended.
func (pg *page) closingScore(cur *doc) float64 {
	if cur.blurb {
		return wClosed
	}
	return pg.f[cur.last].closing
}

// next is the next non-blank line after i in the chunk, or to.
func (pg *page) next(i, to int) int {
	for j := i + 1; j < to; j++ {
		if pg.lines[j] != "" {
			return j
		}
	}
	return to
}

// docVoice is the voice of a document's first voiceLines lines, read when
// a candidate needs it (most lines of most files are never candidates),
// and whether a body speaks there (我代表…主席团: a work report).
func (pg *page) docVoice(d *doc) (voice, bool) {
	var v voice
	body := false
	for j, n := d.start, 0; j <= d.last && n < voiceLines; j++ {
		if pg.lines[j] != "" {
			v.add(pg.voiceOf(j))
			body = body || bodyOpens.MatchString(pg.lines[j])
			n++
		}
	}
	return v, body
}

// announces reports whether line i announces a report (现将…报告如下) or
// a body's report (我代表…主席团) anywhere in it, read once.
func (pg *page) announces(i int) bool {
	if pg.ann[i] == 0 {
		pg.ann[i] = 1
		if l := pg.lines[i]; reportAs.MatchString(l) || bodyOpens.MatchString(l) {
			pg.ann[i] = 2
		}
	}
	return pg.ann[i] == 2
}

// headBytes is the length in bytes of the first n characters of l.
func headBytes(l string, n int) int {
	for i := range l {
		if n == 0 {
			return i
		}
		n--
	}
	return len(l)
}

// genreChanges reports whether the lines from first on speak in another
// voice than the current document: a first-person report, then an essay's
// or a news item's voice with no one speaking of themself; a report, then a
// cadre's 廉洁自律; a cadre's report, then someone speaking as a deputy.
func (pg *page) genreChanges(cur *doc, first, to int) bool {
	var win voice
	for j, n := first, 0; j < to && n < winLines; j++ {
		if pg.lines[j] == "" {
			continue
		}
		if j > first && (pg.f[j].heading || pg.f[j].titleLike && (pg.f[j].docTitle || pg.f[j].essayTitle)) {
			break
		}
		win.add(pg.voiceOf(j))
		n++
	}
	cv, bodyVoice := pg.docVoice(cur)
	switch {
	case cv.first >= 2 && !bodyVoice && cv.cadre < 2 && win.first == 0 && win.essay+win.news+win.site >= 2:
		return true
	case cv.first >= 2 && !bodyVoice && cv.body == 0 && win.first == 0 && win.body >= 1:
		return true // a report, then a body's work report that lost its title
	case win.cadre >= 2 && cv.cadre == 0:
		return true
	case cv.cadre >= 2 && win.cadre == 0 && win.first >= 1:
		return true
	}
	return false
}

// repeats reports whether the first paragraphs from first on repeat a
// paragraph of an earlier document of the page, or the opening paragraph
// of the current one: an edited re-post, with its title or without.
func (pg *page) repeats(cur *doc, first, to int) bool {
	if pg.repeat == nil {
		return false
	}
	for j, n, seen := first, 0, 0; j < to && n < 2 && seen < winLines; j++ {
		if pg.lines[j] == "" {
			continue
		}
		seen++
		if pg.f[j].runes < minRepeatLine {
			continue
		}
		n++
		if m, ok := pg.repeat.best(pg.lines[j], first); ok && (m < cur.start || pg.openers[m]) {
			return true
		}
	}
	return false
}

// repeatsOpening reports whether line i repeats the opening paragraph of
// the current document or of an earlier one: a re-post that may have lost
// its title.
func (pg *page) repeatsOpening(i int) bool {
	if pg.repeat == nil || pg.f[i].runes < minRepeatLine {
		return false
	}
	m, ok := pg.repeat.best(pg.lines[i], i)
	return ok && pg.openers[m]
}

// namesMatch reports whether two names given for a speaker are the same
// person: equal, or one the other with a placeholder (王某某, 王**).
func namesMatch(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	return ra[0] == rb[0] && (strings.Contains(a, "某") || strings.Contains(b, "某"))
}
