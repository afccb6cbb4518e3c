// Package ingest turns the office's files into documents: it finds files in
// folders and zips, detects each file's format and character encoding by its
// content, extracts the text (plain text, markdown, HTML, docx, PDF text
// layer), cleans conversion debris, normalises the text with
// corpus.NormalizeText and splits compilations into their documents. It
// knows nothing about deputies; extract does.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"

	"lvzhi/corpus"
)

// File is what one source held.
type File struct {
	Hash     string            // hex sha256 of the raw bytes
	Format   string            // detected by content, not only by extension: txt, md, html, docx, pdf, doc, wps, rtf
	Encoding string            // utf-8, utf-8-bom, gbk, gb18030, utf-16le, utf-16be ("" for docx, pdf, doc, wps, rtf)
	Docs     []corpus.Document // one or more; every field filled (ID = corpus.DocumentID(Text), Part from 1, Parts = len(Docs))

	// Warnings are doubts about the text read, each wrapping WarnEncoding
	// ("第 12 行按 GBK 解码，其余按 UTF-8"): the documents are kept, and
	// people should look at them.
	Warnings []error
}

// Formats.
const (
	FormatTxt  = "txt"
	FormatMD   = "md"
	FormatHTML = "html"
	FormatDocx = "docx"
	FormatPDF  = "pdf"
	FormatDoc  = "doc" // Word 97-2003
	FormatWPS  = "wps" // WPS Office, in the Word 97-2003 layout
	FormatRTF  = "rtf"
)

// extracted is the text a format reader found, before cleaning.
type extracted struct {
	text     string
	encoding string
	title    string // a title the file itself names (docx core title, html <h1>), "" if none
	markdown bool   // the text is markdown, to be converted
}

// ReadBytes detects format and encoding, extracts text, cleans conversion
// debris, normalises, and splits the text into documents. src supplies
// Document.Source/Member and the extension hint. It is ReadBytesContext
// without a context of the caller's: the file's own deadline still holds.
func ReadBytes(src Source, data []byte, opt Options) (*File, error) {
	return ReadBytesContext(context.Background(), src, data, opt)
}

// ReadBytesContext is ReadBytes under ctx and the file's budget (see
// Options): it fails the file with ErrTimeout past opt.Timeout and with
// ErrTooLarge past a cap, naming the figure, and it returns promptly with
// ctx's error (wrapped in a *FileError) when ctx is done.
func ReadBytesContext(ctx context.Context, src Source, data []byte, opt Options) (*File, error) {
	rd, cancel := newReading(ctx, opt)
	defer cancel()
	return rd.read(src, data)
}

// read reads one file's bytes within rd's budget.
func (rd *reading) read(src Source, data []byte) (f *File, err error) {
	opt := rd.opt
	if len(data) == 0 {
		return nil, fileError(src, reason(ErrEmpty, "文件为空（0 字节）"))
	}
	if int64(len(data)) > opt.MaxFileSize {
		return nil, fileError(src, tooLarge(int64(len(data)), opt.MaxFileSize))
	}
	if err := rd.check(); err != nil {
		return nil, fileError(src, err)
	}
	h := sha256.New()
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 4<<20)
		h.Write(rest[:n])
		rest = rest[n:]
		if err := rd.check(); err != nil {
			return nil, fileError(src, err)
		}
	}
	f = &File{Hash: hex.EncodeToString(h.Sum(nil))}

	x, err := extractText(rd, f, src, data)
	if err == nil && int64(len(x.text)) > opt.MaxText {
		// Every reader's text is held to the cap here, also one that does
		// not count its text as it builds it.
		err = rd.textTooLarge(int64(len(x.text)))
	}
	if err == nil {
		err = rd.check()
	}
	if err != nil {
		return nil, fileError(src, err)
	}
	f.Encoding = x.encoding

	parts, err := process(rd, x)
	if err != nil {
		return nil, fileError(src, err)
	}
	if len(parts) == 0 {
		return nil, fileError(src, reason(ErrEmpty, "提取后没有正文"))
	}
	// Normalising can widen ASCII punctuation between Chinese characters
	// to three bytes: the documents are held to the cap too.
	total := 0
	for _, p := range parts {
		total += len(p.text)
	}
	if int64(total) > opt.MaxText {
		return nil, fileError(src, rd.textTooLarge(int64(total)))
	}
	for i, p := range parts {
		f.Docs = append(f.Docs, corpus.Document{
			ID:       corpus.DocumentID(p.text),
			Source:   src.Path,
			Member:   src.Member,
			Part:     i + 1,
			Parts:    len(parts),
			Format:   f.Format,
			Encoding: f.Encoding,
			Title:    p.title,
			Text:     p.text,
		})
	}
	f.Warnings = rd.warnings
	return f, nil
}

