package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// ReviewItem is one extracted value marked for review, for the faces that
// show them (show, flags, the workbook): what it is, where it came from and
// why it is doubtful.
type ReviewItem struct {
	Field    string `json:"field"`    // the JSON path of the value: deputy.name, activities[3]…
	Label    string `json:"label"`    // the field's Chinese name
	Value    string `json:"value"`    // the value as the analyst reads it
	Evidence *Span  `json:"evidence"` // where it was found, nil when not recorded
	Doubt    Doubt  `json:"doubt"`
}

// Reviews lists the values of the analysis that need review, in the order
// of the contract (kind, deputy, year, suggestions, activities,
// shortcomings, quantities).
func (a *Analysis) Reviews() []ReviewItem {
	var out []ReviewItem
	add := func(field, label, value string, ev *Span, d *Doubt) {
		if d != nil {
			out = append(out, ReviewItem{Field: field, Label: label, Value: value, Evidence: ev, Doubt: *d})
		}
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	add("kind", "类型", a.Kind.Label(), nil, a.KindReview)
	dep, ev, rv := &a.Deputy, &a.Deputy.Evidence, &a.Deputy.Review
	add("deputy.name", "姓名", str(dep.Name), ev.Name, rv.Name)
	add("deputy.levels", "层级", strings.Join(dep.Levels, "、"), ev.Levels, rv.Levels)
	add("deputy.term", "届次", str(dep.Term), ev.Term, rv.Term)
	add("deputy.region", "地区", str(dep.Region), ev.Region, rv.Region)
	add("deputy.position", "职务", str(dep.Position), ev.Position, rv.Position)
	add("deputy.elected_year", "当选年份", num(dep.ElectedYear), ev.ElectedYear, rv.ElectedYear)
	add("year", "报告年份", num(a.Year), a.YearEvidence, a.YearReview)
	add("suggestions.total", "建议总数", num(a.Suggestions.Total), nil, a.Suggestions.TotalReview)
	for i, s := range a.Suggestions.Statements {
		add(fmt.Sprintf("suggestions.statements[%d]", i), "建议数量陈述", s.Text, &Span{s.Text, s.Start, s.End}, s.Review)
	}
	for i, s := range a.Suggestions.Listed {
		add(fmt.Sprintf("suggestions.listed[%d]", i), "逐条建议", s.Text, &Span{s.Text, s.Start, s.End}, s.Review)
	}
	for i, x := range a.Activities {
		add(fmt.Sprintf("activities[%d]", i), "活动", x.Type.Label()+" "+x.Text, &Span{x.Text, x.Start, x.End}, x.Review)
	}
	for i, x := range a.Shortcomings {
		add(fmt.Sprintf("shortcomings[%d]", i), "不足", x.Text, &Span{x.Text, x.Start, x.End}, x.Review)
	}
	for i, x := range a.Quantities {
		add(fmt.Sprintf("quantities[%d]", i), "数量", x.Text, &Span{x.Text, x.Start, x.End}, x.Review)
	}
	return out
}
