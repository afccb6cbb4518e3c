package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"lvzhi/app"
	"lvzhi/corpus"
)

// errUsage marks a command line that could not be understood; the reason
// has already been printed.
var errUsage = errors.New("usage")

// flagSet is a flag.FlagSet with a Chinese help text, flags allowed
// anywhere on the line (lvzhi search 道路 --year 2023), unknown options
// refused with the nearest known one, and enumerated values that accept
// the Chinese labels lvzhi prints.
type flagSet struct {
	*flag.FlagSet
	e        *env
	name     string
	synopsis string
	examples []string
	// dashTerms allows positional arguments that start with a dash (the
	// search language's -exclusion): an unknown -word is then a term
	// unless it is one typing mistake away from an option.
	dashTerms bool
	data      *string
	dataSet   bool
}

func newFlagSet(e *env, name, synopsis string, examples ...string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), e: e, name: name, synopsis: synopsis, examples: examples}
	fs.SetOutput(io.Discard) // parse prints its own messages, once
	fs.Usage = func() {}
	return fs
}

// help writes the command's help text.
func (fs *flagSet) help(w io.Writer) {
	fmt.Fprintf(w, "用法: lvzhi %s\n", fs.synopsis)
	for _, c := range commands {
		if c.name == fs.name {
			fmt.Fprintf(w, "\n%s\n", c.summary)
		}
	}
	fmt.Fprintln(w, "\n参数:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if len(fs.examples) > 0 {
		fmt.Fprintln(w, "\n示例:")
		for _, ex := range fs.examples {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
}

// defaultDataDir is the data directory's name when neither --data nor
// LVZHI_DATA names one.
const defaultDataDir = "lvzhi-data"

// dataFlag adds the --data flag every command that reads or writes the data
// directory takes; dataDir resolves it after parsing.
func (fs *flagSet) dataFlag() *string {
	def := os.Getenv("LVZHI_DATA")
	if def == "" {
		def = defaultDataDir
	}
	fs.data = fs.String("data", def, "数据目录（也可用环境变量 LVZHI_DATA 指定；默认在当前文件夹及其上级文件夹中查找 lvzhi-data）")
	return fs.data
}

// dataDir is the data directory the command works on: --data or
// LVZHI_DATA as given; otherwise ./lvzhi-data, or the nearest lvzhi-data
// in a parent folder when there is none here (as git finds .git).
func (fs *flagSet) dataDir() string {
	if fs.dataSet || os.Getenv("LVZHI_DATA") != "" {
		return *fs.data
	}
	if app.Exists(defaultDataDir) {
		return defaultDataDir
	}
	if found := app.Find(".", defaultDataDir); found != "" {
		return found
	}
	return defaultDataDir
}

// parse parses args with flags anywhere and returns the positional
// arguments. After "--" everything is positional. --help prints the help
// once on stdout and returns flag.ErrHelp; an unknown option or a bad
// value prints one line naming it (and the nearest valid option) and
// returns errUsage.
func (fs *flagSet) parse(args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		name, hasValue := flagName(a)
		if name == "h" || name == "help" {
			fs.help(fs.e.stdout)
			return nil, flag.ErrHelp
		}
		f := fs.Lookup(name)
		if name == "" {
			pos = append(pos, a)
			continue
		}
		if f == nil {
			near := fs.nearest(name)
			doubleDash := strings.HasPrefix(a, "--")
			if fs.dashTerms && !doubleDash && (near == "" || !isASCII(name)) {
				pos = append(pos, a) // a -term of the search language
				continue
			}
			if near != "" {
				return nil, fs.usageErrorf("未知参数 %s，是不是 --%s？", a, near)
			}
			return nil, fs.usageErrorf("未知参数 %s", a)
		}
		flags = append(flags, a)
		if !hasValue && !isBoolFlag(f) {
			if i+1 >= len(args) {
				return nil, fs.usageErrorf("参数 %s 需要一个值", a)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, fs.usageErrorf("%s", parseMessage(err))
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "data" {
			fs.dataSet = true
		}
	})
	return pos, nil
}

// parseMessage turns the flag package's English error into Chinese.
func parseMessage(err error) string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -limit: parse error
		if val, flagPart, ok := strings.Cut(rest, " for flag "); ok {
			name, why, _ := strings.Cut(flagPart, ": ")
			if strings.Contains(why, "parse error") || strings.Contains(why, "invalid syntax") {
				why = "格式不对"
			}
			return fmt.Sprintf("参数 -%s 的值 %s 无效：%s", strings.TrimPrefix(name, "-"), val, why)
		}
	}
	return msg
}

// nearest is the option name closest to name (at most two edits, or a
// prefix), "" when none is close.
func (fs *flagSet) nearest(name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return nearestWord(name, names)
}

// nearestWord is corpus.Nearest: the candidate a slip of the keyboard
// away from word, "" when none is.
func nearestWord(word string, candidates []string) string { return corpus.Nearest(word, candidates) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// flagName returns the name of a flag argument ("-year", "--year=2023"),
// "" when a is not one.
func flagName(a string) (string, bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", false
	}
	a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	if k := strings.IndexByte(a, '='); k >= 0 {
		return a[:k], true
	}
	return a, false
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// usageErrorf prints one line saying what is wrong with the command line,
// and where to read how to write it, and returns errUsage.
func (fs *flagSet) usageErrorf(format string, args ...any) error {
	fmt.Fprintf(fs.e.stderr, "lvzhi %s: %s\n", fs.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(fs.e.stderr, "用法见 lvzhi help %s\n", fs.name)
	return errUsage
}

// choice is one allowed value of an enumerated option: the code programs
// use and the Chinese label lvzhi prints; both are accepted.
type choice struct{ code, label string }

// enum resolves the value of an enumerated option: a code or a label
// (case-insensitive for codes); "" stays "". An unknown value is a usage
// error naming the nearest allowed one and listing them all.
func (fs *flagSet) enum(option, value string, choices []choice) (string, error) {
	if value == "" {
		return "", nil
	}
	var words []string
	for _, c := range choices {
		if strings.EqualFold(value, c.code) || value == c.label {
			return c.code, nil
		}
		words = append(words, c.code, c.label)
	}
	var all []string
	for _, c := range choices {
		if c.label != "" && c.label != c.code {
			all = append(all, c.code+"（"+c.label+"）")
		} else {
			all = append(all, c.code)
		}
	}
	if near := nearestWord(value, words); near != "" {
		for _, c := range choices {
			if near == c.label {
				near = c.code
			}
		}
		return "", fs.usageErrorf("--%s 的值 %q 无效，是不是 %s？可用: %s", option, value, near, strings.Join(all, "、"))
	}
	return "", fs.usageErrorf("--%s 的值 %q 无效，可用: %s", option, value, strings.Join(all, "、"))
}

// writeJSON writes v as indented JSON, with Chinese left readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
