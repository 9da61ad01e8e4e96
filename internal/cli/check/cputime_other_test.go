//go:build !unix

package check

import "time"

// cpuTime is 0: processor time is measured on Unix systems.
func cpuTime() time.Duration { return 0 }
