package export

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

func writeCSV(t *testing.T, reports []*corpus.Report, extras []Extra) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out") // NewCSV creates it
	c, err := NewCSV(dir)
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return fixedNow }
	for i, r := range reports {
		if err := c.Add(r, extras[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCSV(t *testing.T) {
	reports, extras := fixtures(t)
	// A title with every character CSV must quote.
	reports[1].Title = "标题,含逗号\"和引号\"\r\n第二行"
	dir := writeCSV(t, reports, extras)

	raw := func(sheet string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, sheet+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	records := func(sheet string) [][]string {
		t.Helper()
		s := raw(sheet)
		if !strings.HasPrefix(s, "\xEF\xBB\xBF") {
			t.Fatalf("%s.csv does not start with the UTF-8 BOM: % x", sheet, s[:min(len(s), 3)])
		}
		recs, err := csv.NewReader(strings.NewReader(s[3:])).ReadAll()
		if err != nil {
			t.Fatalf("%s.csv: %v", sheet, err)
		}
		return recs
	}

	t.Run("one file per sheet, same headers", func(t *testing.T) {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		var want []string
		for _, s := range sheets {
			want = append(want, s.name+".csv")
		}
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("files %v, want %v", names, want)
		}
		for _, s := range sheets {
			recs := records(s.name)
			var heads []string
			for _, c := range s.cols {
				heads = append(heads, c.header)
			}
			if !slices.Equal(recs[0], heads) {
				t.Errorf("%s.csv header %v, want %v", s.name, recs[0], heads)
			}
		}
	})

	t.Run("CRLF line ends", func(t *testing.T) {
		s := raw("报告")
		if !strings.HasPrefix(s, "\xEF\xBB\xBF文档编号,文件,") || !strings.Contains(s, "字数\r\n") {
			t.Errorf("报告.csv header line: %.80q", s)
		}
	})

	t.Run("values", func(t *testing.T) {
		tests := []struct {
			name     string
			sheet    string
			row, col int
			want     string
		}{
			{"id", "报告", 1, 0, "a1b2c3d4e5f60718"},
			{"neutralised title", "报告", 1, 6, "'=2023年度人大代表履职报告"},
			{"neutralised position", "报告", 1, 11, "'@青石村党支部书记"},
			{"integer", "报告", 1, 14, "9"},
			{"copy ratio is a plain number", "报告", 1, 24, "0.4123"},
			{"score", "报告", 1, 23, "0.875"},
			{"unknown is empty", "报告", 3, 3, ""},
			// encoding/csv reads a quoted CRLF back as LF.
			{"quoted title survives", "报告", 2, 6, "标题,含逗号\"和引号\"\n第二行"},
			{"neutralised evidence", "活动", 2, 10, "'- 参加镇人大组织的视察活动**次。"},
			{"neutralised quantity text", "数量", 2, 8, "'-0.5%"},
			{"quantity value", "数量", 1, 3, "250"},
			{"deputy total", "代表对比", 2, 5, "11"},
			{"deputy copy ratio", "代表对比", 2, 22, "0.6"},
			{"notes time", "说明", 1, 1, "2026-11-23 09:30:00 +08:00"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				recs := records(tt.sheet)
				if got := recs[tt.row][tt.col]; got != tt.want {
					t.Errorf("%s (%d,%d) = %q, want %q", tt.sheet, tt.row, tt.col, got, tt.want)
				}
			})
		}
	})

	t.Run("quoting on disk", func(t *testing.T) {
		// encoding/csv doubles quotes and wraps the field; a formula cell
		// is prefixed inside the field, not before the quote.
		s := raw("报告")
		if !strings.Contains(s, `,"标题,含逗号""和引号""`+"\r\n"+`第二行",`) {
			t.Errorf("quoted title not found in %q", s)
		}
		if !strings.Contains(s, `,'=2023年度人大代表履职报告,`) {
			t.Errorf("neutralised title not found")
		}
	})
}

func TestCSVErrors(t *testing.T) {
	t.Run("empty dir", func(t *testing.T) {
		if _, err := NewCSV(""); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("err %v, want EINVALID", err)
		}
	})
	t.Run("dir is a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "x")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := NewCSV(file)
		if corpus.ErrorCode(err) != corpus.EINVALID || !strings.Contains(err.Error(), file) {
			t.Errorf("err %v, want EINVALID naming %s", err, file)
		}
	})
	t.Run("add after close", func(t *testing.T) {
		c, err := NewCSV(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Add(nil, Extra{}); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Add(nil) = %v, want EINVALID", err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Add(liu2024(t), Extra{}); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Add after Close = %v, want EINVALID", err)
		}
		if err := c.Close(); err != nil {
			t.Errorf("second Close = %v", err)
		}
	})
	t.Run("full disk", func(t *testing.T) {
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full on this system")
		}
		dir := t.TempDir()
		c, err := NewCSV(dir)
		if err != nil {
			t.Fatal(err)
		}
		// Point the 活动 file at a device that is always full.
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip(err)
		}
		cf := c.files[shActivities]
		cf.f.Close()
		cf.f = full
		cf.bw.Reset(full)
		r := liu2024(t)
		r.Activities[0].Text = strings.Repeat("调研", 40000) // past the 64 KiB buffer
		err = c.Add(r, Extra{})
		if err == nil || !strings.Contains(err.Error(), "活动.csv") {
			t.Errorf("Add = %v, want an error naming 活动.csv", err)
		}
		if err := c.Close(); err == nil {
			t.Error("Close after a write error returned nil")
		}
	})
}
