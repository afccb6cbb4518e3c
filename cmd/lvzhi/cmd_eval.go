package main

import (
	"context"

	"lvzhi/extract/eval"
)

// caseLimit is how many failing cases per field eval prints without -v.
const caseLimit = 5

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "eval [--json] [-v] [--field 字段] 目录",
		"lvzhi eval extract/testdata/eval",
		"lvzhi eval extract/testdata/eval --field 不足 -v",
		"lvzhi eval extract/testdata/eval --field activities --json")
	asJSON := fs.Bool("json", false, "输出 JSON：每个字段的得分和全部不符之处")
	verbose := fs.Bool("v", false, "列出全部不符之处（默认每个字段最多 5 处）")
	field := fs.String("field", "", "只看一个字段（英文名或中文名，如 shortcomings 或 不足）")
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
