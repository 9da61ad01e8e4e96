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
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return errors.New("a folder, not a file")
	case m&fs.ModeNamedPipe != 0:
		return errors.New("a named pipe, not a file")
	case m&fs.ModeSocket != 0:
		return errors.New("a socket, not a file")
	case m&fs.ModeDevice != 0:
		return errors.New("a device, not a file")
	}
	return errors.New("not a regular file")
}
