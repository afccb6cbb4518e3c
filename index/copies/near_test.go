package copies

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// nearPair is two documents and whether an analyst calls them near-duplicates.
type nearPair struct {
	kind string
	a, b []rune
	near bool
}

// nearPairs builds, from seed, the pairs the near-duplicate rule is tuned on.
func nearPairs(r *rand.Rand) []nearPair {
	text := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = randHan(r)
		}
		return s
	}
	var out []nearPair

	// A ~2,500-character report and a copy with every 40th–60th character
	// changed, a name (five mentions) and the numbers replaced.
	{
		a := text(2500)
		name := []rune("张晓明")
		var at []int
		for range 5 {
			i := r.IntN(len(a) - 3)
			copy(a[i:], name)
			at = append(at, i)
		}
		for range 12 { // numbers: 2 to 4 digits
			i := r.IntN(len(a) - 4)
			for j := range 2 + r.IntN(3) {
				a[i+j] = rune('0' + r.IntN(10))
			}
		}
		b := slices.Clone(a)
		for i := r.IntN(20); i < len(b); i += 40 + r.IntN(21) {
			b[i] = randHan(r)
		}
		for _, i := range at {
			copy(b[i:], []rune("李建国"))
		}
		for i, c := range b {
			if c >= '0' && c <= '9' {
				b[i] = rune('0' + r.IntN(10))
			}
		}
		out = append(out, nearPair{"edited copy", a, b, true})
	}
	// Two documents sharing 70% of their text each way, in four passages.
	mix := func(shared, own int, near bool, kind string) nearPair {
		var a, b []rune
		for range 4 {
			s := text(shared / 4)
			a = slices.Concat(a, text(own/4), s)
			b = slices.Concat(b, s, text(own/4))
		}
		return nearPair{kind, a, b, near}
	}
	out = append(out, mix(1750, 750, true, "70% each way"))
	out = append(out, mix(1700, 800, true, "68% each way"))
	// A template page (1,200 characters) and a compilation part holding it
	// with 300 characters of its own: 100% and 80%.
	{
		tpl := text(1200)
		part := slices.Concat(text(150), tpl, text(150))
		out = append(out, nearPair{"template page in a part", tpl, part, true})
	}
	// Sharing a template paragraph: 30% each way, and 20%.
	out = append(out, mix(750, 1750, false, "30% each way"))
	out = append(out, mix(500, 2000, false, "20% each way"))
	// A short document wholly inside a long one it is 30% of.
	{
		s := text(750)
		out = append(out, nearPair{"contained, 30% of the other", s, slices.Concat(text(900), s, text(850)), false})
	}
	// Stock phrases only: ten phrases of 16–30 characters in common.
	{
		var a, b []rune
		for range 10 {
			p := text(16 + r.IntN(15))
			a = slices.Concat(a, text(220), p)
			b = slices.Concat(b, p, text(220))
		}
		out = append(out, nearPair{"stock phrases", a, b, false})
	}
	return out
}

// TestNearDupRule: an edited copy, pairs sharing 68–70% each way and a
// template page inside a compilation part cluster; pairs sharing 30% or less
// each way, a short document that is 30% of a long one, and stock phrases do
// not. Each pair kind is drawn with many seeds, the estimated and exact
// Jaccard similarity and cover logged.
func TestNearDupRule(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 12
	}
	type stat struct {
		n, hit              int
		minJ, maxJ, sumJ    float64 // estimated Jaccard
		exJ, coverA, coverB float64
	}
	stats := map[string]*stat{}
	var kinds []string
	opt := DefaultOptions()
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 77))
		for _, p := range nearPairs(r) {
			ix := mustOpen(t, t.TempDir(), opt)
			ta, tb := render(r, p.a), render(r, p.b)
			if err := ix.Add("a", ta); err != nil {
				t.Fatal(err)
			}
			if err := ix.Add("b", tb); err != nil {
				t.Fatal(err)
			}
			got := len(ix.Cluster("a")) == 1
			est := float64(ix.near.equal(0, 1)) / float64(opt.MinHashSize)
			sc := ix.getScratch()
			fa, _ := sc.fingerprints(ta, opt)
			fa = slices.Clone(fa)
			fb, _ := sc.fingerprints(tb, opt)
			common := 0
			for _, h := range fb {
				if _, ok := slices.BinarySearch(fa, h); ok {
					common++
				}
			}
			ix.Close()
			s := stats[p.kind]
			if s == nil {
				s = &stat{minJ: 1}
				stats[p.kind] = s
				kinds = append(kinds, p.kind)
			}
			s.n++
			if got {
				s.hit++
			}
			s.minJ, s.maxJ, s.sumJ = min(s.minJ, est), max(s.maxJ, est), s.sumJ+est
			s.exJ += float64(common) / float64(len(fa)+len(fb)-common)
			s.coverA += float64(common) / float64(len(fa))
			s.coverB += float64(common) / float64(len(fb))
			if got != p.near {
				t.Errorf("seed %d, %s: clustered %v, want %v (estimated Jaccard %.3f, exact %.3f, cover %.2f / %.2f)",
					seed, p.kind, got, p.near, est, float64(common)/float64(len(fa)+len(fb)-common),
					float64(common)/float64(len(fa)), float64(common)/float64(len(fb)))
			}
		}
	}
	for _, k := range kinds {
		s := stats[k]
		n := float64(s.n)
		t.Logf("%-28s clustered %2d/%d  estimated Jaccard %.3f–%.3f (mean %.3f), exact %.3f, cover %.2f / %.2f",
			k, s.hit, s.n, s.minJ, s.maxJ, s.sumJ/n, s.exJ/n, s.coverA/n, s.coverB/n)
	}
}

