package copies

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"lvzhi/corpus"
)

// session keeps the checks of a corpus up to date the way the application
// does: after each batch of changes, it checks the new documents and the
// ones the index says may have changed, on several goroutines, and keeps
// the results.
type session struct {
	tb      testing.TB
	g       *genCorpus
	dir     string
	opt     Options
	ix      *Index
	workers int
	results map[string]corpus.Copies
	checked int // checks made
}

func newSession(tb testing.TB, g *genCorpus, workers int) *session {
	s := &session{tb: tb, g: g, dir: tb.TempDir(), opt: DefaultOptions(), workers: workers, results: map[string]corpus.Copies{}}
	s.ix = mustOpen(tb, s.dir, s.opt)
	return s
}

func (s *session) reopen() {
	s.tb.Helper()
	if err := s.ix.Close(); err != nil {
		s.tb.Fatal(err)
	}
	s.ix = mustOpen(s.tb, s.dir, s.opt)
}

// add adds a batch and rechecks.
func (s *session) add(docs []*genDoc) {
	s.tb.Helper()
	var ids []string
	for _, d := range docs {
		if err := s.ix.Add(d.id, d.text, d.key); err != nil {
			s.tb.Fatal(err)
		}
		ids = append(ids, d.id)
	}
	if err := s.ix.Sync(); err != nil {
		s.tb.Fatal(err)
	}
	s.check(append(ids, s.ix.Related(ids)...))
}

func (s *session) remove(d *genDoc) {
	s.tb.Helper()
	before, err := s.ix.AffectedByRemove(d.id)
	if err != nil {
		s.tb.Fatal(err)
	}
	affected, err := s.ix.Remove(d.id)
	if err != nil {
		s.tb.Fatal(err)
	}
	if !slices.Equal(before, affected) {
		s.tb.Errorf("remove %s: AffectedByRemove %v, Remove %v", d.id, before, affected)
	}
	delete(s.results, d.id)
	s.check(affected)
}

func (s *session) setKey(d *genDoc, k Key) {
	s.tb.Helper()
	before, err := s.ix.AffectedByKey(d.id, k)
	if err != nil {
		s.tb.Fatal(err)
	}
	affected, err := s.ix.SetKey(d.id, k)
	if err != nil {
		s.tb.Fatal(err)
	}
	if !slices.Equal(before, affected) {
		s.tb.Errorf("key of %s: AffectedByKey %v, SetKey %v", d.id, before, affected)
	}
	s.check(affected)
}

