package main

import (
	"context"
	"fmt"

	"lvzhi/app"
)

func runRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "remove", "remove [--dry-run] 编号|文件|文件夹...",
		"lvzhi remove 3f2a9c41                       （按编号删除一篇文档及其旧版本）",
		"lvzhi remove --dry-run 报告/2023/第二批.zip   （先看会删除哪些文档）",
		"lvzhi remove 网上下载/                        （删除从该文件夹导入的全部文档）")
	fs.dataFlag()
	dryRun := fs.Bool("dry-run", false, "只列出会删除的文档，不删除")
	targets, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(targets) == 0 {
		return fs.usageErrorf("请指定要删除的文档编号、文件或文件夹")
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{Access: app.Write})
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgressBar(e)
	res, err := a.Remove(ctx, targets, *dryRun, bar.progress())
	bar.finish()
	if err != nil {
		return err
	}
	verb := "已删除"
	if *dryRun {
		verb = "将删除"
	}
	for _, t := range res.Targets {
		fmt.Fprintf(e.stdout, "%s: %d 篇", safe(t.Arg), len(t.IDs))
		if len(t.Kept) > 0 {
			fmt.Fprintf(e.stdout, "（另有 %d 篇也从别处导入，只去掉这里的来源）", len(t.Kept))
		}
		fmt.Fprintln(e.stdout)
	}
	for _, r := range res.Removed {
		fmt.Fprintf(e.stdout, "  %s  %s\n", r.ID, safe(r.Label()))
	}
	if *dryRun {
		fmt.Fprintf(e.stderr, "%s %d 篇文档（未做任何改动；去掉 --dry-run 执行）\n", verb, len(res.Removed))
		return nil
	}
	fmt.Fprintf(e.stderr, "%s %d 篇文档；与之有相同段落的 %d 篇已重新检查复制比\n", verb, len(res.Removed), res.Rechecked)
	return nil
}
