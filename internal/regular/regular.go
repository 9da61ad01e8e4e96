// Package regular tells whether a path names a regular file before it is
// opened: opening a named pipe waits until something writes to it, and
// reading a device such as /dev/zero may never end, so the readers of this
// module refuse both before opening.
package regular

import (
	"errors"
	"io/fs"
	"os"
)

// Check returns nil when path names a regular file (symbolic links
// followed), and otherwise why it cannot be read as one: the error of
// os.Stat when it does not exist (an *fs.PathError), or what it is
// instead ("a named pipe, not a file"), without repeating path.
//
// The check and the opening are two steps: a file replaced by a pipe
// between them is not caught. It protects against mistakes, not against
// someone racing the reader.
func Check(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().IsRegular() {
		return nil
	}
	if what := What(st.Mode()); what != "" {
		return errors.New(what + ", not a file")
	}
	return errors.New("not a regular file")
}

// What says what a file of mode m is when it is not a regular file: "a
// folder", "a named pipe", "a socket" or "a device"; "" for a regular
// file or any other kind.
func What(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return ""
}
