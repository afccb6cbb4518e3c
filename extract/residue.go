package extract

import (
	"sort"
	"strings"

	"lvzhi/corpus"
)

// residueWords are phrases of template websites (范文网) that a deputy's own
// report never contains.
var residueWords = []string{
	"小编", "范文", "猜您感兴趣", "猜你感兴趣", "猜你喜欢", "猜您喜欢", "相关推荐", "相关文章", "推荐阅读",
	"热门文章", "热门推荐", "欢迎阅读", "欢迎收藏", "仅供参考", "供大家参考", "供您参考", "希望对大家有所帮助",
	"希望对你有所帮助", "希望对您有所帮助", "希望能帮助到", "本文由", "文章来源", "版权归原作者", "免费下载",
	"下载word", "Word版下载", "点击下载", "点击查看", "精选", "大全", "优秀范本", "通用模板", "模板下载",
}

// residueRes match residue whose wording varies: 以下是…整理的, 篇一…篇八
// headings, (精选10篇).
var residueRes = []gated{
	gate(`以下是[^。\n]{0,40}?(?:整理|收集|精心|分享|带来)[^。\n]{0,30}`, "以下是"),
	gate(`(?:篇|范文)[一二三四五六七八九十]{1,3}|第[一二三四五六七八九十]{1,3}篇`, "篇", "范文"),
	gate(`[（(]?(?:精选|通用|优选|热门)?\d{1,3}篇[)）]?`, "篇"),
}

// findResidue finds template-site residue. Overlapping matches are merged.
func findResidue(d *doc) []corpus.Span {
	var spans []span
	for _, w := range residueWords {
		for i := 0; ; {
			k := strings.Index(d.text[i:], w)
			if k < 0 {
				break
			}
			s := span{i + k, i + k + len(w)}
			if residueWordFits(d.text, w, s) {
				spans = append(spans, s)
			}
			i = s.end
		}
	}
	for i, g := range residueRes {
		g.each(d, len(d.text), func(m []int) bool {
			s := span{m[0], m[1]}
			if i == 1 && len([]rune(lineAround(d.text, s.start))) > 40 {
				return true // 篇N numbers only headings: short lines
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

// residueWordFits filters words that also occur in ordinary text: 精选 in
// 精选种子, 大全 in 大全局, 范文 is always residue.
func residueWordFits(text, w string, s span) bool {
	switch w {
	case "范文":
		// 述职报告范文, 好范文网, a title line: the site's words. An essay
		// saying deputies copy 网上的范文 is not.
		line := lineAround(text, s.start)
		return len([]rune(line)) <= 40 || strings.HasPrefix(text[s.end:], "网") || strings.HasSuffix(text[:s.start], "报告")
	case "精选", "大全":
		// Only in a title-like line: the line is short and names the kind of
		// document (精选10篇, 述职报告大全).
		line := lineAround(text, s.start)
		return len([]rune(line)) <= 40 && containsAny(line, []string{"报告", "篇", "范文", "发言", "总结"})
	case "相关文章", "推荐阅读", "热门文章", "相关推荐":
		return len([]rune(lineAround(text, s.start))) <= 20
	}
	return true
}

// lineAround returns the line holding byte i, trimmed.
func lineAround(text string, i int) string {
	a := strings.LastIndexByte(text[:i], '\n') + 1
	b := strings.IndexByte(text[i:], '\n')
	if b < 0 {
		b = len(text)
	} else {
		b += i
	}
	return strings.TrimSpace(text[a:b])
}

// mergeSpans sorts spans and merges overlapping ones.
func mergeSpans(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	sortSpans(spans)
	out := []span{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start < last.end {
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
