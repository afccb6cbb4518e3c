package export

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestLibreOffice opens the workbook in a real spreadsheet program:
// LibreOffice converts every sheet to CSV, and a few values are checked in
// what it read.
func TestLibreOffice(t *testing.T) {
	soffice := findSoffice(t)
	reports, extras := fixtures(t)
	path := writeWorkbook(t, reports, extras, nil)
	out := t.TempDir()
	profile := t.TempDir() // a private profile: no clash with a running LibreOffice

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Field 44 (,), text delimiter 34 ("), UTF-8 (76), raw values, every
	// sheet (-1) to its own file named stats-<sheet>.csv.
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--convert-to",
		"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
		"--outdir", out, path)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}

	read := func(sheet string) [][]string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "stats-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice did not write sheet %s: %v\n%s", sheet, err, msg)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), bom))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		return recs
	}
	for _, s := range sheets {
		recs := read(s.name)
		if len(recs) == 0 || recs[0][0] != s.cols[0].header {
			t.Errorf("LibreOffice read sheet %s with header %v", s.name, recs)
		}
	}

	tests := []struct {
		name     string
		sheet    string
		row, col int // 0-based, row 0 is the header
		want     string
	}{
		{"id", "报告", 1, 0, "a1b2c3d4e5f60718"},
		{"neutralised title stays text", "报告", 1, 6, "'=2023年度人大代表履职报告"},
		{"integer", "报告", 1, 14, "9"},
		{"copy ratio as percent", "报告", 1, 24, "41.23%"},
		{"empty cell", "报告", 2, 2, ""},
		{"neutralised evidence", "活动", 2, 10, "'- 参加镇人大组织的视察活动**次。"},
		{"deputy suggestions", "代表对比", 2, 5, "11"},
		{"deputy research", "代表对比", 2, 9, "4"},
		{"deputy training", "代表对比", 2, 13, "5"},
		{"notes time", "说明", 1, 1, "2026-11-23 09:30:00 +08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := read(tt.sheet)
			if tt.row >= len(recs) || tt.col >= len(recs[tt.row]) {
				t.Fatalf("%s has no cell (%d,%d): %v", tt.sheet, tt.row, tt.col, recs)
			}
			if got := recs[tt.row][tt.col]; got != tt.want {
				t.Errorf("%s (%d,%d) = %q, want %q", tt.sheet, tt.row, tt.col, got, tt.want)
			}
		})
	}
}
