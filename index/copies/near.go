package copies

import (
	"math"
	"slices"
)

// nearDup clusters near-duplicate documents: a MinHash signature per
// document, LSH banding to find the documents that may be close, the
// estimated Jaccard similarity to decide, and union-find for the clusters.
//
// The signature is taken over the document's winnowed fingerprints, a
// content-defined sample of its k-gram shingles (the same text yields the
// same sample), so the Jaccard similarity of two fingerprint sets estimates
// that of the shingle sets at a quarter of the cost.
type nearDup struct {
	size, bands int
	thresh      int     // least number of equal signature positions to link
	cover       float64 // least estimated share of each document's fingerprints the other holds

	counts []uint32 // fingerprints per document
	made   []uint32 // the documents the last add united with, in order

	sigs   []uint32 // size values per document; all ^0 for a document without fingerprints
	parent []uint32 // union-find forest
	ring   []uint32 // next member of the same cluster, circular
	heads  map[uint64]uint32
	links  []uint32 // per document and band: the previous document in the bucket, +1 (0 = none)
	scan   int
	seeds  []uint32
	seen   map[uint32]bool // documents compared during one add
}

func newNearDup(opt Options) *nearDup {
	nd := &nearDup{
		size:   opt.MinHashSize,
		bands:  opt.Bands,
		thresh: int(opt.NearDupJaccard*float64(opt.MinHashSize) + 0.999999),
		cover:  opt.NearDupCover,
		heads:  make(map[uint64]uint32),
		seen:   make(map[uint32]bool),
		scan:   opt.BucketScan,
	}
	// Fixed seeds: signatures are stored on disk and must not change.
	s := uint32(0x9e3779b9)
	for range nd.size {
		s = mix32(s + 0x7f4a7c15)
		nd.seeds = append(nd.seeds, s)
	}
	return nd
}

// signature appends the MinHash signature of the fingerprint set fps to out.
func (nd *nearDup) signature(fps []uint32, out []uint32) []uint32 {
	out = slices.Grow(out[:0], nd.size)[:nd.size]
	for i := range out {
		out[i] = ^uint32(0)
	}
	for _, h := range fps {
		for i, seed := range nd.seeds {
			if v := mix32(h ^ seed); v < out[i] {
				out[i] = v
			}
		}
	}
	return out
}

func (nd *nearDup) sig(doc uint32) []uint32 {
	return nd.sigs[int(doc)*nd.size : int(doc+1)*nd.size]
}

// add registers document doc (numbered in order) with signature sig, nil for
// a document too short to have one, and nfp fingerprints. When replay is
// false it links doc to the close documents found in its buckets and leaves
// the documents it united with in nd.made; when replay is true it makes the
// unions with the documents in links (recorded by an earlier add) instead of
// comparing.
func (nd *nearDup) add(doc uint32, sig []uint32, nfp int, replay bool, links []uint32) {
	nd.parent = append(nd.parent, doc)
	nd.ring = append(nd.ring, doc)
	nd.counts = append(nd.counts, uint32(nfp))
	nd.made = nd.made[:0]
	if sig == nil {
		nd.sigs = append(nd.sigs, make([]uint32, nd.size)...)
		nd.links = append(nd.links, make([]uint32, nd.bands)...)
		return
	}
	nd.sigs = append(nd.sigs, sig...)
	if replay {
		nd.bucket(doc, sig)
		for _, other := range links {
			if other < doc {
				nd.union(doc, other)
			}
		}
		return
	}
	rows := nd.size / nd.bands
	clear(nd.seen)
	for band := range nd.bands {
		k := bandKey(band, sig[band*rows:(band+1)*rows])
		prev := nd.heads[k]
		nd.links = append(nd.links, prev)
		nd.heads[k] = doc + 1
		for seen := 0; prev != 0 && seen < nd.scan; seen++ {
			other := prev - 1
			if !nd.seen[other] && nd.find(other) != nd.find(doc) && nd.close(doc, other) {
				nd.union(doc, other)
				nd.made = append(nd.made, other)
			}
			nd.seen[other] = true
			prev = nd.links[int(other)*nd.bands+band]
		}
	}
}

