package main

import (
	"context"
	"fmt"

	"lvzhi/extract/eval"
)

// caseLimit is how many failing cases per field eval prints without -v.
const caseLimit = 5

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "eval [--json] [-v] [--field 字段] [--check] 目录",
		"lvzhi eval extract/testdata/eval",
		"lvzhi eval --check 新一批标注语料            # 只检查标注，不显示得分",
		"lvzhi eval extract/testdata/eval --field 不足 -v",
		"lvzhi eval extract/testdata/eval --field activities --json")
	asJSON := fs.Bool("json", false, "输出 JSON：每个字段的得分和全部不符之处")
	verbose := fs.Bool("v", false, "列出全部不符之处（默认每个字段最多 5 处）")
	field := fs.String("field", "", "只看一个字段（英文名或中文名，如 shortcomings 或 不足）")
	check := fs.Bool("check", false, "只检查标注是否有效（格式、锚点、文档与标注一一对应），不评分：供新一批语料的作者在首次评分前自查")
	paths, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		return fs.usageErrorf("请指定一个评测目录（其中有 docs/ 和 expected/）")
	}
	if *field != "" {
		if _, ok := eval.LookupField(*field); !ok {
			var names []string
			for _, f := range eval.Fields {
				names = append(names, f.Key)
			}
			return fs.usageErrorf("未知字段 %q；可用: %v", *field, names)
		}
	}
	if *check {
		// Scores are withheld on purpose: an author who saw them would
		// write towards the extractors, and the first scoring of a new
		// batch would no longer measure how they generalise.
		docs, err := eval.Load(ctx, paths[0])
		if err != nil {
			return err
		}
		files := map[string]bool{}
		labelled := 0
		for _, d := range docs {
			files[d.File] = true
			if d.Expected != nil {
				labelled++
			}
		}
		fmt.Fprintf(e.stdout, "标注有效：%d 个文件，%d 篇标注文档\n", len(files), labelled)
		return nil
	}
	res, err := eval.Evaluate(ctx, paths[0])
	if err != nil {
		return err
	}
	if *field != "" {
		res, _ = res.Only(*field)
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	res.WriteTable(e.stdout)
	limit := caseLimit
	if *verbose {
		limit = 0
	}
	res.WriteCases(e.stdout, limit)
	return nil
}
