package ingest

import (
	"os"
	"path/filepath"
	"regexp/syntax"
	"strings"
	"testing"
)

func TestFirstLiterals(t *testing.T) {
	tests := []struct {
		pattern string
		want    string // literals joined by |, "" when there is no gate
	}{
		{`小编`, "小编"},
		{`^以下是.{0,30}整理`, "以下是"},
		{`(?:应当|应该|必须|要)[^。]{0,12}完善`, "完善"},
		{`(?:应当|应该|必须|要)[^。]{0,12}(?:完善|健全)`, "完善|健全"},
		{`[说表示][。：:]|”[^。]{0,8}说|表示[，,]`, "示|表|说|”|表示"},
		{`请(?:予|各位)?[^。]{0,16}(?:审议|评议)`, "审议|评议"},
		{`不(?:妥|当)之处`, "之处"},
		{`(?:主席团|常委会)+在`, "主席团|常委会"},
		{`.{4,40}的思考$`, "的思考"},
		{`(?:我)?叫`, "叫"},
		{`[^。]说`, "说"},
		{`.*`, ""},
		{`(?i)abc`, ""},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lits, ok := firstLiterals(re.Simplify())
		got := ""
		if ok {
			got = strings.Join(lits, "|")
		}
		if got != tt.want {
			t.Errorf("firstLiterals(%s) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// TestGatedMatchesAgree checks, on every line of the labelled pages and the
// extraction corpus, that a gated expression finds what its expression
// alone finds: the gate only skips lines that cannot match.
func TestGatedMatchesAgree(t *testing.T) {
	var files []string
	for _, glob := range []string{filepath.Join(pagesDir, "*.*"), filepath.Join("..", "extract", "testdata", "eval", "docs", "*")} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	gated := map[string]gatedRe{
		"preambleLine": preambleLine, "siteTail": siteTail, "docTitle": docTitle, "essayTitle": essayTitle,
		"reportAs": reportAs, "bodyOpens": bodyOpens, "closeThanks": closeThanks, "closeReview": closeReview,
		"closePlan": closePlan, "voiceFirst": voiceFirst, "voiceEssay": voiceEssay, "voiceNews": voiceNews,
		"voiceBody": voiceBody, "voiceCadre": voiceCadre, "voiceSite": voiceSite,
	}
	for name, g := range gated {
		// essayTitle runs on short title lines only; the others run on
		// every line and must be gated.
		if g.always && name != "essayTitle" {
			t.Errorf("%s has no literal gate: one of its lexicon rules starts with an optional part or a wildcard; start every rule with a word or a choice of words", name)
		}
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			n++
			for name, g := range gated {
				if got, want := g.count(l), len(g.re.FindAllStringIndex(l, -1)); got != want {
					t.Fatalf("%s on %q: %d matches gated, %d without the gate", name, l, got, want)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no lines read")
	}
}
