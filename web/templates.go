package web

import (
	"fmt"
	"html/template"
	"strconv"

	"lvzhi/corpus"
)

// pageNames are the pages, each templates/NAME.html on templates/base.html.
var pageNames = []string{"search", "doc", "flags", "stats", "compare", "error"}

// parseTemplates parses every page once; a broken template is a bug
// caught by the tests, so it panics.
func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{
		"kindLabel":   func(k any) string { return corpus.Kind(fmt.Sprint(k)).Label() },
		"flagLabel":   corpus.FlagLabel,
		"sevLabel":    func(s corpus.Severity) string { return s.Label() },
		"statusLabel": func(s corpus.Status) string { return s.Label() },
		"str":         str,
		"num":         num,
		"pct":         pct,
		"pctp": func(p *float64) string {
			if p == nil {
				return ""
			}
			return pct(*p)
		},
		"score":   func(x float64) string { return fmt.Sprintf("%.2f", x) },
		"shortID": shortID,
		"mb":      func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) },
		"points":  func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) },
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		out[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/base.html", "templates/"+name+".html"))
	}
	return out
}
