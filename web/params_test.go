package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"lvzhi/index"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		query string
		want  index.Query
	}{
		{"", index.Query{Size: defaultSize}},
		{"q=+道路+交通+", index.Query{Text: "道路 交通", Size: defaultSize}},
		{"year=2023", index.Query{Year: 2023, Size: defaultSize}},
		{"year=2019-2022", index.Query{YearFrom: 2019, YearTo: 2022, Size: defaultSize}},
		{"year=2019至2022", index.Query{YearFrom: 2019, YearTo: 2022, Size: defaultSize}},
		{"year=2019-", index.Query{YearFrom: 2019, Size: defaultSize}},
		{"year=-2022", index.Query{YearTo: 2022, Size: defaultSize}},
		{"kind=工作报告&flag=boilerplate&status=历史版本", index.Query{Kind: "work_report", Flag: "boilerplate", Status: "history", Size: defaultSize}},
		{"kind=DUTY_REPORT", index.Query{Kind: "duty_report", Size: defaultSize}},
		{"sort=relevance", index.Query{Size: defaultSize}},
		{"sort=-year&size=50&page=3", index.Query{Sort: "-year", Size: 50, From: 100}},
		{"from=7&size=5", index.Query{From: 7, Size: 5}},
		{"region=清河镇&deputy=李春梅&level=镇", index.Query{Region: "清河镇", Deputy: "李春梅", Level: "镇", Size: defaultSize}},
		{"year=&kind=&q=", index.Query{Size: defaultSize}}, // empty form fields
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parseSearch(v, webLimits)
		if err != nil {
			t.Errorf("%s: %v", tt.query, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.query, got, tt.want)
		}
	}
}

// TestSearchValuesRoundTrip: the links the pages build and the client's
// requests parse back to the query they came from.
func TestSearchValuesRoundTrip(t *testing.T) {
	queries := []index.Query{
		{Size: defaultSize},
		{Text: `"人大 代表" -范文 道路|交通`, Size: defaultSize},
		{Year: 2023, Kind: "essay", Size: 7, From: 14},
		{YearFrom: 2019, Size: 10, From: 3},
		{YearTo: 2019, Region: "a&b=c", Deputy: "王 某", Level: "全国", Flag: "placeholder", Status: "all", Sort: "year", Size: 100},
	}
	for _, q := range queries {
		back, err := parseSearch(searchValues(q), webLimits)
		if err != nil {
			t.Errorf("%+v: %v", q, err)
			continue
		}
		if !reflect.DeepEqual(back, q) {
			t.Errorf("round trip:\n got %+v\nwant %+v", back, q)
		}
	}
}

// FuzzParseSearch: any query string either fails with a message or gives
// a query whose parameters parse back to it.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"q=道路", "year=2019-2022&kind=履职报告", "page=2&size=5", "year=-", "q=%ff", "sort=-year&status=all", "year=2019%E8%87%B32022"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseSearch(v, webLimits)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			return
		}
		if q.Size < 1 || q.Size > webLimits.maxSize || q.From < 0 || q.From > index.MaxFrom {
			t.Fatalf("paging out of bounds: %+v", q)
		}
		back, err := parseSearch(searchValues(q), webLimits)
		if err != nil {
			t.Fatalf("%+v does not parse back: %v", q, err)
		}
		if !reflect.DeepEqual(back, q) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, q)
		}
	})
}

func TestNearest(t *testing.T) {
	tests := []struct {
		s    string
		want string
	}{
		{"yaer", "year"},
		{"yer", "year"},
		{"limt", ""}, // nothing close among search's parameters
		{"qq", "q"},
		{"regoin", "region"},
		{"placeholdr", "placeholder"},
		{"sizes", "size"},
		{"xyz", ""},
	}
	known := append(searchParams, "placeholder")
	for _, tt := range tests {
		if got := nearest(tt.s, known); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestParseID(t *testing.T) {
	for _, ok := range []string{"0123", "ABCDEF12", "d81e9fed076d8df5", " d81e "} {
		if _, err := parseID("编号", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "012", "d81e9fed076d8df5a", "../x", "d81g", "<b>", "编号"} {
		if _, err := parseID("编号", bad); err == nil || !strings.Contains(err.Error(), "不是文档编号") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
