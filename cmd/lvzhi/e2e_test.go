package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/corpus/store"
	"lvzhi/extract"
	"lvzhi/ingest"
)

// The end-to-end tests run the real binary on the bundled sample corpus,
// with a real store and index on disk.

const sampleDir = "../../corpus/sample/files"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// lvzhiBinary builds cmd/lvzhi once per test run.
func lvzhiBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lvzhi-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "lvzhi")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = &buildError{err, out}
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

func runLvzhi(tb testing.TB, args ...string) result {
	tb.Helper()
	cmd := exec.Command(lvzhiBinary(tb), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		tb.Fatalf("lvzhi %v: %v", args, err)
	}
	return r
}

func mustRun(tb testing.TB, args ...string) result {
	tb.Helper()
	r := runLvzhi(tb, args...)
	if r.code != 0 {
		tb.Fatalf("lvzhi %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func TestEndToEndSample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests the sample corpus")
	}
	data := filepath.Join(t.TempDir(), "data")

	// Ingest: the 39 readable files hold 49 documents; the six broken
	// files are each reported on a line of their own, and the batch goes on.
	r := mustRun(t, "ingest", "--data", data, sampleDir)
	if !strings.Contains(r.stderr, "文件 45 个（读取 39，未变 0，失败 6），文档 49 篇（新增 49，已有 0）") {
		t.Fatalf("unexpected summary:\n%s", r.stderr)
	}
	for _, bad := range []string{"2015年述职报告.doc", "传输中断", "乱码述职报告.txt", "逃逸.txt", "扫描件-述职报告.pdf", "空白述职报告.txt"} {
		if !strings.Contains(r.stderr, bad) {
			t.Errorf("no failure line names %s:\n%s", bad, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("ingest wrote to stdout (gse or bleve chatter?):\n%s", r.stdout)
	}

	// Again: nothing new.
	r = mustRun(t, "ingest", "--data", data, sampleDir)
	if !strings.Contains(r.stderr, "读取 0，未变 39，失败 6") || !strings.Contains(r.stderr, "新增 0") {
		t.Errorf("second ingest changed something:\n%s", r.stderr)
	}

	// Every stored document, through the JSON export.
	jsonPath := filepath.Join(t.TempDir(), "all.json")
	mustRun(t, "export", "--data", data, "--json", jsonPath)
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var all struct{ Documents []corpus.Report }
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	// Each report once: 何静's corrected resubmission (修改稿) counts, her
	// first text is history; 王立新's report came as GBK text in a zip and
	// as a Word file, one of them counts.
	if len(all.Documents) != 47 {
		t.Fatalf("export has %d documents, want the 47 that count", len(all.Documents))
	}
	reasons := map[string]string{}
	mustRun(t, "export", "--data", data, "--json", jsonPath, "--status", "all")
	b, err = os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var every struct{ Documents []corpus.Report }
	if err := json.Unmarshal(b, &every); err != nil {
		t.Fatal(err)
	}
	if len(every.Documents) != 49 {
		t.Fatalf("export --status all has %d documents, want 49", len(every.Documents))
	}
	for _, d := range every.Documents {
		if d.State != nil && d.State.Status == corpus.StatusHistory {
			reasons[filepath.Base(d.Source)+d.Member] = d.State.Reason
		}
	}
	if reasons["何静-2024年度镇人大代表履职报告.txt"] != corpus.ReasonSuperseded || len(reasons) != 2 {
		t.Errorf("history: %v, want 何静's first text and one of 王立新's two, superseded", reasons)
	}
	// The legacy office formats are read, not refused.
	formats := map[string]bool{}
	for _, d := range all.Documents {
		formats[d.Format] = true
	}
	for _, f := range []string{"doc", "wps", "rtf"} {
		if !formats[f] {
			t.Errorf("no document of format %s in the export", f)
		}
	}

	t.Run("search recall", func(t *testing.T) {
		// A query must find every document holding it as a substring,
		// whatever gse makes of the words around it.
		for _, q := range []string{"道路", "路硬化", "执法检查", "代表联络站", "养老", "联系选民"} {
			var want []string
			for _, d := range all.Documents {
				if strings.Contains(d.Text, q) {
					want = append(want, d.ID)
				}
			}
			r := mustRun(t, "search", "--data", data, "--json", "--limit", "1000", q)
			var res struct {
				Total uint64
				Hits  []struct{ ID string }
			}
			if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
				t.Fatalf("%s: %v\n%s", q, err, r.stdout)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") || int(res.Total) != len(want) {
				t.Errorf("search %s: %d hits (total %d), substring scan finds %d", q, len(got), res.Total, len(want))
			}
			if len(want) == 0 {
				t.Errorf("query %s finds nothing in the sample: a useless test case", q)
			}
		}
	})

	t.Run("search json contract", func(t *testing.T) {
		r := mustRun(t, "search", "--data", data, "--json", "--kind", "duty_report", "--year", "2019", "建议")
		var res map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"total", "took_ms", "hits", "facets"} {
			if _, ok := res[k]; !ok {
				t.Errorf("search --json lacks %q", k)
			}
		}
		var hits []map[string]any
		json.Unmarshal(res["hits"], &hits)
		if len(hits) == 0 {
			t.Fatal("no 2019 duty report mentions 建议")
		}
		for _, h := range hits {
			for _, k := range []string{"id", "source", "part", "kind", "title", "deputy", "year", "score", "snippets"} {
				if _, ok := h[k]; !ok {
					t.Errorf("hit lacks %q", k)
				}
			}
			if h["kind"] != "duty_report" || h["year"] != float64(2019) {
				t.Errorf("filters not applied: %v %v", h["kind"], h["year"])
			}
			if s, _ := h["snippets"].([]any); len(s) == 0 || !strings.Contains(s[0].(string), "<mark>建议</mark>") {
				t.Errorf("snippet without a highlight: %v", h["snippets"])
			}
		}
	})

	t.Run("flags", func(t *testing.T) {
		r := mustRun(t, "flags", "--data", data, "--json")
		var q struct {
			Documents []struct {
				ID        string
				Score     float64
				CopyRatio *float64 `json:"copy_ratio"`
				Flags     []corpus.Flag
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &q); err != nil {
			t.Fatal(err)
		}
		if len(q.Documents) == 0 {
			t.Fatal("empty review queue")
		}
		for i := 1; i < len(q.Documents); i++ {
			if q.Documents[i].Score > q.Documents[i-1].Score {
				t.Fatalf("queue not worst first at %d", i)
			}
		}
		// The worst document is a placeholder-filled one.
		top := q.Documents[0]
		if top.Flags[0].Code != corpus.FlagPlaceholder || top.Flags[0].Severity != corpus.SeverityHigh {
			t.Errorf("top of the queue: %+v", top.Flags)
		}
		// show reads it back, marking its placeholders.
		r = mustRun(t, "show", "--data", data, top.ID[:8])
		if !strings.Contains(r.stdout, "【**】") && !strings.Contains(r.stdout, "【xx】") && !strings.Contains(r.stdout, "【某某】") {
			t.Errorf("show does not mark placeholders:\n%s", r.stdout)
		}
	})

	t.Run("workbook", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "统计.xlsx")
		mustRun(t, "export", "--data", data, "-o", path)
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, s := range []string{"报告", "建议", "活动", "不足", "标记"} {
			if idx, err := f.GetSheetIndex(s); err != nil || idx < 0 {
				t.Errorf("no sheet %s", s)
			}
		}
		rows, err := f.GetRows("报告")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 48 {
			t.Fatalf("报告 has %d rows, want a header and 47 documents", len(rows))
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, h := range []string{"文档编号", "代表", "建议数"} {
			if _, ok := col[h]; !ok {
				t.Fatalf("报告 has no column %s: %v", h, rows[0])
			}
		}
		// 王立新's 2019 report states 大会期间提出建议3件，闭会期间提出建议2件.
		found := false
		for _, row := range rows[1:] {
			if len(row) > col["建议数"] && row[col["代表"]] == "王立新" {
				found = true
				if row[col["建议数"]] != "5" {
					t.Errorf("王立新's suggestions total = %q, want 5", row[col["建议数"]])
				}
			}
		}
		if !found {
			t.Error("no row for 王立新")
		}
		// The comparison sheets come from the same store: 周德明 has two
		// counted reports, 2020 (建议4件) and 2021 (5 + 3 = 8 件).
		rows, err = f.GetRows("代表对比")
		if err != nil {
			t.Fatal(err)
		}
		col = map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		found = false
		for _, row := range rows[1:] {
			if len(row) > col["建议数"] && row[col["代表"]] == "周德明" {
				found = true
				if row[col["报告数"]] != "2" || row[col["建议数"]] != "12" || row[col["地区"]] != "云溪县" {
					t.Errorf("周德明 on 代表对比: 报告数 %s, 建议数 %s, 地区 %s; want 2, 12, 云溪县", row[col["报告数"]], row[col["建议数"]], row[col["地区"]])
				}
			}
		}
		if !found {
			t.Errorf("代表对比 has no row for 周德明: %v", rows)
		}
		points, err := f.GetRows("积分")
		if err != nil || len(points) < 10 {
			t.Errorf("积分: %d rows, %v", len(points), err)
		}
	})

	t.Run("extract json", func(t *testing.T) {
		file := filepath.Join(sampleDir, "2016/白沙乡/王福来述职报告.txt")
		r := mustRun(t, "extract", "--json", file)
		var out struct {
			Documents []map[string]json.RawMessage
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Documents) != 1 {
			t.Fatalf("%d documents", len(out.Documents))
		}
		for _, k := range []string{"source", "part", "kind", "title", "text", "deputy", "year", "suggestions", "activities", "shortcomings", "quantities", "placeholders", "template_residue", "flags"} {
			if _, ok := out.Documents[0][k]; !ok {
				t.Errorf("extract --json lacks %q", k)
			}
		}
		r = runLvzhi(t, "extract", "--json", filepath.Join(sampleDir, "问题文件/空白述职报告.txt"))
		if r.code != 1 || !strings.Contains(r.stderr, "空白述职报告.txt") || !strings.Contains(r.stderr, "文件为空") {
			t.Errorf("a bad file must fail naming the file and the reason: exit %d\n%s", r.code, r.stderr)
		}
	})

	t.Run("reindex", func(t *testing.T) {
		mustRun(t, "reindex", "--data", data)
		r := mustRun(t, "search", "--data", data, "--json", "--limit", "0", "道路")
		if !strings.Contains(r.stdout, `"total": 18`) {
			t.Errorf("after reindex: %s", r.stdout[:min(200, len(r.stdout))])
		}
	})
}

