package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
	shared "lvzhi/corpus/lexicon"
)

var (
	names = lexicon("names.txt")
	jobs  = lexicon("jobs.txt")
	seats = lexicon("seats.txt")
	years = lexicon("years.txt")

	// surnames are the common Chinese family names a deputy's name starts
	// with; a name candidate must start with one or a compound surname.
	surnames         = shared.Surnames
	compoundSurnames = shared.CompoundSurnames
	// nameStop are characters that never occur in a given name as reports
	// write them; they end a name candidate (本人严格… is not a name).
	nameStop = names.chars("name_stop")
	// notGivenNames follow a surname character without being a name.
	notGivenNames = names.words("not_given_names")
	// roleNouns are words for what someone is that start with a surname
	// character: 我是农民， 本人干部 are no names.
	roleNouns    = names.words("role_nouns")
	closings     = names.words("closings")
	originPlaces = names.chars("origin_places")
)

// roleNoun reports whether s is a role noun: one of roleNouns, a word for
// a post ending in 员 (公务员, 管理员, 网格员), or where someone comes from
// (曹县人, 本村人).
func roleNoun(s string) bool {
	if containsString(roleNouns, s) || strings.HasSuffix(s, "员") {
		return true
	}
	if strings.HasSuffix(s, "人") {
		before := runeBefore(s, len(s)-len("人"))
		return strings.ContainsRune(originPlaces, before)
	}
	return false
}

