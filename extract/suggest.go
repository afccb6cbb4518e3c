package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

var (
	suggestionLex = lexicon("suggestions.txt")
	// suggestionWords name what a deputy submits, longest first.
	suggestionWords = suggestionLex.words("words")
	// fillers may stand between a suggestion word and its count.
	suggestionFillers = suggestionLex.words("fillers")
	// submitVerbs show the deputy submitting; collectVerbs show opinions
	// being gathered or handled, which are not the deputy's own
	// suggestions.
	submitVerbs  = suggestionLex.words("submit_verbs")
	collectVerbs = suggestionLex.words("collect_verbs")
	// bodyWords make a count a body's, not the deputy's.
	bodyWords      = suggestionLex.words("body_words")
	recipientMarks = suggestionLex.words("recipient_marks")
	secondedWords  = suggestionLex.words("seconded")
	reportVerbs    = suggestionLex.words("report_verbs")
	weMarks        = suggestionLex.chars("we_marks")
	togetherMarks  = suggestionLex.chars("together_marks")
	totalWords     = suggestionLex.words("total_words")
	phaseWords     = suggestionLex.words("phase_words")
	listJoiners    = suggestionLex.words("list_joiners")
	// suggestionGate finds, through the literal index, the sentences
	// naming suggestions.
	suggestionGate = newGated(regexp.MustCompile(`建议|议案|意见`), suggestionWords)
)

// findSuggestions finds the statements of how many suggestions were
// submitted, the suggestions listed one by one, and the deputy's total.
func findSuggestions(d *doc, kind corpus.Kind) corpus.Suggestions {
	var sg corpus.Suggestions
	for _, sent := range d.sentences {
		if !suggestionGate.inSpan(d, sent) {
			continue
		}
		for _, st := range sentenceSuggestions(d, sent) {
			if kind != corpus.KindDutyReport {
				st.Own = false
			}
			sg.Statements = append(sg.Statements, st)
		}
	}
	markBreakdowns(d, sg.Statements)
	if kind == corpus.KindDutyReport {
		// Another body's report or an essay may name a deputy's 《关于…的
		// 建议》, but lists no suggestions of its own.
		sg.Listed = findListed(d, sg.Statements)
	}
	sg.Total, sg.Approx, sg.Placeholder, sg.TotalReview = suggestionTotal(d, sg.Statements)
	return sg
}

