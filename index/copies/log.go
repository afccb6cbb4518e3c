package copies

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// The index is kept in one append-only file, copies.log: a sequence of
// frames, each
//
//	uint32 payload length | uint32 CRC-32C of the payload | payload
//
// (little-endian). The first payload is the header; every other one is one
// change. A frame that is cut short or fails its CRC ends the log: Open
// truncates the file there, so a process killed mid-write loses only the
// changes it had not synced.
//
// Header payload: 'H', "lvzhi-copies", then uvarints: format version, K,
// Window (the parameters the stored fingerprints depend on).
//
// Change payloads (format 3):
//
//   - 'D' add: uvarint id length, id, the key (below), uvarint normalised
//     characters, uvarint fingerprint count, the fingerprint values
//     ascending as uvarint gaps;
//   - 'R' remove: uvarint id length, id;
//   - 'K' set key: uvarint id length, id, the key.
//
// A key: a flags byte (bit 0: reference material), uvarint year, varint
// date of receipt, uvarint author length, author.
//
// Formats 1 and 2 (MinHash signatures and near-duplicate links after the
// fingerprints, no keys) are upgraded on Open: the documents keep their
// fingerprints, get the zero Key (the caller sets keys with SetKey), and the
// log is rewritten (a temporary file, fsynced, renamed over the old one).
// A log whose removed documents and superseded keys make up a large part is
// compacted the same way. Only a change of K or Window, on which the
// fingerprints depend, needs the texts again.
const (
	logName       = "copies.log"
	logMagic      = "lvzhi-copies"
	formatVersion = 3
	frameHeader   = 8
	maxPayload    = 1 << 28
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errTorn marks a frame cut short or corrupted: the end of the usable log.
var errTorn = errors.New("torn record")

func appendFrame(buf, payload []byte) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(payload)))
	buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(payload, castagnoli))
	return append(buf, payload...)
}

// readFrame reads the next frame's payload into buf. It returns io.EOF at a
// clean end and errTorn for an incomplete or corrupt frame.
func readFrame(r *bufio.Reader, buf []byte) ([]byte, error) {
	var h [frameHeader]byte
	if n, err := io.ReadFull(r, h[:]); err != nil {
		if n == 0 && err == io.EOF {
			return nil, io.EOF
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errTorn
		}
		return nil, err
	}
	n := binary.LittleEndian.Uint32(h[:4])
	if n == 0 || n > maxPayload {
		return nil, errTorn
	}
	buf = append(buf[:0], make([]byte, n)...)
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
			return nil, errTorn
		}
		return nil, err
	}
	if crc32.Checksum(buf, castagnoli) != binary.LittleEndian.Uint32(h[4:]) {
		return nil, errTorn
	}
	return buf, nil
}

type header struct {
	version, k, window int
	minHash            int // formats 1 and 2: the signature length stored with each document
}

