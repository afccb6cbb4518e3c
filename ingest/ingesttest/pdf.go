package ingesttest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// PDFOptions tunes PDF.
type PDFOptions struct {
	// Encoding of the text layer:
	//
	//	"ucs2" (the default): a Type0 font STSong-Light with the predefined
	//	       CMap UniGB-UCS2-H, strings in UTF-16BE, and a ToUnicode CMap;
	//	       as PDF export from office suites writes Chinese text.
	//	"gbk-raw": a Type0 font SimSun with the CMap GBK-EUC-H, strings in
	//	       GBK, and no ToUnicode, as Windows print-to-PDF drivers write it.
	//	       Readers that do not know the CMap (ledongthuc/pdf among them)
	//	       hand back the raw GBK bytes; a character GBK lacks becomes '?'.
	Encoding string
	// NoText draws a grey image instead of text on every page, so the file
	// has pages but no text layer, like a scan. At least one page is made.
	NoText bool
	// Wrap > 0 breaks every line longer than Wrap characters into several
	// lines, as text laid out on a page is; 0 writes lines as given.
	Wrap int
	// FontSize in points; 0 means 12.
	FontSize float64
	// Title goes into the document information dictionary; "" leaves it out.
	Title string
}

const (
	pageWidth  = 595 // A4 in points
	pageHeight = 842
	marginX    = 72
	marginTop  = 72
	marginBot  = 72
)

