package ingest

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// maxRTFDepth bounds the nesting of groups. Word and WPS write a few dozen
// levels at most; a file nesting deeper is hostile or broken.
const maxRTFDepth = 512

// rtfDest is what a group's text is for.
type rtfDest uint8

const (
	rtfBody    rtfDest = iota // document text
	rtfSkip                   // a destination whose text is not the body's
	rtfFontTbl                // the font table: fonts and their charsets
	rtfInfo                   // \info: skipped but for its \title
	rtfTitle                  // \title inside \info
)

// rtfState is what a group inherits from its parent and restores on exit.
type rtfState struct {
	dest     rtfDest
	font     int  // \fN
	uc       int  // \ucN: fallback characters after \uN
	hidden   bool // \v, \deleted
	inTable  bool // \intbl
	pagebb   bool // \pagebb: the paragraph starts a page
	codepage int  // \cpgN inside a font table entry
}

// rtfReader reads an RTF document in one pass. Bytes of text and \'hh
// escapes gather in pending until something other than a byte is written,
// so that the two bytes of a GBK character, written as two escapes, decode
// together.
type rtfReader struct {
	rd       *reading
	in       []byte
	pos      int
	st       rtfState
	stack    []rtfState
	ansicpg  int
	fonts    map[int]int // font number → code page
	decoders map[int]*encoding.Decoder
	defFont  int // \deffN
	pending  []byte
	pendCP   int
	highSur  rune // a \uN high surrogate waiting for its low half
	skip     int  // fallback characters still to skip after \uN
	out      docWriter
	title    strings.Builder
	fontNum  int     // the font table entry being read
	star     bool    // a \\* was just read: the group is an ignorable destination
	starDest rtfDest // the destination before that \\*
}

// readRTF reads the text of an RTF document: groups, control words, code
// pages from \ansicpg and the fonts' \fcharset, \'hh bytes and \uN
// characters, tables, fields (result kept, instruction dropped), hidden
// text dropped, and the destinations that are not the body (font and
// style tables, pictures, objects, headers, footers, notes) skipped. The
// work is one pass over the input, and the output is never longer than a
// few times the input.
func readRTF(rd *reading, data []byte) (extracted, error) {
	r := &rtfReader{rd: rd, in: data, ansicpg: 1252, fonts: map[int]int{}, decoders: map[int]*encoding.Decoder{}, st: rtfState{uc: 1}}
	if err := r.run(); err != nil {
		return extracted{}, err
	}
	text := r.out.text()
	if strings.TrimSpace(strings.ReplaceAll(text, string(pageBreak), "")) == "" {
		return extracted{}, reason(ErrEmpty, "RTF 文档中没有文字")
	}
	return extracted{text: text, title: strings.TrimSpace(r.title.String())}, nil
}

func (r *rtfReader) run() error {
	next := 0 // where the deadline is checked next
	for r.pos < len(r.in) {
		if r.pos >= next {
			if err := r.rd.check(); err != nil {
				return err
			}
			next = r.pos + 64<<10
		}
		c := r.in[r.pos]
		switch c {
		case '{':
			r.pos++
			r.skip = 0
			r.flush()
			if len(r.stack) >= maxRTFDepth {
				return reason(ErrCorrupt, "RTF 文档的分组嵌套超过 %d 层", maxRTFDepth)
			}
			r.stack = append(r.stack, r.st)
		case '}':
			r.pos++
			r.skip = 0
			r.flush()
			if n := len(r.stack); n > 0 {
				if r.st.dest == rtfFontTbl && r.stack[n-1].dest == rtfFontTbl {
					r.endFont()
				}
				r.st = r.stack[n-1]
				r.stack = r.stack[:n-1]
			}
		case '\\':
			r.control()
		case '\r', '\n':
			r.pos++
		default:
			r.pos++
			if r.skip > 0 {
				r.skip--
				continue
			}
			if c == '\t' {
				r.char('\t')
				continue
			}
			r.byte(c)
		}
	}
	r.flush()
	r.danglingSurrogate()
	return nil
}