func TestUsage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if r := runLvzhi(t); r.code != 2 || !strings.Contains(r.stderr, "用法") {
		t.Errorf("no arguments: exit %d\n%s", r.code, r.stderr)
	}
	if r := runLvzhi(t, "search", "--help"); r.code != 0 || !strings.Contains(r.stdout, "示例") {
		t.Errorf("search --help: exit %d\n%s", r.code, r.stdout)
	}
	if r := runLvzhi(t, "search", "--year", "两千", "x"); r.code != 2 {
		t.Errorf("a bad flag value must be a usage error, got exit %d", r.code)
	}
	if r := runLvzhi(t, "show", "--data", t.TempDir(), "abcd"); r.code != 1 || !strings.Contains(r.stderr, "没有找到数据目录") || !strings.Contains(r.stderr, "--data") {
		t.Errorf("show on an empty data directory: exit %d\n%s", r.code, r.stderr)
	}
	if runtime.GOOS == "linux" {
		if r := runLvzhi(t, "frobnicate"); r.code != 2 {
			t.Errorf("unknown command: exit %d", r.code)
		}
	}
}

// TestReanalyze stores documents analysed by an older extractor (version
// 0, never indexed) and checks that `lvzhi reanalyze` brings every one to
// the current version and into the index.
func TestReanalyze(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	data := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(app.StorePath(data), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := ingest.FileSource(filepath.Join(sampleDir, "2016/白沙乡/王福来述职报告.txt"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ingest.Read(src, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpus.Entry
	for _, d := range f.Docs {
		old := extract.Analyze(&d)
		old.Version = 0
		old.Suggestions.Total = nil // what an older extractor missed
		entries = append(entries, corpus.Entry{
			Report: corpus.Report{Document: d, Analysis: old},
			Origin: corpus.Origin{Source: d.Source, Part: d.Part, FileHash: f.Hash},
		})
	}
	if _, err := st.Put(t.Context(), entries); err != nil {
		t.Fatal(err)
	}
	st.Close()

	r := mustRun(t, "reanalyze", "--data", data)
	if !strings.Contains(r.stderr, "更新 1 篇") {
		t.Errorf("reanalyze: %s", r.stderr)
	}
	var stats struct {
		Stale     int `json:"stale_analyses"`
		Unindexed int `json:"unindexed"`
	}
	json.Unmarshal([]byte(mustRun(t, "stats", "--data", data, "--json").stdout), &stats)
	if stats.Stale != 0 || stats.Unindexed != 0 {
		t.Errorf("after reanalyze: %+v", stats)
	}
	r = mustRun(t, "show", "--data", data, "--json", entries[0].Report.ID)
	var shown corpus.Report
	json.Unmarshal([]byte(r.stdout), &shown)
	if shown.Version != extract.Version || shown.Suggestions.Total == nil || *shown.Suggestions.Total != 4 {
		t.Errorf("reanalysed report: version %d, suggestions %v", shown.Version, shown.Suggestions.Total)
	}
	if r := mustRun(t, "search", "--data", data, "--json", "王福来"); !strings.Contains(r.stdout, `"total": 1`) {
		t.Errorf("the reanalysed document is not in the index: %s", r.stdout[:min(len(r.stdout), 200)])
	}
}

// TestEval runs lvzhi eval on the scorer's fixtures: every field in the
// JSON, a broken label directory named in a Chinese error, a usage error.
func TestEval(t *testing.T) {
	r := mustRun(t, "eval", "--json", "../../extract/eval/testdata/good")
	var res struct {
		Files  int `json:"files"`
		Fields []struct {
			Field string  `json:"field"`
			F1    float64 `json:"f1"`
		} `json:"fields"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, r.stdout)
	}
	if res.Files == 0 || len(res.Fields) != 17 {
		t.Errorf("eval --json: %d files, %d fields, want some files and 17 fields", res.Files, len(res.Fields))
	}
	text := mustRun(t, "eval", "../../extract/eval/testdata/good").stdout
	for _, want := range []string{"字段", "精确率", "召回率", "F1", "不足 shortcomings"} {
		if !strings.Contains(text, want) {
			t.Errorf("eval table lacks %q:\n%s", want, text)
		}
	}
	bad := runLvzhi(t, "eval", "../../extract/eval/testdata/bad")
	if bad.code != 1 || !strings.Contains(bad.stderr, "02-unlabelled") {
		t.Errorf("eval of a broken corpus: exit %d, stderr %q; want 1 naming the unlabelled file", bad.code, bad.stderr)
	}
	if u := runLvzhi(t, "eval"); u.code != 2 {
		t.Errorf("eval without a directory: exit %d, want 2", u.code)
	}
	// --check validates the labels and withholds the scores.
	c := mustRun(t, "eval", "--check", "../../extract/eval/testdata/good")
	if !strings.Contains(c.stdout, "标注有效") || strings.Contains(c.stdout, "F1") || strings.Contains(c.stdout, "精确率") {
		t.Errorf("eval --check printed:\n%s\nwant the labels found valid and no scores", c.stdout)
	}
	if bad := runLvzhi(t, "eval", "--check", "../../extract/eval/testdata/bad"); bad.code != 1 || !strings.Contains(bad.stderr, "02-unlabelled") {
		t.Errorf("eval --check of a broken corpus: exit %d, stderr %q; want 1 naming the unlabelled file", bad.code, bad.stderr)
	}
}
