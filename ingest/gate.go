package ingest

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// A gatedRe is a regular expression with literals one of which every match
// holds: a line holding none of them cannot match, and costs a
// few substring searches instead of a scan by the regexp engine. The
// splitter runs a dozen expressions over every line of a file; most lines
// hold none of their words.
type gatedRe struct {
	re     *regexp.Regexp
	lits   []string
	always bool // no literal gate could be found: always run re
}

func gateRe(pattern string) gatedRe {
	g := gatedRe{re: regexp.MustCompile(pattern)}
	parsed, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		g.always = true
		return g
	}
	lits, ok := firstLiterals(parsed.Simplify())
	if !ok || len(lits) == 0 {
		g.always = true
		return g
	}
	g.lits = lits
	return g
}

// maxClassGate is the most characters a character class may hold to gate
// on each of them.
const maxClassGate = 8

// firstLiterals returns literals one of which every match of re holds, or
// false when there is no such small set. Of the parts every match must go
// through (a concatenation's elements that cannot be empty), it takes the
// most selective: the set whose shortest literal is longest, then the
// smallest set (请…审议 gates on 审议, not on 请).
func firstLiterals(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for k := 0; k+1 < len(re.Rune); k += 2 {
			if re.Rune[k+1]-re.Rune[k] >= maxClassGate || len(out) > maxClassGate {
				return nil, false
			}
			for r := re.Rune[k]; r <= re.Rune[k+1]; r++ {
				out = append(out, string(r))
			}
		}
		return out, len(out) > 0 && len(out) <= maxClassGate
	case syntax.OpCapture, syntax.OpPlus:
		return firstLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			return nil, false
		}
		return firstLiterals(re.Sub[0])
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if lits, ok := firstLiterals(sub); ok && selective(lits, best) {
				best = lits
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			lits, ok := firstLiterals(sub)
			if !ok {
				return nil, false
			}
			out = append(out, lits...)
		}
		return out, true
	}
	return nil, false
}

// selective reports whether the literal set a gates better than b: its
// shortest literal is longer, or as long and it has fewer literals.
func selective(a, b []string) bool {
	if b == nil {
		return true
	}
	ma, mb := shortest(a), shortest(b)
	return ma > mb || ma == mb && len(a) < len(b)
}

func shortest(lits []string) int {
	n := -1
	for _, l := range lits {
		if k := utf8.RuneCountInString(l); n < 0 || k < n {
			n = k
		}
	}
	return n
}

// possible reports whether s may hold a match.
func (g gatedRe) possible(s string) bool {
	if g.always {
		return true
	}
	for _, l := range g.lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

func (g gatedRe) MatchString(s string) bool { return g.possible(s) && g.re.MatchString(s) }

func (g gatedRe) FindStringIndex(s string) []int {
	if !g.possible(s) {
		return nil
	}
	return g.re.FindStringIndex(s)
}

// count counts the matches in s.
func (g gatedRe) count(s string) int {
	if !g.possible(s) {
		return 0
	}
	return len(g.re.FindAllStringIndex(s, -1))
}

func (g gatedRe) String() string { return g.re.String() }
