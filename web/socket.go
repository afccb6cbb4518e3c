package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/export"
	"lvzhi/index"
)

// Reading while writing.
//
// bbolt and bleve lock their files, so one process owns a data directory
// for writing, and a second process cannot open it — not even to read —
// while the first runs. Instead of making readers wait, the owner serves:
// it listens on a Unix socket in the data directory (DATA/lvzhi.sock, mode
// 0600, so only its user can connect) and answers there the web UI's JSON
// API, an export of any search, and POST /api/ingest, which runs the ingest
// inside the owner through the same App and streams its progress back.
// Reads are answered from the last committed state all the while: the
// store's reads are bbolt read transactions (each sees one committed
// batch), and the search index is searched concurrently with the batches
// written to it.
//
// Client is the other end: the command line, finding the directory
// locked, dials the socket and calls the same methods it would call on
// *app.App. `lvzhi serve` owns its directory and serves the socket, and
// any other owner (a long `lvzhi ingest`) can serve it too with
// ServeSocket.

// SocketName is the name of the owner's socket inside a data directory.
const SocketName = "lvzhi.sock"

// SocketPath is the path of the owner's socket of the data directory dir.
func SocketPath(dir string) string { return filepath.Join(dir, SocketName) }

// Owner is what the owner of a data directory serves on its socket: what
// the web UI reads, and export.
type Owner interface {
	Backend
	Export(ctx context.Context, enc app.Encoder, q index.Query) (int, error)
}

// Ingester is an owner that also ingests for its clients. An owner that is
// itself ingesting (lvzhi ingest) serves without it — see ReadOnly — so
// that a second ingest is refused with a clear message rather than run
// alongside.
type Ingester interface {
	Ingest(ctx context.Context, paths []string, opt app.IngestOptions) (app.IngestResult, error)
}

var (
	_ Owner    = (*app.App)(nil)
	_ Ingester = (*app.App)(nil)
	_ Owner    = (*Client)(nil)
	_ Ingester = (*Client)(nil)
)

// ReadOnly hides an owner's Ingest: its socket then refuses ingests,
// saying the data directory is busy.
func ReadOnly(o Owner) Owner { return readOnly{o} }

type readOnly struct{ Owner }

// maxSocketPath is the longest socket path bind accepts (sun_path is 108
// bytes on Linux, 104 on the BSDs).
const maxSocketPath = 100

// Socket is the owner's socket, listening.
type Socket struct {
	dir  string
	path string // DATA/lvzhi.sock
	real string // where the socket is: path, or a short path it links to
	l    *net.UnixListener
}

// ListenSocket listens on the socket of the data directory dir. The caller
// must own dir (hold its write locks): a socket file left by an owner that
// died is removed, and one that still answers is an error.
func ListenSocket(dir string) (*Socket, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	s := &Socket{dir: abs, path: SocketPath(abs)}
	s.real = s.path
	if len(s.path) > maxSocketPath {
		// Too long for bind: the socket lives in the temporary folder
		// under a name derived from the directory, and DATA/lvzhi.sock
		// links to it.
		sum := sha256.Sum256([]byte(abs))
		s.real = filepath.Join(os.TempDir(), "lvzhi-"+hex.EncodeToString(sum[:8])+".sock")
	}
	if err := clearStale(s.path); err != nil {
		return nil, err
	}
	if s.real != s.path {
		if err := clearStale(s.real); err != nil {
			return nil, err
		}
	}
	// Bind under a temporary name, restrict it, then move it in place, so
	// that the socket is never reachable with looser permissions.
	tmp := s.real + fmt.Sprintf(".%d.tmp", os.Getpid())
	_ = os.Remove(tmp)
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("无法在 %s 监听: %w", s.path, err)
	}
	l.SetUnlinkOnClose(false)
	fail := func(err error) (*Socket, error) {
		l.Close()
		os.Remove(tmp)
		return nil, fmt.Errorf("无法在 %s 监听: %w", s.path, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, s.real); err != nil {
		return fail(err)
	}
	if s.real != s.path {
		if err := os.Symlink(s.real, s.path); err != nil {
			os.Remove(s.real)
			return fail(err)
		}
	}
	s.l = l
	return s, nil
}

