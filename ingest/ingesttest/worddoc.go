package ingesttest

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// DocOptions tunes Doc.
type DocOptions struct {
	Title string // the title in the SummaryInformation stream (GBK, code page 936); "" leaves the stream out
	// UTF16Only writes all text as one kind of piece, UTF-16LE. Otherwise
	// runs of characters that fit in 8 bits (ASCII, the digits, the
	// paragraph marks) are written as "compressed" 8-bit pieces and the
	// rest (Chinese) as UTF-16 pieces, so one document mixes both kinds.
	UTF16Only bool
	// Encrypted sets the FIB's fEncrypted flag (the text itself stays in
	// clear: enough for a reader that must refuse the file).
	Encrypted bool
	// NFib is the FIB's version number; 0 writes 0x00C1 (Word 97 and
	// later). Word 6.0 and 95 wrote 101-105.
	NFib uint16
}

// Doc returns a Word 97-2003 document (.doc): an OLE compound file holding
// a WordDocument stream (FIB, the text, CHPX and PAPX pages), a 1Table
// stream (the piece table and the bin tables of those pages) and, with a
// title, a SummaryInformation stream. Its body holds one paragraph per
// element of paras, with the markup of Docx plus two marks of its own:
//
//	|a|b|c|        a table row (cells end with 0x07, the row with a TTP
//	               paragraph carrying sprmPFInTable, sprmTDefTable and sprmPFTtp)
//	[[page]]       a page break character (0x0C)
//	[[bookmark]]   nothing: bookmarks live outside the text stream
//	[[field:X]]    a field: 0x13, the instruction " X ", 0x14, the result
//	               (the page number for PAGE), 0x15
//	[[hidden:x]]   the text x in a run with sprmCFVanish (hidden text)
//	[[br]]         a manual line break (0x0B)
//	a tab          0x09
//
// Characters outside the BMP are written as surrogate pairs; control
// characters other than tab are dropped.
func Doc(paras []string, opt DocOptions) []byte {
	b := &docBuilder{page: 1}
	eachBlock(paras, func(s string) { b.paragraph(s, docPap{}) }, b.table)
	return b.file(opt)
}

// docChar is one character of the text stream.
type docChar struct {
	u      uint16 // a UTF-16 unit
	hidden bool
}

// docPap is a paragraph's properties.
type docPap struct {
	inTable, ttp bool
	cells        int // for a TTP: the number of cells of the row
}

type docBuilder struct {
	chars  []docChar
	paras  []int // index in chars of each paragraph mark
	paps   []docPap
	page   int
	fields []string // the instruction of each field, in order
}

func (b *docBuilder) add(s string, hidden bool) {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != 0x0B && r != 0x0C && r != 0x07 && r != 0x13 && r != 0x14 && r != 0x15 {
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			b.chars = append(b.chars, docChar{u: u, hidden: hidden})
		}
	}
}

func (b *docBuilder) mark(c rune, p docPap) {
	b.paras = append(b.paras, len(b.chars))
	b.paps = append(b.paps, p)
	b.chars = append(b.chars, docChar{u: uint16(c)})
}

func (b *docBuilder) table(rows [][]string, cols int) {
	for _, row := range rows {
		for _, text := range row {
			b.inline(text)
			b.mark(0x07, docPap{inTable: true})
		}
		b.mark(0x07, docPap{inTable: true, ttp: true, cells: cols})
	}
}

func (b *docBuilder) paragraph(s string, p docPap) {
	b.inline(s)
	b.mark(0x0D, p)
}

// inline writes a paragraph's text with its markup.
func (b *docBuilder) inline(s string) {
	eachMark(s, func(s string) { b.add(s, false) }, func(tag string) {
		switch {
		case tag == "page":
			b.add("\x0C", false)
			b.page++
		case tag == "bookmark":
		case tag == "br":
			b.add("\x0B", false)
		case strings.HasPrefix(tag, "hidden:"):
			b.add(strings.TrimPrefix(tag, "hidden:"), true)
		case strings.HasPrefix(tag, "field:"):
			instr := strings.TrimPrefix(tag, "field:")
			b.fields = append(b.fields, instr)
			b.add("\x13 "+instr+" \x14", false)
			if strings.EqualFold(instr, "PAGE") {
				b.add(strconv.Itoa(b.page), false)
			}
			b.add("\x15", false)
		default:
			b.add("[["+tag+"]]", false)
		}
	})
}

