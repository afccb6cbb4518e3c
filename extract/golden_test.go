package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"lvzhi/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares the full `extract --json` documents of every sample
// file with testdata/golden. The values a person checked are the hand labels
// (TestSampleLabels); the golden files pin everything else (evidence texts,
// offsets, statements, quantities) so that any change shows up in review.
// Run with -update after a deliberate change and read the diff.
func TestGolden(t *testing.T) {
	labels, docs := readSample(t)
	keys := make([]string, 0, len(labels))
	for k := range labels {
		if labels[k].Error == "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	seen := map[string]bool{}
	for _, key := range keys {
		var reports []corpus.Report
		for i := range docs[key] {
			d := docs[key][i]
			a := Analyze(&d)
			d.Source = filepath.ToSlash(strings.TrimPrefix(d.Source, sampleFiles+"/"))
			reports = append(reports, corpus.Report{Document: d, Analysis: a})
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(map[string]any{"documents": reports}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden", key)
		seen[key] = true
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test ./extract -run TestGolden -update)", key, err)
			continue
		}
		if !bytes.Equal(want, b.Bytes()) {
			t.Errorf("%s: output differs from %s at line %d", key, path, firstDiffLine(want, b.Bytes()))
		}
	}
	// No stale golden files.
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no sample file any more", f)
		}
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}
