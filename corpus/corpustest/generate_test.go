package corpustest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(7, 200), Generate(7, 200)
	if len(a) != 200 {
		t.Fatalf("got %d docs", len(a))
	}
	names := map[string]bool{}
	work, placeholders := 0, 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("doc %d differs between runs with the same seed", i)
		}
		if !utf8.ValidString(a[i].Text) || len(a[i].Text) < 500 {
			t.Errorf("doc %d: invalid or too short (%d bytes)", i, len(a[i].Text))
		}
		if names[a[i].Name] {
			t.Errorf("duplicate name %s", a[i].Name)
		}
		names[a[i].Name] = true
		if strings.Contains(a[i].Name, "工作报告") {
			work++
		}
		if strings.Contains(a[i].Text, "*") {
			placeholders++
		}
	}
	if work == 0 || placeholders == 0 {
		t.Errorf("the mix lacks work reports (%d) or placeholder reports (%d)", work, placeholders)
	}
	if c := Generate(8, 1)[0]; c == a[0] {
		t.Errorf("different seeds gave the same document")
	}
}
