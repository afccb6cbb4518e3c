package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"lvzhi/corpus"
)

// Label is one expected/NN-slug.json: the hand-checked analysis of the
// documents of one file (the SPEC §7 shape without offsets; every text is an
// anchor, an exact substring of the document).
type Label struct {
	Source    string     `json:"source"`
	Documents []LabelDoc `json:"documents"`
}

// LabelDoc is the expected analysis of one document of a file.
type LabelDoc struct {
	Part            int               `json:"part"`
	Kind            corpus.Kind       `json:"kind"`
	Deputy          LabelDeputy       `json:"deputy"`
	Year            *int              `json:"year"`
	Suggestions     LabelSuggestions  `json:"suggestions"`
	Activities      []LabelActivity   `json:"activities"`
	Shortcomings    []LabelText       `json:"shortcomings"`
	Quantities      []LabelQuantity   `json:"quantities"`
	Placeholders    LabelPlaceholders `json:"placeholders"`
	TemplateResidue []LabelText       `json:"template_residue"`
	Notes           any               `json:"notes"`
}

// LabelDeputy is the expected deputy metadata.
type LabelDeputy struct {
	Name        *string  `json:"name"`
	Levels      []string `json:"levels"`
	Term        *string  `json:"term"`
	Region      *string  `json:"region"`
	Position    *string  `json:"position"`
	ElectedYear *int     `json:"elected_year"`
}

// LabelSuggestions is the expected suggestion counts and list.
type LabelSuggestions struct {
	Total       *int             `json:"total"`
	Approx      bool             `json:"approx"`
	Placeholder bool             `json:"placeholder"`
	Statements  []LabelStatement `json:"statements"`
	Listed      []LabelListed    `json:"listed"`
}

// LabelStatement is one expected statement of the deputy's own count.
type LabelStatement struct {
	Text        string `json:"text"`
	Count       *int   `json:"count"`
	Approx      bool   `json:"approx"`
	Placeholder bool   `json:"placeholder"`
	Kind        string `json:"kind"` // accepted, not scored
}

// LabelListed is one expected suggestion listed by itself.
type LabelListed struct {
	Text  string `json:"text"`
	Topic string `json:"topic"` // accepted, not scored
}

// LabelActivity is one expected activity row.
type LabelActivity struct {
	Type        corpus.ActivityType `json:"type"`
	Count       *int                `json:"count"`
	Unit        string              `json:"unit"` // accepted, not scored
	Approx      bool                `json:"approx"`
	Placeholder bool                `json:"placeholder"`
	DeputyRole  bool                `json:"deputy_role"`
	Date        *string             `json:"date"`
	Text        string              `json:"text"`
}

// LabelQuantity is one expected quantity row.
type LabelQuantity struct {
	Value       *float64 `json:"value"`
	Unit        string   `json:"unit"`
	Placeholder bool     `json:"placeholder"`
	Kind        string   `json:"kind"`   // accepted, not scored
	Approx      bool     `json:"approx"` // accepted, not scored
	Text        string   `json:"text"`
}

// LabelPlaceholders is the expected placeholder spans.
type LabelPlaceholders struct {
	Count int         `json:"count"`
	Spans []LabelText `json:"spans"`
}

// LabelText is an item known by its anchor text alone.
type LabelText struct {
	Text string `json:"text"`
	Form string `json:"form"` // placeholders: accepted, not scored
}

// The keys every label must spell out (null, [] or false when empty), so
// that a forgotten field is an error rather than a silent null.
var (
	docKeys         = []string{"part", "kind", "deputy", "year", "suggestions", "activities", "shortcomings", "quantities", "placeholders", "template_residue"}
	deputyKeys      = []string{"name", "levels", "term", "region", "position", "elected_year"}
	suggestionKeys  = []string{"total", "approx", "placeholder", "statements", "listed"}
	statementKeys   = []string{"text", "count", "approx", "placeholder"}
	activityKeys    = []string{"type", "count", "approx", "placeholder", "deputy_role", "date", "text"}
	quantityKeys    = []string{"value", "unit", "text"}
	placeholderKeys = []string{"count", "spans"}
)

var (
	levelNames = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}
	dateRE     = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
)

