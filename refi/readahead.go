package refi

import (
	"errors"
	"io"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// readAhead reads its source in a goroutine of its own, a few blocks ahead
// of its reader, so that inflating a project document runs on one core
// while it is tokenized and decoded on another. It holds at most
// aheadBlocks blocks of aheadBlockSize bytes.
type readAhead struct {
	src   io.ReadCloser
	full  chan aheadBlock
	free  chan []byte
	stop  chan struct{}
	done  chan struct{}
	cur   []byte // unread part of the current block
	back  []byte // the current block's buffer, returned when used up
	err   error  // the source's error, once it has come
	close sync.Once
}

type aheadBlock struct {
	b   []byte
	err error
}

var errReadAheadClosed = errors.New("refi: read after close")

const (
	aheadBlockSize = 256 << 10
	aheadBlocks    = 4
)

// newReadAhead starts reading src. Close stops the goroutine and closes
// src.
func newReadAhead(src io.ReadCloser) *readAhead {
	r := &readAhead{
		src:  src,
		full: make(chan aheadBlock, aheadBlocks),
		free: make(chan []byte, aheadBlocks),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range aheadBlocks {
		r.free <- make([]byte, aheadBlockSize)
	}
	go r.fill()
	return r
}

// fill runs in the goroutine: it reads blocks until the source ends or
// fails, or Close is called.
func (r *readAhead) fill() {
	defer close(r.done)
	for {
		var b []byte
		select {
		case b = <-r.free:
		case <-r.stop:
			return
		}
		n, err := io.ReadFull(r.src, b)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case r.full <- aheadBlock{b[:n], err}:
		case <-r.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// Read returns bytes of the blocks in order, then the source's error.
func (r *readAhead) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.back != nil {
			r.free <- r.back[:cap(r.back)]
			r.back = nil
		}
		select {
		case blk := <-r.full:
			r.cur, r.back, r.err = blk.b, blk.b, blk.err
		case <-r.stop:
			return 0, errReadAheadClosed
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Close stops reading ahead, waits for the goroutine to end, and closes
// the source.
func (r *readAhead) Close() error {
	var err error
	r.close.Do(func() {
		close(r.stop)
		<-r.done
		err = r.src.Close()
	})
	return err
}

// inflater is the archive's Deflate decompressor: klauspost/compress's
// inflates about a third faster than compress/flate. Decompressors are
// reused, as archive/zip reuses its own: a project has thousands of small
// entries, and a new one costs tens of kilobytes.
func inflater(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(kflate.Resetter).Reset(r, nil); err == nil {
			return &pooledInflater{fr}
		}
	}
	return &pooledInflater{kflate.NewReader(r)}
}

var inflaters sync.Pool

// pooledInflater returns its decompressor to the pool when closed.
type pooledInflater struct{ io.ReadCloser }

func (p *pooledInflater) Read(b []byte) (int, error) {
	if p.ReadCloser == nil {
		return 0, errReadAheadClosed
	}
	return p.ReadCloser.Read(b)
}

func (p *pooledInflater) Close() error {
	if p.ReadCloser == nil {
		return nil
	}
	err := p.ReadCloser.Close()
	inflaters.Put(p.ReadCloser)
	p.ReadCloser = nil
	return err
}
