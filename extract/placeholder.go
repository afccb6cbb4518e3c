package extract

import (
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// Placeholder forms.
const (
	formStars      = "stars"      // ** (also \*\* once unescaped by ingest)
	formX          = "x"          // x, X, ×, 20xx, XX镇
	formUnderscore = "underscore" // __
	formBrackets   = "brackets"   // [] 【】 （）
	formBox        = "box"        // □
	formMou        = "mou"        // 某某
)

// xFollowers are the characters after which a lone x stands for a number or
// a name: x年 x月 x日 第x届 x次 x件 xx村 XX镇.
const xFollowers = "年月日届次件条个名人户元万亿项场篇期天岁号位家所村镇乡县区市旗组局委办院校站队同亩座公米吨台辆口眼盏间套处份批%"

// findPlaceholders finds every template stand-in left where a fact
// belongs. Each maximal run is one span.
func findPlaceholders(d *doc) []corpus.PlaceholderSpan {
	text := d.text
	footnotes := hasFootnoteLines(text)
	var out []corpus.PlaceholderSpan
	add := func(start, end int, form string) {
		out = append(out, corpus.PlaceholderSpan{Span: d.evidence(span{start, end}), Form: form})
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '*':
			j := runEnd(text, i, '*')
			if !maskedNumber(text, i, j) && (j-i >= 2 || singleStarIsPlaceholder(text, i, footnotes)) {
				add(i, j, formStars)
			}
			i = j
			continue
		case r == '\\' && i+1 < len(text) && (text[i+1] == '*' || text[i+1] == '_'):
			// Converter escapes left in a .txt: \*\*, \_\_.
			c := text[i+1]
			j, n := escapedRunEnd(text, i, c)
			if n >= 2 {
				form := formStars
				if c == '_' {
					form = formUnderscore
				}
				add(i, j, form)
			}
			i = j
			continue
		case r == '_':
			j := runEnd(text, i, '_')
			if j-i >= 2 || (isHanOrDigit(runeBefore(text, i)) && isHanOrDigit(runeAt(text, j)) && !titleSeparator(text, j)) {
				add(i, j, formUnderscore)
			}
			i = j
			continue
		case r == 'x' || r == 'X' || r == '×':
			j := i
			for j < len(text) {
				r2, sz := utf8.DecodeRuneInString(text[j:])
				if r2 != 'x' && r2 != 'X' && r2 != '×' {
					break
				}
				j += sz
			}
			if xIsPlaceholder(text, i, j) {
				add(i, j, formX)
			}
			i = j
			continue
		case r == '□':
			j := runEnd(text, i, '□')
			add(i, j, formBox)
			i = j
			continue
		case r == '某':
			j := runEnd(text, i, '某')
			if j-i >= 2*len("某") {
				add(i, j, formMou)
			}
			i = j
			continue
		case r == '[' || r == '【' || r == '（' || r == '［' || r == '〔':
			if j := emptyBracketEnd(text, i, r); j > 0 {
				add(i, j, formBrackets)
				i = j
				continue
			}
		}
		i += size
	}
	return out
}

// escapedRunEnd returns the end of a run of c, each optionally escaped
// with a backslash, starting at i, and how many c it holds.
func escapedRunEnd(text string, i int, c byte) (end, n int) {
	for i < len(text) {
		switch {
		case text[i] == c:
			i++
		case text[i] == '\\' && i+1 < len(text) && text[i+1] == c:
			i += 2
		default:
			return i, n
		}
		n++
	}
	return i, n
}

// runEnd returns the end of the run of r starting at i.
func runEnd(text string, i int, r rune) int {
	n := utf8.RuneLen(r)
	for i < len(text) && strings.HasPrefix(text[i:], string(r)) {
		i += n
	}
	return i
}

func isHanOrDigit(r rune) bool { return isHan(r) || r >= '0' && r <= '9' }

func isLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// xIsPlaceholder decides whether the run text[i:j] of x, X and × stands for
// a number or a name.
func xIsPlaceholder(text string, i, j int) bool {
	before, after := runeBefore(text, i), runeAt(text, j)
	if isLatin(before) || isLatin(after) {
		return false // part of a Latin word: box, Excel, XXL
	}
	run := text[i:j]
	if before >= '0' && before <= '9' && after >= '0' && after <= '9' {
		return false // 3×4, 1x2
	}
	if utf8.RuneCountInString(run) >= 2 {
		return true // XX, xx, ××
	}
	if before >= '0' && before <= '9' || before == '第' {
		return true // 20x, 第x届
	}
	return after != 0 && strings.ContainsRune(xFollowers, after)
}

// maskedNumber reports whether the stars text[i:j] hide the middle of a
// number on purpose, as published contact details do: 138****5678.
func maskedNumber(text string, i, j int) bool {
	before, after := 0, 0
	for k := i - 1; k >= 0 && text[k] >= '0' && text[k] <= '9'; k-- {
		before++
	}
	for k := j; k < len(text) && text[k] >= '0' && text[k] <= '9'; k++ {
		after++
	}
	return before >= 3 && after >= 3
}

// hasFootnoteLines reports whether some line starts with a * note marker.
func hasFootnoteLines(text string) bool {
	for i := 0; ; {
		if strings.HasPrefix(text[i:], "*") && !strings.HasPrefix(text[i:], "**") {
			return true
		}
		k := strings.IndexByte(text[i:], '\n')
		if k < 0 {
			return false
		}
		i += k + 1
	}
}

// singleStarIsPlaceholder decides whether a lone * stands for a number
// (参加调研活动*场次) rather than marking a footnote.
func singleStarIsPlaceholder(text string, i int, footnotes bool) bool {
	if lineStart(text, i) {
		return false // the footnote itself: "*注：…"
	}
	before, after := runeBefore(text, i), runeAt(text, i+1)
	if footnotes && (after == 0 || after == '\n' || after == ' ' || isPunct(after)) {
		return false // a footnote reference: 满意率达95%*。
	}
	return isHanOrDigit(before) || isHanOrDigit(after)
}

func isPunct(r rune) bool {
	return strings.ContainsRune("，。；：！？、,.;:!?）)”’》", r)
}

// emptyBracketEnd returns the end of an empty bracket pair opening at i
// ([], 【 】, （  ）), or 0.
func emptyBracketEnd(text string, i int, open rune) int {
	closer := map[rune]rune{'[': ']', '【': '】', '（': '）', '［': '］', '〔': '〕'}[open]
	j := i + utf8.RuneLen(open)
	for j < len(text) && (text[j] == ' ' || strings.HasPrefix(text[j:], "\u3000")) {
		if text[j] == ' ' {
			j++
		} else {
			j += len("\u3000")
		}
		if j-i > 12 {
			return 0
		}
	}
	if strings.HasPrefix(text[j:], string(closer)) {
		return j + utf8.RuneLen(closer)
	}
	return 0
}

// titleSeparator reports whether a lone _ ending at j separates the parts
// of a saved web page's title (人大代表述职报告_述职报告_某某网): the rest of
// the line is short, has no sentence punctuation, and ends with the site's
// name.
func titleSeparator(text string, j int) bool {
	// Look no further than a title's length: a scan to the end of an
	// endless line for every _ would be quadratic.
	const maxRest = 90 // 30 characters
	end := min(len(text), j+maxRest+1)
	if k := strings.IndexByte(text[j:end], '\n'); k >= 0 {
		end = j + k
	} else if end-j > maxRest {
		return false
	}
	rest := strings.TrimSpace(text[j:end])
	if strings.ContainsAny(rest, "，。；：！？,;:") {
		return false
	}
	return strings.HasSuffix(rest, "网") || strings.HasSuffix(rest, "网站") || strings.HasSuffix(rest, "门户")
}
