package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"lvzhi/corpus"
)

func TestOpen(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, path string) // prepares what is at path
		readOnly bool
		code     string
		msg      string // part of the message
		docs     int    // documents in the opened store
	}{
		{name: "new file in a new directory", setup: func(*testing.T, string) {}},
		{name: "read-only missing", setup: func(*testing.T, string) {}, readOnly: true, code: corpus.ENOTFOUND, msg: "不存在"},
		{name: "read-only empty file", readOnly: true, code: corpus.EINVALID, msg: "文件为空",
			setup: func(t *testing.T, path string) { writeFile(t, path, nil) }},
		{name: "directory", code: corpus.EINVALID, msg: "是目录",
			setup: func(t *testing.T, path string) { os.MkdirAll(path, 0o755) }},
		{name: "text file", code: corpus.EINVALID, msg: "不是 lvzhi 数据文件",
			setup: func(t *testing.T, path string) {
				writeFile(t, path, bytes.Repeat([]byte("这不是数据文件。\n"), 2000))
			}},
		{name: "text file read-only", readOnly: true, code: corpus.EINVALID, msg: "不是 lvzhi 数据文件",
			setup: func(t *testing.T, path string) {
				writeFile(t, path, bytes.Repeat([]byte("这不是数据文件。\n"), 2000))
			}},
		{name: "another program's bbolt file", code: corpus.EINVALID, msg: "别的程序",
			setup: func(t *testing.T, path string) { foreignBolt(t, path) }},
		{name: "another program's bbolt file read-only", readOnly: true, code: corpus.EINVALID, msg: "别的程序",
			setup: func(t *testing.T, path string) { foreignBolt(t, path) }},
		{name: "newer schema", code: corpus.EUNSUPPORTED, msg: "更新版本",
			setup: func(t *testing.T, path string) { newerSchema(t, path) }},
		{name: "newer schema read-only", readOnly: true, code: corpus.EUNSUPPORTED, msg: "更新版本",
			setup: func(t *testing.T, path string) { newerSchema(t, path) }},
		{name: "existing store read-only", readOnly: true, docs: 1,
			setup: func(t *testing.T, path string) {
				s := mustOpen(t, path, Options{})
				mustPut(t, s, entry(reportText(1, 500), "a.txt", 1, 1, "h1", t0, 1))
				s.Close()
			}},
		{name: "bbolt file with no buckets read-only is empty", readOnly: true,
			setup: func(t *testing.T, path string) {
				os.MkdirAll(filepath.Dir(path), 0o755)
				db, err := bolt.Open(path, 0o644, nil)
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data", "lvzhi.db")
			tt.setup(t, path)
			before, _ := os.ReadFile(path)
			s, err := Open(path, Options{ReadOnly: tt.readOnly, Timeout: 100 * time.Millisecond})
			wantCode(t, err, tt.code)
			if err != nil {
				if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), path) {
					t.Errorf("message %q should contain %q and the path", err, tt.msg)
				}
				if s != nil {
					t.Error("Open returned a store with an error")
				}
				// A file that is not ours is never modified.
				if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
					t.Error("Open modified a file it refused")
				}
				return
			}
			defer s.Close()
			if n, err := s.Count(context.Background()); err != nil || n != tt.docs {
				t.Errorf("Count = %d, %v; want %d", n, err, tt.docs)
			}
			if ids := collect(t, s.IDs); len(ids) != tt.docs {
				t.Errorf("IDs = %v, want %d", ids, tt.docs)
			}
			_, statErr := os.Stat(ownerPath(path))
			if tt.readOnly != os.IsNotExist(statErr) {
				t.Errorf("owner file exists = %v, want %v", statErr == nil, !tt.readOnly)
			}
		})
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func foreignBolt(t *testing.T, path string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("segments")); return err }); err != nil {
		t.Fatal(err)
	}
}

