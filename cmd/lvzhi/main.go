// Command lvzhi turns the duty reports of people's congress deputies into
// searchable, comparable, checkable data. It only wires the packages
// together: ingest reads files, extract analyses documents, corpus/store
// keeps them, index searches them, export writes workbooks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"lvzhi/corpus"
)

// defaultMemoryLimit is the heap size at which the garbage collector starts
// working harder (GOMEMLIMIT overrides it). An ingest's heap is mostly
// short-lived garbage (decoded records, candidate texts, index batches):
// without a limit it doubles before each collection. Measured on 5,000
// generated reports: peak RSS 1.12 GB without it, 0.81 GB with it, same
// speed. It is soft: a larger live heap only costs more GC time.
const defaultMemoryLimit = 640 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// LVZHI_CPUPROFILE=file writes a CPU profile of the run (for make bench).
	if path := os.Getenv("LVZHI_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer f.Close()
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}

// env is what every subcommand gets: its output streams and a logger.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	tty            bool // stderr is a terminal: show progress bars
	colour         bool // stdout is a terminal: highlight with colours
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is filled in init: the commands' help texts refer back to it.
var commands []command

func init() {
	commands = []command{
		{"ingest", "导入文件、文件夹或 zip 压缩包：读取、分析、保存并建立索引", runIngest},
		{"extract", "分析文件并输出 JSON（不写入数据目录）", runExtract},
		{"search", "全文检索，支持筛选、分面统计和高亮摘要", runSearch},
		{"show", "查看一篇文档：元数据、提取结果、标记和带高亮的正文", runShow},
		{"flags", "复核队列：按严重程度列出有问题的报告", runFlags},
		{"export", "导出 Excel 工作簿（或 CSV、JSON）", runExport},
		{"stats", "数据目录概况：文档数、类型、年份", runStats},
		{"serve", "启动网页界面（默认 http://127.0.0.1:8080/），导入时也能检索", runServe},
		{"reference", "把已导入的文件或文件夹标为参考材料（或用 --unset 取消）", runReference},
		{"reindex", "从数据文件重建全文索引", runReindex},
		{"reanalyze", "用当前版本的提取规则重新分析已保存的文档", runReanalyze},
		{"eval", "用标注语料评测提取质量：逐字段的精确率、召回率和 F1", runEval},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "lvzhi（履职）：人大代表履职报告的检索、统计与复核工具")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "用法: lvzhi <命令> [参数]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "命令:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "每个命令都有 --help，例如: lvzhi search --help")
}

// run executes one command line and returns the process exit code: 0 on
// success, 1 on failure, 2 on a usage error, 130 when interrupted.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Libraries that log with the standard logger (gse, bleve) must not
	// write over our output: their lines go to debug-level slog.
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))
	log.SetOutput(slogWriter{logger})
	log.SetFlags(0)
	e := &env{stdout: stdout, stderr: stderr, log: logger, tty: isTerminal(stderr), colour: isTerminal(stdout)}

	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "lvzhi: 已中断")
			return 130
		}
		fmt.Fprintf(stderr, "lvzhi %s: %s\n", name, message(err))
		return 1
	}
	fmt.Fprintf(stderr, "lvzhi: 未知命令 %q\n\n", name)
	usage(stderr)
	return 2
}

// message is the one line shown for an error: the error with the context
// each layer added, except that a lock error is shown as its message alone
// (the lock's own cause, a timeout, adds nothing).
func message(err error) string {
	var ae *corpus.Error
	if errors.As(err, &ae) && ae.Code == corpus.ELOCKED {
		return ae.Message
	}
	return err.Error()
}

func logLevel() slog.Level {
	if os.Getenv("LVZHI_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelWarn
}

// slogWriter turns lines of the standard logger into debug records.
type slogWriter struct{ l *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.l.Debug(string(trimNewline(p)), "source", "library")
	return len(p), nil
}

func trimNewline(p []byte) []byte {
	for len(p) > 0 && (p[len(p)-1] == '\n' || p[len(p)-1] == '\r') {
		p = p[:len(p)-1]
	}
	return p
}
