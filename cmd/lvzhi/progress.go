package main

import (
	"fmt"
	"strings"
	"time"

	"lvzhi/app"
)

// progressBar draws one line on a terminal's stderr for each phase of a
// long operation: a bar when the total is known, counts always. It redraws
// at most every 200 ms and only on a terminal, so logs and pipes stay clean.
type progressBar struct {
	e     *env
	phase app.Phase
	start time.Time
	last  time.Time
	drawn bool
}

// newProgressBar returns nil when stderr is not a terminal.
func newProgressBar(e *env) *progressBar {
	if !e.tty {
		return nil
	}
	return &progressBar{e: e}
}

// progress is the app.Progress that draws on b; nil when b is nil.
func (b *progressBar) progress() app.Progress {
	if b == nil {
		return nil
	}
	return b.update
}

func (b *progressBar) update(ev app.Event) {
	now := time.Now()
	if ev.Phase != b.phase {
		b.phase, b.start = ev.Phase, now
	} else if now.Sub(b.last) < 200*time.Millisecond && (ev.Total == 0 || ev.Done < ev.Total) {
		return
	}
	b.last = now
	b.draw(ev)
}

func (b *progressBar) draw(ev app.Event) {
	bar := ""
	if ev.Total > 0 {
		const width = 24
		done := min(width, ev.Done*width/ev.Total)
		bar = fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("█", done), strings.Repeat("░", width-done), ev.Done, ev.Total)
	} else {
		bar = fmt.Sprintf("%d", ev.Done)
	}
	line := ev.Phase.Label() + " " + bar
	if ev.Phase == app.PhaseRead {
		rate := 0.0
		if secs := time.Since(b.start).Seconds(); secs > 0 {
			rate = float64(ev.Bytes) / 1e6 / secs
		}
		line += fmt.Sprintf(" 个文件 · %d 篇 · %.1f MB · %.1f MB/秒", ev.Docs, float64(ev.Bytes)/1e6, rate)
	} else {
		line += " 篇"
	}
	fmt.Fprintf(b.e.stderr, "\r\033[K%s", line)
	b.drawn = true
}

// finish clears the line so the summary starts clean.
func (b *progressBar) finish() {
	if b != nil && b.drawn {
		fmt.Fprint(b.e.stderr, "\r\033[K")
		b.drawn = false
	}
}