func newerSchema(t *testing.T, path string) {
	t.Helper()
	s := mustOpen(t, path, Options{})
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(schemaVersion+1)))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestCloseRemovesOwnerAndIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lvzhi.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, ok := readOwner(path)
	if !ok || o.PID != os.Getpid() || !strings.Contains(o.Command, "store.test") {
		t.Fatalf("owner file = %+v, %v; want this process", o, ok)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ownerPath(path)); !os.IsNotExist(err) {
		t.Errorf("owner file left after Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err = s.Count(context.Background())
	wantCode(t, err, corpus.EINTERNAL)
	if !strings.Contains(err.Error(), "已关闭") {
		t.Errorf("use after Close: %v", err)
	}
}

func TestPutAndGet(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := entry(reportText(1, 3000), "2023/张三.txt", 1, 1, "ha", t0, 1)
	b := entry(reportText(2, 200), "合集.docx", 1, 2, "hb", t0, 1)
	c := entry(reportText(3, 9000), "合集.docx", 2, 2, "hb", t0, 1)
	c.Report.Deputy.Name = ptr("张三")
	c.Report.Flags = []corpus.Flag{{Code: corpus.FlagPlaceholder, Severity: corpus.SeverityHigh, Message: "占位符未填",
		Evidence: []corpus.Span{{Text: "**", Start: 40, End: 42}}}}

	res := mustPut(t, s, a, b, c)
	if want := (corpus.PutResult{New: 3}); res != want {
		t.Fatalf("Put = %+v, want %+v", res, want)
	}
	for _, e := range []corpus.Entry{a, b, c} {
		got, err := s.Get(ctx, e.Report.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := e.Report
		want.Analysis.Normalize()
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("Get(%s) =\n%+v\nwant\n%+v", e.Report.ID, *got, want)
		}
		if got.Activities == nil || got.Flags == nil || got.TemplateResidue == nil {
			t.Error("Get did not normalise nil lists")
		}
	}
	if n, err := s.Count(ctx); err != nil || n != 3 {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestGetPrefix(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// Find two texts whose IDs share their first four hex digits, and
	// store them with a few others.
	x, y := prefixTwins(t)
	entries := []corpus.Entry{
		entry(x, "x.txt", 1, 1, "hx", t0, 1),
		entry(y, "y.txt", 1, 1, "hy", t0, 1),
		entry(reportText(10, 300), "z.txt", 1, 1, "hz", t0, 1),
	}
	mustPut(t, s, entries...)
	idX, idY, idZ := entries[0].Report.ID, entries[1].Report.ID, entries[2].Report.ID
	common := commonPrefix(idX, idY)
	missing := "0000000000000000"
	for _, id := range []string{idX, idY, idZ} {
		if strings.HasPrefix(id, missing[:4]) {
			t.Fatalf("stored ID %s starts like the missing one: change the texts", id)
		}
	}
	if strings.HasPrefix(idX, idZ[:4]) || strings.HasPrefix(idY, idZ[:4]) {
		t.Fatalf("%s shares four digits with a twin: change the texts", idZ)
	}

	tests := []struct {
		name, id, want, code string
	}{
		{name: "full ID", id: idZ, want: idZ},
		{name: "full ID upper case with spaces", id: "  " + strings.ToUpper(idX) + "\n", want: idX},
		{name: "unique prefix", id: idZ[:6], want: idZ},
		{name: "shortest prefix", id: idZ[:4], want: idZ},
		{name: "prefix past the common part", id: idY[:len(common)+1], want: idY},
		{name: "ambiguous prefix", id: common, code: corpus.ECONFLICT},
		{name: "too short", id: idZ[:3], code: corpus.EINVALID},
		{name: "empty", id: "", code: corpus.EINVALID},
		{name: "not hex", id: "张三李四", code: corpus.EINVALID},
		{name: "g is not hex", id: "abcg", code: corpus.EINVALID},
		{name: "too long", id: idZ + "0", code: corpus.EINVALID},
		{name: "unknown full ID", id: missing, code: corpus.ENOTFOUND},
		{name: "unknown prefix", id: missing[:5], code: corpus.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Get(ctx, tt.id)
			wantCode(t, err, tt.code)
			if _, oerr := s.Origins(ctx, tt.id); corpus.ErrorCode(oerr) != tt.code {
				t.Errorf("Origins(%q): %v, want code %q", tt.id, oerr, tt.code)
			}
			if err != nil {
				if tt.code == corpus.ECONFLICT && (!strings.Contains(err.Error(), idX) || !strings.Contains(err.Error(), idY)) {
					t.Errorf("conflict message %q should list both IDs", err)
				}
				return
			}
			if r.ID != tt.want {
				t.Errorf("Get(%q).ID = %s, want %s", tt.id, r.ID, tt.want)
			}
			// Origins resolves IDs the same way.
			o, err := s.Origins(ctx, tt.id)
			if err != nil || len(o) != 1 {
				t.Errorf("Origins(%q) = %v, %v", tt.id, o, err)
			}
		})
	}
}

// prefixTwins returns two texts whose document IDs share at least four hex
// digits. By the birthday bound a few hundred candidates suffice.
func prefixTwins(t *testing.T) (string, string) {
	seen := map[string]string{}
	for i := 0; i < 100000; i++ {
		text := "第" + strconv.Itoa(i) + "篇：代表联络站接待选民记录"
		id := corpus.DocumentID(text)
		if other, ok := seen[id[:4]]; ok {
			return other, text
		}
		seen[id[:4]] = text
	}
	t.Fatal("no two IDs share a prefix")
	return "", ""
}

func commonPrefix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[:i]
}

func TestPutValidation(t *testing.T) {
	ok := entry(reportText(1, 300), "好.txt", 1, 1, "h", t0, 1)
	tests := []struct {
		name   string
		modify func(e *corpus.Entry)
		msg    string
	}{
		{"empty ID", func(e *corpus.Entry) { e.Report.ID = "" }, "坏.txt（第 1 篇）：文档编号为空"},
		{"ID of other text", func(e *corpus.Entry) { e.Report.ID = corpus.DocumentID("别的") }, "与正文不符"},
		{"ID in upper case", func(e *corpus.Entry) { e.Report.ID = strings.ToUpper(e.Report.ID) }, "与正文不符"},
		{"text changed after hashing", func(e *corpus.Entry) { e.Report.Text += "。" }, "与正文不符"},
		{"origin part 0", func(e *corpus.Entry) { e.Origin.Part = 0 }, "坏.txt：篇序号 0 无效"},
		{"document part 0", func(e *corpus.Entry) { e.Report.Part = 0 }, "文档的篇序号 0 无效"},
		{"part beyond parts", func(e *corpus.Entry) { e.Origin.Part, e.Report.Part, e.Report.Parts = 3, 3, 2 }, "超过文件的篇数 2"},
		{"negative parts", func(e *corpus.Entry) { e.Report.Parts = -1 }, "篇数 -1 无效"},
		{"no file hash", func(e *corpus.Entry) { e.Origin.FileHash = "" }, "缺少文件哈希"},
		{"no source", func(e *corpus.Entry) { e.Origin.Source = " " }, "第 2 条记录：没有来源文件路径"},
		{"zip member named", func(e *corpus.Entry) { e.Origin.Member = "2023/a.txt"; e.Report.ID = "" }, "坏.txt!/2023/a.txt（第 1 篇）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			bad := entry(reportText(2, 300), "坏.txt", 1, 1, "h2", t0, 1)
			tt.modify(&bad)
			_, err := s.Put(context.Background(), []corpus.Entry{ok, bad})
			wantCode(t, err, corpus.EINVALID)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", err, tt.msg)
			}
			// Nothing of the batch was written, not even the valid entry.
			if n, _ := s.Count(context.Background()); n != 0 {
				t.Errorf("Count = %d after a failed Put, want 0", n)
			}
		})
	}
}

