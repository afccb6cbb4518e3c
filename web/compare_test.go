package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lvzhi/app"
	"lvzhi/corpus"
)

// TestComparePage: the ranking by deputy lists every deputy of the app's
// comparison in rank order with its points; the other groupings, one
// deputy's years with the evidence of every point, the outliers, the API,
// and bad parameters with a suggestion.
func TestComparePage(t *testing.T) {
	h := handler()
	want, err := testApp.Compare(context.Background(), app.CompareOptions{})
	if err != nil || len(want.ByDeputy) == 0 {
		t.Fatalf("the sample compares no deputy: %v", err)
	}
	code, _, body := get(t, h, "/compare")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	mustContain(t, "compare page", body, `id="ranking"`, "履职积分", `aria-current="page">代表`)
	rows := regexp.MustCompile(`(?s)<tr><td class="n">(\d+)</td><td><a href="/compare\?deputy=([^"]+)">([^<]+)</a>`).FindAllStringSubmatch(body, -1)
	if len(rows) != len(want.ByDeputy) {
		t.Fatalf("%d rows, the comparison has %d deputies", len(rows), len(want.ByDeputy))
	}
	best := want.ByDeputy[0]
	for _, g := range want.ByDeputy {
		if g.Rank < best.Rank {
			best = g
		}
	}
	if rows[0][1] != "1" || html.UnescapeString(rows[0][3]) != best.Label {
		t.Errorf("first row %q rank %s, want %q rank 1", rows[0][3], rows[0][1], best.Label)
	}
	if len(want.Outliers) > 0 {
		mustContain(t, "compare page", body, `id="outliers"`, html.EscapeString(want.Outliers[0].Message))
	}

	for _, by := range []string{"region", "level", "year", "年份"} {
		code, _, body := get(t, h, "/compare?by="+url.QueryEscape(by))
		if code != http.StatusOK || !strings.Contains(body, `id="ranking"`) {
			t.Errorf("by %s: status %d", by, code)
		}
	}

	// One deputy: every report of theirs, and every point with its text.
	id, _ := url.QueryUnescape(rows[0][2])
	code, _, body = get(t, h, "/compare?deputy="+url.QueryEscape(id))
	if code != http.StatusOK {
		t.Fatalf("deputy page: status %d", code)
	}
	mustContain(t, "deputy page", body, `id="trend"`, "积分明细")
	for _, f := range want.Reports {
		if f.Deputy != id {
			continue
		}
		mustContain(t, "deputy page", body, "/doc/"+f.ReportID)
		for _, it := range f.PointItems {
			mustContain(t, "deputy page", body, html.EscapeString(it.Evidence.Text))
		}
	}

	for target, wantCode := range map[string]int{
		"/compare?by=yaer":               http.StatusBadRequest,
		"/compare?byy=deputy":            http.StatusBadRequest,
		"/compare?deputy=no-such":        http.StatusNotFound,
		"/api/compare?x=1":               http.StatusBadRequest,
		"/compare?by=%E5%B9%B4%E4%BB%BD": http.StatusOK,
	} {
		if code, _, _ := get(t, h, target); code != wantCode {
			t.Errorf("%s: status %d, want %d", target, code, wantCode)
		}
	}
	if _, _, body := get(t, h, "/compare?by=yaer"); !strings.Contains(body, "year") {
		t.Errorf("a bad grouping does not suggest the right one")
	}

	code, _, body = get(t, h, "/api/compare")
	var got corpus.Comparison
	if code != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil {
		t.Fatalf("/api/compare: status %d", code)
	}
	if len(got.Reports) != len(want.Reports) || len(got.ByDeputy) != len(want.ByDeputy) || got.ByDeputy[0].Points != want.ByDeputy[0].Points {
		t.Errorf("/api/compare: %d reports, %d deputies; the app: %d, %d", len(got.Reports), len(got.ByDeputy), len(want.Reports), len(want.ByDeputy))
	}
}
