package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lvzhi/corpus"
)

func iptr(n int) *int { return &n }

// span returns the offsets of the first occurrence of sub in text.
func span(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	k := strings.Index(text, sub)
	if k < 0 {
		t.Fatalf("%q not in text", sub)
	}
	return k, k + len(sub)
}

// one scores a single document and returns the result of one field.
func one(t *testing.T, field, text string, exp *LabelDoc, act *corpus.Analysis) *FieldResult {
	t.Helper()
	r := Score([]Doc{{File: "t.txt", Part: 1, Text: text, Expected: exp, Actual: act}})
	f := r.Field(field)
	if f == nil {
		t.Fatalf("no field %q", field)
	}
	return f
}

func counts(t *testing.T, f *FieldResult, tp, fp, fn int) {
	t.Helper()
	if f.TP != tp || f.FP != fp || f.FN != fn {
		t.Errorf("%s: tp/fp/fn = %d/%d/%d, want %d/%d/%d (cases %+v)", f.Field, f.TP, f.FP, f.FN, tp, fp, fn, f.Cases)
	}
}

func TestWrongCountIsFPAndFN(t *testing.T) {
	text := "一年来，我提出建议5件，参加视察2次。"
	s, e := span(t, text, "提出建议5件")
	exp := &LabelDoc{Kind: corpus.KindDutyReport}
	exp.Suggestions.Statements = []LabelStatement{{Text: "提出建议5件", Count: iptr(5)}}
	act := &corpus.Analysis{Kind: corpus.KindDutyReport}
	act.Suggestions.Statements = []corpus.SuggestionStatement{{Text: "提出建议5件", Count: iptr(3), Own: true, Start: s, End: e}}
	f := one(t, "suggestion_statements", text, exp, act)
	counts(t, f, 0, 1, 1)
	if len(f.Cases) != 1 || f.Cases[0].Outcome != OutcomeWrong || *f.Cases[0].Expected != "5" || *f.Cases[0].Got != "3" {
		t.Errorf("cases = %+v, want one 不符 case 5 vs 3", f.Cases)
	}

	// The right count matches; a statement that is not the deputy's own
	// is not scored at all.
	act.Suggestions.Statements[0].Count = iptr(5)
	act.Suggestions.Statements = append(act.Suggestions.Statements, corpus.SuggestionStatement{Text: "视察2次", Count: iptr(2), Own: false, Start: s, End: e})
	counts(t, one(t, "suggestion_statements", text, exp, act), 1, 0, 0)

	// An approximate count is another value.
	act.Suggestions.Statements[0].Approx = true
	counts(t, one(t, "suggestion_statements", text, exp, act), 0, 1, 1)
}

// TestCertainPrecision: values without a review mark are scored apart, a
// marked value is counted for review whether right or wrong.
func TestCertainPrecision(t *testing.T) {
	text := "一年来，我参加视察2次，调研3次，走访选民4次。"
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Year: iptr(2020)}
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Year: iptr(2021), YearReview: &corpus.Doubt{Code: corpus.DoubtWeakRule, Reason: "…"}}
	for _, a := range []struct {
		anchor string
		typ    corpus.ActivityType
		want   int
		got    int
		doubt  bool
	}{
		{"视察2次", corpus.ActInspection, 2, 2, false},    // certain and right
		{"调研3次", corpus.ActResearch, 3, 4, false},      // certain and wrong
		{"走访选民4次", corpus.ActVoterContact, 4, 5, true}, // marked, wrong
	} {
		s, e := span(t, text, a.anchor)
		exp.Activities = append(exp.Activities, LabelActivity{Type: a.typ, Count: iptr(a.want), Text: a.anchor})
		x := corpus.Activity{Type: a.typ, Count: iptr(a.got), Text: a.anchor, Start: s, End: e}
		if a.doubt {
			x.Review = &corpus.Doubt{Code: corpus.DoubtWeakRule, Reason: "…"}
		}
		act.Activities = append(act.Activities, x)
	}
	r := Score([]Doc{{File: "01-t.txt", Part: 1, Text: text, Expected: exp, Actual: act}})
	f := r.Field("activities")
	if f.CertainTP != 1 || f.CertainFP != 1 || f.Review != 1 || f.CertainPrecision != 0.5 {
		t.Errorf("activities: certain %d/%d (precision %v), review %d; want 1/1 (0.5), 1", f.CertainTP, f.CertainFP, f.CertainPrecision, f.Review)
	}
	if y := r.Field("year"); y.Review != 1 || y.CertainTP+y.CertainFP != 0 {
		t.Errorf("year: review %d, certain %d/%d; want the marked wrong year counted for review only", y.Review, y.CertainTP, y.CertainFP)
	}
	if r.CertainTP != 2 || r.CertainFP != 1 || r.Review != 2 {
		t.Errorf("total: certain %d/%d, review %d; want 2/1 (kind and the inspection right), 2", r.CertainTP, r.CertainFP, r.Review)
	}
}