func TestPutOrigins(t *testing.T) {
	text := reportText(1, 1000)
	first := entry(text, "a.txt", 1, 1, "h1", t0, 1)
	tests := []struct {
		name       string
		again      func(e *corpus.Entry)
		newOrigin  bool
		wantSource string // of the recorded second origin
	}{
		{"same reading", func(e *corpus.Entry) {}, false, ""},
		{"same reading later", func(e *corpus.Entry) { e.Origin.Seen = t0.Add(time.Hour) }, false, ""},
		{"other file", func(e *corpus.Entry) { e.Origin.Source = "b.txt" }, true, "b.txt"},
		{"zip member", func(e *corpus.Entry) { e.Origin.Member = "a.txt" }, true, "a.txt"},
		{"other part", func(e *corpus.Entry) { e.Origin.Part, e.Report.Part, e.Report.Parts = 2, 2, 2 }, true, "a.txt"},
		{"file changed", func(e *corpus.Entry) { e.Origin.FileHash = "h2" }, true, "a.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newStore(t)
			mustPut(t, s, first)
			again := entry(text, "a.txt", 1, 1, "h1", t0, 1)
			tt.again(&again)
			if res := mustPut(t, s, again); res != (corpus.PutResult{Unchanged: 1}) {
				t.Errorf("Put = %+v, want 1 unchanged", res)
			}
			origins, err := s.Origins(ctx, first.Report.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []corpus.Origin{first.Origin}
			if tt.newOrigin {
				want = append(want, again.Origin)
			}
			if !originsEqual(origins, want) {
				t.Errorf("Origins = %+v, want %+v", origins, want)
			}
			// The stored document stays the first reading.
			if r, _ := s.Get(ctx, first.Report.ID); r.Source != "a.txt" || r.Part != 1 {
				t.Errorf("document changed to %s part %d", r.Source, r.Part)
			}
		})
	}
}

