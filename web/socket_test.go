package web

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/corpus/corpustest"
	"lvzhi/export"
	"lvzhi/index"
)

// serveSocket serves o on the socket of dir until the test ends, and
// returns a client of it.
func serveSocket(t *testing.T, dir string, o Owner) *Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := ListenSocket(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, o) }()
	c, err := Dial(context.Background(), dir)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		if _, err := os.Lstat(SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("socket left behind: %v", err)
		}
	})
	return c
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// recorder is an app.Encoder that keeps what it is given.
type recorder struct {
	ids    []string
	extras []export.Extra
	texts  int
}

func (r *recorder) Add(rep *corpus.Report, x export.Extra) error {
	r.ids = append(r.ids, rep.ID)
	r.extras = append(r.extras, x)
	r.texts += len(rep.Text)
	return nil
}
func (r *recorder) Close() error { return nil }

// TestClientIsTheApp: through the socket, every method answers what the
// App answers.
func TestClientIsTheApp(t *testing.T) {
	c := serveSocket(t, testDir, testApp)
	ctx := context.Background()
	if o := c.Owner(); o.PID != os.Getpid() || !o.Ingests {
		t.Errorf("owner %+v", o)
	}
	fi, err := os.Stat(SocketPath(testDir))
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Mode()&os.ModeSocket == 0 {
		t.Errorf("socket mode %v, %v", fi.Mode(), err)
	}

	for _, q := range []index.Query{
		{Text: "道路"}, {Text: "代表", Size: 5000}, {Text: "建议", Sort: "relevance", From: 3, Size: 7},
		{Kind: "duty_report", YearFrom: 2019, Sort: "-year"}, {Status: "all", Flag: "placeholder"}, {},
	} {
		want, err := testApp.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Search(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		got.TookMS, want.TookMS = 0, 0
		if jsonOf(t, got) != jsonOf(t, want) {
			t.Errorf("Search(%+v) differs:\n got %s\nwant %s", q, clip(jsonOf(t, got), 300), clip(jsonOf(t, want), 300))
		}
	}

	queue, _ := testApp.ReviewQueue(ctx, app.QueueFilter{})
	for _, f := range []app.QueueFilter{{}, {Limit: 3}, {MinSeverity: corpus.SeverityHigh}, {Code: corpus.FlagBoilerplate, Kind: corpus.KindDutyReport}} {
		want, _ := testApp.ReviewQueue(ctx, f)
		got, err := c.ReviewQueue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if jsonOf(t, got) != jsonOf(t, want) {
			t.Errorf("ReviewQueue(%+v): %d/%d, want %d/%d", f, got.Total, len(got.Documents), want.Total, len(want.Documents))
		}
	}

	{
		want, _ := testApp.Compare(ctx, app.CompareOptions{})
		got, err := c.Compare(ctx, app.CompareOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if jsonOf(t, got) != jsonOf(t, want) {
			t.Errorf("Compare: %d reports, %d deputies; want %d, %d", len(got.Reports), len(got.ByDeputy), len(want.Reports), len(want.ByDeputy))
		}
		if _, err := c.Compare(ctx, app.CompareOptions{Points: "x.txt"}); corpus.ErrorCode(err) != corpus.EINVALID {
			t.Errorf("Compare with a points file through the socket: %v", err)
		}
	}

	for _, e := range queue.Documents[:3] {
		want, _ := testApp.Show(ctx, e.ID)
		want.Analysis.Normalize()
		got, err := c.Show(ctx, e.ID[:6])
		if err != nil {
			t.Fatal(err)
		}
		if jsonOf(t, got) != jsonOf(t, want) || !reflect.DeepEqual(got.Sources, want.Sources) {
			t.Errorf("Show(%s) differs", e.ID)
		}
	}

	ws, _ := testApp.Stats(ctx)
	gs, err := c.Stats(ctx)
	if err != nil || jsonOf(t, gs) != jsonOf(t, ws) {
		t.Errorf("Stats: %v\n got %s\nwant %s", err, jsonOf(t, gs), jsonOf(t, ws))
	}

	for _, q := range []index.Query{{}, {Text: "道路"}, {Kind: "duty_report", Year: 2019}} {
		var want, got recorder
		wn, err := testApp.Export(ctx, &want, q)
		if err != nil {
			t.Fatal(err)
		}
		gn, err := c.Export(ctx, &got, q)
		if err != nil {
			t.Fatal(err)
		}
		if gn != wn || !reflect.DeepEqual(got, want) || wn == 0 {
			t.Errorf("Export(%+v): %d documents, want %d", q, gn, wn)
		}
	}

	// Errors keep their code and message.
	if _, err := c.Show(ctx, "ffffffffffffffff"); corpus.ErrorCode(err) != corpus.ENOTFOUND {
		t.Errorf("Show of nothing: %v", err)
	}
	_, werr := testApp.Search(ctx, index.Query{YearFrom: 2020, YearTo: 2019})
	if _, err := c.Search(ctx, index.Query{YearFrom: 2020, YearTo: 2019}); corpus.ErrorCode(err) != corpus.EINVALID || werr == nil {
		t.Errorf("bad range: %v", err)
	}
}

// writeDocs writes n generated reports as text files under dir.
func writeDocs(t testing.TB, dir string, seed uint64, n int) {
	t.Helper()
	for _, d := range corpustest.Generate(seed, n) {
		p := filepath.Join(dir, d.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(d.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newOwner opens a fresh data directory for writing.
func newOwner(t *testing.T) (*app.App, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	a, err := app.Open(context.Background(), dir, app.Options{Access: app.Write, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, dir
}

// TestIngestThroughSocket: an ingest asked through the socket runs in the
// owner, streams its progress and returns its result; a second one at the
// same time is refused, and so is one to an owner that does not ingest.
func TestIngestThroughSocket(t *testing.T) {
	a, dir := newOwner(t)
	files := t.TempDir()
	writeDocs(t, files, 3, 60)
	c := serveSocket(t, dir, a)
	ctx := context.Background()

	var mu sync.Mutex
	phases := map[app.Phase]int{}
	started := make(chan struct{})
	var once sync.Once
	var second error
	secondDone := make(chan struct{})
	res, err := c.Ingest(ctx, []string{files}, app.IngestOptions{CountFiles: true, Progress: func(e app.Event) {
		mu.Lock()
		phases[e.Phase]++
		mu.Unlock()
		once.Do(func() {
			close(started)
			go func() {
				defer close(secondDone)
				c2, err := Dial(ctx, dir)
				if err != nil {
					second = err
					return
				}
				defer c2.Close()
				info := c2.Owner()
				if !info.Ingesting {
					t.Errorf("owner info during an ingest: %+v", info)
				}
				_, second = c2.Ingest(ctx, []string{files}, app.IngestOptions{})
			}()
		})
	}})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	<-secondDone
	if res.New != 60 || res.Failed != 0 || res.Indexed != 60 {
		t.Errorf("result %+v", res)
	}
	if phases[app.PhaseRead] == 0 || phases[app.PhaseIndex] == 0 {
		t.Errorf("progress events by phase: %v", phases)
	}
	if corpus.ErrorCode(second) != corpus.ELOCKED || !strings.Contains(second.Error(), "正在导入") {
		t.Errorf("a second ingest at the same time: %v", second)
	}
	got, err := c.Search(ctx, index.Query{})
	if err != nil || got.Total != 60 {
		t.Errorf("after the ingest: %v, %v", got, err)
	}
	// Relative paths are the client's: resolved before they are sent.
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(files)
	res, err = c.Ingest(ctx, []string{"."}, app.IngestOptions{})
	if err != nil || res.Unchanged != 60 {
		t.Errorf("ingest of . from %s: %+v %v", files, res.Summary, err)
	}

	// An owner that ingests by itself refuses.
	b, dir2 := newOwner(t)
	c2 := serveSocket(t, dir2, ReadOnly(b))
	if c2.Owner().Ingests {
		t.Errorf("a read-only owner says it ingests")
	}
	_, err = c2.Ingest(ctx, []string{files}, app.IngestOptions{})
	if corpus.ErrorCode(err) != corpus.ELOCKED {
		t.Errorf("ingest through a read-only owner: %v", err)
	}
}

// TestIngestCancelled: a client that goes away stops the owner's ingest;
// what was committed stays, and the owner goes on serving.
func TestIngestCancelled(t *testing.T) {
	a, dir := newOwner(t)
	files := t.TempDir()
	writeDocs(t, files, 4, 150)
	c := serveSocket(t, dir, a)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.Ingest(ctx, []string{files}, app.IngestOptions{Workers: 1, Progress: func(e app.Event) {
		if e.Phase == app.PhaseRead && e.Done >= 20 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ingest: %v", err)
	}
	// The owner notices and is free again.
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := c.Ingest(context.Background(), []string{files}, app.IngestOptions{})
		if err == nil {
			if res.Unchanged+res.New != 150 {
				t.Errorf("rerun: %+v", res.Summary)
			}
			break
		}
		if corpus.ErrorCode(err) != corpus.ELOCKED || time.Now().After(deadline) {
			t.Fatalf("rerun: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	st, err := c.Stats(context.Background())
	if err != nil || st.Documents != 150 || st.Unindexed != 0 {
		t.Errorf("after the rerun: %+v %v", st, err)
	}
}

// TestSocketFiles: a socket left by a dead owner is replaced; a live one
// is an error; a path too long for bind goes through a link.
func TestSocketFiles(t *testing.T) {
	dir := t.TempDir()
	s, err := ListenSocket(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ListenSocket(dir); corpus.ErrorCode(err) != corpus.ELOCKED {
		t.Errorf("second listener on a live socket: %v", err)
	}
	// A dead owner: the file stays, nobody listens.
	s.l.Close()
	if _, err := os.Lstat(SocketPath(dir)); err != nil {
		t.Fatalf("the test needs the stale file: %v", err)
	}
	s2, err := ListenSocket(dir)
	if err != nil {
		t.Fatalf("stale socket not replaced: %v", err)
	}
	s2.Close()
	if _, err := Dial(context.Background(), dir); !errors.Is(err, ErrNoOwner) {
		t.Errorf("Dial with no owner: %v", err)
	}
	// Not a socket: left alone.
	os.WriteFile(SocketPath(dir), []byte("x"), 0o644)
	if _, err := ListenSocket(dir); err == nil || !strings.Contains(err.Error(), "不是套接字") {
		t.Errorf("regular file in the way: %v", err)
	}
	os.Remove(SocketPath(dir))

	long := filepath.Join(t.TempDir(), strings.Repeat("长目录名", 10))
	os.MkdirAll(long, 0o755)
	a, err := app.Open(context.Background(), long, app.Options{Access: app.Write, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c := serveSocket(t, long, a)
	if st, err := c.Stats(context.Background()); err != nil || st.Documents != 0 {
		t.Errorf("through a long path: %v %v", st, err)
	}
	if fi, err := os.Lstat(SocketPath(long)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("long path: %v %v", fi, err)
	}
}

// TestReadWhileWriting: while an ingest runs in the owner, searches,
// documents, the queue and the overview keep answering from the last
// committed state, in the owner's process and through the socket, with
// no error and no document half visible. Run it under -race.
func TestReadWhileWriting(t *testing.T) {
	a, dir := newOwner(t)
	files := t.TempDir()
	n := 300
	if testing.Short() {
		n = 40 // under -race, on two cores
	}
	writeDocs(t, files, 5, n)
	c := serveSocket(t, dir, a)
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := c.Ingest(ctx, []string{files}, app.IngestOptions{Workers: 2}); err != nil {
			t.Errorf("ingest: %v", err)
		}
	}()
	var wg sync.WaitGroup
	readers := []Backend{a, c}
	var answers [2]int
	for i, b := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = readUntil(t, b, done)
		}()
	}
	wg.Wait()
	if answers[0] < 3 || answers[1] < 3 {
		t.Errorf("too few answers during the ingest (%v): nothing was tested", answers)
	}
	res, err := c.Search(ctx, index.Query{})
	if err != nil || res.Total != uint64(n) {
		t.Errorf("after the ingest: %v %v", res, err)
	}
}

// readUntil reads b every 10 ms until done, checking each answer, and
// returns how many rounds it made.
func readUntil(t *testing.T, b Backend, done <-chan struct{}) int {
	ctx := context.Background()
	var last uint64
	rounds := 0
	for {
		select {
		case <-done:
			return rounds
		case <-time.After(10 * time.Millisecond):
		}
		rounds++
		for _, q := range []index.Query{{}, {Text: "代表", Size: 5}, {Text: "建议 -幼儿园", Kind: "duty_report"}} {
			res, err := b.Search(ctx, q)
			if err != nil {
				t.Errorf("search during the ingest: %v", err)
				return rounds
			}
			if q.Text == "" {
				if res.Total < last {
					t.Errorf("documents went away: %d after %d", res.Total, last)
				}
				last = res.Total
			}
			kinds := 0
			for _, bk := range res.Facets["kind"] {
				kinds += bk.Count
			}
			if uint64(kinds) != res.Total {
				t.Errorf("facet counts %d for %d hits", kinds, res.Total)
			}
			for _, h := range res.Hits {
				d, err := b.Show(ctx, h.ID)
				if err != nil {
					t.Errorf("hit %s not shown: %v", h.ID, err)
					continue
				}
				if string(d.Kind) != h.Kind || d.Title != h.Title {
					t.Errorf("hit %s half visible: %s %q vs %s %q", h.ID, h.Kind, h.Title, d.Kind, d.Title)
				}
			}
		}
		st, err := b.Stats(ctx)
		if err != nil {
			t.Errorf("stats during the ingest: %v", err)
			return rounds
		}
		if uint64(st.Documents) < last {
			t.Errorf("stats: %d documents stored, %d already searchable", st.Documents, last)
		}
		if _, err := b.ReviewQueue(ctx, app.QueueFilter{Limit: 5}); err != nil {
			t.Errorf("queue during the ingest: %v", err)
		}
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// lvzhiBinary builds the command once per test run.
func lvzhiBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lvzhi-web-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "lvzhi")
		out, err := exec.Command("go", "build", "-o", binPath, "lvzhi/cmd/lvzhi").CombinedOutput()
		if err != nil {
			buildErr = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// TestReadWhileIngestProcess is issue 13's check, across processes: `lvzhi
// serve` owns a data directory and runs an ingest of 2,000 reports asked
// through its socket, while this process searches every 100 ms (through
// the socket and through the web UI's HTTP API) and checks every answer:
// no error, nothing half visible, totals that only grow. LVZHI_RW_DOCS
// sets the number of reports.
func TestReadWhileIngestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 2,000 reports in a child process")
	}
	n := 2000
	if s := os.Getenv("LVZHI_RW_DOCS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	bin := lvzhiBinary(t)
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	seed := filepath.Join(root, "seed")
	writeDocs(t, seed, 6, 1)
	if out, err := exec.Command(bin, "ingest", "--data", dir, seed).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	base := startServe(t, dir)
	files := filepath.Join(root, "files")
	writeDocs(t, files, 7, n)

	ctx := context.Background()
	c, err := Dial(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Owner().PID == os.Getpid() {
		t.Fatal("the owner must be another process")
	}
	done := make(chan struct{})
	var res app.IngestResult
	var ierr error
	go func() {
		defer close(done)
		res, ierr = c.Ingest(ctx, []string{files}, app.IngestOptions{})
	}()
	rounds := 0
	var last uint64
	type sighting struct {
		at    time.Time
		total uint64
	}
	var seen []sighting
	for stop := false; !stop; {
		select {
		case <-done:
			stop = true
		case <-time.After(100 * time.Millisecond):
		}
		rounds++
		got, err := c.Search(ctx, index.Query{Size: 10}) // everything, newest first
		if err != nil {
			t.Fatalf("search during the ingest: %v", err)
		}
		if got.Total < last {
			t.Errorf("round %d: %d hits after %d", rounds, got.Total, last)
		}
		last = got.Total
		for _, h := range got.Hits {
			d, err := c.Show(ctx, h.ID)
			if err != nil || d.Title != h.Title || string(d.Kind) != h.Kind {
				t.Errorf("round %d: hit %s half visible: %v", rounds, h.ID, err)
			}
		}
		// The web API reuses an answer for up to DefaultCacheTTL: it must
		// have seen at least what the socket saw that long ago.
		seen = append(seen, sighting{time.Now(), got.Total})
		api := fetchJSON[index.Result](t, base+"/api/search?size=1")
		var floor uint64
		for _, s := range seen {
			if time.Since(s.at) > DefaultCacheTTL+50*time.Millisecond {
				floor = max(floor, s.total)
			}
		}
		if api.Total < floor {
			t.Errorf("round %d: the web API found %d, more than %s after the socket found %d", rounds, api.Total, DefaultCacheTTL, floor)
		}
	}
	if ierr != nil || res.New != n {
		t.Fatalf("ingest: %+v %v", res.Summary, ierr)
	}
	if last != uint64(n+1) {
		t.Errorf("after the ingest: %d documents found, want %d", last, n+1)
	}
	t.Logf("%d rounds of reads during an ingest of %d reports (%s)", rounds, n, res.Elapsed)
	if rounds < 10 {
		t.Errorf("only %d rounds during the ingest: nothing was tested", rounds)
	}
}
