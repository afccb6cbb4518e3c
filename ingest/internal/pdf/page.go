// Copyright 2014 The Go Authors.  All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package pdf

import (
	"fmt"
	"sort"
)

// A Page represent a single page in a PDF file.
// The methods interpret a Page dictionary stored in V.
type Page struct {
	V Value
}

// findInherited looks for key in the page and its ancestors; lvzhi: at
// most 64 of them (a Parent chain can loop).
func (p Page) findInherited(key string) Value {
	depth := 0
	for v := p.V; !v.IsNull() && depth < 64; v, depth = v.Key("Parent"), depth+1 {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
	}
	return Value{}
}

// Resources returns the resources dictionary associated with the page.
func (p Page) Resources() Value {
	return p.findInherited("Resources")
}

// Font returns the font with the given name associated with the page.
func (p Page) Font(name string) Font {
	return Font{p.Resources().Key("Font").Key(name), nil}
}

// A Font represent a font in a PDF file.
// The methods interpret a Font dictionary stored in V.
type Font struct {
	V   Value
	enc TextEncoding
}

// Encoder returns the encoding between font code point sequences and UTF-8.
//
// The receiver is a pointer so the parsed encoding is cached on the Font;
// with a value receiver the assignment to f.enc would be discarded with the
// copy, defeating the caching entirely.
func (f *Font) Encoder() TextEncoding {
	if f.enc == nil { // caching the Encoder so we don't have to continually parse charmap
		f.enc = f.getEncoder()
	}
	return f.enc
}

func (f Font) getEncoder() TextEncoding {
	enc := f.V.Key("Encoding")
	switch enc.Kind() {
	case Name:
		switch enc.Name() {
		case "WinAnsiEncoding":
			return &byteEncoder{&winAnsiEncoding}
		case "MacRomanEncoding":
			return &byteEncoder{&macRomanEncoding}
		case "Identity-H":
			return f.charmapEncoding()
		case "UniGB-UCS2-H":
			return &ucs2Encoder{}
		default:
			if DebugOn {
				println("unknown encoding", enc.Name())
			}
			return &nopEncoder{}
		}
	case Dict:
		return newDictEncoder(enc.Key("Differences"))
	case Null:
		return f.charmapEncoding()
	default:
		if DebugOn {
			println("unexpected encoding", enc.String())
		}
		return &nopEncoder{}
	}
}

func (f *Font) charmapEncoding() TextEncoding {
	toUnicode := f.V.Key("ToUnicode")
	if toUnicode.Kind() == Stream {
		m := readCmap(toUnicode)
		if m == nil {
			return &nopEncoder{}
		}
		return m
	}

	return &byteEncoder{&pdfDocEncoding}
}

// dictEncoder decodes through a /Differences array. lvzhi: the array is
// read once into a table of the 256 codes (each byte looked through the
// whole array, resolving every element, a million of them at worst); the
// first name given to a code that maps to a rune wins, as before.
type dictEncoder struct {
	table [256]rune
}

func newDictEncoder(v Value) *dictEncoder {
	e := &dictEncoder{}
	var set [256]bool
	for c := range e.table {
		e.table[c] = rune(c)
	}
	n := -1
	for j := 0; j < v.Len(); j++ {
		x := v.Index(j)
		if x.Kind() == Integer {
			n = int(x.Int64())
			continue
		}
		if x.Kind() == Name {
			if n >= 0 && n < 256 && !set[n] {
				if r := nameToRune[x.Name()]; r != 0 {
					e.table[n], set[n] = r, true
				}
			}
			n++
		}
	}
	return e
}

func (e *dictEncoder) Decode(raw string) (text string) {
	r := make([]rune, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		r = append(r, e.table[raw[i]])
	}
	return string(r)
}

// A TextEncoding represents a mapping between
// font code points and UTF-8 text.
type TextEncoding interface {
	// Decode returns the UTF-8 text corresponding to
	// the sequence of code points in raw.
	Decode(raw string) (text string)
}

type nopEncoder struct {
}

func (e *nopEncoder) Decode(raw string) (text string) {
	return raw
}

type ucs2Encoder struct{}

func (e *ucs2Encoder) Decode(raw string) (text string) {
	return utf16Decode(raw)
}

type byteEncoder struct {
	table *[256]rune
}

func (e *byteEncoder) Decode(raw string) (text string) {
	r := make([]rune, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		r = append(r, e.table[raw[i]])
	}
	return string(r)
}

type byteRange struct {
	low  string
	high string
}

type bfchar struct {
	orig string
	repl string
}

type bfrange struct {
	lo  string
	hi  string
	dst Value
}

type cmap struct {
	space   [4][]byteRange // codespace range
	bfrange []bfrange
	bfchar  []bfchar
	chars   map[string]string // lvzhi: bfchar by code, the first entry of a code winning
	// lvzhi: for each code length, whether its bfranges are indexed, and
	// their indexes sorted by lo (they do not overlap); a length whose
	// ranges overlap is looked up by a scan, as before.
	indexed [5]bool
	ranges  [5][]int
	lim     *Limits
}

// index sorts the bfranges of each code length, when they do not overlap.
func (m *cmap) index() {
	for n := 1; n <= 4; n++ {
		var idx []int
		ok := true
		for i, r := range m.bfrange {
			if len(r.lo) == n {
				if len(r.hi) != n || r.lo > r.hi {
					ok = false
					break
				}
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return m.bfrange[idx[a]].lo < m.bfrange[idx[b]].lo })
		for k := 1; ok && k < len(idx); k++ {
			ok = m.bfrange[idx[k]].lo > m.bfrange[idx[k-1]].hi
		}
		m.indexed[n], m.ranges[n] = ok, idx
	}
}

