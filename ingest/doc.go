package ingest

// The Word 97-2003 binary format ([MS-DOC]), as far as reading the main
// text needs it:
//
//   - The file is an OLE compound file (read with mscfb). Its WordDocument
//     stream starts with the FIB; the FIB's fWhichTblStm bit says whether
//     the tables live in the 0Table or the 1Table stream.
//   - The text is described by the piece table: the CLX at fcClx/lcbClx in
//     the table stream holds optional Prc records, then a Pcdt whose PlcPcd
//     is n+1 character positions (CPs) followed by n 8-byte PCDs. Each PCD
//     says where its characters are in the WordDocument stream: 16-bit
//     (UTF-16LE at fc) or "compressed" 8-bit (cp1252 at fc/2, with 0x82-0x9F
//     mapped as the spec's table says). One document may mix both.
//   - The main document is CPs [0, ccpText); footnotes, headers, comments
//     and text boxes follow it and are not read.
//   - Character properties (CHPX) and paragraph properties (PAPX) live in
//     512-byte FKP pages of the WordDocument stream, found through the
//     PlcBteChpx and PlcBtePapx of the table stream and keyed by stream
//     offset (FC). They say which text is hidden (sprmCFVanish) or deleted
//     with revision marks (sprmCFRMarkDel), and which paragraph marks are
//     table-row ends (sprmPFTtp) or inside a table (sprmPFInTable).
//
// Every offset and count read from the file is checked against the size of
// the stream it points into before anything is allocated or sliced, so a
// corrupt or hostile file costs at most a few times its own size.

import (
	"bytes"
	"encoding/binary"
	"io"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Word's special characters in the text stream.
const (
	docPara       = 0x0D // paragraph mark
	docLineBreak  = 0x0B // manual line break (Shift+Enter)
	docPageBreak  = 0x0C // page or section break
	docCell       = 0x07 // end of a table cell, or of a table row (a TTP paragraph)
	docFieldBegin = 0x13
	docFieldSep   = 0x14
	docFieldEnd   = 0x15
	docNBHyphen   = 0x1E // non-breaking hyphen
	docSoftHyphen = 0x1F // optional hyphen: invisible unless the line breaks there
)

// oleStreams are the top-level streams of a compound file that decide how
// it is read.
type oleStreams struct {
	word, table0, table1, summary *mscfb.File
	other                         string // a stream naming another Office application ("Workbook", …)
}

// readDoc reads the main text of a Word 97-2003 document (.doc, .dot) or of
// a WPS Office file saved in the same binary layout (.wps), and the title
// from its SummaryInformation.
func readDoc(rd *reading, data []byte, ext string) (x extracted, err error) {
	// mscfb checks most of what it reads, but it is not ours to prove: a
	// panic inside it on a hostile file is a corrupt file, never a crash.
	defer func() {
		if r := recover(); r != nil {
			x, err = extracted{}, reason(ErrCorrupt, "复合文档结构异常，无法读取")
		}
	}()
	cf, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if notWordExt(ext) {
			return extracted{}, unsupported(kindOLE, ext)
		}
		return extracted{}, reason(ErrCorrupt, "复合文档（OLE）结构无法解析，文件可能已被截断")
	}
	var s oleStreams
	for _, f := range cf.File {
		if len(f.Path) != 0 || f.FileInfo().IsDir() {
			continue
		}
		switch f.Name {
		case "WordDocument":
			s.word = f
		case "0Table":
			s.table0 = f
		case "1Table":
			s.table1 = f
		case "SummaryInformation":
			if f.Initial == 5 {
				s.summary = f
			}
		case "Workbook", "Book":
			s.other = "Excel"
		case "PowerPoint Document":
			s.other = "PowerPoint"
		}
	}
	if s.word == nil {
		return extracted{}, noWordStream(ext, s.other)
	}
	word, err := readStream(rd, s.word, data)
	if err != nil {
		return extracted{}, err
	}
	fib, err := parseFIB(word)
	if err != nil {
		return extracted{}, err
	}
	tf := s.table0
	name := "0Table"
	if fib.whichTable == 1 {
		tf, name = s.table1, "1Table"
	}
	if tf == nil {
		return extracted{}, reason(ErrCorrupt, "Word 文档缺少 %s 流", name)
	}
	table, err := readStream(rd, tf, data)
	if err != nil {
		return extracted{}, err
	}
	text, err := docText(rd, word, table, fib)
	if err != nil {
		return extracted{}, err
	}
	if strings.TrimSpace(strings.ReplaceAll(text, string(pageBreak), "")) == "" {
		return extracted{}, reason(ErrEmpty, "Word 文档中没有文字")
	}
	x = extracted{text: text}
	if s.summary != nil && s.summary.Size <= 1<<20 {
		if b, err := readStream(rd, s.summary, data); err == nil {
			x.title = summaryTitle(b)
		}
	}
	return x, nil
}

