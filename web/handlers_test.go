package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/index"
)

// searchJSON fetches /api/search and decodes it.
func searchJSON(t *testing.T, h http.Handler, params string) index.Result {
	t.Helper()
	code, hdr, body := get(t, h, "/api/search?"+params)
	if code != http.StatusOK {
		t.Fatalf("/api/search?%s: %d %s", params, code, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var res index.Result
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func hitIDs(res index.Result) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestAPISearchIsTheAppsSearch: the API answers what app.Search answers,
// in the SPEC §7 shape, for the same parameters.
func TestAPISearchIsTheAppsSearch(t *testing.T) {
	h := handler()
	tests := []struct {
		params string
		q      index.Query
	}{
		{"q=道路", index.Query{Text: "道路", Size: defaultSize}},
		{"q=建议+-幼儿园&sort=-year", index.Query{Text: "建议 -幼儿园", Sort: "-year", Size: defaultSize}},
		{"kind=duty_report&year=2019-2021", index.Query{Kind: "duty_report", YearFrom: 2019, YearTo: 2021, Size: defaultSize}},
		{"kind=履职报告&year=2019-2021", index.Query{Kind: "duty_report", YearFrom: 2019, YearTo: 2021, Size: defaultSize}},
		{"flag=占位符未填&size=5&page=2", index.Query{Flag: "placeholder", Size: 5, From: 5}},
		{"q=代表&status=全部&size=3&from=4", index.Query{Text: "代表", Status: "all", Size: 3, From: 4}},
		{"q=%22人大+代表%22|选民", index.Query{Text: `"人大 代表"|选民`, Size: defaultSize}},
	}
	for _, tt := range tests {
		t.Run(tt.params, func(t *testing.T) {
			got := searchJSON(t, h, tt.params)
			want, err := testApp.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || !slices.Equal(hitIDs(got), hitIDs(*want)) {
				t.Errorf("total %d %v, want %d %v", got.Total, hitIDs(got), want.Total, hitIDs(*want))
			}
			if want.Total > 0 && len(got.Hits) == 0 {
				t.Errorf("no hits")
			}
		})
	}
	// The SPEC §7 keys are all there, absent values as null or [].
	_, _, body := get(t, h, "/api/search?q=道路&size=1")
	for _, k := range []string{`"total":`, `"took_ms":`, `"hits":[`, `"facets":{`, `"snippets":[`, `"deputy":`, `"year":`, `"flags":[`, `"kind":{`} {
		if !strings.Contains(body, k) {
			t.Errorf("missing %s in %s", k, body)
		}
	}
}

// TestBadParameters: every bad parameter is a 400 naming it, in Chinese,
// on the page and in the API alike; an unknown one suggests the nearest.
func TestBadParameters(t *testing.T) {
	h := handler()
	tests := []struct {
		path, want string
	}{
		{"/search?q=道路&yaer=2023", "是不是“year”"},
		{"/search?q=道路&limt=3", "未知参数“limt”"},
		{"/search?kind=report", "参数 kind"},
		{"/search?kind=duty_reprot", "是不是“duty_report”"},
		{"/search?flag=placeholdr", "是不是“placeholder”"},
		{"/search?status=old", "参数 status"},
		{"/search?sort=date", "参数 sort"},
		{"/search?level=村", "未知的层级"},
		{"/search?year=二〇二三", "不是年份"},
		{"/search?year=2023-2019", "晚于截止年"},
		{"/search?size=0", "参数 size"},
		{"/search?size=101", "每页最多 100 条"},
		{"/search?page=0", "参数 page"},
		{"/search?page=2&from=20", "只能用一个"},
		{"/search?from=-1", "参数 from"},
		{"/search?page=999999", "翻页过深"},
		{"/search?q=" + strings.Repeat("路", maxQuery+1), "检索式太长"},
		{"/search?region=" + strings.Repeat("镇", maxValue+1), "太长"},
		{"/search?q=a&q=b", "只能给一次"},
		{"/search?q=%ff%fe", "UTF-8"},
		{"/flags?min_severity=urgent", "参数 min_severity"},
		{"/flags?code=boilerplat", "是不是“boilerplate”"},
		{"/flags?page=300", "复核队列最多列出前"},
		{"/flags?limit=0", "未知参数“limit”"},
		{"/stats?x=1", "不接受参数"},
		{"/doc/0123abcd?q=1", "未知参数"},
	}
	for _, tt := range tests {
		for _, api := range []bool{false, true} {
			path := tt.path
			if api {
				path = "/api" + path
			}
			code, _, body := get(t, h, path)
			if code != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", path, code)
			}
			if api {
				var e errorBody
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code != corpus.EINVALID {
					t.Errorf("%s: error body %s", path, body)
				}
				body = e.Error.Message
			} else {
				body = html.UnescapeString(body)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("%s: message does not say %q:\n%s", path, tt.want, clip(body, 300))
			}
		}
	}
}

// TestSearchPage: the page shows the hits with highlighted snippets, the
// facets link to the search with their term applied, and applying one
// narrows the hits to its count.
func TestSearchPage(t *testing.T) {
	h := handler()
	code, hdr, body := get(t, h, "/search?q=道路")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !strings.Contains(hdr.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("headers %v", hdr)
	}
	api := searchJSON(t, h, "q=道路")
	mustContain(t, "search page", body, `<mark>道路</mark>`, `value="道路"`, `id="facets"`, `<b id="total">`+itoa(int(api.Total))+`</b>`)
	if n := strings.Count(body, `class="hit"`); n != len(api.Hits) {
		t.Errorf("%d hits on the page, %d in the API", n, len(api.Hits))
	}
	// Apply the first region facet by its link.
	re := regexp.MustCompile(`data-facet="region">\s*<h3>地区</h3>\s*<ul><li><a href="([^"]+)">([^<]+)<span class="n">(\d+)</span>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no region facet on the page")
	}
	link := html.UnescapeString(m[1])
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("region") != m[2] || u.Query().Get("q") != "道路" {
		t.Errorf("facet link %s does not apply region %s to the query", link, m[2])
	}
	code, _, narrowed := get(t, h, link)
	if code != http.StatusOK {
		t.Fatalf("facet link: %d", code)
	}
	mustContain(t, "after the facet", narrowed, `<b id="total">`+m[3]+`</b>`, `class="chip"`, `class="on"`)

	// Paging: size 2, page 2 shows hits 3 and 4.
	_, _, paged := get(t, h, "/search?q=道路&size=2&page=2")
	mustContain(t, "page 2", paged, `<span class="no">3.</span>`, `<span class="no">4.</span>`, `rel="prev"`, `aria-current="page">2<`)
	// The front page browses everything, newest first.
	code, _, front := get(t, h, "/")
	if code != http.StatusOK || !strings.Contains(front, "浏览") {
		t.Errorf("front page: %d", code)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestScriptShowsAsText: a report made of markup shows as text everywhere:
// in snippets, titles, the document page and its tables.
func TestScriptShowsAsText(t *testing.T) {
	h := handler()
	res := searchJSON(t, h, "q=赵大勇")
	if len(res.Hits) != 1 {
		t.Fatalf("the hostile report: %d hits", len(res.Hits))
	}
	id := res.Hits[0].ID
	pages := []string{"/search?q=赵大勇", "/search?q=alert", "/search?q=onerror", "/doc/" + id, "/search?q=%3Cscript%3E"}
	for _, p := range pages {
		code, _, body := get(t, h, p)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", p, code)
		}
		mustNotContain(t, p, body, `<script>alert`, `<img src=x`, `<b>乡村`)
		if strings.Count(body, "<script") != 1 { // the page's own script tag only
			t.Errorf("%s: %d script tags", p, strings.Count(body, "<script"))
		}
	}
	_, _, doc := get(t, h, "/doc/"+id)
	mustContain(t, "document page", doc, `&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`)
	_, _, snip := get(t, h, "/search?q=onerror")
	mustContain(t, "snippet", snip, `<mark>onerror</mark>=alert(1)&gt;`)
}

// TestSafeSnippet: only <mark> passes; anything else is escaped, even if
// the index returned it raw.
func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"关于<mark>道路</mark>的建议", "关于<mark>道路</mark>的建议"},
		{"&lt;b&gt;<mark>x</mark>", "&lt;b&gt;<mark>x</mark>"},
		{"<script>alert(1)</script><mark>a</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;<mark>a</mark>"},
		{"<mark><img src=x></mark>", "<mark>&lt;img src=x&gt;</mark>"},
		{"a</mark>b", "a&lt;/mark&gt;b"},
		{`"quoted" & 'single'`, "&#34;quoted&#34; &amp; &#39;single&#39;"},
	}
	for _, tt := range tests {
		if got := string(safeSnippet(tt.in)); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDocPage: metadata, the extracted rows with their evidence offsets,
// and the text cut at those offsets.
func TestDocPage(t *testing.T) {
	h := handler()
	q, err := testApp.ReviewQueue(context.Background(), app.QueueFilter{Code: corpus.FlagBoilerplate})
	if err != nil || len(q.Documents) == 0 {
		t.Fatalf("no copied report in the sample: %v", err)
	}
	id := q.Documents[0].ID
	d, err := testApp.Show(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	code, _, body := get(t, h, "/doc/"+id[:8])
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	mustContain(t, "doc page", body, `id="text"`, `data-mode="doc"`, "代表信息", "复制比", `class="badge f-boilerplate`)
	// Every row's evidence offsets are where the text holds its text, and
	// the text is cut there (a segment starts at the evidence).
	rows := regexp.MustCompile(`class="ev[^"]*" tabindex="0" data-s="(\d+)" data-e="(\d+)" data-ss="(\d+)" data-se="(\d+)"`).FindAllStringSubmatch(body, -1)
	if len(rows) < 5 {
		t.Fatalf("%d evidence rows", len(rows))
	}
	for _, m := range rows {
		s, e, ss, se := atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4])
		if !(ss <= s && s < e && e <= se && se <= len(d.Text)) {
			t.Errorf("row offsets %d %d in sentence %d %d (text %d bytes)", s, e, ss, se, len(d.Text))
			continue
		}
		for _, o := range []int{s, ss} {
			if !strings.Contains(body, `<span data-o="`+itoa(o)+`"`) {
				t.Errorf("no text segment starts at %d", o)
			}
		}
	}
	// The values marked for review are listed with their reasons.
	if rv := d.Reviews(); len(rv) > 0 {
		mustContain(t, "doc page", body, `id="reviews"`, html.EscapeString(rv[0].Doubt.Reason))
	} else if strings.Contains(body, `id="reviews"`) {
		t.Errorf("a review table without values to review")
	}
	// Copied passages link to their sources side by side.
	if !strings.Contains(body, "?src=") {
		t.Errorf("no side-by-side link")
	}
	// The text on the page is the document's text.
	textHTML := body[strings.Index(body, `id="text"`):]
	textHTML = textHTML[strings.Index(textHTML, ">")+1 : strings.Index(textHTML, "</div>")]
	plain := html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(textHTML, ""))
	if plain != d.Text {
		t.Errorf("the page's text differs from the document's (%d vs %d bytes)", len(plain), len(d.Text))
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestCompareView: a copied passage shown beside its source, both texts
// marked at their own offsets, the chosen passage in focus.
func TestCompareView(t *testing.T) {
	h := handler()
	q, _ := testApp.ReviewQueue(context.Background(), app.QueueFilter{Code: corpus.FlagBoilerplate})
	d, err := testApp.Show(context.Background(), q.Documents[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var pi int
	var src corpus.CopySource
	for i, p := range d.Copies.Passages {
		if !p.Stock && len(p.Sources) > 0 {
			pi, src = i, p.Sources[0]
			break
		}
	}
	sd, err := testApp.Show(context.Background(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/doc/" + d.ID + "?src=" + src.ID + "&p=" + itoa(pi)
	code, _, body := get(t, h, path)
	if code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, code, clip(body, 300))
	}
	mustContain(t, "compare", body, `id="src-text"`, `data-mode="compare"`, `class="pair focus" data-p="`+itoa(pi)+`"`)
	// The focused passage is marked in the source at the source's offsets.
	mark := `<span data-o="` + itoa(src.Start) + `" class="cp focus" data-p="` + itoa(pi) + `"`
	if !strings.Contains(body, mark) {
		t.Errorf("source text not marked at %d: want %s", src.Start, mark)
	}
	passage := d.Text[d.Copies.Passages[pi].Start:d.Copies.Passages[pi].End]
	if sd.Text[src.Start:src.End] != passage {
		t.Logf("passage differs in layout between the two texts (normalised match): %q vs %q", passage, sd.Text[src.Start:src.End])
	}
	for _, bad := range []struct {
		path string
		code int
	}{
		{"/doc/" + d.ID + "?src=" + d.ID, 400},
		{"/doc/" + d.ID + "?src=xyz", 400},
		{"/doc/" + d.ID + "?src=" + src.ID + "&p=-1", 400},
		{"/doc/" + d.ID + "?src=" + src.ID + "&p=99999", 404},
		{"/doc/" + d.ID + "?src=ffffffffffffffff", 404},
	} {
		if code, _, _ := get(t, h, bad.path); code != bad.code {
			t.Errorf("%s: %d, want %d", bad.path, code, bad.code)
		}
	}
}

// TestDocIDs: IDs and paths in URLs are validated.
func TestDocIDs(t *testing.T) {
	h := handler()
	tests := []struct {
		path string
		code int
	}{
		{"/doc/ffffffffffffffff", 404},
		{"/api/doc/ffffffff", 404},
		{"/doc/xyz", 400},
		{"/doc/abc", 400},               // too short to name one
		{"/doc/0123456789abcdef0", 400}, // too long
		{"/doc/%3Cscript%3E", 400},      // markup
		{"/doc/..%2f..%2fetc%2fpasswd", 400},
		{"/api/doc/zz", 400},
		{"/doc/", 404},
		{"/nothing", 404},
		{"/static/../web.go", 404},
		{"/static/style.css/../../web.go", 404},
		{"/static/nothing.js", 404},
	}
	for _, tt := range tests {
		code, hdr, body := get(t, h, tt.path)
		// The mux answers unclean paths with a redirect to the clean
		// one; following it must not escape either.
		if code/100 == 3 {
			code, _, body = get(t, h, hdr.Get("Location"))
		}
		if code != tt.code {
			t.Errorf("%s: %d, want %d", tt.path, code, tt.code)
		}
		mustNotContain(t, tt.path, body, "<script>alert", "package web")
	}
	code, hdr, css := get(t, h, "/static/style.css")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/css") || !strings.Contains(css, ".text") {
		t.Errorf("style.css: %d %s", code, hdr.Get("Content-Type"))
	}
	if code, _, _ := get(t, h, "/static/app.js"); code != 200 {
		t.Errorf("app.js: %d", code)
	}
}

// TestReadOnly: the UI takes no writes.
func TestReadOnly(t *testing.T) {
	h := handler()
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		req := httptest.NewRequest(m, "/api/search?q=x", strings.NewReader("{}"))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d", m, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodHead, "/search?q=道路", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", rec.Code, rec.Body.Len())
	}
}

// TestHosts: with Hosts set, another Host header is refused (a page
// elsewhere cannot reach a loopback server through a rebound name).
func TestHosts(t *testing.T) {
	h := New(testApp, Options{Hosts: []string{"localhost", "127.0.0.1", "::1"}})
	for host, want := range map[string]int{"127.0.0.1:8080": 200, "localhost": 200, "[::1]:80": 200, "evil.example:8080": 421, "127.0.0.1.nip.io": 421} {
		req := httptest.NewRequest(http.MethodGet, "/api/stats", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}

// slowBackend answers nothing until its context ends.
type slowBackend struct{}

func (slowBackend) wait(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
func (b slowBackend) Compare(ctx context.Context, _ app.CompareOptions) (*corpus.Comparison, error) {
	return nil, b.wait(ctx)
}
func (b slowBackend) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	return nil, b.wait(ctx)
}
func (b slowBackend) Show(ctx context.Context, id string) (*app.DocView, error) {
	return nil, b.wait(ctx)
}
func (b slowBackend) ReviewQueue(ctx context.Context, f app.QueueFilter) (*app.Queue, error) {
	return nil, b.wait(ctx)
}
func (b slowBackend) Stats(ctx context.Context) (*app.Stats, error) { return nil, b.wait(ctx) }

// TestTimeout: a request whose work outlasts the timeout is cut off with
// a 503 and a Chinese message saying what to do.
func TestTimeout(t *testing.T) {
	h := New(slowBackend{}, Options{Timeout: 50 * time.Millisecond})
	for _, path := range []string{"/search?q=代表", "/api/search?q=代表", "/doc/0123abcd", "/api/doc/0123abcd", "/flags", "/api/flags", "/stats", "/api/stats"} {
		start := time.Now()
		code, _, body := get(t, h, path)
		if code != http.StatusServiceUnavailable {
			t.Errorf("%s: %d, want 503", path, code)
		}
		if !strings.Contains(body, "查询超时") || !strings.Contains(body, "50 毫秒") {
			t.Errorf("%s: %s", path, clip(body, 200))
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: answered after %v", path, d)
		}
	}
}

// gateBackend counts the searches running at once and holds each until
// release closes.
type gateBackend struct {
	slowBackend
	running, most atomic.Int32
	release       chan struct{}
}

func (b *gateBackend) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	n := b.running.Add(1)
	defer b.running.Add(-1)
	for {
		m := b.most.Load()
		if n <= m || b.most.CompareAndSwap(m, n) {
			break
		}
	}
	select {
	case <-b.release:
		return &index.Result{Facets: map[string]index.Facet{}}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestConcurrentLimit: at most Options.Concurrent requests work at once;
// the others wait their turn within their deadline, which runs from their
// arrival: one that cannot start in time is a 503 saying so, and once the
// work is released the waiting ones are served.
func TestConcurrentLimit(t *testing.T) {
	b := &gateBackend{release: make(chan struct{})}
	h := New(b, Options{Concurrent: 2, Timeout: 300 * time.Millisecond, CacheTTL: -1})
	codes := make(chan int, 6)
	for i := range 6 {
		go func() {
			code, _, _ := get(t, h, fmt.Sprintf("/api/search?q=代表%d", i))
			codes <- code
		}()
	}
	got := map[int]int{}
	for range 6 {
		got[<-codes]++
	}
	if got[http.StatusServiceUnavailable] != 6 || b.most.Load() != 2 {
		t.Errorf("held work: statuses %v, at most %d at once; want six 503 (two cut off working, four waiting), 2 at once", got, b.most.Load())
	}
	close(b.release)
	b.most.Store(0)
	for i := range 6 {
		go func() {
			code, _, _ := get(t, h, fmt.Sprintf("/api/search?q=建议%d", i))
			codes <- code
		}()
	}
	got = map[int]int{}
	for range 6 {
		got[<-codes]++
	}
	if got[http.StatusOK] != 6 || b.most.Load() > 2 {
		t.Errorf("released: statuses %v, at most %d at once; want six 200, ≤ 2 at once", got, b.most.Load())
	}
}

// failBackend fails every call with err.
type failBackend struct{ err error }

func (b failBackend) Search(context.Context, index.Query) (*index.Result, error) { return nil, b.err }
func (b failBackend) Show(context.Context, string) (*app.DocView, error)         { return nil, b.err }
func (b failBackend) ReviewQueue(context.Context, app.QueueFilter) (*app.Queue, error) {
	return nil, b.err
}
func (b failBackend) Stats(context.Context) (*app.Stats, error) { return nil, b.err }
func (b failBackend) Compare(context.Context, app.CompareOptions) (*corpus.Comparison, error) {
	return nil, b.err
}

// TestErrorStatus: application errors keep their code as HTTP status and
// their Chinese message.
func TestErrorStatus(t *testing.T) {
	tests := []struct {
		err  error
		code int
	}{
		{corpus.Errorf(corpus.ENOTFOUND, "没有找到编号为 0123 的文档"), 404},
		{corpus.Errorf(corpus.ECONFLICT, "编号 0123 对应多篇文档"), 409},
		{corpus.Errorf(corpus.EINVALID, "查询词太多"), 400},
		{corpus.Errorf(corpus.ELOCKED, "数据目录被进程 12 占用"), 503},
		{errors.New("磁盘已满"), 500},
	}
	for _, tt := range tests {
		h := New(failBackend{tt.err}, Options{})
		for _, path := range []string{"/search?q=x", "/api/search?q=x", "/doc/0123", "/api/doc/0123", "/flags", "/api/flags", "/stats", "/api/stats"} {
			code, _, body := get(t, h, path)
			if code != tt.code {
				t.Errorf("%v at %s: %d, want %d", tt.err, path, code, tt.code)
			}
			msg := tt.err.Error()
			if ae := (*corpus.Error)(nil); errors.As(tt.err, &ae) {
				msg = ae.Message
			}
			if !strings.Contains(html.UnescapeString(body), msg) {
				t.Errorf("%s: message %q not shown: %s", path, msg, clip(body, 200))
			}
		}
	}
}

// TestFlagsPageAndAPI: the queue as app.ReviewQueue orders it, filtered
// by code, severity (Chinese labels too) and kind, paged.
func TestFlagsPageAndAPI(t *testing.T) {
	h := handler()
	all, err := testApp.ReviewQueue(context.Background(), app.QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var q app.Queue
	_, _, body := get(t, h, "/api/flags?size=100")
	if err := json.Unmarshal([]byte(body), &q); err != nil {
		t.Fatal(err)
	}
	if q.Total != all.Total || len(q.Documents) != len(all.Documents) || q.Documents[0].ID != all.Documents[0].ID {
		t.Errorf("API queue: %d/%d documents, want %d/%d", q.Total, len(q.Documents), all.Total, len(all.Documents))
	}
	high, _ := testApp.ReviewQueue(context.Background(), app.QueueFilter{MinSeverity: corpus.SeverityHigh, Code: corpus.FlagPlaceholder})
	_, _, body = get(t, h, "/api/flags?min_severity=高&code=占位符未填&size=100")
	q = app.Queue{}
	json.Unmarshal([]byte(body), &q)
	if q.Total != high.Total || q.Total == 0 {
		t.Errorf("high placeholders: %d, want %d", q.Total, high.Total)
	}
	for _, d := range q.Documents {
		for _, f := range d.Flags {
			if f.Code != corpus.FlagPlaceholder || f.Severity != corpus.SeverityHigh {
				t.Errorf("%s: flag %s %s passed the filter", d.ID, f.Code, f.Severity)
			}
		}
	}
	// Page 2 of size 5 is entries 6 to 10.
	_, _, body = get(t, h, "/api/flags?size=5&page=2")
	q = app.Queue{}
	json.Unmarshal([]byte(body), &q)
	if len(q.Documents) != 5 || q.Documents[0].ID != all.Documents[5].ID {
		t.Errorf("page 2: %d documents", len(q.Documents))
	}
	code, _, page := get(t, h, "/flags?size=5&page=2")
	if code != 200 {
		t.Fatalf("flags page: %d", code)
	}
	mustContain(t, "flags page", page, `<b id="total">`+itoa(all.Total)+`</b>`, `<span class="no">6.</span>`, `href="/doc/`+all.Documents[5].ID+`"`)
}

// TestStats: the overview counts what app.Stats counts, and links each
// count to its search.
func TestStats(t *testing.T) {
	h := handler()
	want, err := testApp.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got app.Stats
	_, _, body := get(t, h, "/api/stats")
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Documents != want.Documents || got.Reports != want.Reports || got.ByYear[2019] != want.ByYear[2019] {
		t.Errorf("stats %+v, want %+v", got, want)
	}
	code, _, page := get(t, h, "/stats")
	if code != 200 {
		t.Fatalf("stats page: %d", code)
	}
	mustContain(t, "stats page", page, "<b>"+itoa(want.Documents)+"</b> 篇文档", `href="/search?kind=duty_report"`, `href="/search?year=2019"`, `href="/flags?code=placeholder"`)
}
