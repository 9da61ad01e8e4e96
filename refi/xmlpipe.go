package refi

import (
	"bytes"
	"sync"
	"sync/atomic"
	"unsafe"
)

// pipeSource runs a scanner in a goroutine of its own and hands its tokens
// to the decoder in batches, so that tokenizing a large project document
// runs on one core while it is decoded on another. The tokens are copied
// into the batch; as the scanner's, they are valid until the next token.
type pipeSource struct {
	batchReader // the decoder's
	sc          *scanner
	full        chan *tokBatch
	stop        chan struct{}
	done        chan struct{}
	once        sync.Once
	tap         *batchTap // a second reader of the batches, or nil
}

// batchReader reads the tokens of the batches a scanner's goroutine
// fills, as a tokenSource: the decoder's, and a tap's. Each batch is
// handed back once read (the last, which ends the document, is not).
type batchReader struct {
	full <-chan *tokBatch // closed when no more come: the read stopped early
	b    *tokBatch        // the batch being read
	i    int              // its current token
	abuf []rawAttr        // the current start tag's attributes
}

// pipeTok is one token of a batch: its kind, the line where it ends, and
// its bytes (prefix or PI target in one, local part, text or PI data in
// two; all of them as read in raw, whose newlines give the line where it
// starts). A batch holds no pointers but its slices', so the collector has
// little to follow and writes to it need no barriers.
type pipeTok struct {
	kind     tokKind
	dtd      bool
	line     int
	one, two span
	raw      span
	a0, a1   int32 // its attributes in the batch
}

// span is where bytes are in a batch's data; n is -1 for nil.
type span struct{ off, n int32 }

type pipeAttr struct{ prefix, local, value span }

type tokBatch struct {
	toks  []pipeTok
	attrs []pipeAttr
	data  []byte
	enc   string           // the declared encoding
	err   error            // the scanner's error after the last token (errPipeEnd at the end)
	refs  atomic.Int32     // readers still reading it
	home  chan<- *tokBatch // where it goes back to be filled again
}

const (
	pipeBatchBytes  = 256 << 10
	pipeBatchTokens = 4096
	pipeBatches     = 4
)

