package copies

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"lvzhi/corpus"
)

// A controlled-copy corpus: documents whose every normalised character has a
// known origin, so the true shared passages, ratios and directions are known
// exactly.
//
// Background text is drawn from 3,000 Han characters (an accidental shared
// 13-gram has probability ~N²·L²/3000¹³, nil), with a few Latin letters and
// digits. Stock phrases (30, of 10 to 39 characters) are inserted into many
// documents; copies take a run of 13 to 400 characters of an earlier
// document's own background, a few documents copy one long template run of
// the reference document, and some copy most of one earlier document: a
// colleague's (boilerplate) or their own author's (self reuse). Each
// document is rendered on its own: punctuation, spaces, line breaks and the
// width and case of Latin letters and digits differ between a passage and
// its copy.
//
// Keys: the precedence is the order of generation (years rise with the
// index, dates of receipt strictly), except that document 0, the template,
// is reference material of a late year: it must still come first. Authors:
// about five documents each, one in ten unknown.

// origin identifies a normalised character: the document that first had
// it, and its place in that document's own characters (stock phrases
// included: a phrase inserted in a document is that document's, and a copy
// of the stretch around it copies it too).
type origin struct{ doc, pos int32 }

type genDoc struct {
	id     string
	text   string
	key    Key
	norm   []rune   // the normalised characters, as the index should see them
	origin []origin // per normalised character
	stock  []bool   // per normalised character: inside a stock phrase
	phrase []int16  // per normalised character: which stock phrase, -1 none
	stocks int      // stock phrases of at least 13 characters inserted
}

// truePassage is a shared run: [start, end) in the document's normalised
// characters, also present in doc other.
type truePassage struct {
	start, end int
	other      int
}

type genCorpus struct {
	docs    []*genDoc
	stock   [][]rune
	truth   [][]truePassage // per document
	shared  [][]bool        // per document and character: inside a true passage
	class   [][]string      // per document and character: the true class of a shared, non-stock character ("" otherwise)
	ratio   []float64       // true share of shared characters per document (stock included)
	byID    map[string]int
	sources [][]int // per document: the documents it copied from
}

const hanBase = 0x4E00

