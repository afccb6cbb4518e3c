package index

import (
	"fmt"
	"os"
	"testing"
)

// testSeg is the one segmenter of the test binary: it loads its dictionary
// (about 1.7 s, 200 MB) on first use only.
var testSeg = NewSegmenter()

func TestMain(m *testing.M) {
	if dir := os.Getenv(holdEnv); dir != "" {
		os.Exit(holdIndex(dir)) // a subprocess of TestLockedBySubprocess
	}
	if dir := os.Getenv(rebuildEnv); dir != "" {
		os.Exit(rebuildForever(dir)) // a subprocess of TestRebuildKilled
	}
	if err := Register(testSeg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
