package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReindexShardBy: lvzhi reindex --shard-by year splits the index by
// year and later ingests and reindexes keep it so; --shard-by none merges
// it back; a bad value is a usage error naming the nearest.
func TestReindexShardBy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root := t.TempDir()
	files := filepath.Join(root, "files")
	if err := os.MkdirAll(files, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(files, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("林晓峰.txt", dutyText("林晓峰", 2023))
	write("周春来.txt", dutyText("周春来", 2022))
	data := filepath.Join(root, "lvzhi-data")
	mustRun(t, "ingest", "--data", data, files)
	search := func(args ...string) int {
		t.Helper()
		return total(t, mustRun(t, append([]string{"search", "--data", data, "--json"}, args...)...).stdout)
	}

	if r := mustRun(t, "reindex", "--data", data, "--shard-by", "year"); !strings.Contains(r.stderr, "索引已重建: 2 篇文档，按年份分为 3 个分片") {
		t.Errorf("reindex --shard-by year:\n%s", r.stderr)
	}
	if n, y := search("人大代表"), search("人大代表", "--year", "2023"); n != 2 || y != 1 {
		t.Errorf("sharded: %d hits, %d in 2023; want 2 and 1", n, y)
	}

	write("王建国.txt", dutyText("王建国", 2021))
	mustRun(t, "ingest", "--data", data, files)
	if n := search("人大代表", "--year", "2021"); n != 1 {
		t.Errorf("a report of a new year ingested into the sharded index: %d hits in 2021", n)
	}
	if r := mustRun(t, "reindex", "--data", data); !strings.Contains(r.stderr, "按年份分为 4 个分片") {
		t.Errorf("reindex without --shard-by keeps the shards:\n%s", r.stderr)
	}

	r := runLvzhi(t, "reindex", "--data", data, "--shard-by", "yaer")
	if r.code != 2 || !strings.Contains(r.stderr, "是不是 year") {
		t.Errorf("--shard-by yaer: exit %d\n%s", r.code, r.stderr)
	}
	if r := mustRun(t, "reindex", "--data", data, "--shard-by", "不分片"); strings.Contains(r.stderr, "分片") || !strings.Contains(r.stderr, "3 篇文档") {
		t.Errorf("reindex --shard-by 不分片:\n%s", r.stderr)
	}
	if n := search("人大代表"); n != 3 {
		t.Errorf("merged back: %d hits, want 3", n)
	}
	if r := mustRun(t, "reindex", "--help"); !strings.Contains(r.stdout, "shard-by") || !strings.Contains(r.stdout, "按年份") {
		t.Errorf("help:\n%s", r.stdout)
	}
}
