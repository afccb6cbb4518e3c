package index

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func tok(term string, start, end, pos int, typ analysis.TokenType) *analysis.Token {
	return &analysis.Token{Term: []byte(term), Start: start, End: end, Position: pos, Type: typ}
}

func TestNgramTokenizer(t *testing.T) {
	const (
		S = analysis.Single
		D = analysis.Double
	)
	tests := []struct {
		name string
		in   string
		want analysis.TokenStream
	}{
		{"empty", "", analysis.TokenStream{}},
		{"one ideograph", "路", analysis.TokenStream{tok("路", 0, 3, 1, S)}},
		{"two ideographs", "道路", analysis.TokenStream{tok("道路", 0, 6, 1, D), tok("路", 3, 6, 2, S)}},
		{"run then punctuation then run", "道路交通，安全", analysis.TokenStream{
			tok("道路", 0, 6, 1, D), tok("路交", 3, 9, 2, D), tok("交通", 6, 12, 3, D), tok("通", 9, 12, 4, S),
			tok("，", 12, 15, 5, S),
			tok("安全", 15, 21, 6, D), tok("全", 18, 21, 7, S),
		}},
		{"digits and ideograph in one run", "2023年", analysis.TokenStream{
			tok("20", 0, 2, 1, D), tok("02", 1, 3, 2, D), tok("23", 2, 4, 3, D), tok("3年", 3, 7, 4, D), tok("年", 4, 7, 5, S),
		}},
		{"latin, space, single letter", "A1 b", analysis.TokenStream{
			tok("A1", 0, 2, 1, D), tok("1", 1, 2, 2, S), tok(" ", 2, 3, 3, S), tok("b", 3, 4, 4, S),
		}},
		{"single-character runs between separators", "、甲、乙。", analysis.TokenStream{
			tok("、", 0, 3, 1, S), tok("甲", 3, 6, 2, S), tok("、", 6, 9, 3, S), tok("乙", 9, 12, 4, S), tok("。", 12, 15, 5, S),
		}},
		{"placeholder stars", "**名", analysis.TokenStream{
			tok("*", 0, 1, 1, S), tok("*", 1, 2, 2, S), tok("名", 2, 5, 3, S),
		}},
		{"invalid byte is a separator", "\xff道", analysis.TokenStream{
			tok("\xff", 0, 1, 1, S), tok("道", 1, 4, 2, S),
		}},
		{"chinese zero is a number", "二〇二三", analysis.TokenStream{
			tok("二〇", 0, 6, 1, D), tok("〇二", 3, 9, 2, D), tok("二三", 6, 12, 3, D), tok("三", 9, 12, 4, S),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ngramTokenizer{}.Tokenize([]byte(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			}
		})
	}
}

// fakeSeg cuts text at the byte offsets given, emitting every piece; it
// stands in for gse to test the tokenizer's own logic.
type fakeSeg [][2]int

func (fakeSeg) Load() error { return nil }

func (f fakeSeg) Words(text []byte, emit func(start, end int)) {
	for _, w := range f {
		emit(w[0], w[1])
	}
}

func TestGSETokenizer(t *testing.T) {
	const (
		I = analysis.Ideographic
		N = analysis.Numeric
		A = analysis.AlphaNumeric
	)
	tests := []struct {
		name string
		seg  WordCutter
		in   string
		want analysis.TokenStream
	}{
		{"real gse with domain words", testSeg, "提出意见建议9条", analysis.TokenStream{
			tok("提出", 0, 6, 1, I), tok("意见建议", 6, 18, 2, I), tok("9", 18, 19, 3, N), tok("条", 19, 22, 4, I),
		}},
		{"real gse skips punctuation and spaces", testSeg, "改善交通条件。 Road", analysis.TokenStream{
			tok("改善", 0, 6, 1, I), tok("交通", 6, 12, 2, I), tok("条件", 12, 18, 3, I), tok("Road", 22, 26, 4, A),
		}},
		{"real gse on empty text", testSeg, "", analysis.TokenStream{}},
		{"bad spans from a segmenter are dropped", fakeSeg{{0, 3}, {2, 3}, {3, 3}, {3, 9}, {6, 12}, {9, 99}}, "道路交通", analysis.TokenStream{
			tok("道", 0, 3, 1, I), tok("路交", 3, 9, 2, I),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gseTokenizer{seg: tt.seg}.Tokenize([]byte(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestAnalyzersRegistered goes through bleve's registry the way an index
// does: a fresh cache builds each analyzer by name.
func TestAnalyzersRegistered(t *testing.T) {
	tests := []struct {
		name     string
		analyzer string
		in       string
		want     []string // terms
		wantPos  []int
	}{
		{"zh drops stop words, keeps positions", AnalyzerZH, "我们的人大代表", []string{"人大代表"}, []int{3}},
		{"zh lowercases", AnalyzerZH, "NPC代表", []string{"npc", "代表"}, []int{1, 2}},
		{"ngram lowercases", AnalyzerNgram, "AB道路", []string{"ab", "b道", "道路", "路"}, []int{1, 2, 3, 4}},
	}
	cache := registry.NewCache()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := cache.AnalyzerNamed(tt.analyzer)
			if err != nil {
				t.Fatal(err)
			}
			var terms []string
			var pos []int
			for _, tk := range a.Analyze([]byte(tt.in)) {
				terms = append(terms, string(tk.Term))
				pos = append(pos, tk.Position)
			}
			if !reflect.DeepEqual(terms, tt.want) || !reflect.DeepEqual(pos, tt.wantPos) {
				t.Errorf("Analyze(%q) = %q at %v, want %q at %v", tt.in, terms, pos, tt.want, tt.wantPos)
			}
		})
	}
}

func TestRegisterTwice(t *testing.T) {
	if err := Register(testSeg); err == nil {
		t.Fatal("second Register succeeded, want an error")
	}
	if err := Register(nil); err == nil {
		t.Fatal("Register(nil) succeeded, want an error")
	}
}

// checkStream asserts the invariants every tokenizer of ours keeps.
// consecutive requires positions 1..n without gaps.
func checkStream(t *testing.T, name string, in []byte, ts analysis.TokenStream, consecutive bool) {
	t.Helper()
	lastStart, lastPos := 0, 0
	for i, tk := range ts {
		if tk.Start < 0 || tk.Start >= tk.End || tk.End > len(in) {
			t.Fatalf("%s(%q): token %d has bad span [%d,%d)", name, in, i, tk.Start, tk.End)
		}
		if string(tk.Term) != string(in[tk.Start:tk.End]) {
			t.Fatalf("%s(%q): token %d term %q != input[%d:%d] %q", name, in, i, tk.Term, tk.Start, tk.End, in[tk.Start:tk.End])
		}
		if tk.Start < lastStart {
			t.Fatalf("%s(%q): token %d starts at %d before %d", name, in, i, tk.Start, lastStart)
		}
		if tk.Position <= lastPos || consecutive && tk.Position != lastPos+1 {
			t.Fatalf("%s(%q): token %d at position %d after %d", name, in, i, tk.Position, lastPos)
		}
		lastStart, lastPos = tk.Start, tk.Position
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "道路交通，安全", "2023年参加代表活动**次", "A1 b\n\n　第x届", "\xff\xfe道", "提出意见建议9条。"} {
		f.Add(s)
	}
	gse := gseTokenizer{seg: testSeg}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		checkStream(t, "gse", in, gse.Tokenize(in), true)
		ng := ngramTokenizer{}.Tokenize(in)
		checkStream(t, "ngram", in, ng, true)
		// One token per character, starting at it.
		if n := utf8.RuneCount(in); len(ng) != n {
			t.Fatalf("ngram(%q): %d tokens for %d characters", s, len(ng), n)
		}
		for _, tk := range ng {
			if want := utf8.RuneCount(in[:tk.Start]) + 1; tk.Position != want {
				t.Fatalf("ngram(%q): token %q at [%d,%d) has position %d, want %d", s, tk.Term, tk.Start, tk.End, tk.Position, want)
			}
		}
	})
}
