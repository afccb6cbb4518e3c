package main

import (
	"context"
	"fmt"

	"lvzhi/app"
)

func runReference(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "reference", "reference [--unset] 路径...",
		"lvzhi reference 网上下载/",
		"lvzhi reference --unset 网上下载/某篇.html")
	fs.dataFlag()
	unset := fs.Bool("unset", false, "取消参考材料标记，重新作为报告统计")
	paths, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fs.usageErrorf("请指定文件或文件夹（导入时的路径）")
	}
	a, err := app.Open(ctx, fs.dataDir(), app.Options{Access: app.Write})
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := a.SetReference(ctx, paths, !*unset)
	if err != nil {
		return err
	}
	what := "标为参考材料"
	if *unset {
		what = "改回报告"
	}
	if n == 0 {
		fmt.Fprintf(e.stderr, "没有文档需要%s（路径须与导入时相同）\n", what)
		return nil
	}
	fmt.Fprintf(e.stderr, "已将 %d 篇文档%s\n", n, what)
	return nil
}
