package cmdutil

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// A Cleanup removes what one run of a command leaves behind, however the
// run ends: a private temporary directory for the run, and the temporary
// file of an output being written.
//
// The libraries write temporary files: xlsx.Writer keeps the rows of a
// large sheet in excelize-* files in its TempDir, the xlsx.Reader does for
// workbooks with shared formulas, and an output written atomically
// (WriteOutput) is a temporary file beside it until it is complete. They
// remove them when they return, after an error or a panic too, but a
// process stopped by Ctrl-C (SIGINT) or kill (SIGTERM) runs no deferred
// call. A Cleanup catches those two signals from StartCleanup to Close; on
// one, it removes its directory and the temporary files of the outputs
// being written with [Cleanup.WriteOutput], says so on standard error, and
// exits with status 128 + the signal's number (130 for SIGINT, 143 for
// SIGTERM), the status a shell gives a process killed by the signal.
//
// A command wires it at the top of its run function, after parsing its
// flags, and points every temporary directory option at TempDir:
//
//	func run(args []string, stdout, stderr io.Writer) int {
//		... parse flags; usage errors return 2 ...
//		cl, err := cmdutil.StartCleanup("convert", stderr)
//		if err != nil {
//			fmt.Fprintf(stderr, "convert: %v\n", err)
//			return 1
//		}
//		defer cl.Close()
//		xr := xlsx.Reader{TempDir: cl.TempDir()}          // and nvivo.Reader.XLSX.TempDir
//		nw := &nvivo.Writer{TempDir: cl.TempDir()}        // and xlsx.Writer.TempDir
//		err = cl.WriteOutput(out, force, inputs, func(w io.Writer) error { ... })
//		...
//	}
//
// main must call os.Exit only after run returned (os.Exit(run(...))), so
// that the deferred Close runs.
type Cleanup struct {
	name   string
	dir    string
	stderr io.Writer
	sigs   chan os.Signal
	done   chan struct{}
	exit   func(code int) // os.Exit; tests replace it

	mu      sync.Mutex
	closed  bool
	outputs []output
}

// output is an output file being written atomically: its temporary file
// is the one named dir/prefix* that was not there before.
type output struct {
	dir, prefix string
	before      map[string]bool
}

// StartCleanup makes a private temporary directory for a run of the
// command name (in os.TempDir(), so $TMPDIR on Unix) and catches SIGINT
// and SIGTERM until Close. Messages go to stderr.
//
// StartCleanup returns an error when the directory cannot be made.
func StartCleanup(name string, stderr io.Writer) (*Cleanup, error) {
	dir, err := os.MkdirTemp("", name+"-*")
	if err != nil {
		return nil, fmt.Errorf("making a temporary directory: %w", err)
	}
	c := &Cleanup{name: name, dir: dir, stderr: stderr, sigs: make(chan os.Signal, 1), done: make(chan struct{}), exit: os.Exit}
	signal.Notify(c.sigs, os.Interrupt, syscall.SIGTERM)
	go c.watch()
	return c, nil
}

// TempDir returns the run's private temporary directory, for the TempDir
// options of the readers and writers. It exists until Close.
func (c *Cleanup) TempDir() string { return c.dir }

// WriteOutput is [WriteOutput], with the output's temporary file removed
// when the run is interrupted while it is written.
func (c *Cleanup) WriteOutput(path string, force bool, inputs []string, fn func(io.Writer) error) error {
	c.watchOutput(path)
	return WriteOutput(path, force, inputs, fn)
}

// watchOutput records the temporary files beside path before it is
// written, to tell the one of this run (internal/safefile names it
// ".<name>.tmp-*" in the same folder).
func (c *Cleanup) watchOutput(path string) {
	o := output{dir: filepath.Dir(path), prefix: "." + filepath.Base(path) + ".tmp-", before: map[string]bool{}}
	for _, n := range o.temporaryFiles() {
		o.before[n] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outputs = append(c.outputs, o)
}

func (o output) temporaryFiles() []string {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), o.prefix) {
			names = append(names, e.Name())
		}
	}
	return names
}

// watch waits for a signal until Close.
func (c *Cleanup) watch() {
	select {
	case sig := <-c.sigs:
		c.interrupted(sig)
	case <-c.done:
	}
}

// interrupted cleans up after sig and exits. The lock is kept until the
// process ends, so that nothing starts meanwhile.
func (c *Cleanup) interrupted(sig os.Signal) {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		signal.Stop(c.sigs)
		c.removeAll()
	}
	fmt.Fprintf(c.stderr, "%s: interrupted (%v); temporary files removed\n", c.name, sig)
	code := 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	c.exit(code)
	c.mu.Unlock() // only when exit returns (tests)
}

// removeAll removes the directory and the outputs' temporary files. The
// run goes on meanwhile and may add a file to the directory: removing is
// tried again then.
func (c *Cleanup) removeAll() error {
	var err error
	for range 5 {
		if err = os.RemoveAll(c.dir); err == nil {
			break
		}
	}
	for _, o := range c.outputs {
		for _, n := range o.temporaryFiles() {
			if !o.before[n] {
				_ = os.Remove(filepath.Join(o.dir, n))
			}
		}
	}
	return err
}

// Close stops catching the signals and removes the temporary directory
// with what is in it. Call it when the run ends (deferred). A second Close
// does nothing.
//
// Close returns the error of removing the directory.
func (c *Cleanup) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	signal.Stop(c.sigs)
	close(c.done)
	if err := os.RemoveAll(c.dir); err != nil {
		return fmt.Errorf("removing the temporary directory: %w", err)
	}
	return nil
}
