package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// A number as a report writes it: 12, 十二, 两, 一百零五, 12余, 近20, or a
// placeholder standing where the number belongs (**, x, __).
type number struct {
	value       int  // valid when !placeholder
	frac        bool // had a decimal part (value is the integer part; see fvalue)
	fvalue      float64
	approx      bool // 余, 多, 来, 以上, 近, 约…
	placeholder bool
	start, end  int // byte offsets of the number itself (without unit)
}

// chineseDigit maps the digit characters of Chinese numerals.
var chineseDigit = map[rune]int{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// chineseUnit maps the positional characters of Chinese numerals.
var chineseUnit = map[rune]int{'十': 10, '百': 100, '千': 1000, '万': 10000}

func isChineseNumeral(r rune) bool {
	switch r {
	case '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '廿', '卅':
		return true
	}
	return false
}

// tensWords are the old characters for twenty and thirty: 廿余次, 卅日.
var tensWords = strings.NewReplacer("廿", "二十", "卅", "三十")

// parseChinese parses a positional Chinese numeral (十二, 二十三, 一百零五,
// 一千二百, 三万五千). It rejects digit strings such as 二〇二三 and sequences
// that are not numbers (十四五, 一一).
func parseChinese(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if strings.ContainsAny(s, "廿卅") {
		// 廿三 is 二十三; 廿 may not follow a unit of its own order (十廿).
		s = tensWords.Replace(s)
	}
	total, section, digit := 0, 0, -1
	lastUnit := 100000 // units must decrease within a section
	zeroSeen := false
	for _, r := range s {
		if d, ok := chineseDigit[r]; ok {
			if digit >= 0 && !(digit == 0 && zeroSeen) {
				return 0, false // two digits in a row: 十四五, 一一
			}
			if d == 0 {
				zeroSeen = true
			}
			digit = d
			continue
		}
		u := chineseUnit[r]
		if u == 10000 {
			if digit > 0 {
				section += digit
			}
			if section == 0 {
				return 0, false
			}
			total += section * 10000
			section, digit, lastUnit, zeroSeen = 0, -1, 100000, false
			continue
		}
		if u >= lastUnit {
			return 0, false
		}
		if digit < 0 {
			if u != 10 || section != 0 {
				return 0, false // 百 alone; 十 may stand alone only at the start (十二)
			}
			digit = 1
		}
		if digit == 0 {
			return 0, false
		}
		section += digit * u
		digit, lastUnit, zeroSeen = -1, u, false
	}
	if digit > 0 {
		section += digit
	}
	return total + section, true
}

var (
	numbers = lexicon("numbers.txt")
	// approxPrefixes make the following number approximate: 近20次.
	approxPrefixes = numbers.words("approx_before")
	// approxInside stand between a number and its unit: 30余次.
	approxInside = numbers.words("approx_inside")
	// approxAfter follow the unit: 5次以上.
	approxAfter = numbers.words("approx_after")
	// rangeBetween join the bounds of a range: 5-6次, 八到十次.
	rangeBetween = numbers.words("range_between")
	// ordinalPrefixes make a number an ordinal: 第十九届, 每季度一次.
	ordinalPrefixes = numbers.words("ordinal_before")
	// notUnits are units that start a longer word: 一次性, 三个代表.
	notUnits = numbers.words("not_units")
)

// scanNumber reads a number starting exactly at byte i of s. It returns ok
// false when no number starts there. A placeholder run (*, x, X, ×, _, □)
// counts as a number whose value is unknown.
func scanNumber(s string, i int) (number, bool) {
	n := number{start: i}
	j := i
	if j >= len(s) {
		return n, false
	}
	c := s[j]
	for _, blank := range []string{"[]", "[ ]", "［］", "【】", "（）", "()"} {
		if strings.HasPrefix(s[j:], blank) {
			n.placeholder = true
			n.end = j + len(blank)
			return n, true
		}
	}
	switch {
	case c >= '0' && c <= '9':
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			n.value = n.value*10 + int(s[j]-'0')
			if n.value > 1e9 {
				return n, false
			}
			j++
		}
		n.fvalue = float64(n.value)
		if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
			k := j + 1
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			// Parsed as written: 0.6 is 0.6, not 0.1×6 summed in floats.
			n.fvalue, _ = strconv.ParseFloat(s[i:k], 64)
			n.frac = true
			j = k
		}
	case c == '*' || c == '_' || c == 'x' || c == 'X':
		for j < len(s) && s[j] == c {
			j++
		}
		// x and X must not be part of a Latin word.
		if (c == 'x' || c == 'X') && (isLatinAt(s, j) || isLatinBefore(s, i)) {
			return n, false
		}
		n.placeholder = true
	default:
		r, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case r == '×' || r == '□':
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if r2 != r {
					break
				}
				j += sz
			}
			n.placeholder = true
		case isChineseNumeral(r):
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if !isChineseNumeral(r2) {
					break
				}
				j += sz
			}
			v, ok := parseChinese(s[i:j])
			if !ok {
				return n, false
			}
			n.value, n.fvalue = v, float64(v)
			// 二点三公里: a decimal part in Chinese digits.
			if strings.HasPrefix(s[j:], "点") {
				k, frac, scale := j+len("点"), 0.0, 0.1
				for k < len(s) {
					r2, sz := utf8.DecodeRuneInString(s[k:])
					dgt, ok := chineseDigit[r2]
					if !ok || r2 == '两' {
						break
					}
					frac += float64(dgt) * scale
					scale /= 10
					k += sz
				}
				if k > j+len("点") {
					f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v)+frac, 'f', 6, 64), 64)
					n.fvalue, n.frac, j = f, true, k
				}
			}
		default:
			_ = size
			return n, false
		}
	}
	n.end = j
	return n, true
}

