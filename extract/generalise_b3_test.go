package extract

import (
	"testing"

	"lvzhi/corpus"
)

// Fixes made after batch 3 of the evaluation corpus (301-322, written by
// other authors about deputies of higher levels and other trades) was first
// scored, each checked here on sentences written for this test.
func TestGeneralisationBatch3(t *testing.T) {
	t.Run("documents: a question-and-answer session, a short summary", func(t *testing.T) {
		for _, text := range []string{
			"述职面对面：代表答选民问（2023年度）\n问：请介绍一下自己。\n答：我叫秦雨，在社区干了十年。\n2021年底当选为南湖区第十七届人大代表。",
			"2019年履职简报\n作为省第十三届人大代表、市中医院院长，我这一年的履职情况简要如下：\n一、出席省人代会，提出建议2件。",
		} {
			if k := analyze(text).Kind; k != corpus.KindDutyReport {
				t.Errorf("%.24q…: kind %s, want duty_report", text, k)
			}
		}
	})
	t.Run("jobs: a run of posts, leads after an ethnicity, 现在是, 作为, brackets", func(t *testing.T) {
		for text, want := range map[string]string{
			"2020年度述职报告\n本人周林，南湖大学法学院教授、法律援助中心主任。2018年当选为省人大代表。":   "南湖大学法学院教授、法律援助中心主任",
			"2020年度述职报告\n我叫阿迪力·买买提，维吾尔族，市第一人民医院院长、主任医师，市人大代表。":     "市第一人民医院院长、主任医师",
			"2020年度述职报告\n本人为星河科技有限公司创始人兼首席执行官，区人大代表。我参加视察2次。":      "星河科技有限公司创始人兼首席执行官",
			"2020年度述职报告\n我叫刘芳，在社区干了十年，现在是和平社区党委书记、居委会主任。我参加视察2次。":  "和平社区党委书记、居委会主任",
			"2020年度述职报告\n作为市、区两级人大代表和一名执业律师，我全年视察2次。":              "执业律师",
			"周林同志2020年度履职报告\n（南湖市第十五届人大代表、南湖市规划设计院总工程师）\n我参加视察2次。": "南湖市规划设计院总工程师",
			"2020年度述职报告\n我叫周林，现任一家三甲医院院长，市人大代表。":                   "三甲医院院长",
		} {
			if a := analyze(text); a.Deputy.Position == nil || *a.Deputy.Position != want {
				t.Errorf("%.28q…: position %v, want %s", text, a.Deputy.Position, want)
			}
		}
		// 任 inside 责任 is no verb.
		a := analyze("2020年度履职表\n姓名\t赵强\n代表身份\t青山县人大代表工作单位及职务\t青山热力有限责任公司经理")
		if p := a.Deputy.Position; p == nil || *p != "青山热力有限责任公司经理" {
			t.Errorf("position %v, want 青山热力有限责任公司经理", p)
		}
	})
	t.Run("years and elections said other ways", func(t *testing.T) {
		for text, want := range map[string][2]int{
			"履职情况汇报\n（2022年度）\n我叫刘芳，市人大代表。2021年1月，在市第十六届人民代表大会第一次会议上当选为省人大代表。": {2022, 2021},
			"在选民会上的讲话\n我是刘芳，区人大代表。2021年眼看就要过去，今天向大家交今年的答卷。2019年起担任区人大代表。":      {2021, 2019},
			"区人大代表述职\n作为区人大代表和一名医生，2020年我共提出建议5件。":                             {2020, 0},
		} {
			a := analyze(text)
			if a.Year == nil || *a.Year != want[0] {
				t.Errorf("%.24q…: year %v, want %d", text, a.Year, want[0])
			}
			if want[1] != 0 && (a.Deputy.ElectedYear == nil || *a.Deputy.ElectedYear != want[1]) {
				t.Errorf("%.24q…: elected %v, want %d", text, a.Deputy.ElectedYear, want[1])
			}
		}
		a := analyze("南湖区人大常委会工作报告\n——2023年1月10日在南湖区第十八届人民代表大会第三次会议上\n我代表区人大常委会，向大会报告工作。\n一、2022年主要工作\n听取报告11项。\n二、2023年主要任务\n2023年，常委会将重点做好监督工作。")
		if a.Year == nil || *a.Year != 2022 {
			t.Errorf("work report year %v, want 2022 (the work heading)", a.Year)
		}
	})
	t.Run("a comrade's name in the title, a form's name with an ethnicity", func(t *testing.T) {
		for text, want := range map[string]string{
			"市人大代表钟以明同志2020年履职情况报告\n本人是第十四届市人民代表大会代表。全年视察2次。":  "钟以明",
			"2020年履职情况一览\n项目\t内容\n姓名\t乌力吉巴图（蒙古族）\n代表身份\t旗人大代表": "乌力吉巴图",
		} {
			if a := analyze(text); a.Deputy.Name == nil || *a.Deputy.Name != want {
				t.Errorf("%.24q…: name %v, want %s", text, a.Deputy.Name, want)
			}
		}
	})
	t.Run("suggestions: parts, restatements, co-signers, a sessions-only total", func(t *testing.T) {
		for text, want := range map[string]int{
			"2020年度述职报告\n本人周林，市人大代表。会上我领衔提出议案2件、建议3件。领衔的两件议案是：《关于甲的议案》；《关于乙的议案》。": 5,
			"2020年度述职报告\n本人周林，省人大代表。会上我领衔提出建议3件；与本代表团教育界代表联名提出建议2件。":              5,
			"2020年度述职报告\n本人周林，市人大代表。2020年我共提出建议7件，其中市人代会4件、区人代会3件；闭会期间提交意见建议2条。":  9,
			"2020年度述职报告\n本人周林，市人大代表。全年共提出建议7件，其中大会期间4件、闭会期间3件。":                   7,
		} {
			if got := analyze(text).Suggestions.Total; got == nil || *got != want {
				t.Errorf("%q: total %v, want %d", text, got, want)
			}
		}
		a := analyze("2020年度述职报告\n本人周林，市人大代表。会上提出建议**件，其中关于交通的建议**件。")
		own := 0
		for _, st := range a.Suggestions.Statements {
			if st.Own {
				own++
			}
		}
		if own != 1 {
			t.Errorf("statements %+v, want the part (其中…) not to be a statement of its own", a.Suggestions.Statements)
		}
		a = analyze("2020年度述职报告\n本人周林，市人大代表。与其他代表联名3件。领衔的2件是：\n1、关于甲的建议；\n2、关于乙的建议。")
		if len(a.Suggestions.Listed) != 2 {
			t.Errorf("listed %+v, want the two items after 领衔的2件是：", a.Suggestions.Listed)
		}
	})
	t.Run("activities missed, planned, told as an anecdote; meetings of the day job", func(t *testing.T) {
		for _, text := range []string{
			"2020年度述职报告\n本人周林，市人大代表。因门诊排班紧，区里组织的活动缺席了2次。",
			"2020年度述职报告\n本人周林，市人大代表。有两次代表活动请了假。",
			"2020年度述职报告\n本人周林，市人大代表。明年我争取在三次会议上提交议案。",
			"2020年度述职报告\n本人周林，市人大代表。\n改进方向\n下一年就供水价格开展一次专题调研。",
			"2020年度述职报告\n本人周林，市人大代表。有一次视察工地，工人们跟我说了欠薪的事。",
		} {
			if a := analyze(text); len(a.Activities) != 0 {
				t.Errorf("%q: activities %+v, want none", text, a.Activities)
			}
		}
		for text, want := range map[string]corpus.ActivityType{
			"2020年度述职报告\n本人周林，市人大代表。作为院长，我主持院长办公会30次。":      corpus.ActMeeting,
			"2020年度述职报告\n本人周林，市人大代表。安全生产会议我每月亲自主持，全年开了12次。": corpus.ActMeeting,
			"2020年度述职报告\n本人周林，市人大代表。我给社区网格员做了5场业务培训。":       corpus.ActTraining,
			"2020年度述职报告\n本人周林，市人大代表。在律所组织青年律师培训8场。":         corpus.ActTraining,
		} {
			a := analyze(text)
			if len(a.Activities) != 1 || a.Activities[0].Type != want || a.Activities[0].DeputyRole {
				t.Errorf("%q: activities %+v, want one %s of the day job", text, a.Activities, want)
			}
		}
		a := analyze("2020年度述职报告\n本人周林，市人大代表。参加执法检查2次、视察4次，在律所组织青年律师培训8场。")
		for _, x := range a.Activities {
			if want := x.Type != corpus.ActTraining; x.DeputyRole != want {
				t.Errorf("%s: deputy_role %v, want %v", x.Type, x.DeputyRole, want)
			}
		}
		a = analyze("2016年履职简报\n作为省人大代表、市医院院长，我的履职情况简要如下：\n一、1月出席省十二届人大四次会议，提出建议3件。\n- 3月下旬参加省人大常委会举办的代表培训班。")
		dates := map[string]bool{}
		for _, x := range a.Activities {
			if x.Date != nil {
				dates[*x.Date] = true
			}
		}
		if !dates["2016-01"] || !dates["2016-03"] {
			t.Errorf("dates %v, want 2016-01 and 2016-03 after an ordinal and a bullet", dates)
		}
	})
	t.Run("shortcomings: counted admissions, headings, lead-ins, plans after them", func(t *testing.T) {
		for text, want := range map[string][]string{
			"2020年述职\n本人周林，市人大代表。我对自己有两点不满意。一是下村少；二是发言少。\n明年改进。":                           {"下村少", "发言少"},
			"2020年述职\n本人周林，市人大代表。反思这一年，有几处有待加强：\n1. 下村少；\n2. 发言少。\n明年改进。":                  {"下村少", "发言少"},
			"2020年述职\n本人周林，市人大代表。\n四、问题\n这一年的问题，我归纳为两条：第一，下村少；第二，发言少。":                     {"下村少", "发言少"},
			"2020年述职\n本人周林，市人大代表。自我反思，短板主要在两个方面：其一，下村少；其二，发言少。":                            {"下村少", "发言少"},
			"2020年述职\n本人周林，市人大代表。反思这一年，有一个短板必须正视：对预算了解不深。":                                 {"对预算了解不深"},
			"2020年述职\n本人周林，市人大代表。\n四、差距\n要说差距，主要是这一点：上半年任务重，有两次活动请了假。":                     {"上半年任务重，有两次活动请了假"},
			"2020年述职\n本人周林，市人大代表。问：有哪些不足？\n答：最大的不足是发言没底气，比如审预算；再一个是追踪不够。":                  {"发言没底气，比如审预算", "追踪不够"},
			"2020年述职\n本人周林，市人大代表。我有三点反思：（一）下村少；（二）发言少；（三）还有差距。\n2021年，我将多下村。\n以上汇报，请批评指正。": {"下村少", "发言少", "还有差距"},
		} {
			a := analyze(text)
			var got []string
			for _, s := range a.Shortcomings {
				got = append(got, s.Text)
			}
			if len(got) != len(want) {
				t.Errorf("%q: shortcomings %q, want %q", text, got, want)
				continue
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%q: shortcoming %d = %q, want %q", text, i, got[i], want[i])
				}
			}
		}
	})
}
