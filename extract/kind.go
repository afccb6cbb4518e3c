package extract

import (
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// A kindCue is a piece of evidence for one kind of document, with a weight.
type kindCue struct {
	kind   corpus.Kind
	weight int
	re     gated
	head   bool // only counts in the title or the first lines
	once   bool // counts at most once
}

var kindCues = []kindCue{
	// A deputy reporting on their own duty.
	{corpus.KindDutyReport, 5, gate(`(?:(?:本人|我)[^。\n]{0,30}(?:当选|被选为|被选举为|选举为|担任|作为|是)|选我(?:当|为|做|作))[^。\n]{0,40}(?:人大代表|人民代表大会代表)`, "人大代表", "人民代表大会代表"), false, true},
	// 本人孙英，县人大代表: the author names themself and the seat.
	{corpus.KindDutyReport, 5, gate(`(?:本人|我叫|我是)\p{Han}{2,4}[，,][^。\n]{0,24}(?:人大代表|人民代表大会代表)`, "本人", "我叫", "我是"), false, true},
	{corpus.KindDutyReport, 5, gate(`现将[^。\n]{0,30}(?:履职|述职|履行代表职责|履行职责|代表工作)[^。\n]{0,20}(?:报告|汇报|述职)如下`, "现将"), false, true},
	{corpus.KindDutyReport, 4, gate(`(?:述职|履职)(?:情况)?(?:报告|汇报)|代表述职|向选民(?:报告|述职)`, "述职", "履职", "向选民"), true, true},
	{corpus.KindDutyReport, 2, gate(`作为(?:一名)?[^。，\n]{0,10}人大代表|作为代表`, "作为"), false, true},
	{corpus.KindDutyReport, 2, gate(`各位选民|选民朋友`, "选民"), false, true},
	{corpus.KindDutyReport, 2, gate(`(?:我|本人)(?:积极|认真|按时|先后|共)?(?:参加|出席|提出|提交|走访|接待)`, "参加", "出席", "提出", "提交", "走访", "接待"), false, true},
	{corpus.KindDutyReport, 1, gate(`述职人|报告人`, "述职人", "报告人"), false, true},

	// A congress body's work report.
	{corpus.KindWorkReport, 7, gate(`我代表[^。\n]{0,30}(?:主席团|常委会|常务委员会)`, "我代表"), false, true},
	{corpus.KindWorkReport, 6, gate(`向[^。\n]{0,40}会议报告工作`, "报告工作"), false, true},
	// 我受乡人大主席团的委托，向大会报告…工作: only a body's report is
	// presented on its behalf.
	// (a deputy may act 受常委会委托 too, but never reports to the session).
	{corpus.KindWorkReport, 7, gate(`(?:我|现)受[^。\n]{0,30}(?:主席团|常委会|常务委员会)的?委托[，,]?向[^。\n]{0,20}(?:大会|会议)报告`, "委托"), false, true},
	{corpus.KindWorkReport, 4, gate(`(?:主席团|常委会|常务委员会|人大)工作报告`, "工作报告"), true, true},
	// 双溪乡人大主席团二〇〇八年工作报告, 常委会2022年度工作报告
	{corpus.KindWorkReport, 4, gate(`(?:主席团|常委会|常务委员会)(?:[〇零○一二三四五六七八九0-9]{4}年度?)工作报告`, "工作报告"), true, true},
	{corpus.KindWorkReport, 1, gate(`(?:镇|乡|区|县|市|旗)?人大主席团(?:坚持|始终|认真|组织|围绕|紧扣)`, "人大主席团"), false, false},
	{corpus.KindWorkReport, 2, gate(`请[^。\n]{0,10}予以审议|请予审议`, "审议"), false, true},
	{corpus.KindWorkReport, 1, gate(`\d{4}年(?:主要)?工作(?:回顾|任务|安排)`, "工作回顾", "工作任务", "工作安排"), false, true},

	// An essay about deputies and systems.
	{corpus.KindEssay, 6, gate(`笔者`, "笔者"), false, true},
	{corpus.KindEssay, 5, gate(`(?:摘\s*要|关键词|关键字)[:：]`, "摘", "关键"), false, true},
	{corpus.KindEssay, 3, gate(`浅析|浅谈|探析|探讨|思考|研究|对策|路径`, "浅析", "浅谈", "探析", "探讨", "思考", "研究", "对策", "路径"), true, true},
	{corpus.KindEssay, 2, gate(`(?:存在的问题|问题与对策|原因分析|对策建议|几点建议|意见与建议)`, "存在的问题", "问题与对策", "原因分析", "对策建议", "几点建议", "意见与建议"), false, true},
	{corpus.KindEssay, 2, gate(`建议(?:进一步)?(?:完善|健全|建立)[^。\n]{0,12}(?:制度|机制|体系)`, "建议"), false, true},
}

// classify decides the kind of a document and returns the evidence of the
// strongest cue. A document with too little evidence for any kind is other.
func classify(d *doc) (corpus.Kind, []corpus.Span) {
	if looksLikeLinkList(d) {
		return corpus.KindOther, nil
	}
	scores := map[corpus.Kind]int{}
	best := map[corpus.Kind]corpus.Span{}
	inBody := map[corpus.Kind]bool{} // a cue outside the title lines matched
	headEnd := headLength(d)
	for _, c := range kindCues {
		limit := len(d.text)
		if c.head {
			limit = headEnd
		}
		n := 0
		c.re.each(d, limit, func(m []int) bool {
			if m[1] > limit {
				return false
			}
			n++
			scores[c.kind] += c.weight
			inBody[c.kind] = inBody[c.kind] || !c.head
			if _, ok := best[c.kind]; !ok {
				best[c.kind] = d.evidence(span{m[0], m[1]})
			}
			return !c.once && n < 5
		})
		if n == 0 && c.head && d.title != "" && c.re.re.MatchString(d.title) {
			scores[c.kind] += c.weight // the title given by the file (docx core, html <title>)
		}
	}
	kind, top := corpus.KindOther, 0
	for _, k := range []corpus.Kind{corpus.KindWorkReport, corpus.KindEssay, corpus.KindDutyReport} {
		if scores[k] > top {
			kind, top = k, scores[k]
		}
	}
	// Work-report cues are strong and listed first, so ties go to them: a
	// work report quotes deputies' duty, a duty report never speaks for the
	// presidium.
	// A title alone is not a document: a site's column page headed
	// 人大代表述职报告 holds no report unless its text says something only a
	// report says.
	if top < 4 || !inBody[kind] {
		return corpus.KindOther, nil
	}
	if ev, ok := best[kind]; ok {
		return kind, []corpus.Span{ev}
	}
	return kind, nil
}

// headLength is the length of the title line and the first few lines of
// the document (at most 600 bytes), where a document says what it is.
func headLength(d *doc) int {
	n, end := 0, len(d.text)
	for i := 0; i < len(d.text); i++ {
		if d.text[i] == '\n' {
			n++
			if n == 3 {
				end = i
				break
			}
		}
	}
	return prefixEnd(d.text, min(end, 600))
}

// looksLikeLinkList recognises a list of article titles: at least four
// lines, and nearly all the text in short lines without the commas and full
// stops of prose. A short report (title, salutation, one paragraph,
// signature, date) has most of its lines short but most of its text in the
// paragraph.
func looksLikeLinkList(d *doc) bool {
	lines := strings.Split(strings.TrimSpace(d.text), "\n")
	n, titles, all, inTitles := 0, 0, 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		n++
		all += len(l)
		if utf8.RuneCountInString(l) <= 40 && !strings.ContainsAny(l, "，。；,;") {
			titles++
			inTitles += len(l)
		}
	}
	return n >= 4 && titles*10 >= n*8 && inTitles*10 >= all*8
}
