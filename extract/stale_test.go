package extract

import (
	"strings"
	"testing"

	"lvzhi/corpus"
)

func TestMeetingsData(t *testing.T) {
	if len(meetings) < 20 {
		t.Fatalf("only %d meetings parsed", len(meetings))
	}
	for i := 1; i < len(meetings); i++ {
		a, b := meetings[i-1], meetings[i]
		if b.year*100+b.month <= a.year*100+a.month {
			t.Errorf("%s (%d-%02d) is not after %s (%d-%02d)", b.name, b.year, b.month, a.name, a.year, a.month)
		}
		if b.congress < a.congress {
			t.Errorf("%s: congress numbers go backwards", b.name)
		}
	}
	if y, m, ok := congressHeld(18); !ok || y != 2012 || m != 11 {
		t.Errorf("十八大 held %d-%d %v, want 2012-11", y, m, ok)
	}
}

func TestStaleReference(t *testing.T) {
	const head = "本人张建华，是云溪县第十七届人大代表。"
	tests := []struct {
		name  string
		text  string
		want  int    // stale_reference flags
		words string // what the message must name
	}{
		{"current congress", "2023年度人大代表述职报告\n" + head + "一年来，我认真学习贯彻党的二十大精神。", 0, ""},
		{"superseded congress studied as current", "2023年度人大代表述职报告\n" + head + "一年来，我认真学习贯彻党的十八大精神，不断提高履职能力。", 1, "党的十八大"},
		{"superseded plenum", "2019年度人大代表述职报告\n" + head + "我认真学习领会十八届三中全会精神。", 1, "十八届三中全会"},
		{"history is not stale", "2023年度人大代表述职报告\n" + head + "党的十八大以来，村里的道路全部硬化。我认真学习贯彻党的二十大精神。", 0, ""},
		{"old and new together", "2023年度人大代表述职报告\n" + head + "我认真学习贯彻党的十八大、十九大和二十大精神。", 0, ""},
		{"within the term", "2016年度人大代表述职报告\n" + head + "我认真学习贯彻党的十八大和十八届六中全会精神。", 0, ""},
		{"anachronism", "2015年度人大代表述职报告\n" + head + "我认真学习贯彻党的十九大精神。", 1, "党的十九大"},
		{"written early next year", "2022年度人大代表述职报告\n" + head + "我认真学习贯彻党的二十大和二十届二中全会精神。", 0, ""},
		{"no year, no verdict", "人大代表述职报告\n" + head + "我认真学习贯彻党的十八大精神。", 0, ""},
		{"long form", "2020年度人大代表述职报告\n" + head + "我认真学习贯彻党的第十七次全国代表大会精神。", 1, "党的十七大"},
		{"ordinal not a congress", "2023年度人大代表述职报告\n" + head + "我认真学习贯彻党的二十大精神，走访了二十八大户。", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyze(tt.text)
			var got []corpus.Flag
			for _, f := range a.Flags {
				if f.Code == corpus.FlagStaleReference {
					got = append(got, f)
				}
			}
			if len(got) != tt.want {
				t.Fatalf("stale_reference flags = %d, want %d: %+v", len(got), tt.want, got)
			}
			for _, f := range got {
				if !strings.Contains(f.Message, tt.words) {
					t.Errorf("message %q does not name %s", f.Message, tt.words)
				}
				if len(f.Evidence) == 0 {
					t.Errorf("no evidence")
				}
				for _, e := range f.Evidence {
					if tt.text[e.Start:e.End] != e.Text || !strings.Contains(e.Text, strings.TrimSuffix(strings.TrimPrefix(tt.words, "党的"), "大")) && !strings.Contains(e.Text, "第十七次") {
						t.Errorf("evidence %q (%d:%d) does not show the reference", e.Text, e.Start, e.End)
					}
				}
			}
		})
	}
}
