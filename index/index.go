// Package index is lvzhi's full-text index of reports: a bleve index with
// a gse word field for ranking and character n-gram fields that find every
// document containing a query as a substring, with filters, facets and
// highlighted snippets.
//
// An index lives in a directory that holds generations of the bleve index
// and a file naming the current one:
//
//	DIR/CURRENT       "gen-000002"
//	DIR/gen-000002/   the bleve (scorch) index, or one per year (see shard.go)
//	DIR/holders/      one small JSON file per process that has it open
//
// Rebuild builds a new generation beside the current one and switches
// CURRENT with an atomic rename, so a killed rebuild leaves the old index
// in place. bleve holds a lock on the open generation (an exclusive lock for
// a writer, a shared one for readers); Open waits for it at most
// Options.Timeout and then reports ELOCKED, naming the holder.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	berrors "go.etcd.io/bbolt/errors"

	"lvzhi/corpus"
)

const (
	currentFile    = "CURRENT"
	holdersDir     = "holders"
	defaultTimeout = time.Second
	// staleTemp is how old a half-built generation must be before a writer
	// removes it: younger ones may belong to a process creating the index
	// right now (a rebuild holds the lock, so it never races a cleanup).
	staleTemp = time.Minute
)

var genPattern = regexp.MustCompile(`^gen-[0-9]{6}$`)

// Options says how to open an index.
type Options struct {
	ReadOnly bool          // open for searching only
	Timeout  time.Duration // how long to wait for another process's lock; 0 = 1s
}

// Index is an open index. Its methods are safe for concurrent use.
type Index struct {
	dir      string // the index directory given to Open
	gen      string // the generation open, e.g. "gen-000001"
	bi       bleve.Index
	readOnly bool
	holder   string // our file in DIR/holders, "" if it could not be written
	parallel int    // bleve batches per Put; 0 = one per CPU, at most 4
	cols     columnCache
	shards   *shardSet // nil: the generation is one bleve index (shard.go)

	closeOnce sync.Once
	closeErr  error
}

// Open opens the index in dir, creating it if absent (unless opt.ReadOnly:
// then a missing index is ENOTFOUND). If another process holds the index it
// returns ELOCKED after opt.Timeout, with a message naming that process
// when it is known.
func Open(dir string, opt Options) (*Index, error) {
	if !isRegistered() {
		return nil, corpus.Errorf(corpus.EINTERNAL, "打开索引 %s 失败: 未注册分词组件（先调用 index.Register）", dir)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = defaultTimeout
	}
	// The loop only repeats when a rebuild switched generations while we
	// were opening the old one.
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		gen, err := readCurrent(dir)
		if err != nil {
			return nil, err
		}
		if gen == "" {
			if opt.ReadOnly {
				return nil, corpus.Errorf(corpus.ENOTFOUND, "索引 %s 不存在: 请先导入文档或重建索引", dir)
			}
			if err := create(dir); err != nil {
				return nil, err
			}
			continue
		}
		bi, shards, err := openLayout(dir, filepath.Join(dir, gen), opt)
		if now, _ := readCurrent(dir); now != gen {
			if err == nil {
				_ = bi.Close()
			}
			lastErr = err
			continue
		}
		if err != nil {
			if errors.Is(err, berrors.ErrTimeout) {
				return nil, lockedError(dir, opt.ReadOnly, err)
			}
			return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("打开索引 %s 失败（索引可能已损坏，可用 lvzhi reindex 重建）", dir), Err: err}
		}
		ix := &Index{dir: dir, gen: gen, bi: bi, readOnly: opt.ReadOnly, shards: shards}
		ix.holder = writeHolder(dir, gen, opt.ReadOnly)
		if !opt.ReadOnly {
			removeStale(dir, gen)
		}
		return ix, nil
	}
	return nil, &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("打开索引 %s 失败: 索引正在被反复重建", dir), Err: lastErr}
}

