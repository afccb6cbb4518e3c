package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

var sentinels = []error{ErrUnsupported, ErrNoTextLayer, ErrEmpty, ErrTooLarge, ErrCorrupt, ErrBinary, ErrZipBomb, ErrUnsafePath, ErrTimeout, ErrLinkOutside}

// fuzzOptions is a small budget, so that every input is read within it:
// a fuzzed file past a cap fails with ErrTooLarge, one past the deadline
// with ErrTimeout, and neither is a finding.
var fuzzOptions = Options{MaxText: 256 << 10, MaxDecoded: 4 << 20, Timeout: 2 * time.Second, MaxPages: 50, MaxOps: 200_000}

// checkRead asserts what every read keeps, whatever the input: a failure is
// a *FileError naming the file and wrapping a sentinel; a success is a File
// whose documents keep checkFile's invariants, whose text is within the
// budget's cap, and whose warnings wrap WarnEncoding.
func checkRead(t *testing.T, src Source, f *File, err error) {
	checkReadWithin(t, src, f, err, Options{})
}

func checkReadWithin(t *testing.T, src Source, f *File, err error, opt Options) {
	t.Helper()
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v (%T) is not a *FileError", err, err)
		}
		if fe.Path != src.Path || fe.Member != src.Member {
			t.Fatalf("error names %q %q, want %q %q", fe.Path, fe.Member, src.Path, src.Member)
		}
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("error %v wraps no sentinel", err)
	}
	checkFile(t, src, f)
	total := 0
	for _, d := range f.Docs {
		total += len(d.Text)
	}
	if limit := opt.withDefaults().MaxText; int64(total) > limit {
		t.Fatalf("%d bytes of text, over the cap of %d", total, limit)
	}
	for _, w := range f.Warnings {
		if !errors.Is(w, WarnEncoding) {
			t.Fatalf("warning %v does not wrap WarnEncoding", w)
		}
	}
}

