package cli

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProgressLine(t *testing.T) {
	start := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		step        string
		done, total int
		at          time.Duration
		want        string
	}{
		{"nothing in the first second", "reading a.qdpx", 0, 0, 500 * time.Millisecond, ""},
		{"a step", "reading a.qdpx", 0, 0, 3 * time.Second, "reading a.qdpx… 3s"},
		{"a batch", "checking", 10, 40, 5 * time.Second, "checking: 10/40, about 15s left"},
		{"a batch done", "checking", 40, 40, 5 * time.Second, "checking: 40/40"},
		{"control characters", "reading \x1b[2Ja", 0, 0, 2 * time.Second, `reading \x1b[2Ja… 2s`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProgress(&bytes.Buffer{}, false)
			p.Step("%s", tt.step)
			p.Count(tt.done, tt.total)
			p.first, p.started = start, start
			assert.Equal(t, tt.want, p.line(start.Add(tt.at)))
		})
	}
}

// TestProgressOff: not on a terminal, nothing is written.
func TestProgressOff(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf)
	p.Step("reading")
	p.Stop()
	assert.Empty(t, buf.String())
}

// TestProgressShown: on a terminal, the line is shown after a second and
// cleared by Stop.
func TestProgressShown(t *testing.T) {
	var buf syncBuffer
	p := newProgress(&buf, true)
	p.Step("writing out.qdpx")
	p.mu.Lock()
	p.first = time.Now().Add(-2 * time.Second)
	p.mu.Unlock()
	time.Sleep(400 * time.Millisecond)
	p.Stop()
	s := buf.String()
	assert.Contains(t, s, "writing out.qdpx…")
	assert.True(t, len(s) > 4 && s[len(s)-4:] == "\r\033[K", "cleared at the end: %q", s)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
