package cli

import (
	"io"
	"path/filepath"
	"strings"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
	"github.com/qdabridge/qdabridge/refi"
)

// ProjectFormat is the format of the project output named path: a .qdpx
// archive or a .qde document; any other name is a usage mistake, said so.
func ProjectFormat(path string) (refi.Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".qdpx":
		return refi.FormatQDPX, nil
	case ".qde":
		return refi.FormatQDE, nil
	}
	return "", Usage("cannot write %s: name the output .qdpx or .qde", path)
}

// ByteCounter counts the bytes written through it to W.
type ByteCounter struct {
	W io.Writer
	N int64
}

func (c *ByteCounter) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	c.N += int64(n)
	return n, err
}

// WriteProject writes doc to the file path in the format its name says
// (ProjectFormat), atomically and never over one of inputs, replacing an
// existing file only when force is set (cmdutil.WriteOutput), and returns
// the bytes written and the writer's ledger (nil when the write failed
// before making one). Its error is ProjectFormat's, cmdutil.WriteOutput's
// or the writer's.
func WriteProject(path string, force bool, inputs []string, doc *refi.Document) (int64, *refi.Ledger, error) {
	format, err := ProjectFormat(path)
	if err != nil {
		return 0, nil, err
	}
	var n int64
	var ledger *refi.Ledger
	err = cmdutil.WriteOutput(path, force, inputs, func(w io.Writer) error {
		cw := &ByteCounter{W: w}
		r, err := (&refi.Writer{}).Write(cw, doc, format)
		n = cw.N
		if r != nil {
			ledger = r.Ledger
		}
		return err
	})
	return n, ledger, err
}
