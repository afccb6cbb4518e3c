package ingest

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encodings reported in File.Encoding.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8-bom"
	EncGBK     = "gbk"
	EncGB18030 = "gb18030"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
)

// decodeText detects the character encoding of a text file and decodes it:
// a BOM (UTF-8, UTF-16 LE/BE) wins; then valid UTF-8; then UTF-16 without
// a BOM, recognised by its pattern of NUL bytes; otherwise GB18030, the
// superset of GBK that Chinese Windows writes, reported as "gbk" when no
// four-byte sequence occurs. A file that is not valid UTF-8 is judged line
// by line (decodeLines): where UTF-8 lines and GBK lines are mixed, or a
// UTF-8 line holds a few bad bytes, each line is decoded the way that
// reads as Chinese and rd is warned which. It never assumes: bytes that
// are none of these (NULs in a GBK reading, control characters,
// undecodable sequences) are ErrBinary, and a decoding that reads as
// nonsense (mostly rare characters) is reported through rd.
func decodeText(rd *reading, data []byte) (string, string, error) {
	var text, enc string
	mixed := false
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = string(data[3:]), EncUTF8BOM
		if !utf8.ValidString(text) {
			// A BOM before bytes that are not UTF-8: an editor's mistake.
			// Say what it is rather than guess.
			return "", "", reason(ErrBinary, "文件标明为 UTF-8 编码，但内容不是有效的 UTF-8")
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, enc = decodeUTF16(data[2:], false), EncUTF16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, enc = decodeUTF16(data[2:], true), EncUTF16BE
	case utf8.Valid(data):
		text, enc = string(data), EncUTF8
	case looksUTF16(data):
		be := utf16BigEndian(data)
		text, enc = decodeUTF16(data, be), EncUTF16LE
		if be {
			enc = EncUTF16BE
		}
	default:
		if bytes.IndexByte(data, 0) >= 0 {
			return "", "", reason(ErrBinary, "含有空字节")
		}
		if text, enc, mixed = decodeLines(rd, data); !mixed {
			var err error
			if text, enc, err = decodeGB(data); err != nil {
				return "", "", err
			}
		}
	}
	if err := checkText(text); err != nil {
		return "", "", err
	}
	doubtDecoding(rd, text, enc, !mixed)
	return text, enc, nil
}

// decodeGB decodes GBK/GB18030 bytes, reporting "gbk" when every sequence
// is plain GBK and "gb18030" when four-byte sequences occur. Bytes that
// are not GB18030 at all (Latin-1, Big5 trail bytes, binary) fail.
func decodeGB(data []byte) (string, string, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", reason(ErrBinary, "含有空字节")
	}
	four, bad, chars := 0, 0, 0
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80 || c == 0xFF:
			bad++
			i++
		case i+1 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39:
			if i+3 < len(data) && data[i+2] >= 0x81 && data[i+2] <= 0xFE && data[i+3] >= 0x30 && data[i+3] <= 0x39 {
				four++
				i += 4
			} else {
				bad++
				i++
			}
		case i+1 < len(data) && data[i+1] >= 0x40 && data[i+1] <= 0xFE && data[i+1] != 0x7F:
			i += 2
		default:
			bad++
			i++
		}
		chars++
	}
	// A few bad bytes happen (a file cut in the middle of a character, a
	// stray byte pasted in); many mean it is not GB text at all.
	if bad > 8 && bad*50 > chars {
		return "", "", reason(ErrBinary, "无法识别文字编码（不是 UTF-8、GBK、GB18030 或 UTF-16）")
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", reason(ErrBinary, "无法识别文字编码（%v）", err)
	}
	enc := EncGBK
	if four > 0 {
		enc = EncGB18030
	}
	return string(bytes.ToValidUTF8(text, []byte("\uFFFD"))), enc, nil
}

// looksUTF16 reports whether data without a BOM is UTF-16: an even length
// and NUL bytes on one side only, as the ASCII characters (line breaks,
// digits, spaces) of UTF-16 text have. Chinese text in UTF-16 has few NULs,
// but every line break brings one.
func looksUTF16(data []byte) bool {
	if len(data) < 4 || len(data)%2 != 0 {
		return false
	}
	sample := data[:min(len(data), 8192)]
	var even, odd int
	for i, c := range sample {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	n := even + odd
	if n < 2 {
		return false
	}
	if even > 0 && odd > 0 && min(even, odd)*20 > n {
		return false // NULs on both sides: binary, not UTF-16
	}
	// Decoding must give characters, not surrogate soup.
	text := decodeUTF16(sample, even > odd)
	return strings.Count(text, "\uFFFD")*50 < len([]rune(text))+1
}

// utf16BigEndian tells the byte order of UTF-16 without a BOM: big-endian
// text has the NULs of ASCII characters first.
func utf16BigEndian(data []byte) bool {
	var even, odd int
	for i, c := range data[:min(len(data), 8192)] {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	return even > odd
}

// decodeUTF16 decodes UTF-16 text, replacing unpaired surrogates (and a
// trailing odd byte) with U+FFFD.
func decodeUTF16(data []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if bigEndian {
			u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			u = append(u, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	s := string(utf16.Decode(u))
	if len(data)%2 != 0 {
		s += "\uFFFD"
	}
	return s
}

// decodeUTF16Lossy decodes the start of UTF-16 data of either byte order.
func decodeUTF16Lossy(data []byte) string {
	return decodeUTF16(data[:len(data)&^1], utf16BigEndian(data))
}

// checkText rejects decoded text that is binary: NUL or other control
// characters beyond the few a text file has (tab, line breaks, form feed,
// a DOS end-of-file mark), or a text that is mostly U+FFFD.
func checkText(text string) error {
	var ctl, bad, n int
	for i, r := range text {
		n++
		switch {
		case r == 0:
			return reason(ErrBinary, "含有空字节")
		case r == '\t', r == '\n', r == '\r', r == '\f', r == '\v':
		case r == 0x1A && i == len(text)-1: // DOS end-of-file mark
		case r < 0x20, r == 0x7F:
			ctl++
		case r == utf8.RuneError:
			bad++
		}
	}
	if ctl > 0 && (ctl > 16 || ctl*100 > n) {
		return reason(ErrBinary, "含有 %d 个控制字符", ctl)
	}
	if bad > 8 && bad*10 > n {
		return reason(ErrBinary, "大量字符无法解码")
	}
	return nil
}
