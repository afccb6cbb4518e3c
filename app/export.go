package app

import (
	"context"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"lvzhi/corpus"
	"lvzhi/export"
	"lvzhi/index"
)

// Encoder is what an export writes through: the workbook, the CSV files or
// JSON (package export).
type Encoder interface {
	Add(r *corpus.Report, x export.Extra) error
	Close() error
}

// Export hands every stored report that q selects to enc, in reading order
// (region, deputy, year, as Chinese sorts them), and returns how many it
// wrote. A q with no query text and no filters selects
// everything; filters that the store can answer (kind, year, region,
// deputy, level, flag) are applied to the stored reports, and query text
// goes through the search index, so that an export holds exactly what the
// same search finds. enc is not closed.
func (a *App) Export(ctx context.Context, enc Encoder, q index.Query) (int, error) {
	return a.ExportWith(ctx, enc, q, CompareOptions{})
}

// comparer is an encoder that also shows the comparison of the reports it
// holds (the workbook and the CSV files): it gets it before the first
// report.
type comparer interface {
	SetComparison(*corpus.Comparison) error
}

// ExportWith is Export with the points table and override file of the
// comparison the workbook shows (see Compare), computed over exactly the
// reports exported.
func (a *App) ExportWith(ctx context.Context, enc Encoder, q index.Query, opt CompareOptions) (int, error) {
	st, err := a.store()
	if err != nil {
		return 0, err
	}
	write := func(r *corpus.Report) error {
		r.Analysis.Normalize()
		origins := 0
		if os, err := st.Origins(ctx, r.ID); err == nil {
			origins = len(os)
		}
		return enc.Add(r, export.Extra{Score: r.Score(), CopyRatio: CopyRatio(r), Origins: origins})
	}
	// Select, keeping only what orders the rows; then hand the reports
	// over in reading order: region, deputy, year (a streaming workbook
	// writes rows in the order they come).
	var keys []orderKey
	keep := func(r *corpus.Report) {
		k := orderKey{id: r.ID, region: deref(r.Deputy.Region), name: deref(r.Deputy.Name)}
		if r.Year != nil {
			k.year = *r.Year
		}
		keys = append(keys, k)
	}
	if hasQueryText(q) {
		ix, err := a.index()
		if err != nil {
			return 0, err
		}
		err = ix.IDs(ctx, q, func(id string) error {
			r, err := st.Get(ctx, id)
			if corpus.ErrorCode(err) == corpus.ENOTFOUND {
				return nil // indexed but since removed
			}
			if err != nil {
				return err
			}
			if Matches(r, q) { // the store is the truth: a stale index entry does not count
				keep(r)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	} else {
		err = st.Each(ctx, func(r *corpus.Report) error {
			if Matches(r, q) {
				keep(r)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	zh := collate.New(language.Chinese)
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := &keys[i], &keys[j]
		if d := zh.CompareString(a.region, b.region); d != 0 {
			return d < 0
		}
		if d := zh.CompareString(a.name, b.name); d != 0 {
			return d < 0
		}
		if a.year != b.year {
			return a.year < b.year
		}
		return a.id < b.id
	})
	if c, ok := enc.(comparer); ok {
		selected := make(map[string]bool, len(keys))
		for _, k := range keys {
			selected[k.id] = true
		}
		opt.Select = func(r *corpus.Report) bool { return selected[r.ID] }
		cmp, err := a.Compare(ctx, opt)
		if err != nil {
			return 0, err
		}
		if err := c.SetComparison(cmp); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, k := range keys {
		r, err := st.Get(ctx, k.id)
		if corpus.ErrorCode(err) == corpus.ENOTFOUND {
			continue
		}
		if err != nil {
			return n, err
		}
		n++
		if err := write(r); err != nil {
			return n, err
		}
	}
	return n, nil
}

// orderKey is what orders a report in an export.
type orderKey struct {
	id, region, name string
	year             int
}

// hasQueryText reports whether q has terms the search index must answer.
func hasQueryText(q index.Query) bool {
	for _, r := range q.Text {
		if r != ' ' && r != '\t' && r != '\u3000' {
			return true
		}
	}
	return false
}

// Matches reports whether a stored report passes q's filters (not its
// text): the same fields the search index filters on. With no Status, what
// counts (Counted); "all" everything.
func Matches(r *corpus.Report, q index.Query) bool {
	switch q.Status {
	case "":
		if !Counted(r) {
			return false
		}
	case "all":
	default:
		if status(r) != corpus.Status(q.Status) {
			return false
		}
	}
	if q.Kind != "" && string(r.Kind) != q.Kind {
		return false
	}
	year := 0
	if r.Year != nil {
		year = *r.Year
	}
	if q.Year != 0 && year != q.Year {
		return false
	}
	if (q.YearFrom != 0 || q.YearTo != 0) && year == 0 {
		return false
	}
	if q.YearFrom != 0 && year < q.YearFrom || q.YearTo != 0 && year > q.YearTo {
		return false
	}
	if q.Region != "" && (r.Deputy.Region == nil || *r.Deputy.Region != q.Region) {
		return false
	}
	if q.Deputy != "" && (r.Deputy.Name == nil || *r.Deputy.Name != q.Deputy) {
		return false
	}
	if q.Level != "" && !contains(r.Deputy.Levels, q.Level) {
		return false
	}
	if q.Flag != "" && !contains(r.FlagCodes(), q.Flag) {
		return false
	}
	return true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// status is a stored document's status; current without a state.
func status(r *corpus.Report) corpus.Status {
	if r.State == nil || r.State.Status == "" {
		return corpus.StatusCurrent
	}
	return r.State.Status
}
