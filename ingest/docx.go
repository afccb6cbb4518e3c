package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// readDocx reads the body of a Word 2007+ document: word/document.xml in
// reading order, paragraphs as lines, tables row by row with cells separated
// by tabs, and the title from docProps/core.xml. The body is streamed from
// the zip member: what is decompressed counts against the budget as it is
// read, and no more than one XML token and the text so far is held.
func readDocx(rd *reading, data []byte) (extracted, error) {
	opt := rd.opt
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return extracted{}, reason(ErrCorrupt, "Word 文档（docx）无法打开，可能已被截断（%v）", err)
	}
	if len(zr.File) > opt.MaxZipMembers {
		return extracted{}, reason(ErrZipBomb, "Word 文档内含 %d 个部件，超过上限 %d", len(zr.File), opt.MaxZipMembers)
	}
	var body, core *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			body = f
		case "docProps/core.xml":
			core = f
		}
	}
	if body == nil {
		body = mainPart(zr)
	}
	if body == nil {
		return extracted{}, reason(ErrCorrupt, "Word 文档缺少正文部件 word/document.xml")
	}
	rc, err := openMember(body, opt)
	if err != nil {
		return extracted{}, err
	}
	defer rc.Close()
	text, err := docxText(rd, &chargedReader{r: rc, rd: rd})
	if err != nil {
		return extracted{}, err
	}
	if strings.TrimSpace(strings.ReplaceAll(text, string(pageBreak), "")) == "" {
		return extracted{}, reason(ErrEmpty, "Word 文档中没有文字")
	}
	x := extracted{text: text}
	if core != nil {
		x.title = docxTitle(core, opt)
	}
	return x, nil
}

// mainPart finds the main document part named by _rels/.rels, for files
// that do not call it word/document.xml.
func mainPart(zr *zip.Reader) *zip.File {
	var target string
	for _, f := range zr.File {
		if f.Name != "_rels/.rels" || f.UncompressedSize64 > 1<<20 {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		err = xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&rels)
		rc.Close()
		if err != nil {
			return nil
		}
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				target = strings.TrimPrefix(path.Clean("/"+r.Target), "/")
			}
		}
	}
	if target == "" {
		return nil
	}
	for _, f := range zr.File {
		if f.Name == target {
			return f
		}
	}
	return nil
}

// openMember opens a part of a zip-based file within the zip limits: its
// declared size and compression ratio are checked first, and the reader is
// bounded by the declared size (archive/zip fails on more).
func openMember(f *zip.File, opt Options) (io.ReadCloser, error) {
	if err := bombCheck(f, opt); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, reason(ErrCorrupt, "无法解压 %s（%v）", f.Name, err)
	}
	return rc, nil
}

// bombCheck rejects a member whose declared size or ratio is a bomb's.
func bombCheck(f *zip.File, opt Options) error {
	size := int64(f.UncompressedSize64)
	if f.UncompressedSize64 > uint64(opt.MaxZipTotal) || size < 0 {
		return reason(ErrZipBomb, "%s 解压后 %s，超过上限 %s", f.Name, megabytes(size), megabytes(opt.MaxZipTotal))
	}
	if size > ratioFloor {
		comp := max(int64(f.CompressedSize64), 1)
		if size/comp > opt.MaxZipRatio {
			return reason(ErrZipBomb, "%s 压缩比 %d:1，超过上限 %d:1", f.Name, size/comp, opt.MaxZipRatio)
		}
	}
	return nil
}

// docxTitle reads dc:title from docProps/core.xml; "" when absent or
// unreadable (the title is a nicety, never a reason to fail).
func docxTitle(f *zip.File, opt Options) string {
	if f.UncompressedSize64 > 1<<20 {
		return ""
	}
	rc, err := openMember(f, opt)
	if err != nil {
		return ""
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, 1<<20))
	in := false
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "title"
		case xml.EndElement:
			if in {
				return strings.TrimSpace(b.String())
			}
		case xml.CharData:
			if in {
				b.Write(t)
			}
		}
	}
	return ""
}

// maxTableNesting bounds tables inside tables: real documents nest two
// or three; the cells of a table nested deeper are read as the cells of
// the table that holds it.
const maxTableNesting = 32

// docxCell is an open table cell: its paragraphs so far.
type docxCell struct{ paras []string }

// docxTable is an open table: the cells of the current row.
type docxTable struct {
	cells []*docxCell
}

// tokenGuard stops an XML decoder that is buffering one huge token (a run
// of text or a tag of many megabytes): it fails a read once more than limit
// bytes have been read past mark, the end of the last token the decoder
// returned (the reader of the tokens sets it).
type tokenGuard struct {
	r     io.Reader
	read  int64
	mark  int64
	limit int64
}

