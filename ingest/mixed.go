package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// decodeLines decodes data that is not valid UTF-8 line by line, for the
// files that mix encodings: a UTF-8 text with a sentence pasted in GBK, a
// UTF-8 text with a few stray bytes. Each line holding bytes ≥ 0x80 is
// read as GB18030, or, when it holds UTF-8 Chinese, as whichever of three
// readings scores best as Chinese text (plausibility): UTF-8 with invalid
// sequences as U+FFFD, GB18030, and UTF-8 where valid with GB18030 between.
//
// mixed is false when no line reads better as UTF-8: the file is GBK or
// GB18030 as a whole, and the caller decodes it so (text and enc are then
// empty). Otherwise text is the lines decoded each its own way, enc the
// encoding of most of its non-ASCII bytes, and rd is warned which lines
// were read how.
func decodeLines(rd *reading, data []byte) (text, enc string, mixed bool) {
	// Most such files are GBK throughout: without a line holding UTF-8
	// Chinese, there is nothing to weigh. GBK text forms a valid
	// three-byte sequence now and then (measured: 2 to 6 in lines of 14 to
	// 120 invalid bytes), UTF-8 text a lot of them with few invalid bytes.
	candidate := false
	for rest := data; len(rest) > 0 && !candidate; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		v3, invalid := utf8Counts(line)
		candidate = v3 >= 2 && 3*v3 >= invalid || v3 > 0 && invalid == 0
	}
	if !candidate {
		return "", "", false
	}
	gb := simplifiedchinese.GB18030.NewDecoder()
	gbString := func(b []byte) string {
		out, err := gb.Bytes(b)
		if err != nil {
			return strings.Repeat("\uFFFD", len(b))
		}
		return string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
	}
	var (
		b                  strings.Builder
		utf8Lines, gbLines []int // line numbers with non-ASCII text read as UTF-8, as GBK
		partLines          []int // line numbers read partly as each
		badLines           []int // line numbers left with undecodable bytes
		bad                int   // their undecodable bytes
		utf8Count, gbCount int   // lines read so
		anyUTF8            bool
		rest               = data
		lineNo             = 0
	)
	b.Grow(len(data) + len(data)/2)
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		lineNo++
		if isASCII(line) {
			b.Write(line)
			continue
		}
		var chosen string
		v3, invalid := utf8Counts(line)
		switch {
		case v3 < 2 && invalid > 0:
			// No UTF-8 Chinese to keep: a GBK line.
			chosen = gbString(line)
			gbLines = append(gbLines, lineNo)
			gbCount++
		default:
			cands := [3]string{strings.ToValidUTF8(string(line), "\uFFFD"), gbString(line), mixedReading(line, gbString)}
			best, bestScore := 0, plausibility(cands[0])
			for k := 1; k < len(cands); k++ {
				if s := plausibility(cands[k]); s > bestScore {
					best, bestScore = k, s
				}
			}
			chosen = cands[best]
			switch best {
			case 0:
				anyUTF8 = true
				utf8Lines = append(utf8Lines, lineNo)
				utf8Count++
			case 1:
				gbLines = append(gbLines, lineNo)
				gbCount++
			case 2:
				anyUTF8 = true
				partLines = append(partLines, lineNo)
			}
		}
		if n := strings.Count(chosen, "\uFFFD"); n > 0 {
			badLines = append(badLines, lineNo)
			bad += n
		}
		b.WriteString(chosen)
	}
	if !anyUTF8 {
		return "", "", false
	}
	enc = EncUTF8
	if gbCount > utf8Count {
		enc = EncGBK
	}
	var notes []string
	switch {
	case enc == EncUTF8 && len(gbLines) > 0:
		notes = append(notes, fmt.Sprintf("%s按 GBK 解码，其余按 UTF-8", lineList(gbLines)))
	case enc == EncGBK && len(utf8Lines) > 0:
		notes = append(notes, fmt.Sprintf("%s按 UTF-8 解码，其余按 GBK", lineList(utf8Lines)))
	}
	if len(partLines) > 0 {
		notes = append(notes, fmt.Sprintf("%s一部分按 UTF-8、一部分按 GBK 解码", lineList(partLines)))
	}
	if bad > 0 {
		notes = append(notes, fmt.Sprintf("%s有 %d 处无法解码（已替换为 �）", lineList(badLines), bad))
	}
	if len(notes) > 0 {
		rd.warn(reason(WarnEncoding, "编码混杂：%s", strings.Join(notes, "；")))
	}
	return b.String(), enc, true
}

