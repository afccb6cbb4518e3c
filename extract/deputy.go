package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// surnames are the common Chinese family names (single and compound) a
// deputy's name starts with. A name candidate must start with one.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"

var compoundSurnames = []string{"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "呼延", "轩辕"}

// nameStop are characters that never occur in the given name of a deputy as
// reports write them; they end a name candidate (本人严格… is not a name).
const nameStop = "的了在是和对将把从向为以于与及并就也都还又被让使等年月日代表职"

// notGivenNames are words that follow a surname character without being a
// name: 向选民, 全体, 于今.
var notGivenNames = []string{"选民", "群众", "全体", "大家", "各位", "自己", "今年", "去年", "本届", "一年"}

// roleNouns are words for what someone is that start with a surname
// character: 我是农民， 我是党员， 本人干部 are no names.
var roleNouns = []string{"党员", "农民", "农户", "农民工", "干部", "司机", "商人", "华侨", "军人", "工人",
	"石匠", "木匠", "铁匠", "瓦匠", "村民", "居民", "市民", "员工", "包工头", "能手", "巧手", "强人"}

// roleNoun reports whether s is a role noun: one of roleNouns, a word for
// a post ending in 员 (公务员, 管理员, 网格员), or where someone comes from
// (曹县人, 本村人).
func roleNoun(s string) bool {
	if containsString(roleNouns, s) || strings.HasSuffix(s, "员") {
		return true
	}
	if strings.HasSuffix(s, "人") {
		before := runeBefore(s, len(s)-len("人"))
		return strings.ContainsRune("省市州县区旗乡镇村屯组", before)
	}
	return false
}

// isName reports whether s is a plausible personal name: a surname and one
// or two given-name characters (or 某某, as anonymised reports write).
func isName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 {
		return false
	}
	rest := ""
	for _, cs := range compoundSurnames {
		if strings.HasPrefix(s, cs) {
			rest = s[len(cs):]
			break
		}
	}
	if rest == "" {
		r, size := utf8.DecodeRuneInString(s)
		if !strings.ContainsRune(surnames, r) {
			return false
		}
		rest = s[size:]
		if n == 4 {
			return false
		}
	}
	if rest == "" || containsString(notGivenNames, rest) || roleNoun(s) {
		return false
	}
	for i, r := range rest {
		// 为 ends a name (本人王某为…) except inside one: 李为民, 张为国.
		inner := r == '为' && i+len("为") < len(rest)
		if !isHan(r) || strings.ContainsRune(nameStop, r) && !inner {
			return false
		}
	}
	return true
}

var (
	// 本人张建华，… / 我叫张建华 / 我的名字叫张建华
	nameIntroRe = gate(`(?:本人|我叫|我的名字叫|我名叫)(\p{Han}{2,4}?)(?:同志)?(?:[，,。、\s（(]|男|女|于|是|系|现任|现为|自|在|，|作为|担任|来自)`, "本人", "我叫", "我的名字", "我名叫")
	// 我是张建华，… / 我是桐林村党支部书记张建华，
	nameIAmRe = gate(`我是(?:[^，。；\n]{0,30}?(?:书记|主任|教师|老师|医生|校长|院长|经理|董事长|镇长|乡长|代表))?(\p{Han}{2,5}?)[，,。]`, "我是")
	// 述职人：张建华
	nameSignRe = regexp.MustCompile(`(?:述职人|报告人|汇报人|代表姓名|姓名|代表)[:：]\s*(\p{Han}{2,4})(?:\s|$|　|\d)`)
	// 人大代表张建华述职报告 / 张建华同志履职情况报告
	// 陈立新同志2008年度人大代表述职报告
	nameTitleRe = regexp.MustCompile(`(?:代表|^)(\p{Han}{2,4}?)(?:同志)?(?:\d{4}年度?)?(?:人大代表|代表)?(?:的)?(?:述职|履职)`)
	// a line holding only a name near the end (signature without a label)
	nameLineRe = regexp.MustCompile(`(?m)^[ \t　]*(\p{Han}{2,4})[ \t　]*$`)
)

