// Package sample describes the bundled sample corpus: the hand labels its
// authors wrote for every file under corpus/sample/files (the format is in
// corpus/sample/README.md). The generator (cmd/mksample) checks the labels;
// the tests of ingest and extract compare lvzhi's reading with them.
package sample

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Label is the hand label of one source: what lvzhi should find in the file
// (or member) it makes.
type Label struct {
	Out       string     `json:"out"`
	Zip       string     `json:"zip,omitempty"`   // set when Out is a member of this zip
	Error     string     `json:"error,omitempty"` // the expected reason a bad file is refused, in Chinese
	Documents []LabelDoc `json:"documents"`
	Notes     string     `json:"notes,omitempty"` // the labeller's reasons, free text
}

// LabelDoc is the expected analysis of one document of a file.
type LabelDoc struct {
	Part            int              `json:"part"`
	Kind            string           `json:"kind"`
	Title           string           `json:"title"`
	Name            *string          `json:"name"`
	Levels          []string         `json:"levels"`
	Term            *string          `json:"term"`
	Region          *string          `json:"region"`
	Position        *string          `json:"position"`
	Year            *int             `json:"year"`
	ElectedYear     *int             `json:"elected_year"`
	Suggestions     LabelSuggestions `json:"suggestions"`
	Activities      []LabelActivity  `json:"activities"`
	Shortcomings    int              `json:"shortcomings"`
	Placeholders    int              `json:"placeholders"`
	TemplateResidue bool             `json:"template_residue"`
	Flags           []string         `json:"flags"`
	Notes           string           `json:"notes,omitempty"` // the labeller's reasons, free text
}

// LabelSuggestions is the expected suggestion count of a document.
type LabelSuggestions struct {
	Total       *int `json:"total"`
	Approx      bool `json:"approx"`
	Placeholder bool `json:"placeholder"`
	Listed      int  `json:"listed"`
}

// LabelActivity is one expected activity row.
type LabelActivity struct {
	Type        string  `json:"type"`
	Count       *int    `json:"count"`
	Approx      bool    `json:"approx"` // the count says 余/多/以上/近
	Placeholder bool    `json:"placeholder"`
	DeputyRole  bool    `json:"deputy_role"`
	Date        *string `json:"date,omitempty"`
}

// NamedLabel is a label with the name of its file (01-town-secretary.json).
type NamedLabel struct {
	Name string
	Label
}

// ReadLabels reads every label file in dir, in name order.
func ReadLabels(dir string) ([]NamedLabel, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no label files", dir)
	}
	sort.Strings(paths)
	out := make([]NamedLabel, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var l Label
		if err := json.Unmarshal(b, &l); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, NamedLabel{Name: filepath.Base(p), Label: l})
	}
	return out, nil
}