func TestOverlapElsewhereDoesNotMatch(t *testing.T) {
	text := "参加视察2次，调研3次。"
	s, e := span(t, text, "调研3次")
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Activities: []LabelActivity{
		{Type: corpus.ActInspection, Count: iptr(2), DeputyRole: true, Text: "视察2次"}}}
	// The right type and count, but the evidence is the other sentence.
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Activities: []corpus.Activity{
		{Type: corpus.ActInspection, Count: iptr(2), DeputyRole: true, Text: "调研3次", Start: s, End: e}}}
	f := one(t, "activities", text, exp, act)
	counts(t, f, 0, 1, 1)
	for _, c := range f.Cases {
		if c.Outcome == OutcomeWrong {
			t.Errorf("an item elsewhere was paired as a wrong value: %+v", c)
		}
	}
	// Moved onto the anchor it matches, in both activities and deputy_role.
	act.Activities[0].Start, act.Activities[0].End = span(t, text, "视察2次")
	counts(t, one(t, "activities", text, exp, act), 1, 0, 0)
	counts(t, one(t, "deputy_role", text, exp, act), 1, 0, 0)
	// A partial overlap is enough: evidence that is the whole sentence.
	act.Activities[0].Start, act.Activities[0].End = 0, len(text)
	counts(t, one(t, "activities", text, exp, act), 1, 0, 0)
}

func TestActivityValues(t *testing.T) {
	text := "2023年4月12日到清河镇开展食品安全视察，全镇培训农民6场次。"
	ds, de := span(t, text, "2023年4月12日")
	ts, te := span(t, text, "培训农民6场次")
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Activities: []LabelActivity{
		{Type: corpus.ActInspection, DeputyRole: true, Date: new("2023-04-12"), Text: "2023年4月12日"},
		{Type: corpus.ActTraining, Count: iptr(6), DeputyRole: false, Text: "培训农民6场次"}}}
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Activities: []corpus.Activity{
		{Type: corpus.ActInspection, DeputyRole: true, Date: new("2023-04"), Start: ds, End: de},
		{Type: corpus.ActTraining, Count: iptr(6), DeputyRole: true, Start: ts, End: te}}}
	// The date is wrong (month only); the training row is right.
	counts(t, one(t, "activities", text, exp, act), 1, 1, 1)
	// deputy_role: the inspection is a deputy's row in both (its date does
	// not matter there); the day job's training was taken for a deputy's.
	counts(t, one(t, "deputy_role", text, exp, act), 1, 1, 0)
}

func TestShortcomingsExact(t *testing.T) {
	text := "存在的不足：一是学习还不够系统。二是联系选民不够经常，今后要多走访。"
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Shortcomings: []LabelText{
		{Text: "学习还不够系统"}, {Text: "联系选民不够经常"}}}
	sc := func(sub string) corpus.Shortcoming {
		s, e := span(t, text, sub)
		return corpus.Shortcoming{Text: sub, Start: s, End: e}
	}
	// The enumerator and the final 。 are not part of the comparison; a
	// trailing 今后… clause is.
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Shortcomings: []corpus.Shortcoming{
		sc("一是学习还不够系统。"), sc("联系选民不够经常，今后要多走访")}}
	f := one(t, "shortcomings", text, exp, act)
	counts(t, f, 1, 1, 1)
	if len(f.Cases) != 1 || f.Cases[0].Outcome != OutcomeWrong {
		t.Errorf("cases = %+v, want one 不符 case", f.Cases)
	}
	act.Shortcomings[1] = sc("二是联系选民不够经常，")
	counts(t, one(t, "shortcomings", text, exp, act), 2, 0, 0)
}