// noWordStream explains an OLE file that holds no Word text.
func noWordStream(ext, other string) error {
	switch {
	case other != "" && !notWordExt(ext):
		// A workbook or a presentation under a Word name.
		return reason(ErrUnsupported, "这是 %s 97-2003 文件（虽然名为 %s），不是文字报告，无法读取", other, orExt(ext, "无扩展名"))
	case notWordExt(ext) || other != "":
		return unsupported(kindOLE, ext)
	case ext == ".wps":
		return reason(ErrUnsupported, "WPS 文字文档（.wps）不是与 Word 97-2003 相同的格式（可能是旧版 WPS 或 Works 文件），无法读取；请用 WPS 打开后另存为 .docx 再导入")
	}
	return reason(ErrUnsupported, "Office 97-2003 复合文档中没有 Word 正文（WordDocument 流），无法读取；请用 Word 或 WPS 另存为 .docx 后再导入")
}

// notWordExt reports whether ext names an Office format that is no text
// document: a spreadsheet or a presentation.
func notWordExt(ext string) bool {
	return ext == ".xls" || ext == ".et" || ext == ".ppt" || ext == ".dps"
}

// readStream reads a whole stream of the compound file. A stream cannot be
// larger than the file that holds it: a larger declared size is corruption,
// refused before allocating.
func readStream(rd *reading, f *mscfb.File, data []byte) ([]byte, error) {
	if f.Size < 0 || f.Size > int64(len(data)) {
		return nil, reason(ErrCorrupt, "复合文档中 %s 流的长度（%d 字节）超过文件本身", f.Name, f.Size)
	}
	if err := rd.charge(f.Size); err != nil {
		return nil, err
	}
	b := make([]byte, f.Size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, reason(ErrCorrupt, "复合文档中 %s 流不完整，文件可能已被截断", f.Name)
	}
	return b, nil
}

// fib is what the reader needs of the File Information Block.
type fib struct {
	whichTable         int
	ccpText            uint32
	fcClx, lcbClx      uint32
	fcBteChpx, lcbChpx uint32
	fcBtePapx, lcbPapx uint32
}

// FIB offsets and flags ([MS-DOC] 2.5.1, 2.5.2).
const (
	fibWIdent      = 0xA5EC
	fibMinNFib     = 0xC0 // Word 97 writes 0xC1; Word 6.0 and 95 wrote 101-105
	fibEncrypted   = 1 << 8
	fibWhichTblStm = 1 << 9
	// Indexes of FibRgFcLcb97 pairs.
	fcLcbPlcfBteChpx = 12
	fcLcbPlcfBtePapx = 13
	fcLcbClx         = 33
)

