package main

import (
	"context"
	"fmt"
	"sort"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/index"
	"lvzhi/index/copies"
)

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "stats", "stats [--json]", "lvzhi stats")
	data := fs.dataFlag()
	asJSON := fs.Bool("json", false, "输出 JSON")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	a, err := openApp(e, *data, read, none)
	if err != nil {
		return err
	}
	defer a.Close()
	st, err := a.st.Stats(ctx)
	if err != nil {
		return err
	}
	years := map[int]int{}
	flags := map[string]int{}
	stale, unchecked := 0, 0
	var copied []float64
	if err := a.st.Each(ctx, func(r *corpus.Report) error {
		if r.Copies == nil || r.Copies.Version < copies.Version {
			unchecked++
		} else {
			copied = append(copied, r.Copies.Ratio)
		}
		if r.Year != nil {
			years[*r.Year]++
		}
		for _, f := range r.Flags {
			flags[f.Code]++
		}
		if r.Version < extract.Version {
			stale++
		}
		return nil
	}); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{
			"documents": st.Documents, "files": st.Files, "by_kind": st.ByKind, "by_year": years,
			"flags": flags, "unindexed": st.Unindexed, "stale_analyses": stale, "size_bytes": st.Size,
			"unchecked_copies": unchecked, "copy_ratio_median": median(copied),
		})
	}
	w := e.stdout
	fmt.Fprintf(w, "文档 %d 篇，来自 %d 个文件，数据文件 %.1f MB\n", st.Documents, st.Files, float64(st.Size)/1e6)
	for _, k := range corpus.Kinds {
		if n := st.ByKind[k]; n > 0 {
			fmt.Fprintf(w, "  %s %d\n", k.Label(), n)
		}
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	if len(ys) > 0 {
		fmt.Fprint(w, "年份:")
		for _, y := range ys {
			fmt.Fprintf(w, " %d(%d)", y, years[y])
		}
		fmt.Fprintln(w)
	}
	if len(flags) > 0 {
		fmt.Fprint(w, "标记:")
		for _, c := range []string{corpus.FlagPlaceholder, corpus.FlagTemplateResidue, corpus.FlagBoilerplate, corpus.FlagNearDuplicate, corpus.FlagNoQuantities, corpus.FlagNoShortcomings, corpus.FlagWrongKind, corpus.FlagStaleReference} {
			if n := flags[c]; n > 0 {
				fmt.Fprintf(w, " %s %d", corpus.FlagLabel(c), n)
			}
		}
		fmt.Fprintln(w)
	}
	if m := median(copied); m != nil {
		fmt.Fprintf(w, "复制比中位数 %.1f%%（%d 篇已检查）\n", 100**m, len(copied))
	}
	if unchecked > 0 {
		fmt.Fprintf(w, "有 %d 篇尚未检查复制比：再次运行 lvzhi ingest\n", unchecked)
	}
	if st.Unindexed > 0 {
		fmt.Fprintf(w, "有 %d 篇尚未写入索引：再次运行 lvzhi ingest 或 lvzhi reindex\n", st.Unindexed)
	}
	if stale > 0 {
		fmt.Fprintf(w, "有 %d 篇的分析结果来自旧版本提取规则：运行 lvzhi reanalyze 更新\n", stale)
	}
	return nil
}

// median is the median of xs, nil when there is none.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	sort.Float64s(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + m) / 2
	}
	return &m
}

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reindex", "reindex [--data 目录]", "lvzhi reindex")
	data := fs.dataFlag()
	if _, err := fs.parse(args); err != nil {
		return err
	}
	if err := registerIndex(); err != nil {
		return err
	}
	a, err := openApp(e, *data, write, none)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := segmenter.Load(); err != nil {
		return err
	}
	bar := newProgressBar(e, "重建索引")
	if bar != nil {
		if n, err := a.st.Count(ctx); err == nil {
			bar.total = n
		}
	}
	n := 0
	err = index.Rebuild(ctx, indexPath(*data), func(fn func(*corpus.Report) error) error {
		return a.st.Each(ctx, fn)
	}, func(done int) {
		n = done
		if bar != nil {
			bar.update(done, 0, done)
		}
	})
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	// Everything stored is now in the index.
	var ids []string
	if err := a.st.Unindexed(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return err
	}
	if err := a.st.MarkIndexed(ctx, ids); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "索引已重建: %d 篇文档\n", n)
	return nil
}

func runReanalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reanalyze", "reanalyze [--data 目录]", "lvzhi reanalyze")
	data := fs.dataFlag()
	if _, err := fs.parse(args); err != nil {
		return err
	}
	a, err := openApp(e, *data, write, write)
	if err != nil {
		return err
	}
	defer a.Close()
	var batch []*corpus.Report
	updated, seen := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := a.st.PutAnalyses(ctx, batch)
		updated += n
		batch = batch[:0]
		return err
	}
	err = a.st.Each(ctx, func(r *corpus.Report) error {
		seen++
		if r.Version >= extract.Version {
			return nil
		}
		r.Analysis = extract.Analyze(&r.Document)
		batch = append(batch, r)
		if len(batch) >= 256 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	if err := a.syncIndex(ctx, nil); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "重新分析完成: 检查 %d 篇，更新 %d 篇\n", seen, updated)
	return nil
}
