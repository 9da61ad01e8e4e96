package cli

import (
	"bufio"
	"fmt"
	"io"
)

// Output is standard output as a command writes it: buffered, and keeping
// the first write error, which Close returns, so that a full disk or a
// closed pipe ends the command with status 1 instead of passing unseen.
type Output struct {
	bw  *bufio.Writer
	err error
}

// NewOutput returns an Output writing to w.
func NewOutput(w io.Writer) *Output { return &Output{bw: bufio.NewWriterSize(w, 64<<10)} }

func (o *Output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.bw.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// Close writes what is buffered and returns the first error met, said in
// the user's terms.
func (o *Output) Close() error {
	if o.err == nil {
		o.err = o.bw.Flush()
	}
	if o.err != nil {
		return fmt.Errorf("cannot write the output: %w", o.err)
	}
	return nil
}