// parseFIB reads the FIB at the start of the WordDocument stream. The
// variable parts (fibRgW, fibRgLw, fibRgFcLcb) are located by their counts,
// each checked against the stream.
func parseFIB(w []byte) (fib, error) {
	le := binary.LittleEndian
	if len(w) < 0x22 {
		return fib{}, reason(ErrCorrupt, "Word 文档的文件信息块（FIB）不完整")
	}
	if id := le.Uint16(w); id != fibWIdent {
		return fib{}, reason(ErrCorrupt, "WordDocument 流不是 Word 文档（标识 0x%04X）", id)
	}
	nFib := le.Uint16(w[2:])
	flags := le.Uint16(w[0x0A:])
	if flags&fibEncrypted != 0 {
		return fib{}, reason(ErrUnsupported, "文档已加密（设置了打开密码），请去除密码后另存为 .docx 再导入")
	}
	if nFib < fibMinNFib {
		return fib{}, reason(ErrUnsupported, "Word 6.0/95 格式的旧文档（nFib %d），无法读取；请用 Word 或 WPS 另存为 .docx 后再导入", nFib)
	}
	var f fib
	if flags&fibWhichTblStm != 0 {
		f.whichTable = 1
	}
	pos := 0x20
	csw := int(le.Uint16(w[pos:]))
	pos += 2 + 2*csw
	if pos+2 > len(w) {
		return fib{}, reason(ErrCorrupt, "Word 文档的文件信息块（FIB）不完整")
	}
	cslw := int(le.Uint16(w[pos:]))
	pos += 2
	lw := pos
	pos += 4 * cslw
	if cslw < 4 || pos+2 > len(w) {
		return fib{}, reason(ErrCorrupt, "Word 文档的文件信息块（FIB）不完整")
	}
	f.ccpText = le.Uint32(w[lw+3*4:])
	cb := int(le.Uint16(w[pos:]))
	pos += 2
	if cb <= fcLcbClx || pos+8*(fcLcbClx+1) > len(w) {
		return fib{}, reason(ErrCorrupt, "Word 文档的文件信息块（FIB）不完整")
	}
	pair := func(i int) (uint32, uint32) {
		return le.Uint32(w[pos+8*i:]), le.Uint32(w[pos+8*i+4:])
	}
	f.fcClx, f.lcbClx = pair(fcLcbClx)
	f.fcBteChpx, f.lcbChpx = pair(fcLcbPlcfBteChpx)
	f.fcBtePapx, f.lcbPapx = pair(fcLcbPlcfBtePapx)
	return f, nil
}

// piece is one entry of the piece table.
type piece struct {
	cpStart, cpEnd uint32
	fc             uint32 // byte offset in the WordDocument stream of the first character
	compressed     bool   // 8-bit characters (one byte each) rather than UTF-16LE
}

// slice returns the bounds in the WordDocument stream of the piece's
// characters from CP a to CP b.
func (p piece) bytes(a, b uint32) (int64, int64) {
	w := int64(2)
	if p.compressed {
		w = 1
	}
	return int64(p.fc) + int64(a-p.cpStart)*w, int64(p.fc) + int64(b-p.cpStart)*w
}

// pieces reads the piece table from the CLX and checks it against the
// WordDocument stream.
func pieces(w, table []byte, f fib) ([]piece, error) {
	le := binary.LittleEndian
	end := uint64(f.fcClx) + uint64(f.lcbClx)
	if f.lcbClx == 0 || end > uint64(len(table)) {
		return nil, reason(ErrCorrupt, "Word 文档的片段表（CLX）超出 Table 流")
	}
	clx := table[f.fcClx:end]
	var plc []byte
	for i := 0; i < len(clx); {
		switch clx[i] {
		case 1: // Prc: a grpprl of property modifiers, skipped
			if i+3 > len(clx) {
				return nil, reason(ErrCorrupt, "Word 文档的片段表（CLX）不完整")
			}
			cb := int(int16(le.Uint16(clx[i+1:])))
			if cb < 0 {
				return nil, reason(ErrCorrupt, "Word 文档的片段表（CLX）长度为负")
			}
			i += 3 + cb
		case 2: // Pcdt
			if i+5 > len(clx) {
				return nil, reason(ErrCorrupt, "Word 文档的片段表（CLX）不完整")
			}
			lcb := uint64(le.Uint32(clx[i+1:]))
			if uint64(i+5)+lcb > uint64(len(clx)) {
				return nil, reason(ErrCorrupt, "Word 文档的片段表（%d 字节）超出 CLX", lcb)
			}
			plc = clx[i+5 : i+5+int(lcb)]
			i = len(clx)
		default:
			return nil, reason(ErrCorrupt, "Word 文档的片段表（CLX）含未知记录 0x%02X", clx[i])
		}
	}
	if len(plc) < 16 || (len(plc)-4)%12 != 0 {
		return nil, reason(ErrCorrupt, "Word 文档的片段表长度不对（%d 字节）", len(plc))
	}
	n := (len(plc) - 4) / 12
	ps := make([]piece, 0, n)
	for i := range n {
		a, b := le.Uint32(plc[4*i:]), le.Uint32(plc[4*i+4:])
		if b < a || i == 0 && a != 0 || i > 0 && a != ps[i-1].cpEnd {
			return nil, reason(ErrCorrupt, "Word 文档的片段表中字符位置不连续（第 %d 段）", i+1)
		}
		pcd := plc[4*(n+1)+8*i:]
		fc := le.Uint32(pcd[2:])
		p := piece{cpStart: a, cpEnd: b, fc: fc &^ (3 << 30), compressed: fc&(1<<30) != 0}
		if p.compressed {
			p.fc /= 2
		}
		if _, e := p.bytes(a, b); e > int64(len(w)) {
			return nil, reason(ErrCorrupt, "Word 文档的片段表第 %d 段指向 WordDocument 流之外", i+1)
		}
		ps = append(ps, p)
	}
	if f.ccpText > ps[n-1].cpEnd {
		return nil, reason(ErrCorrupt, "Word 文档正文长度（%d 字符）超出片段表（%d 字符）", f.ccpText, ps[n-1].cpEnd)
	}
	// Every character of the text takes at least a byte of the stream.
	// Pieces that point at the same bytes over and over could otherwise
	// make a small file expand to gigabytes.
	if uint64(f.ccpText) > uint64(len(w)) {
		return nil, reason(ErrCorrupt, "Word 文档正文长度（%d 字符）超出 WordDocument 流（%d 字节）", f.ccpText, len(w))
	}
	return ps, nil
}

