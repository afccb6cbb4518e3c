package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// Confidence (SPEC §3): every extracted value is either certain or carries
// a Doubt saying why a person should check it. A value is certain only when
// the rule that found it is one of the strong ones and nothing in the text
// speaks against it: no placeholder beside it, no other statement of the
// same fact with another value, no total that its parts contradict, no
// implausible number, no doubt whose count it is. The analyst checks only
// the doubtful values, so certain values must be right (the evaluation
// measures their precision separately).

// doubt makes a Doubt with a reason in Chinese.
func doubt(code, format string, args ...any) *corpus.Doubt {
	return &corpus.Doubt{Code: code, Reason: fmt.Sprintf(format, args...)}
}

// firstDoubt returns the first of ds that is not nil.
func firstDoubt(ds ...*corpus.Doubt) *corpus.Doubt {
	for _, d := range ds {
		if d != nil {
			return d
		}
	}
	return nil
}

// placeholderIn returns the first placeholder in text[s.start:s.end]
// outside the span skip, "" when there is none.
func placeholderIn(d *doc, s, skip span) string {
	ph := d.placeholders()
	k := sort.Search(len(ph), func(k int) bool { return ph[k].end > s.start })
	for _, p := range ph[k:] {
		if p.start >= s.end {
			break
		}
		if p.end > s.start && (p.end <= skip.start || p.start >= skip.end) {
			return d.str(p)
		}
	}
	return ""
}

// placeholders returns the placeholder spans of the document, found once.
func (d *doc) placeholders() []span {
	if !d.phDone {
		d.phDone = true
		d.phFound = findPlaceholders(d)
		for _, p := range d.phFound {
			d.ph = append(d.ph, span{p.Start, p.End})
		}
	}
	return d.ph
}

// placeholderSpans returns the placeholders as the analysis gives them
// (a copy: the analysis owns it).
func (d *doc) placeholderSpans() []corpus.PlaceholderSpan {
	d.placeholders()
	return append([]corpus.PlaceholderSpan(nil), d.phFound...)
}

// quote shortens a text for a reason: at most n characters in “”.
func quote(s string, n int) string {
	s = strings.Join(strings.Fields(s), "")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return "“" + s + "”"
}

// nameDoubt decides whether the deputy's name found at s is certain. weak
// is the reason when a weak rule found it ("" for a strong one).
func nameDoubt(d *doc, s span, weak string) *corpus.Doubt {
	name := d.str(s)
	if strings.ContainsAny(name, placeholderChars) {
		return doubt(corpus.DoubtPlaceholderNearby, "姓名%s含占位符，可能是未填写的模板", quote(name, 8))
	}
	if other := otherName(d, name); other != "" {
		return doubt(corpus.DoubtConflicting, "文中另有姓名%s，与%s不一致", quote(other, 8), quote(name, 8))
	}
	if weak != "" {
		return doubt(corpus.DoubtWeakRule, "%s", weak)
	}
	return nil
}

// otherName returns another name the report gives its deputy (by 本人…,
// 我叫…, or a signature), "" when every statement agrees with name.
func otherName(d *doc, name string) string {
	other := ""
	nameIntroRe.each(d, introWindow, func(m []int) bool {
		s, _ := nameIntroRe.group(m, "name")
		if n := d.str(s); isName(n) && !sameName(n, name) {
			other = n
			return false
		}
		return true
	})
	if other != "" {
		return other
	}
	tail := prefixEnd(d.text, max(0, len(d.text)-signatureTail))
	for _, m := range nameSignRe.re.FindAllStringSubmatchIndex(d.text[tail:], -1) {
		s, _ := nameSignRe.group(m, "name")
		if n := d.text[tail+s.start : tail+s.end]; isName(n) && !sameName(n, name) {
			return n
		}
	}
	return ""
}

// sameName reports whether two names may be the same person's: equal, or
// one the other with a placeholder or a gap (王某某, 王某).
func sameName(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	return ra[0] == rb[0] && (strings.ContainsRune(a, '某') || strings.ContainsRune(b, '某'))
}

