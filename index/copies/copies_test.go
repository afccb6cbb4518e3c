package copies

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"lvzhi/corpus"
)

func mustOpen(tb testing.TB, dir string, opt Options) *Index {
	tb.Helper()
	ix, err := Open(dir, opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func addAll(tb testing.TB, ix *Index, g *genCorpus) {
	tb.Helper()
	for _, d := range g.docs {
		if err := ix.Add(d.id, d.text); err != nil {
			tb.Fatal(err)
		}
	}
}

func checkAll(tb testing.TB, ix *Index, g *genCorpus) []corpus.Copies {
	tb.Helper()
	out := make([]corpus.Copies, len(g.docs))
	for i, d := range g.docs {
		res, err := ix.Check(d.id, d.text, g.texts)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = res
	}
	return out
}

// normIndex maps a byte offset of text to the index of the normalised
// character starting there (or the next one).
func normIndex(nt *normText, off int) int {
	return sort.Search(len(nt.starts), func(i int) bool { return int(nt.starts[i]) >= off })
}

func overlap(a0, a1, b0, b1 int) int { return max(0, min(a1, b1)-max(a0, b0)) }

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"认真履行，代表职责。", "认真履行代表职责"},
		{"ＡＢｃ１２３ Def", "abc123def"},
		{"（一）“好”《法》……——", "一好法"},
		{"温度３５℃，增长１２％", "温度35℃增长12"},
		{"a\u200bb\u3000c\n\td", "abcd"},
		{"bad\xffbyte", "badbyte"},
	}
	for _, tt := range tests {
		var nt normText
		nt.normalize(tt.in)
		if got := string(nt.chars); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for i := range nt.chars {
			s, e := nt.span(i, i+1)
			if got := fold([]rune(tt.in[s:e])[0]); got != nt.chars[i] {
				t.Errorf("normalize(%q): char %d spans %q", tt.in, i, tt.in[s:e])
			}
		}
	}
}

// TestWinnowGuarantee: two texts sharing any run of K+Window-1 characters
// share a fingerprint value.
func TestWinnowGuarantee(t *testing.T) {
	opt := DefaultOptions()
	r := rand.New(rand.NewPCG(7, 7))
	gen := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = rune(hanBase + r.IntN(50)) // a small alphabet: many ties
		}
		return s
	}
	fps := func(s []rune) map[uint32]bool {
		hs := kgramHashes(s, opt.K, nil)
		m := map[uint32]bool{}
		for _, p := range winnow(hs, opt.Window, nil) {
			m[hs[p]] = true
		}
		return m
	}
	for range 2000 {
		shared := gen(opt.K + opt.Window - 1)
		a := slices.Concat(gen(r.IntN(30)), shared, gen(r.IntN(30)))
		b := slices.Concat(gen(r.IntN(30)), shared, gen(r.IntN(30)))
		fa, fb := fps(a), fps(b)
		found := false
		for h := range fa {
			found = found || fb[h]
		}
		if !found {
			t.Fatalf("texts sharing %q have no common fingerprint", string(shared))
		}
	}
}

