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
	sel    []int32  // per window of Window k-grams: the index in pos of its selection
	fps    []uint32 // distinct fingerprint values, ascending
	rec    []byte
	chs    []uint32 // a candidate's k-gram hashes, putting it in comparison form
	cpos   []int32
	grams  grams
	grpOf  []int32  // per winnowed position (index in pos): the group of its fingerprint, -1 none
	arena  []int32  // candidates' k-gram indexes, reset each check
	varena []uint32 // views and candidates' k-gram hashes, reset each check
	cpool  []*candidate
	byDoc  map[uint32]*candidate
	groups []group
	index  []int32
	count  []int32
	order  []int32
	hbuf   []uint32
	win    []int32 // the windows of each group, group by group (see group.win)
	open   []int32
	runs   []run
}

func (ix *Index) getScratch() *scratch {
	if sc, ok := ix.scratch.Get().(*scratch); ok {
		return sc
	}
	return new(scratch)
}

// putScratch gives back a scratch; one that served a huge document is left
// to the collector rather than kept.
func (ix *Index) putScratch(sc *scratch) {
	if cap(sc.doc.chars) <= 1<<20 {
		ix.scratch.Put(sc)
	}
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
	sc.fps = slices.Grow(sc.fps, len(sc.pos))
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
	complete bool     // every other holder was looked for at every window (then Shared is exact)
}

// candidate is a document compared with the checked one.
type candidate struct {
	doc   uint32
	t     *candText
	runs  []run   // found; once the walk is done, sorted by start
	maxDe []int32 // per run: the furthest end of the runs up to it ...
	maxAt []int32 // ... and which run that is
	full  bool    // verified in full: runs hold every window it shares
	rank  int32   // place in precedence among the candidates with runs

}

// holds reports whether a run found so far holds [a, b) (during the walk).
func (c *candidate) holds(a, b int32) bool {
	if c.full { // sorted by start, and by end
		i, _ := slices.BinarySearchFunc(c.runs, a, func(r run, a int32) int { return cmp.Compare(r.ds, a+1) })
		return i > 0 && c.runs[i-1].de >= b
	}
	for _, r := range c.runs {
		if r.ds <= a && r.de >= b {
			return true
		}
	}
	return false
}

// covers returns how many characters of the document, and of the
// candidate, lie in the runs found.
func (c *candidate) covers() (doc, cand int32) {
	iv := make([][2]int32, 0, len(c.runs))
	for _, r := range c.runs {
		iv = append(iv, [2]int32{r.ds, r.de})
	}
	doc = union(iv)
	iv = iv[:0]
	for _, r := range c.runs {
		iv = append(iv, [2]int32{r.cs, r.cs + r.de - r.ds})
	}
	return doc, union(iv)
}

// union returns the length of the union of intervals (sorting them).
func union(iv [][2]int32) int32 {
	slices.SortFunc(iv, func(x, y [2]int32) int { return cmp.Compare(x[0], y[0]) })
	var n, end int32
	for _, v := range iv {
		if v[1] > end {
			n += v[1] - max(v[0], end)
			end = v[1]
		}
	}
	return n
}

// finish sorts the runs, drops repeated ones and indexes them for
// contains.
func (c *candidate) finish() {
	slices.SortFunc(c.runs, func(x, y run) int {
		if c := cmp.Compare(x.ds, y.ds); c != 0 {
			return c
		}
		return cmp.Compare(y.de, x.de)
	})
	c.runs = slices.CompactFunc(c.runs, func(x, y run) bool { return x.ds == y.ds && x.de == y.de })
	c.maxDe, c.maxAt = make([]int32, len(c.runs)), make([]int32, len(c.runs))
	for i, r := range c.runs {
		c.maxDe[i], c.maxAt[i] = r.de, int32(i)
		if i > 0 && c.maxDe[i-1] >= r.de {
			c.maxDe[i], c.maxAt[i] = c.maxDe[i-1], c.maxAt[i-1]
		}
	}
}

