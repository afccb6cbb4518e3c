package extract

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// trigger is a word that names an activity of one type.
type trigger struct {
	word string
	typ  corpus.ActivityType
}

var activityLex = lexicon("activities.txt")

// triggers, longest first so that 执法检查 wins over 检查 and 专题调研 over 调研;
// splitTriggers are the words split in two (值…班, 讲…政策).
var triggers, splitTriggers = splitOff(mustTriggers("activities.tsv"))

// splitTrigger is a word split by what it says: 值 (了六次) 班, 讲 (草原
// 生态补奖) 政策.
type splitTrigger struct {
	first, second string
	typ           corpus.ActivityType
}

// splitGap is how far apart the two parts of a split word may be, and how
// far the second may be from the count after it: six characters.
const splitGap = 18

func splitOff(all []trigger) ([]trigger, []splitTrigger) {
	var plain []trigger
	var split []splitTrigger
	for _, t := range all {
		if a, b, ok := strings.Cut(t.word, "…"); ok {
			split = append(split, splitTrigger{a, b, t.typ})
			continue
		}
		plain = append(plain, t)
	}
	return plain, split
}

func mustTriggers(file string) []trigger {
	t, err := parseTriggers(file, readData(file))
	if err != nil {
		panic(err)
	}
	return t
}

// parseTriggers reads the activity words and their types.
func parseTriggers(file, src string) ([]trigger, error) {
	rows, err := parseTable(file, src, "word", "type")
	if err != nil {
		return nil, err
	}
	var t []trigger
	seen := map[string]int{}
	for _, r := range rows {
		word, typ := r.cols[0], corpus.ActivityType(r.cols[1])
		if n, dup := seen[word]; dup {
			return nil, errorAt(file, r.n, "活动词 %s 重复（第 %d 行已有）", word, n)
		}
		seen[word] = r.n
		if !slices.Contains(corpus.ActivityTypes, typ) {
			return nil, errorAt(file, r.n, "活动类型 %q 不在类型表中（%s）", typ, activityTypeNames())
		}
		if a, b, ok := strings.Cut(word, "…"); ok && (a == "" || b == "" || strings.Contains(b, "…")) {
			return nil, errorAt(file, r.n, "拆开的活动词 %q 应为“前半…后半”，两半都不能为空", word)
		}
		t = append(t, trigger{word, typ})
	}
	sort.SliceStable(t, func(i, j int) bool { return len(t[i].word) > len(t[j].word) })
	return t, nil
}

var (
	// deputyCues in a clause keep its activity the deputy's.
	deputyCues = activityLex.words("deputy_cues")
	// dayJobHeadings mark sections about the deputy's day job.
	dayJobHeadings = activityLex.words("day_job_headings")
	disclaimers    = activityLex.words("disclaimers")
	otherSpeakers  = activityLex.words("other_speakers")
	// moreDayJobHeadings mark a section about the day job unless the
	// heading also names the deputy's work (deputyHeadings): 履行乡长职责、
	// 推动全乡发展, 立足嘎查工作，带领牧民致富, 本职抓落实.
	moreDayJobHeadings   = activityLex.words("day_job_heading_hints")
	deputyHeadings       = activityLex.words("deputy_headings")
	dayJobOrganisers     = activityLex.words("day_job_organisers")
	arrangedBy           = activityLex.words("arranged_by")
	organiseLeads        = activityLex.chars("organise_leads")
	organiseVerbs        = activityLex.words("organise_verbs")
	solveVerbs           = activityLex.words("solve_verbs")
	electionWords        = activityLex.words("election_words")
	otherRepresentatives = activityLex.words("other_representatives")
	timeLeads            = activityLex.words("time_leads")
	means                = activityLex.words("means")
	capacityRe           = patterns.get("capacity", "who")
	orgEventRe           = patterns.get("org_event")
	dateLeadRe           = patterns.get("date_lead")
	notAfterHelp         = activityLex.chars("not_after_help")
	notAfterTrigger      = activityLex.words("not_after_trigger")
	notBeforeTrigger     = activityLex.words("not_before_trigger")
	absence              = activityLex.words("absence")
	trainOthers          = activityLex.words("train_others")
	participateVerbs     = []string{"参加", "参与", "出席", "列席", "随同", "跟随"}
	plans                = activityLex.words("plans")
	planHeadings         = activityLex.words("plan_headings")
	workplaces           = activityLex.words("workplaces")
	// publicServiceStrong are the public-service words other than 帮,
	// which alone makes a weak rule.
	publicServiceStrong = []string{"帮扶", "帮助", "慰问", "捐", "资助", "实事", "义诊", "志愿"}
	sessionWords        = activityLex.words("session_words")
)

func dayJobHeading(h string) bool {
	if containsAny(h, dayJobHeadings) {
		return true
	}
	if containsAny(h, workplaces) && !containsAny(h, deputyHeadings) {
		return true // 三、学校的事, 三、嘎查的工作
	}
	return containsAny(h, moreDayJobHeadings) && !containsAny(h, deputyHeadings)
}

// dayJobTraining reports whether a training was arranged by the deputy's
// employer or a government department rather than for the deputy: 参加县
// 农业局组织的经营者培训, 按照县卫生局的安排，参加业务培训. A clause naming
// the deputies or the congress keeps it theirs.
func dayJobTraining(text string, sent, clause span) bool {
	cl := text[clause.start:clause.end]
	if namesDeputy(cl) {
		return false
	}
	lead := cl
	if clause.start > sent.start {
		prev := text[clauseStartBefore(text, sent.start, clause.start-1):clause.start]
		if p := strings.TrimLeft(prev, " 　"); hasAnyPrefix(p, arrangedBy...) {
			lead = prev + cl
		}
	}
	return containsAny(lead, dayJobOrganisers)
}

// collectiveSubjects make a sentence about an organisation's results.
var collectiveSubjects = activityLex.words("collective_subjects")

