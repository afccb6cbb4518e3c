package extract

import (
	"fmt"
	"path/filepath"
	"strings"

	"lvzhi/corpus"
)

// maxEvidence bounds the evidence spans a flag carries; the full list is in
// the analysis (placeholders.spans, template_residue).
const maxEvidence = 20

// flagsFor derives the per-document flags of SPEC §4 from an analysis.
// Flags that need other documents (boilerplate, near_duplicate) are added by
// the index.
func flagsFor(d *doc, document *corpus.Document, a *corpus.Analysis, kindEvidence []corpus.Span) []corpus.Flag {
	var flags []corpus.Flag
	if n := a.Placeholders.Count; n > 0 {
		sev := corpus.SeverityMedium
		if n >= 3 || a.Suggestions.Placeholder || placeholderCounts(a) > 0 {
			sev = corpus.SeverityHigh
		}
		var ev []corpus.Span
		var examples []string
		for _, s := range a.Placeholders.Spans {
			if len(ev) < maxEvidence {
				ev = append(ev, s.Span)
			}
			if q := "“" + s.Text + "”"; len(examples) < 3 && !containsString(examples, q) {
				examples = append(examples, q)
			}
		}
		msg := fmt.Sprintf("发现%d处占位符（如%s），疑似套用模板后未填写实际内容", n, strings.Join(examples, "、"))
		if k := placeholderCounts(a); k > 0 {
			msg += fmt.Sprintf("；其中%d处出现在应填写数字的位置", k)
		}
		flags = append(flags, corpus.Flag{Code: corpus.FlagPlaceholder, Severity: sev, Message: msg, Evidence: ev})
	}
	if n := len(a.TemplateResidue); n > 0 {
		var examples []string
		for _, s := range a.TemplateResidue {
			if q := "“" + s.Text + "”"; len(examples) < 3 && !containsString(examples, q) {
				examples = append(examples, q)
			}
		}
		flags = append(flags, corpus.Flag{
			Code: corpus.FlagTemplateResidue, Severity: corpus.SeverityHigh,
			Message:  fmt.Sprintf("含有范文网站的残留文字%d处（如%s），疑似从范文网站复制", n, strings.Join(examples, "、")),
			Evidence: limitSpans(a.TemplateResidue),
		})
	}
	if a.Kind == corpus.KindDutyReport {
		if !hasQuantities(a) {
			flags = append(flags, corpus.Flag{
				Code: corpus.FlagNoQuantities, Severity: corpus.SeverityMedium,
				Message: "履职报告中没有任何量化的履职活动或建议数量",
			})
		}
		if len(a.Shortcomings) == 0 {
			flags = append(flags, corpus.Flag{
				Code: corpus.FlagNoShortcomings, Severity: corpus.SeverityLow,
				Message: "履职报告未谈及存在的不足",
			})
		}
	}
	if a.Kind == corpus.KindDutyReport || a.Kind == corpus.KindWorkReport {
		flags = append(flags, staleReferences(d, a.Year)...)
	}
	if (a.Kind == corpus.KindEssay || a.Kind == corpus.KindWorkReport) && presentedAsDutyReport(d, document) {
		what := "文章"
		if a.Kind == corpus.KindWorkReport {
			what = "人大机关的工作报告"
		}
		flags = append(flags, corpus.Flag{
			Code: corpus.FlagWrongKind, Severity: corpus.SeverityHigh,
			Message:  fmt.Sprintf("以履职报告名义提交，但内容是%s，不是代表本人的履职报告", what),
			Evidence: kindEvidence,
		})
	}
	return flags
}

// placeholderCounts counts activity and suggestion rows whose number is a
// placeholder.
func placeholderCounts(a *corpus.Analysis) int {
	n := 0
	for _, x := range a.Activities {
		if x.Placeholder && x.Count == nil && x.Unit != "" {
			n++
		}
	}
	for _, s := range a.Suggestions.Statements {
		if s.Placeholder {
			n++
		}
	}
	return n
}

// hasQuantities reports whether the deputy's own activities or suggestions
// are stated with a number. A placeholder where the number belongs counts:
// the report meant to quantify, and the placeholder flag says what is wrong.
func hasQuantities(a *corpus.Analysis) bool {
	for _, x := range a.Activities {
		if x.DeputyRole && (x.Count != nil || x.Placeholder && x.Unit != "") {
			return true
		}
	}
	for _, s := range a.Suggestions.Statements {
		if s.Own {
			return true
		}
	}
	return false
}

// presentedAsDutyReport reports whether the file name or title presents a
// document as a duty report.
func presentedAsDutyReport(d *doc, document *corpus.Document) bool {
	names := []string{document.Title, filepath.Base(document.Source), filepath.Base(document.Member), d.text[:lineEnd(d.text, 0)]}
	for _, n := range names {
		if containsAny(n, []string{"述职", "履职报告", "履职情况"}) {
			return true
		}
	}
	return false
}

func limitSpans(spans []corpus.Span) []corpus.Span {
	if len(spans) > maxEvidence {
		return spans[:maxEvidence]
	}
	return spans
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
