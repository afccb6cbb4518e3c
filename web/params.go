package web

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/app"
	"lvzhi/corpus"
	"lvzhi/index"
)

// Caps on what one request may ask for.
const (
	maxQuery    = 200 // characters of query text
	defaultSize = 20  // hits a page when not asked
	maxValue    = 100 // characters of a filter value
)

// limits are the caps of one server: the web UI's are tight, the owner's
// socket serves lvzhi's own commands, which may ask for everything.
type limits struct {
	maxSize  int // hits or queue entries a page
	queueTop int // queue entries listed at most; 0: no cap, and the limit parameter is taken
}

var (
	webLimits   = limits{maxSize: 100, queueTop: 5000}
	ownerLimits = limits{maxSize: index.MaxSize}
)

// Parameters each endpoint takes. Anything else is an error naming the
// nearest of these, as the command line does with options.
var (
	searchParams  = []string{"q", "year", "region", "kind", "level", "flag", "deputy", "status", "sort", "page", "from", "size"}
	flagsParams   = []string{"min_severity", "code", "kind", "page", "from", "size"}
	queueParams   = append(flagsParams[:len(flagsParams):len(flagsParams)], "limit") // the owner's socket
	docParams     = []string{"src", "p"}
	compareParams = []string{"by", "deputy"}
	noParams      = []string{}
)

// levels are the congress levels a deputy's seat may have.
var levels = []string{"全国", "省", "市", "县", "区", "旗", "乡", "镇"}

// statuses are the values of the status filter, with their labels.
var statuses = []struct{ code, label string }{
	{string(corpus.StatusCurrent), corpus.StatusCurrent.Label()},
	{string(corpus.StatusReference), corpus.StatusReference.Label()},
	{string(corpus.StatusHistory), corpus.StatusHistory.Label()},
	{"all", "全部"},
}

// sorts are the search orders, with their labels.
var sorts = []struct{ code, label string }{
	{"relevance", "相关度"},
	{"-year", "年份（新的在前）"},
	{"year", "年份（旧的在前）"},
}

// flagCodes lists every flag code in display order.
var flagCodes = []string{
	corpus.FlagPlaceholder, corpus.FlagTemplateResidue, corpus.FlagBoilerplate, corpus.FlagNearDuplicate,
	corpus.FlagNoQuantities, corpus.FlagNoShortcomings, corpus.FlagWrongKind, corpus.FlagStaleReference,
}

var severities = []corpus.Severity{corpus.SeverityHigh, corpus.SeverityMedium, corpus.SeverityLow}

// invalid is a 400 naming a parameter.
func invalid(name, format string, args ...any) error {
	return corpus.Errorf(corpus.EINVALID, "参数 %s："+format, append([]any{name}, args...)...)
}

// checkParams fails on a parameter the endpoint does not take, or one
// given twice.
func checkParams(v url.Values, known []string) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if !slices.Contains(known, k) {
			if len(known) == 0 {
				return corpus.Errorf(corpus.EINVALID, "未知参数“%s”：此页面不接受参数", clip(k, 40))
			}
			if near := nearest(k, known); near != "" {
				return corpus.Errorf(corpus.EINVALID, "未知参数“%s”，是不是“%s”？", clip(k, 40), near)
			}
			return corpus.Errorf(corpus.EINVALID, "未知参数“%s”：可用的参数有 %s", clip(k, 40), strings.Join(known, "、"))
		}
		if len(v[k]) > 1 {
			return invalid(k, "只能给一次")
		}
	}
	return nil
}

// value returns a parameter, trimmed; values longer than maxValue
// characters are an error.
func value(v url.Values, name string) (string, error) {
	s := strings.TrimSpace(v.Get(name))
	if !utf8.ValidString(s) {
		return "", invalid(name, "不是有效的 UTF-8 文本")
	}
	if n := utf8.RuneCountInString(s); n > maxValue && name != "q" {
		return "", invalid(name, "太长（%d 个字，最多 %d 个）", n, maxValue)
	}
	return s, nil
}

