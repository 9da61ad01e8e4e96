package refi

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// deflateChunk is the size of the pieces of an entry's data that are
// compressed independently. It is fixed, so that the output does not
// depend on how the pieces were scheduled: each piece is compressed by a
// fresh compressor and ends with a sync flush, the last with the final
// block, and the pieces are written in order. Sync-flushed deflate streams
// concatenate into one valid stream; each piece loses only the 32 KB of
// history it could have matched against.
const deflateChunk = 1 << 20

// deflateLevel is the compression level: klauspost's fastest, about twice
// as fast as compress/flate's BestSpeed on project documents and a few per
// cent smaller.
const deflateLevel = 1

// deflater makes the Deflate compressors of one archive write. Unless
// serial, the pieces of an entry are compressed on other goroutines while
// the caller produces the next ones, a bounded number at a time; serial,
// every piece is compressed on the caller's goroutine. Both give the same
// bytes. It reuses compressors and buffers across the entries of the write.
type deflater struct {
	serial   bool
	inFlight int // pieces being compressed at once, at most

	mu     sync.Mutex
	flates []*flate.Writer
	plain  [][]byte
	packed []*bytes.Buffer

	wg sync.WaitGroup // the goroutines compressing
}

func newDeflater(serial bool) *deflater {
	return &deflater{serial: serial, inFlight: min(runtime.GOMAXPROCS(0)+2, 16)}
}

// compressor is a zip.Compressor: a writer that compresses to out in
// pieces of deflateChunk bytes.
func (d *deflater) compressor(out io.Writer) (io.WriteCloser, error) {
	return &chunkWriter{d: d, out: out}, nil
}

// wait returns when no piece is being compressed any more: after it, the
// write has no goroutine left, whether its entries were closed or
// abandoned after an error.
func (d *deflater) wait() { d.wg.Wait() }

// piece is one compressed piece, or why it could not be compressed.
type piece struct {
	b   *bytes.Buffer
	err error
}

// compress compresses plain as one piece (final: the last of its entry)
// and recycles plain.
func (d *deflater) compress(plain []byte, final bool) piece {
	d.mu.Lock()
	var fw *flate.Writer
	if n := len(d.flates); n > 0 {
		fw, d.flates = d.flates[n-1], d.flates[:n-1]
	}
	var buf *bytes.Buffer
	if n := len(d.packed); n > 0 {
		buf, d.packed = d.packed[n-1], d.packed[:n-1]
	}
	d.mu.Unlock()
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(buf, deflateLevel); err != nil {
			return piece{err: fmt.Errorf("refi: compressing: %w", err)}
		}
	} else {
		fw.Reset(buf)
	}
	_, err := fw.Write(plain)
	if err == nil && final {
		err = fw.Close()
	} else if err == nil {
		err = fw.Flush()
	}
	d.mu.Lock()
	d.flates = append(d.flates, fw)
	d.plain = append(d.plain, plain[:0])
	d.mu.Unlock()
	if err != nil {
		d.recycle(buf)
		return piece{err: fmt.Errorf("refi: compressing: %w", err)}
	}
	return piece{b: buf}
}

// buffer returns an empty buffer for a piece's plain data, of about size
// bytes at first (a small entry does not take a whole piece's memory); it
// grows as data is appended.
func (d *deflater) buffer(size int) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := len(d.plain); n > 0 {
		b := d.plain[n-1]
		d.plain = d.plain[:n-1]
		return b
	}
	return make([]byte, 0, min(deflateChunk, max(size, 4096)))
}

func (d *deflater) recycle(b *bytes.Buffer) {
	d.mu.Lock()
	d.packed = append(d.packed, b)
	d.mu.Unlock()
}

// chunkWriter compresses one entry: it gathers the data in pieces of
// deflateChunk bytes and writes their compressed forms to out in order.
// After an error every later call returns it. It is used from one
// goroutine, as zip.Writer uses its compressors.
type chunkWriter struct {
	d       *deflater
	out     io.Writer
	buf     []byte       // the piece being gathered
	pending []chan piece // pieces being compressed, in order
	err     error
	closed  bool
}

// Write gathers p. A full piece is sent off only when more data follows,
// so that the last piece of the entry is known when it is compressed.
func (c *chunkWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.closed {
		return 0, fmt.Errorf("refi: compressing: write after close")
	}
	n := 0
	for len(p) > 0 {
		if len(c.buf) == deflateChunk {
			if err := c.send(false); err != nil {
				return n, err
			}
		}
		if c.buf == nil {
			c.buf = c.d.buffer(len(p))
		}
		k := min(len(p), deflateChunk-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		n += k
	}
	return n, nil
}

// Close compresses the last piece (empty for an empty entry), writes every
// piece still pending, and returns the first error met. It does not close
// out.
func (c *chunkWriter) Close() error {
	if c.closed || c.err != nil {
		return c.err
	}
	c.closed = true
	return c.send(true)
}

// send compresses the gathered piece: on another goroutine, or, serial or
// final, on this one (after it, the pieces before it are written).
func (c *chunkWriter) send(final bool) error {
	plain := c.buf
	c.buf = nil
	if plain == nil {
		plain = c.d.buffer(0)
	}
	if c.d.serial || final {
		pc := c.d.compress(plain, final)
		for c.err == nil && len(c.pending) > 0 {
			c.writeHead()
		}
		c.emit(pc)
		return c.err
	}
	for c.err == nil && len(c.pending) >= c.d.inFlight {
		c.writeHead()
	}
	if c.err != nil {
		c.d.mu.Lock()
		c.d.plain = append(c.d.plain, plain[:0])
		c.d.mu.Unlock()
		return c.err
	}
	ch := make(chan piece, 1) // never blocks the sender: nothing leaks if nobody receives
	c.pending = append(c.pending, ch)
	c.d.wg.Add(1)
	go func() {
		defer c.d.wg.Done()
		ch <- c.d.compress(plain, false)
	}()
	// write what is done already, without waiting
	for c.err == nil && len(c.pending) > 0 {
		select {
		case pc := <-c.pending[0]:
			c.pending = c.pending[1:]
			c.emit(pc)
		default:
			return nil
		}
	}
	return c.err
}

// writeHead waits for the oldest pending piece and writes it.
func (c *chunkWriter) writeHead() {
	pc := <-c.pending[0]
	c.pending = c.pending[1:]
	c.emit(pc)
}

// emit writes a compressed piece to out, unless an error came first; on
// the first error it waits for the pieces still pending, so that no
// goroutine outlives the call that returns the error.
func (c *chunkWriter) emit(pc piece) {
	if c.err == nil {
		c.err = pc.err
	}
	if pc.b != nil {
		if c.err == nil {
			_, c.err = c.out.Write(pc.b.Bytes())
		}
		c.d.recycle(pc.b)
	}
	if c.err != nil {
		for _, ch := range c.pending {
			if pc := <-ch; pc.b != nil {
				c.d.recycle(pc.b)
			}
		}
		c.pending = nil
	}
}
