package ingest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"lvzhi/ingest/ingesttest"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata/gen")

// encText is the report the encoding fixtures hold. encText18030 adds the
// names of two deputies with characters GBK lacks: 䶮 (U+4DAE, a two-byte
// code of GB18030's FE row, a private-use character in GBK) and 𠮷
// (U+20BB7), which GB18030 stores in four bytes.
const (
	encText      = "2023年度镇人大代表履职报告\n\n各位选民：\n本人于2021年当选为镇第二十届人大代表。全年参加代表活动15次，提出意见建议4条。\n存在的不足是联系选民不够经常。\n"
	encText18030 = encText + "代表：王䶮、吉𠮷\n"
)

// encTextWant is what reading encText gives, written by hand.
const encTextWant = "2023年度镇人大代表履职报告\n\n各位选民：\n本人于2021年当选为镇第二十届人大代表。全年参加代表活动15次，提出意见建议4条。\n存在的不足是联系选民不够经常。"

// docxParas is the Word fixture: a table, a page break in the middle of a
// sentence, a bookmark, a hyperlink field (instruction only) and a PAGE
// field standing as a page number.
var docxParas = []string{
	"2023年度县人大代表履职报告",
	"各位选民：",
	"本人于2021年当选为县第十八届人大代表，现任县农业农村局副局长。[[bookmark]]一年来，我积极参加代表活动，认真履行代表职责。",
	"一、参加代表活动情况",
	"全年参加县人大常委会组织的视察活动4次、执法检查2次，围绕高标准农田建设提出意见建议6条，推动解决了灌溉设施老化等[[page]]群众反映强烈的问题。",
	"|活动类型|次数|",
	"|视察|4|",
	"|执法检查|2|",
	"- [[field:PAGE]] -",
	"二、存在的不足",
	"对建议办理情况跟踪不够，详见[[field:HYPERLINK \"http://www.example.gov.cn\"]]县人大网站。",
}

// docParas is the Word fixture as .doc, .wps and .rtf: docxParas with a
// hidden remark, a manual line break and a character outside the BMP
// (𬌗, U+2C317: a surrogate pair in UTF-16, not in GBK). docWant is its
// text, written by hand: the hidden remark gone, the line break a line.
var docParas = append(append([]string{}, docxParas...),
	"附：联系电话[[hidden:（内部：不公开）]]见[[br]]代表联络站公示栏，牙科医生何𬌗代表协助整理。")

const docWant = docxWant + "\n附：联系电话见\n代表联络站公示栏，牙科医生何𬌗代表协助整理。"

// docxWant is the text of docxParas, written by hand.
const docxWant = "2023年度县人大代表履职报告\n" +
	"各位选民：\n" +
	"本人于2021年当选为县第十八届人大代表，现任县农业农村局副局长。一年来，我积极参加代表活动，认真履行代表职责。\n" +
	"一、参加代表活动情况\n" +
	"全年参加县人大常委会组织的视察活动4次、执法检查2次，围绕高标准农田建设提出意见建议6条，推动解决了灌溉设施老化等群众反映强烈的问题。\n" +
	"活动类型\t次数\n" +
	"视察\t4\n" +
	"执法检查\t2\n" +
	"二、存在的不足\n" +
	"对建议办理情况跟踪不够，详见县人大网站。"

// pdfPages is the PDF fixture: a paragraph wrapped at 24 characters, a page
// ending in the middle of a sentence, a page number.
var pdfPages = [][]string{
	{
		"2022年区人大代表述职报告",
		"",
		"各位代表：",
		"本人是区第十六届人大代表，一年来参加区人大常委会组织的视察、调研活动9次，提出意见建议5条，其中关于改善老旧小区排水设施的建议已经办结。",
		"在闭会期间，我坚持到代表联络站接待选民，推动解决了群众反映强烈的",
		"- 1 -",
	},
	{
		"道路积水问题。",
		"存在的不足是调研还不够深入。",
		"- 2 -",
	},
}

// pdfWant is the text of pdfPages, written by hand.
const pdfWant = "2022年区人大代表述职报告\n" +
	"各位代表：\n" +
	"本人是区第十六届人大代表，一年来参加区人大常委会组织的视察、调研活动9次，提出意见建议5条，其中关于改善老旧小区排水设施的建议已经办结。\n" +
	"在闭会期间，我坚持到代表联络站接待选民，推动解决了群众反映强烈的道路积水问题。\n" +
	"存在的不足是调研还不够深入。"

