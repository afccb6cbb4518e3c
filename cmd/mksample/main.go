// Command mksample writes the bundled sample corpus: it renders every
// authored source in corpus/sample/src into the files lvzhi ingests, in
// corpus/sample/files, with ingest/ingesttest's deterministic builders.
//
//	go run ./cmd/mksample            # rewrite corpus/sample/files
//	go run ./cmd/mksample -check     # exit 1 if the files differ from the sources
//
// The output is a pure function of the sources: files that no source makes
// any more are removed, files whose bytes are unchanged are left alone. Run
// it from the repository root (or give -src and -out).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fl := flag.NewFlagSet("mksample", flag.ContinueOnError)
	src := fl.String("src", filepath.Join("corpus", "sample", "src"), "directory of authored sources")
	labels := fl.String("labels", filepath.Join("corpus", "sample", "labels"), "directory of hand labels")
	out := fl.String("out", filepath.Join("corpus", "sample", "files"), "directory to write the corpus into")
	check := fl.Bool("check", false, "write nothing; fail if the files differ from what the sources make")
	if err := fl.Parse(args); err != nil {
		return err
	}
	sources, err := loadSources(*src)
	if err != nil {
		return err
	}
	files, err := render(sources)
	if err != nil {
		return err
	}
	for _, err := range checkLabels(*labels, sources) {
		fmt.Fprintln(os.Stderr, "mksample: warning:", err)
	}
	if *check {
		diffs, err := compare(*out, files)
		if err != nil {
			return err
		}
		if len(diffs) > 0 {
			return fmt.Errorf("%s is out of date (run go run ./cmd/mksample):\n  %s", *out, strings.Join(diffs, "\n  "))
		}
		return nil
	}
	written, removed, err := write(*out, files)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mksample: %d sources → %d files in %s (%d written, %d removed)\n", len(sources), len(files), *out, written, removed)
	return nil
}

// loadSources parses every *.txt of dir, in name order.
func loadSources(dir string) ([]*Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no sources in %s (run from the repository root, or give -src)", dir)
	}
	sort.Strings(names)
	var sources []*Source
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		s, err := parseSource(filepath.Base(n), string(data))
		if err != nil {
			return nil, err
		}
		sources = append(sources, s)
	}
	return sources, nil
}

// checkLabels checks that every source has a valid label file of the same
// base name in dir; it returns the problems found.
func checkLabels(dir string, sources []*Source) []error {
	var errs []error
	for _, s := range sources {
		name := strings.TrimSuffix(s.File, ".txt") + ".json"
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: no label: %w", s.File, err))
			continue
		}
		if _, err := parseLabel(name, data, s); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// compare lists the differences between dir and files.
func compare(dir string, files map[string][]byte) ([]string, error) {
	have, err := existing(dir)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for name, b := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diffs = append(diffs, "missing "+name)
		case err != nil:
			return nil, err
		case !bytes.Equal(got, b):
			diffs = append(diffs, "differs "+name)
		}
	}
	for _, name := range have {
		if _, ok := files[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	sort.Strings(diffs)
	return diffs, nil
}

// write makes dir hold exactly files: it writes what is new or changed and
// removes the regular files no source makes (and the directories that
// leaves empty). It never touches anything outside dir.
func write(dir string, files map[string][]byte) (written, removed int, err error) {
	have, err := existing(dir)
	if err != nil {
		return 0, 0, err
	}
	for _, name := range have {
		if _, ok := files[name]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				return written, removed, err
			}
			removed++
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, removed, err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return written, removed, err
		}
		written++
	}
	return written, removed, removeEmptyDirs(dir)
}

// existing lists the regular files under dir, "/"-separated and relative.
func existing(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names, err
}

// removeEmptyDirs removes the empty directories below dir, deepest first.
func removeEmptyDirs(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if entries, err := os.ReadDir(dirs[i]); err == nil && len(entries) == 0 {
			if err := os.Remove(dirs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
