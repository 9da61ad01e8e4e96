package procmem

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVmHWM(t *testing.T) {
	status := "Name:\txmllint\nUmask:\t0022\nVmPeak:\t   12000 kB\nVmHWM:\t    4820 kB\nVmRSS:\t    4000 kB\n"
	tests := []struct {
		name, status, prog string
		want               int64
	}{
		{"xmllint", status, "xmllint", 4820 * 1024},
		{"before the exec", strings.Replace(status, "xmllint", "bench.test", 1), "xmllint", 0},
		{"name cut at 15 bytes", strings.Replace(status, "xmllint", "a-long-program-", 1), "a-long-program-name", 4820 * 1024},
		{"no VmHWM", "Name:\txmllint\n", "xmllint", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, vmHWM([]byte(tt.status), tt.prog))
		})
	}
}

// TestWatch: the peak of a running child is seen, on Linux.
func TestWatch(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the memory of a running process is measured on Linux")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	cmd := exec.Command(sleep, "0.2")
	require.NoError(t, cmd.Start())
	stop := make(chan struct{})
	peak := Watch(cmd.Process.Pid, filepath.Base(sleep), time.Millisecond, stop)
	require.NoError(t, cmd.Wait())
	close(stop)
	got := <-peak
	assert.Positive(t, got)
	assert.Less(t, got, int64(64<<20), "sleep's, not this process's")
}
