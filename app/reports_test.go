package app

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"lvzhi/corpus"
	"lvzhi/corpus/corpustest"
)

// TestNearIdentical measures the shingle similarity that decides whether
// two documents of one deputy and year are versions of one report, on
// generated reports: corrected resubmissions (numbers and a sentence
// changed), the same report laid out as a PDF would give it (lines wrapped,
// page numbers, a header), and pairs of different reports, which share the
// generator's stock phrases and template paragraphs as real reports share
// theirs. Every version must be above nearIdentical and every different
// pair below, with a margin.
func TestNearIdentical(t *testing.T) {
	docs := corpustest.Generate(7, 400)
	r := rand.New(rand.NewPCG(1, 2))
	minVersion, maxOther := 1.0, 0.0
	for i, d := range docs[:200] {
		base := shingles(d.Text)
		for _, v := range []string{corrected(r, d.Text), laidOut(d.Text)} {
			j := jaccard(base, shingles(v))
			minVersion = min(minVersion, j)
		}
		other := docs[200+i]
		maxOther = max(maxOther, jaccard(base, shingles(other.Text)))
	}
	t.Logf("versions: min Jaccard %.3f; different reports: max %.3f; threshold %.2f", minVersion, maxOther, nearIdentical)
	if minVersion < nearIdentical+0.05 {
		t.Errorf("a version scores %.3f, too close to the threshold %.2f", minVersion, nearIdentical)
	}
	if maxOther > nearIdentical-0.04 {
		t.Errorf("two different reports score %.3f, too close to the threshold %.2f", maxOther, nearIdentical)
	}
}

// corrected changes three numbers and replaces one sentence, as an office
// correcting a report before resubmitting it would.
func corrected(r *rand.Rand, text string) string {
	rs := []rune(text)
	changed := 0
	for i := range rs {
		if rs[i] >= '1' && rs[i] <= '8' && r.IntN(3) == 0 {
			rs[i]++
			if changed++; changed == 3 {
				break
			}
		}
	}
	s := string(rs)
	sentences := strings.SplitAfter(s, "。")
	k := r.IntN(len(sentences))
	sentences[k] = "经核实，上述数字以县人大常委会代表工作室的登记为准，特此更正。"
	return strings.Join(sentences, "")
}

// laidOut is text as a PDF's text layer gives it: wrapped every 36
// characters, with a header and a page number every 40 lines.
func laidOut(text string) string {
	var b strings.Builder
	line, lines, page := 0, 0, 1
	b.WriteString("云溪县人大常委会代表工作室\n")
	for _, ch := range text {
		if ch == '\n' {
			continue
		}
		b.WriteRune(ch)
		if line++; line == 36 {
			b.WriteByte('\n')
			line = 0
			if lines++; lines%40 == 0 {
				page++
				fmt.Fprintf(&b, "第%d页\n", page)
			}
		}
	}
	return b.String()
}

func TestDeputyKey(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name string
		d    corpus.Deputy
		want string
	}{
		{"name and seat", corpus.Deputy{Name: s("周德明"), Region: s("云溪县"), Levels: []string{"县"}}, "周德明|云溪县|县"},
		{"levels in any order", corpus.Deputy{Name: s("孙雅琴"), Levels: []string{"镇", "市"}}, "孙雅琴||市、镇"},
		{"no name", corpus.Deputy{Region: s("云溪县")}, ""},
		{"masked", corpus.Deputy{Name: s("王某某")}, ""},
		{"stars", corpus.Deputy{Name: s("***")}, ""},
		{"xx", corpus.Deputy{Name: s("张XX")}, ""},
	}
	for _, tt := range tests {
		if got := DeputyKey(tt.d); got != tt.want {
			t.Errorf("%s: DeputyKey = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestShinglesShortText(t *testing.T) {
	a, b := shingles("道路"), shingles("道路")
	if jaccard(a, b) != 1 {
		t.Errorf("two equal short texts: Jaccard %v", jaccard(a, b))
	}
	if jaccard(shingles(""), shingles("")) != 0 {
		t.Error("two empty texts must not be near-identical")
	}
	if n := utf8.RuneCountInString("道路"); n >= shingleLen {
		t.Fatal("test text too long")
	}
}
