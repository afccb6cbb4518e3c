package copies

import (
	"cmp"
	"fmt"
	"slices"

	"lvzhi/corpus"
)

// scratch holds the buffers of one Add or Check, pooled.
type scratch struct {
	doc    normText
	hs     []uint32 // k-gram hashes of the document
	pos    []int32  // its winnowed positions
	sel    []int32  // per window of Window k-grams: the position selected
	fps    []uint32 // distinct fingerprint values, ascending
	rec    []byte
	grams  grams
	grpAt  []int32 // per k-gram position: the group of its fingerprint (winnowed positions only), -1 none
	runs   []run
	cover  []uint8 // per character: stock / copied marks
	events []int32
}

func (ix *Index) getScratch() *scratch {
	if sc, ok := ix.scratch.Get().(*scratch); ok {
		return sc
	}
	return new(scratch)
}

// fingerprints normalises text into sc.doc, computes its k-gram hashes into
// sc.hs, its winnowed positions into sc.pos (and, when sel is set, every
// window's selection into sc.sel), and returns its distinct fingerprint
// values, ascending, and its number of normalised characters.
func (sc *scratch) fingerprints(text string, opt Options, sel bool) ([]uint32, int) {
	sc.doc.normalize(text)
	n := len(sc.doc.chars)
	sc.hs = kgramHashes(sc.doc.chars, opt.K, sc.hs)
	sc.fps = sc.fps[:0]
	sc.pos, sc.sel = sc.pos[:0], sc.sel[:0]
	if n < opt.MinChars {
		return sc.fps, n
	}
	var selp *[]int32
	if sel {
		selp = &sc.sel
	}
	sc.pos = winnow(sc.hs, opt.Window, sc.pos, selp)
	for _, p := range sc.pos {
		sc.fps = append(sc.fps, sc.hs[p])
	}
	slices.Sort(sc.fps)
	return slices.Compact(sc.fps), n
}

// group is one fingerprint of the checked document, the other documents
// holding it that the check looks at, and the document's windows (of
// Window k-grams, K+Window-1 characters) whose minimum it is: every other
// holder of such a window holds the fingerprint.
type group struct {
	f        uint32
	cc       int      // other holders, counted up to Samples+1
	view     []uint32 // the earliest Samples other holders by precedence
	win      []int32  // the windows whose fingerprint this is
	complete bool     // every other holder was verified
}

// candidate is a document verified against the checked one.
type candidate struct {
	doc  uint32
	t    *candText
	runs []run // sorted by start (and by end)
	rank int32 // place in precedence among the candidates with runs
}

// contains reports whether one of the candidate's runs holds [a, b), and
// which (-1 when none).
func (c *candidate) contains(a, b int32) int {
	i, _ := slices.BinarySearchFunc(c.runs, a, func(r run, a int32) int { return cmp.Compare(r.ds, a+1) })
	// c.runs[:i] start at or before a; ends grow with starts.
	if i > 0 && c.runs[i-1].de >= b {
		return i - 1
	}
	return -1
}

// Check computes the Copies of a document in the index against every other
// document. text is the document's text as given to Add; texts returns the
// text of the others.
//
// The result is a function of the documents in the index, their texts and
// their keys, never of the order they came in.
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
	fps, n := sc.fingerprints(text, opt, true)
	res := corpus.Copies{Version: Version, Chars: n, Passages: []corpus.CopyPassage{}, Cluster: []string{},
		SelfYears: []int{}, Copiers: []string{}}
	if len(fps) == 0 {
		return res, nil
	}

	// The groups: each fingerprint with other holders, and what the check
	// looks at of them.
	groups := make([]group, 0, len(fps))
	index := make([]int32, len(fps)) // fps[i]'s group, -1 none
	var buf []uint32
	for i, f := range fps {
		index[i] = -1
		var live int
		buf, live = ix.holders(f, buf)
		others := live - 1 // the document itself holds f
		if others <= 0 {
			continue
		}
		g := group{f: f, cc: min(others, opt.Samples+1)}
		for _, d := range buf {
			if d != self && len(g.view) < opt.Samples {
				g.view = append(g.view, d)
			}
		}
		index[i] = int32(len(groups))
		groups = append(groups, g)
	}
	if len(groups) == 0 {
		return res, nil
	}
	sc.grpAt = resize(sc.grpAt, len(sc.hs))
	for _, p := range sc.pos {
		i, _ := slices.BinarySearch(fps, sc.hs[p])
		sc.grpAt[p] = index[i]
	}
	for w, p := range sc.sel {
		if g := sc.grpAt[p]; g >= 0 {
			groups[g].win = append(groups[g].win, int32(w))
		}
	}

	// The walk: the rarest fingerprints first; each one's holders earliest
	// first, verifying each, until every window of the fingerprint has a
	// holder (then its first holder found is its earliest) or the holders
	// looked at run out. When the document precedes them all (its windows
	// are original here), all are verified: they are its copiers.
	order := make([]int32, len(groups))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(groups[a].cc, groups[b].cc); c != 0 {
			return c
		}
		return cmp.Compare(groups[a].f, groups[b].f)
	})
	sc.grams.build(sc.doc.chars, opt.MinChars)
	sc.runs = sc.runs[:0]
	span := int32(opt.K + opt.Window - 1)
	var cands []*candidate
	byDoc := make(map[uint32]*candidate)
	var open []int32 // windows of the group without a holder yet
	for _, gi := range order {
		g := &groups[gi]
		open = append(open[:0], g.win...)
		original := ix.precedes(self, g.view[0])
		looked := 0
		for _, d := range g.view {
			if len(open) == 0 && !original {
				break
			}
			c := byDoc[d]
			if c == nil {
				if len(cands) == opt.MaxCandidates {
					break
				}
				var err error
				if c, err = ix.verify(sc, d, int32(len(cands)), texts); err != nil {
					return corpus.Copies{}, fmt.Errorf("copies: check %s: %w", id, err)
				}
				byDoc[d] = c
				cands = append(cands, c)
			}
			looked++
			if len(c.runs) > 0 && len(open) > 0 {
				open = slices.DeleteFunc(open, func(w int32) bool { return c.contains(w, w+span) >= 0 })
			}
		}
		g.complete = looked == g.cc && g.cc <= opt.Samples
	}

	// The candidates sharing something, in precedence order.
	kept := cands[:0:0]
	for _, c := range cands {
		if len(c.runs) > 0 {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return res, nil
	}
	slices.SortFunc(kept, func(a, b *candidate) int { return ix.cmpPrec(a.doc, b.doc) })
	for i, c := range kept {
		c.rank = int32(i)
	}
	b := builder{ix: ix, sc: sc, opt: opt, self: self, cands: kept, groups: groups, res: &res}
	b.build()
	return res, nil
}

// verify verifies document doc against the checked document (sc): its
// runs, as candidate number ci.
func (ix *Index) verify(sc *scratch, doc uint32, ci int32, texts TextSource) (*candidate, error) {
	t := ix.cache.get(doc)
	if t == nil {
		text, err := texts(ix.ids[doc])
		if err != nil {
			return nil, fmt.Errorf("text of %s: %w", ix.ids[doc], err)
		}
		var nt normText
		nt.normalize(text)
		t = &candText{chars: nt.chars, starts: nt.starts, text: text}
		ix.cache.put(doc, t)
	}
	start := len(sc.runs)
	sc.runs = sc.grams.verify(sc.doc.chars, t.chars, ci, sc.runs)
	c := &candidate{doc: doc, t: t}
	if len(sc.runs) > start {
		c.runs = slices.Clone(sc.runs[start:])
	}
	return c, nil
}
