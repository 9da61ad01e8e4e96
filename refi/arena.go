package refi

import "unsafe"

// arena hands out strings copied into large shared chunks, so that reading a
// project with a million attributes does not make a million small heap
// allocations. A chunk is never written again once a string points into it,
// so the strings are as immutable as any Go string; a chunk is freed when no
// string of it is left.
type arena struct {
	chunk []byte
}

const (
	arenaChunk = 64 << 10
	arenaLarge = 2 << 10 // longer strings get their own allocation
)

func (a *arena) str(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > arenaLarge {
		return string(b)
	}
	if cap(a.chunk)-len(a.chunk) < n {
		a.chunk = make([]byte, 0, arenaChunk)
	}
	off := len(a.chunk)
	a.chunk = append(a.chunk, b...)
	return unsafe.String(&a.chunk[off], n)
}
