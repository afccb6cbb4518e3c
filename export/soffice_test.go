package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// findSoffice returns LibreOffice's command, or skips the test when it is
// not installed, unless LVZHI_REQUIRE_SOFFICE is set (CI sets it), in
// which case a missing LibreOffice fails the test.
func findSoffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("LVZHI_REQUIRE_SOFFICE") != "" {
		t.Fatal("LVZHI_REQUIRE_SOFFICE is set but neither soffice nor libreoffice is on PATH (apt-get install libreoffice-calc-nogui)")
	}
	t.Skip("LibreOffice (soffice) is not on PATH: skipping the real-client test; set LVZHI_REQUIRE_SOFFICE=1 to make this a failure")
	return ""
}

// runSoffice converts files with LibreOffice into out, with a private
// profile (no clash with a running LibreOffice).
func runSoffice(t *testing.T, soffice, convertTo, out string, files ...string) string {
	t.Helper()
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile),
		"--headless", "--convert-to", convertTo, "--outdir", out}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	return string(msg)
}

// TestLibreOffice opens the workbook in a real spreadsheet program:
// LibreOffice converts every sheet to CSV, and every cell it read is
// compared with the cell as written (read back with excelize).
func TestLibreOffice(t *testing.T) {
	soffice := findSoffice(t)
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, handComparison(t), nil)
	out := t.TempDir()
	// Field 44 (,), text delimiter 34 ("), UTF-8 (76), raw values, every
	// sheet (-1) to its own file named stats-<sheet>.csv.
	msg := runSoffice(t, soffice, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", out, path)
	f := openWorkbook(t, path)

	read := func(sheet string) [][]string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "stats-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice did not write sheet %s: %v\n%s", sheet, err, msg)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), bom)))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		return recs
	}
	for _, sheet := range wantSheets {
		t.Run(sheet, func(t *testing.T) {
			lo := read(sheet)
			ours, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(lo) != len(ours) {
				t.Errorf("LibreOffice read %d rows, the workbook has %d", len(lo), len(ours))
			}
			cells := 0
			for r := range min(len(lo), len(ours)) {
				for c := range max(len(lo[r]), len(ours[r])) {
					var got, want string
					if c < len(lo[r]) {
						got = lo[r][c]
					}
					if c < len(ours[r]) {
						want = ours[r][c]
					}
					if want != "" {
						cells++
					}
					if !sameCell(got, want) {
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						t.Errorf("%s!%s: LibreOffice read %q, written %q", sheet, ref, got, want)
					}
				}
			}
			if cells == 0 {
				t.Error("no cell compared")
			}
		})
	}
	// A few cells by hand, as an analyst sees them.
	tests := []struct {
		sheet    string
		row, col int // 0-based, row 0 is the header
		want     string
	}{
		{"报告", 1, slices.Index(tables[idReports].heads, "标题"), "'=2023年度人大代表履职报告"},
		{"报告", 1, slices.Index(tables[idReports].heads, "复制比"), "41.23%"},
		{"活动", 1, slices.Index(tables[idActivities].heads, "原文"), "一、参加调研活动3次，围绕农村饮水安全提出意见建议9条。"},
		{"代表对比", 2, slices.Index(tables[idDeputies].heads, "调研"), "5"},
		{"年度趋势", 3, slices.Index(tables[idTrend].heads, "建议增减"), "-5"},
		{"说明", 4, 1, "2026-11-23 09:30:00 +08:00"},
	}
	for _, tt := range tests {
		recs := read(tt.sheet)
		if got := recs[tt.row][tt.col]; got != tt.want {
			t.Errorf("%s (%d,%d) = %q, want %q", tt.sheet, tt.row, tt.col, got, tt.want)
		}
	}
}

// sameCell compares what LibreOffice read with what was written: the same
// text, or the same number (LibreOffice writes a percentage with its %).
func sameCell(lo, ours string) bool {
	if lo == ours {
		return true
	}
	x, err := strconv.ParseFloat(ours, 64)
	if err != nil {
		return false
	}
	scale := 1.0
	if s, ok := strings.CutSuffix(lo, "%"); ok {
		lo, scale = s, 100
	}
	y, err := strconv.ParseFloat(lo, 64)
	return err == nil && math.Abs(x*scale-y) < 1e-9*math.Max(1, math.Abs(y))
}