// extractText detects the format of data by its content (setting
// f.Format) and extracts its text.
func extractText(rd *reading, f *File, src Source, data []byte) (x extracted, err error) {
	ext := strings.ToLower(filepath.Ext(src.name()))
	switch f.Format = sniff(ext, data); f.Format {
	case FormatDocx:
		x, err = readDocx(rd, data)
	case FormatPDF:
		x, err = readPDF(rd, data)
	case FormatHTML:
		x, err = readHTML(rd, data)
	case kindMHT:
		f.Format = FormatHTML
		x, err = readMHT(rd, data)
	case kindOLE:
		f.Format = docFormat(ext)
		x, err = readDoc(rd, data, ext)
	case kindRTF:
		f.Format = FormatRTF
		x, err = readRTF(rd, data)
	case FormatTxt:
		x, err = readText(rd, data, ext)
		if x.markdown {
			f.Format = FormatMD
		}
		if errors.Is(err, ErrBinary) && (ext == ".doc" || ext == ".wps") {
			err = notWordBinary(ext)
		}
	default:
		err = unsupported(f.Format, ext)
	}
	return x, err
}

// process turns extracted text into documents: markdown conversion, debris
// removal, normalisation, line cleaning, splitting. Every step is linear in
// the text (which the budget bounds), and rd is checked between steps.
func process(rd *reading, x extracted) ([]part, error) {
	lines, err := textLines(rd, x)
	if err != nil {
		return nil, err
	}
	parts := split(lines)
	// Cleaning only deletes spaces at line ends and joins lines between
	// Chinese characters, which cannot make an ASCII mark "next to
	// Chinese"; normalising each finished part again makes the invariant
	// (a document's text is in normal form) hold whatever the input.
	for i := range parts {
		parts[i].text = corpus.NormalizeText(parts[i].text)
	}
	// The title the file names (docx core title, PDF info title, the
	// page's <h1>) is a fallback: metadata titles are often generic
	// ("述职报告") or left from a template, the document's own title line
	// is what people recognise.
	if len(parts) == 1 && parts[0].title == "" && x.title != "" {
		parts[0].title = cleanTitle(x.title)
	}
	return parts, rd.check()
}

// stripControls removes control characters other than the line structure
// (tab, line feed, carriage return, form feed, vertical tab), C1 controls
// included, before normalisation: removing them afterwards could leave an
// ASCII mark next to a Chinese character unconverted.
func stripControls(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r', '\f', '\v':
		return false
	}
	return r < 0x20 || r == 0x7F || r >= 0x80 && r < 0xA0
}

// Sniffed kinds that are not readable formats.
const (
	kindZip       = "zip"
	kindOLE       = "ole"
	kindRTF       = "rtf"
	kindOOXML     = "ooxml" // xlsx, pptx: a zip with no word/document.xml but [Content_Types].xml
	kindODF       = "odf"
	kindImage     = "image"
	kindExe       = "exe"
	kindArchive   = "archive"
	kindMHT       = "mht"       // a web archive (MHTML), as "Word" downloads of template sites often are
	kindEncrypted = "encrypted" // an Office file with an opening password
)

// sniff detects the format by content; the extension only decides between
// readings the content leaves open (a zip is a docx only if it holds
// word/document.xml; text is HTML by its markup or its .html name).
func sniff(ext string, data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return sniffZip(ext, data)
	case bytes.HasPrefix(data, []byte("%PDF")):
		return FormatPDF
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An encrypted docx is an OLE container holding "EncryptedPackage"
		// (its directory names are UTF-16LE).
		if bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")) {
			return kindEncrypted
		}
		return kindOLE
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return kindRTF
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}),
		bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")),
		bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")),
		len(data) > 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return kindImage
	case bytes.HasPrefix(data, []byte("MZ")) && bytes.IndexByte(data[:min(len(data), 512)], 0) >= 0,
		bytes.HasPrefix(data, []byte("\x7fELF")):
		return kindExe
	case bytes.HasPrefix(data, []byte{0x1F, 0x8B}), bytes.HasPrefix(data, []byte("Rar!\x1A\x07")),
		bytes.HasPrefix(data, []byte("7z\xBC\xAF\x27\x1C")), bytes.HasPrefix(data, []byte("BZh")) && ext != ".txt":
		return kindArchive
	}
	if isMHT(data) {
		return kindMHT
	}
	if isHTML(ext, data) {
		return FormatHTML
	}
	return FormatTxt
}

