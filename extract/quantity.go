package extract

import (
	"slices"
	"strings"

	"lvzhi/corpus"
)

// findQuantities finds money, rates, areas, households and people with
// their units, each with the sentence it came from.
func findQuantities(d *doc) []corpus.Quantity {
	var out []corpus.Quantity
	for _, sent := range d.sentences {
		counts := findCounts(d.text, sent.start, sent.end, quantityUnitList)
		for i, c := range counts {
			if c.unit == "名" && !c.placeholder && c.value == 1 {
				continue // 一名: "作为一名代表", not a quantity
			}
			c = tenThousandUnit(d.text, c)
			ev := countEvidence(d.text, sent, counts, i)
			q := corpus.Quantity{
				Unit: c.unit, Kind: quantityKind(c.unit), Approx: c.approx, Placeholder: c.placeholder,
				Text: d.str(ev), Start: ev.start, End: ev.end,
			}
			if !c.placeholder {
				v := c.fvalue
				q.Value = &v
			}
			q.Review = quantityDoubt(d, sent, clauseAround(d.text, sent, c.start, c.end), c)
			out = append(out, q)
		}
	}
	return out
}

// tenThousandUnit gives back to the unit the 万 that a Chinese numeral
// swallowed: 三万元 is 3 万元 and 一百六十万元 160 万元, as 3万元 and 160万元
// are, not 30000 元.
func tenThousandUnit(text string, c count) count {
	if c.placeholder || !strings.HasSuffix(text[c.number.start:c.number.end], "万") {
		return c
	}
	unit := "万" + c.unit
	if !slices.Contains(quantityUnitList, unit) || c.value%10000 != 0 {
		return c
	}
	c.value /= 10000
	c.fvalue = float64(c.value)
	c.unit = unit
	return c
}
