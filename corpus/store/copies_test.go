package store

import (
	"context"
	"reflect"
	"testing"

	"lvzhi/corpus"
)

func TestCopies(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := entry(reportText(1, 600), "甲.txt", 1, 1, "h1", t0, 1)
	b := entry(reportText(2, 600), "乙.txt", 2, 3, "h2", t0, 1)
	mustPut(t, s, a, b)
	if err := s.MarkIndexed(ctx, sortedIDs(a, b)); err != nil {
		t.Fatal(err)
	}
	idA, idB := a.Report.ID, b.Report.ID

	if got := collect(t, func(ctx context.Context, fn func(string) error) error { return s.Uncopied(ctx, 1, fn) }); !reflect.DeepEqual(got, sortedIDs(a, b)) {
		t.Fatalf("before any check, Uncopied = %v, want both", got)
	}
	text := a.Report.Text
	c := &corpus.Copies{
		Version: 1, Chars: 300, Ratio: 0.5,
		Passages: []corpus.CopyPassage{{Span: corpus.Span{Text: text[:30], Start: 0, End: 30}, Chars: 10, Shared: 1, Sources: []corpus.CopySource{{ID: idB, Start: 3, End: 33}}}},
		Cluster:  []string{idB},
	}
	if err := s.PutCopies(ctx, map[string]*corpus.Copies{idA: c}); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, s.Unindexed); !reflect.DeepEqual(got, []string{idA}) {
		t.Errorf("after PutCopies, Unindexed = %v, want %s (its flags changed)", got, idA)
	}
	if got := collect(t, func(ctx context.Context, fn func(string) error) error { return s.Uncopied(ctx, 1, fn) }); !reflect.DeepEqual(got, []string{idB}) {
		t.Errorf("Uncopied = %v, want only %s", got, idB)
	}
	if got := collect(t, func(ctx context.Context, fn func(string) error) error { return s.Uncopied(ctx, 2, fn) }); len(got) != 2 {
		t.Errorf("a newer check version: Uncopied = %v, want both", got)
	}

	r, err := s.Get(ctx, idA)
	if err != nil {
		t.Fatal(err)
	}
	if r.Copies == nil || r.Copies.Ratio != 0.5 || len(r.Copies.Passages) != 1 {
		t.Fatalf("Get: copies = %+v", r.Copies)
	}
	if !r.HasFlag(corpus.FlagBoilerplate) || !r.HasFlag(corpus.FlagNearDuplicate) {
		t.Fatalf("flags = %v, want boilerplate and near_duplicate", r.FlagCodes())
	}
	for _, f := range r.Flags {
		if f.Code == corpus.FlagBoilerplate {
			want := corpus.SourceRef{ID: idB, Source: "乙.txt", Part: 2}
			if len(f.Sources) != 1 || f.Sources[0] != want {
				t.Errorf("sources = %+v, want %+v (named by its origin)", f.Sources, want)
			}
		}
	}
	ri, err := s.GetForIndex(ctx, idA)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ri.FlagCodes(), r.FlagCodes()) || ri.Text != r.Text {
		t.Errorf("GetForIndex flags %v, Get flags %v: want the same codes", ri.FlagCodes(), r.FlagCodes())
	}
	rb, err := s.Get(ctx, idB)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Copies != nil || rb.HasFlag(corpus.FlagBoilerplate) {
		t.Errorf("unchecked document: copies %+v flags %v", rb.Copies, rb.FlagCodes())
	}

	if err := s.ForgetCopies(ctx, []string{idA, idB}); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, func(ctx context.Context, fn func(string) error) error { return s.Uncopied(ctx, 1, fn) }); len(got) != 2 {
		t.Errorf("after ForgetCopies, Uncopied = %v, want both", got)
	}
	if got, err := s.Text(ctx, idA); err != nil || got != a.Report.Text {
		t.Errorf("Text(%s) = %.20q, %v", idA, got, err)
	}
	_, err = s.Text(ctx, "0123456789abcdef")
	wantCode(t, err, corpus.ENOTFOUND)
	err = s.PutCopies(ctx, map[string]*corpus.Copies{"0123456789abcdef": c})
	wantCode(t, err, corpus.ENOTFOUND)
}
