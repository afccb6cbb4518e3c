package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"lvzhi/corpus"
)

var byYear = RebuildOptions{ShardBy: ShardYear}

// mustSharded rebuilds a fresh index sharded by year from reports and
// opens it for writing.
func mustSharded(tb testing.TB, reports []*corpus.Report) (*Index, string) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "index")
	if err := Rebuild(context.Background(), dir, eachOf(reports), nil, byYear); err != nil {
		tb.Fatal(err)
	}
	ix, err := Open(dir, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if ix.Sharding() != ShardYear {
		tb.Fatalf("Sharding() = %q after a rebuild by year", ix.Sharding())
	}
	return ix, dir
}

// idfFree reports whether the order of q's hits does not depend on scores:
// it browses (no positive term), so every score is 0.
func idfFree(q Query) bool {
	for _, sl := range parseQuery(q.Text) {
		if !sl.neg {
			return false
		}
	}
	return true
}

// compareSharded checks a sharded index's result against one index's on
// the same reports: the same total and facets always; the same hits in the
// same order when the order does not depend on scores (idf is per shard);
// otherwise the same years in the same order when sorted by year, and the
// same hits when the page holds them all.
func compareSharded(t *testing.T, name string, q Query, got, want *Result) {
	t.Helper()
	if idfFree(q) {
		compareResults(t, name, got, want)
		return
	}
	if got.Total != want.Total {
		t.Fatalf("%s: total %d, one index %d", name, got.Total, want.Total)
	}
	for _, f := range facetFields {
		if g, w := fmt.Sprint(got.Facets[f.name]), fmt.Sprint(want.Facets[f.name]); g != w {
			t.Fatalf("%s: facet %s %s, one index %s", name, f.name, g, w)
		}
	}
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%s: %d hits, one index %d", name, len(got.Hits), len(want.Hits))
	}
	if q.Sort == "year" || q.Sort == "-year" {
		years := func(r *Result) []int {
			var ys []int
			for _, h := range r.Hits {
				ys = append(ys, *cmpOr(h.Year, new(int)))
			}
			return ys
		}
		if g, w := years(got), years(want); !slices.Equal(g, w) {
			t.Fatalf("%s: years %v, one index %v", name, g, w)
		}
	}
	if q.From == 0 && len(want.Hits) == int(want.Total) {
		byID := func(r *Result) map[string]string {
			m := map[string]string{}
			for _, h := range r.Hits {
				h.Score = 0
				b, _ := json.Marshal(h)
				m[h.ID] = string(b)
			}
			return m
		}
		g, w := byID(got), byID(want)
		for id, wj := range w {
			if g[id] != wj {
				t.Fatalf("%s: hit %s\n%s\none index\n%s", name, id, g[id], wj)
			}
		}
	}
}

func cmpOr[T any](p, def *T) *T {
	if p != nil {
		return p
	}
	return def
}

