// Package fuzzstat counts the inputs a fuzz target runs, for reports of
// fuzzing campaigns. "go test -fuzz" reports executions only when its
// workers report back, which can be rarely: the count it prints when the
// time is up can miss most of them. A target that calls [Counter.Add] for
// every input keeps its own count, written when the environment variable
// QDA_FUZZ_STATS names a folder: one file per process, execs-<pid>, holding
// the number of inputs run so far, rewritten at most every 200 ms. Summing
// the files of the folder gives the executions of a run (to within the
// last 200 ms of each worker); .ci/fuzz does so.
//
// Without QDA_FUZZ_STATS a Counter does nothing.
package fuzzstat

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// A Counter counts the inputs of the fuzz targets of one test binary. Use
// one per package (a test binary runs one target at a time).
type Counter struct {
	once  sync.Once
	mu    sync.Mutex
	dir   string
	n     int64
	saved time.Time
}

// Add counts one input.
func (c *Counter) Add() {
	c.once.Do(func() { c.dir = os.Getenv("QDA_FUZZ_STATS") })
	if c.dir == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if now := time.Now(); now.Sub(c.saved) > 200*time.Millisecond || c.n == 1 {
		c.saved = now
		name := filepath.Join(c.dir, fmt.Sprintf("execs-%d", os.Getpid()))
		_ = os.WriteFile(name+".tmp", []byte(strconv.FormatInt(c.n, 10)), 0o644)
		_ = os.Rename(name+".tmp", name)
	}
}

// Dir returns the folder named by QDA_FUZZ_STATS, or "".
func (c *Counter) Dir() string {
	c.once.Do(func() { c.dir = os.Getenv("QDA_FUZZ_STATS") })
	return c.dir
}
