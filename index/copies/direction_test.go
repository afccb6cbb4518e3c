package copies

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"lvzhi/corpus"
)

// addShuffled adds the corpus in a random order: precedence must come from
// the keys, not from the order of adding.
func addShuffled(tb testing.TB, ix *Index, g *genCorpus, seed uint64) {
	tb.Helper()
	order := rand.New(rand.NewPCG(seed, 1)).Perm(len(g.docs))
	for _, i := range order {
		d := g.docs[i]
		if err := ix.Add(d.id, d.text, d.key); err != nil {
			tb.Fatal(err)
		}
	}
}

// prf is a count of hits, predictions and truths (and, when a truth is
// matched differently from a prediction, of truths found).
type prf struct{ hit, pred, truth, truthHits int }

func (m *prf) hitTruth() { m.truthHits++ }

func (m prf) precision() float64 { return ratio(m.hit, m.pred) }
func (m prf) recall() float64    { return ratio(m.hit, m.truth) }
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestControlledCorpus checks the measured figures on the controlled-copy
// corpus, added in a shuffled order:
//
//   - every ratio (copied from others, self reuse, original, stock
//     excluded) within 2 points of the truth;
//   - every passage's text and sources hold the passage;
//   - stock phrases told apart;
//   - direction, passage by passage: a copied or self passage's presumed
//     source is the true origin of its characters and its class the true
//     class (precision), and each true copied or self run is found so
//     (recall, a run counting when at least half its characters are);
//   - original passages are the document's own text, with their copiers;
//   - the boilerplate and self_reuse flags against the true ratios.
//
// Two corpora: characters drawn uniformly (every k-gram rare), and words
// drawn by Zipf's law (many windows' fingerprints common elsewhere: the
// walk's hard case).
func TestControlledCorpus(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 120 // make test runs -race -short
	}
	t.Run("uniform", func(t *testing.T) { measureCorpus(t, generateCorpus(1, n), false) })
	t.Run("wordy", func(t *testing.T) { measureCorpus(t, generateWordy(1, n), true) })
}

