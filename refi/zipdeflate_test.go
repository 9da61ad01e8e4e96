package refi

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainData returns n bytes of text-like data that compresses, but not to
// nothing.
func plainData(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 15))
	words := []string{"<Coding ", "guid=\"", "3f2a", "</PlainTextSelection>\n", "interview ", "the ", "participant ", "said "}
	b := make([]byte, 0, n+32)
	for len(b) < n {
		b = append(b, words[r.IntN(len(words))]...)
		b = append(b, byte('a'+r.IntN(26)))
	}
	return b[:n]
}

// deflateWith compresses data through a chunkWriter, in writes of at most
// step bytes.
func deflateWith(t *testing.T, serial bool, data []byte, step int) []byte {
	t.Helper()
	d := newDeflater(serial)
	defer d.wait()
	var out bytes.Buffer
	cw, err := d.compressor(&out)
	require.NoError(t, err)
	for p := data; len(p) > 0; {
		k := min(step, len(p))
		n, err := cw.Write(p[:k])
		require.NoError(t, err)
		require.Equal(t, k, n)
		p = p[k:]
	}
	require.NoError(t, cw.Close())
	return out.Bytes()
}

func TestChunkWriterSameBytesAndInflates(t *testing.T) {
	cases := []struct {
		name string
		size int
		step int
	}{
		{"empty", 0, 1},
		{"one byte", 1, 1},
		{"under one chunk", deflateChunk - 1, 4096},
		{"exactly one chunk", deflateChunk, deflateChunk},
		{"one chunk and a byte", deflateChunk + 1, 7000},
		{"exactly three chunks", 3 * deflateChunk, 1 << 16},
		{"exactly three chunks in one write", 3 * deflateChunk, 3 * deflateChunk},
		{"many chunks, odd writes", 7*deflateChunk + 12345, 99991},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if raceEnabled && c.size > 4*deflateChunk {
				t.Skip("too slow under the race detector; the smaller cases run")
			}
			data := plainData(c.size)
			par := deflateWith(t, false, data, c.step)
			ser := deflateWith(t, true, data, c.step)
			require.Equal(t, ser, par, "parallel and serial compression give the same bytes")
			again := deflateWith(t, false, data, max(1, c.step/3))
			require.Equal(t, ser, again, "the output does not depend on how the data was written")
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(par)))
			require.NoError(t, err)
			require.Equal(t, data, got, "compress/flate reads back the data")
			if c.size > 1000 {
				assert.Less(t, len(par), c.size/2, "the data is compressed")
			}
		})
	}
}

// failWriter fails once more than n bytes were written to it.
type failWriter struct {
	n   int
	err error
}

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, f.err
	}
	f.n -= len(p)
	return len(p), nil
}

// settled waits until the number of goroutines is back to n.
func settled(t *testing.T, n int) {
	t.Helper()
	// not assert.Eventually: it runs its condition on a goroutine of its own
	for end := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > n && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), n, "goroutines left running")
}

func TestChunkWriterErrorsAndGoroutines(t *testing.T) {
	boom := errors.New("disk full")
	data := plainData(9*deflateChunk + 5)
	cases := []struct {
		name   string
		serial bool
		after  int // bytes the output takes before failing
		close  bool
	}{
		{"parallel, fails at once", false, 0, true},
		{"parallel, fails midway", false, 2 * deflateChunk / 3, true},
		{"parallel, fails at close", false, 1 << 40, false},
		{"serial, fails midway", true, 2 * deflateChunk / 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			d := newDeflater(c.serial)
			fw := &failWriter{n: c.after, err: boom}
			cw, err := d.compressor(fw)
			require.NoError(t, err)
			_, werr := cw.Write(data)
			if c.after > len(data) {
				require.NoError(t, werr)
				fw.n = 0 // fail on the last piece
			}
			cerr := cw.Close()
			require.ErrorIs(t, cerr, boom, "the output's error comes back from Close")
			if werr != nil {
				require.ErrorIs(t, werr, boom)
			}
			_, err = cw.Write([]byte("more"))
			require.ErrorIs(t, err, boom, "later writes return the first error")
			require.ErrorIs(t, cw.Close(), boom)
			settled(t, before)
			d.wait()
		})
	}
}

func TestChunkWriterAbandoned(t *testing.T) {
	// an entry left without Close (the project failed to encode): wait
	// still returns, and nothing keeps running
	before := runtime.NumGoroutine()
	d := newDeflater(false)
	cw, err := d.compressor(io.Discard)
	require.NoError(t, err)
	_, err = cw.Write(plainData(6*deflateChunk + 1))
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { d.wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("wait did not return")
	}
	settled(t, before)
}

func TestChunkWriterWriteAfterClose(t *testing.T) {
	d := newDeflater(false)
	cw, err := d.compressor(io.Discard)
	require.NoError(t, err)
	require.NoError(t, cw.Close())
	_, err = cw.Write([]byte("x"))
	require.ErrorContains(t, err, "refi: compressing: write after close")
}
