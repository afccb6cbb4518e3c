package ingesttest

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DocxOptions tunes Docx.
type DocxOptions struct {
	Title  string // docProps/core.xml dc:title; "" leaves it out
	Author string // dc:creator and cp:lastModifiedBy; "" leaves them out
	// SplitRuns > 0 cuts the text of each paragraph into runs of at most
	// that many characters, as Word does after edits and spell checks
	// (a reader must join runs without adding anything). 0 writes one run per
	// piece of text.
	SplitRuns int
}

// Docx returns a minimal but complete Word 2007+ document (.docx) whose
// body holds one paragraph per element of paras, in order. A small markup
// in the strings stands for what real documents carry:
//
//	|a|b|c|        a table row with cells a, b, c; consecutive rows form one table
//	[[page]]       a page break at that point of the paragraph, so a sentence
//	               can be split across pages (<w:br w:type="page"/>)
//	[[bookmark]]   a _GoBack bookmark (<w:bookmarkStart>/<w:bookmarkEnd>)
//	[[field:PAGE]] a field: begin, instruction text " PAGE ", separate, the
//	               current page number as the result, end
//	a tab          <w:tab/>
//
// An empty string is an empty paragraph. Text is XML-escaped; control
// characters other than tab (line breaks included: a paragraph is one line)
// and the characters XML 1.0 does not allow are dropped.
func Docx(paras []string, opt DocxOptions) []byte {
	var body strings.Builder
	w := &docxWriter{opt: opt, page: 1}
	eachBlock(paras, func(s string) { w.paragraph(&body, s) }, func(rows [][]string, cols int) { w.table(&body, rows, cols) })

	doc := xml.Header + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` +
		body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>` +
		`</w:body></w:document>`

	return zipParts([]part{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/document.xml", doc},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"docProps/core.xml", coreProps(opt)},
		{"docProps/app.xml", appProps},
	})
}

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

type docxWriter struct {
	opt      DocxOptions
	page     int // current page, for PAGE fields
	bookmark int // next bookmark id
}

func (w *docxWriter) table(b *strings.Builder, cells [][]string, cols int) {
	width := 8306 / cols // the text width of an A4 page with Word's default margins, in twips
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, width)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, row := range cells {
		b.WriteString(`<w:tr>`)
		for _, text := range row {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, width)
			w.paragraph(b, text)
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
}

func (w *docxWriter) paragraph(b *strings.Builder, s string) {
	if s == "" {
		b.WriteString(`<w:p/>`)
		return
	}
	b.WriteString(`<w:p><w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLineChars="200" w:firstLine="560"/></w:pPr>`)
	eachMark(s, func(s string) { w.text(b, s) }, func(tag string) {
		switch {
		case tag == "page":
			b.WriteString(`<w:r><w:br w:type="page"/></w:r>`)
			w.page++
		case tag == "bookmark":
			id := strconv.Itoa(w.bookmark)
			w.bookmark++
			b.WriteString(`<w:bookmarkStart w:id="` + id + `" w:name="_GoBack"/><w:bookmarkEnd w:id="` + id + `"/>`)
		case strings.HasPrefix(tag, "field:"):
			instr := strings.TrimPrefix(tag, "field:")
			result := ""
			if strings.EqualFold(instr, "PAGE") {
				result = strconv.Itoa(w.page)
			}
			b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + escape(instr) + ` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
			if result != "" {
				b.WriteString(`<w:r><w:t>` + result + `</w:t></w:r>`)
			}
			b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		default: // not markup: keep it as text
			w.text(b, "[["+tag+"]]")
		}
	})
	b.WriteString(`</w:p>`)
}

// text writes s as runs: tabs become <w:tab/>, and with SplitRuns the text
// is cut into several runs.
func (w *docxWriter) text(b *strings.Builder, s string) {
	for s != "" {
		piece := s
		if n := w.opt.SplitRuns; n > 0 {
			count := 0
			for i := range s {
				if count == n {
					piece = s[:i]
					break
				}
				count++
			}
		}
		s = s[len(piece):]
		b.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="28"/></w:rPr>`)
		for k, seg := range strings.Split(piece, "\t") {
			if k > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if seg != "" {
				b.WriteString(`<w:t xml:space="preserve">` + escape(seg) + `</w:t>`)
			}
		}
		b.WriteString(`</w:r>`)
	}
}

// escape XML-escapes s and drops the characters XML 1.0 forbids.
func escape(s string) string {
	var b strings.Builder
	clean := strings.Map(func(r rune) rune {
		if r == '\t' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			if r == utf8.RuneError {
				return -1
			}
			return r
		}
		return -1
	}, s)
	if err := xml.EscapeText(&b, []byte(clean)); err != nil {
		panic("ingesttest: " + err.Error()) // a strings.Builder never fails
	}
	return b.String()
}

func coreProps(opt DocxOptions) string {
	var b strings.Builder
	b.WriteString(xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if opt.Title != "" {
		b.WriteString(`<dc:title>` + escape(opt.Title) + `</dc:title>`)
	}
	if opt.Author != "" {
		b.WriteString(`<dc:creator>` + escape(opt.Author) + `</dc:creator><cp:lastModifiedBy>` + escape(opt.Author) + `</cp:lastModifiedBy>`)
	}
	stamp := Modified.Format("2006-01-02T15:04:05Z")
	b.WriteString(`<cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`)
	return b.String()
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

const styles = xml.Header + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>` +
	`</w:styles>`

const appProps = xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>`
