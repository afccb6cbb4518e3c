package copies

import (
	"fmt"
	"slices"

	"lvzhi/corpus"
)

// scratch holds the buffers of one Add or Check, pooled.
type scratch struct {
	doc, cand normText
	hs, chs   []uint32
	pos       []int32
	fps, sig  []uint32
	rec       []byte
	table     []int32 // open-addressing heads over the document's k-grams (position+1)
	next      []int32 // next position with the same slot
	diag      []int32 // per diagonal: end (in the candidate) of the last match found
	covS      []int32 // per document position: the found run through it reaching furthest
	covE      []int32
	cpos      []int32 // the candidate's winnowed positions
}

func (ix *Index) getScratch() *scratch {
	if sc, ok := ix.scratch.Get().(*scratch); ok {
		return sc
	}
	return new(scratch)
}

// fingerprints normalises text into sc.doc, computes its k-gram hashes into
// sc.hs and returns its distinct fingerprint values, ascending, and its
// number of normalised characters.
func (sc *scratch) fingerprints(text string, opt Options) ([]uint32, int) {
	sc.doc.normalize(text)
	n := len(sc.doc.chars)
	sc.hs = kgramHashes(sc.doc.chars, opt.K, sc.hs)
	sc.fps = sc.fps[:0]
	if n < opt.MinChars {
		return sc.fps, n
	}
	sc.pos = winnow(sc.hs, opt.Window, sc.pos)
	for _, p := range sc.pos {
		sc.fps = append(sc.fps, sc.hs[p])
	}
	slices.Sort(sc.fps)
	return slices.Compact(sc.fps), n
}

// match is a maximal run shared by the document, [ds, de) in its normalised
// characters, and a candidate, from cs.
type match struct {
	ds, de, cs int32
	cand       int32 // index into the verified candidates
}

// candidate is a document verified against the checked one.
type candidate struct {
	doc    uint32
	score  float64
	text   string
	starts []int32 // byte offset of each normalised character
}

// Check computes the Copies of a document already added, against every
// other document. text is the document's text as given to Add; texts
// returns the text of the others.
func (ix *Index) Check(id, text string, texts TextSource) (corpus.Copies, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	self, ok := ix.byID[id]
	if !ok {
		return corpus.Copies{}, fmt.Errorf("copies: check %s: not in the index %s", id, ix.path)
	}
	opt := ix.opt
	sc := ix.getScratch()
	defer ix.scratch.Put(sc)
	fps, n := sc.fingerprints(text, opt)
	res := corpus.Copies{Version: Version, Chars: n, Passages: []corpus.CopyPassage{}, Cluster: []string{}}
	res.Cluster = append(res.Cluster, ix.names(ix.near.cluster(self, opt.MaxCluster, clusterWalk))...)
	if len(fps) == 0 {
		return res, nil
	}

	// Candidates: the documents sharing a fingerprint; for a saturated one,
	// its earliest few. df keeps each fingerprint's document count.
	df := make(map[uint32]int32, len(fps))
	score := make(map[uint32]float64)
	for _, h := range fps {
		a, b := ix.post.lookup(h)
		cnt := len(a) + len(b)
		if _, in := slices.BinarySearch(a, self); in {
			cnt--
		} else if _, in := slices.BinarySearch(b, self); in {
			cnt--
		}
		if cnt == 0 {
			continue
		}
		df[h] = int32(cnt)
		w := 1 / float64(cnt) // rare evidence first: a fingerprint of one other document weighs 1
		take := cnt
		if cnt > opt.SaturatedDocs {
			take = opt.Samples
		}
		for _, part := range [][]uint32{a, b} {
			for _, d := range part {
				if take == 0 {
					break
				}
				if d != self {
					score[d] += w
					take--
				}
			}
		}
	}
	cands := make([]candidate, 0, len(score))
	for d, s := range score {
		cands = append(cands, candidate{doc: d, score: s})
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return int(a.doc) - int(b.doc)
	})
	cands = cands[:min(len(cands), opt.MaxCandidates)]

	// Verify every candidate exactly.
	sc.buildTable()
	var matches []match
	verified := make(map[uint32]bool, len(cands))
	kept := cands[:0]
	for _, c := range cands {
		verified[c.doc] = true
		ctext, err := texts(ix.ids[c.doc])
		if err != nil {
			return corpus.Copies{}, fmt.Errorf("copies: check %s: text of %s: %w", id, ix.ids[c.doc], err)
		}
		sc.cand.normalize(ctext)
		before := len(matches)
		matches = sc.verify(int32(len(kept)), opt, matches)
		if len(matches) > before {
			c.text = ctext
			c.starts = slices.Clone(sc.cand.starts)
			kept = append(kept, c)
		}
	}
	all := func(h uint32) bool { // every other holder of h was verified
		a, b := ix.post.lookup(h)
		for _, part := range [][]uint32{a, b} {
			for _, d := range part {
				if d != self && !verified[d] {
					return false
				}
			}
		}
		return true
	}
	if len(matches) == 0 {
		return res, nil
	}
	ix.passages(sc, &res, matches, kept, df, all)
	return res, nil
}

