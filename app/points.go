package app

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"lvzhi/corpus"
)

// DefaultPoints is the default duty-points table (履职积分), a commented
// file the office can copy and edit (`lvzhi points` prints it).
//
//go:embed data/points.txt
var DefaultPoints string

// pointSources are what a points rule may count: every activity type, the
// deputy's own suggestions, and absences.
const (
	sourceSuggestion = "suggestion"
	sourceAbsence    = "absence"
)

func validSource(s string) bool {
	if s == sourceSuggestion || s == sourceAbsence {
		return true
	}
	return slices.Contains(corpus.ActivityTypes, corpus.ActivityType(s))
}

// ReadPoints reads a points table from a file; "" reads the default.
func ReadPoints(path string) (*corpus.PointsTable, error) {
	if path == "" {
		return parsePoints("默认积分表", strings.NewReader(DefaultPoints))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, corpus.Errorf(corpus.EINVALID, "无法读取积分表 %s: %v", path, err)
	}
	defer f.Close()
	return parsePoints(path, f)
}

// parsePoints reads the lines "名称 计分对象 每次分值 [每篇上限]"; a
// mistake is an error naming the file and line.
func parsePoints(name string, r io.Reader) (*corpus.PointsTable, error) {
	t := &corpus.PointsTable{Name: name}
	sc := bufio.NewScanner(r)
	n := 0
	seen := map[string]int{}
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		bad := func(format string, args ...any) error {
			return corpus.Errorf(corpus.EINVALID, "积分表 %s 第 %d 行: %s", name, n, fmt.Sprintf(format, args...))
		}
		if len(f) < 3 || len(f) > 4 {
			return nil, bad("应有 3 或 4 项（名称 计分对象 每次分值 [每篇上限]），实有 %d 项", len(f))
		}
		rule := corpus.PointsRule{Name: f[0], Source: f[1], Line: n}
		if !validSource(rule.Source) {
			var all []string
			for _, at := range corpus.ActivityTypes {
				all = append(all, string(at))
			}
			all = append(all, sourceSuggestion, sourceAbsence)
			if near := corpus.Nearest(rule.Source, all); near != "" {
				return nil, bad("未知的计分对象 %q，是不是 %s？", rule.Source, near)
			}
			return nil, bad("未知的计分对象 %q；可用: %s", rule.Source, strings.Join(all, "、"))
		}
		if prev, ok := seen[rule.Source]; ok {
			return nil, bad("计分对象 %s 已在第 %d 行出现过", rule.Source, prev)
		}
		seen[rule.Source] = n
		var err error
		if rule.Points, err = strconv.ParseFloat(f[2], 64); err != nil || rule.Points != rule.Points {
			return nil, bad("每次分值 %q 不是数字", f[2])
		}
		if len(f) == 4 {
			if rule.Max, err = strconv.ParseFloat(f[3], 64); err != nil || rule.Max < 0 {
				return nil, bad("每篇上限 %q 应为不小于 0 的数字", f[3])
			}
		}
		t.Rules = append(t.Rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, corpus.Errorf(corpus.EINVALID, "无法读取积分表 %s: %v", name, err)
	}
	if len(t.Rules) == 0 {
		return nil, corpus.Errorf(corpus.EINVALID, "积分表 %s 没有规则", name)
	}
	return t, nil
}

// activityUnits is how many times a report says the deputy did one type of
// activity, as a deputy: the sum of the counted rows whose unit counts
// events (次, 场…), or — when none is counted — one per dated row (a dated
// item next to a count is taken to be one of those counted). Rows of the
// day job and placeholders never count. It returns the units and the rows
// behind them.
func activityUnits(acts []corpus.Activity, t corpus.ActivityType) (int, []*corpus.Activity) {
	var counted, dated []*corpus.Activity
	n := 0
	for i := range acts {
		x := &acts[i]
		if x.Type != t || !x.DeputyRole || x.Placeholder {
			continue
		}
		switch {
		case x.Count != nil && x.CountsEvents():
			counted = append(counted, x)
			n += *x.Count
		case x.Count == nil && x.Date != nil:
			dated = append(dated, x)
		}
	}
	if len(counted) > 0 {
		return n, counted
	}
	return len(dated), dated
}

// hasTyped reports whether the report counts or dates any activity of a
// type other than general, as a deputy.
func hasTyped(acts []corpus.Activity) bool {
	for _, t := range corpus.ActivityTypes {
		if t == corpus.ActGeneral {
			continue
		}
		if n, _ := activityUnits(acts, t); n > 0 {
			return true
		}
	}
	return false
}

// activityReview is why an activity row's count needs review, "" when it
// is certain.
func activityReview(x *corpus.Activity) string {
	switch {
	case x.Review != nil:
		return x.Review.Reason
	case x.Approx:
		return "约数（余、多、近、以上）"
	}
	return ""
}

// scorePoints applies a points table to one report: one item per rule and
// extracted row, with the row as evidence.
func scorePoints(t *corpus.PointsTable, r *corpus.Report) (float64, []corpus.PointItem) {
	var total float64
	var items []corpus.PointItem
	acts := r.Activities
	typed := hasTyped(acts)
	for _, rule := range t.Rules {
		var ruleItems []corpus.PointItem
		switch rule.Source {
		case sourceSuggestion:
			s := r.Suggestions
			switch {
			case s.Total != nil && !s.Placeholder:
				review := ""
				if s.Approx {
					review = "建议数为约数"
				}
				ev := corpus.Span{}
				for _, st := range s.Statements {
					if st.Own && st.Count != nil {
						ev = corpus.Span{Text: strings.Clone(st.Text), Start: st.Start, End: st.End}
						break
					}
				}
				ruleItems = append(ruleItems, corpus.PointItem{Rule: rule.Name, Units: *s.Total, Evidence: ev, Review: review})
			case s.Total == nil && !s.Placeholder && len(s.Listed) > 0:
				l := s.Listed[0]
				ruleItems = append(ruleItems, corpus.PointItem{Rule: rule.Name, Units: len(s.Listed),
					Evidence: corpus.Span{Text: strings.Clone(l.Text), Start: l.Start, End: l.End}, Review: "未写明建议总数，按逐条列出的件数计"})
			}
		case sourceAbsence:
			// Not extracted: no report states absences in a form the
			// extractors read, so nothing is taken off.
		default:
			at := corpus.ActivityType(rule.Source)
			if at == corpus.ActGeneral && typed {
				continue // a total of all activities counts only when nothing is itemised
			}
			_, rows := activityUnits(acts, at)
			for _, x := range rows {
				u := 1
				if x.Count != nil {
					u = *x.Count
				}
				ruleItems = append(ruleItems, corpus.PointItem{Rule: rule.Name, Units: u,
					Evidence: corpus.Span{Text: strings.Clone(x.Text), Start: x.Start, End: x.End}, Review: activityReview(x)})
			}
		}
		sum := 0.0
		for i := range ruleItems {
			ruleItems[i].ReportID = r.ID
			p := float64(ruleItems[i].Units) * rule.Points
			if rule.Max > 0 && sum+p > rule.Max {
				p = max(0, rule.Max-sum)
				ruleItems[i].Note = fmt.Sprintf("超过每篇上限 %g 分的部分不计", rule.Max)
			}
			ruleItems[i].Points = p
			sum += p
		}
		total += sum
		items = append(items, ruleItems...)
	}
	return total, items
}
