package ingesttest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Hostile is the hostile-file corpus of issue 13 as WriteHostile writes it:
// a folder of good reports mixed with files built to take an ingest down.
type Hostile struct {
	Dir   string        // the folder to ingest
	Cases []HostileCase // every file (or zip member) under Dir and what reading it must give
}

// HostileCase is one file under Hostile.Dir and the outcome expected with
// ingest's default budget.
type HostileCase struct {
	// Name is where the file is: its slash path under Dir, with "!/" and
	// the member path for a zip member ("zip-bomb.zip!/zeros.txt"), as
	// corpus.Provenance prints it. A failure reported for the zip itself
	// (an unsafe member name) is named by the zip.
	Name string
	What string // what it is, in English
	// Want is "ok" for a file that must be read and stored, else text the
	// error line of the file must contain: the reason's sentinel
	// ("文件过大", "解析超时", "文件已损坏或不完整"…) and often a figure.
	Want string
	// Detail is more text the error line must contain ("5000 页"), or, for
	// "ok", text one of the file's documents must contain (a sentence
	// only a correct reading gives). "" for none.
	Detail string
	// Warn is text a warning about the file must contain ("编码混杂"); ""
	// when no warning is expected.
	Warn string
	// Issue marks the six cases of issue 13's table.
	Issue bool
}

// Ok reports whether the case must be read and stored.
func (c HostileCase) Ok() bool { return c.Want == "ok" }

// GoodReports is how many good reports WriteHostile mixes in, under good/.
const GoodReports = 18

