package export

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"lvzhi/corpus"
)

// spool keeps rows that must be written in another order than they arrive
// (the review queue, by score) in a temporary file, and in memory only a
// small index entry per group of rows: memory stays bounded however many
// reports are added. Rows hold nil, string, int, float64 or evidence.
type spool struct {
	f     *os.File
	w     *bufio.Writer
	off   int64
	index []spoolEntry
	buf   []byte
	err   error
}

type spoolEntry struct {
	score float64
	seq   int   // arrival order, to keep reading order among equal scores
	off   int64 // where the group's record starts in the file
	size  int
}

// Value tags of the record format.
const (
	tagNil byte = iota
	tagString
	tagInt
	tagFloat
	tagEvidence
)

// put stores a group of rows under a score.
func (s *spool) put(score float64, rows [][]any) error {
	if s.err != nil {
		return s.err
	}
	if s.f == nil {
		f, err := os.CreateTemp("", "lvzhi-export-*.tmp")
		if err != nil {
			s.err = &corpus.Error{Code: corpus.EINTERNAL, Message: "无法创建导出用的临时文件", Err: err}
			return s.err
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 64<<10)
	}
	b := s.buf[:0]
	b = binary.AppendUvarint(b, uint64(len(rows)))
	for _, row := range rows {
		b = binary.AppendUvarint(b, uint64(len(row)))
		for _, v := range row {
			b = appendValue(b, v)
		}
	}
	s.buf = b
	if _, err := s.w.Write(b); err != nil {
		s.err = &corpus.Error{Code: corpus.EINTERNAL, Message: "写入导出用的临时文件失败", Err: err}
		return s.err
	}
	s.index = append(s.index, spoolEntry{score: score, seq: len(s.index), off: s.off, size: len(b)})
	s.off += int64(len(b))
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, tagNil)
	case string:
		return appendString(append(b, tagString), v)
	case int:
		return binary.AppendVarint(append(b, tagInt), int64(v))
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat), math.Float64bits(v))
	case evidence:
		b = appendString(append(b, tagEvidence), v.text)
		b = binary.AppendUvarint(b, uint64(len(v.marks)))
		for _, m := range v.marks {
			b = binary.AppendUvarint(b, uint64(m[0]))
			b = binary.AppendUvarint(b, uint64(m[1]))
		}
		return b
	}
	panic(fmt.Sprintf("export: cannot spool a %T", v))
}

// each calls fn with every row, the groups by score (highest first), then
// in arrival order.
func (s *spool) each(fn func(row []any) error) error {
	if s.err != nil || s.f == nil {
		return s.err
	}
	if err := s.w.Flush(); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: "写入导出用的临时文件失败", Err: err}
	}
	slices.SortFunc(s.index, func(a, b spoolEntry) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	var row []any
	for _, e := range s.index {
		if cap(s.buf) < e.size {
			s.buf = make([]byte, e.size)
		}
		b := s.buf[:e.size]
		if _, err := s.f.ReadAt(b, e.off); err != nil && err != io.EOF {
			return &corpus.Error{Code: corpus.EINTERNAL, Message: "读取导出用的临时文件失败", Err: err}
		}
		d := decoder{b: b}
		for n := d.uvarint(); n > 0 && d.err == nil; n-- {
			row = row[:0]
			for k := d.uvarint(); k > 0 && d.err == nil; k-- {
				row = append(row, d.value())
			}
			if d.err != nil {
				break
			}
			if err := fn(row); err != nil {
				return err
			}
		}
		if d.err != nil {
			return &corpus.Error{Code: corpus.EINTERNAL, Message: "导出用的临时文件已损坏", Err: d.err}
		}
	}
	return nil
}

// close removes the temporary file.
func (s *spool) close() error {
	if s.f == nil {
		return nil
	}
	name := s.f.Name()
	err := s.f.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	s.f = nil
	return err
}

type decoder struct {
	b   []byte
	err error
}

var errShort = fmt.Errorf("record ends early")

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil || uint64(len(d.b)) < n {
		d.err = errShort
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) value() any {
	if len(d.b) == 0 {
		d.err = errShort
		return nil
	}
	tag := d.b[0]
	d.b = d.b[1:]
	switch tag {
	case tagNil:
		return nil
	case tagString:
		return d.string()
	case tagInt:
		v, n := binary.Varint(d.b)
		if n <= 0 {
			d.err = errShort
			return nil
		}
		d.b = d.b[n:]
		return int(v)
	case tagFloat:
		if len(d.b) < 8 {
			d.err = errShort
			return nil
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
		return v
	case tagEvidence:
		ev := evidence{text: d.string()}
		for n := d.uvarint(); n > 0 && d.err == nil; n-- {
			lo, hi := int(d.uvarint()), int(d.uvarint())
			ev.marks = append(ev.marks, [2]int{lo, hi})
		}
		return ev
	}
	d.err = fmt.Errorf("unknown value tag %d", tag)
	return nil
}
