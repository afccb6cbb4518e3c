package corpus

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
