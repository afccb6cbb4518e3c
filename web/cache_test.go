package web

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lvzhi/app"
	"lvzhi/index"
)

// countingBackend counts searches, each taking a while.
type countingBackend struct {
	failBackend
	searches atomic.Int32
	fail     atomic.Bool
}

func (b *countingBackend) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	b.searches.Add(1)
	time.Sleep(30 * time.Millisecond)
	if b.fail.Load() {
		return nil, errors.New("磁盘已满")
	}
	return &index.Result{Total: 1, Hits: []index.Hit{}, Facets: map[string]index.Facet{}}, nil
}

func (b *countingBackend) Stats(context.Context) (*app.Stats, error) { return &app.Stats{}, nil }

// TestSharedAnswers: identical requests in flight share one search, a
// finished one serves for the TTL, a different one is its own, and errors
// are not kept.
func TestSharedAnswers(t *testing.T) {
	b := &countingBackend{}
	h := New(b, Options{CacheTTL: 200 * time.Millisecond})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _, body := get(t, h, "/api/search?q=道路"); code != http.StatusOK {
				t.Errorf("%d %s", code, body)
			}
		}()
	}
	wg.Wait()
	if n := b.searches.Load(); n != 1 {
		t.Errorf("20 identical requests at once: %d searches, want 1", n)
	}
	get(t, h, "/search?q=道路") // the page shares the API's answer
	get(t, h, "/api/search?q=道路&size=5")
	if n := b.searches.Load(); n != 2 {
		t.Errorf("after another page size: %d searches, want 2", n)
	}
	time.Sleep(250 * time.Millisecond)
	get(t, h, "/api/search?q=道路")
	if n := b.searches.Load(); n != 3 {
		t.Errorf("after the TTL: %d searches, want 3", n)
	}
	b.fail.Store(true)
	get(t, h, "/api/search?q=交通")
	b.fail.Store(false)
	if code, _, _ := get(t, h, "/api/search?q=交通"); code != http.StatusOK || b.searches.Load() != 5 {
		t.Errorf("an error was kept: %d, %d searches", code, b.searches.Load())
	}
	// Without a cache every request searches.
	b2 := &countingBackend{}
	h2 := New(b2, Options{CacheTTL: -1})
	get(t, h2, "/api/search?q=道路")
	get(t, h2, "/api/search?q=道路")
	if n := b2.searches.Load(); n != 2 {
		t.Errorf("CacheTTL -1: %d searches, want 2", n)
	}
}
