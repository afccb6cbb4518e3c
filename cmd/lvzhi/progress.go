package main

import (
	"fmt"
	"strings"
	"time"
)

// progressBar draws one line on a terminal's stderr: a bar when the total
// is known, counts always. It redraws at most every 200 ms and only on a
// terminal, so logs and pipes stay clean.
type progressBar struct {
	e     *env
	label string
	total int // files, 0 when unknown
	start time.Time
	last  time.Time
	drawn bool
}

// newProgressBar returns nil when stderr is not a terminal.
func newProgressBar(e *env, label string) *progressBar {
	if !e.tty {
		return nil
	}
	return &progressBar{e: e, label: label, start: time.Now()}
}

func (b *progressBar) update(files int, bytes int64, docs int) {
	now := time.Now()
	if now.Sub(b.last) < 200*time.Millisecond {
		return
	}
	b.last = now
	b.draw(files, bytes, docs)
}

func (b *progressBar) draw(files int, bytes int64, docs int) {
	secs := time.Since(b.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(bytes) / 1e6 / secs
	}
	bar := ""
	if b.total > 0 {
		const width = 24
		done := min(width, files*width/b.total)
		bar = fmt.Sprintf("[%s%s] %d/%d ", strings.Repeat("█", done), strings.Repeat("░", width-done), files, b.total)
	} else {
		bar = fmt.Sprintf("%d 个文件 ", files)
	}
	fmt.Fprintf(b.e.stderr, "\r\033[K%s %s· %d 篇 · %.1f MB · %.1f MB/秒", b.label, bar, docs, float64(bytes)/1e6, rate)
	b.drawn = true
}

// finish clears the line so the summary starts clean.
func (b *progressBar) finish() {
	if b.drawn {
		fmt.Fprint(b.e.stderr, "\r\033[K")
	}
}
