package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	received := time.Date(2024, 1, 5, 9, 0, 0, 0, time.Local)
	write := func(name, text string) {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// Each file received a day after the one before: the date of
		// receipt orders reports of the same year.
		received = received.Add(24 * time.Hour)
		if err := os.Chtimes(p, received, received); err != nil {
			t.Fatal(err)
		}
	}
	// 甲 is original; 乙, received a day later, copies 甲's sentences 2
	// and 3 word for word.
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
	got := ratios()
	if got["乙.txt"] == nil || math.Abs(*got["乙.txt"]-wantB) > 0.02 {
		t.Errorf("乙.txt: copy ratio %v, want %.3f ± 0.02", got["乙.txt"], wantB)
	}
	// The original is not accused: out of the queue, or at ratio 0.
	original := func() {
		t.Helper()
		if r := got["甲.txt"]; r != nil && *r != 0 {
			t.Errorf("the original 甲 is accused: copy ratio %.3f", *r)
		}
	}
	original()

	// A second batch: 丙 (2024) copies 甲's first sentence and 乙's first;
	// 甲 and 乙 are checked again (丙 is now among their copiers) though
	// they were not ingested again, and neither is accused.
	c := "2024年度人大代表述职报告\n" + joinSentences(8, 9, 0, 5, 10)
	write("丙.txt", c)
	r := mustRun(t, "ingest", "--data", data, files)
	if !strings.Contains(r.stderr, "复制比检查: 新检查 1 篇，因新文档而重新检查 2 篇") {
		t.Errorf("second ingest should check 丙 and recheck 甲 and 乙:\n%s", r.stderr)
	}
	got = ratios()
	original()
	if got["乙.txt"] == nil || math.Abs(*got["乙.txt"]-wantB) > 0.02 {
		t.Errorf("after 丙 arrived: 乙 %v (want %.3f)", got["乙.txt"], wantB)
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
	// 乙's sentence 2 is 甲's; its sentence 5 was taken by 丙 (乙 held it
	// first).
	for _, want := range []string{"«" + strings.TrimSuffix(copySentences[2], "。"), "【" + strings.TrimSuffix(copySentences[5], "。"), "甲.txt", "丙.txt", "复制比", "本文档是最早出处"} {
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
	if boiler != 2 {
		t.Errorf("标记: %d boilerplate rows, want 2 (乙 and 丙, not the original 甲)", boiler)
	}

	// The flag is searchable.
	if s := mustRun(t, "search", "--data", data, "--flag", "boilerplate", "--json").stdout; !strings.Contains(s, `"total": 2`) {
		t.Errorf("search --flag boilerplate: %s", s[:min(200, len(s))])
	}
}

// TestRemoveCommand: remove --dry-run changes nothing, remove by file takes
// the source out and re-checks the report that cited it, and a path never
// ingested is an error naming it.
func TestRemoveCommand(t *testing.T) {
	files := t.TempDir()
	data := filepath.Join(t.TempDir(), "data")
	a := "2023年度人大代表述职报告\n" + joinSentences(0, 1, 2, 3, 4)
	b := "2024年度履职情况报告\n" + joinSentences(5, 6, 2, 3)
	src := filepath.Join(files, "甲.txt")
	os.WriteFile(src, []byte(a), 0o644)
	os.WriteFile(filepath.Join(files, "乙.txt"), []byte(b), 0o644)
	mustRun(t, "ingest", "--data", data, files)
	count := func() int {
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(mustRun(t, "search", "--data", data, "--status", "all", "--json").stdout), &res); err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := count()
	r := mustRun(t, "remove", "--data", data, "--dry-run", src)
	if !strings.Contains(r.stdout, "甲.txt") || !strings.Contains(r.stderr, "将删除 1 篇文档（未做任何改动") {
		t.Errorf("dry run:\n%s\n%s", r.stdout, r.stderr)
	}
	if n := count(); n != before || n != 2 {
		t.Errorf("after the dry run %d documents, before %d, want 2", n, before)
	}
	r = mustRun(t, "remove", "--data", data, src)
	if !strings.Contains(r.stderr, "已删除 1 篇文档；与之有相同段落的 1 篇已重新检查复制比") {
		t.Errorf("remove:\n%s", r.stderr)
	}
	if s := mustRun(t, "search", "--data", data, "--status", "all", "--json").stdout; !strings.Contains(s, `"total": 1`) || strings.Contains(s, "甲.txt") {
		t.Errorf("after removal: %s", s[:min(300, len(s))])
	}
	if s := mustRun(t, "search", "--data", data, "--flag", "boilerplate", "--json").stdout; !strings.Contains(s, `"total": 0`) {
		t.Errorf("乙 still flagged after its source was removed: %s", s[:min(300, len(s))])
	}
	r = runLvzhi(t, "remove", "--data", data, filepath.Join(files, "丁.txt"))
	if r.code == 0 || !strings.Contains(r.stderr, "丁.txt") {
		t.Errorf("removing a file never ingested: exit %d\n%s", r.code, r.stderr)
	}
}
