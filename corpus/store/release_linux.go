//go:build linux

package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped tells the kernel that the process no longer needs the
// pages of the data file it has touched through bbolt's memory map. bbolt
// reads through a shared, read-only mapping of the whole file; documents
// keyed by content hash land all over the file, so a long ingest would
// otherwise end up with the whole file resident in the process (430 MB of
// RSS at 100,000 documents). The pages stay in the page cache: the next
// read faults them back in cheaply.
//
// It runs inside a read transaction, which holds bbolt's mmap lock: the
// mapping cannot be replaced (and its address reused) while we advise it.
func releaseMapped(db *bolt.DB) {
	_ = db.View(func(tx *bolt.Tx) error {
		size := tx.Size() // the used part of the file, never beyond the mapping
		if size <= 0 {
			return nil
		}
		// The mapping's address comes as a uintptr, so call madvise
		// directly rather than build a slice over it.
		syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), syscall.MADV_DONTNEED)
		return nil
	})
}
