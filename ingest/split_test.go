package ingest

import (
	"strings"
	"testing"
)

func TestSplitCompilation(t *testing.T) {
	f, err := readFixture(t, "compilation.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		title       string
		first, last string // first and last line of the text
	}{
		{"人大代表履职报告篇一", "人大代表履职报告（精选3篇）", "以上报告，请各位选民评议。"},
		{"人大代表履职报告篇二", "人大代表履职报告篇二", "以上报告，请予审议。"},
		{"社区居委会主任人大代表述职报告", "社区居委会主任人大代表述职报告", "存在的不足是学习不够系统，履职能力还需进一步提高。"},
		{"关于提高基层人大代表履职能力的思考", "人大代表履职报告篇三", "二是健全联系机制。要依托代表联络站，建立代表定期接待选民制度。"},
		{"", "猜您感兴趣：", "3. 人大代表年度述职报告（通用5篇）"},
	}
	if len(f.Docs) != len(want) {
		for _, d := range f.Docs {
			t.Logf("part %d %q", d.Part, d.Title)
		}
		t.Fatalf("%d parts, want %d", len(f.Docs), len(want))
	}
	for i, w := range want {
		d := f.Docs[i]
		lines := strings.Split(d.Text, "\n")
		if d.Title != w.title || lines[0] != w.first || lines[len(lines)-1] != w.last {
			t.Errorf("part %d: title %q, first %q, last %q; want %q, %q, %q", i+1, d.Title, lines[0], lines[len(lines)-1], w.title, w.first, w.last)
		}
	}
	// The site preamble stays with the document it precedes.
	if !strings.Contains(f.Docs[0].Text, "以下是小编整理的") {
		t.Errorf("part 1 lost the site preamble")
	}
	// The related list is exactly the marker and its three titles.
	if got, want := f.Docs[4].Text, "猜您感兴趣：\n\n1. 2023年人大代表个人述职报告范文\n2. 村党支部书记人大代表履职报告\n3. 人大代表年度述职报告（通用5篇）"; got != want {
		t.Errorf("related list part = %q, want %q", got, want)
	}
}

