package index

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []slot
	}{
		{"empty", "", nil},
		{"only spaces", "  \u3000 ", nil},
		{"two terms", "道路 交通", []slot{{alts: []string{"道路"}}, {alts: []string{"交通"}}}},
		{"ideographic space separates", "道路\u3000交通", []slot{{alts: []string{"道路"}}, {alts: []string{"交通"}}}},
		{"quoted phrase keeps its space", `"人大 代表" 建议`, []slot{{alts: []string{"人大 代表"}}, {alts: []string{"建议"}}}},
		{"chinese quotes", "“人大 代表”", []slot{{alts: []string{"人大 代表"}}}},
		{"unterminated quote runs to the end", `"人大 代表`, []slot{{alts: []string{"人大 代表"}}}},
		{"exclusion", "道路 -范文", []slot{{alts: []string{"道路"}}, {alts: []string{"范文"}, neg: true}}},
		{"full-width minus excludes", "－范文", []slot{{alts: []string{"范文"}, neg: true}}},
		{"lone minus is ignored", "道路 - 交通", []slot{{alts: []string{"道路"}}, {alts: []string{"交通"}}}},
		{"minus inside a term is literal", "2020-2023", []slot{{alts: []string{"2020-2023"}}}},
		{"alternatives", "道路|交通 安全", []slot{{alts: []string{"道路", "交通"}}, {alts: []string{"安全"}}}},
		{"full-width bar", "道路｜交通", []slot{{alts: []string{"道路", "交通"}}}},
		{"quoted alternative", `"人大 代表"|代表`, []slot{{alts: []string{"人大 代表", "代表"}}}},
		{"excluded alternatives", "-范文|小编", []slot{{alts: []string{"范文", "小编"}, neg: true}}},
		{"empty alternatives dropped", "|道路||", []slot{{alts: []string{"道路"}}}},
		{"normalised: full-width digits", "２０２３年", []slot{{alts: []string{"2023年"}}}},
		{"normalised: ascii comma next to Chinese", "道路,交通", []slot{{alts: []string{"道路，交通"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// postings is an in-memory inverted field: term → positions. It lets the
// substring queries be checked against strings.Contains without an index.
type postings map[string]map[int]bool

func analyze(a analysis.Analyzer, text string) postings {
	p := postings{}
	for _, tk := range a.Analyze([]byte(text)) {
		t := string(tk.Term)
		if p[t] == nil {
			p[t] = map[int]bool{}
		}
		p[t][tk.Position] = true
	}
	return p
}

// eval evaluates the queries substring builds over one document's fields.
func eval(t *testing.T, q query.Query, fields map[string]postings) bool {
	switch q := q.(type) {
	case *query.TermQuery:
		return len(fields[q.FieldVal][q.Term]) > 0
	case *query.PhraseQuery:
		f := fields[q.FieldVal]
		for start := range f[q.Terms[0]] {
			ok := true
			for i, term := range q.Terms {
				if term != "" && !f[term][start+i] {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !eval(t, c, fields) {
				return false
			}
		}
		return true
	case *query.MatchNoneQuery:
		return false
	}
	t.Fatalf("unexpected query %T", q)
	return false
}

func ngramAnalyzer(tb testing.TB) analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(AnalyzerNgram)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// substringMatches reports whether the substring query for q matches doc,
// evaluated in memory over doc's n-gram and unigram fields.
func substringMatches(t *testing.T, qb queryBuilder, uni analysis.Analyzer, doc, q string) bool {
	fields := map[string]postings{fieldNgram: analyze(qb.ngram, doc), fieldUnigram: analyze(uni, doc)}
	return eval(t, qb.substring(q, fieldNgram, fieldUnigram), fields)
}

func TestSubstringQuery(t *testing.T) {
	qb := queryBuilder{ngram: ngramAnalyzer(t)}
	uni, err := registry.NewCache().AnalyzerNamed(AnalyzerUnigram)
	if err != nil {
		t.Fatal(err)
	}
	const doc = "加强道路交通安全管理，规范2023年道路秩序。NPC代表 走访选民**户、甲、乙"
	tests := []struct {
		q    string
		want bool
	}{
		{"道路", true},
		{"路交", true},
		{"交通安", true},
		{"道路交通安全管理", true},
		{"安全管理规范", false}, // crosses the comma
		{"管理，规范", true},
		{"管理。规范", false},
		{"2023年", true},
		{"3年道", true},
		{"npc", true}, // case-insensitive
		{"NPC代表", true},
		{"代表 走访", true},
		{"代表走访", false},
		{"代表  走访", false},
		{"**", true},
		{"***", false},
		{"民**户", true},
		{"、甲、", true},
		{"甲", true},
		{"丙", false},
		{"序。N", true},
		{"路", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := substringMatches(t, qb, uni, doc, tt.q); got != tt.want {
				t.Errorf("substring(%q) matches %v, want %v", tt.q, got, tt.want)
			}
			if got := strings.Contains(strings.ToLower(doc), strings.ToLower(tt.q)); got != tt.want {
				t.Fatalf("bad test case: strings.Contains = %v", got)
			}
		})
	}
}

// FuzzSubstringQuery checks the recall promise without an index: whenever
// the query is a substring of the document the query matches, and for a
// query without separators it matches only then.
func FuzzSubstringQuery(f *testing.F) {
	f.Add("加强道路交通安全管理，规范道路秩序。", "道路交通")
	f.Add("走访选民**户、甲、乙", "**户、")
	f.Add("第x届 20xx年", "x届 2")
	f.Add("大道，小路", "道，小")
	qb := queryBuilder{ngram: ngramAnalyzer(f)}
	uni, err := registry.NewCache().AnalyzerNamed(AnalyzerUnigram)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc, q string) {
		if q == "" || !utf8.ValidString(doc) || !utf8.ValidString(q) || len(doc) > 2000 || len(q) > 100 {
			t.Skip()
		}
		// The index compares lowercased text; keep to letters whose
		// lowercase has the same length, as normalised text does.
		if foldCase(doc) != strings.ToLower(doc) || foldCase(q) != strings.ToLower(q) {
			t.Skip()
		}
		contains := strings.Contains(strings.ToLower(doc), strings.ToLower(q))
		got := substringMatches(t, qb, uni, doc, q)
		if contains && !got {
			t.Fatalf("query %q misses document %q that contains it", q, doc)
		}
		if !contains && got && !strings.ContainsFunc(q, isSeparator) {
			t.Fatalf("query %q matches document %q that does not contain it", q, doc)
		}
	})
}
