package copies

import (
	"cmp"
	"slices"

	"lvzhi/corpus"
)

// builder turns the verified candidates' runs into a check's passages,
// ratios, copiers and cluster.
type builder struct {
	ix     *Index
	sc     *scratch
	opt    Options
	self   uint32
	cands  []*candidate // in precedence order (rank)
	groups []group
	res    *corpus.Copies
	held   [][2]int32 // a passage's holders: candidate rank and run
}

// flatRun is a run with its stock decision.
type flatRun struct {
	run
	stock bool
}

// info returns, for the characters [a, b) of the document, the fewest other
// holders of a fingerprint every holder of [a, b) must have (counted up to
// Samples+1; a bound on how many hold [a, b)), and whether all the holders
// of such a fingerprint were verified (then the candidates holding [a, b)
// are all its holders). A stretch shorter than a window has no such
// fingerprint: no bound, not complete.
func (b *builder) info(a, e int32) (upper int, complete bool) {
	span := int32(b.opt.K + b.opt.Window - 1)
	upper = b.opt.Samples + 1
	if e-a < span {
		return upper, false
	}
	for i := a; i <= e-span; i++ {
		g := b.sc.grpOf[b.sc.sel[i]]
		if g < 0 { // no other holder: nobody holds [a, b)
			return 0, true
		}
		upper = min(upper, b.groups[g].cc)
		complete = complete || b.groups[g].complete
	}
	return upper, complete
}

// isStock decides whether a shared run [a, b) is a stock phrase: a stretch
// of it shorter than StockMaxChars holds all but fewer than MinChars of its
// characters (a phrase, perhaps with a neighbouring character two documents
// happen to share), and every window inside that stretch has a fingerprint
// at least StockMinDocs other documents hold. That count bounds how many
// hold the window; it is not a count of holders found: a short sentence
// made only of wording common elsewhere counts as stock even when few hold
// it whole. A long run is never stock: a template copied by many is
// copying.
func (b *builder) isStock(a, e int32) bool {
	span := int32(b.opt.K + b.opt.Window - 1)
	lo := max(span, e-a-int32(b.opt.MinChars)+1) // shortest stretch that leaves fewer than MinChars outside
	if lo >= int32(b.opt.StockMaxChars) || e-a < span {
		return false
	}
	// A stretch [s, s+lo) qualifies when its windows s .. s+lo-span all
	// are common: find a run of lo-span+1 common windows.
	need, streak := lo-span+1, int32(0)
	for i := a; i+span <= e; i++ {
		g := b.sc.grpOf[b.sc.sel[i]]
		if g >= 0 && b.groups[g].cc >= b.opt.StockMinDocs {
			if streak++; streak >= need {
				return true
			}
		} else {
			streak = 0
		}
	}
	return false
}

