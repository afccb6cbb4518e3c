package extract

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

func analyze(text string) corpus.Analysis {
	return Analyze(&corpus.Document{Source: "t.txt", Part: 1, Text: text, ID: corpus.DocumentID(text)})
}

// A short duty report written for these tests.
const villageReport = `2021年度人大代表履职情况报告
各位选民：
本人张建华，于2016年当选为云溪县第十七届人大代表，现任桐林村党支部书记。现将2021年履职情况报告如下：
一、加强学习，提升履职能力
全年参加县人大常委会组织的代表培训2次，参加理论中心组学习十二次。
二、认真履职，发挥代表作用
按时出席县十七届人大五次会议，认真审议“一府两院”工作报告。大会期间提出建议5件，闭会期间提出建议3件，内容涉及农村道路、饮水安全等方面。全年参加视察3次、专题调研两次，参加执法检查1次。2021年4月12日，参加县人大常委会组织的食品安全视察。在代表联络站接待选民来访30余人次。
三、立足岗位，带领群众致富
全村新修道路4.5公里，帮扶困难户35户，组织技能培训6场次。
四、存在的不足
一是学习不够深入；二是联系选民还不够经常。今后我将认真加以改进。
述职人：张建华
2021年12月`

func TestAnalyzeVillageReport(t *testing.T) {
	a := analyze(villageReport)
	if a.Kind != corpus.KindDutyReport {
		t.Fatalf("kind = %s", a.Kind)
	}
	d := a.Deputy
	check := func(field string, got *string, want string) {
		t.Helper()
		if got == nil || *got != want {
			t.Errorf("%s = %v, want %q", field, deref(got), want)
		}
	}
	check("name", d.Name, "张建华")
	check("term", d.Term, "第十七届")
	check("region", d.Region, "云溪县")
	check("position", d.Position, "桐林村党支部书记")
	if !reflect.DeepEqual(d.Levels, []string{"县"}) {
		t.Errorf("levels = %v", d.Levels)
	}
	if d.ElectedYear == nil || *d.ElectedYear != 2016 {
		t.Errorf("elected_year = %v", d.ElectedYear)
	}
	if a.Year == nil || *a.Year != 2021 {
		t.Errorf("year = %v", a.Year)
	}
	if a.Suggestions.Total == nil || *a.Suggestions.Total != 8 {
		t.Errorf("suggestions total = %v, want 8 (5 + 3)", a.Suggestions.Total)
	}
	type act struct {
		typ   corpus.ActivityType
		count int // -1: null
		role  bool
	}
	want := []act{
		{corpus.ActTraining, 2, true},
		{corpus.ActTraining, 12, true},
		{corpus.ActInspection, 3, true},
		{corpus.ActResearch, 2, true},
		{corpus.ActLawEnforcementCheck, 1, true},
		{corpus.ActInspection, -1, true}, // dated
		{corpus.ActVoterContact, 30, true},
		{corpus.ActPublicService, 35, false},
		{corpus.ActTraining, 6, false},
	}
	var got []act
	for _, x := range a.Activities {
		c := -1
		if x.Count != nil {
			c = *x.Count
		}
		got = append(got, act{x.Type, c, x.DeputyRole})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("activities:\n got %v\nwant %v", got, want)
	}
	for _, x := range a.Activities {
		if x.Date != nil && *x.Date != "2021-04-12" {
			t.Errorf("date = %s", *x.Date)
		}
		if villageReport[x.Start:x.End] != x.Text {
			t.Errorf("evidence %q does not match offsets", x.Text)
		}
	}
	var sc []string
	for _, s := range a.Shortcomings {
		sc = append(sc, s.Text)
	}
	if !reflect.DeepEqual(sc, []string{"学习不够深入", "联系选民还不够经常"}) {
		t.Errorf("shortcomings = %q", sc)
	}
	if a.Placeholders.Count != 0 || len(a.TemplateResidue) != 0 || len(a.Flags) != 0 {
		t.Errorf("clean report flagged: placeholders %d residue %v flags %v", a.Placeholders.Count, a.TemplateResidue, a.FlagCodes())
	}
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func TestSuggestionStatements(t *testing.T) {
	tests := []struct {
		name        string
		text        string
		total       int // -1: null
		approx      bool
		placeholder bool
	}{
		{"arabic", "本人于2019年当选为市人大代表。一年来，我提出意见建议9条。", 9, false, false},
		{"before keyword", "本人当选为县人大代表以来，共提出了6条议案、建议。", 6, false, false},
		{"titled lead", "本人当选为区人大代表。领衔提出《关于加强校园周边交通管理的建议》等3个建议案。", 3, false, false},
		{"chinese numeral", "我于2017年当选为镇人大代表，全年提交建议十四件。", 14, false, false},
		{"approx", "本人作为一名市人大代表，共提出建议12余件。", 12, true, false},
		{"placeholder", "本人作为县人大代表，提出道路、教育方面的意见建议**条。", -1, false, true},
		{"body only", "本人作为县人大代表，积极参与建议督办。全镇代表共提出建议45件，选定重点建议5件交办。", -1, false, false},
		{"collected", "本人作为镇人大代表，走访选民，收集意见建议30余条。", -1, false, false},
		{"total wins", "本人作为县人大代表，共提出建议8件，其中大会期间提出5件建议，闭会期间提出3件建议。", 8, false, false},
		{"phases summed", "本人作为县人大代表。大会期间提出建议4件。闭会期间提出建议2件。", 6, false, false},
		{"repeat once", "本人作为县人大代表，提出建议3件。回顾全年，提出建议3件，办结率100%。", 3, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyze(tt.text)
			s := a.Suggestions
			got := -1
			if s.Total != nil {
				got = *s.Total
			}
			if got != tt.total || s.Approx != tt.approx || s.Placeholder != tt.placeholder {
				t.Errorf("total %d approx %v placeholder %v; want %d %v %v; statements %+v",
					got, s.Approx, s.Placeholder, tt.total, tt.approx, tt.placeholder, s.Statements)
			}
			for _, st := range s.Statements {
				if tt.text[st.Start:st.End] != st.Text {
					t.Errorf("evidence %q does not match offsets", st.Text)
				}
			}
		})
	}
}

