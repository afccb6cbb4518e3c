package ingest

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"lvzhi/ingest/ingesttest"
)

// walkDir builds a folder of fixtures and junk to walk.
func walkDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"a.txt":              fixture(t, "report.txt"),
		".hidden.txt":        []byte("隐藏文件"),
		"~$lock.docx":        []byte("lock"),
		"Thumbs.db":          []byte("thumbs"),
		"__MACOSX/x.txt":     []byte("junk"),
		"sub/b.docx":         fixture(t, "gen/report.docx"),
		"sub/.git/config":    []byte("junk"),
		"batch.zip":          fixture(t, "gen/batch.zip"),
		"bomb.zip":           fixture(t, "gen/bomb.zip"),
		"broken.zip":         fixture(t, "gen/broken.zip"),
		"evil.zip":           fixture(t, "gen/evil.zip"),
		"empty/.placeholder": nil,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type visit struct {
	src Source
	err error
}

func walkAll(t *testing.T, paths []string, opt Options) []visit {
	t.Helper()
	var vs []visit
	err := Walk(context.Background(), paths, opt, func(src Source, err error) error {
		vs = append(vs, visit{src, err})
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return vs
}

func TestWalk(t *testing.T) {
	dir := walkDir(t)
	vs := walkAll(t, []string{dir}, Options{})
	want := []struct {
		name string // relative to dir
		err  error
	}{
		{"a.txt", nil},
		{"batch.zip!/2023/report.docx", nil},
		{"batch.zip!/2023/report.txt", nil},
		{"batch.zip!/2023/王某某述职报告.txt", nil}, // a GBK name without the UTF-8 flag
		{"batch.zip!/nested.zip!/乡镇/东岭镇.txt", nil},
		{"bomb.zip!/ok.txt", nil},
		{"bomb.zip!/zeros.txt", ErrZipBomb},
		{"broken.zip", ErrCorrupt},
		{"evil.zip", ErrUnsafePath},
		{"evil.zip", ErrUnsafePath},
		{"evil.zip!/ok.txt", nil},
		{"sub/b.docx", nil},
	}
	var got []string
	for _, v := range vs {
		got = append(got, strings.TrimPrefix(v.src.String(), dir+string(filepath.Separator)))
	}
	if len(vs) != len(want) {
		t.Fatalf("visited %d:\n%s\nwant %d", len(vs), strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if got[i] != filepath.FromSlash(w.name) && got[i] != w.name {
			t.Errorf("visit %d = %q, want %q", i, got[i], w.name)
		}
		if w.err == nil && vs[i].err != nil {
			t.Errorf("%s: unexpected error %v", w.name, vs[i].err)
		}
		if w.err != nil {
			var fe *FileError
			if !errors.As(vs[i].err, &fe) || !errors.Is(vs[i].err, w.err) {
				t.Errorf("%s: error %v, want a *FileError wrapping %v", w.name, vs[i].err, w.err)
			}
		}
		if vs[i].err == nil && strings.Contains(vs[i].src.Member, "..") {
			t.Errorf("%s: unsafe member", w.name)
		}
	}
	for _, v := range vs {
		if v.err != nil && v.src.Path == filepath.Join(dir, "evil.zip") && !strings.Contains(v.err.Error(), "/etc/passwd.txt") && !strings.Contains(v.err.Error(), "../evil.txt") {
			t.Errorf("unsafe path error does not name the member: %v", v.err)
		}
	}

	// Every member reads, during the walk and after it (when the zip is
	// closed and reopened), from several goroutines at once.
	var wg sync.WaitGroup
	errs := make(chan error, len(vs))
	for _, v := range vs {
		if v.err != nil {
			continue
		}
		wg.Add(1)
		go func(src Source) {
			defer wg.Done()
			f, err := Read(src, Options{})
			if err != nil {
				errs <- err
				return
			}
			if len(f.Docs) == 0 || f.Docs[0].Source != src.Path || f.Docs[0].Member != src.Member {
				errs <- errors.New(src.String() + ": wrong provenance")
			}
		}(v.src)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestWalkReadDuringWalk(t *testing.T) {
	dir := walkDir(t)
	n := 0
	err := Walk(context.Background(), []string{filepath.Join(dir, "batch.zip")}, Options{}, func(src Source, err error) error {
		if err != nil {
			return err
		}
		f, err := Read(src, Options{})
		if err != nil {
			return err
		}
		if strings.HasSuffix(src.Member, "王某某述职报告.txt") && f.Encoding != EncGBK {
			t.Errorf("%s: encoding %s, want gbk", src, f.Encoding)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("read %d members, want 4", n)
	}
}

func TestWalkLimits(t *testing.T) {
	dir := walkDir(t)
	batch := filepath.Join(dir, "batch.zip")
	tests := []struct {
		name string
		opt  Options
		err  error
	}{
		{"too many members", Options{MaxZipMembers: 3}, ErrZipBomb},
		{"too large in total", Options{MaxZipTotal: 1000}, ErrZipBomb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := walkAll(t, []string{batch}, tt.opt)
			if len(vs) != 1 || !errors.Is(vs[0].err, tt.err) || vs[0].src.Path != batch {
				t.Fatalf("visits %+v, want one %v for the zip", vs, tt.err)
			}
		})
	}

	// Zips nested deeper than maxZipDepth stop there.
	data := ingesttest.Zip([]ingesttest.ZipEntry{{Name: "a.txt", Data: []byte("最里层的文件内容。")}})
	for range maxZipDepth {
		data = ingesttest.Zip([]ingesttest.ZipEntry{{Name: "in.zip", Data: data}})
	}
	deep := filepath.Join(t.TempDir(), "deep.zip")
	if err := os.WriteFile(deep, data, 0o644); err != nil {
		t.Fatal(err)
	}
	vs := walkAll(t, []string{deep}, Options{})
	if len(vs) != 1 || !errors.Is(vs[0].err, ErrZipBomb) || !strings.Contains(vs[0].err.Error(), "嵌套") {
		t.Fatalf("visits %+v, want one nesting error", vs)
	}
}

func TestWalkStops(t *testing.T) {
	dir := walkDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Walk(ctx, []string{dir}, Options{}, func(Source, error) error {
		calls++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("cancelled Walk: err %v after %d calls, want context.Canceled after 1", err, calls)
	}

	stop := errors.New("stop")
	calls = 0
	err = Walk(context.Background(), []string{dir}, Options{}, func(Source, error) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("Walk: err %v after %d calls, want fn's error after 1", err, calls)
	}
}

func TestWalkMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	vs := walkAll(t, []string{missing}, Options{})
	if len(vs) != 1 || !errors.Is(vs[0].err, ErrUnreadable) || !strings.HasPrefix(vs[0].err.Error(), missing+": ") || !strings.Contains(vs[0].err.Error(), "不存在") {
		t.Fatalf("visits %+v, want one error naming %s", vs, missing)
	}
}

func TestMemberName(t *testing.T) {
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"a/b.txt", "a/b.txt", true},
		{`a\b.txt`, "a/b.txt", true},
		{"./a//b.txt", "a/b.txt", true},
		{"../evil.txt", "", false},
		{"a/../../evil.txt", "", false},
		{"/etc/passwd", "", false},
		{"C:/Windows/x.txt", "", false},
		{`C:\x.txt`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := memberName(&zip.File{FileHeader: zip.FileHeader{Name: tt.raw, Flags: 0x800}})
			if ok != tt.ok || ok && got != tt.want {
				t.Errorf("memberName(%q) = %q, %v; want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}
