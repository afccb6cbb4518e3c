package extract

import (
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

var (
	shortcomingLex = lexicon("shortcomings.txt")
	// shortcomingCues find a report admitting shortcomings.
	shortcomingCues = []*rule{
		patterns.get("shortcoming_cue"), patterns.get("shortcoming_cue_many"), patterns.get("shortcoming_cue_heading"),
		patterns.get("shortcoming_cue_counted"), patterns.get("shortcoming_cue_talk"), patterns.get("shortcoming_cue_summary"),
		patterns.get("shortcoming_cue_aspects"), shortcomingLabelRe,
	}
	// shortcomingLabelRe is a heading line alone over the items: 【存在问题】.
	shortcomingLabelRe = patterns.get("shortcoming_cue_label")
	// listIntroWords introduce the list of shortcomings.
	listIntroWords = shortcomingLex.words("list_intro")
	// leadIns end the words that announce a single shortcoming in its own
	// sentence: 我感到最大的不足是…, 要说不足，主要是….
	leadIns  = shortcomingLex.words("lead_ins")
	ownVoice = shortcomingLex.words("own_voice")
	// planWords start the plans that follow the shortcomings.
	planWords = shortcomingLex.words("plan_words")
	// specificWords describe a concrete deficiency (as opposed to a
	// general admission that there is a gap).
	specificWords = shortcomingLex.words("specific_words")
	// selfWords show that a sentence is about the report's own author.
	selfWords       = shortcomingLex.words("self_words")
	sectionWords    = shortcomingLex.words("section_words")
	notOwnCue       = shortcomingLex.words("not_own")
	existence       = shortcomingLex.words("existence")
	causes          = shortcomingLex.words("causes")
	tableHeaders    = shortcomingLex.words("table_headers")
	closingRequests = shortcomingLex.words("closing_requests")
	// ownAdmissionEndRe: …，是我最大的不足 names what comes before it.
	ownAdmissionEndRe = patterns.get("own_admission_end")
	// planTimeRe is the time a plan may open with: 2023年，我将….
	planTimeRe = patterns.get("plan_time")
	// itemMarkerRe finds the ordinals that number shortcomings: 一是 二是,
	// （一） 1.
	itemMarkerRe = patterns.get("shortcoming_marker")
	// genericAdmissionRe is an admission that names nothing: 还存在一些不足.
	genericAdmissionRe = patterns.get("generic_admission")
)

const (
	// maxListSentences is how many sentences after its cue a list of
	// shortcomings may run on.
	maxListSentences = 8
	// subjectlessCue is how near the start of its sentence a cue without a
	// subject ("但也存在…") must be for the sentence before to name it: three
	// characters.
	subjectlessCue = 9
	// maxSubjectBack is how many sentences of its paragraph before a
	// subjectless cue may name its subject.
	maxSubjectBack = 3
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
		m := shortcomingCue(d, sent)
		if m == nil || !selfAdmission(text, m) || containsAny(text, closingRequests) {
			continue
		}
		// About the author: a bare admission (还存在一些不足), a sentence
		// (or the one before) speaking of the author, or a section that
		// announces the shortcomings (四、存在的不足). Not "检测站普遍存在设备
		// 老化、人员不足的问题".
		// "不足是…", "要说不足，…": a duty report's own voice announcing its
		// shortcoming.
		about := genericAdmissionRe.re.MatchString(text[m[0]:m[1]]) || shortcomingLabelRe.re.MatchString(text) || containsAny(text, selfWords) || shortcomingSection(d, sent) ||
			kind == corpus.KindDutyReport && containsAny(text[m[0]:m[1]], ownVoice)
		if !about && idx > 0 && (m[0] <= subjectlessCue || parenthetical(text[:m[0]])) {
			// The subject left out ("但也存在…", "说心里话，还差得远"):
			// the sentence before names it, or one of the two before that
			// in the same paragraph (我…够不够多？办成的事够不够实？说心里话，还差得远).
			for k := idx - 1; k >= 0 && k >= idx-maxSubjectBack && !about; k-- {
				about = containsAny(d.str(d.sentences[k]), selfWords)
				if k > 0 && strings.Contains(d.text[d.sentences[k-1].end:d.sentences[k].start], "\n") {
					break
				}
			}
		}
		if !about {
			continue
		}
		// The list is looked for from the start of the cue: a cue that
		// reaches into the list ("回顾…，我的不足主要有两点：一是…还不够")
		// must not hide its intro.
		items, end, weak := shortcomingItems(d, idx, sent.start+m[0], sent.start+m[1])
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
			if question(d.str(sent)) {
				// 我常常问自己：…是不是太少了？ a musing, not a shortcoming stated.
			} else if ledIn || ownAdmissionEndRe.re.MatchString(d.str(s)) || containsAny(stripCue(d.str(s)), specificWords) {
				items = []span{s}
				weak = "不足取自单独一句话，未见列举，起止需确认"
			}
			end = sent.end
		}
		for _, it := range items {
			out = append(out, corpus.Shortcoming{Text: d.str(it), Start: it.start, End: it.end, Review: shortcomingDoubt(d, it, weak)})
		}
		consumed = end
	}
	return out
}

