package app

import (
	"context"
	"hash/maphash"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"lvzhi/corpus"
	"lvzhi/corpus/store"
	"lvzhi/index/copies"
)

// Reports as the office counts them (SPEC §2). A file is a submission;
// what counts is a report: one per deputy, seat and year covered. The
// rules, applied to every document whose facts changed (reconcile):
//
//  1. A document is current while some file's latest reading holds it;
//     when every file it was read from has been ingested again with other
//     content, it is history (replaced), and the new text at its place is
//     the current version.
//  2. A document is reference material when every file that currently
//     holds it was ingested as reference (ingest --reference, or marked
//     afterwards).
//  3. A current duty report whose deputy (a real name, not a placeholder or
//     a masked 王某某, with the seat as stated) and year are known belongs to
//     the report of that deputy, seat and year. Among the current documents
//     of one report, the one received last (by day) counts — unless it
//     holds less than completeShare of the longest one's text, when the
//     longest counts; of versions received the same day, the longest.
//     A document near-identical to the counted one (nearIdentical) is an
//     earlier or other-format version of it: history (superseded). One that
//     is not stays current but does not count (duplicate), so the report is
//     counted once and the other text is still there to review.
//  4. Everything else current counts by itself: a duty report whose deputy
//     or year is unknown is its own report; other kinds are never counted
//     as reports (statistics count duty reports).

// nearIdentical is the Jaccard similarity of two texts' shingle sets from
// which they are versions of one text. Measured on 200 generated reports
// (TestNearIdentical): a corrected resubmission (three numbers and one
// sentence changed) scores 0.69–0.96, median 0.91; the same text laid out
// as a PDF gives it (lines wrapped, header, page numbers) 0.95–0.98; two
// different reports 0.06–0.57, median 0.41 — the generator's reports share
// stock phrases and template paragraphs more than real ones do, so real
// pairs sit lower still.
const nearIdentical = 0.62

// completeShare: a later version holding less than this share of the
// longest version's characters is a fragment, not the version to count.
const completeShare = 0.7

// shingleLen is the length in normalised characters of the shingles
// compared.
const shingleLen = 8

// DeputyKey identifies a deputy by name and seat as the report states
// them: "" when the name is unknown, a placeholder or masked (王某某, ***).
func DeputyKey(d corpus.Deputy) string {
	if d.Name == nil {
		return ""
	}
	name := strings.TrimSpace(*d.Name)
	if name == "" || corpus.MaskedName(name) {
		return ""
	}
	levels := append([]string(nil), d.Levels...)
	sort.Strings(levels)
	region := ""
	if d.Region != nil {
		region = *d.Region
	}
	return name + "|" + region + "|" + strings.Join(levels, "、")
}

// reportKey is the report a duty report is a version of, "" when its
// deputy or year is unknown.
func reportKey(a *corpus.Analysis) string {
	if a.Kind != corpus.KindDutyReport || a.Year == nil {
		return ""
	}
	dk := DeputyKey(a.Deputy)
	if dk == "" {
		return ""
	}
	return dk + "|" + strconv.Itoa(*a.Year)
}

