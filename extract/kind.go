package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// A kindCue is a piece of evidence for one kind of document, with a weight
// (data/kinds.tsv).
type kindCue struct {
	name   string
	kind   corpus.Kind
	weight int
	re     gated
	head   bool // only counts in the title or the first lines
	once   bool // counts at most once
}

const (
	// minKindScore is the score a kind needs: less evidence makes the
	// document other.
	minKindScore = 4
	// maxCueMatches bounds how often a cue that counts each match adds
	// its weight.
	maxCueMatches = 5
	// headLines and headBytes bound the head of a document, where head
	// cues count: the title line and the lines after it.
	headLines = 3
	headBytes = 600
	// A link list is at least linkListLines lines, nearly all titles: lines
	// of at most titleRunes characters without the punctuation of prose.
	linkListLines = 4
	titleRunes    = 40
)

var kindCues = mustKindCues("kinds.tsv")

func mustKindCues(file string) []kindCue {
	cues, err := parseKindCues(file, readData(file))
	if err != nil {
		panic(err)
	}
	return cues
}

// parseKindCues reads the kind cue table.
func parseKindCues(file, src string) ([]kindCue, error) {
	rows, err := parseTable(file, src, "name", "kind", "weight", "where", "count", "literals", "pattern")
	if err != nil {
		return nil, err
	}
	var out []kindCue
	seen := map[string]int{}
	for _, r := range rows {
		c := r.cols
		cue := kindCue{name: c[0], kind: corpus.Kind(c[1])}
		if n, dup := seen[cue.name]; dup {
			return nil, errorAt(file, r.n, "线索 %s 重复（第 %d 行已有）", cue.name, n)
		}
		seen[cue.name] = r.n
		if cue.kind != corpus.KindDutyReport && cue.kind != corpus.KindWorkReport && cue.kind != corpus.KindEssay {
			return nil, errorAt(file, r.n, "类型 %q 应为 duty_report、work_report 或 essay", c[1])
		}
		if cue.weight, err = strconv.Atoi(c[2]); err != nil || cue.weight < 1 || cue.weight > 9 {
			return nil, errorAt(file, r.n, "权重 %q 应为 1 到 9 的整数", c[2])
		}
		switch c[3] {
		case "head":
			cue.head = true
		case "text":
		default:
			return nil, errorAt(file, r.n, "位置 %q 应为 head（仅标题和开头几行）或 text（全文）", c[3])
		}
		switch c[4] {
		case "once":
			cue.once = true
		case "each":
		default:
			return nil, errorAt(file, r.n, "计数 %q 应为 once（只计一次）或 each（每处都计，至多 %d 处）", c[4], maxCueMatches)
		}
		lits, pat := c[5], c[6]
		if pat, err = expandLists(file, r.n, pat, true); err != nil {
			return nil, err
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, errorAt(file, r.n, "线索 %s 的正则表达式有误: %v", cue.name, err)
		}
		var words []string
		if lits != "-" {
			if lits, err = expandLists(file, r.n, lits, false); err != nil {
				return nil, err
			}
			words = strings.Fields(lits)
		}
		cue.re = newGated(re, words)
		out = append(out, cue)
	}
	return out, nil
}

// classify decides the kind of a document and returns the evidence of the
// strongest cue. A document with too little evidence for any kind is other.
func classify(d *doc) (corpus.Kind, []corpus.Span, *corpus.Doubt) {
	if looksLikeLinkList(d) {
		return corpus.KindOther, nil, nil
	}
	scores := map[corpus.Kind]int{}
	best := map[corpus.Kind]corpus.Span{}
	inBody := map[corpus.Kind]bool{} // a cue outside the title lines matched
	headEnd := headLength(d)
	for _, c := range kindCues {
		limit := len(d.text)
		if c.head {
			limit = headEnd
		}
		n := 0
		c.re.each(d, limit, func(m []int) bool {
			if m[1] > limit {
				return false
			}
			n++
			scores[c.kind] += c.weight
			inBody[c.kind] = inBody[c.kind] || !c.head
			if _, ok := best[c.kind]; !ok {
				best[c.kind] = d.evidence(span{m[0], m[1]})
			}
			return !c.once && n < maxCueMatches
		})
		if n == 0 && c.head && d.title != "" && c.re.re.MatchString(d.title) {
			scores[c.kind] += c.weight // the title given by the file (docx core, html <title>)
		}
	}
	kind, top := corpus.KindOther, 0
	for _, k := range []corpus.Kind{corpus.KindWorkReport, corpus.KindEssay, corpus.KindDutyReport} {
		if scores[k] > top {
			kind, top = k, scores[k]
		}
	}
	// Work-report cues are strong and listed first, so ties go to them: a
	// work report quotes deputies' duty, a duty report never speaks for the
	// presidium.
	// A title alone is not a document: a site's column page headed
	// 人大代表述职报告 holds no report unless its text says something only a
	// report says.
	if top < minKindScore || !inBody[kind] {
		return corpus.KindOther, nil, kindDoubt(corpus.KindOther, scores, top)
	}
	if ev, ok := best[kind]; ok {
		return kind, []corpus.Span{ev}, kindDoubt(kind, scores, top)
	}
	return kind, nil, kindDoubt(kind, scores, top)
}

