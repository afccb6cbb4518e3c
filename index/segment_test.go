package index

import (
	"reflect"
	"strings"
	"testing"
)

func TestSegmenterDomainWords(t *testing.T) {
	if err := testSeg.Load(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"认真听取并审议一府两院工作报告", []string{"认真", "听取", "并", "审议", "一府两院", "工作报告"}},
		{"闭会期间到代表联络站接待选民", []string{"闭会期间", "到", "代表联络站", "接待", "选民"}},
		{"提出意见建议9条", []string{"提出", "意见建议", "9", "条"}},
	}
	for _, tt := range tests {
		if got := testSeg.Cut(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Cut(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSegmenterOffsets(t *testing.T) {
	text := []byte("本人，于2021年当选为人大代表。 ")
	last := 0
	testSeg.Words(text, func(a, b int) {
		if a < last || b <= a || b > len(text) {
			t.Fatalf("bad span [%d,%d) after %d", a, b, last)
		}
		if !isWord(text[a:b]) {
			t.Errorf("punctuation emitted: %q", text[a:b])
		}
		last = b
	})
}

// BenchmarkSegmenterLoad measures loading gse's dictionary and ours, the
// fixed cost of every ingest.
func BenchmarkSegmenterLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := NewSegmenter()
		if err := s.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSegment measures gse's cut of report text (MB/s).
func BenchmarkSegment(b *testing.B) {
	if err := testSeg.Load(); err != nil {
		b.Fatal(err)
	}
	text := []byte(strings.Repeat(benchReport, 4))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		testSeg.Words(text, func(int, int) { n++ })
	}
}

// benchReport is a short duty report written for the segmentation
// benchmark.
const benchReport = `2021年度人大代表履职情况报告
本人张建华，2016年11月当选为云溪县第十七届人大代表，现任桐林村党支部书记。一年来，我认真履行代表职责，密切联系人民群众。
全年参加县人大常委会组织的专题调研3次、视察2次，提出建议5件，收集群众意见建议21条。
2021年4月12日，我参加了县人大组织的食品安全视察，实地察看了三家农贸市场。
存在的不足：学习还不够系统，对有关法律法规理解不深；联系选民的次数还不够多。
`
