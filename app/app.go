// Package app owns one lvzhi data directory — the store (the source of
// truth), the search index, the copy check's fingerprint index and the
// word segmenter — and offers what every face of the program needs: ingest
// with progress events, remove, reanalyze, reindex, search, show, the
// review queue, comparison and export. The command line (cmd/lvzhi) and the
// web UI (web) only parse, call and print.
//
// A data directory holds:
//
//	store.db   documents, provenance, analyses, copy checks (corpus/store)
//	index/     the search index, rebuildable from the store (index)
//	copies/    the fingerprints of the copy check (index/copies)
//
// An App opened for writing holds the directory's locks until Close; one
// opened for reading opens the store and the index lazily, each read-only,
// and never creates anything.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"lvzhi/corpus"
	"lvzhi/corpus/store"
	"lvzhi/index"
	"lvzhi/index/copies"
)

// Access says how an App uses its data directory.
type Access int

const (
	// Read opens the store and the index read-only, when first needed,
	// and creates nothing.
	Read Access = iota
	// Write opens the store, the index and the copy index for writing
	// (creating them when absent) and holds them until Close.
	Write
)

// DefaultLockTimeout is how long Open waits for another lvzhi process
// that holds the data directory before it says which one does.
const DefaultLockTimeout = 2 * time.Second

// Options configures Open.
type Options struct {
	Access      Access
	LockTimeout time.Duration // 0: DefaultLockTimeout
	// Create lets a writer create the data directory when it does not
	// exist (ingest does; reindex, reanalyze and the others do not).
	Create bool
}

// The process's one segmenter: gse's dictionary loads once, lazily (search
// never needs it), and is shared read-only by every index writer. bleve's
// analysis registry is process-global, so registration happens once too.
var (
	segmenter    = index.NewSegmenter()
	registerOnce sync.Once
	registerErr  error
)

func registerIndex() error {
	registerOnce.Do(func() { registerErr = index.Register(segmenter) })
	return registerErr
}

// LoadSegmenter loads the segmenter's dictionaries now (they load on first
// use otherwise): an ingest starts it in the background while the first
// files are read.
func LoadSegmenter() error { return segmenter.Load() }

// App is an open data directory. Its methods may be called from several
// goroutines, except Close.
type App struct {
	dir    string
	access Access
	lock   time.Duration

	mu sync.Mutex // guards the lazily opened parts of a reader
	st *store.Store
	ix *index.Index
	cp *copies.Index // writers only
}

// Paths of the parts of a data directory.
func StorePath(dir string) string  { return filepath.Join(dir, "store.db") }
func IndexPath(dir string) string  { return filepath.Join(dir, "index") }
func CopiesPath(dir string) string { return filepath.Join(dir, "copies") }

// Exists reports whether dir holds an lvzhi data directory (its store file).
func Exists(dir string) bool {
	fi, err := os.Stat(StorePath(dir))
	return err == nil && fi.Mode().IsRegular()
}

// Find looks for a data directory named name in start and its parents, as
// git looks for .git, and returns the first that exists ("" when none).
func Find(start, name string) string {
	dir, err := filepath.Abs(start)
	if err != nil {
		return ""
	}
	for {
		if d := filepath.Join(dir, name); Exists(d) {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Open opens the data directory dir. A reader (Read) opens nothing yet and
// fails with ENOTFOUND when dir holds no data directory; a writer (Write)
// creates what is missing and takes the locks, failing with ELOCKED (whose
// message names the holder) after opt.LockTimeout.
func Open(ctx context.Context, dir string, opt Options) (*App, error) {
	if dir == "" {
		return nil, corpus.Errorf(corpus.EINVALID, "未指定数据目录")
	}
	a := &App{dir: dir, access: opt.Access, lock: opt.LockTimeout}
	if a.lock == 0 {
		a.lock = DefaultLockTimeout
	}
	if !Exists(dir) && (opt.Access == Read || !opt.Create) {
		return nil, notFound(dir)
	}
	if opt.Access == Read {
		return a, nil
	}
	if err := registerIndex(); err != nil {
		return nil, err
	}
	st, err := store.Open(StorePath(dir), store.Options{Timeout: a.lock})
	if err != nil {
		return nil, err
	}
	a.st = st
	ix, err := index.Open(IndexPath(dir), index.Options{Timeout: a.lock})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.ix = ix
	cp, err := copies.Open(CopiesPath(dir), copyOptions())
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("打开复制比指纹库 %s 失败: %w", CopiesPath(dir), err)
	}
	a.cp = cp
	// A removal a killed process began is finished before anything else.
	if err := a.finishRemoving(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("完成上次未完成的删除失败: %w", err)
	}
	return a, nil
}

// notFound is the error of a read command run where there is no data
// directory: it names the directory looked for and how to choose another.
func notFound(dir string) error {
	return corpus.Errorf(corpus.ENOTFOUND, "没有找到数据目录 %s：请用 --data 目录 或环境变量 LVZHI_DATA 指定数据目录，或先用 lvzhi ingest 导入文件", dir)
}

// Dir is the data directory.
func (a *App) Dir() string { return a.dir }

// Close releases the data directory.
func (a *App) Close() error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if a.cp != nil {
		keep(a.cp.Close())
		a.cp = nil
	}
	if a.ix != nil {
		keep(a.ix.Close())
		a.ix = nil
	}
	if a.st != nil {
		keep(a.st.Close())
		a.st = nil
	}
	return first
}

// store returns the store, opening it read-only on a reader's first use.
func (a *App) store() (*store.Store, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st != nil {
		return a.st, nil
	}
	st, err := store.Open(StorePath(a.dir), store.Options{ReadOnly: true, Timeout: a.lock})
	if err != nil {
		if corpus.ErrorCode(err) == corpus.ENOTFOUND {
			return nil, notFound(a.dir)
		}
		return nil, err
	}
	a.st = st
	return st, nil
}

// index returns the search index, opening it read-only on a reader's first
// use.
func (a *App) index() (*index.Index, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ix != nil {
		return a.ix, nil
	}
	if err := registerIndex(); err != nil {
		return nil, err
	}
	ix, err := index.Open(IndexPath(a.dir), index.Options{ReadOnly: true, Timeout: a.lock})
	if err != nil {
		if corpus.ErrorCode(err) == corpus.ENOTFOUND {
			return nil, corpus.Errorf(corpus.ENOTFOUND, "数据目录 %s 中没有检索索引：请运行 lvzhi reindex --data %s 重建", a.dir, a.dir)
		}
		return nil, err
	}
	a.ix = ix
	return ix, nil
}

// writable fails when the App was opened for reading.
func (a *App) writable() error {
	if a.access != Write {
		return corpus.Errorf(corpus.EINTERNAL, "数据目录 %s 以只读方式打开，不能写入", a.dir)
	}
	return nil
}

// copyOptions are the copy check's defaults, with at most 5 sources listed
// per passage (Shared keeps the true count): a template copied by hundreds
// would otherwise make every check record hundreds of entries long.
func copyOptions() copies.Options {
	opt := copies.DefaultOptions()
	opt.MaxSources = 5
	return opt
}

// isNotExist reports whether err says a file is missing.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// looksLikeID reports whether s could be a document ID or a prefix of one:
// 4 to 16 hexadecimal digits.
func looksLikeID(s string) bool {
	if len(s) < 4 || len(s) > 16 {
		return false
	}
	for _, c := range strings.ToLower(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