// TestShardedAgreesWithUnsharded indexes the same reports in one index and
// sharded by year (rebuilt, then put, replaced with other years, deleted)
// and compares every query of a table: totals, facets and hits as
// compareSharded says; and the sharded column search with the alias
// (searchBleve through bleve.NewIndexAlias) exactly, scores and all.
func TestShardedAgreesWithUnsharded(t *testing.T) {
	reports := genReports(31, 900, 600)
	statuses := []corpus.Status{corpus.StatusCurrent, corpus.StatusReference, corpus.StatusHistory}
	for i, r := range reports {
		if i%5 == 0 {
			r.State = &corpus.State{Status: statuses[i%3]}
		}
	}
	ctx := context.Background()
	one := mustIndex(t, reports)
	sh, _ := mustSharded(t, reports[:600])
	for i := 600; i < len(reports); i += 150 {
		if err := sh.Put(ctx, reports[i:i+150]); err != nil {
			t.Fatal(err)
		}
	}
	// The same IDs again, most with another year: they move shard.
	again := genReports(32, 60, 600)
	moved := 0
	for i, r := range again {
		if (r.Year == nil) != (reports[i].Year == nil) || r.Year != nil && *r.Year != *reports[i].Year {
			moved++
		}
	}
	if moved < 30 {
		t.Fatalf("only %d of %d replaced reports change year", moved, len(again))
	}
	var gone []string
	for i := 100; i < 900; i += 37 {
		gone = append(gone, reports[i].ID)
	}
	for _, ix := range []*Index{one, sh} {
		if err := ix.Put(ctx, again); err != nil {
			t.Fatal(err)
		}
		if err := ix.Delete(ctx, gone); err != nil {
			t.Fatal(err)
		}
	}
	n1, err1 := one.Count()
	n2, err2 := sh.Count()
	if err1 != nil || err2 != nil || n1 != n2 || n1 != uint64(900-len(gone)) {
		t.Fatalf("Count: one index %d (%v), sharded %d (%v), want %d", n1, err1, n2, err2, 900-len(gone))
	}
	if got := sh.Shards(); len(got) < 8 || got[len(got)-1] != noYearShard {
		t.Fatalf("shards %v", got)
	}

	texts := []string{"", "代表", "道路交通", "灯", "殡葬", "路灯|积水 -2023年", "-代表", "代表 -建议", "宁海县殡葬", "动，改", "没有这个词"}
	filters := []Query{
		{}, {Year: 2021}, {Year: 1990}, {YearFrom: 2020, YearTo: 2022}, {YearTo: 2019}, {Kind: "duty_report"},
		{Region: "江宁区", Level: "镇"}, {Deputy: "赵丽"}, {Flag: corpus.FlagPlaceholder},
		{Status: "all"}, {Status: "history"}, {Region: "没有"},
	}
	sorts := []string{"", "relevance", "year", "-year"}
	pages := [][2]int{{0, 10}, {5, 7}, {0, 1000}}
	n := 0
	defer func(m uint64) { minPartDocs = m }(minPartDocs)
	for _, minPartDocs = range []uint64{minPartDocs, 30} { // shards in one part, then several
		for _, text := range texts {
			for fi, f := range filters {
				for si, s := range sorts {
					for _, pg := range pages {
						if (fi+si+len(text))%3 != 0 && pg[1] == 1000 {
							continue // big pages on a third of the cases
						}
						if minPartDocs == 30 && si%2 == 1 {
							continue // parts: two sorts of four
						}
						q := f
						q.Text, q.Sort, q.From, q.Size = text, s, pg[0], pg[1]
						name := fmt.Sprintf("%+v", q)
						got, err := sh.Search(ctx, q)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						want, err := one.Search(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						compareSharded(t, name, q, got, want)
						alias, err := sh.searchBleve(ctx, q, q.Size)
						if err != nil {
							t.Fatalf("%s: alias: %v", name, err)
						}
						if q.Year == 0 || text != "动，改" { // see below
							compareResults(t, name+" (alias)", got, alias)
						}
						n++
					}
				}
			}
		}
	}
	// A query of one year builds its text query from that shard's
	// dictionary, the alias from every shard's: 动，改 expands 改 to the
	// bigrams starting with it, and where other shards have bigrams this
	// one lacks, bleve's coord factor scores the longer disjunction lower.
	// The hits are the same.
	t.Logf("%d queries compared", n)
}

// TestShardMovesWithYear: a report whose year changes leaves its old shard.
func TestShardMovesWithYear(t *testing.T) {
	ix, _ := mustSharded(t, nil)
	ctx := context.Background()
	inShard := func(key string) uint64 {
		t.Helper()
		for _, sh := range ix.shards.list() {
			if sh.key == key {
				n, err := sh.Count()
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
		}
		return 0
	}
	find := func(q Query) []string {
		t.Helper()
		q.Text = "道路"
		return searchAll(t, ix, q)
	}
	for _, step := range []struct {
		year int
		key  string
	}{{2020, "2020"}, {2021, "2021"}, {0, noYearShard}, {2020, "2020"}} {
		if err := ix.Put(ctx, []*corpus.Report{report("m1", "关于道路硬化的建议", step.year)}); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"2020", "2021", noYearShard} {
			want := uint64(0)
			if key == step.key {
				want = 1
			}
			if got := inShard(key); got != want {
				t.Fatalf("year %d: shard %s holds %d, want %d", step.year, key, got, want)
			}
		}
		if n, err := ix.Count(); err != nil || n != 1 {
			t.Fatalf("year %d: Count %d, %v", step.year, n, err)
		}
		if got := find(Query{}); !slices.Equal(got, []string{"m1"}) {
			t.Fatalf("year %d: found %v", step.year, got)
		}
		for _, y := range []int{2020, 2021} {
			got := find(Query{Year: y})
			if want := y == step.year; want != (len(got) == 1) {
				t.Fatalf("year %d: a search of %d finds %v", step.year, y, got)
			}
		}
	}
	if got := ix.Shards(); !slices.Equal(got, []string{"2020", "2021", noYearShard}) {
		t.Errorf("shards %v", got)
	}
}

func TestShardDelete(t *testing.T) {
	ix, _ := mustSharded(t, []*corpus.Report{
		report("a", "道路", 2019), report("b", "道路", 2020), report("c", "道路", 0), report("d", "道路", 2020),
	})
	ctx := context.Background()
	if err := ix.Delete(ctx, []string{"b", "c", "nosuch"}); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Count(); err != nil || n != 2 {
		t.Fatalf("Count = %d, %v; want 2", n, err)
	}
	for id, want := range map[string]bool{"a": true, "b": false, "c": false, "d": true} {
		if has, err := ix.Has(id); err != nil || has != want {
			t.Errorf("Has(%s) = %v, %v; want %v", id, has, err, want)
		}
	}
	if got := sorted(searchAll(t, ix, Query{Text: "道路"})); !slices.Equal(got, []string{"a", "d"}) {
		t.Errorf("after delete: %v", got)
	}
	var ids []string
	if err := ix.IDs(ctx, Query{}, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"a", "d"}) {
		t.Errorf("IDs: %v", ids)
	}
}

