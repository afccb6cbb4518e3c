package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseSource: any input either fails with an error naming the source,
// or gives a source whose output stays inside files/ (or is a zip member)
// and renders the same bytes twice.
func FuzzParseSource(f *testing.F) {
	f.Add("---\nout: a.txt\nformat: txt\nencoding: gbk\n---\n正文\n")
	f.Add("---\nout: ../../逃逸.txt\nformat: txt\nzip: 问题文件/可疑压缩包.zip\n---\nx")
	f.Add("---\nout: a.docx\nformat: docx\nsplitruns: 3\n---\n|a|b|\n作[[page]]为\n")
	f.Add("---\nout: a.pdf\nformat: pdf-gbk\nwrap: 5\n---\n一二三四五六\n[[page]]\n七\n")
	f.Fuzz(func(t *testing.T, data string) {
		s, err := parseSource("f.txt", data)
		if err != nil {
			return
		}
		if s.Zip == "" && !local(s.Out) || s.Zip != "" && !local(s.Zip) {
			t.Fatalf("accepted an output outside files/: %q in %q", s.Out, s.Zip)
		}
		if s.Wrap > 200 || s.Split > 200 || len(data) > 1<<16 {
			t.Skip() // pathological layout, slow and uninteresting
		}
		b1, err1 := renderOne(s)
		b2, err2 := renderOne(s)
		if (err1 == nil) != (err2 == nil) || !bytes.Equal(b1, b2) {
			t.Fatal("rendering is not deterministic")
		}
	})
}

// BenchmarkRenderCorpus renders the whole committed sample corpus.
func BenchmarkRenderCorpus(b *testing.B) {
	sources, err := loadSources(filepath.Join(root, "corpus/sample/src"))
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, s := range sources {
		fi, err := os.Stat(filepath.Join(root, "corpus/sample/src", s.File))
		if err != nil {
			b.Fatal(err)
		}
		n += fi.Size()
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render(sources); err != nil {
			b.Fatal(err)
		}
	}
}