// fuzzRead seeds a fuzz target with fixtures and checks ReadBytes on a file
// of the given name.
func fuzzRead(f *testing.F, name string, seeds ...string) {
	for _, s := range seeds {
		f.Add(fixture(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		src := NamedSource(name, "")
		got, err := ReadBytes(src, data, fuzzOptions)
		checkReadWithin(t, src, got, err, fuzzOptions)
	})
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("参加活动\\*\\*次\n# 标题\n| a | b |\n**粗体**\f下一页"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte("(一),中;(a)：\u3000\u00a0１２％"))
	fuzzRead(f, "f.txt", "report.txt", "placeholders.txt", "compilation.txt", "report.md", "report-md.txt",
		"gen/report.gbk.txt", "gen/report.gb18030.txt", "gen/report.utf16le.txt", "gen/report.utf16be.txt",
		"gen/report.utf16nobom.txt", "gen/binary.txt", "gen/latin1.txt", "gen/blank.txt")
}

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(`<html><body><div class="content"><p>各位代表：</p><p>正文。</p></div></body></html>`))
	f.Add([]byte("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>=B8=F7=CE=BB=B4=FA=B1=ED</p>\r\n--b--\r\n"))
	f.Add([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=big5"><ul><li><a href="/a">相关文章</a></li><li><a>甲</a></li></ul><h3>猜你喜欢</h3><ul><li><a>乙</a></li></ul>`))
	f.Add([]byte(`<meta charset="big5"><p>\xa4\xa4</p>`))
	fuzzRead(f, "f.html", "page.html", "gen/page-gb2312.html")
}

func FuzzReadDocx(f *testing.F) {
	for _, body := range []string{
		`<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`,
		`<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:br w:type="page"/><w:t>乙</w:t></w:r></w:p></w:body></w:document>`,
	} {
		f.Add(ingesttest.Zip([]ingesttest.ZipEntry{{Name: "word/document.xml", Data: []byte(body)}}))
	}
	fuzzRead(f, "f.docx", "gen/report.docx", "gen/truncated.docx", "gen/sheet.xlsx")
}

func FuzzReadPDF(f *testing.F) {
	f.Add(ingesttest.PDFWithContent(manyOps(300)))
	f.Add(ingesttest.PDFWithContent([]byte("BT /F1 12 Tf 72 760 Td <4E2D56FD> Tj ET\nBT <4E2D")))
	fuzzRead(f, "f.pdf", "gen/report.pdf", "gen/report-gbk.pdf", "gen/scan.pdf", "gen/truncated.pdf")
}

// FuzzPDFContent fuzzes the content stream of a page inside a valid PDF,
// where the interpreter is reached (fuzzing the whole file mostly breaks
// its cross-reference table first).
func FuzzPDFContent(f *testing.F) {
	f.Add([]byte("BT /F1 12 Tf 72 760 Td <4E2D56FD> Tj ET"))
	f.Add([]byte("q 1 0 0 1 10 10 cm BT /F1 9 Tf 0 Tc 100 Tz 2 Ts 14 TL T* [<4E2D> -250 <56FD>] TJ (abc) ' 1 2 (x) \" ET Q"))
	f.Add([]byte("BT /F1 12 Tf 72 760 Td <4E2D"))
	f.Add([]byte("[[[[[[[[ 1 2 3 << /A [1 2] >> ] Tj"))
	f.Add(manyOps(200))
	f.Fuzz(func(t *testing.T, content []byte) {
		if len(content) > 1<<20 {
			t.Skip()
		}
		src := NamedSource("f.pdf", "")
		got, err := ReadBytes(src, ingesttest.PDFWithContent(content), fuzzOptions)
		checkReadWithin(t, src, got, err, fuzzOptions)
	})
}

// FuzzDecodeText checks encoding detection whatever the bytes: the text is
// valid UTF-8, valid UTF-8 without a BOM comes back as it is, every
// warning wraps WarnEncoding, and a failure is ErrBinary.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("各位代表：\n\xb9\xd8\xd3\xda\xbc\xd3\xc7\xbf\n全年参加视察活动6次，\xff走访选民。\n"))
	f.Add([]byte("本人认为\xd3\xa6\xb5\xb1\xbc\xd3\xc7\xbf，已提交。"))
	f.Add([]byte("\xc8\xcb\xb4\xf3\n\xe4\xb8"))
	f.Add([]byte("\xef\xbb\xbf各位"))
	f.Add([]byte("\xff\xfe\xbaN'Y"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		rd, cancel := newReading(context.Background(), Options{})
		defer cancel()
		text, enc, err := decodeText(rd, data)
		if err != nil {
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("error %v is not ErrBinary", err)
			}
			return
		}
		if !utf8.ValidString(text) || enc == "" {
			t.Fatalf("decodeText gave %q, %q", text, enc)
		}
		if enc == EncUTF8 && utf8.Valid(data) && text != string(data) {
			t.Fatalf("valid UTF-8 changed: %q → %q", data, text)
		}
		for _, w := range rd.warnings {
			if !errors.Is(w, WarnEncoding) {
				t.Fatalf("warning %v does not wrap WarnEncoding", w)
			}
		}
	})
}