// control reads a control word or symbol at r.pos (a backslash).
func (r *rtfReader) control() {
	r.pos++
	if r.pos >= len(r.in) {
		return
	}
	c := r.in[r.pos]
	if !isASCIILetter(c) {
		r.pos++
		r.symbol(c)
		return
	}
	start := r.pos
	for r.pos < len(r.in) && r.pos-start < 32 && isASCIILetter(r.in[r.pos]) {
		r.pos++
	}
	word := string(r.in[start:r.pos])
	param, has := 0, false
	neg := r.pos < len(r.in) && r.in[r.pos] == '-'
	if neg {
		r.pos++
	}
	for digits := 0; r.pos < len(r.in) && r.in[r.pos] >= '0' && r.in[r.pos] <= '9'; digits++ {
		if digits < 10 {
			param = param*10 + int(r.in[r.pos]-'0')
		}
		has = true
		r.pos++
	}
	if neg {
		param = -param
	}
	if r.pos < len(r.in) && r.in[r.pos] == ' ' {
		r.pos++ // the delimiter belongs to the control word
	}
	if word == "bin" {
		// \binN: N bytes of binary data follow, whatever they hold.
		r.pos += min(max(param, 0), len(r.in)-r.pos)
		return
	}
	// A control word ends the fallback of a \uN rather than being taken
	// for it: "\u20154\par" keeps its paragraph mark.
	r.skip = 0
	if r.star {
		r.star = false
		if word == "ud" {
			r.st.dest = r.starDest
			return
		}
	}
	r.word(word, param, has)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// symbol handles a control symbol: a backslash and one non-letter.
func (r *rtfReader) symbol(c byte) {
	switch c {
	case '\'':
		if r.pos+2 <= len(r.in) {
			h, ok1 := unhex(r.in[r.pos])
			l, ok2 := unhex(r.in[r.pos+1])
			if ok1 && ok2 {
				r.pos += 2
				if r.skip > 0 {
					r.skip--
					return
				}
				r.byte(h<<4 | l)
			}
		}
		return
	case '*':
		// An ignorable destination: nothing of it is body text, but for
		// the Unicode title of \upr{…}{\*\ud{…}}.
		r.star, r.starDest = true, r.st.dest
		r.st.dest = rtfSkip
		return
	}
	if r.skip > 0 {
		r.skip--
		return
	}
	switch c {
	case '\\', '{', '}':
		r.byte(c)
	case '~':
		r.char('\u00A0')
	case '_':
		r.char('-')
	case '\r', '\n':
		r.par()
	case '\t':
		r.char('\t')
	case '-', ':', '|':
		// optional hyphen, index subentry, formula mark: nothing visible
	}
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// rtfSkipped are the destinations whose text is not the document body.
var rtfSkipped = map[string]bool{
	"colortbl": true, "stylesheet": true, "pict": true, "object": true, "objdata": true,
	"header": true, "headerl": true, "headerr": true, "headerf": true,
	"footer": true, "footerl": true, "footerr": true, "footerf": true,
	"footnote": true, "annotation": true, "atnid": true, "atnauthor": true,
	"fldinst": true, "listtable": true, "listoverridetable": true, "revtbl": true,
	"rsidtbl": true, "xmlnstbl": true, "themedata": true, "colorschememapping": true,
	"latentstyles": true, "datastore": true, "generator": true, "pgdsctbl": true,
	"shp": true, "shpinst": true, "shprslt": true, "nonshppict": true, "do": true,
	"filetbl": true, "userprops": true, "docvar": true, "template": true,
	"xe": true, "tc": true, "tcn": true, "bkmkstart": true, "bkmkend": true,
	"ftnsep": true, "ftnsepc": true, "aftnsep": true, "aftnsepc": true,
	"pntext": true, "listtext": true, "pn": true, "pntxta": true, "pntxtb": true,
	"sp": true, "sn": true, "sv": true, "blipuid": true, "falt": true, "panose": true,
	"operator": true, "company": true, "category": true, "keywords": true, "comment": true,
	"doccomm": true, "hlinkbase": true, "author": true, "subject": true, "manager": true,
	"printim": true, "creatim": true, "revtim": true, "buptim": true,
}

// word handles a control word.
func (r *rtfReader) word(w string, param int, has bool) {
	switch {
	case r.st.dest == rtfSkip:
		return
	case r.st.dest == rtfInfo:
		if w == "title" {
			// A later title (the Unicode one of \upr) replaces an earlier.
			r.st.dest = rtfTitle
			r.title.Reset()
		} else if rtfSkipped[w] {
			r.st.dest = rtfSkip
		}
		return
	}
	if rtfSkipped[w] {
		r.st.dest = rtfSkip
		return
	}
	switch w {
	case "ansicpg":
		if has && param > 0 {
			r.ansicpg = param
		}
	case "mac":
		r.ansicpg = 10000
	case "pc":
		r.ansicpg = 437
	case "pca":
		r.ansicpg = 850
	case "deff":
		r.defFont = param
		r.st.font = param
	case "fonttbl":
		r.st.dest = rtfFontTbl
		r.fontNum = -1
	case "info":
		r.st.dest = rtfInfo
	case "f":
		if r.st.dest == rtfFontTbl {
			r.fontNum = param
			r.st.codepage = 0
			if _, ok := r.fonts[param]; !ok && len(r.fonts) < 4096 {
				r.fonts[param] = 0
			}
			return
		}
		r.st.font = param
	case "fcharset":
		if r.st.dest == rtfFontTbl && r.fontNum >= 0 {
			if _, ok := r.fonts[r.fontNum]; ok && r.fonts[r.fontNum] == 0 {
				r.fonts[r.fontNum] = charsetCodepage(param)
			}
		}
	case "cpg":
		if r.st.dest == rtfFontTbl && r.fontNum >= 0 {
			if _, ok := r.fonts[r.fontNum]; ok && param > 0 {
				r.fonts[r.fontNum] = param
			}
		}
	case "plain":
		r.st.font = r.defFont
		r.st.hidden = false
	case "uc":
		if param >= 0 && param <= 8 {
			r.st.uc = param
		}
	case "u":
		u := rune(param)
		if u < 0 {
			u += 0x10000
		}
		r.unicode(u)
		r.skip = r.st.uc
	case "v", "deleted":
		r.st.hidden = !has || param != 0
	case "pard":
		r.st.inTable = false
		r.st.pagebb = false
	case "pagebb":
		r.st.pagebb = !has || param != 0
	case "intbl":
		r.st.inTable = true
	case "par":
		r.par()
	case "line":
		r.char('\n')
	case "tab":
		r.char('\t')
	case "page":
		r.char(pageBreak)
	case "sect":
		r.par()
	case "cell", "nestcell":
		if r.st.dest == rtfBody {
			r.flush()
			r.out.endCell()
		}
	case "row", "nestrow":
		if r.st.dest == rtfBody {
			r.flush()
			r.out.endRow()
		}
	case "emdash":
		r.char('—')
	case "endash":
		r.char('–')
	case "lquote":
		r.char('‘')
	case "rquote":
		r.char('’')
	case "ldblquote":
		r.char('“')
	case "rdblquote":
		r.char('”')
	case "bullet":
		r.char('•')
	case "emspace", "enspace", "qmspace":
		r.char(' ')
	}
}

// par ends a paragraph.
func (r *rtfReader) par() {
	if r.st.dest != rtfBody {
		return
	}
	r.flush()
	r.out.endPara(r.st.inTable, r.st.pagebb)
}

// byte adds a byte of text in the current font's code page.
func (r *rtfReader) byte(c byte) {
	if !r.writing() {
		return
	}
	cp := r.codepage()
	if len(r.pending) > 0 && cp != r.pendCP {
		r.flush()
	}
	r.danglingSurrogate()
	r.pendCP = cp
	r.pending = append(r.pending, c)
}

// writing reports whether text in the current state is kept: body text
// that is not hidden, or the title.
func (r *rtfReader) writing() bool {
	return r.st.dest == rtfBody && !r.st.hidden || r.st.dest == rtfTitle
}

// danglingSurrogate writes U+FFFD for a high surrogate that no low one
// followed.
func (r *rtfReader) danglingSurrogate() {
	if r.highSur != 0 {
		r.highSur = 0
		r.writeDecoded(string(utf8.RuneError))
	}
}

// char writes one character.
func (r *rtfReader) char(c rune) {
	if !r.writing() {
		return
	}
	r.flush()
	r.danglingSurrogate()
	if r.st.dest == rtfTitle {
		r.title.WriteRune(c)
		return
	}
	r.out.para.WriteRune(c)
}

// unicode writes a \uN character, pairing UTF-16 surrogates.
func (r *rtfReader) unicode(u rune) {
	switch {
	case u >= 0xD800 && u < 0xDC00:
		r.flush()
		r.danglingSurrogate()
		r.highSur = u
		return
	case u >= 0xDC00 && u < 0xE000:
		if r.highSur != 0 {
			u = utf16.DecodeRune(r.highSur, u)
		} else {
			u = utf8.RuneError
		}
	}
	r.highSur = 0
	r.char(u)
}

// flush decodes the pending bytes.
func (r *rtfReader) flush() {
	if len(r.pending) == 0 {
		return
	}
	s := r.decode(r.pending, r.pendCP)
	r.pending = r.pending[:0]
	r.writeDecoded(s)
}

func (r *rtfReader) writeDecoded(s string) {
	if r.st.dest == rtfTitle {
		r.title.WriteString(s)
		return
	}
	r.out.para.WriteString(s)
}

// endFont closes a font table entry.
func (r *rtfReader) endFont() { r.fontNum = -1 }

// codepage is the code page of text in the current font: the font's own
// (\cpg, or its \fcharset), else the document's \ansicpg.
func (r *rtfReader) codepage() int {
	if cp, ok := r.fonts[r.st.font]; ok && cp != 0 {
		return cp
	}
	return r.ansicpg
}

// charsetCodepage maps an RTF \fcharset to a Windows code page; 0 (ANSI)
// and 1 (default) mean the document's own code page, answered as 0.
func charsetCodepage(cs int) int {
	switch cs {
	case 2:
		return 42 // symbol: no text
	case 77:
		return 10000
	case 128:
		return 932
	case 129:
		return 949
	case 134:
		return 936
	case 136:
		return 950
	case 161:
		return 1253
	case 162:
		return 1254
	case 163:
		return 1258
	case 177:
		return 1255
	case 178:
		return 1256
	case 186:
		return 1257
	case 204:
		return 1251
	case 222:
		return 874
	case 238:
		return 1250
	}
	return 0
}

// decode decodes bytes of a Windows code page; bytes it cannot decode
// become U+FFFD, so the result is valid UTF-8 whatever the input. One
// decoder per code page serves the whole document.
func (r *rtfReader) decode(b []byte, cp int) string {
	switch cp {
	case 42: // symbol fonts (bullets, Wingdings): their bytes are no text
		return ""
	case 65001:
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	d, ok := r.decoders[cp]
	if !ok {
		d = codepageEncoding(cp).NewDecoder()
		if len(r.decoders) < 16 {
			r.decoders[cp] = d
		}
	}
	s, err := d.Bytes(b)
	if err != nil {
		return strings.Repeat("\uFFFD", utf8.RuneCount(b))
	}
	return strings.ToValidUTF8(string(s), "\uFFFD")
}

// codepageEncoding is the decoder of a Windows code page; Windows-1252
// for code pages not known here.
func codepageEncoding(cp int) encoding.Encoding {
	var e encoding.Encoding
	switch cp {
	case 936, 20936, 54936:
		e = simplifiedchinese.GB18030
	case 950:
		e = traditionalchinese.Big5
	case 932:
		e = japanese.ShiftJIS
	case 949:
		e = korean.EUCKR
	case 437:
		e = charmap.CodePage437
	case 850:
		e = charmap.CodePage850
	case 874:
		e = charmap.Windows874
	case 1250:
		e = charmap.Windows1250
	case 1251:
		e = charmap.Windows1251
	case 1253:
		e = charmap.Windows1253
	case 1254:
		e = charmap.Windows1254
	case 1255:
		e = charmap.Windows1255
	case 1256:
		e = charmap.Windows1256
	case 1257:
		e = charmap.Windows1257
	case 1258:
		e = charmap.Windows1258
	case 10000:
		e = charmap.Macintosh
	default:
		e = charmap.Windows1252
	}
	return e
}