// measureCorpus checks a controlled corpus. In a wordy one, documents also
// share runs of frequent words by chance, which the generator's truth (the
// origin of each character) does not know: there the ratios may exceed the
// truth (never fall short of it), and precision is measured on the
// passages the truth knows, the chance ones counted apart.
func measureCorpus(t *testing.T, g *genCorpus, wordy bool) {
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	addShuffled(t, ix, g, 1)
	results := checkAll(t, ix, g)

	var (
		maxErr                    [4]float64
		stockPassages, stockRight int
		stockPhrases, stockFound  int
		stockMarkedCopy           int
		dir, orig                 prf // direction of copied/self passages; original passages
		dirChars, dirCharsTrue    int // characters attributed right; true copied/self characters
		boiler, selfFlag          prf
		copiers                   prf
		chance                    int // wordy: passages shared by chance
	)
	classes := []string{corpus.PassageCopied, corpus.PassageSelf, corpus.PassageOriginal}
	for i, d := range g.docs {
		res := results[i]
		if res.Chars != len(d.norm) {
			t.Fatalf("%s: Chars = %d, want %d", d.id, res.Chars, len(d.norm))
		}
		if wordy {
			// Nothing the generator shared is missed.
			got, want := res.Ratio+res.SelfRatio+res.OriginalRatio+res.StockRatio, g.ratio[i]
			if got < want-0.02 {
				t.Errorf("%s: %.4f shared, true %.4f at least", d.id, got, want)
			}
			maxErr[3] = max(maxErr[3], got-want)
		} else {
			for k, got := range []float64{res.Ratio, res.SelfRatio, res.OriginalRatio} {
				want := g.trueRatio(i, classes[k])
				if e := math.Abs(got - want); e > 0.02 {
					t.Errorf("%s: %s ratio %.4f, true %.4f", d.id, classes[k], got, want)
				} else {
					maxErr[k] = max(maxErr[k], e)
				}
			}
		}
		var nt normText
		nt.normalize(d.text)
		attributed := make([]string, len(d.norm)) // class and source per character, as reported
		source := make([]int, len(d.norm))
		var stock [][2]int
		prevEnd := 0
		for _, p := range res.Passages {
			if p.Text != d.text[p.Start:p.End] || p.Shared < 1 || len(p.Sources) == 0 || p.Stock != (p.Class == corpus.PassageStock) {
				t.Fatalf("%s: bad passage %+v", d.id, p)
			}
			if p.Start < prevEnd {
				t.Fatalf("%s: passages overlap or are out of order at %+v", d.id, p)
			}
			prevEnd = p.End
			s, e := normIndex(&nt, p.Start), normIndex(&nt, p.End)
			if e-s != p.Chars {
				t.Fatalf("%s: passage %q has %d characters, says %d", d.id, p.Text, e-s, p.Chars)
			}
			for k, src := range p.Sources {
				j := g.byID[src.ID]
				var ct normText
				ct.normalize(g.docs[j].text)
				if string(ct.chars[normIndex(&ct, src.Start):normIndex(&ct, src.End)]) != string(nt.chars[s:e]) {
					t.Fatalf("%s: source %+v does not hold passage %q", d.id, src, p.Text)
				}
				if k > 0 && ix.cmpPrec(ix.byID[p.Sources[k-1].ID], ix.byID[src.ID]) > 0 {
					t.Fatalf("%s: sources not in precedence order: %+v", d.id, p.Sources)
				}
			}
			first := g.byID[p.Sources[0].ID]
			for k := s; k < e; k++ {
				attributed[k], source[k] = p.Class, first
			}
			if wordy && p.Class != corpus.PassageStock && g.class[i][s+(e-s)/2] == "" {
				chance++ // shared by chance: the truth does not know it
				continue
			}
			switch p.Class {
			case corpus.PassageStock:
				stock = append(stock, [2]int{s, e})
				stockPassages++
				if count(d.stock[s:e]) >= (e-s)/2 {
					stockRight++
				}
				continue
			case corpus.PassageOriginal:
				orig.pred++
				if majority(d.origin[s:e]) == i {
					orig.hit++
				}
				continue
			}
			dir.pred++
			o := majority(d.origin[s:e])
			if o == first && g.class[i][s+(e-s)/2] == p.Class {
				dir.hit++
			} else if testing.Verbose() {
				t.Logf("%s: passage %q (%s from %s) is mostly from doc%04d (%s)", d.id, p.Text, p.Class, p.Sources[0].ID, o, g.class[i][s+(e-s)/2])
			}
			if n := count(d.stock[s:e]); n >= 13 && e-s-n < 13 {
				stockMarkedCopy++
			}
		}
		// True copied and self runs: maximal stretches of one origin
		// document (not this one), consecutive, shared.
		for k := 0; k < len(d.norm); {
			c := g.class[i][k]
			if c != corpus.PassageCopied && c != corpus.PassageSelf {
				k++
				continue
			}
			o := d.origin[k]
			j := k
			for j < len(d.norm) && g.class[i][j] == c && d.origin[j].doc == o.doc && d.origin[j].pos == o.pos+int32(j-k) {
				j++
			}
			dir.truth++
			right := 0
			for x := k; x < j; x++ {
				if attributed[x] == c && source[x] == int(o.doc) {
					right++
				}
			}
			dirChars += right
			dirCharsTrue += j - k
			if 2*right >= j-k {
				dir.hitTruth()
			}
			k = j
		}
		// Original runs: own background others hold too.
		for k := 0; k < len(d.norm); {
			if g.class[i][k] != corpus.PassageOriginal {
				k++
				continue
			}
			j := k
			for j < len(d.norm) && g.class[i][j] == corpus.PassageOriginal {
				j++
			}
			orig.truth++
			k = j
		}
		// Every inserted stock phrase of 13 or more characters lies in a
		// stock passage or inside a copied (or original) one.
		loose := 0
		for k := 0; k < len(d.norm); {
			if !d.stock[k] {
				k++
				continue
			}
			j := k
			for j < len(d.norm) && d.stock[j] && d.phrase[j] == d.phrase[k] {
				j++
			}
			if j-k >= 13 {
				stockPhrases++
				for _, s := range stock {
					if s[0] <= k && j <= s[1] {
						stockFound++
						break
					}
				}
				if attributed[k] != "" && attributed[k] != corpus.PassageStock {
					stockFound++ // copied with its surroundings
				} else {
					loose++
				}
			}
			k = j
		}
		if loose > 0 && res.StockRatio == 0 {
			t.Errorf("%s: %d stock phrases outside copied passages but StockRatio 0", d.id, loose)
		}
		// Copiers: the later documents holding this one's own text.
		trueCopiers := map[string]bool{}
		for _, tp := range g.truth[i] {
			if int(d.origin[tp.start].doc) == i && tp.other > i {
				trueCopiers[g.docs[tp.other].id] = true
			}
		}
		copiers.truth += len(trueCopiers)
		copiers.pred += len(res.Copiers)
		for _, id := range res.Copiers {
			if trueCopiers[id] {
				copiers.hit++
			}
		}
		// Flags.
		tally(&boiler, res.Ratio >= corpus.BoilerplateMedium, g.trueRatio(i, corpus.PassageCopied) >= corpus.BoilerplateMedium)
		tally(&selfFlag, res.SelfRatio >= corpus.SelfReuseLow, g.trueRatio(i, corpus.PassageSelf) >= corpus.SelfReuseLow)
	}
	if wordy {
		t.Logf("%d documents: shared ratios at most %.4f above the truth (chance shares of frequent words), %d passages shared by chance", len(g.docs), maxErr[3], chance)
	} else {
		t.Logf("%d documents: max error of the copied / self / original ratios %.4f / %.4f / %.4f", len(g.docs), maxErr[0], maxErr[1], maxErr[2])
	}
	t.Logf("direction, passages: precision %.4f (%d/%d), recall %.4f (%d/%d); characters attributed to their true source and class %.4f (%d/%d)",
		dir.precision(), dir.hit, dir.pred, ratio(dir.truthHits, dir.truth), dir.truthHits, dir.truth, ratio(dirChars, dirCharsTrue), dirChars, dirCharsTrue)
	t.Logf("original passages: precision %.4f (%d/%d), %d true original runs; copiers: precision %.4f, recall %.4f (%d true)",
		orig.precision(), orig.hit, orig.pred, orig.truth, copiers.precision(), copiers.recall(), copiers.truth)
	t.Logf("flags: boilerplate precision %.4f recall %.4f (%d true); self_reuse precision %.4f recall %.4f (%d true)",
		boiler.precision(), boiler.recall(), boiler.truth, selfFlag.precision(), selfFlag.recall(), selfFlag.truth)
	t.Logf("stock: %d/%d stock passages are stock phrases, %d/%d phrases found", stockRight, stockPassages, stockFound, stockPhrases)
	if dir.precision() < 0.98 || ratio(dir.truthHits, dir.truth) < 0.98 || ratio(dirChars, dirCharsTrue) < 0.98 {
		t.Errorf("direction: precision %.4f, recall %.4f, characters %.4f: want all ≥ 0.98", dir.precision(), ratio(dir.truthHits, dir.truth), ratio(dirChars, dirCharsTrue))
	}
	if orig.precision() < 0.98 || !wordy && copiers.precision() < 0.98 || copiers.recall() < 0.9 {
		t.Errorf("original passages precision %.4f, copiers precision %.4f recall %.4f", orig.precision(), copiers.precision(), copiers.recall())
	}
	if boiler.truth < 3 || selfFlag.truth < 3 || dir.truth < 100 || stockPhrases < 200 {
		t.Errorf("the corpus is too small to measure: %d boilerplate, %d self-reuse documents, %d copied runs, %d stock phrases",
			boiler.truth, selfFlag.truth, dir.truth, stockPhrases)
	}
	if boiler.precision() < 0.95 || boiler.recall() < 0.95 || selfFlag.precision() < 0.95 || selfFlag.recall() < 0.95 {
		t.Errorf("flags: boilerplate %.3f/%.3f, self_reuse %.3f/%.3f: want precision and recall ≥ 0.95", boiler.precision(), boiler.recall(), selfFlag.precision(), selfFlag.recall())
	}
	if !wordy && float64(stockRight) < 0.95*float64(stockPassages) || float64(stockFound) < 0.95*float64(stockPhrases) {
		t.Errorf("stock: %d of %d stock passages are stock phrases, %d of %d stock phrases found", stockRight, stockPassages, stockFound, stockPhrases)
	}
	if stockMarkedCopy > 0 {
		t.Errorf("%d passages of stock phrases and fewer than 13 other characters are not stock", stockMarkedCopy)
	}
}

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// majority is the origin document of most of these characters.
func majority(os []origin) int {
	m := map[int]int{}
	best, bestN := -1, 0
	for _, o := range os {
		d := int(o.doc)
		m[d]++
		if m[d] > bestN || m[d] == bestN && d < best {
			best, bestN = d, m[d]
		}
	}
	return best
}

