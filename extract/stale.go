package extract

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"lvzhi/corpus"
)

// meetingsTSV lists the Party congresses and plenums with their dates.
//
//go:embed data/meetings.tsv
var meetingsTSV string

// meeting is one congress or plenum a report may cite.
type meeting struct {
	name     string   // 党的十八大, 十八届三中全会
	forms    []string // how a text names it
	year     int
	month    int
	congress int // 18
	plenum   int // 0 for the congress itself
}

var meetings = parseMeetings(meetingsTSV)

func parseMeetings(src string) []meeting {
	var out []meeting
	for n, line := range strings.Split(src, "\n") {
		if line = strings.TrimRight(line, "\r"); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic(fmt.Sprintf("data/meetings.tsv:%d: want 5 tab-separated fields, got %d", n+1, len(f)))
		}
		m := meeting{name: f[0], forms: []string{f[0]}}
		for _, a := range strings.Split(f[1], ",") {
			if a = strings.TrimSpace(a); a != "" {
				m.forms = append(m.forms, a)
			}
		}
		var err error
		var y, mo, c, p int
		if _, err = fmt.Sscanf(f[2], "%d-%d", &y, &mo); err == nil {
			if c, err = strconv.Atoi(f[3]); err == nil {
				p, err = strconv.Atoi(f[4])
			}
		}
		if err != nil {
			panic(fmt.Sprintf("data/meetings.tsv:%d: %v", n+1, err))
		}
		m.year, m.month, m.congress, m.plenum = y, mo, c, p
		if p == 0 {
			// 第十八次全国代表大会 names the congress too.
			num := strings.TrimSuffix(strings.TrimPrefix(f[0], "党的"), "大")
			m.forms = append(m.forms, "第"+num+"次全国代表大会")
		}
		out = append(out, m)
	}
	return out
}

// congressHeld returns when the congress with this number was held.
func congressHeld(n int) (year, month int, ok bool) {
	for _, m := range meetings {
		if m.congress == n && m.plenum == 0 {
			return m.year, m.month, true
		}
	}
	return 0, 0, false
}

// meetingRef is one mention of a meeting in the text.
type meetingRef struct {
	m     *meeting
	at    span // the name
	sent  span
	study bool // cited as the spirit being studied now (学习贯彻…精神)
}

// studyWords mark a sentence that studies a meeting's spirit as current;
// "十八大以来" (since the 18th congress) looks back instead.
var studyWords = []string{"学习", "贯彻", "领会", "宣讲", "传达", "落实"}

func findMeetingRefs(d *doc) []meetingRef {
	if !strings.Contains(d.text, "大") && !strings.Contains(d.text, "全会") {
		return nil
	}
	var refs []meetingRef
	for i := range meetings {
		m := &meetings[i]
		for _, form := range m.forms {
			for off := 0; ; {
				j := strings.Index(d.text[off:], form)
				if j < 0 {
					break
				}
				s := span{off + j, off + j + len(form)}
				off = s.end
				// 二十八大 is not 十八大; 十八大代表 is a delegate, still a reference.
				if r := runeBefore(d.text, s.start); strings.ContainsRune("一二三四五六七八九十", r) && !strings.HasPrefix(form, "第") {
					continue
				}
				if overlapsRef(refs, s) {
					continue
				}
				sent := d.sentenceAt(s.start)
				after := d.text[s.end:min(len(d.text), s.end+12)]
				study := containsAny(d.str(sent), studyWords) && strings.Contains(d.text[s.end:sent.end], "精神") &&
					!strings.HasPrefix(after, "以来") && !strings.HasPrefix(after, "召开以来")
				refs = append(refs, meetingRef{m: m, at: s, sent: sent, study: study})
			}
		}
	}
	return refs
}

func overlapsRef(refs []meetingRef, s span) bool {
	for _, r := range refs {
		if r.at.start < s.end && s.start < r.at.end {
			return true
		}
	}
	return false
}

// staleReferences flags references that do not fit the report's year: a
// meeting studied as the current spirit although a newer congress was held
// before the year began (a 2023 report studying 十八大精神), and a meeting
// held after the report could have been written (a 2015 report citing 十九大).
func staleReferences(d *doc, year *int) []corpus.Flag {
	if year == nil {
		return nil
	}
	y := *year
	refs := findMeetingRefs(d)
	if len(refs) == 0 {
		return nil
	}
	var flags []corpus.Flag
	// Anachronisms: a report on year Y is written by the spring of Y+1.
	var late []corpus.Span
	var lateNames []string
	for _, r := range refs {
		if r.m.year > y+1 || r.m.year == y+1 && r.m.month > 3 {
			late = append(late, d.evidence(r.sent))
			if name := fmt.Sprintf("%s（%d年%d月）", r.m.name, r.m.year, r.m.month); !containsString(lateNames, name) {
				lateNames = append(lateNames, name)
			}
		}
	}
	if len(late) > 0 {
		flags = append(flags, corpus.Flag{
			Code: corpus.FlagStaleReference, Severity: corpus.SeverityMedium,
			Message:  fmt.Sprintf("报告年度为%d年，却提到此后才召开的%s，年份或内容疑似有误（可能套用了其他年份的文稿）", y, strings.Join(lateNames, "、")),
			Evidence: limitSpans(late),
		})
	}
	// Stale study: the newest meeting the report studies is of a congress
	// already superseded before the year began.
	newest := -1
	for i, r := range refs {
		if r.study && r.m.year <= y+1 && (newest < 0 || r.m.congress > refs[newest].m.congress) {
			newest = i
		}
	}
	if newest >= 0 {
		m := refs[newest].m
		if ny, nm, ok := congressHeld(m.congress + 1); ok && ny < y {
			var ev []corpus.Span
			for _, r := range refs {
				if r.study && r.m.congress == m.congress {
					ev = append(ev, d.evidence(r.sent))
				}
			}
			flags = append(flags, corpus.Flag{
				Code: corpus.FlagStaleReference, Severity: corpus.SeverityMedium,
				Message: fmt.Sprintf("报告年度为%d年，却把%d年%d月召开的%s作为当前学习贯彻的精神，而%d年%d月已召开%s，疑似套用旧稿",
					y, m.year, m.month, m.name, ny, nm, congressName(m.congress+1)),
				Evidence: limitSpans(ev),
			})
		}
	}
	return flags
}

func congressName(n int) string {
	for _, m := range meetings {
		if m.congress == n && m.plenum == 0 {
			return m.name
		}
	}
	return ""
}