func (g *tokenGuard) Read(p []byte) (int, error) {
	if g.read-g.mark > g.limit {
		return 0, fmt.Errorf("%w（一段文字或标记超过 %s）", ErrTooLarge, megabytes(g.limit))
	}
	n, err := g.r.Read(p)
	g.read += int64(n)
	return n, err
}

// docxText walks word/document.xml and returns its text, counting the text
// against rd's budget as it is built.
func docxText(rd *reading, r io.Reader) (string, error) {
	guard := &tokenGuard{r: r, limit: rd.opt.MaxText + 64<<10}
	d := xml.NewDecoder(guard)
	var (
		textErr error              // the text budget is spent
		lines   []string           // body paragraphs
		paras   []*strings.Builder // open paragraphs (text boxes nest them)
		tables  []*docxTable
		deeper  int  // tables open past maxTableNesting
		skip    int  // depth inside a subtree whose text is not the body's
		inText  bool // inside w:t
		runs    int  // depth of w:r
	)
	emit := func(s string) {
		for k := len(tables) - 1; k >= 0; k-- {
			if n := len(tables[k].cells); n > 0 {
				c := tables[k].cells[n-1]
				c.paras = append(c.paras, s)
				return
			}
		}
		lines = append(lines, s)
	}
	write := func(s string) {
		if len(paras) > 0 {
			paras[len(paras)-1].WriteString(s)
			if err := rd.addText(int64(len(s))); err != nil && textErr == nil {
				textErr = err
			}
		}
	}
	for textErr == nil {
		// RawToken: only local names matter here, and skipping namespace
		// translation makes the walk a quarter faster. The depth counting
		// below never trusts the document to be balanced.
		tok, err := d.RawToken()
		guard.mark = d.InputOffset()
		if err == io.EOF {
			break
		}
		if err != nil {
			if stop := rd.check(); stop != nil {
				return "", stop
			}
			if errors.Is(err, ErrTooLarge) {
				return "", err
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) && len(lines) > 0 && strings.Contains(se.Msg, "unexpected EOF") {
				return "", reason(ErrCorrupt, "Word 文档正文不完整（在第 %d 行中断）", se.Line)
			}
			return "", reason(ErrCorrupt, "Word 文档正文无法解析（%v）", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "instrText", "delText", "del", "moveFrom", "Fallback", "pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid":
				// Field instructions, deleted text, the duplicate VML of a
				// drawing, and properties hold no body text.
				skip = 1
			case "p":
				paras = append(paras, &strings.Builder{})
			case "r":
				runs++
			case "t":
				inText = true
			case "tab":
				if runs > 0 {
					write("\t")
				}
			case "br", "cr":
				if runs > 0 {
					if attr(t, "type") == "page" {
						write(string(pageBreak))
					} else {
						write("\n")
					}
				}
			case "noBreakHyphen":
				write("-")
			case "tbl":
				if len(tables) >= maxTableNesting {
					deeper++ // emit looks through the open tables: bound them
					continue
				}
				tables = append(tables, &docxTable{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].cells = tables[n-1].cells[:0]
				}
			case "tc":
				if n := len(tables); n > 0 {
					tables[n-1].cells = append(tables[n-1].cells, &docxCell{})
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "r":
				runs = max(runs-1, 0)
			case "p":
				if n := len(paras); n > 0 {
					s := paras[n-1].String()
					paras = paras[:n-1]
					emit(s)
				}
			case "t":
				inText = false
			case "tr":
				if n := len(tables); n > 0 {
					row := rowText(tables[n-1].cells)
					tables[n-1].cells = tables[n-1].cells[:0]
					tables = tables[:n-1] // emit to the enclosing container
					emit(row)
					tables = append(tables, &docxTable{})
				}
			case "tbl":
				if deeper > 0 {
					deeper--
				} else if n := len(tables); n > 0 {
					tables = tables[:n-1]
				}
			}
		case xml.CharData:
			if skip == 0 && inText {
				write(string(t))
			}
		}
	}
	if textErr != nil {
		return "", textErr
	}
	return strings.Join(lines, "\n"), nil
}

// rowText renders a table row: cells separated by tabs; a cell with several
// paragraphs keeps them on lines of their own.
func rowText(cells []*docxCell) string {
	parts := make([]string, 0, len(cells))
	for _, c := range cells {
		parts = append(parts, strings.TrimSpace(strings.Join(c.paras, "\n")))
	}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, "\t")
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
