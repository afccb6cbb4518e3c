package app

import (
	"context"
	"sort"

	"lvzhi/corpus"
	"lvzhi/corpus/store"
	"lvzhi/extract"
	"lvzhi/index"
	"lvzhi/index/copies"
)

// Search runs a query over the search index.
func (a *App) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	ix, err := a.index()
	if err != nil {
		return nil, err
	}
	res, err := ix.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	// Say when the index lags behind the store.
	if st, err := a.store(); err == nil {
		res.Unindexed, _ = st.UnindexedCount(ctx)
	}
	return res, nil
}

// DocView is one stored document as show presents it: the report with its
// analysis and copy check, every place it was read from, and a label for
// each other document its copy check names.
type DocView struct {
	*corpus.Report
	Origins []corpus.Origin `json:"origins"`
	// Sources names the documents the copy check refers to (passage
	// sources, cluster members) by their first origin.
	Sources map[string]corpus.SourceRef `json:"-"`
	// Versions are the readings of the files it was read from, newest
	// first: its own, and the texts before and after it at its place.
	Versions []store.Version `json:"versions"`
	// Siblings are the other documents stated to be the same report (same
	// deputy, seat and year), with how each counts.
	Siblings []Sibling `json:"siblings"`
}

// Sibling is another version of a report.
type Sibling struct {
	corpus.SourceRef
	State *corpus.State `json:"state"`
}

// Show returns the document whose ID is id or starts with id.
func (a *App) Show(ctx context.Context, id string) (*DocView, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	r, err := st.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	origins, err := st.Origins(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	v := &DocView{Report: r, Origins: origins, Sources: map[string]corpus.SourceRef{}, Siblings: []Sibling{}}
	if v.Versions, err = st.Versions(ctx, r.ID); err != nil {
		return nil, err
	}
	if v.Versions == nil {
		v.Versions = []store.Version{}
	}
	if r.State != nil && r.State.Report != "" {
		members, err := st.ReportMembers(ctx, r.State.Report)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m == r.ID {
				continue
			}
			sib := Sibling{SourceRef: a.sourceRef(ctx, m)}
			if facts, err := st.Facts(ctx, []string{m}); err == nil && len(facts) == 1 {
				sib.State = facts[0].State
			}
			v.Siblings = append(v.Siblings, sib)
		}
	}
	if c := r.Copies; c != nil {
		var ids []string
		for _, p := range c.Passages {
			for _, s := range p.Sources {
				ids = append(ids, s.ID)
			}
		}
		ids = append(ids, c.Cluster...)
		for _, other := range ids {
			if _, ok := v.Sources[other]; ok {
				continue
			}
			v.Sources[other] = a.sourceRef(ctx, other)
		}
	}
	return v, nil
}

// sourceRef names a stored document by its first origin.
func (a *App) sourceRef(ctx context.Context, id string) corpus.SourceRef {
	ref := corpus.SourceRef{ID: id}
	st, err := a.store()
	if err != nil {
		return ref
	}
	origins, err := st.Origins(ctx, id)
	if err != nil || len(origins) == 0 {
		return ref
	}
	o := origins[0]
	ref.Source, ref.Member, ref.Part = o.Source, o.Member, o.Part
	return ref
}

// Stats is what a data directory holds. Kinds, years, flags and copy
// ratios count what statistics count (Counted): each report once.
type Stats struct {
	Documents       int                 `json:"documents"` // every stored document, history and reference included
	ByStatus        map[string]int      `json:"by_status"`
	Reports         int                 `json:"reports"`    // duty reports counted: one per deputy, seat and year
	Duplicates      int                 `json:"duplicates"` // current duty reports another version of which counts
	Files           int                 `json:"files"`
	ByKind          map[corpus.Kind]int `json:"by_kind"`
	ByYear          map[int]int         `json:"by_year"`
	Flags           map[string]int      `json:"flags"`
	Unindexed       int                 `json:"unindexed"`
	StaleAnalyses   int                 `json:"stale_analyses"`
	SizeBytes       int64               `json:"size_bytes"`
	UncheckedCopies int                 `json:"unchecked_copies"`
	CopyRatioMedian *float64            `json:"copy_ratio_median"`
	CopiesChecked   int                 `json:"copies_checked"`
}

// Stats counts what the data directory holds.
func (a *App) Stats(ctx context.Context) (*Stats, error) {
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	ss, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	s := &Stats{
		Documents: ss.Documents, Files: ss.Files, ByKind: map[corpus.Kind]int{}, ByYear: map[int]int{},
		ByStatus: map[string]int{}, Flags: map[string]int{}, Unindexed: ss.Unindexed, SizeBytes: ss.Size,
	}
	var copied []float64
	err = st.Each(ctx, func(r *corpus.Report) error {
		s.ByStatus[string(status(r))]++
		if r.Version < extract.Version {
			s.StaleAnalyses++
		}
		if !Counted(r) {
			if status(r) == corpus.StatusCurrent && r.Kind == corpus.KindDutyReport {
				s.Duplicates++
			}
			return nil
		}
		s.ByKind[r.Kind]++
		if r.Kind == corpus.KindDutyReport {
			s.Reports++
		}
		if r.Copies == nil || r.Copies.Version < copies.Version {
			s.UncheckedCopies++
		} else {
			copied = append(copied, r.Copies.Ratio)
		}
		if r.Year != nil {
			s.ByYear[*r.Year]++
		}
		for _, f := range r.Flags {
			s.Flags[f.Code]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.CopiesChecked = len(copied)
	s.CopyRatioMedian = median(copied)
	return s, nil
}

// median is the median of xs, nil when there is none.
func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	sort.Float64s(xs)
	m := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		m = (xs[len(xs)/2-1] + m) / 2
	}
	return &m
}