// parseSearch reads a search's parameters:
//
//	q       the query (index.Query.Text: terms ANDed, "…" phrases, -exclude, A|B)
//	year    2023, 2019-2022, 2019- or -2022
//	region  deputy  exact values
//	kind    duty_report work_report essay other, or 履职报告 工作报告 文章 其他
//	level   全国 省 市 县 区 旗 乡 镇
//	flag    a flag code or its Chinese name (占位符未填…)
//	status  current reference history all, or 现行 参考材料 历史版本 全部
//	sort    relevance year -year
//	page    from 1; or from, 0-based; size up to maxSize (default 20)
func parseSearch(v url.Values, lim limits) (index.Query, error) {
	var q index.Query
	if err := checkParams(v, searchParams); err != nil {
		return q, err
	}
	// get keeps the first bad value's error, reported after the rest.
	var perr error
	get := func(name string) string {
		s, err := value(v, name)
		if err != nil && perr == nil {
			perr = err
		}
		return s
	}
	var err error
	q.Text = get("q")
	if n := utf8.RuneCountInString(q.Text); n > maxQuery {
		return q, invalid("q", "检索式太长（%d 个字，最多 %d 个）", n, maxQuery)
	}
	if y := get("year"); y != "" {
		if q.Year, q.YearFrom, q.YearTo, err = parseYears(y); err != nil {
			return q, err
		}
	}
	q.Region, q.Deputy = get("region"), get("deputy")
	if q.Kind, err = oneOf("kind", get("kind"), kindChoices()); err != nil {
		return q, err
	}
	if l := get("level"); l != "" {
		if !slices.Contains(levels, l) {
			return q, invalid("level", "未知的层级“%s”，应为 %s 之一", l, strings.Join(levels, " "))
		}
		q.Level = l
	}
	if q.Flag, err = oneOf("flag", get("flag"), flagChoices()); err != nil {
		return q, err
	}
	if q.Status, err = oneOf("status", get("status"), statusChoices()); err != nil {
		return q, err
	}
	if q.Sort, err = oneOf("sort", get("sort"), sortChoices()); err != nil {
		return q, err
	}
	if q.Sort == "relevance" {
		q.Sort = ""
	}
	if q.From, q.Size, err = paging(v, get, lim); err != nil {
		return q, err
	}
	if perr != nil {
		return q, perr
	}
	if q.From > index.MaxFrom {
		return q, invalid("page", "翻页过深：最多到第 %d 条", index.MaxFrom)
	}
	return q, nil
}

// paging reads page (from 1) or from (from 0), and size.
func paging(v url.Values, get func(string) string, lim limits) (from, size int, err error) {
	size = defaultSize
	if s := get("size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 {
			return 0, 0, invalid("size", "应为 1 到 %d 之间的整数", lim.maxSize)
		}
		if size > lim.maxSize {
			return 0, 0, invalid("size", "每页最多 %d 条", lim.maxSize)
		}
	}
	page, fromStr := get("page"), get("from")
	switch {
	case page != "" && fromStr != "":
		return 0, 0, invalid("page", "page 和 from 只能用一个")
	case page != "":
		p, err := strconv.Atoi(page)
		if err != nil || p < 1 {
			return 0, 0, invalid("page", "应为从 1 开始的页码")
		}
		if p > index.MaxFrom {
			return 0, 0, invalid("page", "翻页过深：最多到第 %d 条", index.MaxFrom)
		}
		from = (p - 1) * size
	case fromStr != "":
		if from, err = strconv.Atoi(fromStr); err != nil || from < 0 {
			return 0, 0, invalid("from", "应为从 0 开始的整数")
		}
	}
	return from, size, nil
}

var yearRe = regexp.MustCompile(`^([0-9]{4})?\s*(-|—|–|至|~)?\s*([0-9]{4})?$`)

// parseYears reads 2023, 2019-2022, 2019- or -2022.
func parseYears(s string) (year, from, to int, err error) {
	m := yearRe.FindStringSubmatch(s)
	if m == nil || m[1] == "" && m[3] == "" {
		return 0, 0, 0, invalid("year", "“%s”不是年份，应为 2023 或 2019-2022", clip(s, 20))
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	if m[2] == "" {
		if m[3] != "" {
			return 0, 0, 0, invalid("year", "“%s”不是年份，应为 2023 或 2019-2022", clip(s, 20))
		}
		return a, 0, 0, nil
	}
	if a != 0 && b != 0 && a > b {
		return 0, 0, 0, invalid("year", "起始年 %d 晚于截止年 %d", a, b)
	}
	return 0, a, b, nil
}

// yearParam is the year parameter of a query, "" for none.
func yearParam(q index.Query) string {
	switch {
	case q.Year != 0:
		return strconv.Itoa(q.Year)
	case q.YearFrom != 0 || q.YearTo != 0:
		s := ""
		if q.YearFrom != 0 {
			s = strconv.Itoa(q.YearFrom)
		}
		s += "-"
		if q.YearTo != 0 {
			s += strconv.Itoa(q.YearTo)
		}
		return s
	}
	return ""
}

// searchValues is the inverse of parseSearch: the parameters of q, with
// from as a page when it falls on one.
func searchValues(q index.Query) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Text)
	set("year", yearParam(q))
	set("region", q.Region)
	set("kind", q.Kind)
	set("level", q.Level)
	set("flag", q.Flag)
	set("deputy", q.Deputy)
	set("status", q.Status)
	if q.Sort != "relevance" {
		set("sort", q.Sort)
	}
	size := q.Size
	if size == 0 {
		size = defaultSize
	}
	if size != defaultSize {
		v.Set("size", strconv.Itoa(size))
	}
	if q.From > 0 {
		if q.From%size == 0 {
			v.Set("page", strconv.Itoa(q.From/size+1))
		} else {
			v.Set("from", strconv.Itoa(q.From))
		}
	}
	return v
}

// queueQuery is a review-queue request: the filter and the page.
type queueQuery struct {
	Filter     app.QueueFilter
	From, Size int
}

