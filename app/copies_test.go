package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
	"lvzhi/corpus/corpustest"
	"lvzhi/index"
)

// The reports of these tests share nothing but the passages they are
// written to share: each deputy's text is their own.

// shared is a passage one report takes from another (about 150 characters).
const shared = `在走访中我了解到，白沙河两岸的老旧小区普遍存在雨污合流、管网老化的问题，每逢汛期部分楼栋地下室积水深达半米，居民出行十分不便。为此我先后三次召集社区、物业和住建部门现场办公，推动将这片小区纳入当年的老旧小区改造计划，目前一期工程已经完工。`

// ownIntro is one deputy's introduction, reused word for word from year
// to year.
const ownIntro = `我是来自青石镇代表小组的代表，在镇农业服务中心从事农技推广工作已有十五个年头，深知群众最关心的就是田里的收成和家门口的道路，所以履职以来始终把这两件事放在心上。`

func report(name string, year int, body ...string) string {
	return fmt.Sprintf("%s同志%d年度履职情况报告\n本人%s，现将%d年履职情况报告如下。\n", name, year, name, year) +
		strings.Join(body, "\n") + fmt.Sprintf("\n述职人：%s\n%d年12月\n", name, year)
}

func stored(t *testing.T, a *App, file string) *corpus.Report {
	t.Helper()
	var out *corpus.Report
	err := a.st.Each(context.Background(), func(r *corpus.Report) error {
		if filepath.Base(r.Source) == file && (out == nil || r.State.Active()) {
			out = r
		}
		return nil
	})
	if err != nil || out == nil {
		t.Fatalf("%s not stored: %v", file, err)
	}
	if out.Copies == nil {
		t.Fatalf("%s has no copy check", file)
	}
	return out
}

func flagged(r *corpus.Report, code string) bool { return slices.Contains(r.FlagCodes(), code) }

// copyFlags are the flags the copy check raises.
func copyFlags(r *corpus.Report) []string { return r.Copies.FlagCodes() }

// TestCopyDirection is issue 8's accusation: the report written first is
// the original, whichever was ingested first; the later one is flagged,
// citing it.
func TestCopyDirection(t *testing.T) {
	files, data := t.TempDir(), t.TempDir()
	writeFile(t, files, "2022/赵明.txt", []byte(report("赵明", 2022,
		"今年我重点关注城区排水问题。", shared, "此外还就菜市场改造提出建议2件。")), day)
	writeFile(t, files, "2021/陈立华.txt", []byte(report("陈立华", 2021,
		"一年来我把精力放在城区防汛上。", shared, "全年参加视察活动4次。")), day.Add(48*time.Hour))
	a := openWrite(t, data)
	// The copy is ingested before the original.
	ingestPaths(t, a, IngestOptions{}, filepath.Join(files, "2022"))
	ingestPaths(t, a, IngestOptions{}, filepath.Join(files, "2021"))

	orig, copied := stored(t, a, "陈立华.txt"), stored(t, a, "赵明.txt")
	if flagged(orig, corpus.FlagBoilerplate) || orig.Copies.Ratio != 0 {
		t.Errorf("the original is accused: ratio %.3f, flags %v", orig.Copies.Ratio, orig.FlagCodes())
	}
	if orig.Copies.OriginalRatio < 0.3 || !slices.Contains(orig.Copies.Copiers, copied.ID) {
		t.Errorf("the original: original ratio %.3f, copiers %v (want %s)", orig.Copies.OriginalRatio, orig.Copies.Copiers, copied.ID)
	}
	if !flagged(copied, corpus.FlagBoilerplate) || copied.Copies.Ratio < 0.3 {
		t.Errorf("the copy: ratio %.3f, flags %v", copied.Copies.Ratio, copied.FlagCodes())
	}
	var src string
	for _, p := range copied.Copies.Passages {
		if p.Class == corpus.PassageCopied {
			src = p.Sources[0].ID
		}
	}
	if src != orig.ID {
		t.Errorf("the copied passage's source is %q, want the 2021 report %s", src, orig.ID)
	}
}

