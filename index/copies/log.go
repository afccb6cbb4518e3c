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
// document. A frame that is cut short or fails its CRC ends the log: Open
// truncates the file there, so a process killed mid-write loses only the
// documents it had not synced.
//
// Header payload: 'H', "lvzhi-copies", then uvarints: format version, K,
// Window, MinHashSize, Bands — the parameters the stored values depend on —
// and (format 2) the linking rule the stored links were made with:
// BucketScan, NearDupJaccard and NearDupCover in thousandths.
//
// Document payload: 'D', uvarint id length, id, uvarint normalised
// characters, uvarint fingerprint count, the fingerprint values ascending as
// uvarint gaps, then (when there are fingerprints) the MinHash signature as
// MinHashSize little-endian uint32, then (format 2) uvarint link count and
// the earlier documents (uvarint numbers, in order of adding) that this one
// was united with when it was added, in the order the unions were made: Open
// replays them without comparing signatures.
//
// Format 1 (no links) and a log whose signature size, bands or linking rule
// differ from the options are upgraded on Open: the signatures are recomputed
// from the stored fingerprints, the documents relinked, and the log rewritten
// (a temporary file, fsynced, renamed over the old one). Only a change of K
// or Window, on which the fingerprints depend, needs the texts again.
const (
	logName       = "copies.log"
	logMagic      = "lvzhi-copies"
	formatVersion = 2
	frameHeader   = 8
	maxPayload    = 1 << 26
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
	version, k, window, minHash, bands int
	scan, jaccard, cover               int // format 2: the linking rule (thousandths)
}

func (h header) encode() []byte {
	b := append([]byte{'H'}, logMagic...)
	for _, v := range []int{h.version, h.k, h.window, h.minHash, h.bands, h.scan, h.jaccard, h.cover} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

func decodeHeader(p []byte) (header, error) {
	if len(p) < 1+len(logMagic) || p[0] != 'H' || string(p[1:1+len(logMagic)]) != logMagic {
		return header{}, errors.New("not a copies index (bad header)")
	}
	d := decoder{p: p[1+len(logMagic):]}
	h := header{version: int(d.uvarint()), k: int(d.uvarint()), window: int(d.uvarint()), minHash: int(d.uvarint()), bands: int(d.uvarint())}
	if h.version >= 2 {
		h.scan, h.jaccard, h.cover = int(d.uvarint()), int(d.uvarint()), int(d.uvarint())
	}
	if d.err == nil && h.version > formatVersion {
		return h, fmt.Errorf("format %d is newer than this program's (%d)", h.version, formatVersion)
	}
	return h, d.err
}

// docRecord is one document as stored.
type docRecord struct {
	id    string
	chars int
	fps   []uint32 // distinct, ascending
	sig   []uint32 // nil when fps is empty
	links []uint32 // documents united with when added (format 2)
}

func (r *docRecord) encode(b []byte) []byte {
	b = append(b[:0], 'D')
	b = binary.AppendUvarint(b, uint64(len(r.id)))
	b = append(b, r.id...)
	b = binary.AppendUvarint(b, uint64(r.chars))
	b = binary.AppendUvarint(b, uint64(len(r.fps)))
	var prev uint32
	for _, h := range r.fps {
		b = binary.AppendUvarint(b, uint64(h-prev))
		prev = h
	}
	if len(r.fps) > 0 {
		for _, v := range r.sig {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.links)))
	for _, l := range r.links {
		b = binary.AppendUvarint(b, uint64(l))
	}
	return b
}

// decode fills r from p, reusing r's slices; sigSize is the signature length
// and version the log's format (links are read from format 2).
func (r *docRecord) decode(p []byte, sigSize, version int) error {
	if len(p) == 0 || p[0] != 'D' {
		return errors.New("not a document record")
	}
	d := decoder{p: p[1:]}
	n := d.uvarint()
	r.id = string(d.bytes(int(n)))
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
	r.sig = r.sig[:0]
	if nfp > 0 && d.err == nil {
		if version < 2 && len(d.p) != 4*sigSize || len(d.p) < 4*sigSize {
			return fmt.Errorf("signature of %d bytes, want %d", len(d.p), 4*sigSize)
		}
		for i := range sigSize {
			r.sig = append(r.sig, binary.LittleEndian.Uint32(d.p[4*i:]))
		}
		d.p = d.p[4*sigSize:]
	}
	r.links = r.links[:0]
	if version >= 2 {
		nl := d.uvarint()
		if d.err == nil && nl > uint64(len(d.p)) {
			d.err = errors.New("link count out of range")
		}
		for i := uint64(0); i < nl && d.err == nil; i++ {
			r.links = append(r.links, uint32(d.uvarint()))
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
