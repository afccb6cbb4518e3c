package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromium finds the browser: Debian's chromium, or $LVZHI_CHROMIUM. The
// test skips without one unless LVZHI_REQUIRE_CHROMIUM=1 (as CI sets).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("LVZHI_CHROMIUM"), "chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("LVZHI_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("chromium not found and LVZHI_REQUIRE_CHROMIUM=1")
	}
	t.Skip("chromium not found (apt-get install chromium); set LVZHI_REQUIRE_CHROMIUM=1 to make this a failure")
	return ""
}

// startServe runs `lvzhi serve` on a free loopback port over dir and
// returns its base URL.
func startServe(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(lvzhiBinary(t), "serve", "--data", dir, "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("lvzhi serve after SIGINT: %v", err)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("lvzhi serve did not stop within 15 s of SIGINT")
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				found <- u
			}
		}
	}()
	select {
	case u := <-found:
		return strings.TrimSuffix(u, "/")
	case <-time.After(60 * time.Second):
		t.Fatal("lvzhi serve did not say where it listens")
	}
	return ""
}

// TestBrowser drives headless Chromium through the UI as an analyst uses
// it: type a query, apply a facet, open a document, click an extracted row
// and see its sentence highlighted, open the review queue, open a copied
// passage beside its source. Screenshots go to the test's temp dir (and to
// $LVZHI_SCREENSHOTS when set, to look at).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	browser := chromium(t)
	bin := lvzhiBinary(t)
	dir := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command(bin, "ingest", "--data", dir, "../corpus/sample/files").CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	base := startServe(t, dir)

	shots := t.TempDir()
	keep := os.Getenv("LVZHI_SCREENSHOTS")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	// The first action starts the browser: no deadline on it (a deadline
	// would stop the browser); each later step gets one.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	step := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 30*time.Second) }
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := step()
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, out any) {
		t.Helper()
		sctx, cancel := step()
		defer cancel()
		raw, err := chromedp.Run(sctx, chromedp.Evaluate[json.RawMessage](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	location := func() string {
		t.Helper()
		var loc string
		eval("location", `location.href`, &loc)
		return loc
	}
	// shot saves the whole page, or with view only what the window shows
	// (where a pane was scrolled).
	shot := func(name string, view ...bool) {
		t.Helper()
		sctx, cancel := step()
		defer cancel()
		capture := chromedp.FullScreenshot(100)
		if len(view) > 0 && view[0] {
			capture = chromedp.CaptureScreenshot()
		}
		png, err := chromedp.Run(sctx, capture)
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		p := filepath.Join(shots, name+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		if keep != "" {
			os.MkdirAll(keep, 0o755)
			os.WriteFile(filepath.Join(keep, name+".png"), png, 0o644)
		}
	}
	number := func(sel string) int {
		t.Helper()
		var s string
		eval("read "+sel, fmt.Sprintf(`document.querySelector(%q).textContent`, sel), &s)
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("%s: %q is no number", sel, s)
		}
		return n
	}

	// 1. Type a query.
	run("open the search page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	run("type a query", chromedp.SendKeys(chromedp.CSS("#q"), "道路"+kb.Enter))
	// The front page lists documents too: wait for the answer's page.
	// Evaluating while the page navigates may fail: retry.
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		sctx, cancel := step()
		href, err := chromedp.Run(sctx, chromedp.Evaluate[string](`location.href`))
		cancel()
		if err == nil && strings.Contains(href, "/search?q=") {
			break
		}
	}
	loc := location()
	run("wait for the hits", chromedp.WaitVisible(chromedp.CSS("#hits .hit")))
	if !strings.Contains(loc, "/search?q=") {
		t.Errorf("after typing, at %s", loc)
	}
	total := number("#total")
	api := fetchJSON[struct{ Total int }](t, base+"/api/search?q=道路")
	if total != api.Total || total == 0 {
		t.Errorf("page says %d hits, API %d", total, api.Total)
	}
	var marks int
	eval("count marks", `document.querySelectorAll('#hits .snip mark').length`, &marks)
	if marks == 0 {
		t.Errorf("no highlighted snippet")
	}
	shot("01-search")

	// 2. Apply a facet: the hits narrow to its count.
	facet := `#facets section[data-facet="region"] li:first-child a`
	want := number(facet + " .n")
	run("click a facet", chromedp.Click(chromedp.CSS(facet)), chromedp.WaitVisible(chromedp.CSS(".chips .chip")))
	if got := number("#total"); got != want || got >= total {
		t.Errorf("after the facet: %d hits, the facet said %d (of %d)", got, want, total)
	}
	shot("02-facet")

	// 3. Open a document.
	run("open the first hit", chromedp.Click(chromedp.CSS(`#hits .hit h2 a`)), chromedp.WaitVisible(chromedp.CSS("#text")))
	loc = location()
	id := loc[strings.LastIndex(loc, "/")+1:]
	doc := fetchJSON[struct{ Text string }](t, base+"/api/doc/"+id)
	shot("03-document", true)

	// 4. Click an extracted row: its evidence and sentence light up in the
	// text, scrolled into view.
	// Rows of the extracted tables (not the passages, whose cells hold
	// links); the last one is far down the text.
	row := `#suggestions tr.ev, #activities tr.ev, #shortcomings tr.ev, #quantities tr.ev`
	var rows []map[string]string
	eval("find rows", fmt.Sprintf(`[...document.querySelectorAll(%q)].map(r => ({"data-s": r.dataset.s, "data-e": r.dataset.e}))`, row), &rows)
	if len(rows) == 0 {
		t.Fatal("no extracted row to click")
	}
	pick := rows[len(rows)-1] // the last one: far down the text
	s, e := atoiOr(pick["data-s"]), atoiOr(pick["data-e"])
	sel := fmt.Sprintf(`#rows tr.ev[data-s="%d"][data-e="%d"]`, s, e)
	run("click the row", chromedp.ScrollIntoView(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel+" td:first-child")), chromedp.WaitVisible(chromedp.CSS("#text .hl")), chromedp.Sleep(600*time.Millisecond))
	var hl struct {
		Text      string
		Sentence  string
		Visible   bool
		RowActive bool
	}
	eval("read the highlight", fmt.Sprintf(`(() => {
		const pane = document.getElementById('text');
		const hl = [...pane.querySelectorAll('.hl')];
		const r = hl[0].getBoundingClientRect(), p = pane.getBoundingClientRect();
		return {
			Text: hl.map(x => x.textContent).join(''),
			Sentence: [...pane.querySelectorAll('.sent')].map(x => x.textContent).join(''),
			Visible: r.top >= p.top && r.bottom <= p.bottom && r.top >= 0 && r.bottom <= window.innerHeight,
			RowActive: document.querySelector('%s').classList.contains('active'),
		};
	})()`, sel), &hl)
	if want := doc.Text[s:e]; hl.Text != want {
		t.Errorf("highlighted %q, the row's evidence is %q", hl.Text, want)
	}
	if !strings.Contains(hl.Sentence+hl.Text, hl.Text) || hl.Sentence == "" {
		t.Errorf("sentence %q around %q", hl.Sentence, hl.Text)
	}
	if !hl.Visible || !hl.RowActive {
		t.Errorf("highlight visible %v, row active %v", hl.Visible, hl.RowActive)
	}
	shot("04-row-highlighted", true)

	// 5. The review queue, filtered to copied reports.
	run("open the queue", chromedp.Click(chromedp.CSS(`nav a[href="/flags"]`)), chromedp.WaitVisible(chromedp.CSS("#queue")))
	queued := number("#total")
	shot("05-queue")
	run("filter boilerplate", chromedp.SetValue(chromedp.CSS(`select[name="code"]`), "boilerplate"))
	// Choosing applies the filter (the script submits on change; chromedp
	// may or may not fire the event itself).
	eval("change the filter", `(() => { const s = document.querySelector('select[name="code"]'); if (s && !location.search.includes('code=')) s.dispatchEvent(new Event('change')); return true; })()`, nil)
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(location(), "code="); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("changing the queue filter did not reload the page")
		}
	}
	run("wait for the filtered queue", chromedp.WaitVisible(chromedp.CSS(`#queue .entry`)))
	loc = location()
	if !strings.Contains(loc, "code=boilerplate") || strings.Contains(loc, "kind=") {
		t.Errorf("queue filter at %s (empty fields must be left out)", loc)
	}
	if n := number("#total"); n == 0 || n >= queued {
		t.Errorf("boilerplate queue %d of %d", n, queued)
	}

	// 6. A copied passage beside its source.
	run("open the worst copied report", chromedp.Click(chromedp.CSS(`#queue .entry h2 a`)), chromedp.WaitVisible(chromedp.CSS("#passages")))
	link := `#passages a.cmp-link`
	run("open a source", chromedp.ScrollIntoView(chromedp.CSS(link)), chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS("#src-text .focus")), chromedp.Sleep(300*time.Millisecond))
	var cmp struct{ Left, Right string }
	eval("read the pair", `({
		Left: [...document.querySelectorAll('#text .focus')].map(x => x.textContent).join(''),
		Right: [...document.querySelectorAll('#src-text .focus')].map(x => x.textContent).join(''),
	})`, &cmp)
	if cmp.Left == "" || squeeze(cmp.Left) != squeeze(cmp.Right) {
		t.Errorf("side by side, the passages differ:\n%q\n%q", cmp.Left, cmp.Right)
	}
	shot("06-side-by-side", true)

	// 7. The comparison: the ranking, then the first deputy's years.
	run("open the comparison", chromedp.Navigate(base+"/compare"), chromedp.WaitVisible(chromedp.CSS("#ranking tbody tr")))
	shot("07-compare")
	var first string
	eval("the first deputy", `document.querySelector('#ranking tbody tr td:nth-child(2) a').textContent`, &first)
	run("open the first deputy", chromedp.Click(chromedp.CSS(`#ranking tbody tr td:nth-child(2) a`)), chromedp.WaitVisible(chromedp.CSS("#trend")))
	var h1 string
	eval("the deputy's heading", `document.querySelector('h1').textContent`, &h1)
	if name, _, _ := strings.Cut(first, "（"); !strings.Contains(h1, name) {
		t.Errorf("clicked %q, the page is %q", first, h1)
	}
	shot("08-deputy-years")
	t.Logf("screenshots in %s", shots)
}

// squeeze drops what the copy check ignores: whitespace and punctuation.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \n\t\u3000，。、；：！？,.;:!?“”\"'（）()《》", r) {
			return -1
		}
		return r
	}, s)
}

func atoiOr(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func fetchJSON[T any](t *testing.T, u string) T {
	t.Helper()
	var v T
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %s %s", u, resp.Status, body)
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