// openGen opens one generation with bleve.
func openGen(path string, opt Options) (bleve.Index, error) {
	return bleve.OpenUsing(path, map[string]any{
		"read_only":    opt.ReadOnly,
		"bolt_timeout": opt.Timeout.String(),
		// Merging reads whole segments through their memory maps; capping
		// a segment's documents caps how much of the index one merge makes
		// resident (without it a 100,000-document ingest peaked at 1.2 GB
		// RSS, half of it one large merge). Searches then visit a few more
		// segments, which costs little.
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs, "MaxSegmentsPerTier": 20, "SegmentsPerMergeTask": 20},
	})
}

// maxSegmentDocs is the most documents a merge puts in one segment (about
// 200 MB of index for reports of 2 KB).
const maxSegmentDocs = 20000

// Close closes the index. It is safe to call more than once.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		if err := ix.bi.Close(); err != nil {
			ix.closeErr = &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("关闭索引 %s 失败", ix.dir), Err: err}
		}
		if ix.holder != "" {
			_ = os.Remove(ix.holder)
		}
	})
	return ix.closeErr
}

// Dir is the directory the index was opened from.
func (ix *Index) Dir() string { return ix.dir }

// readCurrent returns the name of the current generation, "" if the index
// does not exist.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("读取索引 %s 失败", dir), Err: err}
	}
	gen := strings.TrimSpace(string(b))
	if !genPattern.MatchString(gen) {
		return "", corpus.Errorf(corpus.EINTERNAL, "索引 %s 已损坏: %s 内容无效（%.40q），可用 lvzhi reindex 重建", dir, currentFile, gen)
	}
	return gen, nil
}

// writeCurrent makes gen the current generation, atomically.
func writeCurrent(dir, gen string) error {
	tmp, err := os.CreateTemp(dir, currentFile+".tmp-")
	if err == nil {
		_, err = tmp.WriteString(gen + "\n")
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), filepath.Join(dir, currentFile))
		}
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}
	if err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入索引 %s 失败", dir), Err: err}
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system supports it.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		_ = f.Sync()
		_ = f.Close()
	}
}

// create makes an empty first generation and makes it current. Two
// processes may race here: both build, one rename wins, both agree.
func create(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("创建索引目录 %s 失败", dir), Err: err}
	}
	gen := genName(1)
	tmp, err := buildEmpty(dir, gen)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, gen)); err != nil {
		_ = os.RemoveAll(tmp) // another process created it first
	}
	if cur, err := readCurrent(dir); err != nil || cur != "" {
		return err
	}
	return writeCurrent(dir, gen)
}

// buildEmpty creates a new empty bleve index in a temporary directory in
// dir and returns its path.
func buildEmpty(dir, gen string) (string, error) {
	// The name carries the builder's process ID, so that a half-built
	// generation left by a killed process is recognised and removed by
	// the next writer at once (removeStale).
	tmp, err := os.MkdirTemp(dir, fmt.Sprintf("%s.tmp-%d-", gen, os.Getpid()))
	if err == nil {
		var bi bleve.Index
		bi, err = bleve.NewUsing(tmp, newMapping(), scorch.Name, scorch.Name, nil)
		if err == nil {
			err = bi.Close()
		}
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}
	if err != nil {
		return "", &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("创建索引 %s 失败", dir), Err: err}
	}
	return tmp, nil
}

func genName(n int) string { return fmt.Sprintf("gen-%06d", n) }

// lastGen is the highest generation number among the entries of dir,
// finished or not.
func lastGen(dir string) int {
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		name, _, _ := strings.Cut(e.Name(), ".tmp-")
		n = max(n, genNumber(name))
	}
	return n
}

// genNumber is the number of a generation name, 0 if it is not one.
func genNumber(gen string) int {
	if !genPattern.MatchString(gen) {
		return 0
	}
	n, _ := strconv.Atoi(gen[len("gen-"):])
	return n
}

