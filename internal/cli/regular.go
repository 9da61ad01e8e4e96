package cli

import (
	"errors"
	"io/fs"

	"github.com/qdabridge/qdabridge/internal/regular"
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
	err := regular.Check(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
