package index

import (
	"os"

	"lvzhi/corpus"
)

// report makes a minimal duty report.
func report(id, text string, year int) *corpus.Report {
	r := &corpus.Report{}
	r.ID = id
	r.Source = "reports/" + id + ".txt"
	r.Part = 1
	r.Parts = 1
	r.Text = text
	r.Kind = corpus.KindDutyReport
	if year != 0 {
		r.Year = &year
	}
	return r
}

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "lvzhi-index-example-") }
func osRemoveAll(dir string)       { os.RemoveAll(dir) }
