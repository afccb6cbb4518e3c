package export

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

var fuzzSeeds = []string{
	"", "参加调研活动3次", "=1+1", "+86", "-", "@", "\t=cmd|' /C calc'!A0", "\r\n", "'", "''=",
	"代表\xff活动", "\x00\x0c", "_x0041_", "_x005F_x0041_", " 前后空格 ", "&lt;<tag>&amp;", "\uFFFE\uFFFF",
}

// FuzzCellText checks the sanitiser's invariants: valid UTF-8 made of XML
// characters, within Excel's limit, never formula-like, and unchanged when
// nothing needed changing.
func FuzzCellText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, uint16(1))
	}
	f.Add("议", uint16(33000))
	f.Add("=𠀀", uint16(16390))
	// Long inputs are built by repetition: the fuzzer mutates short ones
	// quickly and still reaches Excel's limit.
	f.Fuzz(func(t *testing.T, s string, repeat uint16) {
		if repeat > 1 && len(s)*int(repeat) <= 1<<20 {
			s = strings.Repeat(s, int(repeat))
		}
		got := cellText(s)
		if !utf8.ValidString(got) {
			t.Fatalf("cellText(%q) = %q: not valid UTF-8", s, got)
		}
		for _, r := range got {
			// XML 1.0's Char production, written out independently of
			// xmlChar.
			ok := r == 0x9 || r == 0xA || r == 0xD || (0x20 <= r && r <= 0xD7FF) ||
				(0xE000 <= r && r <= 0xFFFD) || (0x10000 <= r && r <= 0x10FFFF)
			if !ok {
				t.Fatalf("cellText(%q) keeps %U, which XML cannot hold", s, r)
			}
		}
		if n := utf16Len(got); n > maxCellChars {
			t.Fatalf("cellText: %d UTF-16 units", n)
		}
		if got != "" && formulaLike(got) {
			t.Fatalf("cellText(%q) = %q still starts like a formula", s, got)
		}
		if clean(s) && utf16Len(s) < maxCellChars {
			want := s
			if s != "" && formulaLike(s) {
				want = "'" + s
			}
			if got != want {
				t.Fatalf("cellText(%q) = %q, want %q", s, got, want)
			}
		}
		if cellText(got) != got {
			t.Fatalf("cellText is not idempotent on %q", got)
		}
	})
}

// FuzzWorkbookText writes an arbitrary title into a workbook, reopens it
// and checks that excelize reads back exactly the sanitised text.
func FuzzWorkbookText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := liu2024(t)
		r.Title = s
		var buf bytes.Buffer
		wb, err := NewWorkbook(&buf, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.Add(r, Extra{}); err != nil {
			t.Fatal(err)
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatalf("workbook with title %q does not open: %v", s, err)
		}
		defer x.Close()
		got, err := x.GetCellValue("报告", "G2", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := cellText(s); got != want {
			t.Fatalf("title %q read back as %q, want %q", s, got, want)
		}
	})
}