// clearStale removes a socket file nobody answers on.
func clearStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&(os.ModeSocket|os.ModeSymlink) == 0 {
		return corpus.Errorf(corpus.ECONFLICT, "%s 已存在且不是套接字文件，请检查后删除", path)
	}
	if c, err := net.DialTimeout("unix", dialPath(path), time.Second); err == nil {
		c.Close()
		return corpus.Errorf(corpus.ELOCKED, "已有进程在 %s 上服务此数据目录", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Path is the socket's path in the data directory.
func (s *Socket) Path() string { return s.path }

// Serve answers on the socket until ctx ends, then stops (an ingest in
// progress is cancelled: what it committed stays) and removes the socket.
func (s *Socket) Serve(ctx context.Context, o Owner) error {
	h := &ownerHandler{o: o, api: newServer(o, Options{Timeout: -1}, ownerLimits), since: time.Now()}
	// Requests in flight when ctx ends get a few seconds to finish (a
	// read answered as the ingest ends); then their contexts end too (an
	// ingest run for a client stops; what it committed stays).
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		go func() { <-sctx.Done(); cancelBase() }()
		_ = srv.Shutdown(sctx)
	}()
	err := srv.Serve(s.l)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	<-done
	s.remove()
	return err
}

// Close stops listening and removes the socket (Serve does both when its
// context ends).
func (s *Socket) Close() error {
	err := s.l.Close()
	s.remove()
	return err
}

func (s *Socket) remove() {
	if s.real != s.path {
		os.Remove(s.path)
	}
	os.Remove(s.real)
}

// ServeSocket listens on the socket of the data directory dir and answers
// there until ctx ends. The caller must own dir.
func ServeSocket(ctx context.Context, dir string, o Owner) error {
	s, err := ListenSocket(dir)
	if err != nil {
		return err
	}
	return s.Serve(ctx, o)
}

// OwnerInfo says which process owns a data directory and what it is doing.
type OwnerInfo struct {
	PID       int       `json:"pid"`
	Command   string    `json:"command"`
	Since     time.Time `json:"since"`
	Ingesting bool      `json:"ingesting"`
	Ingests   bool      `json:"ingests"` // it accepts ingests
}

// ownerHandler is the socket's handler: the read API, export and ingest.
type ownerHandler struct {
	o     Owner
	api   *server
	since time.Time

	ingesting sync.Mutex
	busy      bool
}

func (h *ownerHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/api/owner" && r.Method == http.MethodGet:
		h.info(w)
	case r.URL.Path == "/api/ingest":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{apiError{corpus.EINVALID, "导入请用 POST"}})
			return
		}
		h.ingest(w, r)
	case r.URL.Path == "/api/export" && r.Method == http.MethodGet:
		h.export(w, r)
	default:
		h.api.ServeHTTP(w, r)
	}
}

func (h *ownerHandler) info(w http.ResponseWriter) {
	h.ingesting.Lock()
	busy := h.busy
	h.ingesting.Unlock()
	_, ingests := h.o.(Ingester)
	writeJSON(w, http.StatusOK, OwnerInfo{PID: os.Getpid(), Command: command(), Since: h.since, Ingesting: busy, Ingests: ingests})
}

// command is this process's command line, shortened for a message.
func command() string {
	args := append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...)
	return clip(strings.Join(args, " "), 120)
}

// ingestRequest is the body of POST /api/ingest. Paths are absolute (the
// client resolves them against its working directory).
type ingestRequest struct {
	Paths      []string `json:"paths"`
	Reference  bool     `json:"reference"`
	Workers    int      `json:"workers"`
	CountFiles bool     `json:"count_files"`
}

