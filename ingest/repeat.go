package ingest

import (
	"hash/maphash"
	"unicode/utf8"
)

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

func shingleHash(rs []rune) uint64 {
	var buf [shingleRunes * utf8.UTFMax]byte
	b := buf[:0]
	for _, r := range rs {
		b = utf8.AppendRune(b, r)
	}
	return maphash.Bytes(shingleSeed, b)
}

// add indexes the paragraph l, line i.
func (s *shingles) add(l string, i int) {
	rs := []rune(l)
	if len(rs) < minRepeatLine {
		return
	}
	for k := 0; k+shingleRunes <= len(rs); k += shingleStep {
		h := shingleHash(rs[k : k+shingleRunes])
		if _, ok := s.first[h]; !ok {
			s.first[h] = int32(i)
		}
	}
}

// best finds the earlier line (before line before) that the paragraph l
// repeats most, and reports whether it repeats it: at least repeatShare of
// what an unchanged copy would hit.
func (s *shingles) best(l string, before int) (int, bool) {
	rs := []rune(l)
	n := 0
	hits := map[int32]int{}
	for k := 0; k+shingleRunes <= len(rs); k++ {
		n++
		if at, ok := s.first[shingleHash(rs[k:k+shingleRunes])]; ok && int(at) < before {
			hits[at]++
		}
	}
	line, most := -1, 0
	for at, h := range hits {
		if h > most || h == most && int(at) < line {
			line, most = int(at), h
		}
	}
	return line, n > 0 && float64(most) >= repeatShare*float64(n)/shingleStep
}