func TestCleanShortcoming(t *testing.T) {
	for in, want := range map[string]string{
		" 一是学习还不够系统。":   "学习还不够系统",
		"（二）调研不够深入；":    "调研不够深入",
		"(3) 联系群众不够；":   "联系群众不够",
		"1、履职能力有待提高":    "履职能力有待提高",
		"2. 履职能力有待提高;":  "履职能力有待提高",
		"首先，学习不够，理解不深，": "学习不够，理解不深",
		"学习还不够系统":       "学习还不够系统",
	} {
		if got := CleanShortcoming(in); got != want {
			t.Errorf("CleanShortcoming(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScalars(t *testing.T) {
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Deputy: LabelDeputy{Name: new("张建华"), Levels: []string{"市", "镇"}}, Year: iptr(2023)}
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Deputy: corpus.Deputy{Name: new("张建"), Levels: []string{"镇", "县"}, Term: new("第十七届")}, Year: iptr(2023)}
	r := Score([]Doc{{File: "t.txt", Part: 1, Expected: exp, Actual: act}})
	counts(t, r.Field("kind"), 1, 0, 0)
	counts(t, r.Field("name"), 0, 1, 1)   // wrong: both
	counts(t, r.Field("levels"), 1, 1, 1) // a set: 镇 right, 县 extra, 市 missed
	counts(t, r.Field("term"), 0, 1, 0)   // not expected
	counts(t, r.Field("region"), 0, 0, 0) // null in both: nothing
	counts(t, r.Field("year"), 1, 0, 0)
	act.Year = nil
	r = Score([]Doc{{File: "t.txt", Part: 1, Expected: exp, Actual: act}})
	counts(t, r.Field("year"), 0, 0, 1) // missed
	if f := r.Field("region"); f.Precision != 1 || f.Recall != 1 || f.F1 != 1 {
		t.Errorf("empty field: P/R/F1 = %v/%v/%v, want 1/1/1", f.Precision, f.Recall, f.F1)
	}
}

func TestUnalignedParts(t *testing.T) {
	text := "本人王某某，参加视察2次。"
	s, e := span(t, text, "视察2次")
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Placeholders: LabelPlaceholders{Count: 1, Spans: []LabelText{{Text: "某某"}}}}
	act := &corpus.Analysis{Kind: corpus.KindEssay, Activities: []corpus.Activity{{Type: corpus.ActInspection, Count: iptr(2), Start: s, End: e}}}
	r := Score([]Doc{
		{File: "t.txt", Part: 1, Expected: exp},           // the reader found one part too few
		{File: "t.txt", Part: 2, Text: text, Actual: act}, // or one too many
		{File: "u.txt", Part: 1, Text: text, Expected: exp, Actual: &corpus.Analysis{Kind: corpus.KindDutyReport}},
	})
	counts(t, r.Field("kind"), 1, 1, 1)
	counts(t, r.Field("activities"), 0, 1, 0)
	counts(t, r.Field("placeholders"), 0, 0, 2)
	if r.Files != 2 || r.Documents != 2 {
		t.Errorf("files/documents = %d/%d, want 2/2", r.Files, r.Documents)
	}
}

func TestPlaceholdersOneToOne(t *testing.T) {
	text := "提出建议**件，参加活动**次，本人王某某。"
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Placeholders: LabelPlaceholders{Count: 3, Spans: []LabelText{{Text: "**"}, {Text: "**"}, {Text: "某某"}}}}
	k := strings.Index(text, "**")
	k2 := strings.LastIndex(text, "**")
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Placeholders: corpus.Placeholders{Count: 3, Spans: []corpus.PlaceholderSpan{
		{Span: corpus.Span{Text: "**", Start: k, End: k + 2}},
		{Span: corpus.Span{Text: "**", Start: k2, End: k2 + 2}},
		{Span: corpus.Span{Text: "**", Start: k2, End: k2 + 2}}, // a duplicate is not a third match
	}}}
	counts(t, one(t, "placeholders", text, exp, act), 2, 1, 1)
}

