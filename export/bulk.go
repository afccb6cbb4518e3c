package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"lvzhi/corpus"
)

// Bulk writes reports in the bulk format of Elasticsearch and OpenSearch
// (NDJSON: an action line, then the document, for each report), so an
// office that outgrows one machine can load its data into an existing
// cluster. Mapping gives the index mapping the documents are written for:
// a Chinese analyzer on the text fields (IK's ik_max_word for indexing
// and ik_smart for search, or the smartcn plugin's smartcn), keywords for
// filters and facets, and nested activities. The mapping is strict, so a
// document that does not fit it is refused by the cluster rather than
// silently mapped another way.
type Bulk struct {
	w     *bufio.Writer
	index string
	n     int
	err   error
}

// Analyzers a bulk export can be mapped for.
const (
	AnalyzerIK      = "ik"      // the IK plugin: ik_max_word to index, ik_smart to search
	AnalyzerSmartCN = "smartcn" // Elastic's smartcn plugin
)

// NewBulk starts a bulk export on w for the named index.
func NewBulk(w io.Writer, index string) *Bulk {
	return &Bulk{w: bufio.NewWriterSize(w, 1<<16), index: index}
}

// bulkDoc is one report as the cluster holds it.
type bulkDoc struct {
	ID          string         `json:"id"`
	Source      string         `json:"source"`
	Member      string         `json:"member"`
	Part        int            `json:"part"`
	Format      string         `json:"format"`
	Kind        string         `json:"kind"`
	Status      string         `json:"status"`
	Counted     bool           `json:"counted"` // counts as a report (a duty report, the chosen version)
	Title       string         `json:"title"`
	Text        string         `json:"text"`
	Deputy      *string        `json:"deputy"`
	Levels      []string       `json:"levels"`
	Term        *string        `json:"term"`
	Region      *string        `json:"region"`
	Position    *string        `json:"position"`
	ElectedYear *int           `json:"elected_year"`
	Year        *int           `json:"year"`
	Suggestions *int           `json:"suggestions"`
	Listed      []string       `json:"listed_suggestions"`
	Activities  []bulkActivity `json:"activities"`
	Shortcoming []string       `json:"shortcomings"`
	Quantities  []bulkQuantity `json:"quantities"`
	Placeholder int            `json:"placeholders"`
	Flags       []string       `json:"flags"`
	CopyRatio   *float64       `json:"copy_ratio"`
	Score       float64        `json:"score"`
}

type bulkActivity struct {
	Type       string  `json:"type"`
	Count      *int    `json:"count"`
	Unit       string  `json:"unit"`
	Date       *string `json:"date"`
	DeputyRole bool    `json:"deputy_role"`
	Text       string  `json:"text"`
}

type bulkQuantity struct {
	Value *float64 `json:"value"`
	Unit  string   `json:"unit"`
	Kind  string   `json:"kind"`
	Text  string   `json:"text"`
}

// Add writes one report: the action line and the document.
func (b *Bulk) Add(r *corpus.Report, x Extra) error {
	if b.err != nil {
		return b.err
	}
	d := bulkDoc{
		ID: r.ID, Source: r.Source, Member: r.Member, Part: r.Part, Format: r.Format, Kind: string(r.Kind),
		Status: string(corpus.StatusCurrent), Counted: r.Kind == corpus.KindDutyReport, Title: r.Title, Text: r.Text,
		Deputy: r.Deputy.Name, Levels: nonNil(r.Deputy.Levels), Term: r.Deputy.Term, Region: r.Deputy.Region,
		Position: r.Deputy.Position, ElectedYear: r.Deputy.ElectedYear, Year: r.Year,
		Suggestions: r.Suggestions.Total, Listed: []string{}, Activities: []bulkActivity{}, Shortcoming: []string{},
		Quantities: []bulkQuantity{}, Placeholder: r.Placeholders.Count, Flags: nonNil(r.FlagCodes()),
		CopyRatio: x.CopyRatio, Score: x.Score,
	}
	if r.State != nil {
		d.Status, d.Counted = string(r.State.Status), r.State.Counted
	}
	for _, l := range r.Suggestions.Listed {
		d.Listed = append(d.Listed, l.Text)
	}
	for _, a := range r.Activities {
		d.Activities = append(d.Activities, bulkActivity{Type: string(a.Type), Count: a.Count, Unit: a.Unit, Date: a.Date, DeputyRole: a.DeputyRole, Text: a.Text})
	}
	for _, s := range r.Shortcomings {
		d.Shortcoming = append(d.Shortcoming, s.Text)
	}
	for _, q := range r.Quantities {
		d.Quantities = append(d.Quantities, bulkQuantity{Value: q.Value, Unit: q.Unit, Kind: q.Kind, Text: q.Text})
	}
	action, err := json.Marshal(map[string]map[string]string{"index": {"_index": b.index, "_id": r.ID}})
	if err != nil {
		b.err = err
		return err
	}
	doc, err := json.Marshal(d)
	if err != nil {
		b.err = err
		return err
	}
	b.w.Write(action)
	b.w.WriteByte('\n')
	b.w.Write(doc)
	_, b.err = b.w.Write([]byte{'\n'})
	b.n++
	return b.err
}

// Close flushes the export; it does not close the writer.
func (b *Bulk) Close() error {
	if b.err != nil {
		return b.err
	}
	return b.w.Flush()
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// Mapping is the index creation body (settings and mappings) for the
// documents Bulk writes, with the given Chinese analyzer.
func Mapping(analyzer string) ([]byte, error) {
	var text map[string]any
	switch analyzer {
	case AnalyzerIK:
		text = map[string]any{"type": "text", "analyzer": "ik_max_word", "search_analyzer": "ik_smart"}
	case AnalyzerSmartCN:
		text = map[string]any{"type": "text", "analyzer": "smartcn"}
	default:
		return nil, fmt.Errorf("未知的分词器 %q：可用 %s、%s", analyzer, AnalyzerIK, AnalyzerSmartCN)
	}
	kw := map[string]any{"type": "keyword"}
	// A keyword that is also searched as text (titles, names).
	textKW := map[string]any{}
	for k, v := range text {
		textKW[k] = v
	}
	textKW["fields"] = map[string]any{"raw": map[string]any{"type": "keyword", "ignore_above": 256}}
	integer := map[string]any{"type": "integer"}
	props := map[string]any{
		"id": kw, "source": kw, "member": kw, "part": integer, "format": kw, "kind": kw, "status": kw,
		"counted": map[string]any{"type": "boolean"}, "title": textKW, "text": text,
		"deputy": kw, "levels": kw, "term": kw, "region": kw, "position": textKW,
		"elected_year": integer, "year": integer, "suggestions": integer, "listed_suggestions": text,
		"activities": map[string]any{"type": "nested", "dynamic": "strict", "properties": map[string]any{
			"type": kw, "count": integer, "unit": kw, "date": kw, "deputy_role": map[string]any{"type": "boolean"}, "text": text,
		}},
		"shortcomings": text,
		"quantities": map[string]any{"type": "nested", "dynamic": "strict", "properties": map[string]any{
			"value": map[string]any{"type": "double"}, "unit": kw, "kind": kw, "text": text,
		}},
		"placeholders": integer, "flags": kw,
		"copy_ratio": map[string]any{"type": "float"}, "score": map[string]any{"type": "float"},
	}
	body := map[string]any{
		"settings": map[string]any{"number_of_shards": 1, "number_of_replicas": 0},
		"mappings": map[string]any{"dynamic": "strict", "properties": props},
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return []byte(sb.String()), nil
}
