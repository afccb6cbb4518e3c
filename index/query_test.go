package index

import (
	"reflect"
	"slices"
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

// dict is queryBuilder.dict over an in-memory field.
func (p postings) dict(_, prefix string, limit int) ([]string, bool, error) {
	var terms []string
	for t := range p {
		if strings.HasPrefix(t, prefix) {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	if len(terms) > limit {
		return nil, false, nil
	}
	return terms, true, nil
}

// eval evaluates the queries substring builds over one in-memory field.
func eval(t *testing.T, q query.Query, f postings) bool {
	phrase := func(slots [][]string) bool {
		for start := 1; start <= 1+maxPos(f); start++ {
			ok := true
			for i, alts := range slots {
				if isOpen(alts) {
					continue
				}
				found := false
				for _, term := range alts {
					found = found || f[term][start+i]
				}
				if !found {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return len(f[q.Term]) > 0
	case *query.PrefixQuery:
		for term, pos := range f {
			if strings.HasPrefix(term, q.Prefix) && len(pos) > 0 {
				return true
			}
		}
		return false
	case *query.PhraseQuery:
		slots := make([][]string, len(q.Terms))
		for i, term := range q.Terms {
			slots[i] = []string{term}
		}
		return phrase(slots)
	case *query.MultiPhraseQuery:
		return phrase(q.Terms)
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !eval(t, c, f) {
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

func maxPos(f postings) int {
	m := 0
	for _, pos := range f {
		for p := range pos {
			m = max(m, p)
		}
	}
	return m
}

func ngramAnalyzer(tb testing.TB) analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(AnalyzerNgram)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// substringMatches reports whether the substring query for q matches doc,
// evaluated in memory over doc's n-gram field; limit bounds expansions.
func substringMatches(t *testing.T, a analysis.Analyzer, doc, q string, limit int) bool {
	f := analyze(a, doc)
	qb := queryBuilder{ngram: a, dict: func(field, prefix string, _ int) ([]string, bool, error) {
		return f.dict(field, prefix, limit)
	}}
	sq, err := qb.substring(q, fieldNgram)
	if err != nil {
		t.Fatal(err)
	}
	return eval(t, sq, f)
}

func TestSubstringQuery(t *testing.T) {
	a := ngramAnalyzer(t)
	const doc = "加强道路交通安全管理，规范2023年道路秩序。NPC代表 走访选民**户、甲、乙，大道，小路"
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
		{"道，", true},  // 道 ends 大道
		{"加，", false}, // 加 starts a run, never before a comma
		{"，小", true},  // 小 starts 小路
		{"，路", false}, // 路 never starts a run after a comma
		{"，大道，", true},
		{"乙，大", true},
		{"甲、乙，大道", true},
		{"管理，", true},
		{"理，", true},
		{"，规", true},
		{"，规范2", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			if got := strings.Contains(strings.ToLower(doc), strings.ToLower(tt.q)); got != tt.want {
				t.Fatalf("bad test case: strings.Contains = %v", got)
			}
			if got := substringMatches(t, a, doc, tt.q, maxExpansion); got != tt.want {
				t.Errorf("substring(%q) matches %v, want %v", tt.q, got, tt.want)
			}
			// With expansion impossible, the fallback still finds it.
			if got := substringMatches(t, a, doc, tt.q, 0); tt.want && !got {
				t.Errorf("substring(%q) without expansion misses it", tt.q)
			}
		})
	}
}

// FuzzSubstringQuery checks the recall promise without an index: the
// query for q matches a document exactly when q is a substring of it.
func FuzzSubstringQuery(f *testing.F) {
	f.Add("加强道路交通安全管理，规范道路秩序。", "道路交通")
	f.Add("走访选民**户、甲、乙", "**户、")
	f.Add("第x届 20xx年", "x届 2")
	f.Add("大道，小路", "道，小")
	a := ngramAnalyzer(f)
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
		if got := substringMatches(t, a, doc, q, maxExpansion); got != contains {
			t.Fatalf("query %q matches %v, strings.Contains says %v, document %q", q, got, contains, doc)
		}
		if got := substringMatches(t, a, doc, q, 0); contains && !got {
			t.Fatalf("query %q without expansion misses document %q", q, doc)
		}
	})
}
