package corpus

import (
	"fmt"
	"sort"
)

// Copies is the result of checking one document against every other
// document of the corpus (SPEC §4 boilerplate, near_duplicate): which of its
// passages also occur elsewhere, and where.
//
// Characters are counted after normalisation (width folded, whitespace and
// punctuation dropped), so the ratios do not depend on layout; passage spans
// are byte offsets into the document's Text like every other span.
type Copies struct {
	Version int `json:"copies_version"`
	// Chars is the number of normalised characters of the document.
	Chars int `json:"chars"`
	// Ratio is the copy ratio (复制比): the share of the document's
	// characters inside passages of at least the minimum length that also
	// occur in another document, stock phrases excluded. The headline figure.
	Ratio float64 `json:"copy_ratio"`
	// StockRatio is the share of characters inside stock phrases: short
	// passages that many documents share (认真履行代表职责…), which are the
	// genre's common language rather than copying.
	StockRatio float64 `json:"stock_ratio"`
	// Passages lists every maximal shared passage in document order.
	Passages []CopyPassage `json:"passages"`
	// Cluster lists the other documents of this document's near-duplicate
	// cluster (empty when it has none), closest first.
	Cluster []string `json:"cluster"`
}

// CopyPassage is one passage of the document that also occurs elsewhere.
type CopyPassage struct {
	Span
	Chars   int          `json:"chars"`  // normalised characters in the passage
	Stock   bool         `json:"stock"`  // a stock phrase, not counted in Ratio
	Shared  int          `json:"shared"` // how many other documents contain it (at least len(Sources))
	Sources []CopySource `json:"sources"`
}

// CopySource is where a passage occurs in another document.
type CopySource struct {
	ID    string `json:"id"`
	Start int    `json:"start"` // byte offsets into that document's Text
	End   int    `json:"end"`
}

// Copy ratios at which a document is flagged as boilerplate. Below the
// lower one the ratio is still shown, but a report sharing a sentence or two
// with others is no reason for review.
const (
	BoilerplateMedium = 0.20
	BoilerplateHigh   = 0.40
)

// maxCopyEvidence and maxCopySources bound what a flag carries; the full
// lists are in Copies.
const (
	maxCopyEvidence = 20
	maxCopySources  = 10
)

// Flags derives the corpus-relative flags of SPEC §4 from a copy check:
// boilerplate (the copy ratio, the copied passages, the documents they come
// from) and near_duplicate (the cluster). ref names another document (its
// file and part); nil gives IDs only.
func (c *Copies) Flags(ref func(id string) SourceRef) []Flag {
	if c == nil {
		return nil
	}
	if ref == nil {
		ref = func(id string) SourceRef { return SourceRef{ID: id} }
	}
	var flags []Flag
	if c.Ratio >= BoilerplateMedium {
		sev := SeverityMedium
		if c.Ratio >= BoilerplateHigh {
			sev = SeverityHigh
		}
		// Sources ordered by how many characters of this document they share.
		shared := map[string]int{}
		var order []string
		var copied []CopyPassage
		for _, p := range c.Passages {
			if p.Stock {
				continue
			}
			copied = append(copied, p)
			for _, s := range p.Sources {
				if _, ok := shared[s.ID]; !ok {
					order = append(order, s.ID)
				}
				shared[s.ID] += p.Chars
			}
		}
		sortStable(order, func(a, b string) bool { return shared[a] > shared[b] })
		longest := 0
		for _, p := range copied {
			longest = max(longest, p.Chars)
		}
		msg := fmt.Sprintf("复制比%.1f%%（不计常用套话）：%d段文字与语料库中其他%d篇文档相同，最长一段%d字",
			100*c.Ratio, len(copied), len(order), longest)
		var sources []SourceRef
		for i, id := range order {
			if i == maxCopySources {
				break
			}
			sources = append(sources, ref(id))
		}
		if len(sources) > 0 && c.Chars > 0 {
			msg += fmt.Sprintf("；来源最多的是 %s（占全文%.1f%%）", sources[0].Label(), 100*float64(shared[order[0]])/float64(c.Chars))
		}
		if c.StockRatio > 0 {
			msg += fmt.Sprintf("；常用套话另占%.1f%%", 100*c.StockRatio)
		}
		// Evidence: the longest passages, in document order.
		ev := append([]CopyPassage(nil), copied...)
		sortStable(ev, func(a, b CopyPassage) bool { return a.Chars > b.Chars })
		if len(ev) > maxCopyEvidence {
			ev = ev[:maxCopyEvidence]
		}
		sortStable(ev, func(a, b CopyPassage) bool { return a.Start < b.Start })
		spans := make([]Span, len(ev))
		for i, p := range ev {
			spans[i] = p.Span
		}
		flags = append(flags, Flag{Code: FlagBoilerplate, Severity: sev, Message: msg, Evidence: spans, Sources: sources})
	}
	if len(c.Cluster) > 0 {
		var sources []SourceRef
		for i, id := range c.Cluster {
			if i == maxCopySources {
				break
			}
			sources = append(sources, ref(id))
		}
		// Evidence: the passages shared with the closest member.
		var spans []Span
		for _, p := range c.Passages {
			for _, s := range p.Sources {
				if s.ID == c.Cluster[0] && len(spans) < maxCopyEvidence {
					spans = append(spans, p.Span)
					break
				}
			}
		}
		flags = append(flags, Flag{
			Code: FlagNearDuplicate, Severity: SeverityMedium,
			Message:  fmt.Sprintf("与%d篇文档内容几乎相同（近似重复），如 %s", len(c.Cluster), sources[0].Label()),
			Evidence: spans, Sources: sources,
		})
	}
	return flags
}

// Label names a source document for a message: its file, and the part when
// the file held several.
func (s SourceRef) Label() string {
	if s.Source == "" {
		return "编号 " + s.ID
	}
	l := Provenance(s.Source, s.Member)
	if s.Part > 1 {
		l += fmt.Sprintf("（第%d部分）", s.Part)
	}
	return l
}

func sortStable[T any](s []T, less func(a, b T) bool) {
	sort.SliceStable(s, func(i, j int) bool { return less(s[i], s[j]) })
}
