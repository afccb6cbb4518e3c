package ingesttest

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestZip(t *testing.T) {
	entries := []ZipEntry{
		{Name: "2022/清河镇/张建华-述职报告.txt", Data: []byte("述职"), GBKName: true},
		{Name: "2022/", GBKName: true},
		{Name: "../../逃逸.txt", Data: []byte("x")},
		{Name: "readme.txt", Data: bytes.Repeat([]byte("代表"), 1000)},
		{Name: "stored.txt", Data: []byte("abc"), Store: true},
	}
	b := Zip(entries)
	if !bytes.Equal(b, Zip(entries)) {
		t.Fatal("Zip is not deterministic")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by the UTF-8 name: "../" < "2022/" < "2022/清…" < "readme" < "stored".
	want := []struct {
		name   string // as decoded
		raw    bool   // stored in GBK without the UTF-8 flag
		data   string
		method uint16
		isDir  bool
	}{
		{name: "../../逃逸.txt", data: "x", method: zip.Deflate},
		{name: "2022/", raw: true, method: zip.Store, isDir: true},
		{name: "2022/清河镇/张建华-述职报告.txt", raw: true, data: "述职", method: zip.Deflate},
		{name: "readme.txt", data: string(bytes.Repeat([]byte("代表"), 1000)), method: zip.Deflate},
		{name: "stored.txt", data: "abc", method: zip.Store},
	}
	if len(zr.File) != len(want) {
		t.Fatalf("%d members, want %d", len(zr.File), len(want))
	}
	for i, w := range want {
		f := zr.File[i]
		t.Run(w.name, func(t *testing.T) {
			name := f.Name
			utf8Flag := f.Flags&0x800 != 0
			if w.raw {
				if utf8Flag {
					t.Errorf("UTF-8 flag set on a GBK name")
				}
				if utf8.ValidString(name) && name != "2022/" {
					t.Errorf("name %q stored as UTF-8, want GBK bytes", name)
				}
				dec, err := simplifiedchinese.GBK.NewDecoder().String(name)
				if err != nil {
					t.Fatal(err)
				}
				name = dec
			} else if utf8Flag != (name != "readme.txt" && name != "stored.txt") {
				// archive/zip flags UTF-8 only for names that need it.
				t.Errorf("UTF-8 flag = %v", utf8Flag)
			}
			if name != w.name {
				t.Errorf("name = %q, want %q", name, w.name)
			}
			if f.Method != w.method {
				t.Errorf("method = %d, want %d", f.Method, w.method)
			}
			if !f.Modified.Equal(Modified) {
				t.Errorf("modified = %v, want %v", f.Modified, Modified)
			}
			if f.FileInfo().IsDir() != w.isDir {
				t.Errorf("IsDir = %v, want %v", f.FileInfo().IsDir(), w.isDir)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != w.data {
				t.Errorf("data = %.20q, want %.20q", data, w.data)
			}
		})
	}
}

func TestZipEmpty(t *testing.T) {
	b := Zip(nil)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 0 {
		t.Errorf("%d members, want 0", len(zr.File))
	}
}
