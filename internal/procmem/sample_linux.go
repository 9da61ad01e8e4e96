package procmem

import (
	"os"
	"strconv"
)

// sample reads the VmHWM of process pid while it runs name, or 0.
func sample(pid int, name string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	return vmHWM(b, name)
}
