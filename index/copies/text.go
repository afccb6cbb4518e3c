package copies

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"lvzhi/corpus"
)

// normText is a document in the form passages are compared in: one rune per
// kept character, and the byte offset in the original text where each starts.
type normText struct {
	text   string
	chars  []rune
	starts []int32
}

// normalize folds text into comparison form: full-width ASCII to ASCII
// (corpus.NormalizeRune), Latin lower-cased, and whitespace, punctuation
// (CJK and ASCII), control and format characters and invalid bytes dropped.
// Symbols (℃, +, ×, □) and digits are kept: they are content. The slices are
// reused from nt.
func (nt *normText) normalize(text string) {
	nt.text = text
	if n := utf8.RuneCountInString(text); cap(nt.chars) < n {
		nt.chars, nt.starts = make([]rune, 0, n), make([]int32, 0, n)
	}
	nt.chars = nt.chars[:0]
	nt.starts = nt.starts[:0]
	for i := 0; i < len(text); {
		b := text[i]
		// The common Han block, U+4E00–U+9FFF: three bytes from E4 B8 80
		// to E9 BF BF, kept as they are.
		if b >= 0xE4 && b <= 0xE9 && i+2 < len(text) {
			b1, b2 := text[i+1], text[i+2]
			if b1&0xC0 == 0x80 && b2&0xC0 == 0x80 && (b > 0xE4 || b1 >= 0xB8) {
				nt.chars = append(nt.chars, rune(b&0x0F)<<12|rune(b1&0x3F)<<6|rune(b2&0x3F))
				nt.starts = append(nt.starts, int32(i))
				i += 3
				continue
			}
		}
		r, size := rune(b), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size == 1 {
				i++
				continue
			}
		}
		if f := fold(r); f >= 0 {
			nt.chars = append(nt.chars, f)
			nt.starts = append(nt.starts, int32(i))
		}
		i += size
	}
}

// span returns the byte offsets in the original text of the normalised
// characters [from, to): from the start of the first to the end of the last.
func (nt *normText) span(from, to int) (start, end int) {
	start = int(nt.starts[from])
	last := int(nt.starts[to-1])
	_, size := utf8.DecodeRuneInString(nt.text[last:])
	return start, last + size
}

// fold maps one rune to its comparison form, or -1 when it is dropped.
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		case r <= ' ' || r == 0x7f:
			return -1
		case unicode.IsPunct(r):
			return -1
		}
		return r // ASCII symbols: $ + < = > ^ ` | ~
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return r // the common Han block, the usual case
	}
	if r = corpus.NormalizeRune(r); r < 0 {
		return -1
	}
	if r < utf8.RuneSelf {
		return fold(r)
	}
	if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs) || r == utf8.RuneError {
		return -1
	}
	return unicode.ToLower(r)
}

const (
	hashBase = 0x100000001b3 // an odd multiplier for the polynomial k-gram hash
)

// gramHash is a rolling 64-bit hash of the m-grams of a text (the windows
// of MinChars characters passages are made of).
type gramHash struct {
	pow uint64 // hashBase^(m-1)
	m   int
}

func newGramHash(m int) gramHash {
	g := gramHash{pow: 1, m: m}
	for range m - 1 {
		g.pow *= hashBase
	}
	return g
}

// first returns the raw hash of chars[:m].
func (g gramHash) first(chars []rune) uint64 {
	var h uint64
	for _, c := range chars[:g.m] {
		h = h*hashBase + uint64(c) + 1
	}
	return h
}

// roll moves a raw hash one character on: out goes, in comes.
func (g gramHash) roll(h uint64, out, in rune) uint64 {
	return (h-(uint64(out)+1)*g.pow)*hashBase + uint64(in) + 1
}

// kgramHashes appends to out the 32-bit hash of every k-gram of chars:
// out[i] is the hash of chars[i:i+k]. A polynomial rolling hash mod 2^64,
// finalised by a 64-bit mixer so that the values are uniform (winnowing
// takes minima, which needs hashes that behave like random numbers).
func kgramHashes(chars []rune, k int, out []uint32) []uint32 {
	out = out[:0]
	if len(chars) < k {
		return out
	}
	out = slices.Grow(out, len(chars)-k+1)
	pow := uint64(1)
	for range k - 1 {
		pow *= hashBase
	}
	var h uint64
	for _, c := range chars[:k] {
		h = h*hashBase + uint64(c) + 1
	}
	out = append(out, mix64(h))
	for i := k; i < len(chars); i++ {
		h = (h-(uint64(chars[i-k])+1)*pow)*hashBase + uint64(chars[i]) + 1
		out = append(out, mix64(h))
	}
	return out
}

// mix64 is the MurmurHash3 finaliser, keeping the high 32 bits.
func mix64(h uint64) uint32 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return uint32(h >> 32)
}

// mix32 is the MurmurHash3 32-bit finaliser.
func mix32(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// winnow appends to out the positions that robust winnowing (Schleimer,
// Wilkerson and Aiken 2003, §4.2) selects from the k-gram hashes hs with
// window w: in every window of w consecutive hashes the minimum is selected;
// a tie keeps the previous selection if it is still in the window, and
// otherwise takes the rightmost minimum. A position is recorded once. When
// sel is not nil, every window i (hs[i:i+w]) gets in (*sel)[i] the index in
// out of its selection.
//
// The guarantee: every window's minimum value is a fingerprint, so two texts
// sharing a substring of at least w+k-1 characters (one whole window of w
// k-grams) share at least one fingerprint value. Texts with fewer than w
// k-grams have no window and no fingerprint. Linear: a rescan happens only
// when the selection leaves the window, at most once per w windows.
func winnow(hs []uint32, w int, out []int32, sel *[]int32) []int32 {
	out = out[:0]
	if len(hs) < w {
		if sel != nil {
			*sel = (*sel)[:0]
		}
		return out
	}
	out = slices.Grow(out, 2*len(hs)/(w+1)+16)
	if sel != nil {
		*sel = resize(*sel, len(hs)-w+1)
	}
	cur := -1
	for i := 0; i+w <= len(hs); i++ {
		if cur < i { // the selection left the window: rescan, rightmost minimum
			cur = i
			for j := i + 1; j < i+w; j++ {
				if hs[j] <= hs[cur] {
					cur = j
				}
			}
			out = append(out, int32(cur))
		} else if j := i + w - 1; hs[j] < hs[cur] {
			cur = j
			out = append(out, int32(cur))
		}
		if sel != nil {
			(*sel)[i] = int32(len(out) - 1)
		}
	}
	return out
}
