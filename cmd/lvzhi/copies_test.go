package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Sentences written for this test, no two sharing 13 characters, so that
// the only shared passages are the ones the test copies.
var copySentences = []string{
	"今年春天，我带着村里三名老党员沿着北干渠走了一遍，把渗漏的地方逐段记在本子上。", // 0
	"渠道年久失修的问题反映上去以后，水利站派人来测量，秋收前完成了衬砌。",      // 1
	"东头的小卖部门前一到下雨就积水，老人们出门买菜很不方便，这件事我记了很久。",   // 2
	"经过和镇里反复沟通，排水沟终于在六月动工，赶在汛期之前完工通水。",        // 3
	"学校门口接送孩子的车辆乱停乱放，我建议交警中队在放学时段增派人手疏导。",     // 4
	"养殖户老吴的鸡蛋卖不出去，我帮他联系了县城两家超市，现在每周固定送货。",     // 5
	"冬季取暖用煤的安全隐患不少，我挨家挨户提醒大家开窗通风、安装报警器。",      // 6
	"村卫生室的医生只有一位，周末看病要跑到镇上，我把这个情况写进了调研报告。",    // 7
	"果园里的苹果今年丰收，可是冷库容量太小，一部分果子只好低价处理掉。",       // 8
	"我向县里提出修建一座小型冷链仓储点的想法，得到了农业农村局的重视。",       // 9
	"河堤上的护栏被货车撞坏了一段，晚上路过很危险，我拍了照片报给交通部门。",     // 10
	"社区里独居的高龄老人有十几位，我和网格员商量每周上门看一看。",          // 11
	"快递点设在村委会旁边以后，年轻人网购方便了，老年人取件也不用再进城。",      // 12
	"针对农机手反映的补贴申请材料繁琐，我梳理了办理流程印成明白纸发下去。",      // 13
	"夏天游泳溺水的事故时有发生，我组织志愿者在水库边立了警示牌。",          // 14
	"村里的文化广场晚上没有路灯，跳广场舞的群众摸黑回家，我协调安装了十盏灯。",    // 15
}

func joinSentences(idx ...int) string {
	var b strings.Builder
	for _, i := range idx {
		b.WriteString(copySentences[i])
		b.WriteString("\n")
	}
	return b.String()
}

// kept counts letters and digits, the characters the copy ratio counts.
func kept(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			n++
		}
	}
	return n
}

type flagsJSON struct {
	Documents []struct {
		ID        string   `json:"id"`
		Source    string   `json:"source"`
		CopyRatio *float64 `json:"copy_ratio"`
		Flags     []struct {
			Code    string `json:"code"`
			Sources []struct {
				ID     string `json:"id"`
				Source string `json:"source"`
			} `json:"sources"`
		} `json:"flags"`
	} `json:"documents"`
}

