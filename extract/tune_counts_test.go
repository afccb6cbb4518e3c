package extract

import (
	"fmt"
	"strings"
	"testing"

	"lvzhi/corpus"
)

// Regression tests for the counting extractors (suggestions, activities,
// quantities). Every sentence here was written for these tests.

// dutyReport wraps body lines in the opening of a duty report so that the
// document is classified as one.
func dutyReport(body ...string) string {
	return "2022年度人大代表履职报告\n各位选民：\n本人韩立平，2021年当选为青石县第九届人大代表，现任柳湾村村委会主任。现将一年来的履职情况报告如下。\n" +
		strings.Join(body, "\n") + "\n述职人：韩立平\n"
}

func ownStatements(a corpus.Analysis) []string {
	var out []string
	for _, st := range a.Suggestions.Statements {
		if !st.Own {
			continue
		}
		c := "nil"
		if st.Count != nil {
			c = fmt.Sprint(*st.Count)
		}
		out = append(out, fmt.Sprintf("%s=%s", st.Text, c))
	}
	return out
}

func showTotal(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func TestTuneSuggestionCounts(t *testing.T) {
	cases := []struct {
		name        string
		body        string
		own         int    // own statements
		total       string // "nil" or the number
		placeholder bool
	}{
		{
			// The deputy is the subject; the standing committee only names
			// the occasion.
			name:  "body inside the deputy's clause",
			body:  "我在市人大常委会组织的专题调研中向市住建局提出批评意见2条，住建局已经整改。",
			own:   1,
			total: "2",
		},
		{
			// The body is what the 议案 asks to act, not the one submitting.
			name:  "body asked to act",
			body:  "会议期间，我领衔提出议案1件，建议县人大常委会就河道治理开展专项视察；提出建议4件，涉及校车安全和乡村道路。",
			own:   2,
			total: "5",
		},
		{
			name:  "district deputies are a body",
			body:  "我提出意见建议7件。今年辖区代表共提出建议52件，办结率达到96%。",
			own:   1,
			total: "7",
		},
		{
			name:  "the deputy together with a body is still a body",
			body:  "我和全乡代表一起共提出建议30件。",
			own:   0,
			total: "nil",
		},
		{
			// 我提出的3件建议 names the three already stated, to say how
			// they were handled.
			name:  "handled suggestions restated",
			body:  "在县人代会上，我提出建议3件。到年底，我提出的3件建议都已办结。",
			own:   1,
			total: "3",
		},
		{
			name:  "a count after 提出的 that is not about handling stays",
			body:  "我全年提出的建议共有6件。",
			own:   1,
			total: "6",
		},
		{
			// A placeholder part makes the total unknown: 4 is not it.
			name:        "a placeholder beside a stated count",
			body:        "大会期间提出建议4件；闭会期间又提出意见建议**条。",
			own:         2,
			total:       "nil",
			placeholder: true,
		},
		{
			// A placeholder inside a stated total leaves the total known.
			// The part (其中…) is no statement of its own (batch 3, label
			// 309), but it still tells that a placeholder stood there.
			name:        "a placeholder part of a stated total",
			body:        "全年共提出建议8件，其中关于农业农村的建议**件。",
			own:         1,
			total:       "8",
			placeholder: true,
		},
		{
			name:        "only placeholders",
			body:        "大会期间提出建议**件，闭会期间提出意见建议**条。",
			own:         2,
			total:       "nil",
			placeholder: true,
		},
		{
			// A placeholder total: the parts do not give the whole.
			name:        "placeholder total",
			body:        "全年共提出建议**件，其中大会期间提出建议2件。",
			own:         1,
			total:       "nil",
			placeholder: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := analyze(dutyReport(c.body))
			if a.Kind != corpus.KindDutyReport {
				t.Fatalf("kind = %s", a.Kind)
			}
			own := ownStatements(a)
			if len(own) != c.own {
				t.Errorf("own statements = %v, want %d", own, c.own)
			}
			if got := showTotal(a.Suggestions.Total); got != c.total || a.Suggestions.Placeholder != c.placeholder {
				t.Errorf("total = %s placeholder %v, want %s placeholder %v", got, a.Suggestions.Placeholder, c.total, c.placeholder)
			}
		})
	}
}