// generated builds every generated fixture, by name under testdata/gen.
func generated(tb testing.TB) map[string][]byte {
	tb.Helper()
	enc := func(text, e string) []byte {
		b, err := ingesttest.Encode(text, e)
		if err != nil {
			tb.Fatalf("Encode(%s): %v", e, err)
		}
		return b
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	docx := ingesttest.Docx(docxParas, ingesttest.DocxOptions{Title: "2023年度县人大代表履职报告", SplitRuns: 7})
	doc := ingesttest.Doc(docParas, ingesttest.DocOptions{Title: "2023年度县人大代表履职报告"})
	pdfUCS2 := ingesttest.PDF(pdfPages, ingesttest.PDFOptions{Wrap: 24})
	pdfGBK := ingesttest.PDF(pdfPages, ingesttest.PDFOptions{Wrap: 24, Encoding: "gbk-raw"})
	report := read("report.txt")
	// A bomb-like member: 2 MiB of zeros deflate to about 2 KiB, a ratio of
	// about 1000:1.
	zeros := make([]byte, 2<<20)
	inner := ingesttest.Zip([]ingesttest.ZipEntry{
		{Name: "乡镇/东岭镇.txt", Data: enc(encText, "gbk")},
	})
	return map[string][]byte{
		"report.utf8.txt":    enc(encText, "utf-8"),
		"report.utf8bom.txt": enc(encText, "utf-8-bom"),
		"report.gbk.txt":     enc(encText, "gbk"),
		"report.gb18030.txt": enc(encText18030, "gb18030"),
		"report.utf16le.txt": enc(encText, "utf-16le"),
		"report.utf16be.txt": enc(encText, "utf-16be"),
		"report.utf16nobom.txt": func() []byte {
			b := enc(encText, "utf-16le")
			return b[2:]
		}(),
		"page-gb2312.html": enc(string(read("page.html")), "gbk"),
		"page-utf8.html":   read("page.html"), // labelled gb2312, saved as UTF-8
		"report.docx":      docx,
		"truncated.docx":   docx[:len(docx)/2],
		"report.pdf":       pdfUCS2,
		"report-gbk.pdf":   pdfGBK,
		"scan.pdf":         ingesttest.PDF([][]string{{"扫描件"}}, ingesttest.PDFOptions{NoText: true}),
		"truncated.pdf":    pdfUCS2[:len(pdfUCS2)/3],
		// A compound-file signature and nothing a reader can use.
		"legacy.doc":         append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
		"legacy.xls":         append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
		"report.doc":         doc,
		"report-utf16.doc":   ingesttest.Doc(docParas, ingesttest.DocOptions{UTF16Only: true}),
		"report.wps":         ingesttest.Doc(docParas, ingesttest.DocOptions{Title: "2023年度县人大代表履职报告", UTF16Only: true}),
		"truncated.doc":      doc[:len(doc)*2/3],
		"encrypted.doc":      ingesttest.Doc(docParas, ingesttest.DocOptions{Encrypted: true}),
		"word95.doc":         ingesttest.Doc(docParas, ingesttest.DocOptions{NFib: 104}),
		"works.wps":          ingesttest.Compound([]ingesttest.Stream{{Name: "CONTENTS", Data: []byte("MSWorks")}}),
		"old.wps":            append([]byte("\x00\x00WPS2000\x00\x01\x02"), make([]byte, 200)...),
		"sheet.xls":          ingesttest.Compound([]ingesttest.Stream{{Name: "Workbook", Data: []byte{0x09, 0x08}}}),
		"report.rtf":         ingesttest.RTF(docParas, ingesttest.RTFOptions{Title: "2023年度县人大代表履职报告"}),
		"report-unicode.rtf": ingesttest.RTF(docParas, ingesttest.RTFOptions{Unicode: true}),
		"image.txt":          append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...),
		"binary.txt":         []byte("\x01\x02\x03text\x00\x00\x00\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1b\x1c\x1d\x1e\x1f"),
		"latin1.txt":         []byte(strings.Repeat("R\xe9sum\xe9 caf\xe9 na\xefve \xe0 la fa\xe7on. ", 20)),
		"empty.txt":          {},
		"blank.txt":          []byte("  \r\n\t\r\n　\r\n"),
		"sheet.xlsx":         ingesttest.Zip([]ingesttest.ZipEntry{{Name: "[Content_Types].xml", Data: []byte("<Types/>")}, {Name: "xl/workbook.xml", Data: []byte("<workbook/>")}}),
		"batch.zip": ingesttest.Zip([]ingesttest.ZipEntry{
			{Name: "2023/", Data: nil},
			{Name: "2023/report.txt", Data: report},
			{Name: "2023/王某某述职报告.txt", Data: enc(encText, "gbk"), GBKName: true},
			{Name: "2023/report.docx", Data: docx},
			{Name: "__MACOSX/2023/._report.txt", Data: []byte("junk")},
			{Name: "2023/.DS_Store", Data: []byte("junk")},
			{Name: "2023/~$report.docx", Data: []byte("lock")},
			{Name: "nested.zip", Data: inner},
		}),
		"evil.zip": ingesttest.Zip([]ingesttest.ZipEntry{
			{Name: "../evil.txt", Data: []byte("越界写入")},
			{Name: "/etc/passwd.txt", Data: []byte("绝对路径")},
			{Name: "ok.txt", Data: []byte("正常文件的内容。")},
		}),
		"bomb.zip": ingesttest.Zip([]ingesttest.ZipEntry{
			{Name: "zeros.txt", Data: zeros},
			{Name: "ok.txt", Data: []byte("正常文件的内容。")},
		}),
		"broken.zip": ingesttest.Zip([]ingesttest.ZipEntry{{Name: "a.txt", Data: report}})[:100],
	}
}

// TestGeneratedFixtures checks that the committed files under testdata/gen
// are exactly what the builders make today (run with -update to rewrite).
func TestGeneratedFixtures(t *testing.T) {
	gen := generated(t)
	names := make([]string, 0, len(gen))
	for name := range gen {
		names = append(names, name)
	}
	sort.Strings(names)
	if *update {
		if err := os.MkdirAll(filepath.Join("testdata", "gen"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		path := filepath.Join("testdata", "gen", name)
		if *update {
			if err := os.WriteFile(path, gen[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test -run TestGeneratedFixtures -update)", name, err)
			continue
		}
		if !bytes.Equal(got, gen[name]) {
			t.Errorf("%s differs from what the builders make (run with -update)", name)
		}
	}
}

// fixture reads a file under testdata.
func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