// shortcomingCue returns the leftmost cue in sentence sent (offsets in
// the sentence), nil when there is none.
func shortcomingCue(d *doc, sent span) []int {
	var best []int
	text := d.str(sent)
	for _, r := range shortcomingCues {
		if !r.inSpan(d, sent) {
			continue
		}
		if m := r.re.FindStringIndex(text); m != nil && (best == nil || m[0] < best[0]) {
			best = m
		}
	}
	return best
}

// shortcomingSection reports whether sent is the heading of, or lies under,
// a section about shortcomings.
func shortcomingSection(d *doc, sent span) bool {
	sec := d.sectionAt(sent.start)
	return sec.start > 0 && containsAny(d.str(sec.heading), sectionWords)
}

// selfAdmission rejects cue matches that are not about the report's author:
// 解决群众反映的问题, 缩小城乡差距.
func selfAdmission(text string, m []int) bool {
	cue := text[m[0]:m[1]]
	if headingOrdinal(cue, 0) > 0 || m[0] == 0 && m[1] == len(text) && shortcomingLabelRe.re.MatchString(text) {
		return true // 四、问题, 【存在问题】: a heading announcing them
	}
	if strings.HasSuffix(cue, "：") || strings.HasSuffix(cue, ":") {
		// 问题主要有三条：: a count of them announcing a list.
		return !containsAny(cue, notOwnCue)
	}
	// 问题和不足：… as a label (an office's report on one deputy) announces
	// them; elsewhere a problem is the deputy's only when it exists.
	labelled := strings.HasPrefix(text[m[1]:], "：") || strings.HasPrefix(text[m[1]:], ":")
	if strings.Contains(cue, "问题") && !containsAny(cue, existence) && !(labelled && strings.Contains(cue, "不足")) {
		return false
	}
	return !containsAny(cue, notOwnCue)
}

// bareAdmission reports whether an item only admits that there are
// shortcomings (回顾一年，我也清醒地看到自己存在的不足), the sentence that opens
// the list rather than an item of it.
func bareAdmission(t string) bool {
	return genericAdmissionRe.re.MatchString(t) && !containsAny(stripCue(t), specificWords)
}

// stripCue removes the generic admission ("还存在一些不足") so that a
// sentence saying only that is not taken for a concrete shortcoming.
func stripCue(s string) string {
	return genericAdmissionRe.re.ReplaceAllString(s, "")
}

