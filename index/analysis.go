package index

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of lvzhi's analysis components in bleve's registry. The index
// mapping refers to the analyzers by name, so every process that opens an
// index must call Register first.
const (
	TokenizerGSE   = "gse"         // words cut by the gse segmenter
	TokenizerNgram = "lvzhi_ngram" // character bigrams within runs, separators as themselves
	StopWords      = "zh_stop"     // token map: Chinese function words (stopwords.txt)
	StopFilter     = "zh_stop"     // token filter removing StopWords
	AnalyzerZH     = "lvzhi_zh"    // gse + to_lower + zh_stop: whole words, for ranking
	AnalyzerNgram  = "lvzhi_ngram" // ngram + to_lower + no_offsets: substring recall and phrases
	// NoOffsetsFilter zeroes the byte offsets of tokens. The n-gram
	// fields keep term vectors for their positions (phrases), and bleve
	// stores each occurrence's start and end offsets with them, though
	// nothing reads them: snippets find the query in the stored text.
	// Zeros cost a byte each instead of up to three.
	NoOffsetsFilter = "lvzhi_no_offsets"
)

// WordCutter cuts text into words; *Segmenter (gse with lvzhi's
// dictionaries) is the one the program uses, tests may pass others. Load
// loads what Words needs (a dictionary) and reports a failure, so that it
// is an error from Put rather than a panic in bleve's analysis workers.
// Words must be safe for concurrent use: bleve analyses documents on a
// pool of goroutines sharing one tokenizer.
type WordCutter interface {
	Load() error
	Words(text []byte, emit func(start, end int))
}

//go:embed stopwords.txt
var stopWordsData []byte

var (
	registerMu sync.Mutex
	registered bool
	// cutter is the registered WordCutter: bleve's registry is
	// process-global, so the tokenizer it serves is too.
	cutter WordCutter
)

// Register registers lvzhi's analysis components (the "gse" tokenizer
// wrapping seg, the n-gram tokenizer, the Chinese stop-word token map and
// filter, and the two analyzers built from them) with
// bleve's process-global registry. Call it exactly once per process, before
// Open; a second call returns an error. bleve's registry is not locked, so
// no index may be in use while Register runs.
func Register(seg WordCutter) error {
	if seg == nil {
		return errors.New("注册分词组件失败: 分词器为空")
	}
	registerMu.Lock()
	defer registerMu.Unlock()
	if registered {
		return errors.New("分词组件已注册: index.Register 每个进程只能调用一次")
	}
	steps := []func() error{
		func() error {
			return registry.RegisterTokenizer(TokenizerGSE, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
				return gseTokenizer{seg: seg}, nil
			})
		},
		func() error {
			return registry.RegisterTokenizer(TokenizerNgram, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
				return ngramTokenizer{}, nil
			})
		},
		func() error {
			return registry.RegisterTokenMap(StopWords, func(map[string]any, *registry.Cache) (analysis.TokenMap, error) {
				tm := analysis.NewTokenMap()
				if err := tm.LoadBytes(stopWordsData); err != nil {
					return nil, err
				}
				return tm, nil
			})
		},
		func() error {
			return registry.RegisterTokenFilter(StopFilter, func(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
				tm, err := cache.TokenMapNamed(StopWords)
				if err != nil {
					return nil, err
				}
				return stop.NewStopTokensFilter(tm), nil
			})
		},
		func() error {
			return registry.RegisterTokenFilter(NoOffsetsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
				return noOffsets{}, nil
			})
		},
		func() error {
			return registry.RegisterAnalyzer(AnalyzerZH, analyzer(TokenizerGSE, lowercase.Name, StopFilter))
		},
		func() error {
			return registry.RegisterAnalyzer(AnalyzerNgram, analyzer(TokenizerNgram, lowercase.Name, NoOffsetsFilter))
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("注册分词组件失败: %w", err)
		}
	}
	registered = true
	cutter = seg
	return nil
}

// loadSegmenter loads the registered WordCutter's dictionary
// to load, so that a failure is an error from Put rather than a panic in
// bleve's analysis workers. Searching never needs it.
func loadSegmenter() error {
	registerMu.Lock()
	c := cutter
	registerMu.Unlock()
	if c == nil {
		return nil
	}
	return c.Load()
}