// sentenceSuggestions finds the counted suggestion statements of one
// sentence.
func sentenceSuggestions(d *doc, sent span) []corpus.SuggestionStatement {
	var out []corpus.SuggestionStatement
	counts := findCounts(d.text, sent.start, sent.end, suggestionUnits)
	body, bodyDone := "", false // a body the sentence names, found once
	prevOwn := -1               // where the sentence's last own count (not a part) ends
	prevValue, partsSum := 0, 0 // its value, and the sum of its parts so far
	prevKind := ""              // its word: a part of 议案、建议5件 is of 议案 or 建议
	for i, c := range counts {
		kindWord, ok := suggestionKeyword(d, sent, c)
		if !ok {
			// 其中市人代会4件、区人代会3件: parts named without the word.
			if prevOwn >= 0 && !c.placeholder && containsAny(d.text[prevOwn:c.start], subsetWords) {
				partsSum += c.value
			}
			continue
		}
		clauseStart := clauseStartBefore(d.text, sent.start, c.start)
		clauseLead := d.text[clauseStart:c.start]
		// The deputy's own when a submitting verb governs the count (提出,
		// 提交…), no collecting verb comes after it (收集意见建议30条, 选定重点
		// 建议5件), and no body is the subject (全镇代表共提出…).
		// The verb must be near: in the count's clause or the one before it
		// ("我提出建议两条，…，两条建议镇里都办了" states two once).
		near := clauseStart
		if near > sent.start {
			near = clauseStartBefore(d.text, sent.start, near-1)
		}
		// 一条是核桃收购压价: an item of a list, counted one by one.
		if strings.HasPrefix(d.text[c.end:], "是") {
			continue
		}
		submit, _ := lastIndexAny(d.text[near:c.start], submitVerbs)
		collect, _ := lastIndexAny(clauseLead, collectVerbs)
		if submit >= 0 {
			submit += near
		}
		if collect >= 0 {
			collect += clauseStart
		}
		if submit < 0 && collect < 0 {
			submit = reportedOn(d.text, near, c.start)
		}
		// 我和代表团的三十二位代表联名提出议案一件: the deputies named with
		// 联名 are co-signers, not the subject.
		joint := false
		if k := strings.LastIndex(d.text[near:c.start], "联名"); k >= 0 {
			lead := d.text[near : near+k]
			// 我和…代表联名, 与本代表团…代表联名: co-signers with the deputy.
			joint = containsAny(lead, deputySelf) || containsAny(lead, togetherWords)
		}
		// Seconding counts against the verb's own clause: 附议建议4件；闭会期间
		// 提出意见建议2条 states 2 of the deputy's own.
		// The verb lies in the count's clause or in the one before (which
		// starts at near): no scan needed.
		seconded := near
		if submit >= clauseStart {
			seconded = clauseStart
		}
		ownCount := submit >= 0 && collect < submit && (joint || !bodySubject(d.text, sent.start, submit, c.start)) &&
			!handledReference(d.text, sent, submit, c) && !containsAny(d.text[seconded:c.start], secondedWords) &&
			!restated(d.text, submit, c) && !passiveAfter(d.text, c.end)
		// 共提出议案、建议5件，其中：领衔提出议案1件…；提出建议4件: the counts
		// after the 其中 of a count the sentence stated are parts of it while
		// they add up to no more than it (…其中市人代会4件、区人代会3件；闭会
		// 期间提交意见建议2条 goes beyond 7: a count of its own).
		part := ownCount && (subsetStatement(d.text, clauseStart, c.start) ||
			prevOwn >= 0 && !c.placeholder && partsSum+c.value <= prevValue && strings.Contains(prevKind, wordBefore(d.text[clauseStart:c.start], kindWord)) &&
				containsAny(d.text[prevOwn:c.start], subsetWords) && !containsAny(d.text[clauseStart:c.start], againWords))
		switch {
		case part && !c.placeholder:
			partsSum += c.value
		case ownCount && !part:
			prevOwn, prevValue, prevKind, partsSum = c.end, c.value, kindWord, 0
		}
		own := ownCount && !part
		ev := countEvidence(d.text, sent, counts, i)
		st := corpus.SuggestionStatement{
			Text:        d.str(ev),
			Kind:        kindWord,
			Approx:      c.approx,
			Placeholder: c.placeholder,
			Own:         own,
			Part:        part,
			Start:       ev.start,
			End:         ev.end,
		}
		if !c.placeholder {
			v := c.value
			st.Count = &v
		}
		if own {
			if !bodyDone {
				body, bodyDone = bodyMention(d.text, sent), true
			}
			st.Review = statementDoubt(d, sent, c, near < clauseStart && submit < clauseStart, body)
		}
		out = append(out, st)
	}
	return out
}

// markBreakdowns turns into parts the statements that only break down or
// recap a count already stated: the counts right after a stated total (共提交
// 建议8件 … 大会期间提交建议5件 … 闭会期间提交建议3件) that add up to it, and
// a closing recap (以上，一年来共提出…9件) of the counts stated before it.
func markBreakdowns(d *doc, sts []corpus.SuggestionStatement) {
	var own []int
	for i, st := range sts {
		if st.Own && st.Count != nil {
			own = append(own, i)
		}
	}
	toPart := func(i int) {
		sts[i].Own, sts[i].Part, sts[i].Review = false, true, nil
	}
	for k := 0; k < len(own); k++ {
		t := sts[own[k]]
		sent := d.sentenceAt(t.Start)
		if !containsAny(t.Text, totalWords) || containsAny(t.Text, termWords) && !containsAny(t.Text, countYearWords) {
			continue
		}
		// A recap of what came before: the sum of the counts before it.
		if k >= 2 && hasAnyPrefix(strings.TrimLeft(d.text[sent.start:t.Start], " 　"), recapWords...) {
			sum := 0
			for _, j := range own[:k] {
				sum += *sts[j].Count
			}
			if sum == *t.Count {
				toPart(own[k])
				continue
			}
		}
		// A breakdown after it, in other sentences, none said to be another
		// (又, 另, 还).
		sum, n := 0, 0
		for _, j := range own[k+1:] {
			st := sts[j]
			if d.sentenceAt(st.Start) == sent || containsAny(st.Text, againWords) || containsAny(st.Text, totalWords) {
				break
			}
			sum += *st.Count
			n++
			if sum >= *t.Count {
				break
			}
		}
		if n >= 2 && sum == *t.Count && !t.Approx {
			for _, j := range own[k+1 : k+1+n] {
				toPart(j)
			}
			k += n
		}
	}
}