// TestShardReopen: a sharded generation reopens sharded, read-only and for
// writing, with the shards a writer added.
func TestShardReopen(t *testing.T) {
	reports := genReports(33, 300, 300)
	ix, dir := mustSharded(t, reports)
	before := searchAll(t, ix, Query{Text: "道路", Sort: "-year", Size: MaxSize})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	gen, err := readCurrent(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, gen, shardsFile)); err != nil {
		t.Fatalf("no %s: %v", shardsFile, err)
	}

	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ro.Sharding() != ShardYear {
		t.Errorf("reopened read-only: Sharding() = %q", ro.Sharding())
	}
	if n, err := ro.Count(); err != nil || n != uint64(len(reports)) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(reports))
	}
	if after := searchAll(t, ro, Query{Text: "道路", Sort: "-year", Size: MaxSize}); !slices.Equal(sorted(after), sorted(before)) {
		t.Errorf("reopened: %d hits, before %d", len(after), len(before))
	}
	if err := ro.Put(context.Background(), reports[:1]); corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("Put on a read-only sharded index: %v", err)
	}
	ro.Close()

	rw, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Put(context.Background(), []*corpus.Report{report("old", "一九九九年的道路", 1999)}); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	ro, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if got := ro.Shards(); len(got) == 0 || got[0] != "1999" {
		t.Errorf("shards after a put of 1999: %v", got)
	}
	if got := searchAll(t, ro, Query{Text: "道路", Year: 1999}); !slices.Equal(got, []string{"old"}) {
		t.Errorf("year 1999: %v", got)
	}
}

