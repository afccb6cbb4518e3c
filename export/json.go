package export

import (
	"bufio"
	"encoding/json"
	"io"

	"lvzhi/corpus"
)

// JSON streams {"documents": [...]} one report at a time, each in the shape
// of `lvzhi extract --json` (SPEC §7) with its copy check.
type JSON struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewJSON starts a JSON export on w.
func NewJSON(w io.Writer) *JSON {
	j := &JSON{w: bufio.NewWriter(w)}
	_, j.err = j.w.WriteString("{\"documents\": [\n")
	return j
}

// Add writes one report.
func (j *JSON) Add(r *corpus.Report, _ Extra) error {
	if j.err != nil {
		return j.err
	}
	if j.n > 0 {
		j.w.WriteString(",\n")
	}
	j.n++
	b, err := json.Marshal(r)
	if err != nil {
		j.err = err
		return err
	}
	_, j.err = j.w.Write(b)
	return j.err
}

// Close ends the document and flushes it; it does not close the writer.
func (j *JSON) Close() error {
	if j.err != nil {
		return j.err
	}
	j.w.WriteString("\n]}\n")
	return j.w.Flush()
}
