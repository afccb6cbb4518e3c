// Package web is lvzhi's second face: a local web UI and JSON API over one
// data directory, for the analysts who never open a terminal.
//
// Pages (server-rendered html/template, Chinese, one small stylesheet and
// script embedded in the binary; nothing is fetched from elsewhere, since
// offices are often offline):
//
//	/                 the search page: query box, filters, facets, hits
//	/search?q=…       the same with a query (parameters: see parseSearch)
//	/doc/ID           one document: metadata, extracted rows, versions, the
//	                  text with its evidence and copied passages marked
//	/doc/ID?src=SID   the same side by side with a copy source SID
//	/flags            the review queue
//	/stats            what the data directory holds
//
// and a JSON API behind every page, taking the same parameters:
//
//	/api/search?q=…   index.Result (SPEC §7 search shape)
//	/api/doc/ID       the document (SPEC §7 document shape, with origins,
//	                  versions, siblings and the names of its copy sources)
//	/api/flags        the review queue (SPEC §7 flags shape, with total)
//	/api/stats        app.Stats
//
// The handler only reads. Every request runs under a deadline
// (Options.Timeout) and within result caps (maxSize hits a page, maxQuery
// characters of query); bad parameters are 400 with a Chinese message
// naming the parameter, an unknown one with the nearest known name.
//
// The owner of a data directory also serves this API, plus ingest and
// export, on a Unix socket in the directory (ServeSocket); Client is the
// other end, so that a second process reads and writes through the owner
// instead of waiting for its locks.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/index"
)

// Backend is what the web UI reads. *app.App satisfies it, and so does a
// *Client talking to the process that owns the data directory.
type Backend interface {
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Show(ctx context.Context, id string) (*app.DocView, error)
	ReviewQueue(ctx context.Context, f app.QueueFilter) (*app.Queue, error)
	Stats(ctx context.Context) (*app.Stats, error)
	// Compare is the comparison of the counted reports with the default
	// points table and the data directory's deputies.txt.
	Compare(ctx context.Context, opt app.CompareOptions) (*corpus.Comparison, error)
}

var (
	_ Backend = (*app.App)(nil)
	_ Backend = (*Client)(nil)
)

// Options configures New.
type Options struct {
	// Timeout bounds every request's work (a search, a document, the
	// queue); 0 means DefaultTimeout, negative none. A request past it
	// gets a 503 with a Chinese message saying to narrow the query.
	Timeout time.Duration
	// Hosts, when set, are the only host names (without port) a request's
	// Host header may name: a server on a loopback address lists its
	// loopback names, so that a web page elsewhere cannot reach it through
	// a DNS name rebound to 127.0.0.1.
	Hosts []string
	// Log receives one line per failed request; nil discards.
	Log *slog.Logger
	// Title is shown in every page's header (the data directory, say).
	Title string
	// CacheTTL is how long a finished search, queue or overview answers
	// identical requests (identical requests in flight always share one
	// computation); 0 means DefaultCacheTTL, negative keeps nothing.
	CacheTTL time.Duration
	// Concurrent is how many requests do their work at once; the others
	// wait their turn, within their deadline (a request's deadline runs
	// from its arrival). 0 means one per CPU: a search already uses every
	// core, so more at once only makes each slower and, under load, every
	// one miss its deadline. Negative: no limit.
	Concurrent int
}

// DefaultCacheTTL is how long an answer is reused when Options.CacheTTL
// is 0: answers are at most this much older than the index.
const DefaultCacheTTL = time.Second

// codeTimeout is the error code of a request cut off by its deadline.
const codeTimeout = "timeout"

// DefaultTimeout is a request's deadline when Options.Timeout is 0.
const DefaultTimeout = 5 * time.Second

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// server is the handler of New.
type server struct {
	b     Backend
	opt   Options
	lim   limits
	ans   *answers // nil: every request computes its answer
	pages map[string]*template.Template
	mux   *http.ServeMux
	slots chan struct{} // admission of requests' work; nil: no limit
}

// New returns the web UI and JSON API over b.
func New(b Backend, opt Options) http.Handler {
	if opt.Timeout == 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	s := newServer(b, opt, webLimits)
	if opt.CacheTTL == 0 {
		opt.CacheTTL = DefaultCacheTTL
	}
	if opt.CacheTTL > 0 {
		s.ans = newAnswers(opt.CacheTTL, opt.Timeout)
	}
	if opt.Concurrent == 0 {
		opt.Concurrent = runtime.GOMAXPROCS(0)
	}
	if opt.Concurrent > 0 {
		s.slots = make(chan struct{}, opt.Concurrent)
	}
	return s
}

// search runs q, sharing the answer with identical requests.
func (s *server) search(ctx context.Context, q index.Query) (*index.Result, error) {
	v, err := s.ans.get(ctx, "search?"+searchValues(q).Encode(), func(ctx context.Context) (any, error) { return s.b.Search(ctx, q) })
	if err != nil {
		return nil, err
	}
	return v.(*index.Result), nil
}

// queue returns the review queue, shared likewise. The answer must not be
// changed.
func (s *server) queue(ctx context.Context, f app.QueueFilter) (*app.Queue, error) {
	key := fmt.Sprintf("queue?%s|%s|%s|%d", f.MinSeverity, f.Code, f.Kind, f.Limit)
	v, err := s.ans.get(ctx, key, func(ctx context.Context) (any, error) { return s.b.ReviewQueue(ctx, f) })
	if err != nil {
		return nil, err
	}
	return v.(*app.Queue), nil
}

