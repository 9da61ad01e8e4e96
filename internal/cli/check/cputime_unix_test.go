//go:build unix

package check

import (
	"syscall"
	"time"
)

// cpuTime is the processor time used so far by this process and by the
// children it waited for (xmllint), or 0 when the system does not tell.
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children) != nil {
		return 0
	}
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + children.Utime.Nano() + children.Stime.Nano())
}
