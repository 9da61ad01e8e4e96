//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package cmdtest

import "testing"

// Mkfifo makes a named pipe at path, which blocks whoever opens it for
// reading until someone opens it for writing; it skips the test on systems
// without named pipes.
func Mkfifo(t *testing.T, path string) {
	t.Helper()
	t.Skip("no named pipes here")
}
