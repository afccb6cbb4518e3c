package eval

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// Field is one scored field of the analysis.
type Field struct {
	Key   string // English, as in floors.json and --field
	Label string // Chinese, for the table
}

// Fields lists the scored fields in table order.
var Fields = []Field{
	{"kind", "类型"},
	{"name", "姓名"},
	{"levels", "层级"},
	{"term", "届次"},
	{"region", "地区"},
	{"position", "职务"},
	{"year", "报告年份"},
	{"elected_year", "当选年份"},
	{"suggestion_total", "建议总数"},
	{"suggestion_statements", "建议数量陈述"},
	{"listed_suggestions", "逐条建议"},
	{"activities", "活动"},
	{"deputy_role", "代表身份活动"},
	{"shortcomings", "不足"},
	{"placeholders", "占位符"},
	{"template_residue", "模板残留"},
	{"quantities", "数量"},
}

// LookupField finds a field by its key or its Chinese label.
func LookupField(name string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == name || f.Label == name {
			return f, true
		}
	}
	return Field{}, false
}

// Doc is one document to score: what the label expects and what the
// extractor found, aligned by part. Expected is nil for a part the
// extractor found and the label does not have; Actual is nil for a part
// the label has and the extractor did not find.
type Doc struct {
	File     string // the document file's name, e.g. 07-village-secretary-2009.txt
	Part     int
	Text     string // the document text the actual offsets point into ("" when Actual is nil)
	Expected *LabelDoc
	Actual   *corpus.Analysis
}

// Outcomes of a failing case.
const (
	OutcomeFP    = "误报" // found, not expected
	OutcomeFN    = "漏报" // expected, not found
	OutcomeWrong = "不符" // found where expected, with another value: one FP and one FN
)

// Case is one failing comparison.
type Case struct {
	File     string  `json:"file"`
	Part     int     `json:"part"`
	Outcome  string  `json:"outcome"`
	Expected *string `json:"expected"` // the expected value, null for a false positive
	Got      *string `json:"got"`      // the extracted value, null for a false negative
	Evidence string  `json:"evidence"` // the extracted item's text, or else the expected anchor
	Start    int     `json:"start"`    // the extracted evidence's offsets, -1 when there is none
	End      int     `json:"end"`
	Context  string  `json:"context"` // the document text around the evidence or the anchor
}

