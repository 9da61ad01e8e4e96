package cmdtest

import (
	"os"
	"testing"
)

// DevFull opens /dev/full for writing, where every write fails with "no
// space left on device", and closes it when the test ends; it skips the
// test where there is no /dev/full.
func DevFull(t *testing.T) *os.File {
	t.Helper()
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	t.Cleanup(func() { f.Close() })
	return f
}
