package index

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// mustIndex opens a fresh index holding reports.
func mustIndex(tb testing.TB, reports []*corpus.Report) *Index {
	tb.Helper()
	ix := mustOpen(tb)
	for i := 0; i < len(reports); i += 200 {
		if err := ix.Put(context.Background(), reports[i:min(i+200, len(reports))]); err != nil {
			tb.Fatal(err)
		}
	}
	return ix
}

// searchAll returns the IDs of every hit of q, in order.
func searchAll(t *testing.T, ix *Index, q Query) []string {
	t.Helper()
	q.Size = MaxSize
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	if res.Total > MaxSize {
		t.Fatalf("Search(%+v): %d hits, more than one page", q, res.Total)
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// expected is the reference: the IDs of reports that contain every
// positive term (any alternative) in text or title, and no negative one.
func expected(reports []*corpus.Report, text string) []string {
	var ids []string
	for _, r := range reports {
		ok := true
		for _, sl := range parseQuery(text) {
			found := false
			for _, a := range sl.alts {
				found = found || containsFold(r.Text, a) || containsFold(r.Title, a)
			}
			if found == sl.neg {
				ok = false
				break
			}
		}
		if ok {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func sorted(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}

var recallReports = genReports(1, 300, 300)

// TestRecall is the point of the design: a query finds every document that
// contains it as a substring, not only those where gse cut it as a word.
func TestRecall(t *testing.T) {
	ix := mustIndex(t, recallReports)
	tests := []struct {
		name  string
		query string
	}{
		{"word", "道路"},
		{"sub-word across gse words", "路交"},
		{"prefix of a word", "交通安"},
		{"gse word that is also inside longer words", "交通"},
		{"longer word", "道路交通"},
		{"digits and ideograph", "2023年"},
		{"domain word", "代表活动"},
		{"cross-word substring", "表活"},
		{"digit inside", "查2次"},
		{"placeholder stars", "**"},
		{"template year, case-insensitive", "20XX"},
		{"single character", "灯"},
		{"title only", "年度履职报告"},
		{"across punctuation", "调研，提出"},
		{"character ending a run before punctuation", "动，"},
		{"character starting a run after punctuation", "，改"},
		{"phrase with a space in quotes", `"选民。 "`},
		{"two terms", "道路 安全"},
		{"exclusion", "道路 -交通"},
		{"alternatives", "路灯|积水"},
		{"alternatives and exclusion", "路灯|积水 -2023年"},
		{"only an exclusion", "-交通"},
		{"no such text", "高速铁路"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sorted(searchAll(t, ix, Query{Text: tt.query}))
			want := expected(recallReports, tt.query)
			if !slices.Equal(got, want) {
				t.Errorf("query %q: %d hits, want %d\nmissing %v\nextra %v", tt.query, len(got), len(want), minus(want, got), minus(got, want))
			}
		})
	}

	// The corpus makes the point: a gse-only index misses documents.
	req := bleve.NewSearchRequestOptions(termOn("道路", fieldText), 0, 0, false)
	res, err := ix.bi.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(expected(recallReports, "道路")); res.Total >= uint64(n) {
		t.Errorf("gse word 道路 is in %d documents, substring in %d: the corpus does not exercise substring recall", res.Total, n)
	}
}

func termOn(t, field string) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	return q
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func TestWholeWordRanksFirst(t *testing.T) {
	reports := []*corpus.Report{
		report("inside", "今年重点关注规范道路交通秩序，多次开展调研。", 2023),
		report("word", "今年重点关注改善交通条件，多次开展调研。", 2023),
		report("longer", "道路交通安全是今年关注的重点，多次开展调研。", 2023),
		report("none", "今年重点关注食品安全，多次开展调研。", 2023),
	}
	ix := mustIndex(t, reports)
	tests := []struct {
		query string
		want  []string
	}{
		{"交通", []string{"word", "inside", "longer"}},    // gse: 改善/交通/条件
		{"道路交通", []string{"inside", "longer"}},          // gse: 规范/道路交通/秩序 vs 道路交通安全
		{"安全", []string{"none", "longer"}},              // gse: 食品/安全 vs 道路交通安全
		{"交通 调研", []string{"word", "inside", "longer"}}, // the word ranks first in AND too
		{"路交|食品", []string{"none", "inside", "longer"}}, // either alternative; 食品 is a whole word
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := searchAll(t, ix, Query{Text: tt.query})
			if len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Errorf("query %q ranks %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	ix := mustIndex(t, recallReports)
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	tests := []struct {
		name  string
		query Query
		keep  func(r *corpus.Report) bool
	}{
		{"kind", Query{Kind: "essay"}, func(r *corpus.Report) bool { return r.Kind == corpus.KindEssay }},
		{"year", Query{Year: 2020}, func(r *corpus.Report) bool { return r.Year != nil && *r.Year == 2020 }},
		{"year range", Query{YearFrom: 2019, YearTo: 2021}, func(r *corpus.Report) bool { return r.Year != nil && *r.Year >= 2019 && *r.Year <= 2021 }},
		{"open range", Query{YearFrom: 2023}, func(r *corpus.Report) bool { return r.Year != nil && *r.Year >= 2023 }},
		{"region", Query{Region: "石门镇"}, func(r *corpus.Report) bool { return str(r.Deputy.Region) == "石门镇" }},
		{"deputy", Query{Deputy: "王建国"}, func(r *corpus.Report) bool { return str(r.Deputy.Name) == "王建国" }},
		{"level (multi-valued)", Query{Level: "镇"}, func(r *corpus.Report) bool { return slices.Contains(r.Deputy.Levels, "镇") }},
		{"flag", Query{Flag: corpus.FlagPlaceholder}, func(r *corpus.Report) bool { return r.HasFlag(corpus.FlagPlaceholder) }},
		{"text and filters", Query{Text: "道路", Kind: "duty_report", YearTo: 2020, Level: "县"}, func(r *corpus.Report) bool {
			return containsFold(r.Text+r.Title, "道路") && r.Kind == corpus.KindDutyReport && r.Year != nil && *r.Year <= 2020 && slices.Contains(r.Deputy.Levels, "县")
		}},
		{"no match", Query{Deputy: "无此人"}, func(*corpus.Report) bool { return false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, r := range recallReports {
				if tt.keep(r) && (tt.query.Text == "" || slices.Contains(expected(recallReports, tt.query.Text), r.ID)) {
					want = append(want, r.ID)
				}
			}
			got := sorted(searchAll(t, ix, tt.query))
			if !slices.Equal(got, want) {
				t.Errorf("%+v: %d hits, want %d; missing %v, extra %v", tt.query, len(got), len(want), minus(want, got), minus(got, want))
			}
		})
	}
}

func TestSearchRejectsBadQueries(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		name  string
		query Query
	}{
		{"unknown kind", Query{Kind: "report"}},
		{"unknown sort", Query{Sort: "date"}},
		{"reversed range", Query{YearFrom: 2023, YearTo: 2019}},
		{"negative year", Query{Year: -1}},
		{"negative from", Query{From: -1}},
		{"too deep", Query{From: MaxFrom + 1}},
		{"too many terms", Query{Text: strings.Repeat("道路 ", maxSlots+1)}},
		{"term too long", Query{Text: strings.Repeat("道", maxTermLen+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.query)
			if corpus.ErrorCode(err) != corpus.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
		})
	}
}

func TestSortAndPaging(t *testing.T) {
	ix := mustIndex(t, recallReports)
	years := func(res *Result) []int {
		var ys []int
		for _, h := range res.Hits {
			if h.Year == nil {
				ys = append(ys, math.MaxInt) // unknown sorts last
			} else {
				ys = append(ys, *h.Year)
			}
		}
		return ys
	}
	search := func(q Query) *Result {
		t.Helper()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	t.Run("year ascending, unknown last", func(t *testing.T) {
		ys := years(search(Query{Text: "道路", Sort: "year", Size: MaxSize}))
		if !slices.IsSorted(ys) || ys[len(ys)-1] != math.MaxInt {
			t.Errorf("years not ascending with unknown last: %v", ys)
		}
	})
	t.Run("browse is newest first, unknown last", func(t *testing.T) {
		ys := years(search(Query{Size: MaxSize}))
		known := slices.DeleteFunc(slices.Clone(ys), func(y int) bool { return y == math.MaxInt })
		if !slices.IsSortedFunc(known, func(a, b int) int { return b - a }) || ys[len(ys)-1] != math.MaxInt || len(ys) != len(recallReports) {
			t.Errorf("browse years: %v", ys)
		}
	})
	t.Run("relevance", func(t *testing.T) {
		res := search(Query{Text: "交通", Size: MaxSize})
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Score > res.Hits[i-1].Score {
				t.Fatalf("hit %d scores %v above hit %d's %v", i, res.Hits[i].Score, i-1, res.Hits[i-1].Score)
			}
		}
		if res.Hits[0].Score <= 0 {
			t.Errorf("top score %v", res.Hits[0].Score)
		}
	})
	t.Run("pages concatenate to the whole list", func(t *testing.T) {
		all := search(Query{Text: "道路", Size: MaxSize})
		var paged []string
		for from := 0; from < int(all.Total); from += 7 {
			res := search(Query{Text: "道路", From: from, Size: 7})
			if res.Total != all.Total {
				t.Fatalf("page at %d: total %d, want %d", from, res.Total, all.Total)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
			}
		}
		var want []string
		for _, h := range all.Hits {
			want = append(want, h.ID)
		}
		if !slices.Equal(paged, want) {
			t.Errorf("paged hits differ from one page")
		}
	})
	t.Run("default and maximum size", func(t *testing.T) {
		if n := len(search(Query{}).Hits); n != DefaultSize {
			t.Errorf("default size gives %d hits", n)
		}
		if n := len(search(Query{Size: 5000}).Hits); n != len(recallReports) {
			t.Errorf("size 5000 gives %d hits, want all %d", n, len(recallReports))
		}
	})
}

func TestFacets(t *testing.T) {
	ix := mustIndex(t, recallReports)
	res, err := ix.Search(context.Background(), Query{Text: "道路"})
	if err != nil {
		t.Fatal(err)
	}
	// Count by hand over the reports that contain 道路.
	want := map[string]map[string]int{"kind": {}, "year": {}, "region": {}, "level": {}, "flag": {}, "deputy": {}, "status": {}}
	for _, r := range recallReports {
		if !containsFold(r.Text+"\n"+r.Title, "道路") {
			continue
		}
		want["kind"][string(r.Kind)]++
		if r.Year != nil {
			want["year"][strconv.Itoa(*r.Year)]++
		}
		want["region"][*r.Deputy.Region]++
		for _, l := range nonEmpty(r.Deputy.Levels) {
			want["level"][l]++
		}
		for _, f := range r.FlagCodes() {
			want["flag"][f]++
		}
		if r.Deputy.Name != nil {
			want["deputy"][*r.Deputy.Name]++
		}
		want["status"]["current"]++
	}
	if got := slices.Sorted(maps.Keys(res.Facets)); !slices.Equal(got, []string{"deputy", "flag", "kind", "level", "region", "status", "year"}) {
		t.Fatalf("facets %v", got)
	}
	for name, counts := range want {
		got := map[string]int{}
		for i, b := range res.Facets[name] {
			got[b.Term] = b.Count
			if i > 0 && b.Count > res.Facets[name][i-1].Count {
				t.Errorf("facet %s not largest first: %v", name, res.Facets[name])
			}
		}
		if !maps.Equal(got, counts) {
			t.Errorf("facet %s = %v, want %v", name, got, counts)
		}
	}
}

func TestResultJSON(t *testing.T) {
	r := report("a1", "<p>关于道路的建议</p>", 0)
	r.Title = "履职报告"
	ix := mustIndex(t, []*corpus.Report{r})
	res, err := ix.Search(context.Background(), Query{Text: "道路"})
	if err != nil {
		t.Fatal(err)
	}
	res.TookMS = 3
	res.Hits[0].Score = 1.5
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"total":1,"took_ms":3,"hits":[{"id":"a1","source":"reports/a1.txt","member":"","part":1,"kind":"duty_report","title":"履职报告","deputy":null,"region":null,"year":null,"score":1.5,"flags":[],"snippets":["\u0026lt;p\u0026gt;关于\u003cmark\u003e道路\u003c/mark\u003e的建议\u0026lt;/p\u0026gt;"]}],"facets":{"deputy":{},"flag":{},"kind":{"duty_report":1},"level":{},"region":{},"status":{"current":1},"year":{}},"unindexed":0}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}

	empty, err := ix.Search(context.Background(), Query{Text: "无此内容"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(empty)
	if !strings.Contains(string(b), `"hits":[]`) {
		t.Errorf("no hits must marshal as []: %s", b)
	}

	var back Result
	if err := json.Unmarshal([]byte(want), &back); err != nil {
		t.Fatal(err)
	}
	if back.Facets["kind"][0] != (Bucket{"duty_report", 1}) || back.Hits[0].Deputy != nil {
		t.Errorf("round trip: %+v", back)
	}
}

// TestHitFields: a hit names the region and the flag codes of its report
// (the flag badges of the web UI), one code or several.
func TestHitFields(t *testing.T) {
	region := "石门镇"
	one := report("a1", "关于道路的建议", 2020)
	one.Deputy.Region = &region
	one.Flags = []corpus.Flag{{Code: corpus.FlagPlaceholder, Severity: corpus.SeverityHigh}}
	two := report("a2", "关于道路的意见", 2021)
	two.Flags = []corpus.Flag{{Code: corpus.FlagPlaceholder}, {Code: corpus.FlagNoShortcomings}}
	none := report("a3", "道路", 2022)
	ix := mustIndex(t, []*corpus.Report{one, two, none})
	res, err := ix.Search(context.Background(), Query{Text: "道路", Sort: "year"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 3 {
		t.Fatalf("%d hits, want 3", len(res.Hits))
	}
	got := func(h Hit) string {
		r := "<nil>"
		if h.Region != nil {
			r = *h.Region
		}
		return h.ID + " " + r + " " + strings.Join(h.Flags, ",")
	}
	want := []string{"a1 石门镇 placeholder", "a2 <nil> placeholder,no_shortcomings", "a3 <nil> "}
	for i, h := range res.Hits {
		if got(h) != want[i] {
			t.Errorf("hit %d: %q, want %q", i, got(h), want[i])
		}
		if h.Flags == nil {
			t.Errorf("hit %d: nil flags", i)
		}
	}
}

func TestFacetJSONKeepsOrder(t *testing.T) {
	f := Facet{{"2019", 12}, {"2023", 7}, {`a"b`, 1}}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"2019":12,"2023":7,"a\"b":1}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := mustIndex(t, recallReports[:10])
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "道路"}); err == nil {
		t.Fatal("Search with a cancelled context succeeded")
	}
}

func ExampleIndex_Search() {
	dir, _ := osMkdirTemp()
	defer osRemoveAll(dir)
	ix, err := Open(dir, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	a := report("a", "本人围绕道路交通安全开展调研，提出建议3条。", 2023)
	b := report("b", "本人多次到代表联络站接待选民，反映交通出行不便的问题。", 2022)
	c := report("c", "本人参加食品安全视察2次。", 2023)
	if err := ix.Put(context.Background(), []*corpus.Report{a, b, c}); err != nil {
		fmt.Println(err)
		return
	}
	res, err := ix.Search(context.Background(), Query{Text: "交通 -食品"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("total:", res.Total)
	for _, h := range res.Hits {
		fmt.Println(h.ID, *h.Year, h.Snippets[0])
	}
	fmt.Println("years:", res.Facets["year"])
	// Output:
	// total: 2
	// b 2022 本人多次到代表联络站接待选民，反映<mark>交通</mark>出行不便的问题。
	// a 2023 本人围绕道路<mark>交通</mark>安全开展调研，提出建议3条。
	// years: [{2022 1} {2023 1}]
}

// TestConcurrentUse searches from several goroutines while another writes:
// bleve analyses on a shared pool, so the tokenizers must not share state.
func TestConcurrentUse(t *testing.T) {
	reports := genReports(12, 400, 300)
	ix := mustIndex(t, reports[:100])
	ctx := context.Background()
	errs := make(chan error, 8)
	done := make(chan struct{})
	for g := 0; g < 3; g++ {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := ix.Search(ctx, Query{Text: "道路 -积水", Size: 20}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 100; i < len(reports); i += 100 {
		if err := ix.Put(ctx, reports[i:i+100]); err != nil {
			t.Error(err)
		}
	}
	close(done)
	for g := 0; g < 3; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got := sorted(searchAll(t, ix, Query{Text: "道路"}))
	if want := expected(reports, "道路"); !slices.Equal(got, want) {
		t.Errorf("after concurrent writes: %d hits, want %d", len(got), len(want))
	}
}

// TestStatusFilter checks that earlier versions are found only when asked,
// and that reference material is found by default.
func TestStatusFilter(t *testing.T) {
	cur := report("c1", "关于道路硬化的建议", 2023)
	ref := report("r1", "关于道路硬化的建议（范文）", 0)
	ref.State = &corpus.State{Status: corpus.StatusReference}
	old := report("h1", "关于道路硬化的建议（旧稿）", 2023)
	old.State = &corpus.State{Status: corpus.StatusHistory, Reason: corpus.ReasonReplaced, By: "c1"}
	ix := mustIndex(t, []*corpus.Report{cur, ref, old})
	for _, tt := range []struct {
		status string
		want   []string
	}{
		{"", []string{"c1", "r1"}},
		{"all", []string{"c1", "h1", "r1"}},
		{"history", []string{"h1"}},
		{"reference", []string{"r1"}},
		{"current", []string{"c1"}},
	} {
		for _, text := range []string{"道路", ""} { // a search and a browse
			res, err := ix.Search(context.Background(), Query{Text: text, Status: tt.status})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("status %q, text %q: %v, want %v", tt.status, text, got, tt.want)
			}
		}
	}
	if _, err := ix.Search(context.Background(), Query{Status: "old"}); corpus.ErrorCode(err) != corpus.EINVALID {
		t.Errorf("unknown status: err = %v, want EINVALID", err)
	}
}

// TestTopTerms: the first k terms of a facet without a full sort are
// those of a full sort, for facets smaller and larger than k, with ties of
// counts and terms without a count.
func TestTopTerms(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 5, 20, 21, 200, 5000} {
		for _, k := range []int{1, 3, 20} {
			names := make([]string, n)
			counts := make([]uint32, n)
			var want Facet
			for i := range names {
				names[i] = fmt.Sprintf("t%05d", r.IntN(100000))
				counts[i] = uint32(r.IntN(5))
				if counts[i] > 0 {
					want = append(want, Bucket{names[i], int(counts[i])})
				}
			}
			want.sort()
			want = want[:min(k, len(want))]
			if got := topTerms(names, counts, k); !slices.Equal(got, want) {
				t.Fatalf("n %d k %d: %v, want %v", n, k, got, want)
			}
		}
	}
}
