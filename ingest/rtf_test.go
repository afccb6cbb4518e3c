package ingest

import (
	"errors"
	"strings"
	"testing"
)

// TestReadRTFSyntax reads small RTF bodies; every want was worked out by
// hand from the RTF specification and the GBK and Big5 code tables
// (人 = GBK C8 CB = Big5 A4 48 = U+4EBA 20154; 大 = GBK B4 F3; 镇 = GBK D5 F2
// = U+9547 38215 = -27321 as a signed 16-bit \u; 丂 = GBK 81 40;
// 𬌗 = U+2C317 = D870 DF17 = \u-10128 \u-8425).
func TestReadRTFSyntax(t *testing.T) {
	const head = `{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\froman\fcharset0 Times New Roman;}{\f2\fnil\fcharset136 MingLiU;}{\f3\fnil\fcharset2 Symbol;}}`
	tests := []struct {
		name, body, want string
	}{
		{"gbk pairs", `\f0 \'c8\'cb\'b4\'f3\par`, "人大"},
		{"gbk pair split by a control word", `\f0 \'c8\b\'cb\b0`, "人"},
		{"gbk trail byte as a literal", `\f0 \'81@`, "丂"},
		{"ansi font in a 936 document", `\f1 \'c8\'cb`, "人"},
		{"big5 font", `\f2 \'a4\'48`, "人"},
		{"symbol font bytes are no text", `\f0 \'c8\'cb{\f3 \'b7}\'b4\'f3`, "人大"},
		{"unicode with gbk fallback", `\uc2\u20154\'c8\'cb\u-27321\'d5\'f2`, "人镇"},
		{"unicode with ? fallback", `\u20154?\u-27321?`, "人镇"},
		{"uc0", `\uc0\u20154 x`, "人x"},
		{"uc scoped to its group", `{\uc2\u20154\'c8\'cb}\u-27321?`, "人镇"},
		{"control word ends a fallback", `\uc2\u20154\par x`, "人\nx"},
		{"surrogate pair", `\u-10128?\u-8425?`, "𬌗"},
		{"lone surrogate", `\u-10128?x`, "\uFFFDx"},
		{"escapes", `x\\y\{z\}\~w\-v\_u`, "x\\y{z}\u00a0wv-u"},
		{"par line tab page", `a\par b\line c\tab d\page e`, "a\nb\nc\td\fe"},
		{"hidden", `a{\v hidden}b\v c\v0 d`, "abd"},
		{"deleted revision", `a{\deleted b}c`, "ac"},
		{"bin", `a\bin4 {{{{b`, "ab"},
		{"skipped destinations", `{\*\generator x}{\colortbl;\red0;}{\stylesheet{Normal;}}{\header h}{\footer f}{\footnote n}{\pict 0102}{\object{\*\objdata 01}{\result r}}{\*\bkmkstart _GoBack}{\pntext 1.\tab}text`, "text"},
		{"info skipped but for the title", `{\info{\author a}{\title T}{\company c}}body`, "body"},
		{"field", `{\field{\*\fldinst HYPERLINK "http://x.cn"}{\fldrslt \'c8\'cb}}`, "人"},
		{"field without star", `{\field{\fldinst PAGE}{\fldrslt 3}}`, "3"},
		{"nested field in an instruction", `{\field{\*\fldinst IF {\field{\*\fldinst PAGE}{\fldrslt 1}} = 1}{\fldrslt \'b4\'f3}}`, "大"},
		{"table", `\trowd\cellx1000\cellx2000 \intbl a\cell b\cell\row \pard c\par`, "a\tb\nc"},
		{"table cell with two paragraphs", `\trowd\cellx1000\cellx2000 \intbl a\par a2\cell b\cell\row \pard c`, "a\na2\tb\nc"},
		{"page break before", `a\par\pard\pagebb b\par`, "a\f\nb"},
		{"crlf ignored", "a\r\nb", "ab"},
		{"unknown control words ignored", `\foo\bar12 x\baz-3 y`, "xy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := readRTF(unbudgeted(), []byte(head+tt.body+"}"))
			if err != nil {
				t.Fatal(err)
			}
			if x.text != tt.want {
				t.Errorf("got %q, want %q", x.text, tt.want)
			}
		})
	}
}

