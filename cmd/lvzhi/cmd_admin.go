package main

import (
	"context"
	"fmt"
	"sort"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/index"
)

func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "stats", "stats [--json]", "lvzhi stats")
	fs.dataFlag()
	asJSON := fs.Bool("json", false, "输出 JSON")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	a, release, err := openReader(ctx, e, fs.dataDir())
	if err != nil {
		return err
	}
	defer release()
	st, err := a.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	years, flags := st.ByYear, st.Flags
	w := e.stdout
	fmt.Fprintf(w, "文档 %d 篇，来自 %d 个文件，数据文件 %.1f MB\n", st.Documents, st.Files, float64(st.SizeBytes)/1e6)
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
	if m := st.CopyRatioMedian; m != nil {
		fmt.Fprintf(w, "复制比中位数 %.1f%%（%d 篇已检查）\n", 100**m, st.CopiesChecked)
	}
	if st.UncheckedCopies > 0 {
		fmt.Fprintf(w, "有 %d 篇尚未检查复制比：再次运行 lvzhi ingest\n", st.UncheckedCopies)
	}
	if st.Unindexed > 0 {
		fmt.Fprintf(w, "有 %d 篇尚未写入索引：再次运行 lvzhi ingest 或 lvzhi reindex\n", st.Unindexed)
	}
	if st.StaleAnalyses > 0 {
		fmt.Fprintf(w, "有 %d 篇的分析结果来自旧版本提取规则：运行 lvzhi reanalyze 更新\n", st.StaleAnalyses)
	}
	return nil
}

func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reindex", "reindex [--shard-by year|none] [--data 目录]",
		"lvzhi reindex",
		"lvzhi reindex --shard-by year   # 按年份分片：每年一个索引，限定年份的查询只查那一年",
		"lvzhi reindex --shard-by none   # 合回一个索引")
	fs.dataFlag()
	shardBy := fs.String("shard-by", "", "分片方式: year 按年份（每年一个索引，合起来检索）, none 不分片；不指定则沿用现有索引的方式")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	by, err := fs.enum("shard-by", *shardBy, shardChoices)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{Access: app.Write})
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgressBar(e)
	n, err := a.Reindex(ctx, bar.progress(), app.ReindexOptions{ShardBy: index.Sharding(by)})
	bar.finish()
	if err != nil {
		return err
	}
	if shards := a.IndexShards(); shards != nil {
		fmt.Fprintf(e.stderr, "索引已重建: %d 篇文档，按年份分为 %d 个分片\n", n, len(shards))
	} else {
		fmt.Fprintf(e.stderr, "索引已重建: %d 篇文档\n", n)
	}
	return nil
}

func runReanalyze(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reanalyze", "reanalyze [--data 目录]", "lvzhi reanalyze")
	fs.dataFlag()
	if _, err := fs.parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{Access: app.Write})
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgressBar(e)
	res, err := a.Reanalyze(ctx, bar.progress())
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "重新分析完成: 检查 %d 篇，更新 %d 篇\n", res.Seen, res.Updated)
	return nil
}
