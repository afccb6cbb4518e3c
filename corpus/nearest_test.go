package corpus

import "testing"

func TestNearest(t *testing.T) {
	opts := []string{"year", "region", "deputy", "kind", "status", "min_severity", "limit"}
	for _, tt := range []struct{ word, want string }{
		{"yaer", "year"},     // a swap is one edit
		{"YEAR", "year"},     // case ignored
		{"regoin", "region"}, // swap
		{"dep", "deputy"},    // a prefix of three
		{"limt", "limit"},    // a dropped letter
		{"min_severty", "min_severity"},
		{"x", ""},      // too short to guess
		{"colour", ""}, // nothing close
		{"kindx", "kind"},
	} {
		if got := Nearest(tt.word, opts); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"yaer", "year", 1}, {"kitten", "sitting", 3}, {"履职报告", "履职情况报告", 2}} {
		if d := EditDistance(tt.a, tt.b); d != tt.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}
