package ingesttest

import (
	"archive/zip"
	"bytes"
	"sort"
	"strings"
	"time"
)

// Modified is the modification time stamped on every zip member (and so on
// every docx part): fixed, so that the bytes never change between runs.
var Modified = time.Date(2022, time.November, 30, 9, 30, 0, 0, time.UTC)

// ZipEntry is one member of a zip built by Zip.
type ZipEntry struct {
	// Name is the member path, "/"-separated. A name ending in "/" is a
	// directory entry and Data is ignored. Names are written as given, even
	// hostile ones such as "../../x.txt": building bad archives is the point.
	Name string
	Data []byte
	// GBKName stores the name in GBK without the UTF-8 flag (general purpose
	// bit 11), as zips made by Windows Explorer or WinRAR on a Chinese system
	// are. Names GBK cannot hold fall back to UTF-8 with the flag set.
	GBKName bool
	// Store keeps Data uncompressed; by default members are deflated.
	Store bool
}

// Zip returns a zip archive holding entries, sorted by name (the sort is
// stable, so duplicate names keep their order), each stamped with Modified.
func Zip(entries []ZipEntry) []byte {
	sorted := make([]ZipEntry, len(entries))
	copy(sorted, entries)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range sorted {
		h := &zip.FileHeader{Name: e.Name, Modified: Modified, Method: zip.Deflate}
		if e.Store || strings.HasSuffix(e.Name, "/") {
			h.Method = zip.Store
		}
		if e.GBKName {
			if b, err := Encode(e.Name, "gbk"); err == nil {
				h.Name = string(b)
				h.NonUTF8 = true
			}
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic("ingesttest: zip: " + err.Error()) // only on a bug here: writing to memory cannot fail
		}
		if !strings.HasSuffix(e.Name, "/") {
			if _, err := w.Write(e.Data); err != nil {
				panic("ingesttest: zip: " + err.Error())
			}
		}
	}
	if err := zw.Close(); err != nil {
		panic("ingesttest: zip: " + err.Error())
	}
	return buf.Bytes()
}

// zipParts writes named parts in the given order (a docx wants
// [Content_Types].xml first, as Word writes it).
func zipParts(parts []part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Modified: Modified, Method: zip.Deflate})
		if err != nil {
			panic("ingesttest: docx: " + err.Error())
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			panic("ingesttest: docx: " + err.Error())
		}
	}
	if err := zw.Close(); err != nil {
		panic("ingesttest: docx: " + err.Error())
	}
	return buf.Bytes()
}

type part struct{ name, data string }
