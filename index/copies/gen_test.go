package copies

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A controlled-copy corpus: documents whose every normalised character has a
// known origin, so the true shared passages and ratios are known exactly.
//
// Background text is drawn from 3,000 Han characters (an accidental shared
// 13-gram has probability ~N²·L²/3000¹³, nil), with a few Latin letters and
// digits. Stock phrases (30, of 10 to 39 characters) are inserted into many
// documents; copies take a run of 13 to 400 characters of an earlier
// document's own background, and a few documents copy one long template run.
// Each document is rendered on its own: punctuation, spaces, line breaks and
// the width and case of Latin letters and digits differ between a passage and
// its copy.

// origin identifies a normalised character: a background character of doc at
// pos, or (doc = -1-phrase) a character of a stock phrase.
type origin struct{ doc, pos int32 }

type genDoc struct {
	id     string
	text   string
	norm   []rune   // the normalised characters, as the index should see them
	origin []origin // per normalised character
	stock  []bool   // per normalised character: inside a stock phrase
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
	ratio   []float64       // true copy ratio per document
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
func generateCorpus(seed uint64, n int) *genCorpus {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &genCorpus{stock: genStockPhrases(r), byID: make(map[string]int)}
	// The template: a long run of document 0 that many documents copy.
	const templateLen = 220
	for i := range n {
		d := &genDoc{id: fmt.Sprintf("doc%04d", i)}
		own := int32(0) // background characters of d so far
		background := func(m int) {
			for range m {
				d.norm = append(d.norm, randHan(r))
				d.origin = append(d.origin, origin{int32(i), own})
				d.stock = append(d.stock, false)
				own++
			}
		}
		var srcs []int
		if i == 0 {
			background(templateLen + 50)
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
				s := g.docs[src]
				// a run of the source's own background, 13..400 characters
				L := 13 + r.IntN(60)
				if r.IntN(3) == 0 {
					L = 13 + r.IntN(388)
				}
				runs := ownRuns(s, src)
				run := runs[r.IntN(len(runs))]
				if run[1]-run[0] < L {
					L = run[1] - run[0]
				}
				if L < 13 {
					continue
				}
				at := run[0] + r.IntN(run[1]-run[0]-L+1)
				for k := at; k < at+L; k++ {
					d.norm = append(d.norm, s.norm[k])
					d.origin = append(d.origin, s.origin[k])
					d.stock = append(d.stock, false)
				}
				srcs = append(srcs, src)
			case p == copies && template:
				s := g.docs[0]
				for k := 20; k < 20+templateLen; k++ {
					d.norm = append(d.norm, s.norm[k])
					d.origin = append(d.origin, s.origin[k])
					d.stock = append(d.stock, false)
				}
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
				for k, c := range g.stock[ph] {
					d.norm = append(d.norm, c)
					d.origin = append(d.origin, origin{int32(-1 - ph), int32(k)})
					d.stock = append(d.stock, true)
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

// ownRuns returns the maximal runs [start, end) of doc's own background.
func ownRuns(d *genDoc, self int) [][2]int {
	var out [][2]int
	for i := 0; i < len(d.norm); {
		if d.origin[i].doc != int32(self) {
			i++
			continue
		}
		j := i
		for j < len(d.norm) && d.origin[j].doc == int32(self) && d.origin[j].pos == d.origin[i].pos+int32(j-i) {
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
// and the true ratio from their union.
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
			if o.doc < 0 {
				k++
				continue
			}
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
	for i, d := range g.docs {
		cov := make([]bool, len(d.norm))
		for _, p := range g.truth[i] {
			for k := p.start; k < p.end; k++ {
				cov[k] = true
			}
		}
		n := 0
		for _, c := range cov {
			if c {
				n++
			}
		}
		g.ratio[i] = float64(n) / float64(len(d.norm))
	}
}

func (g *genCorpus) texts(id string) (string, error) {
	i, ok := g.byID[id]
	if !ok {
		return "", fmt.Errorf("no document %s", id)
	}
	return g.docs[i].text, nil
}
