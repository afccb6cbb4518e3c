package corpus

import (
	"context"
	"time"
)

// Origin is one reading of a document from a file. The same text read from
// two files is one document with two origins; a file whose text changed
// yields a new document linked to the same path.
type Origin struct {
	Source   string    `json:"source"`
	Member   string    `json:"member"`
	Part     int       `json:"part"`
	FileHash string    `json:"file_hash"` // hash of the file's bytes
	Seen     time.Time `json:"seen"`
}

// Entry is what ingest hands to the store: a report and where it was read.
type Entry struct {
	Report Report
	Origin Origin
}

// PutResult says what a Put changed.
type PutResult struct {
	New       int // documents not stored before
	Unchanged int // documents already stored (a new origin may have been recorded)
}

// Store is the source of truth: every document, its provenance and its
// analysis. The index is rebuilt from it.
type Store interface {
	// Put stores a batch of entries in one transaction. Documents already
	// stored keep their analysis unless the entry's analysis version is
	// newer; their new origins are recorded. New and re-analysed documents
	// are marked as waiting for the index until MarkIndexed.
	Put(ctx context.Context, entries []Entry) (PutResult, error)

	// Get returns the report with this ID or unique ID prefix. ENOTFOUND
	// when there is none, ECONFLICT when a prefix matches several.
	Get(ctx context.Context, id string) (*Report, error)

	// Origins lists every place a document was read from.
	Origins(ctx context.Context, id string) ([]Origin, error)

	// Each calls fn for every stored report in ID order; fn's error stops
	// the walk and is returned.
	Each(ctx context.Context, fn func(*Report) error) error

	// Count is the number of stored documents.
	Count(ctx context.Context) (int, error)

	// FileHash returns the hash of the file last ingested at this
	// path (and zip member), "" if none.
	FileHash(ctx context.Context, source, member string) (string, error)

	// Unindexed calls fn with the IDs of documents stored but not yet
	// confirmed in the index.
	Unindexed(ctx context.Context, fn func(id string) error) error

	// MarkIndexed records that these documents are in the index.
	MarkIndexed(ctx context.Context, ids []string) error

	// MarkAllUnindexed queues every document for the index (reindex).
	MarkAllUnindexed(ctx context.Context) error

	Close() error
}
