package store

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRecordRoundTrip(t *testing.T) {
	tests := []struct {
		name        string
		head        []byte
		value       string
		compressMin int
		format      byte
	}{
		{"short stays plain", nil, "代表联络站", defaultCompressMin, formatJSON},
		{"long report compressed", nil, reportText(1, 3000), defaultCompressMin, formatFlate},
		{"compression off", nil, reportText(1, 3000), 0, formatJSON},
		{"base64 compresses by a quarter", nil, base64.StdEncoding.EncodeToString(randomBytes(3000)), defaultCompressMin, formatFlate},
		{"head kept", analysisHead(7, "duty_report"), reportText(2, 2000), defaultCompressMin, formatFlate},
		{"head with short body", []byte{1, 2, 3}, "", defaultCompressMin, formatJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := encodeRecord(tt.head, tt.value, tt.compressMin)
			if err != nil {
				t.Fatal(err)
			}
			format, head, _, err := splitRecord(rec)
			if err != nil || format != tt.format || !bytes.Equal(head, tt.head) {
				t.Errorf("splitRecord = format %d head %v, %v; want %d %v", format, head, err, tt.format, tt.head)
			}
			var got string
			if err := decodeRecord(rec, &got); err != nil || got != tt.value {
				t.Errorf("decodeRecord = %.20q…, %v", got, err)
			}
			if tt.format == formatFlate && len(rec) > len(tt.value)*7/8 {
				t.Errorf("compressed record %d bytes for %d bytes of text", len(rec), len(tt.value))
			}
		})
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

func TestFrameKeepsIncompressiblePlain(t *testing.T) {
	body := randomBytes(3000)
	rec := frame([]byte{7}, body, defaultCompressMin)
	if format, head, got, err := splitRecord(rec); err != nil || format != formatJSON || !bytes.Equal(head, []byte{7}) || !bytes.Equal(got, body) {
		t.Errorf("splitRecord = format %d, head %v, body equal %v, %v", format, head, bytes.Equal(got, body), err)
	}
}

func TestRecordCorrupt(t *testing.T) {
	good, _ := encodeRecord(nil, reportText(3, 2000), defaultCompressMin)
	var notJSON bytes.Buffer
	w, _ := flate.NewWriter(&notJSON, flate.BestSpeed)
	w.Write([]byte("不是 JSON"))
	w.Close()
	tests := []struct {
		name string
		rec  []byte
	}{
		{"nil", nil},
		{"format only", []byte{formatJSON}},
		{"unknown format", []byte{9, 0, '"', '"'}},
		{"head longer than record", []byte{formatJSON, 50, 'a'}},
		{"bad varint", []byte{formatJSON, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"plain not JSON", []byte{formatJSON, 0, '{'}},
		{"flate garbage", []byte{formatFlate, 0, 0xff, 0xfe, 0xfd}},
		{"flate of non-JSON", append([]byte{formatFlate, 0}, notJSON.Bytes()...)},
		{"truncated flate", good[:len(good)/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v string
			if err := decodeRecord(tt.rec, &v); !errors.Is(err, errCorrupt) {
				t.Errorf("decodeRecord = %v, want errCorrupt", err)
			}
		})
	}
}

func TestAnalysisHead(t *testing.T) {
	tests := []struct {
		version int
		kind    string
	}{
		{0, ""}, {1, "duty_report"}, {-3, "其他"}, {1 << 40, strings.Repeat("k", 300)},
	}
	for _, tt := range tests {
		rec := frame(analysisHead(tt.version, tt.kind), []byte("{}"), defaultCompressMin)
		v, k, err := parseAnalysisHead(rec)
		if err != nil || v != tt.version || k != tt.kind {
			t.Errorf("parseAnalysisHead = %d %q %v, want %d %q", v, k, err, tt.version, tt.kind)
		}
	}
	for _, bad := range [][]byte{frame(nil, []byte("{}"), 0), frame([]byte{2, 5, 'a'}, []byte("{}"), 0)} {
		if _, _, err := parseAnalysisHead(bad); !errors.Is(err, errCorrupt) {
			t.Errorf("parseAnalysisHead(%v) = %v, want errCorrupt", bad, err)
		}
	}
}

// FuzzRecord: any value round-trips whatever its size, and decoding
// arbitrary bytes fails cleanly or yields a value, never panics.
func FuzzRecord(f *testing.F) {
	f.Add([]byte{}, "", 512)
	f.Add([]byte{1, 2}, reportText(4, 1500), 64)
	f.Add(analysisHead(2, "essay"), "代表", 0)
	f.Add([]byte{formatFlate, 0, 0x4b, 0x04, 0x00}, "x", 1)
	f.Fuzz(func(t *testing.T, head []byte, value string, compressMin int) {
		rec, err := encodeRecord(head, value, compressMin)
		if err != nil {
			t.Fatal(err)
		}
		_, gotHead, _, err := splitRecord(rec)
		if err != nil || !bytes.Equal(gotHead, head) {
			t.Fatalf("head %v, %v; want %v", gotHead, err, head)
		}
		var got string
		if err := decodeRecord(rec, &got); err != nil {
			t.Fatal(err)
		}
		// JSON replaces invalid UTF-8 with U+FFFD; valid text must come back
		// as it was.
		if utf8.ValidString(value) && got != value || !utf8.ValidString(got) {
			t.Fatalf("round trip %q → %q", value, got)
		}
		var any interface{}
		_ = decodeRecord(head, &any) // arbitrary bytes as a record
		_, _, _ = parseAnalysisHead(head)
	})
}
