package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// reading is the state of reading one file: the context every reader
// checks in its loops (cancelled with the caller's, or past the file's
// deadline), the file's budget and what is used of it, and the doubts
// found on the way.
//
// How a reader honours the budget (readDocx and readPDF show it):
//
//   - it takes the reading as its first argument, readX(rd, data), and
//     finds the caps in rd.opt;
//   - it calls rd.check() in every loop whose length the file decides
//     (parts, paragraphs, pieces, groups, pages, operations), every
//     thousand turns or so, and returns its error as it is: ErrTimeout past
//     the deadline, the caller's context error when the ingest stops;
//   - it reads what it decompresses or decodes through a chargedReader (or
//     calls rd.charge(n)), so that MaxDecoded and the deadline hold while
//     it streams, and it streams rather than holding a whole member;
//   - it calls rd.addText(n) for the text it appends and stops with its
//     error, so that MaxText holds while the text is built;
//   - it bounds what it allocates by the bytes it has, never by a count
//     the file states (a piece count, a table size);
//   - it says what it doubts with rd.warn(reason(WarnEncoding, …)).
//
// A reader that does none of this still plugs in as readX(data, rd.opt):
// rd.read holds its text to MaxText and checks the deadline when it
// returns, but cannot stop it in the middle.
type reading struct {
	ctx      context.Context // the file's: the caller's with the deadline
	caller   context.Context
	timeout  time.Duration
	opt      Options
	decoded  int64 // bytes decompressed or decoded so far
	text     int64 // bytes of text built so far, by readers that build it piecewise
	warnings []error
}

// newReading starts reading one file under ctx; the returned function
// releases the deadline's timer.
func newReading(ctx context.Context, opt Options) (*reading, context.CancelFunc) {
	opt = opt.withDefaults()
	fileCtx, cancel := context.WithTimeout(ctx, opt.Timeout)
	return &reading{ctx: fileCtx, caller: ctx, timeout: opt.Timeout, opt: opt}, cancel
}

// check returns nil while reading may go on. Past the file's deadline it
// returns ErrTimeout with the figure; when the caller's context is done it
// returns the caller's error, which is no fault of the file (the pipeline
// drops the file instead of reporting it).
func (rd *reading) check() error {
	if rd.ctx.Err() == nil {
		return nil
	}
	if err := rd.caller.Err(); err != nil {
		return err
	}
	return fmt.Errorf("%w（超过 %s）", ErrTimeout, seconds(rd.timeout))
}

// charge counts n bytes decompressed or decoded; past MaxDecoded the file
// is too large. It checks the context too, so that a reader charging as it
// streams honours the deadline without a check of its own.
func (rd *reading) charge(n int64) error {
	rd.decoded += n
	if rd.decoded > rd.opt.MaxDecoded {
		return fmt.Errorf("%w（解压或解码后超过上限 %s）", ErrTooLarge, megabytes(rd.opt.MaxDecoded))
	}
	return rd.check()
}

// addText counts n bytes of text a reader built; past MaxText the file is
// too large.
func (rd *reading) addText(n int64) error {
	rd.text += n
	if rd.text > rd.opt.MaxText {
		return rd.textTooLarge(-1)
	}
	return nil
}

// textTooLarge is the error for text past MaxText: with its size when it
// is known (n ≥ 0), else saying the cap was passed.
func (rd *reading) textTooLarge(n int64) error {
	if n >= 0 {
		return fmt.Errorf("%w（文字 %s，上限 %s）", ErrTooLarge, megabytes(n), megabytes(rd.opt.MaxText))
	}
	return fmt.Errorf("%w（文字超过上限 %s）", ErrTooLarge, megabytes(rd.opt.MaxText))
}

// warn records a doubt about what was read: the file is kept, and the
// doubt goes to File.Warnings.
func (rd *reading) warn(err error) { rd.warnings = append(rd.warnings, err) }

// stopped reports whether err ends a reading for a reason that is not the
// file's: the caller's context was cancelled or passed its own deadline.
func stopped(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// seconds formats a duration for people: "30 秒", "1.5 秒", "2 分钟".
func seconds(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d 分钟", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%d 秒", d/time.Second)
	}
	return fmt.Sprintf("%.1f 秒", d.Seconds())
}

// chargedReader charges what it reads to a reading's budget: a member
// being decompressed, a stream being decoded. It fails with the budget's
// error once the budget is spent or the deadline passed.
type chargedReader struct {
	r   io.Reader
	rd  *reading
	err error
}

func (c *chargedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	if e := c.rd.charge(int64(n)); e != nil {
		c.err = e
		return n, e
	}
	return n, err
}

// checkedReader reads at most a megabyte at a time and checks the reading's
// context before each read: a large file is read from disk within the
// deadline and stops when the ingest does.
type checkedReader struct {
	r  io.Reader
	rd *reading
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if err := c.rd.check(); err != nil {
		return 0, err
	}
	return c.r.Read(p[:min(len(p), 1<<20)])
}