func TestReadRTFTitle(t *testing.T) {
	for body, want := range map[string]string{
		`{\info{\title \'c8\'cb\'b4\'f3}}x`:                          "人大",
		`{\info{\upr{\title ??}{\*\ud{\title \u20154?\u-27321?}}}}x`: "人镇",
		`{\info{\author \'c8\'cb}}x`:                                 "",
		`{\info{\title a}{\title b}}x`:                               "b",
	} {
		x, err := readRTF(unbudgeted(), []byte(`{\rtf1\ansi\ansicpg936 `+body+"}"))
		if err != nil {
			t.Fatal(err)
		}
		if x.title != want {
			t.Errorf("%s: title %q, want %q", body, x.title, want)
		}
	}
}

func TestReadRTFErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		err    error
		reason string
	}{
		{"too deep", `{\rtf1` + strings.Repeat("{", maxRTFDepth+1) + "x", ErrCorrupt, "嵌套超过"},
		{"no text", `{\rtf1\ansi{\fonttbl{\f0 宋体;}}{\info{\title 标题}}\par\page}`, ErrEmpty, "RTF 文档中没有文字"},
		{"only hidden text", `{\rtf1\ansi\v 隐藏}`, ErrEmpty, "没有文字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBytes(NamedSource("a.rtf", ""), []byte(tt.data), Options{})
			checkError(t, err, "a.rtf", tt.err, tt.reason)
		})
	}
	// Deep but within the bound, and unbalanced: read.
	deep := `{\rtf1` + strings.Repeat("{", maxRTFDepth-1) + "深" + strings.Repeat("}", maxRTFDepth-1) + "}"
	if _, err := readRTF(unbudgeted(), []byte(deep)); err != nil {
		t.Errorf("nesting of %d: %v", maxRTFDepth, err)
	}
	if x, err := readRTF(unbudgeted(), []byte(`{\rtf1\ansicpg936 \'c8\'cb\'b4\'f3`)); err != nil || x.text != "人大" {
		t.Errorf("truncated: %q, %v", x.text, err)
	}
	if _, err := readRTF(unbudgeted(), []byte(`{\rtf1 a}}}}b`)); err != nil {
		t.Errorf("extra closing braces: %v", err)
	}
	if !errors.Is(reason(ErrCorrupt, "x"), ErrCorrupt) {
		t.Fatal("reason does not wrap")
	}
}

// TestRTFPathological: inputs built to make a careless reader slow or
// large (huge \bin counts, long control words and parameters, many
// groups, \u with huge \uc) read in one pass with bounded output.
func TestRTFPathological(t *testing.T) {
	const n = 200000
	cases := map[string]string{
		"huge bin":        `{\rtf1 a\bin999999999999 b}`,
		"long word":       `{\rtf1 \` + strings.Repeat("a", n) + ` x}`,
		"long parameter":  `{\rtf1 \u` + strings.Repeat("9", n) + ` x}`,
		"many groups":     `{\rtf1 ` + strings.Repeat("{x}", n) + `}`,
		"many pars":       `{\rtf1 ` + strings.Repeat(`\par `, n) + `x}`,
		"huge uc":         `{\rtf1 \uc99999999\u20154 abc}`,
		"many fonts":      `{\rtf1{\fonttbl` + strings.Repeat(`{\f9\fcharset134 x;}`, n/10) + `}x}`,
		"many font ids":   `{\rtf1{\fonttbl` + strings.Repeat(`\f1`, n) + `}x}`,
		"many hex":        `{\rtf1\ansicpg936 ` + strings.Repeat(`\'c8`, n) + `}`,
		"unbalanced open": `{\rtf1 ` + strings.Repeat("{", maxRTFDepth-2) + strings.Repeat("字", n),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			src := NamedSource("p.rtf", "")
			f, err := ReadBytes(src, []byte(in), Options{})
			checkRead(t, src, f, err)
			if err == nil && len(f.Docs[0].Text) > 3*len(in) {
				t.Errorf("%d bytes of text from %d bytes", len(f.Docs[0].Text), len(in))
			}
		})
	}
}