// FuzzWalkZip walks a fuzzed zip and reads every member it yields: no
// panic, every error a *FileError, no member path escaping the zip.
func FuzzWalkZip(f *testing.F) {
	for _, s := range []string{"gen/batch.zip", "gen/evil.zip", "gen/bomb.zip", "gen/broken.zip", "gen/report.docx"} {
		f.Add(fixture(f, s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		p := filepath.Join(dir, "f.zip")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		opt := fuzzOptions
		opt.MaxFileSize, opt.MaxZipTotal = 4<<20, 16<<20
		err := Walk(context.Background(), []string{p}, opt, func(src Source, err error) error {
			if src.Path != p {
				t.Fatalf("source %q outside the zip", src.Path)
			}
			for _, part := range strings.Split(src.Member, "/") {
				if part == ".." || strings.HasPrefix(src.Member, "/") {
					t.Fatalf("unsafe member %q", src.Member)
				}
			}
			if err != nil {
				var fe *FileError
				if !errors.As(err, &fe) {
					t.Fatalf("error %v is not a *FileError", err)
				}
				return nil
			}
			got, err := Read(src, opt)
			checkReadWithin(t, src, got, err, opt)
			return nil
		})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
	})
}

// TestPathological reads inputs built to make a careless step quadratic:
// thousands of broken lines to re-join, unclosed markdown brackets and
// emphasis, title-and-salutation pairs, runs of list titles, deeply nested
// HTML, a PDF with thousands of lines. Each must read (or fail cleanly) in
// linear time; a quadratic step would take minutes here.
func TestPathological(t *testing.T) {
	const n = 20000
	cases := []struct {
		name string
		data string
	}{
		{"broken lines", strings.Repeat("我坚持到代表联络站接待选民，推动解决了群众反映强烈的\n", n)},
		{"one long joined line", "参加活动，" + strings.Repeat("共计2\n次", n)},
		{"unclosed brackets", "# 标题\n" + strings.Repeat("[", 200000)},
		{"unclosed emphasis", "# 标题\n" + strings.Repeat("**a", 100000)},
		{"titles and salutations", strings.Repeat("2023年县人大代表述职报告\n各位代表：\n", n)},
		{"related titles", strings.Repeat("\n2023年人大代表个人述职报告范文\n\n正文。", n)},
		{"commas", strings.Repeat(",", 500000) + "中"},
		{"braces", strings.Repeat("{ PAGE ", 100000)},
		{"nested html", "<html><body>" + strings.Repeat(`<div class="nav content">`, 5000) + "正文内容" + strings.Repeat("</div>", 5000) + "</body></html>"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			name := "p.txt"
			if strings.HasPrefix(tt.data, "<html>") {
				name = "p.html"
			}
			src := NamedSource(name, "")
			f, err := ReadBytes(src, []byte(tt.data), Options{})
			checkRead(t, src, f, err)
		})
	}
	t.Run("nested docx tables", func(t *testing.T) {
		// Tables without cells: each paragraph looked through the open
		// ones (200,000² steps, past the deadline).
		body := `<w:document><w:body>` + strings.Repeat(`<w:tbl>`, 200_000) +
			strings.Repeat(`<w:p><w:r><w:t>字</w:t></w:r></w:p>`, 200_000) + `</w:body></w:document>`
		src := NamedSource("p.docx", "")
		opt := Options{}
		if raceEnabled {
			// Linear work, but the race detector makes it several times
			// slower than the default deadline allows on a shared machine.
			opt.Timeout = 10 * time.Minute
		}
		f, err := ReadBytes(src, ingesttest.Zip([]ingesttest.ZipEntry{{Name: "word/document.xml", Data: []byte(body), Store: true}}), opt)
		if err != nil {
			t.Fatal(err)
		}
		checkFile(t, src, f)
	})
	t.Run("many pdf lines", func(t *testing.T) {
		lines := make([]string, 3000)
		for i := range lines {
			lines[i] = "第" + strings.Repeat("行", i%30+1)
		}
		src := NamedSource("p.pdf", "")
		f, err := ReadBytes(src, ingesttest.PDF([][]string{lines}, ingesttest.PDFOptions{}), Options{})
		checkRead(t, src, f, err)
	})
}

