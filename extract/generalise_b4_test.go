package extract

import (
	"testing"

	"lvzhi/corpus"
)

// Fixes made after batch 4 of the evaluation corpus (401-422: reports about
// one deputy written by an office in the third person, public-account
// reposts, casual voices) was first scored, each checked here on sentences
// written for this test.
func TestGeneralisationBatch4(t *testing.T) {
	t.Run("kind: an office's report or notice about one deputy, a profile", func(t *testing.T) {
		for _, text := range []string{
			"关于林秀芝代表2022年度履职情况的通报\n南湾镇人大主席团\n林秀芝，女，南湾镇第九届人大代表。现将该代表2022年度履职情况通报如下。\n该代表出席镇人代会1次，参加视察2次。",
			"关于马云飞同志2022年度履行人大代表职责情况的报告\n东林县人大常委会代表工作委员会\n现将有关情况报告如下。\n该同志全年参加视察3次，列席常委会会议1次。该同志积极联系选民。",
			"履职访谈｜把实验室搬到车间\n文／周一\n2021年1月，杜明远当选为省人大代表。一年来，他跑了十几家工厂。\n问：您提了哪些建议？\n答：我提出建议4件。我参加了视察2次。",
		} {
			if k := analyze(text).Kind; k != corpus.KindDutyReport {
				t.Errorf("%.24q…: kind %s, want duty_report", text, k)
			}
		}
		// The third-person cue alone does not make an essay a duty report.
		essay := "浅析代表履职评价机制\n笔者认为，评价代表履职应当看实绩。摘要：本文讨论代表履职评价。某地对一名代表的档案记载，该代表参加视察2次。"
		if k := analyze(essay).Kind; k != corpus.KindEssay {
			t.Errorf("essay: kind %s, want essay", k)
		}
	})
	t.Run("names: office titles, forms spaced out, reporters, bylines, elections, public-account titles", func(t *testing.T) {
		for text, want := range map[string]string{
			"关于阿布都·热合曼代表2022年度履职情况的通报\n现将该代表2022年度履职情况通报如下。该代表参加视察2次。":                         "阿布都·热合曼",
			"关于马云飞同志2022年度履行人大代表职责情况的报告\n现将有关情况报告如下。该同志参加视察3次。":                                "马云飞",
			"南湾镇人大代表履职登记表（2022年度）\n姓　　名：巴特尔朝鲁　　性别：男　　民族：蒙古族\n参加视察：2次":                          "巴特尔朝鲁",
			"我的履职报告（2022年）\n报告人：任晓川（临水市人大代表，临水市自来水公司总经理）\n一年来，我参加视察2次。":                        "任晓川",
			"代表风采 | 许青禾：做小微企业的贴心人\n编者按：省人大代表、丰禾银行南岸支行行长许青禾近日书面报告了履职情况。\n我的2022年履职报告\n我参加视察2次。": "许青禾",
			"履职访谈｜把实验室搬到车间\n文／周一\n2021年1月，杜明远当选为省人大代表。一年来，他跑了十几家工厂。\n答：我参加了视察2次。":              "杜明远",
			"点击蓝字 关注我们\n代表述职｜敖登其木格：替牧民说话\n大家好！我是敖登其木格，嘎查党支部书记，2021年当选为旗人大代表。我参加视察2次。\n阅读原文":    "敖登其木格",
		} {
			if a := analyze(text); a.Deputy.Name == nil || *a.Deputy.Name != want {
				t.Errorf("%.28q…: name %v, want %s", text, a.Deputy.Name, want)
			}
		}
		// A public account's last line is no signature; a job repeated from
		// the head is no name.
		for _, text := range []string{
			"我的履职报告（2022年）\n作为一名区人大代表，我参加视察2次，提出建议3件。\n编辑：小周\n阅读原文",
			"2022年履职报告\n我是白石村党支部书记，2021年当选为镇人大代表。回到村里，我是支部书记，要把事办好。我参加视察2次。",
		} {
			if n := analyze(text).Deputy.Name; n != nil {
				t.Errorf("%.28q…: name %q, want none", text, *n)
			}
		}
	})
	t.Run("jobs: a byline after the seat, titles of banks and companies, 现在是 without a subject", func(t *testing.T) {
		for text, want := range map[string]string{
			"代表风采 | 许青禾：做小微企业的贴心人\n编者按：省人大代表、丰禾银行南岸支行行长许青禾近日书面报告了履职情况。\n我的2022年履职报告\n我参加视察2次。": "丰禾银行南岸支行行长",
			"履职访谈｜把实验室搬到车间\n本期嘉宾：全国人大代表，云启智能科技有限公司董事长兼总裁杜明远\n2021年1月，杜明远当选为全国人大代表。":            "云启智能科技有限公司董事长兼总裁",
			"我的履职报告（2022年）\n报告人：任晓川（临水市人大代表，临水市自来水公司党委书记、执行董事）\n我参加视察2次。":                      "临水市自来水公司党委书记、执行董事",
			"2022年履职汇报\n大家好，我叫方立春，在外打工多年，回乡办了茶厂，现在是青岭乡茶叶专业合作社理事长。2021年当选为乡人大代表。":               "青岭乡茶叶专业合作社理事长",
		} {
			if a := analyze(text); a.Deputy.Position == nil || *a.Deputy.Position != want {
				t.Errorf("%.28q…: position %v, want %s", text, a.Deputy.Position, want)
			}
		}
	})
	t.Run("activities: ranges and 10+ as approximate lower bounds, dates after a quarter or an office's subject", func(t *testing.T) {
		a := analyze("2022年履职报告\n我叫方立春，乡人大代表。这一年我参加代表活动12+次，走访选民3-4次，在联络站值班七到九次。")
		want := map[corpus.ActivityType]int{corpus.ActGeneral: 12, corpus.ActVoterContact: 3}
		got := map[corpus.ActivityType][]corpus.Activity{}
		for _, x := range a.Activities {
			got[x.Type] = append(got[x.Type], x)
		}
		for typ, n := range want {
			if len(got[typ]) == 0 || got[typ][0].Count == nil || *got[typ][0].Count != n || !got[typ][0].Approx {
				t.Errorf("%s: %+v, want %d approx", typ, got[typ], n)
			}
		}
		if v := got[corpus.ActVoterContact]; len(v) != 2 || v[1].Count == nil || *v[1].Count != 7 || !v[1].Approx {
			t.Errorf("值班七到九次: %+v, want 7 approx", v)
		}
		for text, date := range map[string]string{
			"关于林秀芝代表2022年度履职情况的通报\n现将该代表2022年度履职情况按季度通报如下。\n二季度：5月9日，该代表参加县人大常委会组织的河道治理视察。":       "2022-05-09",
			"关于马云飞同志2022年度履行人大代表职责情况的报告\n现将有关情况报告如下。\n该同志于2022年3月2日出席县第十八届人民代表大会第二次会议。该同志参加视察3次。": "2022-03-02",
		} {
			found := false
			for _, x := range analyze(text).Activities {
				found = found || x.Date != nil && *x.Date == date
			}
			if !found {
				t.Errorf("%.30q…: no activity dated %s", text, date)
			}
		}
	})
	t.Run("suggestions: an office's subject, seconding confined to its clause", func(t *testing.T) {
		for text, want := range map[string]int{
			"关于马云飞同志2022年度履行人大代表职责情况的报告\n现将有关情况报告如下。\n闭会期间，该同志通过代表联络站、代表小组等渠道，向镇人大主席团提出意见建议5条。该同志参加视察3次。": 5,
			"南湾镇人大代表履职登记表（2022年度）\n姓　　名：巴特尔朝鲁　　性别：男\n领衔提出建议1件；联名提出建议2件；附议建议6件；闭会期间提出意见建议3条。":              6,
		} {
			a := analyze(text)
			if a.Suggestions.Total == nil || *a.Suggestions.Total != want {
				t.Errorf("%.30q…: total %v, want %d", text, a.Suggestions.Total, want)
			}
		}
		// The body the office names stays a body: 全镇代表 is no deputy.
		a := analyze("关于马云飞同志2022年度履行人大代表职责情况的报告\n现将有关情况报告如下。\n该同志提出建议2件。全镇代表共提出建议40件。该同志参加视察3次。")
		if a.Suggestions.Total == nil || *a.Suggestions.Total != 2 {
			t.Errorf("body count: total %v, want 2", a.Suggestions.Total)
		}
	})
	t.Run("shortcomings: an office's label, 履职中的不足, 最大的遗憾, 短板也很明显", func(t *testing.T) {
		for text, want := range map[string][]string{
			"关于林秀芝代表2022年度履职情况的通报\n现将该代表2022年度履职情况通报如下。该代表参加视察2次。\n问题和不足：该代表对预算审查的知识掌握不够；走访偏远村组较少。\n希望该代表继续努力。": {"该代表对预算审查的知识掌握不够", "走访偏远村组较少"},
			"2022年履职报告\n我叫方立春，乡人大代表。我参加视察2次。回顾一年，履职中的不足主要是：调研不够深入；联系选民不够经常。":                                    {"调研不够深入", "联系选民不够经常"},
			"2022年履职访谈\n我叫方立春，乡人大代表。我参加视察2次。\n问：有没有遗憾？\n答：最大的遗憾是到村里蹲点的时间太少。":                                    {"到村里蹲点的时间太少"},
			"2022年履职汇报\n我叫方立春，乡人大代表。我参加视察2次。短板也很明显：普通话说不好，发言抓不住要点。":                                             {"普通话说不好，发言抓不住要点"},
		} {
			a := analyze(text)
			var got []string
			for _, s := range a.Shortcomings {
				got = append(got, s.Text)
			}
			if len(got) != len(want) {
				t.Errorf("%.30q…: shortcomings %q, want %q", text, got, want)
				continue
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("%.30q…: shortcoming %d %q, want %q", text, i, got[i], want[i])
				}
			}
		}
		// 问题和不足 not as a label, about what voters raised, is no admission.
		a := analyze("2022年履职报告\n我叫方立春，乡人大代表。我参加视察2次。我把选民反映的问题和不足整理后交给了镇政府。")
		if len(a.Shortcomings) != 0 {
			t.Errorf("voters' problems: %+v, want none", a.Shortcomings)
		}
	})
	t.Run("seat: a profile line after the name and gender", func(t *testing.T) {
		a := analyze("关于林秀芝代表2022年度履职情况的通报\n南湾镇人大主席团\n林秀芝，女，汉族，南湾镇第九届人大代表，2021年11月当选，现任东坪村党支部书记。现将该代表2022年度履职情况通报如下。\n该代表参加视察2次。")
		if r := a.Deputy.Region; r == nil || *r != "南湾镇" {
			t.Errorf("region %v, want 南湾镇", r)
		}
		if tm := a.Deputy.Term; tm == nil || *tm != "第九届" {
			t.Errorf("term %v, want 第九届", tm)
		}
		if len(a.Deputy.Levels) != 1 || a.Deputy.Levels[0] != "镇" {
			t.Errorf("levels %v, want [镇]", a.Deputy.Levels)
		}
	})
	t.Run("listed: items after a counted statement and a remark", func(t *testing.T) {
		a := analyze("2022年履职报告\n我叫方立春，乡人大代表。会上我提出建议两件，都是村民盼了多年的事：一是修通岔口村的机耕道；二是给村小学配一名音乐老师。我参加视察2次。")
		var got []string
		for _, l := range a.Suggestions.Listed {
			got = append(got, l.Text)
		}
		want := []string{"修通岔口村的机耕道", "给村小学配一名音乐老师"}
		if len(got) != len(want) {
			t.Fatalf("listed %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("listed %d %q, want %q", i, got[i], want[i])
			}
		}
		// A reply after the count is no list.
		a = analyze("2022年履职报告\n我叫方立春，乡人大代表。我提出建议2件，镇里答复说：正在研究。我参加视察2次。")
		if len(a.Suggestions.Listed) != 0 {
			t.Errorf("reply: listed %+v, want none", a.Suggestions.Listed)
		}
	})
	t.Run("year: the election's year opening a sentence is not the year reported on", func(t *testing.T) {
		a := analyze("在东坪村选民会上的发言\n各位乡亲：\n大家好！我叫方立春，是东坪村村委会主任。2021年，我当选为青岭县人大代表。今天我把2022年当代表的情况向大家汇报一下。\n我参加视察2次。")
		if a.Year == nil || *a.Year != 2022 {
			t.Errorf("year %v, want 2022", a.Year)
		}
		// A year opening a sentence about the work still counts.
		a = analyze("在东坪村选民会上的发言\n各位乡亲：\n2022年，我参加视察2次，提出建议3件。")
		if a.Year == nil || *a.Year != 2022 {
			t.Errorf("lead year %v, want 2022", a.Year)
		}
	})
}