// TestUnshardedStillOpens: an index created or rebuilt without options is
// one bleve index, as before sharding; Rebuild switches either way.
func TestUnshardedStillOpens(t *testing.T) {
	ix := mustOpen(t)
	if ix.Sharding() != ShardNone || ix.Shards() != nil {
		t.Fatalf("a new index: %q %v", ix.Sharding(), ix.Shards())
	}
	if _, err := os.Stat(filepath.Join(ix.dir, ix.gen, "index_meta.json")); err != nil {
		t.Fatalf("a new index is not one bleve index: %v", err)
	}
	dir := ix.dir
	ix.Close()
	reports := genReports(34, 120, 200)
	for _, opt := range []RebuildOptions{{ShardBy: ShardYear}, {}, {ShardBy: ShardYear}, {ShardBy: ShardNone}} {
		if err := Rebuild(context.Background(), dir, eachOf(reports), nil, opt); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(dir, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		want := cmpOrSharding(opt.ShardBy)
		if ix.Sharding() != want {
			t.Errorf("rebuilt with %+v: Sharding() = %q", opt, ix.Sharding())
		}
		if got, want := sorted(searchAll(t, ix, Query{Text: "道路"})), expected(reports, "道路"); !slices.Equal(got, want) {
			t.Errorf("rebuilt with %+v: %d hits, want %d", opt, len(got), len(want))
		}
		ix.Close()
	}
	err := Rebuild(context.Background(), dir, eachOf(reports), nil, RebuildOptions{ShardBy: "month"})
	if corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("unknown scheme: %v", err)
	}
}

func cmpOrSharding(s Sharding) Sharding {
	if s == "" {
		return ShardNone
	}
	return s
}

// TestShardSelect: a query with years visits only the shards of those
// years.
func TestShardSelect(t *testing.T) {
	var reports []*corpus.Report
	for i, y := range []int{2018, 2019, 2020, 2021, 0} {
		reports = append(reports, report(fmt.Sprint("r", i), "道路", y))
	}
	ix, _ := mustSharded(t, reports)
	for _, tt := range []struct {
		q    Query
		want []string
	}{
		{Query{}, []string{"2018", "2019", "2020", "2021", noYearShard}},
		{Query{Year: 2020}, []string{"2020"}},
		{Query{Year: 2017}, nil},
		{Query{YearFrom: 2019}, []string{"2019", "2020", "2021"}},
		{Query{YearTo: 2019}, []string{"2018", "2019"}},
		{Query{YearFrom: 2019, YearTo: 2020}, []string{"2019", "2020"}},
		{Query{Year: 2021, YearTo: 2020}, nil},
	} {
		var got []string
		for _, sh := range ix.shards.selectFor(tt.q) {
			got = append(got, sh.key)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v visits %v, want %v", tt.q, got, tt.want)
		}
		res, err := ix.Search(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Facets) != len(facetFields) || res.Hits == nil {
			t.Errorf("%+v: facets %v, hits %v", tt.q, res.Facets, res.Hits)
		}
	}
}

// TestRebuildBatches: a sharded rebuild puts a shard's batch when it
// holds RebuildBatch reports, and all it holds at rebuildBuffered.
func TestRebuildBatches(t *testing.T) {
	ix, _ := mustSharded(t, nil)
	b := ix.rebuildBatches()
	var put [][]*corpus.Report
	for i := range 5000 {
		if batch := b.add(report(fmt.Sprint(i), "", 2010+i%11)); batch != nil {
			put = append(put, batch)
		}
		if b.held >= rebuildBuffered {
			t.Fatalf("holds %d reports", b.held)
		}
	}
	put = append(put, b.rest()...)
	n := 0
	for _, batch := range put {
		if len(batch) > rebuildBuffered {
			t.Fatalf("a batch of %d", len(batch))
		}
		n += len(batch)
	}
	if n != 5000 || len(put) < 3 {
		t.Errorf("%d reports put in %d batches, want 5000 in 3 or more", n, len(put))
	}
	// A year that comes in a run fills its batch alone.
	for i := range RebuildBatch {
		if batch := b.add(report(fmt.Sprint("y", i), "", 2030)); batch != nil && (i != RebuildBatch-1 || len(batch) != RebuildBatch) {
			t.Fatalf("report %d of one year: a batch of %d", i, len(batch))
		}
	}

	one := mustOpen(t).rebuildBatches()
	var sizes []int
	for i := range 1100 {
		if batch := one.add(report(fmt.Sprint(i), "", 2010+i%11)); batch != nil {
			sizes = append(sizes, len(batch))
		}
	}
	for _, batch := range one.rest() {
		sizes = append(sizes, len(batch))
	}
	if !slices.Equal(sizes, []int{RebuildBatch, RebuildBatch, 100}) {
		t.Errorf("one index: batches of %v", sizes)
	}
}