// isName reports whether s is a plausible personal name: a surname and one
// or two given-name characters (or 某某, as anonymised reports write).
func isName(s string) bool {
	if dotName(s) {
		return true
	}
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

// The scan windows of the deputy's metadata, in bytes: where a report
// introduces its deputy, and where it signs.
const (
	introWindow    = 3000 // the name, the seat and the election: the opening
	positionWindow = 6000 // the job: may be told after the seat
	signatureTail  = 400  // the signature lines at the end
	dateTail       = 200  // the date under the signature
	workHeadWindow = 1500 // a work report's body and meeting date
	titleHead      = 600  // the title lines a compilation's report starts with
)

var (
	nameIntroRe = patterns.get("name_intro", "name")
	nameIAmRe   = patterns.get("name_i_am", "name")
	nameSignRe  = patterns.get("name_signature", "name")
	nameTitleRe = patterns.get("name_title", "name")
	nameLineRe  = patterns.get("name_line", "name")
	nameFieldRe = patterns.get("name_field", "name")
	// nameReporterRe: 报告人：张建华（…） under the title.
	nameReporterRe = patterns.get("name_reporter", "name")
	// nameElectedRe: 2022年1月，林远舟当选为…人大代表.
	nameElectedRe = patterns.get("name_elected", "name")
)

// findName finds the deputy's name as the report states it.
func findName(d *doc) (string, span, *corpus.Doubt) {
	for _, g := range []*rule{nameIntroRe, nameIAmRe} {
		var found span
		common := false
		g.each(d, introWindow, func(m []int) bool {
			s, _ := g.group(m, "name")
			if common = isName(d.str(s)); common || corroboratedName(d, s) {
				found = s
				return false
			}
			return true
		})
		if found.end > 0 {
			weak := ""
			switch {
			case !common:
				weak = "姓名不以常见姓氏开头，仅由上下文佐证"
			}
			return d.str(found), found, nameDoubt(d, found, weak)
		}
	}
	// 姓名│乌云其木格: the name field of a form.
	var field span
	nameFieldRe.each(d, introWindow, func(m []int) bool {
		if s, _ := nameFieldRe.group(m, "name"); fieldName(d.str(s)) {
			field = s
			return false
		}
		return true
	})
	if field.end > 0 {
		return d.str(field), field, nameDoubt(d, field, "")
	}
	// 报告人：张建华（…）: a reporter's label says it is a name.
	nameReporterRe.each(d, introWindow, func(m []int) bool {
		if s, _ := nameReporterRe.group(m, "name"); fieldName(d.str(s)) {
			field = s
			return false
		}
		return true
	})
	if field.end > 0 {
		return d.str(field), field, nameDoubt(d, field, "")
	}
	tail := len(d.text) - signatureTail
	for tail > 0 && tail < len(d.text) && !utf8.RuneStart(d.text[tail]) {
		tail++
	}
	if tail < 0 {
		tail = 0
	}
	for _, m := range nameSignRe.re.FindAllStringSubmatchIndex(d.text[tail:], -1) {
		s, _ := nameSignRe.group(m, "name")
		s = span{tail + s.start, tail + s.end}
		if fieldName(d.str(s)) { // 述职人：… says it is a name
			return d.str(s), s, nameDoubt(d, s, "")
		}
	}
	// The title: the first line, or the title the reader found (a report
	// of a compilation whose first line is the compilation's title).
	first := d.text[:lineEnd(d.text, 0)]
	if m := nameTitleRe.re.FindStringSubmatchIndex(first); m != nil {
		s, _ := nameTitleRe.group(m, "name")
		if (isName(d.str(s)) || comradeName(d, s)) && !seatPlace(d, s) {
			return d.str(s), s, nameDoubt(d, s, "")
		}
	}
	if s, ok := titleName(d); ok {
		return d.str(s), s, nameDoubt(d, s, "")
	}
	// An office or a journalist writing about one deputy: the byline
	// (省人大代表、…行长许青禾) or the election (林远舟当选为…人大代表), with a
	// common surname.
	for _, g := range []*rule{jobThenNameRe, nameElectedRe} {
		g.each(d, introWindow, func(m []int) bool {
			if s, _ := g.group(m, "name"); isName(d.str(s)) || dotName(d.str(s)) {
				field = s
				return false
			}
			return true
		})
		if field.end > 0 {
			return d.str(field), field, nameDoubt(d, field, "")
		}
	}
	// A bare name line among the last lines, followed by a date or nothing.
	for _, m := range nameLineRe.re.FindAllStringSubmatchIndex(d.text[tail:], -1) {
		s, _ := nameLineRe.group(m, "name")
		s = span{tail + s.start, tail + s.end}
		rest := strings.TrimSpace(d.text[s.end:])
		last := rest == "" || dateLineRe.re.MatchString(rest)
		// A name of a common surname; on the very last line, any name a
		// field could hold (次仁央金卓玛 under 谢谢大家！).
		// Above a date line, 日 and 月 may be part of a name (乌日根达来,
		// 斯日古楞) where they follow no numeral.
		stop := nameStop
		if rest != "" && !numeralDate(d.str(s)) {
			stop = strings.NewReplacer("日", "", "月", "").Replace(nameStop)
		}
		if last && !containsAny(d.str(s), closings) && (isName(d.str(s)) || fieldName(d.str(s)) && !strings.ContainsAny(d.str(s), stop)) {
			return d.str(s), s, nameDoubt(d, s, "姓名仅见于文末单独一行，未注明“述职人”等字样")
		}
	}
	return "", span{}, nil
}

// seatPlace reports whether a title's name candidate is the place of a
// seat: it ends in a level (白沙县) and 人大 or 第…届 follows it (白沙县人大代表
// 履职报告).
func seatPlace(d *doc, s span) bool {
	n := d.str(s)
	last, _ := utf8.DecodeLastRuneInString(n)
	return strings.ContainsRune(seats.chars("level_chars"), last) && hasAnyPrefix(d.text[s.end:], "人大", "人民代表", "第")
}

// numeralDate reports whether a numeral stands before 年, 月 or 日 in s
// (十二月二十日): a date, not a name.
func numeralDate(s string) bool {
	prev := rune(0)
	for _, r := range s {
		if (r == '年' || r == '月' || r == '日') && strings.ContainsRune("〇零○一二三四五六七八九十廿卅两", prev) {
			return true
		}
		prev = r
	}
	return false
}

// comradeName accepts a title's name followed by 同志 (钟以衡同志…履职情况报告)
// that a character of its given name kept out of isName: 同志 says it is a
// person's name.
func comradeName(d *doc, s span) bool {
	n := d.str(s)
	r, size := utf8.DecodeRuneInString(n)
	return strings.HasPrefix(d.text[s.end:], "同志") && strings.ContainsRune(surnames, r) &&
		utf8.RuneCountInString(n) >= 2 && utf8.RuneCountInString(n) <= 3 && !strings.ContainsAny(n[size:], "的了是在和")
}

// dotName reports whether s is a name of several parts joined by middle
// dots, as transliterated names are written (阿依努尔·卡德尔, 嘎玛·次仁卓嘎):
// two or three parts of Han characters, no part a placeholder.
func dotName(s string) bool {
	parts := strings.Split(s, "·")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, placeholderChars) == "" {
			return false
		}
		for _, r := range p {
			if !isHan(r) {
				return false
			}
		}
	}
	return true
}