// lineList names line numbers for people: "第 3 行", "第 3、8 行",
// "第 3、8、12、15、20 行等 9 行".
func lineList(ns []int) string {
	const show = 5
	parts := make([]string, 0, show)
	for _, n := range ns[:min(len(ns), show)] {
		parts = append(parts, fmt.Sprint(n))
	}
	s := "第 " + strings.Join(parts, "、") + " 行"
	if len(ns) > show {
		s += fmt.Sprintf("等 %d 行", len(ns))
	}
	return s
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// utf8Counts counts the valid three-byte UTF-8 sequences of b (Chinese
// characters are three bytes in UTF-8) and its bytes that are no part of a
// valid sequence.
func utf8Counts(b []byte) (three, invalid int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			invalid++
		case n == 3:
			three++
		}
		i += n
	}
	return three, invalid
}

// mixedReading reads b as UTF-8 where a valid sequence of three or four
// bytes stands (and is followed by another, or by ASCII, or ends the line:
// a lone valid sequence among GBK bytes is chance) and as GB18030
// elsewhere: a line that is UTF-8 with a GBK sentence inside it.
func mixedReading(b []byte, gbString func([]byte) string) string {
	var out strings.Builder
	out.Grow(len(b) + len(b)/2)
	validAt := func(i int) int {
		if i >= len(b) || b[i] < utf8.RuneSelf {
			return 1 // ASCII or the end: a boundary
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 || n == 2 {
			// Two-byte sequences are Latin, Greek or Cyrillic letters,
			// and GBK pairs form them by chance ("强" is C7 BF).
			return 0
		}
		return n
	}
	gbStart := -1
	flush := func(end int) {
		if gbStart >= 0 {
			// A stretch that reads as one character or as rare ones in
			// GBK is no GBK phrase but bytes of neither (a UTF-8
			// character cut short, a stray byte).
			if g := gbString(b[gbStart:end]); utf8.RuneCountInString(g) >= 2 && plausibility(g) > 0 {
				out.WriteString(g)
			} else {
				out.WriteString(strings.ToValidUTF8(string(b[gbStart:end]), "\uFFFD"))
			}
			gbStart = -1
		}
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			flush(i)
			out.WriteByte(b[i])
			i++
			continue
		}
		// Inside GBK (gbStart ≥ 0) a UTF-8 reading starts only where a
		// valid sequence is followed by another, or by ASCII; inside
		// UTF-8 it goes on while sequences are valid.
		if n := validAt(i); n > 1 && (gbStart < 0 || validAt(i+n) > 0) {
			flush(i)
			out.Write(b[i : i+n])
			i += n
			continue
		}
		if gbStart < 0 {
			gbStart = i
		}
		// A GB18030 character is one, two or four bytes; step over a
		// whole two-byte one so that its trail byte never starts a UTF-8
		// reading.
		if i+1 < len(b) && b[i] >= 0x81 && b[i] <= 0xFE && b[i+1] >= 0x40 && b[i+1] != 0x7F {
			i += 2
		} else {
			i++
		}
	}
	flush(len(b))
	return out.String()
}

// plausibility scores decoded text as Chinese: common characters and
// Chinese punctuation count for it; rare characters, letters of other
// scripts, private-use characters, controls and U+FFFD, which wrong
// decodings produce, count against it. ASCII is neutral.
func plausibility(s string) int {
	score := 0
	for _, r := range s {
		score += runeScore(r)
	}
	return score
}

