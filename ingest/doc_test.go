package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"lvzhi/ingest/ingesttest"
)

// TestReadLegacy reads .doc, .wps and .rtf files, those the builders make
// and those LibreOffice wrote (testdata/legacy), against texts written by
// hand.
func TestReadLegacy(t *testing.T) {
	want1 := strings.TrimSuffix(string(fixture(t, "legacy/report1.want.txt")), "\n")
	want2 := strings.TrimSuffix(string(fixture(t, "legacy/report2.want.txt")), "\n")
	tests := []struct {
		file   string
		format string
		want   string
	}{
		{"gen/report.doc", FormatDoc, docWant},
		{"gen/report-utf16.doc", FormatDoc, docWant},
		{"gen/report.wps", FormatWPS, docWant},
		{"gen/report.rtf", FormatRTF, docWant},
		{"gen/report-unicode.rtf", FormatRTF, docWant},
		{"legacy/report1.doc", FormatDoc, want1},
		{"legacy/report1.rtf", FormatRTF, want1},
		{"legacy/report2.doc", FormatDoc, want2},
		{"legacy/report2.wps", FormatWPS, want2},
		{"legacy/report2.rtf", FormatRTF, want2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := readFixture(t, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format || f.Encoding != "" {
				t.Errorf("format/encoding = %s/%q, want %s/\"\"", f.Format, f.Encoding, tt.format)
			}
			if len(f.Docs) != 1 {
				t.Fatalf("%d documents, want 1", len(f.Docs))
			}
			if got := f.Docs[0].Text; got != tt.want {
				t.Errorf("text differs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestLegacySameText: one report saved as .docx, .doc (both piece kinds or
// UTF-16 only) and .rtf (GBK bytes or \uN) reads to one text, so that it is
// one document with several provenances.
func TestLegacySameText(t *testing.T) {
	files := map[string][]byte{
		"a.docx":       ingesttest.Docx(docxParas, ingesttest.DocxOptions{SplitRuns: 5}),
		"a.doc":        ingesttest.Doc(docxParas, ingesttest.DocOptions{}),
		"a-utf16.doc":  ingesttest.Doc(docxParas, ingesttest.DocOptions{UTF16Only: true}),
		"a.rtf":        ingesttest.RTF(docxParas, ingesttest.RTFOptions{}),
		"a-ucode.rtf":  ingesttest.RTF(docxParas, ingesttest.RTFOptions{Unicode: true}),
		"a-as-doc.wps": ingesttest.Doc(docxParas, ingesttest.DocOptions{}),
	}
	for name, data := range files {
		f, err := ReadBytes(NamedSource(name, ""), data, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Docs[0].Text != docxWant {
			t.Errorf("%s: text differs:\n got %q\nwant %q", name, f.Docs[0].Text, docxWant)
		}
	}
}

// TestDocTitle reads the SummaryInformation title: GBK (code page 936) as
// the builder writes it, and LibreOffice's.
func TestDocTitle(t *testing.T) {
	for file, want := range map[string]string{
		"gen/report.doc":       "2023年度县人大代表履职报告",
		"gen/report-utf16.doc": "",
		"legacy/report1.doc":   "罗建平2022年度履职报告",
	} {
		x, err := readDoc(unbudgeted(), fixture(t, file), ".doc")
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if x.title != want {
			t.Errorf("%s: title %q, want %q", file, x.title, want)
		}
	}
	x, err := readRTF(unbudgeted(), fixture(t, "legacy/report1.rtf"))
	if err != nil || x.title != "罗建平2022年度履职报告" {
		t.Errorf("report1.rtf: title %q (%v), want the Unicode title of \\upr", x.title, err)
	}
}

// docLayout locates the streams of a file made by ingesttest.Doc: the
// WordDocument stream starts at the first sector (file offset 512), the
// 1Table stream right after it.
func docLayout(tb testing.TB, doc []byte) (word, table int) {
	tb.Helper()
	le := binary.LittleEndian
	word = 512
	cbMac := int(le.Uint32(doc[word+0x40:]))      // the WordDocument stream's length
	table = word + (max(cbMac, 4096)+511)/512*512 // streams under 4096 bytes are padded to it
	return word, table
}

// TestDocCorrupt: a cut, flipped or inconsistent .doc gets a clear error
// naming the file (or, where the damage misses the text, reads), never a
// panic, and never costs much more memory than the file's size.
func TestDocCorrupt(t *testing.T) {
	doc := ingesttest.Doc(docParas, ingesttest.DocOptions{Title: "标题"})
	le := binary.LittleEndian
	word, table := docLayout(t, doc)
	fcClx := int(le.Uint32(doc[word+0x9A+8*33:]))
	lcbClx := int(le.Uint32(doc[word+0x9A+8*33+4:]))
	clx := table + fcClx

	set32 := func(off int, v uint32) []byte {
		b := bytes.Clone(doc)
		le.PutUint32(b[off:], v)
		return b
	}
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"lcbClx past the table stream", set32(word+0x9A+8*33+4, 0x7FFFFFF0), "片段表（CLX）超出 Table 流"},
		{"fcClx past the table stream", set32(word+0x9A+8*33, 0xFFFFFF00), "片段表（CLX）超出 Table 流"},
		{"piece table longer than the CLX", set32(clx+1, 0x40000000), "超出 CLX"},
		{"piece outside the stream", set32(clx+5+4*(lcbClx/12+1)+2, 0x3FFFFFF0), "指向 WordDocument 流之外"},
		{"ccpText beyond the pieces", set32(word+0x4C, 1<<30), "超出片段表"},
		{"CPs not increasing", set32(clx+5+8, 1), "字符位置不连续"},
		{"pieces repeating the same bytes", repeatedPieces(t, doc), "超出 WordDocument 流"},
		{"no FIB", func() []byte { b := bytes.Clone(doc); copy(b[word:], make([]byte, 0x40)); return b }(), "不是 Word 文档"},
		{"unknown CLX record", func() []byte { b := bytes.Clone(doc); b[clx] = 7; return b }(), "未知记录"},
		{"cbRgFcLcb too small", func() []byte { b := bytes.Clone(doc); le.PutUint16(b[word+0x98:], 10); return b }(), "FIB）不完整"},
		{"stream larger than the file", func() []byte {
			b := bytes.Clone(doc)
			// The directory sits after the data sectors; find the
			// WordDocument entry by its name and give it a huge size.
			name := []byte("W\x00o\x00r\x00d\x00D\x00o\x00c\x00")
			i := bytes.Index(b, name)
			le.PutUint32(b[i+120:], 0x7FFFFFFF)
			return b
		}(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := NamedSource("x.doc", "")
			f, err := boundedRead(t, src, tt.data)
			if err == nil {
				t.Fatalf("read %q, want an error", f.Docs[0].Text)
			}
			checkRead(t, src, f, err)
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not say %q", err, tt.reason)
			}
		})
	}

	// Cut at many lengths; flip the bytes of the FIB and the CLX one by
	// one, to 0x00 and to 0xFF.
	src := NamedSource("x.doc", "")
	for n := 0; n < len(doc); n += 61 {
		f, err := boundedRead(t, src, doc[:n])
		checkRead(t, src, f, err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	reads := 0
	regions := [][2]int{{word, word + 0x384}, {clx, clx + lcbClx}}
	for _, r := range regions {
		for off := r[0]; off < r[1]; off++ {
			for _, v := range []byte{0x00, 0xFF, doc[off] ^ 0x55} {
				b := bytes.Clone(doc)
				b[off] = v
				f, err := ReadBytes(src, b, Options{})
				checkRead(t, src, f, err)
				reads++
			}
		}
	}
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(reads)*uint64(16*len(doc)+1<<20); got > limit && !raceEnabled {
		t.Errorf("%d reads of flipped files allocated %d bytes (limit %d)", reads, got, limit)
	}
}

// repeatedPieces rewrites the piece table of a file made by
// ingesttest.Doc so that its 1Table stream's room holds as many pieces as
// fit, every one covering the whole text bytes again: a file that would
// expand quadratically if the reader trusted ccpText.
func repeatedPieces(tb testing.TB, doc []byte) []byte {
	tb.Helper()
	le := binary.LittleEndian
	b := bytes.Clone(doc)
	word, table := docLayout(tb, b)
	fcClx := int(le.Uint32(b[word+0x9A+8*33:]))
	clx := table + fcClx
	room := 4096 - fcClx - 5 // the table stream is padded to 4096 bytes
	n := (room - 4) / 12
	const span = 0x300 // bytes of compressed text each piece claims, at the text start
	le.PutUint32(b[clx+1:], uint32(4*(n+1)+8*n))
	for i := range n + 1 {
		le.PutUint32(b[clx+5+4*i:], uint32(i*span))
	}
	for i := range n {
		pcd := b[clx+5+4*(n+1)+8*i:]
		le.PutUint16(pcd, 0)
		le.PutUint32(pcd[2:], 0x400*2|1<<30)
		le.PutUint16(pcd[6:], 0)
	}
	le.PutUint32(b[word+0x9A+8*33+4:], uint32(5+4*(n+1)+8*n)) // lcbClx
	le.PutUint32(b[word+0x4C:], uint32(n*span))               // ccpText
	return b
}

// boundedRead reads data and fails the test when reading allocated more
// than 16 times the input plus 1 MiB.
func boundedRead(tb testing.TB, src Source, data []byte) (*File, error) {
	tb.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f, err := ReadBytes(src, data, Options{})
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(16*len(data)+1<<20); got > limit && !raceEnabled {
		tb.Errorf("reading %d bytes allocated %d bytes (limit %d)", len(data), got, limit)
	}
	return f, err
}

// TestDocStructure checks the text a .doc yields for the constructs of the
// format, one paragraph list per case, against hand-written text (before
// cleaning and normalisation).
func TestDocStructure(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  string
	}{
		{"paragraphs", []string{"第一段", "第二段"}, "第一段\n第二段"},
		{"field result kept", []string{"见[[field:HYPERLINK \"http://x.cn\"]]网站"}, "见网站"},
		{"page field", []string{"第[[field:PAGE]]页"}, "第1页"},
		{"page break", []string{"甲[[page]]乙"}, "甲\f乙"},
		{"line break", []string{"甲[[br]]乙"}, "甲\n乙"},
		{"hidden", []string{"甲[[hidden:秘密]]乙"}, "甲乙"},
		{"table with an empty cell", []string{"|活动|次数|", "|视察||", "|||", "|调研|2|"}, "活动\t次数\n视察\n\n调研\t2"},
		{"table between paragraphs", []string{"前", "|a|b|", "后"}, "前\na\tb\n后"},
		{"latin and cp1252", []string{"Café “quoted” – 2023 € ™"}, "Café “quoted” – 2023 € ™"},
		{"outside the BMP", []string{"何𬌗"}, "何𬌗"},
		{"tab", []string{"甲\t乙"}, "甲\t乙"},
	}
	for _, tt := range tests {
		for _, utf16only := range []bool{false, true} {
			d := ingesttest.Doc(tt.paras, ingesttest.DocOptions{UTF16Only: utf16only})
			x, err := readDoc(unbudgeted(), d, ".doc")
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if x.text != tt.want {
				t.Errorf("%s (UTF-16 only %v): got %q, want %q", tt.name, utf16only, x.text, tt.want)
			}
		}
	}
}

// TestDocNestedFields: a field inside a field's instruction is dropped
// with it; a field inside a result keeps its own result. The text stream
// is written by hand through the builder's raw characters.
func TestDocNestedFields(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"甲\x13 IF \x13 PAGE \x141\x15 = 1 \x14是\x15乙", "甲是乙"},
		{"甲\x13 HYPERLINK x \x14前\x13 PAGE \x142\x15后\x15乙", "甲前2后乙"},
		{"甲\x13 未分隔的字段\x15乙", "甲乙"},
		{"甲\x15乙\x14丙", "甲乙丙"}, // stray marks
	} {
		d := ingesttest.Doc([]string{tt.in}, ingesttest.DocOptions{})
		x, err := readDoc(unbudgeted(), d, ".doc")
		if err != nil {
			t.Fatal(err)
		}
		if x.text != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, x.text, tt.want)
		}
	}
}

// findSoffice returns LibreOffice's command, or skips the test when it is
// not installed, unless LVZHI_REQUIRE_SOFFICE is set (CI sets it).
func findSoffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("LVZHI_REQUIRE_SOFFICE") != "" {
		t.Fatal("LVZHI_REQUIRE_SOFFICE is set but neither soffice nor libreoffice is on PATH (apt-get install libreoffice-writer-nogui)")
	}
	t.Skip("LibreOffice (soffice) is not on PATH: skipping the real-client test; set LVZHI_REQUIRE_SOFFICE=1 to make this a failure")
	return ""
}

