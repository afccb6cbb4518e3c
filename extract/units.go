package extract

import (
	"slices"
	"strings"

	"lvzhi/corpus"
)

// unitUse is what one unit may count (data/units.tsv).
type unitUse struct {
	unit       string
	suggestion bool
	activities []corpus.ActivityType // the types it may count; nil: none
	quantity   string                // the kind of quantity; "": none
}

var units = mustUnits("units.tsv")

// The units of each kind of count, longest first: where one unit starts
// another (人次, 人), the longer is tried first.
var (
	suggestionUnits  = unitsFor(func(u unitUse) bool { return u.suggestion })
	activityUnits    = unitsFor(func(u unitUse) bool { return len(u.activities) > 0 })
	quantityUnitList = unitsFor(func(u unitUse) bool { return u.quantity != "" })
)

func mustUnits(file string) []unitUse {
	u, err := parseUnits(file, readData(file))
	if err != nil {
		panic(err)
	}
	return u
}

// quantityKinds are the kinds of quantity a unit may measure.
var quantityKinds = []string{"money", "rate", "area", "length", "households", "people"}

// parseUnits reads the unit table.
func parseUnits(file, src string) ([]unitUse, error) {
	rows, err := parseTable(file, src, "unit", "suggestions", "activities", "quantity")
	if err != nil {
		return nil, err
	}
	var out []unitUse
	seen := map[string]int{}
	for _, r := range rows {
		c := r.cols
		u := unitUse{unit: c[0]}
		if n, dup := seen[u.unit]; dup {
			return nil, errorAt(file, r.n, "单位 %s 重复（第 %d 行已有）", u.unit, n)
		}
		seen[u.unit] = r.n
		switch c[1] {
		case "yes":
			u.suggestion = true
		case "-":
		default:
			return nil, errorAt(file, r.n, "suggestions 列 %q 应为 yes 或 -", c[1])
		}
		switch c[2] {
		case "all":
			u.activities = corpus.ActivityTypes
		case "-":
		default:
			for _, t := range strings.Fields(c[2]) {
				if !slices.Contains(corpus.ActivityTypes, corpus.ActivityType(t)) {
					return nil, errorAt(file, r.n, "活动类型 %q 不在类型表中（%s）", t, activityTypeNames())
				}
				u.activities = append(u.activities, corpus.ActivityType(t))
			}
		}
		if c[3] != "-" {
			if !slices.Contains(quantityKinds, c[3]) {
				return nil, errorAt(file, r.n, "数量种类 %q 应为 %s 之一，或 -", c[3], strings.Join(quantityKinds, "、"))
			}
			u.quantity = c[3]
		}
		if !u.suggestion && u.activities == nil && u.quantity == "" {
			return nil, errorAt(file, r.n, "单位 %s 什么也不计（三列都是 -）", u.unit)
		}
		out = append(out, u)
	}
	return out, nil
}

func activityTypeNames() string {
	var names []string
	for _, t := range corpus.ActivityTypes {
		names = append(names, string(t))
	}
	return strings.Join(names, " ")
}

func unitsFor(keep func(unitUse) bool) []string {
	var out []string
	for _, u := range units {
		if keep(u) {
			out = append(out, u.unit)
		}
	}
	return longestFirst(out)
}

// unitFits reports whether a unit may count activities of a type: 户, 人
// and 人次 count the people visited or helped (a training's 人次 is its
// attendance, not another activity); 件 counts items supervised or 实事
// done.
func unitFits(typ corpus.ActivityType, unit string) bool {
	for _, u := range units {
		if u.unit == unit {
			return slices.Contains(u.activities, typ)
		}
	}
	return false
}

// quantityKind is the kind of quantity a unit measures.
func quantityKind(unit string) string {
	for _, u := range units {
		if u.unit == unit && u.quantity != "" {
			return u.quantity
		}
	}
	return "count"
}
