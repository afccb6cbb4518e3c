package main

import (
	"fmt"
	"sort"
	"strings"

	"lvzhi/ingest/ingesttest"
)

// render makes the bytes of every output file, keyed by its path under
// files/ ("/"-separated). Sources inside the same zip become members of one
// archive. Two sources may not make the same file or member, and a file may
// not also be a zip.
func render(sources []*Source) (map[string][]byte, error) {
	files := map[string][]byte{}
	zips := map[string][]ingesttest.ZipEntry{}
	owner := map[string]string{} // output key → source file, to report clashes
	for _, s := range sources {
		if prev, ok := owner[s.Key()]; ok {
			return nil, fmt.Errorf("%s: %s is already made by %s", s.File, s.Key(), prev)
		}
		owner[s.Key()] = s.File
		b, err := renderOne(s)
		if err != nil {
			return nil, err
		}
		if s.Zip != "" {
			zips[s.Zip] = append(zips[s.Zip], ingesttest.ZipEntry{Name: s.Out, Data: b, GBKName: s.GBKNames})
			continue
		}
		files[s.Out] = b
	}
	for name, entries := range zips {
		if prev, ok := owner[name]; ok {
			return nil, fmt.Errorf("%s is both a file made by %s and a zip", name, prev)
		}
		files[name] = ingesttest.Zip(entries)
	}
	// A file may not sit where another needs a directory.
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for i := 0; i+1 < len(names); i++ {
		if strings.HasPrefix(names[i+1], names[i]+"/") {
			return nil, fmt.Errorf("%s is a file and also a directory of %s", names[i], names[i+1])
		}
	}
	return files, nil
}

// renderOne makes the bytes of one source.
func renderOne(s *Source) ([]byte, error) {
	switch s.Format {
	case "txt", "md", "html":
		text := s.Body
		if s.CRLF {
			text = strings.ReplaceAll(text, "\n", "\r\n")
		}
		b, err := ingesttest.Encode(text, s.Encoding)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.File, err)
		}
		return b, nil
	case "docx":
		return ingesttest.Docx(lines(s.Body), ingesttest.DocxOptions{Title: s.Title, Author: s.Author, SplitRuns: s.Split}), nil
	case "pdf", "pdf-gbk":
		enc := "ucs2"
		if s.Format == "pdf-gbk" {
			enc = "gbk-raw"
		}
		return ingesttest.PDF(pages(s.Body), ingesttest.PDFOptions{Encoding: enc, Wrap: s.Wrap, Title: s.Title}), nil
	case "doc", "wps":
		return ingesttest.Doc(lines(s.Body), ingesttest.DocOptions{Title: s.Title}), nil
	case "doc-encrypted":
		return ingesttest.Doc(lines(s.Body), ingesttest.DocOptions{Title: s.Title, Encrypted: true}), nil
	case "rtf":
		return ingesttest.RTF(lines(s.Body), ingesttest.RTFOptions{Title: s.Title, Unicode: s.Encoding == "unicode"}), nil
	case "empty":
		return []byte{}, nil
	case "binary":
		b := junk(s.Out, 3000)
		for i := 0; i < len(b); i += 7 {
			b[i] = 0 // text files never hold NUL bytes
		}
		return b, nil
	case "docx-truncated":
		b := ingesttest.Docx(lines(s.Body), ingesttest.DocxOptions{Title: s.Title, Author: s.Author})
		return b[:len(b)*3/5], nil
	case "pdf-image":
		return ingesttest.PDF(pages(s.Body), ingesttest.PDFOptions{NoText: true, Title: s.Title}), nil
	case "doc-ole2":
		// The compound-file header of Word 97-2003 (magic, minor version
		// 0x3E, major version 3, little-endian byte order mark, 512-byte
		// sectors, 64-byte mini sectors) padded to 512 bytes, then junk.
		h := make([]byte, 512)
		copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
		copy(h[0x18:], []byte{0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00, 0x06, 0x00})
		for i := 0x4C; i < 512; i++ {
			h[i] = 0xFF // an empty DIFAT
		}
		return append(h, junk(s.Out, 7680)...), nil
	}
	return nil, fmt.Errorf("%s: unknown format %q", s.File, s.Format)
}

// lines splits a docx body into paragraphs: one per line, without the
// final newline's empty line.
func lines(body string) []string {
	body = strings.TrimSuffix(body, "\n")
	if body == "" {
		return nil
	}
	return strings.Split(body, "\n")
}

// pages splits a pdf body into pages at lines "[[page]]".
func pages(body string) [][]string {
	var out [][]string
	var cur []string
	for _, l := range lines(body) {
		if strings.TrimSpace(l) == "[[page]]" {
			out = append(out, cur)
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	return append(out, cur)
}

// junk returns n deterministic pseudo-random bytes seeded by seed
// (xorshift64*: the same on every platform).
func junk(seed string, n int) []byte {
	x := uint64(0x9E3779B97F4A7C15)
	for _, c := range []byte(seed) {
		x = (x ^ uint64(c)) * 0x100000001B3
	}
	b := make([]byte, n)
	for i := range b {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		b[i] = byte((x * 0x2545F4914F6CDD1D) >> 56)
	}
	return b
}
