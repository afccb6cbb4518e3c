package corpus

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Copies is the result of checking one document against every other
// document of the corpus (SPEC §4 boilerplate, self_reuse, near_duplicate):
// which of its passages also occur elsewhere, where, and who held each
// first.
//
// Characters are counted after normalisation (width folded, whitespace and
// punctuation dropped), so the ratios do not depend on layout; passage spans
// are byte offsets into the document's Text like every other span.
//
// Direction: of the documents holding a passage, the one first in the
// precedence (reference material, then the year the text covers, then the
// date of receipt, then the ID) is its presumed source. A passage whose
// presumed source is another document is copied from others, or self reuse
// when that document has the same (known) author; a passage this document
// held first is original here, and the documents that hold it too are its
// copiers. Ratio counts copying from others only.
type Copies struct {
	Version int `json:"copies_version"`
	// Chars is the number of normalised characters of the document.
	Chars int `json:"chars"`
	// Ratio is the copy ratio (复制比): the share of the document's
	// characters inside passages of at least the minimum length whose
	// presumed source is a document by another (or an unknown) author,
	// stock phrases excluded. The headline figure.
	Ratio float64 `json:"copy_ratio"`
	// SelfRatio is the share taken from the same deputy's earlier
	// documents (照搬往年), and SelfYears the years those cover (known
	// years only, ascending).
	SelfRatio float64 `json:"self_ratio"`
	SelfYears []int   `json:"self_years"`
	// OriginalRatio is the share of characters this document held first
	// and others hold too (taken from here, not copied).
	OriginalRatio float64 `json:"original_ratio"`
	// StockRatio is the share of characters inside stock phrases: short
	// passages that many documents share (认真履行代表职责…), which are the
	// genre's common language rather than copying.
	StockRatio float64 `json:"stock_ratio"`
	// Passages lists the shared passages in document order, none
	// overlapping: each is a stretch with one presumed source and class.
	Passages []CopyPassage `json:"passages"`
	// Cluster lists the earlier documents this one nearly duplicates (each
	// at least half covered by the other), closest first; empty when none.
	// A later near-duplicate is one of the Copiers.
	Cluster []string `json:"cluster"`
	// Copiers lists documents holding passages first held here, earliest
	// first (at most a few dozen); CopierCount is how many were found, and
	// CopiersMore says more may hold them (the count is then a lower bound:
	// 至少).
	Copiers     []string `json:"copiers"`
	CopierCount int      `json:"copier_count"`
	CopiersMore bool     `json:"copiers_more"`
}

// Passage classes (CopyPassage.Class).
const (
	PassageCopied   = "copied"   // presumed source: another author's document
	PassageSelf     = "self"     // presumed source: the same author's earlier document
	PassageOriginal = "original" // held here first; its other holders are copiers
	PassageStock    = "stock"    // a stock phrase, counted in none of the other ratios
)

// CopyPassage is one passage of the document that also occurs elsewhere.
type CopyPassage struct {
	Span
	Chars int    `json:"chars"` // normalised characters in the passage
	Stock bool   `json:"stock"` // a stock phrase (Class stock), not counted in Ratio
	Class string `json:"class"` // copied, self, original or stock
	// Shared is how many other documents were found holding the whole
	// passage; SharedMore says more may hold it (Shared is then a lower
	// bound: 至少).
	Shared     int  `json:"shared"`
	SharedMore bool `json:"shared_more"`
	// Sources are the other documents holding it, in precedence order: the
	// first is the presumed source (for an original passage, its earliest
	// copier).
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

// Shares of a document taken from its author's own earlier documents at
// which it is flagged self_reuse (照搬往年): an office treats it apart from
// copying a colleague, and less severely.
const (
	SelfReuseLow    = 0.20
	SelfReuseMedium = 0.50
)

// maxCopyEvidence and maxCopySources bound what a flag carries; the full
// lists are in Copies.
const (
	maxCopyEvidence = 20
	maxCopySources  = 10
)

// Flags derives the corpus-relative flags of SPEC §4 from a copy check:
// boilerplate (the copy ratio, the passages copied from others, the
// documents they come from), self_reuse (the share taken from the author's
// own earlier documents, and their years) and near_duplicate (the earlier
// documents this one nearly duplicates). An original that others copied
// raises no flag: see CopiersNote. text is the document's Text; ref names
// another document (its file and part), nil gives IDs only.
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
		copied := c.passages(PassageCopied)
		shares := c.SourceShares(text)
		msg := fmt.Sprintf("复制比%.1f%%（不计常用套话和本人往年报告）：%d段文字的最早出处是其他%d篇文档，最长一段%d字",
			100*c.Ratio, len(copied), len(shares), longest(copied))
		sources := refs(shares, ref)
		if len(sources) > 0 && c.Chars > 0 {
			msg += fmt.Sprintf("；最多的出自 %s（占全文%.1f%%）", sources[0].Label(), 100*float64(shares[0].Chars)/float64(c.Chars))
		}
		if c.SelfRatio > 0 {
			msg += fmt.Sprintf("；另有%.1f%%照搬本人往年报告", 100*c.SelfRatio)
		}
		if c.StockRatio > 0 {
			msg += fmt.Sprintf("；常用套话另占%.1f%%", 100*c.StockRatio)
		}
		flags = append(flags, Flag{Code: FlagBoilerplate, Severity: sev, Message: msg, Evidence: evidence(copied), Sources: sources})
	}
	if c.SelfRatio >= SelfReuseLow {
		sev := SeverityLow
		if c.SelfRatio >= SelfReuseMedium {
			sev = SeverityMedium
		}
		self := c.passages(PassageSelf)
		shares := c.shares(text, PassageSelf)
		msg := fmt.Sprintf("照搬往年：%.1f%%的文字与本人", 100*c.SelfRatio)
		if len(c.SelfYears) > 0 {
			years := make([]string, len(c.SelfYears))
			for i, y := range c.SelfYears {
				years[i] = fmt.Sprint(y)
			}
			msg += strings.Join(years, "、") + "年"
		} else {
			msg += "往年"
		}
		msg += fmt.Sprintf("的报告相同（%d段，最长一段%d字）", len(self), longest(self))
		flags = append(flags, Flag{Code: FlagSelfReuse, Severity: sev, Message: msg, Evidence: evidence(self), Sources: refs(shares, ref)})
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
			Message:  fmt.Sprintf("与%d篇更早的文档高度相似（彼此一半以上的内容相同，近似重复），如 %s", len(c.Cluster), sources[0].Label()),
			Evidence: spans, Sources: sources,
		})
	}
	return flags
}

