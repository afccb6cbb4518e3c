package ingesttest

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteHostile checks the corpus is what its table says: every case's
// file is there, names are unique, every expectation is filled in, and two
// writes give the same bytes.
func TestWriteHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes about 270 MB twice")
	}
	sums := func(dir string) (*Hostile, map[string][32]byte) {
		h, err := WriteHostile(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][32]byte{}
		err = filepath.WalkDir(h.Dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 || d.Name() == "unreadable.txt" {
				return err
			}
			b, err := os.ReadFile(p)
			got[p[len(h.Dir):]] = sha256.Sum256(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return h, got
	}
	h, first := sums(t.TempDir())
	_, second := sums(t.TempDir())
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for name, sum := range first {
		if second[name] != sum {
			t.Errorf("%s differs between two writes", name)
		}
	}

	names := map[string]bool{}
	issue := 0
	for _, c := range h.Cases {
		if names[c.Name] {
			t.Errorf("%s listed twice", c.Name)
		}
		names[c.Name] = true
		if c.What == "" || c.Want == "" || c.Ok() && c.Detail == "" {
			t.Errorf("%s: incomplete case %+v", c.Name, c)
		}
		if c.Issue {
			issue++
		}
		file := strings.SplitN(c.Name, "!/", 2)[0]
		if _, err := os.Lstat(filepath.Join(h.Dir, filepath.FromSlash(file))); err != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
	if issue != 6 {
		t.Errorf("%d cases of issue 13's table, want 6", issue)
	}
}