func tally(m *prf, pred, truth bool) {
	if pred {
		m.pred++
	}
	if truth {
		m.truth++
	}
	if pred && truth {
		m.hit++
	}
}

// TestDirection: hand-made cases of who copied whom.
func TestDirection(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 31))
	text := func(n int) string { return render(r, randRunes(r, n)) }
	para := []string{text(300), text(300), text(300), text(300)}
	type doc struct {
		id, text string
		key      Key
	}
	docs := []doc{
		// Wang's 2023 and 2024 reports: the 2024 one reuses the 2023
		// introduction.
		{"w23", para[0] + text(500), Key{Year: 2023, Author: "王"}},
		{"w24", para[0] + text(500), Key{Year: 2024, Author: "王"}},
		// Li's 2021 report, copied by Zhao in 2022 (received earlier than
		// Li's: the year decides).
		{"li21", text(200) + para[1] + text(200), Key{Year: 2021, Received: 2000, Author: "李"}},
		{"zhao22", text(100) + para[1] + text(500), Key{Year: 2022, Received: 1000, Author: "赵"}},
		// A template page of 2025, reference material, copied by Zhou in
		// 2020: the page still comes first.
		{"page", para[2] + text(100), Key{Reference: true, Year: 2025}},
		{"zhou20", text(300) + para[2] + text(300), Key{Year: 2020, Author: "周"}},
		// Same year, dates of receipt decide; an unknown author is never
		// self reuse.
		{"sun-early", para[3] + text(400), Key{Year: 2022, Received: 100}},
		{"sun-late", text(400) + para[3], Key{Year: 2022, Received: 200}},
	}
	texts := map[string]string{}
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	for _, i := range r.Perm(len(docs)) {
		d := docs[i]
		texts[d.id] = d.text
		if err := ix.Add(d.id, d.text, d.key); err != nil {
			t.Fatal(err)
		}
	}
	src := func(id string) (string, error) { return texts[id], nil }
	check := func(id string) corpus.Copies {
		t.Helper()
		res, err := ix.Check(id, texts[id], src)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	tests := []struct {
		id                 string
		copied, self, orig bool
		source             string // of the first passage
		selfYears          []int
		wantCopiers        []string
	}{
		{id: "w23", orig: true, source: "w24", wantCopiers: []string{"w24"}},
		{id: "w24", self: true, source: "w23", selfYears: []int{2023}},
		{id: "li21", orig: true, source: "zhao22", wantCopiers: []string{"zhao22"}},
		{id: "zhao22", copied: true, source: "li21"},
		{id: "page", orig: true, source: "zhou20", wantCopiers: []string{"zhou20"}},
		{id: "zhou20", copied: true, source: "page"},
		{id: "sun-early", orig: true, source: "sun-late", wantCopiers: []string{"sun-late"}},
		{id: "sun-late", copied: true, source: "sun-early"},
	}
	for _, tt := range tests {
		res := check(tt.id)
		if (res.Ratio > 0) != tt.copied || (res.SelfRatio > 0) != tt.self || (res.OriginalRatio > 0) != tt.orig {
			t.Errorf("%s: copied %.3f, self %.3f, original %.3f; want copied %v, self %v, original %v",
				tt.id, res.Ratio, res.SelfRatio, res.OriginalRatio, tt.copied, tt.self, tt.orig)
		}
		if len(res.Passages) != 1 || res.Passages[0].Sources[0].ID != tt.source {
			t.Errorf("%s: passages %+v, want one with source %s", tt.id, res.Passages, tt.source)
		}
		if !slices.Equal(res.SelfYears, append([]int{}, tt.selfYears...)) {
			t.Errorf("%s: self years %v, want %v", tt.id, res.SelfYears, tt.selfYears)
		}
		if !slices.Equal(res.Copiers, append([]string{}, tt.wantCopiers...)) || res.CopierCount != len(tt.wantCopiers) {
			t.Errorf("%s: copiers %v (%d), want %v", tt.id, res.Copiers, res.CopierCount, tt.wantCopiers)
		}
	}
	// Flags: the original raises none; the copier boilerplate; the
	// self-reuser self_reuse, not boilerplate.
	flags := func(id string) []string {
		res := check(id)
		return res.FlagCodes()
	}
	if got := flags("li21"); len(got) != 0 {
		t.Errorf("the original li21 is flagged %v", got)
	}
	if got := flags("zhao22"); !reflect.DeepEqual(got, []string{corpus.FlagBoilerplate}) {
		t.Errorf("zhao22 flags %v, want boilerplate", got)
	}
	if got := flags("w24"); !reflect.DeepEqual(got, []string{corpus.FlagSelfReuse}) {
		t.Errorf("w24 flags %v, want self_reuse only", got)
	}

	// A year found by reanalysis turns the direction round.
	aff, err := ix.SetKey("li21", Key{Year: 2023, Received: 2000, Author: "李"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(aff, []string{"li21", "zhao22"}) {
		t.Errorf("SetKey affected %v, want li21 and zhao22", aff)
	}
	if res := check("li21"); res.Ratio == 0 || res.Passages[0].Sources[0].ID != "zhao22" {
		t.Errorf("li21 now 2023: %+v, want copied from zhao22", res)
	}
	// Removing the source: the copier is left with nothing shared.
	aff, err = ix.Remove("zhao22")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(aff, []string{"li21"}) {
		t.Errorf("Remove affected %v, want li21", aff)
	}
	if res := check("li21"); len(res.Passages) != 0 || res.Ratio != 0 {
		t.Errorf("li21 after its source was removed: %+v", res)
	}
}

func randRunes(r *rand.Rand, n int) []rune {
	s := make([]rune, n)
	for i := range s {
		s[i] = randHan(r)
	}
	return s
}
