package corpus

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate closest to word by edit distance, for the
// "是不是…？" of an unknown option, parameter or value: at most one edit
// for words of up to three characters, two for longer ones, one in three
// for words of nine or more; a candidate the word is a prefix of (three
// characters or more) counts as one edit. Case is ignored; ties go to the
// first candidate in sorted order. "" when none is close enough.
func Nearest(word string, candidates []string) string {
	word = strings.ToLower(word)
	best, bestD := "", 1<<30
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		lc := strings.ToLower(c)
		if lc == word {
			return c
		}
		d := EditDistance(word, lc)
		if strings.HasPrefix(lc, word) && len(word) >= 3 {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if n := utf8.RuneCountInString(word); n <= 3 {
		limit = 1
	} else if n >= 9 {
		limit = n / 3
	}
	if bestD <= limit {
		return best
	}
	return ""
}

// EditDistance is the Damerau–Levenshtein distance between a and b in
// runes: a swap of two neighbours counts as one edit (yaer → year).
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
