package lexicon

import (
	"errors"
	"path"
	"strings"
	"testing"
)

// TestLoadEveryFile parses every embedded data file on its own (the package
// has already loaded them at init, or the test binary would have panicked)
// and checks that each category holds something and each rule compiles.
func TestLoadEveryFile(t *testing.T) {
	names, err := files.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no data files embedded")
	}
	for _, n := range names {
		src, err := files.ReadFile(path.Join("data", n.Name()))
		if err != nil {
			t.Fatal(err)
		}
		entries, err := Parse(n.Name(), string(src))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if len(entries) == 0 {
			t.Errorf("%s: no entries", n.Name())
		}
		for _, e := range entries {
			if e.File != n.Name() || e.Line < 1 || !strings.HasPrefix(e.Category, strings.TrimSuffix(n.Name(), ".txt")+".") {
				t.Errorf("%s: entry %q has position %s and category %q", n.Name(), e.Name, e.Pos(), e.Category)
			}
		}
	}
	for _, c := range Categories() {
		if len(Category(c)) == 0 {
			t.Errorf("category %s is empty", c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"entry before category", "# header\n小编\n", 2, "before any [category]"},
		{"unclosed category", "[voice\n小编\n", 1, "closing ]"},
		{"bad category name", "[Voice]\n小编\n", 1, "category name"},
		{"duplicate category", "[a]\nx\n[b]\ny\n[a]\nz\n", 5, "already begins at line 1"},
		{"empty category", "[a]\nx\n[b]\n# nothing\n", 3, "is empty"},
		{"duplicate word", "[a]\n小编\n欢迎阅读\n小编\n", 4, "already listed at line 2"},
		{"duplicate rule", "[a]\nre x 甲\nre x 乙\n", 3, "already listed at line 2"},
		{"bad regexp", "[a]\n\nre broken 以下是(整理\n", 3, `rule "broken"`},
		{"unnamed capture", "[a]\nre cap (甲|乙)丙\n", 2, "named group"},
		{"rule without pattern", "[a]\nre lonely\n", 2, "no pattern"},
		{"bad rule name", "[a]\nre 名字 甲\n", 2, "rule name"},
		{"word with a space", "[a]\n欢迎 阅读\n", 2, "holds a space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("test.txt", tt.src)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != "test.txt" || pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("err = %v, want test.txt:%d: …%s…", err, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "test.txt:") {
				t.Errorf("message %q does not start with the file and line", err)
			}
		})
	}
}

func TestParse(t *testing.T) {
	src := "# a comment\n\n[voice]   # the site's voice\n小编\n欢迎阅读  # a trailing comment\n" +
		"re preamble\t以下是(?P<who>小编|本站)整理的\n[related-heading]\n相关文章\n"
	entries, err := Parse("site.txt", src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Category+"/"+e.Name+"@"+e.Pos())
	}
	want := []string{"site.voice/小编@site.txt:4", "site.voice/欢迎阅读@site.txt:5", "site.voice/preamble@site.txt:6", "site.related-heading/相关文章@site.txt:8"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("entries %q, want %q", got, want)
	}
	if re := entries[2].Re; re == nil || re.SubexpIndex("who") != 1 || !re.MatchString("以下是本站整理的") {
		t.Errorf("rule preamble = %v", re)
	}
	if p := entries[1].Pattern(); p != "欢迎阅读" {
		t.Errorf("word pattern %q", p)
	}
}

func TestLookups(t *testing.T) {
	if w := Words("site.voice"); len(w) == 0 || w[0] != "小编" {
		t.Errorf("Words(site.voice) = %q", w)
	}
	if re := Rule("site.voice", "preamble"); !re.MatchString("以下是小编为大家整理的人大代表述职报告") {
		t.Errorf("site.voice/preamble does not match the site's preamble")
	}
	alt := Alternation("site.related")
	if !strings.HasPrefix(alt, "(?:猜你感兴趣|") || !strings.Contains(alt, "看了") {
		t.Errorf("Alternation(site.related) = %s: want the longest words first, then the rules", alt)
	}
	for _, bad := range []func(){
		func() { Category("site.nothing") },
		func() { Rule("site.voice", "nothing") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("an unknown name did not panic")
				}
			}()
			bad()
		}()
	}
}
