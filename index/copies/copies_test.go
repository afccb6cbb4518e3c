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
		if err := ix.Add(d.id, d.text, d.key); err != nil {
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
// share a fingerprint value; and every window's selection is its minimum.
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
		var sel []int32
		pos := winnow(hs, opt.Window, nil, &sel)
		for i, k := range sel {
			p := pos[k]
			if hs[p] != slices.Min(hs[i:i+opt.Window]) || int(p) < i || int(p) >= i+opt.Window {
				t.Fatalf("window %d selects %d, not its minimum", i, p)
			}
		}
		m := map[uint32]bool{}
		for _, p := range pos {
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

// TestVerifyExact: the runs the verification finds cover exactly the
// characters of the document inside a common substring of at least MinChars
// characters (computed by brute force), each run is one, and repetitive
// texts are handled (small alphabets, periods, one repeated character).
func TestVerifyExact(t *testing.T) {
	const m = 13
	r := rand.New(rand.NewPCG(21, 21))
	gen := func(n, alphabet int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = rune(hanBase + r.IntN(alphabet))
		}
		return s
	}
	periodic := func(n, p int) []rune {
		base := gen(p, 3000)
		s := make([]rune, n)
		for i := range s {
			s[i] = base[i%p]
		}
		return s
	}
	type pair struct{ d, c []rune }
	var pairs []pair
	for range 150 {
		shared := gen(13+r.IntN(40), 3000)
		pairs = append(pairs, pair{
			slices.Concat(gen(r.IntN(60), 3000), shared, gen(r.IntN(30), 3000), shared[:13+r.IntN(len(shared)-12)]),
			slices.Concat(gen(r.IntN(60), 3000), shared, gen(r.IntN(60), 3000)),
		})
		pairs = append(pairs, pair{gen(80+r.IntN(100), 2), gen(80+r.IntN(100), 2)})
		pairs = append(pairs, pair{periodic(50+r.IntN(200), 1+r.IntN(20)), periodic(30+r.IntN(200), 1+r.IntN(20))})
	}
	one := []rune(strings.Repeat("一", 300))
	pairs = append(pairs, pair{one, one[:150]}, pair{one[:150], one}, pair{one[:12], one})
	var g grams
	for k, p := range pairs {
		g.build(p.d, m)
		runs := g.verify(p.d, p.c, 0, nil)
		got := make([]bool, len(p.d))
		for i, rn := range runs {
			if rn.de-rn.ds < m || !slices.Equal(p.d[rn.ds:rn.de], p.c[rn.cs:rn.cs+rn.de-rn.ds]) {
				t.Fatalf("pair %d: run %+v is not a common substring of %d characters", k, rn, m)
			}
			if i > 0 && (rn.ds <= runs[i-1].ds || rn.de <= runs[i-1].de) {
				t.Fatalf("pair %d: runs not sorted: %+v after %+v", k, rn, runs[i-1])
			}
			for j := rn.ds; j < rn.de; j++ {
				got[j] = true
			}
		}
		want := make([]bool, len(p.d))
		for i := 0; i+m <= len(p.d); i++ {
			for q := 0; q+m <= len(p.c); q++ {
				if slices.Equal(p.d[i:i+m], p.c[q:q+m]) {
					for j := i; j < i+m; j++ {
						want[j] = true
					}
					break
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pair %d: covered %v\nwant %v", k, got, want)
		}
	}
}

// TestLongTemplateIsCopying: a long passage shared by many documents is
// copying, from the reference document that held it first, whatever its
// year.
func TestLongTemplateIsCopying(t *testing.T) {
	g := generateCorpus(2, 120)
	ix := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, ix, g)
	res, err := ix.Check(g.docs[24].id, g.docs[24].text, g.texts) // a template copier
	if err != nil {
		t.Fatal(err)
	}
	long := false
	for _, p := range res.Passages {
		if p.Chars >= 200 && p.Sources[0].ID == g.docs[0].id {
			long = true
			if p.Stock || p.Class != corpus.PassageCopied || p.Shared < 2 && !p.SharedMore {
				t.Errorf("template passage: %s, stock %v, shared %d (more: %v); want copied, shared by more", p.Class, p.Stock, p.Shared, p.SharedMore)
			}
		}
	}
	if !long {
		t.Errorf("template passage from %s not found in %+v", g.docs[0].id, res.Passages)
	}
	// The reference document itself: the template is original there.
	res, err = ix.Check(g.docs[0].id, g.docs[0].text, g.texts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Ratio != 0 || res.OriginalRatio < 0.1 || res.CopierCount < 8 || !res.CopiersMore {
		t.Errorf("reference: ratio %.3f, original %.3f, %d copiers (more: %v); want 0, the template's share, at least 8 and more",
			res.Ratio, res.OriginalRatio, res.CopierCount, res.CopiersMore)
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
	// Removals and key changes are logged too.
	if _, err := ix.Remove(g.docs[7].id); err != nil {
		t.Fatal(err)
	}
	k := g.docs[9].key
	k.Year, k.Author = 2005, "改过的作者"
	if _, err := ix.SetKey(g.docs[9].id, k); err != nil {
		t.Fatal(err)
	}
	live := slices.DeleteFunc(slices.Clone(g.docs), func(d *genDoc) bool { return d.id == g.docs[7].id })
	check := func(ix *Index) []corpus.Copies {
		t.Helper()
		var out []corpus.Copies
		for _, d := range live {
			res, err := ix.Check(d.id, d.text, g.texts)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res)
		}
		return out
	}
	want := check(ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = mustOpen(t, dir, DefaultOptions())
	if !reflect.DeepEqual(check(ix), want) {
		t.Error("results differ after Close and Open")
	}
	if got, ok := ix.Key(g.docs[9].id); !ok || got != k {
		t.Errorf("Key after Open = %+v, %v; want %+v", got, ok, k)
	}
	if ix.Has(g.docs[7].id) || ix.Len() != len(live) {
		t.Errorf("after Open: removed document present, or Len %d, want %d", ix.Len(), len(live))
	}
	st := ix.Stats()
	if st.Docs != len(live) || st.DiskBytes == 0 {
		t.Errorf("Stats = %+v", st)
	}
	ix.Close()

	// Options the stored values depend on must match.
	bad := DefaultOptions()
	bad.K = 6
	if _, err := Open(dir, bad); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("Open with another K: err = %v, want an error naming the path", err)
	}

	// A log cut at any byte opens and keeps every complete change.
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
	cuts := []int{0, 1, ends[0] - 1, ends[0], ends[0] + 3, ends[len(ends)-2], ends[len(ends)-3] + 5, len(data) - 1}
	for range 20 {
		cuts = append(cuts, r.IntN(len(data)))
	}
	for _, cut := range cuts {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, logName), data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		added := 0
		for _, e := range ends[1:] {
			if e <= cut {
				added++
			}
		}
		wantLen := min(added, len(g.docs))
		if added > len(g.docs) { // the removal is in
			wantLen--
		}
		ix, err := Open(d, DefaultOptions())
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if ix.Len() != wantLen {
			t.Errorf("cut at %d: %d documents, want %d", cut, ix.Len(), wantLen)
		}
		// The index keeps working: add the rest, make the same changes,
		// and the results match.
		if cut >= ends[len(ends)-3] {
			addAll(t, ix, g)
			ix.Remove(g.docs[7].id)
			if _, err := ix.SetKey(g.docs[9].id, k); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(check(ix), want) {
				t.Errorf("cut at %d: results differ after redoing the changes", cut)
			}
		}
		ix.Close()
		ix, err = Open(d, DefaultOptions()) // the truncated file opens again
		if err != nil {
			t.Fatalf("cut at %d, reopened: %v", cut, err)
		}
		ix.Close()
	}
	// A flipped byte inside the last record drops that change only.
	d := t.TempDir()
	flipped := slices.Clone(data)
	flipped[len(flipped)-3] ^= 0x55
	os.WriteFile(filepath.Join(d, logName), flipped, 0o644)
	ix, err = Open(d, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Key(g.docs[9].id); got != g.docs[9].key {
		t.Errorf("flipped byte in the key change: key %+v, want the original %+v", got, g.docs[9].key)
	}
	ix.Close()
}

// TestCompaction: a log mostly made of removed documents is rewritten on
// Open, and the index is the same.
func TestCompaction(t *testing.T) {
	g := generateCorpus(15, 120)
	dir := t.TempDir()
	ix := mustOpen(t, dir, DefaultOptions())
	addAll(t, ix, g)
	var live []*genDoc
	for i, d := range g.docs {
		if i%3 != 0 {
			if _, err := ix.Remove(d.id); err != nil {
				t.Fatal(err)
			}
		} else {
			live = append(live, d)
		}
	}
	want := make(map[string]corpus.Copies)
	for _, d := range live {
		res, err := ix.Check(d.id, d.text, g.texts)
		if err != nil {
			t.Fatal(err)
		}
		want[d.id] = res
	}
	before := ix.Stats().DiskBytes
	ix.Close()
	ix = mustOpen(t, dir, DefaultOptions())
	if after := ix.Stats().DiskBytes; after >= before/2 {
		t.Errorf("log of %d bytes with two thirds removed is %d bytes after Open: not compacted", before, after)
	}
	for _, d := range live {
		res, err := ix.Check(d.id, d.text, g.texts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res, want[d.id]) {
			t.Errorf("%s differs after compaction", d.id)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, logName+".rewrite")); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
}

// TestPostings compares the postings with a map after adds, merges and
// compactions.
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
	dead := map[uint32]bool{}
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
		if r.IntN(300) == 0 {
			for range 30 {
				dead[uint32(r.IntN(int(doc)+1))] = true
			}
			p.compact(func(d uint32) bool { return dead[d] })
			for h, docs := range model {
				model[h] = slices.DeleteFunc(docs, func(d uint32) bool { return dead[d] })
			}
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
	n := 0
	p.each(func(h uint32, docs []uint32) {
		n++
		if !slices.Equal(docs, model[h]) {
			t.Fatalf("each(%x) = %v, want %v", h, docs, model[h])
		}
	})
	want := 0
	for _, docs := range model {
		if len(docs) > 0 {
			want++
		}
	}
	if n != want {
		t.Errorf("each visited %d values, want %d", n, want)
	}
}

// TestConcurrentCheck: checks running at once (under the read lock) give
// the sequential results; run with -race.
func TestConcurrentCheck(t *testing.T) {
	g := generateCorpus(6, 80)
	opt := DefaultOptions()
	opt.CacheBytes = 200 << 10 // evictions while checking
	ix := mustOpen(t, t.TempDir(), opt)
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
				ix.Key(d.id)
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
	if err := ix.Add("short", "很短", Key{}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Check("short", "很短", nil)
	if err != nil || res.Chars != 2 || res.Ratio != 0 || res.Passages == nil || res.Cluster == nil || res.Copiers == nil || res.SelfYears == nil {
		t.Errorf("short document: %+v, %v", res, err)
	}
	if _, err := ix.SetKey("nope", Key{Year: 2020}); err == nil {
		t.Error("SetKey of a document never added: no error")
	}
	if aff, err := ix.Remove("nope"); err != nil || aff != nil {
		t.Errorf("Remove of a document never added: %v, %v", aff, err)
	}
}

// TestShortPassages: a passage of exactly MinChars characters, punctuated
// differently in the two documents, is found with exact boundaries, copied
// from the earlier document (and original in it).
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
		// b is added first but a precedes it.
		if err := ix.Add(idb, texts[idb], Key{Year: 2021}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Add(ida, texts[ida], Key{Year: 2020}); err != nil {
			t.Fatal(err)
		}
		res, err := ix.Check(idb, texts[idb], src)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Passages) != 1 || res.Passages[0].Chars != 13 || res.Passages[0].Class != corpus.PassageCopied ||
			len(res.Passages[0].Sources) != 1 || res.Passages[0].Sources[0].ID != ida || res.Passages[0].Shared != 1 || res.Passages[0].SharedMore {
			t.Errorf("pair %d: passages %+v, want one of 13 characters copied from %s", i, res.Passages, ida)
			continue
		}
		var nt normText
		nt.normalize(res.Passages[0].Text)
		rs := []rune(res.Passages[0].Text) // starts and ends on a kept character
		if string(nt.chars) != string(shared) || fold(rs[0]) != shared[0] || fold(rs[len(rs)-1]) != shared[12] {
			t.Errorf("pair %d: passage %q, want %q", i, res.Passages[0].Text, string(shared))
		}
		resA, err := ix.Check(ida, texts[ida], src)
		if err != nil {
			t.Fatal(err)
		}
		if len(resA.Passages) != 1 || resA.Passages[0].Class != corpus.PassageOriginal || resA.Ratio != 0 ||
			!reflect.DeepEqual(resA.Copiers, []string{idb}) || resA.CopierCount != 1 || resA.CopiersMore {
			t.Errorf("pair %d, the earlier: %+v, want the passage original with copier %s", i, resA, idb)
		}
	}
}

// TestRepetitive: documents of one repeated character, or of a short
// period, are checked exactly: all of the later one copied from the
// earlier, in one passage when their periods agree.
func TestRepetitive(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		ratio  float64
		single bool
	}{
		{"same character", strings.Repeat("一", 20000), strings.Repeat("一", 20000), 1, true},
		{"shorter source", strings.Repeat("一", 5000), strings.Repeat("一", 20000), 1, false},
		{"period 3", strings.Repeat("人大代", 5000), strings.Repeat("大代人", 4000), 1, true},
		{"period 5 in text", strings.Repeat("履职报告书", 3000), "开头" + strings.Repeat("履职报告书", 100) + "结尾的几个字不同", 500.0 / 510, true},
		{"another period", strings.Repeat("人大代", 5000), strings.Repeat("人代大", 5000), 0, false},
	}
	for _, tt := range tests {
		ix := mustOpen(t, t.TempDir(), DefaultOptions())
		texts := map[string]string{"a": tt.a, "b": tt.b}
		ix.Add("a", tt.a, Key{Year: 2020})
		ix.Add("b", tt.b, Key{Year: 2021})
		res, err := ix.Check("b", tt.b, func(id string) (string, error) { return texts[id], nil })
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(res.Ratio-tt.ratio) > 1e-9 || tt.single && len(res.Passages) != 1 {
			t.Errorf("%s: ratio %.4f, %d passages; want %.4f", tt.name, res.Ratio, len(res.Passages), tt.ratio)
		}
		for _, p := range res.Passages {
			if p.Class != corpus.PassageCopied || p.Sources[0].ID != "a" {
				t.Errorf("%s: passage %s from %s", tt.name, p.Class, p.Sources[0].ID)
			}
		}
	}
}