func TestQuantities(t *testing.T) {
	text := "协调资金18万元，办结率达96%，改造**户。"
	q := func(sub string, v *float64, unit string, ph bool) corpus.Quantity {
		s, e := span(t, text, sub)
		return corpus.Quantity{Value: v, Unit: unit, Placeholder: ph, Text: sub, Start: s, End: e}
	}
	exp := &LabelDoc{Kind: corpus.KindDutyReport, Quantities: []LabelQuantity{
		{Value: new(18.0), Unit: "万元", Text: "18万元"},
		{Value: new(96.0), Unit: "%", Text: "96%"},
		{Unit: "户", Placeholder: true, Text: "**户"}}}
	act := &corpus.Analysis{Kind: corpus.KindDutyReport, Quantities: []corpus.Quantity{
		q("18万元", new(18.0), "万元", false),
		q("96%", new(0.96), "%", false),
		q("**户", nil, "户", true)}}
	counts(t, one(t, "quantities", text, exp, act), 2, 1, 1)
}

func TestPRF(t *testing.T) {
	for _, tt := range []struct {
		tp, fp, fn int
		p, r, f1   float64
	}{
		{0, 0, 0, 1, 1, 1},
		{3, 1, 0, 0.75, 1, 6.0 / 7},
		{0, 0, 2, 1, 0, 0},
		{0, 2, 0, 0, 1, 0},
		{1, 1, 1, 0.5, 0.5, 0.5},
	} {
		p, r, f1 := prf(tt.tp, tt.fp, tt.fn)
		if math.Abs(p-tt.p) > 1e-9 || math.Abs(r-tt.r) > 1e-9 || math.Abs(f1-tt.f1) > 1e-9 {
			t.Errorf("prf(%d,%d,%d) = %v,%v,%v, want %v,%v,%v", tt.tp, tt.fp, tt.fn, p, r, f1, tt.p, tt.r, tt.f1)
		}
	}
}

func TestAnchorForms(t *testing.T) {
	// The reader turns full-width digits to ASCII and unescapes markdown.
	text := "提出建议12件，参加活动**次"
	if len(occurrences(text, "提出建议１２件")) != 1 {
		t.Error("a full-width anchor is not found in normalised text")
	}
	if len(occurrences(text, `活动\*\*次`)) != 1 {
		t.Error("a markdown-escaped anchor is not found")
	}
	if n := len(occurrences("**a**", "**")); n != 2 {
		t.Errorf("occurrences = %d, want 2", n)
	}
	// A markdown table row is read as tab-separated cells.
	row := "序号\t活动内容\t次数\n1\t参加专题调研\t2次\t农村养老"
	for _, a := range []string{"参加专题调研 | 2次", "| 参加专题调研 | 2次 |", "参加专题调研|2次"} {
		if len(occurrences(row, a)) != 1 {
			t.Errorf("table anchor %q is not found in the reader's cells", a)
		}
	}
	if len(occurrences(row, "参加专题调研 | 3次")) != 0 {
		t.Error("a table anchor with another cell is found")
	}
}