// findActivities finds counted and dated activities.
func findActivities(d *doc, kind corpus.Kind, year int, yearSure bool) []corpus.Activity {
	if kind != corpus.KindDutyReport {
		return nil // a work report's counts are its body's; an essay's are examples
	}
	var out []corpus.Activity
	line, other := -1, false // the start of the current line, and whether another speaker has it
	prevEnd := 0
	for _, sent := range d.sentences {
		if inPlanSection(d, sent.start) {
			continue // 改进方向：…开展一次专题调研 is a plan
		}
		if k := strings.LastIndexByte(d.text[prevEnd:sent.start], '\n'); k >= 0 || line < 0 {
			line = lineBegin(d.text, sent.start)
			other = otherSpeaker(d, line)
		}
		prevEnd = sent.start
		if other {
			continue // minutes: 选民代表李某：他来我们社区走访了5次
		}
		rows := sentenceActivities(d, sent, kind, year, yearSure)
		if hasAnyPrefix(strings.TrimLeft(d.str(sent), " 　"), recapWords...) {
			rows = dropRecapped(out, rows)
		}
		out = append(out, rows...)
	}
	return out
}

// dropRecapped drops the rows of a closing recap (以上所述列席常委会会议4次、
// 参加专题调研5次以上…) that repeat a row stated before: the same activity,
// the same count.
func dropRecapped(before, rows []corpus.Activity) []corpus.Activity {
	kept := rows[:0]
	for _, r := range rows {
		repeat := false
		for _, b := range before {
			repeat = repeat || r.Count != nil && b.Count != nil && *r.Count == *b.Count && r.Type == b.Type && r.Approx == b.Approx
		}
		if !repeat {
			kept = append(kept, r)
		}
	}
	return kept
}

func sentenceActivities(d *doc, sent span, kind corpus.Kind, year int, yearSure bool) []corpus.Activity {
	var out []corpus.Activity
	var used []count // the counts that became rows
	counts := findCounts(d.text, sent.start, sent.end, activityUnits)
	// A count in 个 counts only the places served right after a service
	// word; any other (在6个乡镇召开座谈会5场) is no count here, nor does it
	// bound the evidence of the next.
	if slices.ContainsFunc(counts, func(c count) bool { return c.unit == "个" }) {
		kept := counts[:0]
		for _, c := range counts {
			if c.unit != "个" || servedUnits(d.text, clauseAround(d.text, sent, c.start, c.end), c, corpus.ActPublicService) {
				kept = append(kept, c)
			}
		}
		counts = kept
	}
	if c, ok := d.columnCount(sent); ok {
		// | 参加县人大组织的视察 | 3 | 看了三所学校 |: the number in the
		// column headed 次数; the notes after it count nothing more.
		kept := counts[:0]
		for _, x := range counts {
			if x.end <= c.start {
				kept = append(kept, x)
			}
		}
		counts = append(kept, c)
	}
	prevEnd := sent.start
	for i, c := range counts {
		clause := clauseAround(d.text, sent, c.start, c.end)
		from := prevEnd
		if clause.start > from {
			from = clause.start
		}
		if sessionNumber(d.text, sent, c) {
			prevEnd = c.end
			continue // 人民代表大会五次会议: which session, not how many
		}
		// "参加了两次专题调研和一次视察": an activity named right after its
		// count is that count's; otherwise the one named before it.
		typ, ok := triggerRightAfter(d.text, c.end, clause.end)
		evEnd := 0
		labelStart := -1 // a form field's label before its count
		weak := ""       // why the type is doubtful
		if ok {
			evEnd = c.end + len(triggerAt(d.text, c.end, clause.end).word) + triggerGap(d.text, c.end)
		} else {
			typ, ok = activityTypeBefore(d.text, from, c.start)
		}
		if !ok && clause.start > sent.start && strings.TrimSpace(d.text[clause.start:c.start]) == "" && hasAnySuffix(d.text[sent.start:clause.start], "：", ":") {
			// A form's field: 参加乡人大主席团组织的视察：2次 counts what the
			// label before the colon names.
			_, colon := utf8.DecodeLastRuneInString(d.text[:clause.start])
			label := max(clauseStartBefore(d.text, sent.start, clause.start-colon), prevEnd)
			if typ, ok = activityTypeBefore(d.text, label, clause.start); ok {
				labelStart = label
			}
		}
		if !ok {
			typ, ok = splitTypeAround(d.text, clause, c) // 值了六次班
		}
		if !ok && hasAnyPrefix(d.text[c.end:clause.end], attendVerbs...) {
			// 两次参加旗人大常委会组织的《…》执法检查: the count before the
			// verb counts what its object ends with.
			if found := triggersIn(d.text[c.end:clause.end]); len(found) > 0 {
				typ, ok = found[len(found)-1].typ, true
			}
		}
		if !ok {
			// People reached may be named long before what was done for
			// them (为5名家庭困难的学生联系到爱心资助), and trips before what
			// they were for (跑了三趟旗农牧局和供电公司去催办).
			limit := afterWindow
			if !countsEvents(c.unit) || c.unit == "趟" {
				limit = maxClause
			}
			typ, ok = activityTypeAfter(d.text, c.end, clause.end, limit)
			weak = "活动类型取自数字后面较远的词"
		}
		if !ok {
			typ, ok = activityTypeFromPrevious(d.text, sent, clause, c)
			weak = "活动类型取自前一分句"
		}
		if !ok && clause.start > sent.start && c.unit == "趟" {
			// 为督办这件事，我去了旗交通运输局两趟: trips are for what the
			// clause before says.
			prev := clauseStartBefore(d.text, sent.start, clause.start-1)
			if typ, ok = activityTypeBefore(d.text, prev, clause.start); ok {
				weak = "活动类型取自前一分句"
			}
		}
		if !ok && clause.start > prevEnd && containsAny(d.str(clause), solveVerbs) {
			// 为居民办实事，协调解决…问题××件: the 实事 are named in the
			// clause before.
			prev := max(prevEnd, clauseStartBefore(d.text, sent.start, clause.start-1))
			if strings.Contains(d.text[prev:clause.start], "实事") {
				typ, ok = corpus.ActPublicService, true
				weak = "按前一分句的“实事”计为为民办实事"
			}
		}
		prevEnd = c.end
		if !ok || !unitFits(typ, c.unit) || frequency(d.text, clause.start, c.start) || c.unit == "名" && c.value == 1 && !c.placeholder {
			continue
		}
		if notActivityCount(d.text, sent, clause, c, typ) {
			continue
		}
		if c.unit == "天" && strings.HasSuffix(d.text[clause.start:c.start], "了") {
			continue // 我跟着去了两天: how long, not how many
		}
		if typ == corpus.ActPublicService && weak == "" && !containsAny(d.text[from:c.end], publicServiceStrong) && strings.Contains(d.text[from:c.end], "帮") {
			weak = "活动类型取自单字“帮”"
		}
		if typ == corpus.ActPublicService && weak == "" && (c.unit == "名" || c.unit == "人") && containsAny(d.text[from:c.start], helpWords) {
			// 帮助7名辍学儿童重返校园, 资助学生80名: the people helped may
			// be a result of the day job rather than a service of the deputy.
			weak = "帮助、资助的人数可能是工作成果，不是代表的服务活动"
		}
		used = append(used, c)
		ev := countEvidence(d.text, sent, counts, i)
		if evEnd > ev.end {
			ev.end = evEnd
		}
		if labelStart >= 0 && labelStart < ev.start {
			ev.start = labelStart
		}
		// "执法检查和视察活动各2次": the count is each listed activity's.
		types := eachTypes(d.text, from, c)
		if len(types) < 2 {
			types = []corpus.ActivityType{typ}
		} else if weak == "" {
			weak = "“各”字后的次数分给了前面列出的每一项活动"
		}
		role := deputyRole(d, kind, sent, clause)
		if role && disclaimed(d, sent, counts, i) {
			role = false
		}
		for _, t := range types {
			r := role
			if t == corpus.ActTraining && r && (dayJobTraining(d.text, sent, clause) || trainsOthers(d.str(clause))) {
				r = false
			}
			a := countedActivity(d, t, c, r, ev)
			dateWeak := ""
			if date, w, ok := bracketDate(d, span{from, c.start}, year, yearSure); ok {
				a.Date, dateWeak = &date, w // 《安全生产法》执法检查（5月16日） …… 1次
			} else if date, at, w, ok := rowDate(d, c, year, yearSure); ok {
				a.Date, dateWeak = &date, w // 参加代表培训│1次│2024年5月
				if at.end > a.End && lineEnd(d.text, a.Start) >= at.end {
					a.End, a.Text = at.end, d.text[a.Start:at.end]
				}
			}
			a.Review = activityDoubt(d, sent, clause, span{c.number.start, c.number.end}, c, r, firstString(weak, dateWeak))
			out = append(out, a)
		}
	}
	// Dated items: the sentence, or a part of it after ；, opening with a
	// date and holding no count of its own.
	for _, part := range splitAt(d.text, sent, "；") {
		if n := countsIn(used, part); n == 1 {
			// 十月份参加旗人大举办的代表履职培训班一期: the one count of a
			// part opening with a date is of that date.
			if date, weak, ok := partDate(d, part, year, yearSure); ok {
				for k := range out {
					if out[k].Date == nil && out[k].Start >= part.start && out[k].End <= part.end {
						out[k].Date = &date
						if out[k].Review == nil && weak != "" {
							out[k].Review = doubt(corpus.DoubtWeakRule, "%s", weak)
						}
					}
				}
			}
			continue
		} else if n > 1 {
			continue
		}
		if a, ok := datedActivity(d, part, kind, year, yearSure); ok {
			out = append(out, a)
		}
	}
	return out
}

