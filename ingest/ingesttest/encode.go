package ingesttest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encodings lists the encoding names Encode accepts, in canonical form.
var Encodings = []string{"utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16le", "utf-16be"}

// Encode encodes UTF-8 text in the named encoding:
//
//	utf-8      the text as is
//	utf-8-bom  EF BB BF, then the text
//	gbk        GBK (code page 936), as Windows Notepad saves "ANSI" on a Chinese system
//	gb18030    GB18030: GBK plus four-byte sequences for everything else
//	utf-16le   FF FE, then UTF-16 little-endian
//	utf-16be   FE FF, then UTF-16 big-endian
//
// Names are case-insensitive; "utf8", "gb2312" (written as GBK, its
// superset, as Windows does) and "cp936" are accepted too. The text must be
// valid UTF-8, and every character must be representable: a character GBK
// cannot hold (a non-breaking space, a rare name character outside GBK) is an
// error naming the character and its byte offset, never a silent '?'.
func Encode(text, enc string) ([]byte, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("ingesttest: text is not valid UTF-8 (byte %d)", invalidAt(text))
	}
	switch canonicalEncoding(enc) {
	case "utf-8":
		return []byte(text), nil
	case "utf-8-bom":
		return append([]byte{0xEF, 0xBB, 0xBF}, text...), nil
	case "gbk":
		return encodeWith(simplifiedchinese.GBK, "gbk", text)
	case "gb18030":
		return encodeWith(simplifiedchinese.GB18030, "gb18030", text)
	case "utf-16le":
		return encodeWith(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16le", text)
	case "utf-16be":
		return encodeWith(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16be", text)
	}
	return nil, fmt.Errorf("ingesttest: unknown encoding %q (want one of %s)", enc, strings.Join(Encodings, ", "))
}

func canonicalEncoding(enc string) string {
	switch e := strings.ToLower(strings.TrimSpace(enc)); e {
	case "utf-8", "utf8":
		return "utf-8"
	case "utf-8-bom", "utf8-bom", "utf-8bom":
		return "utf-8-bom"
	case "gbk", "gb2312", "cp936":
		return "gbk"
	case "gb18030":
		return "gb18030"
	case "utf-16le", "utf16le":
		return "utf-16le"
	case "utf-16be", "utf16be":
		return "utf-16be"
	default:
		return e
	}
}

// encodeWith encodes text rune by rune, so that an unrepresentable
// character is reported with its offset.
func encodeWith(e encoding.Encoding, name, text string) ([]byte, error) {
	out, err := e.NewEncoder().Bytes([]byte(text))
	if err == nil {
		return out, nil
	}
	enc := e.NewEncoder()
	for i, r := range text {
		if _, err := enc.String(string(r)); err != nil {
			return nil, fmt.Errorf("ingesttest: %s cannot encode %q (U+%04X) at byte %d", name, r, r, i)
		}
	}
	return nil, fmt.Errorf("ingesttest: %s: %w", name, err)
}

func invalidAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(s)
}
