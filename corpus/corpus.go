// Package corpus holds lvzhi's domain types: the documents read from the
// office's files, the analysis extracted from each, and the contracts of the
// store that keeps them. It imports nothing third-party and nothing of ours;
// every other package speaks in these types.
//
// Offsets (Start, End) are always byte offsets into Document.Text, the
// normalised text of one document.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Kind is what a document is (SPEC §2).
type Kind string

const (
	KindDutyReport Kind = "duty_report" // a deputy reports on their own performance of duty
	KindWorkReport Kind = "work_report" // a congress body's annual work report
	KindEssay      Kind = "essay"       // an article about deputies, supervision, systems
	KindOther      Kind = "other"       // link lists, site introductions, fragments
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindDutyReport, KindWorkReport, KindEssay, KindOther}

// Label is the Chinese name of a kind, for tables and the workbook.
func (k Kind) Label() string {
	switch k {
	case KindDutyReport:
		return "履职报告"
	case KindWorkReport:
		return "工作报告"
	case KindEssay:
		return "文章"
	case KindOther:
		return "其他"
	}
	return string(k)
}

// Span is a piece of evidence: the exact text and its byte offsets into the
// document's Text.
type Span struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Doubt says why an extracted value needs a person's review; a nil *Doubt
// means the value is certain (SPEC §3, Confidence). The analyst checks only
// the doubtful values, so a value is certain only when the rule that found
// it is strong and nothing in the text speaks against it.
type Doubt struct {
	Code   string `json:"code"`   // one of the Doubt… codes
	Reason string `json:"reason"` // in Chinese, one sentence naming what is doubtful
}

// Doubt codes.
const (
	DoubtPlaceholderNearby = "placeholder_nearby"     // a template stand-in next to the value
	DoubtConflicting       = "conflicting_statements" // the text states another value too
	DoubtSumMismatch       = "sum_mismatch"           // a total differs from the sum of its parts
	DoubtUnusualNumeral    = "unusual_numeral"        // an implausible or oddly written number
	DoubtOwnerUnclear      = "owner_unclear"          // the count may be a body's or someone else's
	DoubtWeakRule          = "weak_rule"              // found by a rule that is often wrong
)

// DoubtCodes lists the doubt codes in display order.
var DoubtCodes = []string{DoubtPlaceholderNearby, DoubtConflicting, DoubtSumMismatch, DoubtUnusualNumeral, DoubtOwnerUnclear, DoubtWeakRule}

// DoubtLabel is the Chinese name of a doubt code.
func DoubtLabel(code string) string {
	switch code {
	case DoubtPlaceholderNearby:
		return "附近有占位符"
	case DoubtConflicting:
		return "表述前后不一"
	case DoubtSumMismatch:
		return "分项之和与总数不符"
	case DoubtUnusualNumeral:
		return "数字异常"
	case DoubtOwnerUnclear:
		return "归属不明"
	case DoubtWeakRule:
		return "依据较弱"
	}
	return code
}

// Document is one document found in a file: the normalised text and where it
// came from. A file yields one or more documents (a compilation of template
// pages yields several); Part numbers them from 1.
type Document struct {
	ID       string `json:"id"`       // DocumentID(Text)
	Source   string `json:"source"`   // path of the file as given to lvzhi
	Member   string `json:"member"`   // path inside a .zip, "" for a plain file
	Part     int    `json:"part"`     // 1-based index of this document in its file
	Parts    int    `json:"parts"`    // how many documents the file held
	Format   string `json:"format"`   // txt, md, html, docx, pdf, doc, wps, rtf
	Encoding string `json:"encoding"` // the detected character encoding of the file
	Title    string `json:"title"`
	Text     string `json:"text"` // normalised text; every offset points into it
}

// Provenance names one place a document was read from.
func (d *Document) Provenance() string { return Provenance(d.Source, d.Member) }

// Provenance joins a file path and a zip member path for display:
// "batch.zip!/2023/a.txt".
func Provenance(source, member string) string {
	if member == "" {
		return source
	}
	return source + "!/" + member
}

// DocumentID identifies a document by its normalised text, so that the same
// text read twice, from any file, is one document.
func DocumentID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}

