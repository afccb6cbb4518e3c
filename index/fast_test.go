package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lvzhi/corpus"
)

// TestColumnsAgreeWithBleve checks the column search against bleve's own
// collector (searchBleve) over generated reports, some of them earlier
// versions or reference material, some replaced and some deleted (so that
// the index has several segments and deleted documents), scanned in one
// part and in several: the same total,
// the same hits in the same order on every page, the same facet counts.
func TestColumnsAgreeWithBleve(t *testing.T) {
	reports := genReports(21, 900, 600)
	statuses := []corpus.Status{corpus.StatusCurrent, corpus.StatusReference, corpus.StatusHistory}
	for i, r := range reports {
		if i%5 == 0 {
			r.State = &corpus.State{Status: statuses[i%3]}
		}
	}
	ix := mustIndex(t, reports)
	ctx := context.Background()
	// Replace and delete some, in separate batches (new segments).
	if err := ix.Put(ctx, genReports(22, 40, 600)); err != nil {
		t.Fatal(err)
	}
	var gone []string
	for i := 100; i < 900; i += 37 {
		gone = append(gone, reports[i].ID)
	}
	if err := ix.Delete(ctx, gone); err != nil {
		t.Fatal(err)
	}

	texts := []string{"", "代表", "建议", "道路交通", "灯", "殡葬", "路灯|积水 -2023年", "-代表", "代表 -建议", "宁海县殡葬", "关于加强石门镇", "没有这个词"}
	filters := []Query{
		{}, {Year: 2021}, {YearFrom: 2020, YearTo: 2022}, {YearTo: 2019}, {Kind: "duty_report"},
		{Region: "江宁区", Level: "镇"}, {Deputy: "赵丽"}, {Flag: corpus.FlagPlaceholder},
		{Status: "all"}, {Status: "history"}, {Status: "reference"}, {Region: "没有"},
	}
	sorts := []string{"", "relevance", "year", "-year"}
	pages := [][2]int{{0, 10}, {5, 7}, {0, 1000}}
	n := 0
	defer func(m uint64) { minPartDocs = m }(minPartDocs)
	for _, minPartDocs = range []uint64{minPartDocs, 100} { // one part, then several
		for _, text := range texts {
			for fi, f := range filters {
				for si, s := range sorts {
					for _, pg := range pages {
						if (fi+si+len(text))%3 != 0 && pg[1] == 1000 {
							continue // big pages on a third of the cases
						}
						q := f
						q.Text, q.Sort, q.From, q.Size = text, s, pg[0], pg[1]
						got, ok, err := ix.searchColumns(ctx, q, q.Size)
						if !ok || err != nil {
							t.Fatalf("%+v: ok %v, %v", q, ok, err)
						}
						want, err := ix.searchBleve(ctx, q, q.Size)
						if err != nil {
							t.Fatal(err)
						}
						compareResults(t, fmt.Sprintf("%+v", q), got, want)
						n++
					}
				}
			}
		}
	}
	t.Logf("%d queries compared", n)
}

func compareResults(t *testing.T, name string, got, want *Result) {
	t.Helper()
	if got.Total != want.Total {
		t.Fatalf("%s: total %d, bleve %d", name, got.Total, want.Total)
	}
	ids := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	if g, w := ids(got), ids(want); !slices.Equal(g, w) {
		t.Fatalf("%s: hits\n%v\nbleve\n%v", name, g, w)
	}
	for i := range got.Hits {
		g, w := got.Hits[i], want.Hits[i]
		g.Score, w.Score = 0, 0
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		if string(gj) != string(wj) {
			t.Fatalf("%s: hit %d\n%s\nbleve\n%s", name, i, gj, wj)
		}
	}
	for _, f := range facetFields {
		if g, w := fmt.Sprint(got.Facets[f.name]), fmt.Sprint(want.Facets[f.name]); g != w {
			t.Fatalf("%s: facet %s %s, bleve %s", name, f.name, g, w)
		}
	}
}

