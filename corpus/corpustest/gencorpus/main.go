// Command gencorpus writes the generated corpus of package corpustest to a
// folder, one UTF-8 .txt file per report, for benchmarks that need files on
// disk (the web UI's latency and load figures, ripgrep's comparison):
//
//	go run ./corpus/corpustest/gencorpus -n 100000 -seed 11 /tmp/bench/files
//	lvzhi ingest --data /tmp/bench/data /tmp/bench/files
//
// The same -n and -seed give the same files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"lvzhi/corpus/corpustest"
)

func main() {
	n := flag.Int("n", 2000, "number of reports")
	seed := flag.Uint64("seed", 11, "generator seed")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "用法: gencorpus [-n 篇数] [-seed 种子] 目录")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var bytes int64
	for _, d := range corpustest.Generate(*seed, *n) {
		p := filepath.Join(dir, d.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(p, []byte(d.Text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
		bytes += int64(len(d.Text))
	}
	fmt.Fprintf(os.Stderr, "%d 篇，%.1f MB，写入 %s\n", *n, float64(bytes)/1e6, dir)
}