// FieldResult is the score of one field over the corpus.
type FieldResult struct {
	Field     string  `json:"field"`
	Label     string  `json:"label"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// The extracted values the extractor called certain (no review mark):
	// how many were right and wrong, and their precision (1 when there is
	// none); Review counts the values marked for review.
	CertainTP        int     `json:"certain_tp"`
	CertainFP        int     `json:"certain_fp"`
	CertainPrecision float64 `json:"certain_precision"`
	Review           int     `json:"review"`
	Cases            []Case  `json:"cases"`
}

// Result is the evaluation of a corpus.
type Result struct {
	Files     int           `json:"files"`
	Documents int           `json:"documents"` // expected documents
	Fields    []FieldResult `json:"fields"`
	// Over every field: the precision of the values called certain, and
	// how many of the extracted values were marked for review.
	CertainTP        int     `json:"certain_tp"`
	CertainFP        int     `json:"certain_fp"`
	CertainPrecision float64 `json:"certain_precision"`
	Review           int     `json:"review"`
	Extracted        int     `json:"extracted"` // every extracted value scored (TP + FP)
}

// Field returns the result of one field by key, nil if there is none.
func (r *Result) Field(key string) *FieldResult {
	for i := range r.Fields {
		if r.Fields[i].Field == key {
			return &r.Fields[i]
		}
	}
	return nil
}

// Score compares every document's analysis with its label.
func Score(docs []Doc) *Result {
	s := &scorer{fields: map[string]*FieldResult{}}
	res := &Result{}
	files := map[string]bool{}
	for _, f := range Fields {
		res.Fields = append(res.Fields, FieldResult{Field: f.Key, Label: f.Label, Cases: []Case{}})
	}
	for i := range res.Fields {
		s.fields[res.Fields[i].Field] = &res.Fields[i]
	}
	for i := range docs {
		d := &docs[i]
		files[d.File] = true
		if d.Expected != nil {
			res.Documents++
		}
		s.doc(d)
	}
	res.Files = len(files)
	for i := range res.Fields {
		f := &res.Fields[i]
		f.Precision, f.Recall, f.F1 = prf(f.TP, f.FP, f.FN)
		f.CertainPrecision, _, _ = prf(f.CertainTP, f.CertainFP, 0)
		res.CertainTP += f.CertainTP
		res.CertainFP += f.CertainFP
		res.Review += f.Review
		res.Extracted += f.TP + f.FP
	}
	res.CertainPrecision, _, _ = prf(res.CertainTP, res.CertainFP, 0)
	return res
}

// tally counts one extracted value by whether it was right and whether it
// was called certain.
func (f *FieldResult) tally(right, doubtful bool) {
	switch {
	case doubtful:
		f.Review++
	case right:
		f.CertainTP++
	default:
		f.CertainFP++
	}
}

// prf computes precision, recall and F1. With nothing expected and nothing
// found all three are 1; an empty denominator otherwise counts as 1 (no
// false claims, or nothing to find) while F1 stays 0.
func prf(tp, fp, fn int) (p, r, f1 float64) {
	if tp+fp+fn == 0 {
		return 1, 1, 1
	}
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if tp == 0 {
		return p, r, 0
	}
	return p, r, 2 * p * r / (p + r)
}

type scorer struct {
	fields map[string]*FieldResult
}

func (s *scorer) doc(d *Doc) {
	e, a := d.Expected, d.Actual
	if e == nil {
		e = &LabelDoc{}
	}
	var ev corpus.DeputyEvidence
	var yearEv *corpus.Span
	if a != nil {
		ev, yearEv = a.Deputy.Evidence, a.YearEvidence
	} else {
		a = &corpus.Analysis{}
	}

	var kindExp, kindGot *string
	if d.Expected != nil {
		kindExp = ptr(string(d.Expected.Kind))
	}
	if d.Actual != nil {
		kindGot = ptr(string(d.Actual.Kind))
	}
	rv := a.Deputy.Review
	s.scalar("kind", d, kindExp, kindGot, nil, a.KindReview != nil)
	s.scalar("name", d, e.Deputy.Name, a.Deputy.Name, ev.Name, rv.Name != nil)
	s.set("levels", d, e.Deputy.Levels, a.Deputy.Levels, ev.Levels, rv.Levels != nil)
	s.scalar("term", d, e.Deputy.Term, a.Deputy.Term, ev.Term, rv.Term != nil)
	s.scalar("region", d, e.Deputy.Region, a.Deputy.Region, ev.Region, rv.Region != nil)
	s.scalar("position", d, e.Deputy.Position, a.Deputy.Position, ev.Position, rv.Position != nil)
	s.scalar("year", d, itoa(e.Year), itoa(a.Year), yearEv, a.YearReview != nil)
	s.scalar("elected_year", d, itoa(e.Deputy.ElectedYear), itoa(a.Deputy.ElectedYear), ev.ElectedYear, rv.ElectedYear != nil)
	var totalEv *corpus.Span
	for _, st := range a.Suggestions.Statements {
		if st.Own {
			totalEv = &corpus.Span{Text: st.Text, Start: st.Start, End: st.End}
			break
		}
	}
	s.scalar("suggestion_total", d, itoa(e.Suggestions.Total), itoa(a.Suggestions.Total), totalEv, a.Suggestions.TotalReview != nil)

	var exp []expItem
	var act []actItem
	for _, x := range e.Suggestions.Statements {
		exp = append(exp, expItem{countKey(x.Count, x.Approx, x.Placeholder), x.Text})
	}
	for _, x := range a.Suggestions.Statements {
		if x.Own {
			act = append(act, actItem{countKey(x.Count, x.Approx, x.Placeholder), x.Text, x.Start, x.End, x.Review != nil})
		}
	}
	s.items("suggestion_statements", d, exp, act)

	exp, act = nil, nil
	for _, x := range e.Suggestions.Listed {
		exp = append(exp, expItem{"", x.Text})
	}
	for _, x := range a.Suggestions.Listed {
		act = append(act, actItem{"", x.Text, x.Start, x.End, x.Review != nil})
	}
	s.items("listed_suggestions", d, exp, act)

	exp, act = nil, nil
	var roleExp []expItem
	var roleAct []actItem
	for _, x := range e.Activities {
		exp = append(exp, expItem{activityKey(x.Type, x.Count, x.Approx, x.Placeholder, x.Date), x.Text})
		if x.DeputyRole {
			roleExp = append(roleExp, expItem{roleKey(x.Type, x.Count), x.Text})
		}
	}
	for _, x := range a.Activities {
		act = append(act, actItem{activityKey(x.Type, x.Count, x.Approx, x.Placeholder, x.Date), x.Text, x.Start, x.End, x.Review != nil})
		if x.DeputyRole {
			roleAct = append(roleAct, actItem{roleKey(x.Type, x.Count), x.Text, x.Start, x.End, x.Review != nil})
		}
	}
	s.items("activities", d, exp, act)
	s.items("deputy_role", d, roleExp, roleAct)

	exp, act = nil, nil
	for _, x := range e.Shortcomings {
		exp = append(exp, expItem{CleanShortcoming(x.Text), x.Text})
	}
	for _, x := range a.Shortcomings {
		act = append(act, actItem{CleanShortcoming(x.Text), x.Text, x.Start, x.End, x.Review != nil})
	}
	s.items("shortcomings", d, exp, act)

	exp, act = nil, nil
	for _, x := range e.Placeholders.Spans {
		exp = append(exp, expItem{"", x.Text})
	}
	for _, x := range a.Placeholders.Spans {
		act = append(act, actItem{"", x.Text, x.Start, x.End, false})
	}
	s.items("placeholders", d, exp, act)

	exp, act = nil, nil
	for _, x := range e.TemplateResidue {
		exp = append(exp, expItem{"", x.Text})
	}
	for _, x := range a.TemplateResidue {
		act = append(act, actItem{"", x.Text, x.Start, x.End, false})
	}
	s.items("template_residue", d, exp, act)

	exp, act = nil, nil
	for _, x := range e.Quantities {
		exp = append(exp, expItem{quantityKey(x.Value, x.Unit, x.Placeholder), x.Text})
	}
	for _, x := range a.Quantities {
		act = append(act, actItem{quantityKey(x.Value, x.Unit, x.Placeholder), x.Text, x.Start, x.End, x.Review != nil})
	}
	s.items("quantities", d, exp, act)
}

func ptr(s string) *string { return &s }

func itoa(n *int) *string {
	if n == nil {
		return nil
	}
	return ptr(strconv.Itoa(*n))
}

func spanOf(sp *corpus.Span) (string, int, int) {
	if sp == nil {
		return "", -1, -1
	}
	return sp.Text, sp.Start, sp.End
}

// scalar scores a single value: equal and set is a TP; a set value that is
// wrong or not expected is an FP; an expected value missed or wrong is an FN.
func (s *scorer) scalar(field string, d *Doc, exp, got *string, ev *corpus.Span, doubtful bool) {
	f := s.fields[field]
	if exp != nil && got != nil && strings.TrimSpace(*exp) == strings.TrimSpace(*got) {
		f.TP++
		f.tally(true, doubtful)
		return
	}
	if exp == nil && got == nil {
		return
	}
	if got != nil {
		f.tally(false, doubtful)
	}
	c := Case{File: d.File, Part: d.Part, Expected: exp, Got: got}
	c.Evidence, c.Start, c.End = spanOf(ev)
	c.Context = around(d.Text, c.Start, c.End)
	switch {
	case exp == nil:
		f.FP++
		c.Outcome = OutcomeFP
	case got == nil:
		f.FN++
		c.Outcome = OutcomeFN
	default:
		f.FP++
		f.FN++
		c.Outcome = OutcomeWrong
	}
	f.Cases = append(f.Cases, c)
}

// set scores a set of values element by element.
func (s *scorer) set(field string, d *Doc, exp, got []string, ev *corpus.Span, doubtful bool) {
	f := s.fields[field]
	var missed, extra int
	for _, x := range exp {
		if slices.Contains(got, x) {
			f.TP++
		} else {
			missed++
		}
	}
	for _, x := range got {
		right := slices.Contains(exp, x)
		if !right {
			extra++
		}
		f.tally(right, doubtful)
	}
	if missed == 0 && extra == 0 {
		return
	}
	f.FN += missed
	f.FP += extra
	c := Case{File: d.File, Part: d.Part, Outcome: OutcomeWrong}
	if len(exp) > 0 {
		c.Expected = ptr(strings.Join(exp, "、"))
	}
	if len(got) > 0 {
		c.Got = ptr(strings.Join(got, "、"))
	}
	switch {
	case len(exp) == 0:
		c.Outcome = OutcomeFP
	case len(got) == 0:
		c.Outcome = OutcomeFN
	}
	c.Evidence, c.Start, c.End = spanOf(ev)
	c.Context = around(d.Text, c.Start, c.End)
	f.Cases = append(f.Cases, c)
}

// expItem is an expected item: the values it must agree on, rendered as a
// key, and its anchor text.
type expItem struct {
	key    string
	anchor string
}

// actItem is an extracted item: its values rendered as a key, and its
// evidence.
type actItem struct {
	key        string
	text       string
	start, end int
	doubtful   bool // marked for review
}

// overlaps reports whether the span [start,end) overlaps any of occ; an
// empty span counts as the one byte at start.
func overlaps(start, end int, occ [][2]int) bool {
	if end <= start {
		end = start + 1
	}
	for _, o := range occ {
		if start < o[1] && o[0] < end {
			return true
		}
	}
	return false
}

// items matches extracted items to expected ones, one to one: an extracted
// item matches when its key is the expected key and its evidence overlaps
// an occurrence of the expected anchor. Expected items with fewer candidates
// choose first, so that a greedy choice rarely takes another's only match.
func (s *scorer) items(field string, d *Doc, exp []expItem, act []actItem) {
	f := s.fields[field]
	occ := make([][][2]int, len(exp))
	cands := make([][]int, len(exp))
	for i, e := range exp {
		occ[i] = occurrences(d.Text, e.anchor)
		for j, a := range act {
			if a.key == e.key && overlaps(a.start, a.end, occ[i]) {
				cands[i] = append(cands[i], j)
			}
		}
	}
	order := make([]int, len(exp))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(len(cands[x]), len(cands[y])) })
	usedAct := make([]bool, len(act))
	matched := make([]bool, len(exp))
	for _, i := range order {
		for _, j := range cands[i] {
			if !usedAct[j] {
				usedAct[j], matched[i] = true, true
				f.TP++
				break
			}
		}
	}
	for j, a := range act {
		f.tally(usedAct[j], a.doubtful)
	}
	// What is left over: an expected item and an extracted one at the same
	// place are one wrong value; the rest are misses and false alarms.
	for i, e := range exp {
		if matched[i] {
			continue
		}
		f.FN++
		c := Case{File: d.File, Part: d.Part, Outcome: OutcomeFN, Expected: ptr(display(e.key, e.anchor)), Evidence: e.anchor, Start: -1, End: -1}
		if len(occ[i]) > 0 {
			c.Context = around(d.Text, occ[i][0][0], occ[i][0][1])
		}
		for j, a := range act {
			if !usedAct[j] && overlaps(a.start, a.end, occ[i]) {
				usedAct[j] = true
				f.FP++
				c.Outcome = OutcomeWrong
				c.Got = ptr(display(a.key, a.text))
				c.Evidence, c.Start, c.End = a.text, a.start, a.end
				c.Context = around(d.Text, a.start, a.end)
				break
			}
		}
		f.Cases = append(f.Cases, c)
	}
	for j, a := range act {
		if usedAct[j] {
			continue
		}
		f.FP++
		f.Cases = append(f.Cases, Case{File: d.File, Part: d.Part, Outcome: OutcomeFP, Got: ptr(display(a.key, a.text)),
			Evidence: a.text, Start: a.start, End: a.end, Context: around(d.Text, a.start, a.end)})
	}
}

// display is how an item is shown in a case: its values, or its text when
// it is known by its text alone.
func display(key, text string) string {
	if key == "" {
		return text
	}
	return key
}

func countKey(n *int, approx, placeholder bool) string {
	k := "—"
	if n != nil {
		k = strconv.Itoa(*n)
	}
	if approx {
		k += " 约数"
	}
	if placeholder {
		k += " 占位符"
	}
	return k
}

func activityKey(t corpus.ActivityType, n *int, approx, placeholder bool, date *string) string {
	k := string(t) + " " + countKey(n, approx, placeholder)
	if date != nil {
		k += " " + *date
	}
	return k
}

func roleKey(t corpus.ActivityType, n *int) string {
	return string(t) + " " + countKey(n, false, false)
}

func quantityKey(v *float64, unit string, placeholder bool) string {
	k := "—"
	if v != nil {
		k = strconv.FormatFloat(*v, 'f', -1, 64)
	}
	k += " " + unit
	if placeholder {
		k += " 占位符"
	}
	return k
}

// enumerator matches the enumerators that may start a shortcoming: 一是,
// （一）, (1), 1、, 1., ①, 首先, 第一…
var enumerator = regexp.MustCompile(`^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+\s*[、.．]|[一二三四五六七八九十]+、|[①-⑳]|首先|其次|再次|最后|另外|此外|第[一二三四五六七八九十]+)[\s，,、：:]*`)

// CleanShortcoming is the form in which shortcomings are compared: the
// text without surrounding space, a leading enumerator and trailing
// punctuation.
func CleanShortcoming(s string) string {
	s = strings.TrimSpace(s)
	s = enumerator.ReplaceAllString(s, "")
	return strings.TrimRight(strings.TrimSpace(s), "。；;，,.： \t\n")
}

// contextRunes is how much text around a span a case shows on each side.
const contextRunes = 20

// around returns the text around [start,end) with the span in 【】, or ""
// when the span is not in text.
func around(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end || !utf8.ValidString(text[:start]) {
		return ""
	}
	a := start
	for n := 0; a > 0 && n < contextRunes; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:a])
		a -= size
	}
	b := end
	for n := 0; b < len(text) && n < contextRunes; n++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	return text[a:start] + "【" + text[start:end] + "】" + text[end:b]
}
