package ingest

import "hash/maphash"

// Finding a paragraph that repeats an earlier one of the page, as an edited
// re-post does: paragraphs are indexed by shingles (runs of shingleRunes
// characters), every shingleStep-th of them, with the first line that
// holds each. A paragraph repeats when, over all its shingles, at least
// repeatShare of what an unchanged copy would hit is found before a given
// line. A few words changed leave most shingles in place.
const (
	minRepeatLine = 20 // characters of a paragraph worth comparing
	shingleRunes  = 6
	shingleStep   = 3
	repeatShare   = 0.5
)

var shingleSeed = maphash.MakeSeed()

// shingles indexes the paragraphs read so far.
type shingles struct {
	first map[uint64]int32 // shingle → first line holding it
}

func newShingles() *shingles { return &shingles{first: map[uint64]int32{}} }

// shingleStarts returns the byte offset of every character of l, and
// len(l) after the last: shingle k is l[at[k]:at[k+shingleRunes]].
func shingleStarts(l string) []int {
	at := make([]int, 0, len(l)/3+1)
	for i := range l {
		at = append(at, i)
	}
	return append(at, len(l))
}

// add indexes the paragraph l, line i.
func (s *shingles) add(l string, i int) {
	at := shingleStarts(l)
	if len(at)-1 < minRepeatLine {
		return
	}
	for k := 0; k+shingleRunes < len(at); k += shingleStep {
		h := maphash.String(shingleSeed, l[at[k]:at[k+shingleRunes]])
		if _, ok := s.first[h]; !ok {
			s.first[h] = int32(i)
		}
	}
}

// best finds the earlier line (before line before) that the paragraph l
// repeats most, and reports whether it repeats it: at least repeatShare of
// what an unchanged copy would hit.
func (s *shingles) best(l string, before int) (int, bool) {
	at := shingleStarts(l)
	n := 0
	var hits []struct{ line, n int } // few lines share a paragraph's shingles
	for k := 0; k+shingleRunes < len(at); k++ {
		n++
		line, ok := s.first[maphash.String(shingleSeed, l[at[k]:at[k+shingleRunes]])]
		if !ok || int(line) >= before {
			continue
		}
		found := false
		for j := range hits {
			if hits[j].line == int(line) {
				hits[j].n++
				found = true
				break
			}
		}
		if !found {
			hits = append(hits, struct{ line, n int }{int(line), 1})
		}
	}
	line, most := -1, 0
	for _, h := range hits {
		if h.n > most || h.n == most && h.line < line {
			line, most = h.line, h.n
		}
	}
	return line, n > 0 && float64(most) >= repeatShare*float64(n)/shingleStep
}