// parseFlags reads the review queue's parameters: min_severity (high
// medium low, or 高 中 低), code (a flag code or its Chinese name), kind,
// and paging as for search. Without a cap on the queue (the owner's
// socket), limit asks for the worst n at once (0: all).
func parseFlags(v url.Values, lim limits) (queueQuery, error) {
	var qq queueQuery
	known := flagsParams
	if lim.queueTop == 0 {
		known = queueParams
	}
	if err := checkParams(v, known); err != nil {
		return qq, err
	}
	var perr error
	get := func(name string) string {
		s, err := value(v, name)
		if err != nil && perr == nil {
			perr = err
		}
		return s
	}
	sev, err := oneOf("min_severity", get("min_severity"), severityChoices())
	if err != nil {
		return qq, err
	}
	qq.Filter.MinSeverity = corpus.Severity(sev)
	if qq.Filter.Code, err = oneOf("code", get("code"), flagChoices()); err != nil {
		return qq, err
	}
	kind, err := oneOf("kind", get("kind"), kindChoices())
	if err != nil {
		return qq, err
	}
	qq.Filter.Kind = corpus.Kind(kind)
	if qq.From, qq.Size, err = paging(v, get, lim); err != nil {
		return qq, err
	}
	if perr != nil {
		return qq, perr
	}
	if l := get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return qq, invalid("limit", "应为不小于 0 的整数（0 表示全部）")
		}
		qq.From, qq.Size, qq.Filter.Limit = 0, 0, n
		return qq, nil
	}
	if lim.queueTop > 0 && qq.From+qq.Size > lim.queueTop {
		return qq, invalid("page", "复核队列最多列出前 %d 篇；请用 code、min_severity 或 kind 筛选", lim.queueTop)
	}
	qq.Filter.Limit = qq.From + qq.Size
	return qq, nil
}

// flagsValues is the inverse of parseFlags.
func flagsValues(qq queueQuery) url.Values {
	v := url.Values{}
	if qq.Filter.MinSeverity != "" && qq.Filter.MinSeverity != corpus.SeverityLow {
		v.Set("min_severity", string(qq.Filter.MinSeverity))
	}
	if qq.Filter.Code != "" {
		v.Set("code", qq.Filter.Code)
	}
	if qq.Filter.Kind != "" {
		v.Set("kind", string(qq.Filter.Kind))
	}
	size := qq.Size
	if size == 0 {
		size = defaultSize
	}
	if size != defaultSize {
		v.Set("size", strconv.Itoa(size))
	}
	if qq.From > 0 {
		v.Set("page", strconv.Itoa(qq.From/size+1))
	}
	return v
}

// choice is an accepted value of an enum parameter: its code and the
// Chinese label lvzhi prints for it (either is accepted).
type choice struct{ Code, Label string }

func kindChoices() []choice {
	var c []choice
	for _, k := range corpus.Kinds {
		c = append(c, choice{string(k), k.Label()})
	}
	return c
}

func flagChoices() []choice {
	var c []choice
	for _, f := range flagCodes {
		c = append(c, choice{f, corpus.FlagLabel(f)})
	}
	return c
}

func statusChoices() []choice {
	var c []choice
	for _, s := range statuses {
		c = append(c, choice{s.code, s.label})
	}
	return c
}

func sortChoices() []choice {
	var c []choice
	for _, s := range sorts {
		c = append(c, choice{s.code, s.label})
	}
	return c
}

func severityChoices() []choice {
	var c []choice
	for _, s := range severities {
		c = append(c, choice{string(s), s.Label()})
	}
	return c
}

// oneOf maps a value given as a code or a label to its code ("" stays
// ""); anything else is an error listing the choices, with the nearest
// one first when there is one.
func oneOf(name, s string, choices []choice) (string, error) {
	if s == "" {
		return "", nil
	}
	for _, c := range choices {
		if strings.EqualFold(s, c.Code) || s == c.Label {
			return c.Code, nil
		}
	}
	var all []string
	var codes []string
	for _, c := range choices {
		all = append(all, c.Code+"（"+c.Label+"）")
		codes = append(codes, c.Code)
	}
	if near := nearest(s, codes); near != "" {
		return "", invalid(name, "未知的值“%s”，是不是“%s”？", clip(s, 40), near)
	}
	return "", invalid(name, "未知的值“%s”，应为 %s 之一", clip(s, 40), strings.Join(all, "、"))
}

// nearest is corpus.Nearest, as the command line suggests.
func nearest(s string, candidates []string) string { return corpus.Nearest(s, candidates) }

// clip shortens s to n characters for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// idRe is a document ID or a prefix of one (at least 4 hex digits).
var idRe = regexp.MustCompile(`^[0-9a-f]{4,16}$`)

// parseID validates a document ID from a URL.
func parseID(name, s string) (string, error) {
	id := strings.ToLower(strings.TrimSpace(s))
	if !idRe.MatchString(id) {
		return "", corpus.Errorf(corpus.EINVALID, "%s“%s”不是文档编号：编号是 4 到 16 位十六进制数字（0-9、a-f）", name, clip(s, 40))
	}
	return id, nil
}