func (b *builder) build() {
	opt, sc, res := b.opt, b.sc, b.res
	n := len(sc.doc.chars)

	// Stock decisions, per distinct short interval.
	var runs []flatRun
	decided := map[[2]int32]bool{}
	for _, c := range b.cands {
		for _, r := range c.runs {
			r.cand = c.rank
			stock := false
			if int(r.de-r.ds) < opt.StockMaxChars+opt.MinChars {
				k := [2]int32{r.ds, r.de}
				s, ok := decided[k]
				if !ok {
					s = b.isStock(r.ds, r.de)
					decided[k] = s
				}
				stock = s
			}
			runs = append(runs, flatRun{r, stock})
		}
	}
	// Passages: the stretches over which the presumed source (the earliest
	// candidate holding a non-stock run there) and its run stay the same;
	// stretches held by stock runs only are stock passages.
	slices.SortFunc(runs, func(x, y flatRun) int {
		if c := cmp.Compare(x.ds, y.ds); c != 0 {
			return c
		}
		return cmp.Compare(x.cand, y.cand)
	})
	bounds := make([]int32, 0, 2*len(runs))
	for _, r := range runs {
		bounds = append(bounds, r.ds, r.de)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	type key struct {
		class string
		run   int // index into runs of the presumed source's run
	}
	var (
		active []int // indices into runs
		next   int
		cur    key
		curA   int32 = -1
		curE   int32
	)
	var counts [4]int // copied, self, original, stock characters
	origPrefix := make([]int32, n+1)
	selfYears := map[int]bool{}
	emit := func() {
		if curA < 0 {
			return
		}
		b.passage(runs, cur.class, cur.run, curA, curE, &counts, selfYears, origPrefix)
		curA = -1
	}
	for k := 0; k+1 < len(bounds); k++ {
		x, y := bounds[k], bounds[k+1]
		for ; next < len(runs) && runs[next].ds <= x; next++ {
			active = append(active, next)
		}
		active = slices.DeleteFunc(active, func(i int) bool { return runs[i].de <= x })
		best, bestStock := -1, -1
		for _, i := range active {
			r := &runs[i]
			if !r.stock {
				if best < 0 || r.cand < runs[best].cand || r.cand == runs[best].cand && r.ds < runs[best].ds {
					best = i
				}
			} else if bestStock < 0 || r.cand < runs[bestStock].cand || r.cand == runs[bestStock].cand && r.ds < runs[bestStock].ds {
				bestStock = i
			}
		}
		var kk key
		switch {
		case best >= 0:
			kk = key{b.class(b.cands[runs[best].cand]), best}
		case bestStock >= 0:
			kk = key{corpus.PassageStock, bestStock}
		default:
			emit()
			continue
		}
		if curA >= 0 && kk == cur && curE == x {
			curE = y
			continue
		}
		emit()
		cur, curA, curE = kk, x, y
	}
	emit()

	res.Ratio = float64(counts[0]) / float64(n)
	res.SelfRatio = float64(counts[1]) / float64(n)
	res.OriginalRatio = float64(counts[2]) / float64(n)
	res.StockRatio = float64(counts[3]) / float64(n)
	for y := range selfYears {
		res.SelfYears = append(res.SelfYears, y)
	}
	slices.Sort(res.SelfYears)
	b.copiers(runs, origPrefix)
	b.cluster(n)
}

// class is the class of a passage whose presumed source is c.
func (b *builder) class(c *candidate) string {
	ix := b.ix
	switch {
	case ix.precedes(b.self, c.doc):
		return corpus.PassageOriginal
	case ix.author[b.self] != 0 && ix.author[b.self] == ix.author[c.doc]:
		return corpus.PassageSelf
	}
	return corpus.PassageCopied
}

// passage appends the passage [a, e) whose presumed source's run is
// runs[src].
func (b *builder) passage(runs []flatRun, class string, src int, a, e int32, counts *[4]int, selfYears map[int]bool, origPrefix []int32) {
	sc, res := b.sc, b.res
	chars := int(e - a)
	p := corpus.CopyPassage{Chars: chars, Class: class, Stock: class == corpus.PassageStock}
	p.Start, p.End = sc.doc.span(int(a), int(e))
	p.Text = sc.doc.text[p.Start:p.End]
	first := runs[src]
	// The holders: the presumed source, then the others in precedence
	// order (candidate rank, run index).
	b.held = append(b.held[:0], [2]int32{first.cand, -1})
	for _, c := range b.cands {
		if c.rank == first.cand {
			continue
		}
		if i := c.contains(a, e); i >= 0 {
			b.held = append(b.held, [2]int32{c.rank, int32(i)})
		}
	}
	p.Shared = len(b.held)
	p.Sources = make([]corpus.CopySource, min(len(b.held), b.opt.MaxSources))
	for k := range p.Sources {
		c, r := b.cands[b.held[k][0]], first.run
		if k > 0 {
			r = c.runs[b.held[k][1]]
		}
		start, end := c.t.span(int(r.cs+a-r.ds), int(r.cs+e-r.ds))
		p.Sources[k] = corpus.CopySource{ID: b.ix.ids[c.doc], Start: start, End: end}
	}
	_, complete := b.info(a, e)
	p.SharedMore = !complete
	switch class {
	case corpus.PassageCopied:
		counts[0] += chars
	case corpus.PassageSelf:
		counts[1] += chars
		if y := int(b.ix.year[b.cands[first.cand].doc]); y > 0 {
			selfYears[y] = true
		}
	case corpus.PassageOriginal:
		counts[2] += chars
		for j := a; j < e; j++ {
			origPrefix[j+1] = 1 // marks; summed in copiers
		}
	case corpus.PassageStock:
		counts[3] += chars
	}
	res.Passages = append(res.Passages, p)
}

// copiers lists the candidates holding, in a non-stock run, characters of
// an original passage.
func (b *builder) copiers(runs []flatRun, orig []int32) {
	res := b.res
	if res.OriginalRatio == 0 {
		return
	}
	for j := 1; j < len(orig); j++ {
		orig[j] += orig[j-1]
	}
	is := make([]bool, len(b.cands))
	for _, r := range runs {
		if !r.stock && orig[r.de] > orig[r.ds] {
			is[r.cand] = true
		}
	}
	for i, c := range b.cands {
		if is[i] {
			res.CopierCount++
			if len(res.Copiers) < b.opt.MaxCopiers {
				res.Copiers = append(res.Copiers, b.ix.ids[c.doc])
			}
		}
	}
	for _, p := range res.Passages {
		if p.Class == corpus.PassageOriginal && p.SharedMore {
			res.CopiersMore = true
		}
	}
}

// cluster lists the earlier candidates that are near-duplicates of the
// document: each at least NearDupCover covered by the runs they share. The
// runs found show a lower bound of each cover; a candidate whose runs show
// enough of the document but not enough of itself was verified in full
// (Check), so the decision is exact among the candidates found holding
// enough of the document.
func (b *builder) cluster(n int) {
	type near struct {
		c     *candidate
		close float64
	}
	var out []near
	for _, c := range b.cands {
		if !b.ix.precedes(c.doc, b.self) {
			break // in precedence order: the rest are later
		}
		d, cc := c.covers()
		fd, fc := float64(d)/float64(n), float64(cc)/float64(max(1, len(c.t.chars)))
		if fd >= b.opt.NearDupCover && fc >= b.opt.NearDupCover {
			out = append(out, near{c, min(fd, fc)})
		}
	}
	slices.SortStableFunc(out, func(x, y near) int { return cmp.Compare(y.close, x.close) })
	for _, nd := range out[:min(len(out), b.opt.MaxCluster)] {
		b.res.Cluster = append(b.res.Cluster, b.ix.ids[nd.c.doc])
	}
}