func originsEqual(a, b []corpus.Origin) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameOrigin(a[i], b[i]) || !a[i].Seen.Equal(b[i].Seen) {
			return false
		}
	}
	return true
}

func TestPutAnalysisVersion(t *testing.T) {
	tests := []struct {
		name            string
		stored, entry   int
		replaced        bool
		unindexedBefore bool // whether the document was marked indexed before the second Put
	}{
		{"newer version replaces", 1, 2, true, false},
		{"newer version re-queues an indexed document", 1, 3, true, true},
		{"same version keeps", 2, 2, false, true},
		{"older version keeps", 3, 2, false, true},
		{"zero to one", 0, 1, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newStore(t)
			text := reportText(5, 800)
			first := entry(text, "a.txt", 1, 1, "h1", t0, tt.stored)
			mustPut(t, s, first)
			if tt.unindexedBefore {
				if err := s.MarkIndexed(ctx, []string{first.Report.ID}); err != nil {
					t.Fatal(err)
				}
			}
			second := entry(text, "b.txt", 1, 1, "h2", t0.Add(time.Minute), tt.entry)
			second.Report.Kind = corpus.KindWorkReport
			if res := mustPut(t, s, second); res != (corpus.PutResult{Unchanged: 1}) {
				t.Errorf("Put = %+v", res)
			}
			r, err := s.Get(ctx, first.Report.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantVersion, wantKind := tt.stored, corpus.KindDutyReport
			if tt.replaced {
				wantVersion, wantKind = tt.entry, corpus.KindWorkReport
			}
			if r.Version != wantVersion || r.Kind != wantKind {
				t.Errorf("analysis version %d kind %s, want %d %s", r.Version, r.Kind, wantVersion, wantKind)
			}
			st, err := s.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.ByKind[wantKind] != 1 {
				t.Errorf("Stats.ByKind = %v, want one %s", st.ByKind, wantKind)
			}
			wantQueued := tt.replaced || !tt.unindexedBefore
			if got := len(collect(t, s.Unindexed)) == 1; got != wantQueued {
				t.Errorf("unindexed = %v, want %v", got, wantQueued)
			}
		})
	}
}

func TestPutIdempotent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var batch []corpus.Entry
	for i := range 20 {
		batch = append(batch, entry(reportText(i, 2000), "合集.docx", i+1, 20, "h", t0, 1))
	}
	if res := mustPut(t, s, batch...); res != (corpus.PutResult{New: 20}) {
		t.Fatalf("first Put = %+v", res)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx := txID(t, s)
	for round := range 2 {
		if res := mustPut(t, s, batch...); res != (corpus.PutResult{Unchanged: 20}) {
			t.Errorf("re-Put %d = %+v, want 20 unchanged", round, res)
		}
	}
	if got := txID(t, s); got != tx {
		t.Errorf("re-Put committed a transaction (%d → %d); it should change nothing", tx, got)
	}
	after, _ := s.Stats(ctx)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("Stats changed by a re-Put:\n%+v\n%+v", before, after)
	}
}

func TestPutRepeatedInBatch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	text := reportText(9, 600)
	a := entry(text, "a.txt", 1, 1, "ha", t0, 1)
	b := entry(text, "b.txt", 1, 1, "hb", t0, 2)
	other := entry(reportText(10, 600), "c.txt", 1, 1, "hc", t0, 1)
	if res := mustPut(t, s, a, other, b); res != (corpus.PutResult{New: 2, Unchanged: 1}) {
		t.Errorf("Put = %+v, want 2 new 1 unchanged", res)
	}
	if n, _ := s.Count(ctx); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	origins, _ := s.Origins(ctx, a.Report.ID)
	if !originsEqual(origins, []corpus.Origin{a.Origin, b.Origin}) {
		t.Errorf("Origins = %+v, want a.txt then b.txt", origins)
	}
	if r, _ := s.Get(ctx, a.Report.ID); r.Version != 2 {
		t.Errorf("version %d, want the later entry's 2", r.Version)
	}
	if r, _ := s.Get(ctx, a.Report.ID); r.Source != "a.txt" {
		t.Errorf("document source %s, want the first entry's", r.Source)
	}
}

