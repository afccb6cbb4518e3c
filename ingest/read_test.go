package ingest

import (
	"bytes"
	"errors"
	"mime/quotedprintable"
	"strings"
	"testing"
	"unicode/utf8"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

// checkFile asserts the invariants every File keeps: IDs match texts, parts
// are numbered from 1, every field is filled, texts are valid normalised
// UTF-8.
func checkFile(tb testing.TB, src Source, f *File) {
	tb.Helper()
	if len(f.Hash) != 64 {
		tb.Errorf("Hash = %q, want 64 hex digits", f.Hash)
	}
	if len(f.Docs) == 0 {
		tb.Fatalf("no documents")
	}
	for i, d := range f.Docs {
		if d.ID != corpus.DocumentID(d.Text) {
			tb.Errorf("part %d: ID %s does not match its text", i+1, d.ID)
		}
		if d.Part != i+1 || d.Parts != len(f.Docs) {
			tb.Errorf("part %d: Part/Parts = %d/%d, want %d/%d", i+1, d.Part, d.Parts, i+1, len(f.Docs))
		}
		if d.Source != src.Path || d.Member != src.Member || d.Format != f.Format || d.Encoding != f.Encoding {
			tb.Errorf("part %d: provenance %q %q %q %q, want %q %q %q %q", i+1, d.Source, d.Member, d.Format, d.Encoding, src.Path, src.Member, f.Format, f.Encoding)
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
			tb.Errorf("part %d: invalid UTF-8", i+1)
		}
		if strings.TrimSpace(d.Text) == "" {
			tb.Errorf("part %d: empty text", i+1)
		}
		if corpus.NormalizeText(d.Text) != d.Text {
			tb.Errorf("part %d: text is not normalised", i+1)
		}
	}
}

func readFixture(tb testing.TB, name string) (*File, error) {
	tb.Helper()
	src := NamedSource("testdata/"+name, "")
	f, err := ReadBytes(src, fixture(tb, name), Options{})
	if err == nil {
		checkFile(tb, src, f)
	}
	return f, err
}

func TestReadEncodings(t *testing.T) {
	tests := []struct {
		file     string
		encoding string
		want     string
	}{
		{"gen/report.utf8.txt", EncUTF8, encTextWant},
		{"gen/report.utf8bom.txt", EncUTF8BOM, encTextWant},
		{"gen/report.gbk.txt", EncGBK, encTextWant},
		{"gen/report.gb18030.txt", EncGB18030, encTextWant + "\n代表：王䶮、吉𠮷"},
		{"gen/report.utf16le.txt", EncUTF16LE, encTextWant},
		{"gen/report.utf16be.txt", EncUTF16BE, encTextWant},
		{"gen/report.utf16nobom.txt", EncUTF16LE, encTextWant},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := readFixture(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != FormatTxt || f.Encoding != tt.encoding {
				t.Errorf("format/encoding = %s/%s, want txt/%s", f.Format, f.Encoding, tt.encoding)
			}
			if len(f.Docs) != 1 {
				t.Fatalf("%d documents, want 1", len(f.Docs))
			}
			if got := f.Docs[0].Text; got != tt.want {
				t.Errorf("text:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := f.Docs[0].Title; got != "2023年度镇人大代表履职报告" {
				t.Errorf("title = %q", got)
			}
		})
	}
}

func TestReadFormats(t *testing.T) {
	tests := []struct {
		file   string
		format string
		enc    string
		title  string
		want   string
	}{
		{"gen/report.docx", FormatDocx, "", "2023年度县人大代表履职报告", docxWant},
		{"gen/report.pdf", FormatPDF, "", "2022年区人大代表述职报告", pdfWant},
		{"gen/report-gbk.pdf", FormatPDF, "", "2022年区人大代表述职报告", pdfWant},
		{"gen/page-gb2312.html", FormatHTML, EncGBK, "2023年村党支部书记人大代表述职报告", htmlWant},
		{"gen/page-utf8.html", FormatHTML, EncUTF8, "2023年村党支部书记人大代表述职报告", htmlWant},
		{"report.txt", FormatTxt, EncUTF8, "2023年度市人大代表履职报告", reportWant},
		{"placeholders.txt", FormatTxt, EncUTF8, "20__年人大代表述职报告", placeholdersWant},
		{"report.md", FormatMD, EncUTF8, "2022年度区人大代表履职情况报告", reportMDWant},
		{"report-md.txt", FormatMD, EncUTF8, "2022年度区人大代表履职情况报告", reportMDTxtWant},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := readFixture(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format || f.Encoding != tt.enc {
				t.Errorf("format/encoding = %q/%q, want %q/%q", f.Format, f.Encoding, tt.format, tt.enc)
			}
			if len(f.Docs) != 1 {
				t.Fatalf("%d documents, want 1", len(f.Docs))
			}
			if got := f.Docs[0].Title; got != tt.title {
				t.Errorf("title = %q, want %q", got, tt.title)
			}
			if got := f.Docs[0].Text; got != tt.want {
				t.Errorf("text:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// Texts of the hand-written fixtures, written by hand.
const (
	htmlWant = "2023年村党支部书记人大代表述职报告\n" +
		"各位代表：\n" +
		"我是石桥村党支部书记，2021年当选为镇第二十届人大代表。一年来，我认真履行代表职责，现将履职情况报告如下。\n" +
		"一、积极参加代表活动。全年参加镇人大主席团组织的视察、调研等活动8次，提出意见建议5条。\n" +
		"二、联系服务选民。走访选民60余户，帮助解决灌溉水渠维修等问题3件。\n" +
		"下一步我将继续努力。\n" +
		"活动\t次数\n" +
		"视察\t3"

	// report.txt: indentation, full-width digits, a bookmark, a { PAGE }
	// field, a sentence broken across lines and a page number, trailing
	// spaces, blank lines.
	reportWant = "2023年度市人大代表履职报告\n\n" +
		"各位选民：\n" +
		"我叫李某某，2021年当选为市第十七届人大代表，现任青石镇中心小学校长。现将一年来的履职情况报告如下，请予评议。\n" +
		"一、加强学习，提升履职本领\n" +
		"全年参加市人大常委会组织的代表培训3次，认真学习《代表法》和《监督法》，参加代表小组集中学习12次。\n" +
		"二、深入调研，积极建言献策\n" +
		"围绕农村学校布局调整和校车安全，走访学生家长和村民代表40余户，参加调研活动**次，形成调研报告*篇。在市人代会期间提出《关于加强农村校车安全管理的建议》等意见建议6条，目前已办结5条，办结率达83%。\n" +
		"三、联系选民，回应群众关切\n" +
		"坚持每季度到代表联络站接待选民，全年接待选民26人次，收集意见建议11条，协调解决村道路灯、校门口交通秩序等问题，推动建立学校周边道路“护学岗”机制，切实为重点难点问题的解决贡献了代表力量。\n\n" +
		"四、存在的不足\n" +
		"一是联系选民的方式还不够多样；二是对建议办理的跟踪督办还不够有力。今后我将持续改进，认真履行代表职责。\n\n" +
		"以上报告，请各位选民评议。"

	// placeholders.txt: a plain report with ** placeholders, which must
	// survive (it is not markdown).
	placeholdersWant = "20__年人大代表述职报告\n\n" +
		"各位代表：\n" +
		"本人自当选为第x届县人大代表以来，认真履行代表职责。全年参加代表活动**次，其中视察*次、调研**次，提出意见建议**条，重点培育**村“**党建”品牌。\n" +
		"存在的不足主要是学习不够深入，联系选民不够经常。\n" +
		"以上报告，请予审议。"

	reportMDWant = "2022年度区人大代表履职情况报告\n\n" +
		"一、基本情况\n\n" +
		"本人于20__年当选为区第__届人大代表，现任街道社区卫生服务中心主任。\n\n" +
		"二、履职情况\n\n" +
		"1. 参加区人代会，审议各项报告，提出建议**件。\n" +
		"2. 参加代表小组活动6次，视察[社区养老]服务2次。\n\n" +
		"活动\t次数\n" +
		"视察\t2\n" +
		"调研\t3\n\n" +
		"三、存在不足\n\n" +
		"联系选民还不够紧密，今后要进一步加强。"

	// report-md.txt: markdown saved as .txt; "__下一步__将" is not
	// emphasis (CommonMark: underscores inside a word do not close).
	reportMDTxtWant = "2022年度区人大代表履职情况报告\n\n" +
		"本人于20__年当选为区第__届人大代表，全年参加代表活动**次。\n\n" +
		"存在不足\n\n" +
		"调研不够深入，__下一步__将加强学习。"
)

func TestReadErrors(t *testing.T) {
	tests := []struct {
		file   string
		err    error
		reason string // a part of the printed reason
	}{
		{"gen/empty.txt", ErrEmpty, "文件为空"},
		{"gen/blank.txt", ErrEmpty, "只有空白"},
		{"gen/binary.txt", ErrBinary, "空字节"},
		{"gen/latin1.txt", ErrBinary, "无法识别文字编码"},
		{"gen/image.txt", ErrUnsupported, "图片"},
		{"gen/legacy.doc", ErrCorrupt, "复合文档（OLE）结构无法解析"},
		{"gen/truncated.doc", ErrCorrupt, "不完整"},
		{"gen/encrypted.doc", ErrUnsupported, "文档已加密"},
		{"gen/word95.doc", ErrUnsupported, "Word 6.0/95 格式"},
		{"gen/works.wps", ErrUnsupported, "WPS 文字文档（.wps）不是与 Word 97-2003 相同的格式"},
		{"gen/old.wps", ErrUnsupported, "旧版 WPS 格式"},
		{"gen/sheet.xls", ErrUnsupported, "Excel 97-2003 表格（.xls）不是文字报告"},
		{"gen/legacy.xls", ErrUnsupported, "Excel 97-2003 表格（.xls）不是文字报告"},
		{"gen/sheet.xlsx", ErrUnsupported, "不是文字报告"},
		{"gen/batch.zip", ErrUnsupported, "压缩包"},
		{"gen/truncated.docx", ErrCorrupt, "截断"},
		{"gen/truncated.pdf", ErrCorrupt, "PDF 无法打开"},
		{"gen/scan.pdf", ErrNoTextLayer, "没有文本层"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := readFixture(t, tt.file)
			checkError(t, err, "testdata/"+tt.file, tt.err, tt.reason)
		})
	}
}

// checkError asserts that err is a *FileError for path wrapping sentinel,
// whose message holds reason.
func checkError(tb testing.TB, err error, path string, sentinel error, reason string) {
	tb.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		tb.Fatalf("error %v (%T) is not a *FileError", err, err)
	}
	if !errors.Is(err, sentinel) {
		tb.Errorf("error %q does not wrap %q", err, sentinel)
	}
	if !strings.HasPrefix(err.Error(), path+": ") {
		tb.Errorf("error %q does not start with the path %q", err, path)
	}
	if !strings.Contains(err.Error(), reason) {
		tb.Errorf("error %q does not say %q", err, reason)
	}
}

func TestReadLimits(t *testing.T) {
	data := fixture(t, "gen/report.utf8.txt")
	src := NamedSource("a.txt", "")
	_, err := ReadBytes(src, data, Options{MaxFileSize: 100})
	checkError(t, err, "a.txt", ErrTooLarge, "上限")

	// A docx whose body part is a bomb: 4 MiB of spaces in document.xml.
	bomb := ingesttest.Docx([]string{strings.Repeat(" ", 4<<20)}, ingesttest.DocxOptions{})
	_, err = ReadBytes(NamedSource("bomb.docx", ""), bomb, Options{})
	checkError(t, err, "bomb.docx", ErrZipBomb, "压缩比")
}

func TestReadIdentity(t *testing.T) {
	for _, name := range []string{"report.txt", "compilation.txt", "gen/report.docx", "gen/report.pdf", "gen/page-gb2312.html"} {
		t.Run(name, func(t *testing.T) {
			a, err := readFixture(t, name)
			if err != nil {
				t.Fatal(err)
			}
			b, err := readFixture(t, name)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Docs) != len(b.Docs) || a.Hash != b.Hash {
				t.Fatalf("two reads differ")
			}
			for i := range a.Docs {
				if a.Docs[i] != b.Docs[i] {
					t.Errorf("part %d differs between two reads", i+1)
				}
			}
		})
	}
}

func TestSniff(t *testing.T) {
	docx := fixture(t, "gen/report.docx")
	tests := []struct {
		name string
		ext  string
		data []byte
		want string
	}{
		{"docx by content despite .doc", ".doc", docx, FormatDocx},
		{"docx by content despite .txt", ".txt", docx, FormatDocx},
		{"pdf by content", ".docx", []byte("%PDF-1.4\n"), FormatPDF},
		{"ole", ".wps", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, kindOLE},
		{"rtf", ".doc", []byte(`{\rtf1\ansi}`), kindRTF},
		{"html by doctype in .doc", ".doc", []byte("\r\n<!DOCTYPE html><html><body>x</body></html>"), FormatHTML},
		{"html by extension", ".htm", []byte("各位代表"), FormatHTML},
		{"html by meta", ".txt", []byte(`<meta charset="gbk"><p>x</p>`), FormatHTML},
		{"plain text", ".txt", []byte("各位代表：<不是标签>"), FormatTxt},
		{"png", ".txt", []byte("\x89PNG\r\n"), kindImage},
		{"gzip", ".txt", []byte{0x1F, 0x8B, 8, 0}, kindArchive},
		{"plain zip", ".zip", []byte("PK\x03\x04rest"), kindZip},
		{"truncated docx by name", ".docx", []byte("PK\x03\x04rest"), FormatDocx},
		{"encrypted office file", ".docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...), kindEncrypted},
		{"web archive as .doc", ".doc", []byte("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n"), kindMHT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniff(tt.ext, tt.data); got != tt.want {
				t.Errorf("sniff(%q) = %q, want %q", tt.ext, got, tt.want)
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		want    string
		enc     string
		wantErr error
	}{
		{"ascii", []byte("abc"), "abc", EncUTF8, nil},
		{"gbk", []byte{0xC8, 0xCB, 0xB4, 0xF3}, "人大", EncGBK, nil},
		// U+20000: index 0x10000+189000 = 254536 → 0x81+20, 0x30+2, 0x81+1, 0x30+6.
		{"gb18030 four bytes", []byte{0x95, 0x32, 0x82, 0x36}, "\U00020000", EncGB18030, nil},
		{"utf-16le without bom", []byte{0xBA, 0x4E, 0x27, 0x59, '\n', 0, 0xE3, 0x4E, 0x68, 0x88, '\n', 0}, "人大\n代表\n", EncUTF16LE, nil},
		{"utf-16be without bom", []byte{0x4E, 0xBA, 0x59, 0x27, 0, '\n', 0x4E, 0xE3, 0x88, 0x68, 0, '\n'}, "人大\n代表\n", EncUTF16BE, nil},
		{"one nul is binary, not utf-16", []byte{0xBA, 0x4E, 0x27, 0x59, '\n', 0}, "", "", ErrBinary},
		{"bom then not utf-8", []byte{0xEF, 0xBB, 0xBF, 0xC8, 0xCB}, "", "", ErrBinary},
		{"control characters", []byte(strings.Repeat("\x01\x02", 20)), "", "", ErrBinary},
		{"dos eof mark allowed", []byte("人大\x1a"), "人大\x1a", EncUTF8, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, cancel := newReading(t.Context(), Options{})
			defer cancel()
			got, enc, err := decodeText(rd, tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("decodeText = %q, %s; want %q, %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

// TestReadMHT reads a web archive saved as .doc: the HTML part in GBK,
// quoted-printable, with its charset only in the part's header.
func TestReadMHT(t *testing.T) {
	page := strings.Replace(string(fixture(t, "page.html")), `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, "", 1)
	gbk, err := ingesttest.Encode(page, "gbk")
	if err != nil {
		t.Fatal(err)
	}
	var qp bytes.Buffer
	w := quotedprintable.NewWriter(&qp)
	w.Write(gbk)
	w.Close()
	mht := "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n" +
		"------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n" +
		qp.String() + "\r\n------=_NextPart_01\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------=_NextPart_01--\r\n"
	src := NamedSource("report.doc", "")
	f, err := ReadBytes(src, []byte(mht), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, src, f)
	if f.Format != FormatHTML || f.Encoding != EncGBK || len(f.Docs) != 1 || f.Docs[0].Text != htmlWant {
		t.Errorf("read %s/%s, %d docs:\n%s\nwant html/gbk:\n%s", f.Format, f.Encoding, len(f.Docs), f.Docs[0].Text, htmlWant)
	}
}

func TestFileSource(t *testing.T) {
	src, err := FileSource("testdata/report.txt")
	if err != nil {
		t.Fatal(err)
	}
	if src.Size != int64(len(fixture(t, "report.txt"))) || src.String() != "testdata/report.txt" {
		t.Errorf("FileSource = %+v", src)
	}
	f, err := Read(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, src, f)

	_, err = FileSource("testdata/nonexistent.txt")
	checkError(t, err, "testdata/nonexistent.txt", ErrUnreadable, "不存在")
	_, err = FileSource("testdata")
	checkError(t, err, "testdata", ErrUnsupported, "文件夹")
	_, err = Read(Source{Path: "testdata/report.txt", Size: 10}, Options{MaxFileSize: 5})
	checkError(t, err, "testdata/report.txt", ErrTooLarge, "上限")
}

// TestReadHTMLSplitArticle reads a page whose article stands in two
// containers of the same class, cut apart by a block of related links: both
// are the article, in order; the links are chrome. (The <h1> is not added
// as a line: its text stands in the preamble already.)
func TestReadHTMLSplitArticle(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>社区人大代表述职报告（精选2篇）_范文站</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/shuzhi/">述职报告</a></div>
<div class="main"><h1>社区人大代表述职报告（精选2篇）</h1>
<div class="post-content"><p>以下是小编整理的社区人大代表述职报告（精选2篇），欢迎阅读。</p>
<p>社区人大代表述职报告篇一</p><p>各位代表：</p>
<p>本人颜秋实，桂湖区第九届人大代表。一年来，我参加区人代会，提出关于社区食堂建设的建议2件，参加视察3次，接待居民40人次。</p></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/1.html">社区书记述职报告范文</a></li><li><a href="/2.html">人大代表履职报告（通用5篇）</a></li></ul></div>
<div class="post-content"><p>社区人大代表述职报告篇二</p><p>各位选民：</p>
<p>我叫付兰英，是桂湖区第九届人大代表，在社区开了一家便利店。这一年，我提出关于规范小区充电桩管理的建议1件，走访居民60余户。</p></div>
</div><div class="footer">版权所有</div></body></html>`
	src := NamedSource("page.html", "")
	f, err := ReadBytes(src, []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, src, f)
	var firsts []string
	for _, d := range f.Docs {
		first, _, _ := strings.Cut(d.Text, "\n")
		firsts = append(firsts, first)
	}
	want := []string{"以下是小编整理的社区人大代表述职报告（精选2篇），欢迎阅读。", "社区人大代表述职报告篇二"}
	if strings.Join(firsts, "|") != strings.Join(want, "|") {
		t.Errorf("documents start at %q, want %q", firsts, want)
	}
	if len(f.Docs) == 2 && (!strings.Contains(f.Docs[1].Text, "付兰英") || strings.Contains(f.Docs[0].Text+f.Docs[1].Text, "相关文章")) {
		t.Errorf("second container lost or related links kept:\n%s\n---\n%s", f.Docs[0].Text, f.Docs[1].Text)
	}
}