func bandKey(band int, rows []uint32) uint64 {
	k := uint64(band) + 1
	for _, v := range rows {
		k = (k ^ uint64(v)) * 0x100000001b3
		k ^= k >> 29
	}
	return k
}

// bucket enters doc in its LSH buckets without comparing.
func (nd *nearDup) bucket(doc uint32, sig []uint32) {
	rows := nd.size / nd.bands
	for band := range nd.bands {
		k := bandKey(band, sig[band*rows:(band+1)*rows])
		nd.links = append(nd.links, nd.heads[k])
		nd.heads[k] = doc + 1
	}
}

// equal counts the signature positions on which two documents agree.
func (nd *nearDup) equal(a, b uint32) int {
	sa, sb := nd.sig(a), nd.sig(b)
	n := 0
	for i := range sa {
		if sa[i] == sb[i] {
			n++
		}
	}
	return n
}

// need is the least number of equal signature positions for which two
// documents of na and nb fingerprints are near-duplicates: an estimated
// Jaccard similarity J = equal/size of at least NearDupJaccard, and an
// estimated share of each document held by the other of at least
// NearDupCover. The shared fingerprints are estimated as J(na+nb)/(1+J), so
// the cover of the larger document, I/max ≥ c, holds when
// equal ≥ c·max·size/(na+nb−c·max).
func (nd *nearDup) need(na, nb uint32) int {
	need := nd.thresh
	if nd.cover > 0 {
		m := float64(max(na, nb))
		d := float64(na) + float64(nb) - nd.cover*m
		if d <= 0 {
			return nd.size + 1
		}
		need = max(need, int(math.Ceil(nd.cover*m*float64(nd.size)/d-1e-9)))
	}
	return need
}

// close reports whether two documents are near-duplicates (see need),
// stopping as soon as too many signature positions differ.
func (nd *nearDup) close(a, b uint32) bool {
	sa, sb := nd.sig(a), nd.sig(b)
	miss := len(sa) - nd.need(nd.counts[a], nd.counts[b]) // differences allowed
	for i := range sa {
		if sa[i] != sb[i] {
			if miss--; miss < 0 {
				return false
			}
		}
	}
	return true
}

func (nd *nearDup) find(x uint32) uint32 {
	for nd.parent[x] != x {
		nd.parent[x] = nd.parent[nd.parent[x]]
		x = nd.parent[x]
	}
	return x
}

func (nd *nearDup) union(a, b uint32) {
	ra, rb := nd.find(a), nd.find(b)
	if ra == rb {
		return
	}
	if ra < rb { // the earliest document is the root
		nd.parent[rb] = ra
	} else {
		nd.parent[ra] = rb
	}
	nd.ring[a], nd.ring[b] = nd.ring[b], nd.ring[a] // splice the two rings
}

// members returns up to limit other members of doc's cluster, in ring order.
func (nd *nearDup) members(doc uint32, limit int) []uint32 {
	var out []uint32
	for m := nd.ring[doc]; m != doc && len(out) < limit; m = nd.ring[m] {
		out = append(out, m)
	}
	return out
}

// cluster returns the other members of doc's cluster, closest (most equal
// signature positions) first, then earliest; at most max of them, chosen
// among the first walk members of the ring.
func (nd *nearDup) cluster(doc uint32, max, walk int) []uint32 {
	ms := nd.members(doc, walk)
	if len(ms) == 0 {
		return nil
	}
	type scored struct{ doc, eq uint32 }
	sc := make([]scored, len(ms))
	for i, m := range ms {
		sc[i] = scored{m, uint32(nd.equal(doc, m))}
	}
	slices.SortFunc(sc, func(a, b scored) int {
		if a.eq != b.eq {
			return int(b.eq) - int(a.eq)
		}
		return int(a.doc) - int(b.doc)
	})
	out := make([]uint32, 0, min(len(sc), max))
	for _, s := range sc[:min(len(sc), max)] {
		out = append(out, s.doc)
	}
	return out
}
