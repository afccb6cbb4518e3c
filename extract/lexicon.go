package extract

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// The extractors' word lists, patterns and cue tables are data files under
// data/, embedded in the binary, so that a linguist can edit them and see
// the effect in `make eval` without touching Go. Three formats:
//
//   - word lists (*.txt): "[name]" opens a list; each following line holds
//     one or more words separated by spaces. Lists are asked for by name;
//   - tables (*.tsv): one row per line, tab-separated columns;
//   - patterns (patterns.tsv): name, gate literals and a regular expression
//     with named captures, asked for by name; "{{file:list}}" in a pattern
//     or its literals stands for the words of a list (an alternation in the
//     pattern, the words themselves among the literals).
//
// In every file a line starting with # is a comment and blank lines are
// ignored. A file that does not load is a programming error of the data: it
// panics at init with the file and line, e.g. "data/units.tsv:12: …".

//go:embed data
var dataFiles embed.FS

// dataError is a problem in a data file, at a line (0 when it concerns the
// whole file).
type dataError struct {
	file string
	line int
	msg  string
}

func (e *dataError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("data/%s:%d: %s", e.file, e.line, e.msg)
	}
	return fmt.Sprintf("data/%s: %s", e.file, e.msg)
}

func errorAt(file string, line int, format string, args ...any) error {
	return &dataError{file, line, fmt.Sprintf(format, args...)}
}

// readData returns the text of an embedded data file.
func readData(file string) string {
	b, err := dataFiles.ReadFile("data/" + file)
	if err != nil {
		panic(errorAt(file, 0, "无法读取: %v", err))
	}
	return string(b)
}

// dataLine is one line of a data file that is neither blank nor a comment.
type dataLine struct {
	n    int // 1-based line number
	text string
}

func dataLines(src string) []dataLine {
	var out []dataLine
	for i, l := range strings.Split(src, "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		out = append(out, dataLine{i + 1, l})
	}
	return out
}

// wordLists is a word-list file: named lists of words.
type wordLists struct {
	file  string
	lists map[string][]string
	line  map[string]int  // where each list opens
	asked map[string]bool // lists the code has asked for
}

var listNameRe = regexp.MustCompile(`^\[([a-z][a-z0-9_]*)\]$`)

// parseWordLists reads a word-list file. Every word belongs to a list, a
// list is named once and holds at least one word, and no word is listed
// twice in one list.
func parseWordLists(file, src string) (*wordLists, error) {
	w := &wordLists{file: file, lists: map[string][]string{}, line: map[string]int{}, asked: map[string]bool{}}
	cur := ""
	for _, l := range dataLines(src) {
		t := strings.TrimSpace(l.text)
		if strings.HasPrefix(t, "[") {
			m := listNameRe.FindStringSubmatch(t)
			if m == nil {
				return nil, errorAt(file, l.n, "词表名 %q 不合格式（应为 [小写英文名]，如 [submit_verbs]）", t)
			}
			if _, dup := w.line[m[1]]; dup {
				return nil, errorAt(file, l.n, "词表 [%s] 重复（第 %d 行已有）", m[1], w.line[m[1]])
			}
			cur = m[1]
			w.line[cur] = l.n
			w.lists[cur] = nil
			continue
		}
		if cur == "" {
			return nil, errorAt(file, l.n, "词语 %q 不属于任何词表（先写一行 [词表名]）", t)
		}
		for _, word := range strings.Fields(t) {
			if !utf8.ValidString(word) {
				return nil, errorAt(file, l.n, "不是有效的 UTF-8 文字")
			}
			for _, x := range w.lists[cur] {
				if x == word {
					return nil, errorAt(file, l.n, "词表 [%s] 中 %q 重复", cur, word)
				}
			}
			w.lists[cur] = append(w.lists[cur], word)
		}
	}
	for name, words := range w.lists {
		if len(words) == 0 {
			return nil, errorAt(file, w.line[name], "词表 [%s] 是空的", name)
		}
	}
	return w, nil
}

// words returns a list, in the file's order. Asking for a list the file
// lacks is a programming error: it panics naming the file.
func (w *wordLists) words(name string) []string {
	words, ok := w.lists[name]
	if !ok {
		panic(errorAt(w.file, 0, "缺少词表 [%s]", name))
	}
	w.asked[name] = true
	return words
}

// chars returns a list of single characters (or runs of them) as one
// string, for character classes: surnames, the characters that end a name.
func (w *wordLists) chars(name string) string {
	return strings.Join(w.words(name), "")
}