// stats returns the overview, shared likewise.
func (s *server) stats(ctx context.Context) (*app.Stats, error) {
	v, err := s.ans.get(ctx, "stats", func(ctx context.Context) (any, error) { return s.b.Stats(ctx) })
	if err != nil {
		return nil, err
	}
	return v.(*app.Stats), nil
}

// compare computes the comparison, sharing the answer like stats.
func (s *server) compare(ctx context.Context) (*corpus.Comparison, error) {
	v, err := s.ans.get(ctx, "compare", func(ctx context.Context) (any, error) { return s.b.Compare(ctx, app.CompareOptions{}) })
	if err != nil {
		return nil, err
	}
	return v.(*corpus.Comparison), nil
}

func newServer(b Backend, opt Options, lim limits) *server {
	s := &server{b: b, opt: opt, lim: lim, pages: parseTemplates(), mux: http.NewServeMux()}
	s.routes(s.mux)
	return s
}

func (s *server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(24*time.Hour, http.FileServerFS(static))))
	mux.HandleFunc("GET /{$}", s.searchPage)
	mux.HandleFunc("GET /search", s.searchPage)
	mux.HandleFunc("GET /doc/{id}", s.docPage)
	mux.HandleFunc("GET /flags", s.flagsPage)
	mux.HandleFunc("GET /stats", s.statsPage)
	mux.HandleFunc("GET /compare", s.comparePage)
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/doc/{id}", s.apiDoc)
	mux.HandleFunc("GET /api/flags", s.apiFlags)
	mux.HandleFunc("GET /api/stats", s.apiStats)
	mux.HandleFunc("GET /api/compare", s.apiCompare)
	mux.HandleFunc("/", s.notFound)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Everything the pages use comes from this server; nothing runs
	// inline, so a report's text can never become script.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if !s.hostAllowed(r.Host) {
		s.fail(w, r, corpus.Errorf(corpus.EINVALID, "不接受主机名“%s”的请求：请用 http://127.0.0.1 或 http://localhost 访问", r.Host), http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, corpus.Errorf(corpus.EINVALID, "只读界面，不接受 %s 请求", r.Method), http.StatusMethodNotAllowed)
		return
	}
	if s.slots != nil && !strings.HasPrefix(r.URL.Path, "/static/") {
		// Wait for a turn, within the request's deadline, which runs
		// from now: work() derives the work's context from this one.
		ctx, cancel := s.deadline(r.Context())
		defer cancel()
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		case <-ctx.Done():
			s.fail(w, r, ctx.Err(), 0)
			return
		}
		r = r.WithContext(ctx)
	}
	s.mux.ServeHTTP(w, r)
}

// deadline is ctx with the deadline of Options.Timeout (none if negative).
func (s *server) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.opt.Timeout < 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.opt.Timeout)
}

func (s *server) hostAllowed(host string) bool {
	if len(s.opt.Hosts) == 0 {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	for _, ok := range s.opt.Hosts {
		if host == strings.Trim(strings.ToLower(ok), "[]") {
			return true
		}
	}
	return false
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, corpus.Errorf(corpus.ENOTFOUND, "没有这个页面：%s", r.URL.Path), 0)
}

// work returns the context a request's work runs under: the request's,
// with the deadline of Options.Timeout.
func (s *server) work(r *http.Request) (context.Context, context.CancelFunc) {
	return s.deadline(r.Context())
}

// isAPI reports whether a request asked for JSON.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// status is the HTTP status of an error (code, when not 0, wins).
func status(err error, code int) int {
	if code != 0 {
		return code
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads this
	}
	switch corpus.ErrorCode(err) {
	case corpus.EINVALID:
		return http.StatusBadRequest
	case corpus.ENOTFOUND:
		return http.StatusNotFound
	case corpus.ECONFLICT:
		return http.StatusConflict
	case corpus.ELOCKED:
		return http.StatusServiceUnavailable
	case corpus.EUNSUPPORTED:
		return http.StatusUnprocessableEntity
	case codeTimeout:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// publicError is an error as a person reads it: a timeout says what to do,
// anything else keeps its code and message.
func (s *server) publicError(err error) *corpus.Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return corpus.Errorf(codeTimeout, "查询超时（超过 %s）：请缩小范围，例如加上年份、地区等筛选条件或更具体的检索词", seconds(s.opt.Timeout))
	}
	var ae *corpus.Error
	if errors.As(err, &ae) {
		return &corpus.Error{Code: ae.Code, Message: err.Error()}
	}
	return &corpus.Error{Code: corpus.EINTERNAL, Message: "内部错误：" + err.Error()}
}

func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d 毫秒", d.Milliseconds())
	}
	return fmt.Sprintf("%g 秒", d.Seconds())
}

// fail answers a request with an error: JSON for the API, a page
// otherwise. code 0 derives the status from err.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error, code int) {
	st := status(err, code)
	pe := s.publicError(err)
	if st >= 500 && st != 499 {
		s.opt.Log.Warn("request failed", "path", r.URL.Path, "status", st, "err", err)
	}
	if isAPI(r) {
		writeJSON(w, st, errorBody{Error: apiError{Code: pe.Code, Message: pe.Message}})
		return
	}
	s.render(w, r, st, "error", errorPage{page: s.page(r, ""), Status: st, Message: pe.Message})
}

// apiError is the JSON of a failed API request: {"error": {"code", "message"}}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type errorBody struct {
	Error apiError `json:"error"`
}

// writeJSON writes v as JSON with Chinese left readable.
func writeJSON(w http.ResponseWriter, st int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(st)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// cacheFor sets a Cache-Control max-age on what h serves.
func cacheFor(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}
