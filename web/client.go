package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/export"
	"lvzhi/index"
)

// Client talks to the process that owns a data directory, over its socket,
// with the methods of *app.App: a command that finds the directory locked
// searches, shows, lists, exports and ingests through the owner instead.
// Its methods may be called from several goroutines.
type Client struct {
	dir   string
	hc    *http.Client
	owner OwnerInfo
}

// ErrNoOwner is returned by Dial when no process serves the data directory.
var ErrNoOwner = errors.New("没有进程在服务此数据目录")

// Dial connects to the owner of the data directory dir. It fails with an
// error wrapping ErrNoOwner when no process answers on its socket (none
// runs, or one that holds the directory does not serve it).
func Dial(ctx context.Context, dir string) (*Client, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	path := SocketPath(abs)
	if _, err := os.Lstat(path); err != nil {
		return nil, fmt.Errorf("%w（%s 不存在）", ErrNoOwner, path)
	}
	target := dialPath(path)
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", target)
		},
		MaxIdleConnsPerHost: 8,
		IdleConnTimeout:     30 * time.Second,
	}
	c := &Client{dir: abs, hc: &http.Client{Transport: tr}}
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := c.get(dctx, "/api/owner", nil, &c.owner); err != nil {
		tr.CloseIdleConnections()
		var ae *corpus.Error
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, fmt.Errorf("%w（%s: %v）", ErrNoOwner, path, err)
	}
	return c, nil
}

