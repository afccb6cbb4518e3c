package extract

import (
	"fmt"
	"regexp"
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

// triggers, longest first so that 执法检查 wins over 检查 and 专题调研 over 调研.
var triggers = func() []trigger {
	t := []trigger{}
	add := func(typ corpus.ActivityType, words ...string) {
		for _, w := range words {
			t = append(t, trigger{w, typ})
		}
	}
	add(corpus.ActCongressSession, "人民代表大会", "代表大会", "人代会", "大会各次会议", "大会会议", "人大会议", "大会期间")
	add(corpus.ActDeliberation, "审议")
	add(corpus.ActInspection, "视察", "实地察看", "察看", "参观检查", "实地检查")
	add(corpus.ActResearch, "调查研究", "专题调研", "调研", "调查", "考察")
	add(corpus.ActLawEnforcementCheck, "执法检查")
	add(corpus.ActAppraisal, "满意度测评", "评议", "测评")
	add(corpus.ActSupervision, "督办", "督查", "监督检查", "跟踪督促")
	add(corpus.ActTraining, "理论中心组学习", "培训", "学习", "讲座", "轮训", "研讨班")
	add(corpus.ActVoterContact, "联系选民", "走访选民", "接待选民", "接访", "走访", "接待", "联络站", "代表之家", "代表工作站", "值班", "入户", "联系群众")
	add(corpus.ActPublicity, "宣讲", "宣传", "普法")
	add(corpus.ActPublicService, "为民办实事", "办实事", "慰问", "捐助", "捐款", "捐资", "帮扶", "义诊", "志愿服务")
	add(corpus.ActMeeting, "座谈会", "座谈", "列席", "政情通报", "通报会", "会议")
	add(corpus.ActGeneral, "代表活动", "各类活动", "履职活动", "活动")
	sort.SliceStable(t, func(i, j int) bool { return len(t[i].word) > len(t[j].word) })
	return t
}()

// activityUnits count activities.
var activityUnits = []string{"场次", "人次", "次", "场", "回", "期", "轮", "天", "户", "人", "家", "篇", "件"}

// unitFits filters units that only fit some types: 户 and 人 count people
// visited or helped; 篇 counts research reports; 件 counts items supervised.
func unitFits(typ corpus.ActivityType, unit string) bool {
	switch unit {
	case "户", "人", "家":
		return typ == corpus.ActVoterContact || typ == corpus.ActPublicService
	case "人次":
		return typ == corpus.ActVoterContact || typ == corpus.ActPublicService || typ == corpus.ActTraining || typ == corpus.ActPublicity
	case "篇":
		return typ == corpus.ActResearch
	case "件":
		return typ == corpus.ActSupervision
	case "天":
		return typ != corpus.ActGeneral
	}
	return true
}

// dayJobHeadings mark sections about the deputy's day job.
var dayJobHeadings = []string{"立足岗位", "立足本职", "本职工作", "本职岗位", "岗位", "主责主业", "带头致富", "带领群众", "干好本职"}

// collectiveSubjects make a sentence about an organisation's results.
var collectiveSubjects = []string{"全镇", "全村", "全乡", "全县", "全区", "全旗", "全市", "我镇", "我村", "我乡", "本村", "本镇", "本乡", "公司", "企业", "本校", "我校", "全校", "医院", "本院", "我院", "镇政府", "村两委"}

// findActivities finds counted and dated activities.
func findActivities(d *doc, kind corpus.Kind, year int) []corpus.Activity {
	var out []corpus.Activity
	for _, sent := range d.sentences {
		out = append(out, sentenceActivities(d, sent, kind, year)...)
	}
	return out
}

func sentenceActivities(d *doc, sent span, kind corpus.Kind, year int) []corpus.Activity {
	var out []corpus.Activity
	counts := findCounts(d.text, sent.start, sent.end, activityUnits)
	prevEnd := sent.start
	for i, c := range counts {
		clause := clauseAround(d.text, sent, c.start, c.end)
		from := prevEnd
		if clause.start > from {
			from = clause.start
		}
		typ, ok := activityTypeBefore(d.text, from, c.start)
		if !ok {
			typ, ok = activityTypeAfter(d.text, c.end, clause.end)
		}
		prevEnd = c.end
		if !ok || !unitFits(typ, c.unit) {
			continue
		}
		ev := countEvidence(d.text, sent, counts, i)
		a := corpus.Activity{
			Type: typ, Unit: c.unit, Approx: c.approx, Placeholder: c.placeholder,
			DeputyRole: deputyRole(d, kind, sent, clause),
			Text:       d.str(ev), Start: ev.start, End: ev.end,
		}
		if !c.placeholder {
			v := c.value
			a.Count = &v
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		if a, ok := datedActivity(d, sent, kind, year); ok {
			out = append(out, a)
		}
	}
	return out
}

// clauseAround returns the clause of sent holding [start, end).
func clauseAround(text string, sent span, start, end int) span {
	a := clauseStartBefore(text, sent.start, start)
	b := end
	for b < sent.end {
		r := runeAt(text, b)
		if isClauseEnd(r) || isSentenceEnd(r) {
			break
		}
		b += len(string(r))
	}
	return span{a, b}
}

// activityTypeBefore finds the activity named before a count in
// text[from:to]. Two or more different types named together ("视察、调研等
// 活动12次") make the count a general one.
func activityTypeBefore(text string, from, to int) (corpus.ActivityType, bool) {
	found := triggersIn(text[from:to])
	if len(found) == 0 {
		return "", false
	}
	types := map[corpus.ActivityType]bool{}
	for _, t := range found {
		if t.typ != corpus.ActGeneral {
			types[t.typ] = true
		}
	}
	switch len(types) {
	case 0:
		return corpus.ActGeneral, true
	case 1:
		for t := range types {
			return t, true
		}
	}
	// Several types: general when they are listed together (、 和 等),
	// otherwise the one nearest the count.
	if strings.ContainsAny(text[from:to], "、和等及") {
		return corpus.ActGeneral, true
	}
	return found[len(found)-1].typ, true
}

// activityTypeAfter finds the activity named right after a count: "参加了3次
// 视察", "开展两次专题调研".
func activityTypeAfter(text string, from, to int) (corpus.ActivityType, bool) {
	rest := text[from:to]
	if len(rest) > 30 {
		rest = rest[:prefixEnd(rest, 30)]
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
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		matched := false
		for _, t := range triggersByRune[r] {
			if strings.HasPrefix(s[i:], t.word) {
				out = append(out, t)
				i += len(t.word)
				matched = true
				break
			}
		}
		if !matched {
			i += size
		}
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
	sec := d.sectionAt(sent.start)
	if sec.heading.end > sec.heading.start && sec.start > 0 && containsAny(d.str(sec.heading), dayJobHeadings) {
		return false
	}
	// An organisation as the subject of the clause: 全镇粮食播种面积…,
	// 我镇…, 公司….
	cl := strings.TrimLeft(d.str(clause), " 　")
	for _, w := range collectiveSubjects {
		if strings.HasPrefix(cl, w) || strings.HasPrefix(cl, "其中"+w) {
			return false
		}
	}
	// 组织劳动力技能培训: organising something for others is the day job,
	// unless the deputies are organised (组织代表开展视察).
	verb := strings.TrimLeft(cl, "积极先后共还并全年")
	if strings.HasPrefix(verb, "组织") && !strings.HasPrefix(verb, "组织的") && !strings.Contains(verb, "代表") {
		return false
	}
	return true
}

var activityDateRe = regexp.MustCompile(`^(?:((?:19|20)\d{2}|20[xX×]{2})年)?(\d{1,2})月(?:(\d{1,2})日)?`)

// datedActivity reads an activity dated by the sentence: "2021年4月12日，参加
// 县人大常委会组织的食品安全视察".
func datedActivity(d *doc, sent span, kind corpus.Kind, year int) (corpus.Activity, bool) {
	s := d.str(sent)
	s = strings.TrimLeft(s, " \t　")
	m := activityDateRe.FindStringSubmatchIndex(s)
	if m == nil {
		return corpus.Activity{}, false
	}
	found := triggersIn(s[m[1]:])
	var typ corpus.ActivityType
	for _, t := range found {
		if t.typ != corpus.ActGeneral {
			typ = t.typ
			break
		}
	}
	if typ == "" {
		return corpus.Activity{}, false
	}
	a := corpus.Activity{
		Type: typ, DeputyRole: deputyRole(d, kind, sent, sent),
		Text: d.str(sent), Start: sent.start, End: sent.end,
	}
	y := year
	if m[2] >= 0 {
		y, _ = strconv.Atoi(s[m[2]:m[3]]) // 0 for 20xx: the year is a placeholder
		if y == 0 {
			a.Placeholder = true
		}
	}
	month, _ := strconv.Atoi(s[m[4]:m[5]])
	if y > 0 && month >= 1 && month <= 12 {
		date := fmt.Sprintf("%04d-%02d", y, month)
		if m[6] >= 0 {
			if day, _ := strconv.Atoi(s[m[6]:m[7]]); day >= 1 && day <= 31 {
				date += fmt.Sprintf("-%02d", day)
			}
		}
		a.Date = &date
	}
	return a, true
}
