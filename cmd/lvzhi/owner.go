package main

import (
	"context"
	"errors"
	"fmt"

	"lvzhi/app"
	"lvzhi/web"
)

// reader is what the read commands ask (search, show, flags, stats).
type reader = web.Backend

// openReader opens the data directory for reading. While another lvzhi
// process owns it (an ingest, a serve), the answers come from that process
// through its socket — its last committed state — instead of waiting for
// its lock: reading never stops for writing. The returned function
// releases what was opened.
func openReader(ctx context.Context, e *env, dir string) (reader, func(), error) {
	if app.Exists(dir) {
		c, err := web.Dial(ctx, dir)
		switch {
		case err == nil:
			o := c.Owner()
			fmt.Fprintf(e.stderr, "数据目录正由进程 %d（%s）使用，以下是它已提交的内容\n", o.PID, safe(o.Command))
			return c, func() { c.Close() }, nil
		case !errors.Is(err, web.ErrNoOwner):
			// A socket left by a killed process, or one that does not
			// answer: read the directory itself.
			e.log.Debug("owner socket", "err", err)
		}
	}
	a, err := app.Open(ctx, dir, app.Options{})
	if err != nil {
		return nil, nil, err
	}
	return a, func() { a.Close() }, nil
}

// serveReads serves reads of a (search, show, flags, stats, export) on
// the data directory's socket while a writes — so that other lvzhi
// commands and the web UI keep answering during an ingest — and returns
// the function that stops serving. It never serves ingests: a second one
// is refused with a message naming this process. A socket that cannot be
// made is no reason to stop the write: the others then wait for the lock
// as before.
func serveReads(e *env, dir string, a *app.App) func() {
	s, err := web.ListenSocket(dir)
	if err != nil {
		e.log.Debug("no owner socket", "err", err)
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Serve(ctx, web.ReadOnly(a)); err != nil {
			e.log.Debug("owner socket", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}