// wordBefore is the suggestion word named last in lead (联名提出议案1件，即
// 《…》: 议案), else word.
func wordBefore(lead, word string) string {
	if _, w := lastIndexAny(lead, suggestionWords); w != "" {
		return w
	}
	return word
}

// countYearWords say that a count is the year's: 本年度累计….
var countYearWords = suggestionLex.words("year_words")

// recapWords open a closing sentence that sums up what the report said.
var recapWords = suggestionLex.words("recap_words")

// reportedOn returns where a verb of passing opinions on governs a count
// in text[from:to] (向区人大常委会反映意见建议4条), -1 when none does: 反映的
// modifies what others reported.
func reportedOn(text string, from, to int) int {
	k, w := lastIndexAny(text[from:to], reportVerbs)
	if k < 0 || strings.HasPrefix(text[from+k+len(w):], "的") {
		return -1
	}
	return from + k
}

// subsetStatement reports whether a count's clause opens with 其中 or 包括:
// a part of a count already stated (其中关于城市管理的建议**件), which is no
// statement of the deputy's count of its own.
func subsetStatement(text string, clauseStart, count int) bool {
	return hasAnyPrefix(strings.TrimLeft(text[clauseStart:count], " 　"), subsetWords...)
}

// restated reports whether a count names suggestions counted before by
// the verb and 的 right before it: 领衔的两件议案是…, 提出的3件建议.
func restated(text string, submit int, c count) bool {
	if submit < 0 {
		return false
	}
	lead := text[submit:c.start]
	k, w := indexAny(lead, submitVerbs)
	return k == 0 && lead[len(w):] == "的"
}

// maxModifier is how many characters may stand between a count and the
// suggestion word after it: 4件重点建议.
const maxModifier = 4

// suggestionKeyword finds the suggestion word a count belongs to: right
// after it ("6条议案、建议", "3个建议案") or right before it ("意见建议9条",
// "建议共十四件").
func suggestionKeyword(d *doc, sent span, c count) (string, bool) {
	after := d.text[c.end:sent.end]
	after = strings.TrimPrefix(after, "的")
	// A short modifier may stand between: 4件重点建议, 3条代表建议.
	for skip := 0; skip <= maxModifier; skip++ {
		for _, w := range suggestionWords {
			if strings.HasPrefix(after, w) {
				return w, true
			}
		}
		r := runeAt(after, 0)
		if !isHan(r) || r == '的' && skip > 0 {
			break
		}
		after = after[runeLen(after, 0):]
	}
	// 又提了一件关于茶叶冷库的建议: the topic between the count and its word.
	if m := countTopicRe.FindStringSubmatchIndex(d.text[c.end:sent.end]); m != nil {
		return d.text[c.end+m[2] : c.end+m[3]], true
	}
	// 联名提了一件，是《关于修通…公路的建议》: the count's title says what
	// it counts.
	for _, lead := range titleLeads {
		if rest, ok := strings.CutPrefix(d.text[c.end:sent.end], lead); ok {
			if m := titledSuggestionRe.re.FindStringIndex(rest); m != nil && m[0] == 0 {
				return "建议", true
			}
		}
	}
	before := d.text[sent.start:c.start]
	// A table row: the count in the cell after the one naming the
	// suggestions (提出建议 | 4件, 领衔提出建议│1件); fillers and a time
	// after a colon (我提的建议：今年共3件); leader dots in notes (提出建议
	// ………… 3件).
	for {
		b := strings.TrimRight(before, tableSeparators+"：:"+leaderDots)
		for _, filler := range suggestionFillers {
			b = strings.TrimSuffix(b, filler)
		}
		for _, w := range timeLeads {
			b = strings.TrimSuffix(b, w)
		}
		if b == before {
			break
		}
		before = b
	}
	for _, w := range suggestionWords {
		if strings.HasSuffix(before, w) {
			return w, true
		}
	}
	return "", false
}

// leaderDots lead the eye from an item of notes to its count: 视察 …… 2次.
const leaderDots = "…⋯ "

// countTopicRe is a topic right after a count, up to the suggestion word
// that ends it: 一件关于茶叶冷库的建议.
var countTopicRe = regexp.MustCompile(`^关于[^。；，,：:\n《》]{2,30}?的(建议|议案|意见建议)`)

// titleLeads stand between a count and the title of the suggestion it
// counts: 一件，是《…的建议》.
var titleLeads = []string{"，是", "，即", "，就是", "：", "，为"}