// TestSelfReuse: a deputy's later report repeating their own earlier text
// is self reuse (照搬往年), not copying, and the earlier report is not
// flagged at all.
func TestSelfReuse(t *testing.T) {
	files, data := t.TempDir(), t.TempDir()
	writeFile(t, files, "2023.txt", []byte(report("孙桂兰", 2023, ownIntro, "今年推广水稻新品种三个，举办培训班五期。")), day)
	writeFile(t, files, "2024.txt", []byte(report("孙桂兰", 2024, ownIntro, "今年重点抓了高标准农田建设，协调修建机耕道四公里。")), day.Add(24*time.Hour))
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)
	early, late := stored(t, a, "2023.txt"), stored(t, a, "2024.txt")
	if len(copyFlags(early)) != 0 {
		t.Errorf("the earlier report is flagged %v", copyFlags(early))
	}
	if late.Copies.Ratio != 0 || flagged(late, corpus.FlagBoilerplate) {
		t.Errorf("own text counted as copying: ratio %.3f", late.Copies.Ratio)
	}
	if !flagged(late, corpus.FlagSelfReuse) || late.Copies.SelfRatio < 0.3 || !slices.Equal(late.Copies.SelfYears, []int{2023}) {
		t.Errorf("self reuse: ratio %.3f years %v flags %v", late.Copies.SelfRatio, late.Copies.SelfYears, late.FlagCodes())
	}
}

// TestResubmissionNotItsOwnSource: the corrected version of a report is
// not flagged as copied from the version it replaced, which leaves the
// copy index.
func TestResubmissionNotItsOwnSource(t *testing.T) {
	files, data := t.TempDir(), t.TempDir()
	writeFile(t, files, "周红.txt", []byte(report("周红", 2023, shared, "提出建议3件。")), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)
	first := stored(t, a, "周红.txt")
	writeFile(t, files, "周红.txt", []byte(report("周红", 2023, shared, "提出建议4件。")), day.Add(24*time.Hour))
	ingestPaths(t, a, IngestOptions{}, files)
	cur := stored(t, a, "周红.txt")
	if cur.ID == first.ID {
		t.Fatal("the corrected text was not stored as a new version")
	}
	if cur.Copies.Ratio != 0 || len(cur.Copies.Cluster) != 0 || len(copyFlags(cur)) != 0 {
		t.Errorf("the corrected version: ratio %.3f cluster %v flags %v", cur.Copies.Ratio, cur.Copies.Cluster, copyFlags(cur))
	}
	if a.cp.Has(first.ID) {
		t.Errorf("the replaced version is still a copy source")
	}
}

// TestReferenceIsTheSource: text found on a template site (reference
// material) is the source of a report that contains it, even when the
// page is dated later; marking it a report again makes the year decide.
func TestReferenceIsTheSource(t *testing.T) {
	ctx := context.Background()
	files, ref, data := t.TempDir(), t.TempDir(), t.TempDir()
	writeFile(t, ref, "范文网.txt", []byte("2024年最新人大代表述职报告范文\n"+shared+"\n以上就是小编整理的内容。"), day.Add(90*24*time.Hour))
	writeFile(t, files, "钱伟.txt", []byte(report("钱伟", 2023, "我是城关镇选出的代表。", shared, "提出建议2件。")), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{Reference: true}, ref)
	ingestPaths(t, a, IngestOptions{}, files)
	page, rep := stored(t, a, "范文网.txt"), stored(t, a, "钱伟.txt")
	if !flagged(rep, corpus.FlagBoilerplate) || len(rep.Copies.Passages) == 0 || rep.Copies.Passages[0].Sources[0].ID != page.ID {
		t.Fatalf("the report: ratio %.3f passages %+v", rep.Copies.Ratio, rep.Copies.Passages)
	}
	if page.Copies.Ratio != 0 {
		t.Errorf("the reference page is accused: %.3f", page.Copies.Ratio)
	}
	// Unmarked, the page is a 2024 text received later: the report is
	// now the original.
	if _, err := a.SetReference(ctx, []string{ref}, false); err != nil {
		t.Fatal(err)
	}
	page, rep = stored(t, a, "范文网.txt"), stored(t, a, "钱伟.txt")
	if rep.Copies.Ratio != 0 || page.Copies.Ratio == 0 {
		t.Errorf("after unmarking: report ratio %.3f, page ratio %.3f", rep.Copies.Ratio, page.Copies.Ratio)
	}
}