// convert runs soffice --convert-to on files in a temporary directory.
func convert(t *testing.T, soffice, to, outdir string, files ...string) {
	t.Helper()
	profile := t.TempDir() // a private profile: no clash with a running LibreOffice
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--convert-to", to, "--outdir", outdir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		ext, _, _ := strings.Cut(to, ":")
		if _, err := os.Stat(filepath.Join(outdir, base+"."+ext)); err != nil {
			t.Fatalf("soffice wrote no %s for %s (is LibreOffice Writer, libreoffice-writer-nogui, installed?)\n%s", ext, f, msg)
		}
	}
}

// TestSofficeLegacy converts a report of ours to .doc and .rtf with
// LibreOffice and reads them back, and has LibreOffice read the .doc and
// .rtf the builders write (converting them to text), which proves the
// builders write real files.
func TestSofficeLegacy(t *testing.T) {
	soffice := findSoffice(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "report1.fodt")
	if err := os.WriteFile(src, fixture(t, "legacy/report1.fodt"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	convert(t, soffice, "doc", out, src)
	convert(t, soffice, "rtf", out, src)
	want := strings.TrimSuffix(string(fixture(t, "legacy/report1.want.txt")), "\n")
	for _, name := range []string{"report1.doc", "report1.rtf"} {
		f, err := Read(NamedSource(filepath.Join(out, name), ""), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Docs[0].Text != want {
			t.Errorf("%s: text differs:\n got %q\nwant %q", name, f.Docs[0].Text, want)
		}
	}

	// The builders' files, as LibreOffice reads them.
	built := filepath.Join(dir, "built")
	if err := os.MkdirAll(built, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"mixed.doc": ingesttest.Doc(docxParas, ingesttest.DocOptions{Title: "标题"}),
		"utf16.doc": ingesttest.Doc(docxParas, ingesttest.DocOptions{UTF16Only: true}),
		"gbk.rtf":   ingesttest.RTF(docxParas, ingesttest.RTFOptions{}),
		"ucode.rtf": ingesttest.RTF(docxParas, ingesttest.RTFOptions{Unicode: true}),
	} {
		if err := os.WriteFile(filepath.Join(built, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	txt := filepath.Join(dir, "txt")
	convert(t, soffice, "txt:Text (encoded):UTF8", txt,
		filepath.Join(built, "mixed.doc"), filepath.Join(built, "utf16.doc"), filepath.Join(built, "gbk.rtf"), filepath.Join(built, "ucode.rtf"))
	for _, name := range []string{"mixed", "utf16", "gbk", "ucode"} {
		b, err := os.ReadFile(filepath.Join(txt, name+".txt"))
		if err != nil {
			t.Fatalf("LibreOffice did not convert %s: %v", name, err)
		}
		got := string(b)
		// LibreOffice puts table cells on lines of their own and shows the
		// page field's result as it computes it; the paragraphs' text must
		// all be there.
		for _, line := range []string{"2023年度县人大代表履职报告", "各位选民：", "一、参加代表活动情况", "执法检查", "对建议办理情况跟踪不够，详见县人大网站。"} {
			if !strings.Contains(got, line) {
				t.Errorf("LibreOffice read %s without %q:\n%s", name, line, got)
			}
		}
		if strings.Contains(got, "HYPERLINK") {
			t.Errorf("LibreOffice read %s with a field instruction as text:\n%s", name, got)
		}
	}
}

func TestDocNotWord(t *testing.T) {
	sheet := ingesttest.Compound([]ingesttest.Stream{{Name: "Workbook", Data: []byte{0x09, 0x08}}})
	_, err := ReadBytes(NamedSource("表格.doc", ""), sheet, Options{})
	checkError(t, err, "表格.doc", ErrUnsupported, "这是 Excel 97-2003 文件（虽然名为 .doc），不是文字报告")
}

func TestDocErrorsNameTheFile(t *testing.T) {
	_, err := ReadBytes(NamedSource("材料/老文件.wps", ""), fixture(t, "gen/works.wps"), Options{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != "材料/老文件.wps" || !strings.HasPrefix(err.Error(), "材料/老文件.wps: ") {
		t.Fatalf("error %v does not name the file", err)
	}
}

// unbudgeted is a reading with the default budget and no caller's
// deadline, for tests of one reader.
func unbudgeted() *reading {
	rd, _ := newReading(context.Background(), Options{})
	return rd
}
