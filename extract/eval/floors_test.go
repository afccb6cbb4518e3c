package eval

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// corpusDir is the project's labelled evaluation corpus.
var corpusDir = filepath.Join("..", "testdata", "eval")

// TestEvalFloors evaluates the extractors on the labelled corpus and fails
// for every field whose F1 is below its floor in floors.json. Floors only
// rise: raise one when the extractors improve.
func TestEvalFloors(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "docs")); os.IsNotExist(err) {
		t.Skip("no evaluation corpus yet")
	}
	floors, err := ReadFloors(filepath.Join(corpusDir, "floors.json"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := Load(context.Background(), corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	Score(docs).WriteTable(&b)
	t.Log("\n" + b.String())
	if len(floors.Batches) == 0 {
		t.Fatal("floors.json names no batch")
	}
	for _, f := range Fields {
		for _, bf := range floors.Batches {
			if _, ok := bf.Floors[f.Key]; !ok {
				t.Errorf("floors.json: %s has no floor for %s", bf.Name, f.Key)
			}
		}
	}
	for _, msg := range floors.Check(docs) {
		t.Error(msg)
	}
}
