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

func writeCSV(t *testing.T, reports []*corpus.Report, extras []Extra, cmp *corpus.Comparison) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out") // NewCSV creates it
	c, err := NewCSV(dir)
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return fixedNow }
	if cmp != nil {
		if err := c.SetComparison(cmp); err != nil {
			t.Fatal(err)
		}
	}
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
	dir := writeCSV(t, reports, extras, handComparison(t))

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
		want := []string{"不足.csv", "代表对比.csv", "积分.csv", "建议.csv", "报告.csv", "按地区.csv", "按层级.csv",
			"按年度.csv", "数量.csv", "标记.csv", "活动.csv", "年度趋势.csv", "说明.csv", "需关注.csv"}
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("files %v, want %v", names, want)
		}
		for id, l := range tables {
			if !inCSV(id) {
				continue
			}
			if recs := records(l.name); !slices.Equal(recs[0], l.heads) {
				t.Errorf("%s.csv header %v, want %v", l.name, recs[0], l.heads)
			}
		}
	})

	t.Run("CRLF line ends", func(t *testing.T) {
		s := raw("报告")
		if !strings.HasPrefix(s, "\xEF\xBB\xBF代表,地区,年份,") || !strings.Contains(s, "文档编号\r\n") {
			t.Errorf("报告.csv header line: %.80q", s)
		}
	})

	t.Run("values", func(t *testing.T) {
		col := func(id int, h string) int { return slices.Index(tables[id].heads, h) }
		tests := []struct {
			name     string
			sheet    string
			row, col int
			want     string
		}{
			{"id", "报告", 1, col(idReports, "文档编号"), "a1b2c3d4e5f60718"},
			{"neutralised title", "报告", 1, col(idReports, "标题"), "'=2023年度人大代表履职报告"},
			{"neutralised position", "报告", 1, col(idReports, "职务"), "'@青石村党支部书记"},
			{"integer", "报告", 1, col(idReports, "建议数"), "9"},
			{"copy ratio is a plain number", "报告", 1, col(idReports, "复制比"), "0.4123"},
			{"score", "报告", 1, col(idReports, "复核分"), "0.875"},
			{"unknown is empty", "报告", 3, col(idReports, "来源文件数"), ""},
			// encoding/csv reads a quoted CRLF back as LF.
			{"quoted title survives", "报告", 2, col(idReports, "标题"), "标题,含逗号\"和引号\"\n第二行"},
			{"evidence is the sentence", "活动", 1, col(idActivities, "原文"), "一、参加调研活动3次，围绕农村饮水安全提出意见建议9条。"},
			{"its place", "活动", 1, col(idActivities, "位置"), "第4段"},
			{"neutralised evidence", "活动", 2, col(idActivities, "原文"), "'- 参加镇人大组织的视察活动**次。"},
			{"neutralised quantity text", "数量", 2, col(idQuantities, "原文"), "'-0.5%"},
			{"quantity value", "数量", 1, col(idQuantities, "数值"), "250"},
			{"deputy total", "代表对比", 2, col(idDeputies, "建议数"), "13"},
			{"deputy copy ratio", "代表对比", 2, col(idDeputies, "最高复制比"), "0.4123"},
			{"deputies in reading order", "代表对比", 1, col(idDeputies, "地区"), "白沙乡"},
			{"trend", "年度趋势", 3, col(idTrend, "建议增减"), "-5"},
			{"points", "积分", 1, col(idPoints, "积分"), "27"},
			{"years in order", "按年度", 1, col(idYears, "年度"), "2023"},
			{"outliers", "需关注", 2, col(idOutliers, "说明"), "建议数 9，是同类中位数 2 的 4.5 倍"},
			{"review queue by score", "标记", 1, col(idFlags, "复核分"), "0.875"},
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
		cf := c.files[idActivities]
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
