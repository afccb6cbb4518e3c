package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"lvzhi/ingest/internal/pdf"
)

// maxPageRuns bounds the pieces of text placed on one page: a dense page
// places a few thousand, each character on its own at worst.
const maxPageRuns = 200_000

// readPDF reads the text layer of a PDF, page by page in reading order,
// lines rebuilt from the positioned text runs, page numbers removed. Pages
// are separated by page breaks so that a sentence running over a page end is
// re-joined. The PDF library (vendored in internal/pdf) reads within rd's
// budget: it checks rd as it reads, charges what its streams decode, and
// bounds tokens, arrays and operand stacks; pages are found by one walk of
// the page tree that fails on a loop. The library panics on malformed
// files: every panic becomes ErrCorrupt, a stop of the budget its error.
func readPDF(rd *reading, data []byte) (x extracted, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = extracted{}, pdfFailure(r)
		}
	}()
	lim := &pdf.Limits{Check: rd.check, Charge: rd.charge}
	r, err := pdf.NewReaderLimits(bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		var stop *pdf.StopError
		switch {
		case errors.As(err, &stop):
			return extracted{}, pdfLimit(stop.Err)
		case errors.Is(err, pdf.ErrInvalidPassword):
			return extracted{}, reason(ErrUnsupported, "PDF 已加密（设置了打开密码），请去除密码后再导入")
		}
		return extracted{}, reason(ErrCorrupt, "PDF 无法打开（%v）", err)
	}
	maxPages := rd.opt.MaxPages
	if n := r.Trailer().Key("Root").Key("Pages").Key("Count").Int64(); n > int64(maxPages) {
		return extracted{}, fmt.Errorf("%w（PDF 共 %d 页，上限 %d 页）", ErrTooLarge, n, maxPages)
	}
	pages, err := r.PageTree(maxPages)
	switch {
	case errors.Is(err, pdf.ErrTooManyPages):
		return extracted{}, fmt.Errorf("%w（PDF 超过上限 %d 页）", ErrTooLarge, maxPages)
	case errors.Is(err, pdf.ErrPageTreeLoop):
		return extracted{}, reason(ErrCorrupt, "PDF 的页面目录循环引用自身")
	case err != nil:
		return extracted{}, reason(ErrCorrupt, "PDF 页面目录无法读取（%v）", err)
	case len(pages) == 0:
		return extracted{}, reason(ErrCorrupt, "PDF 没有页面")
	}
	texts := make([]string, 0, len(pages))
	fonts := map[fontKey]func(string) string{}
	chars := 0
	for i, p := range pages {
		if err := rd.check(); err != nil {
			return extracted{}, err
		}
		lines := pageLines(rd, p, i+1, fonts)
		for _, l := range lines {
			chars += len(strings.TrimSpace(l))
		}
		texts = append(texts, strings.Join(lines, "\n"))
	}
	if chars == 0 {
		return extracted{}, fmt.Errorf("%w（共 %d 页）", ErrNoTextLayer, len(pages))
	}
	x.text = strings.Join(texts, string(pageBreak))
	if t := r.Trailer().Key("Info").Key("Title"); t.Kind() == pdf.String {
		x.title = pdfString(t.RawString())
	}
	return x, nil
}

// pdfFailure turns a panic of the PDF reading into the file's error.
func pdfFailure(r any) error {
	if err, ok := r.(error); ok {
		var stop *pdf.StopError
		if errors.As(err, &stop) {
			return pdfLimit(stop.Err)
		}
	}
	return reason(ErrCorrupt, "PDF 文件结构损坏（%v）", r)
}

// pdfLimit says why the library stopped: one of its structure caps, or
// what rd's check or charge returned (ErrTimeout, ErrTooLarge, the
// caller's context error), which is returned as it is.
func pdfLimit(err error) error {
	switch {
	case errors.Is(err, pdf.ErrTokenTooLong):
		return fmt.Errorf("%w（PDF 中有过长的字符串或数据流）", ErrTooLarge)
	case errors.Is(err, pdf.ErrTooManyElements):
		return fmt.Errorf("%w（PDF 中有过大的数组、字典或对象编号）", ErrTooLarge)
	case errors.Is(err, pdf.ErrTooManyOperands):
		return fmt.Errorf("%w（PDF 页面内容中堆积了过多操作数）", ErrTooLarge)
	}
	return err
}

