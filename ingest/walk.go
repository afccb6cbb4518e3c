package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Walk visits every regular file under paths (directories recursively, in
// sorted order; a path may also be a single file or a .zip). Each .zip (also
// nested zips inside a zip, to a sane depth, and within the zip limits) is
// expanded into its members. fn is called once per file with err == nil, or
// with the Source and an error (*FileError) for anything that cannot be
// reached (unreadable directory, corrupt zip, unsafe member path, zip
// bomb…). Hidden files (".*"), Office lock files ("~$*") and OS junk
// (Thumbs.db, __MACOSX/) are skipped silently. A symbolic link inside a
// folder is followed only when it leads to a place inside that folder: one
// that leads outside it (x.txt -> /etc/passwd) is reported with
// ErrLinkOutside and skipped; a link given in paths itself is followed, as
// asked. Walk stops early and returns ctx.Err() when ctx is cancelled, or
// fn's error when fn returns one.
//
// The Sources of zip members can be read with Read from any goroutine, also
// after Walk has moved on or returned.
func Walk(ctx context.Context, paths []string, opt Options, fn func(Source, error) error) error {
	opt = opt.withDefaults()
	w := &walker{ctx: ctx, opt: opt, fn: fn, seen: map[string]bool{}}
	defer w.closeZip()
	for _, p := range paths {
		if err := w.path(p); err != nil {
			return err
		}
	}
	return ctx.Err()
}

type walker struct {
	ctx  context.Context
	opt  Options
	fn   func(Source, error) error
	seen map[string]bool // real paths of the directories walked (symlink loops)
	zip  *zipHandle      // the zip on disk being expanded, kept open until the next
	root string          // real path of the folder given in paths being walked
}

// emit calls fn, checking for cancellation first.
func (w *walker) emit(src Source, err error) error {
	if e := w.ctx.Err(); e != nil {
		return e
	}
	if err != nil {
		err = fileError(src, err)
	}
	return w.fn(src, err)
}

func (w *walker) path(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return w.emit(Source{Path: p}, statReason(err))
	}
	if fi.IsDir() {
		w.root = realPath(p)
		return w.dir(p)
	}
	return w.file(p, fi)
}

// realPath is the absolute path of p with every symbolic link resolved,
// "" when it cannot be resolved.
func realPath(p string) string {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(real)
	if err != nil {
		return ""
	}
	return abs
}

// outside reports whether the symbolic link p leads outside the folder
// being walked, and where it leads.
func (w *walker) outside(p string) (bool, string) {
	real := realPath(p)
	if w.root == "" || real == "" {
		return false, real // a dangling link: os.Stat says so
	}
	rel, err := filepath.Rel(w.root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true, real
	}
	return false, real
}

func (w *walker) dir(dir string) error {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			if w.seen[abs] {
				return nil // a symlink back into a folder already walked
			}
			w.seen[abs] = true
		}
	}
	entries, err := os.ReadDir(dir) // sorted by name
	if err != nil {
		if e := w.emit(Source{Path: dir}, reason(ErrCorrupt, "无法读取文件夹（%v）", err)); e != nil {
			return e
		}
		if len(entries) == 0 {
			return nil
		}
	}
	for _, e := range entries {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if skipName(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			if out, target := w.outside(p); out {
				if err := w.emit(Source{Path: p}, reason(ErrLinkOutside, "指向 %s", target)); err != nil {
					return err
				}
				continue
			}
		}
		fi, err := os.Stat(p) // follows symlinks
		if err != nil {
			if err := w.emit(Source{Path: p}, statReason(err)); err != nil {
				return err
			}
			continue
		}
		switch {
		case fi.IsDir():
			err = w.dir(p)
		case fi.Mode().IsRegular():
			err = w.file(p, fi)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) file(p string, fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return nil // devices, sockets, pipes
	}
	src := Source{Path: p, Size: fi.Size(), ModTime: fi.ModTime()}
	if !isZipName(p) {
		return w.emit(src, nil)
	}
	w.closeZip()
	f, err := os.Open(p)
	if err != nil {
		return w.emit(src, statReason(err))
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		f.Close()
		return w.emit(src, reason(ErrCorrupt, "压缩包无法打开（%v）", err))
	}
	h := &zipHandle{path: p, f: f, zr: zr}
	w.zip = h
	budget := w.opt.MaxZipTotal
	return w.expand(p, "", zr, h.opener, 1, &budget)
}

func (w *walker) closeZip() {
	if w.zip != nil {
		w.zip.close()
		w.zip = nil
	}
}

