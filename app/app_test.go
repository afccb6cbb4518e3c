package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
	"lvzhi/export"
	"lvzhi/index"
	"lvzhi/ingest/ingesttest"
)

// The tests of this file run the application on a real data directory (a
// bbolt store, a bleve index and the copy index on disk) with files written
// for them.

// dutyReport is a duty report written for these tests: name, year and the
// suggestions count vary; extra is appended as a paragraph.
func dutyReport(name string, year, suggestions int, extra string) string {
	return fmt.Sprintf(`%d年度人大代表履职情况报告
各位选民：
本人%s，%d年11月当选为云溪县第十八届人大代表，现任柳塘村党支部书记。现将%d年履职情况报告如下：
一年来，我出席了云溪县第十八届人民代表大会第三次会议，会议期间提出建议%d件，主要涉及柳塘村灌溉渠改造和村小学校舍维修。
全年参加县人大常委会组织的视察活动3次、专题调研2次，在代表联络站接待选民26人次。
针对柳塘村至镇上的道路年久失修的问题，我多次与交通部门沟通协调，争取资金45万元，完成道路硬化2.3公里。
%s
存在的不足：一是学习还不够深入；二是联系选民的方式还比较单一。
述职人：%s
%d年12月
`, year, name, year-2, year, suggestions, extra, name, year)
}

// otherReport is a different report of the same deputy and year: another
// text, sharing only the introduction.
func otherReport(name string, year int) string {
	return fmt.Sprintf(`%s同志%d年度代表述职
尊敬的各位代表：
本人%s，%d年11月当选为云溪县第十八届人大代表。按照县人大常委会的安排，下面我就半年来参加闭会期间活动的情况作一汇报。
上半年，我重点围绕农村人居环境整治开展走访，到柳塘、石门两个村的十二个村民小组召开院坝会，听取群众对垃圾清运和污水处理的意见。
五月份随县人大常委会执法检查组对《水污染防治法》的贯彻情况进行了检查，发现部分养殖场粪污处理设施运行不正常，已形成书面意见。
不足之处在于对环境保护方面的法律规定掌握得还不够准确。
`, name, year, name, year-2)
}

