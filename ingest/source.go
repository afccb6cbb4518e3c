package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"lvzhi/corpus"
)

// Options bounds what ingest reads. The zero value means the defaults.
//
// The last five fields are the budget of one file: past any of them the
// file fails with a reason that names the figure (文件过大, 解析超时), the
// batch goes on, and nothing already stored is touched. A file is never
// read up to a cap and kept truncated: a partial report would be counted
// and compared as if it were whole.
type Options struct {
	MaxFileSize   int64 // default 64 MiB; a larger file fails with ErrTooLarge
	MaxZipMembers int   // default 10000 members per zip
	MaxZipTotal   int64 // default 1 GiB uncompressed per zip
	MaxZipRatio   int64 // default 200: a member whose uncompressed/compressed ratio exceeds it is a bomb

	// MaxText bounds the text one file may yield, in bytes of UTF-8 as the
	// reader extracts it (before cleaning): default 4 MiB, about ten times
	// the longest compilation of reports; a duty report holds 5–50 KB.
	MaxText int64
	// MaxDecoded bounds what reading one file may decompress or decode:
	// the XML of a docx, the streams of a PDF, an HTML page, a web
	// archive's part. Default 64 MiB, the body of a 300-page book; the
	// memory a reader holds at once is far less, as readers stream.
	MaxDecoded int64
	// Timeout bounds the time reading one file may take: default 30 s. It
	// is a deadline on the context every reader checks in its loops.
	Timeout time.Duration
	// MaxPages bounds the pages of a PDF (default 2000), MaxOps the
	// operations of one PDF page's content (default 1,000,000).
	MaxPages int
	MaxOps   int
}

const (
	defaultMaxFileSize   = 64 << 20
	defaultMaxZipMembers = 10000
	defaultMaxZipTotal   = 1 << 30
	defaultMaxZipRatio   = 200
	defaultMaxText       = 4 << 20
	defaultMaxDecoded    = 64 << 20
	defaultTimeout       = 30 * time.Second
	defaultMaxPages      = 2000
	defaultMaxOps        = 1_000_000

	// ratioFloor: members smaller than this are never judged by their
	// compression ratio. Small repetitive files (an XML part full of empty
	// table cells) legitimately compress far better than 200:1; a bomb is
	// only a bomb when it is also big.
	ratioFloor = 1 << 20
	// maxZipDepth bounds zips inside zips.
	maxZipDepth = 4
)

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = defaultMaxFileSize
	}
	if o.MaxZipMembers <= 0 {
		o.MaxZipMembers = defaultMaxZipMembers
	}
	if o.MaxZipTotal <= 0 {
		o.MaxZipTotal = defaultMaxZipTotal
	}
	if o.MaxZipRatio <= 0 {
		o.MaxZipRatio = defaultMaxZipRatio
	}
	if o.MaxText <= 0 {
		o.MaxText = defaultMaxText
	}
	if o.MaxDecoded <= 0 {
		o.MaxDecoded = defaultMaxDecoded
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.MaxPages <= 0 {
		o.MaxPages = defaultMaxPages
	}
	if o.MaxOps <= 0 {
		o.MaxOps = defaultMaxOps
	}
	return o
}

// Source is one file to read: a plain file, or a member of a .zip.
type Source struct {
	Path   string // the file on disk as given or walked; for a member, the zip's path
	Member string // slash path inside the zip, "" for a plain file (cleaned: never absolute, never "..")
	Size   int64  // uncompressed size in bytes
	// ModTime is when the file (or zip member) was last modified, as the
	// file system or the zip records it: the office's date of receipt.
	// Zero when unknown.
	ModTime time.Time

	// open returns the bytes of a zip member, at most limit+1 of them; nil
	// for a plain file (read from Path) and for a Source made by NamedSource.
	open func(limit int64) ([]byte, error)
}

// String names the source for people: "dir/a.txt" or "batch.zip!/2023/a.txt".
func (s Source) String() string { return corpus.Provenance(s.Path, s.Member) }

// name is the file name whose extension hints at the format.
func (s Source) name() string {
	if s.Member != "" {
		return path.Base(s.Member)
	}
	return s.Path
}

// NamedSource makes a Source from a name only, for ReadBytes in tests, fuzzing
// and callers that already hold the bytes. Read cannot open it unless path is
// a real file.
func NamedSource(path, member string) Source {
	return Source{Path: path, Member: member}
}

