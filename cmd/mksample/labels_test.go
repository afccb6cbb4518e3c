package main

import (
	"strings"
	"testing"
)

func TestParseLabel(t *testing.T) {
	src := &Source{Out: "2023/清河镇/张建华.txt"}
	member := &Source{Out: "../../逃逸.txt", Zip: "问题文件/可疑压缩包.zip"}
	// doc fills one duty-report document around the given fields.
	doc := func(fields string) string {
		return `{"out": "2023/清河镇/张建华.txt", "documents": [{"part": 1, "kind": "duty_report", "title": "述职报告",
			"name": "张建华", "levels": ["县"], "term": "第十七届", "region": "云溪县", "position": "桐林村党支部书记",
			"year": 2023, "elected_year": 2016` + fields + `}]}`
	}
	const counted = `, "suggestions": {"total": 8, "approx": false, "placeholder": false, "listed": 2},
		"activities": [{"type": "research", "count": 3, "placeholder": false, "deputy_role": true},
		               {"type": "inspection", "count": null, "placeholder": false, "deputy_role": true, "date": "2023-04-12"}]`
	tests := []struct {
		name    string
		src     *Source
		data    string
		wantErr string // "" for a valid label
	}{
		{name: "valid", src: src, data: doc(counted + `, "shortcomings": 2, "placeholders": 0, "template_residue": false, "flags": []`)},
		{name: "valid error label", src: member, data: `{"out": "../../逃逸.txt", "zip": "问题文件/可疑压缩包.zip", "error": "压缩包成员路径越界"}`},
		{name: "out mismatch", src: member, data: `{"out": "逃逸.txt", "error": "x"}`, wantErr: "do not match"},
		{name: "unknown field", src: src, data: doc(counted + `, "shortcoming": 2, "placeholders": 0, "template_residue": false, "flags": ["no_shortcomings"]`), wantErr: "unknown field"},
		{name: "error with documents", src: src, data: `{"out": "2023/清河镇/张建华.txt", "error": "x", "documents": [{"part": 1}]}`, wantErr: "no documents"},
		{name: "neither", src: src, data: `{"out": "2023/清河镇/张建华.txt", "documents": []}`, wantErr: "no documents and no error"},
		{name: "arabic term", src: src, data: strings.Replace(doc(counted+`, "shortcomings": 2, "placeholders": 0, "template_residue": false, "flags": []`), "第十七届", "第17届", 1), wantErr: "term"},
		{name: "bad level", src: src, data: strings.Replace(doc(counted+`, "shortcomings": 2, "placeholders": 0, "template_residue": false, "flags": []`), `["县"]`, `["县级"]`, 1), wantErr: "level"},
		{name: "missing no_shortcomings", src: src, data: doc(counted + `, "shortcomings": 0, "placeholders": 0, "template_residue": false, "flags": []`), wantErr: "no_shortcomings"},
		{name: "placeholder flag without count", src: src, data: doc(counted + `, "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": ["placeholder"]`), wantErr: "placeholder flag"},
		{name: "residue without flag", src: src, data: doc(counted + `, "shortcomings": 1, "placeholders": 0, "template_residue": true, "flags": []`), wantErr: "template_residue"},
		{name: "no_quantities with counts", src: src, data: doc(counted + `, "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": ["no_quantities"]`), wantErr: "no_quantities"},
		{
			name:    "no_quantities needed",
			src:     src,
			data:    doc(`, "suggestions": {"total": null, "approx": false, "placeholder": false, "listed": 0}, "activities": [], "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": []`),
			wantErr: "no_quantities",
		},
		{
			name: "day-job counts do not count",
			src:  src,
			data: doc(`, "suggestions": {"total": null, "approx": false, "placeholder": false, "listed": 0}, "activities": [{"type": "public_service", "count": 35, "placeholder": false, "deputy_role": false}], "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": ["no_quantities"]`),
		},
		{
			name: "placeholder count is a statement",
			src:  src,
			data: doc(`, "suggestions": {"total": null, "approx": false, "placeholder": true, "listed": 0}, "activities": [], "shortcomings": 1, "placeholders": 1, "template_residue": false, "flags": ["placeholder"]`),
		},
		{
			name:    "activity with nothing",
			src:     src,
			data:    doc(`, "suggestions": {"total": 1, "approx": false, "placeholder": false, "listed": 0}, "activities": [{"type": "research", "count": null, "placeholder": false, "deputy_role": true}], "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": []`),
			wantErr: "needs a count",
		},
		{
			name:    "bad date",
			src:     src,
			data:    doc(`, "suggestions": {"total": 1, "approx": false, "placeholder": false, "listed": 0}, "activities": [{"type": "research", "count": null, "placeholder": false, "deputy_role": true, "date": "2023年4月"}], "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": []`),
			wantErr: "date",
		},
		{
			name:    "unknown activity type",
			src:     src,
			data:    doc(`, "suggestions": {"total": 1, "approx": false, "placeholder": false, "listed": 0}, "activities": [{"type": "visit", "count": 2, "placeholder": false, "deputy_role": true}], "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": []`),
			wantErr: "type",
		},
		{
			name:    "wrong_kind on a duty report",
			src:     src,
			data:    doc(counted + `, "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": ["wrong_kind"]`),
			wantErr: "wrong_kind",
		},
		{
			name: "work report with a deputy",
			src:  src,
			data: strings.Replace(doc(`, "suggestions": {"total": null, "approx": false, "placeholder": false, "listed": 0}, "activities": [], "shortcomings": 3, "placeholders": 0, "template_residue": false, "flags": []`),
				`"duty_report"`, `"work_report"`, 1),
			wantErr: "no deputy fields",
		},
		{
			name:    "nil lists",
			src:     src,
			data:    doc(`, "suggestions": {"total": 1, "approx": false, "placeholder": false, "listed": 0}, "shortcomings": 1, "placeholders": 0, "template_residue": false, "flags": []`),
			wantErr: "must be lists",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseLabel("x.json", []byte(tt.data), tt.src)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			case err != nil && !strings.HasPrefix(err.Error(), "x.json: "):
				t.Errorf("error %q does not name the label file", err)
			}
		})
	}
}