// MaskedName reports whether a name is a stand-in rather than a person:
// a template's 某某 or 王某某, ××, ***, xx, X先生. Such a name is shown as
// written but never identifies a deputy (in comparison, facets, versions).
func MaskedName(name string) bool {
	if strings.Contains(name, "某") {
		return true
	}
	for _, r := range name {
		switch r {
		case '*', '＊', '×', 'x', 'X', '_', '□', '○':
			return true
		}
	}
	return false
}

// Deputy is the deputy's metadata as the report states it. Unknown values
// are nil: never a guess.
type Deputy struct {
	Name        *string        `json:"name"`
	Levels      []string       `json:"levels"`   // 全国 省 市 县 区 旗 乡 镇
	Term        *string        `json:"term"`     // normalised: 第十六届
	Region      *string        `json:"region"`   // the body or region: 江宁区, 石门镇
	Position    *string        `json:"position"` // the deputy's own job
	ElectedYear *int           `json:"elected_year"`
	Evidence    DeputyEvidence `json:"evidence"`
	Review      DeputyReview   `json:"review"` // why a field needs review; null when certain
}

// DeputyReview holds, for each Deputy field, why it needs review (nil when
// the field is certain or absent).
type DeputyReview struct {
	Name        *Doubt `json:"name"`
	Levels      *Doubt `json:"levels"`
	Term        *Doubt `json:"term"`
	Region      *Doubt `json:"region"`
	Position    *Doubt `json:"position"`
	ElectedYear *Doubt `json:"elected_year"`
}

// DeputyEvidence holds where each Deputy field was stated.
type DeputyEvidence struct {
	Name        *Span `json:"name"`
	Levels      *Span `json:"levels"`
	Term        *Span `json:"term"`
	Region      *Span `json:"region"`
	Position    *Span `json:"position"`
	ElectedYear *Span `json:"elected_year"`
}

// Suggestions is what a report says about the suggestions (建议, 意见建议,
// 议案…) the deputy submitted.
type Suggestions struct {
	// Total is the deputy's own stated total: the sum of the deputy's own
	// statements when they are distinct parts (大会期间…闭会期间…), nil when
	// only placeholders or nothing is stated.
	Total       *int                  `json:"total"`
	TotalReview *Doubt                `json:"total_review"` // why Total needs review; null when certain
	Approx      bool                  `json:"approx"`       // some part of Total was stated with 余/多/以上/近
	Placeholder bool                  `json:"placeholder"`  // a placeholder stood where a count belongs
	Statements  []SuggestionStatement `json:"statements"`
	Listed      []ListedSuggestion    `json:"listed"`
}

