// Package lexicon holds lvzhi's shared word lists: the markers of template
// websites, and the words that open and close a document, as embedded data
// files a linguist can edit (data/*.txt). The reader and the splitter
// (ingest) and the residue check (extract) use the same lists, so that a
// marker added here is seen by all three.
//
// A file is a sequence of categories, each a list of entries:
//
//	# a comment line; blank lines are ignored
//	[category]           the entries below belong to it, until the next [...]
//	word                 a literal word or phrase
//	re NAME PATTERN      a regular expression (RE2 syntax) known by NAME
//
// A "#" after a space or tab starts a comment that runs to the end of the
// line. A pattern that captures uses named groups, (?P<name>...). Entries
// are known by name: a word by itself, a rule by its NAME; both are unique
// within their category. A category is known across files as FILE.CATEGORY
// (site.related, closings.thanks), FILE being the file name without ".txt".
//
// The files are parsed when the package is initialised. A file that does not
// parse is a programming error: the package panics with the file and line.
// Asking for a category or rule that does not exist panics too, naming it,
// so that a misspelt name fails every test at once.
//
// This package imports nothing of ours and nothing third-party.
package lexicon

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

//go:embed data/*.txt
var files embed.FS

// An Entry is one word or rule of a lexicon file.
type Entry struct {
	Category string         // FILE.CATEGORY
	Name     string         // the rule's name; a word's name is the word
	Word     string         // the literal word, "" for a rule
	Re       *regexp.Regexp // the rule's expression, nil for a word
	File     string         // the data file, e.g. "site.txt"
	Line     int            // 1-based line of the entry in File
}

// Pattern is the entry as a regular expression: the rule's source, or the
// word quoted.
func (e Entry) Pattern() string {
	if e.Re != nil {
		return e.Re.String()
	}
	return regexp.QuoteMeta(e.Word)
}

// Pos is "file:line", for messages.
func (e Entry) Pos() string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

var categories = mustLoad()

func mustLoad() map[string][]Entry {
	cats, err := load(files)
	if err != nil {
		panic("lexicon: " + err.Error())
	}
	return cats
}

// load parses every data file.
func load(fsys embed.FS) (map[string][]Entry, error) {
	names, err := fsys.ReadDir("data")
	if err != nil {
		return nil, err
	}
	cats := map[string][]Entry{}
	for _, n := range names {
		if n.IsDir() || !strings.HasSuffix(n.Name(), ".txt") {
			continue
		}
		src, err := fsys.ReadFile(path.Join("data", n.Name()))
		if err != nil {
			return nil, err
		}
		entries, err := Parse(n.Name(), string(src))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			cats[e.Category] = append(cats[e.Category], e)
		}
	}
	return cats, nil
}

// A ParseError is a line of a data file that does not parse.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ruleName is what a rule's NAME may be.
var ruleName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Parse parses one data file named file (its base name, "site.txt"). The
// categories of the entries are qualified by the file's name without its
// extension. It is exported for tests and tools that check a file being
// edited; the package itself loads its embedded files at init.
func Parse(file, src string) ([]Entry, error) {
	prefix := strings.TrimSuffix(path.Base(file), ".txt")
	var out []Entry
	category := ""
	seen := map[string]int{}   // category/name → line
	counts := map[string]int{} // category → entries
	catLine := map[string]int{}
	fail := func(line int, format string, args ...any) ([]Entry, error) {
		return nil, &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	for i, raw := range strings.Split(src, "\n") {
		n := i + 1
		l := strings.TrimSpace(stripComment(strings.TrimRight(raw, "\r")))
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "[") {
			if !strings.HasSuffix(l, "]") {
				return fail(n, "category line %q lacks its closing ]", l)
			}
			name := strings.TrimSpace(l[1 : len(l)-1])
			if !ruleName.MatchString(name) {
				return fail(n, "category name %q: use lower-case letters, digits and '-'", name)
			}
			category = prefix + "." + name
			if first, dup := catLine[category]; dup {
				return fail(n, "category [%s] already begins at line %d", name, first)
			}
			catLine[category] = n
			continue
		}
		if category == "" {
			return fail(n, "entry %q before any [category]", l)
		}
		e := Entry{Category: category, File: file, Line: n}
		if rest, ok := cutWord(l, "re"); ok {
			name, pattern := "", ""
			if fields := strings.Fields(rest); len(fields) > 0 {
				name = fields[0]
				pattern = strings.TrimSpace(rest[len(name):])
			}
			if !ruleName.MatchString(name) {
				return fail(n, "rule name %q: use lower-case letters, digits and '-'", name)
			}
			if pattern == "" {
				return fail(n, "rule %q has no pattern", name)
			}
			re, err := regexp.Compile(pattern)
			if err != nil {
				return fail(n, "rule %q: %v", name, err)
			}
			for _, sub := range re.SubexpNames()[1:] {
				if sub == "" {
					return fail(n, "rule %q: capture with a named group (?P<name>...) or use (?:...)", name)
				}
			}
			e.Name, e.Re = name, re
		} else {
			if strings.ContainsAny(l, " \t") {
				return fail(n, "word %q holds a space: a rule starts with \"re NAME\"", l)
			}
			e.Name, e.Word = l, l
		}
		key := category + "/" + e.Name
		if first, dup := seen[key]; dup {
			return fail(n, "%q is already listed at line %d", e.Name, first)
		}
		seen[key] = n
		counts[category]++
		out = append(out, e)
	}
	for c, line := range catLine {
		if counts[c] == 0 {
			return fail(line, "category [%s] is empty", strings.TrimPrefix(c, prefix+"."))
		}
	}
	return out, nil
}

