package copies

import (
	"slices"
	"sort"
)

// postings is the inverted index from fingerprint value to the documents
// holding it, each document once per value.
//
// Layout, for 100,000 documents of ~600 fingerprints each: the 32-bit value
// splits into a shard (top 8 bits), a bucket within the shard (next 8 bits)
// and a 16-bit low part. A shard keeps its entries sorted by (bucket, low,
// doc) in two parallel arrays, lows []uint16 and docs []uint32, with the start
// of each bucket in dir: 6 bytes an entry, about 360 MB for 60 M entries.
// The documents of one value come out in ascending order of their numbers
// (the order of adding), which is not the precedence: the index keeps the
// earliest holders of long lists by precedence itself (see holders).
// Removed documents stay in the lists until compact drops them; readers
// skip them.
//
// New entries go to a pending map (searchable at once) and are merged into
// the shards in batches; a merge grows each shard in place, from the back,
// so that it never needs a second copy of the whole index.
type postings struct {
	shards   [256]shard
	pending  map[uint32][]uint32 // value -> docs, not yet merged
	pendList []uint64            // the same entries as value<<32 | doc
	total    int                 // entries in the shards
	bulk     bool                // loading: skip the map, merge by size only
}

type shard struct {
	dir  [257]uint32 // dir[b]: index of the first entry of bucket b
	lows []uint16
	docs []uint32
}

func (p *postings) add(doc uint32, fps []uint32) {
	if p.pending == nil {
		p.pending = make(map[uint32][]uint32)
	}
	for _, h := range fps {
		p.pendList = append(p.pendList, uint64(h)<<32|uint64(doc))
		if !p.bulk {
			p.pending[h] = append(p.pending[h], doc)
		}
	}
}

// lookup returns the documents holding h, in ascending order: those in the
// shards, then the pending ones (always newer).
func (p *postings) lookup(h uint32) (merged, pending []uint32) {
	s := &p.shards[h>>24]
	b := (h >> 16) & 0xff
	lo, hi := int(s.dir[b]), int(s.dir[b+1])
	if lo < hi {
		low := uint16(h)
		lows := s.lows[lo:hi]
		i := sort.Search(len(lows), func(i int) bool { return lows[i] >= low })
		j := i
		for j < len(lows) && lows[j] == low {
			j++
		}
		merged = s.docs[lo+i : lo+j]
	}
	return merged, p.pending[h]
}

// merge moves the pending entries into the shards.
func (p *postings) merge() {
	if len(p.pendList) == 0 {
		return
	}
	slices.Sort(p.pendList)
	for i := 0; i < len(p.pendList); {
		top := p.pendList[i] >> 56
		j := i
		for j < len(p.pendList) && p.pendList[j]>>56 == top {
			j++
		}
		p.shards[top].merge(p.pendList[i:j])
		i = j
	}
	p.total += len(p.pendList)
	p.pendList = p.pendList[:0]
	if cap(p.pendList) > 1<<22 {
		p.pendList = nil // a bulk load's buffer: do not keep it
	}
	clear(p.pending)
}

// merge adds the sorted entries add (value<<32 | doc, all of this shard).
// The arrays grow in place with an eighth spare, and the merge runs from the
// back so that no base entry is overwritten before it is moved.
func (s *shard) merge(add []uint64) {
	n, m := len(s.docs), len(add)
	if cap(s.docs) < n+m {
		c := (n + m) + (n+m)/8
		docs, lows := make([]uint32, n, c), make([]uint16, n, c)
		copy(docs, s.docs)
		copy(lows, s.lows)
		s.docs, s.lows = docs, lows
	}
	s.docs, s.lows = s.docs[:n+m], s.lows[:n+m]
	const keyMask = 1<<56 - 1 // bucket, low and doc: the order within a shard
	i, j, b := n-1, m-1, 255
	for o := n + m - 1; j >= 0; o-- {
		for i >= 0 && int(s.dir[b]) > i {
			b--
		}
		if i >= 0 && uint64(b)<<48|uint64(s.lows[i])<<32|uint64(s.docs[i]) > add[j]&keyMask {
			s.docs[o], s.lows[o] = s.docs[i], s.lows[i]
			i--
		} else {
			s.docs[o], s.lows[o] = uint32(add[j]), uint16(add[j]>>32)
			j--
		}
	}
	var count [256]uint32
	for _, e := range add {
		count[(e>>48)&0xff]++
	}
	var before uint32
	for b := range 256 {
		s.dir[b] += before
		before += count[b]
	}
	s.dir[256] += before
}

// bytes is the memory the shards hold (capacity, not length).
func (p *postings) bytes() int {
	var n int
	for i := range p.shards {
		n += cap(p.shards[i].docs)*4 + cap(p.shards[i].lows)*2
	}
	return n
}

// compact drops the entries of documents for which dead returns true, from
// the shards and the pending entries, in place.
func (p *postings) compact(dead func(doc uint32) bool) {
	for i := range p.shards {
		s := &p.shards[i]
		var dir [257]uint32
		o := 0
		b := 0
		for e := range s.docs {
			for e >= int(s.dir[b+1]) {
				b++
				dir[b] = uint32(o)
			}
			if dead(s.docs[e]) {
				continue
			}
			s.docs[o], s.lows[o] = s.docs[e], s.lows[e]
			o++
		}
		for b < 256 {
			b++
			dir[b] = uint32(o)
		}
		p.total -= len(s.docs) - o
		s.docs, s.lows = s.docs[:o], s.lows[:o]
		if cap(s.docs) > 2*o+1024 { // give back what a mass removal freed
			s.docs = append([]uint32(nil), s.docs...)
			s.lows = append([]uint16(nil), s.lows...)
		}
		s.dir = dir
	}
	p.pendList = slices.DeleteFunc(p.pendList, func(e uint64) bool { return dead(uint32(e)) })
	for h, docs := range p.pending {
		docs = slices.DeleteFunc(docs, dead)
		if len(docs) == 0 {
			delete(p.pending, h)
		} else {
			p.pending[h] = docs
		}
	}
}

// each calls fn with every value in the shards and its documents (merge
// first: pending entries are not visited). docs is the postings' memory.
func (p *postings) each(fn func(h uint32, docs []uint32)) {
	for top := range p.shards {
		s := &p.shards[top]
		for b := range 256 {
			lo, hi := int(s.dir[b]), int(s.dir[b+1])
			for i := lo; i < hi; {
				j := i + 1
				for j < hi && s.lows[j] == s.lows[i] {
					j++
				}
				fn(uint32(top)<<24|uint32(b)<<16|uint32(s.lows[i]), s.docs[i:j])
				i = j
			}
		}
	}
}
