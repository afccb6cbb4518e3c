package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"lvzhi/app"
	"lvzhi/export"
)

// exportMemoryLimit is the soft heap limit of an export (see main's
// defaultMemoryLimit).
const exportMemoryLimit = 450 << 20

// outputMode is the permission of files export writes: readable by others,
// as an analyst's other files are.
const outputMode = 0o644

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export", "export (-o 文件.xlsx | --csv 目录 | --json 文件.json) [筛选参数] [检索词...]",
		"lvzhi export -o 履职统计.xlsx",
		"lvzhi export -o 2023年清河镇.xlsx --year 2023 --region 清河镇",
		"lvzhi export -o 道路.xlsx 道路 -幼儿园          （与 lvzhi search 相同的检索）",
		"lvzhi export --csv 导出/ --kind 履职报告",
		"lvzhi export --json 全部.json",
		"lvzhi export --bulk 全部.ndjson           （Elasticsearch/OpenSearch 批量导入格式，另写 全部.mapping.json）")
	fs.dashTerms = true
	fs.dataFlag()
	out := fs.String("o", "", "写出 Excel 工作簿（.xlsx）")
	csvDir := fs.String("csv", "", "写出 CSV 文件到此目录（每张表一个文件，UTF-8 带 BOM）")
	jsonOut := fs.String("json", "", "写出 JSON（与 extract --json 的格式相同）")
	bulkOut := fs.String("bulk", "", "写出 Elasticsearch/OpenSearch 批量导入文件（NDJSON），并在旁边写出索引映射 .mapping.json；默认包含全部状态的文档")
	bulkIndex := fs.String("bulk-index", "lvzhi", "批量导入的目标索引名")
	analyzer := fs.String("analyzer", "ik", "索引映射的中文分词器: ik（ik_max_word 建索引、ik_smart 检索）或 smartcn")
	points := fs.String("points", "", "工作簿中积分所用的积分表文件（默认用内置积分表，见 lvzhi points）")
	overrides := fs.String("deputies", "", "代表对应表文件（默认为数据目录中的 "+app.OverridesFile+"）")
	qf := addQueryFlags(fs)
	terms, err := fs.parse(args)
	if err != nil {
		return err
	}
	n := 0
	for _, s := range []string{*out, *csvDir, *jsonOut, *bulkOut} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return fs.usageErrorf("请在 -o、--csv、--json、--bulk 中指定一种输出")
	}
	an, err := fs.enum("analyzer", *analyzer, []choice{{export.AnalyzerIK, "IK"}, {export.AnalyzerSmartCN, "smartcn"}})
	if err != nil {
		return err
	}
	if *out != "" {
		switch ext := strings.ToLower(filepath.Ext(*out)); ext {
		case ".xlsx":
		case ".csv":
			return fs.usageErrorf("-o 只写 Excel 工作簿（.xlsx）；CSV 请用 --csv 目录")
		case ".json":
			return fs.usageErrorf("-o 只写 Excel 工作簿（.xlsx）；JSON 请用 --json 文件")
		default:
			return fs.usageErrorf("-o 只写 Excel 工作簿，文件名应以 .xlsx 结尾（不是 %q）", ext)
		}
	}
	q, err := qf.query(fs, terms)
	if err != nil {
		return err
	}
	if *bulkOut != "" && q.Status == "" {
		q.Status = "all" // a cluster holds history and reference material too, marked by status
	}

	a, err := app.Open(ctx, fs.dataDir(), app.Options{})
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
	case *bulkOut != "":
		target = *bulkOut
		mapping, err := export.Mapping(an)
		if err != nil {
			return err
		}
		mpath := strings.TrimSuffix(target, filepath.Ext(target)) + ".mapping.json"
		if err := writeFileAtomic(mpath, mapping); err != nil {
			return err
		}
		if file, err = os.CreateTemp(filepath.Dir(target), ".lvzhi-export-*.ndjson"); err != nil {
			return fmt.Errorf("无法创建文件 %s: %w", target, err)
		}
		defer os.Remove(file.Name())
		enc = export.NewBulk(file, *bulkIndex)
		defer fmt.Fprintf(e.stderr, "索引映射: %s（导入方法见 README）\n", mpath)
	default:
		target = *jsonOut
		if file, err = os.CreateTemp(filepath.Dir(target), ".lvzhi-export-*.json"); err != nil {
			return fmt.Errorf("无法创建文件 %s: %w", target, err)
		}
		defer os.Remove(file.Name())
		enc = export.NewJSON(file)
	}

	// The workbook's live memory is its sheet streams and the comparison:
	// a lower soft limit keeps 100,000 reports under 500 MB of RSS
	// (measured: 460 MB at 450 MiB, 662 MB at the default 640 MiB).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(exportMemoryLimit)
	}
	count, err := a.ExportWith(ctx, enc, q, app.CompareOptions{Points: *points, Deputies: *overrides})
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
		if err := file.Chmod(outputMode); err != nil {
			return fmt.Errorf("无法写入 %s: %w", target, err)
		}
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

// writeFileAtomic writes a whole file beside its target and renames it,
// readable by others.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".lvzhi-*.tmp")
	if err != nil {
		return fmt.Errorf("无法创建文件 %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("无法写入 %s: %w", path, err)
	}
	if err := tmp.Chmod(outputMode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