// findName finds the deputy's name as the report states it.
func findName(d *doc) (string, span, bool) {
	for _, g := range []gated{nameIntroRe, nameIAmRe} {
		var found span
		g.each(d, 3000, func(m []int) bool {
			if s := (span{m[2], m[3]}); isName(d.str(s)) || corroboratedName(d, s) {
				found = s
				return false
			}
			return true
		})
		if found.end > 0 {
			return d.str(found), found, true
		}
	}
	tail := len(d.text) - 400
	for tail > 0 && tail < len(d.text) && !utf8.RuneStart(d.text[tail]) {
		tail++
	}
	if tail < 0 {
		tail = 0
	}
	for _, m := range nameSignRe.FindAllStringSubmatchIndex(d.text[tail:], -1) {
		s := span{tail + m[2], tail + m[3]}
		if isName(d.str(s)) {
			return d.str(s), s, true
		}
	}
	// The title: the first line, or the title the reader found (a report
	// of a compilation whose first line is the compilation's title).
	first := d.text[:lineEnd(d.text, 0)]
	if m := nameTitleRe.FindStringSubmatchIndex(first); m != nil {
		s := span{m[2], m[3]}
		if isName(d.str(s)) {
			return d.str(s), s, true
		}
	}
	if s, ok := titleName(d); ok {
		return d.str(s), s, true
	}
	// A bare name line among the last lines, followed by a date or nothing.
	for _, m := range nameLineRe.FindAllStringSubmatchIndex(d.text[tail:], -1) {
		s := span{tail + m[2], tail + m[3]}
		rest := strings.TrimSpace(d.text[s.end:])
		if isName(d.str(s)) && (rest == "" || dateLineRe.MatchString(rest)) {
			return d.str(s), s, true
		}
	}
	return "", span{}, false
}

// corroboratedName accepts a name without a common Chinese surname (额尔敦,
// 巴特尔) when the report confirms it is one: an ethnicity or gender right
// after it, or the same name again as the signature.
func corroboratedName(d *doc, s span) bool {
	name := d.str(s)
	if strings.Trim(name, placeholderChars) == "" {
		return false // 某某某: a placeholder, not a name
	}
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 5 || containsString(notGivenNames, name) {
		return false
	}
	// 日 and 月 end a name before a date, but transliterated names hold
	// them (那顺乌日图, 乌日娜); an ethnicity or gender right after the name
	// vouches for it.
	rest := strings.TrimLeft(d.text[s.end:], "，,（( ")
	vouched := strings.HasPrefix(rest, "男") || strings.HasPrefix(rest, "女") || ethnicityRe.MatchString(rest)
	// "我叫格日勒图，现为…": the explicit naming and the job that follows it.
	named := strings.HasSuffix(d.text[:s.start], "我叫") || strings.HasSuffix(d.text[:s.start], "名字叫") || strings.HasSuffix(d.text[:s.start], "我名叫")
	if named && strings.HasPrefix(d.text[s.end:], "，") && (strings.HasPrefix(rest, "现为") || strings.HasPrefix(rest, "现任")) {
		vouched = true
	}
	for _, r := range name {
		if !isHan(r) || strings.ContainsRune(nameStop, r) && !(vouched && (r == '日' || r == '月')) {
			return false
		}
	}
	if vouched {
		return true
	}
	tail := d.text[max(s.end, len(d.text)-300):]
	return strings.Contains(tail, name)
}

var ethnicityRe = regexp.MustCompile(`^\p{Han}{1,3}族`)

var dateLineRe = regexp.MustCompile(`^(?:\d{4}|20[xX×]{2}|二[〇零○][一二三四五六七八九〇零○]{2})年`)

// prefixEnd returns a byte offset at most n into text, on a rune boundary.
func prefixEnd(text string, n int) int {
	if n >= len(text) {
		return len(text)
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return n
}

// lineEnd returns the end of the line starting at or containing i.
func lineEnd(text string, i int) int {
	if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}

// The seat: "当选为云溪县第十七届人大代表", "市、镇两级人大代表", "省十三届人大代表".
var seatRe = gate(`(?:当选为|当选|选为|选举为|担任|作为一名|作为|是一名|身为|现为|系|本人是|我是|为)?([^，。；：\n]{0,30}?)(?:人大代表|人民代表大会代表)`, "人大代表", "人民代表大会代表")

// seatIntro words show that a seat phrase is about the deputy.
var seatIntro = []string{"当选", "选为", "选举为", "担任", "作为", "是一名", "身为", "现为", "系", "本人", "我是", "我叫", "选我当", "选我做", "选我作"}

var termRe = regexp.MustCompile(`第?([一二三四五六七八九十]{1,3}|\d{1,2}|[xX×*_]{1,3})届`)

// levelSuffixes map the suffix of a place name to the level of its congress.
var levelSuffixes = []struct{ suffix, level string }{
	{"自治区", "省"}, {"自治州", "市"}, {"自治县", "县"}, {"自治旗", "旗"},
	{"省", "省"}, {"市", "市"}, {"州", "市"}, {"盟", "市"}, {"县", "县"},
	{"区", "区"}, {"旗", "旗"}, {"乡", "乡"}, {"苏木", "乡"}, {"镇", "镇"},
}

var levelOrder = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}

