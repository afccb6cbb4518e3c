package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"lvzhi/corpus/sample"
)

// TestSampleCorpus reads the bundled sample corpus (corpus/sample) and
// checks the documents found in every file against its hand labels: how
// many, and their titles. Files without documents in the labels must fail
// with a clear reason.
func TestSampleCorpus(t *testing.T) {
	root := filepath.Join("..", "corpus", "sample", "files")
	list, err := sample.ReadLabels(filepath.Join("..", "corpus", "sample", "labels"))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string][]sample.LabelDoc{}
	for _, l := range list {
		labels[l.Out] = l.Documents
	}
	seen := 0
	err = Walk(context.Background(), []string{root}, Options{}, func(src Source, err error) error {
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