// rowDate reads the date of a table row's activity from a cell after its
// count (参加代表培训│1次│2024年5月, | 1次 | 2020年5月18日至20日 |): the
// date, the cell, and why it is doubtful ("" when certain).
func rowDate(d *doc, c count, year int, yearSure bool) (string, span, string, bool) {
	line := span{strings.LastIndexByte(d.text[:c.start], '\n') + 1, lineEnd(d.text, c.end)}
	if !hasTableSep(d.text[line.start:line.end]) {
		return "", span{}, "", false
	}
	for _, cell := range tableCells(d.text, span{c.end, line.end}) {
		dt, ok := readLeadDate(d.str(cell))
		if !ok {
			continue
		}
		y, weak := dt.year, ""
		if y == 0 && !dt.placeholder && !dt.thisYear {
			y = year
			if !yearSure {
				weak = fmt.Sprintf("日期只写了月份，年份取自报告年度%d年，而报告年度本身待复核", y)
			}
		} else if dt.thisYear {
			y = year
		}
		if y == 0 || dt.month < 1 || dt.month > 12 {
			return "", span{}, "", false
		}
		date := fmt.Sprintf("%04d-%02d", y, dt.month)
		if dt.day >= 1 && dt.day <= 31 {
			date += fmt.Sprintf("-%02d", dt.day)
		}
		return date, span{cell.start, cell.start + dt.end}, weak, true
	}
	return "", span{}, "", false
}

