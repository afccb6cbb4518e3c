package extract

// The literals of every pattern (the words one of which a sentence must
// hold before the pattern is tried), indexed by their first two bytes, so
// that one pass over a document's bytes finds them all (a literal starts
// with the lead byte of a character, which no continuation byte equals, so
// every byte may be tried). Patterns made at init
// register their literals; the index is frozen once the package is
// initialised and read-only afterwards, so Analyze may run concurrently.
type literalSet struct {
	words []string
	ids   map[string]int
	slot  [1 << 16]uint16 // first two bytes → 1 + index into byPair, 0 for none
	pairs [][]int         // literal ids by their first two bytes
}

var literalIndex = &literalSet{ids: map[string]int{}, pairs: [][]int{nil}}

// literalsFrozen is set when the package is initialised: patterns made
// later (by tests) run without the index.
var literalsFrozen bool

func init() { literalsFrozen = true }

// intern returns the id of a literal, adding it if needed.
func (ls *literalSet) intern(w string) int {
	if id, ok := ls.ids[w]; ok {
		return id
	}
	id := len(ls.words)
	ls.words = append(ls.words, w)
	ls.ids[w] = id
	if len(w) == 1 {
		for b := 0; b < 256; b++ {
			ls.add(uint16(w[0])<<8|uint16(b), id)
		}
	} else {
		ls.add(uint16(w[0])<<8|uint16(w[1]), id)
	}
	return id
}

func (ls *literalSet) add(key uint16, id int) {
	if ls.slot[key] == 0 {
		ls.pairs = append(ls.pairs, nil)
		ls.slot[key] = uint16(len(ls.pairs) - 1)
	}
	ls.pairs[ls.slot[key]] = append(ls.pairs[ls.slot[key]], id)
}

// literalHit is one occurrence of a literal in a document.
type literalHit struct {
	id         int
	start, end int
}

// literals returns every occurrence of every indexed literal in the
// document, in order of position (overlapping occurrences included),
// finding them on first use.
func (d *doc) literals() []literalHit {
	if d.hitsDone {
		return d.hits
	}
	d.hitsDone = true
	text := d.text
	ls := literalIndex
	for i := 0; i < len(text); i++ {
		key := uint16(text[i]) << 8
		if i+1 < len(text) {
			key |= uint16(text[i+1])
		}
		slot := ls.slot[key]
		if slot == 0 {
			continue
		}
		for _, id := range ls.pairs[slot] {
			w := ls.words[id]
			if len(text)-i >= len(w) && text[i:i+len(w)] == w {
				d.hits = append(d.hits, literalHit{id, i, i + len(w)})
			}
		}
	}
	return d.hits
}