// buildTable indexes the document's k-grams (sc.hs) by hash.
func (sc *scratch) buildTable() {
	size := 1
	for size < 2*len(sc.hs) {
		size <<= 1
	}
	sc.table = slices.Grow(sc.table[:0], size)[:size]
	clear(sc.table)
	sc.next = slices.Grow(sc.next[:0], len(sc.hs))[:len(sc.hs)]
	mask := uint32(size - 1)
	for p := len(sc.hs) - 1; p >= 0; p-- { // so that chains run in ascending order
		slot := mix32(sc.hs[p]) & mask
		sc.next[p] = sc.table[slot]
		sc.table[slot] = int32(p + 1)
	}
}

// verify appends the maximal runs of at least MinChars characters that the
// document (sc.doc, sc.hs, sc.table) shares with the candidate in sc.cand.
// The candidate's fingerprint k-grams are looked up among all the document's
// k-grams; a hit whose characters really match is extended both ways, and the diagonal (document position minus
// candidate position) remembers where the run ended so that a run is found
// once. Repeated runs are reported once per document interval.
func (sc *scratch) verify(cand int32, opt Options, out []match) []match {
	d, c := sc.doc.chars, sc.cand.chars
	sc.chs = kgramHashes(c, opt.K, sc.chs)
	nd := len(sc.diag)
	if need := len(d) + len(c); nd < need {
		sc.diag = make([]int32, need)
	}
	diag := sc.diag[:len(d)+len(c)]
	clear(diag)
	off := len(c) // diag index of document position p, candidate position q: p - q + len(c)
	if cap(sc.covE) < len(d) {
		sc.covS, sc.covE = make([]int32, len(d)), make([]int32, len(d))
	}
	covS, covE := sc.covS[:len(d)], sc.covE[:len(d)]
	clear(covE)
	mask := uint32(len(sc.table) - 1)
	first := len(out)
	// Seeds: the candidate's winnowed positions. A shared run of K+Window-1
	// characters holds a whole window, whose selected k-gram the document
	// has at the corresponding place, so every run is seeded.
	sc.cpos = winnow(sc.chs, opt.Window, sc.cpos)
	for _, q32 := range sc.cpos {
		q := int(q32)
		h := sc.chs[q]
		for p := sc.table[mix32(h)&mask]; p != 0; p = sc.next[p-1] {
			dp := int(p - 1)
			if sc.hs[dp] != h {
				continue
			}
			di := dp - q + off
			if int(diag[di]) > q {
				continue // inside a run already found on this diagonal
			}
			if e := int(covE[dp]); e > 0 {
				// dp lies in a run [s, e) found with another part of the
				// candidate (repeated text). The run on this diagonal stays
				// inside [s, e) unless it matches one character beyond an
				// end; then it cannot add to coverage or to sources.
				s := int(covS[dp])
				right := q+e-dp < len(c) && e < len(d) && d[e] == c[q+e-dp]
				left := s > 0 && q-(dp-s) > 0 && d[s-1] == c[q-(dp-s)-1]
				if !right && !left {
					continue
				}
			}
			// Extend right from (dp, q), then left.
			r := 0
			for dp+r < len(d) && q+r < len(c) && d[dp+r] == c[q+r] {
				r++
			}
			if r < opt.K {
				continue // a hash collision
			}
			l := 0
			for dp-l > 0 && q-l > 0 && d[dp-l-1] == c[q-l-1] {
				l++
			}
			diag[di] = int32(q + r)
			if l+r >= opt.MinChars {
				ds, de := int32(dp-l), int32(dp+r)
				out = append(out, match{ds: ds, de: de, cs: int32(q - l), cand: cand})
				for j := ds; j < de; j++ {
					if de > covE[j] {
						covS[j], covE[j] = ds, de
					}
				}
			}
		}
	}
	// One entry per document interval: a repeated run matches many places.
	ms := out[first:]
	slices.SortFunc(ms, func(a, b match) int {
		if a.ds != b.ds {
			return int(a.ds - b.ds)
		}
		if a.de != b.de {
			return int(a.de - b.de)
		}
		return int(a.cs - b.cs)
	})
	ms = slices.CompactFunc(ms, func(a, b match) bool { return a.ds == b.ds && a.de == b.de })
	return out[:first+len(ms)]
}