// seat is what a report says about the deputy's seat.
type seat struct {
	levels     []string
	levelsSpan span
	term       string
	termSpan   span
	region     string
	regionSpan span
}

// findSeat reads the deputy's seat from the sentences introducing the
// deputy (当选为…代表, 作为…代表), preferring one that names the term or the
// region; the title line is the fallback.
func findSeat(d *doc) (seat, bool) {
	for _, intro := range []bool{true, false} {
		var first seat
		found := false
		seatRe.each(d, 3000, func(m []int) bool {
			sent := d.sentenceAt(m[0])
			before := d.text[sent.start:m[1]]
			if intro != containsAny(before, seatIntro) || !intro && sent.start != 0 {
				return true
			}
			st, ok := parseSeat(d, span{m[2], m[3]})
			if !ok {
				return true
			}
			if !found {
				first, found = st, true
			}
			if st.term != "" || st.region != "" {
				first = st
				return false
			}
			return true
		})
		if found {
			return first, true
		}
	}
	return seat{}, false
}

// parseSeat reads levels, term and region from the words before 人大代表:
// "云溪县第十七届", "市、镇两级", "第十二届全国", "省十三届".
func parseSeat(d *doc, mid span) (seat, bool) {
	var st seat
	text := d.str(mid)
	// Trim the lead-in up to the last verb of the intro ("于2016年当选为").
	if k, w := lastIndexAny(text, []string{"当选为", "当选", "选为", "担任", "作为一名", "作为", "是一名", "身为", "现为", "选我当了", "选我当", "选我做", "选我作", "当上了", "当上"}); k >= 0 {
		mid.start += k + len(w)
		text = d.str(mid)
	}
	// 县第十七届、市第六届: the first term is the deputy's term; none is part
	// of a place name. 第x届 is a placeholder: the term is unknown.
	for i, m := range termRe.FindAllStringSubmatchIndex(text, -1) {
		if t, ok := normaliseTerm(text[m[2]:m[3]]); ok && i == 0 {
			st.term = t
			st.termSpan = span{mid.start + m[0], mid.start + m[1]}
		}
		text = text[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + text[m[1]:]
	}
	if strings.Contains(text, "全国") {
		st.levels = append(st.levels, "全国")
	}
	// Named places and bare level characters, in order.
	for _, part := range splitSeatParts(text) {
		name := part.text
		for _, ls := range levelSuffixes {
			if !strings.HasSuffix(name, ls.suffix) {
				continue
			}
			st.levels = appendUnique(st.levels, ls.level)
			place := placeName(name, ls.suffix)
			if place != ls.suffix && st.region == "" && !strings.ContainsAny(place, placeholderChars) {
				st.region = place
				start := mid.start + part.start + len(name) - len(place)
				st.regionSpan = span{start, start + len(place)}
			}
			break
		}
	}
	if len(st.levels) == 0 && st.term == "" && st.region == "" {
		return st, false
	}
	st.levels = sortLevels(st.levels)
	if len(st.levels) > 0 {
		st.levelsSpan = trimSpan(d.text, mid)
	}
	return st, true
}

// notPlace are characters that end a place name when reading backwards from
// its suffix: "2016年度白沙乡" → 白沙乡, "关于本人履行县" → 县.
const notPlace = "年度于本人履行我的为是在任选当作名身系现届第次一两三级"

// placeholderChars stand in for a place name in a template: XX镇, ××县.
const placeholderChars = "xX×*_□某"

// placeName returns the place name ending name: at most six characters
// before the suffix, none of them notPlace.
func placeName(name, suffix string) string {
	body := name[:len(name)-len(suffix)]
	start := len(body)
	for n := 0; start > 0 && n < 6; n++ {
		r, size := utf8.DecodeLastRuneInString(body[:start])
		if strings.ContainsRune(notPlace, r) {
			break
		}
		start -= size
	}
	return name[start:]
}

type seatPart struct {
	text  string
	start int
}

// levelChars are the congress levels written as one character.
const levelChars = "省市县区旗乡镇"

// splitSeatParts splits "云溪县、石门镇两级" into 云溪县, 石门镇 and "市、镇两级"
// into 市, 镇, dropping the words around them (两级, 三级, 的, 第…届).
func splitSeatParts(text string) []seatPart {
	var out []seatPart
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		// "当选的宁海县": what follows 的 is the place.
		if k := strings.LastIndex(w, "的"); k >= 0 {
			start += k + len("的")
			w = w[k+len("的"):]
		}
		// "市、镇两级", "全国人大": the place comes before these.
		tiers := false
		for _, junk := range []string{"两级", "三级", "四级", "五级", "各级", "全国", "人民代表大会", "人大"} {
			if k := strings.Index(w, junk); k >= 0 {
				w = w[:k]
				tiers = tiers || strings.HasSuffix(junk, "级")
			}
		}
		// "县镇两级": level characters run together, one part each.
		if tiers && utf8.RuneCountInString(w) >= 2 && strings.Trim(w, levelChars) == "" {
			for i, r := range w {
				out = append(out, seatPart{string(r), start + i})
			}
			start = -1
			return
		}
		// A digit run or a year in the lead-in is not a place.
		if w != "" {
			out = append(out, seatPart{w, start})
		}
		start = -1
	}
	for i, r := range text {
		if (isHan(r) || strings.ContainsRune(placeholderChars, r)) && !strings.ContainsRune("、和及与", r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func sortLevels(levels []string) []string {
	var out []string
	for _, l := range levelOrder {
		for _, x := range levels {
			if x == l {
				out = append(out, l)
			}
		}
	}
	return out
}

// normaliseTerm turns 16, 十六 into 第十六届.
func normaliseTerm(s string) (string, bool) {
	n := 0
	if v, err := strconv.Atoi(s); err == nil {
		n = v
	} else if v, ok := parseChinese(s); ok {
		n = v
	}
	if n <= 0 || n > 30 {
		return "", false
	}
	return "第" + chineseNumber(n) + "届", true
}

// chineseNumber writes 1..99 in Chinese numerals.
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n-10]
	case n < 100:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
	return strconv.Itoa(n)
}

// jobSuffixes end the description of a deputy's own job.
var jobSuffixes = []string{
	"党委副书记", "党委书记", "党支部书记", "党总支书记", "副书记", "书记", "村委会主任", "居委会主任", "副主任", "主任",
	"副局长", "局长", "副镇长", "镇长", "副乡长", "乡长", "副县长", "县长", "区长", "市长", "校长", "院长", "园长",
	"教师", "老师", "医生", "村医", "护士", "副总经理", "总经理", "经理", "董事长", "厂长", "站长", "所长", "会长",
	"社长", "理事长", "队长", "科长", "部长", "处长", "干部", "律师", "会计", "工人", "职工", "农民", "个体户",
	"个体工商户", "负责人", "组长", "创始人", "养殖户", "种植户", "专业户", "技术员", "工程师", "嘎查达", "村长", "主席", "委员",
	"牧民", "渔民", "退休干部", "退休教师", "退休职工",
	"场主", "大户", "养蜂户", "果农", "菜农", "茶农", "花农", "蜂农", "药农", "棉农",
	"教授", "讲师", "研究员", "班长", "店主",
}

var positionRe = gate(`(?:现任|现为|担任|任|系|是一名|我是|本人是|[，,]是|身为|作为一名|人大代表[，、,]|代表[，、,]|(?:本人|我叫|我是)\p{Han}{2,5}[，,])([^，。；：\n]{0,30}?(?:`+strings.Join(jobSuffixes, "|")+`))(?:[，。；,、\s_*xX×]|$|兼|和|的|代表)`, jobSuffixes...)

// jobSinceRe is the date a job began, before the job: 2014年起任, 2019年3月担任.
var jobSinceRe = regexp.MustCompile(`^(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}月)?(?:起|开始|以来)?(?:现任|担任|出任|任)`)

var jobThenNameRe = gate(`(?:我是|本人是|本人系)([^，。；：\n]{1,30}?(?:`+strings.Join(jobSuffixes, "|")+`))(\p{Han}{2,3})[，,。]`, "我是", "本人是", "本人系")

// findPosition finds the deputy's own job.
func findPosition(d *doc) (string, span, bool) {
	// 我是清水村村委会主任李明，…
	var found span
	jobThenNameRe.each(d, 6000, func(m []int) bool {
		if isName(d.text[m[4]:m[5]]) {
			found = span{m[2], m[3]}
			return false
		}
		return true
	})
	if found.end > 0 {
		return d.str(found), found, true
	}
	positionRe.each(d, 6000, func(m []int) bool {
		s := span{m[2], m[3]}
		job := d.str(s)
		// "作为一名人大代表和雁岭镇党委书记": the job follows the seat.
		if k, w := lastIndexAny(job, []string{"代表和", "代表、", "代表兼", "代表及", "代表与"}); k >= 0 {
			s.start += k + len(w)
			job = d.str(s)
		}
		if strings.Contains(job, "代表") || strings.Contains(job, "当选") || strings.Contains(job, "常委会") && !strings.HasSuffix(job, "主任") {
			return true
		}
		// "2014年起任杏河镇党委书记": the date the job began is not the job.
		if m := jobSinceRe.FindStringIndex(job); m != nil {
			s.start += m[1]
			job = d.str(s)
		}
		// "人大代表，现任桐林村党支部书记": drop the verb.
		for _, v := range []string{"现任", "现为", "担任", "任", "系", "是一名", "我是", "本人是", "，是", ",是", "是"} {
			if strings.HasPrefix(job, v) {
				s.start += len(v)
				job = d.str(s)
				break
			}
		}
		// "是一名普通的乡村教师": keep what follows the last 的.
		if k := strings.LastIndex(job, "的"); k >= 0 {
			s.start += k + len("的")
			job = d.str(s)
		}
		// "桐林村的一名农民"
		for _, v := range []string{"一名", "一位", "一个"} {
			if strings.HasPrefix(job, v) {
				s.start += len(v)
				job = d.str(s)
				break
			}
		}
		if utf8.RuneCountInString(job) < 2 {
			return true
		}
		// Only in a sentence that introduces the deputy.
		sent := d.sentenceAt(m[0])
		if !containsAny(d.str(sent), []string{"本人", "我", "代表", "现任", "担任"}) {
			return true
		}
		if found.end > 0 {
			// A described job (我是马秀英，桐林村的一名农民，) gives way to
			// the office the same sentence says the deputy holds (现任…理事长).
			if sent == d.sentenceAt(found.start) && hasAnyPrefix(d.text[m[0]:], "现任", "担任", "现为") {
				found = s
			}
			return false
		}
		found = s
		lead := d.text[m[0]:m[2]]
		described := hasAnyPrefix(lead, "本人", "我叫", "我是") && (strings.HasSuffix(lead, "，") || strings.HasSuffix(lead, ","))
		return described
	})
	if found.end > 0 {
		return d.str(found), found, true
	}
	return "", span{}, false
}

var (
	yearRe      = regexp.MustCompile(`((?:19|20)\d{2})年度?`)
	cnYearRe    = regexp.MustCompile(`((?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})年度?`)
	introYearRe = gate(`现将[^。，；\n]{0,8}?((?:19|20)\d{2})年度?`, "现将")
	cnDateRe    = regexp.MustCompile(`(?m)^[ \t　]*(?:[^\s，。]{0,10}[ \t　]+)?([一二][〇零○一二三四五六七八九]{3})年([一二三四五六七八九十]{1,3})月(?:[一二三四五六七八九十]{1,3}日)?[ \t　]*$`)
	leadYearRe  = gate(`^\s*((?:19|20)\d{2})年(?:度)?[，,以]`, "年")
	signDateRe  = regexp.MustCompile(`(?m)^[ \t　]*(?:[^\s，。]{0,10}[ \t　]+)?((?:19|20)\d{2})年(\d{1,2})月(?:\d{1,2}日)?[ \t　]*$`)
	// The year at the head of a longer sentence: 2018年1月，我在…会议上当选为…;
	// 2006年旗人大换届选举时，乡亲们推选我当上了….
	electedFarRe  = gate(`((?:19|20)\d{2})年(?:\d{1,2}月)?[^。；\n]{0,16}?[，,](?:我|本人|乡亲们|选民们|群众)[^。；\n]{0,40}?(?:当选为|当选|推选我|选我(?:当|为|做|作))`, "选")
	electedRe     = gate(`((?:19|20)\d{2}|20[xX×]{2}|[一二][〇零○一二三四五六七八九]{3})年(?:\d{1,2}月|[一二三四五六七八九十]{1,3}月|底|初|末)?[，,]?(?:[^。，；\n]{0,8}?)(?:当选|被选为|被选举为|选举为|依法选举|(选举产生)|选我(?:当|为|做|作))`, "选")
	meetingDateRe = gate(`——\s*((?:19|20)\d{2})年(\d{1,2})月\d{1,2}日在`, "——")
	reportYearRe  = gate(`报告((?:19|20)\d{2})年度?的?(?:主要)?工作`, "报告")
	reviewYearRe  = gate(`((?:19|20)\d{2})年(?:度)?(?:主要)?工作回顾`, "回顾")
	oneYearPhrase = []string{"一年来", "过去的一年", "过去一年", "去年", "上一年度", "工作回顾"}
)

// findYear finds the year the report is about: the title's year, the year
// the report says it covers (现将2021年…, 2020年工作回顾, a line opening with
// 2020年，), then the date of the meeting or the signature, read back to
// the year before when a report dated early in the year speaks of 一年来.
func findYear(d *doc) (int, span, bool) {
	first := span{0, lineEnd(d.text, 0)}
	if m := yearRe.FindStringSubmatchIndex(d.str(first)); m != nil {
		y, _ := strconv.Atoi(d.text[m[2]:m[3]])
		return y, span{m[0], m[1]}, true
	}
	// 双溪乡人大主席团二〇〇八年工作报告
	if m := cnYearRe.FindStringSubmatchIndex(d.str(first)); m != nil {
		if y := cnDigits(d.text[m[2]:m[3]]); y >= 1949 {
			return y, span{m[0], m[1]}, true
		}
	}
	for _, g := range []gated{introYearRe, reviewYearRe, reportYearRe, leadYearRe} {
		if m := g.first(d, 3000); m != nil {
			y, _ := strconv.Atoi(d.text[m[2]:m[3]])
			return y, trimSpan(d.text, span{m[2], m[1]}), true
		}
	}
	// The date of a work report's meeting (——2023年12月7日在…会议上), or the
	// date under the signature.
	if m := meetingDateRe.first(d, 1500); m != nil {
		if y, ok := yearOfDate(d, m); ok {
			return y, span{m[2], m[1]}, true
		}
	}
	tail := len(d.text) - 200
	for tail > 0 && tail < len(d.text) && !utf8.RuneStart(d.text[tail]) {
		tail++
	}
	if tail < 0 {
		tail = 0
	}
	ms := signDateRe.FindAllStringSubmatchIndex(d.text[tail:], -1)
	if len(ms) > 0 {
		m := ms[len(ms)-1]
		for i := range m {
			m[i] += tail
		}
		if y, ok := yearOfDate(d, m); ok {
			return y, span{m[0], m[1]}, true
		}
	}
	// 二〇〇九年十二月二十八日
	if ms := cnDateRe.FindAllStringSubmatchIndex(d.text[tail:], -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		y := cnDigits(d.text[tail+m[2] : tail+m[3]])
		mo, _ := parseChinese(d.text[tail+m[4] : tail+m[5]])
		if y > 0 && (mo >= 7 || mo >= 1 && mo <= 3 && containsAny(d.text, oneYearPhrase)) {
			if mo <= 3 {
				y--
			}
			return y, span{tail + m[0], tail + m[1]}, true
		}
	}
	return 0, span{}, false
}

// cnDigits reads a year written digit by digit in Chinese: 二〇〇九 → 2009.
func cnDigits(s string) int {
	n := 0
	for _, r := range s {
		d, ok := chineseDigit[r]
		if r == '○' {
			d, ok = 0, true
		}
		if !ok {
			return 0
		}
		n = n*10 + d
	}
	return n
}

// yearOfDate reads the year a dated report is about from a match of year
// (group 1) and month (group 2): a report dated late in the year is about
// that year; one dated early in the next year and speaking of 一年来 is
// about the year before; otherwise it is unknown.
func yearOfDate(d *doc, m []int) (int, bool) {
	y, _ := strconv.Atoi(d.text[m[2]:m[3]])
	mo, _ := strconv.Atoi(d.text[m[4]:m[5]])
	switch {
	case mo >= 7:
		return y, true
	case mo <= 3 && containsAny(d.text, oneYearPhrase):
		return y - 1, true
	}
	return 0, false
}

// findElected finds the year the deputy was elected.
func findElected(d *doc) (int, span, bool) {
	var m []int
	electedRe.each(d, 3000, func(x []int) bool {
		// 选举产生 says who was elected only with the deputy in the
		// sentence (我于2007年1月由…选区选举产生), not 全镇选举产生代表90名.
		if x[4] >= 0 && !containsAny(d.text[d.sentenceAt(x[0]).start:x[1]], []string{"我", "本人"}) {
			return true
		}
		m = x
		return false
	})
	if m == nil {
		m = electedFarRe.first(d, 3000)
	}
	if m == nil || strings.Contains(d.text[m[0]:m[1]], "以来") {
		return 0, span{}, false
	}
	y, err := strconv.Atoi(d.text[m[2]:m[3]])
	if err != nil {
		if y = cnDigits(d.text[m[2]:m[3]]); y == 0 {
			return 0, span{}, false // 20xx: a placeholder, unknown
		}
	}
	return y, span{m[0], m[1]}, true
}

// findDeputy reads the deputy's metadata. Work reports and essays have no
// deputy; a work report still names its body's region.
func findDeputy(d *doc, kind corpus.Kind) corpus.Deputy {
	var dep corpus.Deputy
	ev := func(s span) *corpus.Span { e := d.evidence(s); return &e }
	if kind == corpus.KindWorkReport {
		if r, s, ok := workReportRegion(d); ok {
			dep.Region, dep.Evidence.Region = &r, ev(s)
		}
		return dep
	}
	if kind != corpus.KindDutyReport {
		return dep
	}
	if name, s, ok := findName(d); ok {
		dep.Name, dep.Evidence.Name = &name, ev(s)
	}
	if st, ok := findSeat(d); ok {
		if len(st.levels) > 0 {
			dep.Levels, dep.Evidence.Levels = st.levels, ev(st.levelsSpan)
		}
		if st.term != "" {
			t := st.term
			dep.Term, dep.Evidence.Term = &t, ev(st.termSpan)
		}
		if st.region != "" {
			r := st.region
			dep.Region, dep.Evidence.Region = &r, ev(st.regionSpan)
		}
	}
	if job, s, ok := findPosition(d); ok {
		dep.Position, dep.Evidence.Position = &job, ev(s)
	}
	if y, s, ok := findElected(d); ok {
		dep.ElectedYear, dep.Evidence.ElectedYear = &y, ev(s)
	}
	return dep
}

var workRegionRe = gate(`(\p{Han}{1,8}?(?:自治县|自治旗|县|区|旗|乡|镇|市|苏木))(?:人大主席团|人大常委会|人民代表大会常务委员会|第\p{Han}{1,3}届人民代表大会)`, "人大", "人民代表大会")

// workReportRegion finds the region of the body presenting a work report.
func workReportRegion(d *doc) (string, span, bool) {
	var found span
	workRegionRe.each(d, 1500, func(m []int) bool {
		s := span{m[2], m[3]}
		name := d.str(s)
		// Trim a lead-in verb: 我代表东明镇 → 东明镇
		if k, w := lastIndexAny(name, []string{"代表", "在", "向", "的", "了"}); k >= 0 {
			s.start += k + len(w)
			name = d.str(s)
		}
		if utf8.RuneCountInString(name) >= 2 {
			found = s
			return false
		}
		return true
	})
	if found.end > 0 {
		return d.str(found), found, true
	}
	return "", span{}, false
}

// titleName reads the name from the document's title when the reader found
// one that is a line of the text other than the first (a report inside a
// compilation: 刘永贵同志2018年度述职报告 under the compilation's title).
func titleName(d *doc) (span, bool) {
	title := strings.TrimSpace(d.title)
	if title == "" {
		return span{}, false
	}
	head := d.text[:prefixEnd(d.text, 600)]
	for i := 0; i < len(head); {
		end := lineEnd(head, i)
		line := trimSpan(head, span{i, end})
		if d.str(line) == title {
			if m := nameTitleRe.FindStringSubmatchIndex(title); m != nil {
				s := span{line.start + m[2], line.start + m[3]}
				if isName(d.str(s)) {
					return s, true
				}
			}
			return span{}, false
		}
		i = end + 1
	}
	return span{}, false
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