// docPiece is a run of characters stored one way.
type docPiece struct {
	from, to   int // indexes in chars
	compressed bool
	fc         int // byte offset in the WordDocument stream
}

// eightBit maps the characters a compressed piece can hold to their byte.
func eightBit(u uint16) (byte, bool) {
	switch {
	case u < 0x80, u >= 0xA0 && u <= 0xFF:
		return byte(u), true
	}
	for k, v := range cp1252Table {
		if v == u {
			return byte(0x80 + k), true
		}
	}
	return 0, false
}

// cp1252Table is [MS-DOC]'s mapping of the bytes 0x80-0x9F in compressed
// pieces (0: the byte stands for itself, which this builder never writes).
var cp1252Table = [0x20]uint16{
	0x02: 0x201A, 0x03: 0x0192, 0x04: 0x201E, 0x05: 0x2026, 0x06: 0x2020, 0x07: 0x2021,
	0x08: 0x02C6, 0x09: 0x2030, 0x0A: 0x0160, 0x0B: 0x2039, 0x0C: 0x0152, 0x11: 0x2018,
	0x12: 0x2019, 0x13: 0x201C, 0x14: 0x201D, 0x15: 0x2022, 0x16: 0x2013, 0x17: 0x2014,
	0x18: 0x02DC, 0x19: 0x2122, 0x1A: 0x0161, 0x1B: 0x203A, 0x1C: 0x0153, 0x1F: 0x0178,
}

const docTextStart = 0x400 // where the text begins in the WordDocument stream, as Word 97 writes it

