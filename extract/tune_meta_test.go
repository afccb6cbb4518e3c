package extract

import (
	"reflect"
	"testing"

	"lvzhi/corpus"
)

// The sentences below were written for these tests; they exercise the
// metadata rules (kind, deputy fields, years) outside the eval corpus.

func analyzeTitled(title, text string) corpus.Analysis {
	return Analyze(&corpus.Document{Source: "t.txt", Part: 1, Title: title, Text: text, ID: corpus.DocumentID(text)})
}

func TestTuneMetaKinds(t *testing.T) {
	tests := []struct {
		name, title, text string
		want              corpus.Kind
	}{
		{"entrusted by the presidium", "",
			"柳河镇人大主席团二〇一五年工作报告\n各位代表：\n我受镇人大主席团的委托，向大会报告二〇一五年的工作，请予审议。\n一年来，主席团组织代表视察三次，评议站所五个。",
			corpus.KindWorkReport},
		{"standing committee title with a year", "",
			"北岭县人大常委会2019年度工作报告\n各位代表：\n过去一年，常委会依法履职，听取专项报告八个，开展执法检查三次。\n请大会予以审议。",
			corpus.KindWorkReport},
		{"column page of a template site", "村官述职报告_范文大全网",
			"村官述职报告_范文大全网\n\n首页 > 述职报告 > 村官述职报告\n\n本栏目收录各类述职报告，来自网络，欢迎阅读与收藏。",
			corpus.KindOther},
		{"a deputy entrusted by the standing committee", "",
			"人大代表履职报告\n各位选民：\n本人于2019年当选为河口县人大代表。今年5月，我受县人大常委会委托，带队视察了全县的农村公路建设，一年来共参加视察3次，提出建议4件。",
			corpus.KindDutyReport},
		{"a short duty report keeps its kind", "",
			"人大代表述职报告\n各位选民：\n本人于2019年当选为河口镇人大代表，一年来参加视察2次，提出建议3件。",
			corpus.KindDutyReport},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analyzeTitled(tt.title, tt.text).Kind; got != tt.want {
				t.Errorf("kind = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestTuneMetaNames(t *testing.T) {
	tests := []struct {
		name, title, text, want string
	}{
		{"title with 人大代表 between year and 述职", "",
			"许长林同志2015年度人大代表述职报告\n各位选民：\n本届以来，我积极参加视察3次。\n2015年12月20日",
			"许长林"},
		{"report of a compilation titled by the reader", "杜秀云同志2020年度述职报告",
			"北坡乡2020年代表述职材料汇编\n\n杜秀云同志2020年度述职报告\n\n各位选民：\n我于2016年当选为北坡乡人大代表，一年来参加调研2次。",
			"杜秀云"},
		{"five-character name vouched by the ethnicity", "",
			"履职报告\n各位代表：\n我是额尔敦毕力，蒙古族，现任浩特嘎查嘎查达。一年来，我参加视察2次。",
			"额尔敦毕力"},
		{"日 in a name vouched by the gender", "",
			"履职报告\n各位代表：\n我是乌日根，女，现任浩特嘎查嘎查达。一年来，我参加视察2次。",
			"乌日根"},
		{"a role noun after 我是 is no name", "",
			"履职报告\n各位选民：\n我是农民，2019年当选为安平县人大代表。一年来，我参加视察2次。",
			""},
		{"a post ending in 员 is no name", "",
			"履职报告\n各位选民：\n我是公务员，2019年当选为安平县人大代表。一年来，我参加视察2次。",
			""},
		{"where one comes from is no name", "",
			"履职报告\n各位选民：\n我是曹县人，2019年当选为安平县人大代表。一年来，我参加视察2次。",
			""},
		{"为 inside a name", "",
			"履职报告\n各位选民：\n我是李为民，2019年当选为安平县人大代表。一年来，我参加视察2次。",
			"李为民"},
		{"date-like characters without a vouch are no name", "",
			"履职报告\n各位代表：\n我是今年五月日，一年来，我参加视察2次。",
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analyzeTitled(tt.title, tt.text).Deputy.Name
			if tt.want == "" && got != nil || tt.want != "" && (got == nil || *got != tt.want) {
				t.Errorf("name = %v, want %q", deref(got), tt.want)
			}
		})
	}
}

func TestTuneMetaYears(t *testing.T) {
	tests := []struct {
		name, text      string
		elected, report int // 0: null
	}{
		{"chinese digits", "述职报告\n本人宋长庚，一九九八年当选为河源县十一届人大代表，现任河源县第二中学教师。现将一九九九年的情况报告如下。",
			1998, 0},
		{"end of the year", "履职报告\n各位选民：\n2017年底，我当选为北湾区第五届人大代表。一年来参加视察2次。",
			2017, 0},
		{"elected by a constituency", "履职报告\n作为安平县第九届人大代表，我于2012年3月由城关选区选举产生，现将情况报告如下。",
			2012, 0},
		{"the voters chose me", "述职报告\n各位乡亲：\n2014年大伙儿选我当了河湾镇人大代表，我一直记在心上。",
			2014, 0},
		{"a body's election is not the deputy's", "工作汇报\n各位选民：\n2021年全镇选举产生新一届镇人大代表56名。一年来我参加视察2次。",
			0, 0},
		{"chinese year in the title", "清溪乡人大主席团二〇一一年工作报告\n各位代表：\n我受乡人大主席团的委托，向大会报告工作，请予审议。",
			0, 2011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyze(tt.text)
			if got := a.Deputy.ElectedYear; tt.elected == 0 && got != nil || tt.elected != 0 && (got == nil || *got != tt.elected) {
				t.Errorf("elected_year = %v, want %d", derefInt(got), tt.elected)
			}
			if tt.report != 0 && (a.Year == nil || *a.Year != tt.report) {
				t.Errorf("year = %v, want %d", derefInt(a.Year), tt.report)
			}
		})
	}
}

func TestTuneMetaSeat(t *testing.T) {
	tests := []struct {
		name, text   string
		levels       []string
		term, region string
		position     string
	}{
		{"the voters chose me for the seat",
			"履职汇报\n各位选民：\n我是河湾镇西岭村农民。2016年乡亲们选我当了河湾镇第八届人大代表，一年来参加视察2次。",
			[]string{"镇"}, "第八届", "河湾镇", "河湾镇西岭村农民"},
		{"job after the name introduced by 我是",
			"履职报告\n各位选民：\n我是许大山，东坡村种粮大户，2019年当选为河湾镇人大代表。一年来，我参加视察3次。",
			[]string{"镇"}, "", "河湾镇", "东坡村种粮大户"},
		{"a date the job began is not the job",
			"述职报告\n各位代表：\n我于2016年当选为安平县第九届人大代表，2018年起任城关镇党委书记。一年来，我参加调研4次。",
			[]string{"县"}, "第九届", "安平县", "城关镇党委书记"},
		{"the job after the seat joined by 和",
			"述职报告\n各位选民：\n本人于2021年当选为安平县人大代表。作为一名人大代表和城关镇党委书记，我参加视察2次。",
			[]string{"县"}, "", "安平县", "城关镇党委书记"},
		{"the office held beats the description",
			"履职报告\n各位代表：\n我是周春燕，河西村的一名果农，现任河西村苹果专业合作社理事长，2017年当选为安平县人大代表。一年来，我参加调研2次。",
			[]string{"县"}, "", "安平县", "河西村苹果专业合作社理事长"},
		{"owner, professor, team leader",
			"履职报告\n各位代表：\n本人高远，现任北岭师范学院历史系教授，2021年当选为北岭市第八届人大代表。一年来，我参加调研2次。",
			[]string{"市"}, "第八届", "北岭市", "北岭师范学院历史系教授"},
		{"team leader after the seat",
			"履职报告\n各位选民：\n本人吴桂芝，北岭区第三届人大代表，北岭区公交公司三车队班长，2021年当选。一年来，我参加视察2次。",
			[]string{"区"}, "第三届", "北岭区", "北岭区公交公司三车队班长"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyze(tt.text).Deputy
			if !reflect.DeepEqual(d.Levels, tt.levels) {
				t.Errorf("levels = %v, want %v", d.Levels, tt.levels)
			}
			for _, f := range []struct {
				field string
				got   *string
				want  string
			}{{"term", d.Term, tt.term}, {"region", d.Region, tt.region}, {"position", d.Position, tt.position}} {
				if f.want == "" && f.got != nil || f.want != "" && (f.got == nil || *f.got != f.want) {
					t.Errorf("%s = %v, want %q", f.field, deref(f.got), f.want)
				}
			}
		})
	}
}

func derefInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
