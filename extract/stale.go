package extract

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lvzhi/corpus"
)

// meetingsTSV lists the Party congresses and plenums with their dates.
//
//go:embed data/meetings.tsv
var meetingsTSV string

// meeting is one congress or plenum a report may cite.
type meeting struct {
	name     string // 党的十八大, 十八届三中全会
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
		if len(f) != 4 {
			panic(fmt.Sprintf("data/meetings.tsv:%d: want 4 tab-separated fields, got %d", n+1, len(f)))
		}
		m := meeting{name: f[0]}
		_, err := fmt.Sscanf(f[1], "%d-%d", &m.year, &m.month)
		if err == nil {
			if m.congress, err = strconv.Atoi(f[2]); err == nil {
				m.plenum, err = strconv.Atoi(f[3])
			}
		}
		if err != nil {
			panic(fmt.Sprintf("data/meetings.tsv:%d: %v", n+1, err))
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
var studyWords = years.words("study")

func findMeetingRefs(d *doc) []meetingRef {
	text := d.text
	var refs []meetingRef
	add := func(m *meeting, at span) {
		if m == nil || overlapsRef(refs, at) {
			return
		}
		sent := d.sentenceAt(at.start)
		after := text[at.end:min(len(text), at.end+12)]
		study := containsAny(d.str(sent), studyWords) && strings.Contains(text[at.end:sent.end], "精神") &&
			!strings.HasPrefix(after, "以来") && !strings.HasPrefix(after, "召开以来")
		refs = append(refs, meetingRef{m: m, at: at, sent: sent, study: study})
	}
	// 十八届三中全会
	eachIndex(text, "中全会", func(i int) {
		p := i - len("三")
		if p < 0 {
			return
		}
		plenum, ok := parseChinese(text[p:i])
		if !ok || !strings.HasSuffix(text[:p], "届") {
			return
		}
		start, congress := numeralBefore(text, p-len("届"))
		if congress > 0 {
			add(findMeeting(congress, plenum), span{start, i + len("中全会")})
		}
	})
	// 第十八次全国代表大会, then 十八大 (党的十八大, 十八大以来, 十八大代表).
	eachIndex(text, "次全国代表大会", func(i int) {
		start, congress := numeralBefore(text, i)
		if congress > 0 && strings.HasSuffix(text[:start], "第") {
			add(findMeeting(congress, 0), span{start - len("第"), i + len("次全国代表大会")})
		}
	})
	eachIndex(text, "大", func(i int) {
		start, congress := numeralBefore(text, i)
		if congress == 0 || i-start < len("十九") {
			return // 五大, 三大: not a congress we know by number
		}
		at := span{start, i + len("大")}
		if strings.HasSuffix(text[:start], "党的") {
			at.start -= len("党的")
		}
		add(findMeeting(congress, 0), at)
	})
	sort.Slice(refs, func(i, j int) bool { return refs[i].at.start < refs[j].at.start })
	return refs
}

// eachIndex calls fn with every byte offset of sub in s.
func eachIndex(s, sub string, fn func(i int)) {
	for off := 0; ; {
		j := strings.Index(s[off:], sub)
		if j < 0 {
			return
		}
		fn(off + j)
		off += j + len(sub)
	}
}

// numeralBefore reads the Chinese numeral (一 … 十, up to three characters)
// ending at byte end: its start and value, 0 when there is none. A longer
// run of numerals (二十八大) is not a congress number.
func numeralBefore(text string, end int) (int, int) {
	start, n := end, 0
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			break
		}
		start -= size
		if n++; n > 3 {
			return end, 0
		}
	}
	if n == 0 {
		return end, 0
	}
	v, ok := parseChinese(text[start:end])
	if !ok {
		return end, 0
	}
	return start, v
}

func findMeeting(congress, plenum int) *meeting {
	for i := range meetings {
		if meetings[i].congress == congress && meetings[i].plenum == plenum {
			return &meetings[i]
		}
	}
	return nil
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
