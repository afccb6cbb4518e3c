// This file is lvzhi's, not upstream's: tests of the changes listed in
// VENDORED.md that the hostile corpus of package ingest does not reach.

package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// objStmPDF builds a PDF 1.5 whose catalog, page tree and page live in an
// object stream (as Word writes PDFs), found through a cross-reference
// stream. extends, when set, is the object stream's /Extends; missing adds
// an xref entry for object 7 in the stream, which the stream lacks. It
// returns the file and the length of the object stream.
func objStmPDF(extends string, missing bool) ([]byte, int) {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	objs := []string{"<< /Type /Catalog /Pages 3 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", "<< /Type /Page /Parent 3 0 R /Contents 5 0 R >>"}
	var index, body strings.Builder
	for i, o := range objs {
		fmt.Fprintf(&index, "%d %d ", i+2, body.Len())
		body.WriteString(o + " ")
	}
	stm := index.String() + body.String()
	offsets := map[int]int{}
	offsets[1] = b.Len()
	fmt.Fprintf(&b, "1 0 obj\n<< /Type /ObjStm /N 3 /First %d%s /Length %d >>\nstream\n%s\nendstream\nendobj\n", index.Len(), extends, len(stm), stm)
	content := "BT (Hello) Tj ET"
	offsets[5] = b.Len()
	fmt.Fprintf(&b, "5 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)

	size := 7
	if missing {
		size = 8
	}
	var xref bytes.Buffer
	entry := func(typ byte, v2 uint32, v3 uint16) {
		xref.WriteByte(typ)
		binary.Write(&xref, binary.BigEndian, v2)
		binary.Write(&xref, binary.BigEndian, v3)
	}
	offsets[6] = b.Len()
	entry(0, 0, 65535)
	entry(1, uint32(offsets[1]), 0)
	for i := range objs {
		entry(2, 1, uint16(i))
	}
	entry(1, uint32(offsets[5]), 0)
	entry(1, uint32(offsets[6]), 0)
	if missing {
		entry(2, 1, 3)
	}
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n", size, xref.Len())
	b.Write(xref.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", offsets[6])
	return b.Bytes(), len(stm)
}

// TestObjectStream reads objects kept in an object stream: the stream is
// decoded once, however many objects are read from it.
func TestObjectStream(t *testing.T) {
	data, stmLen := objStmPDF("", false)
	var charged int64
	r, err := NewReaderLimits(bytes.NewReader(data), int64(len(data)), &Limits{Charge: func(n int64) error { charged += n; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := r.PageTree(10)
	if err != nil || len(pages) != 1 {
		t.Fatalf("PageTree = %d pages, %v", len(pages), err)
	}
	var shown []string
	Interpret(pages[0].V.Key("Contents"), func(stk *Stack, op string) {
		if op == "Tj" {
			shown = append(shown, stk.Pop().RawString())
		}
	})
	if strings.Join(shown, "") != "Hello" {
		t.Errorf("shown %q", shown)
	}
	if len(r.objStms) != 1 {
		t.Errorf("%d object streams decoded, want 1", len(r.objStms))
	}
	// The xref table's 7 entries, the xref stream (7 entries of 7 bytes),
	// the object stream once, and the content.
	if want := int64(7*xrefBytes + 7*7 + stmLen + len("BT (Hello) Tj ET")); charged != want {
		t.Errorf("%d bytes charged, want %d: the object stream was decoded again", charged, want)
	}
}

// TestObjectStreamLoops: an object stream that extends itself, asked for
// an object it lacks, ends with a panic (which package ingest turns into
// ErrCorrupt) instead of looping.
func TestObjectStreamLoops(t *testing.T) {
	data, _ := objStmPDF(" /Extends 1 0 R", true)
	r, err := NewReaderLimits(bytes.NewReader(data), int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "Extends chain") {
			t.Errorf("recovered %v, want the Extends chain to end", p)
		}
	}()
	r.resolve(objptr{}, objptr{7, 0})
}

// TestLimitsStop: what Check returns stops the reading, as a *StopError
// that passes through the library's own recovery of parse errors.
func TestLimitsStop(t *testing.T) {
	data, _ := objStmPDF("", false)
	stopHere := errors.New("stop here")
	calls := 0
	_, err := NewReaderLimits(bytes.NewReader(data), int64(len(data)), &Limits{Check: func() error {
		if calls++; calls > 1 {
			return stopHere
		}
		return nil
	}})
	var stop *StopError
	if !errors.As(err, &stop) || !errors.Is(err, stopHere) {
		t.Fatalf("err = %v, want a StopError wrapping the check's error", err)
	}

	r, err := NewReaderLimits(bytes.NewReader(data), int64(len(data)), &Limits{MaxStack: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		p := recover()
		e, ok := p.(error)
		if !ok || !errors.Is(e, ErrTooManyOperands) {
			t.Errorf("recovered %v, want ErrTooManyOperands", p)
		}
	}()
	Interpret(Value{r, objptr{}, array{}}, func(*Stack, string) {})
	Interpret(operands(r, 10), func(*Stack, string) {})
}

// operands is a stream Value of n operands and no operator, read from a
// reader of its own over the same limits.
func operands(r *Reader, n int) Value {
	data := []byte(strings.Repeat("1 ", n))
	sub := &Reader{f: bytes.NewReader(data), end: int64(len(data)), lim: r.lim}
	return Value{sub, objptr{}, stream{hdr: dict{"Length": int64(len(data))}, offset: 0}}
}

// TestHexStringAtEnd: a content stream that ends inside a hex string ends
// (upstream read '\n' at the end forever), after the operations before it.
func TestHexStringAtEnd(t *testing.T) {
	for _, end := range []string{"<4E2D", "<4E2", "< ", "<"} {
		data := []byte("<4E2D> Tj " + end)
		r := &Reader{f: bytes.NewReader(data), end: int64(len(data))}
		var ops []string
		Interpret(Value{r, objptr{}, stream{hdr: dict{"Length": int64(len(data))}, offset: 0}}, func(stk *Stack, op string) {
			ops = append(ops, fmt.Sprintf("%x %s", stk.Pop().RawString(), op))
		})
		if strings.Join(ops, ",") != "4e2d Tj" {
			t.Errorf("%q: operations %q", data, ops)
		}
	}
}

// TestXrefStreamSize: an xref stream that states a huge /Size is refused
// without allocating it.
func TestXrefStreamSize(t *testing.T) {
	data, _ := objStmPDF("", false)
	data = bytes.Replace(data, []byte("/Size 7"), []byte("/Size 2000000000"), 1)
	if _, err := NewReaderLimits(bytes.NewReader(data), int64(len(data)), nil); err == nil || !strings.Contains(err.Error(), "Size") {
		t.Errorf("err = %v, want the Size refused", err)
	}
}

// TestCmapRanges decodes through bfranges found by a search where they do
// not overlap, and by a scan where they do: the same text as the scan
// gives for every code.
func TestCmapRanges(t *testing.T) {
	str := func(s string) Value { return Value{nil, objptr{}, s} }
	two := func(c int) string { return string([]byte{byte(c >> 8), byte(c)}) }
	build := func(ranges ...bfrange) (*cmap, *cmap) {
		indexed := &cmap{bfrange: ranges}
		indexed.space[1] = []byteRange{{"\x00\x00", "\xff\xff"}}
		indexed.index()
		scanned := &cmap{bfrange: ranges, space: indexed.space}
		return indexed, scanned
	}
	apart, apartScan := build(
		bfrange{two(0x30), two(0x3F), str("\x4e\x00")},
		bfrange{two(0x10), two(0x1F), str("\x00A")},
		bfrange{two(0x20), two(0x21), Value{nil, objptr{}, array{"\x4e\x2d", "\x56\xfd"}}},
	)
	if !apart.indexed[2] {
		t.Fatal("ranges apart are not indexed")
	}
	overlap, overlapScan := build(
		bfrange{two(0x10), two(0x30), str("\x00a")},
		bfrange{two(0x20), two(0x2F), str("\x00A")},
	)
	if overlap.indexed[2] {
		t.Fatal("overlapping ranges are indexed")
	}
	for _, pair := range [][2]*cmap{{apart, apartScan}, {overlap, overlapScan}} {
		for c := 0; c < 0x50; c++ {
			if got, want := pair[0].Decode(two(c)), pair[1].Decode(two(c)); got != want {
				t.Errorf("code %04X: %q, scanning gives %q", c, got, want)
			}
		}
	}
	if got := apart.Decode(two(0x15) + two(0x21) + two(0x31)); got != "F国丁" {
		t.Errorf("Decode = %q, want %q", got, "F国丁")
	}
}

// TestDictEncoder: a /Differences array read once into a table decodes as
// the scan did, the first name of a code winning.
func TestDictEncoder(t *testing.T) {
	diffs := Value{nil, objptr{}, array{int64(65), name("B"), name("C"), int64(66), name("Z"), int64(300), name("D")}}
	if got := newDictEncoder(diffs).Decode("ABCD"); got != "BCCD" {
		t.Errorf("Decode = %q, want BCCD", got)
	}
}
