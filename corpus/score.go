package corpus

import "math"

// severityWeight is how much one flag of a severity raises the review score.
var severityWeight = map[Severity]float64{SeverityHigh: 0.5, SeverityMedium: 0.25, SeverityLow: 0.08}

// ReviewScore orders the review queue: 0 for a document with no flag, close
// to 1 for one that certainly needs a person's eyes. Flags combine like
// independent pieces of evidence (1 − Π(1 − wᵢ)); a placeholder flag weighs
// more the more placeholders there are, since a report full of ** was not
// written by its deputy.
func ReviewScore(a *Analysis) float64 { return reviewScore(a, nil) }

// Score is the review score of a report, its copy check included: a
// boilerplate flag weighs more the higher the copy ratio (0.42 at 20 %, 0.78
// at 80 %); a self_reuse flag weighs less than copying from others, more the
// more is reused (0.18 at 20 %, 0.42 at 80 %). An original that others
// copied raises no flag and scores nothing for it.
func (r *Report) Score() float64 { return reviewScore(&r.Analysis, r.Copies) }

func reviewScore(a *Analysis, c *Copies) float64 {
	keep := 1.0
	for _, f := range a.Flags {
		w := severityWeight[f.Severity]
		switch {
		case f.Code == FlagPlaceholder:
			w = math.Min(0.95, w+0.02*float64(a.Placeholders.Count))
		case f.Code == FlagBoilerplate && c != nil:
			w = math.Min(0.9, 0.3+0.6*c.Ratio)
		case f.Code == FlagSelfReuse && c != nil:
			w = math.Min(0.45, 0.1+0.4*c.SelfRatio)
		}
		keep *= 1 - w
	}
	return math.Round((1-keep)*1000) / 1000
}