func TestParseLabel(t *testing.T) {
	good := `{"source": "a.txt", "documents": [{"part": 1, "kind": "essay",
	  "deputy": {"name": null, "levels": [], "term": null, "region": null, "position": null, "elected_year": null},
	  "year": null,
	  "suggestions": {"total": null, "approx": false, "placeholder": false, "statements": [], "listed": []},
	  "activities": [], "shortcomings": [], "quantities": [],
	  "placeholders": {"count": 0, "spans": []}, "template_residue": [], "notes": ""}]}`
	if _, err := ParseLabel("a.json", []byte(good)); err != nil {
		t.Fatalf("good label: %v", err)
	}
	for name, tt := range map[string]struct{ from, to, want string }{
		"missing key":   {`"year": null,`, ``, "缺少字段 year"},
		"missing inner": {`"term": null, `, ``, "deputy.term"},
		"unknown key":   {`"notes"`, `"note"`, `unknown field "note"`},
		"bad kind":      {`"essay"`, `"report"`, `kind "report"`},
		"bad part":      {`"part": 1`, `"part": 2`, "part 应为 1"},
		"bad level":     {`"levels": []`, `"levels": ["村"]`, `"村"`},
		"bad count":     {`"count": 0`, `"count": 1`, "placeholders.count"},
		"empty anchor":  {`"shortcomings": []`, `"shortcomings": [{"text": " "}]`, "锚点"},
		"bad type":      {`"activities": []`, `"activities": [{"type": "visit", "count": 1, "approx": false, "placeholder": false, "deputy_role": true, "date": "2021-4", "text": "x"}]`, `"visit"`},
		"bad date":      {`"activities": []`, `"activities": [{"type": "research", "count": 1, "approx": false, "placeholder": false, "deputy_role": true, "date": "2021-4", "text": "x"}]`, `"2021-4"`},
		"item key":      {`"quantities": []`, `"quantities": [{"value": 1, "text": "1户"}]`, "quantities[0].unit"},
	} {
		bad := strings.Replace(good, tt.from, tt.to, 1)
		_, err := ParseLabel("a.json", []byte(bad))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "a.json") {
			t.Errorf("%s: err = %v, want one naming a.json and %q", name, err, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	res, err := Evaluate(context.Background(), "testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || res.Documents != 1 || res.Field("kind").TP != 1 {
		t.Errorf("files %d, documents %d, kind %+v", res.Files, res.Documents, res.Field("kind"))
	}

	_, err = Load(context.Background(), "testdata/bad")
	if err == nil {
		t.Fatal("bad corpus loaded without error")
	}
	for _, want := range []string{
		"expected/03-orphan.json: docs/ 中没有对应的文档",
		`expected/01-tiny.json 第 1 部分: activities[1] 的锚点 "视察3次" 不在文档 01-tiny.txt 中`,
		"docs/02-unlabelled.txt: 没有标注文件",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
	if _, err := Load(context.Background(), "testdata/none"); err == nil {
		t.Error("a missing directory loaded without error")
	}
}

func TestFloors(t *testing.T) {
	r := &Result{Fields: []FieldResult{{Field: "kind", Label: "类型", F1: 0.9}, {Field: "name", Label: "姓名", F1: 0.5}}}
	got := r.BelowFloors(map[string]float64{"kind": 0.9, "name": 0.6})
	if len(got) != 1 || !strings.Contains(got[0], "name") {
		t.Errorf("BelowFloors = %q, want name only", got)
	}
}

func TestReadFloors(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "floors.json")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f, err := ReadFloors(write(`{"all": {"kind": 0.9}, "batches": [{"name": "batch 2", "files": "201-299", "floors": {"name": 0.8}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b := &f.Batches[0]
	for file, want := range map[string]bool{"201-a.txt": true, "299-z.md": true, "200-x.txt": false, "301-y.txt": false, "21-x.txt": false, "x.txt": false} {
		if b.Holds(file) != want {
			t.Errorf("%s: Holds = %v, want %v", file, !want, want)
		}
	}
	for _, bad := range []string{
		`{"all": {"kynd": 0.9}}`,
		`{"all": {"kind": 1.2}}`,
		`{"all": {}, "batches": [{"name": "b", "files": "299-201", "floors": {}}]}`,
		`{"all": {}, "batches": [{"name": "b", "files": "1xx", "floors": {}}]}`,
		`{"kind": 0.9}`,
	} {
		if _, err := ReadFloors(write(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	// A batch is scored on its own documents.
	docs := []Doc{
		{File: "01-a.txt", Part: 1, Expected: &LabelDoc{Kind: "essay"}, Actual: &corpus.Analysis{Kind: "essay"}},
		{File: "201-b.txt", Part: 1, Expected: &LabelDoc{Kind: "essay"}, Actual: &corpus.Analysis{Kind: "other"}},
	}
	f.All = map[string]float64{"kind": 0.5}
	f.Batches[0].Floors = map[string]float64{"kind": 0.5}
	if got := f.Check(docs); len(got) != 1 || !strings.HasPrefix(got[0], "batch 2: kind") {
		t.Errorf("Check = %q, want batch 2's kind below its floor only", got)
	}
}

func TestAround(t *testing.T) {
	text := "一年来，我参加专题调研3次。"
	s, e := span(t, text, "调研3次")
	if got := around(text, s, e); got != "一年来，我参加专题【调研3次】。" {
		t.Errorf("around = %q", got)
	}
	if got := around(text, -1, -1); got != "" {
		t.Errorf("around of no span = %q, want empty", got)
	}
}