// contains returns the index of a run holding [a, b), -1 when none (after
// finish).
func (c *candidate) contains(a, b int32) int {
	i, _ := slices.BinarySearchFunc(c.runs, a, func(r run, a int32) int { return cmp.Compare(r.ds, a+1) })
	// c.runs[:i] start at or before a.
	if i > 0 && c.maxDe[i-1] >= b {
		return int(c.maxAt[i-1])
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
	ix.checks.Add(1)
	opt := ix.opt
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	fps, n := sc.fingerprints(text, opt, true)
	res := corpus.Copies{Version: Version, Chars: n, Passages: []corpus.CopyPassage{}, Cluster: []string{},
		SelfYears: []int{}, Copiers: []string{}}
	if len(fps) == 0 {
		return res, nil
	}

	// The groups: each fingerprint with other holders, and what the check
	// looks at of them.
	w := walker{ix: ix, sc: sc, opt: opt, texts: texts, span: int32(opt.K + opt.Window - 1)}
	w.reset()
	groups := sc.groups[:0]
	index := resize(sc.index, len(fps)) // fps[i]'s group, -1 none
	buf := sc.hbuf
	for i, f := range fps {
		index[i] = -1
		var live int
		buf, live = ix.holders(f, buf)
		others := live - 1 // the document itself holds f
		if others <= 0 {
			continue
		}
		g := group{f: f, cc: min(others, opt.Samples+1), view: take(&sc.varena, opt.Samples)[:0]}
		for _, d := range buf {
			if d != self && len(g.view) < opt.Samples {
				g.view = append(g.view, d)
			}
		}
		index[i] = int32(len(groups))
		groups = append(groups, g)
	}
	sc.groups, sc.index, sc.hbuf = groups, index, buf
	if len(groups) == 0 {
		return res, nil
	}
	sc.grpOf = resize(sc.grpOf, len(sc.pos))
	for k, p := range sc.pos {
		i, _ := slices.BinarySearch(fps, sc.hs[p])
		sc.grpOf[k] = index[i]
	}
	// Each group's windows, in one array.
	count := resize(sc.count, len(groups)+1)
	clear(count)
	sc.count = count
	for _, k := range sc.sel {
		if g := sc.grpOf[k]; g >= 0 {
			count[g+1]++
		}
	}
	for g := range groups {
		count[g+1] += count[g]
	}
	sc.win = resize(sc.win, int(count[len(groups)]))
	for g := range groups {
		groups[g].win = sc.win[count[g]:count[g]:count[g+1]]
	}
	for w, k := range sc.sel {
		if g := sc.grpOf[k]; g >= 0 {
			groups[g].win = append(groups[g].win, int32(w))
		}
	}

	// The walk: the rarest fingerprints first; each one's holders earliest
	// first, looking for the fingerprint's windows in each, until every
	// window has a holder (then its first holder found is its earliest) or
	// the holders looked at run out. When the document precedes them all
	// (its windows are original here), all are looked for at every window:
	// they are its copiers. A fingerprint of more holders than Samples is
	// left after Patience holders in a row held none of its open windows
	// (its windows are then likely held by few, in other contexts: far down
	// the list, beyond Samples anyway).
	order := resize(sc.order, len(groups))
	sc.order = order
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(groups[a].cc, groups[b].cc); c != 0 {
			return c
		}
		return cmp.Compare(groups[a].f, groups[b].f)
	})
	open, held := sc.open, []int32(nil)
	for _, gi := range order {
		g := &groups[gi]
		open = append(open[:0], g.win...)
		all := ix.precedes(self, g.view[0])
		looked, idle := 0, 0
		for _, d := range g.view {
			if len(open) == 0 && !all || !all && g.cc > opt.Samples && idle == opt.Patience {
				break
			}
			c, err := w.candidate(d)
			if err != nil {
				return corpus.Copies{}, fmt.Errorf("copies: check %s: %w", id, err)
			}
			if c == nil {
				break // MaxCandidates
			}
			looked++
			targets := open
			if all {
				targets = g.win
			}
			held = w.find(c, g.f, targets, held[:0])
			before := len(open)
			if len(held) > 0 {
				open = subtract(open, held)
			}
			if len(open) < before {
				idle = 0
			} else {
				idle++
			}
		}
		// The holders of its windows are all known when every holder was
		// looked for at every window: all of them, or the only one.
		g.complete = looked == g.cc && g.cc <= opt.Samples && (all || g.cc == 1)
	}
	// Near-duplicates: earlier candidates already found holding as much
	// of the document as one must. When the runs found do not show as much
	// of the candidate held by the document, it is verified in full.
	for _, c := range w.cands {
		if c.full || len(c.runs) == 0 || !ix.precedes(c.doc, self) {
			continue
		}
		if d, cc := c.covers(); float64(d) >= opt.NearDupCover*float64(n) && float64(cc) < opt.NearDupCover*float64(len(c.t.chars)) {
			w.verifyFull(c)
		}
	}
	cands := w.cands
	sc.open = open

	// The candidates sharing something, in precedence order.
	kept := cands[:0:0]
	for _, c := range cands {
		if len(c.runs) > 0 {
			c.finish()
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

// walker finds the windows of the checked document (sc) in candidates.
type walker struct {
	ix    *Index
	sc    *scratch
	opt   Options
	texts TextSource
	span  int32 // characters of a window: K+Window-1
	grams bool  // sc.grams built
	fulls int32 // full verifications so far (each stamps the table anew)
	cands []*candidate
	byDoc map[uint32]*candidate
	pool  int     // candidates of sc.cpool in use
	occ   []int32 // where the candidate has a winnowed k-gram of the fingerprint looked for
	occOK bool
}

// reset prepares the walker's memory in the scratch for a new check.
func (w *walker) reset() {
	if w.sc.byDoc == nil {
		w.sc.byDoc = make(map[uint32]*candidate)
	}
	clear(w.sc.byDoc)
	w.byDoc = w.sc.byDoc
	w.sc.arena, w.sc.varena = w.sc.arena[:0], w.sc.varena[:0]
}

// take returns n elements from an arena (not cleared). A slice handed out
// stays valid when the arena grows (it keeps the old array).
func take[T any](arena *[]T, n int) []T {
	a := *arena
	if len(a)+n > cap(a) {
		a = make([]T, 0, max(2*cap(a), n, 4096))
	}
	*arena = a[:len(a)+n]
	return a[len(a) : len(a)+n : len(a)+n]
}

// candidate returns document doc as a candidate, its text in comparison
// form; nil when MaxCandidates are taken.
func (w *walker) candidate(doc uint32) (*candidate, error) {
	if c := w.byDoc[doc]; c != nil {
		return c, nil
	}
	if len(w.cands) == w.opt.MaxCandidates {
		return nil, nil
	}
	ix := w.ix
	ix.verified.Add(1)
	t := ix.cache.get(doc)
	if t != nil {
		ix.cacheHits.Add(1)
	} else {
		text, err := w.texts(ix.ids[doc])
		if err != nil {
			return nil, fmt.Errorf("text of %s: %w", ix.ids[doc], err)
		}
		t = newCandText(text, w.opt, w.sc)
		ix.cache.put(doc, t)
	}
	if w.pool == len(w.sc.cpool) {
		w.sc.cpool = append(w.sc.cpool, new(candidate))
	}
	c := w.sc.cpool[w.pool]
	w.pool++
	*c = candidate{doc: doc, t: t, runs: c.runs[:0]}
	w.byDoc[doc] = c
	w.cands = append(w.cands, c)
	return c, nil
}

// subtract removes from a the elements of b; both ascending.
func subtract(a, b []int32) []int32 {
	out, j := a[:0], 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			continue
		}
		out = append(out, x)
	}
	return out
}

