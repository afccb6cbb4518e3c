// Package corpustest builds deterministic synthetic corpora for benchmarks
// and scale tests: duty reports assembled from phrase tables, with the
// debris real files carry (placeholders, copied paragraphs). The texts are
// plausible, not realistic; the bundled sample corpus (corpus/sample) is the
// realistic one.
package corpustest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Doc is one generated document.
type Doc struct {
	Name string // a file name: 2019/清河镇/张建华-2019年度述职报告.txt
	Text string
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟")
	given    = []rune("建华国强桂兰秀英明军丽伟芳敏静磊洋勇艳杰娟涛超霞平刚玉兰春梅志红金凤海燕文德振兴晓东")
	places   = []string{"清河", "石门", "桐林", "云溪", "柳塘", "东明", "南湖", "北山", "查干", "白沙", "青松", "红旗", "永安", "兴隆", "长乐", "新华", "富民", "太平", "和平", "双河"}
	suffixes = []string{"镇", "乡", "县", "区", "市", "旗"}
	jobs     = []string{"村党支部书记", "村委会主任", "社区居委会主任", "小学教师", "中学教师", "乡镇卫生院医生", "农业合作社理事长", "企业董事长", "个体工商户", "养殖户", "退休干部", "镇党委书记", "县交通运输局局长"}
	topics   = []string{"农村道路硬化", "饮水安全", "养老服务", "学校建设", "食品安全", "秸秆禁烧", "草原保护", "河道治理", "营商环境", "医疗保障", "垃圾分类", "农田水利", "道路交通安全", "乡村振兴", "人居环境整治", "农产品销售", "留守儿童关爱", "就业培训"}
	numerals = []string{"两", "三", "四", "五", "六", "七", "八", "九", "十", "十二", "十五", "二十三"}
	stock    = []string{
		"坚持以习近平新时代中国特色社会主义思想为指导，认真履行宪法和法律赋予的各项职责。",
		"始终把人民群众的利益放在首位，密切联系群众，倾听群众呼声，反映群众意愿。",
		"积极参加人大常委会组织的各项活动，认真学习《代表法》等法律法规，不断提高履职能力。",
		"作为一名人大代表，我深知肩上的责任重大，始终牢记人民代表为人民的宗旨。",
		"在今后的工作中，我将进一步加强学习，提高自身素质，更好地履行代表职责。",
	}
	template = []string{
		"一是加强政治理论学习。本人坚持把思想政治建设摆在首位，积极参加各类学习培训，深入学习贯彻党的路线方针政策，不断提高政治站位和履职本领，确保代表履职始终沿着正确方向前进。",
		"二是密切联系选区选民。本人始终保持与人民群众的密切联系，以群众利益无小事的态度，诚心诚意为老百姓解难事、办实事、做好事，经常深入选区了解群众所思所盼所忧所急。",
		"三是认真参与监督活动。积极参与人大组织的执法检查、视察和评议活动，突出事关人民群众切身利益的问题，推动代表建议办理从重答复走向重落实。",
	}
)

