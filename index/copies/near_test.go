package copies

import (
	"encoding/binary"
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

// TestNearDupRule: an edited copy, pairs sharing 68–70% each way and a
// template page inside a compilation part are near-duplicates of the
// earlier document; pairs sharing 30% or less each way, a short document
// that is 30% of a long one, and stock phrases are not. Each pair kind is
// drawn with many seeds; the covers are exact (the candidate is verified in
// full), logged per kind.
func TestNearDupRule(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 12
	}
	type stat struct {
		n, hit         int
		coverA, coverB float64
	}
	stats := map[string]*stat{}
	var kinds []string
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 77))
		for _, p := range nearPairs(r) {
			ix := mustOpen(t, t.TempDir(), DefaultOptions())
			texts := map[string]string{"a": render(r, p.a), "b": render(r, p.b)}
			if err := ix.Add("b", texts["b"], Key{Year: 2021}); err != nil {
				t.Fatal(err)
			}
			if err := ix.Add("a", texts["a"], Key{Year: 2020}); err != nil {
				t.Fatal(err)
			}
			src := func(id string) (string, error) { return texts[id], nil }
			resB, err := ix.Check("b", texts["b"], src)
			if err != nil {
				t.Fatal(err)
			}
			resA, err := ix.Check("a", texts["a"], src)
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
			got := reflect.DeepEqual(resB.Cluster, []string{"a"})
			if len(resA.Cluster) != 0 {
				t.Errorf("seed %d, %s: the earlier document's cluster is %v, want none (later near-duplicates are copiers)", seed, p.kind, resA.Cluster)
			}
			s := stats[p.kind]
			if s == nil {
				s = &stat{}
				stats[p.kind] = s
				kinds = append(kinds, p.kind)
			}
			s.n++
			if got {
				s.hit++
			}
			coverB := resB.Ratio + resB.SelfRatio + resB.StockRatio
			coverA := resA.OriginalRatio + resA.StockRatio
			s.coverA += coverA
			s.coverB += coverB
			if got != p.near {
				t.Errorf("seed %d, %s: near-duplicate %v, want %v (b shared %.2f, a shared %.2f)", seed, p.kind, got, p.near, coverB, coverA)
			}
		}
	}
	for _, k := range kinds {
		s := stats[k]
		t.Logf("%-28s near-duplicates %2d/%d, shared %.2f of the later, %.2f of the earlier", k, s.hit, s.n, s.coverB/float64(s.n), s.coverA/float64(s.n))
	}
}

// legacyLog writes a log of format 1 or 2 as the earlier versions did:
// MinHash signatures of sigSize values after the fingerprints, and (format
// 2) the documents each was linked with.
func legacyLog(tb testing.TB, dir string, version int, g *genCorpus) {
	tb.Helper()
	const sigSize = 64
	opt := DefaultOptions()
	h := []byte{'H'}
	h = append(h, logMagic...)
	head := []int{version, opt.K, opt.Window, sigSize, 16}
	if version == 2 {
		head = append(head, 32, 300, 500)
	}
	for _, v := range head {
		h = binary.AppendUvarint(h, uint64(v))
	}
	log := appendFrame(nil, h)
	sc := &scratch{}
	for i, d := range g.docs {
		fps, chars := sc.fingerprints(d.text, opt, false)
		p := []byte{'D'}
		p = binary.AppendUvarint(p, uint64(len(d.id)))
		p = append(p, d.id...)
		p = binary.AppendUvarint(p, uint64(chars))
		p = binary.AppendUvarint(p, uint64(len(fps)))
		var prev uint32
		for _, f := range fps {
			p = binary.AppendUvarint(p, uint64(f-prev))
			prev = f
		}
		if len(fps) > 0 {
			for k := range sigSize {
				p = binary.LittleEndian.AppendUint32(p, uint32(k*7919+i))
			}
		}
		if version == 2 {
			links := []uint64{}
			if i > 3 {
				links = append(links, uint64(i-3))
			}
			p = binary.AppendUvarint(p, uint64(len(links)))
			for _, l := range links {
				p = binary.AppendUvarint(p, l)
			}
		}
		log = appendFrame(log, p)
	}
	if err := os.WriteFile(filepath.Join(dir, logName), log, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestUpgrade: logs of formats 1 and 2 open with every document and its
// fingerprints (keys unknown until set), are rewritten in format 3, reopen,
// and once the keys are set check as a fresh index does.
func TestUpgrade(t *testing.T) {
	g := generateCorpus(6, 60)
	fresh := mustOpen(t, t.TempDir(), DefaultOptions())
	addAll(t, fresh, g)
	want := checkAll(t, fresh, g)
	fresh.Close()
	for _, version := range []int{1, 2} {
		dir := t.TempDir()
		legacyLog(t, dir, version, g)
		ix := mustOpen(t, dir, DefaultOptions())
		if ix.Len() != len(g.docs) {
			t.Fatalf("format %d: %d documents, want %d", version, ix.Len(), len(g.docs))
		}
		if k, ok := ix.Key(g.docs[5].id); !ok || k != (Key{}) {
			t.Errorf("format %d: key %+v, %v; want the zero key", version, k, ok)
		}
		ix.Close()
		data, err := os.ReadFile(filepath.Join(dir, logName))
		if err != nil {
			t.Fatal(err)
		}
		h, err := decodeHeader(data[frameHeader:])
		if err != nil || h.version != formatVersion {
			t.Errorf("format %d: rewritten as %+v, %v", version, h, err)
		}
		if _, err := os.Stat(filepath.Join(dir, logName+".rewrite")); !os.IsNotExist(err) {
			t.Errorf("format %d: temporary file left: %v", version, err)
		}
		ix = mustOpen(t, dir, DefaultOptions())
		for _, d := range g.docs {
			if _, err := ix.SetKey(d.id, d.key); err != nil {
				t.Fatal(err)
			}
		}
		ix.Close()
		ix = mustOpen(t, dir, DefaultOptions()) // keys from the log
		if got := checkAll(t, ix, g); !reflect.DeepEqual(got, want) {
			t.Errorf("format %d upgraded: results differ from a fresh index", version)
		}
		ix.Close()
	}
}