func TestSplit(t *testing.T) {
	body := []string{
		"本人于2021年当选为县第十八届人大代表。一年来，我认真参加代表大会，审议政府工作报告，提出意见建议6条。",
		"闭会期间，我参加了县人大常委会组织的视察活动3次、执法检查1次，走访选民50余户。",
		"存在的不足是调研不够深入，今后我将进一步加强学习。",
		"以上报告，请予审议。",
	}
	join := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name   string
		lines  []string
		titles []string
	}{
		{"one report", join([]string{"2023年县人大代表述职报告", "", "各位代表："}, body), []string{"2023年县人大代表述职报告"}},
		{"no title", body, []string{""}},
		{
			// An announcement that asks for review (我谨就…作一报告，请予评议)
			// opens the report: the self-introduction after it is no
			// new document.
			"announcement asking for review",
			join([]string{"关于本人履行市人大代表职务情况的报告", "——在河口镇人大代表述职评议会上", "", "各位代表：", "根据本次会议关于安排部分代表现场述职的决定，受镇人大主席团委托，我谨就去年履行市人大代表职务、联系选民和提出建议的情况作一报告，请予评议。", "本人邓思远，现任河口镇镇长，2021年当选为市人大代表。"}, body),
			[]string{"关于本人履行市人大代表职务情况的报告"},
		},
		{
			// 本人体会， opens a paragraph the way 本人王某， opens a
			// report, but 体会 is no one's name.
			"a paragraph opening with 本人 and a verb",
			join([]string{"2024年度区人大代表履职报告", "各位选民：", "本人宁海峰，2021年当选为区人大代表，现在区人民医院从事急诊工作。"}, body[:3], []string{"今后我将继续努力，认真履行代表职责，不辜负选民的信任。", "本人感受，代表的联系群众不能只靠开会，要走到病房、走到社区里去，听群众说真话、说实话，才能把问题摸准、把建议提实。", "在参加代表小组活动时，我把急诊病人反映较多的挂号难、转诊难问题整理成材料，交给了区卫健委。"}),
			[]string{"2024年度区人大代表履职报告"},
		},
		{
			// A public account's repost: its head (关注, 来源, 编者按) is
			// the article's preamble; its list of earlier posts is a part.
			"public account repost",
			join([]string{"点击上方蓝字 关注我们", "", "代表履职｜宁海峰：急诊室里的代表", "", "来源：东川区人大常委会", "", "编者按：近日，东川区人大常委会组织区人大代表向选区选民述职，现将宁海峰代表的述职发言摘要推送如下，供各位代表参考。", "", "各位选民："}, body, []string{"", "往期回顾", "东川区人大常委会召开第十二次会议", "区人大代表视察城区防汛工作", "代表之家开展“代表接待日”活动"}),
			[]string{"代表履职|宁海峰：急诊室里的代表", ""}, // width folded
		},
		{
			"a brief report announced",
			join([]string{"述职报告", "各位选民：", "按照区人大常委会关于代表向原选区选民述职的安排，结合社区的实际情况，下面我仅就今年参加代表小组活动、走访联系选民和反映社情民意的情况做一次汇报，不当之处请批评指正。", "我叫蒋秀珍，是城西社区推选的区人大代表。"}, body),
			[]string{"述职报告"},
		},
		{
			"work report with byline and headings",
			join([]string{"人大工作报告", "——2023年12月7日在青山镇第十九届人民代表大会第三次会议上", "青山镇人大主席 赵某某", "", "各位代表：", "2023年主要工作回顾"}, body, []string{"2024年工作任务", "一、坚持党的领导", "继续加强自身建设，提高履职水平。"}),
			[]string{"人大工作报告"},
		},
		{
			"listed suggestions stay",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body[:2], []string{"提出的建议有：", "1、关于加强农村道路养护管理的建议", "2、关于改善乡村学校办学条件的建议", "3、关于加快城乡供水一体化建设的建议"}, body[2:]),
			[]string{"2023年县人大代表述职报告"},
		},
		{
			"short list of reports deliberated stays",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"审议的报告有：", "1.政府工作报告", "2.法院工作报告", "3.检察院工作报告"}),
			[]string{"2023年县人大代表述职报告"},
		},
		{
			"quoted title inside a report stays",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body[:2], []string{"会上听取了镇人大主席团工作报告", "各位代表一致表示赞同。"}, body[2:]),
			[]string{"2023年县人大代表述职报告"},
		},
		{
			"two reports back to back",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"", "2023年社区居委会主任人大代表履职报告", "", "各位选民："}, body),
			[]string{"2023年县人大代表述职报告", "2023年社区居委会主任人大代表履职报告"},
		},
		{
			"salutation with text on its line",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"2023年社区居委会主任人大代表履职报告", "各位选民：现将我一年来的履职情况报告如下，请予评议。"}, body),
			[]string{"2023年县人大代表述职报告", "2023年社区居委会主任人大代表履职报告"},
		},
		{
			// A title-like line inside a report, with no opening under it and
			// no closing before it, is the report's own.
			"second title without an opening stays",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body[:2], []string{"2023年社区居委会主任人大代表履职报告"}, body[2:]),
			[]string{"2023年县人大代表述职报告"},
		},
		{
			// After 以上报告，请予审议, a title and a self-introduction
			// (本人于2021年当选为…代表) begin the next document.
			"title after a closing, then a self-introduction",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"2023年社区居委会主任人大代表履职报告"}, body),
			[]string{"2023年县人大代表述职报告", "2023年社区居委会主任人大代表履职报告"},
		},
		{
			"essay after a report with byline",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"关于加强代表建议办理工作的思考", "2023年5月"}, body[:3]),
			[]string{"2023年县人大代表述职报告", "关于加强代表建议办理工作的思考"},
		},
		{
			"sections",
			join([]string{"【篇一】2023年县人大代表述职报告"}, body, []string{"【篇二】2022年县人大代表述职报告"}, body, []string{"第三篇", "各位代表："}, body),
			[]string{"【篇一】2023年县人大代表述职报告", "【篇二】2022年县人大代表述职报告", "第三篇"},
		},
		{
			"section heading gives way to the document's own title",
			join([]string{"人大代表述职报告 篇一", "", "2023年县人大代表述职报告", "各位代表："}, body, []string{"人大代表述职报告 篇二", "各位代表："}, body),
			[]string{"2023年县人大代表述职报告", "人大代表述职报告 篇二"},
		},
		{
			"site framing gives way to the inner title",
			join([]string{"人大代表履职报告范文：关于加强代表建议办理工作的思考", "以下是小编为大家整理的范文，欢迎阅读与收藏。", "关于加强代表建议办理工作的思考"}, body),
			[]string{"关于加强代表建议办理工作的思考"},
		},
		{
			"范文 sections",
			join([]string{"范文一：县人大代表述职报告"}, body, []string{"范文二：县人大代表述职报告"}, body),
			[]string{"范文一：县人大代表述职报告", "范文二：县人大代表述职报告"},
		},
		{
			"unmarked list of related titles at the end",
			join([]string{"2023年县人大代表述职报告", "各位代表："}, body, []string{"", "2023年人大代表个人述职报告范文", "村党支部书记人大代表履职报告", "人大代表年度述职报告（通用5篇）"}),
			[]string{"2023年县人大代表述职报告", ""},
		},
		{
			"a list under a 范文 heading with a colon",
			join([]string{"2022年镇人大代表述职报告", "各位代表："}, body, []string{"", "推荐范文：", "镇人大代表个人履职报告（精选4篇）", "社区代表述职报告范文", "村级人大代表年度述职报告"}),
			[]string{"2022年镇人大代表述职报告", ""},
		},
		{
			"a column page of furniture and a list is one document",
			[]string{"村官述职报告_范文在线", "", "首页 > 述职报告 > 村官述职报告", "", "本栏目收集各地村官的述职报告，欢迎投稿。", "", "热门文章", "", "· 大学生村官年度述职报告（通用3篇）", "· 村官个人述职报告范文", "· 2022年村官述职报告"},
			[]string{"村官述职报告_范文在线"},
		},
		{
			"a third report titled with 年度 in brackets",
			join([]string{"2018年各村代表述职汇编", "东坡村代表述职报告（2018年）", "各位代表："}, body, []string{"西坡村代表述职报告（2018年度）", "各位代表："}, body),
			[]string{"东坡村代表述职报告（2018年）", "西坡村代表述职报告（2018年度）"},
		},
		{
			"preamble stays with the report",
			join([]string{"以下是小编为大家整理的人大代表述职报告，欢迎阅读与收藏。", "2023年县人大代表述职报告", "各位代表："}, body),
			[]string{"2023年县人大代表述职报告"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := split(tt.lines)
			var titles []string
			for _, p := range parts {
				titles = append(titles, p.title)
			}
			if strings.Join(titles, "|") != strings.Join(tt.titles, "|") {
				t.Errorf("titles %q, want %q", titles, tt.titles)
			}
			// Splitting never loses or reorders a line.
			var all []string
			for _, p := range parts {
				all = append(all, p.text)
			}
			if got, want := nonBlank(strings.Join(all, "\n")), nonBlank(strings.Join(tt.lines, "\n")); got != want {
				t.Errorf("lines lost or reordered:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func nonBlank(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestSplitByContent checks cuts made by content alone, inside one section,
// on sentences written for this test. Each case gives the lines and the
// first line of every document expected.
func TestSplitByContent(t *testing.T) {
	// Two short reports by different deputies, and an essay, to combine.
	reportA := []string{
		"本人蓝晓峰，凤鸣镇第十九届人大代表，凤鸣镇茶叶协会会长。",
		"一年来，我出席镇人代会，提出关于建设茶叶交易市场的建议2件；参加镇人大主席团组织的视察3次，走访茶农40余户。",
		"我的不足是学习不够，对建议办理的跟踪不及时。",
	}
	reportB := []string{
		"我叫石宝珍，是凤鸣镇第十九届人大代表，镇卫生院的护士。",
		"这一年，我参加了镇人代会，提出关于增加村卫生室药品种类的建议1件，还参加了镇人大组织的调研2次，走访选民30余户。",
		"今后我要多学习，多听群众的意见。",
	}
	essay := []string{
		"近年来，一些地方的人大代表述职流于形式，选民对代表履职情况了解不多，监督难以落到实处。",
		"我们认为，应当建立代表履职档案，完善代表向选民述职制度，让选民的评价成为代表履职的重要依据。",
	}
	join := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name   string
		lines  []string
		firsts []string
	}{
		{
			"salutation after a plan, another speaker",
			join([]string{"各位代表："}, reportA, []string{"尊敬的各位选民："}, reportB),
			[]string{"各位代表：", "尊敬的各位选民："},
		},
		{
			"self-introduction after thanks",
			join(reportA, []string{"谢谢大家！"}, reportB),
			[]string{reportA[0], reportB[0]},
		},
		{
			"the same speaker again is no new document",
			join(reportA, []string{"谢谢大家！", "本人蓝晓峰，还要补充说明一点：今年的建议都已经得到答复。"}),
			[]string{reportA[0]},
		},
		{
			"résumé-style opening after a signature and date",
			join(reportA, []string{"述职人：蓝晓峰", "2024.01.06", "龙金凤，女，苗族，1975年出生，凤鸣镇第十九届人大代表，凤鸣镇中心小学校长。", "一年来，我参加了镇人代会和镇人大主席团组织的视察2次，提出关于改建学校食堂的建议1件。"}),
			[]string{reportA[0], "龙金凤，女，苗族，1975年出生，凤鸣镇第十九届人大代表，凤鸣镇中心小学校长。"},
		},
		{
			"an untitled essay after a closed report",
			join(reportA, []string{"以上报告，恳请各位代表提出宝贵意见。"}, essay),
			[]string{reportA[0], essay[0]},
		},
		{
			"an essay voice without a closed report before it stays",
			join(reportA, essay),
			[]string{reportA[0]},
		},
		{
			"a numbered title in an office's compilation",
			join([]string{"一、蓝晓峰代表述职报告", "各位代表："}, reportA, []string{"二、石宝珍代表述职报告", "各位代表："}, reportB),
			[]string{"一、蓝晓峰代表述职报告", "二、石宝珍代表述职报告"},
		},
		{
			"a bracketed title with a seat signature before it",
			join(reportA, []string{"凤鸣镇人大代表 蓝晓峰", "【凤鸣镇人大代表石宝珍履职报告】", "各位选民："}, reportB),
			[]string{reportA[0], "【凤鸣镇人大代表石宝珍履职报告】"},
		},
		{
			"a separator line between reports",
			join(reportA, []string{"------", "根据镇人大主席团的安排，现将我一年来履行代表职责的情况报告如下。"}, reportB[1:]),
			[]string{reportA[0], "根据镇人大主席团的安排，现将我一年来履行代表职责的情况报告如下。"},
		},
		{
			"an interview after a closed report",
			join(reportA, []string{"以上报告，请予评议。", "问：您当代表以来最难忘的一件事是什么？", "答：是帮村里争取到了一座便民桥，乡亲们出门再也不用蹚水了。"}),
			[]string{reportA[0], "问：您当代表以来最难忘的一件事是什么？"},
		},
		{
			"a chair's next turn in minutes is no new document",
			join([]string{"凤鸣镇人大代表述职评议会记录", "主持人：镇人大主席团副主席罗永红", "主持人：今天请蓝晓峰代表向选民述职，然后由选民代表评议。"}, reportA, []string{"以上是我的述职，请大家评议。", "主持人：接下来请各位选民代表发表意见。", "选民代表杨秀英：蓝代表常来村里，茶叶市场的事情他一直在跑。"}),
			[]string{"凤鸣镇人大代表述职评议会记录"},
		},
		{
			"a work report without its title after a closed report",
			join(reportA, []string{"以上报告，请予审议。", "一年来，镇人大主席团在镇党委的领导下，依法开展监督，组织代表视察4次。", "本次会议以来，全镇代表共提出建议26件，已全部办结。"}),
			[]string{reportA[0], "一年来，镇人大主席团在镇党委的领导下，依法开展监督，组织代表视察4次。"},
		},
		{
			"a report's own numbered sections after an opening that asks for comments",
			join([]string{"2023年度镇人大代表述职报告", "各位选民：", "本人自当选以来认真履行代表职责，现将履职情况报告如下，不妥之处，请各位选民批评指正。", "一、参加会议情况", "积极出席镇人代会，审议各项报告，提出建议2件，走访选民30余户。"}),
			[]string{"2023年度镇人大代表述职报告"},
		},
		{
			"a name after a closing signs; a blurb after the date is the site's",
			join(reportA, []string{"恳请各位代表对我的履职提出意见。", "蓝晓峰", "2023年12月", "履职报告是人大代表向选民报告履职情况的书面材料，一般包括基本情况、履职情况、不足和打算几个部分。写作时要多用具体事例，切忌写成单位工作总结。下面的范文可以参考。"}),
			[]string{reportA[0], "履职报告是人大代表向选民报告履职情况的书面材料，一般包括基本情况、履职情况、不足和打算几个部分。写作时要多用具体事例，切忌写成单位工作总结。下面的范文可以参考。"},
		},
		{
			"an opening on a body's behalf that asks for review is no closing",
			join([]string{"各位代表：", "受凤鸣镇人大主席团委托，我作为镇选出的县人大代表，向主席团报告一年来的履职情况，请予评议。", "我现任凤鸣镇卫生院院长，2021年当选为县人大代表。一年来，我参加县人代会，提出建议3件，参加视察2次。"}),
			[]string{"各位代表："},
		},
		{
			"the site's download line stays with the document before it",
			join(reportA, []string{"述职人：蓝晓峰", "2023年12月20日", "（温馨提示：本文为Word格式，点击下方按钮下载后可编辑。）"}),
			[]string{reportA[0]},
		},
		{
			"a speech's bracketed date above its salutation opens it",
			join(reportA, []string{"述职人：蓝晓峰", "2023年12月20日", "（2024年1月8日）", "各位居民代表："}, reportB),
			[]string{reportA[0], "（2024年1月8日）"},
		},
		{
			"the site's line after a marked list of titles belongs to the list",
			join(reportA, []string{"推荐阅读：", "村党支部书记人大代表履职报告范文", "2023年镇人大代表个人述职报告", "更多精彩范文，请关注本站述职报告栏目。"}),
			[]string{reportA[0], "推荐阅读："},
		},
		{
			"a numbered list of titles between two documents",
			join(essay, []string{"1、乡镇人大代表履职报告范文（通用5篇）", "2、2023年县人大代表个人述职报告", "3、人大代表联系选民工作制度", "4、社区人大代表履职情况报告", "现将本人一年来履行代表职责的情况报告如下："}, reportB),
			[]string{essay[0], "1、乡镇人大代表履职报告范文（通用5篇）", "现将本人一年来履行代表职责的情况报告如下："},
		},
		{
			"a deputy's numbered list of her own reports stays",
			join(reportB[:2], []string{"我今年撰写的调研报告有：", "1、关于凤鸣镇农村饮水安全情况的调研报告", "2、关于凤鸣镇留守老人照料情况的调研报告", "3、关于凤鸣镇茶叶产业发展情况的调研报告"}, reportB[2:]),
			[]string{reportB[0]},
		},
		{
			"an untitled re-post of the essay just read",
			join([]string{"浅谈基层人大代表的履职监督"}, essay, []string{
				"近年来，一些地方的人大代表述职流于形式，选民对代表的履职情况了解不多，监督难以真正落到实处。",
				"我们认为，应当建立代表履职档案，健全代表向选民述职制度，让选民的评价成为代表履职的重要依据。"}),
			[]string{"浅谈基层人大代表的履职监督", "近年来，一些地方的人大代表述职流于形式，选民对代表的履职情况了解不多，监督难以真正落到实处。"},
		},
		{
			"a name and a date close a letter",
			join([]string{"致选民的一封信", "亲爱的选民朋友们："}, reportB, []string{"石宝珍", "2023年12月", "蓝晓峰同志履职情况报告", "各位代表："}, reportA),
			[]string{"致选民的一封信", "蓝晓峰同志履职情况报告"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var firsts []string
			for _, p := range split(tt.lines) {
				first, _, _ := strings.Cut(p.text, "\n")
				firsts = append(firsts, first)
			}
			if strings.Join(firsts, "|") != strings.Join(tt.firsts, "|") {
				t.Errorf("parts start at\n%q\nwant\n%q", firsts, tt.firsts)
			}
		})
	}
}

// TestIntroName: a self-introduction's name is one when a family name
// leads it, or when what follows vouches for it; a verb is none.
func TestIntroName(t *testing.T) {
	for _, tt := range []struct {
		name, after string
		want        bool
	}{
		{"宁海峰", "，2021年当选为区人大代表", true},
		{"欧阳启瀚", "，律师", true},
		{"扎西多吉", "，藏族，现任乡党委副书记", true},
		{"阿依古丽", "，2016年当选为县人大代表", true},
		{"巴特尔", "，男，蒙古族", true},
		{"体会", "，代表的学习不能只停留在文件上", false},
		{"感受", "，代表联系群众不能只靠开会", false},
		{"认为", "，要把建议提实", false},
	} {
		if got := introName(tt.name, tt.after); got != tt.want {
			t.Errorf("introName(%q, %q) = %v, want %v", tt.name, tt.after, got, tt.want)
		}
	}
}
