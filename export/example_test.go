package export_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lvzhi/corpus"
	"lvzhi/export"
)

func ExampleWorkbook() {
	name, region, year, total := "柳青岚", "青石镇", 2023, 9
	text := "2023年度履职报告\n本人柳青岚，全年提出意见建议9条。"
	at := strings.Index(text, "提出意见建议9条")
	r := &corpus.Report{
		Document: corpus.Document{ID: "a1b2c3d4e5f60718", Source: "2023/柳青岚.txt", Part: 1, Parts: 1, Text: text},
		Analysis: corpus.Analysis{Kind: corpus.KindDutyReport, Year: &year,
			Deputy: corpus.Deputy{Name: &name, Region: &region},
			Suggestions: corpus.Suggestions{Total: &total, Statements: []corpus.SuggestionStatement{{
				Text: "提出意见建议9条", Count: &total, Kind: "意见建议", Own: true, Start: at, End: at + len("提出意见建议9条"),
			}}}},
	}
	// The comparison of the same reports, as the application computes it.
	c := &corpus.Comparison{
		Reports:  []corpus.ReportFigures{{ReportID: r.ID, Deputy: "p1", Name: name, Region: region, Year: year, Suggestions: &total, Points: 27}},
		Deputies: []corpus.Person{{ID: "p1", Name: name, Region: region, Reports: []string{r.ID}, Years: []int{year}}},
		ByDeputy: []corpus.GroupFigures{{Key: "p1", Label: "柳青岚（青石镇）", Reports: 1, Years: []int{year}, Suggestions: 9, SuggestionsStated: 1, Points: 27, Rank: 1}},
	}

	var buf bytes.Buffer
	wb, err := export.NewWorkbook(&buf, export.Options{Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		panic(err)
	}
	if err := wb.SetComparison(c); err != nil { // before the reports
		panic(err)
	}
	if err := wb.Add(r, export.Extra{Score: 0.1, Origins: 1}); err != nil { // in reading order
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
	rows, _ := f.GetRows("建议")
	fmt.Println(rows[0][:3], rows[0][10:12])
	fmt.Println(rows[1][:3], rows[1][10:12])
	rows, _ = f.GetRows("代表对比")
	fmt.Println(rows[1][:8])
	// Output:
	// [说明 汇总 代表对比 年度趋势 积分 报告 建议 活动 不足 数量 标记]
	// [代表 地区 年份] [原文 位置]
	// [柳青岚 青石镇 2023] [本人柳青岚，全年提出意见建议9条。 第2段]
	// [1 柳青岚 青石镇   2023 1 9]
}