// probeBudget bounds the alignments a probe may try (windows times the
// candidate's k-grams of the fingerprint; each costs a few character
// comparisons) before verifying the candidate in full, which costs about
// the two lengths, is cheaper: repetitive text.
func (w *walker) probeBudget(c *candidate) int {
	return max(64, (len(c.t.chars)+len(w.sc.doc.chars))/8)
}

// find appends to held (ascending) the windows among targets (ascending)
// that candidate c holds, in runs of at least MinChars characters, looking
// for them where c has their fingerprint f; the runs found are c's.
func (w *walker) find(c *candidate, f uint32, targets, held []int32) []int32 {
	if len(targets) == 0 {
		return held
	}
	held = slices.Grow(held, len(targets))
	if !c.full {
		w.occOK = false
		budget := w.probeBudget(c)
		for i, x := range targets {
			if c.holds(x, x+w.span) {
				held = append(held, x)
				continue
			}
			found, ok := w.probe(c, f, x, budget/len(targets)+1)
			if !ok {
				w.verifyFull(c)
				return w.holdsEach(c, targets[i:], held)
			}
			if found {
				held = append(held, x)
			}
		}
		return held
	}
	return w.holdsEach(c, targets, held)
}

// holdsEach appends to held the windows among targets candidate c holds.
func (w *walker) holdsEach(c *candidate, targets, held []int32) []int32 {
	for _, x := range targets {
		if c.holds(x, x+w.span) {
			held = append(held, x)
		}
	}
	return held
}

// probe looks for the window x of the document in candidate c where c has
// a winnowed k-gram of the window's minimum hash f (a window c holds has its
// minimum selected there, at this or a tied position of the same hash): on
// a match, the run is extended both ways as far as the characters agree.
// It reports whether the window was found, and false for ok when c has
// more than limit places to try (repetitive text: verify it in full).
func (w *walker) probe(c *candidate, f uint32, x int32, limit int) (found, ok bool) {
	d, cc := w.sc.doc.chars, c.t.chars
	hs := w.sc.hs
	span := int(w.span)
	for delta := range w.opt.Window {
		p := int(x) + delta
		if hs[p] != f {
			continue
		}
		if !w.occOK {
			var all bool
			if w.occ, all = c.t.positions(f, w.occ[:0], limit); !all {
				return false, false
			}
			w.occOK = true
		}
		for _, o := range w.occ {
			cw := int(o) - delta
			if cw < 0 || cw+span > len(cc) || !slices.Equal(d[x:int(x)+span], cc[cw:cw+span]) {
				continue
			}
			s, e := int(x), int(x)+span
			for s > 0 && cw-(int(x)-s) > 0 && d[s-1] == cc[cw-(int(x)-s)-1] {
				s--
			}
			for e < len(d) && cw+(e-int(x)) < len(cc) && d[e] == cc[cw+(e-int(x))] {
				e++
			}
			if e-s >= w.opt.MinChars {
				c.runs = append(c.runs, run{ds: int32(s), de: int32(e), cs: int32(cw - (int(x) - s))})
				return true, true
			}
		}
	}
	return false, true
}

// verifyFull finds every run of candidate c (linear in both lengths).
func (w *walker) verifyFull(c *candidate) {
	if !w.grams {
		w.sc.grams.build(w.sc.doc.chars, w.opt.MinChars)
		w.grams = true
	}
	w.sc.runs = w.sc.grams.verify(w.sc.doc.chars, c.t.chars, w.fulls, w.sc.runs[:0])
	w.fulls++
	c.runs = append(c.runs[:0], w.sc.runs...)
	c.full = true
}
