package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// TestMain lets the test binary play a second process: the lock and crash
// tests re-execute it with LVZHI_STORE_HELPER set.
func TestMain(m *testing.M) {
	if mode := os.Getenv("LVZHI_STORE_HELPER"); mode != "" {
		os.Exit(runHelper(mode))
	}
	os.Exit(m.Run())
}

// Phrases of an invented duty report, with the debris real ones carry
// (placeholders, a template site's footer). Written for these tests.
var phrases = []string{
	"自当选为县第十七届人大代表以来，我始终把为民履职放在首位。",
	"积极参加县人代会，认真审议一府两院工作报告和计划预算报告。",
	"闭会期间，坚持每月到代表联络站接待选民，听取群众呼声。",
	"围绕农村饮水安全开展专题调研3次，形成调研报告1篇。",
	"参加县人大常委会组织的食品安全执法检查和养老服务工作视察。",
	"本年度共提出意见建议**件，其中关于修复村道的建议已办结。",
	"协调解决群众反映的路灯不亮、排水不畅等问题XX个。",
	"参加代表履职培训班，系统学习代表法和监督法。",
	"向选民宣讲党的路线方针政策和人大制度，发放宣传资料200余份。",
	"对照群众期盼，我还存在一些不足：调查研究不够深入，联系选民的频次还不够高。",
	"今后，我将进一步加强学习，密切联系群众，努力做一名让人民满意的代表。",
	"督办镇卫生院改扩建项目，推动落实资金120万元。",
	"（本文来源于某某范文网，更多精彩内容请关注本站）",
	"参加镇人大主席团组织的评议测评活动，对镇政府工作提出意见。",
}

// reportText is an invented report of about size bytes, different for
// every n.
func reportText(n, size int) string {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var b strings.Builder
	fmt.Fprintf(&b, "第%d号代表2023年度履职情况报告\n\n", n)
	for b.Len() < size {
		b.WriteString(phrases[rng.IntN(len(phrases))])
		if rng.IntN(4) == 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

var t0 = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// entry builds a valid entry for text read as part of parts from source
// with file hash hash at seen.
func entry(text, source string, part, parts int, hash string, seen time.Time, version int) corpus.Entry {
	r := corpus.Report{
		Document: corpus.Document{
			ID: corpus.DocumentID(text), Source: source, Part: part, Parts: parts,
			Format: "txt", Encoding: "UTF-8", Title: firstLine(text), Text: text,
		},
		Analysis: corpus.Analysis{Version: version, Kind: corpus.KindDutyReport},
	}
	year := 2023
	r.Analysis.Year = &year
	r.Analysis.Activities = []corpus.Activity{{Type: corpus.ActResearch, Unit: "次", DeputyRole: true, Text: "开展专题调研3次", Start: 3, End: 9}}
	return corpus.Entry{Report: r, Origin: corpus.Origin{Source: source, Part: part, FileHash: hash, Seen: seen}}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func mustOpen(tb testing.TB, path string, opt Options) *Store {
	tb.Helper()
	s, err := Open(path, opt)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// newStore opens a fresh store in a temporary directory.
func newStore(tb testing.TB) *Store {
	tb.Helper()
	return mustOpen(tb, filepath.Join(tb.TempDir(), "lvzhi.db"), Options{})
}

func mustPut(tb testing.TB, s *Store, entries ...corpus.Entry) corpus.PutResult {
	tb.Helper()
	res, err := s.Put(context.Background(), entries)
	if err != nil {
		tb.Fatalf("Put: %v", err)
	}
	return res
}

func collect(tb testing.TB, each func(context.Context, func(string) error) error) []string {
	tb.Helper()
	ids := []string{}
	if err := each(context.Background(), func(id string) error { ids = append(ids, id); return nil }); err != nil {
		tb.Fatal(err)
	}
	return ids
}

func sortedIDs(entries ...corpus.Entry) []string {
	var ids []string
	for _, e := range entries {
		if !slices.Contains(ids, e.Report.ID) {
			ids = append(ids, e.Report.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// wantCode fails unless err is a *corpus.Error with this code (or nil when
// code is "").
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := corpus.ErrorCode(err); got != code {
		tb.Fatalf("error code %q (%v), want %q", got, err, code)
	}
	var ce *corpus.Error
	if err != nil && !errors.As(err, &ce) {
		tb.Fatalf("error %v is not a *corpus.Error", err)
	}
}

// txID is the ID of the last committed transaction: it tells whether a
// call wrote anything.
func txID(tb testing.TB, s *Store) int {
	tb.Helper()
	tx, err := s.db.Begin(false)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	return tx.ID()
}
