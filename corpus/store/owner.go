package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// owner describes the process that has the store open for writing. It is
// written beside the data file ("<path>.owner") so that a process blocked by
// the lock can say who holds it. It is advice, not a lock: the lock is
// bbolt's flock, and a stale owner file (left by a killed process) is
// overwritten by the next writer and ignored when its process is gone.
type owner struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Started time.Time `json:"started"`
}

func ownerPath(path string) string { return path + ".owner" }

// maxCommand bounds the command line kept in the owner file: `lvzhi ingest
// *.docx` can expand to thousands of arguments.
const maxCommand = 120

func currentOwner(now time.Time) *owner {
	args := append([]string(nil), os.Args...)
	if len(args) > 0 {
		args[0] = filepath.Base(args[0])
	}
	return &owner{PID: os.Getpid(), Command: truncate(strings.Join(args, " "), maxCommand), Started: now}
}

func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// writeOwner records o beside the data file. A failure only costs a less
// helpful message for a blocked opener, so it is not an error.
func writeOwner(path string, o *owner) {
	b, err := json.Marshal(o)
	if err != nil {
		return
	}
	_ = os.WriteFile(ownerPath(path), b, 0o644)
}

func readOwner(path string) (*owner, bool) {
	b, err := os.ReadFile(ownerPath(path))
	if err != nil {
		return nil, false
	}
	var o owner
	if json.Unmarshal(b, &o) != nil || o.PID <= 0 {
		return nil, false
	}
	return &o, true
}

// removeOwner deletes the owner file if it is still o's. It runs while the
// lock is held, so no other writer can be writing its own.
func removeOwner(path string, o *owner) {
	if cur, ok := readOwner(path); ok && cur.PID == o.PID && cur.Started.Equal(o.Started) {
		_ = os.Remove(ownerPath(path))
	}
}

// lockedMessage says, in Chinese, who holds the data file.
func lockedMessage(path string, now time.Time) string {
	if o, ok := readOwner(path); ok && processAlive(o.PID) {
		cmd := o.Command
		if cmd == "" {
			cmd = "lvzhi"
		}
		return fmt.Sprintf("数据文件 %s 正被另一个 lvzhi 进程使用（进程 %d：%s，始于 %s），请等待其结束后再试",
			path, o.PID, cmd, clock(o.Started, now))
	}
	// No live writer on record: the holder is a reader (readers leave no
	// owner file) or a process that is just starting.
	return fmt.Sprintf("数据文件 %s 正被另一个进程使用（可能是正在运行的 lvzhi search、show、export 或 serve），请等待其结束后再试", path)
}

// clock formats a start time briefly: the time of day when it is today,
// the date too otherwise.
func clock(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}