func randHan(r *rand.Rand) rune {
	if r.IntN(40) == 0 { // a Latin letter or digit now and then
		return rune("abcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(36)])
	}
	return rune(hanBase + r.IntN(3000))
}

func genStockPhrases(r *rand.Rand) [][]rune {
	fixed := []string{"认真履行代表职责密切联系人民群众", "坚持以习近平新时代中国特色社会主义思想为指导", "始终把人民群众的利益放在首位倾听群众呼声"}
	var out [][]rune
	for _, s := range fixed {
		out = append(out, []rune(s))
	}
	for len(out) < 30 {
		n := 13 + r.IntN(27) // 13..39
		if len(out) >= 27 {
			n = 10 + r.IntN(3) // a few shorter than MinChars: never a passage
		}
		p := make([]rune, n)
		for i := range p {
			p[i] = rune(hanBase + 3000 + r.IntN(2000)) // outside the background pool
		}
		out = append(out, p)
	}
	return out
}

// generateCorpus builds n documents deterministically from seed.
func generateCorpus(seed uint64, n int) *genCorpus { return generate(seed, n, false) }

// generateWordy builds n documents whose background is words of two or
// three characters drawn from a vocabulary of 3,000 by Zipf's law, as
// running text is: frequent word pairs make k-grams that many documents
// hold in other contexts (the fingerprints of many windows are common)
// while a window of 13 characters, four or five words, stays rare.
func generateWordy(seed uint64, n int) *genCorpus { return generate(seed, n, true) }

func generate(seed uint64, n int, wordy bool) *genCorpus {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &genCorpus{stock: genStockPhrases(r), byID: make(map[string]int)}
	next := func() rune { return randHan(r) }
	if wordy {
		words := make([][]rune, 3000)
		for i := range words {
			w := make([]rune, 2+r.IntN(2))
			for j := range w {
				w[j] = rune(hanBase + r.IntN(3000))
			}
			words[i] = w
		}
		zipf := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
		var pending []rune
		next = func() rune {
			if len(pending) == 0 {
				pending = words[zipf.Uint64()]
			}
			c := pending[0]
			pending = pending[1:]
			return c
		}
	}
	authors := make([]string, n)
	for i := range authors {
		if i > 0 && r.IntN(10) > 0 {
			authors[i] = fmt.Sprintf("代表%03d", r.IntN(max(1, n/5)))
		}
	}
	// The template: a long run of document 0 that many documents copy.
	const templateLen = 220
	for i := range n {
		d := &genDoc{id: fmt.Sprintf("doc%04d", i)}
		d.key = Key{Year: 2010 + i*12/max(1, n), Received: 1_500_000_000 + int64(i)*3600, Author: authors[i]}
		if i == 0 {
			d.key = Key{Reference: true, Year: 2030, Received: 1_900_000_000}
		}
		own := int32(0) // background characters of d so far
		background := func(m int) {
			for range m {
				d.norm = append(d.norm, next())
				d.origin = append(d.origin, origin{int32(i), own})
				d.stock = append(d.stock, false)
				d.phrase = append(d.phrase, -1)
				own++
			}
		}
		copyFrom := func(s *genDoc, at, end int) {
			d.norm = append(d.norm, s.norm[at:end]...)
			d.origin = append(d.origin, s.origin[at:end]...)
			d.stock = append(d.stock, s.stock[at:end]...)
			d.phrase = append(d.phrase, s.phrase[at:end]...)
		}
		copyRun := func(src int, L int) {
			s := g.docs[src]
			runs := ownRuns(s, src)
			run := runs[r.IntN(len(runs))]
			if run[1]-run[0] < L {
				L = run[1] - run[0]
			}
			if L < 13 {
				return
			}
			at := run[0] + r.IntN(run[1]-run[0]-L+1)
			copyFrom(s, at, at+L)
		}
		var srcs []int
		if i == 0 {
			background(templateLen + 50)
		}
		// A heavy copier: most of one earlier document, its author's own
		// (self reuse) or a colleague's.
		if i > 5 && r.IntN(12) == 0 {
			src := 1 + r.IntN(i-1)
			if authors[i] != "" && r.IntN(2) == 0 {
				for j := i - 1; j > 0; j-- {
					if authors[j] == authors[i] {
						src = j
						break
					}
				}
			}
			background(20 + r.IntN(60))
			s := g.docs[src] // 60 to 95 % of it, as it is
			L := len(s.norm) * (60 + r.IntN(36)) / 100
			at := r.IntN(len(s.norm) - L + 1)
			copyFrom(s, at, at+L)
			srcs = append(srcs, src)
			background(20 + r.IntN(60))
			d.text = render(r, d.norm)
			g.byID[d.id] = i
			g.docs = append(g.docs, d)
			g.sources = append(g.sources, srcs)
			continue
		}
		parts := 6 + r.IntN(8)
		copies := 0
		if i > 3 && r.IntN(5) < 2 {
			copies = 1 + r.IntN(3)
		}
		template := i > 0 && i%12 == 0
		for p := range parts {
			background(30 + r.IntN(300))
			switch {
			case p < copies:
				src := 1 + r.IntN(i-1) // not document 0: its template run is shared widely
				if authors[i] != "" && r.IntN(3) == 0 {
					for j := i - 1; j > 0; j-- {
						if authors[j] == authors[i] {
							src = j
							break
						}
					}
				}
				// a run of the source's own background, 13..400 characters
				L := 13 + r.IntN(60)
				if r.IntN(3) == 0 {
					L = 13 + r.IntN(388)
				}
				copyRun(src, L)
				srcs = append(srcs, src)
			case p == copies && template:
				copyFrom(g.docs[0], 20, 20+templateLen)
				srcs = append(srcs, 0)
			case r.IntN(3) > 0:
				ph := r.IntN(len(g.stock))
				if r.IntN(3) == 0 && len(g.stock[ph]) >= 13 {
					// A common character next to the phrase, as 的 or 和 in
					// real text: documents share the phrase plus one. (Not
					// next to a phrase shorter than 13, where the pair would
					// be a short passage of a few documents: copying.)
					d.norm = append(d.norm[:len(d.norm)-1], []rune("的和在")[r.IntN(3)])
				}
				for _, c := range g.stock[ph] {
					d.norm = append(d.norm, c)
					d.origin = append(d.origin, origin{int32(i), own})
					d.stock = append(d.stock, true)
					d.phrase = append(d.phrase, int16(ph))
					own++
				}
				if len(g.stock[ph]) >= 13 {
					d.stocks++
				}
			}
		}
		background(30 + r.IntN(100))
		d.text = render(r, d.norm)
		g.byID[d.id] = i
		g.docs = append(g.docs, d)
		g.sources = append(g.sources, srcs)
	}
	g.computeTruth()
	return g
}

// ownRuns returns the maximal runs [start, end) of doc's own background
// (stock phrases excluded).
func ownRuns(d *genDoc, self int) [][2]int {
	var out [][2]int
	for i := 0; i < len(d.norm); {
		if d.origin[i].doc != int32(self) || d.stock[i] {
			i++
			continue
		}
		j := i
		for j < len(d.norm) && d.origin[j].doc == int32(self) && !d.stock[j] && d.origin[j].pos == d.origin[i].pos+int32(j-i) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// render writes normalised characters as a document would: punctuation,
// spaces and line breaks between them, Latin letters and digits sometimes
// upper-case or full-width.
func render(r *rand.Rand, norm []rune) string {
	punct := []string{"，", "。", "、", "；", "：", "！", "？", "“", "”", "《", "》", "（", "）", "——", "…", ",", ".", ";", " ", "\n", "　", "\t"}
	var b strings.Builder
	for i, c := range norm {
		if i > 0 && r.IntN(9) == 0 {
			b.WriteString(punct[r.IntN(len(punct))])
		}
		if c < 0x80 {
			switch r.IntN(3) {
			case 0:
				if c >= 'a' {
					c -= 'a' - 'A'
				}
			case 1:
				c += 0xFEE0 // full-width
			}
		}
		b.WriteRune(c)
	}
	return b.String()
}

// computeTruth finds, for every pair of documents, the runs of characters
// with the same consecutive background origins (copies are made of whole
// runs of one source's background), keeps those of at least 13 characters,
// and from their union the true ratio and the true class of each shared
// character: original when it is the document's own background (every
// other holder copied it later), otherwise self when the origin document
// has the same known author, otherwise copied.
func (g *genCorpus) computeTruth() {
	// Per origin document, the runs of its background each document holds.
	type run struct {
		doc, start, end int // in doc's characters
		from            int32
	}
	held := map[int32][]run{}
	for i, d := range g.docs {
		for k := 0; k < len(d.norm); {
			o := d.origin[k]
			j := k
			for j < len(d.norm) && d.origin[j].doc == o.doc && d.origin[j].pos == o.pos+int32(j-k) {
				j++
			}
			held[o.doc] = append(held[o.doc], run{i, k, j, o.pos})
			k = j
		}
	}
	g.truth = make([][]truePassage, len(g.docs))
	g.ratio = make([]float64, len(g.docs))
	for _, runs := range held {
		for a := range runs {
			for b := range runs {
				ra, rb := runs[a], runs[b]
				if ra.doc == rb.doc {
					continue
				}
				lo := max(ra.from, rb.from)
				hi := min(ra.from+int32(ra.end-ra.start), rb.from+int32(rb.end-rb.start))
				if hi-lo >= 13 {
					s := ra.start + int(lo-ra.from)
					g.truth[ra.doc] = append(g.truth[ra.doc], truePassage{s, s + int(hi-lo), rb.doc})
				}
			}
		}
	}
	g.shared = make([][]bool, len(g.docs))
	g.class = make([][]string, len(g.docs))
	for i, d := range g.docs {
		cov := make([]bool, len(d.norm))
		for _, p := range g.truth[i] {
			for k := p.start; k < p.end; k++ {
				cov[k] = true
			}
		}
		cls := make([]string, len(d.norm))
		n := 0
		for k, c := range cov {
			if !c {
				continue
			}
			n++
			o := int(d.origin[k].doc)
			switch {
			case o == i:
				cls[k] = corpus.PassageOriginal
			case d.key.Author != "" && g.docs[o].key.Author == d.key.Author:
				cls[k] = corpus.PassageSelf
			default:
				cls[k] = corpus.PassageCopied
			}
		}
		g.shared[i], g.class[i] = cov, cls
		g.ratio[i] = float64(n) / float64(len(d.norm))
	}
}

// trueRatio is the true share of a document's characters of one class.
func (g *genCorpus) trueRatio(i int, class string) float64 {
	n := 0
	for _, c := range g.class[i] {
		if c == class {
			n++
		}
	}
	return float64(n) / float64(len(g.docs[i].norm))
}

func (g *genCorpus) texts(id string) (string, error) {
	i, ok := g.byID[id]
	if !ok {
		return "", fmt.Errorf("no document %s", id)
	}
	return g.docs[i].text, nil
}