// TestControlledCorpus checks the measured figures on the controlled-copy
// corpus: every ratio within 2 points of the truth, passage precision and
// recall at least 0.95, stock phrases told apart.
func TestControlledCorpus(t *testing.T) {
	n := 240
	if testing.Short() {
		n = 120 // make test runs -race -short
	}
	g := generateCorpus(1, n)
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, ix, g)
	results := checkAll(t, ix, g)

	var (
		maxErr                    float64
		detected, correct         int
		truths, found             int
		stockPassages, stockRight int
		stockPhrases, stockFound  int
		copyMarkedStock           int
		stockMarkedCopy           int
	)
	for i, d := range g.docs {
		res := results[i]
		if res.Chars != len(d.norm) {
			t.Fatalf("%s: Chars = %d, want %d", d.id, res.Chars, len(d.norm))
		}
		if e := math.Abs(res.Ratio - g.ratio[i]); e > 0.02 {
			t.Errorf("%s: ratio %.4f, true %.4f", d.id, res.Ratio, g.ratio[i])
		} else {
			maxErr = max(maxErr, e)
		}
		if d.stocks > 0 && res.StockRatio == 0 {
			t.Errorf("%s: %d stock phrases but StockRatio 0", d.id, d.stocks)
		}
		var nt normText
		nt.normalize(d.text)
		type span struct{ start, end int }
		var copied, stock []span
		for _, p := range res.Passages {
			if p.Text != d.text[p.Start:p.End] || p.Shared < len(p.Sources) {
				t.Fatalf("%s: bad passage %+v", d.id, p)
			}
			s, e := normIndex(&nt, p.Start), normIndex(&nt, p.End)
			if e-s != p.Chars {
				t.Fatalf("%s: passage %q has %d characters, says %d", d.id, p.Text, e-s, p.Chars)
			}
			for _, src := range p.Sources {
				j := g.byID[src.ID]
				var ct normText
				ct.normalize(g.docs[j].text)
				if string(ct.chars[normIndex(&ct, src.Start):normIndex(&ct, src.End)]) != string(nt.chars[s:e]) {
					t.Fatalf("%s: source %+v does not hold passage %q", d.id, src, p.Text)
				}
			}
			if p.Stock {
				stock = append(stock, span{s, e})
				stockPassages++
				n := 0
				for k := s; k < e; k++ {
					if d.stock[k] {
						n++
					}
				}
				if 2*n >= e-s {
					stockRight++
				}
				continue
			}
			for _, src := range p.Sources {
				detected++
				j := g.byID[src.ID]
				for _, tp := range g.truth[i] {
					if tp.other == j && 2*overlap(s, e, tp.start, tp.end) >= e-s {
						correct++
						break
					}
				}
			}
			copied = append(copied, span{s, e})
			n := 0
			for k := s; k < e; k++ {
				if d.stock[k] {
					n++
				}
			}
			if n >= 13 && e-s-n < 13 { // (a phrase under 13 plus a character two documents happen to share is a passage of few: copying)
				stockMarkedCopy++
				if testing.Verbose() {
					t.Logf("%s: passage %q (%d stock characters of %d) is not stock", d.id, p.Text, n, e-s)
				}
			}
		}
		for _, tp := range g.truth[i] {
			truths++
			ok := false
			for _, p := range res.Passages {
				if p.Stock {
					if overlap(normIndex(&nt, p.Start), normIndex(&nt, p.End), tp.start, tp.end) > 0 {
						copyMarkedStock++
					}
					continue
				}
				s, e := normIndex(&nt, p.Start), normIndex(&nt, p.End)
				if 2*overlap(s, e, tp.start, tp.end) < tp.end-tp.start {
					continue
				}
				for _, src := range p.Sources {
					if g.byID[src.ID] == tp.other {
						ok = true
					}
				}
			}
			if ok {
				found++
			} else if testing.Verbose() {
				t.Logf("%s: missed true passage %+v", d.id, tp)
			}
		}
		// Every inserted stock phrase of 13 or more characters lies in a
		// stock passage.
		for k := 0; k < len(d.norm); {
			if !d.stock[k] {
				k++
				continue
			}
			j := k
			for j < len(d.norm) && d.stock[j] && d.origin[j].doc == d.origin[k].doc {
				j++
			}
			if j-k >= 13 {
				stockPhrases++
				for _, s := range stock {
					if s.start <= k && j <= s.end {
						stockFound++
						break
					}
				}
			}
			k = j
		}
	}
	precision := float64(correct) / float64(detected)
	recall := float64(found) / float64(truths)
	t.Logf("%d documents: max ratio error %.4f; passages: precision %.4f (%d/%d), recall %.4f (%d/%d); stock: %d/%d passages right, %d/%d phrases found",
		len(g.docs), maxErr, precision, correct, detected, recall, found, truths, stockRight, stockPassages, stockFound, stockPhrases)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.4f, recall %.4f: want both ≥ 0.95", precision, recall)
	}
	if truths < 100 || stockPhrases < 200 {
		t.Errorf("the corpus is too small to measure: %d true passages, %d stock phrases", truths, stockPhrases)
	}
	if float64(stockRight) < 0.95*float64(stockPassages) || float64(stockFound) < 0.95*float64(stockPhrases) {
		t.Errorf("stock: %d of %d stock passages are stock phrases, %d of %d stock phrases found", stockRight, stockPassages, stockFound, stockPhrases)
	}
	if stockMarkedCopy > 0 {
		t.Errorf("%d passages of stock phrases and fewer than 13 other characters are not stock", stockMarkedCopy)
	}
	if copyMarkedStock > truths/50 {
		t.Errorf("%d copied passages overlap passages marked stock", copyMarkedStock)
	}
}

