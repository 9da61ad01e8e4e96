package check

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// watchRSS samples the peak resident memory of the running process pid
// (its VmHWM, in bytes) until stop is closed, then sends the highest seen.
// The rusage of an ended child is no use here: Linux counts in its
// ru_maxrss the memory of the Go process it was forked from.
func watchRSS(pid int, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var high int64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := vmHWM(pid); v > high {
				high = v
			}
			select {
			case <-stop:
				out <- high
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// vmHWM reads the peak resident memory of process pid, in bytes, or 0.
func vmHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte("\nVmHWM:"))
	if !ok {
		return 0
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(line), []byte(" kB"))), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}
