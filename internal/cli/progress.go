package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/qdabridge/qdabridge/internal/cmdutil"
)

// Progress shows on a terminal what a command is doing while it takes more
// than a second: the step ("reading study.qdpx"), the time spent on it
// and, for a batch, how many are done and about how long the rest will
// take. It writes nothing when its writer is not a terminal (output piped
// or redirected), so that logs and scripts see only the report. Stop
// clears the line; call it before printing anything else to the writer.
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	on      bool
	step    string
	started time.Time // of the step
	first   time.Time // of the batch
	done    int
	total   int
	shown   bool
	stop    chan struct{}
	wg      sync.WaitGroup
}

// NewProgress returns a Progress writing to w (standard error), active
// only when w is a terminal.
func NewProgress(w io.Writer) *Progress {
	on := false
	if f, ok := w.(*os.File); ok {
		on = term.IsTerminal(int(f.Fd()))
	}
	return newProgress(w, on)
}

func newProgress(w io.Writer, on bool) *Progress {
	p := &Progress{w: w, on: on, started: time.Now(), first: time.Now(), stop: make(chan struct{})}
	if on {
		p.wg.Add(1)
		go p.tick()
	}
	return p
}

// Step says what the command does now.
func (p *Progress) Step(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.step = cmdutil.Printable(fmt.Sprintf(format, args...))
	p.started = time.Now()
}

// Count says how many items of a batch are done, of total.
func (p *Progress) Count(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
}

// Stop clears the line and ends the display. It may be called more than
// once.
func (p *Progress) Stop() {
	p.mu.Lock()
	if !p.on {
		p.mu.Unlock()
		return
	}
	p.on = false
	close(p.stop)
	p.mu.Unlock()
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *Progress) tick() {
	defer p.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.mu.Lock()
			if line := p.line(now); line != "" {
				fmt.Fprintf(p.w, "\r\033[K%s", line)
				p.shown = true
			}
			p.mu.Unlock()
		}
	}
}

// line is what is shown at now: nothing in the first second.
func (p *Progress) line(now time.Time) string {
	if now.Sub(p.first) < time.Second || p.step == "" && p.total == 0 {
		return ""
	}
	s := p.step
	if p.total > 0 {
		if s != "" {
			s += ": "
		}
		s += fmt.Sprintf("%d/%d", p.done, p.total)
		if p.done > 0 && p.done < p.total {
			left := time.Duration(float64(now.Sub(p.first)) / float64(p.done) * float64(p.total-p.done))
			s += fmt.Sprintf(", about %s left", left.Round(time.Second))
		}
		return s
	}
	return fmt.Sprintf("%s… %s", s, now.Sub(p.started).Round(time.Second))
}
