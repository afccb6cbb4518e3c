package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// residueWords are phrases of template websites (范文网) that a deputy's own
// report never contains: the site's navigation, its voice to the reader and
// its promotion. Phrases a deputy might write too are left out: 仅供参考 and
// 供大家参考 (以上意见仅供参考), 希望对大家有所帮助 (a speech to colleagues).
var residueWords = []string{
	"小编", "范文", "更多范文请访问", "猜您感兴趣", "猜你感兴趣", "猜你喜欢", "猜您喜欢", "相关推荐", "相关文章", "推荐阅读",
	"热门文章", "热门推荐", "欢迎阅读与收藏", "欢迎阅读", "欢迎收藏", "供您参考",
	"希望对你有所帮助", "希望对您有所帮助", "本文由", "本文来源", "文章来源", "版权归原作者", "免费下载",
	"下载word", "Word版下载", "点击下载", "点击查看", "精选", "大全", "优秀范本", "通用模板", "模板下载",
}

// residueByRune indexes residueWords by first character, longest first.
var residueByRune = func() map[rune][]string {
	m := map[rune][]string{}
	for _, w := range residueWords {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	for _, ws := range m {
		sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) })
	}
	return m
}()

// residueLead marks the first two bytes of each residue word, looked at
// before residueByRune (a map look-up per character is slow).
var residueLead = func() *[1 << 16]bool {
	var t [1 << 16]bool
	for _, w := range residueWords {
		if len(w) == 1 {
			for b := range 256 {
				t[uint16(w[0])<<8|uint16(b)] = true
			}
			continue
		}
		t[leadPair(w, 0)] = true
	}
	return &t
}()

// leadPair is the two bytes of s from i (the second 0 at the end).
func leadPair(s string, i int) uint16 {
	k := uint16(s[i]) << 8
	if i+1 < len(s) {
		k |= uint16(s[i+1])
	}
	return k
}

// residueRule is residue whose wording varies (data/patterns.tsv).
type residueRule struct {
	*rule
	titleOnly bool // counts only in a title line
	idiomSafe bool // not inside an idiom such as 千篇一律
}

// residueRules match 以下是…整理的, 篇一…篇八 headings, (精选10篇).
var residueRules = []residueRule{
	{rule: patterns.get("site_voice")},
	{rule: patterns.get("piece_heading"), titleOnly: true, idiomSafe: true},
	{rule: patterns.get("collection_label")},
	{rule: patterns.get("collection_title"), titleOnly: true},
}

// findResidue finds template-site residue. Overlapping and touching
// matches are merged: 范文（精选4篇） is one phrase of the site, one row.
func findResidue(d *doc) []corpus.Span {
	var spans []span
	// One pass over the text, trying only the words that start with the
	// character at hand.
	for i := 0; i < len(d.text); {
		if !residueLead[leadPair(d.text, i)] {
			i += runeLen(d.text, i)
			continue
		}
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
		r.each(d, len(d.text), func(m []int) bool {
			s := span{m[0], m[1]}
			if r.titleOnly && !titleLine(lineAround(d.text, s.start)) {
				return true // 篇N headings and 范文N篇 titles are title lines
			}
			if r.idiomSafe && inIdiom(d.text, s) {
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
	case "相关文章", "推荐阅读", "热门文章", "相关推荐":
		return len([]rune(lineAround(text, s.start))) <= 20
	}
	return true
}

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
