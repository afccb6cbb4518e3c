package extract

import (
	"io/fs"
	"strings"
	"testing"
)

// dataParsers are the parsers of the data files, by file name: every file
// in data/ must have one.
var dataParsers = map[string]func(file, src string) error{
	"meetings.tsv": func(file, src string) error { return catch(func() { parseMeetings(src) }) },
	"kinds.tsv":    func(file, src string) error { _, err := parseKindCues(file, src); return err },
	"units.tsv":    func(file, src string) error { _, err := parseUnits(file, src); return err },
	"activities.tsv": func(file, src string) error {
		_, err := parseTriggers(file, src)
		return err
	},
	"levels.tsv": func(file, src string) error {
		_, err := parseTable(file, src, "suffix", "level")
		return err
	},
	"patterns.tsv": func(file, src string) error { _, err := parseRules(file, src); return err },
}

// catch turns a panic into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = &dataError{msg: strings.TrimSpace(strings.ReplaceAll(r.(string), "\n", " "))}
			}
		}
	}()
	f()
	return nil
}

// TestDataFilesLoad loads every data file with its parser: each parses,
// and every list and pattern in it is used by the code (an entry nobody
// reads is a linguist's edit without effect).
func TestDataFilesLoad(t *testing.T) {
	entries, err := fs.ReadDir(dataFiles, "data")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 10 {
		t.Fatalf("data/ holds %d files, want the lexicons of every extractor", len(entries))
	}
	for _, e := range entries {
		name := e.Name()
		src := readData(name)
		switch {
		case strings.HasSuffix(name, ".txt"):
			if _, err := parseWordLists(name, src); err != nil {
				t.Errorf("%v", err)
			}
			w, ok := loadedLists[name]
			if !ok {
				t.Errorf("data/%s is never loaded by the code", name)
				continue
			}
			for list, line := range w.line {
				if !w.asked[list] {
					t.Errorf("data/%s:%d: list [%s] is never used", name, line, list)
				}
			}
		default:
			parse, ok := dataParsers[name]
			if !ok {
				t.Errorf("data/%s has no parser in dataParsers", name)
				continue
			}
			if err := parse(name, src); err != nil {
				t.Errorf("%v", err)
			}
		}
	}
	for _, rs := range loadedRules {
		for _, name := range rs.order {
			if !rs.asked[name] {
				t.Errorf("data/%s:%d: pattern %s is never used", rs.file, rs.rules[name].line, name)
			}
		}
	}
}

