package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"lvzhi/corpus/sample"
)

// The label types live in corpus/sample, beside the labels.
type (
	Label            = sample.Label
	LabelDoc         = sample.LabelDoc
	LabelSuggestions = sample.LabelSuggestions
	LabelActivity    = sample.LabelActivity
)

var (
	kinds     = []string{"duty_report", "work_report", "essay", "other"}
	levels    = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}
	actTypes  = []string{"congress_session", "deliberation", "inspection", "research", "law_enforcement_check", "appraisal", "supervision", "training", "voter_contact", "publicity", "public_service", "meeting", "general"}
	docFlags  = []string{"placeholder", "template_residue", "no_quantities", "no_shortcomings", "wrong_kind"}
	termRE    = regexp.MustCompile(`^第[一二三四五六七八九十]+届$`)
	dateRE    = regexp.MustCompile(`^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)
	sensibleY = func(y *int) bool { return y == nil || (*y >= 1950 && *y <= 2030) }
)

// parseLabel decodes a label strictly (unknown fields are errors) and checks
// that it agrees with its source and with itself: the rules of
// corpus/sample/README.md that can be checked mechanically.
func parseLabel(name string, data []byte, src *Source) (*Label, error) {
	fail := func(format string, args ...any) (*Label, error) {
		return nil, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Label
	if err := dec.Decode(&l); err != nil {
		return fail("%v", err)
	}
	if l.Out != src.Out || l.Zip != src.Zip {
		return fail("out/zip %q/%q do not match the source's %q/%q", l.Out, l.Zip, src.Out, src.Zip)
	}
	if l.Error != "" {
		if len(l.Documents) != 0 {
			return fail("a label with an error has no documents")
		}
		return &l, nil
	}
	if len(l.Documents) == 0 {
		return fail("no documents and no error")
	}
	for i, d := range l.Documents {
		at := fmt.Sprintf("document %d", i+1)
		if d.Part != i+1 {
			return fail("%s: part %d, want %d", at, d.Part, i+1)
		}
		if !slices.Contains(kinds, d.Kind) {
			return fail("%s: kind %q", at, d.Kind)
		}
		if d.Levels == nil || d.Activities == nil || d.Flags == nil {
			return fail("%s: levels, activities and flags must be lists ([] when empty)", at)
		}
		for _, lv := range d.Levels {
			if !slices.Contains(levels, lv) {
				return fail("%s: level %q", at, lv)
			}
		}
		if d.Term != nil && !termRE.MatchString(*d.Term) {
			return fail("%s: term %q: want 第…届 in Chinese numerals", at, *d.Term)
		}
		if !sensibleY(d.Year) || !sensibleY(d.ElectedYear) {
			return fail("%s: implausible year", at)
		}
		su := d.Suggestions
		if su.Total != nil && *su.Total < 0 || su.Listed < 0 || d.Shortcomings < 0 || d.Placeholders < 0 {
			return fail("%s: negative count", at)
		}
		for j, a := range d.Activities {
			if !slices.Contains(actTypes, a.Type) {
				return fail("%s: activity %d: type %q", at, j+1, a.Type)
			}
			if a.Count != nil && *a.Count <= 0 {
				return fail("%s: activity %d: count %d", at, j+1, *a.Count)
			}
			if a.Placeholder && a.Count != nil {
				return fail("%s: activity %d: a placeholder count is null", at, j+1)
			}
			if a.Date != nil && !dateRE.MatchString(*a.Date) {
				return fail("%s: activity %d: date %q: want 2019, 2019-09 or 2019-09-12", at, j+1, *a.Date)
			}
			if a.Count == nil && !a.Placeholder && a.Date == nil {
				return fail("%s: activity %d: a row needs a count, a placeholder or a date", at, j+1)
			}
		}
		for _, f := range d.Flags {
			if !slices.Contains(docFlags, f) {
				return fail("%s: flag %q", at, f)
			}
		}
		has := func(f string) bool { return slices.Contains(d.Flags, f) }
		if has("placeholder") != (d.Placeholders > 0) {
			return fail("%s: the placeholder flag goes with placeholders > 0", at)
		}
		if has("template_residue") != d.TemplateResidue {
			return fail("%s: the template_residue flag goes with template_residue", at)
		}
		duty := d.Kind == "duty_report"
		if has("no_shortcomings") != (duty && d.Shortcomings == 0) {
			return fail("%s: no_shortcomings is for a duty report with 0 shortcomings, and always then", at)
		}
		if !duty && (su.Total != nil || su.Listed > 0 || len(d.Activities) > 0 || d.Name != nil || len(d.Levels) > 0 ||
			d.Term != nil || d.Position != nil || d.ElectedYear != nil) {
			// Only a duty report has a deputy, suggestions and activities
			// (SPEC §3); a work report may still name its body's region
			// and state shortcomings.
			return fail("%s: a %s has no deputy fields, suggestions or activities", at, d.Kind)
		}
		if has("wrong_kind") && (d.Kind != "essay" && d.Kind != "work_report") {
			return fail("%s: wrong_kind is for an essay or a work report", at)
		}
		// no_quantities: a duty report with no counted activity of the
		// deputy and no suggestion statement. A placeholder where the
		// count belongs is a statement (the placeholder flag covers it).
		stated := su.Total != nil || su.Placeholder
		for _, a := range d.Activities {
			stated = stated || a.DeputyRole && (a.Count != nil || a.Placeholder)
		}
		if has("no_quantities") != (duty && !stated) {
			return fail("%s: no_quantities goes with a duty report that states no count of suggestions or of the deputy's activities", at)
		}
	}
	return &l, nil
}