// streamLine is one line of a streamed answer (NDJSON): progress events
// while it runs, then a result or an error.
type streamLine struct {
	Event  *eventJSON      `json:"event,omitempty"`
	Result *ingestResultJS `json:"result,omitempty"`
	Report *corpus.Report  `json:"report,omitempty"`
	Extra  *extraJSON      `json:"extra,omitempty"`
	Done   *int            `json:"done,omitempty"`
	Error  *apiError       `json:"error,omitempty"`
}

type eventJSON struct {
	Phase app.Phase `json:"phase"`
	Done  int       `json:"done"`
	Total int       `json:"total"`
	Bytes int64     `json:"bytes"`
	Docs  int       `json:"docs"`
}

type extraJSON struct {
	CopyRatio *float64 `json:"copy_ratio"`
	Score     float64  `json:"score"`
	Origins   int      `json:"origins"`
}

// ingestResultJS is app.IngestResult on the wire: errors as their
// messages, durations in milliseconds.
type ingestResultJS struct {
	Files, Read, Unchanged, Failed int
	Bytes                          int64
	Documents                      int
	Text                           int64
	New, Known                     int
	Errors                         []string
	ElapsedMS                      int64
	CopiesNew, CopiesRelated       int
	CopiesElapsedMS                int64
	Indexed                        int
	IndexElapsedMS                 int64
}

func toWire(r app.IngestResult) *ingestResultJS {
	w := &ingestResultJS{
		Files: r.Files, Read: r.Read, Unchanged: r.Unchanged, Failed: r.Failed, Bytes: r.Bytes,
		Documents: r.Documents, Text: r.Text, New: r.New, Known: r.Known, Errors: []string{},
		ElapsedMS: r.Elapsed.Milliseconds(), CopiesNew: r.Copies.New, CopiesRelated: r.Copies.Related,
		CopiesElapsedMS: r.Copies.Elapsed.Milliseconds(), Indexed: r.Indexed, IndexElapsedMS: r.IndexElapsed.Milliseconds(),
	}
	for _, e := range r.Errors {
		w.Errors = append(w.Errors, e.Error())
	}
	return w
}

func fromWire(w *ingestResultJS) app.IngestResult {
	var r app.IngestResult
	r.Files, r.Read, r.Unchanged, r.Failed, r.Bytes = w.Files, w.Read, w.Unchanged, w.Failed, w.Bytes
	r.Documents, r.Text, r.New, r.Known = w.Documents, w.Text, w.New, w.Known
	for _, e := range w.Errors {
		r.Errors = append(r.Errors, errors.New(e))
	}
	r.Elapsed = time.Duration(w.ElapsedMS) * time.Millisecond
	r.Copies = app.CopyStats{New: w.CopiesNew, Related: w.CopiesRelated, Elapsed: time.Duration(w.CopiesElapsedMS) * time.Millisecond}
	r.Indexed, r.IndexElapsed = w.Indexed, time.Duration(w.IndexElapsedMS)*time.Millisecond
	return r
}

// maxIngestBody bounds the request body of an ingest (its list of paths).
const maxIngestBody = 8 << 20

