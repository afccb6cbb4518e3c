package copies

import (
	"math/bits"
	"slices"
)

// run is a common substring of the checked document and a candidate:
// [ds, de) in the document's normalised characters, from cs in the
// candidate's.
type run struct {
	ds, de, cs int32
	cand       int32 // index into the check's candidates
}

// grams is the table of the checked document's windows of m characters
// (m = MinChars: the shortest passage), each distinct window once. Every
// window has an id, dense from 0 in order of first appearance, and the
// windows sharing an id are chained. A candidate is verified by looking each
// of its own windows up here: linear in the lengths of both texts, however
// repetitive they are; the table grows with the distinct windows.
type grams struct {
	m     int
	gid   []int32  // per window: its id
	next  []int32  // per window: the next window with the same characters, -1 at the end
	first []int32  // per id: its first window
	last  []int32  // per id: its last window (building)
	hash  []uint64 // per id: the 64-bit hash of its characters
	slots []int32  // open addressing over the ids: id+1 (0: empty slot)
	mask  uint64

	// Per id: the full verification that last found it in a candidate
	// (stamp) and where it first did (firstC).
	stamp  []int32
	firstC []int32
	held   []int32  // ids the current candidate holds
	bitmap []uint64 // windows the current candidate holds
}

// build indexes the windows of d.
func (g *grams) build(d []rune, m int) {
	g.m = m
	nw := len(d) - m + 1
	g.gid, g.next, g.first, g.last, g.hash = g.gid[:0], g.next[:0], g.first[:0], g.last[:0], g.hash[:0]
	if nw <= 0 {
		return
	}
	g.grow(1024)
	g.gid = resize(g.gid, nw)
	g.next = resize(g.next, nw)
	g.bitmap = resize(g.bitmap, (nw+63)/64)
	clear(g.bitmap)
	gh := newGramHash(m)
	var raw uint64
	for j := range nw {
		if j == 0 {
			raw = gh.first(d)
		} else {
			raw = gh.roll(raw, d[j-1], d[j+m-1])
		}
		h := fmix64(raw)
		g.next[j] = -1
		for slot := h & g.mask; ; slot = (slot + 1) & g.mask {
			r := g.slots[slot]
			if r == 0 {
				id := int32(len(g.first))
				g.slots[slot] = id + 1
				g.hash = append(g.hash, h)
				g.first = append(g.first, int32(j))
				g.last = append(g.last, int32(j))
				g.gid[j] = id
				if 2*len(g.first) > len(g.slots) {
					g.grow(2 * len(g.slots))
				}
				break
			}
			if id := r - 1; g.hash[id] == h {
				if f := int(g.first[id]); slices.Equal(d[f:f+m], d[j:j+m]) {
					g.gid[j] = id
					g.next[g.last[id]] = int32(j)
					g.last[id] = int32(j)
					break
				}
			}
		}
	}
	g.stamp = resize(g.stamp, len(g.first))
	clear(g.stamp)
	g.firstC = resize(g.firstC, len(g.first))
}

// grow makes the open-addressing table size slots (a power of two) and
// puts the ids back in.
func (g *grams) grow(size int) {
	g.slots = resize(g.slots, size)
	clear(g.slots)
	g.mask = uint64(size - 1)
	for id, h := range g.hash {
		slot := h & g.mask
		for g.slots[slot] != 0 {
			slot = (slot + 1) & g.mask
		}
		g.slots[slot] = int32(id + 1)
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// fmix64 is the MurmurHash3 64-bit finaliser.
func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// verify appends to out the runs the document d shares with candidate c
// (number ci, stamp ci+1): every window of m characters the two have in
// common lies in one of them. Each run starts at a window not covered by
// the runs before it and extends right as far as the characters match on
// its diagonal, so the runs are sorted by start and by end; a run starting
// where the window before is not shared is maximal on both sides.
func (g *grams) verify(d, c []rune, ci int32, out []run) []run {
	m := g.m
	if len(g.first) == 0 || len(c) < m {
		return out
	}
	stamp := ci + 1
	g.held = g.held[:0]
	gh := newGramHash(m)
	var raw uint64
	for q := 0; q+m <= len(c); q++ {
		if q == 0 {
			raw = gh.first(c)
		} else {
			raw = gh.roll(raw, c[q-1], c[q+m-1])
		}
		h := fmix64(raw)
		for slot := h & g.mask; ; slot = (slot + 1) & g.mask {
			r := g.slots[slot]
			if r == 0 {
				break
			}
			id := r - 1
			if g.hash[id] != h {
				continue
			}
			if g.stamp[id] == stamp {
				break // held already: only the first place matters
			}
			if f := int(g.first[id]); slices.Equal(d[f:f+m], c[q:q+m]) {
				g.stamp[id], g.firstC[id] = stamp, int32(q)
				g.held = append(g.held, id)
				break
			}
		}
	}
	if len(g.held) == 0 {
		return out
	}
	// Mark the windows held, then walk them in order.
	lo, hi := len(g.bitmap), 0
	for _, id := range g.held {
		for j := g.first[id]; j >= 0; j = g.next[j] {
			w := int(j) >> 6
			g.bitmap[w] |= 1 << (uint(j) & 63)
			lo, hi = min(lo, w), max(hi, w)
		}
	}
	end := -1 // the runs so far cover the windows starting before end-m+1
	for w := lo; w <= hi; w++ {
		word := g.bitmap[w]
		g.bitmap[w] = 0
		for word != 0 {
			j := w<<6 + bits.TrailingZeros64(word)
			word &= word - 1
			if j+m <= end {
				continue
			}
			// The window j is not in a run yet: a new run from it, on the
			// diagonal of the candidate's first window like it. When the
			// window before is not shared, the run is maximal on the left
			// too (extending it would make that window shared).
			c0 := int(g.firstC[g.gid[j]])
			r := m
			for j+r < len(d) && c0+r < len(c) && d[j+r] == c[c0+r] {
				r++
			}
			out = append(out, run{ds: int32(j), de: int32(j + r), cs: int32(c0), cand: ci})
			end = j + r
		}
	}
	return out
}
