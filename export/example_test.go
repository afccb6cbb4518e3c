package export_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
	"lvzhi/export"
)

func ExampleNewWorkbook() {
	name, year, total := "柳青岚", 2023, 9
	r := &corpus.Report{
		Document: corpus.Document{ID: "a1b2c3d4e5f60718", Source: "2023/柳青岚.txt", Part: 1, Parts: 1,
			Text: "本人柳青岚……提出意见建议9条。"},
		Analysis: corpus.Analysis{Kind: corpus.KindDutyReport, Year: &year,
			Deputy:      corpus.Deputy{Name: &name},
			Suggestions: corpus.Suggestions{Total: &total}},
	}

	var buf bytes.Buffer
	wb, err := export.NewWorkbook(&buf, export.Options{Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		panic(err)
	}
	ratio := 0.25
	if err := wb.Add(r, export.Extra{CopyRatio: &ratio, Score: 0.5, Origins: 1}); err != nil {
		panic(err)
	}
	if err := wb.Close(); err != nil {
		panic(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	rows, _ := f.GetRows("代表对比")
	fmt.Println(rows[1][:6])
	// Output:
	// [报告 建议 活动 不足 数量 标记 代表对比 说明]
	// [柳青岚 2023   1 9]
}
