package extract

import (
	"regexp"
	"strings"

	"lvzhi/corpus"
)

var (
	// shortcomingCueRe finds a report admitting shortcomings.
	shortcomingCueRe = gate(`(?:存在|还有|仍有|也有|尚有|还存在|仍存在|也存在|有一定|有很大|有较大|还有一定)[^。；\n]{0,24}?(?:不足|差距|欠缺|缺点|短板|问题)|不足之处|存在的不足|存在不足|问题和不足|差距和不足|不足和差距|不足是|不足在于|(?:要说|说到|谈到|说起)(?:我的|自己的)?不足[，,]|(?:我|本人|自己|自身)的不足(?:之处)?(?:主要)?(?:是|有|在于|表现|[：:])|(?:不够|不到位|不足)的地方(?:主要)?(?:是|有|在于|表现|[：:])|回顾[^。\n]{0,12}[，,][^。\n]*?(?:我|本人|自己)[^。\n]*?(?:还不够|做得不够|有限|欠缺|有待)`,
		// Every alternative starts with one of these (问题 alone, common in
		// reports, never does).
		"存在", "还有", "仍有", "也有", "尚有", "有一定", "有很大", "有较大", "不足", "不够的地方", "不到位的地方", "回顾")
	// listIntroWords introduce the list of shortcomings.
	listIntroWords = []string{"主要表现在", "具体表现在", "主要表现为", "具体表现为", "表现在", "表现为", "主要有", "主要是", "比如", "例如", "如："}
	// leadIns end the words that announce a single shortcoming in its own
	// sentence: 我感到最大的不足是…, 要说不足，主要是….
	leadIns = []string{"不足是", "不足在于", "不足之处是", "差距是", "不足，主要是", "不足，就是"}
	// planWords start the plans that follow the shortcomings.
	planWords = []string{"今后", "下一步", "我将", "将进一步", "针对这些", "针对以上", "针对上述", "为此", "新的一年", "努力克服", "加以改进", "加以解决", "以上不足", "这些不足", "上述不足", "在今后", "在新的", "我们将", "认真总结"}
	// specificWords describe a concrete deficiency (as opposed to a general
	// admission that there is a gap).
	specificWords = []string{"不够", "欠缺", "较少", "偏少", "不多", "不强", "不高", "有待", "不到位", "不深入", "不广泛", "不及时", "不充分", "不全面", "不经常", "缺乏", "薄弱", "不足", "不大", "不到", "不细", "不新", "没有", "有限", "不住", "不准", "不熟", "生疏", "较弱", "较差", "不善于", "不会"}
	// selfWords show that a sentence is about the report's own author.
	selfWords = []string{"我", "本人", "自己", "自身", "履职", "代表工作", "主席团", "常委会的工作", "我们"}
	// itemMarkerRe finds the ordinals that number shortcomings: 一是 二是, （一） 1.
	itemMarkerRe = regexp.MustCompile(`(?:^|[，；。：\s])(?:[一二三四五六七八九十]是|其[一二三四五六七八九十][，、]|[（(][一二三四五六七八九十\d][)）]|\d[、.．]|[①②③④⑤⑥⑦⑧⑨]|(?:首先|其次|再次|最后|第[一二三四五六七八九十])[，、,])`)
)

