package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lvzhi/corpus"
	"lvzhi/ingest/ingesttest"
)

// manyOps is a page content of n tiny operations, a character shown every
// hundred.
func manyOps(n int) []byte {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 72 760 Td\n")
	for i := range n {
		if i%100 == 0 {
			b.WriteString("<4E2D> Tj\n")
		} else {
			b.WriteString("0 0 Td\n")
		}
	}
	b.WriteString("ET\n")
	return []byte(b.String())
}

// markupDocx is a docx of n empty paragraphs with attributes: much XML,
// no text.
func markupDocx(n int) []byte {
	paras := make([]string, n)
	return ingesttest.Docx(paras, ingesttest.DocxOptions{})
}

// TestBudget reads files past each cap of the budget with small caps: each
// fails with ErrTooLarge (or ErrTimeout) and a reason naming the figure.
func TestBudget(t *testing.T) {
	text := strings.Repeat("我认真履行代表职责，积极参加代表活动。", 100) // 5,700 bytes
	lines := strings.Split(strings.Repeat("我认真履行代表职责，积极参加代表活动。\n", 100), "\n")
	var pdfPages [][]string
	for i := range 3 {
		pdfPages = append(pdfPages, []string{fmt.Sprintf("第%d页：我认真履行代表职责。", i+1)})
	}
	tests := []struct {
		name     string
		data     []byte
		opt      Options
		sentinel error
		reason   string
	}{
		{"text", []byte(text), Options{MaxText: 4096}, ErrTooLarge, "文字 5700 字节，上限 4096 字节"},
		{"text file twice the cap", []byte(text), Options{MaxText: 2048}, ErrTooLarge, "文本文件 5700 字节，文字上限 2048 字节"},
		{"text at the cap", []byte(text), Options{MaxText: 5700}, nil, ""},
		{"html", []byte("<html><body><div class=\"content\"><p>" + text + "</p></div></body></html>"), Options{MaxText: 4096}, ErrTooLarge, "文字 5701 字节，上限 4096 字节"}, // the paragraph ends with a line break
		{"html token", []byte("<html><body><div class=\"content\"><p>" + text + "</p></div></body></html>"), Options{MaxText: 2048}, ErrTooLarge, "网页中有一段内容超过上限 4096 字节"},
		{"html text", []byte("<html><body><div class=\"content\"><p>" + strings.Repeat(text[:1500]+"</p><p>", 4) + "</p></div></body></html>"), Options{MaxText: 2048}, ErrTooLarge, "网页中的文字超过上限 2048 字节"},
		{"docx text", ingesttest.Docx(lines, ingesttest.DocxOptions{}), Options{MaxText: 4096}, ErrTooLarge, "文字超过上限 4096 字节"},
		{"docx decoded", markupDocx(20000), Options{MaxDecoded: 64 << 10}, ErrTooLarge, "解压或解码后超过上限 65536 字节"},
		{"pdf text", ingesttest.PDF([][]string{lines}, ingesttest.PDFOptions{}), Options{MaxText: 4096}, ErrTooLarge, "文字超过上限 4096 字节"},
		{"pdf pages", ingesttest.PDF(pdfPages, ingesttest.PDFOptions{}), Options{MaxPages: 2}, ErrTooLarge, "PDF 共 3 页，上限 2 页"},
		{"pdf operations", ingesttest.PDFWithContent(manyOps(1000)), Options{MaxOps: 500}, ErrTooLarge, "PDF 第 1 页的内容超过上限 500 个操作"},
		{"pdf decoded", ingesttest.PDFWithContent(manyOps(10000)), Options{MaxDecoded: 16 << 10}, ErrTooLarge, "解压或解码后超过上限 16384 字节"},
		{"deadline", []byte(text), Options{Timeout: time.Nanosecond}, ErrTimeout, "解析超时（超过 0.0 秒）"},
	}
	names := map[string]string{"html": "a.html", "html token": "a.html", "html text": "a.html", "docx text": "a.docx", "docx decoded": "a.docx"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := names[tt.name]
			switch {
			case name != "":
			case strings.HasPrefix(tt.name, "pdf"):
				name = "a.pdf"
			default:
				name = "a.txt"
			}
			src := NamedSource(name, "")
			f, err := ReadBytes(src, tt.data, tt.opt)
			if tt.sentinel == nil {
				if err != nil {
					t.Fatal(err)
				}
				checkFile(t, src, f)
				return
			}
			checkError(t, err, name, tt.sentinel, tt.reason)
		})
	}
}