// cp1252High maps the bytes 0x82-0x9F of compressed pieces ([MS-DOC]
// 2.4.1); bytes of that range the table leaves out, and all other bytes,
// stand for the Unicode character of the same value.
var cp1252High = [0x20]rune{
	0x82 - 0x80: 0x201A, 0x83 - 0x80: 0x0192, 0x84 - 0x80: 0x201E, 0x85 - 0x80: 0x2026,
	0x86 - 0x80: 0x2020, 0x87 - 0x80: 0x2021, 0x88 - 0x80: 0x02C6, 0x89 - 0x80: 0x2030,
	0x8A - 0x80: 0x0160, 0x8B - 0x80: 0x2039, 0x8C - 0x80: 0x0152, 0x91 - 0x80: 0x2018,
	0x92 - 0x80: 0x2019, 0x93 - 0x80: 0x201C, 0x94 - 0x80: 0x201D, 0x95 - 0x80: 0x2022,
	0x96 - 0x80: 0x2013, 0x97 - 0x80: 0x2014, 0x98 - 0x80: 0x02DC, 0x99 - 0x80: 0x2122,
	0x9A - 0x80: 0x0161, 0x9B - 0x80: 0x203A, 0x9C - 0x80: 0x0153, 0x9F - 0x80: 0x0178,
}

func compressedRune(c byte) rune {
	if c >= 0x80 && c < 0xA0 {
		if r := cp1252High[c-0x80]; r != 0 {
			return r
		}
	}
	return rune(c)
}

// docWriter assembles the text as the docx reader does: paragraphs as
// lines, a table row as one line of tab-separated cells (a cell with
// several paragraphs keeps them on lines of their own), page breaks as
// pageBreak.
type docWriter struct {
	lines []string
	para  strings.Builder
	cell  []string // paragraphs of the open cell
	row   []*docxCell
}

func (d *docWriter) endPara(inTable, breakBefore bool) {
	s := d.para.String()
	d.para.Reset()
	if breakBefore && len(d.lines) > 0 && !inTable {
		// A paragraph that starts a page: the page break stands between
		// it and the previous line, as a manual one would.
		d.lines[len(d.lines)-1] += string(pageBreak)
	}
	if inTable {
		d.cell = append(d.cell, s)
		return
	}
	d.flushRow()
	d.lines = append(d.lines, s)
}

func (d *docWriter) endCell() {
	d.cell = append(d.cell, d.para.String())
	d.para.Reset()
	d.row = append(d.row, &docxCell{paras: d.cell})
	d.cell = nil
}

func (d *docWriter) endRow() {
	d.para.Reset() // a row-end mark holds no text
	if len(d.cell) > 0 {
		d.row = append(d.row, &docxCell{paras: d.cell})
		d.cell = nil
	}
	d.lines = append(d.lines, rowText(d.row))
	d.row = nil
}

func (d *docWriter) flushRow() {
	if len(d.row) > 0 || len(d.cell) > 0 {
		d.endRow()
	}
}

func (d *docWriter) text() string {
	if d.para.Len() > 0 {
		d.endPara(false, false)
	}
	d.flushRow()
	return strings.Join(d.lines, "\n")
}

