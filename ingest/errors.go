package ingest

import (
	"errors"
	"fmt"

	"lvzhi/corpus"
)

// The reasons a file cannot be read. Every error ingest returns is a
// *FileError whose Err wraps one of these, with details appended after a
// full-width colon ("文件已损坏或不完整：缺少 word/document.xml"), so that
// callers can test errors.Is(err, ingest.ErrUnsupported) and people read one
// precise line. They are *corpus.Error values, so corpus.ErrorCode gives the
// application's error code.
var (
	ErrUnsupported error = &corpus.Error{Code: corpus.EUNSUPPORTED, Message: "不支持的文件格式"}
	ErrNoTextLayer error = &corpus.Error{Code: corpus.EUNSUPPORTED, Message: "PDF 没有文本层（可能是扫描件），无法提取文字；请先做文字识别"}
	ErrEmpty       error = &corpus.Error{Code: corpus.EINVALID, Message: "没有可读的文字"}
	ErrTooLarge    error = &corpus.Error{Code: corpus.EINVALID, Message: "文件过大"}
	ErrCorrupt     error = &corpus.Error{Code: corpus.EINVALID, Message: "文件已损坏或不完整"}
	ErrUnreadable  error = &corpus.Error{Code: corpus.EINVALID, Message: "无法读取"}
	ErrBinary      error = &corpus.Error{Code: corpus.EUNSUPPORTED, Message: "不是文本文件（含二进制内容）"}
	ErrZipBomb     error = &corpus.Error{Code: corpus.EINVALID, Message: "压缩包解压后过大，疑似压缩炸弹，已跳过"}
	ErrUnsafePath  error = &corpus.Error{Code: corpus.EINVALID, Message: "压缩包成员路径不安全，已跳过"}
	ErrTimeout     error = &corpus.Error{Code: corpus.EINVALID, Message: "解析超时"}
	ErrLinkOutside error = &corpus.Error{Code: corpus.EINVALID, Message: "链接指向输入文件夹之外，已跳过"}
)

// WarnEncoding is what File.Warnings and Summary.Warnings wrap: the file
// was read and its documents kept, but part of its text may be decoded
// wrongly ("文字编码可疑：第 12 行按 GBK 解码，其余按 UTF-8"). A warning is
// not a failure; it tells people which stored text to look at.
var WarnEncoding error = &corpus.Error{Code: corpus.EINVALID, Message: "文字编码可疑"}

// FileError is a failure to read one file or zip member. Error prints
// "path[!/member]: 中文原因".
type FileError struct {
	Path   string // the file on disk
	Member string // the member inside a zip, "" for a plain file
	Err    error  // wraps one of the Err… sentinels
}

func (e *FileError) Error() string {
	return corpus.Provenance(e.Path, e.Member) + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

// fileError wraps err for src, keeping an existing *FileError as it is.
func fileError(src Source, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return &FileError{Path: src.Path, Member: src.Member, Err: err}
}

// reason wraps a sentinel with details: reason(ErrCorrupt, "缺少 %s", x)
// prints "文件已损坏或不完整：缺少 x".
func reason(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w："+format, append([]any{sentinel}, args...)...)
}

// megabytes formats a byte count for people: "64 MB", "80.5 MB".
func megabytes(n int64) string {
	mb := float64(n) / (1 << 20)
	if mb == float64(int64(mb)) {
		return fmt.Sprintf("%d MB", int64(mb))
	}
	if mb < 0.1 {
		return fmt.Sprintf("%d 字节", n)
	}
	return fmt.Sprintf("%.1f MB", mb)
}
