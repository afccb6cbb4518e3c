package export

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
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
		got, err := x.GetCellValue("报告", colRef(t, idReports, "标题", 2), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := cellText(s); got != want {
			t.Fatalf("title %q read back as %q, want %q", s, got, want)
		}
	})
}

var positionRE = regexp.MustCompile(`^第[1-9][0-9]*(、[1-9][0-9]*)*段(等)?$`)

// FuzzEvidence shows arbitrary spans of arbitrary text: never a panic;
// marks inside the text, ascending, apart, on character boundaries; a
// position only for a span that points at its text, in words; a span
// shown whole is marked exactly; and the workbook's rich text reads as the
// sanitised text.
func FuzzEvidence(f *testing.F) {
	f.Add(textLiu2023, 128, 150, 300, 320)
	f.Add("标题\n甲。乙。丙。丁。", 7, 10, 25, 28)
	f.Add("一、参加调研活动3次，提出建议9条。", 31, 44, 6, 24) // the second span first in the sentence
	f.Add("=1+1。\n\n第二段", 0, 4, -1, 3)
	f.Add("\xff\xfe代表", 0, 2, 2, 8)
	wb := &Workbook{bold: &excelize.Font{Bold: true}}
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		d := testDoc(text)
		spans := []corpus.Span{{Start: s1, End: e1}, {Start: s2, End: e2}}
		for i := range spans {
			if d.valid(spans[i]) {
				spans[i].Text = text[spans[i].Start:spans[i].End]
			} else {
				spans[i].Text = "值"
			}
		}
		ev, pos := d.evidence(spans...)
		at := 0
		for _, m := range ev.marks {
			if m[0] < at || m[1] <= m[0] || m[1] > len(ev.text) {
				t.Fatalf("marks %v in %d bytes", ev.marks, len(ev.text))
			}
			if !utf8.RuneStart(ev.text[m[0]]) || m[1] < len(ev.text) && !utf8.RuneStart(ev.text[m[1]]) {
				t.Fatalf("mark %v splits a character of %q", m, ev.text)
			}
			at = m[1] + 1
		}
		valid := d.valid(spans[0]) || d.valid(spans[1])
		if (pos != nil) != valid {
			t.Fatalf("position %v for spans valid=%v", pos, valid)
		}
		if pos != nil && !positionRE.MatchString(pos.(string)) {
			t.Fatalf("position %q", pos)
		}
		// Each span shown is marked whole (the first is always shown, the
		// second when the first is not in its sentence or it shares it).
		for k, sp := range spans {
			if !d.valid(sp) || !utf8.ValidString(sp.Text) || utf8.RuneCountInString(sp.Text) > spanShown {
				continue
			}
			held := false
			for _, m := range ev.marks {
				held = held || strings.Contains(ev.text[m[0]:m[1]], sp.Text)
			}
			if !held {
				t.Fatalf("no mark of %q holds span %d %q", marked(ev), k, sp.Text)
			}
		}
		var b strings.Builder
		switch v := wb.richText(ev).(type) {
		case nil:
		case string:
			b.WriteString(v)
		case []excelize.RichTextRun:
			for _, r := range v {
				b.WriteString(r.Text)
			}
		default:
			t.Fatalf("richText gave a %T", v)
		}
		if got, want := b.String(), cellText(ev.text); got != want {
			t.Fatalf("rich text reads %q, want %q", got, want)
		}
	})
}
