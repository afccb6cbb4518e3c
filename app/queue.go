package app

import (
	"container/heap"
	"context"
	"sort"
	"strings"

	"lvzhi/corpus"
)

// QueueEntry is one document of the review queue (SPEC §7 `lvzhi flags
// --json`).
type QueueEntry struct {
	ID        string        `json:"id"`
	Source    string        `json:"source"`
	Member    string        `json:"member"`
	Part      int           `json:"part"`
	Kind      corpus.Kind   `json:"kind"`
	Title     string        `json:"title"`
	Deputy    *string       `json:"deputy"`
	Year      *int          `json:"year"`
	Score     float64       `json:"score"`
	CopyRatio *float64      `json:"copy_ratio"` // null until the copy check has run
	Flags     []corpus.Flag `json:"flags"`
}

// QueueFilter selects the flags and documents of the queue.
type QueueFilter struct {
	MinSeverity corpus.Severity // "" means low
	Code        string          // one flag code, "" for all
	Kind        corpus.Kind     // one kind, "" for all
	Limit       int             // the worst Limit documents; 0 for all
}

// Queue is the review queue, worst first.
type Queue struct {
	Total     int          `json:"total"` // documents with a selected flag
	Documents []QueueEntry `json:"documents"`
}

// ReviewQueue lists the documents with flags, worst first (by review
// score, then by provenance), keeping at most f.Limit in bounded memory.
func (a *App) ReviewQueue(ctx context.Context, f QueueFilter) (*Queue, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	floor := f.MinSeverity.Rank()
	if f.MinSeverity == "" {
		floor = corpus.SeverityLow.Rank()
	}
	q := &queue{limit: f.Limit}
	total := 0
	err = st.Each(ctx, func(r *corpus.Report) error {
		if !Counted(r) || f.Kind != "" && r.Kind != f.Kind {
			return nil
		}
		var flags []corpus.Flag
		for _, fl := range r.Flags {
			if fl.Severity.Rank() >= floor && (f.Code == "" || fl.Code == f.Code) {
				flags = append(flags, fl)
			}
		}
		if len(flags) == 0 {
			return nil
		}
		total++
		r.Analysis.Normalize()
		q.push(QueueEntry{
			ID: r.ID, Source: r.Source, Member: r.Member, Part: r.Part, Kind: r.Kind, Title: r.Title,
			Deputy: r.Deputy.Name, Year: r.Year, Score: r.Score(), Flags: flags,
			CopyRatio: CopyRatio(r),
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Queue{Total: total, Documents: q.sorted()}, nil
}

// Counted reports whether a stored document is counted by statistics,
// comparison, the workbook and the review queue (see reports.go): a
// current document that is not reference material, and of the versions of
// a duty report only the one chosen. A document without a state yet (a
// store not yet brought up to date) counts.
func Counted(r *corpus.Report) bool {
	st := r.State
	if st == nil {
		return true
	}
	if st.Status != corpus.StatusCurrent {
		return false
	}
	return r.Kind != corpus.KindDutyReport || st.Counted
}

// CopyRatio is a report's copy ratio, nil before the copy check.
func CopyRatio(r *corpus.Report) *float64 {
	if r.Copies == nil {
		return nil
	}
	v := r.Copies.Ratio
	return &v
}

// queue keeps the worst documents seen so far: all of them when limit is 0,
// otherwise the limit highest scores, in bounded memory.
type queue struct {
	limit int
	h     entryHeap
}

func (q *queue) push(d QueueEntry) {
	if q.limit <= 0 {
		q.h = append(q.h, d)
		return
	}
	if len(q.h) < q.limit {
		heap.Push(&q.h, d)
	} else if worse(d, q.h[0]) {
		q.h[0] = d
		heap.Fix(&q.h, 0)
	}
}

// sorted returns the documents worst first; ties by source for a stable
// listing.
func (q *queue) sorted() []QueueEntry {
	out := append([]QueueEntry{}, q.h...) // [] rather than null in the JSON
	sort.Slice(out, func(i, j int) bool { return worse(out[i], out[j]) })
	return out
}

func worse(a, b QueueEntry) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	pa, pb := corpus.Provenance(a.Source, a.Member), corpus.Provenance(b.Source, b.Member)
	if pa != pb {
		return strings.Compare(pa, pb) < 0
	}
	return a.Part < b.Part
}

// entryHeap is a min-heap by worseness: the root is the least bad kept.
type entryHeap []QueueEntry

func (h entryHeap) Len() int           { return len(h) }
func (h entryHeap) Less(i, j int) bool { return worse(h[j], h[i]) }
func (h entryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *entryHeap) Push(x any)        { *h = append(*h, x.(QueueEntry)) }
func (h *entryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
