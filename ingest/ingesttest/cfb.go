package ingesttest

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
)

// Stream is one stream of a compound file.
type Stream struct {
	Name string // at most 31 UTF-16 units; "\x05SummaryInformation" for a property set
	Data []byte
}

// Compound file constants ([MS-CFB]).
const (
	cfbSector     = 512
	cfbMiniCutoff = 4096
	cfbFree       = 0xFFFFFFFF
	cfbEnd        = 0xFFFFFFFE
	cfbFATSect    = 0xFFFFFFFD
	cfbNoStream   = 0xFFFFFFFF
)

// wordCLSID is the class of a Word 97-2003 document, {00020906-0000-0000-C000-000000000046},
// in its on-disk byte order.
var wordCLSID = []byte{0x06, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// Compound writes an OLE compound file (version 3, 512-byte sectors) whose
// root storage holds the given streams, in the layout Word 97-2003 and
// WPS use. Streams shorter than the 4096-byte mini-stream cutoff are padded
// with zeros to it, so that every stream lives in regular sectors and no
// mini FAT is needed (the formats read here ignore bytes past their own
// structures). The directory is a balanced binary tree in the spec's name
// order, every node black.
func Compound(streams []Stream) []byte {
	type entry struct {
		name  string
		data  []byte
		start uint32
	}
	es := make([]entry, len(streams))
	for i, s := range streams {
		d := s.Data
		if len(d) < cfbMiniCutoff {
			d = append(append([]byte(nil), d...), make([]byte, cfbMiniCutoff-len(d))...)
		}
		es[i] = entry{name: s.Name, data: d}
	}
	// Data sectors first, in stream order, each stream contiguous.
	next := uint32(0)
	var fat []uint32
	// chain allocates n contiguous sectors from next and links them in
	// the FAT, returning the first.
	chain := func(n uint32) uint32 {
		start := next
		for k := range n {
			if k+1 < n {
				fat = append(fat, start+k+1)
			} else {
				fat = append(fat, cfbEnd)
			}
		}
		next += n
		return start
	}
	for i := range es {
		es[i].start = chain(uint32((len(es[i].data) + cfbSector - 1) / cfbSector))
	}
	// Directory: root plus the streams, four 128-byte entries per sector.
	dirEntries := 1 + len(es)
	dirSectors := uint32((dirEntries + 3) / 4)
	dirStart := chain(dirSectors)
	// FAT sectors: enough to describe every sector, themselves included.
	fatSectors := uint32(1)
	for (next+fatSectors)*4 > fatSectors*cfbSector {
		fatSectors++
	}
	fatStart := next
	for range fatSectors {
		fat = append(fat, cfbFATSect)
	}
	next += fatSectors
	for len(fat)%(cfbSector/4) != 0 {
		fat = append(fat, cfbFree)
	}

	out := make([]byte, cfbSector*(1+int(next)))
	le := binary.LittleEndian
	h := out[:cfbSector]
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(h[0x18:], 0x003E) // minor version
	le.PutUint16(h[0x1A:], 0x0003) // major version 3
	le.PutUint16(h[0x1C:], 0xFFFE) // little-endian
	le.PutUint16(h[0x1E:], 9)      // 512-byte sectors
	le.PutUint16(h[0x20:], 6)      // 64-byte mini sectors
	le.PutUint32(h[0x2C:], fatSectors)
	le.PutUint32(h[0x30:], dirStart)
	le.PutUint32(h[0x38:], cfbMiniCutoff)
	le.PutUint32(h[0x3C:], cfbEnd) // no mini FAT
	le.PutUint32(h[0x44:], cfbEnd) // no DIFAT sectors
	for i := range 109 {
		v := uint32(cfbFree)
		if uint32(i) < fatSectors {
			v = fatStart + uint32(i)
		}
		le.PutUint32(h[0x4C+4*i:], v)
	}
	sector := func(n uint32) []byte { return out[cfbSector*(1+int(n)) : cfbSector*(2+int(n))] }
	for _, e := range es {
		copy(out[cfbSector*(1+int(e.start)):], e.data)
	}
	for i, v := range fat {
		le.PutUint32(sector(fatStart + uint32(i/(cfbSector/4)))[4*(i%(cfbSector/4)):], v)
	}

	// The directory tree: streams sorted as the spec compares names
	// (shorter first, then by upper-case UTF-16 units).
	order := make([]int, len(es))
	for i := range order {
		order[i] = i
	}
	key := func(s string) []uint16 { return utf16.Encode([]rune(strings.ToUpper(s))) }
	sort.Slice(order, func(a, b int) bool {
		ka, kb := key(es[order[a]].name), key(es[order[b]].name)
		if len(ka) != len(kb) {
			return len(ka) < len(kb)
		}
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	})
	left := make([]uint32, len(es)+1)
	right := make([]uint32, len(es)+1)
	for i := range left {
		left[i], right[i] = cfbNoStream, cfbNoStream
	}
	var build func(lo, hi int) uint32 // entry ids are stream index + 1
	build = func(lo, hi int) uint32 {
		if lo >= hi {
			return cfbNoStream
		}
		mid := (lo + hi) / 2
		id := uint32(order[mid] + 1)
		left[id] = build(lo, mid)
		right[id] = build(mid+1, hi)
		return id
	}
	child := build(0, len(order))
	dir := out[cfbSector*(1+int(dirStart)):]
	writeEntry := func(id int, name string, typ byte, l, r, c uint32, start uint32, size int) {
		d := dir[128*id : 128*id+128]
		u := utf16.Encode([]rune(name))
		for i, v := range u {
			le.PutUint16(d[2*i:], v)
		}
		le.PutUint16(d[64:], uint16(2*(len(u)+1)))
		d[66] = typ
		d[67] = 1 // black
		le.PutUint32(d[68:], l)
		le.PutUint32(d[72:], r)
		le.PutUint32(d[76:], c)
		if typ == 5 {
			copy(d[80:], wordCLSID)
		}
		le.PutUint32(d[116:], start)
		le.PutUint32(d[120:], uint32(size))
	}
	writeEntry(0, "Root Entry", 5, cfbNoStream, cfbNoStream, child, cfbEnd, 0)
	for i, e := range es {
		writeEntry(i+1, e.name, 2, left[i+1], right[i+1], cfbNoStream, e.start, len(e.data))
	}
	// Unused entries of the last directory sector: no siblings, no child.
	for id := dirEntries; id < int(dirSectors)*4; id++ {
		d := dir[128*id : 128*id+128]
		le.PutUint32(d[68:], cfbNoStream)
		le.PutUint32(d[72:], cfbNoStream)
		le.PutUint32(d[76:], cfbNoStream)
	}
	return out
}