// TestUpgrade: a format-1 log (64-value signatures, no links) and a log
// linked under another rule open with the results of a fresh index, are
// rewritten, and then reopen by replaying the recorded links.
func TestUpgrade(t *testing.T) {
	g := generateCorpus(6, 60)
	// Near-duplicate families: edited copies of the pairs of nearPairs.
	r := rand.New(rand.NewPCG(6, 6))
	for i, p := range slices.Concat(nearPairs(r), nearPairs(r)) {
		for j, s := range [][]rune{p.a, p.b} {
			id := fmt.Sprintf("n%02d%c", i, 'a'+j)
			g.byID[id] = len(g.docs)
			g.docs = append(g.docs, &genDoc{id: id, text: render(r, s)})
		}
	}
	fresh := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, fresh, g)
	want := checkAll(t, fresh, g)
	wantClusters := make([][]string, len(g.docs))
	for i, d := range g.docs {
		wantClusters[i] = fresh.Cluster(d.id)
	}
	fresh.Close()
	members := 0
	for _, c := range wantClusters {
		members += len(c)
	}
	if members == 0 {
		t.Fatal("the corpus has no near-duplicates: the test would not test linking")
	}
	same := func(what string, ix *Index) {
		t.Helper()
		if !reflect.DeepEqual(checkAll(t, ix, g), want) {
			t.Errorf("%s: results differ from a fresh index", what)
		}
		for i, d := range g.docs {
			if got := ix.Cluster(d.id); !reflect.DeepEqual(got, wantClusters[i]) {
				t.Errorf("%s: Cluster(%s) = %v, want %v", what, d.id, got, wantClusters[i])
			}
		}
	}

	// A format-1 log, written as the previous version did.
	dir := t.TempDir()
	old := DefaultOptions()
	old.MinHashSize, old.Bands = 64, 16
	nd := newNearDup(old)
	sc := &scratch{}
	log := appendFrame(nil, header{version: 1, k: old.K, window: old.Window, minHash: 64, bands: 16}.encode())
	for _, d := range g.docs {
		rec := docRecord{id: d.id}
		rec.fps, rec.chars = sc.fingerprints(d.text, old)
		if len(rec.fps) > 0 {
			rec.sig = nd.signature(rec.fps, nil)
		}
		p := rec.encode(nil)
		p = p[:len(p)-1] // format 1 has no link count
		log = appendFrame(log, p)
	}
	if err := os.WriteFile(filepath.Join(dir, logName), log, 0o644); err != nil {
		t.Fatal(err)
	}
	ix := mustOpen(t, dir, DefaultOptions())
	same("format 1 upgraded", ix)
	ix.Close()
	if _, err := os.Stat(filepath.Join(dir, logName+".upgrade")); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
	ix = mustOpen(t, dir, DefaultOptions())
	same("format 1 upgraded, reopened", ix)
	ix.Close()

	// Another linking rule relinks, and back.
	loose := DefaultOptions()
	loose.NearDupCover, loose.NearDupJaccard = 0.1, 0.05
	ix = mustOpen(t, dir, loose)
	linked := 0
	for _, d := range g.docs {
		linked += len(ix.Cluster(d.id))
	}
	ix.Close()
	if linked <= members {
		t.Errorf("the loose rule links %d cluster members, the default %d: not relinked", linked, members)
	}
	ix = mustOpen(t, dir, DefaultOptions())
	same("relinked", ix)
	ix.Close()
	t.Logf("cluster members under the loose rule: %d", linked)
}