// sniffZip tells a docx from other zip-based files by the member names in
// the central directory, without decompressing anything.
func sniffZip(ext string, data []byte) string {
	switch {
	case bytes.Contains(data, []byte("word/document.xml")):
		return FormatDocx
	case bytes.Contains(data, []byte("mimetypeapplication/vnd.oasis.opendocument")):
		return kindODF
	case bytes.Contains(data, []byte("[Content_Types].xml")):
		if ext == ".docx" {
			// A Word file without its body: broken, not another format.
			return FormatDocx
		}
		return kindOOXML
	case ext == ".docx":
		return FormatDocx // a truncated docx: readDocx says what is wrong
	}
	return kindZip
}

// isHTML reports whether data looks like an HTML page: by its name, or by
// markup near the start (after a BOM and whitespace).
func isHTML(ext string, data []byte) bool {
	if ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".mht" || ext == ".shtml" {
		return true
	}
	head := data[:min(len(data), 1024)]
	if looksUTF16(head) {
		head = []byte(strings.ToLower(decodeUTF16Lossy(head)))
	} else {
		head = bytes.ToLower(head)
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<?xml version"} {
		if bytes.HasPrefix(head, []byte(tag)) {
			if tag == "<?xml version" && !bytes.Contains(head, []byte("<html")) {
				continue
			}
			return true
		}
	}
	return bytes.Contains(head, []byte("<html")) && bytes.Contains(head, []byte("<body")) ||
		bytes.Contains(head, []byte("<meta http-equiv"))
}

// unsupported names the format of a file lvzhi cannot read.
func unsupported(kind, ext string) error {
	switch kind {
	case kindOLE:
		name := "Office 97-2003 文档"
		switch ext {
		case ".doc", ".dot":
			name = "Word 97-2003 文档（.doc）"
		case ".wps":
			name = "WPS 文字文档（.wps）"
		case ".xls", ".et":
			name = "Excel 97-2003 表格（" + ext + "）"
		case ".ppt", ".dps":
			name = "PowerPoint 97-2003 演示文稿（" + ext + "）"
		}
		if ext == ".xls" || ext == ".et" || ext == ".ppt" || ext == ".dps" {
			return reason(ErrUnsupported, "%s不是文字报告，无法读取", name)
		}
		return reason(ErrUnsupported, "%s，请用 Word 或 WPS 另存为 .docx 后再导入", name)
	case kindEncrypted:
		return reason(ErrUnsupported, "文档已加密（设置了打开密码），请去除密码后另存为 .docx 再导入")
	case kindOOXML:
		return reason(ErrUnsupported, "Excel 或 PowerPoint 文件（%s）不是文字报告，无法读取", orExt(ext, ".xlsx/.pptx"))
	case kindODF:
		return reason(ErrUnsupported, "OpenDocument 文档（%s），请另存为 .docx 后再导入", orExt(ext, ".odt"))
	case kindZip:
		return reason(ErrUnsupported, "压缩包（.zip）不能作为单个文件读取，请导入整个压缩包，程序会逐个读取其中的文件")
	case kindImage:
		return reason(ErrUnsupported, "图片（%s）没有可提取的文字，请先做文字识别", orExt(ext, "图片"))
	case kindExe:
		return reason(ErrUnsupported, "可执行程序（%s）", orExt(ext, "二进制"))
	case kindArchive:
		return reason(ErrUnsupported, "压缩文件（%s），目前只能展开 .zip 压缩包，请解压后再导入", orExt(ext, "压缩"))
	}
	return reason(ErrUnsupported, "%s", orExt(ext, kind))
}

func orExt(ext, fallback string) string {
	if ext == "" {
		return fallback
	}
	return ext
}

// textLines cleans extracted text into the lines the splitter reads:
// markdown conversion, debris removal, normalisation, line cleaning.
func textLines(rd *reading, x extracted) ([]string, error) {
	text := x.text
	if x.markdown {
		text = fromMarkdown(text)
	}
	text = removeDebris(text)
	text = stripControls(text)
	text = corpus.NormalizeText(text)
	if err := rd.check(); err != nil {
		return nil, err
	}
	lines := cleanLines(text)
	return lines, rd.check()
}