// SuggestionStatement is one sentence stating a number of suggestions.
type SuggestionStatement struct {
	Text        string `json:"text"`
	Count       *int   `json:"count"` // nil when a placeholder stands for it
	Kind        string `json:"kind"`  // 建议, 意见建议, 议案, 建议案, 批评意见…
	Approx      bool   `json:"approx"`
	Placeholder bool   `json:"placeholder"`
	// Own is false when the count is a body's (全镇代表, 选定重点建议…),
	// not the deputy's own; such statements never enter Total.
	Own bool `json:"own"`
	// Part is true for a part of a count already stated (其中…建议3件):
	// not a statement of its own, but weighed against the total.
	Part   bool   `json:"part"`
	Review *Doubt `json:"review"` // why the count needs review; null when certain
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// ListedSuggestion is one suggestion listed by itself (numbered, or a title
// in 《关于…的建议》).
type ListedSuggestion struct {
	Text   string `json:"text"`
	Topic  string `json:"topic"`
	Review *Doubt `json:"review"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// ActivityType is the activity taxonomy of SPEC §3.
type ActivityType string

const (
	ActCongressSession     ActivityType = "congress_session"
	ActDeliberation        ActivityType = "deliberation"
	ActInspection          ActivityType = "inspection"
	ActResearch            ActivityType = "research"
	ActLawEnforcementCheck ActivityType = "law_enforcement_check"
	ActAppraisal           ActivityType = "appraisal"
	ActSupervision         ActivityType = "supervision"
	ActTraining            ActivityType = "training"
	ActVoterContact        ActivityType = "voter_contact"
	ActPublicity           ActivityType = "publicity"
	ActPublicService       ActivityType = "public_service"
	ActMeeting             ActivityType = "meeting"
	ActGeneral             ActivityType = "general"
)

// ActivityTypes lists the taxonomy in display order.
var ActivityTypes = []ActivityType{
	ActCongressSession, ActDeliberation, ActInspection, ActResearch,
	ActLawEnforcementCheck, ActAppraisal, ActSupervision, ActTraining,
	ActVoterContact, ActPublicity, ActPublicService, ActMeeting, ActGeneral,
}

// Label is the Chinese name of an activity type.
func (t ActivityType) Label() string {
	switch t {
	case ActCongressSession:
		return "出席会议"
	case ActDeliberation:
		return "审议"
	case ActInspection:
		return "视察"
	case ActResearch:
		return "调研"
	case ActLawEnforcementCheck:
		return "执法检查"
	case ActAppraisal:
		return "评议测评"
	case ActSupervision:
		return "督办监督"
	case ActTraining:
		return "学习培训"
	case ActVoterContact:
		return "联系选民"
	case ActPublicity:
		return "宣传宣讲"
	case ActPublicService:
		return "为民服务"
	case ActMeeting:
		return "座谈列席"
	case ActGeneral:
		return "代表活动"
	}
	return string(t)
}

// Activity is one thing the report says was done, with its count where one
// is stated.
type Activity struct {
	Type        ActivityType `json:"type"`
	Count       *int         `json:"count"` // nil when not stated or a placeholder
	Unit        string       `json:"unit"`  // 次, 场, 场次, 件…; "" when no count
	Approx      bool         `json:"approx"`
	Placeholder bool         `json:"placeholder"`
	// DeputyRole is false for the achievements of the deputy's day job (a
	// town party secretary's town statistics), which must not inflate the
	// deputy's activity counts.
	DeputyRole bool    `json:"deputy_role"`
	Date       *string `json:"date"`   // "2019", "2019-09" or "2019-09-12" when the sentence dates it
	Review     *Doubt  `json:"review"` // why the row needs review; null when certain
	Text       string  `json:"text"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
}

// CountsEvents reports whether the activity's count is a number of times
// something was done (次, 场, 期…) rather than of people, households or
// days reached (人次, 户, 天…). Only such counts add up across activities.
func (a *Activity) CountsEvents() bool {
	switch a.Unit {
	case "次", "场", "场次", "期", "回", "轮":
		return true
	}
	return false
}

// Shortcoming is one distinct shortcoming the report itself states.
type Shortcoming struct {
	Text   string `json:"text"`
	Review *Doubt `json:"review"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// Quantity is another number worth a row: money, rates, households, people.
type Quantity struct {
	Value       *float64 `json:"value"` // nil when a placeholder stands for it
	Unit        string   `json:"unit"`  // 万元, %, 户, 人…
	Kind        string   `json:"kind"`  // money, rate, households, people, area, count
	Approx      bool     `json:"approx"`
	Placeholder bool     `json:"placeholder"`
	Review      *Doubt   `json:"review"`
	Text        string   `json:"text"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
}

// PlaceholderSpan is one template stand-in left where a fact belongs.
type PlaceholderSpan struct {
	Span
	Form string `json:"form"` // stars, x, underscore, brackets, box, mou (某某)
}

// Placeholders counts and locates template stand-ins.
type Placeholders struct {
	Count int               `json:"count"`
	Spans []PlaceholderSpan `json:"spans"`
}

// Severity orders flags.
type Severity string

const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
)

// Rank is larger for more severe flags.
func (s Severity) Rank() int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// Label is the Chinese name of a severity.
func (s Severity) Label() string {
	switch s {
	case SeverityHigh:
		return "高"
	case SeverityMedium:
		return "中"
	case SeverityLow:
		return "低"
	}
	return string(s)
}

// Flag codes (SPEC §4).
const (
	FlagPlaceholder     = "placeholder"
	FlagTemplateResidue = "template_residue"
	FlagBoilerplate     = "boilerplate"
	FlagNearDuplicate   = "near_duplicate"
	FlagSelfReuse       = "self_reuse"
	FlagNoQuantities    = "no_quantities"
	FlagNoShortcomings  = "no_shortcomings"
	FlagWrongKind       = "wrong_kind"
	FlagStaleReference  = "stale_reference"
)

// FlagCodes lists every flag code in display order.
var FlagCodes = []string{
	FlagPlaceholder, FlagTemplateResidue, FlagBoilerplate, FlagSelfReuse, FlagNearDuplicate,
	FlagNoQuantities, FlagNoShortcomings, FlagWrongKind, FlagStaleReference,
}