const (
	// sureKindScore is the score from which a kind is certain: one strong
	// cue and another, or two strong ones.
	sureKindScore = 7
	// kindMargin is how far ahead of every other kind a kind must be.
	kindMargin = 3
)

// kindDoubt decides whether a kind is certain: its score is high enough and
// no other kind comes close.
func kindDoubt(kind corpus.Kind, scores map[corpus.Kind]int, top int) *corpus.Doubt {
	if kind == corpus.KindOther {
		if top >= minKindScore {
			return doubt(corpus.DoubtWeakRule, "只在标题中有%s的特征，正文未见，判为其他", bestKind(scores).Label())
		}
		if top > 0 {
			return doubt(corpus.DoubtWeakRule, "只有少量%s的特征，判为其他", bestKind(scores).Label())
		}
		return nil
	}
	for _, k := range corpus.Kinds {
		if k != kind && k != corpus.KindOther && scores[k] >= minKindScore && scores[k] > top-kindMargin {
			return doubt(corpus.DoubtConflicting, "文中也有%s的特征（得分%d比%d），类型需确认", k.Label(), scores[k], top)
		}
	}
	if top < sureKindScore {
		return doubt(corpus.DoubtWeakRule, "判为%s的依据较少（得分%d）", kind.Label(), top)
	}
	return nil
}

// bestKind is the kind with the highest score.
func bestKind(scores map[corpus.Kind]int) corpus.Kind {
	best, top := corpus.KindOther, 0
	for _, k := range []corpus.Kind{corpus.KindWorkReport, corpus.KindEssay, corpus.KindDutyReport} {
		if scores[k] > top {
			best, top = k, scores[k]
		}
	}
	return best
}

// headLength is the length of the title line and the first few lines of
// the document (at most 600 bytes), where a document says what it is.
func headLength(d *doc) int {
	n, end := 0, len(d.text)
	for i := 0; i < len(d.text); i++ {
		if d.text[i] == '\n' {
			n++
			if n == headLines {
				end = i
				break
			}
		}
	}
	return prefixEnd(d.text, min(end, headBytes))
}

// looksLikeLinkList recognises a list of article titles: at least four
// lines, and nearly all the text in short lines without the commas and full
// stops of prose or the cells of a table. A short report (title, salutation, one paragraph,
// signature, date) has most of its lines short but most of its text in the
// paragraph.
func looksLikeLinkList(d *doc) bool {
	lines := strings.Split(strings.TrimSpace(d.text), "\n")
	n, titles, all, inTitles := 0, 0, 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		n++
		all += len(l)
		// A table row (cells split by tabs or bars) is no title: a form
		// about one deputy is short lines too.
		// Nor is a line of notes whose count follows leader dots (视察 ……
		// 3次), nor the reporter's line under them (汇报人：…).
		if utf8.RuneCountInString(l) <= titleRunes && !strings.ContainsAny(l, "，。；,;") && !hasTableSep(l) && !leaderCount(l) && !reporterLine(l) {
			titles++
			inTitles += len(l)
		}
	}
	return n >= linkListLines && titles*10 >= n*8 && inTitles*10 >= all*8
}

// leaderCount reports whether a line ends in a count after leader dots:
// 参加视察 ………… 2次, 接待选民 …… 41人次.
func leaderCount(l string) bool {
	i := strings.LastIndex(l, "……")
	if i < 0 {
		return false
	}
	rest := strings.TrimSpace(strings.TrimLeft(l[i:], "…． ."))
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && (r >= '0' && r <= '9' || isChineseNumeral(r))
}

// reporterLine reports whether a line names who reports: 汇报人：…, 述职人：….
func reporterLine(l string) bool {
	for _, p := range []string{"汇报人", "述职人", "报告人"} {
		if rest, ok := strings.CutPrefix(l, p); ok {
			return strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":")
		}
	}
	return false
}