// docText reads the main document's text through the piece table.
func docText(rd *reading, w, table []byte, f fib) (string, error) {
	ps, err := pieces(w, table, f)
	if err != nil {
		return "", err
	}
	chp := newFKPs(w, table, f.fcBteChpx, f.lcbChpx, false)
	pap := newFKPs(w, table, f.fcBtePapx, f.lcbPapx, true)
	var (
		d       docWriter
		fields  []bool // open fields, innermost last: true while in the instruction
		instr   int    // open fields in their instruction part
		prevRow bool   // the last structural mark was a cell mark (for files without PAPX)
	)
	for _, p := range ps {
		if p.cpStart >= f.ccpText {
			break
		}
		if err := rd.check(); err != nil {
			return "", err
		}
		b, e := p.bytes(p.cpStart, min(p.cpEnd, f.ccpText))
		src := w[b:e]
		for i := 0; i < len(src); {
			fc := uint32(b) + uint32(i)
			var r rune
			if p.compressed {
				r = compressedRune(src[i])
				i++
			} else {
				if i+1 >= len(src) {
					break
				}
				u := binary.LittleEndian.Uint16(src[i:])
				i += 2
				r = rune(u)
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
					if u < 0xDC00 && i+1 < len(src) {
						if r2 := utf16.DecodeRune(rune(u), rune(binary.LittleEndian.Uint16(src[i:]))); r2 != utf8.RuneError {
							r = r2
							i += 2
						}
					}
				}
			}
			switch r {
			case docFieldBegin:
				fields = append(fields, true)
				instr++
				continue
			case docFieldSep:
				if n := len(fields); n > 0 && fields[n-1] {
					fields[n-1] = false
					instr--
				}
				continue
			case docFieldEnd:
				if n := len(fields); n > 0 {
					if fields[n-1] {
						instr--
					}
					fields = fields[:n-1]
				}
				continue
			case docPara:
				props := pap.lookup(fc)
				d.endPara(props&papInTable != 0, props&papPageBreak != 0)
				prevRow = false
				continue
			case docCell:
				props := pap.lookup(fc)
				switch {
				case props&papTTP != 0, props&papKnown == 0 && prevRow:
					d.endRow()
					prevRow = false
				default:
					d.endCell()
					prevRow = true
				}
				continue
			}
			if instr > 0 || chp.lookup(fc)&chpHidden != 0 {
				continue
			}
			switch {
			case r == docLineBreak:
				d.para.WriteByte('\n')
			case r == docPageBreak:
				d.para.WriteRune(pageBreak)
			case r == '\t':
				d.para.WriteByte('\t')
			case r == docNBHyphen:
				d.para.WriteByte('-')
			case r < 0x20: // soft hyphen, pictures (0x01), drawn objects (0x08), note marks…
			default:
				d.para.WriteRune(r)
			}
		}
	}
	return d.text(), nil
}

// Properties an FKP lookup reports, as bits.
const (
	chpHidden    = 1 << iota // sprmCFVanish on, or sprmCFRMarkDel (deleted with revision marks)
	papInTable               // sprmPFInTable, or a table depth (sprmPItap) above 0
	papTTP                   // sprmPFTtp: the mark ends a table row
	papPageBreak             // sprmPFPageBreakBefore: the paragraph starts a page
	papKnown                 // the paragraph's properties were found
)

// fkps finds the properties of the text at a stream offset through a
// PlcBteChpx or PlcBtePapx and the FKP pages it points to. A table that
// is missing or inconsistent answers 0 for everything: the text is still
// read, without hidden-text removal or table structure.
type fkps struct {
	w     []byte
	papx  bool
	fcs   []uint32 // n+1 stream offsets bounding the pages' ranges
	pns   []uint32 // n page numbers
	pages map[uint32]*fkp
}

// fkp is one parsed 512-byte FKP page: runs [fcs[i], fcs[i+1]) with their
// properties.
type fkp struct {
	fcs   []uint32
	props []uint8
}

func newFKPs(w, table []byte, fc, lcb uint32, papx bool) *fkps {
	t := &fkps{w: w, papx: papx, pages: map[uint32]*fkp{}}
	end := uint64(fc) + uint64(lcb)
	if lcb < 12 || (lcb-4)%8 != 0 || end > uint64(len(table)) {
		return t
	}
	plc := table[fc:end]
	n := int(lcb-4) / 8
	t.fcs = make([]uint32, n+1)
	t.pns = make([]uint32, n)
	for i := range n + 1 {
		t.fcs[i] = binary.LittleEndian.Uint32(plc[4*i:])
	}
	for i := range n {
		t.pns[i] = binary.LittleEndian.Uint32(plc[4*(n+1)+4*i:]) & 0x3FFFFF
	}
	return t
}