// WriteHostile writes the hostile corpus into dir, which it creates: the
// folder to ingest (dir/input) and, beside it, a file that a link inside
// the folder points to (dir/outside). Everything is deterministic; the
// large cases are written as streams (the 200 MB Word body is a compressed
// block repeated), so writing the corpus takes about 270 MB of disk (two
// 60 MB files with photos, a 50 MB and a 40 MB file refused from their
// first bytes), a few seconds and little memory. Expected outcomes assume ingest's default
// Options. The file named unreadable.txt is made unreadable with chmod;
// when the process can read it anyway (it runs as root), the case expects
// "ok".
func WriteHostile(dir string) (*Hostile, error) {
	h := &Hostile{Dir: filepath.Join(dir, "input")}
	w := &hostileWriter{h: h}
	for _, d := range []string{h.Dir, filepath.Join(h.Dir, "good"), filepath.Join(dir, "outside")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	w.good()
	w.text()
	w.docx()
	w.pdf()
	w.html()
	w.oversized()
	w.zips()
	if w.err == nil {
		w.links(dir)
	}
	if w.err != nil {
		return nil, w.err
	}
	return h, nil
}

type hostileWriter struct {
	h   *Hostile
	err error
}

// file writes data at name under Dir and adds its case.
func (w *hostileWriter) file(name string, data []byte, c HostileCase) {
	w.write(name, data)
	w.add(name, c)
}

// write writes data at name under Dir.
func (w *hostileWriter) write(name string, data []byte) {
	if w.err == nil {
		w.err = os.WriteFile(filepath.Join(w.h.Dir, filepath.FromSlash(name)), data, 0o644)
	}
}

// stream writes a file through write and adds its case.
func (w *hostileWriter) stream(name string, write func(io.Writer) error, c HostileCase) {
	if w.err != nil {
		return
	}
	f, err := os.Create(filepath.Join(w.h.Dir, filepath.FromSlash(name)))
	if err != nil {
		w.err = err
		return
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	w.err = err
	w.add(name, c)
}

func (w *hostileWriter) add(name string, c HostileCase) {
	c.Name = name
	w.h.Cases = append(w.h.Cases, c)
}

// goodReport is the text of good report i, with the marker only it holds.
func goodReport(i int) (text, marker string) {
	towns := []string{"青石镇", "柳河乡", "南岭镇", "东湖街道", "白杨镇", "西坪乡"}
	surnames := "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦"
	given := []string{"建国", "秀兰", "志强", "海燕", "文博", "春梅", "立新", "晓东", "玉珍"}
	sn := []rune(surnames)
	name := string(sn[i%len(sn)]) + given[i%len(given)]
	town := towns[i%len(towns)]
	marker = fmt.Sprintf("材料编号HX%02d", i)
	text = fmt.Sprintf("%d年度%s人大代表履职报告\n（%s）\n各位选民：\n"+
		"本人%s，于%d年当选为%s第十九届人民代表大会代表。一年来，我认真履行代表职责，现将履职情况报告如下。\n"+
		"一、参加会议和活动情况\n全年参加镇人大组织的视察、调研活动%d次，走访选民%d户，收集群众意见%d条。\n"+
		"二、提出意见建议情况\n围绕农村道路养护、饮水安全和学校周边交通秩序，提出意见建议%d条，其中%d条已经办结。\n"+
		"三、存在的不足\n学习不够深入，联系选民的方式还比较单一。今后我将继续努力，更好地为群众服务。\n",
		2020+i%4, town, marker, name, 2018+i%4, town, 3+i%5, 20+i, 5+i%7, 2+i%6, 1+i%3)
	return text, marker
}

// good writes the good reports, in every format and encoding ingest reads.
func (w *hostileWriter) good() {
	for i := 1; i <= GoodReports; i++ {
		text, marker := goodReport(i)
		c := HostileCase{What: "a good report", Want: "ok", Detail: marker}
		lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
		switch i % 6 {
		case 0:
			w.file(fmt.Sprintf("good/r%02d.docx", i), Docx(lines, DocxOptions{SplitRuns: 9}), c)
		case 1:
			w.file(fmt.Sprintf("good/r%02d.pdf", i), PDF([][]string{lines}, PDFOptions{Wrap: 28}), c)
		case 2:
			b, err := Encode(text, "gbk")
			if err != nil {
				w.err = err
				return
			}
			w.file(fmt.Sprintf("good/r%02d.txt", i), b, c)
		case 3:
			page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>履职报告</title></head><body><div class=\"nav\">首页 | 代表风采</div><div class=\"content\">"
			for _, l := range lines {
				page += "<p>" + escape(l) + "</p>"
			}
			w.file(fmt.Sprintf("good/r%02d.html", i), []byte(page+"</div></body></html>"), c)
		case 4:
			b, err := Encode(text, "utf-16le")
			if err != nil {
				w.err = err
				return
			}
			w.file(fmt.Sprintf("good/r%02d.txt", i), b, c)
		default:
			w.file(fmt.Sprintf("good/r%02d.txt", i), []byte(text), c)
		}
	}
}

// text writes the plain-text cases.
func (w *hostileWriter) text() {
	w.stream("txt-50mb-one-line.txt", func(out io.Writer) error {
		return repeatTo(out, []byte("我认真履行代表职责，积极参加各项活动。"), 50<<20)
	}, HostileCase{What: "a 50 MB .txt on one line", Want: "文件过大", Detail: "50 MB", Issue: true})
	w.stream("txt-10mb-newlines.txt", func(out io.Writer) error {
		return repeatTo(out, []byte("\n"), 10<<20)
	}, HostileCase{What: "a 10 MB .txt of newlines", Want: "文件过大", Detail: "10 MB", Issue: true})
	w.stream("txt-3mb-one-line.txt", func(out io.Writer) error {
		_, err := io.WriteString(out, "长行测试报告标记：")
		if err == nil {
			err = repeatTo(out, []byte("我坚持到代表联络站接待选民，推动解决了群众反映强烈的道路积水问题，"), 3<<20)
		}
		return err
	}, HostileCase{What: "a 3 MB .txt on one line, under the text cap", Want: "ok", Detail: "长行测试报告标记"})

	// A UTF-8 report with one sentence pasted in GBK, a stray byte and a
	// character cut short.
	gbkLine, err := Encode("关于加强农村饮水安全工作的建议已提交镇政府办理。", "gbk")
	if err != nil {
		w.err = err
		return
	}
	var mixed bytes.Buffer
	mixed.WriteString("2023年度镇人大代表履职报告\n各位选民：\n本人于2021年当选为镇人大代表，现将一年来的履职情况报告如下。\n")
	mixed.Write(gbkLine)
	mixed.WriteString("\n全年参加视察活动6次，\xff走访选民40余户。\n存在的不足是调研不够深入\xe4\xb8\n")
	w.file("txt-mixed-encoding.txt", mixed.Bytes(), HostileCase{What: "UTF-8 with one GBK sentence and a few invalid bytes",
		Want: "ok", Detail: "关于加强农村饮水安全工作的建议已提交镇政府办理。", Warn: "编码混杂"})

	w.file("empty.txt", nil, HostileCase{What: "an empty file", Want: "没有可读的文字"})
	binary := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(13, 1))
	for i := range binary {
		binary[i] = byte(rng.IntN(256))
	}
	w.file("binary.txt", binary, HostileCase{What: "random bytes named .txt", Want: "不是文本文件"})
}

// docx writes the Word cases.
func (w *hostileWriter) docx() {
	const head = xml.Header + `<w:document xmlns:w="` + nsW + `"><w:body>`
	const tail = `<w:sectPr/></w:body></w:document>`
	rng := rand.New(rand.NewPCG(13, 2))
	phrases := []string{"我积极参加代表活动", "深入走访选民群众", "围绕乡村振兴提出建议", "推动解决道路积水问题",
		"参加执法检查", "督促建议办理落实", "认真学习法律法规", "列席镇人大主席团会议"}

	// 200 MB of paragraphs with text: numbers and phrases varied enough that
	// the member compresses about 20:1, well under the zip ratio cap.
	var text bytes.Buffer
	for text.Len() < 1<<20 {
		fmt.Fprintf(&text, `<w:p><w:r><w:t>%s%d次，%s%d条。</w:t></w:r></w:p>`,
			phrases[rng.IntN(len(phrases))], rng.IntN(100000), phrases[rng.IntN(len(phrases))], rng.IntN(1000))
	}
	w.stream("docx-200mb.docx", func(out io.Writer) error {
		return bigDocx(out, head, text.Bytes(), tail, 200)
	}, HostileCase{What: "a .docx whose document.xml is 200 MB", Want: "文件过大", Detail: "文字超过上限 4 MB", Issue: true})

	// 200 MB of empty paragraphs: little text, so the cap on what is
	// decompressed ends it.
	var markup bytes.Buffer
	for markup.Len() < 1<<20 {
		fmt.Fprintf(&markup, `<w:p w:rsidR="%08X" w:rsidRDefault="00D13C6A"><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/></w:pPr></w:p>`, rng.Uint32())
	}
	w.stream("docx-markup-200mb.docx", func(out io.Writer) error {
		return bigDocx(out, head, markup.Bytes(), tail, 200)
	}, HostileCase{What: "a .docx whose 200 MB document.xml is empty paragraphs", Want: "文件过大", Detail: "解压或解码后超过上限 64 MB"})

	// One run of 20 MB of text: a single XML token.
	var run bytes.Buffer
	for run.Len() < 1<<20 {
		fmt.Fprintf(&run, "%s%d，", phrases[rng.IntN(len(phrases))], rng.IntN(100000))
	}
	w.stream("docx-one-run.docx", func(out io.Writer) error {
		return bigDocx(out, head+`<w:p><w:r><w:t>`, run.Bytes(), `</w:t></w:r></w:p>`+tail, 20)
	}, HostileCase{What: "a .docx holding one run of 20 MB of text", Want: "文件过大"})

	xxe := head[:len(xml.Header)] + `<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
		head[len(xml.Header):] + `<w:p><w:r><w:t>外部实体：&xxe;</w:t></w:r></w:p>` + tail
	w.file("docx-xxe.docx", docxWithBody(xxe), HostileCase{What: "XXE: an external entity naming /etc/passwd", Want: "文件已损坏"})
	laughs := `<!DOCTYPE w:document [<!ENTITY lol "lol">`
	for i := 1; i <= 9; i++ {
		laughs += fmt.Sprintf(`<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	laughs = strings.Replace(laughs, "&lol0;", "&lol;", -1) + "]>"
	bl := head[:len(xml.Header)] + laughs + head[len(xml.Header):] + `<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>` + tail
	w.file("docx-billion-laughs.docx", docxWithBody(bl), HostileCase{What: "billion laughs: nested entities", Want: "文件已损坏"})

	text1, _ := goodReport(90)
	d := Docx(strings.Split(text1, "\n"), DocxOptions{})
	w.file("docx-truncated.docx", d[:len(d)/2], HostileCase{What: "a .docx cut in half", Want: "文件已损坏"})
}

// pdf writes the PDF cases.
func (w *hostileWriter) pdf() {
	// A page tree whose /Pages node lists itself (after one real page).
	loop := &pdfWriter{}
	loop.buf.WriteString("%PDF-1.4\n")
	loop.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	loop.object(2, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>")
	loop.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	loop.stream(4, "", []byte("BT /F1 12 Tf 72 760 Td (Page tree loop) Tj ET"))
	loop.object(5, "<< /Producer (lvzhi ingesttest) >>")
	w.file("pdf-loop-pages.pdf", loop.finish(1, 5), HostileCase{What: "a PDF whose /Pages node lists itself", Want: "文件已损坏", Detail: "循环", Issue: true})

	// 5,000 pages sharing one content stream of 40 lines; the second file
	// says /Count 1.
	var content bytes.Buffer
	for k := range 40 {
		fmt.Fprintf(&content, "BT /F1 12 Tf 72 %d Td <%s> Tj ET\n", 780-k*18, utf16Hex(fmt.Sprintf("第%d行：我积极参加代表活动，深入走访选民群众，认真听取意见建议。", k+1)))
	}
	for _, count := range []int{5000, 1} {
		p := &pdfWriter{}
		p.buf.WriteString("%PDF-1.4\n")
		p.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
		kids := make([]string, 5000)
		for i := range kids {
			kids[i] = fmt.Sprintf("%d 0 R", 6+i)
		}
		p.object(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), count))
		p.object(3, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [] >>")
		p.stream(4, "", content.Bytes())
		p.object(5, "<< /Producer (lvzhi ingesttest) >>")
		for i := range kids {
			p.object(6+i, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
		}
		name, c := "pdf-5000-pages.pdf", HostileCase{What: "a PDF with a 5,000-page body", Want: "文件过大", Detail: "5000 页", Issue: true}
		if count == 1 {
			name, c = "pdf-5000-pages-count1.pdf", HostileCase{What: "a PDF with 5,000 pages that says /Count 1", Want: "文件过大", Detail: "超过上限 2000 页"}
		}
		w.file(name, p.finish(1, 5), c)
	}

	// One page whose content stream is 5 million tiny operations with 0.15
	// MB of text among them.
	var chunk bytes.Buffer
	for k := range 1000 {
		if k%100 == 0 {
			chunk.WriteString("<4E2D> Tj\n")
			continue
		}
		chunk.WriteString("0 0 Td\n")
	}
	w.pdfStream("pdf-operand-bomb.pdf", []byte("BT /F1 12 Tf 72 760 Td\n"), chunk.Bytes(), []byte("ET\n"), 5000,
		HostileCase{What: "a PDF whose one content stream holds 5 million tiny operations", Want: "文件过大", Detail: "个操作", Issue: true})
	// 300 MB of spaces deflated: the cap on what is decompressed.
	w.pdfStream("pdf-flate-bomb.pdf", []byte("BT /F1 12 Tf 72 760 Td <4E2D> Tj ET\n"), bytes.Repeat([]byte(" "), 1<<20), nil, 300,
		HostileCase{What: "a PDF whose content stream inflates to 300 MB", Want: "文件过大", Detail: "解压或解码后超过上限 64 MB"})
	// A content stream that ends inside a hex string (upstream read it
	// forever).
	w.pdfStream("pdf-hex-eof.pdf", nil, []byte("BT /F1 12 Tf 72 760 Td <"+utf16Hex("十六进制串测试报告")+"> Tj ET\nBT <4E2D"), nil, 1,
		HostileCase{What: "a PDF whose content ends inside a hex string", Want: "ok", Detail: "十六进制串测试报告"})

	// A cross-reference section whose /Prev is itself.
	prev := &pdfWriter{}
	prev.buf.WriteString("%PDF-1.4\n")
	prev.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	prev.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	prev.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	prev.stream(4, "", []byte("BT /F1 12 Tf 72 760 Td (Xref loop) Tj ET"))
	prev.object(5, "<< /Producer (lvzhi ingesttest) >>")
	w.file("pdf-xref-loop.pdf", prev.finishPrev(1, 5), HostileCase{What: "a PDF whose xref /Prev points to itself", Want: "文件已损坏"})

	// A page that is its own /Parent and has no /Resources: the inherited
	// lookup must end.
	parent := &pdfWriter{}
	parent.buf.WriteString("%PDF-1.4\n")
	parent.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	parent.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	parent.object(3, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
	parent.stream(4, "", []byte("BT /F1 12 Tf 72 760 Td (Parent loop report) Tj ET"))
	parent.object(5, "<< /Producer (lvzhi ingesttest) >>")
	w.file("pdf-parent-loop.pdf", parent.finish(1, 5), HostileCase{What: "a PDF page that is its own /Parent", Want: "ok", Detail: "Parent loop report"})

	text1, _ := goodReport(91)
	p := PDF([][]string{strings.Split(text1, "\n")}, PDFOptions{})
	w.file("pdf-truncated.pdf", p[:len(p)/3], HostileCase{What: "a PDF cut to a third", Want: "文件已损坏"})
}

// pdfStream writes a one-page PDF whose content stream is head, chunk
// repeated n times and tail, deflated as a stream.
func (w *hostileWriter) pdfStream(name string, head, chunk, tail []byte, n int, c HostileCase) {
	w.stream(name, func(out io.Writer) error { return writePDFStream(out, head, chunk, tail, n) }, c)
}

func writePDFStream(out io.Writer, head, chunk, tail []byte, n int) error {
	var z bytes.Buffer
	z.Write([]byte{0x78, 0x01}) // zlib header: deflate, no dictionary
	sum := adler32.New()
	if _, err := repeatedDeflate(&z, sum, head, chunk, tail, n); err != nil {
		return err
	}
	binary.Write(&z, binary.BigEndian, sum.Sum32())
	p := &pdfWriter{}
	p.buf.WriteString("%PDF-1.4\n")
	p.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	p.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	p.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
	p.object(4, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [] >>")
	p.stream(5, "/Filter /FlateDecode", z.Bytes())
	p.object(6, "<< /Producer (lvzhi ingesttest) >>")
	_, err := out.Write(p.finish(1, 6))
	return err
}

// PDFWithContent returns a one-page PDF whose content stream is content,
// deflated, with the font /F1 (STSong-Light, UniGB-UCS2-H: strings are
// UTF-16BE) in its resources: the PDF of a test that needs a page of given
// operations.
func PDFWithContent(content []byte) []byte {
	var buf bytes.Buffer
	if err := writePDFStream(&buf, nil, content, nil, 1); err != nil {
		panic("ingesttest: pdf: " + err.Error()) // writing to memory cannot fail
	}
	return buf.Bytes()
}

// finishPrev is finish with a trailer whose /Prev is the xref section
// itself.
func (p *pdfWriter) finishPrev(root, info int) []byte {
	xref := p.buf.Len()
	fmt.Fprintf(&p.buf, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		fmt.Fprintf(&p.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&p.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, root, info, xref, xref)
	return p.buf.Bytes()
}

// oversized writes a docx and a PDF just under the file-size cap whose
// bulk is a photo (read, as the photo is never decoded) and a web page of
// 40 MB of text (refused from its first bytes).
func (w *hostileWriter) oversized() {
	const size = 60 << 20
	text, marker := goodReport(94)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	w.stream("docx-photos.docx", func(out io.Writer) error {
		var body strings.Builder
		dw := &docxWriter{page: 1}
		for _, l := range lines {
			dw.paragraph(&body, l)
		}
		doc := xml.Header + `<w:document xmlns:w="` + nsW + `"><w:body>` + body.String() + `</w:body></w:document>`
		zw := zip.NewWriter(out)
		for _, p := range []part{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}, {"word/document.xml", doc}} {
			fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Modified: Modified, Method: zip.Deflate})
			if err != nil {
				return err
			}
			if _, err := io.WriteString(fw, p.data); err != nil {
				return err
			}
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: "word/media/image1.jpeg", Modified: Modified, Method: zip.Store})
		if err != nil {
			return err
		}
		if err := randomTo(fw, size, 3); err != nil {
			return err
		}
		return zw.Close()
	}, HostileCase{What: "a .docx of 60 MB, a report and a photo", Want: "ok", Detail: marker})

	text, marker = goodReport(95)
	w.stream("pdf-photos.pdf", func(out io.Writer) error {
		cw := &countWriter{w: out}
		var offsets []int64
		obj := func(n int, body string) {
			offsets = append(offsets, cw.n)
			fmt.Fprintf(cw, "%d 0 obj\n%s\nendobj\n", n, body)
		}
		var content bytes.Buffer
		for k, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
			fmt.Fprintf(&content, "BT /F1 12 Tf 72 %d Td <%s> Tj ET\n", 780-k*18, utf16Hex(l))
		}
		content.WriteString("q 400 0 0 300 72 100 cm /Im1 Do Q\n")
		io.WriteString(cw, "%PDF-1.4\n")
		obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
		obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
		obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>")
		obj(4, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [] >>")
		obj(5, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.Bytes()))
		offsets = append(offsets, cw.n)
		fmt.Fprintf(cw, "6 0 obj\n<< /Type /XObject /Subtype /Image /Width 4096 /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\nstream\n", size/4096/3, size)
		if err := randomTo(cw, size, 4); err != nil {
			return err
		}
		io.WriteString(cw, "\nendstream\nendobj\n")
		xref := cw.n
		fmt.Fprintf(cw, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
		for _, off := range offsets {
			fmt.Fprintf(cw, "%010d 00000 n \n", off)
		}
		fmt.Fprintf(cw, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
		return cw.err
	}, HostileCase{What: "a PDF of 60 MB, a page of text and a photo", Want: "ok", Detail: marker})

	w.stream("html-40mb.html", func(out io.Writer) error {
		if _, err := io.WriteString(out, "<html><body><pre>"); err != nil {
			return err
		}
		if err := repeatTo(out, []byte("我认真履行代表职责，积极参加各项活动。\n"), 40<<20); err != nil {
			return err
		}
		_, err := io.WriteString(out, "</pre></body></html>")
		return err
	}, HostileCase{What: "a web page of 40 MB of text", Want: "文件过大", Detail: "上限 32 MB"})
}

// countWriter counts what it writes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// randomTo writes size pseudo-random bytes (as a photo's are), seeded.
func randomTo(w io.Writer, size int, seed uint64) error {
	rng := rand.New(rand.NewPCG(13, seed))
	buf := make([]byte, 64<<10)
	for size > 0 {
		for i := 0; i+8 <= len(buf); i += 8 {
			binary.LittleEndian.PutUint64(buf[i:], rng.Uint64())
		}
		n := min(size, len(buf))
		if _, err := w.Write(buf[:n]); err != nil {
			return err
		}
		size -= n
	}
	return nil
}

// html writes the web-page cases.
func (w *hostileWriter) html() {
	page := "<html><body>" + strings.Repeat(`<div class="nav content">`, 5000) + "<p>深层嵌套网页测试报告：我积极参加代表活动。</p>" + strings.Repeat("</div>", 5000) + "</body></html>"
	w.file("html-deep.html", []byte(page), HostileCase{What: "HTML nested 5,000 deep", Want: "文件已损坏", Detail: "嵌套过深"})

	var many strings.Builder
	many.WriteString("<html><body><div class=\"content\">")
	for range 150_000 {
		many.WriteString("<p><span>字</span></p>")
	}
	many.WriteString("</div></body></html>")
	w.file("html-300k-elements.html", []byte(many.String()), HostileCase{What: "HTML of 300,000 elements", Want: "文件过大", Detail: "网页有"})

	lie, err := Encode("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><title>履职报告</title></head><body><div class=\"content\">"+
		"<p>标签编码测试报告</p><p>各位代表：本人于2021年当选为县人大代表，一年来参加视察活动5次，提出意见建议3条，推动解决了农村饮水安全问题。</p></div></body></html>", "gbk")
	if err != nil {
		w.err = err
		return
	}
	w.file("html-lying-charset.html", lie, HostileCase{What: "a GBK page whose <meta> says big5", Want: "ok", Detail: "标签编码测试报告", Warn: "与内容不符"})
}

// zips writes the zip cases.
func (w *hostileWriter) zips() {
	ok, _ := goodReport(92)
	w.write("zip-bomb.zip", Zip([]ZipEntry{{Name: "zeros.txt", Data: make([]byte, 8<<20)}, {Name: "ok.txt", Data: []byte(ok)}}))
	w.add("zip-bomb.zip!/zeros.txt", HostileCase{What: "a zip bomb member (8 MiB of zeros, ratio about 1000:1)", Want: "压缩炸弹"})
	w.add("zip-bomb.zip!/ok.txt", HostileCase{What: "the good member beside a bomb", Want: "ok", Detail: "材料编号HX92"})

	inner := Zip([]ZipEntry{{Name: "deep.txt", Data: []byte(ok)}})
	for _, n := range []string{"l5.zip", "l4.zip", "l3.zip", "l2.zip"} {
		inner = Zip([]ZipEntry{{Name: n, Data: inner}})
	}
	w.write("zip-nested.zip", inner)
	w.add("zip-nested.zip!/l2.zip!/l3.zip!/l4.zip!/l5.zip", HostileCase{What: "zips nested five deep", Want: "压缩包嵌套超过"})

	w.file("zip-traversal.zip", Zip([]ZipEntry{{Name: "../evil.txt", Data: []byte("越界写入")}, {Name: "/etc/passwd.txt", Data: []byte("绝对路径")}, {Name: "ok.txt", Data: []byte(ok)}}),
		HostileCase{What: "zip members named ../evil.txt and /etc/passwd.txt", Want: "路径不安全"})
	w.add("zip-traversal.zip!/ok.txt", HostileCase{What: "the good member beside them", Want: "ok", Detail: "材料编号HX92"})
}

// links writes the symbolic links and the unreadable file.
func (w *hostileWriter) links(dir string) {
	secret := filepath.Join(dir, "outside", "secret.txt")
	if w.err = os.WriteFile(secret, []byte("输入文件夹之外的文件，不应被读取。\n"), 0o644); w.err != nil {
		return
	}
	link := func(target, name string, c HostileCase) {
		if w.err != nil {
			return
		}
		w.err = os.Symlink(target, filepath.Join(w.h.Dir, name))
		w.add(name, c)
	}
	link(filepath.Join("..", "outside", "secret.txt"), "link-outside.txt", HostileCase{What: "a link to a file outside the folder", Want: "链接指向输入文件夹之外"})
	link(secret, "link-outside-abs.txt", HostileCase{What: "an absolute link to a file outside the folder", Want: "链接指向输入文件夹之外"})
	link(filepath.Join("..", "outside"), "link-outside-dir", HostileCase{What: "a link to a folder outside the folder", Want: "链接指向输入文件夹之外"})
	link(filepath.Join("good", "r05.txt"), "link-inside.txt", HostileCase{What: "a link to a report inside the folder", Want: "ok", Detail: "材料编号HX05"})
	link("nowhere.txt", "link-dangling.txt", HostileCase{What: "a dangling link", Want: "不存在"})

	text, marker := goodReport(93)
	path := filepath.Join(w.h.Dir, "unreadable.txt")
	if w.err = os.WriteFile(path, []byte(text), 0o000); w.err != nil {
		return
	}
	c := HostileCase{What: "a file without read permission", Want: "没有读取权限"}
	if f, err := os.Open(path); err == nil {
		f.Close()
		c = HostileCase{What: "a file without read permission (readable here: root)", Want: "ok", Detail: marker}
	} else if !errors.Is(err, os.ErrPermission) {
		w.err = err
		return
	}
	w.add("unreadable.txt", c)
}

// repeatTo writes unit again and again, size bytes in all.
func repeatTo(w io.Writer, unit []byte, size int) error {
	block := bytes.Repeat(unit, max(1, (64<<10)/len(unit)))
	for size > 0 {
		n := min(size, len(block))
		if _, err := w.Write(block[:n]); err != nil {
			return err
		}
		size -= n
	}
	return nil
}

// repeatedDeflate writes the raw deflate stream of head, chunk repeated n
// times, and tail, compressing chunk once: each part is compressed by a
// fresh compressor and ends on a byte boundary (a sync flush), so the
// compressed chunk can be repeated as it is. sum sees the uncompressed
// bytes; the uncompressed size is returned.
func repeatedDeflate(out io.Writer, sum io.Writer, head, chunk, tail []byte, n int) (int64, error) {
	part := func(data []byte, last bool) ([]byte, error) {
		var b bytes.Buffer
		fw, err := flate.NewWriter(&b, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		fw.Write(data)
		if last {
			err = fw.Close()
		} else {
			err = fw.Flush()
		}
		return b.Bytes(), err
	}
	var size int64
	for _, p := range []struct {
		data  []byte
		times int
		last  bool
	}{{head, 1, false}, {chunk, n, false}, {tail, 1, true}} {
		z, err := part(p.data, p.last)
		if err != nil {
			return 0, err
		}
		for range p.times {
			if _, err := out.Write(z); err != nil {
				return 0, err
			}
			sum.Write(p.data)
			size += int64(len(p.data))
		}
	}
	return size, nil
}

// bigDocx writes a docx whose word/document.xml is head, chunk repeated n
// times, and tail, deflated without ever holding it whole.
func bigDocx(out io.Writer, head string, chunk []byte, tail string, n int) error {
	zw := zip.NewWriter(out)
	for _, p := range []part{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Modified: Modified, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, p.data); err != nil {
			return err
		}
	}
	var z bytes.Buffer
	crc := crc32.NewIEEE()
	size, err := repeatedDeflate(&z, crc, []byte(head), chunk, []byte(tail), n)
	if err != nil {
		return err
	}
	fw, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Modified: Modified, Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(z.Len()), UncompressedSize64: uint64(size)})
	if err != nil {
		return err
	}
	if _, err := fw.Write(z.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// docxWithBody is a docx whose word/document.xml is body, as given.
func docxWithBody(body string) []byte {
	return zipParts([]part{{"[Content_Types].xml", contentTypes}, {"_rels/.rels", rootRels}, {"word/document.xml", body}})
}