// TestCopyCheckEndToEnd ingests reports that copy each other's sentences,
// in two batches, and checks the copy ratios, the sources, the review queue
// and show --copies: the second batch must raise the ratio of a report of
// the first (the check is incremental, not blind to earlier documents).
func TestCopyCheckEndToEnd(t *testing.T) {
	files := t.TempDir()
	data := filepath.Join(t.TempDir(), "data")
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(files, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// 甲 is original; 乙 copies 甲's sentences 2 and 3 word for word.
	a := "2023年度人大代表述职报告\n" + joinSentences(0, 1, 2, 3, 4)
	b := "2023年度履职情况报告\n" + joinSentences(5, 6, 2, 3)
	write("甲.txt", a)
	write("乙.txt", b)
	mustRun(t, "ingest", "--data", data, files)

	ratios := func() map[string]*float64 {
		var out flagsJSON
		r := mustRun(t, "flags", "--data", data, "--json")
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatal(err)
		}
		m := map[string]*float64{}
		for _, d := range out.Documents {
			m[filepath.Base(d.Source)] = d.CopyRatio
			for _, f := range d.Flags {
				if f.Code == "boilerplate" && (len(f.Sources) == 0 || f.Sources[0].Source == "") {
					t.Errorf("%s: boilerplate flag without a named source: %+v", d.Source, f)
				}
			}
		}
		return m
	}
	shared := kept(copySentences[2] + copySentences[3])
	wantB := float64(shared) / float64(kept(b))
	wantA := float64(shared) / float64(kept(a))
	got := ratios()
	for name, want := range map[string]float64{"乙.txt": wantB, "甲.txt": wantA} {
		if got[name] == nil || math.Abs(*got[name]-want) > 0.02 {
			t.Errorf("%s: copy ratio %v, want %.3f ± 0.02", name, got[name], want)
		}
	}

	// A second batch: 丙 copies 甲's first sentence and 乙's first; 甲's
	// ratio must grow though 甲 was not ingested again.
	c := "2024年度人大代表述职报告\n" + joinSentences(8, 9, 0, 5, 10)
	write("丙.txt", c)
	r := mustRun(t, "ingest", "--data", data, files)
	if !strings.Contains(r.stderr, "复制比检查: 新检查 1 篇，因新文档而重新检查 2 篇") {
		t.Errorf("second ingest should check 丙 and recheck 甲 and 乙:\n%s", r.stderr)
	}
	got = ratios()
	wantA2 := float64(kept(copySentences[0]+copySentences[2]+copySentences[3])) / float64(kept(a))
	if got["甲.txt"] == nil || math.Abs(*got["甲.txt"]-wantA2) > 0.02 {
		t.Errorf("甲 after 丙 arrived: copy ratio %v, want %.3f", got["甲.txt"], wantA2)
	}
	wantC := float64(kept(copySentences[0]+copySentences[5])) / float64(kept(c))
	if got["丙.txt"] == nil || math.Abs(*got["丙.txt"]-wantC) > 0.02 {
		t.Errorf("丙: copy ratio %v, want %.3f", got["丙.txt"], wantC)
	}

	// show --copies marks the copied sentences and names the sources.
	var id string
	var out flagsJSON
	json.Unmarshal([]byte(mustRun(t, "flags", "--data", data, "--json").stdout), &out)
	for _, d := range out.Documents {
		if filepath.Base(d.Source) == "乙.txt" {
			id = d.ID
		}
	}
	if id == "" {
		t.Fatal("乙 is not in the review queue")
	}
	show := mustRun(t, "show", "--data", data, "--copies", id).stdout
	for _, want := range []string{"«" + strings.TrimSuffix(copySentences[2], "。"), "甲.txt", "丙.txt", "复制比"} {
		if !strings.Contains(show, want) {
			t.Errorf("show --copies lacks %q:\n%s", want, show)
		}
	}
	if strings.Contains(show, "«"+copySentences[6][:9]) {
		t.Errorf("show --copies marks 乙's own sentence:\n%s", show)
	}
	// The workbook: a copy ratio per report, the boilerplate flag with its
	// sources on the flags sheet.
	path := filepath.Join(t.TempDir(), "复制比.xlsx")
	mustRun(t, "export", "--data", data, "-o", path)
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("报告")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	cells := 0
	for _, row := range rows[1:] {
		if len(row) > col["复制比"] && row[col["复制比"]] != "" {
			cells++
		}
	}
	if cells != 3 {
		t.Errorf("报告: %d copy-ratio cells filled, want 3", cells)
	}
	flagRows, err := f.GetRows("标记")
	if err != nil {
		t.Fatal(err)
	}
	boiler := 0
	for _, row := range flagRows[1:] {
		if strings.Join(row, "|") != "" && strings.Contains(strings.Join(row, "|"), "boilerplate") {
			boiler++
			if !strings.Contains(strings.Join(row, "|"), ".txt") {
				t.Errorf("boilerplate row names no source file: %v", row)
			}
		}
	}
	if boiler != 3 {
		t.Errorf("标记: %d boilerplate rows, want 3", boiler)
	}

	// The flag is searchable.
	if s := mustRun(t, "search", "--data", data, "--flag", "boilerplate", "--json").stdout; !strings.Contains(s, `"total": 3`) {
		t.Errorf("search --flag boilerplate: %s", s[:min(200, len(s))])
	}
}
