// Package store keeps lvzhi's documents, their provenance and their analysis
// in one bbolt file: the source of truth from which the index is rebuilt.
//
// Buckets (keys are document IDs, 16 lowercase hex digits, so a cursor
// walks them in ID order):
//
//	meta       schema version, creation time, document count
//	docs       id → corpus.Document (text included)
//	analysis   id → corpus.Analysis, with its version and kind in the record head
//	origins    id → []corpus.Origin, one per distinct source+member+part+file hash
//	files      source\x00member → the file's last hash, when it was read and
//	           the document of each of its parts
//	unindexed  id → nothing: stored or re-analysed, not yet confirmed in the index
//	copies     id → corpus.Copies, the copy check (see copies.go)
//	state      id → corpus.State: how the document counts (set by the application)
//	reports    report key → the IDs of the documents stated to be that report
//	dirty      id → nothing: its origins or analysis changed, its state must be derived again
//	uncopy     id → nothing: no longer active, to be taken out of the copy index
//	removing   id → nothing: being removed; readers no longer see it
//
// Every change is one bbolt transaction, so a process killed at any moment
// leaves the store as it was before or after that change. Only one process
// may have the file open for writing; read-only opens share it with each
// other.
package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"lvzhi/corpus"
)

// schemaVersion is the layout described in the package comment. A store
// written by a newer lvzhi with a higher schema is refused, not misread.
// Version 2 added state, reports, dirty, uncopy and removing; a version 1
// store is upgraded on its first write open by marking every document
// dirty.
const schemaVersion = 2

var (
	bucketMeta      = []byte("meta")
	bucketDocs      = []byte("docs")
	bucketAnalysis  = []byte("analysis")
	bucketOrigins   = []byte("origins")
	bucketFiles     = []byte("files")
	bucketUnindexed = []byte("unindexed")
	bucketCopies    = []byte("copies")
	bucketState     = []byte("state")
	bucketReports   = []byte("reports")
	bucketDirty     = []byte("dirty")
	bucketUncopy    = []byte("uncopy")
	bucketRemoving  = []byte("removing")

	allBuckets = [][]byte{bucketMeta, bucketDocs, bucketAnalysis, bucketOrigins, bucketFiles, bucketUnindexed, bucketCopies,
		bucketState, bucketReports, bucketDirty, bucketUncopy, bucketRemoving}

	keySchema    = []byte("schema")
	keyCreated   = []byte("created")
	keyDocuments = []byte("documents")
)

// Options configures Open.
type Options struct {
	ReadOnly bool
	// Timeout is how long to wait for another process's lock; 0 means one
	// second, a negative value means not to wait at all.
	Timeout time.Duration
}

// Store keeps lvzhi's documents in one bbolt file. Its methods may be
// called from several goroutines; Close must not race with them.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
	owner    *owner // the owner file this process wrote, nil when read-only
	closed   bool

	compressMin int // records from this size are compressed; <= 0 never
	chunk       int // reports decoded per read transaction in Each

	sinceRelease atomic.Int64 // text written since the mapped pages were last released
}

// Open opens the store file at path, creating it (and its directory) when
// absent unless opt.ReadOnly. When another process holds the file it waits
// up to opt.Timeout and then returns a *corpus.Error with code ELOCKED whose
// message names the holder. A missing file opened read-only is ENOTFOUND; a
// file that is not an lvzhi store is EINVALID; a store written by a newer
// lvzhi is EUNSUPPORTED.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, corpus.Errorf(corpus.EINVALID, "未指定数据文件路径")
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = time.Second
	} else if timeout < 0 {
		timeout = time.Nanosecond // bbolt tries the lock once, then gives up
	}

	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return nil, corpus.Errorf(corpus.EINVALID, "%s 是目录，不是 lvzhi 数据文件", path)
	case err == nil && info.Size() == 0 && opt.ReadOnly:
		// bbolt would try to initialise it and fail on the read-only handle.
		return nil, corpus.Errorf(corpus.EINVALID, "%s 不是 lvzhi 数据文件（文件为空）", path)
	case errors.Is(err, fs.ErrNotExist) && opt.ReadOnly:
		return nil, corpus.Errorf(corpus.ENOTFOUND, "数据文件 %s 不存在，请先用 lvzhi ingest 导入文件", path)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, &corpus.Error{Code: corpus.EINVALID, Message: fmt.Sprintf("无法创建数据目录 %s", filepath.Dir(path)), Err: err}
		}
	}

	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: timeout, ReadOnly: opt.ReadOnly})
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path, readOnly: opt.ReadOnly, compressMin: defaultCompressMin, chunk: 64}
	if err := s.init(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if !opt.ReadOnly {
		s.owner = currentOwner(time.Now())
		writeOwner(path, s.owner)
	}
	return s, nil
}

