package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lvzhi/app"
)

// The handler tests share one real data directory: the bundled sample
// corpus (in the repository) plus a hostile report written here, ingested
// once by a real App that then serves the reads, as lvzhi serve does.
var (
	testApp  *app.App
	testDir  string
	testDocs string // the folder of extra files
)

// hostile is a report whose text is markup: it must show as text.
const hostile = `<script>alert("xss")</script>人大代表述职报告
各位选民：
我叫赵大勇，2021年当选为清河镇第十八届人大代表。"><img src=x onerror=alert(1)>一年来，我参加代表活动5次，提出建议3件，其中关于<b>乡村道路</b>的建议已办结。
存在的不足：一是学习不够深入；二是联系选民还不够广泛。
`

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "web tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	root, err := os.MkdirTemp("", "lvzhi-web-test-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(root)
	testDir = filepath.Join(root, "data")
	testDocs = filepath.Join(root, "files")
	if err := os.MkdirAll(testDocs, 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(testDocs, "赵大勇-2021年述职报告.txt"), []byte(hostile), 0o644); err != nil {
		return 0, err
	}
	ctx := context.Background()
	a, err := app.Open(ctx, testDir, app.Options{Access: app.Write, Create: true})
	if err != nil {
		return 0, err
	}
	defer a.Close()
	res, err := a.Ingest(ctx, []string{"../corpus/sample/files", testDocs}, app.IngestOptions{})
	if err != nil {
		return 0, err
	}
	if res.New < 40 {
		return 0, fmt.Errorf("sample corpus: only %d documents stored", res.New)
	}
	testApp = a
	return m.Run(), nil
}

// get serves one GET through h and returns the status, the headers and
// the body.
func get(t testing.TB, h http.Handler, target string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(body)
}

// handler is the web UI over the shared data directory.
func handler() http.Handler { return New(testApp, Options{}) }

func mustContain(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: missing %q", what, s)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("%s: must not contain %q", what, s)
		}
	}
}