// TestLongTemplateIsCopying: a long passage shared by many documents is
// copying, and a short one is stock.
func TestLongTemplateIsCopying(t *testing.T) {
	g := generateCorpus(2, 120)
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, ix, g)
	res, err := ix.Check(g.docs[12].id, g.docs[12].text, g.texts) // a template copier
	if err != nil {
		t.Fatal(err)
	}
	long := false
	for _, p := range res.Passages {
		if p.Chars >= 200 {
			long = true
			if p.Stock || p.Shared < 9 {
				t.Errorf("template passage: stock %v, shared %d; want copying shared by ≥ 9", p.Stock, p.Shared)
			}
		}
	}
	if !long {
		t.Errorf("template passage not found in %+v", res.Passages)
	}
}

func TestNearDuplicates(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	text := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = randHan(r)
		}
		return s
	}
	type doc struct{ id, text string }
	var docs []doc
	family := map[string]int{}
	for f := range 5 {
		orig := text(2500)
		for v := range 4 {
			s := slices.Clone(orig)
			if v > 0 {
				for range 15 { // names and numbers changed
					at := r.IntN(len(s) - 3)
					copy(s[at:], text(1+r.IntN(3)))
				}
				at := r.IntN(len(s)) // a paragraph added
				s = slices.Concat(s[:at], text(150), s[at:])
			}
			id := "f" + string(rune('0'+f)) + "v" + string(rune('0'+v))
			docs = append(docs, doc{id, render(r, s)})
			family[id] = f
		}
	}
	for i := range 30 {
		id := "u" + string(rune('A'+i))
		docs = append(docs, doc{id, render(r, text(1500+r.IntN(2000)))})
		family[id] = -1 - i
	}
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	for _, d := range docs {
		if err := ix.Add(d.id, d.text); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range docs {
		var want []string
		for _, o := range docs {
			if o.id != d.id && family[o.id] == family[d.id] {
				want = append(want, o.id)
			}
		}
		got := slices.Clone(ix.Cluster(d.id))
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Cluster(%s) = %v, want %v", d.id, got, want)
		}
	}
	byID := map[string]string{}
	for _, d := range docs {
		byID[d.id] = d.text
	}
	res, err := ix.Check("f0v1", byID["f0v1"], func(id string) (string, error) { return byID[id], nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cluster) != 3 || res.Ratio < 0.9 {
		t.Errorf("f0v1: cluster %v, ratio %.3f; want 3 members and a ratio ≥ 0.9", res.Cluster, res.Ratio)
	}
}

