package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"lvzhi/corpus"
	"lvzhi/extract"
	"lvzhi/ingest"
)

// extractOutput is the JSON of `lvzhi extract --json` (SPEC §7), with the
// files that could not be read listed beside the documents.
type extractOutput struct {
	Documents []corpus.Report `json:"documents"`
	Errors    []fileProblem   `json:"errors"`
}

type fileProblem struct {
	Source string `json:"source"`
	Member string `json:"member"`
	Error  string `json:"error"`
}

func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "extract", "extract [--json] 文件...",
		"lvzhi extract --json 张建华-2023述职报告.docx",
		"lvzhi extract 报告/2023/")
	asJSON := fs.Bool("json", false, "输出 JSON（SPEC §7 的格式）")
	paths, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return fs.usageErrorf("请指定要分析的文件")
	}
	out := extractOutput{Documents: []corpus.Report{}, Errors: []fileProblem{}}
	walkErr := ingest.Walk(ctx, paths, ingest.Options{}, func(src ingest.Source, err error) error {
		if err == nil {
			var f *ingest.File
			if f, err = ingest.Read(src, ingest.Options{}); err == nil {
				for i := range f.Docs {
					out.Documents = append(out.Documents, corpus.Report{Document: f.Docs[i], Analysis: extract.Analyze(&f.Docs[i])})
				}
				return nil
			}
		}
		fmt.Fprintf(e.stderr, "失败: %s\n", safe(err.Error()))
		p := fileProblem{Source: src.Path, Member: src.Member, Error: err.Error()}
		var fe *ingest.FileError
		if errors.As(err, &fe) {
			p.Source, p.Member, p.Error = fe.Path, fe.Member, fe.Err.Error()
		}
		out.Errors = append(out.Errors, p)
		return nil
	})
	if walkErr != nil {
		return walkErr
	}
	if *asJSON {
		if err := writeJSON(e.stdout, out); err != nil {
			return err
		}
	} else {
		for i := range out.Documents {
			printReport(e, &out.Documents[i], nil)
			fmt.Fprintln(e.stdout)
		}
	}
	if n := len(out.Errors); n > 0 {
		return fmt.Errorf("%d 个文件读取失败", n)
	}
	return nil
}

// printReport prints a readable account of one analysed document.
func printReport(e *env, r *corpus.Report, origins []corpus.Origin) {
	w := e.stdout
	a := &r.Analysis
	title := r.Title
	if title == "" {
		title = "（无标题）"
	}
	fmt.Fprintf(w, "%s\n", safe(title))
	fmt.Fprintf(w, "  编号 %s · %s · %s", r.ID, a.Kind.Label(), safe(r.Provenance()))
	if r.Parts > 1 {
		fmt.Fprintf(w, "（第 %d/%d 部分）", r.Part, r.Parts)
	}
	fmt.Fprintln(w)
	for _, o := range origins {
		if corpus.Provenance(o.Source, o.Member) != r.Provenance() || o.Part != r.Part {
			fmt.Fprintf(w, "  亦见于 %s（第 %d 部分）\n", safe(corpus.Provenance(o.Source, o.Member)), o.Part)
		}
	}
	d := a.Deputy
	var meta []string
	add := func(label string, v *string) {
		if v != nil {
			meta = append(meta, label+" "+*v)
		}
	}
	add("代表", d.Name)
	if len(d.Levels) > 0 {
		meta = append(meta, "层级 "+strings.Join(d.Levels, "、"))
	}
	add("届次", d.Term)
	add("地区", d.Region)
	add("职务", d.Position)
	if d.ElectedYear != nil {
		meta = append(meta, fmt.Sprintf("当选 %d 年", *d.ElectedYear))
	}
	if a.Year != nil {
		meta = append(meta, fmt.Sprintf("报告年份 %d", *a.Year))
	}
	if len(meta) > 0 {
		fmt.Fprintf(w, "  %s\n", strings.Join(meta, " · "))
	}
	s := a.Suggestions
	switch {
	case s.Total != nil:
		approx := ""
		if s.Approx {
			approx = "（约数）"
		}
		fmt.Fprintf(w, "  建议: 共 %d 件%s\n", *s.Total, approx)
	case s.Placeholder:
		fmt.Fprintf(w, "  建议: 数量为占位符，未填写\n")
	}
	for _, st := range s.Statements {
		who := "本人"
		if !st.Own {
			who = "非本人"
		}
		fmt.Fprintf(w, "    · [%s] %s\n", who, st.Text)
	}
	for _, l := range s.Listed {
		fmt.Fprintf(w, "    · 逐条: %s\n", l.Text)
	}
	if len(a.Activities) > 0 {
		fmt.Fprintf(w, "  活动 %d 条:\n", len(a.Activities))
		for _, x := range a.Activities {
			n := "—"
			switch {
			case x.Count != nil:
				n = fmt.Sprintf("%d%s", *x.Count, x.Unit)
				if x.Approx {
					n += "（约）"
				}
			case x.Placeholder:
				n = "占位符"
			case x.Date != nil:
				n = *x.Date
			}
			role := ""
			if !x.DeputyRole {
				role = "（本职工作）"
			}
			fmt.Fprintf(w, "    · %s %s%s: %s\n", x.Type.Label(), n, role, x.Text)
		}
	}
	if len(a.Shortcomings) > 0 {
		fmt.Fprintf(w, "  不足 %d 条:\n", len(a.Shortcomings))
		for _, sc := range a.Shortcomings {
			fmt.Fprintf(w, "    · %s\n", sc.Text)
		}
	}
	if a.Placeholders.Count > 0 {
		fmt.Fprintf(w, "  占位符 %d 处\n", a.Placeholders.Count)
	}
	for _, f := range a.Flags {
		fmt.Fprintf(w, "  ⚑ [%s] %s: %s\n", f.Severity.Label(), corpus.FlagLabel(f.Code), safe(f.Message))
	}
	if rv := a.Reviews(); len(rv) > 0 {
		fmt.Fprintf(w, "  需复核 %d 处:\n", len(rv))
		for _, it := range rv {
			v := it.Value
			if v == "" {
				v = "（空）"
			}
			fmt.Fprintf(w, "    ? %s「%s」: %s\n", it.Label, safe(v), safe(it.Doubt.Reason))
		}
	}
}
