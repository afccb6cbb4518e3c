package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"lvzhi/extract"
	"lvzhi/ingest"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "ingest [--data 目录] 路径...",
		"lvzhi ingest 报告/2023",
		"lvzhi ingest --data /srv/lvzhi 第二批.zip 第三批/")
	data := fs.dataFlag()
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "并行分析的线程数")
	strict := fs.Bool("strict", false, "有文件读取失败时以非零状态退出")
	paths, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fs.usageErrorf("请指定要导入的文件、文件夹或 zip 压缩包")
	}

	a, err := openApp(e, *data, write, write)
	if err != nil {
		return err
	}
	defer a.Close()
	// The index's tokenizer needs gse's dictionary; it loads while the
	// first files are read and analysed (syncIndex waits for it).
	go segmenter.Load()
	// What a killed run stored but did not fingerprint comes first; what it
	// did not check or index is done with this run's documents.
	cx, err := a.openCopies()
	if err != nil {
		return err
	}
	defer cx.Close()
	if err := cx.addMissing(ctx); err != nil {
		return err
	}
	a.cx = cx

	bar := newProgressBar(e, "导入")
	if bar != nil {
		bar.total = countFiles(ctx, paths)
	}
	p := &ingest.Pipeline{
		Analyze: extract.Analyze,
		Commit:  a.commit,
		Unchanged: func(ctx context.Context, src ingest.Source, hash string) bool {
			h, err := a.st.FileHash(ctx, src.Path, src.Member)
			return err == nil && h == hash
		},
		Workers: *workers,
	}
	if bar != nil {
		p.Progress = func(pr ingest.Progress) { bar.update(pr.Files, pr.Bytes, pr.Docs) }
	}
	sum, runErr := p.Run(ctx, paths)
	if bar != nil {
		bar.finish()
	}
	for _, err := range sum.Errors {
		fmt.Fprintf(e.stderr, "失败: %v\n", err)
	}
	printSummary(e, sum)
	if runErr != nil {
		return runErr
	}
	// The copy check needs every document in; then each document goes to
	// the index once, with its final flags.
	if e.tty {
		fmt.Fprint(e.stderr, "正在检查复制比…\r")
	}
	if err := cx.checkWaiting(ctx); err != nil {
		return err
	}
	printCopyStats(e, cx.stats)
	start := time.Now()
	if e.tty {
		fmt.Fprint(e.stderr, "正在写入检索索引…\r")
	}
	if err := a.syncIndex(ctx, nil); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "检索索引: 用时 %s\n", time.Since(start).Round(10*time.Millisecond))
	if sum.Failed > 0 && sum.Read+sum.Unchanged == 0 {
		return fmt.Errorf("没有读到任何文件（%d 个失败）", sum.Failed)
	}
	if *strict && sum.Failed > 0 {
		return fmt.Errorf("%d 个文件读取失败", sum.Failed)
	}
	return nil
}

// printSummary prints what an ingest did, in one paragraph on stderr.
func printSummary(e *env, s ingest.Summary) {
	secs := s.Elapsed.Seconds()
	rate := ""
	if secs > 0.05 && s.Text > 0 {
		rate = fmt.Sprintf("，文本 %.1f MB/秒", float64(s.Text)/1e6/secs)
	}
	fmt.Fprintf(e.stderr, "导入完成: 文件 %d 个（读取 %d，未变 %d，失败 %d），文档 %d 篇（新增 %d，已有 %d），文件 %.1f MB，文本 %.1f MB，用时 %s%s\n",
		s.Files, s.Read, s.Unchanged, s.Failed, s.Documents, s.New, s.Known,
		float64(s.Bytes)/1e6, float64(s.Text)/1e6, s.Elapsed.Round(10*time.Millisecond), rate)
}

// countFiles walks the paths once without reading, for the progress bar's
// total; zero when the walk fails.
func countFiles(ctx context.Context, paths []string) int {
	n := 0
	_ = ingest.Walk(ctx, paths, ingest.Options{}, func(ingest.Source, error) error { n++; return nil })
	return n
}
