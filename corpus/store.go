package corpus

import "time"

// Origin is one reading of a document from a file. The same text read from
// two files is one document with two origins; a file whose text changed
// yields a new document linked to the same path.
type Origin struct {
	Source   string    `json:"source"`
	Member   string    `json:"member"`
	Part     int       `json:"part"`
	FileHash string    `json:"file_hash"` // hash of the file's bytes
	Seen     time.Time `json:"seen"`      // when lvzhi read it
	// Received is the file's modification time (a zip member's recorded
	// time): the date the office received it, as far as the files tell.
	// Zero when unknown.
	Received time.Time `json:"received"`
	// Reference marks reading material (template-site pages, model texts,
	// archives) ingested to compare against, not a report to count.
	Reference bool `json:"reference"`
}

// Entry is what ingest hands to the store: a report and where it was read.
type Entry struct {
	Report Report
	Origin Origin
}

// PutResult says what a Put changed.
type PutResult struct {
	New       int // documents not stored before
	Unchanged int // documents already stored (a new origin may have been recorded)
}

// Status is where a stored document stands (SPEC §2: reports, versions and
// reference material).
type Status string

const (
	// StatusCurrent is the current text of at least one file.
	StatusCurrent Status = "current"
	// StatusReference is reference material: searchable and a copy
	// source, never counted, never in the review queue.
	StatusReference Status = "reference"
	// StatusHistory is an earlier version: its file was ingested again
	// with other content, or a later version of the same report
	// superseded it. Searchable only when asked; counted nowhere; no
	// copy source.
	StatusHistory Status = "history"
)

// Label is the Chinese name of a status.
func (s Status) Label() string {
	switch s {
	case StatusCurrent:
		return "现行"
	case StatusReference:
		return "参考材料"
	case StatusHistory:
		return "历史版本"
	}
	return string(s)
}

// Why a document is history, or why a current duty report does not count.
const (
	ReasonReplaced   = "replaced"   // its file was ingested again with other content
	ReasonSuperseded = "superseded" // a near-identical later version of the same report
	ReasonDuplicate  = "duplicate"  // another report of the same deputy, seat and year counts instead
)

// ReasonLabel is the Chinese wording of a reason.
func ReasonLabel(reason string) string {
	switch reason {
	case ReasonReplaced:
		return "文件已更新，此为旧版本"
	case ReasonSuperseded:
		return "同一报告的较早版本"
	case ReasonDuplicate:
		return "同一代表同一年度的另一份报告已计入统计"
	}
	return reason
}

// State is how a stored document counts: derived by the application from
// its origins, its analysis and the other versions of its report.
type State struct {
	Status Status `json:"status"`
	// Counted is true for a document that counts as a report in
	// statistics, comparison, the workbook and the review queue: a current
	// duty report, the one chosen among the versions of its report.
	Counted bool `json:"counted"`
	// Report identifies the report a duty report is a version of (the
	// deputy, seat and year it covers), "" when that is unknown.
	Report string `json:"report"`
	// Reason says why a document is history or a current duty report is
	// not counted (Reason* constants), "" otherwise.
	Reason string `json:"reason"`
	// By is the document that replaced or superseded it, or that counts
	// instead of it.
	By string `json:"by"`
	// Received is the earliest date of receipt among its origins (or the
	// first time it was read, when no file says).
	Received time.Time `json:"received"`
}

// Active reports whether the document is current or reference material:
// what search shows by default and the copy check compares against.
func (s *State) Active() bool {
	return s == nil || s.Status == StatusCurrent || s.Status == StatusReference
}
