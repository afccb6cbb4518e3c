package extract

import (
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"lvzhi/corpus"
	"lvzhi/corpus/sample"
	"lvzhi/ingest"
)

// The bundled sample corpus and the labels its authors wrote by hand for
// every document (corpus/sample/README.md).
const (
	sampleFiles  = "../corpus/sample/files"
	sampleLabels = "../corpus/sample/labels"
)

var verboseSample = flag.Bool("sample.v", false, "print every disagreement with the sample labels")

// readSample reads every labelled file of the sample corpus with ingest and
// returns its labels and the documents read (nil when reading failed).
func readSample(t *testing.T) (map[string]sample.Label, map[string][]corpus.Document) {
	t.Helper()
	list, err := sample.ReadLabels(sampleLabels)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]sample.Label{}
	docs := map[string][]corpus.Document{}
	for _, nl := range list {
		key, lf := nl.Name, nl.Label
		labels[key] = lf
		if lf.Error != "" {
			continue
		}
		var src ingest.Source
		if lf.Zip != "" {
			src = zipMember(t, filepath.Join(sampleFiles, lf.Zip), lf.Out)
		} else {
			if src, err = ingest.FileSource(filepath.Join(sampleFiles, lf.Out)); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
		}
		f, err := ingest.Read(src, ingest.Options{})
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		docs[key] = f.Docs
	}
	return labels, docs
}

// zipMember finds one member of a zip through ingest.Walk.
func zipMember(t *testing.T, zip, member string) ingest.Source {
	t.Helper()
	var found ingest.Source
	_ = ingest.Walk(t.Context(), []string{zip}, ingest.Options{}, func(src ingest.Source, err error) error {
		if err == nil && src.Member == member {
			found = src
		}
		return nil
	})
	if found.Member == "" {
		t.Fatalf("%s has no member %s", zip, member)
	}
	return found
}

// fieldScore tallies agreement with the labels for one field.
type fieldScore struct {
	agree, total int
	misses       []string
}

// TestSampleLabels checks extract against the hand labels of the sample
// corpus, field by field. The floors below are what the extractor reaches
// today; they may only rise. Run with -sample.v to see each disagreement.
func TestSampleLabels(t *testing.T) {
	labels, docs := readSample(t)
	scores := map[string]*fieldScore{}
	check := func(field, where string, ok bool, got, want any) {
		s := scores[field]
		if s == nil {
			s = &fieldScore{}
			scores[field] = s
		}
		s.total++
		if ok {
			s.agree++
			return
		}
		s.misses = append(s.misses, fmt.Sprintf("%s: got %v, want %v", where, show(got), show(want)))
	}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		lf := labels[key]
		if lf.Error != "" {
			continue
		}
		got := docs[key]
		check("parts", key, len(got) == len(lf.Documents), len(got), len(lf.Documents))
		for i, want := range lf.Documents {
			if i >= len(got) {
				break
			}
			where := fmt.Sprintf("%s#%d", key, want.Part)
			a := Analyze(&got[i])
			d := a.Deputy
			check("kind", where, string(a.Kind) == want.Kind, a.Kind, want.Kind)
			if want.Kind != string(a.Kind) {
				continue // the other fields mean little for a document of the wrong kind
			}
			check("name", where, eqStr(d.Name, want.Name), d.Name, want.Name)
			check("levels", where, reflect.DeepEqual(nonNil(d.Levels), nonNil(want.Levels)), d.Levels, want.Levels)
			check("term", where, eqStr(d.Term, want.Term), d.Term, want.Term)
			check("region", where, eqStr(d.Region, want.Region), d.Region, want.Region)
			check("position", where, eqStr(d.Position, want.Position), d.Position, want.Position)
			check("year", where, eqInt(a.Year, want.Year), a.Year, want.Year)
			check("elected_year", where, eqInt(d.ElectedYear, want.ElectedYear), d.ElectedYear, want.ElectedYear)
			s := a.Suggestions
			check("suggestions.total", where, eqInt(s.Total, want.Suggestions.Total) && s.Approx == want.Suggestions.Approx && s.Placeholder == want.Suggestions.Placeholder,
				fmt.Sprintf("%v approx=%v ph=%v", show(s.Total), s.Approx, s.Placeholder),
				fmt.Sprintf("%v approx=%v ph=%v", show(want.Suggestions.Total), want.Suggestions.Approx, want.Suggestions.Placeholder))
			check("suggestions.listed", where, len(s.Listed) == want.Suggestions.Listed, len(s.Listed), want.Suggestions.Listed)
			var ga, wa []string
			for _, x := range a.Activities {
				ga = append(ga, activityKey(string(x.Type), x.Count, x.DeputyRole))
			}
			for _, x := range want.Activities {
				wa = append(wa, activityKey(x.Type, x.Count, x.DeputyRole))
			}
			sort.Strings(ga)
			sort.Strings(wa)
			check("activities", where, reflect.DeepEqual(ga, wa), ga, wa)
			check("shortcomings", where, len(a.Shortcomings) == want.Shortcomings, shortcomingTexts(a.Shortcomings), want.Shortcomings)
			check("placeholders", where, a.Placeholders.Count == want.Placeholders, placeholderTexts(a.Placeholders), want.Placeholders)
			check("template_residue", where, (len(a.TemplateResidue) > 0) == want.TemplateResidue, len(a.TemplateResidue), want.TemplateResidue)
			gf := a.FlagCodes()
			sort.Strings(gf)
			wf := append([]string(nil), want.Flags...)
			sort.Strings(wf)
			check("flags", where, reflect.DeepEqual(nonNil(gf), nonNil(wf)), gf, wf)
		}
	}
	var fields []string
	for f := range scores {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		s := scores[f]
		rate := float64(s.agree) / float64(s.total)
		t.Logf("%-20s %3d/%3d  %.2f", f, s.agree, s.total, rate)
		if *verboseSample {
			for _, m := range s.misses {
				t.Logf("    %s", m)
			}
		}
		if floor, ok := sampleFloors[f]; !ok || rate < floor {
			t.Errorf("%s: agreement %.2f below the floor %.2f (run with -sample.v to see why)", f, rate, floor)
		}
	}
}

// sampleFloors are the agreement rates the extractor must keep on the sample
// corpus. Raise them as it improves; never lower them.
var sampleFloors = map[string]float64{
	"parts": 1, "kind": 1, "name": 1, "levels": 1, "term": 1, "region": 1, "position": 1,
	"year": 1, "elected_year": 1, "suggestions.total": 1, "suggestions.listed": 1,
	"activities": 1, "shortcomings": 1, "placeholders": 1, "template_residue": 1, "flags": 1,
}

func activityKey(typ string, count *int, role bool) string {
	c := "null"
	if count != nil {
		c = fmt.Sprint(*count)
	}
	r := "job"
	if role {
		r = "deputy"
	}
	return typ + ":" + c + ":" + r
}

func eqStr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqInt(a, b *int) bool    { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func show(v any) any {
	switch x := v.(type) {
	case *string:
		if x == nil {
			return "null"
		}
		return *x
	case *int:
		if x == nil {
			return "null"
		}
		return *x
	}
	return v
}

func shortcomingTexts(s []corpus.Shortcoming) string {
	var t []string
	for _, x := range s {
		t = append(t, x.Text)
	}
	return fmt.Sprintf("%d %q", len(s), t)
}

func placeholderTexts(p corpus.Placeholders) string {
	var t []string
	for _, x := range p.Spans {
		t = append(t, x.Text)
	}
	return fmt.Sprintf("%d [%s]", p.Count, strings.Join(t, " "))
}