// reconcileDirty derives the state of every document marked dirty.
func (a *App) reconcileDirty(ctx context.Context) error {
	var ids []string
	if err := a.st.Dirty(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		return err
	}
	const chunk = 1024
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		if err := a.reconcile(ctx, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// reconcile derives the states of these documents and of the other
// versions of the reports they belong (or belonged) to, and stores them.
func (a *App) reconcile(ctx context.Context, ids []string) error {
	facts, err := a.st.Facts(ctx, ids)
	if err != nil {
		return err
	}
	states := make(map[string]*corpus.State, len(facts))
	keys := map[string]bool{}
	for i := range facts {
		f := &facts[i]
		st := baseState(f)
		states[f.ID] = st
		if st.Report != "" {
			keys[st.Report] = true
		}
		if f.State != nil && f.State.Report != "" {
			keys[f.State.Report] = true
		}
	}
	for key := range keys {
		if err := a.decideReport(ctx, key, states); err != nil {
			return err
		}
	}
	// The copy check's keys follow the states, before the states are
	// stored: a process killed in between finds the documents still dirty.
	ck := map[string]copies.Key{}
	for i := range facts {
		f := &facts[i]
		if st := states[f.ID]; st.Active() {
			ck[f.ID] = copyKey(f.Analysis, st.Status == corpus.StatusReference, st.Received)
		}
	}
	if err := a.rekeyCopies(ctx, ck); err != nil {
		return err
	}
	return a.st.PutStates(ctx, states)
}

// baseState is a document's state from its own facts: current, reference
// or history (replaced), and its report key; counted until its report is
// decided.
func baseState(f *store.Facts) *corpus.State {
	st := &corpus.State{Status: corpus.StatusCurrent, Received: received(f.Origins)}
	switch {
	case len(f.Current) == 0:
		st.Status, st.Reason, st.By = corpus.StatusHistory, corpus.ReasonReplaced, f.ReplacedBy
		return st
	case allReference(f.Current):
		st.Status = corpus.StatusReference
		return st
	}
	st.Report = reportKey(f.Analysis)
	st.Counted = f.Kind == corpus.KindDutyReport
	return st
}

func allReference(origins []corpus.Origin) bool {
	for _, o := range origins {
		if !o.Reference {
			return false
		}
	}
	return len(origins) > 0
}

// received is the earliest date of receipt among origins, or the first
// time one was read when none says.
func received(origins []corpus.Origin) time.Time {
	var t time.Time
	for _, o := range origins {
		if !o.Received.IsZero() && (t.IsZero() || o.Received.Before(t)) {
			t = o.Received
		}
	}
	if !t.IsZero() {
		return t
	}
	for _, o := range origins {
		if t.IsZero() || o.Seen.Before(t) {
			t = o.Seen
		}
	}
	return t
}

// decideReport chooses, among the current documents of one report, the
// version that counts (rule 3), updating states for every member (members
// not in states are loaded and added).
func (a *App) decideReport(ctx context.Context, key string, states map[string]*corpus.State) error {
	members, err := a.st.ReportMembers(ctx, key)
	if err != nil {
		return err
	}
	var load []string
	for _, id := range members {
		if _, ok := states[id]; !ok {
			load = append(load, id)
		}
	}
	if len(load) > 0 {
		facts, err := a.st.Facts(ctx, load)
		if err != nil {
			return err
		}
		for i := range facts {
			states[facts[i].ID] = baseState(&facts[i])
		}
	}
	type cand struct {
		id    string
		st    *corpus.State
		text  string
		chars int
	}
	var cands []cand
	for id, st := range states {
		if st.Report != key {
			continue
		}
		text, err := a.st.Text(ctx, id)
		if err != nil {
			return err
		}
		cands = append(cands, cand{id, st, text, keptChars(text)})
	}
	if len(cands) == 0 {
		return nil
	}
	longest := 0
	for _, c := range cands {
		longest = max(longest, c.chars)
	}
	// Latest received first; a fragment after every complete version.
	sort.Slice(cands, func(i, j int) bool {
		ci, cj := cands[i], cands[j]
		fi, fj := float64(ci.chars) < completeShare*float64(longest), float64(cj.chars) < completeShare*float64(longest)
		if fi != fj {
			return !fi
		}
		// Received on different days: the later one. On the same day (a
		// folder copied at once, files checked out together), the more
		// complete one.
		if di, dj := receiptDay(ci.st.Received), receiptDay(cj.st.Received); di != dj {
			return di > dj
		}
		if ci.chars != cj.chars {
			return ci.chars > cj.chars
		}
		return ci.id < cj.id
	})
	counted := cands[0]
	counted.st.Counted, counted.st.Reason, counted.st.By = true, "", ""
	head := shingles(counted.text)
	for _, c := range cands[1:] {
		c.st.Counted, c.st.By = false, counted.id
		if jaccard(head, shingles(c.text)) >= nearIdentical {
			c.st.Status, c.st.Reason = corpus.StatusHistory, corpus.ReasonSuperseded
		} else {
			c.st.Status, c.st.Reason = corpus.StatusCurrent, corpus.ReasonDuplicate
		}
	}
	return nil
}

// receiptDay is the day of a date of receipt, comparable as a number.
func receiptDay(t time.Time) int {
	y, m, d := t.Local().Date()
	return y*10000 + int(m)*100 + d
}

// keptChars counts the letters and digits of a text.
func keptChars(text string) int {
	n := 0
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			n++
		}
	}
	return n
}

var shingleSeed = maphash.MakeSeed()

// shingles is the set of hashes of a text's shingleLen-character runs,
// compared after dropping everything but letters and digits (so that
// layout, punctuation and a PDF's line breaks do not matter).
func shingles(text string) map[uint64]struct{} {
	var rs []rune
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	set := make(map[uint64]struct{}, max(0, len(rs)-shingleLen+1))
	for i := 0; i+shingleLen <= len(rs); i++ {
		set[maphash.String(shingleSeed, string(rs[i:i+shingleLen]))] = struct{}{}
	}
	if len(rs) > 0 && len(rs) < shingleLen {
		set[maphash.String(shingleSeed, string(rs))] = struct{}{}
	}
	return set
}

// jaccard is |a∩b| / |a∪b|; 0 for two empty sets.
func jaccard(a, b map[uint64]struct{}) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	inter := 0
	for h := range a {
		if _, ok := b[h]; ok {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