func (b *docBuilder) file(opt DocOptions) []byte {
	le := binary.LittleEndian
	// Pieces.
	var ps []docPiece
	for i := 0; i < len(b.chars); {
		_, fits := eightBit(b.chars[i].u)
		fits = fits && !opt.UTF16Only
		j := i + 1
		for j < len(b.chars) {
			_, f := eightBit(b.chars[j].u)
			if (f && !opt.UTF16Only) != fits {
				break
			}
			j++
		}
		ps = append(ps, docPiece{from: i, to: j, compressed: fits})
		i = j
	}
	// WordDocument: FIB, text, then FKP pages on 512-byte boundaries.
	w := make([]byte, docTextStart)
	fcOf := make([]int, len(b.chars)+1) // stream offset of each character, and of the end
	for k := range ps {
		p := &ps[k]
		p.fc = len(w)
		for i := p.from; i < p.to; i++ {
			fcOf[i] = len(w)
			if p.compressed {
				c, _ := eightBit(b.chars[i].u)
				w = append(w, c)
			} else {
				w = le.AppendUint16(w, b.chars[i].u)
			}
		}
	}
	textEnd := len(w)
	fcOf[len(b.chars)] = textEnd
	for len(w)%512 != 0 {
		w = append(w, 0)
	}
	// Character runs: hidden or not.
	var chpx []fkpRun
	for i := 0; i < len(b.chars); {
		j := i + 1
		for j < len(b.chars) && b.chars[j].hidden == b.chars[i].hidden {
			j++
		}
		var g []byte
		if b.chars[i].hidden {
			g = []byte{0x3C, 0x08, 0x01} // sprmCFVanish on
		}
		chpx = append(chpx, fkpRun{fcOf[i], fcOf[j], g})
		i = j
	}
	// Paragraph runs.
	var papx []fkpRun
	start := 0
	for k, at := range b.paras {
		g := []byte{0, 0} // istd 0: Normal
		p := b.paps[k]
		if p.inTable {
			g = append(g, 0x16, 0x24, 0x01) // sprmPFInTable
		}
		if p.ttp {
			g = append(g, tDefTable(p.cells)...)
			g = append(g, 0x17, 0x24, 0x01) // sprmPFTtp
		}
		papx = append(papx, fkpRun{fcOf[start], fcOf[at+1], g})
		start = at + 1
	}
	chpxPages := packFKP(chpx, false)
	papxPages := packFKP(papx, true)
	firstPn := len(w) / 512
	for _, pg := range chpxPages {
		w = append(w, pg.data...)
	}
	for _, pg := range papxPages {
		w = append(w, pg.data...)
	}

	// 1Table: the bin tables, then the CLX.
	var t []byte
	bte := func(pages []fkpPage, pn int) (int, int) {
		at := len(t)
		for _, pg := range pages {
			t = le.AppendUint32(t, uint32(pg.first))
		}
		t = le.AppendUint32(t, uint32(pages[len(pages)-1].last))
		for k := range pages {
			t = le.AppendUint32(t, uint32(pn+k))
		}
		return at, len(t) - at
	}
	fcChpx, lcbChpx := bte(chpxPages, firstPn)
	fcPapx, lcbPapx := bte(papxPages, firstPn+len(chpxPages))
	// PlcfFldMom: where the main document's fields begin, separate and
	// end, each with its FLD (the begin mark names the field type).
	var fldCPs []uint32
	var flds []byte
	nf := 0
	for i, c := range b.chars {
		switch c.u {
		case 0x13:
			flt := byte(0)
			if nf < len(b.fields) {
				flt = fieldType(b.fields[nf])
			}
			nf++
			fldCPs, flds = append(fldCPs, uint32(i)), append(flds, 0x13, flt)
		case 0x14:
			fldCPs, flds = append(fldCPs, uint32(i)), append(flds, 0x14, 0)
		case 0x15:
			fldCPs, flds = append(fldCPs, uint32(i)), append(flds, 0x15, 0x40) // fHasSep
		}
	}
	fcFld, lcbFld := len(t), 0
	if len(fldCPs) > 0 {
		for _, cp := range fldCPs {
			t = le.AppendUint32(t, cp)
		}
		t = le.AppendUint32(t, uint32(len(b.chars)))
		t = append(t, flds...)
		lcbFld = len(t) - fcFld
	}
	fcClx := len(t)
	t = append(t, 0x02)
	t = le.AppendUint32(t, uint32(4*(len(ps)+1)+8*len(ps)))
	for _, p := range ps {
		t = le.AppendUint32(t, uint32(p.from))
	}
	t = le.AppendUint32(t, uint32(len(b.chars)))
	for _, p := range ps {
		fc := uint32(p.fc)
		if p.compressed {
			fc = fc*2 | 1<<30
		}
		t = le.AppendUint16(t, 0)
		t = le.AppendUint32(t, fc)
		t = le.AppendUint16(t, 0)
	}
	lcbClx := len(t) - fcClx

	// The FIB.
	nFib := opt.NFib
	if nFib == 0 {
		nFib = 0x00C1
	}
	le.PutUint16(w[0x00:], 0xA5EC)
	le.PutUint16(w[0x02:], nFib)
	le.PutUint16(w[0x06:], 0x0804) // lid: Chinese (PRC)
	flags := uint16(1<<9 | 1<<12)  // fWhichTblStm (1Table), fExtChar
	if opt.Encrypted {
		flags |= 1 << 8
	}
	le.PutUint16(w[0x0A:], flags)
	le.PutUint16(w[0x0C:], 0x00BF) // nFibBack
	le.PutUint32(w[0x18:], docTextStart)
	le.PutUint32(w[0x1C:], uint32(textEnd))
	le.PutUint16(w[0x20:], 14)     // csw
	le.PutUint16(w[0x3C:], 0x0804) // fibRgW.lidFE
	le.PutUint16(w[0x3E:], 22)     // cslw
	le.PutUint32(w[0x40:], uint32(len(w)))
	le.PutUint32(w[0x4C:], uint32(len(b.chars))) // ccpText
	le.PutUint16(w[0x98:], 0x5D)                 // cbRgFcLcb: Word 97's 93 pairs
	pair := func(i, fc, lcb int) {
		le.PutUint32(w[0x9A+8*i:], uint32(fc))
		le.PutUint32(w[0x9A+8*i+4:], uint32(lcb))
	}
	pair(12, fcChpx, lcbChpx)
	pair(13, fcPapx, lcbPapx)
	pair(16, fcFld, lcbFld)
	pair(33, fcClx, lcbClx)

	streams := []Stream{{Name: "WordDocument", Data: w}, {Name: "1Table", Data: t}}
	if opt.Title != "" {
		streams = append(streams, Stream{Name: "\x05SummaryInformation", Data: summaryInfo(opt.Title)})
	}
	return Compound(streams)
}