// isRegistered reports whether Register has succeeded in this process.
func isRegistered() bool {
	registerMu.Lock()
	defer registerMu.Unlock()
	return registered
}

// analyzer returns the constructor of an analyzer made of a tokenizer and
// token filters, all looked up by name.
func analyzer(tokenizer string, filters ...string) registry.AnalyzerConstructor {
	return func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(tokenizer)
		if err != nil {
			return nil, err
		}
		a := &analysis.DefaultAnalyzer{Tokenizer: tok}
		for _, name := range filters {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	}
}

// gseTokenizer emits the words gse finds, numbered 1..n; spaces and
// punctuation are skipped by the WordCutter. Terms are slices of the input.
type gseTokenizer struct{ seg WordCutter }

func (t gseTokenizer) Tokenize(in []byte) analysis.TokenStream {
	ts := make(analysis.TokenStream, 0, len(in)/4)
	var slab []analysis.Token // tokens are allocated in blocks, not one by one
	t.seg.Words(in, func(start, end int) {
		if start < 0 || end > len(in) || start >= end {
			return // a WordCutter bug must not corrupt the index
		}
		if n := len(ts); n > 0 && start < ts[n-1].End {
			return
		}
		if len(slab) == 0 {
			slab = make([]analysis.Token, 128)
		}
		tk := &slab[0]
		slab = slab[1:]
		*tk = analysis.Token{
			Term:     in[start:end],
			Start:    start,
			End:      end,
			Position: len(ts) + 1,
			Type:     wordType(in[start:end]),
		}
		ts = append(ts, tk)
	})
	return ts
}

// wordType classifies a word the way bleve's unicode tokenizer does.
func wordType(w []byte) analysis.TokenType {
	digits := true
	for len(w) > 0 {
		r, n := utf8.DecodeRune(w)
		if isIdeo(r) {
			return analysis.Ideographic
		}
		if !unicode.IsDigit(r) {
			digits = false
		}
		w = w[n:]
	}
	if digits {
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

func isIdeo(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul))
}

// isWordRune reports whether r belongs to a run of "word" characters:
// letters (ideographs are letters), digits and other numbers (〇 Ⅲ), and
// combining marks. Everything else separates runs.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// ngramTokenizer gives every character of the input one token, at the
// character's position (1-based, counting every character):
//
//   - a word character (isWordRune) followed by another word character
//     gives the bigram of the two;
//   - the last word character of a run gives itself (so a run of one
//     character is that character);
//   - a separator (punctuation, space, symbol, invalid byte) gives itself.
//
// Positions are therefore exactly 1..n. Bigrams never span a separator, so
// a phrase of bigrams never matches across punctuation, and a query that
// contains a separator matches only that same separator there. A substring
// query becomes a phrase over these tokens: see queryBuilder.substring.
type ngramTokenizer struct{}

func (ngramTokenizer) Tokenize(in []byte) analysis.TokenStream {
	n := utf8.RuneCount(in) // one token per character
	slab := make([]analysis.Token, n)
	ts := make(analysis.TokenStream, n)
	k := 0
	emit := func(start, end, pos int, typ analysis.TokenType) {
		slab[k] = analysis.Token{Term: in[start:end], Start: start, End: end, Position: pos, Type: typ}
		ts[k] = &slab[k]
		k++
	}
	var (
		pos      int  // position of the current character
		prev     int  // byte offset of the previous character
		prevEnd  int  // its end
		prevPos  int  // its position
		prevWord bool // whether it is a word character
	)
	for i := 0; i < len(in); {
		r, size := rune(in[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(in[i:])
		}
		pos++
		if isWordRune(r) {
			if prevWord {
				emit(prev, i+size, prevPos, analysis.Double)
			}
			prev, prevEnd, prevPos, prevWord = i, i+size, pos, true
		} else {
			if prevWord {
				emit(prev, prevEnd, prevPos, analysis.Single) // the end of a run
			}
			prevWord = false
			emit(i, i+size, pos, analysis.Single)
		}
		i += size
	}
	if prevWord {
		emit(prev, prevEnd, prevPos, analysis.Single)
	}
	return ts
}

// noOffsets is the token filter NoOffsetsFilter.
type noOffsets struct{}

func (noOffsets) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for _, t := range ts {
		t.Start, t.End = 0, 0
	}
	return ts
}
