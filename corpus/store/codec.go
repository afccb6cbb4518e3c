package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Every value in the store is a record:
//
//	format byte | uvarint len(head) | head | body
//
// body is JSON, or JSON compressed with DEFLATE when format is
// formatFlate. head is a few uncompressed bytes that can be read without
// decoding the body (the analysis version and kind); most records have none.
const (
	formatJSON  byte = 0
	formatFlate byte = 1
)

// defaultCompressMin is the body size from which compression is tried.
// Measured on duty reports of 3-9 KB: DEFLATE at BestSpeed halves the text
// (ratio 0.50-0.54) at about 170 MB/s and inflates at about 200 MB/s, far
// faster than the extraction that produces a document; small records
// (origins, file records) do not shrink enough to be worth a format byte
// switch, so they stay plain.
const defaultCompressMin = 512

var errCorrupt = errors.New("记录格式无效")

var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid: no error
	return w
}}

var flateReaders = sync.Pool{New: func() any { return flate.NewReader(nil) }}

// inflated holds the buffers bodies are inflated into: a body lives only
// until it is unmarshalled, so the buffers are reused.
var inflated = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// encodeRecord marshals v as JSON behind head, compressing the JSON when it
// is at least compressMin bytes long and shrinks by an eighth or more.
// compressMin <= 0 turns compression off.
func encodeRecord(head []byte, v any, compressMin int) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return frame(head, body, compressMin), nil
}

func frame(head, body []byte, compressMin int) []byte {
	var hdr [1 + binary.MaxVarintLen64]byte
	n := 1 + binary.PutUvarint(hdr[1:], uint64(len(head)))

	if compressMin > 0 && len(body) >= compressMin {
		var buf bytes.Buffer
		buf.Grow(n + len(head) + len(body)/2)
		hdr[0] = formatFlate
		buf.Write(hdr[:n])
		buf.Write(head)
		w := flateWriters.Get().(*flate.Writer)
		w.Reset(&buf)
		_, werr := w.Write(body) // writes to a bytes.Buffer cannot fail
		cerr := w.Close()
		flateWriters.Put(w)
		if werr == nil && cerr == nil && buf.Len()-n-len(head) <= len(body)-len(body)/8 {
			return buf.Bytes()
		}
	}
	out := make([]byte, 0, n+len(head)+len(body))
	hdr[0] = formatJSON
	out = append(out, hdr[:n]...)
	out = append(out, head...)
	return append(out, body...)
}

// splitRecord returns the head and the (still possibly compressed) body of
// a record without copying.
func splitRecord(rec []byte) (format byte, head, body []byte, err error) {
	if len(rec) < 2 {
		return 0, nil, nil, errCorrupt
	}
	format = rec[0]
	if format != formatJSON && format != formatFlate {
		return 0, nil, nil, fmt.Errorf("%w: unknown format %d", errCorrupt, format)
	}
	hl, n := binary.Uvarint(rec[1:])
	if n <= 0 || hl > uint64(len(rec)-1-n) {
		return 0, nil, nil, errCorrupt
	}
	start := 1 + n
	return format, rec[start : start+int(hl)], rec[start+int(hl):], nil
}

// maxBody bounds what one record may inflate to, so a damaged record cannot
// exhaust memory. No document comes near it (ingest caps file sizes far
// lower).
const maxBody = 256 << 20

// decodeRecord unmarshals the body of rec into v. rec may be memory owned by
// a bbolt transaction: nothing in v refers to it afterwards.
func decodeRecord(rec []byte, v any) error {
	format, _, body, err := splitRecord(rec)
	if err != nil {
		return err
	}
	if format == formatFlate {
		buf := inflated.Get().(*bytes.Buffer)
		defer func() {
			if buf.Cap() <= 1<<20 { // a huge one is not worth keeping
				inflated.Put(buf)
			}
		}()
		if err := inflate(buf, body); err != nil {
			return err
		}
		body = buf.Bytes()
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %v", errCorrupt, err)
	}
	return nil
}

// inflate decompresses c into buf (reset first).
func inflate(buf *bytes.Buffer, c []byte) error {
	r := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(c), nil); err != nil {
		return fmt.Errorf("%w: %v", errCorrupt, err)
	}
	buf.Reset()
	buf.Grow(3 * len(c))
	n, err := buf.ReadFrom(io.LimitReader(r, maxBody+1))
	if err != nil {
		return fmt.Errorf("%w: %v", errCorrupt, err)
	}
	if n > maxBody {
		return fmt.Errorf("%w: inflates beyond %d bytes", errCorrupt, maxBody)
	}
	return nil
}

// analysisHead is the head of an analysis record: the version and the kind,
// readable without decoding the analysis (Put compares versions, Stats
// counts kinds).
func analysisHead(version int, kind string) []byte {
	b := make([]byte, 0, 2*binary.MaxVarintLen64+len(kind))
	b = binary.AppendVarint(b, int64(version))
	b = binary.AppendUvarint(b, uint64(len(kind)))
	return append(b, kind...)
}

func parseAnalysisHead(rec []byte) (version int, kind string, err error) {
	_, head, _, err := splitRecord(rec)
	if err != nil {
		return 0, "", err
	}
	v, n := binary.Varint(head)
	if n <= 0 {
		return 0, "", errCorrupt
	}
	head = head[n:]
	kl, m := binary.Uvarint(head)
	if m <= 0 || kl != uint64(len(head)-m) {
		return 0, "", errCorrupt
	}
	return int(v), string(head[m:]), nil
}