// findShortcomings finds the shortcomings the report itself states, one row
// per distinct shortcoming, without the plans that follow them.
func findShortcomings(d *doc, kind corpus.Kind) []corpus.Shortcoming {
	if kind != corpus.KindDutyReport && kind != corpus.KindWorkReport {
		return nil // the problems an essay describes are not its author's
	}
	var out []corpus.Shortcoming
	consumed := 0
	for idx, sent := range d.sentences {
		if sent.start < consumed {
			continue
		}
		text := d.str(sent)
		if !shortcomingCueRe.in(text) {
			continue
		}
		m := shortcomingCueRe.re.FindStringIndex(text)
		if m == nil || !selfAdmission(text, m) {
			continue
		}
		// About the author: a bare admission (还存在一些不足), a sentence
		// (or the one before) speaking of the author, or a section that
		// announces the shortcomings (四、存在的不足). Not "检测站普遍存在设备
		// 老化、人员不足的问题".
		// "不足是…", "要说不足，…": a duty report's own voice announcing its
		// shortcoming.
		about := genericAdmissionRe.MatchString(text[m[0]:m[1]]) || containsAny(text, selfWords) || shortcomingSection(d, sent) ||
			kind == corpus.KindDutyReport && containsAny(text[m[0]:m[1]], []string{"不足是", "不足在于", "说不足", "说到不足", "谈到不足", "说起不足"})
		if !about && idx > 0 && m[0] <= 9 {
			// The subject left out ("但也存在…"): the sentence before names it.
			about = containsAny(d.str(d.sentences[idx-1]), selfWords)
		}
		if !about {
			continue
		}
		// The list is looked for from the start of the cue: a cue that
		// reaches into the list ("回顾…，我的不足主要有两点：一是…还不够")
		// must not hide its intro.
		items, end := shortcomingItems(d, idx, sent.start+m[0])
		if len(items) == 0 {
			// A single sentence: it states one shortcoming when it names a
			// concrete deficiency.
			clause := d.str(span{sent.start, sent.end})
			if k, _ := indexAny(clause, planWords); k >= 0 {
				clause = clause[:k]
			}
			s := trimPunct(d.text, span{sent.start, sent.start + len(clause)})
			// "我感到最大的不足是X", "不足是X": the shortcoming is X.
			ledIn := false
			if k, w := lastIndexAny(d.str(s), leadIns); k >= 0 {
				s = trimPunct(d.text, span{s.start + k + len(w), s.end})
				ledIn = s.end > s.start
			}
			if ledIn || containsAny(stripCue(d.str(s)), specificWords) {
				items = []span{s}
			}
			end = sent.end
		}
		for _, it := range items {
			out = append(out, corpus.Shortcoming{Text: d.str(it), Start: it.start, End: it.end})
		}
		consumed = end
	}
	return out
}

// shortcomingSection reports whether sent is the heading of, or lies under,
// a section about shortcomings.
func shortcomingSection(d *doc, sent span) bool {
	sec := d.sectionAt(sent.start)
	return sec.start > 0 && containsAny(d.str(sec.heading), []string{"不足", "差距", "问题", "努力方向"})
}

// selfAdmission rejects cue matches that are not about the report's author:
// 解决群众反映的问题, 缩小城乡差距.
func selfAdmission(text string, m []int) bool {
	cue := text[m[0]:m[1]]
	if strings.Contains(cue, "问题") && !containsAny(cue, []string{"存在", "还有", "仍有", "也有", "尚有"}) {
		return false
	}
	for _, w := range []string{"解决", "反映", "帮助", "协调", "群众的", "缩小"} {
		if strings.Contains(cue, w) {
			return false
		}
	}
	return true
}

// genericAdmissionRe is an admission that names nothing: 还存在一些不足,
// 还有很大差距.
var genericAdmissionRe = regexp.MustCompile(`(?:存在|还有|仍有|也有|尚有|还存在|仍存在|也存在)(?:着)?(?:一些|一定的?|很多|不少|许多|很大的?|较大的?|诸多|某些)?(?:的)?(?:不足|差距|问题|欠缺|缺点|短板)(?:[和与及](?:不足|差距|问题|欠缺|缺点|短板))?(?:之处)?|不足之处|存在的不足`)

// bareAdmission reports whether an item only admits that there are
// shortcomings (回顾一年，我也清醒地看到自己存在的不足), the sentence that opens
// the list rather than an item of it.
func bareAdmission(t string) bool {
	return genericAdmissionRe.MatchString(t) && !containsAny(stripCue(t), specificWords)
}

// stripCue removes the generic admission ("还存在一些不足") so that a
// sentence saying only that is not taken for a concrete shortcoming.
func stripCue(s string) string {
	return genericAdmissionRe.ReplaceAllString(s, "")
}

