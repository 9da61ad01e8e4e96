// Package procmem measures the peak resident memory of another process,
// such as xmllint run beside a check: its VmHWM, read from /proc while it
// runs. The rusage of an ended child is no use for this: Go starts a child
// with vfork (CLONE_VM), and Linux counts in its ru_maxrss the high-water
// mark of the Go process's memory, left at the exec.
package procmem

import (
	"strconv"
	"strings"
	"time"
)

// execPoll is how often Watch looks until the child runs the program, for
// at most execWait, so that even a child that ends within a period is seen
// at least once; a program that never shows name is not polled hard.
const (
	execPoll = 50 * time.Microsecond
	execWait = 50 * time.Millisecond
)

// Watch samples the peak resident memory of process pid, in bytes, every
// period until stop is closed, then sends the highest seen: only while the
// process runs the program name (before its exec, a child is still the Go
// program). Until the exec is seen it looks far more often than every
// period, so a short-lived process is seen too; its figure is then a
// lower bound of its peak. It sends 0 where the system does not tell
// (anything but Linux), or when no sample could be read.
func Watch(pid int, name string, period time.Duration, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var high int64
		hurry := time.Now().Add(execWait)
		tick := time.NewTimer(0)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				out <- high
				return
			case <-tick.C:
			}
			high = max(high, sample(pid, name))
			if high == 0 && time.Now().Before(hurry) {
				tick.Reset(min(execPoll, period))
			} else {
				tick.Reset(period)
			}
		}
	}()
	return out
}

// vmHWM is the VmHWM in bytes of a /proc/PID/status, 0 unless its Name
// is name (the kernel cuts names at 15 bytes).
func vmHWM(status []byte, name string) int64 {
	var n int64
	named := false
	for _, line := range strings.Split(string(status), "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Name":
			named = v == name || strings.HasPrefix(name, v) && len(v) == 15
		case "VmHWM":
			kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
			if err == nil {
				n = kb * 1024
			}
		}
	}
	if !named {
		return 0
	}
	return n
}
