package web

import (
	"context"
	"sync"
	"time"
)

// answers shares the work of identical requests: while one request
// computes an answer (a search, the queue, the overview), identical ones
// wait for it instead of computing it again, and a finished answer serves
// identical requests for ttl more. A burst of the same search — an office
// opening the front page at nine, or a load test — then costs one search.
// Answers are at most ttl older than the index; errors are never kept.
type answers struct {
	ttl     time.Duration
	timeout time.Duration // of the shared computation (<= 0: none)
	mu      sync.Mutex
	m       map[string]*answer
}

type answer struct {
	done chan struct{}
	at   time.Time
	v    any
	err  error
}

// maxAnswers bounds how many finished answers are kept.
const maxAnswers = 512

func newAnswers(ttl, timeout time.Duration) *answers {
	return &answers{ttl: ttl, timeout: timeout, m: map[string]*answer{}}
}

// get returns the answer for key, computing it with fn unless an identical
// request is computing it or did so less than ttl ago. fn runs under its
// own deadline, not the caller's, so that one caller going away does not
// fail the others; ctx bounds only the caller's wait.
func (c *answers) get(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	if c == nil {
		return fn(ctx)
	}
	now := time.Now()
	c.mu.Lock()
	a, ok := c.m[key]
	if ok {
		select {
		case <-a.done:
			if a.err != nil || now.Sub(a.at) > c.ttl {
				ok = false
			}
		default: // in progress: wait for it
		}
	}
	if !ok {
		a = &answer{done: make(chan struct{})}
		c.purge(now)
		c.m[key] = a
		go c.compute(key, a, fn)
	}
	c.mu.Unlock()
	select {
	case <-a.done:
		return a.v, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *answers) compute(key string, a *answer, fn func(context.Context) (any, error)) {
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	defer cancel()
	v, err := fn(ctx)
	c.mu.Lock()
	a.v, a.err, a.at = v, err, time.Now()
	if err != nil && c.m[key] == a {
		delete(c.m, key)
	}
	c.mu.Unlock()
	close(a.done)
}

// purge drops expired answers, and the oldest when there are too many.
// Called with c.mu held.
func (c *answers) purge(now time.Time) {
	if len(c.m) < maxAnswers {
		return
	}
	for k, a := range c.m {
		select {
		case <-a.done:
			if now.Sub(a.at) > c.ttl {
				delete(c.m, k)
			}
		default:
		}
	}
	for k := range c.m {
		if len(c.m) < maxAnswers {
			break
		}
		select {
		case <-c.m[k].done:
			delete(c.m, k)
		default:
		}
	}
}