// TestRemove removes a copy source by file and by ID: a dry run changes
// nothing; after removal the document is gone from the store, the search
// index and the copy index, and the report that cited it is checked again.
func TestRemove(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	src := writeFile(t, files, "陈立华.txt", []byte(report("陈立华", 2021, "一年来我把精力放在城区防汛上。", shared)), day)
	writeFile(t, files, "赵明.txt", []byte(report("赵明", 2022, "今年我重点关注城区排水问题。", shared)), day)
	a := openWrite(t, data)
	ingestPaths(t, a, IngestOptions{}, files)
	orig := stored(t, a, "陈立华.txt")

	res, err := a.Remove(ctx, []string{src}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Removed) != 1 || res.Removed[0].ID != orig.ID {
		t.Fatalf("dry run found %+v", res.Removed)
	}
	if _, err := a.st.Get(ctx, orig.ID); err != nil {
		t.Fatalf("the dry run removed it: %v", err)
	}

	res, err = a.Remove(ctx, []string{src}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rechecked != 1 {
		t.Errorf("rechecked %d, want 1 (the report that cited it)", res.Rechecked)
	}
	if _, err := a.st.Get(ctx, orig.ID); corpus.ErrorCode(err) != corpus.ENOTFOUND {
		t.Errorf("still stored: %v", err)
	}
	if a.cp.Has(orig.ID) {
		t.Errorf("still in the copy index")
	}
	if r, err := a.Search(ctx, index.Query{Text: "陈立华", Status: "all"}); err != nil || r.Total != 0 {
		t.Errorf("still found: %v %v", r, err)
	}
	left := stored(t, a, "赵明.txt")
	if left.Copies.Ratio != 0 || flagged(left, corpus.FlagBoilerplate) {
		t.Errorf("the copy still cites a removed document: ratio %.3f", left.Copies.Ratio)
	}
	if _, err := a.Remove(ctx, []string{filepath.Join(files, "没有这个.txt")}, false, nil); corpus.ErrorCode(err) != corpus.ENOTFOUND {
		t.Errorf("removing what was never ingested: %v", err)
	}
}

// TestRemoveKilled: a removal whose process died after the store marked
// the documents is finished by the next Open for writing.
func TestRemoveKilled(t *testing.T) {
	ctx := context.Background()
	files, data := t.TempDir(), t.TempDir()
	writeFile(t, files, "陈立华.txt", []byte(report("陈立华", 2021, "一年来我把精力放在城区防汛上。", shared)), day)
	writeFile(t, files, "赵明.txt", []byte(report("赵明", 2022, "今年我重点关注城区排水问题。", shared)), day)
	a, err := Open(ctx, data, Options{Access: Write, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	ingestPaths(t, a, IngestOptions{}, files)
	orig := stored(t, a, "陈立华.txt")
	// What Remove does first; then the process dies.
	if err := a.st.BeginRemove(ctx, []string{orig.ID}, nil); err != nil {
		t.Fatal(err)
	}
	a.Close()

	a = openWrite(t, data)
	if _, err := a.st.Get(ctx, orig.ID); corpus.ErrorCode(err) != corpus.ENOTFOUND {
		t.Errorf("still stored: %v", err)
	}
	if a.cp.Has(orig.ID) {
		t.Errorf("still in the copy index")
	}
	if r, err := a.Search(ctx, index.Query{Text: "陈立华", Status: "all"}); err != nil || r.Total != 0 {
		t.Errorf("still found: %+v %v", r, err)
	}
	// The check that cited it waits for the next settle, which redoes it.
	if _, err := a.SetReference(ctx, []string{files}, false); err != nil {
		t.Fatal(err)
	}
	if left := stored(t, a, "赵明.txt"); left.Copies.Ratio != 0 {
		t.Errorf("the copy still cites the removed document: %.3f", left.Copies.Ratio)
	}
}

// TestReproducibleIngest is issue 8's reproducibility: one corpus of 300
// generated reports (built from shared templates, copying each other as
// real ones do) ingested three ways into fresh data directories — all at
// once on two workers; folder by folder in reverse order on one worker;
// in three interleaved parts — gives the same copy ratios, self-reuse
// shares, sources and flags for every document.
func TestReproducibleIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 300 reports three times")
	}
	files := t.TempDir()
	docs := corpustest.Generate(5, 300)
	var paths []string
	for i, d := range docs {
		// Deterministic dates of receipt, the same for every way.
		p := writeFile(t, files, d.Name, []byte(d.Text), day.Add(time.Duration(i%40)*24*time.Hour))
		paths = append(paths, p)
	}
	folders, _ := filepath.Glob(filepath.Join(files, "*"))
	type result struct {
		ratio, self float64
		sources     string
		flags       string
	}
	run := func(name string, ingestAll func(a *App)) map[string]result {
		a := openWrite(t, filepath.Join(t.TempDir(), name))
		ingestAll(a)
		out := map[string]result{}
		err := a.st.Each(context.Background(), func(r *corpus.Report) error {
			if r.Copies == nil {
				return fmt.Errorf("%s: %s has no copy check", name, r.ID)
			}
			var src []string
			for _, p := range r.Copies.Passages {
				s := fmt.Sprintf("%d-%d:%s", p.Start, p.End, p.Class)
				if len(p.Sources) > 0 {
					s += ":" + p.Sources[0].ID
				}
				src = append(src, s)
			}
			out[r.ID] = result{r.Copies.Ratio, r.Copies.SelfRatio, strings.Join(src, ","), strings.Join(r.Copies.FlagCodes(), ",")}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := run("at-once", func(a *App) { ingestPaths(t, a, IngestOptions{Workers: 2}, files) })
	ways := map[string]map[string]result{
		"folders-reversed-1-worker": run("reversed", func(a *App) {
			for i := len(folders) - 1; i >= 0; i-- {
				ingestPaths(t, a, IngestOptions{Workers: 1}, folders[i])
			}
		}),
		"three-interleaved-parts": run("parts", func(a *App) {
			for k := range 3 {
				var part []string
				for i := k; i < len(paths); i += 3 {
					part = append(part, paths[i])
				}
				ingestPaths(t, a, IngestOptions{Workers: 2}, part...)
			}
		}),
	}
	copied := 0
	for _, w := range want {
		if w.ratio > 0 {
			copied++
		}
	}
	if copied < len(want)/4 {
		t.Fatalf("only %d of %d documents copy anything: the corpus tests nothing", copied, len(want))
	}
	for way, got := range ways {
		diff := 0
		for id, w := range want {
			if g, ok := got[id]; !ok || g != w {
				if diff++; diff <= 3 {
					t.Errorf("%s: %s: %+v, at once %+v", way, id, g, w)
				}
			}
		}
		if diff > 0 || len(got) != len(want) {
			t.Errorf("%s: %d of %d documents differ (%d documents, at once %d)", way, diff, len(want), len(got), len(want))
		}
	}
	t.Logf("300 reports, %d with copied text: the same ratios, passages, sources and flags three ways", copied)
}