// maxClause bounds how far back a clause is looked for: an endless run of
// text without punctuation must not make extraction quadratic.
const maxClause = 300

// clauseStartBefore returns the start of the clause holding byte i (at
// most maxClause bytes back).
func clauseStartBefore(text string, from, i int) int {
	if lim := i - maxClause; lim > from {
		from = lim
		for from < i && !utf8.RuneStart(text[from]) {
			from++
		}
	}
	for j := i; j > from; {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if isClauseEnd(r) {
			return j
		}
		j -= size
	}
	return from
}

// suggestionTotal computes the deputy's own total from the statements. A
// placeholder in any of them makes it unknown. Statements listed together
// ("共提出议案2件、建议8件") form one group; a group after 其中/包括 is a
// part of what came before and is left out; figures for a whole term (任期内,
// 累计, 以来) give way to the year's when the report states both. A stated
// total (共…) wins; otherwise the groups are added, a number repeated in
// another sentence counting once unless the text says it is another (又,
// 另, 还) or names another phase (大会期间, 闭会期间).
func suggestionTotal(d *doc, sts []corpus.SuggestionStatement) (*int, bool, bool, *corpus.Doubt) {
	var own []corpus.SuggestionStatement
	for _, st := range sts {
		// A part (其中…) is not a statement of its own but is weighed
		// against the total it belongs to.
		if st.Kind != "" && (st.Own || st.Part) {
			own = append(own, st)
		}
	}
	if len(own) == 0 {
		return nil, false, false, nil
	}
	// A placeholder where a count belongs makes the total unknown: 提出建议3件
	// and 意见建议**条 do not make 3. Only a part of a stated total (共提出
	// 建议8件，其中…建议**件) leaves the total known.
	var known []corpus.SuggestionStatement
	placeholder, additive, partsOnly := false, false, true
	for _, st := range own {
		if !st.Placeholder {
			known = append(known, st)
			continue
		}
		placeholder = true
		partsOnly = partsOnly && st.Part
		sent := d.sentenceAt(st.Start)
		if !containsAny(d.text[sent.start:st.End], subsetWords) {
			additive = true
		}
	}
	if len(known) == 0 || additive {
		return nil, false, placeholder, nil
	}
	total, approx, dbt := knownTotal(d, known)
	// 全年提出建议5件，其中关于教育的建议**件: a part of a count the
	// sentence states leaves it known as a stated total does.
	if placeholder && !partsOnly && !statedTotal(d, known) {
		return nil, false, true, nil
	}
	if placeholder && dbt == nil {
		dbt = doubt(corpus.DoubtPlaceholderNearby, "总数%d的分项中有占位符，分项无法核对", *total)
	}
	return total, approx, placeholder, dbt
}

// statedTotal reports whether one of the statements states a total (共…).
func statedTotal(d *doc, sts []corpus.SuggestionStatement) bool {
	for _, g := range groupStatements(d, sts) {
		if g.total && !g.subset {
			return true
		}
	}
	return false
}

// knownTotal is the total of statements that all state a number, with the
// doubt it carries: a stated total its parts contradict, another total or
// a term's figure stated beside it, a sum of statements from several
// sentences, a number stated twice, or a doubtful statement it rests on.
func knownTotal(d *doc, own []corpus.SuggestionStatement) (*int, bool, *corpus.Doubt) {
	groups := groupStatements(d, own)
	var kept []statementGroup
	yearly := false
	for _, g := range groups {
		if !g.subset && !g.term {
			yearly = true
		}
	}
	for _, g := range groups {
		if g.subset || g.term && yearly {
			continue
		}
		kept = append(kept, g)
	}
	inherited := statementsDoubt(own)
	for i, g := range kept {
		if g.total {
			// A total of one phase (大会期间共提出建议7件) and the counts of
			// another (闭会期间提出意见建议5条) add up.
			v, approx := g.sum, g.approx
			for j, o := range kept {
				if j == i || o.total {
					continue
				}
				// 共提出建议9件，其中市人代会5件、区人代会4件；闭会期间提交
				// 意见建议3条: the total's own breakdown leaves the recess out.
				if g.phase != "" && o.phase != "" && o.phase != g.phase || o.again || recessPhase(o.phase) && breakdownWithoutRecess(d.text, g) {
					v += o.sum
					approx = approx || o.approx
				}
			}
			return &v, approx, firstDoubt(statedTotalDoubt(groups, kept, i), inherited, unusualTotal(v))
		}
	}
	sum, approx := 0, false
	var counted []statementGroup
	var dbt *corpus.Doubt
	for _, g := range kept {
		repeat := false
		for _, c := range counted {
			if c.sum == g.sum && c.sentence != g.sentence && c.phase == g.phase && !g.again {
				repeat = true
			}
		}
		if repeat {
			if dbt == nil {
				dbt = doubt(corpus.DoubtConflicting, "数字%d在不同句子中出现两次，按同一批建议只计一次", g.sum)
			}
			continue
		}
		counted = append(counted, g)
		sum += g.sum
		approx = approx || g.approx
	}
	if dbt == nil && len(counted) > 1 && counted[0].sentence != counted[len(counted)-1].sentence && !distinctPhases(counted) {
		dbt = doubt(corpus.DoubtWeakRule, "总数%d由%d处分散的陈述相加得出，未见“共……”的总数", sum, len(counted))
	}
	if dbt == nil && len(kept) < len(groups) && termDropped(groups, yearly) {
		dbt = doubt(corpus.DoubtWeakRule, "文中另有任期内的累计数，总数取了本年度的%d", sum)
	}
	return &sum, approx, firstDoubt(dbt, inherited, unusualTotal(sum))
}