func (t *fkps) lookup(fc uint32) uint8 {
	if len(t.pns) == 0 {
		return 0
	}
	// The last page whose first offset is at or before fc.
	i := sort.Search(len(t.pns), func(i int) bool { return t.fcs[i+1] > fc })
	if i == len(t.pns) || t.fcs[i] > fc {
		return 0
	}
	pg := t.page(t.pns[i])
	if pg == nil {
		return 0
	}
	k := sort.Search(len(pg.props), func(k int) bool { return pg.fcs[k+1] > fc })
	if k == len(pg.props) || pg.fcs[k] > fc {
		return 0
	}
	return pg.props[k]
}

func (t *fkps) page(pn uint32) *fkp {
	if pg, ok := t.pages[pn]; ok {
		return pg
	}
	var pg *fkp
	if off := uint64(pn) * 512; off+512 <= uint64(len(t.w)) {
		pg = parseFKP(t.w[off:off+512], t.papx)
	}
	t.pages[pn] = pg // nil too: a bad page is parsed once
	return pg
}

// parseFKP reads a ChpxFkp or PapxFkp page ([MS-DOC] 2.9.44, 2.9.175).
func parseFKP(b []byte, papx bool) *fkp {
	n := int(b[511])
	entry := 1 // rgb of a ChpxFkp: one byte per run
	if papx {
		entry = 13 // rgbx of a PapxFkp: a BxPap (offset byte + 12-byte PHE)
	}
	base := 4 * (n + 1)
	if n == 0 || base+entry*n > 511 {
		return nil
	}
	pg := &fkp{fcs: make([]uint32, n+1), props: make([]uint8, n)}
	for i := range n + 1 {
		pg.fcs[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	for i := range n {
		off := 2 * int(b[base+entry*i])
		if off == 0 {
			if papx {
				pg.props[i] = papKnown
			}
			continue
		}
		if off >= 511 {
			continue
		}
		if !papx {
			cb := int(b[off])
			if off+1+cb > 511 {
				continue
			}
			pg.props[i] = chpProps(b[off+1 : off+1+cb])
			continue
		}
		// PapxInFkp: cb, then 2*cb-1 bytes; or 0, cb', then 2*cb' bytes.
		size, start := 2*int(b[off])-1, off+1
		if b[off] == 0 {
			if off+1 >= 511 {
				continue
			}
			size, start = 2*int(b[off+1]), off+2
		}
		if size < 2 || start+size > 511 {
			continue
		}
		pg.props[i] = papKnown | papProps(b[start+2:start+size]) // after the istd
	}
	return pg
}

// Sprms read here.
const (
	sprmCFRMarkDel        = 0x0800
	sprmCFVanish          = 0x083C
	sprmPFPageBreakBefore = 0x2407
	sprmPFInTable         = 0x2416
	sprmPFTtp             = 0x2417
	sprmPItap             = 0x6649
	sprmTDefTable         = 0xD608
	sprmPChgTabs          = 0xC615
)

func chpProps(grpprl []byte) uint8 {
	var p uint8
	eachSprm(grpprl, func(sprm uint16, op []byte) {
		switch sprm {
		case sprmCFVanish:
			// 1 on, 0x81 the opposite of the style's (off in styles
			// people use); 0 and 0x80 off or as the style says.
			if op[0] == 1 || op[0] == 0x81 {
				p |= chpHidden
			}
		case sprmCFRMarkDel:
			if op[0] == 1 {
				p |= chpHidden
			}
		}
	})
	return p
}

func papProps(grpprl []byte) uint8 {
	var p uint8
	eachSprm(grpprl, func(sprm uint16, op []byte) {
		switch sprm {
		case sprmPFInTable:
			if op[0] != 0 {
				p |= papInTable
			}
		case sprmPFTtp:
			if op[0] != 0 {
				p |= papTTP | papInTable
			}
		case sprmPFPageBreakBefore:
			if op[0] != 0 {
				p |= papPageBreak
			}
		case sprmPItap:
			if binary.LittleEndian.Uint32(op) > 0 {
				p |= papInTable
			}
		}
	})
	return p
}

// eachSprm calls fn for each property modifier of a grpprl with its
// operand, stopping at the first one that does not fit.
func eachSprm(g []byte, fn func(sprm uint16, op []byte)) {
	for i := 0; i+2 < len(g); {
		sprm := binary.LittleEndian.Uint16(g[i:])
		i += 2
		var n int
		switch sprm >> 13 { // spra: the operand's size
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		case 6:
			switch sprm {
			case sprmTDefTable:
				if i+2 > len(g) {
					return
				}
				n = int(binary.LittleEndian.Uint16(g[i:])) + 1
			case sprmPChgTabs:
				n = chgTabsSize(g[i:])
			default:
				if i >= len(g) {
					return
				}
				n = 1 + int(g[i])
			}
		}
		if n <= 0 || i+n > len(g) {
			return
		}
		fn(sprm, g[i:i+n])
		i += n
	}
}

// chgTabsSize is the size of a sprmPChgTabs operand, -1 if it does not fit.
func chgTabsSize(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	if b[0] != 255 {
		return 1 + int(b[0])
	}
	// PChgTabsDelClose then PChgTabsAdd, each led by its count.
	i := 1
	if i >= len(b) {
		return -1
	}
	i += 1 + 4*int(b[i])
	if i >= len(b) {
		return -1
	}
	i += 1 + 3*int(b[i])
	return i
}

// summaryTitle reads PIDSI_TITLE from a SummaryInformation property set
// ([MS-OLEPS]), decoded by the set's code page; "" when absent or
// unreadable (the title is a nicety, never a reason to fail).
func summaryTitle(b []byte) string {
	le := binary.LittleEndian
	if len(b) < 48 || le.Uint16(b) != 0xFFFE {
		return ""
	}
	sec := uint64(le.Uint32(b[44:]))
	if sec+8 > uint64(len(b)) {
		return ""
	}
	s := b[sec:]
	n := uint64(le.Uint32(s[4:]))
	if 8+8*n > uint64(len(s)) {
		return ""
	}
	codepage := 0
	var title []byte
	var wide bool
	for i := range int(n) {
		id, off := le.Uint32(s[8+8*i:]), uint64(le.Uint32(s[12+8*i:]))
		if off+8 > uint64(len(s)) {
			continue
		}
		typ := le.Uint16(s[off:])
		switch {
		case id == 1 && typ == 2: // VT_I2 code page
			codepage = int(le.Uint16(s[off+4:]))
		case id == 2 && (typ == 0x1E || typ == 0x1F): // VT_LPSTR, VT_LPWSTR
			size := uint64(le.Uint32(s[off+4:]))
			wide = typ == 0x1F
			if wide {
				size *= 2
			}
			if size > 4096 || off+8+size > uint64(len(s)) {
				continue
			}
			title = s[off+8 : off+8+size]
		}
	}
	if title == nil {
		return ""
	}
	var t string
	switch {
	case wide || codepage == 1200:
		t = decodeUTF16(title[:len(title)&^1], false)
	case codepage == 65001:
		t = string(title)
	case codepage == 1252:
		t, _ = charmap.Windows1252.NewDecoder().String(string(title))
	case codepage == 950:
		t, _ = traditionalchinese.Big5.NewDecoder().String(string(title))
	default: // 936 and unknown: GB18030 is a superset of GBK and ASCII
		if utf8.Valid(title) && codepage != 936 {
			t = string(title)
		} else {
			t, _ = simplifiedchinese.GB18030.NewDecoder().String(string(title))
		}
	}
	t = strings.ToValidUTF8(strings.TrimRight(t, "\x00"), "")
	return strings.TrimSpace(t)
}

// notWordBinary explains a .doc or .wps file that is neither a compound
// file nor any other format read here: an old WPS (WPS 97/2000) or Word
// 2.0 file, or something else under that name.
func notWordBinary(ext string) error {
	if ext == ".wps" {
		return reason(ErrUnsupported, "WPS 文字文档（.wps）是旧版 WPS 格式，无法读取；请用 WPS 打开后另存为 .docx 再导入")
	}
	return reason(ErrUnsupported, "不是 Word 97-2003 文档（可能是更早的 Word 版本或其他格式），无法读取；请用 Word 或 WPS 另存为 .docx 后再导入")
}

// docFormat names the format of a file read by readDoc.
func docFormat(ext string) string {
	if ext == ".wps" {
		return FormatWPS
	}
	return FormatDoc
}
