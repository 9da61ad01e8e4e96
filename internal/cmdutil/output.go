package cmdutil

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/qdabridge/qdabridge/internal/safefile"
)

// ErrExists means an output file exists and may not be replaced.
var ErrExists = errors.New("the output file exists (use --force to replace it)")

// WriteOutput writes the file at path atomically with fn: through a
// temporary file in the same folder, renamed into place only when complete,
// so that a failure never leaves a partial file. An existing file is
// replaced only when force is set, and never when it is one of the inputs.
func WriteOutput(path string, force bool, inputs []string, fn func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil {
		for _, in := range inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return fmt.Errorf("%s is also an input: it is never written to", path)
			}
		}
		if !force {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	err := safefile.Write(path, safefile.Options{NoClobber: !force}, fn)
	if errors.Is(err, safefile.ErrExists) {
		return fmt.Errorf("%s: %w", path, ErrExists)
	}
	return err
}
