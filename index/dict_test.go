package index

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var updateDict = flag.Bool("update-dict", false, "rewrite dict/zh_s.txt from gse's dictionary in the module cache")

// trimDict keeps the lines of gse's dictionary whose frequency is at least
// minDictFreq, in their order.
func trimDict(data []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		if freq, err := strconv.ParseFloat(f[1], 64); err != nil || freq < minDictFreq {
			continue
		}
		out.WriteString(strings.Join(f, " "))
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestDictionaryUpToDate checks that dict/zh_s.txt is gse's dictionary of
// the version in go.mod, trimmed. Run with -update-dict after changing the
// gse version.
func TestDictionaryUpToDate(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Skipf("gse's module directory is not available: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		t.Skipf("gse's dictionary is not available: %v", err)
	}
	want := trimDict(src)
	if *updateDict {
		if err := os.WriteFile(filepath.Join("dict", "zh_s.txt"), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal([]byte(gseDict), want) {
		t.Fatalf("dict/zh_s.txt differs from gse's dictionary trimmed at frequency %v (run go test ./index -run TestDictionaryUpToDate -update-dict)", minDictFreq)
	}
}