// ParseLabel decodes and checks one label file. Every problem found is
// returned, each prefixed with the file's name and the document's part.
func ParseLabel(name string, data []byte) (*Label, error) {
	var l Label
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("%s: JSON 无法解析: %w", name, err)
	}
	var errs []error
	bad := func(part int, format string, args ...any) {
		where := name
		if part > 0 {
			where = fmt.Sprintf("%s 第 %d 部分", name, part)
		}
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
	}
	if len(l.Documents) == 0 {
		bad(0, "documents 为空")
	}
	// Key presence, on the raw JSON.
	var raw struct {
		Source    *string           `json:"source"`
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(data, &raw); err == nil {
		if raw.Source == nil {
			bad(0, "缺少字段 source")
		}
		for i, d := range raw.Documents {
			part := i + 1
			missing := missingKeys(d, "", docKeys)
			missing = append(missing, missingKeys(d, "deputy", deputyKeys)...)
			missing = append(missing, missingKeys(d, "suggestions", suggestionKeys)...)
			missing = append(missing, missingKeys(d, "placeholders", placeholderKeys)...)
			missing = append(missing, missingItemKeys(d, "suggestions.statements", statementKeys)...)
			missing = append(missing, missingItemKeys(d, "activities", activityKeys)...)
			missing = append(missing, missingItemKeys(d, "quantities", quantityKeys)...)
			if len(missing) > 0 {
				bad(part, "缺少字段 %s（空值请写 null、[] 或 false）", strings.Join(missing, ", "))
			}
		}
	}
	for i := range l.Documents {
		d := &l.Documents[i]
		if d.Part != i+1 {
			bad(i+1, "part 应为 %d（从 1 起按顺序编号），实为 %d", i+1, d.Part)
		}
		if !slices.Contains(corpus.Kinds, d.Kind) {
			bad(i+1, "kind %q 不是 duty_report、work_report、essay 或 other", d.Kind)
		}
		for _, lv := range d.Deputy.Levels {
			if !slices.Contains(levelNames, lv) {
				bad(i+1, "deputy.levels 中的 %q 不是 %s 之一", lv, strings.Join(levelNames, " "))
			}
		}
		for j, a := range d.Activities {
			if !slices.Contains(corpus.ActivityTypes, a.Type) {
				bad(i+1, "activities[%d].type %q 不在活动类型表中", j, a.Type)
			}
			if a.Date != nil && !dateRE.MatchString(*a.Date) {
				bad(i+1, "activities[%d].date %q 应为 2021、2021-04 或 2021-04-12", j, *a.Date)
			}
			if a.Count != nil && a.Placeholder {
				bad(i+1, "activities[%d] 既有 count 又是 placeholder", j)
			}
		}
		if d.Placeholders.Count != len(d.Placeholders.Spans) {
			bad(i+1, "placeholders.count 为 %d，但 spans 有 %d 个", d.Placeholders.Count, len(d.Placeholders.Spans))
		}
		for _, a := range d.anchors() {
			if strings.TrimSpace(a.text) == "" {
				bad(i+1, "%s 的 text（锚点）为空", a.field)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &l, nil
}

// missingKeys returns the keys of want absent from the object at path in
// doc ("" for doc itself), as path.key.
func missingKeys(doc json.RawMessage, path string, want []string) []string {
	obj := map[string]json.RawMessage{}
	if json.Unmarshal(doc, &obj) != nil {
		return nil // the typed decoding reports it
	}
	if path != "" {
		sub, ok := obj[path]
		if !ok {
			return nil // reported as a missing key of the document
		}
		obj = map[string]json.RawMessage{}
		if json.Unmarshal(sub, &obj) != nil {
			return nil
		}
	}
	var out []string
	for _, k := range want {
		if _, ok := obj[k]; !ok {
			if path != "" {
				k = path + "." + k
			}
			out = append(out, k)
		}
	}
	return out
}

// missingItemKeys checks every element of the array at path ("a" or "a.b").
func missingItemKeys(doc json.RawMessage, path string, want []string) []string {
	cur := doc
	for _, p := range strings.Split(path, ".") {
		obj := map[string]json.RawMessage{}
		if json.Unmarshal(cur, &obj) != nil {
			return nil
		}
		cur = obj[p]
	}
	var items []json.RawMessage
	if cur == nil || json.Unmarshal(cur, &items) != nil {
		return nil
	}
	var out []string
	for i, it := range items {
		for _, k := range missingKeys(it, "", want) {
			out = append(out, fmt.Sprintf("%s[%d].%s", path, i, k))
		}
	}
	return out
}

// anchor is one anchor text of a label, with the field it belongs to.
type anchor struct {
	field string
	text  string
}

func (d *LabelDoc) anchors() []anchor {
	var out []anchor
	for i, s := range d.Suggestions.Statements {
		out = append(out, anchor{fmt.Sprintf("suggestions.statements[%d]", i), s.Text})
	}
	for i, s := range d.Suggestions.Listed {
		out = append(out, anchor{fmt.Sprintf("suggestions.listed[%d]", i), s.Text})
	}
	for i, s := range d.Activities {
		out = append(out, anchor{fmt.Sprintf("activities[%d]", i), s.Text})
	}
	for i, s := range d.Shortcomings {
		out = append(out, anchor{fmt.Sprintf("shortcomings[%d]", i), s.Text})
	}
	for i, s := range d.Quantities {
		out = append(out, anchor{fmt.Sprintf("quantities[%d]", i), s.Text})
	}
	for i, s := range d.Placeholders.Spans {
		out = append(out, anchor{fmt.Sprintf("placeholders.spans[%d]", i), s.Text})
	}
	for i, s := range d.TemplateResidue {
		out = append(out, anchor{fmt.Sprintf("template_residue[%d]", i), s.Text})
	}
	return out
}

// occurrences returns the byte ranges [start,end) of every occurrence of
// the anchor in text. The anchor is copied from the file as written, and
// the reader normalises text (full-width digits, markdown escapes), so the
// normalised forms of the anchor are tried too.
func occurrences(text, anchor string) [][2]int {
	var out [][2]int
	for _, a := range anchorForms(anchor) {
		for i := 0; ; {
			k := strings.Index(text[i:], a)
			if k < 0 {
				break
			}
			out = append(out, [2]int{i + k, i + k + len(a)})
			i += k + 1
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

var mdEscape = regexp.MustCompile(`\\([\\*_\[\]()#+\-.!{}<>|~` + "`" + `])`)

func anchorForms(a string) []string {
	forms := []string{a}
	add := func(s string) {
		if s != "" && !slices.Contains(forms, s) {
			forms = append(forms, s)
		}
	}
	add(strings.TrimSpace(a))
	add(corpus.NormalizeText(a))
	un := mdEscape.ReplaceAllString(a, "$1")
	add(un)
	add(corpus.NormalizeText(un))
	// Cells of a markdown table row, as the reader joins them: "a | b" →
	// "a\tb" (the pipes at the ends of the row are dropped).
	if strings.Contains(a, "|") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(a), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		row := strings.Join(cells, "\t")
		add(row)
		add(corpus.NormalizeText(mdEscape.ReplaceAllString(row, "$1")))
	}
	return forms
}