// countdown is a context whose Err says it is cancelled from its n-th
// call on: a cancellation at a point of a reading fixed by the count of
// its checks, not by time.
type countdown struct {
	context.Context
	n atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestReadersStop cancels the reading of large files after a few checks of
// the context: each reader returns the caller's error having decoded a
// small part of the file, so its loops check the context as they go.
// (Plain text has no loop of its own: it is decoded and cleaned in linear
// steps bounded by MaxText, and the context is checked between them.)
func TestReadersStop(t *testing.T) {
	var page strings.Builder
	page.WriteString("<html><body><div class=\"content\">")
	for range 100_000 {
		page.WriteString("<p><span>字</span></p>")
	}
	page.WriteString("</div></body></html>")
	tests := []struct {
		name       string
		data       []byte
		maxDecoded int64 // what may be decoded before the reading stops
	}{
		{"a.pdf", ingesttest.PDFWithContent(manyOps(500_000)), 1 << 20},
		{"a.docx", markupDocx(100_000), 1 << 20},
		{"a.html", []byte(page.String()), 5 << 20}, // the page is decoded before it is measured
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range []int64{0, 3, 10} {
				cd := newCountdown(n)
				rd := &reading{ctx: cd, caller: cd, timeout: time.Minute, opt: Options{MaxOps: 10_000_000}.withDefaults()}
				_, err := rd.read(NamedSource(tt.name, ""), tt.data)
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("cancelled after %d checks: %v", n, err)
				}
				if rd.decoded > tt.maxDecoded {
					t.Errorf("cancelled after %d checks: %d bytes decoded before stopping", n, rd.decoded)
				}
			}
		})
	}
}

// TestPipelineCancelSlowFiles cancels an ingest from its first commit, while slow
// files are being read: Run returns ctx's error, what was committed is
// whole, the files cut short are neither committed nor reported, and no
// file read after the cancellation is committed.
func TestPipelineCancelSlowFiles(t *testing.T) {
	slow := map[string][]byte{}
	for i := range 4 {
		slow[fmt.Sprintf("slow%d.pdf", i)] = ingesttest.PDFWithContent(manyOps(2_000_000))
	}
	dir := writeFiles(t, 40, slow)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var committed []corpus.Entry
	p := &Pipeline{
		Options: Options{MaxOps: 100_000_000},
		Analyze: analyzeStub,
		Commit: func(_ context.Context, b []corpus.Entry) (corpus.PutResult, error) {
			committed = append(committed, b...)
			cancel()
			return corpus.PutResult{New: len(b)}, nil
		},
		Workers:   2,
		BatchDocs: 1,
	}
	sum, err := p.Run(ctx, []string{dir})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	for _, e := range sum.Errors {
		if errors.Is(e, context.Canceled) || strings.Contains(e.Error(), "context canceled") {
			t.Errorf("a file cut short is reported: %v", e)
		}
	}
	if sum.Files >= 44 {
		t.Errorf("all %d files were read after the cancellation", sum.Files)
	}
	if len(committed) != sum.Documents {
		t.Errorf("%d documents committed, summary says %d analysed", len(committed), sum.Documents)
	}
	for _, e := range committed {
		if e.Report.ID != corpus.DocumentID(e.Report.Text) || e.Origin.FileHash == "" {
			t.Errorf("incomplete entry %+v", e.Origin)
		}
	}
}

// TestStoppedIsNotTheFilesFault: a reading cut short by the caller's
// context is reported as the caller's error, one past the file's own
// deadline as ErrTimeout.
func TestStoppedIsNotTheFilesFault(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	src := NamedSource("a.txt", "")
	_, err := ReadBytesContext(ctx, src, []byte("各位代表：本人认真履职。"), Options{})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) || !stopped(ctx, err) {
		t.Errorf("cancelled: %v", err)
	}
	_, err = ReadBytesContext(t.Context(), src, []byte("各位代表：本人认真履职。"), Options{Timeout: time.Nanosecond})
	if !errors.Is(err, ErrTimeout) || stopped(t.Context(), err) {
		t.Errorf("past the deadline: %v", err)
	}
}
