//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cmdtest

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// Mkfifo makes a named pipe at path, which blocks whoever opens it for
// reading until someone opens it for writing; it skips the test on systems
// without named pipes.
func Mkfifo(t *testing.T, path string) {
	t.Helper()
	require.NoError(t, syscall.Mkfifo(path, 0o644))
}
