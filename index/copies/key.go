package copies

// Key is what the check knows of a document besides its text: its place in
// the precedence that decides, among the documents holding a passage, which
// held it first (the passage's presumed source), and its author.
//
// Precedence: reference material first; then the year the text covers,
// earliest first; then the date of receipt, earliest first; then the
// document ID. An unknown year (0) comes after every known year, an unknown
// date of receipt (0) after every known date: a document cannot be
// presumed the source of one whose year or date is known to be later only
// for lack of its own.
type Key struct {
	// Reference marks reference material (template-site pages, model
	// texts, archives collected to compare against): it precedes every
	// report, whatever its year.
	Reference bool
	// Year is the year the text covers; 0 when unknown.
	Year int
	// Received is when the office received the document, in Unix seconds;
	// 0 when unknown.
	Received int64
	// Author identifies the deputy (the caller derives it from name and
	// seat; opaque here); "" when unknown. A passage whose presumed source
	// has the same non-empty author is self reuse, not copying.
	Author string
}

// The packed precedence of a key: a uint64 that orders keys as the
// precedence does (the ID breaks ties): bit 63 clear for reference
// material, 16 bits of year (all ones when unknown), 47 bits of date of
// receipt (all ones when unknown).
const (
	yearBits     = 16
	receivedBits = 47
	yearUnknown  = 1<<yearBits - 1
	recvUnknown  = 1<<receivedBits - 1
	recvOffset   = 1 << 45 // dates before 1970 stay ordered
)

func (k Key) packed() uint64 {
	var p uint64
	if !k.Reference {
		p = 1 << 63
	}
	y := uint64(yearUnknown)
	if k.Year > 0 {
		y = uint64(min(k.Year, yearUnknown-1))
	}
	r := uint64(recvUnknown)
	if k.Received != 0 {
		v := k.Received + recvOffset
		r = uint64(max(0, min(v, recvUnknown-1)))
	}
	return p | y<<receivedBits | r
}

// unpackKey is the inverse of packed for the key's ordering fields
// (dates far outside 1970 ± a million years come back clamped).
func unpackKey(p uint64, author string) Key {
	k := Key{Reference: p>>63 == 0, Author: author}
	if y := p >> receivedBits & yearUnknown; y != yearUnknown {
		k.Year = int(y)
	}
	if r := p & recvUnknown; r != recvUnknown {
		k.Received = int64(r) - recvOffset
	}
	return k
}

// precedes reports whether document a comes before document b in the
// precedence (packed keys, then IDs).
func (ix *Index) precedes(a, b uint32) bool {
	pa, pb := ix.prec[a], ix.prec[b]
	if pa != pb {
		return pa < pb
	}
	return ix.ids[a] < ix.ids[b]
}

// cmpPrec orders documents by precedence, for slices.SortFunc.
func (ix *Index) cmpPrec(a, b uint32) int {
	switch {
	case a == b:
		return 0
	case ix.precedes(a, b):
		return -1
	}
	return 1
}