// longestFirst returns a copy of words sorted by length, longest first,
// keeping the file's order among words of one length: where one word is a
// prefix of another, the longer is tried first.
func longestFirst(words []string) []string {
	out := append([]string(nil), words...)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// The loaded data files, by name, so that patterns can name lists of other
// files and tests can check every list and pattern is used.
var (
	loadedMu    sync.Mutex
	loadedLists = map[string]*wordLists{}
	loadedRules []*ruleSet
)

// lexicon returns the word-list file of that name, loading it once.
func lexicon(file string) *wordLists {
	loadedMu.Lock()
	defer loadedMu.Unlock()
	if w, ok := loadedLists[file]; ok {
		return w
	}
	w, err := parseWordLists(file, readData(file))
	if err != nil {
		panic(err)
	}
	loadedLists[file] = w
	return w
}

// table is a tab-separated data file with a fixed number of columns.
type tableRow struct {
	n    int
	cols []string
}

// parseTable reads a table whose rows have exactly len(columns) cells; the
// last cell may hold anything but a line break.
func parseTable(file, src string, columns ...string) ([]tableRow, error) {
	var rows []tableRow
	for _, l := range dataLines(src) {
		cols := strings.SplitN(l.text, "\t", len(columns))
		if len(cols) != len(columns) {
			return nil, errorAt(file, l.n, "应有 %d 列（%s，以 Tab 分隔），实有 %d 列", len(columns), strings.Join(columns, "、"), len(cols))
		}
		for i, c := range cols {
			cols[i] = strings.TrimSpace(c)
			if cols[i] == "" {
				return nil, errorAt(file, l.n, "第 %d 列（%s）是空的", i+1, columns[i])
			}
		}
		rows = append(rows, tableRow{l.n, cols})
	}
	return rows, nil
}

func mustTable(file string, columns ...string) []tableRow {
	rows, err := parseTable(file, readData(file), columns...)
	if err != nil {
		panic(err)
	}
	return rows
}

// rule is a named pattern of patterns.tsv: a gated regular expression whose
// captures are known by name.
type rule struct {
	gated
	name string
	line int
}

// group returns the span of the named capture in a match m (absolute
// offsets, as gated.each gives them), and false when it did not take part.
// The name must be a capture of the pattern: asking for another panics.
func (r *rule) group(m []int, name string) (span, bool) {
	i := r.re.SubexpIndex(name)
	if i < 0 {
		panic(fmt.Sprintf("extract: pattern %s has no capture %q", r.name, name))
	}
	if m[2*i] < 0 {
		return span{}, false
	}
	return span{m[2*i], m[2*i+1]}, true
}

// ruleSet is a patterns file: rules by name.
type ruleSet struct {
	file  string
	rules map[string]*rule
	order []string
	asked map[string]bool
}

var listRefRe = regexp.MustCompile(`\{\{([a-z_]+\.txt):([a-z][a-z0-9_]*)\}\}`)

// expandLists replaces each {{file:list}} in s with the list's words, as a
// regular expression alternation (quote true) or separated by spaces.
func expandLists(file string, line int, s string, quote bool) (string, error) {
	var err error
	out := listRefRe.ReplaceAllStringFunc(s, func(ref string) string {
		m := listRefRe.FindStringSubmatch(ref)
		w := lexicon(m[1])
		words, ok := w.lists[m[2]]
		if !ok {
			err = errorAt(file, line, "引用的词表 %s 中没有 [%s]", m[1], m[2])
			return ""
		}
		w.asked[m[2]] = true
		if !quote {
			return strings.Join(words, " ")
		}
		q := make([]string, len(words))
		for i, x := range words {
			q[i] = regexp.QuoteMeta(x)
		}
		return strings.Join(q, "|")
	})
	if err == nil && strings.Contains(out, "{{") {
		err = errorAt(file, line, "无法识别的词表引用（应为 {{文件名.txt:词表名}}）")
	}
	return out, err
}

// parseRules reads a patterns file: name, gate literals ("-" for none) and
// the pattern.
func parseRules(file, src string) (*ruleSet, error) {
	rows, err := parseTable(file, src, "name", "literals", "pattern")
	if err != nil {
		return nil, err
	}
	rs := &ruleSet{file: file, rules: map[string]*rule{}, asked: map[string]bool{}}
	for _, row := range rows {
		name, lits, pat := row.cols[0], row.cols[1], row.cols[2]
		if !listNameRe.MatchString("[" + name + "]") {
			return nil, errorAt(file, row.n, "规则名 %q 不合格式（应为小写英文名）", name)
		}
		if old, dup := rs.rules[name]; dup {
			return nil, errorAt(file, row.n, "规则 %s 重复（第 %d 行已有）", name, old.line)
		}
		if pat, err = expandLists(file, row.n, pat, true); err != nil {
			return nil, err
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return nil, errorAt(file, row.n, "规则 %s 的正则表达式有误: %v", name, err)
		}
		for i, g := range re.SubexpNames() {
			if i > 0 && g == "" {
				return nil, errorAt(file, row.n, "规则 %s 有未命名的捕获组（用 (?P<名字>…) 命名，或用 (?:…) 不捕获）", name)
			}
		}
		var words []string
		if lits != "-" {
			if lits, err = expandLists(file, row.n, lits, false); err != nil {
				return nil, err
			}
			words = strings.Fields(lits)
		}
		rs.rules[name] = &rule{gated: newGated(re, words), name: name, line: row.n}
		rs.order = append(rs.order, name)
	}
	return rs, nil
}

// get returns the rule of that name, checking that it has the named
// captures the code reads. A missing rule or capture panics with the file
// and line.
func (rs *ruleSet) get(name string, captures ...string) *rule {
	r, ok := rs.rules[name]
	if !ok {
		panic(errorAt(rs.file, 0, "缺少规则 %s", name))
	}
	for _, c := range captures {
		if r.re.SubexpIndex(c) < 0 {
			panic(errorAt(rs.file, r.line, "规则 %s 缺少命名捕获组 (?P<%s>…)", name, c))
		}
	}
	rs.asked[name] = true
	return r
}

// mustRules loads a patterns file once.
func mustRules(file string) *ruleSet {
	rs, err := parseRules(file, readData(file))
	if err != nil {
		panic(err)
	}
	loadedMu.Lock()
	loadedRules = append(loadedRules, rs)
	loadedMu.Unlock()
	return rs
}

// patterns holds the extractors' regular expressions.
var patterns = mustRules("patterns.tsv")