// removeStale removes retired generations and old half-built ones. It runs
// only in a writer, which holds the lock on the current generation. Errors
// are ignored: on some systems a reader may still hold old files open, and
// the next writer tries again.
func removeStale(dir, current string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == current:
		case genPattern.MatchString(name):
			_ = os.RemoveAll(filepath.Join(dir, name))
		case strings.HasPrefix(name, "gen-") && strings.Contains(name, ".tmp-"),
			strings.HasPrefix(name, currentFile+".tmp-"):
			if builderGone(name) {
				_ = os.RemoveAll(filepath.Join(dir, name))
			} else if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
				_ = os.RemoveAll(filepath.Join(dir, name))
			}
		}
	}
}

// builderGone reports whether a temporary name ("gen-000002.tmp-4242-…")
// names a process that no longer runs: what it was building is garbage.
func builderGone(name string) bool {
	_, rest, ok := strings.Cut(name, ".tmp-")
	if !ok {
		return false
	}
	pidText, _, ok := strings.Cut(rest, "-")
	if !ok {
		return false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return false
	}
	return pid != os.Getpid() && !processAlive(pid)
}

// holder describes a process that has the index open.
type holder struct {
	PID      int       `json:"pid"`
	Command  string    `json:"command"`
	Started  time.Time `json:"started"`
	ReadOnly bool      `json:"read_only"`
	Gen      string    `json:"gen"`
}

func (h holder) String() string {
	mode := "读写"
	if h.ReadOnly {
		mode = "只读"
	}
	return fmt.Sprintf("进程 %d「%s」自 %s 起以%s方式打开", h.PID, h.Command, h.Started.Local().Format("2006-01-02 15:04:05"), mode)
}

var holderSeq struct {
	sync.Mutex
	n int
}

// writeHolder records this process in DIR/holders and returns the file's
// path, "" if it could not be written (a read-only directory, say): the
// record only serves error messages.
func writeHolder(dir, gen string, readOnly bool) string {
	hd := filepath.Join(dir, holdersDir)
	if err := os.MkdirAll(hd, 0o755); err != nil {
		return ""
	}
	cmd := strings.Join(os.Args, " ")
	if len(cmd) > 200 {
		cmd = cmd[:200] + "…"
	}
	cmd = strings.ToValidUTF8(cmd, "?")
	b, err := json.Marshal(holder{PID: os.Getpid(), Command: cmd, Started: time.Now(), ReadOnly: readOnly, Gen: gen})
	if err != nil {
		return ""
	}
	holderSeq.Lock()
	holderSeq.n++
	n := holderSeq.n
	holderSeq.Unlock()
	path := filepath.Join(hd, fmt.Sprintf("%d-%d.json", os.Getpid(), n))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return ""
	}
	// Forget processes that died without closing the index.
	for _, h := range readHolders(dir) {
		if !processAlive(h.PID) {
			_ = os.Remove(h.path)
		}
	}
	return path
}

type holderFile struct {
	holder
	path string
}

// readHolders lists the recorded holders of the index in dir.
func readHolders(dir string) []holderFile {
	hd := filepath.Join(dir, holdersDir)
	entries, err := os.ReadDir(hd)
	if err != nil {
		return nil
	}
	var hs []holderFile
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(hd, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var h holder
		if json.Unmarshal(b, &h) != nil || h.PID <= 0 {
			continue
		}
		hs = append(hs, holderFile{h, path})
	}
	return hs
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess fails there when there is no such process
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// lockedError is the ELOCKED error for dir, naming the live holders that
// can be in the way: every holder of a writer, the writers of a reader.
func lockedError(dir string, readOnly bool, cause error) error {
	var live []string
	for _, h := range readHolders(dir) {
		if processAlive(h.PID) && !(readOnly && h.ReadOnly) {
			live = append(live, h.String())
		}
	}
	who := "占用它的进程未知"
	if len(live) > 0 {
		who = strings.Join(live, "；")
	}
	return &corpus.Error{
		Code:    corpus.ELOCKED,
		Message: fmt.Sprintf("索引 %s 正被其他进程占用（%s），请等它结束后再试", dir, who),
		Err:     cause,
	}
}