// cutWord cuts a leading keyword followed by a space or tab.
func cutWord(l, kw string) (string, bool) {
	if len(l) > len(kw) && strings.HasPrefix(l, kw) && (l[len(kw)] == ' ' || l[len(kw)] == '\t') {
		return strings.TrimSpace(l[len(kw):]), true
	}
	return "", false
}

// stripComment removes a "#" comment: a line starting with "#", or "#"
// after a space or tab.
func stripComment(l string) string {
	if strings.HasPrefix(strings.TrimSpace(l), "#") {
		return ""
	}
	for i := 1; i < len(l); i++ {
		if l[i] == '#' && (l[i-1] == ' ' || l[i-1] == '\t') {
			return l[:i]
		}
	}
	return l
}

// Category returns the entries of a category (FILE.CATEGORY) in file order.
// It panics if there is no such category.
func Category(name string) []Entry {
	es, ok := categories[name]
	if !ok {
		panic(fmt.Sprintf("lexicon: no category %q", name))
	}
	return es
}

// Words returns the literal words of categories, in order.
func Words(names ...string) []string {
	var out []string
	for _, name := range names {
		for _, e := range Category(name) {
			if e.Re == nil {
				out = append(out, e.Word)
			}
		}
	}
	return out
}

// Rules returns the rules (not the words) of a category.
func Rules(name string) []Entry {
	var out []Entry
	for _, e := range Category(name) {
		if e.Re != nil {
			out = append(out, e)
		}
	}
	return out
}

// Rule returns the expression of one named rule. It panics if there is no
// such rule.
func Rule(category, name string) *regexp.Regexp {
	for _, e := range Category(category) {
		if e.Re != nil && e.Name == name {
			return e.Re
		}
	}
	panic(fmt.Sprintf("lexicon: no rule %q in %q", name, category))
}

// Alternation returns every entry of the categories as one non-capturing
// alternation, "(?:w1|w2|rule…)", for composing a larger expression. Words
// come longest first, so that a longer word wins where one holds another;
// rules follow in file order. Named captures are left in: compose with
// care when a category is used twice in one expression.
func Alternation(names ...string) string {
	var words, rules []string
	for _, name := range names {
		for _, e := range Category(name) {
			if e.Re != nil {
				rules = append(rules, e.Re.String())
			} else {
				words = append(words, e.Word)
			}
		}
	}
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	parts := make([]string, 0, len(words)+len(rules))
	for _, w := range words {
		parts = append(parts, regexp.QuoteMeta(w))
	}
	parts = append(parts, rules...)
	return "(?:" + strings.Join(parts, "|") + ")"
}

// Categories lists the names of every category, sorted.
func Categories() []string {
	out := make([]string, 0, len(categories))
	for c := range categories {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Surnames is every common single-character family name, as one string
// (names.surnames); CompoundSurnames the two-character ones.
var (
	Surnames         = strings.Join(Words("names.surnames"), "")
	CompoundSurnames = Words("names.compound-surnames")
)

// SurnameLed reports whether name starts with a common family name, single
// or compound: what a Chinese personal name looks like. Names of other
// traditions (扎西多吉, 买买提·吐尔逊) do not; callers treat them as
// unproven rather than wrong.
func SurnameLed(name string) bool {
	for _, cs := range CompoundSurnames {
		if strings.HasPrefix(name, cs) {
			return true
		}
	}
	for _, r := range name {
		return strings.ContainsRune(Surnames, r)
	}
	return false
}