// newPipeSource starts the scanner's goroutine. With tap (nil for none),
// every batch is also sent to the tap, and reused once both have read it.
func newPipeSource(sc *scanner, tap *batchTap) *pipeSource {
	free := make(chan *tokBatch, pipeBatches)
	p := &pipeSource{
		sc:   sc,
		full: make(chan *tokBatch, pipeBatches),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	p.batchReader.full = p.full
	if tap != nil && tap.attach() {
		p.tap = tap
	}
	for range pipeBatches {
		free <- &tokBatch{data: make([]byte, 0, pipeBatchBytes), home: free}
	}
	go p.scan(free)
	return p
}

// scan runs in the goroutine: it fills batches until the end of the
// document, an error, or close.
func (p *pipeSource) scan(free <-chan *tokBatch) {
	defer close(p.done)
	for {
		var b *tokBatch
		select {
		case b = <-free:
		case <-p.stop:
			return
		}
		b.toks, b.attrs, b.data, b.err = b.toks[:0], b.attrs[:0], b.data[:0], nil
		for len(b.toks) < pipeBatchTokens {
			k, err := p.sc.next()
			if err != nil || k == tokEOF {
				b.err = err
				if b.err == nil {
					b.err = errPipeEnd
				}
				break
			}
			b.add(p.sc, k)
			if len(b.data) >= pipeBatchBytes {
				break
			}
		}
		b.enc = p.sc.encoding // read with the XML declaration, before the first token
		b.refs.Store(1)
		if p.tap != nil {
			b.refs.Store(2)
			select {
			case p.tap.ch <- b:
			case <-p.stop:
				return
			}
		}
		select {
		case p.full <- b:
		case <-p.stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}

var errPipeEnd = &scanError{}

// add copies the scanner's current token into b: the bytes it was read
// from at once, and apart only what the scanner decoded (references,
// line ends) elsewhere.
func (b *tokBatch) add(sc *scanner, k tokKind) {
	t := pipeTok{kind: k, dtd: sc.sawDTD, line: sc.posLine()}
	raw := sc.buf[min(sc.mark, sc.pos):sc.pos]
	r := rawCopy{b: b, base: len(b.data)}
	t.raw = span{int32(r.base), int32(len(raw))}
	if len(raw) > 0 {
		r.start = uintptr(unsafe.Pointer(unsafe.SliceData(raw)))
		r.end = r.start + uintptr(len(raw))
		b.data = append(b.data, raw...)
	}
	switch k {
	case tokStart, tokEnd:
		t.one, t.two = r.span(sc.tprefix), r.span(sc.tlocal)
		if k == tokStart {
			t.a0 = int32(len(b.attrs))
			for _, a := range sc.tattrs {
				b.attrs = append(b.attrs, pipeAttr{r.span(a.prefix), r.span(a.local), r.span(a.value)})
			}
			t.a1 = int32(len(b.attrs))
		}
	case tokText, tokComment:
		t.two = r.span(sc.ttext)
	case tokPI:
		t.one, t.two = r.span(sc.tpiTarget), r.span(sc.tpiData)
	}
	b.toks = append(b.toks, t)
}

// rawCopy is where the bytes a token was read from were copied in a batch.
type rawCopy struct {
	b          *tokBatch
	base       int     // in b.data
	start, end uintptr // where they were in the scanner's buffer
}

// span returns where v is in the batch: in the copy of the token's bytes
// when it is part of them, else in a copy of its own.
func (r rawCopy) span(v []byte) span {
	if v == nil {
		return span{0, -1}
	}
	if len(v) > 0 {
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(v))); p >= r.start && p+uintptr(len(v)) <= r.end {
			return span{int32(r.base + int(p-r.start)), int32(len(v))}
		}
	}
	return r.b.copy(v)
}

// copy appends v to the batch's bytes and returns where it is.
func (b *tokBatch) copy(v []byte) span {
	if v == nil {
		return span{0, -1}
	}
	n := len(b.data)
	b.data = append(b.data, v...)
	return span{int32(n), int32(len(v))}
}

func (b *tokBatch) bytes(s span) []byte {
	if s.n < 0 {
		return nil
	}
	return b.data[s.off : s.off+s.n : s.off+s.n]
}

// next advances to the next token. The tokens end with the batch that
// carries the scanner's end or error; when no batch comes any more before
// it, the read stopped early (errTapCut).
func (r *batchReader) next() (tokKind, error) {
	for r.b == nil || r.i+1 >= len(r.b.toks) {
		if r.b != nil {
			if r.b.err != nil {
				r.i = len(r.b.toks)
				if r.b.err == errPipeEnd {
					return tokEOF, nil
				}
				return tokEOF, r.b.err
			}
			release(r.b)
			r.b = nil
		}
		b, ok := <-r.full
		if !ok {
			return tokEOF, errTapCut
		}
		r.b, r.i = b, -1
	}
	r.i++
	return r.b.toks[r.i].kind, nil
}

// release hands b back to be filled again, once every reader has read it.
func release(b *tokBatch) {
	if b.refs.Add(-1) == 0 {
		b.home <- b
	}
}

// drain hands back the batch being read and every batch still to come,
// until no more come: for a reader that stopped before the end.
func (r *batchReader) drain() {
	for {
		if r.b != nil && r.b.err == nil {
			release(r.b)
		}
		b, ok := <-r.full
		if !ok {
			r.b = nil
			return
		}
		r.b, r.i = b, len(b.toks)
	}
}

func (r *batchReader) tok() *pipeTok {
	if r.b == nil || r.i < 0 || r.i >= len(r.b.toks) {
		return &pipeTok{line: 1, one: span{0, -1}, two: span{0, -1}, raw: span{0, -1}}
	}
	return &r.b.toks[r.i]
}

func (r *batchReader) name() (prefix, local []byte) {
	t := r.tok()
	return r.b.bytes(t.one), r.b.bytes(t.two)
}

// attrs returns the attributes of the current start tag, in a slice
// reused for every tag (the namespace layer sets their space).
func (r *batchReader) attrs() []rawAttr {
	t := r.tok()
	r.abuf = r.abuf[:0]
	for _, a := range r.b.attrs[t.a0:t.a1] {
		r.abuf = append(r.abuf, rawAttr{prefix: r.b.bytes(a.prefix), local: r.b.bytes(a.local), value: r.b.bytes(a.value)})
	}
	return r.abuf
}

func (r *batchReader) text() []byte { return r.b.bytes(r.tok().two) }

func (r *batchReader) pi() (target, data []byte) {
	t := r.tok()
	return r.b.bytes(t.one), r.b.bytes(t.two)
}

func (r *batchReader) line() int     { return r.tok().line }
func (r *batchReader) doctype() bool { return r.tok().dtd }

// markLine returns the line on which the current token starts, as the
// scanner's does: the line where it ends less the line ends in it.
func (r *batchReader) markLine() int {
	t := r.tok()
	if r.b == nil {
		return t.line
	}
	return t.line - bytes.Count(r.b.bytes(t.raw), []byte{'\n'})
}

func (r *batchReader) declaredEncoding() string {
	if r.b == nil {
		return ""
	}
	return r.b.enc
}

// close stops the goroutine and waits for it to end.
func (p *pipeSource) close() {
	p.once.Do(func() {
		close(p.stop)
		<-p.done
	})
}