// FlagLabel is the Chinese name of a flag code.
func FlagLabel(code string) string {
	switch code {
	case FlagPlaceholder:
		return "占位符未填"
	case FlagTemplateResidue:
		return "范文网站残留"
	case FlagBoilerplate:
		return "套用雷同"
	case FlagNearDuplicate:
		return "近似重复"
	case FlagSelfReuse:
		return "照搬往年"
	case FlagNoQuantities:
		return "无量化内容"
	case FlagNoShortcomings:
		return "未谈不足"
	case FlagWrongKind:
		return "文种不符"
	case FlagStaleReference:
		return "引用过时"
	}
	return code
}

// Flag is one reason for a person to review a document.
type Flag struct {
	Code     string      `json:"code"`
	Severity Severity    `json:"severity"`
	Message  string      `json:"message"` // in Chinese
	Evidence []Span      `json:"evidence"`
	Sources  []SourceRef `json:"sources"` // other documents involved (boilerplate, near_duplicate)
}

// SourceRef names another document.
type SourceRef struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	Member string `json:"member"`
	Part   int    `json:"part"`
}

// Analysis is everything extracted from one document.
type Analysis struct {
	Version         int           `json:"analysis_version"`
	Kind            Kind          `json:"kind"`
	KindReview      *Doubt        `json:"kind_review"` // why the kind needs review; null when certain
	Deputy          Deputy        `json:"deputy"`
	Year            *int          `json:"year"` // the year reported on
	YearEvidence    *Span         `json:"year_evidence"`
	YearReview      *Doubt        `json:"year_review"` // why the year needs review; null when certain
	Suggestions     Suggestions   `json:"suggestions"`
	Activities      []Activity    `json:"activities"`
	Shortcomings    []Shortcoming `json:"shortcomings"`
	Quantities      []Quantity    `json:"quantities"`
	Placeholders    Placeholders  `json:"placeholders"`
	TemplateResidue []Span        `json:"template_residue"`
	Flags           []Flag        `json:"flags"`
}

// Report is a document with its analysis: one element of the "documents"
// array of `lvzhi extract --json` (SPEC §7).
type Report struct {
	Document
	Analysis
	// Copies is the check against the rest of the corpus; null outside a
	// data directory (extract) and until the check has run.
	Copies *Copies `json:"copies"`
	// State is how the document counts in the data directory; null
	// outside one (extract).
	State *State `json:"state"`
}

// Normalize replaces nil slices with empty ones so that JSON shows [] rather
// than null, as the contract requires ("absent values are null or [], never
// omitted").
func (a *Analysis) Normalize() {
	if a.Deputy.Levels == nil {
		a.Deputy.Levels = []string{}
	}
	if a.Suggestions.Statements == nil {
		a.Suggestions.Statements = []SuggestionStatement{}
	}
	if a.Suggestions.Listed == nil {
		a.Suggestions.Listed = []ListedSuggestion{}
	}
	if a.Activities == nil {
		a.Activities = []Activity{}
	}
	if a.Shortcomings == nil {
		a.Shortcomings = []Shortcoming{}
	}
	if a.Quantities == nil {
		a.Quantities = []Quantity{}
	}
	if a.Placeholders.Spans == nil {
		a.Placeholders.Spans = []PlaceholderSpan{}
	}
	if a.TemplateResidue == nil {
		a.TemplateResidue = []Span{}
	}
	if a.Flags == nil {
		a.Flags = []Flag{}
	}
	for i := range a.Flags {
		if a.Flags[i].Evidence == nil {
			a.Flags[i].Evidence = []Span{}
		}
		if a.Flags[i].Sources == nil {
			a.Flags[i].Sources = []SourceRef{}
		}
	}
}

// MaxSeverity is the most severe flag's severity, "" when there is none.
func (a *Analysis) MaxSeverity() Severity {
	var best Severity
	for _, f := range a.Flags {
		if f.Severity.Rank() > best.Rank() {
			best = f.Severity
		}
	}
	return best
}

// HasFlag reports whether a flag with this code is set.
func (a *Analysis) HasFlag(code string) bool {
	for _, f := range a.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// FlagCodes lists the codes of the flags set.
func (a *Analysis) FlagCodes() []string {
	codes := make([]string, 0, len(a.Flags))
	for _, f := range a.Flags {
		codes = append(codes, f.Code)
	}
	return codes
}
