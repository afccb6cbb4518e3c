package index

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

//go:embed dict/domain.txt
var domainDict string

// gseDict is gse's simplified-Chinese dictionary (data/dict/zh/s_1.txt of
// the gse version in go.mod) without its rarest words: the 109,000 words of
// frequency minDictFreq or more out of 352,000. It segments report text the
// same way to 99.3 % of tokens (measured on the sample corpus), and loads in
// a quarter of the time and memory. TestDictionaryUpToDate regenerates it.
//
//go:embed dict/zh_s.txt
var gseDict string

// minDictFreq is the lowest frequency kept from gse's dictionary.
const minDictFreq = 10

// minDictTokens is a sanity floor for a loaded dictionary. A Segmenter
// whose dictionary failed to load silently returns nothing, so loading
// checks this.
const minDictTokens = 100000

// Segmenter is the one gse segmenter of a process: gse's simplified Chinese
// dictionary (embedded, trimmed: see gseDict) plus lvzhi's domain
// dictionary: the word cutter of the index's "gse" tokenizer, its one user.
// It loads on first use (search never needs it) and is read-only
// afterwards, so one *Segmenter is shared by every goroutine.
type Segmenter struct {
	once sync.Once
	seg  gse.Segmenter
	err  error
}

// NewSegmenter returns a Segmenter that loads its dictionaries on first use.
func NewSegmenter() *Segmenter { return &Segmenter{} }

// Load loads the dictionaries if they are not loaded yet. It is safe to call
// from several goroutines; only the first call does the work.
func (s *Segmenter) Load() error {
	s.once.Do(func() { s.err = s.load() })
	return s.err
}

// dictCapacity is a little more than the words of both dictionaries:
// sizing the token table up front saves gse from growing (and copying) it
// while loading.
const dictCapacity = 112000

func (s *Segmenter) load() error {
	s.seg.SkipLog = true
	s.seg.Dict = gse.NewDict()
	s.seg.Init()
	s.seg.Dict.Tokens = make([]gse.Token, 0, dictCapacity)
	// Ours comes first so that its frequencies win: Dictionary.AddToken
	// keeps the first entry of a word. One LoadDictStr call, so that gse
	// computes its path weights (CalcToken) once. (LoadDict would reset the
	// dictionary: go-ego/gse#200.)
	var b strings.Builder
	b.Grow(len(domainDict) + len(gseDict))
	for _, line := range strings.Split(domainDict, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	b.WriteString(gseDict)
	if err := s.seg.LoadDictStr(b.String()); err != nil {
		return fmt.Errorf("加载分词词典失败: %w", err)
	}
	if n := s.seg.Dict.NumTokens(); n < minDictTokens {
		return fmt.Errorf("加载分词词典失败: 只有 %d 个词条", n)
	}
	return nil
}

// Words calls emit with the byte offsets of each word of text, in order,
// skipping spaces and punctuation. A run of placeholder marks (**, ××, __)
// is one word. It loads the dictionaries if needed and
// panics if they cannot be loaded: call Load first to get the error.
func (s *Segmenter) Words(text []byte, emit func(start, end int)) {
	if err := s.Load(); err != nil {
		panic(err)
	}
	segs := s.seg.Segment(text)
	for i := 0; i < len(segs); i++ {
		a, b := segs[i].Start(), segs[i].End()
		if isMarks(text[a:b]) {
			// gse cuts a placeholder run (**, ××, __, □□) into single
			// marks; it is one word, the stand-in for a number or a name.
			for i+1 < len(segs) && segs[i+1].Start() == b && isMarks(text[b:segs[i+1].End()]) {
				i++
				b = segs[i].End()
			}
			if isPlaceholderRun(text[a:b]) {
				emit(a, b)
			}
			continue
		}
		if !isWord(text[a:b]) {
			continue
		}
		emit(a, b)
	}
}

// isPlaceholderMark reports whether r is a mark that template reports repeat
// where a number or a name belongs (20**年, ××镇, 提出建议__条, □□村).
func isPlaceholderMark(r rune) bool {
	switch r {
	case '*', '＊', '×', '_', '＿', '□':
		return true
	}
	return false
}

// isMarks reports whether b is made of placeholder marks only.
func isMarks(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, r := range string(b) {
		if !isPlaceholderMark(r) {
			return false
		}
	}
	return true
}

// isPlaceholderRun reports whether a run of placeholder marks is a word: two
// marks or more, or a lone * or □ (提出建议*条); a lone × or _ is a sign.
func isPlaceholderRun(b []byte) bool {
	if utf8.RuneCount(b) >= 2 {
		return true
	}
	r, _ := utf8.DecodeRune(b)
	return r == '*' || r == '＊' || r == '□'
}

// Cut returns the words of text as strings (for tests and debugging).
func (s *Segmenter) Cut(text string) []string {
	var out []string
	s.Words([]byte(text), func(a, b int) { out = append(out, text[a:b]) })
	return out
}

// isWord reports whether a gse segment holds at least one letter or digit;
// gse returns spaces and punctuation as pseudo-words.
func isWord(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) {
			return true
		}
		b = b[n:]
	}
	return false
}
