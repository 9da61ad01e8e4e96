package refi

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sync"
	"unsafe"

	"github.com/qdabridge/qdabridge/internal/xsd"
)

// batchTap is a second reader of the token batches of a read: a round-trip
// check validates the tokens the read-back scans, instead of scanning the
// document again. The first pipeSource started with the tap sends it every
// batch; the read's owner calls end once the read has returned (its
// scanner has then stopped), and the tap's reader then sees the end.
type batchTap struct {
	ch chan *tokBatch

	mu       sync.Mutex
	attached bool
	ended    bool
	free     chan<- *tokBatch // the pipeSource's, to hand batches back
}

func newBatchTap() *batchTap {
	return &batchTap{ch: make(chan *tokBatch, pipeBatches)}
}

// attach makes the tap a reader of the batches of one pipeSource, whose
// batches go back to free; false when the tap has already been given one,
// or has ended.
func (t *batchTap) attach(free chan<- *tokBatch) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.attached || t.ended {
		return false
	}
	t.attached, t.free = true, free
	return true
}

// end closes the tap, after the read it was given to has returned.
func (t *batchTap) end() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.ended {
		t.ended = true
		close(t.ch)
	}
}

// tapTokens reads the tap's batches as the schema validator's tokens:
// comments left out, and the line a token starts on. What the validator
// keeps (the names of start elements, namespace declarations) is
// interned; the rest (attributes' names and values, end elements' names)
// are views of the batch, valid until the next token. A start element
// named as the last one at its depth reuses its names, without a lookup.
// Every batch is handed back once read; drain hands back the rest, which
// the validator, stopping at an error, did not read.
type tapTokens struct {
	t     *batchTap
	b     *tokBatch
	i     int
	names map[string]string
	open  [][2]string // the names (prefix, local) of the last start element at each depth
	depth int
	attrs []xml.Attr
	ahead bool // the next token is at i (by InputPos)
	err   error
}

// errTapCut ends the tokens of a tap whose read stopped before the end of
// the document.
var errTapCut = fmt.Errorf("refi: the document's read stopped before its end: %w", errCheckStopped)

func newTapTokens(t *batchTap) *tapTokens {
	return &tapTokens{t: t, i: -1, names: map[string]string{}}
}

func (t *tapTokens) name(b []byte) string {
	if n, ok := t.names[string(b)]; ok {
		return n
	}
	n := string(b)
	t.names[n] = n
	return n
}

// advance moves to the next token that is not a comment.
func (t *tapTokens) advance() {
	for t.err == nil {
		if t.b != nil && t.i+1 < len(t.b.toks) {
			t.i++
			if t.b.toks[t.i].kind != tokComment {
				return
			}
			continue
		}
		if t.b != nil {
			if t.b.err != nil {
				t.i = len(t.b.toks)
				t.err = t.b.err
				if t.err == errPipeEnd {
					t.err = io.EOF
				}
				return
			}
			release(t.b, t.t.free, true)
			t.b = nil
		}
		b, ok := <-t.t.ch
		if !ok {
			t.err = errTapCut
			return
		}
		t.b, t.i = b, -1
	}
}

func (t *tapTokens) next() {
	if t.ahead {
		t.ahead = false
		return
	}
	t.advance()
}

// InputPos returns the line on which the next token starts (moving to it,
// which RawToken then returns).
func (t *tapTokens) InputPos() (line, column int) {
	if !t.ahead {
		t.advance()
		t.ahead = true
	}
	if t.err != nil || t.b == nil {
		return 1, 0
	}
	tok := &t.b.toks[t.i]
	return tok.line - bytes.Count(t.b.bytes(tok.raw), []byte{'\n'}), 0
}

// RawToken returns the next token; io.EOF after the document.
func (t *tapTokens) RawToken() (xml.Token, error) {
	var tok xsd.Token
	if err := t.FillToken(&tok); err != nil {
		return nil, err
	}
	switch tok.Kind {
	case xsd.StartToken:
		return tok.Start, nil
	case xsd.EndToken:
		return tok.End, nil
	case xsd.TextToken:
		return tok.Text, nil
	}
	return tok.PI, nil
}

// FillToken gives the next token in place; io.EOF after the document.
func (t *tapTokens) FillToken(out *xsd.Token) error {
	t.next()
	if t.err != nil {
		return t.err
	}
	b := t.b
	tok := &b.toks[t.i]
	switch tok.kind {
	case tokStart:
		t.attrs = t.attrs[:0]
		for _, a := range b.attrs[tok.a0:tok.a1] {
			prefix, local, v := b.bytes(a.prefix), b.bytes(a.local), b.bytes(a.value)
			var at xml.Attr
			if string(prefix) == "xmlns" || len(prefix) == 0 && string(local) == "xmlns" {
				at = xml.Attr{Name: xml.Name{Space: t.name(prefix), Local: t.name(local)}, Value: t.name(v)}
			} else {
				at = xml.Attr{Name: xml.Name{Space: view(prefix), Local: view(local)}, Value: view(v)}
			}
			t.attrs = append(t.attrs, at)
		}
		if t.depth == len(t.open) {
			t.open = append(t.open, [2]string{})
		}
		names := &t.open[t.depth]
		t.depth++
		if prefix := b.bytes(tok.one); string(prefix) != names[0] {
			names[0] = t.name(prefix)
		}
		if local := b.bytes(tok.two); string(local) != names[1] {
			names[1] = t.name(local)
		}
		out.Kind = xsd.StartToken
		out.Start = xml.StartElement{Name: xml.Name{Space: names[0], Local: names[1]}, Attr: t.attrs}
	case tokEnd:
		t.depth = max(t.depth-1, 0)
		out.Kind = xsd.EndToken
		out.End = xml.EndElement{Name: xml.Name{Space: view(b.bytes(tok.one)), Local: view(b.bytes(tok.two))}}
	case tokText:
		out.Kind = xsd.TextToken
		out.Text = b.bytes(tok.two)
	case tokPI:
		out.Kind = xsd.PIToken
		out.PI = xml.ProcInst{Target: t.name(b.bytes(tok.one)), Inst: b.bytes(tok.two)}
	default:
		return fmt.Errorf("refi: unexpected token kind %d", tok.kind)
	}
	return nil
}

// view is b as a string, without copying it: valid while b is.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// drain hands back every batch not read yet, until the tap ends.
func (t *tapTokens) drain() {
	if t.b != nil && t.b.err == nil {
		release(t.b, t.t.free, true)
	}
	t.b = nil
	for b := range t.t.ch {
		if b.err == nil {
			release(b, t.t.free, true)
		}
	}
}