// fieldName accepts the value of a name field of a form (姓名│乌云其木格):
// the label says it is a name, so any surname will do, but not a
// placeholder, a role or a word that follows a surname without being a
// name.
func fieldName(s string) bool {
	if dotName(s) || isName(s) {
		return true
	}
	n := utf8.RuneCountInString(s)
	return n >= 2 && n <= 7 && !strings.ContainsAny(s, placeholderChars) && !containsString(notGivenNames, s) && !roleNoun(s)
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
	if n < 2 || n > maxNameRunes || containsString(notGivenNames, name) {
		return false
	}
	// 日 and 月 end a name before a date, but transliterated names hold
	// them (那顺乌日图, 乌日娜); an ethnicity or gender right after the name
	// vouches for it.
	rest := strings.TrimLeft(d.text[s.end:], "，,（( ")
	vouched := strings.HasPrefix(rest, "男") || strings.HasPrefix(rest, "女") || ethnicityRe.re.MatchString(rest)
	// "我叫格日勒图，现为…": the explicit naming and the job that follows it.
	named := strings.HasSuffix(d.text[:s.start], "我叫") || strings.HasSuffix(d.text[:s.start], "名字叫") || strings.HasSuffix(d.text[:s.start], "我名叫")
	if named && strings.HasPrefix(d.text[s.end:], "，") && hasAnyPrefix(rest, "现为", "现任", "是", "系") {
		vouched = true // 我叫阿西木呷莫，是洛古村卫生室村医
	}
	for _, r := range name {
		if !isHan(r) || strings.ContainsRune(nameStop, r) && !(vouched && (r == '日' || r == '月')) {
			return false
		}
	}
	if vouched {
		return true
	}
	if n > maxPlainNameRunes {
		return false // a long name needs an ethnicity or gender beside it
	}
	// The same name in the signature, or as the subject of the title a
	// public account heads the report with (代表述职｜乌兰图雅：把…).
	tail := d.text[max(s.end, len(d.text)-300):]
	if strings.Contains(tail, name) {
		return true
	}
	head := d.text[:headLength(d)]
	if roleNoun(name) {
		return false
	}
	for _, sep := range []string{"｜", "|", "丨"} {
		if strings.Contains(head, sep+name+"：") || strings.Contains(head, sep+" "+name+"：") {
			return true
		}
	}
	return false
}

// maxNameRunes is the longest name a report is read for (额尔敦巴雅尔);
// names longer than maxPlainNameRunes need an ethnicity or a gender beside
// them.
const (
	maxNameRunes      = 7
	maxPlainNameRunes = 5
)

var (
	ethnicityRe = patterns.get("ethnicity")
	dateLineRe  = patterns.get("date_line")
)

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
var (
	seatRe = patterns.get("seat", "seat")
	termRe = patterns.get("term", "term")
	// seatIntro words show that a seat phrase is about the deputy.
	seatIntro = seats.words("intro")
	seatVerbs = seats.words("verbs")
	// seatOthers make a seat phrase other deputies': 其他市人大代表.
	seatOthers = seats.words("others")
	// levelSuffixes map the suffix of a place name to the level of its
	// congress.
	levelSuffixes = parseLevels(mustTable("levels.tsv", "suffix", "level"))
	levelOrder    = seats.words("level_order")
)

type levelSuffix struct{ suffix, level string }

func parseLevels(rows []tableRow) []levelSuffix {
	var out []levelSuffix
	for _, r := range rows {
		if !containsString(seats.words("level_order"), r.cols[1]) {
			panic(errorAt("levels.tsv", r.n, "层级 %q 不是 %s 之一", r.cols[1], strings.Join(seats.words("level_order"), " ")))
		}
		out = append(out, levelSuffix{r.cols[0], r.cols[1]})
	}
	return out
}

// seat is what a report says about the deputy's seat.
type seat struct {
	levels     []string
	levelsSpan span
	term       string
	termSpan   span
	region     string
	regionSpan span
	phrase     span // the words before 人大代表
	intro      bool // stated introducing the deputy (not only in the title)
	others     []seat
	levelsFrom []seat // other seats whose levels were added
	verb       bool   // the phrase follows its verb: 当选为…, 担任…
}

