package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const root = "../.."

// TestCorpusUpToDate renders the committed sources and compares the result
// byte for byte with the committed files, so the two never drift.
func TestCorpusUpToDate(t *testing.T) {
	sources, err := loadSources(filepath.Join(root, "corpus/sample/src"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := render(sources)
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := compare(filepath.Join(root, "corpus/sample/files"), files)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Errorf("corpus/sample/files: %s (run go run ./cmd/mksample)", d)
	}
}

// TestCorpusLabels checks every source's hand label against the rules that
// can be checked mechanically.
func TestCorpusLabels(t *testing.T) {
	sources, err := loadSources(filepath.Join(root, "corpus/sample/src"))
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range checkLabels(filepath.Join(root, "corpus/sample/labels"), sources) {
		t.Error(err)
	}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		name, data string
		want       *Source // nil: an error containing wantErr
		wantErr    string
	}{
		{
			name: "full header with comments",
			data: "---\nout: 2023/清河镇/张建华.txt\nformat: txt   # txt | md\nencoding: GBK\nzip: 2022年第二批.zip\nzipnames: gbk\nnewline: crlf\n---\n正文\n",
			want: &Source{Out: "2023/清河镇/张建华.txt", Format: "txt", Encoding: "gbk", Zip: "2022年第二批.zip", GBKNames: true, CRLF: true, Body: "正文\n"},
		},
		{
			name: "default encoding is utf-8",
			data: "---\nout: a.md\nformat: md\n---\n# 标题\n",
			want: &Source{Out: "a.md", Format: "md", Encoding: "utf-8", Body: "# 标题\n"},
		},
		{
			name: "docx options",
			data: "---\nout: a.docx\nformat: docx\ntitle: 述职报告\nauthor: 王某某\nsplitruns: 5\n---\n",
			want: &Source{Out: "a.docx", Format: "docx", Title: "述职报告", Author: "王某某", Split: 5},
		},
		{
			name: "rtf defaults to gbk",
			data: "---\nout: a.rtf\nformat: rtf\ntitle: 述职报告\n---\n正文\n",
			want: &Source{Out: "a.rtf", Format: "rtf", Encoding: "gbk", Title: "述职报告", Body: "正文\n"},
		},
		{
			name: "hostile zip member name is allowed",
			data: "---\nout: ../../逃逸.txt\nformat: txt\nzip: 问题文件/可疑压缩包.zip\n---\nx",
			want: &Source{Out: "../../逃逸.txt", Format: "txt", Encoding: "utf-8", Zip: "问题文件/可疑压缩包.zip", Body: "x"},
		},
		{name: "no header", data: "正文", wantErr: "header"},
		{name: "unclosed header", data: "---\nout: a.txt\n", wantErr: "closing"},
		{name: "unknown key", data: "---\nout: a.txt\nformat: txt\nencodng: gbk\n---\n", wantErr: `unknown key "encodng"`},
		{name: "unknown format", data: "---\nout: a.odt\nformat: odt\n---\n", wantErr: "unknown format"},
		{name: "rtf encoding", data: "---\nout: a.rtf\nformat: rtf\nencoding: utf-16le\n---\n", wantErr: "want gbk or unicode"},
		{name: "doc takes no encoding", data: "---\nout: a.doc\nformat: doc\nencoding: gbk\n---\n", wantErr: "takes no encoding"},
		{name: "no out", data: "---\nformat: txt\n---\n", wantErr: "no out"},
		{name: "encoding on docx", data: "---\nout: a.docx\nformat: docx\nencoding: gbk\n---\n", wantErr: "takes no encoding"},
		{name: "unknown encoding", data: "---\nout: a.txt\nformat: txt\nencoding: big5\n---\n", wantErr: "unknown encoding"},
		{name: "out escapes files/", data: "---\nout: ../a.txt\nformat: txt\n---\n", wantErr: "inside files/"},
		{name: "absolute out", data: "---\nout: /tmp/a.txt\nformat: txt\n---\n", wantErr: "inside files/"},
		{name: "zip outside files/", data: "---\nout: a.txt\nformat: txt\nzip: ../b.zip\n---\n", wantErr: "zip"},
		{name: "zipnames without zip", data: "---\nout: a.txt\nformat: txt\nzipnames: gbk\n---\n", wantErr: "zipnames without zip"},
		{name: "duplicate key", data: "---\nout: a.txt\nout: b.txt\nformat: txt\n---\n", wantErr: "twice"},
		{name: "bad wrap", data: "---\nout: a.pdf\nformat: pdf\nwrap: many\n---\n", wantErr: "wrap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSource("x.txt", tt.data)
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "x.txt: ") {
					t.Errorf("error %q does not name the source", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.want.File = "x.txt"
			if *got != *tt.want {
				t.Errorf("got  %+v\nwant %+v", *got, *tt.want)
			}
		})
	}
}

