package corpus

import (
	"fmt"
	"sort"
	"unicode"
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
// from) and near_duplicate (the cluster). text is the document's Text; ref
// names another document (its file and part), nil gives IDs only.
func (c *Copies) Flags(text string, ref func(id string) SourceRef) []Flag {
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
		var copied []CopyPassage
		for _, p := range c.Passages {
			if !p.Stock {
				copied = append(copied, p)
			}
		}
		shares := c.SourceShares(text)
		longest := 0
		for _, p := range copied {
			longest = max(longest, p.Chars)
		}
		msg := fmt.Sprintf("复制比%.1f%%（不计常用套话）：%d段文字与语料库中其他%d篇文档相同，最长一段%d字",
			100*c.Ratio, len(copied), len(shares), longest)
		var sources []SourceRef
		for i, sh := range shares {
			if i == maxCopySources {
				break
			}
			sources = append(sources, ref(sh.ID))
		}
		if len(sources) > 0 && c.Chars > 0 {
			msg += fmt.Sprintf("；来源最多的是 %s（占全文%.1f%%）", sources[0].Label(), 100*float64(shares[0].Chars)/float64(c.Chars))
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
			Message:  fmt.Sprintf("与%d篇文档高度相似（彼此一半以上的内容相同，近似重复），如 %s", len(c.Cluster), sources[0].Label()),
			Evidence: spans, Sources: sources,
		})
	}
	return flags
}

// FlagCodes lists the codes of the flags the check raises, in order: what
// the search index holds of it.
func (c *Copies) FlagCodes() []string {
	var codes []string
	if c == nil {
		return codes
	}
	if c.Ratio >= BoilerplateMedium {
		codes = append(codes, FlagBoilerplate)
	}
	if len(c.Cluster) > 0 {
		codes = append(codes, FlagNearDuplicate)
	}
	return codes
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

// SourceShare is how much of a document one other document shares with it.
type SourceShare struct {
	ID    string
	Chars int // characters of the document inside passages it shares (letters and digits, as in Copies.Chars)
}

// SourceShares lists the documents the copied (non-stock) passages come
// from, the one sharing most first. Passages shared with one source may
// overlap; each character counts once per source. text is the document's
// Text.
func (c *Copies) SourceShares(text string) []SourceShare {
	spans := map[string][][2]int{}
	var order []string
	for _, p := range c.Passages {
		if p.Stock {
			continue
		}
		for _, s := range p.Sources {
			if _, ok := spans[s.ID]; !ok {
				order = append(order, s.ID)
			}
			spans[s.ID] = append(spans[s.ID], [2]int{p.Start, p.End})
		}
	}
	out := make([]SourceShare, 0, len(order))
	for _, id := range order {
		out = append(out, SourceShare{ID: id, Chars: countKept(text, spans[id])})
	}
	sortStable(out, func(a, b SourceShare) bool { return a.Chars > b.Chars })
	return out
}

// countKept counts the letters and digits of text inside the union of
// byte ranges.
func countKept(text string, ranges [][2]int) int {
	sort.Slice(ranges, func(i, j int) bool { return ranges[i][0] < ranges[j][0] })
	n, pos := 0, 0
	for _, r := range ranges {
		start, end := max(r[0], pos), min(r[1], len(text))
		if start >= end {
			continue
		}
		for _, ch := range text[start:end] {
			if unicode.IsLetter(ch) || unicode.IsNumber(ch) {
				n++
			}
		}
		pos = end
	}
	return n
}
