package corpus

import (
	"unicode"
	"unicode/utf8"
)

// NormalizeText is the one normal form of text in lvzhi: documents are
// stored in it and the index normalises queries with it, so that "１２％"
// finds "12%" and "（一）" finds "(一)".
//
//   - Full-width ASCII variants (U+FF01–FF5E: ０-９ Ａ-Ｚ ａ-ｚ ％ ＋ － ＊ ＿ ＝ ／ ＃ ＠ …)
//     become ASCII, except the full-width punctuation that is standard in
//     Chinese text (，：；！？（）), which stays. Punctuation that only exists in
//     the Chinese form (。、《》“”…) is untouched.
//   - ASCII , ; : ? ! ( ) next to a Chinese character become the Chinese forms
//     ，；：？！（）, so that the text is consistent; "1,000" and "10:30"
//     stay ASCII. A pair of parentheses is converted as a pair.
//   - NBSP, the ideographic space and the other odd spaces become a space;
//     zero-width characters (and a stray BOM) are removed.
//   - Invalid UTF-8 becomes U+FFFD: the result is always valid UTF-8.
//
// NFKC is deliberately not applied: it would turn 《》 and ① into other
// characters. NormalizeText is idempotent.
func NormalizeText(s string) string {
	return string(widenPunct(normalizeRunes(s)))
}

// NormalizeRune maps one rune in isolation, the context-free half of
// NormalizeText: a full-width ASCII variant to ASCII (except ，：；！？（）),
// an odd space to ' ', a small form variant to its full-width Chinese form.
// It returns -1 for a rune that is removed (zero-width characters).
func NormalizeRune(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		switch r {
		case '，', '：', '；', '！', '？', '（', '）':
			return r
		}
		return r - 0xFEE0
	case r == 0x3000, r == 0x00A0, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x1680:
		return ' '
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF, r == 0x00AD, r == 0x200E, r == 0x200F:
		return -1
	case r >= 0xFE50 && r <= 0xFE6B:
		// Small form variants, seen in text converted from CJK fonts.
		switch r {
		case '﹐':
			return '，'
		case '﹑':
			return '、'
		case '﹒':
			return '.'
		case '﹔':
			return '；'
		case '﹕':
			return '：'
		case '﹖':
			return '？'
		case '﹗':
			return '！'
		case '﹙':
			return '（'
		case '﹚':
			return '）'
		}
	}
	return r
}

// normalizeRunes applies NormalizeRune to every rune of s and returns the
// result as bytes, replacing invalid UTF-8 with U+FFFD.
func normalizeRunes(s string) []byte {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
			continue
		}
		if r = NormalizeRune(r); r >= 0 {
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// IsWide reports whether r is a Chinese character or a mark of Chinese text:
// Han ideographs, CJK symbols and punctuation (、。《》「」【】…), the
// full-width forms, “ ” and …. It decides which ASCII marks NormalizeText
// converts.
func IsWide(r rune) bool {
	switch {
	case r < 0x2000:
		return false
	case r == '“', r == '”', r == '…':
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF:
		return true
	}
	return isHan(r)
}

// widenPunct returns b with the ASCII marks , ; : ? ! ( ) that stand next to
// wide characters converted into their Chinese forms. Parentheses are judged
// as pairs within a line: a pair is converted when either mark touches a wide
// character or the pair encloses a Han character, and an ASCII mark paired
// with a Chinese "（" or "）" is converted to match it.
//
// Converting a mark makes its neighbours "next to Chinese" ("好,(a)" →
// "好，（a）"), so the set of marks to convert is the closure of those rules:
// a mark touching a converted mark, or paired with one, is converted too.
// Computing the closure at once (rather than re-running a pass until nothing
// changes, which is quadratic on ",,,,,中") makes the result a fixed point,
// and so NormalizeText idempotent.
func widenPunct(b []byte) []byte {
	const (
		none    = -1 // no partner
		chinese = -2 // paired with "（" or "）"
	)
	type mark struct {
		off     int // byte offset
		partner int // index into marks, none or chinese
		han     int // Han characters before off
	}
	var marks []mark
	var stack []int // open parentheses: index into marks, or chinese
	han := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\n':
			stack = stack[:0]
		case ',', ';', ':', '?', '!':
			marks = append(marks, mark{i, none, han})
		case '(':
			stack = append(stack, len(marks))
			marks = append(marks, mark{i, none, han})
		case ')':
			m := mark{i, none, han}
			if n := len(stack); n > 0 {
				o := stack[n-1]
				stack = stack[:n-1]
				m.partner = o
				if o != chinese {
					marks[o].partner = len(marks)
				}
			}
			marks = append(marks, m)
		}
		if c >= utf8.RuneSelf && utf8.RuneStart(c) {
			r, _ := utf8.DecodeRune(b[i:])
			switch {
			case r == '（':
				stack = append(stack, chinese)
			case r == '）':
				if n := len(stack); n > 0 {
					if o := stack[n-1]; o != chinese {
						marks[o].partner = chinese
					}
					stack = stack[:n-1]
				}
			case isHan(r):
				han++
			}
		}
	}
	if len(marks) == 0 {
		return b
	}
	conv := make([]bool, len(marks))
	var work []int
	add := func(k int) {
		if !conv[k] {
			conv[k] = true
			work = append(work, k)
		}
	}
	for k, m := range marks {
		switch {
		case nextToWide(b, m.off), m.partner == chinese:
			add(k)
		case b[m.off] == ')' && m.partner >= 0 && m.han > marks[m.partner].han:
			add(k)
		}
	}
	for len(work) > 0 {
		k := work[len(work)-1]
		work = work[:len(work)-1]
		if k > 0 && marks[k-1].off == marks[k].off-1 {
			add(k - 1)
		}
		if k+1 < len(marks) && marks[k+1].off == marks[k].off+1 {
			add(k + 1)
		}
		if p := marks[k].partner; p >= 0 {
			add(p)
		}
	}
	var out []byte
	last := 0
	for k, m := range marks {
		if !conv[k] {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b)+2*(len(marks)-k))
		}
		out = append(out, b[last:m.off]...)
		out = append(out, wideForm(b[m.off])...)
		last = m.off + 1
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// wideForm is the Chinese form of an ASCII mark widenPunct converts.
func wideForm(c byte) string {
	switch c {
	case ',':
		return "，"
	case ';':
		return "；"
	case ':':
		return "："
	case '?':
		return "？"
	case '!':
		return "！"
	case '(':
		return "（"
	case ')':
		return "）"
	}
	return string(rune(c))
}

// nextToWide reports whether the character just before or just after the
// byte at i is wide.
func nextToWide(b []byte, i int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRune(b[:i]); IsWide(r) {
			return true
		}
	}
	if i+1 < len(b) {
		if r, _ := utf8.DecodeRune(b[i+1:]); IsWide(r) {
			return true
		}
	}
	return false
}

// isHan reports whether r is a Han character.
func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true // the common block, without a table lookup
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}
