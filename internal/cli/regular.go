package cli

import (
	"errors"
	"io/fs"
	"os"
)

// NotRegular returns nil when path names a regular file (symbolic links
// followed), and otherwise why it cannot be read as one: that it does not
// exist, or what it is instead. A command calls it before opening a file,
// because opening a named pipe waits until something writes to it, and
// reading a device may never end. The message does not repeat path.
//
// The check and the opening are two steps: a file replaced by a pipe
// between them is not caught. It protects against mistakes, not against
// someone racing the command.
func NotRegular(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
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