// termDropped reports whether a term's figure was left out for the year's.
func termDropped(groups []statementGroup, yearly bool) bool {
	for _, g := range groups {
		if g.term && !g.subset && yearly {
			return true
		}
	}
	return false
}

// statementGroup is one or more counts stated together.
type statementGroup struct {
	end      int // where its last statement ends
	sum      int
	items    int // statements in the group
	approx   bool
	total    bool // 共, 合计…
	term     bool // a whole term: 任期内, 累计, 以来
	subset   bool // 其中, 包括: a part of a count already stated
	again    bool // 又, 另, 还: in addition to a count already stated
	phase    string
	sentence span
}

var (
	togetherWords = suggestionLex.words("together_words")
	recessWords   = suggestionLex.words("recess_words")
	termWords     = suggestionLex.words("term_words")
	subsetWords   = suggestionLex.words("subset_words")
	againWords    = suggestionLex.words("again_words")
)

// groupStatements joins statements listed with 、 into groups and reads
// each group's markers from its first statement's clause.
func groupStatements(d *doc, own []corpus.SuggestionStatement) []statementGroup {
	var groups []statementGroup
	for i, st := range own {
		sent := d.sentenceAt(st.Start)
		if i > 0 && sent == groups[len(groups)-1].sentence && listedAfter(d.text, own[i-1].End, st.Start) {
			g := &groups[len(groups)-1]
			g.end = st.End
			g.sum += *st.Count
			g.items++
			g.approx = g.approx || st.Approx
			continue
		}
		t := d.text[st.Start:st.End]
		groups = append(groups, statementGroup{
			end:      st.End,
			sum:      *st.Count,
			items:    1,
			approx:   st.Approx,
			total:    containsAny(t, totalWords),
			term:     containsAny(t, termWords),
			subset:   st.Part || containsAny(t, subsetWords),
			again:    containsAny(t, againWords),
			phase:    phaseOf(d.text[phaseFrom(d.text, sent.start, st.Start):st.End]),
			sentence: sent,
		})
	}
	return groups
}

// listedAfter reports whether the text between two statements is only the
// 、 or 和 that lists them together.
func listedAfter(text string, prevEnd, start int) bool {
	if prevEnd > start {
		return false
	}
	return containsString(listJoiners, strings.TrimSpace(text[prevEnd:start]))
}

// recipientWindow is how far before a body word a recipient mark (向, 给…)
// is looked for: six characters.
const recipientWindow = 18

// bodySubject reports whether a body is the subject of the submitting verb
// at byte verb: a body word in the verb's clause or the clause before it
// (全镇代表积极履职，共提出建议45件), unless the body is the recipient
// (向旗人大常委会提出意见建议9条).
func bodySubject(text string, sentStart, verb, count int) bool {
	cl := clauseStartBefore(text, sentStart, verb)
	if cl > sentStart {
		cl = clauseStartBefore(text, sentStart, cl-1)
	}
	part := text[cl:count]
	for _, w := range bodyWords {
		for i := 0; ; {
			k := strings.Index(part[i:], w)
			if k < 0 {
				break
			}
			at := i + k
			lead := part[max(0, at-recipientWindow):at]
			// The recipient (向旗人大常委会提出, 建议县人大常委会开展…), a body
			// named before the deputy becomes the subject (结合全县实际，我
			// 提出), or a body inside the deputy's own clause (我在县人大常委
			// 会组织的视察中提出).
			if !containsAny(lead, recipientMarks) && !containsAny(part[clauseStartBefore(part, 0, at):at], askWords) &&
				!containsAny(part[at:], deputySelf) && !deputyBefore(part, at) {
				return true
			}
			i = at + len(w)
		}
	}
	return false
}