// TestIncremental: adding documents one at a time, checking as they come and
// merging the pending postings often, ends with the same results as adding
// them all at once; Related names the earlier source of a new copy.
func TestIncremental(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 70
	}
	g := generateCorpus(4, n)
	all := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, all, g)
	want := checkAll(t, all, g)

	opt := DefaultOptions()
	opt.PendingPostings = 500
	one := mustOpen(t, t.TempDir(), opt)
	for i, d := range g.docs {
		if err := one.Add(d.id, d.text); err != nil {
			t.Fatal(err)
		}
		if _, err := one.Check(d.id, d.text, g.texts); err != nil {
			t.Fatal(err)
		}
		rel := one.Related([]string{d.id})
		for _, src := range g.sources[i] {
			if !slices.Contains(rel, g.docs[src].id) {
				t.Errorf("Related(%s) = %v, misses its source %s", d.id, rel, g.docs[src].id)
			}
		}
		if slices.Contains(rel, d.id) {
			t.Errorf("Related(%s) lists the document itself", d.id)
		}
		if err := one.Add(d.id, d.text); err != nil { // idempotent
			t.Fatal(err)
		}
	}
	if one.Len() != len(g.docs) {
		t.Fatalf("Len = %d, want %d", one.Len(), len(g.docs))
	}
	got := checkAll(t, one, g)
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: one at a time %+v\nall at once %+v", g.docs[i].id, got[i], want[i])
		}
	}
}

func TestPersistence(t *testing.T) {
	g := generateCorpus(5, 60)
	dir := t.TempDir()
	ix, err := Open(dir, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, ix, g)
	want := checkAll(t, ix, g)
	wantClusters := make([][]string, len(g.docs))
	for i, d := range g.docs {
		wantClusters[i] = ix.Cluster(d.id)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpen(t, dir, DefaultOptions())
	if !reflect.DeepEqual(checkAll(t, ix, g), want) {
		t.Error("results differ after Close and Open")
	}
	for i, d := range g.docs {
		if !reflect.DeepEqual(ix.Cluster(d.id), wantClusters[i]) {
			t.Errorf("Cluster(%s) differs after Open", d.id)
		}
	}
	st := ix.Stats()
	if st.Docs != len(g.docs) || st.DiskBytes == 0 {
		t.Errorf("Stats = %+v", st)
	}
	ix.Close()

	// Options the stored values depend on must match.
	bad := DefaultOptions()
	bad.K = 6
	if _, err := Open(dir, bad); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Open with another K: err = %v, want an error naming the path", err)
	}

	// A log cut at any byte opens and keeps every complete record.
	data, err := os.ReadFile(filepath.Join(dir, logName))
	if err != nil {
		t.Fatal(err)
	}
	var ends []int // end of each frame
	for off := 0; off < len(data); {
		n := int(data[off]) | int(data[off+1])<<8 | int(data[off+2])<<16 | int(data[off+3])<<24
		off += frameHeader + n
		ends = append(ends, off)
	}
	r := rand.New(rand.NewPCG(9, 9))
	cuts := []int{0, 1, ends[0] - 1, ends[0], ends[0] + 3, len(data) - 1}
	for range 20 {
		cuts = append(cuts, r.IntN(len(data)))
	}
	for _, cut := range cuts {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, logName), data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		complete := 0
		for _, e := range ends[1:] {
			if e <= cut {
				complete++
			}
		}
		ix, err := Open(d, DefaultOptions())
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if ix.Len() != complete {
			t.Errorf("cut at %d: %d documents, want %d", cut, ix.Len(), complete)
		}
		// The index keeps working: add the rest, and the results match.
		if cut == len(data)-1 {
			addAll(t, ix, g)
			if !reflect.DeepEqual(checkAll(t, ix, g), want) {
				t.Errorf("cut at %d: results differ after re-adding", cut)
			}
		}
		ix.Close()
		ix, err = Open(d, DefaultOptions()) // the truncated file opens again
		if err != nil {
			t.Fatalf("cut at %d, reopened: %v", cut, err)
		}
		ix.Close()
	}
	// A flipped byte inside the last record drops that record only.
	d := t.TempDir()
	flipped := slices.Clone(data)
	flipped[len(flipped)-10] ^= 0x55
	os.WriteFile(filepath.Join(d, logName), flipped, 0o644)
	ix, err = Open(d, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != len(g.docs)-1 {
		t.Errorf("flipped byte: %d documents, want %d", ix.Len(), len(g.docs)-1)
	}
	ix.Close()
}