func (h header) encode() []byte {
	b := append([]byte{'H'}, logMagic...)
	for _, v := range []int{h.version, h.k, h.window} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

func decodeHeader(p []byte) (header, error) {
	if len(p) < 1+len(logMagic) || p[0] != 'H' || string(p[1:1+len(logMagic)]) != logMagic {
		return header{}, errors.New("not a copies index (bad header)")
	}
	d := decoder{p: p[1+len(logMagic):]}
	h := header{version: int(d.uvarint()), k: int(d.uvarint()), window: int(d.uvarint())}
	if h.version < 3 {
		h.minHash = int(d.uvarint()) // then Bands and (format 2) the linking rule: not needed
	}
	if d.err == nil && h.version > formatVersion {
		return h, fmt.Errorf("format %d is newer than this program's (%d)", h.version, formatVersion)
	}
	if d.err == nil && h.version < 3 && (h.minHash < 1 || h.minHash > 1024) {
		d.err = errors.New("bad signature size")
	}
	return h, d.err
}

// record is one change as stored.
type record struct {
	op    byte // 'D', 'R' or 'K'
	id    string
	key   Key      // 'D' and 'K'
	chars int      // 'D'
	fps   []uint32 // 'D': distinct, ascending
}

func appendKey(b []byte, k Key) []byte {
	var flags byte
	if k.Reference {
		flags |= 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(max(k.Year, 0)))
	b = binary.AppendVarint(b, k.Received)
	b = binary.AppendUvarint(b, uint64(len(k.Author)))
	return append(b, k.Author...)
}

func (r *record) encode(b []byte) []byte {
	b = append(b[:0], r.op)
	b = binary.AppendUvarint(b, uint64(len(r.id)))
	b = append(b, r.id...)
	switch r.op {
	case 'K':
		b = appendKey(b, r.key)
	case 'D':
		b = appendKey(b, r.key)
		b = binary.AppendUvarint(b, uint64(r.chars))
		b = binary.AppendUvarint(b, uint64(len(r.fps)))
		var prev uint32
		for _, h := range r.fps {
			b = binary.AppendUvarint(b, uint64(h-prev))
			prev = h
		}
	}
	return b
}

func (d *decoder) key() Key {
	var k Key
	flags := d.bytes(1)
	if d.err != nil {
		return k
	}
	if flags[0]&^1 != 0 {
		d.err = errors.New("bad key flags")
		return k
	}
	k.Reference = flags[0]&1 != 0
	y := d.uvarint()
	if y > 1<<20 {
		d.err = errors.New("year out of range")
	}
	k.Year = int(y)
	k.Received = d.varint()
	k.Author = d.str()
	return k
}

// decode fills r from a format-3 payload, reusing r's slices.
func (r *record) decode(p []byte) error {
	if len(p) == 0 {
		return errors.New("empty record")
	}
	r.op = p[0]
	d := decoder{p: p[1:]}
	r.id = d.str()
	r.fps = r.fps[:0]
	switch r.op {
	case 'R':
	case 'K':
		r.key = d.key()
	case 'D':
		r.key = d.key()
		r.chars = int(d.uvarint())
		nfp := d.uvarint()
		if d.err == nil && nfp > uint64(len(d.p)) {
			d.err = errors.New("fingerprint count out of range")
		}
		var h uint32
		for i := uint64(0); i < nfp && d.err == nil; i++ {
			h += uint32(d.uvarint())
			r.fps = append(r.fps, h)
		}
	default:
		return fmt.Errorf("unknown record %q", r.op)
	}
	if d.err == nil && len(d.p) != 0 {
		d.err = errors.New("trailing bytes")
	}
	return d.err
}

// decodeLegacy fills r from a document record of format 1 or 2: id,
// characters and fingerprints; the signature (sigSize values) and the links
// are skipped.
func (r *record) decodeLegacy(p []byte, sigSize, version int) error {
	if len(p) == 0 || p[0] != 'D' {
		return errors.New("not a document record")
	}
	r.op, r.key = 'D', Key{}
	d := decoder{p: p[1:]}
	r.id = d.str()
	r.chars = int(d.uvarint())
	nfp := d.uvarint()
	if d.err == nil && nfp > uint64(len(d.p)) {
		d.err = errors.New("fingerprint count out of range")
	}
	r.fps = r.fps[:0]
	var h uint32
	for i := uint64(0); i < nfp && d.err == nil; i++ {
		h += uint32(d.uvarint())
		r.fps = append(r.fps, h)
	}
	if nfp > 0 && d.err == nil {
		if version < 2 && len(d.p) != 4*sigSize || len(d.p) < 4*sigSize {
			return fmt.Errorf("signature of %d bytes, want %d", len(d.p), 4*sigSize)
		}
		d.p = d.p[4*sigSize:]
	}
	if version >= 2 {
		nl := d.uvarint()
		if d.err == nil && nl > uint64(len(d.p)) {
			d.err = errors.New("link count out of range")
		}
		for i := uint64(0); i < nl && d.err == nil; i++ {
			d.uvarint()
		}
	}
	if d.err == nil && len(d.p) != 0 {
		d.err = errors.New("trailing bytes")
	}
	return d.err
}

type decoder struct {
	p   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.p)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.p = d.p[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.p)
	if n <= 0 {
		d.err = errors.New("bad varint")
		return 0
	}
	d.p = d.p[n:]
	return v
}

// str reads a uvarint length and that many bytes.
func (d *decoder) str() string {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.p)) {
		d.err = errors.New("record too short")
	}
	return string(d.bytes(int(n)))
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.p) {
		d.err = errors.New("record too short")
		return nil
	}
	b := d.p[:n]
	d.p = d.p[n:]
	return b
}
