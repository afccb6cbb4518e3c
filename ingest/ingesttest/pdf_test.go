package ingesttest

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func openPDF(t testing.TB, b []byte) *pdf.Reader {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("ledongthuc/pdf cannot open the PDF: %v", err)
	}
	return r
}

// pageTexts returns the plain text of every page as ledongthuc/pdf reads it.
func pageTexts(t testing.TB, r *pdf.Reader) []string {
	t.Helper()
	var out []string
	for i := 1; i <= r.NumPage(); i++ {
		s, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		out = append(out, s)
	}
	return out
}

func TestPDFUCS2(t *testing.T) {
	tests := []struct {
		name  string
		pages [][]string
		opt   PDFOptions
		want  []string // plain text per page: "\n" for BT, then lines joined by "\n"
	}{
		{
			name:  "two pages",
			pages: [][]string{{"2023年度人大代表述职报告", "各位选民："}, {"提出建议１２件，办结率达９６％。"}},
			want:  []string{"\n2023年度人大代表述职报告\n各位选民：", "\n提出建议１２件，办结率达９６％。"},
		},
		{
			name:  "blank line and ascii",
			pages: [][]string{{"一、", "", "(a) 100% <ok>"}},
			want:  []string{"\n一、\n(a) 100% <ok>"},
		},
		{
			name:  "wrap",
			pages: [][]string{{"一二三四五六七"}},
			opt:   PDFOptions{Wrap: 3},
			want:  []string{"\n一二三\n四五六\n七"},
		},
		{
			name:  "non-BMP character as a surrogate pair",
			pages: [][]string{{"咬𬌗"}},
			want:  []string{"\n咬𬌗"},
		},
		{
			// A4 is 842pt high; with 72pt margins and the first baseline at
			// 842-72-12 = 758, baselines 20pt apart down to 72 give 35 lines.
			name:  "overflowing lines continue on a new page",
			pages: [][]string{strings.Split(strings.Repeat("行\n", 45), "\n")[:45]},
			want:  []string{strings.Repeat("\n行", 35), strings.Repeat("\n行", 10)},
		},
		{
			name:  "no pages gives one empty page",
			pages: nil,
			want:  []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := PDF(tt.pages, tt.opt)
			if !bytes.Equal(b, PDF(tt.pages, tt.opt)) {
				t.Fatal("PDF is not deterministic")
			}
			r := openPDF(t, b)
			got := pageTexts(t, r)
			if len(got) != len(tt.want) {
				t.Fatalf("%d pages %q, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("page %d = %q, want %q", i+1, got[i], tt.want[i])
				}
			}
			all, err := r.GetPlainText()
			if err != nil {
				t.Fatal(err)
			}
			text, _ := io.ReadAll(all)
			if string(text) != strings.Join(tt.want, "") {
				t.Errorf("GetPlainText = %q", text)
			}
		})
	}
}

func TestPDFToUnicode(t *testing.T) {
	b := PDF([][]string{{"代表", "代表a"}}, PDFOptions{})
	for _, want := range []string{"/Encoding /UniGB-UCS2-H", "/BaseFont /STSong-Light", "/ToUnicode", "3 beginbfchar\n<0061> <0061>\n<4EE3> <4EE3>\n<8868> <8868>\nendbfchar"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestPDFGBKRaw(t *testing.T) {
	lines := []string{"关于本人履行县人大代表职责情况的述职报告", "提出建议12件，视察２次。"}
	b := PDF([][]string{lines}, PDFOptions{Encoding: "gbk-raw", Title: "述职报告"})
	if bytes.Contains(b, []byte("/ToUnicode")) {
		t.Error("gbk-raw PDF has a ToUnicode CMap")
	}
	if !bytes.Contains(b, []byte("/Encoding /GBK-EUC-H")) {
		t.Error("gbk-raw PDF lacks /Encoding /GBK-EUC-H")
	}
	r := openPDF(t, b)
	if r.NumPage() != 1 {
		t.Fatalf("%d pages, want 1", r.NumPage())
	}
	// No reader knows GBK-EUC-H without the CMap file: the strings shown are
	// the raw GBK bytes. ledongthuc/pdf's text APIs range over them as if
	// they were UTF-8 and turn them into U+FFFD, so a reader must take the
	// operands of Tj itself, as here.
	page := r.Page(1)
	if enc := page.Font("F1").V.Key("Encoding").Name(); enc != "GBK-EUC-H" {
		t.Errorf("font encoding %q, want GBK-EUC-H", enc)
	}
	var shown []string
	pdf.Interpret(page.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if op == "Tj" && n == 1 {
			shown = append(shown, args[0].RawString())
		}
	})
	if len(shown) != len(lines) {
		t.Fatalf("%d strings shown, want %d", len(shown), len(lines))
	}
	// 关 is B9D8 in GBK, 于 is D3DA.
	if !strings.HasPrefix(shown[0], "\xB9\xD8\xD3\xDA") {
		t.Errorf("raw text starts % X, want B9 D8 D3 DA", shown[0][:min(4, len(shown[0]))])
	}
	for i, raw := range shown {
		dec, err := simplifiedchinese.GBK.NewDecoder().String(raw)
		if err != nil {
			t.Fatal(err)
		}
		if dec != lines[i] {
			t.Errorf("line %d decoded = %q, want %q", i+1, dec, lines[i])
		}
	}
}

func TestPDFNoText(t *testing.T) {
	b := PDF([][]string{{"这行字不会写进去"}, {"第二页"}}, PDFOptions{NoText: true})
	r := openPDF(t, b)
	if r.NumPage() != 2 {
		t.Fatalf("%d pages, want 2", r.NumPage())
	}
	for i, s := range pageTexts(t, r) {
		if s != "" {
			t.Errorf("page %d has text %q", i+1, s)
		}
	}
	if bytes.Contains(b, []byte("/Font")) {
		t.Error("image-only PDF has a font")
	}
	if !bytes.Contains(b, []byte("/Subtype /Image")) {
		t.Error("image-only PDF has no image")
	}
}

func FuzzPDF(f *testing.F) {
	f.Add("各位代表：\n提出建议**条", 0)
	f.Add("(\\)<>", 2)
	f.Fuzz(func(t *testing.T, s string, wrapAt int) {
		if wrapAt > 100 || wrapAt < 0 {
			t.Skip()
		}
		s = strings.ToValidUTF8(s, "")
		lines := strings.Split(s, "\n")
		r := openPDF(t, PDF([][]string{lines}, PDFOptions{Wrap: wrapAt}))
		var text strings.Builder
		for _, p := range pageTexts(t, r) {
			text.WriteString(p)
		}
		// Reading back gives the same characters, apart from line breaks.
		flat := func(x string) string { return strings.ReplaceAll(x, "\n", "") }
		if flat(text.String()) != flat(s) {
			t.Errorf("read back %q, want %q", text.String(), s)
		}
	})
}