func openError(path string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return &corpus.Error{Code: corpus.ELOCKED, Message: lockedMessage(path, time.Now())}
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch),
		errors.Is(err, bolterrors.ErrChecksum):
		return &corpus.Error{Code: corpus.EINVALID, Message: fmt.Sprintf("%s 不是 lvzhi 数据文件，或文件已损坏", path), Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &corpus.Error{Code: corpus.EINVALID, Message: fmt.Sprintf("没有权限打开数据文件 %s", path), Err: err}
	}
	return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("无法打开数据文件 %s", path), Err: err}
}

// init checks the schema and, when writable, creates what is missing. A
// read-only open of a file without buckets is an empty store.
func (s *Store) init() error {
	needsWrite := false
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			foreign := false
			_ = tx.ForEach(func([]byte, *bolt.Bucket) error { foreign = true; return nil })
			if foreign {
				return corpus.Errorf(corpus.EINVALID, "%s 不是 lvzhi 数据文件（其中是别的程序的数据）", s.path)
			}
			needsWrite = true
			return nil
		}
		v, err := strconv.Atoi(string(meta.Get(keySchema)))
		if err != nil {
			return corpus.Errorf(corpus.EINVALID, "%s 不是 lvzhi 数据文件，或文件已损坏（没有版本号）", s.path)
		}
		if v > schemaVersion {
			return corpus.Errorf(corpus.EUNSUPPORTED, "数据文件 %s 由更新版本的 lvzhi 写入（格式 %d，本程序只认识 %d），请升级 lvzhi", s.path, v, schemaVersion)
		}
		if v < schemaVersion {
			needsWrite = true
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				needsWrite = true
			}
		}
		return nil
	})
	if err != nil || !needsWrite || s.readOnly {
		return s.wrap(err, "读取")
	}
	return s.update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keySchema) == nil {
			if err := meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion))); err != nil {
				return err
			}
			if err := meta.Put(keyCreated, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
				return err
			}
			return meta.Put(keyDocuments, make([]byte, 8))
		}
		if v, _ := strconv.Atoi(string(meta.Get(keySchema))); v < 2 {
			// Every document's state is to be derived.
			dirty := tx.Bucket(bucketDirty)
			if err := tx.Bucket(bucketDocs).ForEach(func(k, _ []byte) error { return dirty.Put(k, nil) }); err != nil {
				return err
			}
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
	})
}

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close releases the file. The owner file is removed first, while the lock
// is still held, so it can never remove another writer's.
func (s *Store) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.owner != nil {
		removeOwner(s.path, s.owner)
	}
	if err := s.db.Close(); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("关闭数据文件 %s 失败", s.path), Err: err}
	}
	return nil
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.wrap(s.db.View(fn), "读取")
}

// errNoChange rolls back a write transaction that changed nothing, sparing
// the commit's fsync.
var errNoChange = errors.New("no change")

func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	if s.readOnly {
		return corpus.Errorf(corpus.EINTERNAL, "数据文件 %s 以只读方式打开，不能写入", s.path)
	}
	err := s.db.Update(fn)
	if errors.Is(err, errNoChange) {
		return nil
	}
	return s.wrap(err, "写入")
}

// wrap turns a bbolt failure into a *corpus.Error naming the file; errors
// that are already ours, and context errors, pass through.
func (s *Store) wrap(err error, verb string) error {
	var ce *corpus.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, bolterrors.ErrDatabaseNotOpen):
		return corpus.Errorf(corpus.EINTERNAL, "数据文件 %s 已关闭", s.path)
	case errors.Is(err, errCorrupt):
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("数据文件 %s 中有损坏的记录", s.path), Err: err}
	}
	return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("%s数据文件 %s 失败", verb, s.path), Err: err}
}

// corrupt reports a record that cannot be decoded, naming where it is.
func (s *Store) corrupt(bucket, key []byte, err error) error {
	return &corpus.Error{
		Code:    corpus.EINTERNAL,
		Message: fmt.Sprintf("数据文件 %s 中的记录已损坏（%s/%s）", s.path, bucket, key),
		Err:     err,
	}
}

func getCount(meta *bolt.Bucket) int {
	if meta == nil {
		return 0
	}
	v := meta.Get(keyDocuments)
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

func putCount(meta *bolt.Bucket, n int) error {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	return meta.Put(keyDocuments, b[:])
}
