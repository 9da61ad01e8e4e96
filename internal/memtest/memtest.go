// Package memtest measures the peak heap of a function, for tests that
// bound the memory hostile input can make a reader use.
package memtest

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Peak runs fn and returns the bytes of live and unswept heap objects
// before it (after a collection) and the highest seen while it ran, sampled
// every 100 µs through runtime/metrics. The difference is what fn
// allocated and held at its peak, garbage not yet collected included, so it
// is an upper bound of what fn needs: the figure the memory tests bound.
//
// Samples are taken by another goroutine, so a spike shorter than the
// sampling period can be missed; the heap of other goroutines running at
// the same time is counted.
func Peak(fn func()) (before, peak uint64) { return PeakEvery(100*time.Microsecond, fn) }

// PeakEvery is Peak sampling every period: a longer one takes less of
// the processor from fn, for timing it at the same time.
func PeakEvery(period time.Duration, fn func()) (before, peak uint64) {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	before = s[0].Value.Uint64()
	var high atomic.Uint64
	high.Store(before)
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: s[0].Name}}
		for !stop.Load() {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > high.Load() {
				high.Store(v)
			}
			time.Sleep(period)
		}
	}()
	fn()
	stop.Store(true)
	<-done
	metrics.Read(s)
	return before, max(high.Load(), s[0].Value.Uint64())
}
