package corpus

import "testing"

func TestReviewScore(t *testing.T) {
	none := &Analysis{}
	low := &Analysis{Flags: []Flag{{Code: FlagNoShortcomings, Severity: SeverityLow}}}
	two := &Analysis{Flags: []Flag{{Code: FlagNoShortcomings, Severity: SeverityLow}, {Code: FlagNoQuantities, Severity: SeverityMedium}}}
	ph := func(n int) *Analysis {
		return &Analysis{Placeholders: Placeholders{Count: n}, Flags: []Flag{{Code: FlagPlaceholder, Severity: SeverityHigh}}}
	}
	if s := ReviewScore(none); s != 0 {
		t.Errorf("no flags: %v", s)
	}
	if s := ReviewScore(low); s != 0.08 {
		t.Errorf("one low flag: %v, want 0.08", s)
	}
	// 1 − 0.92 × 0.75 = 0.31
	if s := ReviewScore(two); s != 0.31 {
		t.Errorf("low + medium: %v, want 0.31", s)
	}
	if a, b := ReviewScore(ph(2)), ReviewScore(ph(40)); !(a < b && b <= 0.95) {
		t.Errorf("more placeholders must score higher, capped: %v %v", a, b)
	}
	if ReviewScore(ph(1)) <= ReviewScore(two) {
		t.Errorf("a placeholder-filled report must outrank a merely thin one")
	}
}