func runeScore(r rune) int {
	switch {
	case r < 0x80:
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return -3
		}
		return 0
	case r >= 0x4E00 && r <= 0x9FFF:
		if commonHan(r) {
			return 2
		}
		return -1
	case r == utf8.RuneError:
		return -4
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF5E, r >= 0x2010 && r <= 0x2027,
		r >= 0x2030 && r <= 0x203B, r >= 0x2460 && r <= 0x24FF, r >= 0x2160 && r <= 0x217F,
		r == 0xB7, r == 0xD7, r == 0xF7, r == 0xB0, r == 0xA7, r >= 0x25A0 && r <= 0x25FF, r >= 0x2600 && r <= 0x26FF:
		return 1 // Chinese punctuation, full-width forms, ①, Ⅲ, ○, ☆, ·, ×
	case r >= 0xE000 && r <= 0xF8FF:
		return -3 // private use: GBK's user-defined areas
	case r < 0xA0:
		return -3 // C1 controls
	case r <= 0x07FF:
		return -2 // Latin-1 and other alphabets: what GBK pairs read as UTF-8 become
	case unicode.Is(unicode.Han, r):
		return -1
	}
	return -1
}

// commonHan reports whether r is a common Chinese character: among the
// 3,755 of GB2312's first level or the 5,401 of Big5's first level. Real
// Chinese text is made of them almost only; a wrong decoding is not.
func commonHan(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	i := r - 0x4E00
	return commonSet()[i/64]&(1<<(i%64)) != 0
}

var commonSet = sync.OnceValue(func() *[(0x9FFF - 0x4E00 + 64) / 64]uint64 {
	var set [(0x9FFF - 0x4E00 + 64) / 64]uint64
	add := func(s string) {
		for _, r := range s {
			if r >= 0x4E00 && r <= 0x9FFF {
				i := r - 0x4E00
				set[i/64] |= 1 << (i % 64)
			}
		}
	}
	var gb2312, big5 []byte
	for hi := 0xB0; hi <= 0xD7; hi++ { // GB2312 level 1
		for lo := 0xA1; lo <= 0xFE; lo++ {
			gb2312 = append(gb2312, byte(hi), byte(lo))
		}
	}
	for hi := 0xA4; hi <= 0xC6; hi++ { // Big5 level 1: A440–C67E
		for _, lo := range append(seq(0x40, 0x7E), seq(0xA1, 0xFE)...) {
			if hi == 0xC6 && lo > 0x7E {
				break
			}
			big5 = append(big5, byte(hi), byte(lo))
		}
	}
	if s, err := simplifiedchinese.GBK.NewDecoder().Bytes(gb2312); err == nil {
		add(string(s))
	}
	if s, err := traditionalchinese.Big5.NewDecoder().Bytes(big5); err == nil {
		add(string(s))
	}
	return &set
})

func seq(from, to int) []int {
	out := make([]int, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// doubtDecoding warns rd when decoded text does not read as Chinese: more
// than a tenth of its Chinese characters rare (another encoding read as
// this one, such as Big5 read as GBK), or, when counted (count is false
// where the decoder has warned already), characters that could not be
// decoded.
func doubtDecoding(rd *reading, text, enc string, count bool) {
	var han, common, bad int
	for _, r := range text {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
			if commonHan(r) {
				common++
			}
		case r == utf8.RuneError:
			bad++
		}
	}
	// Measured: in the sample corpus and the seed documents at least
	// 99.8 % of Chinese characters are common ones; Big5 read as GBK gives
	// about 70 %, UTF-8 read as GBK about 30 %.
	if han >= 20 && common*10 < han*9 {
		rd.warn(reason(WarnEncoding, "按 %s 解码后常用汉字只占 %d%%，可能是其他编码（如 Big5）或乱码", encName(enc), common*100/han))
	}
	if count && bad > 0 {
		rd.warn(reason(WarnEncoding, "有 %d 处无法解码（已替换为 �）", bad))
	}
}

// encName names an encoding for people.
func encName(enc string) string {
	switch enc {
	case EncUTF8, EncUTF8BOM:
		return "UTF-8"
	case EncGBK:
		return "GBK"
	case EncGB18030:
		return "GB18030"
	case EncUTF16LE, EncUTF16BE:
		return "UTF-16"
	}
	return enc
}
