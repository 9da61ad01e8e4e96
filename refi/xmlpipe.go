package refi

import "sync"

// pipeSource runs a scanner in a goroutine of its own and hands its tokens
// to the decoder in batches, so that tokenizing a large project document
// runs on one core while it is decoded on another. The tokens are copied
// into the batch; as the scanner's, they are valid until the next token.
type pipeSource struct {
	sc   *scanner
	full chan *tokBatch
	free chan *tokBatch
	stop chan struct{}
	done chan struct{}
	once sync.Once

	b *tokBatch // the batch being read
	i int       // its current token
}

// pipeTok is one token of a batch: its kind, where it ends, and its bytes
// (name or PI target in one, local part or text or PI data in two).
type pipeTok struct {
	kind    tokKind
	dtd     bool
	line    int
	one     []byte
	two     []byte
	a0, a1  int // its attributes in the batch
	encoded string
}

type tokBatch struct {
	toks  []pipeTok
	attrs []rawAttr
	data  []byte // the tokens' bytes; never grown past its capacity
	err   error  // the scanner's error after the last token (io.EOF at the end)
}

const (
	pipeBatchBytes  = 256 << 10
	pipeBatchTokens = 4096
	pipeBatches     = 4
)

func newPipeSource(sc *scanner) *pipeSource {
	p := &pipeSource{
		sc:   sc,
		full: make(chan *tokBatch, pipeBatches),
		free: make(chan *tokBatch, pipeBatches),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range pipeBatches {
		p.free <- &tokBatch{data: make([]byte, 0, pipeBatchBytes)}
	}
	go p.scan()
	return p
}

// scan runs in the goroutine: it fills batches until the end of the
// document, an error, or close.
func (p *pipeSource) scan() {
	defer close(p.done)
	for {
		var b *tokBatch
		select {
		case b = <-p.free:
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
			if len(b.data) > cap(b.data)-cap(b.data)/8 {
				break // nearly full: a token that does not fit is copied apart
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

// add copies the scanner's current token into b.
func (b *tokBatch) add(sc *scanner, k tokKind) {
	t := pipeTok{kind: k, dtd: sc.sawDTD, line: sc.posLine(), encoded: sc.encoding}
	switch k {
	case tokStart, tokEnd:
		t.one, t.two = b.copy(sc.tprefix), b.copy(sc.tlocal)
		if k == tokStart {
			t.a0 = len(b.attrs)
			for _, a := range sc.tattrs {
				b.attrs = append(b.attrs, rawAttr{prefix: b.copy(a.prefix), local: b.copy(a.local), value: b.copy(a.value)})
			}
			t.a1 = len(b.attrs)
		}
	case tokText, tokComment:
		t.two = b.copy(sc.ttext)
	case tokPI:
		t.one, t.two = b.copy(sc.tpiTarget), b.copy(sc.tpiData)
	}
	b.toks = append(b.toks, t)
}

// copy appends v to the batch's bytes and returns the copy (nil for nil).
func (b *tokBatch) copy(v []byte) []byte {
	if v == nil {
		return nil
	}
	if len(v) > cap(b.data)-len(b.data) {
		c := make([]byte, len(v))
		copy(c, v)
		return c
	}
	n := len(b.data)
	b.data = append(b.data, v...)
	return b.data[n:len(b.data):len(b.data)]
}

// next advances to the next token.
func (p *pipeSource) next() (tokKind, error) {
	for p.b == nil || p.i+1 >= len(p.b.toks) {
		if p.b != nil {
			if p.b.err != nil {
				p.i = len(p.b.toks)
				if p.b.err == errPipeEnd {
					return tokEOF, nil
				}
				return tokEOF, p.b.err
			}
			p.free <- p.b
		}
		p.b, p.i = <-p.full, -1
	}
	p.i++
	return p.b.toks[p.i].kind, nil
}

func (p *pipeSource) tok() *pipeTok {
	if p.b == nil || p.i < 0 || p.i >= len(p.b.toks) {
		return &pipeTok{line: 1}
	}
	return &p.b.toks[p.i]
}

func (p *pipeSource) name() (prefix, local []byte) { t := p.tok(); return t.one, t.two }
func (p *pipeSource) attrs() []rawAttr {
	t := p.tok()
	return p.b.attrs[t.a0:t.a1:t.a1]
}
func (p *pipeSource) text() []byte              { return p.tok().two }
func (p *pipeSource) pi() (target, data []byte) { t := p.tok(); return t.one, t.two }
func (p *pipeSource) line() int                 { return p.tok().line }
func (p *pipeSource) doctype() bool             { return p.tok().dtd }
func (p *pipeSource) declaredEncoding() string  { return p.tok().encoded }

// close stops the goroutine and waits for it to end.
func (p *pipeSource) close() {
	p.once.Do(func() {
		close(p.stop)
		<-p.done
	})
}