// shortcomingItems reads the list that follows a cue ending at byte from in
// sentence idx: the rest of the sentence after a list intro (主要表现在：…),
// and the following sentences while they continue the list (一是…二是…,
// 主要表现在：…). It returns the items and where the list ended.
func shortcomingItems(d *doc, idx, from, cueEnd int) ([]span, int, string) {
	var region []span // the text holding the list
	listed := false   // a list intro or a colon opened the list: items may be split at commas
	sent := d.sentences[idx]
	rest := span{from, sent.end}
	// Find the start of the list in this sentence: after a lead-in that
	// ends the cue (最大的不足是A；再一个是B), after an intro word or a colon.
	if hasAnySuffix(d.text[from:cueEnd], leadIns...) && ordinalsIn(d.text[cueEnd:sent.end]) > 0 {
		region = append(region, span{cueEnd, sent.end})
	} else if p, intro := listStart(d.text, rest); p >= 0 {
		region = append(region, span{p, sent.end})
		listed = intro
	}
	end := sent.end
	// 还有两处做得不好：\n A\n B: a cue ending with a colon announces the
	// lines after it.
	colonList := hasAnySuffix(strings.TrimSpace(d.str(sent)), "：", ":")
	heading := headingOrdinal(d.text, sent.start) > 0 || shortcomingLabelRe.re.MatchString(d.str(sent))
	numbered := false
	for j := idx + 1; j < len(d.sentences) && j <= idx+maxListSentences; j++ {
		next := d.sentences[j]
		t := d.str(next)
		if planSentence(t) || nameSignRe.re.MatchString(t) || containsAny(t, closingRequests) {
			break
		}
		if tableHeader(t) {
			continue // 序号│内容 above the rows
		}
		if len(region) == 0 && question(t) {
			// 我也常问自己：…是不是做得够？ a musing before the list.
			end = next.end
			continue
		}
		if colonList && !numbered && lineStart(d.text, next.start) && headingOrdinal(d.text, next.start) == 0 && !startsWithMarker(t) {
			if listed, _ := listStart(d.text, next); listed < 0 {
				region = append(region, next)
				end = next.end
				continue
			}
		}
		if p, intro := listStart(d.text, next); p >= 0 && (len(region) == 0 || p == next.start) {
			region = append(region, span{p, next.end})
			listed = listed || intro && p > next.start
			end = next.end
			continue
		}
		if itemMarkerRe.re.MatchString(t) && startsWithMarker(t) || (len(region) > 0 || heading) && bulletLine(d.text, next.start) {
			// 一是…, ◆ …: the next item. Once items are numbered, a line
			// without a number ends a list announced by a colon.
			numbered = true
			region = append(region, next)
			end = next.end
			continue
		}
		if len(region) == 0 && heading {
			// A heading "三、存在的不足" followed by a paragraph; a question
			// the author asks themself there (…是不是做得够？) is none.
			if !question(t) {
				region = append(region, next)
			}
			end = next.end
			continue
		}
		break
	}
	var items []span
	weak := ""
	marked := map[int]bool{} // items that had an ordinal
	for _, r := range region {
		split, how := splitItems(d, r, listed, marked)
		if how != "" && weak == "" {
			weak = how
		}
		for _, it := range split {
			t := d.str(it)
			if k, _ := indexAny(t, planWords); k == 0 {
				return items, end, weak
			} else if k > 0 {
				it = trimPunct(d.text, span{it.start, it.start + k})
			}
			// 三是履职能力与期望还有差距: an item numbered as one is kept
			// even if it only admits a gap.
			if it.end > it.start && (marked[it.start] || !bareAdmission(d.str(it))) {
				items = append(items, it)
			}
		}
	}
	return items, end, weak
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
		// 主要是这一点：…: the list starts after the colon, one item.
		if c := strings.IndexAny(text[p:s.end], "：:"); c > 0 && c <= demonstrativeBytes {
			return p + c + runeLen(text, p+c), false
		}
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
	// 存在差距和不足，一方面，…；另一方面，…: numbered items inside the
	// sentence.
	if ms := itemMarkerRe.re.FindAllStringIndex(t, -1); len(ms) >= 2 {
		return s.start + ms[0][0], false
	}
	return -1, false
}

// leadInBytes is how far into an item a lead-in may stand: 最大的不足是.
const leadInBytes = 15

// ordinalsIn counts the ordinals that number items in t.
func ordinalsIn(t string) int {
	return len(itemMarkerRe.re.FindAllStringIndex(t, -1))
}

// demonstrativeBytes bounds the words between an intro word and its colon:
// 主要是这一点：, 表现在以下几个方面：.
const demonstrativeBytes = 24