func TestTuneListedOnlyInDutyReports(t *testing.T) {
	work := "柳湾镇人民代表大会主席团工作报告\n各位代表：\n我代表镇人大主席团，向大会报告工作，请予审议。\n" +
		"一年来，全镇代表共提出建议40件。其中，市人大代表周明提出的《关于修缮柳湾中学校舍的建议》被列为重点建议。\n"
	a := analyze(work)
	if a.Kind != corpus.KindWorkReport {
		t.Fatalf("kind = %s", a.Kind)
	}
	if len(a.Suggestions.Listed) != 0 {
		t.Errorf("listed = %v, want none in a work report", a.Suggestions.Listed)
	}
	duty := analyze(dutyReport("我领衔提出了《关于修缮柳湾中学校舍的建议》。"))
	if len(duty.Suggestions.Listed) != 1 {
		t.Errorf("listed = %v, want the title", duty.Suggestions.Listed)
	}
}

func TestTuneQuantityTenThousand(t *testing.T) {
	a := analyze(dutyReport("我协调资金两万元修缮了村小学，全村新种核桃一万亩，外出务工一万人，村集体收入三万五千元，项目投资四十万元。"))
	var got []string
	for _, q := range a.Quantities {
		v := "nil"
		if q.Value != nil {
			v = fmt.Sprint(*q.Value)
		}
		got = append(got, v+" "+q.Unit)
	}
	want := []string{"2 万元", "1 万亩", "10000 人", "35000 元", "40 万元"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("quantities = %q, want %q", got, want)
	}
}

type actRow struct {
	typ   corpus.ActivityType
	count string // "nil" or the number
	date  string // "" when none
	role  bool
}

func (r actRow) String() string {
	return fmt.Sprintf("%s/%s/%s/%v", r.typ, r.count, r.date, r.role)
}

func activityRows(a corpus.Analysis) []string {
	var out []string
	for _, x := range a.Activities {
		r := actRow{typ: x.Type, count: showTotal(x.Count), role: x.DeputyRole}
		if x.Date != nil {
			r.date = *x.Date
		}
		out = append(out, r.String())
	}
	return out
}

func checkActivities(t *testing.T, text string, want ...actRow) {
	t.Helper()
	a := analyze(text)
	if a.Kind != corpus.KindDutyReport {
		t.Fatalf("kind = %s", a.Kind)
	}
	var ws []string
	for _, w := range want {
		ws = append(ws, w.String())
	}
	got := activityRows(a)
	if strings.Join(got, " | ") != strings.Join(ws, " | ") {
		t.Errorf("activities\n got %q\nwant %q", got, ws)
	}
}

func TestTuneDatedActivities(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []actRow
	}{
		{"今年 and an Arabic month", "今年3月，我出席了青石县第九届人民代表大会第二次会议。",
			[]actRow{{corpus.ActCongressSession, "nil", "2022-03", true}}},
		{"今年 and a Chinese month", "今年三月，我出席了县九届人大二次会议。",
			[]actRow{{corpus.ActCongressSession, "nil", "2022-03", true}}},
		{"Chinese month and day after ；", "四月，参加了县人大常委会组织的水库安全视察；十月二十日，参加了县人大常委会组织的农产品质量专题调研。",
			[]actRow{{corpus.ActInspection, "nil", "2022-04", true}, {corpus.ActResearch, "nil", "2022-10-20", true}}},
		{"a year in Chinese digits", "二〇二二年七月，参加了县人大常委会组织的安全生产法执法检查。",
			[]actRow{{corpus.ActLawEnforcementCheck, "nil", "2022-07", true}}},
		{"not a month", "三十年来，我一直参加村里的调研。", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkActivities(t, dutyReport(c.body), c.want...) })
	}
	// Without a known year a month cannot be dated: no row.
	a := analyze("人大代表述职报告\n各位选民：\n我是青石县人大代表，现将履职情况报告如下。\n今年5月，参加了县人大常委会组织的视察。\n")
	for _, x := range a.Activities {
		if x.Date == nil && x.Count == nil && !x.Placeholder {
			t.Errorf("a row with neither count nor date: %+v", x)
		}
	}
}

