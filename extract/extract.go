// Package extract analyses one document: its kind, the deputy's metadata,
// suggestions, activities, shortcomings, other quantities, placeholders and
// template residue, each value with its evidence. Analyze is a pure function
// of the document: no I/O, no global state beyond read-only tables.
//
// Numbers come from the normalised text, not from tokens: gse's
// segmentation serves search, while the extractors read "共提出建议12件"
// directly.
package extract

import "lvzhi/corpus"

// Version is the version of the analysis. Raise it whenever an extractor
// changes its output, so that stored documents can be re-analysed.
const Version = 4

// Analyze extracts everything SPEC §3–4 asks of one document.
func Analyze(document *corpus.Document) corpus.Analysis {
	d := newDoc(document.Text, document.Title)
	a := corpus.Analysis{Version: Version}
	kind, kindEvidence, kindDoubt := classify(d)
	a.Kind, a.KindReview = kind, kindDoubt
	a.Deputy = findDeputy(d, kind)
	if y, s, doubt, ok := findYear(d); ok {
		a.Year, a.YearReview = &y, doubt
		e := d.evidence(s)
		a.YearEvidence = &e
	}
	year := 0
	if a.Year != nil {
		year = *a.Year
	}
	if e := a.Deputy.ElectedYear; e != nil && a.Year != nil && *e > *a.Year && a.Deputy.Review.ElectedYear == nil {
		a.Deputy.Review.ElectedYear = doubt(corpus.DoubtConflicting, "当选年份%d年晚于报告年份%d年", *e, *a.Year)
	}
	a.Suggestions = findSuggestions(d, kind)
	a.Activities = findActivities(d, kind, year, a.YearReview == nil)
	a.Shortcomings = findShortcomings(d, kind)
	a.Quantities = findQuantities(d)
	ph := d.placeholderSpans()
	a.Placeholders = corpus.Placeholders{Count: len(ph), Spans: ph}
	a.TemplateResidue = findResidue(d)
	a.Flags = flagsFor(d, document, &a, kindEvidence)
	a.Normalize()
	return a
}
