//go:build !unix

package store

import "os"

// processAlive reports whether a process with this pid exists. On Windows
// FindProcess opens the process and fails when there is none; elsewhere it
// cannot tell, and the owner file is trusted.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
