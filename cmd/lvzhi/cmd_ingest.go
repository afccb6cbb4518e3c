package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/ingest"
	"lvzhi/web"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "ingest", "ingest [--data 目录] 路径...",
		"lvzhi ingest 报告/2023",
		"lvzhi ingest --data /srv/lvzhi 第二批.zip 第三批/",
		"lvzhi ingest --reference 范文网站下载/")
	fs.dataFlag()
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "并行分析的线程数")
	strict := fs.Bool("strict", false, "有文件读取失败时以非零状态退出")
	reference := fs.Bool("reference", false, "作为参考材料导入（范文网站页面、范本、往年档案）：可检索、作为复制比的来源，但不计入统计和复核队列")
	paths, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fs.usageErrorf("请指定要导入的文件、文件夹或 zip 压缩包")
	}

	bar := newProgressBar(e)
	opt := app.IngestOptions{Workers: *workers, Progress: bar.progress(), CountFiles: bar != nil, Reference: *reference}
	var res app.IngestResult
	var runErr error
	a, err := app.Open(ctx, fs.dataDir(), app.Options{Access: app.Write, Create: true})
	switch {
	case err == nil:
		defer a.Close()
		// Other commands and the web UI read through this process's
		// socket meanwhile.
		stop := serveReads(e, fs.dataDir(), a)
		res, runErr = a.Ingest(ctx, paths, opt)
		stop()
	case corpus.ErrorCode(err) == corpus.ELOCKED:
		// lvzhi serve owns the directory: it runs the ingest for us; an
		// owner that is itself ingesting refuses, naming itself.
		c, derr := web.Dial(ctx, fs.dataDir())
		if derr != nil {
			return err
		}
		defer c.Close()
		o := c.Owner()
		fmt.Fprintf(e.stderr, "数据目录由进程 %d（%s）持有，导入交由它执行\n", o.PID, safe(o.Command))
		res, runErr = c.Ingest(ctx, paths, opt)
	default:
		return err
	}
	bar.finish()
	for _, err := range res.Errors {
		fmt.Fprintf(e.stderr, "失败: %s\n", safe(err.Error()))
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "注意: %s（已导入，请核对）\n", safe(w.Error()))
	}
	printSummary(e, res.Summary)
	if runErr != nil {
		return runErr
	}
	printCopyStats(e, res.Copies)
	fmt.Fprintf(e.stderr, "检索索引: 写入 %d 篇，用时 %s\n", res.Indexed, res.IndexElapsed.Round(10*time.Millisecond))
	if res.Failed > 0 && res.Read+res.Unchanged == 0 {
		return fmt.Errorf("没有读到任何文件（%d 个失败）", res.Failed)
	}
	if *strict && res.Failed > 0 {
		return fmt.Errorf("%d 个文件读取失败", res.Failed)
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

// printCopyStats prints what a copy check did, one line on stderr.
func printCopyStats(e *env, s app.CopyStats) {
	if s.New+s.Related == 0 {
		return
	}
	fmt.Fprintf(e.stderr, "复制比检查: 新检查 %d 篇，因新文档而重新检查 %d 篇，用时 %s\n",
		s.New, s.Related, s.Elapsed.Round(10*time.Millisecond))
}
