package refi

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"sync"
)

// fanChunk is the size of the pieces a written project document is handed
// to its validators in; fanDepth is how many pieces each may fall behind
// the slowest before the feed waits.
const (
	fanChunk = 256 << 10
	fanDepth = 8
)

// errCheckStopped ends the readers of a check that stopped early (the
// read-back failed).
var errCheckStopped = errors.New("refi: round-trip check stopped")

// A fanReader is one consumer's end of fanOut: it reads the pieces the
// feed sends. Its owner closes done when it stops reading, so that the feed
// does not wait for it.
type fanReader struct {
	ch   chan []byte
	done chan struct{}
	err  error // the feed's, set before ch is closed
	cur  []byte
}

func newFanReader() *fanReader {
	return &fanReader{ch: make(chan []byte, fanDepth), done: make(chan struct{})}
}

// Read reads what the feed sent; at the end io.EOF, or the feed's error.
func (f *fanReader) Read(p []byte) (int, error) {
	for len(f.cur) == 0 {
		b, ok := <-f.ch
		if !ok {
			if f.err != nil {
				return 0, f.err
			}
			return 0, io.EOF
		}
		f.cur = b
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}

// WriteTo writes what the feed sends to w as it comes, piece by piece (as
// io.Copy does, to an external validator's standard input).
func (f *fanReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if len(f.cur) == 0 {
			b, ok := <-f.ch
			if !ok {
				return total, f.err
			}
			f.cur = b
		}
		n, err := w.Write(f.cur)
		total += int64(n)
		f.cur = f.cur[n:]
		if err != nil {
			return total, err
		}
	}
}

// fanOut reads src to its end and sends every piece to every reader still
// reading, then closes them with src's error, or errCheckStopped when stop
// is closed first.
func fanOut(src io.Reader, stop <-chan struct{}, outs []*fanReader) {
	var err error
	defer func() {
		for _, o := range outs {
			o.err = err
			close(o.ch)
		}
	}()
	for {
		buf := make([]byte, fanChunk) // the readers keep pieces: never reused
		n, rerr := io.ReadFull(src, buf)
		for _, o := range outs {
			if n == 0 {
				break
			}
			select {
			case o.ch <- buf[:n]:
			case <-o.done:
			case <-stop:
				err = errCheckStopped
				return
			}
		}
		switch {
		case errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF):
			return
		case rerr != nil:
			err = rerr
			return
		}
	}
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
// and, when given, with RoundTripChecker.Validate, from a decompression of
// its own, at the pace Validate reads.
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
		p, _, err := schemas()
		if err != nil {
			w.invalid = err
			newTapTokens(tap).drain()
			return
		}
		toks := newTapTokens(tap)
		w.invalid = p.ValidateTokens(toks)
		toks.drain()
	})
	if validate == nil {
		return w
	}
	other := newFanReader()
	w.g.Go(func() {
		rc, err := openWrittenProject(ra, size)
		if err != nil {
			w.openErr = err
			fanOut(eofReader{}, w.stop, []*fanReader{other})
			return
		}
		defer rc.Close()
		fanOut(rc, w.stop, []*fanReader{other})
	})
	w.g.Go(func() {
		defer close(other.done)
		w.other = validate(FormatQDE, other)
	})
	return w
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

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
