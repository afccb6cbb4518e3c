package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"lvzhi/corpus"
)

// bom is the UTF-8 byte order mark: without it Excel on Windows reads a CSV
// file in the local code page (GBK) and garbles every Chinese character.
const bom = "\uFEFF"

// CSV writes one CSV file per table of the workbook (报告.csv, 建议.csv, …,
// and 按地区.csv, 按年度.csv, 按层级.csv, 需关注.csv for the comparison that
// the workbook shows on 汇总 and in its 异常 columns) into a directory:
// UTF-8 with a BOM, CRLF line ends, the same columns as the workbook, rows
// in the same order. Numbers are plain ("0.4123" for a 41.23% copy ratio);
// text is sanitised exactly as in the workbook; evidence is the sentence,
// without the workbook's bold.
//
// Use it as the Workbook: NewCSV, SetComparison, Add in reading order,
// Close. A CSV is not safe for concurrent use.
type CSV struct {
	dir    string
	now    func() time.Time
	enc    encoder
	files  [numTables]*csvFile
	err    error
	closed bool
}

type csvFile struct {
	path string
	f    *os.File
	bw   *bufio.Writer
	w    *csv.Writer
	rec  []string
}

// NewCSV creates dir if needed and starts the CSV files of the detail
// sheets in it. Existing files of the same names are overwritten.
func NewCSV(dir string) (*CSV, error) {
	if dir == "" {
		return nil, corpus.Errorf(corpus.EINVALID, "导出 CSV：未指定目录")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &corpus.Error{Code: corpus.EINVALID, Message: fmt.Sprintf("导出 CSV：无法创建目录 %s", dir), Err: err}
	}
	c := &CSV{dir: dir, now: time.Now}
	for id := range numTables {
		if !inCSV(id) || id == idNotes {
			continue
		}
		if err := c.open(id); err != nil {
			c.closeFiles()
			return nil, err
		}
	}
	return c, nil
}

func (c *CSV) open(id int) error {
	path := filepath.Join(c.dir, tables[id].name+".csv")
	f, err := os.Create(path)
	if err != nil {
		return &corpus.Error{Code: corpus.EINVALID, Message: fmt.Sprintf("导出 CSV：无法创建文件 %s", path), Err: err}
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	w := csv.NewWriter(bw)
	w.UseCRLF = true
	cf := &csvFile{path: path, f: f, bw: bw, w: w}
	c.files[id] = cf
	_, _ = bw.WriteString(bom) // a write error sticks in bw and is reported by w.Error
	_ = w.Write(tables[id].heads)
	return cf.check()
}

func (cf *csvFile) check() error {
	if err := cf.w.Error(); err != nil {
		return &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("写入 CSV 文件 %s 失败", cf.path), Err: err}
	}
	return nil
}

// SetComparison gives the CSV files the comparison of the reports they
// will hold; see Workbook.SetComparison.
func (c *CSV) SetComparison(cmp *corpus.Comparison) error {
	if c.closed {
		return corpus.Errorf(corpus.EINVALID, "导出 CSV：已关闭，不能再设置对比数据")
	}
	return c.enc.setComparison(cmp)
}

// Add writes the rows of one report to every detail file, in the order of
// Add (reading order: region, deputy, year).
func (c *CSV) Add(r *corpus.Report, x Extra) error {
	if c.closed {
		return corpus.Errorf(corpus.EINVALID, "导出 CSV：已关闭，不能再添加报告")
	}
	if c.err != nil {
		return c.err
	}
	if r == nil {
		return corpus.Errorf(corpus.EINVALID, "导出 CSV：报告为空")
	}
	if err := c.enc.add(r, x, c.writeRow); err != nil {
		c.err = err
		return err
	}
	return nil
}

func (c *CSV) writeRow(id int, row []any) error {
	cf := c.files[id]
	if cf == nil {
		return nil // a block of 汇总 only
	}
	if cap(cf.rec) < len(row) {
		cf.rec = make([]string, len(row))
	}
	rec := cf.rec[:len(row)]
	for k, v := range row {
		rec[k] = csvValue(v)
	}
	if err := cf.w.Write(rec); err != nil {
		return cf.check()
	}
	// csv.Writer keeps the first write error of the buffer underneath;
	// looking at it per row is cheap and stops a full disk early.
	return cf.check()
}

// csvValue formats a row value as CSV text.
func csvValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return cellText(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case evidence:
		return cellText(v.text)
	}
	return cellText(fmt.Sprint(v))
}

// Close writes the files made at the end (the comparison's, the review
// queue, 说明.csv), then flushes and closes every file. Closing twice does
// nothing.
func (c *CSV) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	err := c.err
	if err == nil {
		err = c.finish()
	}
	return errors.Join(err, c.enc.close(), c.closeFiles())
}

func (c *CSV) finish() error {
	if err := c.enc.finish(c.writeRow); err != nil {
		return err
	}
	if err := c.open(idNotes); err != nil {
		return err
	}
	var buf []any
	for _, n := range c.enc.notes(c.now(), nil) {
		if err := c.writeRow(idNotes, noteTable.fill(&buf, n)); err != nil {
			return err
		}
	}
	return nil
}

// closeFiles flushes and closes the files opened so far and returns the
// first error.
func (c *CSV) closeFiles() error {
	var first error
	for i, cf := range c.files {
		if cf == nil {
			continue
		}
		cf.w.Flush()
		err := cf.check()
		if cerr := cf.f.Close(); err == nil && cerr != nil {
			err = &corpus.Error{Code: corpus.EINTERNAL, Message: fmt.Sprintf("关闭 CSV 文件 %s 失败", cf.path), Err: cerr}
		}
		if first == nil {
			first = err
		}
		c.files[i] = nil
	}
	return first
}
