package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"lvzhi/corpus"
)

const benchBatch = 200 // documents per Put, as ingest batches them

// benchEntries is batch n of distinct ~3 KB reports; it returns the bytes
// of text too.
func benchEntries(n int) ([]corpus.Entry, int64) {
	var entries []corpus.Entry
	var size int64
	for j := range benchBatch {
		text := reportText(n*benchBatch+j, 3000)
		size += int64(len(text))
		source := "基准/" + strconv.Itoa(n) + "/" + strconv.Itoa(j/4) + ".docx"
		entries = append(entries, entry(text, source, j%4+1, 4, "h"+strconv.Itoa(n)+"-"+strconv.Itoa(j/4), t0, 1))
	}
	return entries, size
}

// BenchmarkPut stores batches of 200 new ~3 KB documents, one transaction
// (and one fsync) each, with and without compression.
func BenchmarkPut(b *testing.B) {
	for _, mode := range []struct {
		name        string
		compressMin int
	}{{"flate", defaultCompressMin}, {"plain", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			s := newStore(b)
			s.compressMin = mode.compressMin
			_, size := benchEntries(0)
			b.SetBytes(size)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				b.StopTimer()
				entries, _ := benchEntries(n)
				b.StartTimer()
				if res, err := s.Put(ctx, entries); err != nil || res.New != benchBatch {
					b.Fatalf("Put = %+v, %v", res, err)
				}
				n++
			}
			b.ReportMetric(float64(n*benchBatch)/b.Elapsed().Seconds(), "docs/s")
			if fi, err := os.Stat(s.Path()); err == nil {
				b.ReportMetric(float64(fi.Size())/float64(n*benchBatch), "file-B/doc")
			}
		})
	}
}

// BenchmarkEach walks a store of 2,000 ~3 KB documents, decoding every
// document and analysis.
func BenchmarkEach(b *testing.B) {
	for _, mode := range []struct {
		name        string
		compressMin int
	}{{"flate", defaultCompressMin}, {"plain", 0}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			s := newStore(b)
			s.compressMin = mode.compressMin
			var size int64
			for n := range 10 {
				entries, sz := benchEntries(n)
				size += sz
				if _, err := s.Put(ctx, entries); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(size)
			b.ReportAllocs()
			docs := 0
			for b.Loop() {
				err := s.Each(ctx, func(r *corpus.Report) error { docs++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkGet looks documents up by 6-digit prefix in a store of 2,000.
func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s := newStore(b)
	var ids []string
	var size int64
	for n := range 10 {
		entries, sz := benchEntries(n)
		size += sz
		if _, err := s.Put(ctx, entries); err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			ids = append(ids, e.Report.ID)
		}
	}
	b.SetBytes(size / int64(len(ids)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		if _, err := s.Get(ctx, id[:6]); err != nil && corpus.ErrorCode(err) != corpus.ECONFLICT {
			b.Fatal(err)
		}
		i++
	}
}

// FuzzGet: any string given as an ID yields a report whose ID starts with
// it, or a Chinese error of the expected kinds; never a panic.
func FuzzGet(f *testing.F) {
	path := f.TempDir() + "/fuzz.db"
	s, err := Open(path, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	entries, _ := benchEntries(0)
	if _, err := s.Put(context.Background(), entries[:50]); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{entries[0].Report.ID, entries[1].Report.ID[:5], "ABCD", "", "张三", "0000", fmt.Sprint(entries[2].Report.ID, " ")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		r, err := s.Get(context.Background(), id)
		switch corpus.ErrorCode(err) {
		case "":
			if !strings.HasPrefix(r.ID, strings.ToLower(strings.TrimSpace(id))) || r.ID != corpus.DocumentID(r.Text) {
				t.Fatalf("Get(%q) = %s", id, r.ID)
			}
		case corpus.EINVALID, corpus.ENOTFOUND, corpus.ECONFLICT:
			if !strings.ContainsRune(err.Error(), '文') && !strings.ContainsRune(err.Error(), '编') {
				t.Fatalf("message not in Chinese: %v", err)
			}
		default:
			t.Fatalf("Get(%q): %v", id, err)
		}
	})
}

// BenchmarkRecord is the codec alone on one ~3 KB document: what
// compression costs per document written and read.
func BenchmarkRecord(b *testing.B) {
	entries, _ := benchEntries(0)
	doc := &entries[0].Report.Document
	for _, mode := range []struct {
		name        string
		compressMin int
	}{{"flate", defaultCompressMin}, {"plain", 0}} {
		b.Run("encode/"+mode.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc.Text)))
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				rec, err := encodeRecord(nil, doc, mode.compressMin)
				if err != nil {
					b.Fatal(err)
				}
				size = len(rec)
			}
			b.ReportMetric(float64(size), "record-B")
		})
		b.Run("decode/"+mode.name, func(b *testing.B) {
			rec, _ := encodeRecord(nil, doc, mode.compressMin)
			b.SetBytes(int64(len(doc.Text)))
			b.ReportAllocs()
			for b.Loop() {
				var d corpus.Document
				if err := decodeRecord(rec, &d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