// TestWordScanScoresExact: a one-word query read by searchWord scores every
// document exactly as bleve's searcher tree does (not only in the same
// order), on an index with several segments and deleted documents; and
// the shapes it does not handle are left to the tree.
func TestWordScanScoresExact(t *testing.T) {
	ix := mustIndex(t, genReports(31, 400, 600))
	ctx := context.Background()
	if err := ix.Put(ctx, genReports(32, 30, 600)); err != nil {
		t.Fatal(err)
	}
	qb := queryBuilder{ngram: ix.bi.Mapping().AnalyzerNamed(AnalyzerNgram), dict: ix.dictPrefix}
	// Two characters make one n-gram term; longer words are phrases.
	for _, w := range []string{"代表", "建议", "道路", "殡葬", "赵丽", "垚鑫", "道路交通", "石门镇", "殡葬改革", "宁海县殡葬", "关于加强石门镇", "代表代表", "2023年", "没有这个词"} {
		if _, ok := qb.wordPlanOf(w); !ok {
			t.Errorf("%s: no word plan", w)
			continue
		}
		q := Query{Text: w, Size: 1000}
		got, ok, err := ix.searchColumns(ctx, q, q.Size)
		if !ok || err != nil {
			t.Fatalf("%s: ok %v, %v", w, ok, err)
		}
		want, err := ix.searchBleve(ctx, q, q.Size)
		if err != nil {
			t.Fatal(err)
		}
		compareResults(t, w, got, want)
		for i := range got.Hits {
			if got.Hits[i].Score != want.Hits[i].Score {
				t.Fatalf("%s: hit %d scored %v, bleve %v", w, i, got.Hits[i].Score, want.Hits[i].Score)
			}
		}
	}
	for _, other := range []string{"代表|建议", "-代表", "代表 -建议", "灯", "代表 灯", "\"人大 代表\"", "道路，交通"} {
		if _, ok := qb.wordPlanOf(other); ok {
			t.Errorf("%q: a word plan for a query it does not fit", other)
		}
	}
}

// TestMultiWordScores: several words read by searchWord find exactly what
// bleve finds (totals, hit sets, facets) and score each document as the
// sum of its words' scores under one query norm, as bleve's conjunction
// does — except that bleve's conjunction now and then drops the bonus of
// a word that is a whole gse term of the document: every document scored
// differently must be scored higher here, must hold one of the words as a
// term of the text or the title, and there must be few of them.
func TestMultiWordScores(t *testing.T) {
	ix := mustIndex(t, genReports(31, 400, 600))
	ctx := context.Background()
	if err := ix.Put(ctx, genReports(32, 30, 600)); err != nil {
		t.Fatal(err)
	}
	qb := queryBuilder{ngram: ix.bi.Mapping().AnalyzerNamed(AnalyzerNgram), dict: ix.dictPrefix}
	hasWord := func(id string, words []string) bool {
		for _, w := range words {
			for _, f := range []string{fieldText, fieldTitle} {
				tq := query.NewTermQuery(w)
				tq.SetField(f)
				res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequest(query.NewConjunctionQuery([]query.Query{tq, query.NewDocIDQuery([]string{id})})))
				if err != nil {
					t.Fatal(err)
				}
				if res.Total > 0 {
					return true
				}
			}
		}
		return false
	}
	differ, hits := 0, 0
	defer func(m uint64) { minPartDocs = m }(minPartDocs)
	for _, minPartDocs = range []uint64{minPartDocs, 50} { // one part, then several
		for _, text := range []string{"代表 建议", "道路交通 代表", "殡葬 宁海县殡葬 代表", "建议 没有这个词", "石门镇 2021年"} {
			if _, ok := qb.wordPlanOf(text); !ok {
				t.Fatalf("%s: no plan", text)
			}
			q := Query{Text: text, Size: 1000}
			got, ok, err := ix.searchColumns(ctx, q, q.Size)
			if !ok || err != nil {
				t.Fatalf("%s: ok %v, %v", text, ok, err)
			}
			want, err := ix.searchBleve(ctx, q, q.Size)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%s: total %d (%d hits), bleve %d (%d)", text, got.Total, len(got.Hits), want.Total, len(want.Hits))
			}
			for _, f := range facetFields {
				if g, w := fmt.Sprint(got.Facets[f.name]), fmt.Sprint(want.Facets[f.name]); g != w {
					t.Fatalf("%s: facet %s %s, bleve %s", text, f.name, g, w)
				}
			}
			scores := map[string]float64{}
			for _, h := range want.Hits {
				scores[h.ID] = h.Score
			}
			for _, h := range got.Hits {
				b, ok := scores[h.ID]
				switch {
				case !ok:
					t.Fatalf("%s: %s found, not by bleve", text, h.ID)
				case b != h.Score:
					differ++
					if h.Score < b || !hasWord(h.ID, strings.Fields(text)) {
						t.Errorf("%s: %s scored %v, bleve %v, and the document does not hold a word's bonus", text, h.ID, h.Score, b)
					}
				}
				hits++
			}
		}
	}
	if differ*100 > hits {
		t.Errorf("%d of %d hits scored unlike bleve: more than 1 %%", differ, hits)
	}
	t.Logf("%d of %d hits scored unlike bleve (a word's bonus bleve dropped)", differ, hits)
}
