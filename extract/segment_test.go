package extract

import (
	"reflect"
	"testing"
)

var testSeg = NewSegmenter()

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
	text := []byte(villageReport)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		testSeg.Words(text, func(int, int) { n++ })
	}
}
