package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lvzhi/ingest/ingesttest"
)

// benchText is a long duty report: the paragraphs of the fixture report
// repeated, about 70 KB.
func benchText(tb testing.TB) string {
	return strings.Repeat(string(fixture(tb, "report.txt")), 50)
}

func benchRead(b *testing.B, name string, data []byte) {
	src := NamedSource(name, "")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadBytes(src, data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadText(b *testing.B) {
	text := benchText(b)
	for _, enc := range []string{"utf-8", "gbk"} {
		b.Run(enc, func(b *testing.B) {
			data, err := ingesttest.Encode(text, enc)
			if err != nil {
				b.Fatal(err)
			}
			benchRead(b, "report.txt", data)
		})
	}
}

func BenchmarkReadDocx(b *testing.B) {
	var paras []string
	for range 40 {
		paras = append(paras, docxParas...)
	}
	benchRead(b, "report.docx", ingesttest.Docx(paras, ingesttest.DocxOptions{SplitRuns: 12}))
}

func BenchmarkReadHTML(b *testing.B) {
	page := strings.Replace(string(fixture(b, "page.html")), "<p>各位代表：</p>", "<p>各位代表：</p>"+strings.Repeat("<p>　　我认真履行代表职责，全年参加代表活动12次，提出意见建议5条，走访选民60余户。</p>\n", 300), 1)
	benchRead(b, "page.html", []byte(page))
}

func BenchmarkReadPDF(b *testing.B) {
	var pages [][]string
	for range 10 {
		pages = append(pages, pdfPages...)
	}
	benchRead(b, "report.pdf", ingesttest.PDF(pages, ingesttest.PDFOptions{Wrap: 24}))
}

func BenchmarkReadDoc(b *testing.B) {
	var paras []string
	for range 40 {
		paras = append(paras, docParas...)
	}
	b.Run("mixed", func(b *testing.B) { benchRead(b, "report.doc", ingesttest.Doc(paras, ingesttest.DocOptions{})) })
	// The reader alone, without cleaning, normalising and splitting.
	b.Run("reader-only", func(b *testing.B) {
		data := ingesttest.Doc(paras, ingesttest.DocOptions{})
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readDoc(unbudgeted(), data, ".doc"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("utf16", func(b *testing.B) {
		benchRead(b, "report.doc", ingesttest.Doc(paras, ingesttest.DocOptions{UTF16Only: true}))
	})
}

func BenchmarkReadRTF(b *testing.B) {
	var paras []string
	for range 40 {
		paras = append(paras, docParas...)
	}
	b.Run("gbk", func(b *testing.B) { benchRead(b, "report.rtf", ingesttest.RTF(paras, ingesttest.RTFOptions{})) })
	b.Run("reader-only", func(b *testing.B) {
		data := ingesttest.RTF(paras, ingesttest.RTFOptions{})
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readRTF(unbudgeted(), data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unicode", func(b *testing.B) {
		benchRead(b, "report.rtf", ingesttest.RTF(paras, ingesttest.RTFOptions{Unicode: true}))
	})
}

// BenchmarkReadEvalCorpus reads every file of the extraction corpus
// (extract/testdata/eval/docs: single reports of every kind, and a few
// compilations), as an office's batch would be read.
func BenchmarkReadEvalCorpus(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "extract", "testdata", "eval", "docs", "*"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no files (%v)", err)
	}
	var files [][]byte
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for k, data := range files {
			if _, err := ReadBytes(NamedSource(paths[k], ""), data, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReadPages reads the labelled compilation pages (testdata/pages).
func BenchmarkReadPages(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join(pagesDir, "[0-9]*[^n]"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no pages (%v)", err)
	}
	var files [][]byte
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for k, data := range files {
			if _, err := ReadBytes(NamedSource(paths[k], ""), data, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
