package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"plain chinese unchanged", "本人积极履行代表职责。", "本人积极履行代表职责。"},
		{"full-width digits", "提出建议１２条", "提出建议12条"},
		{"full-width percent and letters", "办结率达９６％，ＧＤＰ增长", "办结率达96%，GDP增长"},
		{"full-width symbols", "１＋９＋Ｎ模式，＊＊条，２０＿＿年", "1+9+N模式，**条，20__年"},
		{"full-width minus slash hash at", "－３／４＃Ａ＠ｂ", "-3/4#A@b"},
		{"chinese punctuation stays", "一是，二是：三是；好！吗？（一）", "一是，二是：三是；好！吗？（一）"},
		{"only-chinese marks untouched", "《代表法》、“两个确立”…。①②", "《代表法》、“两个确立”…。①②"},
		{"full-width period becomes ascii", "１．加强学习", "1.加强学习"},
		{"ascii comma between han", "学习,提高", "学习，提高"},
		{"ascii comma after han before digit", "共3条,5次", "共3条，5次"},
		{"thousands separator stays", "投入1,000万元", "投入1,000万元"},
		{"clock time stays", "上午10:30召开", "上午10:30召开"},
		{"colon after han", "联系电话:123", "联系电话：123"},
		{"semicolon question exclamation", "一是学习;二是调研?好!", "一是学习；二是调研？好！"},
		{"parenthesised enumerator", "(一)加强学习", "（一）加强学习"},
		{"parentheses around digits after han", "报告(2023)", "报告（2023）"},
		{"parentheses around latin inside han", "总值(GDP)增长", "总值（GDP）增长"},
		{"latin parentheses stay", "f(x) = y, z", "f(x) = y, z"},
		{"mixed pair is matched", "（2023)", "（2023）"},
		{"mixed pair other way", "(2023）", "（2023）"},
		{"cascading marks", "好,(a)", "好，（a）"},
		{"url colon stays", "网址:http://example.com", "网址：http://example.com"},
		{"nbsp and ideographic space", "姓名\u00a0张三\u3000男", "姓名 张三 男"},
		{"odd spaces", "a\u2003b\u202fc", "a b c"},
		{"zero-width removed", "人\u200b大\u200d代\ufeff表\u00ad", "人大代表"},
		{"small form variants", "学习﹐调研﹔好﹗", "学习，调研；好！"},
		{"invalid utf-8 replaced", "代表\xff\xfe活动", "代表\ufffd\ufffd活动"},
		{"newline ends a paren pair", "(一\n)", "（一\n)"},
		{"ascii only untouched", "Hello, world: (ok)!", "Hello, world: (ok)!"},
		{"placeholder brackets", "［］与□", "[]与□"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeText(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := NormalizeText(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestNormalizeRune(t *testing.T) {
	tests := []struct {
		in, want rune
	}{
		{'a', 'a'}, {'０', '0'}, {'Ｚ', 'Z'}, {'～', '~'}, {'＂', '"'},
		{'，', '，'}, {'（', '（'}, {'。', '。'}, {'、', '、'},
		{'\u3000', ' '}, {'\u200b', -1}, {'﹙', '（'}, {'中', '中'},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			if got := NormalizeRune(tt.in); got != tt.want {
				t.Errorf("NormalizeRune(%U) = %U, want %U", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "学习,提高", "(一)加强", "好,(a)", "（2023)", "1,000", "１２％", "a\u200bb",
		"\xff\xfe", "((((中))))", "(,(,(,中", "中)", ",,,,中", "（(（(", "中\n(", "﹙a﹚",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeText(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q: %q", s, got)
		}
		if again := NormalizeText(got); again != got {
			t.Fatalf("not idempotent for %q: %q → %q", s, got, again)
		}
		if strings.Count(got, "\n") != strings.Count(s, "\n") {
			t.Fatalf("line count changed for %q: %q", s, got)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	para := "本人被选举担任市第十六届人大代表以来,积极参加各类代表活动２３次(其中视察５次),提出意见建议１２条,办结率达９６％。\n"
	text := strings.Repeat(para, 200)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		NormalizeText(text)
	}
}