func TestTuneNotActivityCounts(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []actRow
	}{
		{"problems solved are a result", "我在联络站接待选民40人次，帮助群众解决用水、用电等问题二十多件。",
			[]actRow{{corpus.ActVoterContact, "40", "", true}}},
		{"实事 named: 件 counts them", "我积极为群众办实事，协调解决路灯、排水等问题6件。",
			[]actRow{{corpus.ActPublicService, "6", "", true}}},
		{"一次是 breaks a count down", "参加省人大常委会组织的专题调研两次，一次是调研乡村旅游，一次是调研养老服务。",
			[]actRow{{corpus.ActResearch, "2", "", true}}},
		{"a clause opening with 是 describes", "参加对县教育局的工作评议，是我最难忘的一次代表活动。", nil},
		{"由 N names a group's members", "我牵头成立了由12名党员参加的志愿服务队。", nil},
		{"a body selects suggestions", "县人大常委会确定重点督办建议8件，我参加视察2次。",
			[]actRow{{corpus.ActInspection, "2", "", true}}},
		{"organisations visited", "走访了三个村和两家养殖企业。", nil},
		{"households visited", "走访选民家庭15家。",
			[]actRow{{corpus.ActVoterContact, "15", "", true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkActivities(t, dutyReport(c.body), c.want...) })
	}
}

func TestTuneDeputyRole(t *testing.T) {
	t.Run("day-job headings", func(t *testing.T) {
		checkActivities(t, dutyReport(
			"一、参加代表活动",
			"全年参加县人大常委会组织的视察3次。",
			"二、履行村主任职责，推动全村发展",
			"村委会组织帮扶困难户20户。",
			"三、立足合作社工作，带领社员增收",
			"合作社开展技术培训6场次。",
			"四、本职见成效",
			"村里组织普法宣传4场。",
		),
			actRow{corpus.ActInspection, "3", "", true},
			actRow{corpus.ActPublicService, "20", "", false},
			actRow{corpus.ActTraining, "6", "", false},
			actRow{corpus.ActPublicity, "4", "", false})
	})
	t.Run("a heading naming the deputy's work stays", func(t *testing.T) {
		checkActivities(t, dutyReport(
			"一、立足代表职责，带领选民议事",
			"全年到联络站接待选民来访25人次。",
		), actRow{corpus.ActVoterContact, "25", "", true})
	})
	t.Run("training arranged by a department", func(t *testing.T) {
		checkActivities(t, dutyReport(
			"参加县人大常委会举办的代表培训1次；按照县教育局的安排，参加骨干教师培训2期；还参加了市农业局组织的种植大户培训1期。",
		),
			actRow{corpus.ActTraining, "1", "", true},
			actRow{corpus.ActTraining, "2", "", false},
			actRow{corpus.ActTraining, "1", "", false})
	})
}

func TestTuneActivityWords(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []actRow
	}{
		{"讲法 is publicity", "利用农闲到各村为群众讲法律知识五场。",
			[]actRow{{corpus.ActPublicity, "5", "", true}}},
		{"帮 is public service", "作为代表，我帮乡亲们六户困难户联系销路。",
			[]actRow{{corpus.ActPublicService, "6", "", true}}},
		{"帮着 is no activity", "能帮着办的就帮着办，今年办了3回。", nil},
		{"participation refers to the clause before", "县人大常委会组织代表执法检查，我参加了两次，检查了农药销售。",
			[]actRow{{corpus.ActLawEnforcementCheck, "2", "", true}}},
		{"not after another verb", "县人大常委会组织代表执法检查，我打了两次电话。", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkActivities(t, dutyReport(c.body), c.want...) })
	}
}
