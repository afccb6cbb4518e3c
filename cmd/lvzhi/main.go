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
	"strings"
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
	// The first Ctrl-C or SIGTERM cancels: every phase stops at its next
	// check and what was committed stays. A second one ends the process at
	// once (the default action), for a person who will not wait.
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		fmt.Fprintln(os.Stderr, "lvzhi: 正在停止（已保存的内容不会丢失；再按一次 Ctrl-C 立即退出）…")
		cancel()
	}()
	// LVZHI_CPUPROFILE=file writes a CPU profile of the run (for make bench).
	if path := os.Getenv("LVZHI_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer f.Close()
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	cancel()
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
		{"compare", "代表对比：按代表、地区、层级、年份汇总，履职积分、排名和值得注意的情况", runCompare},
		{"deputies", "列出每位代表及其名下的报告（可用代表对应表合并或拆分）", runDeputies},
		{"points", "打印默认的履职积分表（复制修改后用于 compare --points）", runPoints},
		{"stats", "数据目录概况：文档数、类型、年份", runStats},
		{"serve", "启动网页界面（默认 http://127.0.0.1:8080/），导入时也能检索", runServe},
		{"reference", "把已导入的文件或文件夹标为参考材料（或用 --unset 取消）", runReference},
		{"remove", "删除文档：按编号、文件或文件夹（连同旧版本），并重新检查受影响文档的复制比", runRemove},
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
	fmt.Fprintln(w, "通用参数: --data 目录（或环境变量 LVZHI_DATA）, --color=auto|always|never（也认 NO_COLOR）, --version")
	fmt.Fprintln(w, "每个命令都有帮助，例如: lvzhi help search")
}

// version is lvzhi's release; the VCS revision of the build is added
// when known.
const version = "0.9.0"

// versionString is what --version prints.
func versionString() string {
	v := "lvzhi " + version
	if info, ok := debug.ReadBuildInfo(); ok {
		rev, dirty := "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " (" + rev
			if dirty {
				v += "，有未提交的修改"
			}
			v += ")"
		}
		v += " " + info.GoVersion
	}
	return v
}

// run executes one command line and returns the process exit code: 0 on
// success, 1 on failure, 2 on a usage error, 130 when interrupted.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Libraries that log with the standard logger (gse, bleve) must not
	// write over our output: their lines go to debug-level slog.
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel()}))
	log.SetOutput(slogWriter{logger})
	log.SetFlags(0)
	e := &env{stdout: stdout, stderr: stderr, log: logger, tty: isTerminal(stderr), colour: isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}

	// --color is global: it may stand anywhere on the line.
	args, colour, err := colorOption(args)
	if err != nil {
		fmt.Fprintf(stderr, "lvzhi: %v\n", err)
		return 2
	}
	switch colour {
	case "always":
		e.colour = true
	case "never":
		e.colour = false
	}

	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		usage(stdout)
		return 0
	case "help":
		if len(args) > 1 {
			// lvzhi help search: the command's own help.
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return 0
	case "-v", "--version", "version":
		fmt.Fprintln(stdout, versionString())
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
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	if near := nearestWord(name, names); near != "" {
		fmt.Fprintf(stderr, "lvzhi: 未知命令 %q，是不是 %s？用 lvzhi help 查看全部命令\n", name, near)
	} else {
		fmt.Fprintf(stderr, "lvzhi: 未知命令 %q，用 lvzhi help 查看全部命令\n", name)
	}
	return 2
}

// colorOption takes --color[=auto|always|never] out of args, wherever it
// stands before a "--".
func colorOption(args []string) ([]string, string, error) {
	var out []string
	value := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, hasValue := flagName(a)
		if name != "color" && name != "colour" {
			out = append(out, a)
			continue
		}
		v := "always"
		if hasValue {
			v = a[strings.IndexByte(a, '=')+1:]
		} else if i+1 < len(args) && (args[i+1] == "auto" || args[i+1] == "always" || args[i+1] == "never") {
			i++
			v = args[i]
		}
		switch v {
		case "auto", "always", "never":
			value = v
		default:
			return nil, "", fmt.Errorf("--color 的值 %q 无效，可用: auto、always、never", v)
		}
	}
	return out, value, nil
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