// dialPath is the path to connect to: the socket's own path, or where it
// links to when the path is too long for connect.
func dialPath(path string) string {
	if len(path) <= maxSocketPath {
		return path
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// Owner says which process serves the data directory.
func (c *Client) Owner() OwnerInfo { return c.owner }

// Dir is the data directory.
func (c *Client) Dir() string { return c.dir }

// Close releases the client's connections.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// Search runs a query in the owner.
func (c *Client) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	var res index.Result
	if err := c.get(ctx, "/api/search", queryValues(q), &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// queryValues are the parameters of q for the owner's API: the size
// always given (the API's default differs from the index's), at most
// index.MaxSize, as the index caps it.
func queryValues(q index.Query) url.Values {
	size := q.Size
	if size == 0 {
		size = index.DefaultSize
	}
	q.Size = min(size, index.MaxSize)
	v := searchValues(q)
	v.Set("size", strconv.Itoa(q.Size))
	if q.Sort == "relevance" {
		v.Del("sort")
	}
	return v
}

// Show returns a document from the owner.
func (c *Client) Show(ctx context.Context, id string) (*app.DocView, error) {
	if _, err := parseID("文档编号", id); err != nil {
		return nil, err
	}
	var d docJSON
	if err := c.get(ctx, "/api/doc/"+url.PathEscape(id), nil, &d); err != nil {
		return nil, err
	}
	if d.DocView == nil || d.Report == nil {
		return nil, corpus.Errorf(corpus.EINTERNAL, "数据目录的持有进程返回的文档为空")
	}
	d.DocView.Sources = d.Sources
	if d.DocView.Sources == nil {
		d.DocView.Sources = map[string]corpus.SourceRef{}
	}
	return d.DocView, nil
}

// ReviewQueue returns the review queue from the owner.
func (c *Client) ReviewQueue(ctx context.Context, f app.QueueFilter) (*app.Queue, error) {
	v := flagsValues(queueQuery{Filter: f})
	v.Del("size")
	v.Del("page")
	if f.MinSeverity != "" {
		v.Set("min_severity", string(f.MinSeverity))
	}
	v.Set("limit", strconv.Itoa(max(f.Limit, 0)))
	var q app.Queue
	if err := c.get(ctx, "/api/flags", v, &q); err != nil {
		return nil, err
	}
	return &q, nil
}

// Stats returns what the data directory holds.
func (c *Client) Stats(ctx context.Context) (*app.Stats, error) {
	var s app.Stats
	if err := c.get(ctx, "/api/stats", nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// Compare is the owner's comparison (default points table, the data
// directory's deputies.txt); opt must be the zero value.
func (c *Client) Compare(ctx context.Context, opt app.CompareOptions) (*corpus.Comparison, error) {
	if opt.Points != "" || opt.Deputies != "" || opt.Select != nil {
		return nil, corpus.Errorf(corpus.EINVALID, "经数据目录的持有进程只能按默认积分表和代表对应表对比")
	}
	var cmp corpus.Comparison
	if err := c.get(ctx, "/api/compare", nil, &cmp); err != nil {
		return nil, err
	}
	return &cmp, nil
}

// Export hands every report q selects to enc, as app.App.Export does, and
// returns how many. enc is not closed.
func (c *Client) Export(ctx context.Context, enc app.Encoder, q index.Query) (int, error) {
	v := searchValues(q)
	v.Del("page")
	v.Del("from")
	v.Del("size")
	v.Del("sort")
	n := 0
	var final *streamLine
	err := c.stream(ctx, http.MethodGet, "/api/export?"+v.Encode(), nil, func(l *streamLine) error {
		switch {
		case l.Report != nil:
			var x export.Extra
			if l.Extra != nil {
				x = export.Extra{CopyRatio: l.Extra.CopyRatio, Score: l.Extra.Score, Origins: l.Extra.Origins}
			}
			n++
			return enc.Add(l.Report, x)
		case l.Done != nil || l.Error != nil:
			final = l
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if final == nil {
		return n, corpus.Errorf(corpus.EINTERNAL, "数据目录的持有进程在导出完成前断开了连接")
	}
	if final.Error != nil {
		return n, wireError(*final.Error)
	}
	return n, nil
}

// Ingest runs an ingest in the owner, as app.App.Ingest does, calling
// opt.Progress with its events. Paths are made absolute here. Cancelling
// ctx stops the ingest in the owner (what it committed stays). opt.Read
// is the owner's own.
func (c *Client) Ingest(ctx context.Context, paths []string, opt app.IngestOptions) (app.IngestResult, error) {
	req := ingestRequest{Reference: opt.Reference, Workers: opt.Workers, CountFiles: opt.CountFiles}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return app.IngestResult{}, err
		}
		req.Paths = append(req.Paths, abs)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return app.IngestResult{}, err
	}
	var final *streamLine
	err = c.stream(ctx, http.MethodPost, "/api/ingest", body, func(l *streamLine) error {
		if l.Event != nil && opt.Progress != nil {
			e := l.Event
			opt.Progress(app.Event{Phase: e.Phase, Done: e.Done, Total: e.Total, Bytes: e.Bytes, Docs: e.Docs})
		}
		if l.Result != nil || l.Error != nil {
			final = l
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return app.IngestResult{}, ctx.Err()
		}
		return app.IngestResult{}, err
	}
	if final == nil {
		return app.IngestResult{}, corpus.Errorf(corpus.EINTERNAL, "数据目录的持有进程在导入完成前断开了连接")
	}
	var res app.IngestResult
	if final.Result != nil {
		res = fromWire(final.Result)
	}
	if final.Error != nil {
		return res, wireError(*final.Error)
	}
	return res, nil
}

// get fetches path?v as JSON into out.
func (c *Client) get(ctx context.Context, path string, v url.Values, out any) error {
	u := "http://lvzhi" + path
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.connError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return decodeError(resp)
	}
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(out); err != nil {
		return c.connError(ctx, fmt.Errorf("读取应答失败: %w", err))
	}
	return nil
}

// stream sends a request and calls fn with each line of the NDJSON answer.
func (c *Client) stream(ctx context.Context, method, path string, body []byte, fn func(*streamLine) error) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://lvzhi"+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.connError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return decodeError(resp)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20) // one report per line
	for sc.Scan() {
		var l streamLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return corpus.Errorf(corpus.EINTERNAL, "数据目录的持有进程返回了无法解析的内容: %v", err)
		}
		if err := fn(&l); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return c.connError(ctx, err)
	}
	return nil
}

// connError is the error of a failed exchange: the context's, or one that
// names the owner.
func (c *Client) connError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("与数据目录 %s 的持有进程 %d 通信失败", c.dir, c.owner.PID), Err: err}
}

// decodeError turns an error answer into the error the owner returned.
func decodeError(resp *http.Response) error {
	var b errorBody
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err := json.Unmarshal(data, &b); err != nil || b.Error.Message == "" {
		return corpus.Errorf(corpus.EINTERNAL, "数据目录的持有进程返回 %s", resp.Status)
	}
	return wireError(b.Error)
}

// wireError rebuilds an error sent by the owner: context errors as
// themselves, application errors with their code and message.
func wireError(e apiError) error {
	switch e.Code {
	case codeCanceled:
		return context.Canceled
	}
	return &corpus.Error{Code: e.Code, Message: e.Message}
}
