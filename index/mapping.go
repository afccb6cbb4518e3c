package index

import (
	"strconv"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"lvzhi/corpus"
)

// Field names in the index. A report's text and title are each indexed
// twice: as gse words (ranking whole-word matches) and as n-grams
// (substring recall and phrases).
const (
	fieldText       = "text"        // gse words; also stores the text, once, for snippets
	fieldNgram      = "ngram"       // n-grams of the text, with positions
	fieldTitle      = "title"       // gse words; stores the title
	fieldTitleNgram = "title_ngram" // n-grams of the title, with positions
	fieldKind       = "kind"
	fieldDeputy     = "deputy"
	fieldRegion     = "region"
	fieldLevel      = "level" // multi-valued
	fieldFlag       = "flag"  // multi-valued flag codes
	fieldSource     = "source"
	fieldMember     = "member"
	fieldPart       = "part"
	fieldYear       = "year"     // number: range filters and sorting
	fieldYearKey    = "year_key" // the year as a keyword, for facets
	fieldStatus     = "status"   // corpus.Status: current, reference, history
)

// newMapping is the mapping of a new index. It is stored inside the index,
// so reopening needs only Register. Only what search needs is indexed: no
// _all field, no dynamic fields, doc values only on the facet and sort
// fields, term vectors only on the n-gram fields (phrases need positions).
func newMapping() *mapping.IndexMappingImpl {
	analyzed := func(name, analyzer string, store, positions bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Name: name, Type: "text", Analyzer: analyzer, Index: true, Store: store, IncludeTermVectors: positions}
	}
	kw := func(name string, store, docValues bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Name: name, Type: "text", Analyzer: keyword.Name, Index: true, Store: store, DocValues: docValues}
	}
	storedOnly := func(name, typ string) *mapping.FieldMapping {
		return &mapping.FieldMapping{Name: name, Type: typ, Store: true}
	}

	doc := mapping.NewDocumentStaticMapping()
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	doc.AddFieldMappingsAt(fieldText,
		analyzed(fieldText, AnalyzerZH, true, false),
		analyzed(fieldNgram, AnalyzerNgram, false, true))
	doc.AddFieldMappingsAt(fieldTitle,
		analyzed(fieldTitle, AnalyzerZH, true, false),
		analyzed(fieldTitleNgram, AnalyzerNgram, false, true))
	doc.AddFieldMappingsAt(fieldKind, kw(fieldKind, true, true))
	doc.AddFieldMappingsAt(fieldDeputy, kw(fieldDeputy, true, true))
	doc.AddFieldMappingsAt(fieldRegion, kw(fieldRegion, true, true))
	doc.AddFieldMappingsAt(fieldLevel, kw(fieldLevel, false, true))
	doc.AddFieldMappingsAt(fieldFlag, kw(fieldFlag, true, true))
	doc.AddFieldMappingsAt(fieldSource, kw(fieldSource, true, false))
	doc.AddFieldMappingsAt(fieldMember, storedOnly(fieldMember, "text"))
	doc.AddFieldMappingsAt(fieldPart, storedOnly(fieldPart, "number"))
	doc.AddFieldMappingsAt(fieldYear, &mapping.FieldMapping{Name: fieldYear, Type: "number", Index: true, Store: true, DocValues: true})
	doc.AddFieldMappingsAt(fieldYearKey, kw(fieldYearKey, false, true))
	doc.AddFieldMappingsAt(fieldStatus, kw(fieldStatus, true, true))

	im := mapping.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = AnalyzerNgram
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}

// document is what the index holds of a report. Absent values are left
// out, so that they are missing from facets rather than counted as "".
func document(r *corpus.Report) map[string]any {
	d := map[string]any{
		fieldText:   r.Text,
		fieldSource: r.Source,
		fieldPart:   r.Part,
		fieldStatus: string(corpus.StatusCurrent),
	}
	if r.State != nil && r.State.Status != "" {
		d[fieldStatus] = string(r.State.Status)
	}
	if r.Title != "" {
		d[fieldTitle] = r.Title
	}
	if r.Member != "" {
		d[fieldMember] = r.Member
	}
	if r.Kind != "" {
		d[fieldKind] = string(r.Kind)
	}
	if r.Deputy.Name != nil && *r.Deputy.Name != "" && !corpus.MaskedName(*r.Deputy.Name) {
		d[fieldDeputy] = *r.Deputy.Name // a masked name (王某某) is no deputy to filter or count by
	}
	if r.Deputy.Region != nil && *r.Deputy.Region != "" {
		d[fieldRegion] = *r.Deputy.Region
	}
	if levels := nonEmpty(r.Deputy.Levels); len(levels) > 0 {
		d[fieldLevel] = levels
	}
	if codes := nonEmpty(r.FlagCodes()); len(codes) > 0 {
		d[fieldFlag] = codes
	}
	if r.Year != nil {
		d[fieldYear] = float64(*r.Year)
		d[fieldYearKey] = strconv.Itoa(*r.Year)
	}
	return d
}

// nonEmpty returns the distinct non-empty strings of ss, in order.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