// seatDoubt decides whether one field of the seat (what reads it from a
// seat) is certain: stated introducing the deputy, with no placeholder in
// the phrase and no other statement of the seat giving another value.
func seatDoubt(d *doc, st seat, label string, what func(seat) string) *corpus.Doubt {
	if label == "" {
		label = "层级" // the levels are written out even where a name is a placeholder (XX县)
	} else if p := placeholderIn(d, st.phrase, span{}); p != "" {
		return doubt(corpus.DoubtPlaceholderNearby, "代表身份的表述中有占位符%s，%s可能不全", quote(p, 6), label)
	}
	v := what(st)
	for _, o := range st.others {
		if w := what(o); w != "" && w != v {
			return doubt(corpus.DoubtConflicting, "文中另一处说%s人大代表，%s与%s不一致", quote(d.str(o.phrase), 20), label, quote(v, 10))
		}
	}
	if !st.intro {
		return doubt(corpus.DoubtWeakRule, "%s仅见于标题，正文未介绍代表身份", label)
	}
	return nil
}

// positionDoubt decides whether the deputy's job found at s is certain.
// weak is the reason when a weak rule found it ("" for a strong one).
func positionDoubt(d *doc, s span, weak string) *corpus.Doubt {
	job := d.str(s)
	if strings.ContainsAny(job, "xX×*_□") || strings.Contains(job, "某某") {
		return doubt(corpus.DoubtPlaceholderNearby, "职务%s含占位符", quote(job, 20))
	}
	if strings.ContainsAny(job, "、及") || strings.Contains(job, "兼") {
		return doubt(corpus.DoubtConflicting, "职务%s含有多个职务，需确认取哪一个", quote(job, 20))
	}
	if weak != "" {
		return doubt(corpus.DoubtWeakRule, "%s", weak)
	}
	if strings.HasPrefix(d.text[s.end:], "代表") {
		return doubt(corpus.DoubtWeakRule, "%s紧接“代表”，可能是说代表的类别（如农民代表）而非本人职务", quote(job, 16))
	}
	return nil
}

// dateWeakness is the reason a year read from a date (a rule with the
// captures year and month) is doubtful: a report dated early in the next
// year is about the year before only by inference.
func dateWeakness(d *doc, r *rule, m []int, what string) string {
	g, _ := r.group(m, "month")
	if mo := d.str(g); mo == "1" || mo == "2" || mo == "3" || mo == "01" || mo == "02" || mo == "03" {
		return fmt.Sprintf("报告年份由%s推断（次年初的日期，文中说“一年来”）", what)
	}
	return ""
}

// yearDoubt decides whether the year reported on is certain: no other
// statement of the year (the title, 现将…报告如下, …年工作回顾) gives another.
// weak is the reason when a weak rule found it.
func yearDoubt(d *doc, y int, weak string) *corpus.Doubt {
	for _, other := range statedYears(d) {
		if other.year != y {
			return doubt(corpus.DoubtConflicting, "文中%s说的是%d年，与报告年份%d年不一致", quote(d.str(other.at), 16), other.year, y)
		}
	}
	if weak != "" {
		return doubt(corpus.DoubtWeakRule, "%s", weak)
	}
	return nil
}

type statedYear struct {
	year int
	at   span
}

// statedYears are the years a report says it covers: every year in the
// title line, and the years of 现将…, …工作回顾 and 报告…工作.
func statedYears(d *doc) []statedYear {
	var out []statedYear
	first := d.text[:lineEnd(d.text, 0)]
	for _, m := range yearRe.re.FindAllStringSubmatchIndex(first, -1) {
		g, _ := yearRe.group(m, "year")
		y, _ := strconv.Atoi(d.str(g))
		out = append(out, statedYear{y, span{m[0], m[1]}})
	}
	for _, r := range []*rule{introYearRe, reviewYearRe, reportYearRe} {
		r.each(d, introWindow, func(m []int) bool {
			g, _ := r.group(m, "year")
			y, _ := strconv.Atoi(d.str(g))
			out = append(out, statedYear{y, d.sentenceAt(m[0])})
			return true
		})
	}
	return out
}

// Plausible counts: a deputy's suggestions in a year, and activities of
// one kind.
const (
	maxSuggestions = 50
	maxActivities  = 100
)

// statementDoubt decides whether the deputy's own count c in sentence sent
// is certain. farVerb reports that the submitting verb stands in the
// clause before the count's.
func statementDoubt(d *doc, sent span, c count, farVerb bool, body string) *corpus.Doubt {
	if p := placeholderIn(d, sent, span{c.number.start, c.number.end}); p != "" {
		return doubt(corpus.DoubtPlaceholderNearby, "同一句中有占位符%s，数字可能未填全", quote(p, 6))
	}
	if body != "" {
		return doubt(corpus.DoubtOwnerUnclear, "同一句提到%s，数字可能是集体的而非代表本人的", quote(body, 8))
	}
	if _, w := indexAny(d.text[clauseStartBefore(d.text, sent.start, c.start):c.end], []string{"联名", "附议"}); w != "" {
		return doubt(corpus.DoubtOwnerUnclear, "“%s”的建议是否计入代表本人的数量需确认", w)
	}
	if dbt := unusualCount(d, c, maxSuggestions); dbt != nil {
		return dbt
	}
	if farVerb {
		return doubt(corpus.DoubtWeakRule, "“提出”等动词在前一分句，数字与它的关系需确认")
	}
	return nil
}