// firstString returns the first of ss that is not empty.
func firstString(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// inPlanSection reports whether byte i lies under a heading of plans (四、
// 今后打算; 改进方向：): the nearest heading-like line above it (short,
// without the punctuation of prose), or the section's heading.
func inPlanSection(d *doc, i int) bool {
	if sec := d.sectionAt(i); sec.start > 0 && containsAny(d.str(sec.heading), planHeadings) {
		return true
	}
	d.planLinesOnce()
	k := sort.Search(len(d.planStarts), func(k int) bool { return d.planStarts[k] > i }) - 1
	return k >= 0 && d.planOn[k]
}

// planLinesOnce marks, once per document, the lines under a heading-like
// line naming plans: planStarts are the starts of the lines where the state
// changes, planOn the state from there on.
func (d *doc) planLinesOnce() {
	if d.planDone {
		return
	}
	d.planDone = true
	on := false
	for i := 0; i < len(d.text); {
		end := lineEnd(d.text, i)
		t := strings.TrimSpace(d.text[i:end])
		next := on
		switch {
		case t == "":
		case utf8.RuneCountInString(t) <= planHeadingRunes && !strings.ContainsAny(t, "，。；,;"):
			next = containsAny(t, planHeadings)
		case headingOrdinal(d.text, i) > 0:
			next = false
		}
		if next != on || len(d.planStarts) == 0 {
			// The state applies to the lines after the heading.
			d.planStarts = append(d.planStarts, end)
			d.planOn = append(d.planOn, next)
			on = next
		}
		i = end + 1
	}
}

// planHeadingRunes is the length of a heading-like line: 改进方向：.
const planHeadingRunes = 12

// countedActivity is the row of an activity with a stated count (or a
// placeholder where the count belongs), with its evidence.
func countedActivity(d *doc, typ corpus.ActivityType, c count, role bool, ev span) corpus.Activity {
	a := corpus.Activity{
		Type: typ, Unit: c.unit, Approx: c.approx, Placeholder: c.placeholder,
		DeputyRole: role, Text: d.str(ev), Start: ev.start, End: ev.end,
	}
	if !c.placeholder {
		v := c.value
		a.Count = &v
	}
	return a
}

// sessionNumber reports whether a count is the number of a session of the
// congress rather than a count of anything: 县第十七届人民代表大会五次会议
// (和六次会议).
func sessionNumber(text string, sent span, c count) bool {
	if c.unit != "次" {
		return false
	}
	if !hasAnyPrefix(text[c.end:sent.end], sessionWords...) {
		return false
	}
	return strings.Contains(text[sent.start:c.start], "届")
}

// triggerGap is the length of a 的 or 了 between a count and the activity
// named after it.
func triggerGap(text string, i int) int {
	for _, g := range []string{"的", "了"} {
		if strings.HasPrefix(text[i:], g) {
			return len(g)
		}
	}
	return 0
}

// triggerAt returns the trigger starting at i (after an optional 的/了),
// or a zero trigger.
func triggerAt(text string, i, end int) trigger {
	i += triggerGap(text, i)
	if i >= end {
		return trigger{}
	}
	found := triggersAt(text, i, end)
	if len(found) == 0 || found[0].start != i {
		return trigger{}
	}
	return found[0].trigger
}

// triggerRightAfter reports the type of an activity named right after a
// count ("两次专题调研"); the generic 活动 does not count.
func triggerRightAfter(text string, i, end int) (corpus.ActivityType, bool) {
	t := triggerAt(text, i, end)
	if t.word == "" || t.typ == corpus.ActGeneral || t.typ == corpus.ActMeeting {
		return "", false
	}
	return t.typ, true
}

// eachTypes returns the distinct activities listed before a count that
// follows 各 ("执法检查和视察活动各2次"); nil otherwise.
func eachTypes(text string, from int, c count) []corpus.ActivityType {
	if !strings.HasSuffix(text[:c.start], "各") {
		return nil
	}
	var out []corpus.ActivityType
	for _, t := range triggersAt(text, from, c.start) {
		if t.typ != corpus.ActGeneral && !slices.Contains(out, t.typ) {
			out = append(out, t.typ)
		}
	}
	return out
}

// selectWords show a body choosing suggestions to follow up (确定重点督办
// 建议10件): a count of suggestions, not of anything the deputy did.
var selectWords = activityLex.words("select_words")

// organisations counted in 家 are places visited, not households: 走访两家物业
// 企业.
var organisations = activityLex.words("organisations")

// notActivityCount rejects counts that sit by an activity word without
// counting activities:
//   - 为民办实事 is counted in 件 only where 实事 is named: 帮助解决…问题
//     三十件 counts problems solved, a result;
//   - 两次…，一次是…，一次是…: the 一次是 items break down a count already
//     made;
//   - 是我印象最深的一次履职活动: a clause opening with 是 describes, it does
//     not count;
//   - 由86名居民参加的志愿服务队: 由 N names the members of a group;
//   - 区人大常委会确定重点督办建议10件: a body selecting suggestions;
//   - 走访了两家物业企业: organisations visited, not households.
func notActivityCount(text string, sent, clause span, c count, typ corpus.ActivityType) bool {
	if containsAny(text[clause.start:clause.end], absence) || containsAny(text[clause.start:c.start], plans) {
		return true // 缺席了2次; 争取在二次会议上提交
	}
	if lead := strings.TrimLeft(text[clause.start:c.start], " 　"); lead == "有" && c.value == 1 {
		return true // 有一次视察…: an anecdote, not a count
	}
	if c.unit == "件" && typ == corpus.ActPublicService {
		prev := clauseStartBefore(text, sent.start, max(sent.start, clause.start-1))
		if !strings.Contains(text[prev:clause.end], "实事") {
			return true
		}
	}
	if strings.HasPrefix(text[c.end:], "是") {
		return true
	}
	if strings.HasPrefix(strings.TrimLeft(text[clause.start:c.start], " 　"), "是") {
		return true
	}
	if strings.HasSuffix(text[clause.start:c.start], "由") {
		return true
	}
	if lead := text[clause.start:c.start]; containsAny(lead, selectWords) && containsAny(lead, suggestionWords) {
		return true
	}
	if c.unit == "家" {
		rest := text[c.end:clause.end]
		for _, o := range organisations {
			if k := strings.Index(rest, o); k >= 0 && k <= organisationWindow {
				return true
			}
		}
	}
	return false
}

// organisationWindow is how far after a count in 家 the organisation it
// counts is looked for: four characters.
const organisationWindow = 12

// frequency reports whether the count at i states how often (每季度至少一次),
// not how many times.
func frequency(text string, clauseStart, i int) bool {
	return strings.Contains(text[clauseStart:i], "每")
}

// splitAt splits s at sep into trimmed parts.
func splitAt(text string, s span, sep string) []span {
	var out []span
	start := s.start
	for {
		k := strings.Index(text[start:s.end], sep)
		if k < 0 {
			break
		}
		out = append(out, trimSpan(text, span{start, start + k}))
		start += k + len(sep)
	}
	return append(out, trimSpan(text, span{start, s.end}))
}

// countsIn is how many of counts lie in s.
func countsIn(counts []count, s span) int {
	n := 0
	for _, c := range counts {
		if c.start >= s.start && c.end <= s.end {
			n++
		}
	}
	return n
}

// partDate reads the date a part of a sentence opens with (after 答：,
// 其中，…): the date as the contract writes it and why it is doubtful.
func partDate(d *doc, part span, year int, yearSure bool) (string, string, bool) {
	s := strings.TrimLeft(d.str(part), " \t　")
	if loc := dateLeadRe.re.FindStringIndex(s); loc != nil {
		s = s[loc[1]:]
	}
	dt, ok := readLeadDate(s)
	if !ok || dt.placeholder || containsAny(s[dt.end:], electionWords) {
		return "", "", false
	}
	y, weak := dt.year, ""
	if y == 0 {
		y = year
		if !yearSure {
			weak = fmt.Sprintf("日期只写了月份，年份取自报告年度%d年，而报告年度本身待复核", y)
		}
	}
	if y == 0 || dt.month < 1 || dt.month > 12 {
		return "", "", false
	}
	date := fmt.Sprintf("%04d-%02d", y, dt.month)
	if dt.day >= 1 && dt.day <= 31 {
		date += fmt.Sprintf("-%02d", dt.day)
	}
	return date, weak, true
}

func hasCountIn(counts []count, s span) bool {
	for _, c := range counts {
		if c.start >= s.start && c.end <= s.end {
			return true
		}
	}
	return false
}

// clauseAround returns the clause of sent holding [start, end).
func clauseAround(text string, sent span, start, end int) span {
	a := clauseStartBefore(text, sent.start, start)
	b := end
	for b < sent.end && b-end < maxClause {
		r := runeAt(text, b)
		if isClauseEnd(r) || isSentenceEnd(r) {
			break
		}
		b += runeLen(text, b)
	}
	return span{a, b}
}

// activityTypeBefore finds the activity named before a count in
// text[from:to]. Two or more different types listed together ("视察、调研等
// 活动12次") make the count a general one; a compound verb ("走访慰问") takes
// its last part; a session of the congress ("人民代表大会第四次会议") is a
// congress session, not a meeting.
func activityTypeBefore(text string, from, to int) (corpus.ActivityType, bool) {
	found := triggersAt(text, from, to)
	if len(found) == 0 {
		return "", false
	}
	var specific []foundTrigger
	for _, t := range found {
		if t.typ != corpus.ActGeneral {
			specific = append(specific, t)
		}
	}
	if len(specific) == 0 {
		return corpus.ActGeneral, true
	}
	// 入户 after another activity says how it was done (宣传进村入户活动):
	// the other names it.
	if n := len(specific); n > 1 && specific[n-1].word == "入户" {
		specific = specific[:n-1]
	}
	last := specific[len(specific)-1]
	types := map[corpus.ActivityType]bool{}
	listed := false
	for i, t := range specific {
		types[t.typ] = true
		if i > 0 && t.typ != specific[i-1].typ && strings.ContainsAny(text[specific[i-1].end:t.start], "、和及与") {
			listed = true
		}
	}
	switch {
	case len(types) == 1:
		return last.typ, true
	case types[corpus.ActCongressSession] && last.typ == corpus.ActMeeting && len(types) == 2:
		return corpus.ActCongressSession, true
	case listed || strings.Contains(text[last.end:to], "等"):
		return corpus.ActGeneral, true
	}
	return last.typ, true
}

// foundTrigger is a trigger found at [start, end) of the text.
type foundTrigger struct {
	trigger
	start, end int
}

// triggersAt returns the non-overlapping triggers in text[from:to] with
// their positions.
func triggersAt(text string, from, to int) []foundTrigger {
	var out []foundTrigger
	for i := from; i < to; {
		r, size := utf8.DecodeRuneInString(text[i:to])
		matched := false
		for _, t := range triggersByRune[r] {
			if !strings.HasPrefix(text[i:to], t.word) {
				continue
			}
			// A word rejected here (帮助 in 帮助解决) is not read again
			// as a shorter trigger (帮).
			if !notTrigger(text, i, t.word) {
				out = append(out, foundTrigger{t, i, i + len(t.word)})
				i += len(t.word)
				matched = true
			}
			break
		}
		if !matched {
			i += size
		}
	}
	return out
}

// notTrigger rejects a single-character trigger inside a word that names
// no activity: 帮着, 帮忙, 帮办, 帮带.
func notTrigger(text string, i int, word string) bool {
	if hasAnyPrefix(text[i+len(word):], notAfterTrigger...) {
		return true // 宣讲大会精神: the congress is what is spread
	}
	for _, w := range notBeforeTrigger {
		if strings.HasSuffix(text[:i], w) {
			return true // 受资助的学生: the people counted were helped
		}
	}
	return word == "帮" && strings.ContainsRune(notAfterHelp, runeAt(text, i+len(word)))
}

// splitTypeAround finds a split word around or before a count in its
// clause: 值了六次班 (the count between the parts), 讲草原生态补奖政策5场 (both
// parts before it).
func splitTypeAround(text string, clause span, c count) (corpus.ActivityType, bool) {
	before := text[clause.start:c.start]
	after := text[c.end:clause.end]
	lead := strings.TrimSuffix(strings.TrimSuffix(before, "了"), "过")
	if k := strings.LastIndex(before, "来"); k >= 0 && !strings.HasPrefix(before[k+len("来"):], "的") {
		return "", false // 技术员来村里讲了三回课: a visitor's lecture
	}
	for _, t := range splitTriggers {
		// 值了六次班, 上了五回安全课: the second part just after the count.
		if strings.HasSuffix(lead, t.first) {
			if k := strings.Index(after, t.second); k >= 0 && k <= splitGap/3*2 {
				return t.typ, true
			}
		}
		// 讲草原生态补奖政策5场, 讲安全课九次: both parts just before it.
		if k := strings.LastIndex(before, t.first); k >= 0 {
			rest := before[k+len(t.first):]
			if j := strings.Index(rest, t.second); j >= 0 && j <= splitGap && len(rest)-j-len(t.second) <= splitGap {
				return t.typ, true
			}
		}
	}
	return "", false
}

// participation is a clause that only says the deputy took part, the
// activity being named in the clause before: 镇里组织代表视察，我参加了三次.
var participationRe = patterns.get("participation")

// activityTypeFromPrevious reads the type of a count whose clause only says
// the deputy took part from the clause before it.
func activityTypeFromPrevious(text string, sent, clause span, c count) (corpus.ActivityType, bool) {
	if clause.start <= sent.start || !participationRe.re.MatchString(strings.TrimLeft(text[clause.start:c.start], " 　")) {
		return "", false
	}
	prev := clauseStartBefore(text, sent.start, clause.start-1)
	return activityTypeBefore(text, prev, clause.start)
}

// helpWords before a count of people make it doubtful as a public
// service: 帮助7名辍学儿童重返校园.
var helpWords = activityLex.words("help_words")

// servedUnits reports whether a count in 个 right after an activity word of
// its type counts the places or bodies served: 对口帮扶8个乡镇卫生院, 慰问3个
// 敬老院 (帮中西部12个县的农产品 and 解决问题15个 count nothing done).
func servedUnits(text string, clause span, c count, typ corpus.ActivityType) bool {
	// The word must end right before the count: look back two to four
	// characters only. Not after the single 帮 (帮一个大学生问清了…): a
	// person helped once.
	from := c.start
	for n := 0; n < 4 && from > clause.start; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	found := triggersAt(text, from, c.start)
	last := len(found) - 1
	return last >= 0 && found[last].end == c.start && found[last].typ == typ && utf8.RuneCountInString(found[last].word) > 1
}

// attendVerbs after a count make it the count of the activity the verb's
// object names (两次参加…执法检查).
var attendVerbs = activityLex.words("attend_verbs")

// afterWindow is how far after a count the activity it counts is looked
// for: ten characters.
const afterWindow = 30

// activityTypeAfter finds the activity named right after a count: "参加了3次
// 视察", "开展两次专题调研".
func activityTypeAfter(text string, from, to, limit int) (corpus.ActivityType, bool) {
	rest := text[from:to]
	if len(rest) > limit {
		rest = rest[:prefixEnd(rest, limit)]
	}
	found := triggersIn(rest)
	if len(found) == 0 {
		return "", false
	}
	return found[0].typ, true
}

// triggersByRune indexes triggers by their first character.
var triggersByRune = func() map[rune][]trigger {
	m := map[rune][]trigger{}
	for _, t := range triggers {
		r := runeAt(t.word, 0)
		m[r] = append(m[r], t)
	}
	return m
}()

// triggersIn returns the non-overlapping triggers in s, in order.
func triggersIn(s string) []trigger {
	var out []trigger
	for _, f := range triggersAt(s, 0, len(s)) {
		out = append(out, f.trigger)
	}
	return out
}

// deputyRole decides whether an activity was done as a deputy: not in a
// work report or essay, not in a section about the day job, not an
// organisation's results.
func deputyRole(d *doc, kind corpus.Kind, sent, clause span) bool {
	if kind != corpus.KindDutyReport {
		return false
	}
	// 以县交通运输局局长身份…, 以代表身份…: the capacity named decides.
	if who, ok := capacityOf(d, sent); ok {
		return namesDeputy(who)
	}
	// A clause naming the deputy's own activities (代表小组活动, 人大常委会
	// 组织的视察) is the deputy's whatever the section.
	if namesDeputy(d.str(clause)) {
		return true
	}
	sec := d.sectionAt(sent.start)
	if sec.heading.end > sec.heading.start && sec.start > 0 && dayJobHeading(d.str(sec.heading)) {
		return false
	}
	// An organisation as the subject of the clause: 全镇粮食播种面积…,
	// 我镇…, 公司…, 这一年，学校组织…, 三是依托合作社开展….
	cl := subjectOf(d.str(clause))
	st := subjectOf(d.str(sent))
	for _, w := range collectiveSubjects {
		if strings.HasPrefix(cl, w) || strings.HasPrefix(cl, "其中"+w) || strings.HasPrefix(st, w) {
			return false
		}
	}
	// 组织劳动力技能培训: organising something for others is the day job,
	// unless the deputies are organised (组织代表开展视察).
	// 乡卫生院组织乡村医生培训，我讲了四次课: an organisation's event.
	if orgEventRe.re.MatchString(st) {
		return false
	}
	// The sentence's first clause speaks for the rest: 组织社员开展培训5期，
	// 召开社员大会3次.
	for _, s := range []string{cl, st} {
		verb := strings.TrimLeft(s, organiseLeads)
		if hasAnyPrefix(verb, organiseVerbs...) && !strings.HasPrefix(verb, "组织的") && !namesDeputy(verb) {
			return false
		}
	}
	// 在律所组织青年律师培训10场: the deputy organising or chairing in the
	// clause; 安全生产会议我每月亲自主持，全年开了12次: or next to a clause
	// that only says it was held (no 参加 of its own).
	near := d.str(clause)
	if !containsAny(near, participateVerbs) {
		prev := clauseStartBefore(d.text, sent.start, max(sent.start, clause.start-1))
		next := clauseAround(d.text, sent, min(sent.end, clause.end+runeLen(d.text, clause.end)), min(sent.end, clause.end+runeLen(d.text, clause.end)))
		near = d.text[prev:clause.start] + near + d.str(next)
	}
	if !namesDeputy(near) && organises(near) {
		return false
	}
	return true
}

// organises reports whether s has the deputy organise or chair something:
// 组织 or 主持 used as a verb, not 组织的 (organised by someone) nor 组织部.
func organises(s string) bool {
	for _, v := range organiseVerbs {
		for i := 0; ; {
			k := strings.Index(s[i:], v)
			if k < 0 {
				break
			}
			rest := s[i+k+len(v):]
			if !strings.HasPrefix(rest, "的") && !strings.HasPrefix(rest, "部") {
				return true
			}
			i += k + len(v)
		}
	}
	return false
}

// trainsOthers reports whether a training clause has the deputy train
// others (给社区网格员做了6场业务培训, 为青年设计师举办培训5期): the day job.
func trainsOthers(clause string) bool {
	return !namesDeputy(clause) && containsAny(clause, trainOthers)
}

// capacityOf returns the capacity a sentence says the deputy acted in
// (以县交通运输局局长身份 → 县交通运输局局长).
func capacityOf(d *doc, sent span) (string, bool) {
	var who string
	capacityRe.each(d, sent.end, func(m []int) bool {
		if m[0] >= sent.start && m[1] <= sent.end {
			g, _ := capacityRe.group(m, "who")
			who = d.str(g)
			return false
		}
		return m[0] < sent.start
	})
	return who, who != ""
}

// namesDeputy reports whether s names the deputy's role (代表, 人大, 选民),
// not counting the representatives of other bodies (村民代表).
func namesDeputy(s string) bool {
	if !containsAny(s, deputyCues) {
		return false
	}
	for _, w := range otherRepresentatives {
		s = strings.ReplaceAll(s, w, "")
	}
	return containsAny(s, deputyCues)
}

// subjectOf strips what a clause may open with before its subject: spaces,
// an ordinal (三是, 1、), words of time (这一年，) and of means (依托).
func subjectOf(s string) string {
	for {
		t := strings.TrimLeft(s, " 　")
		if loc := itemMarkerRe.re.FindStringIndex(t); loc != nil && loc[0] == 0 {
			t = strings.TrimLeft(t[loc[1]:], " 　")
		}
		for _, w := range timeLeads {
			if strings.HasPrefix(t, w) {
				t = strings.TrimLeft(t[len(w):], "，, 　")
			}
		}
		for _, w := range means {
			if strings.HasPrefix(t, w) {
				t = t[len(w):]
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// leadDate is a date opening a sentence: 2021年4月12日, 20xx年4月, 今年2月,
// 二〇〇六年五月, 二月.
type leadDate struct {
	year        int  // 0 when not stated or a placeholder
	placeholder bool // 20xx年
	thisYear    bool // 今年
	month, day  int  // day 0 when not stated
	end         int  // bytes read
}

var activityDateRe = patterns.get("activity_date", "year", "month", "day")

// readLeadDate reads the date that s opens with, in Arabic or Chinese
// digits.
func readLeadDate(s string) (leadDate, bool) {
	var dt leadDate
	if m := activityDateRe.re.FindStringSubmatchIndex(s); m != nil {
		if g, ok := activityDateRe.group(m, "year"); ok {
			dt.year, _ = strconv.Atoi(s[g.start:g.end]) // 0 for 20xx
			dt.placeholder = dt.year == 0
		}
		g, _ := activityDateRe.group(m, "month")
		dt.month, _ = strconv.Atoi(s[g.start:g.end])
		if g, ok := activityDateRe.group(m, "day"); ok {
			dt.day, _ = strconv.Atoi(s[g.start:g.end])
		}
		dt.end = m[1]
		return dt, true
	}
	i := 0
	if strings.HasPrefix(s, "今年") {
		dt.thisYear = true
		i = len("今年")
	} else if y, n := chineseYear(s); n > 0 {
		dt.year = y
		i = n
	}
	month, n := smallChinese(s[i:], 12)
	if n == 0 || !strings.HasPrefix(s[i+n:], "月") {
		if dt.thisYear || dt.year > 0 {
			// 今年4月 in Arabic digits after a Chinese year or 今年.
			if m := activityDateRe.re.FindStringSubmatchIndex(s[i:]); m != nil {
				if _, ok := activityDateRe.group(m, "year"); !ok {
					g, _ := activityDateRe.group(m, "month")
					dt.month, _ = strconv.Atoi(s[i+g.start : i+g.end])
					if g, ok := activityDateRe.group(m, "day"); ok {
						dt.day, _ = strconv.Atoi(s[i+g.start : i+g.end])
					}
					dt.end = i + m[1]
					return dt, true
				}
			}
		}
		return leadDate{}, false
	}
	dt.month = month
	i += n + len("月")
	if day, n := smallChinese(s[i:], 31); n > 0 && (strings.HasPrefix(s[i+n:], "日") || strings.HasPrefix(s[i+n:], "号")) {
		dt.day = day
		i += n + len("日")
	}
	dt.end = i
	return dt, true
}

// chineseYear reads a year written digit by digit (二〇〇六年) and returns it
// with the bytes read, or 0, 0.
func chineseYear(s string) (int, int) {
	y, i := 0, 0
	for k := 0; k < 4; k++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		d, ok := chineseDigit[r]
		if !ok || r == '两' {
			return 0, 0
		}
		y = y*10 + d
		i += size
	}
	if !strings.HasPrefix(s[i:], "年") || y < 1900 || y > 2099 {
		return 0, 0
	}
	return y, i + len("年")
}

// smallChinese reads a Chinese number from 1 to max (一, 十二, 二十五) at the
// start of s and returns it with the bytes read, or 0, 0.
func smallChinese(s string, max int) (int, int) {
	i := 0
	for i < len(s) && i < 4*3 {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			break
		}
		i += size
	}
	if i == 0 {
		return 0, 0
	}
	v, ok := parseChinese(s[:i])
	if !ok || v < 1 || v > max {
		return 0, 0
	}
	return v, i
}

// datedActivity reads an activity dated by the sentence: "2021年4月12日，参加
// 县人大常委会组织的食品安全视察", "今年二月，我出席了…". A date that cannot be
// placed in a year (no year stated and none known) makes no row.
func datedActivity(d *doc, sent span, kind corpus.Kind, year int, yearSure bool) (corpus.Activity, bool) {
	s := d.str(sent)
	s = strings.TrimLeft(s, " \t　")
	if loc := dateLeadRe.re.FindStringIndex(s); loc != nil {
		s = s[loc[1]:] // 答：2024年1月9日，…; 其中，2025年3月14日…
	}
	dt, ok := readLeadDate(s)
	if !ok {
		return corpus.Activity{}, false
	}
	// 2018年1月，我在…会议上当选为…代表: the deputy's election, not an
	// activity of the deputy.
	if containsAny(s[dt.end:], electionWords) {
		return corpus.Activity{}, false
	}
	found := triggersIn(s[dt.end:])
	var typ corpus.ActivityType
	var named []corpus.ActivityType // every type the sentence names
	for _, t := range found {
		if t.typ != corpus.ActGeneral {
			if typ == "" {
				typ = t.typ
			}
			named = append(named, t.typ)
		}
	}
	// 出席了省十三届人大一次会议: a session of the congress (列席…人大常委会
	// 会议 stays a meeting).
	if rest := s[dt.end:]; typ == corpus.ActMeeting && strings.Contains(rest, "届") && containsAny(rest, []string{"人大", "人民代表大会"}) && !strings.Contains(rest, "常委会") {
		typ = corpus.ActCongressSession
	}
	if typ == "" {
		return corpus.Activity{}, false
	}
	var other corpus.ActivityType
	for _, t := range named[1:] {
		if t != typ && t != named[0] && !partOf(t, typ) {
			other = t
			break
		}
	}
	a := corpus.Activity{
		Type: typ, DeputyRole: deputyRole(d, kind, sent, sent),
		Text: d.str(sent), Start: sent.start, End: sent.end, Placeholder: dt.placeholder,
	}
	y := dt.year
	if y == 0 && !dt.placeholder {
		y = year
	}
	if y == 0 && !dt.placeholder {
		return corpus.Activity{}, false
	}
	if y > 0 && dt.month >= 1 && dt.month <= 12 {
		date := fmt.Sprintf("%04d-%02d", y, dt.month)
		if dt.day >= 1 && dt.day <= 31 {
			date += fmt.Sprintf("-%02d", dt.day)
		}
		a.Date = &date
	}
	weak := ""
	switch {
	case other != "":
		weak = fmt.Sprintf("句中有%s和%s等多种活动，类型取了第一种", typ.Label(), other.Label())
	case dt.year == 0 && !dt.placeholder && !yearSure:
		weak = fmt.Sprintf("日期只写了月份，年份取自报告年度%d年，而报告年度本身待复核", y)
	}
	lead := sent.start + len(d.str(sent)) - len(s) // where the date starts
	a.Review = activityDoubt(d, sent, sent, span{lead, lead + dt.end}, count{}, a.DeputyRole, weak)
	return a, true
}

// partOf reports whether an activity of type t named after one of type
// first is a part of it rather than another activity: the 会议 of
// 人民代表大会第三次会议, the deliberation at a session (出席人代会，审议
// 政府工作报告).
func partOf(t, first corpus.ActivityType) bool {
	switch t {
	case corpus.ActMeeting:
		return true
	case corpus.ActDeliberation:
		return first == corpus.ActCongressSession || first == corpus.ActMeeting
	case corpus.ActInspection, corpus.ActVoterContact:
		// 实地察看, 入户走访: how a check or a study was done
		return first == corpus.ActLawEnforcementCheck || first == corpus.ActResearch || first == corpus.ActInspection
	}
	return false
}

// countHeaders name the column of a table that holds counts, with the unit
// its bare numbers are in.
var countHeaders = map[string]string{"次数": "次", "场次": "场次", "次数/人数": "次", "数量": "次"}

// columnCount returns the count of a table row whose header names a column
// of counts (活动│次数│说明) and whose cell there is a bare number.
func (d *doc) columnCount(row span) (count, bool) {
	if !hasTableSep(d.str(row)) {
		return count{}, false
	}
	col, unit := d.countColumn(row.start)
	if col < 0 {
		return count{}, false
	}
	cells := tableCells(d.text, lineOf(d.text, row.start))
	if col >= len(cells) {
		return count{}, false
	}
	cell := cells[col]
	n, ok := scanNumber(d.text[:cell.end], cell.start)
	if !ok || n.end != cell.end || n.placeholder || n.value == 0 {
		return count{}, false
	}
	return count{number: n, unit: unit, start: cell.start, end: cell.end}, true
}

// countColumn finds, for the table row starting its line at i, the column
// its header names as counts: the index and unit, -1 when there is none.
// The header is the nearest line above, within the same table, whose
// cells hold no digits.
func (d *doc) countColumn(i int) (int, string) {
	line := lineOf(d.text, i)
	for k := 0; k < maxTableRows && line.start > 0; k++ {
		line = lineOf(d.text, line.start-1)
		t := d.str(line)
		if strings.TrimSpace(t) == "" {
			continue
		}
		if !hasTableSep(t) {
			return -1, ""
		}
		if strings.ContainsAny(t, "0123456789") || strings.Trim(t, "|│-:： \t") == "" {
			continue // another row, or the rule under the header (|---|---|)
		}
		for j, c := range tableCells(d.text, line) {
			if u, ok := countHeaders[d.str(c)]; ok {
				return j, u
			}
		}
		return -1, ""
	}
	return -1, ""
}

// maxTableRows bounds how far up a table's header is looked for.
const maxTableRows = 30

// lineOf returns the line holding byte i, without its line break.
func lineOf(text string, i int) span {
	start := strings.LastIndexByte(text[:i], '\n') + 1
	return span{start, lineEnd(text, i)}
}

// disclaimed reports whether the author says that count i of sent is no
// deputy work: a disclaimer between the counts around it (一共讲了四场，这是
// 站里的本职工作，不算代表活动), or on the line heading the bulleted list the
// count stands in (学校社会实践（学院安排，不是代表活动） over • lines).
func disclaimed(d *doc, sent span, counts []count, i int) bool {
	lo, hi := sent.start, sent.end
	if i > 0 {
		lo = counts[i-1].end
	}
	if i+1 < len(counts) {
		hi = counts[i+1].start
	}
	if containsAny(d.text[lo:hi], disclaimers) {
		return true
	}
	// Up over the bulleted lines to the line heading them.
	if !bulletLine(d.text, sent.start) {
		return false
	}
	for end := lineBegin(d.text, sent.start); end > 0; {
		start := lineBegin(d.text, end-1)
		line := strings.TrimSpace(d.text[start : end-1])
		if line == "" {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(line); !isBullet(r) {
			return containsAny(line, disclaimers)
		}
		end = start
	}
	return false
}

// lineBegin is the start of the line holding byte i.
func lineBegin(text string, i int) int {
	return strings.LastIndexByte(text[:i], '\n') + 1
}

// speakerLabel is how far into its line the colon after another speaker's
// label may stand: 选民代表覃秀兰（城关镇居民）：, twenty characters.
const speakerLabel = 20

// otherSpeaker reports whether the line starting at byte start is another
// speaker's turn in minutes: it opens with 选民代表… and a colon.
func otherSpeaker(d *doc, start int) bool {
	line := strings.TrimLeft(d.text[start:], " \t　")
	if !hasAnyPrefix(line, otherSpeakers...) {
		return false
	}
	head := line[:headLen(line, speakerLabel)]
	if k := strings.IndexAny(head, "：:"); k >= 0 {
		return !strings.ContainsAny(head[:k], "，。；,")
	}
	return false
}

// headLen is the length in bytes of the first n characters of s.
func headLen(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// bracketDate reads a date in brackets between an activity and its count
// (执法检查（5月16日） …… 1次): the date of the activity counted.
func bracketDate(d *doc, s span, year int, yearSure bool) (string, string, bool) {
	t := d.str(s)
	k := strings.Index(t, "（")
	if k < 0 {
		return "", "", false
	}
	e := strings.Index(t[k:], "）")
	if e < 0 {
		return "", "", false
	}
	inner := t[k+len("（") : k+e]
	dt, ok := readLeadDate(inner)
	if !ok || dt.end != len(inner) {
		return "", "", false
	}
	return partDate(d, span{s.start + k + len("（"), s.start + k + e}, year, yearSure)
}