// passages turns the verified runs into res.Passages, Ratio and StockRatio.
// A passage is a distinct document interval some candidate shares as a
// maximal run; its sources are all verified candidates whose runs contain it.
func (ix *Index) passages(sc *scratch, res *corpus.Copies, matches []match, cands []candidate, df map[uint32]int32, verifiedAll func(uint32) bool) {
	opt := ix.opt
	slices.SortFunc(matches, func(a, b match) int {
		if a.ds != b.ds {
			return int(a.ds - b.ds)
		}
		return int(b.de - a.de)
	})
	stockMin := max(opt.StockMinDocs, int(opt.StockFraction*float64(len(ix.ids))+0.5))
	n := len(sc.doc.chars)
	covered := make([]uint8, n) // 1 stock, 2 copied
	seen := make(map[int32]int) // candidate -> index into srcs
	type src struct {
		cand  int32
		cs    int32
		count bool
	}
	var srcs []src
	var ivs [][2]int32 // each passage's interval in normalised characters
	var active []match // runs begun at or before the current one and not ended before it
	next := 0
	allCache := map[uint32]bool{}
	for i := 0; i < len(matches); i++ {
		m := matches[i]
		if i > 0 && m.ds == matches[i-1].ds && m.de == matches[i-1].de {
			continue
		}
		// The candidates whose runs contain [m.ds, m.de).
		for ; next < len(matches) && matches[next].ds <= m.ds; next++ {
			active = append(active, matches[next])
		}
		active = slices.DeleteFunc(active, func(o match) bool { return o.de <= m.ds })
		clear(seen)
		srcs = srcs[:0]
		for _, o := range active {
			if o.de < m.de {
				continue
			}
			if _, dup := seen[o.cand]; dup {
				continue
			}
			seen[o.cand] = len(srcs)
			srcs = append(srcs, src{cand: o.cand, cs: o.cs + (m.ds - o.ds)})
		}
		shared := len(srcs)
		// The rarest fingerprint every holder of the passage must have (the
		// minimum of a window inside it): the count is exact when all its
		// holders were verified; otherwise its document count bounds it.
		var rarest uint32
		rarestDF := int32(-1)
		for j := int(m.ds); j+opt.K+opt.Window-1 <= int(m.de); j++ {
			h := windowMin(sc.hs, j, opt.Window)
			if c := df[h]; rarestDF < 0 || c < rarestDF {
				rarest, rarestDF = h, c
			}
		}
		if rarestDF > int32(shared) {
			all, ok := allCache[rarest]
			if !ok {
				all = verifiedAll(rarest)
				allCache[rarest] = all
			}
			if !all {
				shared = int(rarestDF)
			}
		}
		chars := int(m.de - m.ds)
		stock := chars < opt.StockMaxChars && shared >= stockMin
		p := corpus.CopyPassage{Chars: chars, Stock: stock, Shared: shared}
		p.Start, p.End = sc.doc.span(int(m.ds), int(m.de))
		p.Text = sc.doc.text[p.Start:p.End]
		slices.SortFunc(srcs, func(a, b src) int { return int(cands[a.cand].doc) - int(cands[b.cand].doc) })
		for _, s := range srcs[:min(len(srcs), opt.MaxSources)] {
			c := &cands[s.cand]
			nt := normText{text: c.text, starts: c.starts}
			start, end := nt.span(int(s.cs), int(s.cs)+chars)
			p.Sources = append(p.Sources, corpus.CopySource{ID: ix.ids[c.doc], Start: start, End: end})
		}
		res.Passages = append(res.Passages, p)
		ivs = append(ivs, [2]int32{m.ds, m.de})
		if stock {
			for j := m.ds; j < m.de; j++ {
				covered[j] = 1
			}
		}
	}
	// A passage that is a stock phrase plus fewer than MinChars other
	// characters (a neighbouring character two documents happen to share)
	// is stock too; otherwise it is copying, all of it.
	for i := range res.Passages {
		p := &res.Passages[i]
		if p.Stock {
			continue
		}
		outside := 0
		for j := ivs[i][0]; j < ivs[i][1]; j++ {
			if covered[j] != 1 {
				outside++
			}
		}
		p.Stock = outside < opt.MinChars
	}
	for i, p := range res.Passages {
		if !p.Stock {
			for j := ivs[i][0]; j < ivs[i][1]; j++ {
				covered[j] = 2
			}
		}
	}
	var copied, stock int
	for _, v := range covered {
		switch v {
		case 1:
			stock++
		case 2:
			copied++
		}
	}
	res.Ratio = float64(copied) / float64(n)
	res.StockRatio = float64(stock) / float64(n)
}
