package refi

import (
	"fmt"
	"sync"
)

// batchTap is a second reader of the token batches of a read: a round-trip
// check validates the tokens the read-back scans, instead of scanning the
// document again. The first pipeSource started with the tap sends it every
// batch, and a batch is filled again once both have read it; the read's
// owner calls end once the read has returned (its scanner has then
// stopped), and the tap's reader then sees the end.
type batchTap struct {
	ch chan *tokBatch

	mu       sync.Mutex
	attached bool
	ended    bool
}

func newBatchTap() *batchTap {
	return &batchTap{ch: make(chan *tokBatch, pipeBatches)}
}

// attach makes the tap a reader of the batches of one pipeSource; false
// when the tap has already been given one, or has ended.
func (t *batchTap) attach() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.attached || t.ended {
		return false
	}
	t.attached = true
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

// reader returns the tap's reader of the batches. It must read to the
// end, or drain: the read's scanner waits for the batches it holds.
func (t *batchTap) reader() *batchReader {
	return &batchReader{full: t.ch, i: -1}
}

// errTapCut ends the tokens of a tap whose read stopped before the end of
// the document.
var errTapCut = fmt.Errorf("refi: the document's read stopped before its end: %w", errCheckStopped)