// PDF returns a PDF 1.4 file with one page per element of pages, each
// string a line of text from the top of the page down. A page whose lines
// do not fit continues on a new page; a blank line is a gap with no text.
// Each line is one BT…ET text object placed with Td and shown with one Tj,
// in reading order, so that readers extracting text get the lines in order
// (ledongthuc/pdf starts each text object on a new line; it cannot take T*
// with a two-byte font: it decodes the "\n" it writes for T* through the
// font and fails on the odd length). Everything is
// uncompressed and the objects are numbered in a fixed order, so the bytes
// depend on the input only.
func PDF(pages [][]string, opt PDFOptions) []byte {
	size := opt.FontSize
	if size <= 0 {
		size = 12
	}
	leading := size * 5 / 3
	perPage := int((pageHeight-marginTop-marginBot)/leading) + 1
	gbk := opt.Encoding == "gbk-raw"

	// Lay the lines out on pages.
	var laid [][]string
	for _, lines := range pages {
		var cur []string
		for _, l := range lines {
			for _, w := range wrap(l, opt.Wrap) {
				if len(cur) == perPage {
					laid = append(laid, cur)
					cur = nil
				}
				cur = append(cur, w)
			}
		}
		laid = append(laid, cur)
	}
	if len(laid) == 0 {
		laid = [][]string{nil}
	}

	p := &pdfWriter{}
	p.buf.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	// Object numbers: 1 catalog, 2 page tree, 3 info, 4 font (Type0),
	// 5 CID font, 6 font descriptor, 7 ToUnicode or image, then two per
	// page (page, content).
	const catalog, tree, info, font, cidFont, descriptor, extra = 1, 2, 3, 4, 5, 6, 7
	first := 8
	kids := make([]string, len(laid))
	for i := range laid {
		kids[i] = fmt.Sprintf("%d 0 R", first+2*i)
	}

	p.object(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", tree))
	p.object(tree, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(laid)))
	infoDict := "<< /Producer (lvzhi ingesttest) /CreationDate (D:20221130093000+08'00') /ModDate (D:20221130093000+08'00')"
	if opt.Title != "" {
		infoDict += " /Title <FEFF" + utf16Hex(opt.Title) + ">"
	}
	p.object(info, infoDict+" >>")

	var resources string
	switch {
	case opt.NoText:
		p.object(font, "null")
		p.object(cidFont, "null")
		p.object(descriptor, "null")
		img := make([]byte, 32*32)
		for i := range img {
			x, y := i%32, i/32
			img[i] = byte(160 + (x*7+y*3)%64) // a grey, paper-like texture
		}
		p.stream(extra, "/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray /BitsPerComponent 8", img)
		resources = fmt.Sprintf("<< /XObject << /Im1 %d 0 R >> >>", extra)
	case gbk:
		p.object(font, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H /DescendantFonts [%d 0 R] >>", cidFont))
		p.object(cidFont, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R /DW 1000 >>", descriptor))
		p.object(descriptor, "<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>")
		p.object(extra, "null")
		resources = fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
	default:
		p.object(font, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cidFont, extra))
		p.object(cidFont, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R /DW 1000 >>", descriptor))
		p.object(descriptor, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
		p.stream(extra, "", []byte(toUnicode(laid)))
		resources = fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
	}

	for i, lines := range laid {
		page, content := first+2*i, first+2*i+1
		p.object(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>",
			tree, pageWidth, pageHeight, resources, content))
		var c bytes.Buffer
		if opt.NoText {
			fmt.Fprintf(&c, "q\n%d 0 0 %d %d %d cm\n/Im1 Do\nQ\n", pageWidth-2*marginX, pageHeight-marginTop-marginBot, marginX, marginBot)
		} else {
			for k, l := range lines {
				if l == "" {
					continue // a blank line is only a gap on the page
				}
				y := pageHeight - marginTop - size - float64(k)*leading
				fmt.Fprintf(&c, "BT\n/F1 %s Tf\n%d %s Td\n<%s> Tj\nET\n", num(size), marginX, num(y), textHex(l, gbk))
			}
		}
		p.stream(content, "", c.Bytes())
	}
	return p.finish(catalog, info)
}

type pdfWriter struct {
	buf     bytes.Buffer
	offsets []int // offsets[n] is where object n starts; objects are written in order
}

func (p *pdfWriter) object(n int, body string) {
	p.begin(n)
	p.buf.WriteString(body)
	p.buf.WriteString("\nendobj\n")
}

func (p *pdfWriter) stream(n int, dict string, data []byte) {
	p.begin(n)
	if dict != "" {
		dict += " "
	}
	fmt.Fprintf(&p.buf, "<< %s/Length %d >>\nstream\n", dict, len(data))
	p.buf.Write(data)
	p.buf.WriteString("\nendstream\nendobj\n")
}

func (p *pdfWriter) begin(n int) {
	if n != len(p.offsets)+1 {
		panic(fmt.Sprintf("ingesttest: pdf object %d written out of order", n)) // a bug in this file
	}
	p.offsets = append(p.offsets, p.buf.Len())
	fmt.Fprintf(&p.buf, "%d 0 obj\n", n)
}

func (p *pdfWriter) finish(root, info int) []byte {
	xref := p.buf.Len()
	fmt.Fprintf(&p.buf, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		fmt.Fprintf(&p.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&p.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, root, info, xref)
	return p.buf.Bytes()
}

// wrap breaks s into lines of at most n characters (n <= 0: no wrapping).
func wrap(s string, n int) []string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return []string{s}
	}
	var out []string
	count, start := 0, 0
	for i := range s {
		if count == n {
			out = append(out, s[start:i])
			start, count = i, 0
		}
		count++
	}
	return append(out, s[start:])
}

// textHex is the hex string of s in the font's encoding.
func textHex(s string, gbk bool) string {
	if !gbk {
		return utf16Hex(s)
	}
	var b strings.Builder
	for _, r := range s {
		enc, err := Encode(string(r), "gbk")
		if err != nil {
			enc = []byte{'?'}
		}
		fmt.Fprintf(&b, "%X", enc)
	}
	return b.String()
}

func utf16Hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// toUnicode is a ToUnicode CMap mapping every UTF-16 code unit used in
// pages to itself (the codes of UniGB-UCS2-H are Unicode already), in
// blocks of at most 100 entries as the CMap format requires.
func toUnicode(pages [][]string) string {
	used := map[uint16]bool{}
	for _, lines := range pages {
		for _, l := range lines {
			for _, u := range utf16.Encode([]rune(l)) {
				if u < 0xD800 || u > 0xDFFF { // surrogates cannot map alone
					used[u] = true
				}
			}
		}
	}
	codes := make([]int, 0, len(used))
	for u := range used {
		codes = append(codes, int(u))
	}
	sort.Ints(codes)

	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(codes) > 0 {
		n := min(len(codes), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range codes[:n] {
			fmt.Fprintf(&b, "<%04X> <%04X>\n", c, c)
		}
		b.WriteString("endbfchar\n")
		codes = codes[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}

// num formats a PDF number without a trailing ".0".
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
