package corpus

// Comparison is what the office compares deputies by (SPEC §5): the
// figures of every counted duty report, grouped per deputy, region, level
// and year, with duty points, rankings and outliers. The application
// computes it from the stored reports; the command line, the web UI and
// the workbook show it.
type Comparison struct {
	Reports  []ReportFigures `json:"reports"` // one per counted duty report, sorted by region, deputy, year
	Deputies []Person        `json:"deputies"`
	ByDeputy []GroupFigures  `json:"by_deputy"`
	ByRegion []GroupFigures  `json:"by_region"`
	ByLevel  []GroupFigures  `json:"by_level"`
	ByYear   []GroupFigures  `json:"by_year"`
	Outliers []Outlier       `json:"outliers"`
	// Points names the points table the duty points were computed with
	// ("默认" or the file given) and lists its rules.
	Points PointsTable `json:"points"`
}

// Person is one deputy across reports and years: resolved by name and seat
// (region, levels) and term where stated, never by a placeholder or a
// masked name, and adjusted by the office's override file.
type Person struct {
	ID     string   `json:"id"` // stable while name and seat stay the same
	Name   string   `json:"name"`
	Region string   `json:"region"` // "" when no report states it
	Levels []string `json:"levels"`
	Term   string   `json:"term"` // "" when not stated or different across reports
	// Merged is true when the override file put reports under this
	// deputy that name and seat alone would have kept apart (or split a
	// name and seat into several deputies).
	Merged  bool     `json:"merged"`
	Reports []string `json:"reports"` // document IDs of the counted reports, oldest year first
	Years   []int    `json:"years"`
}

// ReportFigures is what one counted duty report says, counted as a deputy:
// day-job achievements and placeholders never enter the numbers.
type ReportFigures struct {
	ReportID string   `json:"report_id"`
	Deputy   string   `json:"deputy"` // Person.ID, "" when the deputy is unknown
	Name     string   `json:"name"`
	Region   string   `json:"region"`
	Levels   []string `json:"levels"`
	Year     int      `json:"year"` // 0 when unknown
	Title    string   `json:"title"`
	Source   string   `json:"source"` // the file (and zip member) it was read from
	// Suggestions is the deputy's own stated total, nil when not stated or
	// a placeholder stands for part of it.
	Suggestions *int `json:"suggestions"`
	Listed      int  `json:"listed"` // suggestions listed one by one
	// Activities sums the deputy-role activity counts of each type, in
	// events (次, 场…); counts of people or households are not events.
	Activities    map[ActivityType]int `json:"activities"`
	ActivityRows  int                  `json:"activity_rows"` // deputy-role activity rows with a count or a date
	Shortcomings  int                  `json:"shortcomings"`
	Placeholders  int                  `json:"placeholders"`
	CopyRatio     *float64             `json:"copy_ratio"`      // copied from others; nil before the copy check
	SelfReuse     *float64             `json:"self_reuse"`      // taken from the deputy's own earlier reports
	SelfReuseFrom []int                `json:"self_reuse_from"` // the years of those reports
	Flags         []string             `json:"flags"`
	Score         float64              `json:"score"` // review score
	// Quantified is false for a report with no counted deputy activity and
	// no stated suggestion count.
	Quantified bool        `json:"quantified"`
	Points     float64     `json:"points"`
	PointItems []PointItem `json:"point_items"`
	// Review lists the values behind these figures that need a person's
	// review (their reason in Chinese); the figures count them, and say so.
	Review []string `json:"review"`
}

// GroupFigures sums the reports of one deputy, region, level or year.
type GroupFigures struct {
	Key      string `json:"key"`   // Person.ID, region, level or year
	Label    string `json:"label"` // what a person reads: 张建华（云溪县）, 云溪县, 县, 2023
	Reports  int    `json:"reports"`
	Deputies int    `json:"deputies"`
	Years    []int  `json:"years"`
	// Suggestions sums the stated totals; SuggestionsStated is how many
	// reports stated one (the others are unknown, not zero).
	Suggestions       int                  `json:"suggestions"`
	SuggestionsStated int                  `json:"suggestions_stated"`
	Listed            int                  `json:"listed"`
	Activities        map[ActivityType]int `json:"activities"`
	Shortcomings      int                  `json:"shortcomings"`
	MeanCopyRatio     *float64             `json:"mean_copy_ratio"`
	MaxCopyRatio      *float64             `json:"max_copy_ratio"`
	SelfReuse         int                  `json:"self_reuse"` // reports flagged for reusing their own earlier text
	Flags             map[string]int       `json:"flags"`
	Unquantified      int                  `json:"unquantified"` // reports with nothing quantified
	Points            float64              `json:"points"`
	Rank              int                  `json:"rank"` // by points within the grouping, 1 = most
}

// Outlier is a figure a person should look at.
type Outlier struct {
	Kind     string  `json:"kind"` // far_above_peers, repeats_last_year, no_quantified
	Deputy   string  `json:"deputy"`
	Label    string  `json:"label"`
	Year     int     `json:"year"`
	ReportID string  `json:"report_id"`
	Message  string  `json:"message"` // Chinese, with the figures
	Value    float64 `json:"value"`
	Peers    float64 `json:"peers"` // the peers' median, where it applies
}

// Outlier kinds.
const (
	OutlierFarAbovePeers   = "far_above_peers"
	OutlierRepeatsLastYear = "repeats_last_year"
	OutlierNoQuantified    = "no_quantified"
)

// PointsTable is a table of duty points (履职积分) the office can edit.
type PointsTable struct {
	Name  string       `json:"name"`
	Rules []PointsRule `json:"rules"`
}

// PointsRule gives points per unit of one kind of duty.
type PointsRule struct {
	Name   string  `json:"name"`   // 出席人代会, 提出建议…
	Source string  `json:"source"` // what it counts: an activity type, "suggestion", "listed_suggestion", "absence"
	Points float64 `json:"points"` // per unit; negative for points off
	Max    float64 `json:"max"`    // at most this many points per report from the rule, 0 = no cap
	Line   int     `json:"line"`   // where the rule is in its file
}

// PointItem is one rule applied to one extracted value: the evidence
// behind a deputy's points.
type PointItem struct {
	Rule     string  `json:"rule"`
	Units    int     `json:"units"`
	Points   float64 `json:"points"`
	ReportID string  `json:"report_id"`
	Evidence Span    `json:"evidence"`
	// Review is the reason the value needs a person's review ("" when
	// certain); such points are counted and marked.
	Review string `json:"review"`
	// Note says how the rule applied when it did not simply multiply
	// (a cap per report reached).
	Note string `json:"note"`
}