// planSentence reports whether a sentence opens with a plan, after a time
// (明年我打算…, 2023年，我将…, 下一步…).
func planSentence(t string) bool {
	t = strings.TrimLeft(t, " 　")
	if m := planTimeRe.re.FindStringIndex(t); m != nil {
		t = t[m[1]:]
	}
	k, _ := indexAny(t, planWords)
	return k == 0
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
	return hasAnyPrefix(c, causes...)
}

func startsWithMarker(t string) bool {
	t = strings.TrimLeft(t, tableSeparators) // | 1 | …: a table row
	loc := itemMarkerRe.re.FindStringIndex(t)
	return loc != nil && loc[0] == 0
}

// tableHeader reports whether a line is the header row of a table
// (序号│内容): every cell one of the header words.
func tableHeader(t string) bool {
	if !hasTableSep(t) {
		return false
	}
	for _, c := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(tableSeparators, r) }) {
		if !containsString(tableHeaders, c) {
			return false
		}
	}
	return true
}

// trimCell shrinks s to exclude punctuation and the bars of a table row.
func trimCell(text string, s span) span {
	for {
		t := trimPunct(text, s)
		for t.start < t.end && strings.ContainsRune("│|", runeAt(text, t.start)) {
			t.start += runeLen(text, t.start)
		}
		for t.end > t.start && strings.ContainsRune("│|", runeBefore(text, t.end)) {
			t.end -= len(string(runeBefore(text, t.end)))
		}
		if t == s {
			return t
		}
		s = t
	}
}

// splitItems splits a list region into items: at ordinal markers (一是,
// 二是…) when present, else at ；, else, when a list intro opened it
// (主要表现在：A，B), at ，. A clause of cause (由于工作繁忙，…) stays with
// the clause it explains.
func splitItems(d *doc, r span, commas bool, marked map[int]bool) ([]span, string) {
	t := d.str(r)
	var cuts []int
	how := "" // why the split is doubtful
	if ms := itemMarkerRe.re.FindAllStringIndex(t, -1); len(ms) >= 1 && (len(ms) >= 2 || ms[0][0] == 0) {
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
		how = "不足按逗号拆分为多条，条目界限需确认"
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
		how = "不足取自一段未编号的文字，起止需确认"
	}
	var out []span
	for i, c := range cuts {
		e := len(t)
		if i+1 < len(cuts) {
			e = cuts[i+1]
		}
		s := span{r.start + c, r.start + e}
		s = trimCell(d.text, s)
		// Drop the marker itself, and a lead-in (说到不足，…).
		hadMarker := false
		if loc := itemMarkerRe.re.FindStringIndex(d.str(s)); loc != nil && loc[0] == 0 {
			s.start += loc[1]
			s = trimCell(d.text, s)
			hadMarker = true
		}
		for _, w := range leadIns {
			// 说到不足，…; 最大的不足是…: the lead-in opening an item.
			if k := strings.Index(d.str(s), w); k == 0 || k > 0 && k <= leadInBytes && !strings.HasSuffix(w, "，") {
				s.start += k + len(w)
				s = trimCell(d.text, s)
			}
		}
		if hadMarker && marked != nil {
			marked[s.start] = true
		}
		if s.end > s.start {
			out = append(out, s)
		}
	}
	return out, how
}

// question reports whether a sentence asks rather than states: it ends with
// a question mark.
func question(t string) bool {
	return hasAnySuffix(strings.TrimSpace(t), "？", "?")
}

// bulletLine reports whether the sentence at i opens a line after a bullet
// mark (◆ 直播忙起来顾不上代表工作).
func bulletLine(text string, i int) bool {
	j := strings.TrimRight(text[:i], " \t　")
	r, size := utf8.DecodeLastRuneInString(j)
	return size > 0 && isBullet(r) && lineStart(text, len(j)-size)
}

// maxParenthetical is the longest lead, in characters, that only comments
// on what follows: 说心里话，, 坦白地讲，.
const maxParenthetical = 5

// parenthetical reports whether t is one short clause ending in a comma, a
// speaker's comment before the sentence proper (说心里话，), which gives it no
// subject.
func parenthetical(t string) bool {
	c, ok := strings.CutSuffix(t, "，")
	return ok && c != "" && !strings.ContainsAny(c, "，,；") && utf8.RuneCountInString(c) <= maxParenthetical
}