// shortcomingItems reads the list that follows a cue ending at byte from in
// sentence idx: the rest of the sentence after a list intro (主要表现在：…),
// and the following sentences while they continue the list (一是…二是…,
// 主要表现在：…). It returns the items and where the list ended.
func shortcomingItems(d *doc, idx, from int) ([]span, int) {
	var region []span // the text holding the list
	listed := false   // a list intro or a colon opened the list: items may be split at commas
	sent := d.sentences[idx]
	rest := span{from, sent.end}
	// Find the start of the list in this sentence: after an intro word or a
	// colon.
	if p, intro := listStart(d.text, rest); p >= 0 {
		region = append(region, span{p, sent.end})
		listed = intro
	}
	end := sent.end
	for j := idx + 1; j < len(d.sentences) && j <= idx+8; j++ {
		next := d.sentences[j]
		t := d.str(next)
		if k, _ := indexAny(t, planWords); k == 0 {
			break
		}
		if p, intro := listStart(d.text, next); p >= 0 && (len(region) == 0 || p == next.start) {
			region = append(region, span{p, next.end})
			listed = listed || intro && p > next.start
			end = next.end
			continue
		}
		if itemMarkerRe.MatchString(t) && startsWithMarker(t) {
			region = append(region, next)
			end = next.end
			continue
		}
		if len(region) == 0 && headingOrdinal(d.text, sent.start) > 0 {
			// A heading "三、存在的不足" followed by a paragraph.
			region = append(region, next)
			end = next.end
			continue
		}
		break
	}
	var items []span
	for _, r := range region {
		for _, it := range splitItems(d, r, listed) {
			t := d.str(it)
			if k, _ := indexAny(t, planWords); k == 0 {
				return items, end
			} else if k > 0 {
				it = trimPunct(d.text, span{it.start, it.start + k})
			}
			if it.end > it.start && !bareAdmission(d.str(it)) {
				items = append(items, it)
			}
		}
	}
	return items, end
}

// listStart returns where a list starts inside s: after an intro word
// (主要表现在：) or after a colon; -1 when there is none. intro reports an
// intro word, which announces several items even without ordinals: only
// then may the list be split at commas. After a bare colon (我的不足是：A，B)
// the commas join clauses of one shortcoming.
func listStart(text string, s span) (p int, intro bool) {
	t := text[s.start:s.end]
	if k, w := indexAny(t, listIntroWords); k >= 0 {
		p := s.start + k + len(w)
		for strings.HasPrefix(text[p:], "：") || strings.HasPrefix(text[p:], ":") || strings.HasPrefix(text[p:], "，") {
			p += runeLen(text, p)
		}
		return p, true
	}
	if k := strings.Index(t, "："); k >= 0 && k+len("：") < len(t) {
		return s.start + k + len("："), false
	}
	if startsWithMarker(t) {
		return s.start, false
	}
	return -1, false
}

// causal reports whether the clause ending t opens with 由于, 因为 or 因.
func causal(t string) bool {
	start := strings.LastIndex(t, "，") + 1
	if start == 0 {
		start = 0
	} else {
		start += len("，") - 1
	}
	c := t[start:]
	return strings.HasPrefix(c, "由于") || strings.HasPrefix(c, "因为") || strings.HasPrefix(c, "因")
}

func startsWithMarker(t string) bool {
	loc := itemMarkerRe.FindStringIndex(t)
	return loc != nil && loc[0] == 0
}

// splitItems splits a list region into items: at ordinal markers (一是,
// 二是…) when present, else at ；, else, when a list intro opened it
// (主要表现在：A，B), at ，. A clause of cause (由于工作繁忙，…) stays with
// the clause it explains.
func splitItems(d *doc, r span, commas bool) []span {
	t := d.str(r)
	var cuts []int
	if ms := itemMarkerRe.FindAllStringIndex(t, -1); len(ms) >= 1 && (len(ms) >= 2 || ms[0][0] == 0) {
		for _, m := range ms {
			cuts = append(cuts, m[0])
		}
	} else if strings.Contains(t, "；") {
		for i := 0; ; {
			k := strings.Index(t[i:], "；")
			if k < 0 {
				break
			}
			cuts = append(cuts, i+k)
			i += k + len("；")
		}
		cuts = append([]int{0}, cuts...)
	} else if commas {
		for i := 0; ; {
			k := strings.Index(t[i:], "，")
			if k < 0 {
				break
			}
			if !causal(t[:i+k]) {
				cuts = append(cuts, i+k)
			}
			i += k + len("，")
		}
		cuts = append([]int{0}, cuts...)
	} else {
		cuts = []int{0}
	}
	var out []span
	for i, c := range cuts {
		e := len(t)
		if i+1 < len(cuts) {
			e = cuts[i+1]
		}
		s := span{r.start + c, r.start + e}
		s = trimPunct(d.text, s)
		// Drop the marker itself.
		if loc := itemMarkerRe.FindStringIndex(d.str(s)); loc != nil && loc[0] == 0 {
			s.start += loc[1]
			s = trimPunct(d.text, s)
		}
		if s.end > s.start {
			out = append(out, s)
		}
	}
	return out
}
