package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"lvzhi/app"
	"lvzhi/export"
	"lvzhi/index"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "export (-o 文件.xlsx | --csv 目录 | --json 文件.json) [--kind 类型]",
		"lvzhi export -o 履职统计.xlsx",
		"lvzhi export --csv 导出/ --kind duty_report",
		"lvzhi export --json 全部.json")
	data := fs.dataFlag()
	out := fs.String("o", "", "写出 Excel 工作簿（.xlsx）")
	csvDir := fs.String("csv", "", "写出 CSV 文件到此目录（每张表一个文件，UTF-8 带 BOM）")
	jsonOut := fs.String("json", "", "写出 JSON（与 extract --json 的格式相同）")
	kind := fs.String("kind", "", "只导出某一类文档，如 duty_report")
	if _, err := fs.parse(args); err != nil {
		return err
	}
	n := 0
	for _, s := range []string{*out, *csvDir, *jsonOut} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return fs.usageErrorf("请在 -o、--csv、--json 中指定一种输出")
	}
	if *kind != "" && !validKind(*kind) {
		return fs.usageErrorf("--kind %s: 未知类型", *kind)
	}

	a, err := app.Open(ctx, *data, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()

	var enc app.Encoder
	var target string
	var file *os.File
	switch {
	case *out != "":
		// Write beside the target and rename, so a failed export never
		// leaves half a workbook under the name the analyst expects.
		target = *out
		if file, err = os.CreateTemp(filepath.Dir(target), ".lvzhi-export-*.xlsx"); err != nil {
			return fmt.Errorf("无法创建文件 %s: %w", target, err)
		}
		defer os.Remove(file.Name())
		if enc, err = export.NewWorkbook(file, export.Options{}); err != nil {
			file.Close()
			return err
		}
	case *csvDir != "":
		target = *csvDir
		if enc, err = export.NewCSV(*csvDir); err != nil {
			return err
		}
	default:
		target = *jsonOut
		if file, err = os.CreateTemp(filepath.Dir(target), ".lvzhi-export-*.json"); err != nil {
			return fmt.Errorf("无法创建文件 %s: %w", target, err)
		}
		defer os.Remove(file.Name())
		enc = export.NewJSON(file)
	}

	count, err := a.Export(ctx, enc, index.Query{Kind: *kind})
	if err != nil {
		enc.Close()
		if file != nil {
			file.Close()
		}
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
		if err := os.Rename(file.Name(), target); err != nil {
			return fmt.Errorf("无法写入 %s: %w", target, err)
		}
	}
	fmt.Fprintf(e.stderr, "已导出 %d 篇文档到 %s\n", count, target)
	return nil
}