// findSeat reads the deputy's seat from the sentences introducing the
// deputy (当选为…代表, 作为…代表), preferring one that names the term or the
// region; the title line is the fallback.
func findSeat(d *doc) (seat, bool) {
	for _, intro := range []bool{true, false} {
		var first seat
		var all []seat
		found, settled := false, false
		seatRe.each(d, introWindow, func(m []int) bool {
			sent := d.sentenceAt(m[0])
			before := d.text[sent.start:m[1]]
			if intro != containsAny(before, seatIntro) || !intro && sent.start != 0 {
				return true
			}
			mid, _ := seatRe.group(m, "seat")
			if containsAny(d.str(mid), seatOthers) {
				return true // 我和其他市人大代表: other deputies
			}
			st, ok := parseSeat(d, mid)
			if !ok {
				return true
			}
			st.intro = intro
			// 当选为…人大代表, 担任…人大代表: the seat is named with its verb.
			k, _ := lastIndexAny(d.text[m[0]:mid.end], seatVerbs)
			st.verb = k >= 0
			all = append(all, st)
			if !found {
				first, found = st, true
			}
			if !settled && (st.term != "" || st.region != "") {
				first, settled = st, true
			}
			return true // read on: the other statements of the seat are checked against it
		})
		if found {
			for _, o := range all {
				if o.phrase != first.phrase {
					first.others = append(first.others, o)
				}
			}
			// 当选为云溪县人大代表，同年当选为石门镇人大代表: two seats, both
			// levels.
			if intro {
				for _, o := range first.others {
					if !o.verb {
						continue
					}
					for _, l := range o.levels {
						if !containsString(first.levels, l) {
							first.levels = sortLevels(append(first.levels, l))
							first.levelsFrom = append(first.levelsFrom, o)
						}
					}
				}
			}
			if intro && first.term == "" {
				// • 当选为南湖区人大代表 under the title 南湖区第十八届人大代表…:
				// the title names the same seat's term.
				if t, ok := titleSeat(d); ok && t.term != "" && t.region != "" && t.region == first.region {
					first.term, first.termSpan = t.term, t.termSpan
				}
			}
			return first, true
		}
	}
	return seat{}, false
}

// titleSeat reads the seat the title line names (南湖区第十八届人大代表…).
func titleSeat(d *doc) (seat, bool) {
	var st seat
	found := false
	seatRe.each(d, introWindow, func(m []int) bool {
		if d.sentenceAt(m[0]).start != 0 {
			return false
		}
		mid, _ := seatRe.group(m, "seat")
		st, found = parseSeat(d, mid)
		return !found
	})
	return st, found
}