// askWords before a body make it the one asked to act (建议县人大常委会
// 就…开展监督), not the one submitting.
var askWords = suggestionLex.words("ask_words")

// deputyBefore reports whether the deputy (我, 本人) is the subject of the
// clause holding a body word at byte at of part: named before it in the same
// clause, not as part of the body (我镇, 我们) and not together with it (我和
// 全镇代表).
func deputyBefore(part string, at int) bool {
	cl := clauseStartBefore(part, 0, at)
	lead := part[cl:at]
	for i := 0; i < len(lead); {
		k, w := indexAny(lead[i:], deputySelf)
		if k < 0 {
			return false
		}
		j := i + k + len(w)
		if w == "我" && strings.ContainsRune(weMarks, runeAt(lead, j)) {
			i = j
			continue
		}
		return !strings.ContainsAny(lead[j:], togetherMarks)
	}
	return false
}

// handleWords say what became of suggestions already counted.
var handleWords = suggestionLex.words("handle_words")

// handledReference reports whether a count names suggestions stated before
// to say how they were handled: 我提出的4件建议均已办结. The count follows
// the submitting verb and 的 and the clause goes on with their handling.
func handledReference(text string, sent span, submit int, c count) bool {
	if submit < 0 {
		return false
	}
	cl := clauseAround(text, sent, c.start, c.end)
	lead := text[submit:c.start]
	// 两件建议都得到了旗政府有关部门的答复: a clause opening with the count
	// (or 这/上述/以上 and the count) and going on with its handling.
	if opening := strings.TrimLeft(text[cl.start:c.start], " 　"); submit < cl.start && (opening == "" || containsString(referenceLeads, opening)) {
		return containsAny(text[c.end:cl.end], handleWords)
	}
	if !strings.HasSuffix(lead, "的") || utf8.RuneCountInString(lead) > maxModifier {
		return false
	}
	return containsAny(text[c.end:cl.end], handleWords)
}

// referenceLeads point back to counted suggestions: 这两件建议, 上述7件建议.
var referenceLeads = []string{"这", "上述", "以上", "前述", "所提", "所提的", "这些", "其中"}

// recessPhase reports whether a phase is the time between sessions.
func recessPhase(phase string) bool {
	return containsString(recessWords, phase)
}

// breakdownWithoutRecess reports whether a stated total is followed, in
// its sentence, by its parts (其中…) and none of them is of the recess: the
// total counts the sessions only.
func breakdownWithoutRecess(text string, g statementGroup) bool {
	end := g.sentence.end
	if k := strings.IndexAny(text[g.end:end], "；;"); k >= 0 {
		end = g.end + k
	}
	rest := text[g.end:end]
	return hasAnyPrefix(strings.TrimLeft(rest, "，, "), subsetWords...) && !containsAny(rest, recessWords)
}

// phaseWindow is how far before a statement the phase it belongs to is
// looked for (闭会期间，结合调研…，通过…提出意见建议5条): a hundred
// characters.
const phaseWindow = 300

// phaseFrom returns where to look for a statement's phase: the sentence,
// at most phaseWindow bytes before the statement.
func phaseFrom(text string, sentStart, start int) int {
	from := max(sentStart, start-phaseWindow)
	for from < start && !utf8.RuneStart(text[from]) {
		from++
	}
	return from
}

// phaseOf is the phase named last in s (the sentence up to a statement):
// 大会期间，本人共提出建议7件 is of 大会期间.
func phaseOf(s string) string {
	_, w := lastIndexAny(s, phaseWords)
	return w
}

var (
	titledSuggestionRe = patterns.get("titled_suggestion", "title", "topic")
	titledCellRe       = patterns.get("titled_cell")
	enumRe             = patterns.get("enum_item")
	topicRe            = patterns.get("suggestion_topic", "topic")
	listIntroRe        = patterns.get("list_intro")
	inlineListRe       = patterns.get("inline_list")
	// listWords: a line introducing a list of suggestions names them.
	listWords = []string{"建议", "议案", "领衔的", "提出的"}
)

