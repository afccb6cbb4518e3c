package main

import (
	"bufio"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// Source is one authored file of corpus/sample/src: a header saying what to
// make, and the body to make it from.
type Source struct {
	File     string // the source file's name, for messages: "03-teacher.txt"
	Out      string // path under files/, or the member name when Zip is set
	Format   string // see formats
	Encoding string // txt, md, html: canonical ingesttest name; rtf: gbk or unicode
	Zip      string // path under files/ of the zip holding Out, or ""
	GBKNames bool   // zipnames: gbk
	CRLF     bool   // newline: crlf
	Wrap     int    // pdf: characters per line (0: lines as written)
	Title    string // docx, pdf, doc, wps, rtf: the title in the file's metadata
	Author   string // docx: the author in the file's metadata
	Split    int    // docx: split runs every n characters
	Body     string
}

// formats maps each format to whether it takes an encoding.
var formats = map[string]bool{
	"txt": true, "md": true, "html": true,
	"docx": false, "pdf": false, "pdf-gbk": false,
	"doc": false, "wps": false, // Word 97-2003 binary (a .wps is the same layout, as WPS Office saves it)
	"rtf": true, // encoding gbk (default): Chinese as \'hh GBK bytes; unicode: \uN with GBK fallbacks
	// Bad files, for 问题文件/: the body is ignored unless said otherwise.
	"empty":          false, // zero bytes
	"binary":         false, // deterministic random bytes with NULs
	"docx-truncated": false, // the body as a docx, cut short (no central directory)
	"pdf-image":      false, // the body's pages as images only: no text layer
	"doc-ole2":       false, // an OLE2 compound-file header, then junk: a damaged Word .doc
	"doc-encrypted":  false, // the body as a .doc whose FIB says it is encrypted (password-protected)
}

// rtfEncodings are the encodings of format rtf: how Chinese is escaped.
var rtfEncodings = map[string]bool{"gbk": true, "unicode": true}

var encodings = map[string]bool{"utf-8": true, "utf-8-bom": true, "gbk": true, "gb18030": true, "utf-16le": true, "utf-16be": true}

// parseSource reads a source file: a header between two "---" lines of
// "key: value" pairs (a " #" starts a comment), then the body, kept exactly.
func parseSource(name, data string) (*Source, error) {
	fail := func(format string, args ...any) (*Source, error) {
		return nil, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	data = strings.TrimPrefix(data, "\uFEFF")
	if !strings.HasPrefix(data, "---\n") {
		return fail(`does not start with a "---" header line`)
	}
	rest := data[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - len("\n---")
		} else {
			return fail(`header has no closing "---" line`)
		}
	}
	header := rest[:end]
	body := ""
	if end+len("\n---\n") <= len(rest) {
		body = rest[end+len("\n---\n"):]
	}

	s := &Source{File: name, Body: body}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(header))
	line := 1
	for sc.Scan() {
		line++
		l := sc.Text()
		if i := strings.Index(l, " #"); i >= 0 {
			l = l[:i]
		}
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return fail("header line %d: want \"key: value\", got %q", line, l)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if seen[k] {
			return fail("header line %d: %s given twice", line, k)
		}
		seen[k] = true
		var err error
		switch k {
		case "out":
			s.Out = v
		case "format":
			s.Format = v
		case "encoding":
			s.Encoding = strings.ToLower(v)
		case "zip":
			s.Zip = v
		case "zipnames":
			switch strings.ToLower(v) {
			case "gbk":
				s.GBKNames = true
			case "utf-8", "utf8":
			default:
				return fail("header line %d: zipnames %q: want gbk or utf-8", line, v)
			}
		case "newline":
			switch strings.ToLower(v) {
			case "crlf":
				s.CRLF = true
			case "lf":
			default:
				return fail("header line %d: newline %q: want lf or crlf", line, v)
			}
		case "wrap":
			s.Wrap, err = strconv.Atoi(v)
		case "splitruns":
			s.Split, err = strconv.Atoi(v)
		case "title":
			s.Title = v
		case "author":
			s.Author = v
		default:
			return fail("header line %d: unknown key %q", line, k)
		}
		if err != nil {
			return fail("header line %d: %s: %v", line, k, err)
		}
	}

	takesEncoding, ok := formats[s.Format]
	switch {
	case s.Format == "":
		return fail("no format")
	case !ok:
		return fail("unknown format %q", s.Format)
	case s.Out == "":
		return fail("no out")
	case s.Encoding != "" && !takesEncoding:
		return fail("format %s takes no encoding", s.Format)
	case s.Format == "rtf" && s.Encoding != "" && !rtfEncodings[s.Encoding]:
		return fail("format rtf: encoding %q: want gbk or unicode", s.Encoding)
	case s.Format != "rtf" && s.Encoding != "" && !encodings[s.Encoding]:
		return fail("unknown encoding %q", s.Encoding)
	case s.GBKNames && s.Zip == "":
		return fail("zipnames without zip")
	case s.Wrap < 0 || s.Split < 0:
		return fail("wrap and splitruns cannot be negative")
	}
	if s.Encoding == "" && takesEncoding {
		s.Encoding = "utf-8"
		if s.Format == "rtf" {
			s.Encoding = "gbk"
		}
	}
	if s.Zip != "" {
		if !local(s.Zip) || !strings.HasSuffix(strings.ToLower(s.Zip), ".zip") {
			return fail("zip %q: want a relative path ending in .zip inside files/", s.Zip)
		}
		// A member name is written as given, "../" and all: hostile
		// archives are part of the corpus. It only has to be a name.
		if strings.HasSuffix(s.Out, "/") || strings.Contains(s.Out, "\\") {
			return fail("zip member %q: want a file name with / separators", s.Out)
		}
	} else if !local(s.Out) {
		return fail("out %q: want a relative path inside files/", s.Out)
	}
	return s, nil
}

// local reports whether p is a clean, relative, "/"-separated path that
// stays inside the directory it is joined to.
func local(p string) bool {
	return p != "" && !strings.Contains(p, "\\") && path.Clean(p) == p &&
		!path.IsAbs(p) && p != "." && p != ".." && !strings.HasPrefix(p, "../")
}

// Key is where the output lands: the zip path and member, or the file path.
func (s *Source) Key() string {
	if s.Zip != "" {
		return s.Zip + "!/" + s.Out
	}
	return s.Out
}