// stopPDF ends the reading of a PDF from inside the library's callbacks.
func stopPDF(err error) { panic(&pdf.StopError{Err: err}) }

// fontKey names a font across pages: the object its dictionary was read
// from and its resource name.
type fontKey struct {
	id   uint32
	gen  uint16
	name string
}

// pdfString decodes a PDF text string: UTF-16BE with a BOM, else
// PDFDocEncoding (read as Latin-1, which it is for the printable range).
func pdfString(s string) string {
	if strings.HasPrefix(s, "\xfe\xff") {
		return decodeUTF16([]byte(s[2:]), true)
	}
	if utf8.ValidString(s) {
		return s
	}
	r := make([]rune, 0, len(s))
	for i := 0; i < len(s); i++ {
		r = append(r, rune(s[i]))
	}
	return string(r)
}

// textRun is a piece of text shown at one position.
type textRun struct {
	x, y, end float64 // start, baseline and estimated end, in page space
	size      float64 // font size in page space
	text      string
}

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// gstate is the part of the graphics state that places text.
type gstate struct {
	ctm                 matrix
	tl, tfs, th, tc, tw float64
	rise                float64
	decode              func(string) string
}

// pageLines interprets a page's content stream and returns its lines of
// text, page-number lines removed, visual lines of a paragraph joined.
// fonts holds the decoders of the fonts seen on earlier pages. The text
// shown counts against rd's text budget as it is shown; the operations of
// the page are bounded by MaxOps, its pieces of text by maxPageRuns.
func pageLines(rd *reading, p pdf.Page, pageNo int, fonts map[fontKey]func(string) string) []string {
	contents := p.V.Key("Contents")
	if contents.Kind() == pdf.Null {
		return nil
	}
	decoders := map[string]func(string) string{}
	g := gstate{ctm: identity, th: 1, decode: rawDecode}
	var stack []gstate
	tm, tlm := identity, identity
	var runs []textRun
	ops := 0

	show := func(raw string) {
		s := g.decode(raw)
		if s == "" {
			return
		}
		if err := rd.addText(int64(len(s))); err != nil {
			stopPDF(err)
		}
		if len(runs) >= maxPageRuns {
			stopPDF(fmt.Errorf("%w（PDF 第 %d 页的文字超过上限 %d 段）", ErrTooLarge, pageNo, maxPageRuns))
		}
		trm := matrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.rise}.mul(tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		var adv float64
		for _, r := range s {
			w := 0.5
			if r >= 0x2E80 {
				w = 1
			}
			adv += (w*g.tfs + g.tc) * g.th
			if r == ' ' {
				adv += g.tw * g.th
			}
		}
		start := matrix{1, 0, 0, 1, 0, g.rise}.mul(tm).mul(g.ctm)
		tm = translate(adv, 0).mul(tm)
		end := tm.mul(g.ctm)
		runs = append(runs, textRun{x: start[4], y: start[5], end: end[4], size: size, text: s})
	}
	num := func(v pdf.Value) float64 {
		switch v.Kind() {
		case pdf.Integer, pdf.Real:
			return v.Float64()
		}
		return 0
	}
	args := func(stk *pdf.Stack) []pdf.Value {
		n := stk.Len()
		a := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			a[i] = stk.Pop()
		}
		return a
	}
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		if ops++; ops > rd.opt.MaxOps {
			stopPDF(fmt.Errorf("%w（PDF 第 %d 页的内容超过上限 %d 个操作）", ErrTooLarge, pageNo, rd.opt.MaxOps))
		}
		if ops%1024 == 0 {
			if err := rd.check(); err != nil {
				stopPDF(err)
			}
		}
		a := args(stk)
		switch op {
		case "q":
			if len(stack) < 1000 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(a) == 6 {
				var m matrix
				for i := range m {
					m[i] = num(a[i])
				}
				g.ctm = m.mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(a) == 2 {
				name := a[0].Name()
				dec, ok := decoders[name]
				if !ok {
					f := p.Font(name)
					id, gen := f.V.Ref()
					key := fontKey{id, gen, name}
					if dec, ok = fonts[key]; !ok {
						dec = fontDecoder(f)
						fonts[key] = dec
					}
					decoders[name] = dec
				}
				g.decode, g.tfs = dec, num(a[1])
			}
		case "TL":
			if len(a) == 1 {
				g.tl = num(a[0])
			}
		case "Tc":
			if len(a) == 1 {
				g.tc = num(a[0])
			}
		case "Tw":
			if len(a) == 1 {
				g.tw = num(a[0])
			}
		case "Tz":
			if len(a) == 1 {
				g.th = num(a[0]) / 100
			}
		case "Ts":
			if len(a) == 1 {
				g.rise = num(a[0])
			}
		case "Td", "TD":
			if len(a) == 2 {
				if op == "TD" {
					g.tl = -num(a[1])
				}
				tlm = translate(num(a[0]), num(a[1])).mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(a) == 6 {
				var m matrix
				for i := range m {
					m[i] = num(a[i])
				}
				tm, tlm = m, m
			}
		case "T*":
			tlm = translate(0, -g.tl).mul(tlm)
			tm = tlm
		case "Tj":
			if len(a) == 1 {
				show(a[0].RawString())
			}
		case "'", "\"":
			if len(a) >= 1 {
				if op == "\"" && len(a) == 3 {
					g.tw, g.tc = num(a[0]), num(a[1])
				}
				tlm = translate(0, -g.tl).mul(tlm)
				tm = tlm
				show(a[len(a)-1].RawString())
			}
		case "TJ":
			if len(a) == 1 {
				v := a[0]
				for i := 0; i < v.Len(); i++ {
					e := v.Index(i)
					if e.Kind() == pdf.String {
						show(e.RawString())
					} else {
						tm = translate(-num(e)/1000*g.tfs*g.th, 0).mul(tm)
					}
				}
			}
		}
	})
	return buildLines(runs, pageNo)
}