// TestPostings compares the postings with a map after adds and merges.
func TestPostings(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	var p postings
	model := map[uint32][]uint32{}
	values := make([]uint32, 3000)
	for i := range values {
		values[i] = r.Uint32()
		if i%3 == 0 {
			values[i] = values[i]&0xffff0000 | uint32(i%7) // crowd some buckets
		}
	}
	for doc := range uint32(2000) {
		var fps []uint32
		for range 1 + r.IntN(40) {
			fps = append(fps, values[r.IntN(len(values))])
		}
		slices.Sort(fps)
		fps = slices.Compact(fps)
		p.add(doc, fps)
		for _, h := range fps {
			model[h] = append(model[h], doc)
		}
		if r.IntN(50) == 0 {
			p.merge()
		}
	}
	for range 2 {
		for _, h := range values {
			a, b := p.lookup(h)
			if got := slices.Concat(a, b); !slices.Equal(got, model[h]) && len(got)+len(model[h]) > 0 {
				t.Fatalf("lookup(%x) = %v, want %v", h, got, model[h])
			}
		}
		p.merge()
	}
}

// TestConcurrentCheck: checks running at once (under the read lock) give
// the sequential results; run with -race.
func TestConcurrentCheck(t *testing.T) {
	g := generateCorpus(6, 80)
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, ix, g)
	want := checkAll(t, ix, g)
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for k := range g.docs {
				i := (k + w*20) % len(g.docs)
				d := g.docs[i]
				got, err := ix.Check(d.id, d.text, g.texts)
				if err == nil && !reflect.DeepEqual(got, want[i]) {
					err = fmt.Errorf("%s: concurrent check differs", d.id)
				}
				if err != nil {
					errs <- err
					return
				}
				ix.Related([]string{d.id})
				ix.Cluster(d.id)
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestCheckUnknown(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	if _, err := ix.Check("nope", "文本", nil); err == nil {
		t.Error("Check of a document never added: no error")
	}
	if err := ix.Add("short", "很短"); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Check("short", "很短", nil)
	if err != nil || res.Chars != 2 || res.Ratio != 0 || res.Passages == nil || res.Cluster == nil {
		t.Errorf("short document: %+v, %v", res, err)
	}
}

// TestShortPassages: a passage of exactly MinChars characters, punctuated
// differently in the two documents, is found with exact boundaries.
func TestShortPassages(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	text := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = randHan(r)
		}
		return s
	}
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	texts := map[string]string{}
	src := func(id string) (string, error) { return texts[id], nil }
	for i := range 60 {
		shared := text(13)
		a := slices.Concat(text(50+r.IntN(200)), shared, text(50+r.IntN(200)))
		b := slices.Concat(text(50+r.IntN(200)), shared, text(50+r.IntN(200)))
		ida, idb := fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)
		texts[ida], texts[idb] = render(r, a), render(r, b)
		if err := ix.Add(ida, texts[ida]); err != nil {
			t.Fatal(err)
		}
		if err := ix.Add(idb, texts[idb]); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Check(idb, texts[idb], src)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Passages) != 1 || res.Passages[0].Chars != 13 || len(res.Passages[0].Sources) != 1 || res.Passages[0].Sources[0].ID != ida {
			t.Errorf("pair %d: passages %+v, want one of 13 characters from %s", i, res.Passages, ida)
			continue
		}
		var nt normText
		nt.normalize(res.Passages[0].Text)
		rs := []rune(res.Passages[0].Text) // starts and ends on a kept character
		if string(nt.chars) != string(shared) || fold(rs[0]) != shared[0] || fold(rs[len(rs)-1]) != shared[12] {
			t.Errorf("pair %d: passage %q, want %q", i, res.Passages[0].Text, string(shared))
		}
	}
}
