package export

import (
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"lvzhi/corpus"
)

// deputyKey identifies one row of the 代表对比 sheet. The region is part of
// the key: two deputies of the same name in different regions are different
// people, and summing their counts would mislead. A report that does not
// state its region gets a row of its own rather than a guessed merge.
type deputyKey struct {
	name    string
	region  string
	year    int
	hasYear bool
}

// deputyRow holds only numbers (and the few levels), so the table stays
// small for tens of thousands of deputies.
type deputyRow struct {
	levels       []string
	reports      int
	suggestions  int
	hasSugg      bool
	acts         []int // indexed like corpus.ActivityTypes
	hasAct       []bool
	shortcomings int
	placeholders int
	flags        int
	maxCopy      float64
	hasCopy      bool
}

type deputyTable struct {
	rows map[deputyKey]*deputyRow
}

// activityIndex maps an activity type to its column.
var activityIndex = func() map[corpus.ActivityType]int {
	m := make(map[corpus.ActivityType]int, len(corpus.ActivityTypes))
	for i, t := range corpus.ActivityTypes {
		m[t] = i
	}
	return m
}()

// add counts a duty report that names its deputy.
func (t *deputyTable) add(r *corpus.Report, x Extra) {
	a := &r.Analysis
	if a.Kind != corpus.KindDutyReport || a.Deputy.Name == nil || *a.Deputy.Name == "" {
		return
	}
	// Clone: the strings may be slices of the whole document text, which
	// the table must not keep alive.
	k := deputyKey{name: strings.Clone(*a.Deputy.Name)}
	if a.Deputy.Region != nil {
		k.region = strings.Clone(*a.Deputy.Region)
	}
	if a.Year != nil {
		k.year, k.hasYear = *a.Year, true
	}
	if t.rows == nil {
		t.rows = make(map[deputyKey]*deputyRow)
	}
	d := t.rows[k]
	if d == nil {
		n := len(corpus.ActivityTypes)
		d = &deputyRow{acts: make([]int, n), hasAct: make([]bool, n)}
		t.rows[k] = d
	}
	d.reports++
	for _, l := range a.Deputy.Levels {
		if l != "" && !slices.Contains(d.levels, l) {
			d.levels = append(d.levels, strings.Clone(l))
		}
	}
	if a.Suggestions.Total != nil {
		d.suggestions += *a.Suggestions.Total
		d.hasSugg = true
	}
	for _, act := range a.Activities {
		// Only what was done as a deputy, with a stated count of times
		// (接待选民86人次 is people, not visits: it would swell the sum).
		// Types outside the taxonomy have no column and are left out.
		i, ok := activityIndex[act.Type]
		if !act.DeputyRole || act.Count == nil || !act.CountsEvents() || !ok {
			continue
		}
		d.acts[i] += *act.Count
		d.hasAct[i] = true
	}
	d.shortcomings += len(a.Shortcomings)
	d.placeholders += a.Placeholders.Count
	d.flags += len(a.Flags)
	if x.CopyRatio != nil && finite(*x.CopyRatio) != nil && (!d.hasCopy || *x.CopyRatio > d.maxCopy) {
		d.maxCopy, d.hasCopy = *x.CopyRatio, true
	}
}

// each calls fn with the rows of the 代表对比 sheet, sorted by name (in
// pinyin order), region, then year (unknown year last).
func (t *deputyTable) each(fn func(row []any) error) error {
	keys := make([]deputyKey, 0, len(t.rows))
	for k := range t.rows {
		keys = append(keys, k)
	}
	col := collate.New(language.Chinese)
	slices.SortFunc(keys, func(a, b deputyKey) int {
		if c := col.CompareString(a.name, b.name); c != 0 {
			return c
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := col.CompareString(a.region, b.region); c != 0 {
			return c
		}
		if c := strings.Compare(a.region, b.region); c != 0 {
			return c
		}
		switch {
		case a.hasYear != b.hasYear:
			if a.hasYear {
				return -1
			}
			return 1
		case a.year < b.year:
			return -1
		case a.year > b.year:
			return 1
		}
		return 0
	})
	n := len(sheets[shDeputies].cols)
	row := make([]any, n)
	for _, k := range keys {
		d := t.rows[k]
		clear(row)
		row[0] = k.name
		if k.hasYear {
			row[1] = k.year
		}
		if k.region != "" {
			row[2] = k.region
		}
		row[3] = strings.Join(sortLevels(d.levels), "、")
		row[4] = d.reports
		if d.hasSugg {
			row[5] = d.suggestions
		}
		i := 6
		for j := range corpus.ActivityTypes {
			if d.hasAct[j] {
				row[i] = d.acts[j]
			}
			i++
		}
		row[i], row[i+1], row[i+2] = d.shortcomings, d.placeholders, d.flags
		if d.hasCopy {
			row[i+3] = d.maxCopy
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// sortLevels puts congress levels in their usual order, unknown ones last.
func sortLevels(levels []string) []string {
	rank := func(l string) int {
		if i := slices.Index(levelOrder, l); i >= 0 {
			return i
		}
		return len(levelOrder)
	}
	slices.SortStableFunc(levels, func(a, b string) int { return rank(a) - rank(b) })
	return levels
}