// FuzzReadDoc reads fuzzed compound files as .doc and as .wps: no panic,
// every error a *FileError wrapping a sentinel, every text valid
// normalised UTF-8 and, beyond checkRead, no longer than a few times the
// input (a UTF-16 unit gives at most 3 bytes of UTF-8; an 8-bit piece
// character at most 3).
func FuzzReadDoc(f *testing.F) {
	for _, s := range []string{"gen/report.doc", "gen/report-utf16.doc", "gen/encrypted.doc", "gen/word95.doc", "gen/works.wps", "gen/legacy.doc", "legacy/report1.doc", "legacy/report2.wps"} {
		f.Add(fixture(f, s))
	}
	f.Add(ingesttest.Doc([]string{"|a|b|", "甲[[field:PAGE]][[hidden:乙]][[page]]丙"}, ingesttest.DocOptions{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		for _, name := range []string{"f.doc", "f.wps"} {
			src := NamedSource(name, "")
			got, err := ReadBytes(src, data, Options{})
			checkRead(t, src, got, err)
			if err == nil {
				checkBounded(t, got, data)
			}
		}
	})
}

// FuzzReadRTF reads fuzzed RTF: the invariants of FuzzReadDoc.
func FuzzReadRTF(f *testing.F) {
	for _, s := range []string{"gen/report.rtf", "gen/report-unicode.rtf", "legacy/report1.rtf", "legacy/report2.rtf"} {
		f.Add(fixture(f, s))
	}
	f.Add([]byte(`{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 x;}{\f1\fcharset136 y;}}\f0 \'c8\'cb\uc2\u20154\'c8\'cb{\f1 \'a4\'48}\u-10128?\u-8425?{\v h}\bin2 ab\trowd\intbl a\cell\row{\field{\*\fldinst P}{\fldrslt r}}{\info{\upr{\title t}{\*\ud{\title \u20154?}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		src := NamedSource("f.rtf", "")
		got, err := ReadBytes(src, data, Options{})
		checkRead(t, src, got, err)
		if err == nil {
			checkBounded(t, got, data)
		}
	})
}

// checkBounded fails when a file's texts hold more than 3 bytes per input
// byte (and a little slack for a tiny input whose one byte becomes a
// U+FFFD): the output of a reader is bounded by its input. Titles are
// left out: they repeat a line of the text or come from metadata bounded
// on its own.
func checkBounded(t *testing.T, f *File, data []byte) {
	t.Helper()
	n := 0
	for _, d := range f.Docs {
		n += len(d.Text)
	}
	if n > 3*len(data)+8 {
		t.Fatalf("%d bytes of text from %d bytes of input", n, len(data))
	}
}

// FuzzWalkZip walks a fuzzed zip and reads every member it yields: no
// panic, every error a *FileError, no member path escaping the zip.

// FuzzSplit splits cleaned text and checks what every split keeps: no line
// lost, added or reordered; no empty part; the same parts on a second run.
func FuzzSplit(f *testing.F) {
	f.Add("2023年县人大代表述职报告\n各位代表：\n本人王某，谢谢大家！\n我叫李某，是代表。\n------\n1、甲乙丙丁述职报告范文\n2、甲乙丙丁述职报告范文\n3、甲乙丙丁述职报告范文\n现将本人履职情况报告如下：")
	f.Add("【篇一】\n述职报告是代表向选民报告履职情况的书面材料，一般包括四个部分。写作时切忌空话。下面的范文可以参考。\n镇人大代表述职报告\n各位选民：\n我叫蓝晓峰，是镇人大代表。一年来提出建议2件，参加视察3次。\n以上报告，请予评议。\n述职人：蓝晓峰\n2023年12月\n（2024年1月5日）\n尊敬的各位代表：\n本人石宝珍，女，苗族，凤鸣镇人大代表，提出建议1件，走访选民30户。\n谢谢大家！")
	f.Add("浅谈代表履职监督\n近年来，一些地方的代表述职流于形式，监督难以落到实处。\n我们认为，应当建立代表履职档案，完善述职制度。\n近年来，一些地方的代表述职流于形式，监督难以真正落到实处。\n猜你喜欢：\n村党支部书记人大代表履职报告范文\n更多精彩范文，请关注本站。")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			t.Skip()
		}
		lines := cleanLines(corpus.NormalizeText(strings.ToValidUTF8(text, "\uFFFD")))
		parts := split(lines)
		var got []string
		for _, p := range parts {
			if strings.TrimSpace(p.text) == "" {
				t.Fatalf("empty part in %q", parts)
			}
			got = append(got, nonBlankLines(strings.Split(p.text, "\n"))...)
		}
		if want := nonBlankLines(lines); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("lines changed:\n%q\nwant\n%q", got, want)
		}
		again := split(lines)
		if len(again) != len(parts) {
			t.Fatalf("%d parts, then %d", len(parts), len(again))
		}
		for k := range parts {
			if again[k] != parts[k] {
				t.Fatalf("part %d differs on a second split", k+1)
			}
		}
	})
}
