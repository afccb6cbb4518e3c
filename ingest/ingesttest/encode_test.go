package ingesttest

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func TestEncode(t *testing.T) {
	// Expected bytes worked out by hand from the code tables: 中 is D6D0 in
	// GBK and U+4E2D; 文 is CEC4; full-width ２ ０ ％ are A3B2 A3B0 A3A5; the
	// ideographic space is A1A1; 𬌗 (U+2C317, as in 咬𬌗) is outside GBK and
	// GB18030 gives it four bytes: 0x2C317-0x10000 = 115479 = 9*12600 + 1*1260
	// + 81*10 + 9 → 0x90+9, 0x30+1, 0x81+81, 0x30+9.
	tests := []struct {
		name, text, enc string
		want            []byte
	}{
		{"utf-8", "中文", "utf-8", []byte("中文")},
		{"utf-8 alias", "中文", "UTF8", []byte("中文")},
		{"utf-8 with BOM", "中", "utf-8-bom", []byte{0xEF, 0xBB, 0xBF, 0xE4, 0xB8, 0xAD}},
		{"gbk", "中文", "gbk", []byte{0xD6, 0xD0, 0xCE, 0xC4}},
		{"gbk full-width and ideographic space", "２０％　", "gbk", []byte{0xA3, 0xB2, 0xA3, 0xB0, 0xA3, 0xA5, 0xA1, 0xA1}},
		{"gb2312 is written as gbk", "中", "GB2312", []byte{0xD6, 0xD0}},
		{"gbk ascii stays ascii", "a1", "gbk", []byte("a1")},
		{"gb18030 two-byte", "中", "gb18030", []byte{0xD6, 0xD0}},
		{"gb18030 four-byte", "𬌗", "gb18030", []byte{0x99, 0x31, 0xD2, 0x39}},
		{"utf-16le with BOM", "中a", "utf-16le", []byte{0xFF, 0xFE, 0x2D, 0x4E, 'a', 0}},
		{"utf-16be with BOM", "中a", "utf-16be", []byte{0xFE, 0xFF, 0x4E, 0x2D, 0, 'a'}},
		{"utf-16le surrogate pair", "𬌗", "utf-16le", []byte{0xFF, 0xFE, 0x70, 0xD8, 0x17, 0xDF}},
		{"empty gbk", "", "gbk", []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.text, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("Encode(%q, %q) = % X, want % X", tt.text, tt.enc, got, tt.want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name, text, enc string
		wantIn          string // a part of the error message
	}{
		{"rare character outside gbk", "李𬌗", "gbk", "at byte 3"},
		{"nbsp is not in gbk", "代表\u00a0", "gbk", "U+00A0"},
		{"unknown encoding", "x", "big5", "unknown encoding"},
		{"invalid utf-8 input", "ab\xff", "utf-8", "byte 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Encode(tt.text, tt.enc)
			if err == nil {
				t.Fatalf("Encode(%q, %q): no error", tt.text, tt.enc)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("error %q does not mention %q", err, tt.wantIn)
			}
		})
	}
}

// TestEncodeRoundTrip decodes with x/text what Encode wrote.
func TestEncodeRoundTrip(t *testing.T) {
	const text = "本人张建华，于2016年当选为云溪县第十七届人大代表。提出建议１２件，办结率达９６％。　全年参加活动**次。\r\n"
	decoders := map[string]encoding.Encoding{
		"utf-8":     unicode.UTF8,
		"utf-8-bom": unicode.UTF8BOM,
		"gbk":       simplifiedchinese.GBK,
		"gb18030":   simplifiedchinese.GB18030,
		"utf-16le":  unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM),
		"utf-16be":  unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM),
	}
	for _, name := range Encodings {
		t.Run(name, func(t *testing.T) {
			b, err := Encode(text, name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decoders[name].NewDecoder().Bytes(b)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != text {
				t.Errorf("round trip = %q, want %q", got, text)
			}
		})
	}
}

func FuzzEncode(f *testing.F) {
	f.Add("中文２０％", "gbk")
	f.Add("𬌗", "gb18030")
	f.Add("a\u00a0b", "utf-16le")
	f.Fuzz(func(t *testing.T, text, enc string) {
		b, err := Encode(text, enc)
		if err != nil {
			return
		}
		if canonicalEncoding(enc) == "gb18030" {
			back, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
			if err != nil || string(back) != text {
				t.Errorf("gb18030 round trip of %q = %q, %v", text, back, err)
			}
		}
	})
}
