package extract

import "testing"

func TestParseChinese(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"十", 10, true}, {"十二", 12, true}, {"二十三", 23, true}, {"两", 2, true},
		{"一百零五", 105, true}, {"一千二百", 1200, true}, {"三万五千", 35000, true},
		{"十四", 14, true}, {"九十九", 99, true}, {"一百", 100, true}, {"两百", 200, true},
		{"十四五", 0, false}, {"一一", 0, false}, {"百", 0, false}, {"万", 0, false},
		{"二〇二三", 0, false}, {"十十", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseChinese(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseChinese(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFindCounts(t *testing.T) {
	units := []string{"场次", "件", "条", "次", "个", "场"}
	type want struct {
		text        string
		value       int
		approx      bool
		placeholder bool
	}
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"arabic", "提出意见建议9条", []want{{"9条", 9, false, false}}},
		{"chinese", "提交建议十四件", []want{{"十四件", 14, false, false}}},
		{"two", "视察两次", []want{{"两次", 2, false, false}}},
		{"approx suffix", "参加活动12余次", []want{{"12余次", 12, true, false}}},
		{"approx chinese", "走访十余次", []want{{"十余次", 10, true, false}}},
		{"approx prefix", "调研近20次", []want{{"近20次", 20, true, false}}},
		{"approx after", "审议5次以上", []want{{"5次以上", 5, true, false}}},
		{"placeholder stars", "意见建议**条", []want{{"**条", 0, false, true}}},
		{"placeholder star approx", "学习**余次", []want{{"**余次", 0, true, true}}},
		{"placeholder x", "参加x场次", []want{{"x场次", 0, false, true}}},
		{"ordinal", "第四次会议", nil},
		{"one-off", "一次性补助", nil},
		{"year", "2023年", nil},
		{"latin x", "box次", nil},
		{"many", "参加视察3次、调研2次", []want{{"3次", 3, false, false}, {"2次", 2, false, false}}},
		{"placeholder 2", "参加调研活动*场次，形成报告", []want{{"*场次", 0, false, true}}},
		{"three represents", "三个代表", nil},
		{"meeting", "参加两次代表大会", []want{{"两次", 2, false, false}}},
		{"range", "上门走访了3-4次", []want{{"3-4次", 3, true, false}}},
		{"range chinese", "调研七到九次", []want{{"七到九次", 7, true, false}}},
		{"range tilde", "值班6～8次", []want{{"6～8次", 6, true, false}}},
		{"plus", "活动跑了20+次", []want{{"20+次", 20, true, false}}},
		{"no range downwards", "由5-3次", []want{{"3次", 3, false, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findCounts(tt.in, 0, len(tt.in), units)
			if len(got) != len(tt.want) {
				t.Fatalf("findCounts(%q) = %d counts %+v, want %d", tt.in, len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if tt.in[g.start:g.end] != w.text || g.value != w.value || g.approx != w.approx || g.placeholder != w.placeholder {
					t.Errorf("count %d = %q %d approx=%v ph=%v; want %+v", i, tt.in[g.start:g.end], g.value, g.approx, g.placeholder, w)
				}
			}
		})
	}
}