// TestPrint prints workbooks to PDF with LibreOffice and counts the pages
// of each sheet (LibreOffice's PDF has an outline entry per sheet pointing
// at its first page). The fixtures' sheets are each short enough for one
// page: a sheet on more pages than that was split across its width. The
// sample-sized workbook (the bundled sample corpus) must print on a
// reasonable number of pages: 75 before the print setup of issue 11.
func TestPrint(t *testing.T) {
	soffice := findSoffice(t)
	dir := t.TempDir()
	reports, extras := fixtures(t)
	small := filepath.Join(dir, "small.xlsx")
	copyFile(t, writeWorkbook(t, reports, extras, handComparison(t), nil), small)
	sample := filepath.Join(dir, "sample.xlsx")
	sr := sampleReports(t)
	se := sampleExtras(sr)
	copyFile(t, writeWorkbook(t, sr, se, testComparison(sr, se), nil), sample)
	runSoffice(t, soffice, "pdf", dir, small, sample)
	if keep := os.Getenv("LVZHI_KEEP_PDF"); keep != "" {
		// For a person to look at: LVZHI_KEEP_PDF=DIR keeps both PDFs.
		for _, name := range []string{"small.pdf", "sample.pdf", "small.xlsx", "sample.xlsx"} {
			copyFile(t, filepath.Join(dir, name), filepath.Join(keep, name))
		}
	}

	t.Run("each sheet fits its width", func(t *testing.T) {
		doc := readPDF(t, filepath.Join(dir, "small.pdf"))
		pages := doc.sheetPages(t)
		for _, s := range wantSheets {
			want := 1
			if s == summarySheet {
				// Six sections, a page break where the next would not fit:
				// regions and years (with their charts) on page 1, levels
				// and copy ratios on page 2, points and outliers on page 3.
				want = 3
			}
			if pages[s] != want {
				t.Errorf("%s prints on %d pages, want %d", s, pages[s], want)
			}
		}
		doc.checkOrientation(t)
	})
	t.Run("sample", func(t *testing.T) {
		doc := readPDF(t, filepath.Join(dir, "sample.pdf"))
		pages := doc.sheetPages(t)
		t.Logf("sample workbook: %d pages: %v", len(doc.pages), pages)
		// 60 pages before the review marks filled the 需复核 columns
		// (one reason per doubtful value, wrapped).
		if len(doc.pages) > 64 {
			t.Errorf("the sample prints on %d pages, want at most 64", len(doc.pages))
		}
		if pages["说明"] != 1 || pages["代表对比"] != 1 {
			t.Errorf("说明 on %d pages, 代表对比 on %d: want one each (26 deputies)", pages["说明"], pages["代表对比"])
		}
		doc.checkOrientation(t)
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// pdfDoc is what the print tests need of a PDF: its pages in order, their
// sizes, and the outline's entries with the page each points at. It reads
// the uncompressed object syntax LibreOffice writes (no object streams).
type pdfDoc struct {
	objs    map[int]string // object number → its dictionary
	pages   []int          // page objects in page order
	sizes   map[int][2]float64
	outline []outlineEntry
}

type outlineEntry struct {
	title string
	page  int // 0-based page index
}

var (
	objRE   = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)\s*(?:stream|endobj)`)
	refRE   = regexp.MustCompile(`(\d+) 0 R`)
	boxRE   = regexp.MustCompile(`/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]`)
	titleRE = regexp.MustCompile(`/Title\s*<([0-9A-Fa-f]+)>`)
	destRE  = regexp.MustCompile(`/Dest\s*\[\s*(\d+) 0 R`)
)

func readPDF(t *testing.T, path string) *pdfDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := &pdfDoc{objs: map[int]string{}, sizes: map[int][2]float64{}}
	for _, m := range objRE.FindAllSubmatch(b, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		d.objs[n] = string(m[2])
	}
	root := -1
	for n, o := range d.objs {
		if strings.Contains(o, "/Type/Catalog") || strings.Contains(o, "/Type /Catalog") {
			root = n
		}
	}
	if root < 0 {
		t.Fatalf("%s: no catalog", path)
	}
	d.walkPages(t, d.ref(t, d.objs[root], "/Pages"), nil)
	index := map[int]int{}
	for i, p := range d.pages {
		index[p] = i
	}
	if o, ok := d.refOK(d.objs[root], "/Outlines"); ok {
		for item, ok := d.refOK(d.objs[o], "/First"); ok; item, ok = d.refOK(d.objs[item], "/Next") {
			title := titleRE.FindStringSubmatch(d.objs[item])
			dest := destRE.FindStringSubmatch(d.objs[item])
			if title == nil || dest == nil {
				t.Fatalf("outline item %d: %q", item, d.objs[item])
			}
			p, _ := strconv.Atoi(dest[1])
			d.outline = append(d.outline, outlineEntry{title: utf16BE(t, title[1]), page: index[p]})
		}
	}
	if len(d.pages) == 0 {
		t.Fatalf("%s: no pages", path)
	}
	return d
}

// walkPages visits the page tree in order; box is the inherited MediaBox.
func (d *pdfDoc) walkPages(t *testing.T, n int, box []string) {
	t.Helper()
	o := d.objs[n]
	if m := boxRE.FindStringSubmatch(o); m != nil {
		box = m[1:]
	}
	if !strings.Contains(o, "/Kids") {
		if box == nil {
			t.Fatalf("page %d has no MediaBox", n)
		}
		var v [4]float64
		for i, s := range box {
			v[i], _ = strconv.ParseFloat(s, 64)
		}
		d.sizes[n] = [2]float64{v[2] - v[0], v[3] - v[1]}
		d.pages = append(d.pages, n)
		return
	}
	kids := o[strings.Index(o, "/Kids"):]
	kids = kids[:strings.Index(kids, "]")]
	for _, m := range refRE.FindAllStringSubmatch(kids, -1) {
		k, _ := strconv.Atoi(m[1])
		d.walkPages(t, k, box)
	}
}

func (d *pdfDoc) refOK(obj, key string) (int, bool) {
	i := strings.Index(obj, key)
	if i < 0 {
		return 0, false
	}
	m := refRE.FindStringSubmatch(obj[i+len(key):])
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	return n, true
}

func (d *pdfDoc) ref(t *testing.T, obj, key string) int {
	t.Helper()
	n, ok := d.refOK(obj, key)
	if !ok {
		t.Fatalf("no %s in %q", key, obj)
	}
	return n
}

func utf16BE(t *testing.T, h string) string {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil || len(b)%2 != 0 {
		t.Fatalf("title %q", h)
	}
	b = bytes.TrimPrefix(b, []byte{0xFE, 0xFF})
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// sheetPages counts the pages of each sheet from the outline, checking
// that every sheet is there, in workbook order.
func (d *pdfDoc) sheetPages(t *testing.T) map[string]int {
	t.Helper()
	var titles []string
	for _, e := range d.outline {
		titles = append(titles, e.title)
	}
	if !slices.Equal(titles, wantSheets) {
		t.Fatalf("PDF outline %v, want the sheets %v", titles, wantSheets)
	}
	pages := map[string]int{}
	for i, e := range d.outline {
		end := len(d.pages)
		if i+1 < len(d.outline) {
			end = d.outline[i+1].page
		}
		pages[e.title] = end - e.page
	}
	return pages
}

// checkOrientation: each page is landscape exactly when its sheet was set
// to print landscape.
func (d *pdfDoc) checkOrientation(t *testing.T) {
	t.Helper()
	for i, e := range d.outline {
		land := false
		for _, id := range sheetTables {
			if tables[id].name == e.title {
				land = tables[id].landscape()
			}
		}
		end := len(d.pages)
		if i+1 < len(d.outline) {
			end = d.outline[i+1].page
		}
		for p := e.page; p < end; p++ {
			s := d.sizes[d.pages[p]]
			if got := s[0] > s[1]; got != land {
				t.Errorf("%s page %d is %s, want landscape=%v", e.title, p+1, fmt.Sprint(s), land)
			}
		}
	}
}
