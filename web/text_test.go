package web

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	text := "我参加视察2次，提出建议**件。"
	// Byte offsets: 我参加 0-9, 视察 9-15, 2 15, 次 16-19, ， 19-22,
	// 提出建议 22-34, ** 34-36, 件 36-39, 。39-42.
	marks := []mark{
		{start: 9, end: 19, class: "ac", passage: -1},  // 视察2次
		{start: 22, end: 39, class: "sg", passage: -1}, // 提出建议**件
		{start: 34, end: 36, class: "ph", passage: -1}, // ** inside it
		{start: 0, end: 22, class: "cp", passage: 3, src: "abcd"},
		{start: 5, end: 3, class: "bad", passage: -1},   // reversed
		{start: 1, end: 9, class: "bad", passage: -1},   // not on a character boundary
		{start: 40, end: 99, class: "bad", passage: -1}, // past the end
	}
	got := segments(text, marks, []int{16})
	type seg struct {
		text, classes string
		passage       int
	}
	want := []seg{
		{"我参加", "cp", 3},
		{"视察2", "ac cp", 3},
		{"次", "ac cp", 3},
		{"，", "cp", 3},
		{"提出建议", "sg", -1},
		{"**", "ph sg", -1},
		{"件", "sg", -1},
		{"。", "", -1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d segments, want %d: %+v", len(got), len(want), got)
	}
	end := 0
	for i, s := range got {
		if s.start != end {
			t.Errorf("segment %d starts at %d, want %d (segments must tile the text)", i, s.start, end)
		}
		end = s.end
		g := seg{text[s.start:s.end], strings.Join(s.classes, " "), s.passage}
		if g != want[i] {
			t.Errorf("segment %d: %+v, want %+v", i, g, want[i])
		}
	}
	if end != len(text) {
		t.Errorf("segments end at %d of %d", end, len(text))
	}
}

func TestRenderText(t *testing.T) {
	text := "<b>甲</b>乙\n丙"
	out := string(renderText(text, []mark{{start: 3, end: 6, class: "dp", passage: -1}, {start: 10, end: 13, class: "cp", passage: 0, src: `a"b`}}, nil, 0))
	want := `<span data-o="0">&lt;b&gt;</span><span data-o="3" class="dp">甲</span><span data-o="6">&lt;/b&gt;</span>` +
		`<span data-o="10" class="cp focus" data-p="0" data-src="a&#34;b">乙</span><span data-o="13">` + "\n丙</span>"
	if out != want {
		t.Errorf("renderText:\n got %s\nwant %s", out, want)
	}
	// Whatever the marks, the text comes back whole.
	plain := html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(out, ""))
	if plain != text {
		t.Errorf("text not preserved: %q", plain)
	}
}

func TestSentence(t *testing.T) {
	text := "一年来，我参加视察2次。提出建议5件；其中3件已办结\n  二是联系选民不够。"
	tests := []struct {
		span, want string
	}{
		{"视察2次", "一年来，我参加视察2次。"},
		{"建议5件", "提出建议5件；"},
		{"3件已办结", "其中3件已办结"},
		{"联系选民", "二是联系选民不够。"},
		{"一年来，我参加视察2次。", "一年来，我参加视察2次。"},
	}
	for _, tt := range tests {
		s := strings.Index(text, tt.span)
		ss, se := sentence(text, s, s+len(tt.span))
		if got := text[ss:se]; got != tt.want {
			t.Errorf("sentence of %q: %q, want %q", tt.span, got, tt.want)
		}
	}
}

// FuzzSegments: whatever the spans, the segments tile the text on
// character boundaries and rendering keeps the text.
func FuzzSegments(f *testing.F) {
	f.Add("我参加视察2次，提出建议**件。", 9, 19, 22, 39, 34)
	f.Add("<a>", 0, 1, 1, 3, 2)
	f.Fuzz(func(t *testing.T, text string, a, b, c, d, e int) {
		marks := []mark{{start: a, end: b, class: "x", passage: -1}, {start: c, end: d, class: "y", passage: 1}, {start: e, end: b, class: "z", passage: -1}}
		end := 0
		for _, s := range segments(text, marks, []int{e, a}) {
			if s.start != end || s.end <= s.start || !runeStart(text, s.start) {
				t.Fatalf("bad segment %+v after %d in %q", s, end, text)
			}
			end = s.end
		}
		if end != len(text) {
			t.Fatalf("segments end at %d of %d", end, len(text))
		}
		out := string(renderText(text, marks, nil, 1))
		plain := html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(out, ""))
		if plain != strings.ToValidUTF8(text, "\uFFFD") && strings.ToValidUTF8(text, "\uFFFD") == text {
			t.Fatalf("text not preserved: %q vs %q", plain, text)
		}
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(out, "<span", ""), "</span>", ""), "<") {
			t.Fatalf("markup leaked: %s", out)
		}
	})
}