func isZipName(name string) bool {
	return strings.EqualFold(path.Ext(strings.ReplaceAll(name, `\`, "/")), ".zip")
}

// opener makes the function that reads member i of a zip, at most limit+1
// bytes.
type opener func(i int) func(limit int64) ([]byte, error)

// expand visits the members of a zip: zipPath is the zip on disk, prefix
// the member path of this zip inside outer zips ("" at the top, else
// "inner.zip!/").
func (w *walker) expand(zipPath, prefix string, zr *zip.Reader, open opener, depth int, budget *int64) error {
	zipSrc := Source{Path: zipPath, Member: strings.TrimSuffix(prefix, "!/")}
	if n := len(zr.File); n > w.opt.MaxZipMembers {
		return w.emit(zipSrc, reason(ErrZipBomb, "压缩包内含 %d 个文件，超过上限 %d", n, w.opt.MaxZipMembers))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(*budget) {
		return w.emit(zipSrc, reason(ErrZipBomb, "解压后共 %s，超过上限 %s", megabytes(int64(min(total, 1<<62))), megabytes(w.opt.MaxZipTotal)))
	}
	*budget -= int64(total)

	type member struct {
		i    int
		name string
	}
	var members []member
	for i, f := range zr.File {
		name, ok := memberName(f)
		if strings.HasSuffix(f.Name, "/") || strings.HasSuffix(f.Name, `\`) {
			continue // a directory entry
		}
		if !ok {
			// The Source names the zip, never the unsafe path: a Member is
			// always safe to join to a destination. The reason shows it.
			if err := w.emit(zipSrc, reason(ErrUnsafePath, "%s", safeDisplay(name))); err != nil {
				return err
			}
			continue
		}
		if junkPath(name) {
			continue
		}
		members = append(members, member{i, name})
	}
	sort.SliceStable(members, func(a, b int) bool { return members[a].name < members[b].name })

	for _, m := range members {
		f := zr.File[m.i]
		src := Source{Path: zipPath, Member: prefix + m.name, Size: int64(min(f.UncompressedSize64, 1<<62)), ModTime: f.Modified, open: open(m.i)}
		if err := bombCheck(f, w.opt); err != nil {
			if err := w.emit(src, err); err != nil {
				return err
			}
			continue
		}
		if !isZipName(m.name) {
			if err := w.emit(src, nil); err != nil {
				return err
			}
			continue
		}
		// A zip inside the zip: read it into memory (within the limits) and
		// expand it in turn.
		if depth >= maxZipDepth {
			if err := w.emit(src, reason(ErrZipBomb, "压缩包嵌套超过 %d 层", maxZipDepth)); err != nil {
				return err
			}
			continue
		}
		data, err := src.open(w.opt.MaxFileSize)
		if err == nil && int64(len(data)) > w.opt.MaxFileSize {
			err = tooLarge(int64(len(data)), w.opt.MaxFileSize)
		}
		var inner *zip.Reader
		if err == nil {
			inner, err = zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				err = reason(ErrCorrupt, "压缩包无法打开（%v）", err)
			}
		}
		if err != nil {
			if err := w.emit(src, err); err != nil {
				return err
			}
			continue
		}
		if err := w.expand(zipPath, prefix+m.name+"!/", inner, memOpener(inner), depth+1, budget); err != nil {
			return err
		}
	}
	return nil
}

// memberName decodes and cleans a member name: GBK names (no UTF-8 flag, not
// valid UTF-8) are decoded as GB18030, backslashes become slashes. ok is
// false for an unsafe name: absolute, a drive letter, or a ".." component.
func memberName(f *zip.File) (string, bool) {
	name := f.Name
	if f.Flags&0x800 == 0 && !utf8.ValidString(name) {
		if dec, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil {
			name = dec
		}
	}
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(name, "/") || len(name) >= 2 && name[1] == ':' {
		return name, false
	}
	var parts []string
	for _, p := range strings.Split(name, "/") {
		switch p {
		case "", ".":
			continue
		case "..":
			return name, false
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return name, false
	}
	return strings.Join(parts, "/"), true
}

// safeDisplay makes an unsafe member name printable on one line.
func safeDisplay(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return '?'
		}
		return r
	}, name)
}

// junkPath reports whether a member path is OS junk or hidden.
func junkPath(name string) bool {
	for _, p := range strings.Split(name, "/") {
		if skipName(p) {
			return true
		}
	}
	return false
}

// memOpener opens members of a zip held in memory.
func memOpener(zr *zip.Reader) opener {
	return func(i int) func(int64) ([]byte, error) {
		return func(limit int64) ([]byte, error) { return readMember(zr.File[i], limit) }
	}
}

// readMember decompresses a member, at most limit+1 bytes.
func readMember(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, reason(ErrCorrupt, "无法解压（%v）", err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	// The declared size (bounded by limit, and by the ratio check of a
	// member over 1 MiB) spares the doublings of a growing buffer.
	buf.Grow(int(min(f.UncompressedSize64, uint64(limit))) + bytes.MinRead)
	if _, err := io.Copy(&buf, io.LimitReader(rc, limit+1)); err != nil {
		return nil, reason(ErrCorrupt, "解压失败，压缩包可能已损坏（%v）", err)
	}
	return buf.Bytes(), nil
}

// zipHandle is a zip on disk shared by the openers of its members. Walk
// keeps it open while it expands the zip and until it opens the next one; an
// opener called after that reopens the file.
type zipHandle struct {
	path   string
	mu     sync.RWMutex
	f      *os.File
	zr     *zip.Reader
	closed bool
}

func (h *zipHandle) opener(i int) func(int64) ([]byte, error) {
	name := h.zr.File[i].Name
	return func(limit int64) ([]byte, error) {
		h.mu.RLock()
		if !h.closed {
			defer h.mu.RUnlock()
			return readMember(h.zr.File[i], limit)
		}
		h.mu.RUnlock()
		return reopenMember(h.path, i, name, limit)
	}
}

func (h *zipHandle) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		h.f.Close()
	}
}

// reopenMember opens the zip at path again and reads member i, which must
// still have the same name.
func reopenMember(path string, i int, name string, limit int64) ([]byte, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, reason(ErrCorrupt, "压缩包无法打开（%v）", err)
	}
	defer zr.Close()
	if i >= len(zr.File) || zr.File[i].Name != name {
		return nil, reason(ErrCorrupt, "压缩包在读取过程中被修改")
	}
	return readMember(zr.File[i], limit)
}