func isLatinAt(s string, i int) bool {
	return i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z')
}

func isLatinBefore(s string, i int) bool {
	return i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= 'A' && s[i-1] <= 'Z')
}

// count is a number followed by a unit: 9条, 十二件, **场次, 30多次, 5次以上.
type count struct {
	number
	unit       string
	start, end int // the whole expression, approximation words included
}

// scanCount reads a count whose number starts at byte i, with one of units
// right after it (longest unit first in the list). It looks back for an
// approximating prefix (近, 约…) and forward for 余/多/来 before the unit and
// 以上/左右/余 after it.
func scanCount(s string, i int, units []string) (count, bool) {
	n, ok := scanNumber(s, i)
	if !ok {
		return count{}, false
	}
	c := count{number: n, start: n.start}
	j := n.end
	// 5-6次, 八到十次: a range counts as its lower bound, approximately.
	if !n.placeholder {
		for _, b := range rangeBetween {
			if !strings.HasPrefix(s[j:], b) {
				continue
			}
			if m, ok := scanNumber(s, j+len(b)); ok && !m.placeholder && !m.frac && !n.frac && m.value > n.value {
				c.approx = true
				j = m.end
			}
			break
		}
	}
	for _, a := range approxInside {
		if strings.HasPrefix(s[j:], a) {
			if a == "来" && n.placeholder {
				break
			}
			c.approx = true
			j += len(a)
			break
		}
	}
	unit := ""
	for _, u := range units {
		if strings.HasPrefix(s[j:], u) {
			unit = u
			break
		}
	}
	if unit == "" {
		return count{}, false
	}
	c.unit = unit
	j += len(unit)
	for _, a := range approxAfter {
		if strings.HasPrefix(s[j:], a) {
			c.approx = true
			j += len(a)
			break
		}
	}
	for _, p := range approxPrefixes {
		if strings.HasSuffix(s[:c.start], p) {
			c.approx = true
			c.start -= len(p)
			break
		}
	}
	c.end = j
	return c, true
}

// ordinalBefore reports whether the number at i is an ordinal (第十九届,
// 第四次会议, 县十七届人大三次会议) rather than a count.
func ordinalBefore(s string, i int) bool {
	for _, p := range ordinalPrefixes {
		if strings.HasSuffix(s[:i], p) {
			return true
		}
	}
	return false
}

// findCounts finds every count in s[from:to] whose unit is one of units.
// Numbers inside longer numbers, ordinals, and years are skipped.
func findCounts(s string, from, to int, units []string) []count {
	var out []count
	i := from
	for i < to {
		r, size := utf8.DecodeRuneInString(s[i:])
		startsNumber := r >= '0' && r <= '9' || r == '*' || r == '_' || r == 'x' || r == 'X' || r == '×' || r == '□' || r == '[' || r == '［' || r == '【' || r == '（' || r == '(' || isChineseNumeral(r)
		if !startsNumber || continuesNumber(s, i) {
			i += size
			continue
		}
		c, ok := scanCount(s[:to], i, units)
		if !ok || ordinalBefore(s, c.number.start) || unitContinues(s, c) || idiom(s, c) {
			// Skip the whole run so that its tail is not read as a number.
			if n, ok := scanNumber(s[:to], i); ok && n.end > i {
				i = n.end
			} else {
				i += size
			}
			continue
		}
		out = append(out, c)
		i = c.end
	}
	return out
}

// continuesNumber reports whether position i is inside a number that began
// earlier (the 3 of 23, the 二 of 十二).
func continuesNumber(s string, i int) bool {
	if i == 0 {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch {
	case r >= '0' && r <= '9':
		return p >= '0' && p <= '9' || p == '.'
	case isChineseNumeral(r):
		return isChineseNumeral(p)
	}
	return p == r // runs of *, _, x, ×, □
}

// unitContinues rejects counts whose unit starts a longer word: 一次性,
// 两条线, 三个代表, 一件事.
func unitContinues(s string, c count) bool {
	rest := s[c.end:]
	for _, w := range notUnits {
		if len(w) > len(c.unit) && strings.HasPrefix(w, c.unit) && strings.HasPrefix(rest, w[len(c.unit):]) {
			return true
		}
	}
	return false
}

// idiom rejects the 一 of 一户一策, 一村一品, 一事一议,
// and the 一 of a negation: 一次不落, 一个都没少.
func idiom(s string, c count) bool {
	if !strings.HasPrefix(s[c.number.start:], "一") || c.value != 1 {
		return false
	}
	return strings.HasPrefix(s[c.end:], "一") || strings.ContainsRune("不都也没", runeAt(s, c.end))
}

// countEvidence is the evidence for counts[i] of sentence sent: its clause,
// narrowed so that it holds no other count of the sentence ("视察3次、调研2次"
// gives "视察3次" and "调研2次").
func countEvidence(text string, sent span, counts []count, i int) span {
	c := counts[i]
	cl := clauseAround(text, sent, c.start, c.end)
	if i > 0 && counts[i-1].end > cl.start {
		cl.start = counts[i-1].end
	}
	if i+1 < len(counts) && counts[i+1].start < cl.end {
		cl.end = c.end
	}
	return trimPunct(text, cl)
}