// findRange finds the first bfrange holding text.
func (m *cmap) findRange(text string) (bfrange, bool) {
	n := len(text)
	if n < len(m.indexed) && m.indexed[n] {
		idx := m.ranges[n]
		k := sort.Search(len(idx), func(i int) bool { return m.bfrange[idx[i]].lo > text }) - 1
		if k >= 0 && text <= m.bfrange[idx[k]].hi {
			return m.bfrange[idx[k]], true
		}
		return bfrange{}, false
	}
	for _, r := range m.bfrange {
		if len(r.lo) == n && r.lo <= text && text <= r.hi {
			return r, true
		}
	}
	return bfrange{}, false
}

func (m *cmap) Decode(raw string) (text string) {
	var r []rune
	codes := 0
Parse:
	for len(raw) > 0 {
		if codes++; codes%1024 == 0 {
			m.lim.check() // lvzhi: a long string through many code spaces
		}
		for n := 1; n <= 4 && n <= len(raw); n++ { // number of digits in character replacement (1-4 possible)
			for _, space := range m.space[n-1] { // find matching codespace Ranges for number of digits
				if space.low <= raw[:n] && raw[:n] <= space.high { // see if value is in range
					text := raw[:n]
					raw = raw[n:]
					// lvzhi: a map lookup, where each character
					// looked through every bfchar entry.
					if repl, ok := m.chars[text]; ok {
						r = append(r, []rune(utf16Decode(repl))...)
						continue Parse
					}
					if bfrange, ok := m.findRange(text); ok { // lvzhi: a search, where it was a scan
						if bfrange.dst.Kind() == String {
							s := bfrange.dst.RawString()
							if bfrange.lo != text && s != "" { // value isn't at the beginning of the range so scale result
								b := []byte(s)
								b[len(b)-1] += text[len(text)-1] - bfrange.lo[len(bfrange.lo)-1] // increment last byte by difference
								s = string(b)
							}
							r = append(r, []rune(utf16Decode(s))...)
							continue Parse
						}
						if bfrange.dst.Kind() == Array {
							n := text[len(text)-1] - bfrange.lo[len(bfrange.lo)-1]
							v := bfrange.dst.Index(int(n))
							if v.Kind() == String {
								s := v.RawString()
								r = append(r, []rune(utf16Decode(s))...)
								continue Parse
							}
							if DebugOn {
								fmt.Printf("array %v\n", bfrange.dst)
							}
						} else {
							if DebugOn {
								fmt.Printf("unknown dst %v\n", bfrange.dst)
							}
						}
						r = append(r, noRune)
						continue Parse
					}
					r = append(r, noRune)
					continue Parse
				}
			}
		}
		if DebugOn {
			println("no code space found")
		}
		r = append(r, noRune)
		raw = raw[1:]
	}
	return string(r)
}

func readCmap(toUnicode Value) *cmap {
	n := -1
	var m cmap
	ok := true
	Interpret(toUnicode, func(stk *Stack, op string) {
		if !ok {
			return
		}
		switch op {
		case "findresource":
			stk.Pop() // category
			stk.Pop() // key
			stk.Push(newDict())
		case "begincmap":
			stk.Push(newDict())
		case "endcmap":
			stk.Pop()
		case "begincodespacerange":
			n = int(stk.Pop().Int64())
		case "endcodespacerange":
			if n < 0 {
				if DebugOn {
					println("missing begincodespacerange")
				}
				ok = false
				return
			}
			n = min(n, stk.Len()/2) // lvzhi: no more entries than the stack holds
			for i := 0; i < n; i++ {
				hi, lo := stk.Pop().RawString(), stk.Pop().RawString()
				if len(lo) == 0 || len(lo) != len(hi) || len(lo) > len(m.space) {
					if DebugOn {
						println("bad codespace range")
					}
					ok = false
					return
				}
				m.space[len(lo)-1] = append(m.space[len(lo)-1], byteRange{lo, hi})
			}
			n = -1
		case "beginbfchar":
			n = int(stk.Pop().Int64())
		case "endbfchar":
			if n < 0 {
				panic("missing beginbfchar")
			}
			n = min(n, stk.Len()/2)
			for i := 0; i < n; i++ {
				repl, orig := stk.Pop().RawString(), stk.Pop().RawString()
				m.bfchar = append(m.bfchar, bfchar{orig, repl})
			}
		case "beginbfrange":
			n = int(stk.Pop().Int64())
		case "endbfrange":
			if n < 0 {
				panic("missing beginbfrange")
			}
			n = min(n, stk.Len()/3)
			for i := 0; i < n; i++ {
				dst, srcHi, srcLo := stk.Pop(), stk.Pop().RawString(), stk.Pop().RawString()
				m.bfrange = append(m.bfrange, bfrange{srcLo, srcHi, dst})
			}
		case "defineresource":
			stk.Pop().Name() // category
			value := stk.Pop()
			stk.Pop().Name() // key
			stk.Push(value)
		default:
			if DebugOn {
				println("interp\t", op)
			}
		}
	})
	if !ok {
		return nil
	}
	m.chars = make(map[string]string, len(m.bfchar))
	for _, c := range m.bfchar {
		if _, dup := m.chars[c.orig]; !dup {
			m.chars[c.orig] = c.repl
		}
	}
	m.index()
	if toUnicode.r != nil {
		m.lim = toUnicode.r.lim
	}
	return &m
}