// unusualCount marks a count that is implausible or oddly written: zero,
// more than max, a decimal, or a Chinese numeral of hundreds.
func unusualCount(d *doc, c count, max int) *corpus.Doubt {
	if c.placeholder {
		return nil
	}
	num := d.text[c.number.start:c.number.end]
	switch {
	case c.value == 0:
		return doubt(corpus.DoubtUnusualNumeral, "数字为零%s", quote(num, 8))
	case c.frac:
		return doubt(corpus.DoubtUnusualNumeral, "次数%s带小数", quote(num, 8))
	case c.value > max:
		return doubt(corpus.DoubtUnusualNumeral, "数字%s大得不寻常", quote(num, 8))
	case strings.ContainsAny(num, "百千万"):
		return doubt(corpus.DoubtUnusualNumeral, "中文数字%s写法少见，请核对", quote(num, 8))
	}
	return nil
}

// statementsDoubt is the first doubt of the statements a total rests on.
func statementsDoubt(sts []corpus.SuggestionStatement) *corpus.Doubt {
	for _, st := range sts {
		if st.Review != nil {
			return doubt(st.Review.Code, "总数所依据的陈述%s: %s", quote(st.Text, 16), st.Review.Reason)
		}
	}
	return nil
}

// unusualTotal marks an implausible total.
func unusualTotal(n int) *corpus.Doubt {
	if n > maxSuggestions {
		return doubt(corpus.DoubtUnusualNumeral, "代表本人一年提出%d件建议，数量大得不寻常", n)
	}
	return nil
}

// statedTotalDoubt checks the stated total kept[i] against what else the
// report states: its parts (其中…) must not add up to another number, and
// no other total may say otherwise.
func statedTotalDoubt(groups, kept []statementGroup, i int) *corpus.Doubt {
	t := kept[i]
	for j, g := range kept {
		if j != i && g.total && g.sum != t.sum {
			return doubt(corpus.DoubtConflicting, "文中有两个不同的总数：%d和%d", t.sum, g.sum)
		}
	}
	parts, n := 0, 0
	for _, g := range groups {
		if g.subset && g.sentence.start >= t.sentence.start {
			parts += g.sum
			n += g.items
		}
	}
	if n > 0 && (parts > t.sum || n >= 2 && parts != t.sum) {
		return doubt(corpus.DoubtSumMismatch, "分项之和为%d，与总数%d不符", parts, t.sum)
	}
	return nil
}

// activityDoubt decides whether an activity row is certain: no placeholder
// in its clause but the one standing for its own count or date (skip), a
// plausible count, and no doubt whether it was done as a deputy. weak is
// the reason when a weak rule typed it. c is the zero count for a dated
// row.
func activityDoubt(d *doc, sent, clause, skip span, c count, role bool, weak string) *corpus.Doubt {
	if p := placeholderIn(d, clause, skip); p != "" {
		return doubt(corpus.DoubtPlaceholderNearby, "同一分句中有占位符%s", quote(p, 6))
	}
	if c.end > 0 {
		max := maxActivities
		if !countsEvents(c.unit) {
			max = 1 << 30 // people and households reached may be many
		}
		if dbt := unusualCount(d, c, max); dbt != nil {
			return dbt
		}
	}
	if dbt := roleDoubt(d, sent, clause, role); dbt != nil {
		return dbt
	}
	if weak != "" {
		return doubt(corpus.DoubtWeakRule, "%s", weak)
	}
	return nil
}

// countsEvents reports whether a unit counts times something was done.
func countsEvents(unit string) bool {
	a := corpus.Activity{Unit: unit}
	return a.CountsEvents()
}