// fieldType is the flt of a field instruction ([MS-DOC] 2.9.90): PAGE
// 33, HYPERLINK 88, REF 3; others 0.
func fieldType(instr string) byte {
	switch strings.ToUpper(strings.Fields(instr + " x")[0]) {
	case "PAGE":
		return 33
	case "HYPERLINK":
		return 88
	case "REF":
		return 3
	}
	return 0
}

// tDefTable is a sprmTDefTable for a row of n equal cells on an A4 page.
func tDefTable(n int) []byte {
	le := binary.LittleEndian
	op := []byte{byte(n)}
	width := 8306 / max(n, 1)
	for i := range n + 1 {
		op = le.AppendUint16(op, uint16(i*width))
	}
	op = append(op, make([]byte, 20*n)...) // TC80s: default borders and shading
	g := []byte{0x08, 0xD6}
	g = le.AppendUint16(g, uint16(len(op)+1))
	return append(g, op...)
}

// fkpRun is a run of text [from, to) in stream offsets with its grpprl
// (for a PAPX, istd first).
type fkpRun struct {
	from, to int
	grpprl   []byte
}

type fkpPage struct {
	first, last int
	data        []byte
}

// packFKP lays runs out in 512-byte ChpxFkp or PapxFkp pages ([MS-DOC]
// 2.9.44, 2.9.175): offsets first, then one byte (CHPX) or a 13-byte BxPap
// (PAPX) per run, the property records from the end of the page down,
// identical records shared.
func packFKP(runs []fkpRun, papx bool) []fkpPage {
	entry := 1
	if papx {
		entry = 13
	}
	var pages []fkpPage
	for len(runs) > 0 {
		pg := make([]byte, 512)
		top := 511
		offs := map[string]int{}
		var placed []int
		n := 0
		for n < len(runs) {
			g := runs[n].grpprl
			off, ok := offs[string(g)]
			if !ok && len(g) > 0 {
				rec := append([]byte{byte(len(g))}, g...)
				if papx {
					if len(g)%2 == 1 {
						rec = append([]byte{byte((len(g) + 1) / 2)}, g...)
					} else {
						rec = append([]byte{0, byte(len(g) / 2)}, g...)
					}
				}
				off = (top - len(rec)) &^ 1
				if off < 4*(n+2)+entry*(n+1) {
					break
				}
				copy(pg[off:], rec)
				top = off
				offs[string(g)] = off
			} else if 4*(n+2)+entry*(n+1) > top {
				break
			}
			placed = append(placed, off)
			n++
		}
		le := binary.LittleEndian
		for i := range n {
			le.PutUint32(pg[4*i:], uint32(runs[i].from))
			pg[4*(n+1)+entry*i] = byte(placed[i] / 2)
		}
		le.PutUint32(pg[4*n:], uint32(runs[n-1].to))
		pg[511] = byte(n)
		pages = append(pages, fkpPage{first: runs[0].from, last: runs[n-1].to, data: pg})
		runs = runs[n:]
	}
	return pages
}

// summaryInfo is a SummaryInformation property set holding the code page
// (936) and the title in GBK.
func summaryInfo(title string) []byte {
	le := binary.LittleEndian
	t, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(title))
	if err != nil {
		t = []byte("?")
	}
	t = append(t, 0)
	var sec []byte
	props := [][]byte{
		{2, 0, 0, 0, 0xA8, 0x03, 0, 0}, // VT_I2 936
	}
	lp := le.AppendUint32([]byte{0x1E, 0, 0, 0}, uint32(len(t))) // VT_LPSTR
	lp = append(lp, t...)
	for len(lp)%4 != 0 {
		lp = append(lp, 0)
	}
	props = append(props, lp)
	off := 8 + 8*len(props)
	sec = le.AppendUint32(sec, 0) // size, set below
	sec = le.AppendUint32(sec, uint32(len(props)))
	for i, p := range props {
		sec = le.AppendUint32(sec, uint32(i+1)) // PID 1 code page, PID 2 title
		sec = le.AppendUint32(sec, uint32(off))
		off += len(p)
	}
	for _, p := range props {
		sec = append(sec, p...)
	}
	le.PutUint32(sec, uint32(len(sec)))
	h := []byte{0xFE, 0xFF, 0, 0, 0x06, 0x00, 0x02, 0x00}
	h = append(h, make([]byte, 16)...) // CLSID
	h = le.AppendUint32(h, 1)
	h = append(h, 0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9)
	h = le.AppendUint32(h, uint32(len(h)+4))
	return append(h, sec...)
}
