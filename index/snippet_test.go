package index

import (
	"html"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

func TestSnippets(t *testing.T) {
	long := strings.Repeat("甲", 100) + "道路" + strings.Repeat("乙", 100)
	tests := []struct {
		name  string
		text  string
		terms []string
		want  []string
	}{
		{"empty text", "", []string{"道路"}, []string{}},
		{"browse shows the first line", "第一段文字\n第二段", nil, []string{"第一段文字"}},
		{"browse cuts at 100 characters", strings.Repeat("字", 150), nil, []string{strings.Repeat("字", 100) + "…"}},
		{"escaped and marked", "<b>道路</b>&", []string{"道路"}, []string{"&lt;b&gt;<mark>道路</mark>&lt;/b&gt;&amp;"}},
		{"case-insensitive, original case kept", "NPC代表", []string{"npc"}, []string{"<mark>NPC</mark>代表"}},
		{"overlapping terms marked once", "道路交通", []string{"道路", "路交"}, []string{"<mark>道路交</mark>通"}},
		{"every occurrence in a fragment is marked", "道路和道路", []string{"道路"}, []string{"<mark>道路</mark>和<mark>道路</mark>"}},
		{"window in a long line", long, []string{"道路"}, []string{"…" + strings.Repeat("甲", 30) + "<mark>道路</mark>" + strings.Repeat("乙", 58) + "…"}},
		{"match near the end of a line takes context before", strings.Repeat("甲", 100) + "道路", []string{"道路"}, []string{"…" + strings.Repeat("甲", 88) + "<mark>道路</mark>"}},
		{"fragments stay within their line", "前一行\n这一行有道路\n后一行", []string{"道路"}, []string{"这一行有<mark>道路</mark>"}},
		{"first occurrence of each term first", "道路1\n道路2\n道路3\n交通", []string{"道路", "交通"}, []string{"<mark>道路</mark>1", "<mark>道路</mark>2", "<mark>交通</mark>"}},
		{"at most three", "甲\n甲\n甲\n甲\n甲", []string{"甲"}, []string{"<mark>甲</mark>", "<mark>甲</mark>", "<mark>甲</mark>"}},
		{"term not in text shows the opening", "正文开头\n其余", []string{"标题里的词"}, []string{"正文开头"}},
		{"invalid UTF-8 is replaced", "\xff道路", []string{"道路"}, []string{"\uFFFD<mark>道路</mark>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippets(tt.text, tt.terms)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("snippets(%q, %q)\n got %q\nwant %q", tt.text, tt.terms, got, tt.want)
			}
		})
	}
}

func FuzzSnippets(f *testing.F) {
	f.Add("本人围绕道路交通安全开展调研\n提出建议<3>条&", "道路", "交通")
	f.Add(strings.Repeat("道路交通，", 60), "路交", "")
	f.Add("NPC代表…", "npc", "…")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		// Stored text and normalised queries are valid UTF-8.
		if !utf8.ValidString(text) || !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		got := snippets(text, []string{a, b})
		if got == nil || len(got) > maxSnippets {
			t.Fatalf("%d snippets", len(got))
		}
		for _, s := range got {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
			plain := strings.ReplaceAll(strings.ReplaceAll(s, "<mark>", ""), "</mark>", "")
			if strings.ContainsAny(plain, "<>") {
				t.Fatalf("unescaped markup in %q", s)
			}
			if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") {
				t.Fatalf("unbalanced marks in %q", s)
			}
			core := strings.TrimSuffix(strings.TrimPrefix(html.UnescapeString(plain), "…"), "…")
			if !strings.Contains(text, core) && !strings.Contains(text, html.UnescapeString(plain)) {
				t.Fatalf("snippet %q is not from the text %q", s, text)
			}
			if n := utf8.RuneCountInString(core); n > 3*snippetLen+2 {
				t.Fatalf("snippet of %d characters", n)
			}
		}
	})
}

// TestFoldCase: folding lowers ASCII and other letters whose lower case
// has the same length, leaves everything else, and returns text with
// nothing to fold as it is.
func TestFoldCase(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"人大代表述职报告":           "人大代表述职报告",
		"GDP增长8%":            "gdp增长8%",
		"参加XX镇调研，ΑΒΓ与Straße": "参加xx镇调研，αβγ与straße",
		"末尾Z":                "末尾z",
	} {
		if got := foldCase(in); got != want {
			t.Errorf("foldCase(%q) = %q, want %q", in, got, want)
		}
	}
	s := "全部是汉字，没有字母。"
	if got := foldCase(s); unsafe.StringData(got) != unsafe.StringData(s) {
		t.Error("text with nothing to fold was copied")
	}
}
