package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// errUsage marks a command line that could not be understood; the flag set
// has already printed why.
var errUsage = errors.New("usage")

// flagSet is a flag.FlagSet with a Chinese help text and flags allowed
// anywhere on the line (lvzhi search 道路 --year 2023).
type flagSet struct {
	*flag.FlagSet
	e        *env
	synopsis string
	examples []string
}

func newFlagSet(e *env, name, synopsis string, examples ...string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), e: e, synopsis: synopsis, examples: examples}
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "用法: lvzhi %s\n", fs.synopsis)
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(w, "\n%s\n", c.summary)
			}
		}
		fmt.Fprintln(w, "\n参数:")
		fs.PrintDefaults()
		if len(fs.examples) > 0 {
			fmt.Fprintln(w, "\n示例:")
			for _, ex := range fs.examples {
				fmt.Fprintf(w, "  %s\n", ex)
			}
		}
	}
	return fs
}

// dataFlag adds the --data flag every command that reads or writes the data
// directory takes.
func (fs *flagSet) dataFlag() *string {
	def := os.Getenv("LVZHI_DATA")
	if def == "" {
		def = "lvzhi-data"
	}
	return fs.String("data", def, "数据目录（也可用环境变量 LVZHI_DATA 指定）")
}

// parse parses args with flags anywhere and returns the positional
// arguments. An argument starting with - that names no flag is positional,
// so a search for -交通 (exclude 交通) works. After "--" everything is
// positional.
func (fs *flagSet) parse(args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		name, hasValue := flagName(a)
		f := fs.Lookup(name)
		if name == "" || (f == nil && name != "h" && name != "help") {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		if f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(fs.e.stdout)
			fs.Usage()
			return nil, err
		}
		return nil, errUsage
	}
	return pos, nil
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

// usageErrorf prints a usage problem with the command's help and returns
// errUsage.
func (fs *flagSet) usageErrorf(format string, args ...any) error {
	fmt.Fprintf(fs.Output(), format+"\n\n", args...)
	fs.Usage()
	return errUsage
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