// parseSeat reads levels, term and region from the words before 人大代表:
// "云溪县第十七届", "市、镇两级", "第十二届全国", "省十三届".
func parseSeat(d *doc, mid span) (seat, bool) {
	st := seat{phrase: mid}
	text := d.str(mid)
	// Trim the lead-in up to the last verb of the intro ("于2016年当选为").
	if k, w := lastIndexAny(text, seatVerbs); k >= 0 {
		mid.start += k + len(w)
		text = d.str(mid)
	}
	// 县第十七届、市第六届: the first term is the deputy's term; none is part
	// of a place name. 第x届 is a placeholder: the term is unknown.
	for i, m := range termRe.re.FindAllStringSubmatchIndex(text, -1) {
		g, _ := termRe.group(m, "term")
		if t, ok := normaliseTerm(text[g.start:g.end]); ok && i == 0 {
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

var (
	// notPlace are characters that end a place name when reading
	// backwards from its suffix: "2016年度白沙乡" → 白沙乡.
	notPlace    = seats.chars("not_place")
	outerPlaces = seats.chars("outer_places")
	// placeholderChars stand in for a place name in a template: XX镇.
	placeholderChars = seats.chars("placeholder_chars")
	// levelChars are the congress levels written as one character.
	levelChars = seats.chars("level_chars")
	// seatTiers name no place: 两级, 全国, 人大.
	seatTiers      = seats.words("tiers")
	seatSeparators = seats.chars("separators")
)

// placeName returns the place name ending name: at most six characters
// before the suffix, none of them notPlace, and within the larger place
// that holds it (临江市东津区 → 东津区) when at least two characters are
// left.
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
	for i := len(body); i > start; {
		r, size := utf8.DecodeLastRuneInString(body[:i])
		if strings.ContainsRune(outerPlaces, r) {
			if utf8.RuneCountInString(body[i:]) >= 2 {
				start = i
			}
			break
		}
		i -= size
	}
	return name[start:]
}

type seatPart struct {
	text  string
	start int
}

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
		for _, junk := range seatTiers {
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
		if (isHan(r) || strings.ContainsRune(placeholderChars, r)) && !strings.ContainsRune(seatSeparators, r) {
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

var (
	// jobSuffixes end the description of a deputy's own job.
	jobSuffixes     = append(jobs.words("titles"), jobs.words("trades")...)
	positionRe      = patterns.get("position", "job")
	jobSinceRe      = patterns.get("job_since")
	jobThenNameRe   = patterns.get("job_then_name", "job", "name")
	jobLeadVerbs    = jobs.words("lead_verbs")
	officeVerbs     = jobs.words("office_verbs")
	afterSeat       = jobs.words("after_seat")
	jobCounters     = jobs.words("counters")
	introWords      = jobs.words("intro_words")
	describedLead   = jobs.words("described_leads")
	describingVerbs = jobs.words("describing_verbs")
	jobFieldRe      = patterns.get("job_field", "job")
	jobDurationRe   = patterns.get("job_duration")
	jobMoreRe       = patterns.get("job_more", "more")
	heldVerbs       = jobs.words("held_verbs")
)

// findPosition finds the deputy's own job.
func findPosition(d *doc) (string, span, *corpus.Doubt) {
	// 工作单位及职务│乌兰台乡中心幼儿园园长: a form's field.
	var found span
	jobFieldRe.each(d, positionWindow, func(m []int) bool {
		found, _ = jobFieldRe.group(m, "job")
		return false
	})
	if found.end > 0 {
		return d.str(found), found, positionDoubt(d, found, "")
	}
	// 我是清水村村委会主任李明，…
	jobThenNameRe.each(d, positionWindow, func(m []int) bool {
		if n, _ := jobThenNameRe.group(m, "name"); isName(d.str(n)) {
			found, _ = jobThenNameRe.group(m, "job")
			return false
		}
		return true
	})
	if found.end > 0 {
		found = jobRun(d, found)
		return d.str(found), found, positionDoubt(d, found, "")
	}
	weak := "" // why the job found is doubtful
	// Only in a sentence that introduces the deputy.
	introduces := func(s span) bool { return containsAny(d.str(s), introWords) }
	positionRe.eachWhere(d, positionWindow, introduces, func(m []int) bool {
		s, _ := positionRe.group(m, "job")
		jobStart := s.start
		job := d.str(s)
		// 任 as a lead is the verb only by itself, not in 责任, 主任, 担任.
		if d.text[m[0]:jobStart] == "任" && strings.ContainsRune("责主担信兼前历现委", runeBefore(d.text, m[0])) {
			return true
		}
		// "作为一名人大代表和雁岭镇党委书记": the job follows the seat.
		if k, w := lastIndexAny(job, afterSeat); k >= 0 {
			s.start += k + len(w)
			job = d.str(s)
		}
		if strings.Contains(job, "代表") || strings.Contains(job, "当选") || strings.Contains(job, "常委会") && !strings.HasSuffix(job, "主任") {
			return true
		}
		// "2014年起任杏河镇党委书记": the date the job began is not the job.
		if m := jobSinceRe.re.FindStringIndex(job); m != nil {
			s.start += m[1]
			job = d.str(s)
		}
		// "人大代表，现任桐林村党支部书记": drop the verb.
		for _, v := range jobLeadVerbs {
			if strings.HasPrefix(job, v) {
				s.start += len(v)
				job = d.str(s)
				break
			}
		}
		// "在村里当了十几年村主任": the job is what was held, not for how
		// long.
		if k, w := lastIndexAny(job, heldVerbs); k >= 0 {
			s.start += k + len(w)
			job = d.str(s)
			if m := jobDurationRe.re.FindStringIndex(job); m != nil {
				s.start += m[1]
				job = d.str(s)
			}
		}
		// "是一名普通的乡村教师": keep what follows the last 的.
		trimmed := ""
		if k := strings.LastIndex(job, "的"); k >= 0 {
			trimmed = job[:k+len("的")]
			s.start += k + len("的")
			job = d.str(s)
		}
		// "桐林村的一名农民"
		for _, v := range jobCounters {
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
		if !containsAny(d.str(sent), introWords) {
			return true
		}
		if found.end > 0 {
			// A described job (我是马秀英，桐林村的一名农民，) gives way to
			// the office the same sentence says the deputy holds (现任…理事长).
			if sent == d.sentenceAt(found.start) && (hasAnyPrefix(d.text[m[0]:], officeVerbs...) || hasAnyPrefix(d.text[jobStart:], officeVerbs...)) {
				found, weak = s, ""
			}
			return false
		}
		found = s
		lead := d.text[m[0]:jobStart]
		// A job described (本人王强，…; 我是一名普通的农民) gives way to an
		// office the same sentence names after it (现任…理事长).
		described := hasAnyPrefix(lead, describedLead...) && (strings.HasSuffix(lead, "，") || strings.HasSuffix(lead, ",")) ||
			hasAnyPrefix(lead, describingVerbs...)
		switch {
		case countRemark(d.text[sent.start:m[0]]):
			// 志愿队队员46人（本人任队长）: a remark on what is counted.
			weak = "职务取自括号中的说明，可能不是代表本人的工作"
		case trimmed != "":
			weak = fmt.Sprintf("职务前有修饰语%s，单位可能未取全", quote(trimmed, 12))
		case hasAnyPrefix(lead, "，是", ",是"):
			weak = fmt.Sprintf("职务取自%s开头的分句，未见“现任”“担任”等说法", quote(lead, 10))
		}
		return described
	})
	if found.end > 0 {
		found = jobRun(d, found)
		return d.str(found), found, positionDoubt(d, found, weak)
	}
	return "", span{}, nil
}

// jobRun extends a job over the posts and titles stated with it, joined by
// 、 or 兼: 东岭大学法学院教授、环境资源法研究中心主任, …创始人兼首席执行官.
func jobRun(d *doc, s span) span {
	for n := 0; n < 3; n++ {
		m := jobMoreRe.re.FindStringSubmatchIndex(d.text[s.end:lineEnd(d.text, s.end)])
		if m == nil {
			break
		}
		g, _ := jobMoreRe.group(m, "more")
		s.end += g.end
	}
	return s
}

var (
	yearRe            = patterns.get("title_year", "year")
	cnYearRe          = patterns.get("title_cn_year", "year")
	introYearRe       = patterns.get("intro_year", "year")
	reviewYearRe      = patterns.get("review_year", "year")
	reportYearRe      = patterns.get("report_year", "year")
	leadYearRe        = patterns.get("lead_year", "year")
	meetingDateRe     = patterns.get("meeting_date", "year", "month")
	speechDateRe      = patterns.get("speech_date", "year", "month")
	thisYearRe        = patterns.get("this_year", "year")
	titleYearLineRe   = patterns.get("title_year_line", "year")
	yearThenThisRe    = patterns.get("year_then_this", "year")
	workHeadingYearRe = patterns.get("work_heading_year", "year")
	yearIRe           = patterns.get("year_i", "year")
	talkYearRe        = patterns.get("talk_year", "year")
	pieceHeadingRe    = patterns.get("piece_heading")
	signDateRe        = patterns.get("sign_date", "year", "month")
	cnDateRe          = patterns.get("cn_sign_date", "year", "month")
	electedRe         = patterns.get("elected", "year", "produced")
	electedFarRe      = patterns.get("elected_far", "year")
	electedFieldRe    = patterns.get("elected_field", "year")
	oneYearPhrase     = years.words("one_year")
	// deputySelf name the deputy as a subject: 我, 本人.
	deputySelf = names.words("self")
)

// findYear finds the year the report is about: the title's year, the year
// the report says it covers (现将2021年…, 2020年工作回顾, a line opening with
// 2020年，), then the date of the meeting or the signature, read back to
// the year before when a report dated early in the year speaks of 一年来.
func findYear(d *doc) (int, span, *corpus.Doubt, bool) {
	for _, first := range titleSpans(d) {
		if m := yearRe.re.FindStringSubmatchIndex(d.str(first)); m != nil {
			g, _ := yearRe.group(m, "year")
			y, _ := strconv.Atoi(d.text[first.start+g.start : first.start+g.end])
			return y, span{first.start + m[0], first.start + m[1]}, yearDoubt(d, y, ""), true
		}
		// 双溪乡人大主席团二〇〇八年工作报告
		if m := cnYearRe.re.FindStringSubmatchIndex(d.str(first)); m != nil {
			g, _ := cnYearRe.group(m, "year")
			if y := cnDigits(d.text[first.start+g.start : first.start+g.end]); y >= 1949 {
				return y, span{first.start + m[0], first.start + m[1]}, yearDoubt(d, y, ""), true
			}
		}
	}
	for _, r := range []*rule{titleYearLineRe, introYearRe, reviewYearRe, reportYearRe, workHeadingYearRe, thisYearRe, leadYearRe, talkYearRe, yearThenThisRe, yearIRe} {
		m := r.first(d, introWindow)
		if r == leadYearRe || r == yearIRe {
			// 2021年，我当选为…人大代表: the year of the election, not of
			// the report.
			m = nil
			r.each(d, introWindow, func(x []int) bool {
				sent := d.sentenceAt(x[0])
				if containsAny(d.text[x[1]:sent.end], electionWords) {
					return true
				}
				m = x
				return false
			})
		}
		if m != nil {
			g, _ := r.group(m, "year")
			y := electionYear(d.str(g)) // Arabic or Chinese digits
			weak := ""
			switch r {
			case leadYearRe:
				weak = "报告年份取自段首的年份，未见标题或“现将……报告如下”中的年份"
			case talkYearRe, yearThenThisRe, yearIRe:
				weak = "报告年份取自开场白中提到的年份"
			}
			if y > 0 {
				return y, trimSpan(d.text, span{g.start, m[1]}), yearDoubt(d, y, weak), true
			}
		}
	}
	// The date of a work report's meeting (——2023年12月7日在…会议上), or the
	// date under the signature.
	if m := meetingDateRe.first(d, workHeadWindow); m != nil {
		if y, ok := yearOfDate(d, meetingDateRe, m); ok {
			g, _ := meetingDateRe.group(m, "year")
			return y, span{g.start, m[1]}, yearDoubt(d, y, dateWeakness(d, meetingDateRe, m, "会议日期")), true
		}
	}
	// The date of a speech under its title: （2023年12月8日）.
	if m := speechDateRe.first(d, headBytes); m != nil {
		if y, ok := yearOfDate(d, speechDateRe, m); ok {
			return y, span{m[0], m[1]}, yearDoubt(d, y, dateWeakness(d, speechDateRe, m, "讲话日期")), true
		}
	}
	tail := len(d.text) - dateTail
	for tail > 0 && tail < len(d.text) && !utf8.RuneStart(d.text[tail]) {
		tail++
	}
	if tail < 0 {
		tail = 0
	}
	ms := signDateRe.re.FindAllStringSubmatchIndex(d.text[tail:], -1)
	if len(ms) > 0 {
		m := ms[len(ms)-1]
		for i := range m {
			m[i] += tail
		}
		if y, ok := yearOfDate(d, signDateRe, m); ok {
			return y, span{m[0], m[1]}, yearDoubt(d, y, dateWeakness(d, signDateRe, m, "落款日期")), true
		}
	}
	// 二〇〇九年十二月二十八日
	if ms := cnDateRe.re.FindAllStringSubmatchIndex(d.text[tail:], -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		for i := range m {
			m[i] += tail
		}
		gy, _ := cnDateRe.group(m, "year")
		gm, _ := cnDateRe.group(m, "month")
		y := cnDigits(d.str(gy))
		mo, _ := parseChinese(d.str(gm))
		if y > 0 && (mo >= 7 || mo >= 1 && mo <= 3 && containsAny(d.text, oneYearPhrase)) {
			weak := ""
			if mo <= 3 {
				y--
				weak = "报告年份由落款日期推断（次年初落款，文中说“一年来”）"
			}
			return y, span{m[0], m[1]}, yearDoubt(d, y, weak), true
		}
	}
	return 0, span{}, nil, false
}

// titleSpans are the title lines of the document: its first line, and
// the line after a piece heading of a compilation among the first lines
// (篇一\n二〇一八年履职报告), whose title is the report's own.
func titleSpans(d *doc) []span {
	out := []span{{0, lineEnd(d.text, 0)}}
	piece := false
	for i := 0; i < len(d.text) && i < titleHead; {
		end := lineEnd(d.text, i)
		l := trimSpan(d.text, span{i, end})
		switch {
		case l.end == l.start:
		case piece:
			return append(out, l)
		default:
			t := d.str(l)
			piece = utf8.RuneCountInString(t) <= 6 && pieceHeadingRe.re.MatchString(t)
		}
		i = end + 1
	}
	return out
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

// yearOfDate reads the year a dated report is about from a match of a
// rule with the captures year and month: a report dated late in the year is
// about that year; one dated early in the next year and speaking of 一年来
// is about the year before; otherwise it is unknown.
func yearOfDate(d *doc, r *rule, m []int) (int, bool) {
	gy, _ := r.group(m, "year")
	gm, _ := r.group(m, "month")
	y, _ := strconv.Atoi(d.str(gy))
	mo, _ := strconv.Atoi(d.str(gm))
	switch {
	case mo >= 7:
		return y, true
	case mo <= 3 && containsAny(d.text, oneYearPhrase):
		return y - 1, true
	}
	return 0, false
}

// findElected finds the year the deputy was elected.
func findElected(d *doc) (int, span, *corpus.Doubt, bool) {
	// 当选时间│2021年12月: a form's field.
	if m := electedFieldRe.first(d, introWindow); m != nil {
		g, _ := electedFieldRe.group(m, "year")
		y, _ := strconv.Atoi(d.str(g))
		return y, span{g.start, m[1]}, nil, true
	}
	var m []int
	r := electedRe
	var years []int // the years of every statement of an election
	electedRe.each(d, introWindow, func(x []int) bool {
		// 选举产生 says who was elected only with the deputy in the
		// sentence (我于2007年1月由…选区选举产生), not 全镇选举产生代表90名.
		if _, produced := electedRe.group(x, "produced"); produced && !containsAny(d.text[d.sentenceAt(x[0]).start:x[1]], deputySelf) {
			return true
		}
		if g, _ := electedRe.group(x, "year"); !strings.Contains(d.text[x[0]:x[1]], "以来") {
			if y := electionYear(d.str(g)); y > 0 {
				years = append(years, y)
			}
		}
		if m == nil {
			m = x
		}
		return true
	})
	if m == nil {
		r = electedFarRe
		m = electedFarRe.first(d, introWindow)
	}
	if m == nil || strings.Contains(d.text[m[0]:m[1]], "以来") {
		return 0, span{}, nil, false
	}
	g, _ := r.group(m, "year")
	y := electionYear(d.str(g))
	if y == 0 {
		return 0, span{}, nil, false // 20xx: a placeholder, unknown
	}
	var dbt *corpus.Doubt
	for _, o := range years {
		if o != y {
			dbt = doubt(corpus.DoubtConflicting, "文中还说%d年当选，与%d年不一致（可能是连任或换届）", o, y)
			break
		}
	}
	if dbt == nil && r == electedFarRe {
		dbt = doubt(corpus.DoubtWeakRule, "当选年份取自句首的年份，与“当选”相隔较远")
	}
	if dbt == nil && r == electedRe {
		if _, produced := r.group(m, "produced"); produced {
			dbt = doubt(corpus.DoubtWeakRule, "当选年份取自“选举产生”的说法")
		}
	}
	return y, span{m[0], m[1]}, dbt, true
}

// electionYear reads a year in Arabic or Chinese digits, 0 for a
// placeholder (20xx).
func electionYear(s string) int {
	if y, err := strconv.Atoi(s); err == nil {
		return y
	}
	return cnDigits(s)
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
	if name, s, doubt := findName(d); name != "" {
		dep.Name, dep.Evidence.Name, dep.Review.Name = &name, ev(s), doubt
	}
	if st, ok := findSeat(d); ok {
		if len(st.levels) > 0 {
			dep.Levels, dep.Evidence.Levels = st.levels, ev(st.levelsSpan)
			dep.Review.Levels = seatDoubt(d, st, "", func(o seat) string { return strings.Join(o.levels, "、") })
		}
		if st.term != "" {
			t := st.term
			dep.Term, dep.Evidence.Term = &t, ev(st.termSpan)
			dep.Review.Term = seatDoubt(d, st, "届次", func(o seat) string { return o.term })
		}
		if st.region != "" {
			r := st.region
			dep.Region, dep.Evidence.Region = &r, ev(st.regionSpan)
			dep.Review.Region = seatDoubt(d, st, "地区", func(o seat) string { return o.region })
			if dep.Review.Region == nil && len(st.levels) > 1 {
				dep.Review.Region = doubt(corpus.DoubtWeakRule, "代表同时是%s两级代表，地区取了第一处地名%s", strings.Join(st.levels, "、"), quote(r, 10))
			}
		}
	}
	if job, s, doubt := findPosition(d); job != "" {
		dep.Position, dep.Evidence.Position, dep.Review.Position = &job, ev(s), doubt
	}
	if y, s, doubt, ok := findElected(d); ok {
		dep.ElectedYear, dep.Evidence.ElectedYear, dep.Review.ElectedYear = &y, ev(s), doubt
	}
	return dep
}

var (
	workRegionRe    = patterns.get("work_region", "region")
	workRegionLeads = seats.words("work_region_leads")
)

// workReportRegion finds the region of the body presenting a work report.
func workReportRegion(d *doc) (string, span, bool) {
	var found span
	workRegionRe.each(d, workHeadWindow, func(m []int) bool {
		s, _ := workRegionRe.group(m, "region")
		name := d.str(s)
		// Trim a lead-in verb: 我代表东明镇 → 东明镇
		if k, w := lastIndexAny(name, workRegionLeads); k >= 0 {
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
	head := d.text[:prefixEnd(d.text, titleHead)]
	for i := 0; i < len(head); {
		end := lineEnd(head, i)
		line := trimSpan(head, span{i, end})
		if d.str(line) == title {
			if m := nameTitleRe.re.FindStringSubmatchIndex(title); m != nil {
				g, _ := nameTitleRe.group(m, "name")
				s := span{line.start + g.start, line.start + g.end}
				if isName(d.str(s)) && !seatPlace(d, s) {
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

// countedBefore is a count (46人, 三个) right before a bracket.
var countedBefore = regexp.MustCompile(`(?:\d|[一二三四五六七八九十百两])\p{Han}{0,2}$`)

// countRemark reports whether t ends inside a bracket opened right after a
// count: 队员46人（本人任.
func countRemark(t string) bool {
	k := strings.LastIndex(t, "（")
	return k >= 0 && !strings.Contains(t[k:], "）") && countedBefore.MatchString(t[:k])
}
