package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"lvzhi/corpus"
)

func TestZZRSS(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ZZ_N"))
	if n == 0 {
		t.Skip()
	}
	testSeg.Load()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Println("after load maxrss MB", ru.Maxrss/1024)
	pool := genReports(10, 1000, 2000)
	dir := filepath.Join(t.TempDir(), "ix")
	start := time.Now()
	cpu0 := cpuTime()
	var bytes int
	err := Rebuild(context.Background(), dir, func(fn func(*corpus.Report) error) error {
		for i := 0; i < n; i++ {
			r := *pool[i%len(pool)]
			r.ID = fmt.Sprintf("d%07d", i)
			bytes += len(r.Text)
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("n=%d batch=%d %.1f MB in %v: %.2f MB/s, %.3f cpu-s/MB, maxrss %d MB\n", n, RebuildBatch, float64(bytes)/1e6, el, float64(bytes)/1e6/el.Seconds(), (cpuTime()-cpu0).Seconds()/(float64(bytes)/1e6), ru.Maxrss/1024)
	out, _ := exec_du(dir)
	fmt.Println(out)
}

func exec_du(dir string) (string, error) {
	var total int64
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return fmt.Sprintf("index size %.1f MB", float64(total)/1e6), nil
}
