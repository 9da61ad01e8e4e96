package bench

import (
	"fmt"
	"runtime"
	"time"

	"github.com/qdabridge/qdabridge/internal/memtest"
)

// sample is one timed operation: its wall time and the Go heap's peak
// above what was live before it.
type sample struct {
	d    time.Duration
	heap uint64
}

// timed collects garbage (untimed), then runs op, sampling the heap while
// it runs.
func timed(op func() error) (sample, error) { return timedWith(op, nil) }

// timedWith is timed calling clock(true) just before op and clock(false)
// just after it, unless clock is nil: a benchmark's timer.
func timedWith(op func() error, clock func(running bool)) (sample, error) {
	var d time.Duration
	var err error
	before, peak := memtest.PeakEvery(250*time.Microsecond, func() {
		if clock != nil {
			clock(true)
		}
		start := time.Now()
		err = op()
		d = time.Since(start)
		if clock != nil {
			clock(false)
		}
	})
	return sample{d: d, heap: peak - min(peak, before)}, err
}

// Result is one case measured on one fixture, with the baselines measured
// between its runs.
type Result struct {
	Case     string
	Runs     int
	Seconds  float64 // per run
	PeakHeap float64 // MB: the Go heap's highest growth in any run
	MaxRSS   float64 // MB: peak resident memory of a process (xmllint's row)
	Tokens   float64 // seconds per run of the token pass, between this case's runs
	Lint     float64 // seconds per run of xmllint --stream, between them; 0 without xmllint
}

// XTokens is the case's time over the token pass's.
func (r Result) XTokens() float64 { return ratio(r.Seconds, r.Tokens) }

// XLint is the case's time over xmllint's (0 without xmllint).
func (r Result) XLint() float64 { return ratio(r.Seconds, r.Lint) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Report is what Measure found on one fixture.
type Report struct {
	Preset     string
	QDEsize    int64
	Codings    int
	Selections int
	Procs      int  // GOMAXPROCS
	CPUs       int  // runtime.NumCPU
	XMLLint    bool // whether xmllint ran
	Runs       int
	// TokensRow and LintRow are the baselines over every run of every
	// case; Cases the cases in the order asked.
	TokensRow, LintRow Result
	Cases              []Result
}

// Case returns the result of the named case, nil when it was not run.
func (r *Report) Case(name string) *Result {
	for i := range r.Cases {
		if r.Cases[i].Case == name {
			return &r.Cases[i]
		}
	}
	return nil
}

// Measure runs each case runs times on f, each run after a token pass and
// an xmllint --stream run (when xmllint is installed), and returns the
// times, the peaks and the baselines. It fails on the first error of a
// case or baseline.
func Measure(f *Fixture, cases []Case, runs int) (*Report, error) {
	runs = max(runs, 1)
	rep := &Report{Preset: f.Preset, QDEsize: f.QDEsize, Codings: f.Codings, Selections: f.Selections,
		Procs: runtime.GOMAXPROCS(0), CPUs: runtime.NumCPU(), XMLLint: f.XMLLint != "", Runs: runs,
		TokensRow: Result{Case: "tokens"}, LintRow: Result{Case: "xmllint"}}
	// warm the file cache for both baselines
	if err := TokenPass(f.Path); err != nil {
		return nil, err
	}
	if f.XMLLint != "" {
		if _, err := XMLLintStream(f.XMLLint, f.QDE); err != nil {
			return nil, err
		}
	}
	for _, c := range cases {
		op, done, err := c.Prepare(f)
		if err != nil {
			return nil, fmt.Errorf("bench: %s on %s: %w", c.Name, f.Preset, err)
		}
		res := Result{Case: c.Name, Runs: runs}
		for i := 0; i < runs; i++ {
			tok, lint, err := baselines(f, &rep.TokensRow, &rep.LintRow)
			if err != nil {
				done()
				return nil, err
			}
			s, err := timed(op)
			if err != nil {
				done()
				return nil, fmt.Errorf("bench: %s on %s: %w", c.Name, f.Preset, err)
			}
			res.Seconds += s.d.Seconds()
			res.Tokens += tok.Seconds()
			res.Lint += lint.Seconds()
			res.PeakHeap = max(res.PeakHeap, mb(s.heap))
		}
		done()
		res.Seconds /= float64(runs)
		res.Tokens /= float64(runs)
		res.Lint /= float64(runs)
		rep.Cases = append(rep.Cases, res)
	}
	for _, r := range []*Result{&rep.TokensRow, &rep.LintRow} {
		if r.Runs > 0 {
			r.Seconds /= float64(r.Runs)
		}
	}
	for _, r := range []*Result{&rep.TokensRow, &rep.LintRow} {
		r.Tokens, r.Lint = rep.TokensRow.Seconds, rep.LintRow.Seconds
	}
	return rep, nil
}

// baselines runs the token pass and xmllint once each, adding them to
// their rows.
func baselines(f *Fixture, tokens, lint *Result) (tok, l time.Duration, err error) {
	s, err := timed(func() error { return TokenPass(f.Path) })
	if err != nil {
		return 0, 0, err
	}
	tokens.Runs++
	tokens.Seconds += s.d.Seconds()
	tokens.PeakHeap = max(tokens.PeakHeap, mb(s.heap))
	if f.XMLLint == "" {
		return s.d, 0, nil
	}
	li, err := XMLLintStream(f.XMLLint, f.QDE)
	if err != nil {
		return 0, 0, err
	}
	lint.Runs++
	lint.Seconds += li.Time.Seconds()
	lint.MaxRSS = max(lint.MaxRSS, mb(uint64(li.MaxRSS)))
	return s.d, li.Time, nil
}

func mb(n uint64) float64 { return float64(n) / 1e6 }