// CopiersNote is the note (not a flag) on a document others took passages
// from: how much of it, how many documents hold them (至少 when the count is
// a lower bound), and the earliest few. "" when none did.
func (c *Copies) CopiersNote(ref func(id string) SourceRef) string {
	if c == nil || c.CopierCount == 0 {
		return ""
	}
	if ref == nil {
		ref = func(id string) SourceRef { return SourceRef{ID: id} }
	}
	count := fmt.Sprintf("%d篇", c.CopierCount)
	if c.CopiersMore {
		count = "至少" + count
	}
	var names []string
	for i, id := range c.Copiers {
		if i == 3 {
			break
		}
		names = append(names, ref(id).Label())
	}
	msg := fmt.Sprintf("本文档是最早出处：%.1f%%的文字后来见于其他%s文档", 100*c.OriginalRatio, count)
	if len(names) > 0 {
		msg += "，如 " + strings.Join(names, "、")
	}
	return msg
}

// SharedLabel says how many other documents hold a passage: "3篇", or
// "至少3篇" when more may.
func (p CopyPassage) SharedLabel() string {
	if p.SharedMore {
		return fmt.Sprintf("至少%d篇", p.Shared)
	}
	return fmt.Sprintf("%d篇", p.Shared)
}

// Kind is the passage's class; a check of version 1 had none: its
// passages are stock or copied.
func (p CopyPassage) Kind() string {
	switch {
	case p.Class != "":
		return p.Class
	case p.Stock:
		return PassageStock
	}
	return PassageCopied
}

// passages returns the passages of one class.
func (c *Copies) passages(class string) []CopyPassage {
	var out []CopyPassage
	for _, p := range c.Passages {
		if p.Kind() == class {
			out = append(out, p)
		}
	}
	return out
}

func longest(ps []CopyPassage) int {
	n := 0
	for _, p := range ps {
		n = max(n, p.Chars)
	}
	return n
}

// evidence is the longest passages, at most maxCopyEvidence, in document
// order.
func evidence(ps []CopyPassage) []Span {
	ev := append([]CopyPassage(nil), ps...)
	sortStable(ev, func(a, b CopyPassage) bool { return a.Chars > b.Chars })
	if len(ev) > maxCopyEvidence {
		ev = ev[:maxCopyEvidence]
	}
	sortStable(ev, func(a, b CopyPassage) bool { return a.Start < b.Start })
	spans := make([]Span, len(ev))
	for i, p := range ev {
		spans[i] = p.Span
	}
	return spans
}

func refs(shares []SourceShare, ref func(id string) SourceRef) []SourceRef {
	var out []SourceRef
	for i, sh := range shares {
		if i == maxCopySources {
			break
		}
		out = append(out, ref(sh.ID))
	}
	return out
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
	if c.SelfRatio >= SelfReuseLow {
		codes = append(codes, FlagSelfReuse)
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

// SourceShares lists the presumed sources of the passages copied from
// others, the one the most characters come from first. text is the
// document's Text.
func (c *Copies) SourceShares(text string) []SourceShare { return c.shares(text, PassageCopied) }

// SelfShares lists the deputy's own earlier documents the self-reuse
// passages come from, the one the most characters come from first.
func (c *Copies) SelfShares(text string) []SourceShare { return c.shares(text, PassageSelf) }

// shares lists the presumed sources of the passages of one class, the one
// the most characters come from first.
func (c *Copies) shares(text, class string) []SourceShare {
	spans := map[string][][2]int{}
	var order []string
	for _, p := range c.Passages {
		if p.Kind() != class || len(p.Sources) == 0 {
			continue
		}
		id := p.Sources[0].ID
		if _, ok := spans[id]; !ok {
			order = append(order, id)
		}
		spans[id] = append(spans[id], [2]int{p.Start, p.End})
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