// FileSource makes a Source for one plain file (used by `lvzhi extract FILE`).
func FileSource(path string) (Source, error) {
	src := Source{Path: path}
	fi, err := os.Stat(path)
	if err != nil {
		return src, &FileError{Path: path, Err: statReason(err)}
	}
	if !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return src, &FileError{Path: path, Err: reason(ErrUnsupported, "这是一个文件夹，不是文件")}
		}
		return src, &FileError{Path: path, Err: reason(ErrUnsupported, "不是普通文件")}
	}
	src.Size, src.ModTime = fi.Size(), fi.ModTime()
	return src, nil
}

// statReason turns an os error into a Chinese reason.
func statReason(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return reason(ErrUnreadable, "文件或文件夹不存在")
	case errors.Is(err, fs.ErrPermission):
		return reason(ErrUnreadable, "没有读取权限")
	}
	return reason(ErrUnreadable, "%v", err)
}

// Read reads one source: its bytes (bounded by MaxFileSize), then
// ReadBytes. It is ReadContext without a context of the caller's.
func Read(src Source, opt Options) (*File, error) {
	return ReadContext(context.Background(), src, opt)
}

// ReadContext reads one source under ctx and the file's budget, as
// ReadBytesContext does.
func ReadContext(ctx context.Context, src Source, opt Options) (*File, error) {
	rd, cancel := newReading(ctx, opt)
	defer cancel()
	data, err := readSource(rd, src)
	if err != nil {
		return nil, fileError(src, err)
	}
	return rd.read(src, data)
}

// readSource reads the bytes of src, failing with ErrTooLarge past
// MaxFileSize, and without reading it all when its first bytes show it is
// plain text holding more than twice MaxText bytes (a text file yields at
// least half as many bytes of text as it has, so such a file is past the
// text cap), or a web page of more than maxHTMLTree bytes.
func readSource(rd *reading, src Source) ([]byte, error) {
	opt := rd.opt
	limit := opt.MaxFileSize
	if src.Size > limit {
		return nil, tooLarge(src.Size, limit)
	}
	if src.Size > min(2*opt.MaxText, maxHTMLTree) {
		if head, err := readAtMost(src, 8<<10); err == nil {
			switch sniff(strings.ToLower(path.Ext(src.name())), head) {
			case FormatTxt:
				if src.Size > 2*opt.MaxText {
					return nil, textFileTooLarge(src.Size, opt.MaxText)
				}
			case FormatHTML:
				if src.Size > maxHTMLTree {
					return nil, pageTooLarge(src.Size)
				}
			}
		}
	}
	if src.open != nil {
		data, err := src.open(limit)
		if err != nil {
			return nil, err
		}
		if int64(len(data)) > limit {
			return nil, tooLarge(int64(len(data)), limit)
		}
		return data, nil
	}
	f, err := os.Open(src.Path)
	if err != nil {
		return nil, statReason(err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if fi, err := f.Stat(); err == nil {
		if fi.IsDir() {
			return nil, reason(ErrUnsupported, "这是一个文件夹，不是文件")
		}
		if fi.Size() > limit {
			return nil, tooLarge(fi.Size(), limit)
		}
		buf.Grow(int(fi.Size()) + bytes.MinRead) // read in place, without the doublings
	}
	if _, err := io.Copy(&buf, io.LimitReader(&checkedReader{r: f, rd: rd}, limit+1)); err != nil {
		if e := rd.check(); e != nil {
			return nil, e
		}
		return nil, reason(ErrCorrupt, "读取失败（%v）", err)
	}
	if int64(buf.Len()) > limit {
		return nil, tooLarge(int64(buf.Len()), limit)
	}
	return buf.Bytes(), nil
}

// readAtMost reads the first n bytes of src (fewer if it is shorter).
func readAtMost(src Source, n int64) ([]byte, error) {
	if src.open != nil {
		data, err := src.open(n)
		return data[:min(int64(len(data)), n)], err
	}
	f, err := os.Open(src.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// textFileTooLarge is the error for a text file of size bytes that holds
// more text than limit.
func textFileTooLarge(size, limit int64) error {
	return fmt.Errorf("%w（文本文件 %s，文字上限 %s）", ErrTooLarge, megabytes(size), megabytes(limit))
}

func tooLarge(size, limit int64) error {
	return fmt.Errorf("%w（%s，上限 %s）", ErrTooLarge, megabytes(size), megabytes(limit))
}

// skipName reports whether a file or folder name is junk to pass over
// silently: hidden files, Office lock files, OS thumbnails and metadata.
func skipName(name string) bool {
	switch {
	case name == "":
		return false
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "~$"):
		return true
	}
	switch strings.ToLower(name) {
	case "thumbs.db", "desktop.ini", "__macosx", "ehthumbs.db":
		return true
	}
	return false
}