// ingest runs an ingest for a client, streaming its progress as NDJSON. A
// client that goes away cancels it; what was committed stays.
func (h *ownerHandler) ingest(w http.ResponseWriter, r *http.Request) {
	ing, ok := h.o.(Ingester)
	if !ok {
		writeJSON(w, http.StatusConflict, errorBody{apiError{corpus.ELOCKED, fmt.Sprintf("数据目录正由进程 %d（%s）导入，请等它完成后再导入", os.Getpid(), command())}})
		return
	}
	var req ingestRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, maxIngestBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{apiError{corpus.EINVALID, "导入请求格式有误: " + err.Error()}})
		return
	}
	if len(req.Paths) == 0 {
		writeJSON(w, http.StatusBadRequest, errorBody{apiError{corpus.EINVALID, "请指定要导入的文件、文件夹或 zip 压缩包"}})
		return
	}
	for _, p := range req.Paths {
		if !filepath.IsAbs(p) {
			writeJSON(w, http.StatusBadRequest, errorBody{apiError{corpus.EINVALID, fmt.Sprintf("导入路径须为绝对路径: %s", p)}})
			return
		}
	}
	h.ingesting.Lock()
	if h.busy {
		h.ingesting.Unlock()
		writeJSON(w, http.StatusConflict, errorBody{apiError{corpus.ELOCKED, fmt.Sprintf("进程 %d（%s）正在导入，请等它完成后再导入", os.Getpid(), command())}})
		return
	}
	h.busy = true
	h.ingesting.Unlock()
	defer func() {
		h.ingesting.Lock()
		h.busy = false
		h.ingesting.Unlock()
	}()

	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	out := newStream(w)
	// Progress events are kept as the latest one and sent at most every
	// 100 ms by their own goroutine: the ingest never waits on the client.
	var mu sync.Mutex
	var latest *eventJSON
	notify := make(chan struct{}, 1)
	stop := make(chan struct{})
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for {
			select {
			case <-notify:
			case <-stop:
				return
			}
			mu.Lock()
			ev := latest
			latest = nil
			mu.Unlock()
			if ev != nil {
				out.send(streamLine{Event: ev})
			}
			select {
			case <-time.After(100 * time.Millisecond):
			case <-stop:
				return
			}
		}
	}()
	progress := func(e app.Event) {
		mu.Lock()
		latest = &eventJSON{Phase: e.Phase, Done: e.Done, Total: e.Total, Bytes: e.Bytes, Docs: e.Docs}
		mu.Unlock()
		select {
		case notify <- struct{}{}:
		default:
		}
	}
	res, err := ing.Ingest(r.Context(), req.Paths, app.IngestOptions{
		Workers: req.Workers, Reference: req.Reference, CountFiles: req.CountFiles, Progress: progress,
	})
	close(stop)
	<-sent
	line := streamLine{Result: toWire(res)}
	if err != nil {
		line.Error = &apiError{Code: errCode(err), Message: err.Error()}
	}
	out.send(line)
}

// errCode is the code an error travels with.
func errCode(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return codeCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return codeTimeout
	}
	return corpus.ErrorCode(err)
}

// codeCanceled is the error code of work stopped because it was asked to.
const codeCanceled = "canceled"

// export streams every report a search selects as NDJSON, for a client's
// encoder.
func (h *ownerHandler) export(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearch(r.URL.Query(), ownerLimits)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody{apiError{corpus.ErrorCode(err), err.Error()}})
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	out := newStream(w)
	n, err := h.o.Export(r.Context(), streamEncoder{out}, q)
	line := streamLine{Done: &n}
	if err != nil {
		line.Error = &apiError{Code: errCode(err), Message: err.Error()}
	}
	out.send(line)
}

// streamEncoder is an app.Encoder that sends each report down a stream.
type streamEncoder struct{ out *stream }

func (e streamEncoder) Add(r *corpus.Report, x export.Extra) error {
	return e.out.send(streamLine{Report: r, Extra: &extraJSON{CopyRatio: x.CopyRatio, Score: x.Score, Origins: x.Origins}})
}

func (streamEncoder) Close() error { return nil }

// stream writes NDJSON lines, flushing each.
type stream struct {
	mu  sync.Mutex
	w   http.ResponseWriter
	enc *json.Encoder
	rc  *http.ResponseController
}

func newStream(w http.ResponseWriter) *stream {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &stream{w: w, enc: enc, rc: http.NewResponseController(w)}
}

func (s *stream) send(l streamLine) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.enc.Encode(l); err != nil {
		return err
	}
	return s.rc.Flush()
}
