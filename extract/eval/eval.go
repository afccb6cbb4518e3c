// Package eval measures the extractors against a labelled corpus: a
// directory of documents (DIR/docs) and hand-checked expected analyses
// (DIR/expected, one JSON file per document file), scored field by field
// with precision, recall and F1. The format is described in
// extract/testdata/eval/README.md.
package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/ingest"
)

// file is one document file of the corpus: its documents as lvzhi extract
// reads and analyses them, and its label.
type file struct {
	name    string // base name in docs/
	reports []corpus.Report
	label   *Label
}

// Load reads a labelled corpus: every file in dir/docs the way `lvzhi
// extract --json` does (ingest.Walk, ingest.Read, extract.Analyze), and
// every label in dir/expected. It returns the documents aligned by part,
// or an error listing every problem found: a file that cannot be read, a
// bad label, a document without a label and a label without a document, an
// anchor that is not in the document.
func Load(ctx context.Context, dir string) ([]Doc, error) {
	docsDir, expDir := filepath.Join(dir, "docs"), filepath.Join(dir, "expected")
	var errs []error
	files := map[string]*file{} // by stem: 07-slug
	var stems []string

	if fi, err := os.Stat(docsDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s: 找不到文档目录", docsDir)
	}
	walkErr := ingest.Walk(ctx, []string{docsDir}, ingest.Options{}, func(src ingest.Source, err error) error {
		name := filepath.Base(src.Path)
		var f *ingest.File
		if err == nil {
			f, err = ingest.Read(src, ingest.Options{})
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: 读取失败: %w", name, err))
			return nil
		}
		stem := strings.TrimSuffix(name, filepath.Ext(name))
		fl := files[stem]
		if fl == nil {
			fl = &file{name: name}
			files[stem] = fl
			stems = append(stems, stem)
		} else if fl.name != name {
			errs = append(errs, fmt.Errorf("%s: 与 %s 同名，标注无法区分", name, fl.name))
			return nil
		}
		for i := range f.Docs {
			doc := f.Docs[i]
			doc.Part = len(fl.reports) + 1 // members of a zip are numbered on
			fl.reports = append(fl.reports, corpus.Report{Document: doc, Analysis: extract.Analyze(&doc)})
		}
		return nil
	})
	if walkErr != nil {
		return nil, walkErr
	}

	entries, err := os.ReadDir(expDir)
	if err != nil {
		return nil, fmt.Errorf("%s: 找不到标注目录", expDir)
	}
	labelled := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || filepath.Ext(name) != ".json" {
			continue
		}
		stem := strings.TrimSuffix(name, ".json")
		labelled[stem] = true
		data, err := os.ReadFile(filepath.Join(expDir, name))
		if err != nil {
			errs = append(errs, fmt.Errorf("expected/%s: %w", name, err))
			continue
		}
		l, err := ParseLabel("expected/"+name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fl := files[stem]
		if fl == nil {
			errs = append(errs, fmt.Errorf("expected/%s: docs/ 中没有对应的文档 %s.*", name, stem))
			continue
		}
		if l.Source != fl.name {
			errs = append(errs, fmt.Errorf("expected/%s: source 为 %q，文档文件是 %q", name, l.Source, fl.name))
		}
		fl.label = l
	}
	sort.Strings(stems)
	var docs []Doc
	for _, stem := range stems {
		fl := files[stem]
		if !labelled[stem] {
			errs = append(errs, fmt.Errorf("docs/%s: 没有标注文件 expected/%s.json", fl.name, stem))
			continue
		}
		if fl.label == nil {
			continue // its label had errors
		}
		errs = append(errs, checkAnchors(fl)...)
		n := max(len(fl.label.Documents), len(fl.reports))
		for p := 1; p <= n; p++ {
			d := Doc{File: fl.name, Part: p}
			if p <= len(fl.label.Documents) {
				d.Expected = &fl.label.Documents[p-1]
			}
			if p <= len(fl.reports) {
				r := &fl.reports[p-1]
				d.Text, d.Actual = r.Text, &r.Analysis
			}
			docs = append(docs, d)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return docs, nil
}

// checkAnchors checks that every anchor of a label occurs in the file's
// documents: in its own part, or (when the reader split the file
// differently) in another.
func checkAnchors(fl *file) []error {
	var errs []error
	for i := range fl.label.Documents {
		for _, a := range fl.label.Documents[i].anchors() {
			found := false
			for _, r := range fl.reports {
				if len(occurrences(r.Text, a.text)) > 0 {
					found = true
					break
				}
			}
			if !found {
				errs = append(errs, fmt.Errorf("expected/%s 第 %d 部分: %s 的锚点 %q 不在文档 %s 中", strings.TrimSuffix(fl.name, filepath.Ext(fl.name))+".json", i+1, a.field, a.text, fl.name))
			}
		}
	}
	return errs
}

// Evaluate loads the labelled corpus in dir and scores it.
func Evaluate(ctx context.Context, dir string) (*Result, error) {
	docs, err := Load(ctx, dir)
	if err != nil {
		return nil, err
	}
	return Score(docs), nil
}

// Floors is floors.json: for each set of documents written together (the
// project's own, each batch of other authors) the minimum F1 of each field
// on that set alone, so that a rule tuned on one batch cannot quietly undo
// another, and optionally ("all") on the whole corpus. Floors only rise; a
// set's floors are set when it has been tuned for.
//
//	{"batches": [{"name": "project", "files": "1-99", "floors": {"kind": 1.0, …}},
//	             {"name": "batch 1", "files": "101-199", "floors": {"kind": 1.0, …}}]}
type Floors struct {
	All     map[string]float64 `json:"all"`
	Batches []BatchFloors      `json:"batches"`
}

// BatchFloors are the floors of one batch: the files whose leading number
// is in the range Files ("101-199").
type BatchFloors struct {
	Name     string             `json:"name"`
	Files    string             `json:"files"`
	Floors   map[string]float64 `json:"floors"`
	from, to int
}

// Holds reports whether a document file belongs to the batch by its
// leading number (101-liuxi-….txt).
func (b *BatchFloors) Holds(file string) bool {
	k := strings.IndexByte(file, '-')
	if k <= 0 {
		return false
	}
	n, err := strconv.Atoi(file[:k])
	return err == nil && n >= b.from && n <= b.to
}

// ReadFloors reads a floors file. Every key must be a field, every value
// within [0, 1], every batch named with a range of file numbers.
func ReadFloors(path string) (*Floors, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f Floors
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	check := func(where string, floors map[string]float64) error {
		for k, v := range floors {
			if _, ok := LookupField(k); !ok {
				return fmt.Errorf("%s: %s: 未知字段 %q", path, where, k)
			}
			if v < 0 || v > 1 {
				return fmt.Errorf("%s: %s: %s 的下限 %v 不在 0 到 1 之间", path, where, k, v)
			}
		}
		return nil
	}
	if err := check("all", f.All); err != nil {
		return nil, err
	}
	for i := range f.Batches {
		b := &f.Batches[i]
		if _, err := fmt.Sscanf(b.Files, "%d-%d", &b.from, &b.to); err != nil || b.from > b.to || b.Name == "" {
			return nil, fmt.Errorf("%s: 第 %d 批的 name 或 files（如 \"101-199\"）不合格式", path, i+1)
		}
		if err := check(b.Name, b.Floors); err != nil {
			return nil, err
		}
	}
	return &f, nil
}

// Check scores the corpus and each batch and returns a message for each
// field below its floor.
func (f *Floors) Check(docs []Doc) []string {
	var out []string
	if len(f.All) > 0 {
		out = Score(docs).BelowFloors(f.All)
	}
	for i := range f.Batches {
		b := &f.Batches[i]
		var in []Doc
		for _, d := range docs {
			if b.Holds(d.File) {
				in = append(in, d)
			}
		}
		if len(in) == 0 {
			out = append(out, fmt.Sprintf("%s (%s): 评测语料中没有这一批的文档", b.Name, b.Files))
			continue
		}
		for _, msg := range Score(in).BelowFloors(b.Floors) {
			out = append(out, b.Name+": "+msg)
		}
	}
	return out
}

// BelowFloors returns a message for each field whose F1 is below its floor.
func (r *Result) BelowFloors(floors map[string]float64) []string {
	var out []string
	for _, f := range r.Fields {
		if floor, ok := floors[f.Field]; ok && f.F1 < floor-1e-9 {
			out = append(out, fmt.Sprintf("%s (%s): F1 %.3f < 下限 %.3f", f.Field, f.Label, f.F1, floor))
		}
	}
	return out
}