// Generate returns n synthetic documents, the same for the same seed.
// About one in eight is filled with placeholders, one in five copies a
// template paragraph, and one in twenty is a work report.
func Generate(seed uint64, n int) []Doc {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	docs := make([]Doc, 0, n)
	for i := range n {
		docs = append(docs, generate(r, i))
	}
	return docs
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func name(r *rand.Rand) string {
	s := string(surnames[r.IntN(len(surnames))])
	for range 1 + r.IntN(2) {
		s += string(given[r.IntN(len(given))])
	}
	return s
}

func generate(r *rand.Rand, i int) Doc {
	year := 2008 + r.IntN(18)
	place := pick(r, places) + pick(r, suffixes)
	who := name(r)
	if r.IntN(20) == 0 {
		return workReport(r, year, place, i)
	}
	placeholders := r.IntN(8) == 0
	num := func(n int) string {
		if placeholders && r.IntN(2) == 0 {
			return strings.Repeat("*", 1+r.IntN(3))
		}
		if r.IntN(3) == 0 && n >= 2 && n <= 23 {
			return pick(r, numerals)
		}
		return fmt.Sprint(n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d年度人大代表履职情况报告\n各位选民：\n", year)
	fmt.Fprintf(&b, "本人%s，于%d年当选为%s第%s届人大代表，现任%s%s。现将%d年履职情况报告如下：\n",
		who, year-1-r.IntN(3), place, pick(r, []string{"十六", "十七", "十八", "十九", "12", "13"}), pick(r, places)+"村", pick(r, jobs), year)
	b.WriteString("一、加强学习，提升履职能力\n")
	b.WriteString(pick(r, stock))
	fmt.Fprintf(&b, "全年参加代表培训%s次，参加理论学习%s次。\n", num(1+r.IntN(5)), num(2+r.IntN(10)))
	b.WriteString("二、认真履职，发挥代表作用\n")
	if r.IntN(5) == 0 {
		for _, p := range template {
			b.WriteString(p + "\n")
		}
	}
	topic := pick(r, topics)
	fmt.Fprintf(&b, "按时出席人民代表大会会议，认真审议各项工作报告，围绕%s等问题提出意见建议%s条。", topic, num(1+r.IntN(12)))
	fmt.Fprintf(&b, "全年参加视察%s次、专题调研%s次，参加执法检查%s次。", num(1+r.IntN(6)), num(1+r.IntN(6)), num(1+r.IntN(3)))
	fmt.Fprintf(&b, "在代表联络站接待选民%s人次，走访选民%s户，收集意见建议%s条。\n", num(5+r.IntN(60)), num(10+r.IntN(90)), num(3+r.IntN(30)))
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "%d年%d月%d日，参加县人大常委会组织的%s视察。\n", year, 1+r.IntN(12), 1+r.IntN(28), pick(r, topics))
	}
	for range 10 + r.IntN(30) { // real reports run to 2,000-4,000 characters (the seeds: 2,900 and 3,100)
		t := pick(r, topics)
		fmt.Fprintf(&b, "针对%s问题，本人深入实地了解情况，与相关部门沟通协调，推动解决了%s方面的实际困难，群众反映良好。", t, t)
		b.WriteString(pick(r, stock) + "\n")
	}
	b.WriteString("三、存在的不足\n")
	if r.IntN(6) > 0 {
		fmt.Fprintf(&b, "一是学习不够深入；二是联系%s选民还不够经常。", place)
	}
	b.WriteString(stock[4] + "\n")
	fmt.Fprintf(&b, "述职人：%s\n%d年12月\n", who, year)
	return Doc{Name: fmt.Sprintf("%d/%s/%05d-%s-%d年度述职报告.txt", year, place, i, who, year), Text: b.String()}
}

func workReport(r *rand.Rand, year int, place string, i int) Doc {
	var b strings.Builder
	fmt.Fprintf(&b, "%s人大主席团工作报告\n各位代表：\n现在，我代表%s人大主席团，向大会报告工作，请予审议。\n", place, place)
	fmt.Fprintf(&b, "%d年，%s人大主席团坚持围绕中心、服务大局，依法履行职责。", year, place)
	for range 4 + r.IntN(6) {
		fmt.Fprintf(&b, "组织代表开展%s专题视察，提出意见建议%d条，督办落实%d件。", pick(r, topics), 3+r.IntN(20), 1+r.IntN(8))
		b.WriteString(pick(r, stock) + "\n")
	}
	b.WriteString("主席团的工作还存在一些不足，主要表现在：联系代表还不够紧密；监督工作方式还需创新。\n")
	return Doc{Name: fmt.Sprintf("%d/%s/%05d-人大主席团工作报告.txt", year, place, i), Text: b.String()}
}