func TestPutCanceled(t *testing.T) {
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Put(ctx, []corpus.Entry{entry("一", "a.txt", 1, 1, "h", t0, 1)})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a canceled context: %v", err)
	}
	if n, _ := s.Count(context.Background()); n != 0 {
		t.Errorf("Count = %d", n)
	}
}

func TestFileHash(t *testing.T) {
	later := t0.Add(time.Hour)
	p := func(n int, source string, part, parts int, hash string, seen time.Time) corpus.Entry {
		return entry(reportText(n, 300), source, part, parts, hash, seen, 1)
	}
	zip := func(e corpus.Entry, member string) corpus.Entry {
		e.Origin.Member, e.Report.Member = member, member
		return e
	}
	tests := []struct {
		name    string
		batches [][]corpus.Entry
		source  string
		member  string
		want    string
	}{
		{name: "never read", source: "a.txt", want: ""},
		{name: "one part", batches: [][]corpus.Entry{{p(1, "a.txt", 1, 1, "h1", t0)}}, source: "a.txt", want: "h1"},
		{name: "other path", batches: [][]corpus.Entry{{p(1, "a.txt", 1, 1, "h1", t0)}}, source: "b.txt", want: ""},
		{name: "all parts in one batch",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 3, "h1", t0), p(2, "c.docx", 2, 3, "h1", t0), p(3, "c.docx", 3, 3, "h1", t0)}},
			source:  "c.docx", want: "h1"},
		{name: "parts split over batches",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 3, "h1", t0), p(2, "c.docx", 2, 3, "h1", t0)}, {p(3, "c.docx", 3, 3, "h1", t0)}},
			source:  "c.docx", want: "h1"},
		{name: "a part missing (crash between batches)",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 3, "h1", t0), p(3, "c.docx", 3, 3, "h1", t0)}},
			source:  "c.docx", want: ""},
		{name: "two parts with the same text",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 2, "h1", t0), p(1, "c.docx", 2, 2, "h1", t0)}},
			source:  "c.docx", want: "h1"},
		{name: "file changed",
			batches: [][]corpus.Entry{{p(1, "a.txt", 1, 1, "h1", t0)}, {p(2, "a.txt", 1, 1, "h2", later)}},
			source:  "a.txt", want: "h2"},
		{name: "changed file with fewer parts",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 3, "h1", t0), p(2, "c.docx", 2, 3, "h1", t0), p(3, "c.docx", 3, 3, "h1", t0)},
				{p(4, "c.docx", 1, 1, "h2", later)}},
			source: "c.docx", want: "h2"},
		{name: "changed file incomplete",
			batches: [][]corpus.Entry{{p(1, "c.docx", 1, 1, "h1", t0)}, {p(4, "c.docx", 1, 2, "h2", later)}},
			source:  "c.docx", want: ""},
		{name: "old reading put again does not regress",
			batches: [][]corpus.Entry{{p(1, "a.txt", 1, 1, "h1", t0)}, {p(2, "a.txt", 1, 1, "h2", later)}, {p(1, "a.txt", 1, 1, "h1", t0)}},
			source:  "a.txt", want: "h2"},
		{name: "file changed back",
			batches: [][]corpus.Entry{{p(1, "a.txt", 1, 1, "h1", t0)}, {p(2, "a.txt", 1, 1, "h2", later)}, {p(1, "a.txt", 1, 1, "h1", later.Add(time.Hour))}},
			source:  "a.txt", want: "h1"},
		{name: "zip member",
			batches: [][]corpus.Entry{{zip(p(1, "批量.zip", 1, 1, "h1", t0), "2023/a.txt")}},
			source:  "批量.zip", member: "2023/a.txt", want: "h1"},
		{name: "zip itself is not its member",
			batches: [][]corpus.Entry{{zip(p(1, "批量.zip", 1, 1, "h1", t0), "2023/a.txt")}},
			source:  "批量.zip", want: ""},
		{name: "unknown part count",
			batches: [][]corpus.Entry{{p(1, "a.txt", 1, 0, "h1", t0)}},
			source:  "a.txt", want: "h1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			for _, b := range tt.batches {
				mustPut(t, s, b...)
			}
			got, err := s.FileHash(context.Background(), tt.source, tt.member)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FileHash(%q, %q) = %q, want %q", tt.source, tt.member, got, tt.want)
			}
		})
	}
}

func TestEach(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	s.chunk = 3 // walk several chunks
	var entries []corpus.Entry
	for i := range 10 {
		entries = append(entries, entry(reportText(i, 700), "f"+strconv.Itoa(i)+".txt", 1, 1, "h", t0, 1))
	}
	mustPut(t, s, entries...)
	want := sortedIDs(entries...)

	t.Run("all in ID order", func(t *testing.T) {
		var got []string
		err := s.Each(ctx, func(r *corpus.Report) error {
			if r.ID != corpus.DocumentID(r.Text) || r.Version != 1 {
				t.Errorf("report %s is not whole", r.ID)
			}
			got = append(got, r.ID)
			return nil
		})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("Each = %v, %v; want %v", got, err, want)
		}
		if ids := collect(t, s.IDs); !slices.Equal(ids, want) {
			t.Errorf("IDs = %v, want %v", ids, want)
		}
	})
	t.Run("fn error stops the walk", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := s.Each(ctx, func(*corpus.Report) error {
			if n++; n == 4 {
				return stop
			}
			return nil
		})
		if err != stop || n != 4 {
			t.Errorf("Each = %v after %d calls, want stop after 4", err, n)
		}
	})
	t.Run("fn may write", func(t *testing.T) {
		added := entry(reportText(100, 700), "new.txt", 1, 1, "h", t0, 1)
		var got []string
		err := s.Each(ctx, func(r *corpus.Report) error {
			got = append(got, r.ID)
			if len(got) == 1 {
				if _, err := s.Put(ctx, []corpus.Entry{added}); err != nil {
					return err
				}
			}
			return s.MarkIndexed(ctx, []string{r.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		all := sortedIDs(append(entries, added)...)
		// The new document is seen if its ID sorts after the first chunk,
		// read before it was added.
		wantSeen := all
		if added.Report.ID < want[s.chunk-1] {
			wantSeen = want
		}
		if !slices.Equal(got, wantSeen) {
			t.Errorf("Each saw %v, want %v", got, wantSeen)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(ctx)
		n := 0
		err := s.Each(ctx, func(*corpus.Report) error {
			if n++; n == 2 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || n != 2 {
			t.Errorf("Each = %v after %d, want Canceled after 2", err, n)
		}
	})
	t.Run("empty store", func(t *testing.T) {
		empty := newStore(t)
		err := empty.Each(ctx, func(*corpus.Report) error { t.Error("fn called"); return nil })
		if err != nil {
			t.Error(err)
		}
	})
}

func TestUnindexed(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var entries []corpus.Entry
	for i := range 6 {
		entries = append(entries, entry(reportText(i, 400), "f"+strconv.Itoa(i)+".txt", 1, 1, "h", t0, 1))
	}
	ids := sortedIDs(entries[:4]...) // ids[0] and ids[2] get marked
	steps := []struct {
		name string
		do   func() error
		want []string
	}{
		{"after Put all wait", func() error { _, err := s.Put(ctx, entries[:4]); return err }, sortedIDs(entries[:4]...)},
		{"mark two", func() error { return s.MarkIndexed(ctx, []string{ids[0], ids[2]}) }, nil},
		{"marking unknown and already indexed IDs is harmless", func() error {
			return s.MarkIndexed(ctx, []string{ids[0], "ffffffffffffffff", "不是编号"})
		}, nil},
		{"mark all from inside Unindexed", func() error {
			return s.Unindexed(ctx, func(id string) error { return s.MarkIndexed(ctx, []string{id}) })
		}, []string{}},
		{"new documents wait, old re-Put do not", func() error { _, err := s.Put(ctx, entries); return err },
			sortedIDs(entries[4:]...)},
		{"reindex queues all", func() error { return s.MarkAllUnindexed(ctx) }, sortedIDs(entries...)},
	}
	var cur []string
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			want := st.want
			if want == nil { // the previous set minus what was marked
				want = slices.DeleteFunc(slices.Clone(cur), func(id string) bool { return id == ids[0] || id == ids[2] })
			}
			got := collect(t, s.Unindexed)
			if !slices.Equal(got, want) {
				t.Errorf("Unindexed = %v, want %v", got, want)
			}
			cur = got
			if st, _ := s.Stats(ctx); st.Unindexed != len(want) {
				t.Errorf("Stats.Unindexed = %d, want %d", st.Unindexed, len(want))
			}
		})
	}
}

func TestUnindexedManyChunks(t *testing.T) {
	// More IDs than one read transaction collects, marked from inside the
	// walk in batches.
	ctx := context.Background()
	s := newStore(t)
	var entries []corpus.Entry
	for i := range 2500 {
		entries = append(entries, entry("短文"+strconv.Itoa(i), "f.txt", i+1, 2500, "h", t0, 1))
	}
	mustPut(t, s, entries...)
	var seen, pending []string
	err := s.Unindexed(ctx, func(id string) error {
		seen = append(seen, id)
		if pending = append(pending, id); len(pending) == 500 {
			err := s.MarkIndexed(ctx, pending)
			pending = nil
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, sortedIDs(entries...)) {
		t.Errorf("Unindexed saw %d IDs, want %d in order", len(seen), len(entries))
	}
	if left := collect(t, s.Unindexed); len(left) != len(pending) {
		t.Errorf("%d left unindexed, want %d", len(left), len(pending))
	}
}

func TestPutAnalyses(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := entry(reportText(1, 500), "a.txt", 1, 1, "ha", t0, 2)
	b := entry(reportText(2, 500), "b.txt", 1, 1, "hb", t0, 2)
	mustPut(t, s, a, b)
	if err := s.MarkIndexed(ctx, sortedIDs(a, b)); err != nil {
		t.Fatal(err)
	}
	newer := &corpus.Report{Document: corpus.Document{ID: a.Report.ID}, Analysis: corpus.Analysis{Version: 3, Kind: corpus.KindEssay}}
	same := &corpus.Report{Document: corpus.Document{ID: b.Report.ID}, Analysis: corpus.Analysis{Version: 2, Kind: corpus.KindEssay}}
	tests := []struct {
		name    string
		reports []*corpus.Report
		want    int
		code    string
	}{
		{"unknown ID writes nothing", []*corpus.Report{newer, {Document: corpus.Document{ID: "ffffffffffffffff"}}}, 0, corpus.ENOTFOUND},
		{"newer and same", []*corpus.Report{newer, same}, 1, ""},
		{"again", []*corpus.Report{newer, same}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := s.PutAnalyses(ctx, tt.reports)
			wantCode(t, err, tt.code)
			if n != tt.want {
				t.Errorf("PutAnalyses = %d, want %d", n, tt.want)
			}
		})
	}
	r, _ := s.Get(ctx, a.Report.ID)
	if r.Kind != corpus.KindEssay || r.Version != 3 || r.Text != a.Report.Text {
		t.Errorf("a: version %d kind %s, text kept %v", r.Version, r.Kind, r.Text == a.Report.Text)
	}
	if r, _ := s.Get(ctx, b.Report.ID); r.Kind != corpus.KindDutyReport {
		t.Errorf("b replaced by an analysis of the same version")
	}
	if got := collect(t, s.Unindexed); !slices.Equal(got, []string{a.Report.ID}) {
		t.Errorf("Unindexed = %v, want only a", got)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := entry(reportText(1, 500), "a.txt", 1, 1, "ha", t0, 1)
	b := entry(reportText(2, 500), "b.txt", 1, 2, "hb", t0, 1)
	c := entry(reportText(3, 500), "b.txt", 2, 2, "hb", t0, 1)
	c.Report.Kind = corpus.KindOther
	again := entry(reportText(1, 500), "copy/a.txt", 1, 1, "ha", t0, 1)
	mustPut(t, s, a, b, c, again)
	if err := s.MarkIndexed(ctx, []string{b.Report.ID}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Documents: 3,
		ByKind:    map[corpus.Kind]int{corpus.KindDutyReport: 2, corpus.KindOther: 1},
		Unindexed: 2,
		Files:     3, // a.txt, b.txt, copy/a.txt
		Origins:   4,
		Size:      st.Size,
		Created:   st.Created,
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}
	if fi, _ := os.Stat(s.Path()); st.Size <= 0 || st.Size > fi.Size() {
		t.Errorf("Size = %d, file is %d bytes", st.Size, fi.Size())
	}
	if time.Since(st.Created) > time.Minute || time.Since(st.Created) < -time.Minute {
		t.Errorf("Created = %v", st.Created)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lvzhi.db")
	w := mustOpen(t, path, Options{})
	e := entry(reportText(1, 500), "a.txt", 1, 1, "ha", t0, 1)
	mustPut(t, w, e)
	w.Close()

	// Two readers at once share the file.
	r1 := mustOpen(t, path, Options{ReadOnly: true})
	r2 := mustOpen(t, path, Options{ReadOnly: true, Timeout: -1})
	for _, r := range []*Store{r1, r2} {
		if got, err := r.Get(ctx, e.Report.ID[:6]); err != nil || got.ID != e.Report.ID {
			t.Errorf("reader Get: %v", err)
		}
	}
	writes := map[string]func() error{
		"Put":              func() error { _, err := r1.Put(ctx, []corpus.Entry{e}); return err },
		"MarkIndexed":      func() error { return r1.MarkIndexed(ctx, []string{e.Report.ID}) },
		"MarkAllUnindexed": func() error { return r1.MarkAllUnindexed(ctx) },
		"PutAnalyses":      func() error { _, err := r1.PutAnalyses(ctx, []*corpus.Report{&e.Report}); return err },
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			err := write()
			wantCode(t, err, corpus.EINTERNAL)
			if !strings.Contains(err.Error(), "只读") {
				t.Errorf("%s on a read-only store: %v", name, err)
			}
		})
	}
	if _, err := os.Stat(ownerPath(path)); !os.IsNotExist(err) {
		t.Error("a reader wrote an owner file")
	}
}

func TestCorruptRecord(t *testing.T) {
	ctx := context.Background()
	e := entry(reportText(1, 2000), "a.txt", 1, 1, "ha", t0, 1)
	tests := []struct {
		name   string
		bucket []byte
		call   func(s *Store) error
	}{
		{"document", bucketDocs, func(s *Store) error { _, err := s.Get(ctx, e.Report.ID); return err }},
		{"analysis in Each", bucketAnalysis, func(s *Store) error { return s.Each(ctx, func(*corpus.Report) error { return nil }) }},
		{"analysis in Put", bucketAnalysis, func(s *Store) error {
			again := e
			again.Report.Version = 2
			_, err := s.Put(ctx, []corpus.Entry{again})
			return err
		}},
		{"analysis in Stats", bucketAnalysis, func(s *Store) error { _, err := s.Stats(ctx); return err }},
		{"origins", bucketOrigins, func(s *Store) error { _, err := s.Origins(ctx, e.Report.ID); return err }},
		{"origins in Put", bucketOrigins, func(s *Store) error {
			again := e
			again.Origin.Source = "b.txt"
			_, err := s.Put(ctx, []corpus.Entry{again})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			mustPut(t, s, e)
			if err := s.db.Update(func(tx *bolt.Tx) error {
				return tx.Bucket(tt.bucket).Put([]byte(e.Report.ID), []byte{formatFlate, 0, 1, 2, 3})
			}); err != nil {
				t.Fatal(err)
			}
			err := tt.call(s)
			wantCode(t, err, corpus.EINTERNAL)
			if msg := err.Error(); !strings.Contains(msg, s.Path()) || !strings.Contains(msg, "已损坏") || !strings.Contains(msg, string(tt.bucket)) {
				t.Errorf("message %q should name the file, the table and the damage", msg)
			}
		})
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	s.chunk = 5
	const batches, per = 8, 10
	done := make(chan struct{})
	errs := make(chan error, 3)
	for range 2 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				prev := ""
				err := s.Each(ctx, func(r *corpus.Report) error {
					if r.ID <= prev || r.ID != corpus.DocumentID(r.Text) {
						return errors.New("Each out of order or torn: " + prev + " then " + r.ID)
					}
					prev = r.ID
					_, err := s.Origins(ctx, r.ID)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	go func() {
		for i := range batches {
			var b []corpus.Entry
			for j := range per {
				b = append(b, entry(reportText(i*per+j, 500), "f.txt", j+1, per, "h"+strconv.Itoa(i), t0.Add(time.Duration(i)), 1))
			}
			if _, err := s.Put(ctx, b); err != nil {
				errs <- err
				close(done)
				return
			}
		}
		close(done)
		errs <- nil
	}()
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.Count(ctx); n != batches*per {
		t.Errorf("Count = %d, want %d", n, batches*per)
	}
}