// GBK CMaps of Chinese fonts: with these and no ToUnicode, strings are raw
// GBK (or GB2312/EUC-CN, a subset) bytes.
var gbkCMaps = map[string]bool{
	"GBK-EUC-H": true, "GBK-EUC-V": true, "GBKp-EUC-H": true, "GBKp-EUC-V": true,
	"GBK2K-H": true, "GBK2K-V": true, "GB-EUC-H": true, "GB-EUC-V": true,
	"GBpc-EUC-H": true, "GBpc-EUC-V": true, "GBT-EUC-H": true, "GBT-EUC-V": true,
}

// fontDecoder returns how to turn a font's strings into text. The library
// knows ToUnicode maps, simple encodings and UniGB-UCS2; raw GBK strings of
// fonts with a GBK CMap it hands back as bytes, which we decode here.
func fontDecoder(f pdf.Font) func(string) string {
	if enc := f.V.Key("Encoding"); enc.Kind() == pdf.Name {
		switch name := enc.Name(); {
		case gbkCMaps[name]:
			return decodeGBKRaw
		case name == "UniGB-UCS2-H", name == "UniGB-UCS2-V", name == "UniGB-UTF16-H", name == "UniGB-UTF16-V":
			if f.V.Key("ToUnicode").Kind() != pdf.Stream {
				return func(s string) string { return decodeUTF16([]byte(s), true) }
			}
		}
	}
	if f.V.IsNull() {
		return rawDecode
	}
	e := f.Encoder()
	return func(s string) string {
		t := e.Decode(s)
		if utf8.ValidString(t) {
			return t
		}
		// An encoding the library does not know passes bytes through:
		// Chinese fonts of that kind are GBK.
		return rawDecode(t)
	}
}

// rawDecode decodes bytes of unknown encoding: UTF-8 when valid, else GBK.
func rawDecode(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return decodeGBKRaw(s)
}

