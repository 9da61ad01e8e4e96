package refi

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"sync"
)

// errCheckStopped ends the readers of a check that stopped early (the
// read-back failed).
var errCheckStopped = errors.New("refi: round-trip check stopped")

// stoppable reads r until stop is closed, then fails with errCheckStopped.
type stoppable struct {
	r    io.Reader
	stop <-chan struct{}
}

func (s stoppable) Read(p []byte) (int, error) {
	select {
	case <-s.stop:
		return 0, errCheckStopped
	default:
	}
	return s.r.Read(p)
}

// group runs functions in goroutines. Wait waits for them all and raises
// again, in the caller's goroutine, the first panic of one, as if the
// function had run there.
type group struct {
	wg       sync.WaitGroup
	mu       sync.Mutex
	panicked any
}

func (g *group) Go(fn func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				g.mu.Lock()
				if g.panicked == nil {
					g.panicked = p
				}
				g.mu.Unlock()
			}
		}()
		fn()
	}()
}

func (g *group) Wait() {
	g.wg.Wait()
	if g.panicked != nil {
		panic(g.panicked)
	}
}

// writtenChecks validates the project document of a written archive while
// the archive is read back, each validation in its goroutine: against the
// schema in Go, from the tokens the read-back scans (given by the tap),
// and, when given, with RoundTripChecker.Validate, decompressing the
// document as Validate reads it.
type writtenChecks struct {
	ra      io.ReaderAt
	size    int64
	g       group
	stop    chan struct{}
	stopped bool
	openErr error // opening the document in the archive
	invalid error // the Go validation's
	other   error // Validate's
}

// startWrittenChecks starts validating the project document of the
// archive ra of the given size, whose read-back is given tap.
func startWrittenChecks(ra io.ReaderAt, size int64, tap *batchTap, validate func(Format, io.Reader) error) *writtenChecks {
	w := &writtenChecks{ra: ra, size: size, stop: make(chan struct{})}
	w.g.Go(func() {
		r := tap.reader()
		defer r.drain() // the read-back's scanner waits for what this leaves
		p, _, err := schemas()
		if err != nil {
			w.invalid = err
			return
		}
		w.invalid = p.ValidateTokens(newScanTokens(r))
	})
	if validate == nil {
		return w
	}
	w.g.Go(func() {
		rc, err := openWrittenProject(ra, size)
		if err != nil {
			w.openErr = err
			return
		}
		defer rc.Close()
		w.other = validate(FormatQDE, stoppable{rc, w.stop})
	})
	return w
}

// cancel stops the checks (the read-back failed: their results will not
// be used) and waits for them.
func (w *writtenChecks) cancel() {
	if !w.stopped {
		w.stopped = true
		close(w.stop)
	}
	w.g.Wait()
}

// wait waits for the checks and returns the schema validation's error (or
// the error opening the document), and Validate's.
func (w *writtenChecks) wait() (invalid, other error) {
	w.g.Wait()
	if w.openErr != nil {
		return w.openErr, nil
	}
	if errors.Is(w.invalid, errCheckStopped) {
		// the read-back scanned no document to the end (none should
		// remain): validated from the archive instead
		w.invalid = func() error {
			rc, err := openWrittenProject(w.ra, w.size)
			if err != nil {
				return err
			}
			defer rc.Close()
			return validateWrittenProject(rc, Limits{})
		}()
	}
	return w.invalid, w.other
}

// openWrittenProject opens the project document of an archive the Writer
// wrote, decompressing it as it is read.
func openWrittenProject(ra io.ReaderAt, size int64) (io.ReadCloser, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("refi: reading the written archive: %w", err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflater)
	for _, f := range zr.File {
		if f.Name == "project.qde" {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("refi: the written archive has no project.qde: %w", ErrNoProject)
}
