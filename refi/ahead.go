package refi

// ahead computes fn(key) for a list of keys, in order, on a goroutine of
// its own, at most depth results ahead of what is taken: the writer reads
// and converts the next texts on another core while it encodes the
// current one. take hands the results over in the same order, skipping
// results of keys never asked for; a key not found a few places ahead is
// not found, and the caller computes it itself, so that a wrong guess of
// the order costs time, never a wrong result.
type ahead[T any] struct {
	keys []string
	pos  int // index in keys of the next result received
	ch   chan T
	stop chan struct{}
	done chan struct{}
	over bool // the goroutine stopped
}

// startAhead starts computing fn over keys; close it when done.
func startAhead[T any](keys []string, depth int, fn func(key string) T) *ahead[T] {
	a := &ahead[T]{keys: keys, ch: make(chan T, max(depth-1, 0)), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		defer close(a.ch)
		for _, k := range keys {
			select {
			case <-a.stop:
				return
			default:
			}
			v := fn(k)
			select {
			case a.ch <- v:
			case <-a.stop:
				return
			}
		}
	}()
	return a
}

// aheadSkip is how far ahead take looks for a key asked out of order.
const aheadSkip = 8

// take returns fn(key) when key is among the next keys computed, waiting
// for it; false when it is not.
func (a *ahead[T]) take(key string) (T, bool) {
	var zero T
	if a == nil || a.over {
		return zero, false
	}
	at := -1
	for i := a.pos; i < min(a.pos+aheadSkip, len(a.keys)); i++ {
		if a.keys[i] == key {
			at = i
			break
		}
	}
	if at < 0 {
		return zero, false
	}
	for ; a.pos <= at; a.pos++ {
		v, ok := <-a.ch
		if !ok {
			a.over = true
			return zero, false
		}
		if a.pos == at {
			a.pos++
			return v, true
		}
	}
	return zero, false
}

// close stops the goroutine and waits for it to end.
func (a *ahead[T]) close() {
	if a == nil {
		return
	}
	close(a.stop)
	<-a.done
	a.over = true
}