func decodeGBKRaw(s string) string {
	out, err := simplifiedchinese.GB18030.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// A page number alone on the first or last line of a page.
var barePageNumber = regexp.MustCompile(`^[-—–\s]*(\d{1,4})[-—–\s]*$`)

// buildLines groups text runs into lines by baseline, orders lines top to
// bottom and runs left to right, drops page numbers, and joins the visual
// lines of a paragraph: a line reaching the right edge of the text block
// continues on the next line unless that one is indented or opens an item.
func buildLines(runs []textRun, pageNo int) []string {
	type vline struct {
		y, size, left, right float64
		runs                 []textRun
	}
	// Group runs into lines: sorted top to bottom (stable, so runs at one
	// height keep their order), a run joins the current line when its
	// baseline is within half a font size of the line's.
	sorted := make([]textRun, 0, len(runs))
	for _, r := range runs {
		if strings.TrimSpace(r.text) != "" || r.text == " " {
			sorted = append(sorted, r)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y > sorted[j].y })
	var ls []*vline
	for _, r := range sorted {
		if n := len(ls); n > 0 {
			l := ls[n-1]
			if math.Abs(l.y-r.y) < math.Max(math.Max(l.size, r.size)*0.5, 1) {
				l.runs = append(l.runs, r)
				l.left = math.Min(l.left, r.x)
				l.right = math.Max(l.right, r.end)
				l.size = math.Max(l.size, r.size)
				continue
			}
		}
		ls = append(ls, &vline{y: r.y, size: r.size, left: r.x, right: r.end, runs: []textRun{r}})
	}
	texts := make([]string, 0, len(ls))
	kept := ls[:0:0]
	for k, l := range ls {
		sort.SliceStable(l.runs, func(i, j int) bool { return l.runs[i].x < l.runs[j].x })
		var b strings.Builder
		prevEnd := math.Inf(-1)
		var prev rune
		for _, r := range l.runs {
			first, _ := utf8.DecodeRuneInString(r.text)
			if b.Len() > 0 && r.x-prevEnd > l.size*0.25 && prev < 0x2E80 && first < 0x2E80 && prev != ' ' && first != ' ' {
				b.WriteByte(' ')
			}
			b.WriteString(r.text)
			prevEnd = r.end
			prev, _ = utf8.DecodeLastRuneInString(r.text)
		}
		t := strings.TrimSpace(b.String())
		if t == "" {
			continue
		}
		if (k == 0 || k == len(ls)-1) && len(ls) > 1 {
			if m := barePageNumber.FindStringSubmatch(t); m != nil {
				if n, _ := strconv.Atoi(m[1]); n >= pageNo-2 && n <= pageNo+2 {
					continue
				}
			}
		}
		if pageNumberLine.MatchString(t) {
			continue
		}
		texts = append(texts, t)
		kept = append(kept, l)
	}
	if len(kept) < 2 {
		return texts
	}
	left, right, size := math.Inf(1), math.Inf(-1), 0.0
	for _, l := range kept {
		left = math.Min(left, l.left)
		right = math.Max(right, l.right)
		size = math.Max(size, l.size)
	}
	if right-left < 10*size {
		return texts // not a text block: a table, a title page
	}
	var out []string
	for k := 0; k < len(texts); k++ {
		t := texts[k]
		for k+1 < len(texts) && kept[k].right >= right-1.5*kept[k].size &&
			kept[k+1].left < left+0.8*kept[k+1].size && !enumStart.MatchString(texts[k+1]) &&
			!(endsSentence(texts[k]) && headingLike(texts[k+1])) {
			k++
			t = joinVisual(t, texts[k])
		}
		out = append(out, t)
	}
	return out
}

// joinVisual joins two visual lines of one paragraph: directly between
// Chinese characters, with a space between Latin words.
func joinVisual(a, b string) string {
	la, _ := utf8.DecodeLastRuneInString(a)
	fb, _ := utf8.DecodeRuneInString(b)
	if isLatinLetter(la) && isLatinLetter(fb) {
		return a + " " + b
	}
	return a + b
}

func isLatinLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// endsSentence reports whether a line ends with a sentence-final mark.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？；：…”」）!?;:", r)
}