func mustParse(t *testing.T, header, body string) *Source {
	t.Helper()
	s, err := parseSource("t.txt", "---\n"+header+"\n---\n"+body)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRenderText(t *testing.T) {
	s := mustParse(t, "out: a.txt\nformat: txt\nencoding: gbk\nnewline: crlf", "各位选民：\n提出建议１２件。\n")
	b, err := renderOne(s)
	if err != nil {
		t.Fatal(err)
	}
	// 各 B8F7 位 CEBB 选 D1A1 民 C3F1 ： A3BA, then CR LF.
	if !bytes.HasPrefix(b, []byte{0xB8, 0xF7, 0xCE, 0xBB, 0xD1, 0xA1, 0xC3, 0xF1, 0xA3, 0xBA, '\r', '\n'}) {
		t.Errorf("starts % X", b[:12])
	}
	back, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if string(back) != "各位选民：\r\n提出建议１２件。\r\n" {
		t.Errorf("decoded %q", back)
	}

	// A character GBK lacks is an error naming the source.
	s = mustParse(t, "out: a.txt\nformat: txt\nencoding: gbk", "咬𬌗")
	if _, err := renderOne(s); err == nil || !strings.HasPrefix(err.Error(), "t.txt:") {
		t.Errorf("err = %v, want an error naming t.txt", err)
	}
}

func TestRenderBinaryFormats(t *testing.T) {
	body := "述职报告\n始终把群众的事作[[page]]为自己的事。\n|时间|活动|\n[[page]]\n第二页"
	tests := []struct {
		format string
		check  func(t *testing.T, b []byte)
	}{
		{"docx", func(t *testing.T, b []byte) {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				if f.Name == "word/document.xml" {
					return
				}
			}
			t.Error("no word/document.xml")
		}},
		{"pdf", func(t *testing.T, b []byte) {
			r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if r.NumPage() != 2 {
				t.Errorf("%d pages, want 2", r.NumPage())
			}
			text, err := r.Page(2).GetPlainText(nil)
			if err != nil || text != "\n第二页" {
				t.Errorf("page 2 = %q, %v", text, err)
			}
		}},
		{"pdf-gbk", func(t *testing.T, b []byte) {
			if !bytes.Contains(b, []byte("/GBK-EUC-H")) || !bytes.Contains(b, []byte("<B5DAB6FED2B3>")) { // 第二页 in GBK
				t.Error("no GBK text layer")
			}
		}},
		{"empty", func(t *testing.T, b []byte) {
			if len(b) != 0 {
				t.Errorf("%d bytes", len(b))
			}
		}},
		{"binary", func(t *testing.T, b []byte) {
			if utf8.Valid(b) || !bytes.Contains(b, []byte{0}) {
				t.Error("binary junk is valid UTF-8 or has no NUL")
			}
		}},
		{"docx-truncated", func(t *testing.T, b []byte) {
			if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
				t.Error("does not start like a zip")
			}
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
				t.Error("a truncated docx opens as a zip")
			}
		}},
		{"pdf-image", func(t *testing.T, b []byte) {
			r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= r.NumPage(); i++ {
				if s, _ := r.Page(i).GetPlainText(nil); s != "" {
					t.Errorf("page %d has text %q", i, s)
				}
			}
		}},
		{"doc-ole2", func(t *testing.T, b []byte) {
			if !bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) || len(b) != 8192 {
				t.Errorf("no OLE2 magic or %d bytes", len(b))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			s := mustParse(t, "out: a.bin\nformat: "+tt.format, body)
			b, err := renderOne(s)
			if err != nil {
				t.Fatal(err)
			}
			b2, _ := renderOne(s)
			if !bytes.Equal(b, b2) {
				t.Error("not deterministic")
			}
			tt.check(t, b)
		})
	}
}