// roleDoubt marks an activity whose owner is unclear: counted as the
// deputy's though the sentence speaks of an organisation or lies in a
// section about the day job, or counted as the day job's though the
// sentence names the deputy's role.
func roleDoubt(d *doc, sent, clause span, role bool) *corpus.Doubt {
	if role {
		if _, w := indexAny(d.str(clause), collectiveSubjects); w != "" && !namesDeputy(d.str(clause)) {
			return doubt(corpus.DoubtOwnerUnclear, "句中提到%s，可能是单位的工作而非代表履职", quote(w, 8))
		}
		sec := d.sectionAt(sent.start)
		if sec.heading.end > sec.heading.start && sec.start > 0 && dayJobHeading(d.str(sec.heading)) {
			return doubt(corpus.DoubtOwnerUnclear, "位于讲本职工作的部分%s，但句中提到代表身份", quote(d.str(sec.heading), 16))
		}
		return nil
	}
	near := span{max(sent.start, clause.start-maxClause), min(sent.end, clause.end+maxClause)}
	if w := deputyCueIn(d.str(near)); w != "" {
		return doubt(corpus.DoubtOwnerUnclear, "按本职工作计，但句中提到%s，可能是代表履职", quote(w, 6))
	}
	return nil
}

// maxShortcomingRunes is the length beyond which a shortcoming probably
// holds more than the shortcoming.
const maxShortcomingRunes = 60

// improveWords in a shortcoming may start a plan that belongs after it.
var improveWords = []string{"争取", "努力", "力争"}

// shortcomingDoubt decides whether a shortcoming's text is certain. weak is
// the reason when a weak rule cut it.
func shortcomingDoubt(d *doc, s span, weak string) *corpus.Doubt {
	t := d.str(s)
	if p := placeholderIn(d, s, span{}); p != "" {
		return doubt(corpus.DoubtPlaceholderNearby, "不足中有占位符%s", quote(p, 6))
	}
	if weak != "" && strings.ContainsAny(t, "，,；;") {
		return doubt(corpus.DoubtWeakRule, "%s", weak)
	}
	if utf8.RuneCountInString(t) > maxShortcomingRunes {
		return doubt(corpus.DoubtWeakRule, "不足长达%d字，可能包含了其他内容", utf8.RuneCountInString(t))
	}
	if k, w := indexAny(t, improveWords); k > 0 {
		return doubt(corpus.DoubtWeakRule, "不足中有%s，可能混入了改进打算", quote(w, 4))
	}
	return nil
}

// quantityDoubt decides whether a quantity is certain: no placeholder in
// its clause but its own, not one end of a range, a rate of at most 100 %.
func quantityDoubt(d *doc, sent, clause span, c count) *corpus.Doubt {
	if p := placeholderIn(d, clause, span{c.number.start, c.number.end}); p != "" {
		return doubt(corpus.DoubtPlaceholderNearby, "同一分句中有占位符%s", quote(p, 6))
	}
	if c.placeholder {
		return nil
	}
	before := d.text[clauseStartBefore(d.text, sent.start, c.start):c.start]
	for _, sep := range []string{"至", "到", "-", "—", "～", "~"} {
		if strings.HasSuffix(before, sep) && len(before) > len(sep) && isNumberEnd(runeBefore(before, len(before)-len(sep))) {
			return doubt(corpus.DoubtUnusualNumeral, "数字是%s范围的一端", quote(before[max(0, len(before)-12):]+d.text[c.start:c.end], 16))
		}
	}
	if c.unit == "%" && c.fvalue > 100 {
		return doubt(corpus.DoubtUnusualNumeral, "百分比%s超过100%%", quote(d.text[c.start:c.end], 10))
	}
	return nil
}

// isNumberEnd reports whether r may end a number.
func isNumberEnd(r rune) bool {
	return r >= '0' && r <= '9' || isChineseNumeral(r)
}

// bodyMention returns a body word of the sentence that may be the subject
// of what it counts (全镇代表, 主席团), "" when there is none: a body the
// deputy submits to (向旗人大常委会提出) or asks to act (建议县人大常委会…)
// is no subject.
func bodyMention(text string, sent span) string {
	t := text[sent.start:sent.end]
	for _, w := range bodyWords {
		for i := 0; ; {
			k := strings.Index(t[i:], w)
			if k < 0 {
				break
			}
			at := i + k
			lead := t[max(0, at-recipientWindow):at]
			if !containsAny(lead, recipientMarks) && !containsAny(t[clauseStartBefore(t, 0, at):at], askWords) {
				return w
			}
			i = at + len(w)
		}
	}
	return ""
}

// deputyCueIn returns the first word of s naming the deputy's role, ""
// when none does (村民代表 does not).
func deputyCueIn(s string) string {
	if !namesDeputy(s) {
		return ""
	}
	for _, w := range otherRepresentatives {
		s = strings.ReplaceAll(s, w, "")
	}
	_, w := indexAny(s, deputyCues)
	return w
}
