package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
	shared "lvzhi/corpus/lexicon"
)

// Template-site residue is the site's own text (SPEC §4): its voice to the
// reader, its sources and download prompts, a collection's labels, the
// headings of its related-article lists and of its sections. The markers
// are the ones the reader and the splitter use, from corpus/lexicon
// (data/site.txt). The site's weaker phrases (lexicon category
// site.voice-weak: 仅供参考, 供大家参考, 希望对大家有所帮助) are left out:
// a deputy might write them too (以上意见仅供参考, a speech to colleagues).

// residueCategory maps each residue word to its lexicon category, which
// decides where the word counts (residueWordFits).
var residueCategory = func() map[string]string {
	m := map[string]string{}
	for _, c := range []string{"site.voice", "site.source", "site.download", "site.collection", "site.related", "site.related-heading"} {
		for _, w := range shared.Words(c) {
			m[w] = c
		}
	}
	return m
}()

// residueByRune indexes the residue words by first character, longest first.
var residueByRune = func() map[rune][]string {
	m := map[rune][]string{}
	for w := range residueCategory {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	for _, ws := range m {
		sort.Slice(ws, func(i, j int) bool {
			if len(ws[i]) != len(ws[j]) {
				return len(ws[i]) > len(ws[j])
			}
			return ws[i] < ws[j]
		})
	}
	return m
}()

// A residueRule is residue whose wording varies, with where it counts.
type residueRule struct {
	re      gated
	title   bool // only in a title line (篇N headings, 述职报告3篇)
	heading bool // only in a heading line (更多相关…)
	idiom   bool // not inside an idiom (千篇一律)
}

// residueRules match residue whose wording varies: 以下是…整理的, 篇一…篇八
// headings, (精选10篇), 述职报告3篇, related-list headings.
var residueRules = func() []residueRule {
	rules := []residueRule{
		// The site's own voice: 以下是小编为大家整理的… up to its 的
		// (data/patterns.tsv; the splitter's preamble rule takes the whole
		// line).
		{re: patterns.get("site_voice").gated},
		{re: gate(shared.Alternation("site.section"), "篇", "范文"), title: true, idiom: true},
		// (精选10篇), 范文2篇 in a title; not 发表文章2篇 in a sentence.
		{re: patterns.get("collection_label").gated},
		// Only at the end of a title line: 述职报告3篇, not 调研报告3篇 in prose.
		{re: patterns.get("collection_title").gated, title: true},
	}
	for _, e := range shared.Rules("site.related") {
		rules = append(rules, residueRule{re: gate(e.Re.String())})
	}
	for _, e := range shared.Rules("site.related-heading") {
		rules = append(rules, residueRule{re: gate(e.Re.String()), heading: true})
	}
	return rules
}()

// findResidue finds template-site residue. Overlapping and touching
// matches are merged: 范文（精选4篇） is one phrase of the site, one row.
func findResidue(d *doc) []corpus.Span {
	var spans []span
	// One pass over the text, trying only the words that start with the
	// character at hand.
	for i := 0; i < len(d.text); {
		r, size := utf8.DecodeRuneInString(d.text[i:])
		matched := false
		for _, w := range residueByRune[r] {
			if strings.HasPrefix(d.text[i:], w) {
				s := span{i, i + len(w)}
				if residueWordFits(d.text, w, s) {
					spans = append(spans, s)
				}
				i = s.end
				matched = true
				break
			}
		}
		if !matched {
			i += size
		}
	}
	for _, r := range residueRules {
		r.re.each(d, len(d.text), func(m []int) bool {
			s := span{m[0], m[1]}
			if r.title && !titleLine(lineAround(d.text, s.start)) {
				return true // 篇N headings and 范文N篇 titles are title lines
			}
			if r.heading && utf8.RuneCountInString(lineAround(d.text, s.start)) > maxHeadingLine {
				return true
			}
			if r.idiom && inIdiom(d.text, s) {
				return true
			}
			spans = append(spans, s)
			return true
		})
	}
	merged := mergeSpans(spans)
	out := make([]corpus.Span, 0, len(merged))
	for _, s := range merged {
		out = append(out, d.evidence(s))
	}
	return out
}

// idioms holding a 篇N form that is no heading: 千篇一律, 通篇一致.
var idioms = []string{"千篇一律", "通篇一"}

// inIdiom reports whether the span lies inside one of the idioms.
func inIdiom(text string, s span) bool {
	for _, w := range idioms {
		from := max(0, s.start-len(w))
		to := min(len(text), s.end+len(w))
		if j := strings.Index(text[from:to], w); j >= 0 && from+j <= s.start && from+j+len(w) >= s.end {
			return true
		}
	}
	return false
}

// residueWordFits filters words that also occur in ordinary text: 精选 in
// 精选种子, 大全 in 大全局, 范文 is always residue.
func residueWordFits(text, w string, s span) bool {
	switch w {
	case "范文":
		// 述职报告范文, 好范文网, a title line: the site's words. An essay
		// saying deputies copy 网上的范文 is not.
		line := lineAround(text, s.start)
		return len([]rune(line)) <= 40 || strings.HasPrefix(text[s.end:], "网") || strings.HasSuffix(text[:s.start], "报告")
	case "精选":
		// Only as the site's label of a collection in a title-like line:
		// 范文精选, 精选范文, 精选4篇. Not 精选种子, nor the site's prose
		// 下面是精选的4篇…, which is not a title.
		if len([]rune(lineAround(text, s.start))) > 40 {
			return false
		}
		after := strings.TrimLeft(text[s.end:], "0123456789")
		return strings.HasSuffix(text[:s.start], "范文") || strings.HasPrefix(text[s.end:], "范文") ||
			strings.HasPrefix(text[s.end:], "大全") || strings.HasPrefix(after, "篇")
	case "大全":
		// Only in a title-like line: the line is short and names the kind of
		// document (述职报告大全).
		line := lineAround(text, s.start)
		return len([]rune(line)) <= 40 && containsAny(line, []string{"报告", "篇", "范文", "发言", "总结"})
	}
	if residueCategory[w] == "site.related-heading" {
		return utf8.RuneCountInString(lineAround(text, s.start)) <= maxHeadingLine
	}
	return true
}

// maxHeadingLine is the longest line, in characters, that a related-list
// heading word (相关文章, 推荐阅读…) counts in: a heading, not prose.
const maxHeadingLine = 20

// titleLine reports whether a line looks like a title or heading: short,
// without the commas and full stops of prose.
func titleLine(line string) bool {
	return utf8.RuneCountInString(line) <= 40 && !strings.ContainsAny(line, "，。；")
}

// maxLineScan bounds how far lineAround looks for the ends of a line: the
// callers only ask whether a line is short (a title, a heading), and a
// scan over an endless line for every match would be quadratic.
const maxLineScan = 400

// lineAround returns the line holding byte i, trimmed; for a line longer
// than it can see (maxLineScan bytes each way) it returns that much of it,
// which is long enough to fail every "short line" test.
func lineAround(text string, i int) string {
	lo := max(0, i-maxLineScan)
	a := lo
	if k := strings.LastIndexByte(text[lo:i], '\n'); k >= 0 {
		a = lo + k + 1
	}
	hi := min(len(text), i+maxLineScan)
	b := hi
	if k := strings.IndexByte(text[i:hi], '\n'); k >= 0 {
		b = i + k
	}
	for a < b && !utf8.RuneStart(text[a]) {
		a++
	}
	for b > a && b < len(text) && !utf8.RuneStart(text[b]) {
		b--
	}
	return strings.TrimSpace(text[a:b])
}

// mergeSpans sorts spans and merges overlapping and touching ones.
func mergeSpans(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	sortSpans(spans)
	out := []span{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			if s.end > last.end {
				last.end = s.end
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

func sortSpans(spans []span) {
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
}

// gate compiles a residue pattern, run only where one of lits occurs.
func gate(pattern string, lits ...string) gated {
	return newGated(regexp.MustCompile(pattern), lits)
}