func TestRenderZip(t *testing.T) {
	sources := []*Source{
		mustParse(t, "out: 2022/石门镇/李某-述职.txt\nformat: txt\nzip: 批次.zip\nzipnames: gbk", "甲"),
		mustParse(t, "out: 说明.txt\nformat: txt\nzip: 批次.zip", "乙"),
		mustParse(t, "out: 其他/单独.txt\nformat: txt", "丙"),
	}
	files, err := render(sources)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || string(files["其他/单独.txt"]) != "丙" {
		t.Fatalf("files %v", keys(files))
	}
	b := files["批次.zip"]
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		name := f.Name
		if f.Flags&0x800 == 0 && !utf8.ValidString(name) {
			name, _ = simplifiedchinese.GBK.NewDecoder().String(name)
			name = "gbk:" + name
		}
		names = append(names, name)
	}
	if got, want := strings.Join(names, ","), "gbk:2022/石门镇/李某-述职.txt,说明.txt"; got != want {
		t.Errorf("members %s, want %s", got, want)
	}
}

func TestRenderClash(t *testing.T) {
	tests := []struct {
		name    string
		sources []*Source
		wantErr string
	}{
		{"same file", []*Source{
			mustParse(t, "out: a.txt\nformat: txt", "1"),
			mustParse(t, "out: a.txt\nformat: md", "2"),
		}, "already made"},
		{"same member", []*Source{
			mustParse(t, "out: a.txt\nformat: txt\nzip: z.zip", "1"),
			mustParse(t, "out: a.txt\nformat: txt\nzip: z.zip", "2"),
		}, "already made"},
		{"file and zip", []*Source{
			mustParse(t, "out: z.zip\nformat: txt", "1"),
			mustParse(t, "out: a.txt\nformat: txt\nzip: z.zip", "2"),
		}, "both a file"},
		{"file and directory", []*Source{
			mustParse(t, "out: a\nformat: txt", "1"),
			mustParse(t, "out: a/b.txt\nformat: txt", "2"),
		}, "also a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := render(tt.sources)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "旧/过时.txt")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"2023/a.txt": []byte("甲"), "b.zip": []byte("PK")}
	written, removed, err := write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if written != 2 || removed != 1 {
		t.Errorf("written %d removed %d, want 2 and 1", written, removed)
	}
	if _, err := os.Stat(filepath.Dir(stale)); !os.IsNotExist(err) {
		t.Errorf("empty directory left behind: %v", err)
	}
	diffs, err := compare(dir, files)
	if err != nil || len(diffs) != 0 {
		t.Errorf("after write: %v, %v", diffs, err)
	}
	written, removed, err = write(dir, files)
	if err != nil || written != 0 || removed != 0 {
		t.Errorf("second write: written %d removed %d, %v; want nothing to do", written, removed, err)
	}
	files["2023/a.txt"] = []byte("乙")
	if diffs, _ := compare(dir, files); len(diffs) != 1 || diffs[0] != "differs 2023/a.txt" {
		t.Errorf("diffs %v", diffs)
	}
	if diffs, err := compare(filepath.Join(dir, "none"), files); err != nil || len(diffs) != 2 {
		t.Errorf("compare with a missing directory: %v, %v", diffs, err)
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
