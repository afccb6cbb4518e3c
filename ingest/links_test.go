package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestWalkLinks walks a folder holding symbolic links: those that lead
// outside the folder (to a file, to a folder, absolute or relative, or
// through a linked folder) are reported with ErrLinkOutside and skipped;
// those inside it are followed; a dangling one is reported as missing; a
// link given to Walk itself is followed, as asked.
func TestWalkLinks(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	out := filepath.Join(root, "out")
	for _, d := range []string{filepath.Join(in, "sub"), out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	write(filepath.Join(in, "a.txt"), "甲")
	write(filepath.Join(in, "sub", "b.txt"), "乙")
	write(filepath.Join(out, "secret.txt"), "外")
	link("../out/secret.txt", "x.txt")
	link(filepath.Join(out, "secret.txt"), "abs.txt")
	link("../out", "outdir")
	link("sub", "subdir")               // a folder inside: walked, once
	link("a.txt", "a-again.txt")        // a file inside: read
	link("missing.txt", "dangling.txt") // nowhere
	link("..", "up")                    // the folder above: outside

	var read, failed []string
	err := Walk(t.Context(), []string{in}, Options{}, func(src Source, err error) error {
		rel, _ := filepath.Rel(in, src.Path)
		if err != nil {
			failed = append(failed, rel+": "+err.Error())
			return nil
		}
		read = append(read, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(read)
	if got, want := strings.Join(read, " "), "a-again.txt a.txt sub/b.txt"; got != want {
		t.Errorf("read %q, want %q", got, want)
	}
	want := map[string]string{
		"abs.txt":      "链接指向输入文件夹之外，已跳过：指向 " + filepath.Join(out, "secret.txt"),
		"x.txt":        "链接指向输入文件夹之外",
		"outdir":       "链接指向输入文件夹之外",
		"up":           "链接指向输入文件夹之外",
		"dangling.txt": "不存在",
	}
	if len(failed) != len(want) {
		t.Errorf("failed %q", failed)
	}
	for _, f := range failed {
		name, _, _ := strings.Cut(f, ": ")
		if w, ok := want[name]; !ok || !strings.Contains(f, w) {
			t.Errorf("%q, want %q", f, w)
		}
	}

	// Given directly, a link is followed.
	var got []string
	err = Walk(context.Background(), []string{filepath.Join(in, "x.txt"), filepath.Join(in, "outdir")}, Options{}, func(src Source, err error) error {
		if err != nil {
			t.Errorf("%s: %v", src, err)
		}
		got = append(got, filepath.Base(src.Path))
		return nil
	})
	if err != nil || strings.Join(got, " ") != "x.txt secret.txt" {
		t.Errorf("walking the links themselves: %q, %v", got, err)
	}
	var fe *FileError
	_, err = Read(Source{Path: filepath.Join(in, "x.txt")}, Options{})
	if errors.As(err, &fe) {
		t.Errorf("reading a link given directly: %v", err)
	}
}
