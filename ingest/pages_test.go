package ingest

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"lvzhi/corpus"
)

// The labelled compilation pages (testdata/pages, format in its README):
// each NN-slug.{txt,md,html} with NN-slug.parts.json listing the first line
// of every document the page holds. TestPages reads each page as Read does,
// compares the documents found with the labels and fails when a score falls
// below its floor in testdata/pages/floors.json. With -v it prints the table
// and every miss with the splitter's evidence there:
//
//	go test ./ingest -run TestPages -v
//	go test ./ingest -run TestPages -v -trace-pages   # every candidate weighed

const pagesDir = "testdata/pages"

var tracePages = flag.Bool("trace-pages", false, "TestPages: print every candidate boundary weighed, with its evidence")

// pageLabel is one NN-slug.parts.json.
type pageLabel struct {
	Source string `json:"source"`
	Parts  []struct {
		First string `json:"first"`
		Kind  string `json:"kind"`
	} `json:"parts"`
	Notes string `json:"notes"`
}

// pageScore is the score of one page, or of several summed.
type pageScore struct {
	name                string
	tp, fp, fn          int // boundaries: predicted and labelled part starts after the first
	docsRight, docs     int // labelled parts whose start and end both match a predicted part
	predicted, labelled int // parts
	misses              []string
}

