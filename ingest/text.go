package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readText reads a plain text or markdown file. Markdown is recognised by
// its content whatever the extension, because the same converter output
// arrives as .md and as .txt.
func readText(rd *reading, data []byte, ext string) (extracted, error) {
	if int64(len(data)) > 2*rd.opt.MaxText {
		// Decoded, these bytes give at least half as many bytes of text.
		return extracted{}, textFileTooLarge(int64(len(data)), rd.opt.MaxText)
	}
	text, enc, err := decodeText(rd, data)
	if err != nil {
		return extracted{}, err
	}
	if int64(len(text)) > rd.opt.MaxText {
		return extracted{}, rd.textTooLarge(int64(len(text)))
	}
	if strings.TrimSpace(text) == "" {
		return extracted{}, reason(ErrEmpty, "文件只有空白")
	}
	return extracted{text: text, encoding: enc, markdown: isMarkdown(text, ext == ".md" || ext == ".markdown")}, nil
}

var (
	mdEscape   = regexp.MustCompile(`\\[*_\[\]#.\-()!>+|{}` + "`" + `]`)
	mdHeading  = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+\S`)
	mdTableSep = regexp.MustCompile(`(?m)^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$`)
	mdLink     = regexp.MustCompile(`\]\((https?://|#|\.{0,2}/|mailto:)[^)\s]*\)`)
	mdFence    = regexp.MustCompile("(?m)^```")
)

// isMarkdown reports whether text is markdown by its syntax: backslash
// escapes (\* \_ \[ \] …), "# " headings at line starts, tables, links,
// code fences. "**text**" pairs count only in a file that also has other
// markdown syntax or a .md name: a plain report with ** left where numbers
// belong ("参加调研**次，形成报告**篇") is not markdown, and its stars must
// survive.
func isMarkdown(text string, mdName bool) bool {
	if mdName {
		return true
	}
	check := func(must string, re *regexp.Regexp) bool {
		return strings.Contains(text, must) && re.MatchString(text)
	}
	return check(`\`, mdEscape) || check("#", mdHeading) || check("---", mdTableSep) ||
		check("](", mdLink) || check("```", mdFence)
}

// fromMarkdown converts markdown to plain text: escapes become the literal
// characters (so "\*\*" is the placeholder "**", which must survive), "#"
// heading markers go (the heading stays as its own line), emphasis markers go
// where they really pair around text, links keep their text, images go,
// table rows become tab-separated cells.
func fromMarkdown(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	fenced := false
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			out = append(out, l)
			continue
		}
		if l, ok := mdLine(l); ok {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// mdRune is one character of a markdown line and whether it was escaped.
type mdRune struct {
	r       rune
	escaped bool
}

var (
	mdRule     = regexp.MustCompile(`^ {0,3}([-*_])( *\\?[-*_]){2,} *$`)
	mdHeadingL = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	mdSetext   = regexp.MustCompile(`^ {0,3}(=+|-+) *$`)
	mdBullet   = regexp.MustCompile(`^( {0,6})[-*+][ \t]+`)
	mdQuote    = regexp.MustCompile(`^ {0,3}(> ?)+`)
	mdSepRow   = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$`)
)

// mdLine converts one markdown line; ok is false for a line that is only
// markup (a table's separator row, a heading's underline).
func mdLine(l string) (_ string, ok bool) {
	if mdRule.MatchString(l) {
		return "", true
	}
	if mdSetext.MatchString(l) && len(strings.TrimSpace(l)) >= 3 {
		return "", false // the underline of a setext heading
	}
	if m := mdHeadingL.FindStringSubmatch(l); m != nil {
		l = m[2]
	}
	l = mdQuote.ReplaceAllString(l, "")
	l = mdBullet.ReplaceAllString(l, "$1")
	table := false
	if t := strings.TrimSpace(l); strings.HasPrefix(t, "|") && strings.HasSuffix(t, "|") && len(t) > 1 {
		if mdSepRow.MatchString(t) {
			return "", false
		}
		table = true
	}

	rs := unescapeMD(l)
	rs = dropImagesAndLinks(rs)
	rs = dropEmphasis(rs)

	var b strings.Builder
	if table {
		// "| a | b |" → "a\tb": the unescaped pipes are the cell borders.
		var cells []string
		var cell strings.Builder
		for _, c := range rs {
			if c.r == '|' && !c.escaped {
				cells = append(cells, strings.TrimSpace(cell.String()))
				cell.Reset()
				continue
			}
			cell.WriteRune(c.r)
		}
		cells = append(cells, strings.TrimSpace(cell.String()))
		if len(cells) > 0 && cells[0] == "" {
			cells = cells[1:]
		}
		if len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		return strings.Join(cells, "\t"), true
	}
	for _, c := range rs {
		b.WriteRune(c.r)
	}
	return strings.ReplaceAll(b.String(), "<br>", "\n"), true
}

// unescapeMD splits a line into runes, resolving backslash escapes of ASCII
// punctuation: "\*" is a literal '*' marked escaped.
func unescapeMD(l string) []mdRune {
	rs := make([]mdRune, 0, utf8.RuneCountInString(l))
	for i := 0; i < len(l); {
		r, n := utf8.DecodeRuneInString(l[i:])
		if r == '\\' && i+1 < len(l) && isASCIIPunct(l[i+1]) {
			rs = append(rs, mdRune{rune(l[i+1]), true})
			i += 2
			continue
		}
		rs = append(rs, mdRune{r, false})
		i += n
	}
	return rs
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// dropImagesAndLinks removes "![alt](url)" and turns "[text](url)" into
// text; escaped brackets are literal and never start a link.
func dropImagesAndLinks(rs []mdRune) []mdRune {
	var nextB, nextP []int32 // the next unescaped ']' and ')' from each rune
	out := make([]mdRune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c.escaped || (c.r != '[' && !(c.r == '!' && i+1 < len(rs) && rs[i+1].r == '[' && !rs[i+1].escaped)) {
			out = append(out, c)
			continue
		}
		image := c.r == '!'
		open := i
		if image {
			open++
		}
		if nextB == nil {
			nextB, nextP = nextUnescaped(rs, ']'), nextUnescaped(rs, ')')
		}
		closeB := findUnescaped(nextB, open+1)
		if closeB < 0 || closeB+1 >= len(rs) || rs[closeB+1].r != '(' || rs[closeB+1].escaped {
			out = append(out, c)
			continue
		}
		closeP := findUnescaped(nextP, closeB+2)
		if closeP < 0 {
			out = append(out, c)
			continue
		}
		if !image {
			out = append(out, rs[open+1:closeB]...)
		}
		i = closeP
	}
	return out
}

// nextUnescaped gives, for each rune of rs, the index of the next
// unescaped r from it on, -1 if none: one pass, so that finding the close
// of each of many open brackets stays linear.
func nextUnescaped(rs []mdRune, r rune) []int32 {
	next := make([]int32, len(rs)+1)
	next[len(rs)] = -1
	for i := len(rs) - 1; i >= 0; i-- {
		next[i] = next[i+1]
		if rs[i].r == r && !rs[i].escaped {
			next[i] = int32(i)
		}
	}
	return next
}

// findUnescaped finds, in a table of nextUnescaped, the next unescaped
// rune from from on within maxLink runes: link texts and URLs are short.
func findUnescaped(next []int32, from int) int {
	if from >= len(next) {
		return -1
	}
	if j := int(next[from]); j >= 0 && j < from+maxLink {
		return j
	}
	return -1
}

// maxLink bounds the text and URL of a link; maxEmphasis the text of an
// emphasis pair.
const (
	maxLink     = 2000
	maxEmphasis = 100
)

// dropEmphasis removes unescaped "**" and "__" markers that pair around
// text on one line: the opener is followed, and the closer preceded, by a
// character that is not a space, and the text between holds no unescaped
// marker of its own. Anything else is left as it is.
func dropEmphasis(rs []mdRune) []mdRune {
	drop := make([]bool, len(rs))
	dropped := false
	for i := 0; i+1 < len(rs); i++ {
		m := rs[i].r
		if (m != '*' && m != '_') || rs[i].escaped || rs[i+1].r != m || rs[i+1].escaped {
			continue
		}
		if i+2 < len(rs) && rs[i+2].r == m && !rs[i+2].escaped {
			// "***" or longer: not a plain bold marker; skip the run.
			for i+1 < len(rs) && rs[i+1].r == m && !rs[i+1].escaped {
				i++
			}
			continue
		}
		start := i + 2
		if start >= len(rs) || isSpaceRune(rs[start].r) {
			continue
		}
		if m == '_' && i > 0 && isWordRune(rs[i-1].r) {
			continue // "20__年": underscores inside a word are not emphasis (CommonMark)
		}
		// Find the closer.
		for j := start + 1; j+1 < len(rs) && j < start+maxEmphasis; j++ {
			if rs[j].r == m && !rs[j].escaped && rs[j+1].r == m && !rs[j+1].escaped {
				if isSpaceRune(rs[j-1].r) || (j+2 < len(rs) && rs[j+2].r == m && !rs[j+2].escaped) {
					break
				}
				if m == '_' && j+2 < len(rs) && isWordRune(rs[j+2].r) {
					break
				}
				drop[i], drop[i+1], drop[j], drop[j+1] = true, true, true, true
				dropped = true
				i = j + 1
				break
			}
		}
	}
	if !dropped {
		return rs
	}
	out := rs[:0:0]
	for i, c := range rs {
		if !drop[i] {
			out = append(out, c)
		}
	}
	return out
}

// isWordRune reports whether r is a letter, digit or Chinese character.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0'
}
