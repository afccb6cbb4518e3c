package index

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"lvzhi/corpus"
)

// The generator below writes short duty-report-like documents from phrase
// lists of our own, with the debris real reports carry (placeholders,
// template years, mixed digits), so that tests and benchmarks index text
// shaped like the real thing. It is deterministic for a given seed.

var genOpenings = []string{
	"各位选民：本人被选举担任镇第十届人大代表以来，认真履行代表职责。",
	"我叫张明华，是县第十八届人大代表，现将一年来的履职情况报告如下。",
	"根据代表联络站的安排，我就履行代表职责的情况作简要汇报，不当之处请批评指正。",
	"本人于20xx年当选为区人大代表，现将履职情况向选民报告。",
	"一年来，我坚持把学习放在首位，努力提升履职能力。",
}

var genPhrases = []string{
	"积极参加代表活动",
	"围绕道路交通安全开展专题调研",
	"提出关于改善农村道路条件的建议",
	"走访选民**户",
	"参加执法检查2次",
	"督促解决群众交通出行不便问题",
	"深入开展食品安全视察",
	"2023年参加代表活动12次",
	"听取并审议政府工作报告",
	"辖区道路交通秩序明显好转",
	"加强交通安全管理",
	"认真学习《代表法》等法律法规",
	"闭会期间到代表联络站接待选民",
	"开展交通安全宣传进社区活动",
	"推动修建村组道路3公里",
	"反映路灯照明设施不完善的问题",
	"推动安全生产责任落实",
	"参加20xx年度述职评议",
	"跟踪督办群众反映的道路积水问题",
	"组织开展普法宣传活动",
	"提出意见建议9条",
	"参加县人大常委会组织的视察活动",
	"改善交通条件",
	"规范道路交通秩序",
	"为民办实事，慰问困难群众**人",
	"参加培训学习3次",
	"对农村饮水安全工作进行调研",
	"推动解决校园周边交通拥堵",
	"2022年提出建议5件",
	"关注养老服务和医疗保障",
}

var genClosings = []string{
	"存在的不足主要是学习不够深入，联系选民还不够广泛。",
	"今后，我将继续履职尽责，不辜负选民的信任。",
	"以上报告，请各位选民评议。",
	"欢迎阅读与收藏。",
}

// genTopics make the one sentence of a report that few others share.
var genTopics = []string{
	"养老服务设施建设", "农村饮水安全", "校园周边交通整治", "老旧小区改造", "农产品冷链物流",
	"河道垃圾清理", "乡村医生队伍建设", "集贸市场秩序", "留守儿童关爱", "电动自行车充电",
	"垃圾分类收运", "山洪灾害防治", "社区食堂运营", "非遗技艺传承", "水库移民后扶",
	"林下经济发展", "快递末端网点", "农村公路养护", "学前教育普惠", "殡葬改革推进",
}

var (
	genNames   = []string{"张明华", "李秀英", "王建国", "赵丽", "陈志强", "刘芳", "杨帆", "黄海"}
	genRegions = []string{"江宁区", "石门镇", "宁海县", "城关镇", "河西区"}
	genLevels  = []string{"县", "镇", "市", "区", "乡"}
	genFlags   = []string{corpus.FlagPlaceholder, corpus.FlagTemplateResidue, corpus.FlagNoShortcomings, corpus.FlagBoilerplate}
	genSeps    = []string{"，", "，", "。", "；", "、", "\n"}
)

// genReport returns the i-th generated report of the sequence seeded by
// seed, with roughly size bytes of text.
func genReport(r *rand.Rand, i, size int) *corpus.Report {
	var b strings.Builder
	b.WriteString(genOpenings[r.IntN(len(genOpenings))])
	b.WriteString("\n")
	for b.Len() < size {
		b.WriteString(genPhrases[r.IntN(len(genPhrases))])
		b.WriteString(genSeps[r.IntN(len(genSeps))])
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "领衔提出《关于加强%s%s的建议》。\n", genRegions[r.IntN(len(genRegions))], genTopics[r.IntN(len(genTopics))])
	b.WriteString(genClosings[r.IntN(len(genClosings))])

	year := 2018 + r.IntN(7)
	rep := &corpus.Report{}
	rep.ID = fmt.Sprintf("doc%05d", i)
	rep.Source = fmt.Sprintf("batch/%d/report-%05d.txt", year, i)
	rep.Part = 1 + r.IntN(2)
	rep.Parts = rep.Part
	rep.Text = b.String()
	rep.Title = fmt.Sprintf("%s人大代表%d年度履职报告", genRegions[r.IntN(len(genRegions))], year)
	rep.Kind = corpus.Kinds[r.IntN(len(corpus.Kinds))]
	if r.IntN(5) > 0 { // a fifth have no known year
		rep.Year = &year
	}
	if r.IntN(4) > 0 {
		name := genNames[r.IntN(len(genNames))]
		rep.Deputy.Name = &name
	}
	region := genRegions[r.IntN(len(genRegions))]
	rep.Deputy.Region = &region
	rep.Deputy.Levels = []string{genLevels[r.IntN(len(genLevels))]}
	if r.IntN(3) == 0 {
		rep.Deputy.Levels = append(rep.Deputy.Levels, genLevels[r.IntN(len(genLevels))])
	}
	for _, f := range genFlags {
		if r.IntN(3) == 0 {
			rep.Flags = append(rep.Flags, corpus.Flag{Code: f, Severity: corpus.SeverityMedium})
		}
	}
	return rep
}

// genReports returns n generated reports of about size bytes of text each.
func genReports(seed uint64, n, size int) []*corpus.Report {
	r := newGen(seed)
	out := make([]*corpus.Report, n)
	for i := range out {
		out[i] = genReport(r, i, size)
	}
	return out
}

// newGen is the random source of the sequence seeded by seed.
func newGen(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }
