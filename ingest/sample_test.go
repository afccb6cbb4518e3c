package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleCorpus reads the bundled sample corpus (corpus/sample) and
// checks the documents found in every file against its hand labels: how
// many, and their titles. Files without documents in the labels must fail
// with a clear reason.
func TestSampleCorpus(t *testing.T) {
	root := filepath.Join("..", "corpus", "sample", "files")
	labelFiles, _ := filepath.Glob(filepath.Join("..", "corpus", "sample", "labels", "*.json"))
	if _, err := os.Stat(root); err != nil || len(labelFiles) == 0 {
		t.Skip("no sample corpus")
	}
	type label struct {
		Part  int    `json:"part"`
		Title string `json:"title"`
	}
	labels := map[string][]label{}
	for _, p := range labelFiles {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var l struct {
			Out       string  `json:"out"`
			Documents []label `json:"documents"`
		}
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		labels[l.Out] = l.Documents
	}
	seen := 0
	err := Walk(context.Background(), []string{root}, Options{}, func(src Source, err error) error {
		key := filepath.ToSlash(strings.TrimPrefix(src.Path, root+string(filepath.Separator)))
		if src.Member != "" {
			key = src.Member
		}
		want, labelled := labels[key]
		var f *File
		if err == nil {
			f, err = Read(src, Options{})
		}
		if err != nil {
			var fe *FileError
			if labelled && len(want) > 0 || !errors.As(err, &fe) {
				t.Errorf("%s: %v", src, err)
			}
			return nil
		}
		if !labelled {
			return nil // a file the labels do not cover (yet)
		}
		seen++
		checkFile(t, src, f)
		var got, wantTitles []string
		for _, d := range f.Docs {
			got = append(got, d.Title)
		}
		for _, d := range want {
			wantTitles = append(wantTitles, d.Title)
		}
		if strings.Join(got, "|") != strings.Join(wantTitles, "|") {
			t.Errorf("%s: titles\n%q\nwant\n%q", src, got, wantTitles)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Errorf("no labelled file read")
	}
}