// writeFile writes data to dir/name, creating folders, with a modification
// time (the date of receipt).
func writeFile(t *testing.T, dir, name string, data []byte, mtime time.Time) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func openWrite(t *testing.T, dir string) *App {
	t.Helper()
	a, err := Open(context.Background(), dir, Options{Access: Write, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func ingestPaths(t *testing.T, a *App, opt IngestOptions, paths ...string) IngestResult {
	t.Helper()
	res, err := a.Ingest(context.Background(), paths, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("ingest errors: %v", res.Errors)
	}
	return res
}

// states returns every stored document's state by its first origin's file
// name (and part when a file has several).
func states(t *testing.T, a *App) map[string]*corpus.State {
	t.Helper()
	out := map[string]*corpus.State{}
	err := a.st.Each(context.Background(), func(r *corpus.Report) error {
		name := filepath.Base(r.Source)
		if r.State == nil {
			return fmt.Errorf("%s has no state", name)
		}
		key := name
		if _, ok := out[key]; ok {
			key = fmt.Sprintf("%s#%s", name, r.ID[:6])
		}
		out[key] = r.State
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var day = time.Date(2024, 1, 10, 9, 0, 0, 0, time.Local)

func TestCorrectedResubmission(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	p := writeFile(t, files, "林晓峰.txt", []byte(dutyReport("林晓峰", 2023, 4, "")), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)
	first, err := a.Show(ctx, firstID(t, a))
	if err != nil {
		t.Fatal(err)
	}
	// The office corrects one number and ingests the folder again.
	writeFile(t, files, "林晓峰.txt", []byte(dutyReport("林晓峰", 2023, 5, "")), day.Add(24*time.Hour))
	ingestPaths(t, a, IngestOptions{}, files)

	st, err := a.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.Reports != 1 || st.ByStatus["history"] != 1 || st.ByStatus["current"] != 1 {
		t.Fatalf("stats after a corrected resubmission: %+v", st)
	}
	old, err := a.Show(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.State.Status != corpus.StatusHistory || old.State.Reason != corpus.ReasonReplaced || old.State.By == "" {
		t.Errorf("old version state %+v", old.State)
	}
	cur, err := a.Show(ctx, old.State.By)
	if err != nil {
		t.Fatal(err)
	}
	if cur.State.Status != corpus.StatusCurrent || !cur.State.Counted || *cur.Suggestions.Total != 5 {
		t.Errorf("new version: state %+v, total %v", cur.State, cur.Suggestions.Total)
	}
	if len(cur.Versions) != 2 || !cur.Versions[0].Current || cur.Versions[1].ID != first.ID {
		t.Errorf("versions of the new text: %+v", cur.Versions)
	}
	// Search finds the old text only when asked.
	for _, tt := range []struct {
		status string
		want   uint64
	}{{"", 1}, {"history", 1}, {"all", 2}} {
		res, err := a.Search(ctx, index.Query{Text: "林晓峰", Status: tt.status})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tt.want {
			t.Errorf("search status %q: %d hits, want %d", tt.status, res.Total, tt.want)
		}
	}
	// The review queue and the export hold the report once.
	q, err := a.ReviewQueue(ctx, QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range q.Documents {
		if d.ID == first.ID {
			t.Errorf("the old version is in the review queue")
		}
	}
	if n := exportCount(t, a, index.Query{}); n != 1 {
		t.Errorf("export holds %d documents, want 1", n)
	}
	_ = p
}

func firstID(t *testing.T, a *App) string {
	t.Helper()
	var id string
	if err := a.st.IDs(context.Background(), func(s string) error {
		if id == "" {
			id = s
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

// countingEncoder counts what an export writes.
type countingEncoder struct{ ids []string }

func (c *countingEncoder) Add(r *corpus.Report, _ export.Extra) error {
	c.ids = append(c.ids, r.ID)
	return nil
}
func (c *countingEncoder) Close() error { return nil }

func exportCount(t *testing.T, a *App, q index.Query) int {
	t.Helper()
	enc := &countingEncoder{}
	n, err := a.Export(context.Background(), enc, q)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(enc.ids) {
		t.Fatalf("Export returned %d, wrote %d", n, len(enc.ids))
	}
	return n
}

func TestReportInTwoFormatsAndPaths(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	text := dutyReport("林晓峰", 2023, 4, "")
	// The same text at two paths: one document with two origins.
	writeFile(t, files, "一组/林晓峰.txt", []byte(text), day)
	writeFile(t, files, "二组/林晓峰-副本.txt", []byte(text), day)
	// The same report as a Word file, received later: a near-identical
	// text (the .docx reader's paragraphs), another document.
	var paras []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		paras = append(paras, l)
	}
	paras = append(paras, "（此件为定稿）")
	writeFile(t, files, "三组/林晓峰.docx", ingesttest.Docx(paras, ingesttest.DocxOptions{}), day.Add(48*time.Hour))
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)

	st := states(t, a)
	if len(st) != 2 {
		t.Fatalf("%d documents, want 2: %v", len(st), st)
	}
	docx, txt := st["林晓峰.docx"], st["林晓峰.txt"]
	if txt == nil { // the text read twice is named by whichever reading was stored first
		txt = st["林晓峰-副本.txt"]
	}
	if docx == nil || txt == nil {
		t.Fatalf("states %v", st)
	}
	if !docx.Counted || docx.Status != corpus.StatusCurrent {
		t.Errorf("the later .docx must count: %+v", docx)
	}
	if txt.Counted || txt.Status != corpus.StatusHistory || txt.Reason != corpus.ReasonSuperseded {
		t.Errorf("the earlier .txt is a superseded version: %+v", txt)
	}
	s, err := a.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Reports != 1 {
		t.Errorf("stats count %d reports, want 1", s.Reports)
	}
	// The text read from two paths lists both.
	var txtID string
	_ = a.st.Each(ctx, func(r *corpus.Report) error {
		if strings.HasSuffix(r.Source, ".txt") {
			txtID = r.ID
		}
		return nil
	})
	v, err := a.Show(ctx, txtID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Origins) != 2 {
		t.Errorf("origins of the text read twice: %d, want 2", len(v.Origins))
	}
	if len(v.Siblings) != 1 || v.Siblings[0].State == nil || !v.Siblings[0].State.Counted {
		t.Errorf("siblings %+v", v.Siblings)
	}
}

func TestDuplicateAndUnknownDeputy(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	writeFile(t, files, "a.txt", []byte(dutyReport("林晓峰", 2023, 4, "")), day)
	// Another report of the same deputy and year, not a version of it.
	writeFile(t, files, "b.txt", []byte(otherReport("林晓峰", 2023)), day.Add(24*time.Hour))
	// A template-like report with a masked name counts by itself, twice.
	writeFile(t, files, "c.txt", []byte(dutyReport("王某某", 2023, 4, "")), day)
	writeFile(t, files, "d.txt", []byte(dutyReport("王某某", 2023, 4, "另有补充说明一段，与上文不同。")), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)
	st := states(t, a)
	if !st["b.txt"].Counted || st["a.txt"].Counted || st["a.txt"].Reason != corpus.ReasonDuplicate || st["a.txt"].Status != corpus.StatusCurrent {
		t.Errorf("same deputy and year, different text: a %+v, b %+v", st["a.txt"], st["b.txt"])
	}
	if !st["c.txt"].Counted || !st["d.txt"].Counted || st["c.txt"].Report != "" {
		t.Errorf("masked names are no deputy: c %+v, d %+v", st["c.txt"], st["d.txt"])
	}
	s, _ := a.Stats(ctx)
	if s.Reports != 3 || s.Duplicates != 1 {
		t.Errorf("stats: %d reports, %d duplicates; want 3 and 1", s.Reports, s.Duplicates)
	}
}

func TestReference(t *testing.T) {
	ctx := context.Background()
	files, ref, data := t.TempDir(), t.TempDir(), t.TempDir()
	writeFile(t, ref, "范文.txt", []byte(dutyReport("王某某", 2020, 0, "以下是小编整理的述职报告范文，欢迎阅读。")), day)
	writeFile(t, files, "林晓峰.txt", []byte(dutyReport("林晓峰", 2023, 4, "")), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{Reference: true}, ref)
	ingestPaths(t, a, IngestOptions{}, files)
	st := states(t, a)
	if st["范文.txt"].Status != corpus.StatusReference || st["范文.txt"].Counted {
		t.Errorf("reference material: %+v", st["范文.txt"])
	}
	s, _ := a.Stats(ctx)
	if s.Reports != 1 || s.ByStatus["reference"] != 1 {
		t.Errorf("stats: %+v", s)
	}
	q, _ := a.ReviewQueue(ctx, QueueFilter{})
	for _, d := range q.Documents {
		if strings.Contains(d.Source, "范文") {
			t.Errorf("reference material in the review queue: %s", d.Source)
		}
	}
	res, err := a.Search(ctx, index.Query{Text: "小编"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("reference material must be searchable: %d hits", res.Total)
	}
	// Marked as reports after the fact, it counts.
	if _, err := a.SetReference(ctx, []string{ref}, false); err != nil {
		t.Fatal(err)
	}
	if st := states(t, a); st["范文.txt"].Status != corpus.StatusCurrent || !st["范文.txt"].Counted {
		t.Errorf("after unmarking: %+v", st["范文.txt"])
	}
}