// findListed finds suggestions listed one by one: titles in 《关于…的建议》
// and numbered items after a line introducing suggestions.
func findListed(d *doc, sts []corpus.SuggestionStatement) []corpus.ListedSuggestion {
	var out []corpus.ListedSuggestion
	titledSuggestionRe.each(d, len(d.text), func(m []int) bool {
		topic, _ := titledSuggestionRe.group(m, "topic")
		out = append(out, corpus.ListedSuggestion{
			Text: d.text[m[0]:m[1]], Topic: d.str(topic), Start: m[0], End: m[1],
		})
		return true
	})
	inList, style := false, ""
	for i := 0; i < len(d.text); {
		end := lineEnd(d.text, i)
		line := d.text[i:end]
		if strings.Contains(line, "关于") && hasTableSep(line) {
			// A table row: 1	关于支持…的建议	省发展改革委	已答复. A row
			// of a seconded suggestion (…│附议│已答复) is not the deputy's.
			cells := tableCells(d.text, span{i, end})
			seconded := false
			for _, c := range cells {
				seconded = seconded || containsAny(d.str(c), secondedWords)
			}
			for _, c := range cells {
				if t := d.str(c); !seconded && strings.HasPrefix(t, "关于") && titledCellRe.re.MatchString(t) {
					out = append(out, corpus.ListedSuggestion{Text: t, Topic: suggestionTopic(t), Start: c.start, End: c.end})
				}
			}
			i = end + 1
			continue
		}
		var loc []int
		if enumRe.re.MatchString(line) {
			loc = enumRe.re.FindStringIndex(line)
			// A numbered line of another style than the list's items
			// (（三） after 1. 2. 3.) is the next point of the outline.
			if st := enumStyle(line[loc[0]:loc[1]]); inList && style != "" && st != style {
				inList = false
			}
		}
		switch {
		case containsAny(line, listWords) && listIntroRe.re.MatchString(line) || ownStatementEnds(d, sts, i, end):
			// A line introducing suggestions, or stating how many the
			// deputy made (我提的建议：今年共3件), before numbered lines.
			inList, style = true, ""
		case loc != nil && (inList || titledCellRe.re.MatchString(d.str(trimPunct(d.text, span{i + loc[1], end})))):
			// An item of a list introduced as suggestions, or a numbered
			// line that is a suggestion's title itself (（1）关于…的建议；).
			item := trimPunct(d.text, span{i + loc[1], end})
			inList, style = true, enumStyle(line[loc[0]:loc[1]])
			if countLine(d, sts, item) || subHeadingRe.MatchString(d.str(item)) {
				// 2.建议4件，分别是：…, 1.大会期间提出的建议: a count or a
				// sub-heading over the items, not an item.
				style = ""
				break
			}
			if item.end > item.start {
				out = append(out, corpus.ListedSuggestion{
					Text: d.str(item), Topic: suggestionTopic(d.str(item)), Start: item.start, End: item.end,
				})
			}
		case strings.TrimSpace(line) == "":
		default:
			inList = false
		}
		i = end + 1
	}
	out = append(out, inlineListed(d)...)
	return dedupeListed(out)
}

// subHeadingRe is a numbered line naming the suggestions below it:
// 大会期间提出的建议, 闭会期间提交的意见建议.
var subHeadingRe = regexp.MustCompile(`^[^，。；《]{0,12}(?:提出|提交|递交|领衔|联名)的(?:意见建议|建议|议案)[：:]?$`)

// countedWordRe is a count of suggestions without a verb: 建议4件, 3件建议.
var countedWordRe = regexp.MustCompile(`(?:建议|议案|意见)(?:\d+|[一二三四五六七八九十两]+)[件条项]|(?:\d+|[一二三四五六七八九十两]+)[件条项](?:建议|议案)`)

// countLine reports whether a numbered line holds a count of suggestions
// or a title in 《》 (1.议案1件，即《…》): the titles or items it introduces
// are listed, not the line.
func countLine(d *doc, sts []corpus.SuggestionStatement, item span) bool {
	if strings.Contains(d.str(item), "《") || countedWordRe.MatchString(d.str(item)) {
		return true
	}
	for _, st := range sts {
		if st.Start >= item.start && st.Start < item.end {
			return true
		}
	}
	return false
}

