package app

import (
	"context"
	"path/filepath"
	"sort"
	"strings"

	"lvzhi/corpus"
)

// RemoveTarget is what Remove found for one argument.
type RemoveTarget struct {
	Arg string   // as given: an ID, an ID prefix, a file or a folder
	IDs []string // the documents removed whole
	// Kept lists documents read from the given files that stay, because the
	// same text was also read from files not removed: only their origins
	// under the given paths are forgotten.
	Kept []string
}

// RemoveResult says what Remove did (or, with dryRun, would do).
type RemoveResult struct {
	Targets []RemoveTarget
	Removed []corpus.SourceRef // every document removed whole
	// Rechecked is how many documents' copy checks changed because a
	// removed document was one of their sources.
	Rechecked int
}

// Remove removes documents from the store, the search index and the copy
// index: by ID (or unique ID prefix), by file (every version read from it),
// or by folder (every file under it, zips included). A document also read
// from files outside what is removed stays, with those origins only. After
// it, a removed document is no one's copy source: the documents that shared
// passages with it are checked again, and the versions of the same report
// decide again which one counts.
//
// Removal is crash-safe: the store first marks the documents as being
// removed (readers stop seeing them), then they leave the search index and
// the copy index, then the store deletes them. A process killed between two
// steps leaves documents marked, and the next command that opens the data
// directory for writing finishes the job (FinishPending).
func (a *App) Remove(ctx context.Context, args []string, dryRun bool, progress Progress) (RemoveResult, error) {
	var res RemoveResult
	if err := a.writable(); err != nil {
		return res, err
	}
	ids := map[string]bool{}
	drop := map[string][]corpus.Origin{}
	for _, arg := range args {
		t, err := a.resolveTarget(ctx, arg, drop)
		if err != nil {
			return res, err
		}
		for _, id := range t.IDs {
			ids[id] = true
		}
		res.Targets = append(res.Targets, t)
	}
	var list []string
	for id := range ids {
		list = append(list, id)
		res.Removed = append(res.Removed, a.sourceRef(ctx, id))
	}
	sort.Strings(list)
	sort.Slice(res.Removed, func(i, j int) bool { return res.Removed[i].Label() < res.Removed[j].Label() })
	for id := range drop {
		if ids[id] {
			delete(drop, id)
		}
	}
	if dryRun || len(list) == 0 && len(drop) == 0 {
		return res, nil
	}
	if err := a.st.BeginRemove(ctx, list, drop); err != nil {
		return res, err
	}
	n, err := a.finishRemove(ctx, list, progress)
	res.Rechecked = n
	return res, err
}

// resolveTarget finds what one argument of Remove names. An argument that
// is an existing ID (or unique prefix) of a stored document names it;
// otherwise it is a path, compared with the paths files were ingested
// under.
func (a *App) resolveTarget(ctx context.Context, arg string, drop map[string][]corpus.Origin) (RemoveTarget, error) {
	t := RemoveTarget{Arg: arg}
	if looksLikeID(arg) {
		r, err := a.st.Get(ctx, arg)
		switch {
		case err == nil:
			t.IDs = []string{r.ID}
			// Its earlier versions go with it: nothing else refers to them.
			vs, err := a.st.Versions(ctx, r.ID)
			if err != nil {
				return t, err
			}
			for _, v := range vs {
				if v.ID != r.ID && v.Stored && !v.Current {
					t.IDs = append(t.IDs, v.ID)
				}
			}
			return t, nil
		case corpus.ErrorCode(err) != corpus.ENOTFOUND:
			return t, err
		}
	}
	p := strings.TrimRight(filepath.ToSlash(arg), "/")
	under, err := a.st.Under(ctx, []string{p, filepath.Clean(arg)})
	if err != nil {
		return t, err
	}
	if len(under) == 0 {
		return t, corpus.Errorf(corpus.ENOTFOUND, "没有从 %s 导入的文档，也没有以 %s 开头的文档编号（路径须与导入时相同）", arg, arg)
	}
	facts, err := a.st.Facts(ctx, keys(under))
	if err != nil {
		return t, err
	}
	for _, f := range facts {
		if len(f.Origins) > len(under[f.ID]) {
			t.Kept = append(t.Kept, f.ID)
			drop[f.ID] = append(drop[f.ID], under[f.ID]...)
			continue
		}
		t.IDs = append(t.IDs, f.ID)
	}
	sort.Strings(t.IDs)
	sort.Strings(t.Kept)
	return t, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// finishRemove takes documents marked as being removed out of the search
// index and the copy index, deletes them from the store, and settles what
// depended on them. It returns how many documents' checks were redone.
func (a *App) finishRemove(ctx context.Context, ids []string, progress Progress) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	progress.emit(Event{Phase: PhaseRemove, Done: 0, Total: len(ids)})
	if err := a.ix.Delete(ctx, ids); err != nil {
		return 0, err
	}
	// The checks that cited them are forgotten before they leave the copy
	// index, and both before the store deletes them: a kill in between
	// leaves them marked and the checks waiting.
	if err := a.newCopyChecker().leave(ctx, ids); err != nil {
		return 0, err
	}
	progress.emit(Event{Phase: PhaseRemove, Done: len(ids), Total: len(ids)})
	if err := a.st.FinishRemove(ctx, ids); err != nil {
		return 0, err
	}
	s, err := a.settle(ctx, nil, progress)
	return s.Copies.New + s.Copies.Related, err
}

// dedupe returns the distinct IDs of ids not in skip, sorted.
func dedupe(ids []string, skip map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] && !skip[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// finishRemoving completes the removals a killed process began: the
// documents stay marked until they have left the search index and the copy
// index. Every Open for writing runs it; the rest of what a killed run
// left (states, fingerprints, checks, indexing) is finished by the next
// ingest, reference or remove.
func (a *App) finishRemoving(ctx context.Context) error {
	var removing []string
	if err := a.st.Removing(ctx, func(id string) error { removing = append(removing, id); return nil }); err != nil {
		return err
	}
	_, err := a.finishRemove(ctx, removing, nil)
	return err
}