func (s *session) check(ids []string) {
	s.tb.Helper()
	slices.Sort(ids)
	ids = slices.Compact(ids)
	s.checked += len(ids)
	out := make([]corpus.Copies, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for w := range s.workers {
		wg.Go(func() {
			for i := w; i < len(ids); i += s.workers {
				d := s.g.docs[s.g.byID[ids[i]]]
				out[i], errs[i] = s.ix.Check(d.id, d.text, s.g.texts)
			}
		})
	}
	wg.Wait()
	for i, id := range ids {
		if errs[i] != nil {
			s.tb.Fatal(errs[i])
		}
		s.results[id] = out[i]
	}
}

// compare reports every document whose kept result differs from want.
func (s *session) compare(name string, want map[string]corpus.Copies) {
	s.tb.Helper()
	if len(s.results) != len(want) {
		s.tb.Errorf("%s: %d results, want %d", name, len(s.results), len(want))
	}
	bad := 0
	for id, w := range want {
		got, ok := s.results[id]
		if !ok || !reflect.DeepEqual(got, w) {
			bad++
			if bad <= 5 {
				s.tb.Errorf("%s: %s differs:\n got  ratio %.4f self %.4f orig %.4f, %d passages, cluster %v, copiers %v\n want ratio %.4f self %.4f orig %.4f, %d passages, cluster %v, copiers %v",
					name, id, got.Ratio, got.SelfRatio, got.OriginalRatio, len(got.Passages), got.Cluster, got.Copiers,
					w.Ratio, w.SelfRatio, w.OriginalRatio, len(w.Passages), w.Cluster, w.Copiers)
			}
		}
	}
	if bad > 0 {
		s.tb.Errorf("%s: %d of %d results differ from a clean check", name, bad, len(want))
	}
}

// cleanCheck adds the documents to a new index in their order and checks
// each once, at the end.
func cleanCheck(tb testing.TB, g *genCorpus, docs []*genDoc) map[string]corpus.Copies {
	ix := mustOpen(tb, tb.TempDir(), DefaultOptions())
	for _, d := range docs {
		if err := ix.Add(d.id, d.text, d.key); err != nil {
			tb.Fatal(err)
		}
	}
	want := map[string]corpus.Copies{}
	for _, d := range docs {
		res, err := ix.Check(d.id, d.text, g.texts)
		if err != nil {
			tb.Fatal(err)
		}
		want[d.id] = res
	}
	ix.Close()
	return want
}

// TestReproducible: the checks of a corpus are the same whatever the order
// documents come in, the batches, the number of goroutines checking, and
// whether the index is reopened in between, removals and key changes
// undone in between included: every ratio, passage, source, cluster and
// copier, compared with a clean check.
func TestReproducible(t *testing.T) {
	n := 240
	if testing.Short() {
		n = 100
	}
	g := generateCorpus(41, n)
	want := cleanCheck(t, g, g.docs)
	r := rand.New(rand.NewPCG(41, 2))

	// One: shuffled, batches of 17, four goroutines, reopened after every
	// other batch.
	one := newSession(t, g, 4)
	order := r.Perm(n)
	for b := 0; b*17 < n; b++ {
		var batch []*genDoc
		for _, i := range order[b*17 : min(n, (b+1)*17)] {
			batch = append(batch, g.docs[i])
		}
		one.add(batch)
		if b%2 == 1 {
			one.reopen()
		}
	}
	one.compare("shuffled, batches of 17, 4 goroutines, reopened", want)

	// Two: latest first (the worst order: every document added precedes
	// the ones before it), batches of 50, two goroutines; along the way
	// documents are removed and added again, and keys changed and changed
	// back.
	two := newSession(t, g, 2)
	var removed []*genDoc
	for b := 0; b*50 < n; b++ {
		var batch []*genDoc
		for i := n - 1 - b*50; i >= max(0, n-(b+1)*50); i-- {
			batch = append(batch, g.docs[i])
		}
		two.add(batch)
		for range 3 {
			d := batch[r.IntN(len(batch))]
			if !slices.Contains(removed, d) {
				two.remove(d)
				removed = append(removed, d)
			}
		}
		for range 3 {
			d := batch[r.IntN(len(batch))]
			if slices.Contains(removed, d) {
				continue
			}
			k := d.key
			k.Year, k.Author, k.Reference = 2000+r.IntN(40), fmt.Sprint("作者", r.IntN(3)), r.IntN(4) == 0
			two.setKey(d, k)
		}
	}
	two.add(removed)
	for _, d := range g.docs {
		if k, _ := two.ix.Key(d.id); k != d.key {
			two.setKey(d, d.key)
		}
	}
	two.compare("latest first, batches of 50, 2 goroutines, removals and key changes undone", want)

	// Three: in order, one at a time, one goroutine, reopened every 40.
	three := newSession(t, g, 1)
	for i, d := range g.docs {
		three.add([]*genDoc{d})
		if i%40 == 39 {
			three.reopen()
		}
	}
	three.compare("in order, one at a time, reopened", want)
	t.Logf("%d documents; checks made: %d, %d and %d", n, one.checked, two.checked, three.checked)
}

// TestRemove: removing documents leaves the index as if they had never been
// added: the checks of the others, kept up to date with what Remove
// returns, equal a clean check of the rest, after reopening too.
func TestRemove(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 80
	}
	g := generateCorpus(43, n)
	s := newSession(t, g, 2)
	s.add(g.docs)
	var rest []*genDoc
	for i, d := range g.docs {
		// Remove sources of copies, the reference template, heavy
		// copiers' sources: every third document and document 0.
		if i%3 == 1 || i == 0 {
			s.remove(d)
		} else {
			rest = append(rest, d)
		}
	}
	want := cleanCheck(t, g, rest)
	s.compare("after removals", want)
	s.reopen()
	s.results = map[string]corpus.Copies{}
	var ids []string
	for _, d := range rest {
		ids = append(ids, d.id)
	}
	s.check(ids)
	s.compare("after removals, reopened", want)
	for _, d := range g.docs {
		if (d.id == g.docs[0].id || g.byID[d.id]%3 == 1) == s.ix.Has(d.id) {
			t.Errorf("%s: Has = %v after removing", d.id, s.ix.Has(d.id))
		}
	}
	// No result names a removed document.
	for id, res := range s.results {
		for _, p := range res.Passages {
			for _, src := range p.Sources {
				if !s.ix.Has(src.ID) {
					t.Errorf("%s: source %s was removed", id, src.ID)
				}
			}
		}
	}
}
