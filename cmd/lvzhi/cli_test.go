package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/corpus/store"
)

func TestNearestWord(t *testing.T) {
	opts := []string{"year", "region", "kind", "flag", "deputy", "level", "status", "limit", "from", "json", "data", "sort"}
	tests := []struct{ in, want string }{
		{"yaer", "year"},  // transposition
		{"limt", "limit"}, // a letter missing
		{"regoin", "region"},
		{"lim", "limit"}, // a prefix
		{"kinds", "kind"},
		{"frobnicate", ""}, // nothing close
		{"x", ""},
	}
	for _, tt := range tests {
		if got := nearestWord(tt.in, opts); got != tt.want {
			t.Errorf("nearestWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	codes := []string{"placeholder", "boilerplate", "template_residue", "no_shortcomings"}
	if got := nearestWord("boilerplat", codes); got != "boilerplate" {
		t.Errorf("boilerplat → %q", got)
	}
	if got := nearestWord("placeholdr", codes); got != "placeholder" {
		t.Errorf("placeholdr → %q", got)
	}
}

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"报告/张三.txt", "报告/张三.txt"},
		{"a\x1b[2Jb.txt", `a\x1b[2Jb.txt`},                 // clear screen
		{"a\x1b]0;title\x07.txt", `a\x1b]0;title\x07.txt`}, // window title, BEL
		{"line\nbreak.txt", `line\x0abreak.txt`},
		{"cr\r.txt", `cr\x0d.txt`},
		{"evil\u202etxt.exe", `evil\u202etxt.exe`}, // right-to-left override
		{"c1\u009b31m", `c1\u009b31m`},
		{"bad\xffbyte", `bad\xffbyte`},
	}
	for _, tt := range tests {
		if got := safe(tt.in); got != tt.want {
			t.Errorf("safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCommandLine runs the binary as a person would: options misspelled,
// values in Chinese, help, usage errors, the data directory looked for
// and never created by a read command, colours, exports.
func TestCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root := t.TempDir()
	files := filepath.Join(root, "files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"林晓峰.txt": dutyText("林晓峰", 2023),
		"周春来.txt": dutyText("周春来", 2022),
		// A file name that would clear the screen and set the window title.
		"evil\x1b[2J\x1b]0;pwned\x07.txt": "不是报告",
	} {
		if err := os.WriteFile(filepath.Join(files, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(root, "lvzhi-data")
	mustRun(t, "ingest", "--data", data, files)
	for _, args := range [][]string{{"search", "不是报告"}, {"search", "--status", "all", "--kind", "other"}} {
		r := mustRun(t, append(args, "--data", data)...)
		if strings.ContainsAny(r.stdout, "\x1b\x07") {
			t.Errorf("%v: a control character of a file name reached the terminal:\n%q", args, r.stdout)
		}
		if !strings.Contains(r.stdout, `evil\x1b[2J\x1b]0;pwned\x07.txt`) {
			t.Errorf("%v: the escaped name is not shown:\n%s", args, r.stdout)
		}
	}

	t.Run("unknown option suggests the nearest", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"search", "道路", "--yaer", "2023"}, "--year"},
			{[]string{"flags", "--limt", "3"}, "--limit"},
			{[]string{"flags", "--code", "boilerplat"}, "boilerplate"},
			{[]string{"search", "--flag", "placeholdr"}, "placeholder"},
			{[]string{"search", "--kind", "履职"}, "duty_report"},
			{[]string{"serch", "道路"}, "search"},
		} {
			r := runLvzhi(t, append(tt.args, "--data", data)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("%v: exit %d, want 2 naming %s:\n%s", tt.args, r.code, tt.want, r.stderr)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; n > 2 {
				t.Errorf("%v: a usage error of %d lines, want the reason and a pointer to help:\n%s", tt.args, n, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("%v: wrote to stdout:\n%s", tt.args, r.stdout)
			}
		}
	})

	t.Run("Chinese values are accepted", func(t *testing.T) {
		en := mustRun(t, "search", "--data", data, "--kind", "duty_report", "--json", "--status", "current")
		zh := mustRun(t, "search", "--data", data, "--kind", "履职报告", "--json", "--status", "现行")
		if en.stdout == "" || stripTook(en.stdout) != stripTook(zh.stdout) {
			t.Errorf("--kind 履职报告 differs from --kind duty_report:\n%s\n%s", en.stdout, zh.stdout)
		}
		if r := runLvzhi(t, "flags", "--data", data, "--min-severity", "高"); r.code != 0 {
			t.Errorf("--min-severity 高: exit %d\n%s", r.code, r.stderr)
		}
	})

	t.Run("a dash term is still an exclusion", func(t *testing.T) {
		all := mustRun(t, "search", "--data", data, "--json", "人大代表")
		less := mustRun(t, "search", "--data", data, "--json", "人大代表", "-林晓峰")
		if total(t, all.stdout) != 2 || total(t, less.stdout) != 1 {
			t.Errorf("exclusion: %d then %d hits, want 2 then 1", total(t, all.stdout), total(t, less.stdout))
		}
	})

	t.Run("help prints once, on stdout", func(t *testing.T) {
		for _, args := range [][]string{{"search", "--help"}, {"help", "search"}, {"search", "-h"}} {
			r := runLvzhi(t, args...)
			if r.code != 0 || strings.Count(r.stdout, "用法: lvzhi search") != 1 || r.stderr != "" {
				t.Errorf("%v: exit %d, stdout has the help %d times, stderr %q", args, r.code, strings.Count(r.stdout, "用法: lvzhi search"), r.stderr)
			}
		}
		if r := mustRun(t, "--version"); !strings.HasPrefix(r.stdout, "lvzhi ") {
			t.Errorf("--version: %q", r.stdout)
		}
	})

	t.Run("read commands create nothing and say how to choose", func(t *testing.T) {
		empty := t.TempDir()
		for _, args := range [][]string{{"search", "道路"}, {"show", "abcd"}, {"flags"}, {"stats"}, {"export", "--json", "x.json"}, {"reindex"}, {"reanalyze"}} {
			r := runIn(t, empty, append(args, "--data", filepath.Join(empty, "nowhere"))...)
			if r.code != 1 || !strings.Contains(r.stderr, "--data") || !strings.Contains(r.stderr, "LVZHI_DATA") {
				t.Errorf("%v in an empty folder: exit %d\n%s", args, r.code, r.stderr)
			}
		}
		entries, _ := os.ReadDir(empty)
		if len(entries) != 0 {
			t.Errorf("a read command created %v", entries)
		}
	})

	t.Run("the data directory is found in a parent folder", func(t *testing.T) {
		sub := filepath.Join(root, "某处", "更深")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		r := runIn(t, sub, "search", "--json", "林晓峰")
		if r.code != 0 || total(t, r.stdout) != 1 {
			t.Errorf("search from a subfolder: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("NO_COLOR and --color", func(t *testing.T) {
		r := runLvzhi(t, "search", "--data", data, "林晓峰", "--color=always")
		if !strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("--color=always shows no colour")
		}
		r = runLvzhi(t, "search", "--data", data, "林晓峰", "--color", "never")
		if strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("--color never shows colour")
		}
		if r := runLvzhi(t, "search", "--data", data, "x", "--color=sometimes"); r.code != 2 {
			t.Errorf("--color=sometimes: exit %d", r.code)
		}
	})

	t.Run("IDs start their line", func(t *testing.T) {
		r := mustRun(t, "search", "--data", data, "人大代表")
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.Contains(line, "files/") {
				f := strings.Fields(line)
				if len(f) < 2 || len(f[0]) != 16 {
					t.Errorf("the ID does not start the line: %q", line)
				}
			}
		}
	})

	t.Run("export takes the filters and query of search", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "2023.xlsx")
		mustRun(t, "export", "--data", data, "-o", out, "--year", "2023", "人大代表")
		fi, err := os.Stat(out)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("export mode %v, want 0644", fi.Mode().Perm())
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("报告")
		if err != nil {
			t.Fatal(err)
		}
		text := ""
		for _, row := range rows {
			text += strings.Join(row, "|") + "\n"
		}
		if !strings.Contains(text, "林晓峰") || strings.Contains(text, "周春来") {
			t.Errorf("the 2023 export holds the wrong reports:\n%s", text)
		}
		if r := runLvzhi(t, "export", "--data", data, "-o", filepath.Join(t.TempDir(), "out.pdf")); r.code != 2 || !strings.Contains(r.stderr, ".xlsx") {
			t.Errorf("-o out.pdf: exit %d\n%s", r.code, r.stderr)
		}
	})

	t.Run("compare, deputies and points", func(t *testing.T) {
		r := mustRun(t, "compare", "--data", data)
		if !strings.Contains(r.stdout, "林晓峰（云溪县）") || !strings.Contains(r.stdout, "积分") {
			t.Errorf("compare:\n%s", r.stdout)
		}
		var c corpus.Comparison
		if err := json.Unmarshal([]byte(mustRun(t, "compare", "--data", data, "--json").stdout), &c); err != nil {
			t.Fatal(err)
		}
		if len(c.Reports) != 2 || len(c.Deputies) != 2 {
			t.Errorf("compare --json: %d reports, %d deputies", len(c.Reports), len(c.Deputies))
		}
		out := filepath.Join(t.TempDir(), "对比.csv")
		mustRun(t, "compare", "--data", data, "--by", "年份", "--csv", out)
		b, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(b), "\ufeff排名,年份") || !strings.Contains(string(b), "2023") {
			t.Errorf("compare --csv: %v\n%s", err, b)
		}
		r = mustRun(t, "compare", "--data", data, "--deputy", "林晓峰")
		if !strings.Contains(r.stdout, "积分明细") || !strings.Contains(r.stdout, "视察 3 次 → 9 分") {
			t.Errorf("compare --deputy:\n%s", r.stdout)
		}
		r = mustRun(t, "deputies", "--data", data)
		if !strings.Contains(r.stdout, "林晓峰|云溪县|") {
			t.Errorf("deputies:\n%s", r.stdout)
		}
		bad := filepath.Join(t.TempDir(), "积分表.txt")
		os.WriteFile(bad, []byte("# 我的积分表\n视察 inspection 3\n调研 reserch 3\n"), 0o644)
		if r := runLvzhi(t, "points", "--check", bad); r.code != 1 || !strings.Contains(r.stderr, "第 3 行") || !strings.Contains(r.stderr, "research") {
			t.Errorf("points --check of a bad table: exit %d\n%s", r.code, r.stderr)
		}
		if r := runLvzhi(t, "compare", "--data", data, "--points", bad); r.code != 1 || !strings.Contains(r.stderr, "第 3 行") {
			t.Errorf("compare --points with a bad table: exit %d\n%s", r.code, r.stderr)
		}
		def := mustRun(t, "points")
		good := filepath.Join(t.TempDir(), "默认.txt")
		os.WriteFile(good, []byte(def.stdout), 0o644)
		mustRun(t, "points", "--check", good)
	})

	t.Run("search says when the index lags behind", func(t *testing.T) {
		st, err := store.Open(app.StorePath(data), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = st.MarkAllUnindexed(context.Background())
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		r := mustRun(t, "search", "--data", data, "林晓峰")
		if !strings.Contains(r.stderr, "3 篇已保存的文档尚未写入检索索引") || !strings.Contains(r.stderr, "lvzhi ingest") {
			t.Errorf("no warning:\n%s", r.stderr)
		}
		mustRun(t, "reindex", "--data", data)
		if r := mustRun(t, "search", "--data", data, "林晓峰"); r.stderr != "" {
			t.Errorf("after reindex: %s", r.stderr)
		}
	})
}

func dutyText(name string, year int) string {
	return "本人" + name + "，现为云溪县人大代表。现将" + strconv.Itoa(year) + "年履职情况报告如下：全年参加视察活动3次，提出建议4件。存在的不足是学习不够深入。"
}

// runIn runs the binary with dir as its working folder and without
// LVZHI_DATA.
func runIn(tb testing.TB, dir string, args ...string) result {
	tb.Helper()
	cmd := exec.CommandContext(context.Background(), lvzhiBinary(tb), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LVZHI_DATA=")
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

func total(tb testing.TB, jsonOut string) int {
	tb.Helper()
	i := strings.Index(jsonOut, `"total": `)
	if i < 0 {
		tb.Fatalf("no total in %s", jsonOut)
	}
	n := 0
	for _, c := range jsonOut[i+len(`"total": `):] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func stripTook(s string) string {
	i := strings.Index(s, `"took_ms"`)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], ",")
	return s[:i] + s[i+j:]
}