func TestListedSuggestions(t *testing.T) {
	text := "本人当选为县人大代表以来，提出了以下建议：\n1、关于加快桐林村道路硬化的建议\n2、关于改善乡村学校供暖条件的建议\n3.关于加强河道日常保洁\n此外还提出《关于设立农产品冷链仓储点的议案》。"
	a := analyze(text)
	var topics []string
	for _, l := range a.Suggestions.Listed {
		topics = append(topics, l.Topic)
		if text[l.Start:l.End] != l.Text {
			t.Errorf("evidence %q does not match offsets", l.Text)
		}
	}
	want := []string{"加快桐林村道路硬化", "改善乡村学校供暖条件", "关于加强河道日常保洁", "设立农产品冷链仓储点"}
	if !reflect.DeepEqual(topics, want) {
		t.Errorf("topics = %q, want %q", topics, want)
	}
}

func TestShortcomingForms(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"yi shi er shi", "本人当选为镇人大代表。但也存在一些不足：一是调研不够深入，二是提出的建议质量不高。今后将努力改进。",
			[]string{"调研不够深入", "提出的建议质量不高"}},
		{"biao xian zai", "本人当选为镇人大代表。履职中还存在差距，主要表现在：联系选民不够广泛；监督工作不够有力；学习不够系统。下一步，我将加强学习。",
			[]string{"联系选民不够广泛", "监督工作不够有力", "学习不够系统"}},
		{"next sentence", "本人当选为镇人大代表。与选民的期望相比还有差距。主要表现在：走访选民较少，反映问题不够及时。在今后的工作中，我将改进。",
			[]string{"走访选民较少", "反映问题不够及时"}},
		{"one sentence", "本人当选为镇人大代表。本人还存在联系群众不够经常的不足，今后一定改进。",
			[]string{"本人还存在联系群众不够经常的不足"}},
		{"general admission only", "本人当选为镇人大代表。虽然做了一些工作，但与选民的要求还有差距，今后我将继续努力。", nil},
		{"none", "本人当选为镇人大代表。一年来认真履职，参加视察3次。", nil},
		{"not self", "本人当选为镇人大代表。我积极帮助群众解决反映的问题，缩小城乡差距。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyze(tt.text)
			var got []string
			for _, s := range a.Shortcomings {
				got = append(got, s.Text)
				if tt.text[s.Start:s.End] != s.Text {
					t.Errorf("evidence %q does not match offsets", s.Text)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("shortcomings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"stars", "参加调研活动*场次，提出建议**条。", []string{"*", "**"}},
		{"x forms", "本人于20xx年x月x日当选为第x届XX镇人大代表。", []string{"xx", "x", "x", "x", "XX"}},
		{"others", "走访□□户，提出建议__件，联系人：某某某，单位：[]，××村。", []string{"□□", "__", "某某某", "[]", "××"}},
		{"clean latin", "学会使用Excel和box表格，做X光检查，2020年，某些问题，某种程度。", nil},
		{"footnote", "办结率达95%*。\n*注：数据来自县人大常委会。", nil},
		{"multiplication", "面积3×4米。", nil},
		{"name", "本人王某某，现任教师。", []string{"某某"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := placeholdersFound(t, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("placeholders = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	tests := []struct {
		name string
		text string
		want corpus.Kind
	}{
		{"duty", villageReport, corpus.KindDutyReport},
		{"work", "清河镇人大主席团工作报告\n各位代表：\n现在，我代表清河镇人大主席团，向大会报告工作，请予审议。\n一年来，镇人大主席团坚持围绕中心工作。", corpus.KindWorkReport},
		{"essay", "浅谈新时代人大代表履职监督机制的完善\n摘要：人大代表履职监督是……\n笔者认为，应当建立代表履职档案制度。", corpus.KindEssay},
		{"links", "猜您感兴趣：\n2022年人大代表述职报告\n人大代表个人履职总结\n乡镇人大代表述职报告范文\n社区人大代表履职报告\n村支书人大代表述职", corpus.KindOther},
		{"fragment", "欢迎访问本站。", corpus.KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analyze(tt.text).Kind; got != tt.want {
				t.Errorf("kind = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDeputyForms(t *testing.T) {
	tests := []struct {
		name, text                   string
		nameWant, termWant, position string
		levels                       []string
	}{
		{"wo jiao", "各位选民：\n我叫刘桂兰，是石门镇第12届人大代表，现任石门镇卫生院医生。一年来我积极参加视察2次。", "刘桂兰", "第十二届", "石门镇卫生院医生", []string{"镇"}},
		{"two levels", "我是清河镇清水村村委会主任李明，作为市、镇两级人大代表，我参加调研3次。", "李明", "", "清河镇清水村村委会主任", []string{"市", "镇"}},
		{"signature", "各位代表：\n本届以来，我作为十二届县人大代表，参加视察3次。\n述职人：赵晓东\n2019年12月", "赵晓东", "第十二届", "", []string{"县"}},
		{"no name", "各位选民：\n本人被选举担任市第九届人大代表以来，参加调研4次。", "", "第九届", "", []string{"市"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyze(tt.text).Deputy
			if got := deref(d.Name); (tt.nameWant == "" && got != nil) || (tt.nameWant != "" && got != tt.nameWant) {
				t.Errorf("name = %v, want %q", got, tt.nameWant)
			}
			if got := deref(d.Term); (tt.termWant == "" && got != nil) || (tt.termWant != "" && got != tt.termWant) {
				t.Errorf("term = %v, want %q", got, tt.termWant)
			}
			if got := deref(d.Position); (tt.position == "" && got != nil) || (tt.position != "" && got != tt.position) {
				t.Errorf("position = %v, want %q", got, tt.position)
			}
			if !reflect.DeepEqual(d.Levels, tt.levels) {
				t.Errorf("levels = %v, want %v", d.Levels, tt.levels)
			}
		})
	}
}

func TestResidue(t *testing.T) {
	text := "2021年人大代表述职报告范文(精选8篇)\n以下是小编整理的人大代表述职报告，欢迎阅读与收藏。\n## 人大代表述职报告 篇一\n各位选民：……\n猜您感兴趣：\n"
	var got []string
	for _, s := range analyze(text).TemplateResidue {
		got = append(got, s.Text)
	}
	for _, want := range []string{"范文", "以下是小编整理的", "欢迎阅读", "篇一", "猜您感兴趣"} {
		if !containsSub(got, want) {
			t.Errorf("residue %q not found in %q", want, got)
		}
	}
	if r := analyze(villageReport).TemplateResidue; len(r) != 0 {
		t.Errorf("clean report has residue %v", r)
	}
}

func containsSub(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

func BenchmarkAnalyze(b *testing.B) {
	doc := corpus.Document{Text: strings.Repeat(villageReport+"\n", 4)}
	b.SetBytes(int64(len(doc.Text)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze(&doc)
	}
}

// TestPathological feeds texts built to make a careless extractor
// quadratic: one endless sentence of counts, of suggestion words, of
// placeholders, of list items. Each takes well under a second; the
// generous limit only catches a return to quadratic time.
func TestPathological(t *testing.T) {
	cases := map[string]string{
		"counts":       strings.Repeat("参加视察3次、调研2次", 8000),
		"suggestions":  "本人当选为县人大代表。" + strings.Repeat("提出建议1件", 10000),
		"placeholders": strings.Repeat("**x某某__□", 10000),
		"list":         "提出了以下建议：\n" + strings.Repeat("1、关于修路的建议\n", 10000),
		"shortcomings": strings.Repeat("还存在不足，一是学习不够；", 5000),
		"clauses":      strings.Repeat("，", 50000) + "参加视察3次",
		"dates":        strings.Repeat("2021年4月12日，参加视察；", 5000),
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				analyze(text)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Minute): // a hang detector, not a speed target (BenchmarkAnalyze* measure speed)
				t.Fatalf("Analyze of %d bytes did not finish in 2 minutes: a loop that does not end?", len(text))
			}
		})
	}
}

// Sentences a reviewer wrote to catch wrong numbers (precision first).
func TestReviewSentences(t *testing.T) {
	const intro = "各位选民：\n本人于2021年当选为县人大代表，现将履职情况报告如下。\n"
	t.Run("suggestion totals", func(t *testing.T) {
		tests := []struct {
			text  string
			total int // -1: null
		}{
			{"本人共提出议案2件、建议8件。", 10},
			{"一年来，我提出建议3件。在闭会期间，我又提出建议3件。", 6},
			{"提出建议十二件，其中关于交通安全的建议两件。", 12},
			{"本人今年共提出建议5件，上一届任期内共提出建议20件。", 5},
			{"我作为代表共提出建议5件。", 5},
			{"结合全县产业发展实际，我提出了建议4件。", 4},
		}
		for _, tt := range tests {
			a := analyze(intro + tt.text)
			got := -1
			if a.Suggestions.Total != nil {
				got = *a.Suggestions.Total
			}
			if got != tt.total {
				t.Errorf("%s: total %d, want %d (%+v)", tt.text, got, tt.total, a.Suggestions.Statements)
			}
		}
	})
	t.Run("no residue", func(t *testing.T) {
		for _, s := range []string{"在《人民代表报》发表文章2篇，撰写调研报告3篇。", "以下是我收集整理的主要意见：群众希望修建村道。"} {
			if r := analyze(intro + s).TemplateResidue; len(r) != 0 {
				t.Errorf("%s: residue %v", s, r)
			}
		}
	})
	t.Run("activities", func(t *testing.T) {
		tests := []struct {
			text string
			want []string // type:count
		}{
			{"我参加了两次专题调研和一次视察。", []string{"research:2", "inspection:1"}},
			{"出席县第十七届人民代表大会五次会议和六次会议。", nil},
			{"我一次次走访群众。", nil},
			{"参加县人大常委会组织的执法检查和视察活动各2次。", []string{"law_enforcement_check:2", "inspection:2"}},
		}
		for _, tt := range tests {
			var got []string
			for _, x := range analyze(intro + tt.text).Activities {
				c := "null"
				if x.Count != nil {
					c = fmt.Sprint(*x.Count)
				}
				got = append(got, string(x.Type)+":"+c)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.text, got, tt.want)
			}
		}
	})
	t.Run("seat", func(t *testing.T) {
		a := analyze("各位选民：\n我是2016年当选的宁海县第16届人大代表，也是市人大代表。参加视察2次。")
		if !reflect.DeepEqual(a.Deputy.Levels, []string{"县"}) && !reflect.DeepEqual(a.Deputy.Levels, []string{"市", "县"}) || deref(a.Deputy.Region) != "宁海县" {
			t.Errorf("levels %v region %v", a.Deputy.Levels, deref(a.Deputy.Region))
		}
		a = analyze("各位选民：\n本人是县第十七届、市第六届人大代表。参加视察2次。")
		if !reflect.DeepEqual(a.Deputy.Levels, []string{"市", "县"}) {
			t.Errorf("two terms: levels %v", a.Deputy.Levels)
		}
	})
	t.Run("year not from an election date", func(t *testing.T) {
		a := analyze("各位选民：\n本人作为县人大代表，一年来提出建议4件。\n自2021年11月当选以来，我始终不忘初心。")
		if a.Year != nil {
			t.Errorf("year %d taken from 当选 date", *a.Year)
		}
	})
	t.Run("short report is a duty report", func(t *testing.T) {
		a := analyze("履职报告\n尊敬的各位选民：\n本人李华，2021年当选为镇人大代表。一年来参加代表活动15次，提出建议4件，走访选民30户，为群众解决了道路、饮水等方面的实际问题。\n述职人：李华\n2023年12月20日")
		if a.Kind != corpus.KindDutyReport {
			t.Errorf("kind %s", a.Kind)
		}
	})
	t.Run("percent evidence", func(t *testing.T) {
		for _, q := range analyze(intro + "建议办结率100%。").Quantities {
			if !strings.HasSuffix(q.Text, "%") {
				t.Errorf("evidence %q lacks the %%", q.Text)
			}
		}
	})
	t.Run("masked phone", func(t *testing.T) {
		if n := analyze(intro + "联系电话：138****5678。").Placeholders.Count; n != 0 {
			t.Errorf("masked phone number counted as %d placeholders", n)
		}
	})
	t.Run("invalid utf-8", func(t *testing.T) {
		analyze("本人" + strings.Repeat("\x80", 500)) // must not panic
	})
}

// TestPathologicalLines adds the cases a reviewer measured as quadratic.
func TestPathologicalLines(t *testing.T) {
	cases := map[string]string{
		"residue on one line": strings.Repeat("范文精选", 30000),
		"listed items":        "提出了以下建议：\n" + strings.Repeat("1、《关于修路的建议》\n", 20000),
		"sections":            strings.Repeat("\n一、参加视察3次。", 20000),
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				analyze(text)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Minute): // a hang detector, not a speed target (BenchmarkAnalyze* measure speed)
				t.Fatalf("Analyze of %d bytes did not finish in 2 minutes: a loop that does not end?", len(text))
			}
		})
	}
}