func (s *pageScore) add(o pageScore) {
	s.tp += o.tp
	s.fp += o.fp
	s.fn += o.fn
	s.docsRight += o.docsRight
	s.docs += o.docs
	s.predicted += o.predicted
	s.labelled += o.labelled
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s pageScore) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s pageScore) recall() float64    { return ratio(s.tp, s.tp+s.fn) }
func (s pageScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
func (s pageScore) docsShare() float64 { return ratio(s.docsRight, s.docs) }

// pageFloors are the minimum scores (floors.json). "all" covers every page,
// "heldout" the pages numbered 51 and up (written by an author who saw
// neither the splitter nor the other pages). Floors only rise.
type pageFloors map[string]struct {
	BoundaryPrecision float64 `json:"boundary_precision"`
	BoundaryRecall    float64 `json:"boundary_recall"`
	BoundaryF1        float64 `json:"boundary_f1"`
	DocumentsRight    float64 `json:"documents_right"`
}

func TestPages(t *testing.T) {
	labels, err := filepath.Glob(filepath.Join(pagesDir, "*.parts.json"))
	if err != nil || len(labels) == 0 {
		t.Fatalf("no labelled pages in %s (%v)", pagesDir, err)
	}
	sort.Strings(labels)
	groups := map[string]*pageScore{"all": {name: "all"}, "heldout": {name: "heldout"}}
	var rows []pageScore
	for _, l := range labels {
		s, err := scorePage(l)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		rows = append(rows, s)
		groups["all"].add(s)
		if heldOut(s.name) {
			groups["heldout"].add(s)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-44s %5s %5s %5s %7s %7s %6s\n", "page", "parts", "found", "P", "R", "F1", "docs")
	line := func(s pageScore) {
		fmt.Fprintf(&b, "%-44s %5d %5d %5.3f %7.3f %7.3f %2d/%-3d\n", s.name, s.labelled, s.predicted, s.precision(), s.recall(), s.f1(), s.docsRight, s.docs)
	}
	for _, s := range rows {
		line(s)
	}
	line(*groups["all"])
	if groups["heldout"].labelled > 0 {
		line(*groups["heldout"])
	}
	for _, s := range rows {
		for _, m := range s.misses {
			fmt.Fprintf(&b, "%s: %s\n", s.name, m)
		}
	}
	t.Log("\n" + b.String())

	data, err := os.ReadFile(filepath.Join(pagesDir, "floors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var floors pageFloors
	if err := json.Unmarshal(data, &floors); err != nil {
		t.Fatalf("floors.json: %v", err)
	}
	for name, f := range floors {
		s, ok := groups[name]
		if !ok {
			t.Errorf("floors.json: unknown group %q", name)
			continue
		}
		if s.labelled == 0 {
			continue
		}
		check := func(what string, got, floor float64) {
			// Scores are compared at three decimals, as printed.
			if math.Round(got*1000) < math.Round(floor*1000) {
				t.Errorf("%s %s = %.3f, below its floor %.3f", name, what, got, floor)
			}
		}
		check("boundary precision", s.precision(), f.BoundaryPrecision)
		check("boundary recall", s.recall(), f.BoundaryRecall)
		check("boundary F1", s.f1(), f.BoundaryF1)
		check("documents right", s.docsShare(), f.DocumentsRight)
	}
}

// heldOut reports whether a page is one of the held-out set (51 and up).
func heldOut(name string) bool {
	return len(name) >= 2 && name[:2] >= "51"
}

// scorePage reads one page as Read does and scores its parts against the
// labels. A label whose first line is not in the text read is an error of
// the label (or of the reader), not a miss.
func scorePage(labelPath string) (pageScore, error) {
	var lab pageLabel
	data, err := os.ReadFile(labelPath)
	if err != nil {
		return pageScore{}, err
	}
	if err := json.Unmarshal(data, &lab); err != nil {
		return pageScore{}, fmt.Errorf("%s: %v", labelPath, err)
	}
	name := strings.TrimSuffix(filepath.Base(labelPath), ".parts.json")
	path := filepath.Join(pagesDir, lab.Source)
	if lab.Source == "" || !strings.HasPrefix(lab.Source, name+".") {
		return pageScore{}, fmt.Errorf("%s: source %q does not match the label's name", labelPath, lab.Source)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return pageScore{}, err
	}
	f, err := ReadBytes(NamedSource(path, ""), raw, Options{})
	if err != nil {
		return pageScore{}, err
	}
	// The lines of the page, as the reader left them, and where each part
	// it found starts. Splitting never drops or reorders a line, so the
	// parts' lines in order are the page's.
	var lines []string
	var starts []int
	for _, d := range f.Docs {
		starts = append(starts, len(lines))
		for _, l := range strings.Split(d.Text, "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
	}
	markdown := f.Format == FormatMD
	// Each label's line in the text read. A label whose line the reader
	// does not give: for part 1, the page's title dropped with the page's
	// chrome (part 1 starts at the first line anyway); for a list of
	// related links in a web page (kind other, headed 相关文章, 猜你喜欢…),
	// stripped by the reader as chrome (SPEC §1): dropped from the labels,
	// and said so; for anything else, a part lost: a missed boundary.
	var want []int
	var notes []string
	lost := 0
	afterLost := map[int]bool{} // labelled parts followed by a lost one
	from := 0
	for k, p := range lab.Parts {
		first := labelLine(p.First, markdown)
		at := -1
		for i := from; i < len(lines); i++ {
			if lines[i] == first || strings.HasPrefix(lines[i], first) {
				at = i
				break
			}
		}
		switch {
		case at < 0 && k == 0:
			at = 0
			notes = append(notes, fmt.Sprintf("part 1's first line %q is not in the text read; part 1 starts at %q", p.First, lines[0]))
		case at < 0 && p.Kind == "other" && f.Format == FormatHTML && relatedMarker.MatchString(first):
			notes = append(notes, fmt.Sprintf("part %d (%q, a list of related links) is not in the text read: stripped as chrome", k+1, p.First))
			continue
		case at < 0:
			lost++
			if len(want) > 0 {
				afterLost[want[len(want)-1]] = true
			}
			notes = append(notes, fmt.Sprintf("missed cut  part %d (%q, %s) is not in the text read after line %d", k+1, p.First, p.Kind, from+1))
			continue
		case k == 0 && at != 0:
			return pageScore{}, fmt.Errorf("%s: part 1 starts at line %d, not at the page's first line %q", labelPath, at+1, lines[0])
		}
		want = append(want, at)
		from = at + 1
	}
	// The splitter's evidence at each line, for the misses.
	why := map[int]string{}
	var all []string
	if x, err := extractText(unbudgeted(), &File{}, NamedSource(path, ""), raw); err == nil {
		cleaned, _ := textLines(unbudgeted(), x)
		nonBlank := make([]int, len(cleaned))
		for i, n := 0, 0; i < len(cleaned); i++ {
			nonBlank[i] = n
			if cleaned[i] != "" {
				n++
			}
		}
		splitTraced(cleaned, func(i int, score float64, ev string) {
			w := fmt.Sprintf("score %.1f: %s", score, ev)
			why[nonBlank[i]] = w
			if *tracePages {
				all = append(all, fmt.Sprintf("%s %s", w, lineContext(lines, nonBlank[i])))
			}
		})
	}
	s := pageScore{name: name, predicted: len(starts), labelled: len(want) + lost, docs: len(want) + lost, fn: lost, misses: append(notes, all...)}
	explain := func(i int) string {
		if w, ok := why[i]; ok {
			return " — " + w
		}
		return " — not a candidate"
	}
	predicted := map[int]bool{}
	for _, i := range starts[1:] {
		predicted[i] = true
	}
	labelled := map[int]bool{}
	for _, i := range want[1:] {
		labelled[i] = true
	}
	for _, i := range starts[1:] {
		if labelled[i] {
			s.tp++
		} else {
			s.fp++
			s.misses = append(s.misses, "false cut   "+lineContext(lines, i)+explain(i))
		}
	}
	for _, i := range want[1:] {
		if !predicted[i] {
			s.fn++
			s.misses = append(s.misses, "missed cut  "+lineContext(lines, i)+explain(i))
		}
	}
	// A labelled part is split out right when a predicted part starts where
	// it starts and ends where it ends.
	ends := func(st []int) map[[2]int]bool {
		m := map[[2]int]bool{}
		for k, a := range st {
			b := len(lines)
			if k+1 < len(st) {
				b = st[k+1]
			}
			m[[2]int{a, b}] = true
		}
		return m
	}
	got := ends(starts)
	for span := range ends(want) {
		if got[span] && !afterLost[span[0]] {
			s.docsRight++
		}
	}
	return s, nil
}

// labelLine is a label's first line as the reader gives it: markdown
// markup gone, normalised, indentation and runs of spaces tidied.
func labelLine(first string, markdown bool) string {
	if markdown {
		if l, ok := mdLine(first); ok {
			first = l
		}
	}
	return tidyLine(corpus.NormalizeText(strings.TrimSpace(first)))
}

// lineContext shows line i with the line before it, shortened.
func lineContext(lines []string, i int) string {
	short := func(s string) string {
		if utf8.RuneCountInString(s) > 36 {
			return string([]rune(s)[:36]) + "…"
		}
		return s
	}
	prev := ""
	if i > 0 {
		prev = short(lines[i-1])
	}
	return fmt.Sprintf("line %d %q (after %q)", i+1, short(lines[i]), prev)
}

// TestEvalDocsParts reads every file of the extraction corpus
// (extract/testdata/eval) and checks that it yields as many documents as
// its label holds: a single report must never be cut, a compilation must
// be cut as labelled.
func TestEvalDocsParts(t *testing.T) {
	dir := filepath.Join("..", "extract", "testdata", "eval")
	docs, err := filepath.Glob(filepath.Join(dir, "docs", "*"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no documents in %s (%v)", dir, err)
	}
	for _, path := range docs {
		base := filepath.Base(path)
		data, err := os.ReadFile(filepath.Join(dir, "expected", strings.TrimSuffix(base, filepath.Ext(base))+".json"))
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		var label struct {
			Documents []json.RawMessage `json:"documents"`
		}
		if err := json.Unmarshal(data, &label); err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReadBytes(NamedSource(path, ""), raw, Options{})
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if len(f.Docs) != len(label.Documents) {
			var firsts []string
			for _, d := range f.Docs {
				first, _, _ := strings.Cut(d.Text, "\n")
				firsts = append(firsts, first)
			}
			t.Errorf("%s: %d parts, labelled %d; parts start at %q", base, len(f.Docs), len(label.Documents), firsts)
		}
	}
}