// TestDataFileErrors checks that a broken data file is reported with its
// file and line and the reason.
func TestDataFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(file, src string) error
		src   string
		want  string // the start of the message
		about string // a word the reason must hold
	}{
		{"word outside a list", wl, "# c\n\n提出 提交\n", "data/x.txt:3:", "不属于任何词表"},
		{"bad list name", wl, "[Submit Verbs]\n提出\n", "data/x.txt:1:", "词表名"},
		{"list twice", wl, "[a]\n提出\n# c\n[a]\n提交\n", "data/x.txt:4:", "重复"},
		{"word twice", wl, "[a]\n提出 提交\n提出\n", "data/x.txt:3:", "重复"},
		{"empty list", wl, "[a]\n提出\n[b]\n# nothing\n", "data/x.txt:3:", "空的"},
		{"missing column", tab2, "# word\ttype\n视察\n", "data/x.tsv:2:", "应有 2 列"},
		{"empty cell", tab2, "视察\t \n", "data/x.tsv:1:", "空的"},
		{"unknown activity type", func(f, s string) error { _, err := parseTriggers(f, s); return err },
			"视察\tinspection\n调研\treserch\n", "data/x.tsv:2:", "reserch"},
		{"trigger twice", func(f, s string) error { _, err := parseTriggers(f, s); return err },
			"视察\tinspection\n视察\tresearch\n", "data/x.tsv:2:", "重复"},
		{"bad unit use", func(f, s string) error { _, err := parseUnits(f, s); return err },
			"件\tyes\t-\t-\n次\tmaybe\tall\t-\n", "data/x.tsv:2:", "yes"},
		{"unit counting nothing", func(f, s string) error { _, err := parseUnits(f, s); return err },
			"件\t-\t-\t-\n", "data/x.tsv:1:", "什么也不计"},
		{"bad quantity kind", func(f, s string) error { _, err := parseUnits(f, s); return err },
			"万元\t-\t-\tcash\n", "data/x.tsv:1:", "cash"},
		{"bad regexp", rules, "ok\t-\t视察\nbad\t-\t视察(\n", "data/x.tsv:2:", "正则表达式"},
		{"unnamed capture", rules, "a\t-\t(视察)\\d次\n", "data/x.tsv:1:", "未命名"},
		{"rule twice", rules, "a\t-\t视察\na\t-\t调研\n", "data/x.tsv:2:", "重复"},
		{"unknown list", rules, "a\t-\t(?:{{jobs.txt:no_such_list}})\n", "data/x.tsv:1:", "no_such_list"},
		{"bad list reference", rules, "a\t-\t{{jobs:titles}}\n", "data/x.tsv:1:", "词表引用"},
		{"bad kind", kinds, "a\tduty_report\t5\ttext\tonce\t-\t述职\nb\tspeech\t5\ttext\tonce\t-\t讲话\n", "data/x.tsv:2:", "speech"},
		{"bad weight", kinds, "a\tessay\tten\ttext\tonce\t-\t笔者\n", "data/x.tsv:1:", "权重"},
		{"bad where", kinds, "a\tessay\t5\ttitle\tonce\t-\t笔者\n", "data/x.tsv:1:", "head"},
		{"bad count", kinds, "a\tessay\t5\ttext\ttwice\t-\t笔者\n", "data/x.tsv:1:", "once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "x.tsv"
			if tt.want[len("data/x"):][:4] == ".txt" {
				file = "x.txt"
			}
			err := tt.parse(file, tt.src)
			if err == nil {
				t.Fatalf("no error, want %q… about %q", tt.want, tt.about)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.want) || !strings.Contains(msg, tt.about) {
				t.Errorf("error %q, want it to start with %q and name %q", msg, tt.want, tt.about)
			}
		})
	}
}

func wl(file, src string) error { _, err := parseWordLists(file, src); return err }
func tab2(file, src string) error {
	_, err := parseTable(file, src, "word", "type")
	return err
}
func rules(file, src string) error { _, err := parseRules(file, src); return err }
func kinds(file, src string) error { _, err := parseKindCues(file, src); return err }

// TestEmbeddedFileErrorPanics checks that a data file that does not load
// stops the program at init with its name and line: the loaders of the
// embedded files panic with the parser's error.
func TestEmbeddedFileErrorPanics(t *testing.T) {
	err := catch(func() { lexicon("no-such-file.txt") })
	if err == nil || !strings.HasPrefix(err.Error(), "data/no-such-file.txt:") {
		t.Errorf("loading a missing lexicon: %v, want a panic naming data/no-such-file.txt", err)
	}
	err = catch(func() { lexicon("jobs.txt").words("no_such_list") })
	if err == nil || !strings.Contains(err.Error(), "data/jobs.txt") || !strings.Contains(err.Error(), "no_such_list") {
		t.Errorf("asking for a missing list: %v, want a panic naming the file and the list", err)
	}
	err = catch(func() { patterns.get("position", "no_such_capture") })
	if err == nil || !strings.HasPrefix(err.Error(), "data/patterns.tsv:") || !strings.Contains(err.Error(), "no_such_capture") {
		t.Errorf("asking for a missing capture: %v, want a panic naming data/patterns.tsv and the line", err)
	}
}

// TestListExpansion checks that a pattern naming a list matches each of its
// words and that the literals hold them.
func TestListExpansion(t *testing.T) {
	rs, err := parseRules("x.tsv", "job\t{{jobs.txt:counters}}\t^(?P<w>{{jobs.txt:counters}})农民$\n")
	if err != nil {
		t.Fatal(err)
	}
	r := rs.rules["job"]
	for _, w := range jobs.words("counters") {
		if !r.re.MatchString(w + "农民") {
			t.Errorf("%s农民 does not match %s", w, r.re)
		}
		if !r.in(w) {
			t.Errorf("literals %v lack %s", r.lits, w)
		}
	}
	if r.re.MatchString("两名农民") {
		t.Errorf("两名农民 matches %s", r.re)
	}
}
