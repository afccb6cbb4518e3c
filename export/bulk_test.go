package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"lvzhi/corpus"
)

// TestBulkFormat checks the NDJSON against the bulk format (an action line
// naming the index and the document ID, then the document, each one JSON
// object on one line, a newline at the end) and every document against the
// strict mapping: each field is mapped, with a value of the mapped type.
func TestBulkFormat(t *testing.T) {
	reports, extras := fixtures(t)
	reports[0].State = &corpus.State{Status: corpus.StatusCurrent, Counted: true}
	var buf bytes.Buffer
	b := NewBulk(&buf, "lvzhi")
	for i, r := range reports {
		if err := b.Add(r, extras[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		t.Fatal("the bulk body must end with a newline")
	}
	for _, analyzer := range []string{AnalyzerIK, AnalyzerSmartCN} {
		raw, err := Mapping(analyzer)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Settings map[string]any `json:"settings"`
			Mappings struct {
				Dynamic    string         `json:"dynamic"`
				Properties map[string]any `json:"properties"`
			} `json:"mappings"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s mapping: %v", analyzer, err)
		}
		if m.Mappings.Dynamic != "strict" {
			t.Errorf("%s mapping is not strict", analyzer)
		}
		text := m.Mappings.Properties["text"].(map[string]any)
		switch analyzer {
		case AnalyzerIK:
			if text["analyzer"] != "ik_max_word" || text["search_analyzer"] != "ik_smart" {
				t.Errorf("IK text field: %v", text)
			}
		case AnalyzerSmartCN:
			if text["analyzer"] != "smartcn" {
				t.Errorf("smartcn text field: %v", text)
			}
		}
		sc := bufio.NewScanner(bytes.NewReader(buf.Bytes()))
		sc.Buffer(nil, 1<<24)
		line, docs := 0, 0
		for sc.Scan() {
			line++
			var obj map[string]any
			if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
				t.Fatalf("line %d is not one JSON object: %v", line, err)
			}
			if line%2 == 1 {
				act, ok := obj["index"].(map[string]any)
				if len(obj) != 1 || !ok || act["_index"] != "lvzhi" || act["_id"] != reports[docs].ID {
					t.Fatalf("line %d is not an index action for %s: %v", line, reports[docs].ID, obj)
				}
				continue
			}
			if err := fits(obj, m.Mappings.Properties, ""); err != nil {
				t.Errorf("document %d: %v", docs+1, err)
			}
			if obj["id"] != reports[docs].ID || obj["text"] != reports[docs].Text {
				t.Errorf("document %d holds another report", docs+1)
			}
			docs++
		}
		if docs != len(reports) || line != 2*len(reports) {
			t.Errorf("%d lines and %d documents for %d reports", line, docs, len(reports))
		}
	}
	if _, err := Mapping("jieba"); err == nil {
		t.Error("an unknown analyzer must be an error")
	}
}

// fits checks a document against mapping properties: every field mapped,
// every value of the mapped type (null is allowed everywhere).
func fits(doc map[string]any, props map[string]any, path string) error {
	for k, v := range doc {
		p, ok := props[k].(map[string]any)
		if !ok {
			return fmt.Errorf("field %s%s is not in the mapping", path, k)
		}
		if v == nil {
			continue
		}
		typ, _ := p["type"].(string)
		check := func(x any) error {
			switch typ {
			case "keyword", "text":
				if _, ok := x.(string); !ok {
					return fmt.Errorf("%s%s: %v is not a string", path, k, x)
				}
			case "integer":
				f, ok := x.(float64)
				if !ok || f != float64(int64(f)) {
					return fmt.Errorf("%s%s: %v is not an integer", path, k, x)
				}
			case "float", "double":
				if _, ok := x.(float64); !ok {
					return fmt.Errorf("%s%s: %v is not a number", path, k, x)
				}
			case "boolean":
				if _, ok := x.(bool); !ok {
					return fmt.Errorf("%s%s: %v is not a boolean", path, k, x)
				}
			case "nested":
				obj, ok := x.(map[string]any)
				if !ok {
					return fmt.Errorf("%s%s: %v is not an object", path, k, x)
				}
				return fits(obj, p["properties"].(map[string]any), path+k+".")
			default:
				return fmt.Errorf("%s%s: unknown mapping type %q", path, k, typ)
			}
			return nil
		}
		if arr, ok := v.([]any); ok {
			for _, x := range arr {
				if err := check(x); err != nil {
					return err
				}
			}
			continue
		}
		if err := check(v); err != nil {
			return err
		}
	}
	return nil
}

func TestBulkEscapesText(t *testing.T) {
	r := &corpus.Report{}
	r.ID, r.Text, r.Title = "0123456789abcdef", "第一行\n第二行\"引号\"\u2028", "标题"
	var buf bytes.Buffer
	b := NewBulk(&buf, "lvzhi")
	if err := b.Add(r, Extra{}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if n := strings.Count(buf.String(), "\n"); n != 2 {
		t.Errorf("a document with newlines in its text takes %d lines, want 2", n)
	}
}
