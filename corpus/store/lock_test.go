package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"lvzhi/corpus"
)

// runHelper is the second process of the lock and crash tests.
func runHelper(mode string) int {
	path := os.Getenv("LVZHI_STORE_PATH")
	switch mode {
	case "hold", "hold-read":
		// Open the store, say so, and keep it open until stdin closes.
		s, err := Open(path, Options{ReadOnly: mode == "hold-read", Timeout: 5 * time.Second})
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		fmt.Println("held")
		_, _ = io.Copy(io.Discard, os.Stdin)
		if err := s.Close(); err != nil {
			fmt.Println("error", err)
			return 1
		}
		return 0
	case "crash":
		start, _ := strconv.Atoi(os.Getenv("LVZHI_STORE_START"))
		return crashWriter(path, start)
	}
	fmt.Fprintln(os.Stderr, "unknown helper mode", mode)
	return 2
}

// helper starts the test binary as a helper process on path and waits until
// it holds the store.
type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startHelper(t *testing.T, mode, path string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "ingest", "样本/")
	cmd.Env = append(os.Environ(), "LVZHI_STORE_HELPER="+mode, "LVZHI_STORE_PATH="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stdin: stdin}
	t.Cleanup(func() { h.kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "held" {
		t.Fatalf("helper %s: %q, %v", mode, line, err)
	}
	return h
}

func (h *helper) pid() int { return h.cmd.Process.Pid }

// release lets the helper close the store and exit normally.
func (h *helper) release(t *testing.T) {
	t.Helper()
	h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
}

// kill ends the helper without letting it close anything.
func (h *helper) kill() {
	if h.cmd.ProcessState == nil {
		_ = h.cmd.Process.Kill()
		_ = h.cmd.Wait()
	}
}

func TestLockedByAnotherProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the helper process relies on Unix signals")
	}
	const timeout = 150 * time.Millisecond
	tests := []struct {
		name     string
		holder   string // helper mode
		readOnly bool   // how this process opens
		code     string
		msg      []string // parts of the message
	}{
		{name: "writer blocks writer", holder: "hold", code: corpus.ELOCKED,
			msg: []string{"正被另一个 lvzhi 进程使用", "ingest 样本/", "请等待其结束后再试"}},
		{name: "writer blocks reader", holder: "hold", readOnly: true, code: corpus.ELOCKED,
			msg: []string{"正被另一个 lvzhi 进程使用", "ingest 样本/"}},
		{name: "reader blocks writer", holder: "hold-read", code: corpus.ELOCKED,
			msg: []string{"正被另一个进程使用", "search"}},
		{name: "readers share", holder: "hold-read", readOnly: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "lvzhi.db")
			s := mustOpen(t, path, Options{})
			mustPut(t, s, entry(reportText(1, 300), "a.txt", 1, 1, "h", t0, 1))
			s.Close()

			h := startHelper(t, tt.holder, path)
			began := time.Now()
			s2, err := Open(path, Options{ReadOnly: tt.readOnly, Timeout: timeout})
			if waited := time.Since(began); waited > timeout+2*time.Second {
				t.Errorf("Open waited %v with a timeout of %v", waited, timeout)
			}
			wantCode(t, err, tt.code)
			if err == nil {
				s2.Close()
				h.release(t)
				return
			}
			msg := err.Error()
			want := append(tt.msg, path)
			if tt.holder == "hold" {
				want = append(want, fmt.Sprintf("进程 %d：", h.pid()))
			}
			for _, part := range want {
				if !strings.Contains(msg, part) {
					t.Errorf("message %q lacks %q", msg, part)
				}
			}
			h.release(t)
			// Released: the same open now succeeds.
			s3 := mustOpen(t, path, Options{ReadOnly: tt.readOnly, Timeout: timeout})
			s3.Close()
		})
	}
}

func TestKilledWriterLeavesNoLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the helper process relies on Unix signals")
	}
	path := filepath.Join(t.TempDir(), "lvzhi.db")
	h := startHelper(t, "hold", path)
	h.kill()
	if _, ok := readOwner(path); !ok {
		t.Fatal("the killed writer's owner file should be left behind")
	}
	// The lock died with the process; the stale owner file is overwritten.
	s := mustOpen(t, path, Options{Timeout: -1})
	if o, ok := readOwner(path); !ok || o.PID != os.Getpid() {
		t.Errorf("owner file = %+v, want this process", o)
	}
	s.Close()
}

func TestLockedInProcess(t *testing.T) {
	// bbolt locks with flock, which binds the lock to the open file: a
	// second Open in the same process is refused like another process.
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("flock semantics checked on Linux and macOS only")
	}
	path := filepath.Join(t.TempDir(), "lvzhi.db")
	s := mustOpen(t, path, Options{})
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro, Timeout: 60 * time.Millisecond})
		wantCode(t, err, corpus.ELOCKED)
		if want := fmt.Sprintf("进程 %d：store.test", os.Getpid()); !strings.Contains(err.Error(), want) {
			t.Errorf("read-only %v: message %q lacks %q", ro, err, want)
		}
	}
	// The refused opens did not disturb the holder.
	mustPut(t, s, entry(reportText(1, 300), "a.txt", 1, 1, "h", t0, 1))
	if _, ok := readOwner(path); !ok {
		t.Error("a refused open removed the holder's owner file")
	}
}

func TestLockedMessage(t *testing.T) {
	now := time.Date(2026, 11, 3, 16, 0, 0, 0, time.Local)
	dead := deadPID(t)
	tests := []struct {
		name  string
		owner any // written as JSON to the owner file; nil for none
		want  string
	}{
		{"live writer today", owner{PID: os.Getpid(), Command: "lvzhi ingest samples/", Started: time.Date(2026, 11, 3, 10, 2, 3, 0, time.Local)},
			"数据文件 D 正被另一个 lvzhi 进程使用（进程 PID：lvzhi ingest samples/，始于 10:02:03），请等待其结束后再试"},
		{"live writer since yesterday", owner{PID: os.Getpid(), Command: "lvzhi serve", Started: time.Date(2026, 11, 2, 23, 59, 0, 0, time.Local)},
			"数据文件 D 正被另一个 lvzhi 进程使用（进程 PID：lvzhi serve，始于 2026-11-02 23:59:00），请等待其结束后再试"},
		{"dead writer's file is ignored", owner{PID: dead, Command: "lvzhi ingest", Started: now},
			"数据文件 D 正被另一个进程使用（可能是正在运行的 lvzhi search、show、export 或 serve），请等待其结束后再试"},
		{"no owner file", nil,
			"数据文件 D 正被另一个进程使用（可能是正在运行的 lvzhi search、show、export 或 serve），请等待其结束后再试"},
		{"garbage owner file", "进程 12",
			"数据文件 D 正被另一个进程使用（可能是正在运行的 lvzhi search、show、export 或 serve），请等待其结束后再试"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "lvzhi.db")
			if tt.owner != nil {
				b, _ := json.Marshal(tt.owner)
				writeFile(t, ownerPath(path), b)
			}
			want := strings.NewReplacer("D", path, "PID", strconv.Itoa(os.Getpid())).Replace(tt.want)
			if got := lockedMessage(path, now); got != want {
				t.Errorf("lockedMessage =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// deadPID returns the pid of a process that has exited.
func deadPID(t *testing.T) int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if processAlive(cmd.Process.Pid) {
		t.Skip("the exited helper's pid is already in use again")
	}
	return cmd.Process.Pid
}

func TestOwnerCommandTruncated(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"lvzhi ingest a.txt", 120, "lvzhi ingest a.txt"},
		{"lvzhi ingest 甲乙丙丁", 17, "lvzhi ingest 甲乙丙丁"},
		{"lvzhi ingest 甲乙丙丁戊", 17, "lvzhi ingest 甲乙丙…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.max); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