// enumStyle names the kind of a numbered item's marker: 1. and 2、 are
// digits, （1） digits in brackets, （一） numerals in brackets, ① circled.
func enumStyle(marker string) string {
	m := strings.TrimSpace(marker)
	r := runeAt(m, 0)
	switch {
	case r == '（' || r == '(':
		if r2 := runeAt(m, runeLen(m, 0)); r2 >= '0' && r2 <= '9' {
			return "(1)"
		}
		return "(一)"
	case r >= '0' && r <= '9':
		return "1."
	}
	return "①"
}

// ownStatementEnds reports whether a short line [start, end) ends with one
// of the deputy's own statements (我提的建议：今年共3件): the numbered lines
// after it are the suggestions it counts.
func ownStatementEnds(d *doc, sts []corpus.SuggestionStatement, start, end int) bool {
	if utf8.RuneCountInString(d.text[start:end]) > titleRunes {
		return false
	}
	for _, st := range sts {
		if st.Own && st.Start >= start && st.End <= end && strings.Trim(d.text[st.End:end], " 　。：:") == "" {
			return true
		}
	}
	return false
}

// inlineListed finds suggestions listed inside a sentence after the
// statement of their number: 提出建议2件：一是建议…，二是建议…. The items
// are cut at their ordinals.
func inlineListed(d *doc) []corpus.ListedSuggestion {
	var out []corpus.ListedSuggestion
	inlineListRe.each(d, len(d.text), func(m []int) bool {
		sent := d.sentenceAt(m[0])
		rest := span{m[1], sent.end}
		ms := itemMarkerRe.re.FindAllStringIndex(d.str(rest), -1)
		if len(ms) < 2 || ms[0][0] != 0 {
			return true
		}
		for k, mk := range ms {
			e := rest.end
			if k+1 < len(ms) {
				e = rest.start + ms[k+1][0]
			}
			it := trimPunct(d.text, span{rest.start + mk[1], e})
			if it.end > it.start {
				out = append(out, corpus.ListedSuggestion{Text: d.str(it), Topic: suggestionTopic(d.str(it)), Start: it.start, End: it.end})
			}
		}
		return true
	})
	return out
}

// tableCells splits a line of cells separated by tabs or bars (│, |).
func tableCells(text string, line span) []span {
	var out []span
	start := line.start
	for i := line.start; i <= line.end; {
		size := 1
		if i < line.end {
			size = runeLen(text, i)
		}
		if i == line.end || text[i] == '\t' || text[i] == '|' || strings.HasPrefix(text[i:], "│") {
			if c := trimSpan(text, span{start, i}); c.end > c.start {
				out = append(out, c)
			}
			start = i + size
		}
		i += size
	}
	return out
}

// dedupeListed sorts the listed suggestions and drops those overlapping an
// earlier one (a numbered item holding a 《…》 title is listed once) and
// those listed again by the same words (a title named twice is one
// suggestion).
func dedupeListed(list []corpus.ListedSuggestion) []corpus.ListedSuggestion {
	sortListed(list)
	out := list[:0]
	end := -1
	seen := map[string]bool{}
	for _, l := range list {
		if l.Start < end || seen[l.Text] {
			continue
		}
		out = append(out, l)
		seen[l.Text] = true
		end = l.End
	}
	return out
}

// suggestionTopic shortens an item to its topic: "关于X的建议" → X, otherwise
// the first clause.
func suggestionTopic(item string) string {
	if m := topicRe.re.FindStringSubmatchIndex(item); m != nil {
		g, _ := topicRe.group(m, "topic")
		return item[g.start:g.end]
	}
	if k := strings.IndexAny(item, "，。；：,;:"); k > 0 {
		return item[:k]
	}
	return item
}

func sortListed(list []corpus.ListedSuggestion) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Start < list[j].Start })
}

// distinctPhases reports whether every group names its own phase
// (大会期间…, 闭会期间…): parts that add up by what they say.
func distinctPhases(groups []statementGroup) bool {
	seen := map[string]bool{}
	for _, g := range groups {
		if g.phase == "" || seen[g.phase] {
			return false
		}
		seen[g.phase] = true
	}
	return true
}

// passiveAfter reports whether the count ending at i is the subject of a
// passive (有一条建议被退回来重新写, 建议有两件被采纳): what became of
// suggestions already made, not a count of them.
func passiveAfter(text string, i int) bool {
	rest := text[i:]
	for _, w := range suggestionWords {
		if r, ok := strings.CutPrefix(rest, w); ok {
			rest = r
			break
		}
	}
	return strings.HasPrefix(rest, "被")
}
